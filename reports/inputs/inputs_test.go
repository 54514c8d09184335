package inputs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// spec describes one input file for a test: budget lines "cat/channel/
// region=amount" per month of months, and ledger rows.
type spec struct {
	name    string
	mod     int // minutes after t0
	version string
	fy      int      // budget fiscal year (January start)
	budget  []string // "cat/ch/region=amount", the same amount in each of the 12 months
	rows    []row
}

type row struct {
	date   string // 2026-03-05
	ch     string
	amt    int64
	vendor string
}

func (s spec) file(t *testing.T) File {
	t.Helper()
	r := NewRecorder()
	for _, b := range s.budget {
		k, v, _ := strings.Cut(b, "=")
		p := strings.Split(k, "/")
		var amt int64
		fmt.Sscan(v, &amt)
		for m := 1; m <= 12; m++ {
			r.Budget(reports.BudgetLine{LineKey: reports.LineKey{Category: p[0], Channel: p[1], Region: p[2]},
				Month: reports.Month{Year: s.fy, Month: time.Month(m)}, Amount: reports.Money(amt) * reports.Unit})
		}
	}
	for _, x := range s.rows {
		d, err := time.Parse(time.DateOnly, x.date)
		if err != nil {
			t.Fatal(err)
		}
		r.Actual(reports.Entry{Date: d, Category: "数字广告", Channel: x.ch, Vendor: x.vendor, Amount: reports.Money(x.amt) * reports.Unit})
	}
	return r.File(s.name, t0.Add(time.Duration(s.mod)*time.Minute), s.version)
}

// march returns n distinct ledger rows in March 2026 whose amounts start at base.
func march(n int, base int64, vendor string) []row {
	out := make([]row, n)
	for i := range out {
		out[i] = row{fmt.Sprintf("2026-03-%02d", i%28+1), []string{"百度", "微信", "LinkedIn"}[i%3], base + int64(i), vendor}
	}
	return out
}

