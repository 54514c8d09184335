package analysis

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

func lineOf(r *reports.Report, subj string) (reports.LineResult, bool) {
	for _, c := range r.Categories {
		for _, l := range c.Lines {
			if subject(l.LineKey) == subj {
				return l, true
			}
		}
	}
	for _, l := range r.UnbudgetedLines {
		if subject(l.LineKey) == subj {
			return l, true
		}
	}
	return reports.LineResult{}, false
}

func TestMatching(t *testing.T) {
	cfg := testConfig(t, `
[[channel]]
name = "百度SEM"
role = "consideration"
aliases = ["Baidu SEM", "SEM"]
`)
	m := ym(2026, 3)
	f := newFixture().
		budget("数字广告", "百度SEM", "", "", m, 1000).
		budget("展会/活动", "行业峰会", "华东", reports.RoleAwareness, m, 500).
		budget("展会/活动", "行业峰会", "华北", reports.RoleAwareness, m, 400).
		budget("内容营销", "白皮书", "", reports.RoleConsideration, m, 300).
		budget("内容营销", "客户案例", "", reports.RoleConsideration, m, 300).
		budget("公关", "", "", "", m, 200)
	f.actual("数字广告", "Baidu SEM", "", m, 100). // alias + same category
							actual("Digital", "SEM", "", m, 10).  // alias, other category: channel alone is unique
							actual("展会／活动", "行业峰会", "华北", m, 40). // full-width slash, region
							actual("展会/活动", "行业峰会", "华南", m, 7).  // region matches neither: unbudgeted
							actual("展会/活动", "行业峰会", "", m, 3).    // no region: first line in workbook order
							actual("内容营销", "  白皮书 ", "", m, 30).  // spaces
							actual("其他", "白皮书", "", m, 5).        // channel alone, unique
							actual("公关", "媒体发稿", "", m, 20).      // category-only budget line
							actual("线下", "沙龙", "", m, 8)          // unbudgeted
	r := build(t, f.b, cfg, "en", now, "2026-03")
	tests := []struct {
		subj   string
		actual int64
		unb    bool
		role   reports.Role
	}{
		{"数字广告 / 百度SEM", 110, false, reports.RoleConsideration},
		{"展会/活动 / 行业峰会 / 华东", 3, false, reports.RoleAwareness},
		{"展会/活动 / 行业峰会 / 华北", 40, false, reports.RoleAwareness},
		{"展会/活动 / 行业峰会 / 华南", 7, true, reports.RoleNone},
		{"内容营销 / 白皮书", 35, false, reports.RoleConsideration},
		{"内容营销 / 客户案例", 0, false, reports.RoleConsideration},
		{"公关", 20, false, reports.RoleNone},
		{"线下 / 沙龙", 8, true, reports.RoleNone},
	}
	for _, tt := range tests {
		l, ok := lineOf(r, tt.subj)
		if !ok {
			t.Errorf("line %q missing", tt.subj)
			continue
		}
		if l.Actual != yuan(tt.actual) || l.Unbudgeted != tt.unb || l.Role != tt.role {
			t.Errorf("%s: got actual %v unbudgeted %v role %q, want %d %v %q", tt.subj, l.Actual, l.Unbudgeted, l.Role, tt.actual, tt.unb, tt.role)
		}
	}
	if r.Unbudgeted != yuan(15) || len(r.UnbudgetedLines) != 2 {
		t.Errorf("unbudgeted = %v in %d lines, want 15 in 2", r.Unbudgeted, len(r.UnbudgetedLines))
	}
	if r.Totals.Actual != yuan(223) || r.Totals.Budget != yuan(2700) {
		t.Errorf("totals = %+v, want actual 223 budget 2700", r.Totals)
	}
	// Category order follows the workbook; unbudgeted spend is listed once,
	// apart from the categories.
	var cats []string
	var sum reports.Money
	for _, c := range r.Categories {
		cats = append(cats, c.Category)
		sum += c.Actual
	}
	if got, want := strings.Join(cats, ","), "数字广告,展会/活动,内容营销,公关"; got != want {
		t.Errorf("categories %s, want %s", got, want)
	}
	if sum+r.Unbudgeted != r.Totals.Actual {
		t.Errorf("categories sum to %v + unbudgeted %v, totals say %v", sum, r.Unbudgeted, r.Totals.Actual)
	}
	if !r.Notes.Reconciled {
		t.Errorf("not reconciled: %+v", r.Notes)
	}
	if len(findCodes(r, CodeUnbudgetedSpend)) != 0 {
		t.Errorf("unbudgeted lines below min_line_amount should not fire: %+v", r.Findings)
	}
}

