package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/excel"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// The tests below write their inputs with the project's excelize writer, the
// way a user's spreadsheet tool saves them, and check what the run makes of
// plan versions, corrected ledgers, regional ledgers and last year's ledgers.

type ledgerRow struct {
	date    time.Time
	channel string
	vendor  string
	amount  int64
}

func writeBook(t *testing.T, path string, b *excel.Book) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Write(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// writeBudget writes a long budget: every month of 2026 (or fy) gives each
// channel of 数字广告 the amount in perMonth.
func writeBudget(t *testing.T, path string, fy int, perMonth map[string]int64) {
	t.Helper()
	b := excel.NewBook()
	sh := b.Sheet("预算")
	sh.BoldRow("Month", "Category", "Channel", "Budget")
	for m := 1; m <= 12; m++ {
		for _, ch := range []string{"百度", "微信", "LinkedIn"} {
			if v, ok := perMonth[ch]; ok {
				sh.Row(fmt.Sprintf("%d-%02d", fy, m), "数字广告", ch, v)
			}
		}
	}
	writeBook(t, path, b)
}

func writeLedger(t *testing.T, path string, rows []ledgerRow) {
	t.Helper()
	b := excel.NewBook()
	sh := b.Sheet("支出明细")
	sh.BoldRow("日期", "类别", "渠道", "供应商", "金额")
	for _, r := range rows {
		sh.Row(r.date, "数字广告", r.channel, r.vendor, r.amount)
	}
	writeBook(t, path, b)
}

// ledger returns n rows in month m whose amounts start at base.
func ledger(m reports.Month, n int, base int64, vendor string) []ledgerRow {
	out := make([]ledgerRow, n)
	for i := range out {
		out[i] = ledgerRow{time.Date(m.Year, m.Month, i%28+1, 0, 0, 0, 0, time.UTC), []string{"百度", "微信", "LinkedIn"}[i%3], vendor, base + int64(i)*10}
	}
	return out
}

func total(rows []ledgerRow) reports.Money {
	var s reports.Money
	for _, r := range rows {
		s += reports.Money(r.amount) * reports.Unit
	}
	return s
}

var mar26 = reports.Month{Year: 2026, Month: time.March}

func runInbox(t *testing.T, inbox string, now time.Time) (*Result, map[string]any) {
	t.Helper()
	out := t.TempDir()
	res, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: inbox, Out: out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	return res, sum
}

func report(t *testing.T, res *Result, id string) *reports.Report {
	t.Helper()
	for _, r := range res.All {
		if r.Period.ID == id {
			return r
		}
	}
	t.Fatalf("no report %s", id)
	return nil
}

func summaryPeriod(t *testing.T, sum map[string]any, id string) map[string]any {
	t.Helper()
	for _, p := range sum["periods"].([]any) {
		if p := p.(map[string]any); p["id"] == id {
			return p
		}
	}
	t.Fatalf("summary.json has no period %s", id)
	return nil
}

func source(t *testing.T, sum map[string]any, name string) map[string]any {
	t.Helper()
	for _, s := range sum["sources"].([]any) {
		if s := s.(map[string]any); s["name"] == name {
			return s
		}
	}
	t.Fatalf("summary.json has no source %s", name)
	return nil
}

func fileReport(res *Result, name string) reports.FileReport {
	for _, f := range res.Files {
		if f.Name == name {
			return f
		}
	}
	return reports.FileReport{}
}

func lang(t *testing.T) *i18n.Lang {
	l, err := i18n.Load("en", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

var now = time.Date(2026, 4, 2, 6, 0, 0, 0, time.UTC)

func TestRevisedBudgetIsAVersionNotAnAddition(t *testing.T) {
	inbox := t.TempDir()
	writeBudget(t, filepath.Join(inbox, "budget-2026.xlsx"), 2026, map[string]int64{"百度": 1000, "微信": 500})
	writeBudget(t, filepath.Join(inbox, "budget-2026-v2.xlsx"), 2026, map[string]int64{"百度": 1300, "微信": 500, "LinkedIn": 200})
	rows := ledger(mar26, 12, 100, "v")
	writeLedger(t, filepath.Join(inbox, "actuals-2026-03.xlsx"), rows)

	res, sum := runInbox(t, inbox, now)
	march := report(t, res, "2026-03")
	if got, want := march.Totals.Budget, 2000*reports.Unit; got != want {
		t.Errorf("March budget = %s, want %s (v2 only, never v1 + v2)", got, want)
	}
	if !march.Original.OK || march.Original.Amount != 1500*reports.Unit {
		t.Errorf("March original plan = %+v, want 1500.00 from budget-2026.xlsx", march.Original)
	}
	for _, l := range march.Categories[0].Lines {
		if l.Channel == "百度" && (l.Budget != 1300*reports.Unit || l.Original != 1000*reports.Unit) {
			t.Errorf("百度: budget %s original %s, want 1300.00 and 1000.00", l.Budget, l.Original)
		}
	}
	old := fileReport(res, "budget-2026.xlsx")
	if old.Status != reports.StatusSuperseded || old.SupersededBy != "budget-2026-v2.xlsx" || len(old.Decisions) != 1 ||
		!strings.Contains(old.Decisions[0], "budget-2026.xlsx") || !strings.Contains(old.Decisions[0], "budget-2026-v2.xlsx") {
		t.Errorf("budget-2026.xlsx: status %q by %q, decisions %q; want superseded by v2 with a warning naming both", old.Status, old.SupersededBy, old.Decisions)
	}
	if res.Problems != 0 {
		t.Errorf("problems = %d; a plan version is a decision, not an input problem", res.Problems)
	}
	if line := SummaryLine(res); !strings.Contains(line, "from 3 files (1 set aside as superseded, see the data notes), 48 rows used") {
		t.Errorf("summary line does not say a file was set aside: %s", line)
	}
	if !march.Notes.Reconciled {
		t.Errorf("data notes do not reconcile: %+v", march.Notes)
	}

	p := summaryPeriod(t, sum, "2026-03")
	if p["budget"] != 2000.0 || p["budget_original"] != 1500.0 {
		t.Errorf("summary March budget %v, budget_original %v; want 2000 and 1500", p["budget"], p["budget_original"])
	}
	vs, _ := json.Marshal(sum["budget_versions"])
	want := `[{"file":"budget-2026.xlsx","fiscal_year":2026,"label":"2026-`
	if !strings.HasPrefix(string(vs), want) || !strings.Contains(string(vs), `{"file":"budget-2026-v2.xlsx","fiscal_year":2026,"label":"v2","original":false,"used":true}`) {
		t.Errorf("budget_versions = %s", vs)
	}
	if s := source(t, sum, "budget-2026.xlsx"); s["status"] != "superseded" || s["superseded_by"] != "budget-2026-v2.xlsx" {
		t.Errorf("source budget-2026.xlsx = %v", s)
	}
	html := readOut(t, res, "report-2026-03.html")
	for _, s := range []string{"Against the original plan (PL, budget-2026.xlsx): ¥1,500", "Set aside: superseded by budget-2026-v2.xlsx",
		"are versions of the FY2026 budget"} {
		if !strings.Contains(html, s) {
			t.Errorf("report-2026-03.html does not say %q", s)
		}
	}
}

func readOut(t *testing.T, res *Result, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(res.OutDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCorrectedLedgerReplacesTheOriginal(t *testing.T) {
	inbox := t.TempDir()
	writeBudget(t, filepath.Join(inbox, "budget-2026.xlsx"), 2026, map[string]int64{"百度": 1000, "微信": 500})
	rows := ledger(mar26, 30, 100, "百度推广")
	writeLedger(t, filepath.Join(inbox, "actuals-2026-03.xlsx"), rows)
	fixed := append([]ledgerRow(nil), rows...)
	fixed[4].amount += 250                                          // a typo corrected
	fixed = append(fixed[:10], fixed[11:]...)                       // a double entry removed (−200)
	fixed = append(fixed, ledgerRow{fixed[0].date, "微信", "腾讯", 75}) // a late invoice
	writeLedger(t, filepath.Join(inbox, "actuals-2026-03 corrected.xlsx"), fixed)

	res, sum := runInbox(t, inbox, now)
	march := report(t, res, "2026-03")
	if got, want := march.Totals.Actual, total(fixed); got != want {
		t.Errorf("March actual = %s, want %s (the corrected file only)", got, want)
	}
	old := fileReport(res, "actuals-2026-03.xlsx")
	if old.Status != reports.StatusSuperseded || len(old.Decisions) != 1 {
		t.Fatalf("original ledger: status %q, decisions %q; want superseded with one warning", old.Status, old.Decisions)
	}
	for _, s := range []string{"actuals-2026-03 corrected.xlsx", "actuals-2026-03.xlsx", "+¥125"} {
		if !strings.Contains(old.Decisions[0], s) {
			t.Errorf("warning %q does not mention %q", old.Decisions[0], s)
		}
	}
	if !march.Notes.Reconciled {
		t.Errorf("data notes do not reconcile: ledger %s, reported %s", march.Notes.LedgerTotal, march.Notes.ReportedAll)
	}
	if s := source(t, sum, "actuals-2026-03.xlsx"); s["status"] != "superseded" || len(s["decisions"].([]any)) != 1 {
		t.Errorf("source = %v", s)
	}
	if s := source(t, sum, "actuals-2026-03 corrected.xlsx"); s["status"] != "used" {
		t.Errorf("source = %v", s)
	}
}

func TestRegionalLedgersAddUp(t *testing.T) {
	inbox := t.TempDir()
	writeBudget(t, filepath.Join(inbox, "budget-2026.xlsx"), 2026, map[string]int64{"百度": 1000, "微信": 500})
	east := ledger(mar26, 20, 100, "华东代理")
	west := ledger(mar26, 15, 105, "华西代理")
	writeLedger(t, filepath.Join(inbox, "actuals-2026-03-east.xlsx"), east)
	writeLedger(t, filepath.Join(inbox, "actuals-2026-03-west.xlsx"), west)

	res, sum := runInbox(t, inbox, now)
	if got, want := report(t, res, "2026-03").Totals.Actual, total(east)+total(west); got != want {
		t.Errorf("March actual = %s, want %s (east + west)", got, want)
	}
	for _, name := range []string{"actuals-2026-03-east.xlsx", "actuals-2026-03-west.xlsx"} {
		if s := source(t, sum, name); s["status"] != "used" || s["decisions"] != nil {
			t.Errorf("source %s = %v, want used without decisions", name, s)
		}
	}
}

func TestPriorYearActuals(t *testing.T) {
	inbox := t.TempDir()
	writeBudget(t, filepath.Join(inbox, "budget-2026.xlsx"), 2026, map[string]int64{"百度": 1000, "微信": 500})
	py := ledger(reports.Month{Year: 2025, Month: time.March}, 9, 50, "v")
	py = append(py, ledger(reports.Month{Year: 2025, Month: time.April}, 3, 999, "v")...)
	writeLedger(t, filepath.Join(inbox, "actuals-2025.xlsx"), py)
	cy := ledger(mar26, 12, 100, "v")
	writeLedger(t, filepath.Join(inbox, "actuals-2026-03.xlsx"), cy)

	res, sum := runInbox(t, inbox, now)
	march := report(t, res, "2026-03")
	pyMarch := total(py[:9])
	if !march.Prior.OK || march.Prior.Amount != pyMarch {
		t.Errorf("March prior = %+v, want %s (March 2025 only)", march.Prior, pyMarch)
	}
	// The burn-up carries last year's months (PY) where its ledger
	// reaches: March and April 2025, none in January.
	pyApril := total(py[9:])
	for _, tc := range []struct {
		month      time.Month
		has        bool
		prior, cum reports.Money
	}{
		{time.January, false, 0, 0},
		{time.March, true, pyMarch, pyMarch},
		{time.April, true, pyApril, pyMarch + pyApril},
	} {
		pt := march.Burn[tc.month-1]
		if pt.HasPrior != tc.has || pt.Prior != tc.prior || (tc.has && pt.CumPrior != tc.cum) {
			t.Errorf("burn %s: prior %s (has %v) cum %s, want %s (has %v) cum %s", pt.Month, pt.Prior, pt.HasPrior, pt.CumPrior, tc.prior, tc.has, tc.cum)
		}
	}
	var baidu reports.Money
	for _, r := range py[:9] {
		if r.channel == "百度" {
			baidu += reports.Money(r.amount) * reports.Unit
		}
	}
	for _, l := range march.Categories[0].Lines {
		if l.Channel == "百度" && l.Prior != baidu {
			t.Errorf("百度 prior = %s, want %s", l.Prior, baidu)
		}
	}
	p := summaryPeriod(t, sum, "2026-03")
	if p["prior_actual"] != pyMarch.Major() || p["yoy_pct"] == nil {
		t.Errorf("summary March prior_actual %v yoy %v, want %v", p["prior_actual"], p["yoy_pct"], pyMarch.Major())
	}
	line := p["lines"].([]any)[0].(map[string]any)
	if line["prior_actual"] == nil {
		t.Errorf("summary line without prior_actual: %v", line)
	}
	if html := readOut(t, res, "report-2026-03.html"); !strings.Contains(html, "Against last year, same months (PY): "+lang(t).Money(pyMarch)) {
		t.Errorf("report-2026-03.html does not compare with last year")
	}
	// Last year, without a budget, is read as the prior year only: no
	// reports of its own, and the data notes say so.
	for _, r := range res.All {
		if r.Period.FiscalYear == 2025 {
			t.Errorf("report for %s: last year's ledger got reports of its own", r.Period.ID)
		}
	}
	if s := source(t, sum, "actuals-2025.xlsx"); s["status"] != "used" || s["use"] != "prior_year" || len(s["decisions"].([]any)) != 1 {
		t.Errorf("source actuals-2025.xlsx = %v, want used as prior_year with a decision", s)
	}
}

func TestBudgetToDateAndFull(t *testing.T) {
	inbox := t.TempDir()
	writeBudget(t, filepath.Join(inbox, "budget-2026.xlsx"), 2026, map[string]int64{"百度": 1000, "微信": 500})
	writeLedger(t, filepath.Join(inbox, "actuals-2026-01.xlsx"), ledger(reports.Month{Year: 2026, Month: time.January}, 5, 100, "v"))
	writeLedger(t, filepath.Join(inbox, "actuals-2026-02.xlsx"), ledger(reports.Month{Year: 2026, Month: time.February}, 5, 100, "v"))

	_, sum := runInbox(t, inbox, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
	for _, tc := range []struct {
		id                 string
		budget, budgetFull float64
		complete           bool
		through            string
	}{
		{"2026-02", 1500, 1500, true, "2026-02"},
		{"2026-Q1", 3000, 4500, false, "2026-02"},
		{"2026", 3000, 18000, false, "2026-02"},
	} {
		p := summaryPeriod(t, sum, tc.id)
		if p["budget"] != tc.budget || p["budget_full"] != tc.budgetFull || p["complete"] != tc.complete || p["through"] != tc.through {
			t.Errorf("%s: budget %v, budget_full %v, complete %v, through %v; want %v, %v, %v, %v", tc.id,
				p["budget"], p["budget_full"], p["complete"], p["through"], tc.budget, tc.budgetFull, tc.complete, tc.through)
		}
		// variance and used % compare the months reported.
		if v := p["actual"].(float64) - tc.budget; p["variance"] != v {
			t.Errorf("%s: variance %v, want actual − budget to date = %v", tc.id, p["variance"], v)
		}
	}
}