func TestCombine(t *testing.T) {
	lines := []string{"数字广告/百度//=1000", "数字广告/微信//=500", "内容/白皮书//=200"}
	revised := []string{"数字广告/百度//=1200", "数字广告/微信//=500", "内容/白皮书//=200", "活动/沙龙//=300"}
	orig := march(40, 1000, "腾讯")
	corrected := append(append([]row(nil), orig[:38]...), row{"2026-03-30", "百度", 777, "百度"}) // two rows dropped, one added
	tests := []struct {
		name  string
		pol   Policy
		files []spec
		// want
		plan      int64             // March budget in the merged book
		original  int64             // March budget of the original plan (0 = none)
		spend     int64             // March spend
		status    map[string]string // file → used/superseded
		decisions []string          // "kind old→new by"
	}{
		{
			name:      "revised budget beside the original is a version, not added",
			files:     []spec{{name: "budget-2026.xlsx", fy: 2026, budget: lines}, {name: "budget-2026-v2.xlsx", fy: 2026, budget: revised}},
			plan:      2200,
			original:  1700,
			status:    map[string]string{"budget-2026.xlsx": "superseded", "budget-2026-v2.xlsx": "used"},
			decisions: []string{"version budget-2026.xlsx→budget-2026-v2.xlsx name"},
		},
		{
			name: "reforecast R1 outranks a v3 and the first file stays the original",
			files: []spec{{name: "budget v3.xlsx", fy: 2026, budget: lines, mod: 30}, {name: "budget.xlsx", fy: 2026, budget: lines, mod: 60},
				{name: "budget R1.xlsx", fy: 2026, budget: revised}},
			plan:      2200,
			original:  1700,
			status:    map[string]string{"budget v3.xlsx": "superseded", "budget.xlsx": "superseded", "budget R1.xlsx": "used"},
			decisions: []string{"version budget.xlsx→budget R1.xlsx name", "version budget v3.xlsx→budget R1.xlsx name"},
		},
		{
			name:      "without markers the newer file wins",
			files:     []spec{{name: "plan-a.xlsx", fy: 2026, budget: revised, mod: 90}, {name: "plan-b.xlsx", fy: 2026, budget: lines, mod: 10}},
			plan:      2200,
			original:  1700,
			status:    map[string]string{"plan-a.xlsx": "used", "plan-b.xlsx": "superseded"},
			decisions: []string{"version plan-b.xlsx→plan-a.xlsx mtime"},
		},
		{
			name: "the version the workbooks state beats the file names",
			files: []spec{{name: "budget-v2.xlsx", version: "1", fy: 2026, budget: revised},
				{name: "budget.xlsx", version: "版本 2", fy: 2026, budget: lines}},
			plan:      1700,
			original:  2200,
			status:    map[string]string{"budget-v2.xlsx": "superseded", "budget.xlsx": "used"},
			decisions: []string{"version budget-v2.xlsx→budget.xlsx version"},
		},
		{
			name:      "[budget] file picks the version",
			pol:       Policy{BudgetFile: "budget-2026.xlsx"},
			files:     []spec{{name: "budget-2026.xlsx", fy: 2026, budget: lines}, {name: "budget-2026-v2.xlsx", fy: 2026, budget: revised, mod: 99}},
			plan:      1700,
			original:  2200,
			status:    map[string]string{"budget-2026.xlsx": "used", "budget-2026-v2.xlsx": "superseded"},
			decisions: []string{"version budget-2026-v2.xlsx→budget-2026.xlsx config"},
		},
		{
			name:      "[budget] version_order orders the versions",
			pol:       Policy{VersionOrder: []string{"b.xlsx", "a.xlsx"}},
			files:     []spec{{name: "a.xlsx", fy: 2026, budget: lines}, {name: "b.xlsx", fy: 2026, budget: revised, mod: 99}},
			plan:      1700,
			original:  2200,
			status:    map[string]string{"a.xlsx": "used", "b.xlsx": "superseded"},
			decisions: []string{"version b.xlsx→a.xlsx config"},
		},
		{
			name:   "budgets for different fiscal years add up",
			files:  []spec{{name: "budget-2025.xlsx", fy: 2025, budget: lines}, {name: "budget-2026.xlsx", fy: 2026, budget: lines, mod: 5}},
			plan:   1700,
			status: map[string]string{"budget-2025.xlsx": "used", "budget-2026.xlsx": "used"},
		},
		{
			name: "regional budgets with disjoint lines add up",
			files: []spec{{name: "budget-2026-east.xlsx", fy: 2026, budget: []string{"数字广告/百度/华东=1000", "活动/沙龙/华东=100"}},
				{name: "budget-2026-west.xlsx", fy: 2026, budget: []string{"数字广告/百度/华西=700", "活动/沙龙/华西=50"}, mod: 5}},
			plan:   1850,
			status: map[string]string{"budget-2026-east.xlsx": "used", "budget-2026-west.xlsx": "used"},
		},
		{
			name:      "a corrected ledger replaces the original in its months",
			files:     []spec{{name: "actuals-2026-03.xlsx", rows: orig}, {name: "actuals-2026-03 corrected.xlsx", rows: corrected}},
			spend:     sum(corrected),
			status:    map[string]string{"actuals-2026-03.xlsx": "superseded", "actuals-2026-03 corrected.xlsx": "used"},
			decisions: []string{"correction actuals-2026-03.xlsx→actuals-2026-03 corrected.xlsx name"},
		},
		{
			name:      "a re-saved copy without a marker: the newer file is used once",
			files:     []spec{{name: "march.xlsx", rows: orig, mod: 50}, {name: "march copy.xlsx", rows: orig, mod: 10}},
			spend:     sum(orig),
			status:    map[string]string{"march.xlsx": "used", "march copy.xlsx": "superseded"},
			decisions: []string{"correction march copy.xlsx→march.xlsx mtime"},
		},
		{
			name:   "regional ledgers for the same month add up",
			files:  []spec{{name: "actuals-2026-03-east.xlsx", rows: march(40, 1000, "东")}, {name: "actuals-2026-03-west.xlsx", rows: march(30, 5000, "西")}},
			spend:  sum(march(40, 1000, "东")) + sum(march(30, 5000, "西")),
			status: map[string]string{"actuals-2026-03-east.xlsx": "used", "actuals-2026-03-west.xlsx": "used"},
		},
		{
			name:      "[actuals] mode = replace replaces even different rows",
			pol:       Policy{ActualsMode: ModeReplace},
			files:     []spec{{name: "a.xlsx", rows: march(40, 1000, "东")}, {name: "b.xlsx", rows: march(30, 5000, "西"), mod: 1}},
			spend:     sum(march(30, 5000, "西")),
			status:    map[string]string{"a.xlsx": "superseded", "b.xlsx": "used"},
			decisions: []string{"correction a.xlsx→b.xlsx mtime"},
		},
		{
			name:   "[actuals] mode = add adds even identical rows",
			pol:    Policy{ActualsMode: ModeAdd},
			files:  []spec{{name: "a.xlsx", rows: orig}, {name: "b.xlsx", rows: orig, mod: 1}},
			spend:  2 * sum(orig),
			status: map[string]string{"a.xlsx": "used", "b.xlsx": "used"},
		},
		{
			name: "a quarter file keeps its other months when a March re-export replaces March",
			files: []spec{{name: "actuals-2026-Q1.xlsx", rows: append([]row{{"2026-01-05", "百度", 10, ""}, {"2026-02-05", "百度", 20, ""}}, orig...)},
				{name: "actuals-2026-03.xlsx", rows: corrected, mod: 5}},
			spend:     sum(corrected),
			status:    map[string]string{"actuals-2026-Q1.xlsx": "used", "actuals-2026-03.xlsx": "used"},
			decisions: []string{"correction actuals-2026-Q1.xlsx→actuals-2026-03.xlsx mtime"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var files []File
			for _, s := range tc.files {
				files = append(files, s.file(t))
			}
			out := Combine(files, tc.pol)
			mar := reports.Month{Year: 2026, Month: time.March}
			var plan, orig, spend reports.Money
			for k, v := range out.Book.Plan {
				if k.Month == mar {
					plan += v
				}
			}
			for k, v := range out.Book.Original {
				if k.Month == mar {
					orig += v
				}
			}
			for k, v := range out.Book.Spend {
				if k.Month == mar {
					spend += v
				}
			}
			if want := reports.Money(tc.plan) * reports.Unit; plan != want {
				t.Errorf("March budget = %s, want %s", plan, want)
			}
			if want := reports.Money(tc.original) * reports.Unit; orig != want {
				t.Errorf("March original budget = %s, want %s", orig, want)
			}
			if want := reports.Money(tc.spend) * reports.Unit; spend != want {
				t.Errorf("March spend = %s, want %s", spend, want)
			}
			for name, want := range tc.status {
				if got := string(out.Status[name]); got != want {
					t.Errorf("status of %s = %q, want %q", name, got, want)
				}
			}
			var got []string
			for _, d := range out.Decisions {
				got = append(got, fmt.Sprintf("%s %s→%s %s", d.Kind, d.Old, d.New, d.By))
			}
			if strings.Join(got, "\n") != strings.Join(tc.decisions, "\n") {
				t.Errorf("decisions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.decisions, "\n"))
			}
		})
	}
}

func sum(rows []row) int64 {
	var s int64
	for _, r := range rows {
		if strings.HasPrefix(r.date, "2026-03") {
			s += r.amt
		}
	}
	return s
}

func TestCorrectionNetChange(t *testing.T) {
	orig := march(100, 1000, "v")
	fixed := append([]row(nil), orig...)
	fixed[7].amt += 250 // one amount corrected
	out := Combine([]File{spec{name: "a.xlsx", rows: orig}.file(t), spec{name: "a-更正.xlsx", rows: fixed}.file(t)}, Policy{})
	if len(out.Decisions) != 1 {
		t.Fatalf("decisions = %+v, want one correction", out.Decisions)
	}
	d := out.Decisions[0]
	if d.Net != 250*reports.Unit || d.Overlap != 0.99 || len(d.Months) != 1 || d.Months[0].String() != "2026-03" {
		t.Errorf("correction = net %s, overlap %v, months %v; want net 250.00, overlap 0.99, months [2026-03]", d.Net, d.Overlap, d.Months)
	}
	if out.SetAside["a.xlsx"] != reports.Money(sum(orig))*reports.Unit {
		t.Errorf("set aside = %s, want the whole original", out.SetAside["a.xlsx"])
	}
}

// TestLargeLedgerSampled checks that the bounded fingerprint sample still
// tells a correction from an addition on ledgers larger than the sample.
func TestLargeLedgerSampled(t *testing.T) {
	const n = 3 * maxPrints
	mk := func(name string, shift int64, changeEvery int) File {
		r := NewRecorder()
		for i := 0; i < n; i++ {
			amt := int64(i) + shift
			if changeEvery > 0 && i%changeEvery == 0 {
				amt = -amt
			}
			r.Actual(reports.Entry{Date: time.Date(2026, time.Month(i%12+1), i%28+1, 0, 0, 0, 0, time.UTC), Channel: "c", Amount: reports.Money(amt)})
		}
		if len(r.prints.m) > maxPrints {
			t.Fatalf("%d fingerprints kept, want at most %d", len(r.prints.m), maxPrints)
		}
		return r.File(name, t0, "")
	}
	base := mk("a.xlsx", 1, 0)
	if out := Combine([]File{base, mk("b corrected.xlsx", 1, 5)}, Policy{}); len(out.Decisions) != 1 || out.Decisions[0].Overlap < 0.75 || out.Decisions[0].Overlap > 0.85 {
		t.Errorf("20%% changed rows: decisions %+v, want one correction with overlap ≈ 0.8", out.Decisions)
	}
	if out := Combine([]File{base, mk("b.xlsx", 10*n, 0)}, Policy{}); len(out.Decisions) != 0 {
		t.Errorf("different rows: decisions %+v, want none (they add up)", out.Decisions)
	}
}

func TestMarker(t *testing.T) {
	tests := []struct {
		name  string
		score int
		label string
	}{
		{"budget-2026.xlsx", 0, ""},
		{"actuals-2026-03.xlsx", 0, ""},
		{"budget-2026-v2.xlsx", 2, "v2"},
		{"budget_2026_v3.xlsx", 3, "v3"},
		{"Budget 2026 V10.xlsx", 10, "V10"},
		{"预算2026第2版.xlsx", 2, "第2版"},
		{"预算2026修订.xlsx", scoreRevision, "修订"},
		{"budget-2026 v2 revised.xlsx", scoreRevision + 2, "v2 revised"},
		{"actuals-2026-03 corrected.xlsx", scoreRevision, "corrected"},
		{"budget-2026-reforecast.xlsx", scoreReforecast + 1, "reforecast"},
		{"budget-2026 R2.xlsx", scoreReforecast + 2, "R2"},
		{"预算2026滚动预测.xlsx", scoreReforecast + 1, "滚动"},
		{"review.xlsx", 0, ""},
	}
	for _, tc := range tests {
		score, label := Marker(tc.name)
		if score != tc.score || label != tc.label {
			t.Errorf("Marker(%q) = %d %q, want %d %q", tc.name, score, label, tc.score, tc.label)
		}
	}
}

func TestPriorYears(t *testing.T) {
	lines := []string{"数字广告/百度//=1000"}
	py := spec{name: "actuals-2025.xlsx", rows: []row{{"2025-03-05", "百度", 10, "v"}}}
	cy := spec{name: "actuals-2026.xlsx", rows: []row{{"2026-03-05", "百度", 20, "v"}}}
	tests := []struct {
		name  string
		files []spec
		want  string
	}{
		{"last year's ledger beside this year's budget and ledger", []spec{{name: "b.xlsx", fy: 2026, budget: lines}, py, cy}, "2025"},
		{"last year has its own budget: reported in its own right", []spec{{name: "b25.xlsx", fy: 2025, budget: lines}, {name: "b.xlsx", fy: 2026, budget: lines}, py, cy}, ""},
		{"no actuals this year yet: last year is all there is", []spec{{name: "b.xlsx", fy: 2026, budget: lines}, py}, ""},
		{"no budget at all", []spec{py, cy}, ""},
	}
	for _, tc := range tests {
		var files []File
		for _, s := range tc.files {
			files = append(files, s.file(t))
		}
		out := Combine(files, Policy{})
		var got []string
		for y := range out.Book.PriorYears {
			got = append(got, fmt.Sprint(y))
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%s: prior years %v, want %q", tc.name, got, tc.want)
		}
		if wantFile := tc.want != ""; wantFile != (len(out.PriorYear) == 1 && out.PriorYear[0] == "actuals-2025.xlsx") {
			t.Errorf("%s: prior-year files %v", tc.name, out.PriorYear)
		}
	}
}

// BenchmarkRecorder measures what recording fingerprints adds per ledger
// row over the Book alone.
func BenchmarkRecorder(b *testing.B) {
	es := make([]reports.Entry, 4096)
	for i := range es {
		es[i] = reports.Entry{Date: time.Date(2026, time.Month(i%12+1), i%28+1, 0, 0, 0, 0, time.UTC), Category: "数字广告",
			Channel: []string{"百度SEM", "微信广告", "LinkedIn"}[i%3], Vendor: "北京百度网讯科技有限公司", Amount: reports.Money(i * 1234)}
	}
	b.Run("book", func(b *testing.B) {
		bk := reports.NewBook()
		for i := 0; i < b.N; i++ {
			bk.Actual(es[i%len(es)])
		}
	})
	b.Run("recorder", func(b *testing.B) {
		r := NewRecorder()
		for i := 0; i < b.N; i++ {
			e := es[i%len(es)]
			e.Amount += reports.Money(i) // distinct rows, so the sample keeps growing
			r.Actual(e)
		}
	})
}

func BenchmarkFingerprint(b *testing.B) {
	e := reports.Entry{Date: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), Channel: "百度SEM", Vendor: "北京百度网讯科技有限公司", Amount: 12345678}
	var sink uint64
	for i := 0; i < b.N; i++ {
		e.Amount++
		sink ^= Fingerprint(e)
	}
	_ = sink
}