func TestVarianceAndToDateBudget(t *testing.T) {
	cfg := testConfig(t, "")
	f := newFixture().budgetMonths("Events", "Trade show", reports.RoleAwareness, ym(2026, 1), 12, 10000)
	f.actual("Events", "Trade show", "", ym(2026, 1), 12000).actual("Events", "Trade show", "", ym(2026, 2), 9000)
	clock := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	q := build(t, f.b, cfg, "en", clock, "2026-Q1")
	if q.Period.Complete || q.Period.Through != ym(2026, 2) {
		t.Fatalf("Q1 should be to date through February: %+v", q.Period)
	}
	if q.Totals.Budget != yuan(20000) || q.Totals.Actual != yuan(21000) {
		t.Errorf("QTD totals %+v, want budget 20,000 (Jan–Feb) and actual 21,000", q.Totals)
	}
	y := build(t, f.b, cfg, "en", clock, "2026")
	if y.Forecast.AnnualBudget != yuan(120000) || y.Totals.Budget != yuan(20000) {
		t.Errorf("year: annual %v, YTD budget %v; want 120,000 and 20,000", y.Forecast.AnnualBudget, y.Totals.Budget)
	}
	m := build(t, f.b, cfg, "en", clock, "2026-01")
	if v, _ := m.Totals.VariancePct(); m.Totals.Variance() != yuan(2000) || v != 20 {
		t.Errorf("January variance %v (%v%%), want 2,000 (20%%)", m.Totals.Variance(), v)
	}
}

func TestBurnAndForecast(t *testing.T) {
	cfg := testConfig(t, "fiscal_year_start = 4\n")
	f := newFixture().budgetMonths("Ads", "SEM", reports.RoleConsideration, ym(2026, 4), 12, 100)
	f.actual("Ads", "SEM", "", ym(2026, 4), 150).actual("Ads", "SEM", "", ym(2026, 5), 130).actual("Ads", "SEM", "", ym(2026, 6), 120)
	f.actual("Ads", "SEM", "", ym(2026, 7), 999) // after the quarter: not in a Q1 report
	r := build(t, f.b, cfg, "en", now, "2026-Q1")
	if len(r.Burn) != 12 || r.Burn[0].Month != ym(2026, 4) || r.Burn[11].Month != ym(2027, 3) {
		t.Fatalf("burn months: %+v", r.Burn)
	}
	b := r.Burn[2]
	if !b.HasActual || b.CumActual != yuan(400) || b.CumBudget != yuan(300) {
		t.Errorf("June point %+v, want cum actual 400, cum budget 300", b)
	}
	if r.Burn[3].HasActual || r.Burn[11].CumBudget != yuan(1200) {
		t.Errorf("July point %+v should have no actual; March cum budget %v want 1,200", r.Burn[3], r.Burn[11].CumBudget)
	}
	fc := r.Forecast
	if fc.AnnualBudget != yuan(1200) || fc.YTD.Actual != yuan(400) || fc.YTD.Budget != yuan(300) || fc.MonthsElapsed != 3 {
		t.Errorf("forecast %+v", fc)
	}
	if fc.Landing != yuan(400+900) || fc.RunRate != yuan(1600) {
		t.Errorf("landing %v run rate %v, want 1,300 and 1,600", fc.Landing, fc.RunRate)
	}
	if len(findCodes(r, CodeForecastOverrun)) != 1 {
		t.Errorf("want a forecast_overrun finding, got %+v", r.Findings)
	}
}

func TestExactMoney(t *testing.T) {
	b := reports.NewBook()
	m := ym(2026, 1)
	b.Budget(reports.BudgetLine{LineKey: reports.LineKey{Category: "C", Channel: "X"}, Month: m, Amount: yuan(100000)})
	// A million entries of ¥0.01 and one of ¥0.0001: floats would drift.
	for i := 0; i < 1_000_000; i++ {
		b.Actual(reports.Entry{Date: m.First(), Category: "C", Channel: "X", Amount: 100})
	}
	b.Actual(reports.Entry{Date: m.First(), Category: "C", Channel: "X", Amount: 1})
	r := build(t, b, testConfig(t, ""), "en", now, "2026-01")
	if want := reports.Money(100_000_001); r.Totals.Actual != want {
		t.Errorf("actual %d, want %d", r.Totals.Actual, want)
	}
	if l, _ := lineOf(r, "C / X"); l.Entries != 1_000_001 {
		t.Errorf("entries %d, want 1,000,001", l.Entries)
	}
}

