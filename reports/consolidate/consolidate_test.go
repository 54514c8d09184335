package consolidate

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/excel"
	"github.com/budgetlens/budgetlens/reports/export"
)

var now = time.Date(2026, 4, 2, 6, 0, 0, 0, time.UTC)

// unitSpec describes one unit's run: its currency, fiscal-year start and,
// per period ID, budget and actual in its own currency (decimal text).
type unitSpec struct {
	name, currency string
	fyStart        time.Month
	periods        map[string][2]string // id → budget, actual
	sources        []string             // input file names
	seed           string               // the sources' sha256 derive from it; name when empty
}

func parse(t testing.TB, s string) reports.Money {
	t.Helper()
	m, err := reports.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// writeUnit writes the unit's summary.json the way a run does: through
// export.Summary from reports.Report values.
func writeUnit(t testing.TB, dir string, u unitSpec) string {
	t.Helper()
	fy := u.fyStart
	if fy == 0 {
		fy = time.January
	}
	var reps []*reports.Report
	ids := make([]string, 0, len(u.periods))
	for id := range u.periods {
		ids = append(ids, id)
	}
	// Months, then quarters, then years, as a run orders them.
	rank := func(id string) int {
		switch {
		case strings.Contains(id, "Q"):
			return 1
		case len(id) == 4:
			return 2
		}
		return 0
	}
	slices.SortFunc(ids, func(a, b string) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for _, id := range ids {
		amt := u.periods[id]
		y, _ := strconv.Atoi(id[:4])
		var p reports.Period
		switch {
		case strings.Contains(id, "Q"):
			p = reports.QuarterPeriod(y, int(id[6]-'0'), fy)
		case len(id) == 4:
			p = reports.YearPeriod(y, fy)
			p.Through, p.Complete = p.Start.Add(2), false
		default:
			m, _ := parseMonth(id)
			p = reports.MonthPeriod(m, fy)
		}
		b, a := parse(t, amt[0]), parse(t, amt[1])
		r := &reports.Report{
			Company: u.name, Currency: u.currency, Language: "en", Period: p, Generated: now.Add(-time.Hour),
			Totals: reports.Amounts{Budget: b, Actual: a},
			Categories: []reports.CategoryResult{{Category: "Events", Amounts: reports.Amounts{Budget: b, Actual: a},
				Lines: []reports.LineResult{{LineKey: reports.LineKey{Category: "Events", Channel: "Trade shows"}, Amounts: reports.Amounts{Budget: b, Actual: a}}}}},
			Forecast: reports.Forecast{AnnualBudget: 4 * b, Landing: 4*b + (a - b)},
			Findings: []reports.Finding{{Code: "over_budget", Severity: reports.SevAlert, Subject: "Events / Trade shows", Unit: "money", Value: a.Major(), Message: u.name + " over"}},
			Recommendations: []reports.Recommendation{{Code: "move", Priority: 1,
				Move: &reports.Move{From: "Trade shows", To: "Webinars", Amount: b / 10}, Reasons: []reports.Reason{{Code: "over_budget", Subject: "Events / Trade shows"}}}},
			Notes: reports.DataNotes{Reconciled: true, RowsUsed: 10},
		}
		seed := u.seed
		if seed == "" {
			seed = u.name
		}
		for _, s := range u.sources {
			r.Notes.Files = append(r.Notes.Files, reports.FileReport{Name: s, SHA256: sha(seed + "/" + s), Size: 1})
		}
		reps = append(reps, r)
	}
	var buf bytes.Buffer
	if err := export.Summary(&buf, u.name, u.currency, reps, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, u.name, "summary.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func sha(s string) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 64)
	for i := range b {
		b[i] = hex[(int(s[i%len(s)])+i)%16]
	}
	return string(b)
}

var (
	eu = unitSpec{name: "EU", currency: "CNY", periods: map[string][2]string{
		"2026-01": {"1000", "1100.5"}, "2026-02": {"1000", "900"}, "2026-Q1": {"3000", "2000.5"}, "2026": {"12000", "2000.5"}},
		sources: []string{"budget.xlsx"}}
	us = unitSpec{name: "US", currency: "USD", periods: map[string][2]string{
		"2026-01": {"100.01", "123.45"}, "2026-Q1": {"300.03", "123.45"}, "2026": {"1200.12", "123.45"}},
		sources: []string{"budget.xlsx", "actuals.xlsx"}}
)

func groupOf(t *testing.T, dir, extra string, units ...unitSpec) *config.Group {
	t.Helper()
	var b strings.Builder
	b.WriteString("[group]\nname = \"Globex Group\"\ncurrency = \"CNY\"\nlanguage = \"en\"\n" + extra + "\n")
	for _, u := range units {
		writeUnit(t, dir, u)
		b.WriteString("[[unit]]\nname = \"" + u.name + "\"\nsummary = \"" + u.name + "\"\n")
	}
	if !strings.Contains(extra, "[fx]") {
		b.WriteString("[fx]\nUSD = 7.10\n")
	}
	path := filepath.Join(dir, "group.toml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := config.LoadGroup(path)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

type jsonOut struct {
	Schema  string `json:"schema"`
	Periods []struct {
		ID       string  `json:"id"`
		Budget   float64 `json:"budget"`
		Actual   float64 `json:"actual"`
		Entities []struct {
			Name     string  `json:"name"`
			Currency string  `json:"currency"`
			Budget   float64 `json:"budget"`
			Actual   float64 `json:"actual"`
			Variance float64 `json:"variance"`
			Landing  float64 `json:"landing"`
			FXRate   float64 `json:"fx_rate"`
		} `json:"entities"`
		Recommendations []struct {
			Priority int `json:"priority"`
			Move     struct {
				From string `json:"from"`
			} `json:"move"`
			Reasons []struct {
				Subject string `json:"subject"`
			} `json:"reasons"`
		} `json:"recommendations"`
	} `json:"periods"`
}

func readOut(t *testing.T, dir string) jsonOut {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out jsonOut
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestConsolidateConvertsAndSums(t *testing.T) {
	dir := t.TempDir()
	g := groupOf(t, dir, "", eu, us)
	out := filepath.Join(dir, "out")
	res, err := Run(context.Background(), Options{Group: g, Out: out, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Problems != 0 {
		t.Errorf("Problems = %d, want 0", res.Problems)
	}
	doc := readOut(t, out)
	if doc.Schema != export.SummarySchema {
		t.Errorf("schema %q", doc.Schema)
	}
	// 2026-02 is EU's only: not shared, not reported.
	var ids []string
	for _, p := range doc.Periods {
		ids = append(ids, p.ID)
	}
	if got, want := strings.Join(ids, " "), "2026-01 2026-Q1 2026"; got != want {
		t.Fatalf("periods %q, want %q", got, want)
	}
	jan := doc.Periods[0]
	// US: 100.01 × 7.1 = 710.071, 123.45 × 7.1 = 876.495 (exact, no float noise).
	tests := []struct {
		name                      string
		budget, actual, fx        float64
		wantBudget, wantActualSum float64
	}{
		{"EU", 1000, 1100.5, 1, 0, 0},
		{"US", 710.07, 876.5, 7.1, 0, 0}, // Round2 of 710.071 and 876.495
	}
	for i, tt := range tests {
		e := jan.Entities[i]
		if e.Name != tt.name || e.Budget != tt.budget || e.Actual != tt.actual || e.FXRate != tt.fx {
			t.Errorf("entity %d = %+v, want %s budget %v actual %v fx %v", i, e, tt.name, tt.budget, tt.actual, tt.fx)
		}
	}
	// The group total is the exact sum of converted units, rounded once:
	// 1000 + 710.071 = 1710.071 → 1710.07; 1100.5 + 876.495 = 1976.995 → 1977.
	if jan.Budget != 1710.07 || jan.Actual != 1977 {
		t.Errorf("group 2026-01 = %v / %v, want 1710.07 / 1977", jan.Budget, jan.Actual)
	}
	for _, p := range res.Reports {
		var b, a reports.Money
		for _, e := range p.Entities {
			b += e.Budget
			a += e.Actual
		}
		if b != p.Totals.Budget || a != p.Totals.Actual {
			t.Errorf("%s: totals %v/%v, sum of units %v/%v", p.Period.ID, p.Totals.Budget, p.Totals.Actual, b, a)
		}
	}
	// The burn-up: only January is a month of both units (February is
	// EU's alone), converted at that month's rate.
	year := res.Reports[len(res.Reports)-1]
	if len(year.Burn) != 1 || year.Burn[0].Month.String() != "2026-01" || year.Burn[0].CumBudget != 17100710 || year.Burn[0].CumActual != 19769950 {
		t.Errorf("year burn-up = %+v, want January only, 1710.0710 / 1976.9950", year.Burn)
	}
	// Recommendations: priority 1 of both units, the larger move first
	// (US 300.03/10 × 7.1 = 213.02 > EU 300).
	q1 := doc.Periods[1]
	if len(q1.Recommendations) != 2 || q1.Recommendations[0].Move.From != "EU · Trade shows" || q1.Recommendations[1].Priority != 2 ||
		q1.Recommendations[1].Reasons[0].Subject != "US · Events / Trade shows" {
		t.Errorf("Q1 recommendations = %+v", q1.Recommendations)
	}
	// The files of a run, from the same list (pipeline.Outputs), in the
	// order they were put in place: the index last.
	var written []string
	for _, o := range res.Outputs {
		written = append(written, o.Path)
	}
	for _, f := range []string{"report-2026-01.pdf", "report-2026-01.html", "report-2026.pdf", "summary.json", "variance.csv", "variance.xlsx"} {
		if !slices.Contains(written, f) {
			t.Errorf("%s not written: %v", f, written)
		}
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	if written[len(written)-1] != "index.html" {
		t.Errorf("written %v, want index.html last", written)
	}
	html, _ := os.ReadFile(filepath.Join(out, "report-2026-01.html"))
	// Links to the index, the PDF and every export; the Chinese font
	// embedded like a run's pages.
	for _, want := range []string{"Business units", "USD", ">7.1<", "group.toml [fx]",
		`href="index.html"`, `href="report-2026-01.pdf"`, `href="variance.xlsx"`, "@font-face"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if bytes.Contains(html, []byte("[stage.")) || bytes.Contains(html, []byte("[consolidate.")) {
		t.Error("HTML shows a missing string key")
	}
}

func TestConsolidateDeterministic(t *testing.T) {
	dir := t.TempDir()
	g := groupOf(t, dir, "", eu, us)
	var sums [2]map[string]string
	for i := range sums {
		res, err := Run(context.Background(), Options{Group: g, Out: filepath.Join(dir, "out"+string(rune('a'+i))), Now: now})
		if err != nil {
			t.Fatal(err)
		}
		sums[i] = map[string]string{}
		for _, o := range res.Outputs {
			sums[i][o.Path] = o.SHA256
		}
	}
	if len(sums[0]) == 0 {
		t.Fatal("no outputs")
	}
	for p, s := range sums[0] {
		if sums[1][p] != s {
			t.Errorf("%s differs between two runs", p)
		}
	}
}

func TestConsolidateRefuses(t *testing.T) {
	jpy := us
	jpy.name, jpy.currency = "JP", "JPY"
	aprilFY := us
	aprilFY.fyStart = time.April
	aprilFY.periods = map[string][2]string{"2026": {"1", "1"}}
	twin := eu
	twin.name, twin.seed = "EU copy", "EU" // same inputs under another name
	otherYear := us
	otherYear.periods = map[string][2]string{"2027-02": {"1", "1"}, "2027": {"1", "1"}}
	tests := []struct {
		name  string
		extra string
		units []unitSpec
		edit  func(t *testing.T, dir string)
		want  string
	}{
		{"currency without a rate", "", []unitSpec{eu, jpy}, nil, `unit "JP" reports in JPY and there is no JPY rate`},
		{"fiscal-year start", "", []unitSpec{eu, aprilFY}, nil, `fiscal years start in April, the group's in January`},
		{"group fiscal-year start", "fiscal_year_start = 4", []unitSpec{eu, us}, nil, `unit "EU": fiscal years start in January, the group's in April`},
		{"same inputs twice", "", []unitSpec{eu, twin}, nil, `were made from the same input files: the same unit twice`},
		{"other schema", "", []unitSpec{eu, us}, func(t *testing.T, dir string) {
			p := filepath.Join(dir, "US", "summary.json")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(b, []byte("budgetlens.summary/v1"), []byte("budgetlens.summary/v2"), 1), 0o644)
		}, `schema "budgetlens.summary/v2", want "budgetlens.summary/v1"`},
		{"not json", "", []unitSpec{eu, us}, func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "US", "summary.json"), []byte("<html>"), 0o644)
		}, `not a budgetlens summary.json`},
		{"no shared period", "", []unitSpec{eu, otherYear}, nil, "the units share no period"},
		{"group currency rate", "[fx]\nCNY = 2\nUSD = 7.1", []unitSpec{eu, us}, nil, "the group's own currency converts at 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			g := groupOf(t, dir, tt.extra, tt.units...)
			if tt.edit != nil {
				tt.edit(t, dir)
			}
			out := filepath.Join(dir, "out")
			_, err := Run(context.Background(), Options{Group: g, Out: out, Now: now})
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want refusal containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a refused consolidation wrote the output folder")
			}
		})
	}
}

func TestGroupConfigRefusesSameUnitTwice(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"same name", `[group]
name = "G"
currency = "CNY"
[[unit]]
name = "EU"
summary = "a.json"
[[unit]]
name = "eu "
summary = "b.json"
`, `group.toml:7: unit[1].name: unit "eu" is listed twice`},
		{"same summary", `[group]
name = "G"
currency = "CNY"
[[unit]]
name = "EU"
summary = "u/summary.json"
[[unit]]
name = "US"
summary = "u/"
`, `group.toml:7: unit[1].summary: u/ is unit 1's summary too`},
		{"bad rate", `[group]
name = "G"
currency = "CNY"
[[unit]]
name = "EU"
summary = "a.json"
[fx]
USD = -7.1
`, `fx.USD: -7.1: not a positive exchange rate`},
		{"unknown key", `[group]
name = "G"
currency = "CNY"
colour = "red"
[[unit]]
name = "EU"
summary = "a.json"
`, `group.toml:4: group.colour: unknown key`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.ParseGroup("group.toml", []byte(tt.toml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestStaleSummary(t *testing.T) {
	dir := t.TempDir()
	g := groupOf(t, dir, "", eu, us)
	inbox := filepath.Join(dir, "eu-inbox")
	os.MkdirAll(inbox, 0o755)
	// budget.xlsx is in EU's summary with another sha256: changed since.
	os.WriteFile(filepath.Join(inbox, "budget.xlsx"), []byte("changed"), 0o644)
	g.Units[0].Inputs = inbox
	res, err := Run(context.Background(), Options{Group: g, Out: filepath.Join(dir, "out"), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Problems == 0 {
		t.Fatal("a stale summary was not flagged")
	}
	rep := res.Reports[0]
	if !rep.Entities[0].Stale || rep.Entities[1].Stale {
		t.Errorf("stale flags = %v, %v; want true, false", rep.Entities[0].Stale, rep.Entities[1].Stale)
	}
	ps := rep.Notes.Files[0].Problems
	if len(ps) != 1 || !strings.Contains(ps[0].Error(), "budget.xlsx changed after the unit's summary.json was made") {
		t.Errorf("data notes = %v", ps)
	}
}

func writeRateTable(t *testing.T, path string, rows [][]any) {
	t.Helper()
	b := excel.NewBook()
	s := b.Sheet("Rates")
	s.Title("Treasury rates 2026", 3) // a title row above the header, as people write
	s.Row("Month", "Currency", "Rate")
	for _, r := range rows {
		s.Row(r...)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := b.Write(f); err != nil {
		t.Fatal(err)
	}
}

func TestRateTable(t *testing.T) {
	dir := t.TempDir()
	writeRateTable(t, filepath.Join(dir, "fx.xlsx"), [][]any{
		{"2026-01", "USD", 7.1}, {"2026-02", "usd", "7.2"}, {"2026-03", "USD", 7.3},
	})
	g := groupOf(t, dir, "fx_table = \"fx.xlsx\"\n[fx]\n", eu, us)
	res, err := Run(context.Background(), Options{Group: g, Out: filepath.Join(dir, "out"), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		period string
		rate   string
		note   string
	}{
		{"2026-01", "7.1", "fx.xlsx, January 2026"},
		{"2026-Q1", "7.2", "fx.xlsx, average January 2026 – March 2026"}, // (7.1 + 7.2 + 7.3) / 3
		{"2026", "7.2", "fx.xlsx, average January 2026 – March 2026"},    // through March
	}
	for i, tt := range tests {
		e := res.Reports[i].Entities[1]
		if res.Reports[i].Period.ID != tt.period || e.Rate.String() != tt.rate || e.RateNote != tt.note {
			t.Errorf("%s: US at %s (%s), want %s at %s (%s)", res.Reports[i].Period.ID, e.Rate, e.RateNote, tt.period, tt.rate, tt.note)
		}
	}

	// A month without a rate is refused, naming the table, currency and month.
	writeRateTable(t, filepath.Join(dir, "fx.xlsx"), [][]any{{"2026-01", "USD", 7.1}, {"2026-03", "USD", 7.3}})
	_, err = Run(context.Background(), Options{Group: g, Out: filepath.Join(dir, "out2"), Now: now})
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "fx.xlsx has no USD rate for 2026-02") {
		t.Errorf("err = %v, want a refusal naming the missing month", err)
	}
	// A bad cell is named.
	writeRateTable(t, filepath.Join(dir, "fx.xlsx"), [][]any{{"2026-01", "USD", "seven"}})
	_, err = Run(context.Background(), Options{Group: g, Out: filepath.Join(dir, "out3"), Now: now})
	if err == nil || !strings.Contains(err.Error(), `fx.xlsx: Rates!C3: "seven" is not a positive exchange rate`) {
		t.Errorf("err = %v, want the cell named", err)
	}
}