func TestFunnelCorrection(t *testing.T) {
	mar := reports.Month{Year: 2026, Month: time.March}
	funnel := func(r *Recorder, region string, revenue int64) {
		for i, ch := range []string{"百度", "微信", "LinkedIn", "展会"} {
			r.FunnelRow(reports.FunnelRow{Month: mar, Channel: ch, Region: region,
				Funnel: reports.Funnel{Leads: int64(100 + i), MQL: int64(40 + i), Won: 2, Revenue: reports.Money(revenue+int64(i)) * reports.Unit}})
		}
	}
	ledgerAndFunnel := NewRecorder() // a ledger with a funnel sheet
	for _, x := range march(30, 100, "v") {
		d, _ := time.Parse(time.DateOnly, x.date)
		ledgerAndFunnel.Actual(reports.Entry{Date: d, Channel: x.ch, Vendor: x.vendor, Amount: reports.Money(x.amt) * reports.Unit})
	}
	funnel(ledgerAndFunnel, "", 1000)
	resent := NewRecorder() // the funnel re-exported, one revenue corrected
	funnel(resent, "", 1000)
	resent.FunnelRow(reports.FunnelRow{Month: mar, Channel: "SEO", Funnel: reports.Funnel{Leads: 5, Revenue: 300 * reports.Unit}})
	east := NewRecorder() // another region's funnel: adds up
	funnel(east, "华东", 50)

	out := Combine([]File{ledgerAndFunnel.File("actuals-2026-03.xlsx", t0, ""), resent.File("funnel-2026-03 v2.xlsx", t0, ""),
		east.File("funnel-2026-03-east.xlsx", t0, "")}, Policy{})
	var leads int64
	for _, f := range out.Book.Funnels {
		leads += f.Leads
	}
	if want := int64(406 + 5 + 406); leads != want {
		t.Errorf("March leads = %d, want %d (the re-sent funnel once, plus the east region)", leads, want)
	}
	if len(out.Book.Spend) == 0 || out.Status["actuals-2026-03.xlsx"] != reports.StatusUsed {
		t.Errorf("the ledger rows of actuals-2026-03.xlsx must still count (status %q)", out.Status["actuals-2026-03.xlsx"])
	}
	if len(out.Decisions) != 1 || !out.Decisions[0].Funnel || out.Decisions[0].Old != "actuals-2026-03.xlsx" || out.Decisions[0].Net != 300*reports.Unit {
		t.Errorf("decisions = %+v, want one funnel correction of actuals-2026-03.xlsx with revenue +300", out.Decisions)
	}
}