func TestDataNotes(t *testing.T) {
	f := newFixture().budget("C", "X", "", "", ym(2026, 1), 100).actual("C", "X", "", ym(2026, 1), 70).actual("D", "Y", "", ym(2026, 2), 30)
	files := []reports.FileReport{
		{Name: "budget.xlsx", Sheets: []reports.SheetReport{{Kind: reports.KindBudget, Used: 1, Skipped: 2, Total: yuan(100)}}},
		{Name: "actuals.xlsx", Sheets: []reports.SheetReport{{Kind: reports.KindLedger, Used: 2, Rejected: 1, Total: yuan(100)}}},
		{Name: "copy.xlsx", Duplicate: "actuals.xlsx", Sheets: []reports.SheetReport{{Kind: reports.KindLedger, Used: 2, Total: yuan(100)}}},
	}
	ps := Periods(f.b, testConfig(t, ""), now)
	r := Build(Input{Book: f.b, Files: files, Config: testConfig(t, ""), Lang: testLang(t, "en"), Now: now}, ps[0])
	n := r.Notes
	if n.RowsUsed != 3 || n.RowsSkipped != 2 || n.RowsRejected != 1 || n.BudgetTotal != yuan(100) || n.LedgerTotal != yuan(100) || n.ReportedAll != yuan(100) || !n.Reconciled || len(n.Files) != 3 {
		t.Errorf("notes %+v", n)
	}
	files[1].Sheets[0].Total = yuan(99)
	r = Build(Input{Book: f.b, Files: files, Config: testConfig(t, ""), Lang: testLang(t, "en"), Now: now}, ps[0])
	if r.Notes.Reconciled {
		t.Errorf("a ledger total that differs from the book must not reconcile")
	}
	if r.Generated != now || r.Company != "Acme" || r.Currency != "CNY" || r.Stage != "growth" {
		t.Errorf("header %+v", r)
	}
}

func TestBuildDeterministic(t *testing.T) {
	cfg := testConfig(t, `
[[channel]]
name = "SEM"
saturation = 100
inflection = 10
`)
	f := newFixture()
	for i, ch := range []string{"SEM", "A", "B", "C", "D", "E"} {
		f.budgetMonths("Cat"+ch, ch, reports.Roles[i%4], ym(2026, 1), 3, 100)
		for mo := 0; mo < 3; mo++ {
			f.actual("Cat"+ch, ch, "", ym(2026, 1).Add(mo), int64(150+10*i))
			f.actual("Other"+ch, ch+"x", "", ym(2026, 1).Add(mo), int64(2000+i))
			f.funnel(ch, ym(2026, 1).Add(mo), reports.Funnel{Leads: int64(10 + mo), MQL: 5, Won: 1, Revenue: yuan(1000)})
		}
	}
	first := build(t, f.b, cfg, "en", now, "2026-Q1")
	a, _ := json.Marshal(first)
	for i := 0; i < 10; i++ {
		b, _ := json.Marshal(build(t, f.b, cfg, "en", now, "2026-Q1"))
		if string(a) != string(b) {
			t.Fatalf("run %d differs", i)
		}
	}
	checkMessages(t, first)
}

func TestStringKeysMatch(t *testing.T) {
	en, err := i18n.Keys("en")
	if err != nil {
		t.Fatal(err)
	}
	zh, err := i18n.Keys("zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	pick := func(keys []string) map[string]bool {
		m := map[string]bool{}
		for _, k := range keys {
			if strings.HasPrefix(k, "analysis.") {
				m[k] = true
			}
		}
		return m
	}
	e, z := pick(en), pick(zh)
	var missing []string
	for k := range e {
		if !z[k] {
			missing = append(missing, "zh-CN lacks "+k)
		}
	}
	for k := range z {
		if !e[k] {
			missing = append(missing, "en lacks "+k)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
	if len(e) == 0 {
		t.Error("no analysis.* keys")
	}
}