// TestMergeKeepsLargestAndEvents checks that the combined book carries the
// largest row and the distinct campaigns of the spend it keeps: the
// saturation guard's one-off check and event-unit benchmarks read them, and
// a superseded file's rows must not leak into them.
func TestMergeKeepsLargestAndEvents(t *testing.T) {
	f := func(name string, mod int, amts []int64, camps []string) File {
		r := NewRecorder()
		for i, a := range amts {
			r.Actual(reports.Entry{Date: time.Date(2026, 3, 5+i, 0, 0, 0, 0, time.UTC), Category: "展会", Channel: "峰会",
				Campaign: camps[i], Vendor: "v", Amount: reports.Money(a) * reports.Unit})
		}
		return r.File(name, t0.Add(time.Duration(mod)*time.Minute), "")
	}
	tests := []struct {
		name        string
		files       []File
		wantLargest int64
		wantEvents  int
	}{
		{"one file", []File{f("a.xlsx", 0, []int64{100, 372000, 50}, []string{"春季峰会", "春季峰会", "秋季沙龙"})}, 372000, 2},
		{"additions add", []File{
			f("a.xlsx", 0, []int64{100, 200}, []string{"A", "B"}),
			f("b.xlsx", 1, []int64{900000}, []string{"C"}),
		}, 900000, 3},
		{"a correction replaces", []File{
			f("a.xlsx", 0, []int64{100, 200, 300, 999999}, []string{"A", "B", "C", "D"}),
			f("a-更正.xlsx", 1, []int64{100, 200, 300}, []string{"A", "B", "C"}),
		}, 300, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := Combine(tc.files, Policy{}).Book
			var largest reports.Money
			events := map[uint64]bool{}
			for k, v := range b.Largest {
				if v > largest {
					largest = v
				}
				for _, c := range b.Events[k].IDs() {
					events[c] = true
				}
			}
			if largest != reports.Money(tc.wantLargest)*reports.Unit || len(events) != tc.wantEvents {
				t.Errorf("largest %s, events %d; want %d, %d", largest, len(events), tc.wantLargest, tc.wantEvents)
			}
			// The combined book lends the first file's campaign sets;
			// adding another file's must not change the first file's.
			first := 0
			for _, set := range tc.files[0].Book.Events {
				first += set.Len()
			}
			if want := len(tc.files[0].Book.Events); tc.name == "additions add" && (first != 2 || want != 1) {
				t.Errorf("a.xlsx's own book now has %d campaigns in %d keys, want 2 in 1", first, want)
			}
		})
	}
}

// TestCommentsGoWithTheirFile: a ledger set aside by its correction takes
// its commentary with it, the correction's counts, and a commentary
// workbook of its own (no rows) always counts.
func TestCommentsGoWithTheirFile(t *testing.T) {
	note := func(f File, period reports.Period, text string) File {
		f.Book.Comment(reports.Commentary{Period: period, Line: "百度", Text: text, Source: reports.Source{File: f.Name}})
		return f
	}
	mar := reports.MonthPeriod(reports.Month{Year: 2026, Month: time.March}, time.January)
	q1 := reports.QuarterPeriod(2026, 1, time.January)
	orig := march(100, 1000, "v")
	fixed := append([]row(nil), orig...)
	fixed[7].amt += 250
	a := note(note(spec{name: "a.xlsx", rows: orig}.file(t), mar, "old"), q1, "old quarter")
	b := note(spec{name: "a-更正.xlsx", rows: fixed}.file(t), mar, "new")
	c := note(NewRecorder().File("commentary-2026.xlsx", t0, ""), q1, "own file")
	out := Combine([]File{a, b, c}, Policy{})
	var got []string
	for _, cm := range out.Book.Comments {
		got = append(got, cm.Text)
	}
	if want := "new|own file"; strings.Join(got, "|") != want {
		t.Errorf("comments %q, want %q", got, want)
	}
	if out.Status["commentary-2026.xlsx"] != reports.StatusUsed {
		t.Errorf("commentary file status %q, want used", out.Status["commentary-2026.xlsx"])
	}
}
