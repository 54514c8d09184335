package analysis

import (
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

func ym(y int, m time.Month) reports.Month { return reports.Month{Year: y, Month: m} }

func yuan(v int64) reports.Money { return reports.Money(v) * reports.Unit }

// fixture builds a Book line by line.
type fixture struct {
	b   *reports.Book
	row int
}

func newFixture() *fixture { return &fixture{b: reports.NewBook()} }

func (f *fixture) budget(cat, ch, region string, role reports.Role, m reports.Month, amt int64) *fixture {
	f.row++
	f.b.Budget(reports.BudgetLine{
		LineKey: reports.LineKey{Category: cat, Channel: ch, Region: region},
		Role:    role, Month: m, Amount: yuan(amt),
		Source: reports.Source{File: "budget.xlsx", Sheet: "预算", Row: f.row + 1},
	})
	return f
}

// budgetMonths budgets amt in each of the months from start, n months.
func (f *fixture) budgetMonths(cat, ch string, role reports.Role, start reports.Month, n int, amt int64) *fixture {
	for i := 0; i < n; i++ {
		f.budget(cat, ch, "", role, start.Add(i), amt)
	}
	return f
}

func (f *fixture) actual(cat, ch, region string, m reports.Month, amt int64) *fixture {
	f.b.Actual(reports.Entry{Date: m.First().AddDate(0, 0, 9), Category: cat, Channel: ch, Region: region, Amount: yuan(amt)})
	return f
}

func (f *fixture) funnel(ch string, m reports.Month, fu reports.Funnel) *fixture {
	f.b.FunnelRow(reports.FunnelRow{Month: m, Channel: ch, Funnel: fu})
	return f
}

func testConfig(t testing.TB, extra string) *config.Config {
	t.Helper()
	src := "[company]\nname = \"Acme\"\n" + extra
	cfg, err := config.Parse("config.toml", []byte(src))
	if err != nil {
		t.Fatalf("config: %v\n%s", err, src)
	}
	return cfg
}

func testLang(t testing.TB, tag string) *i18n.Lang {
	t.Helper()
	l, err := i18n.Load(tag, "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// now is after every fixture month, so all periods are complete unless a
// test says otherwise.
var now = time.Date(2030, 1, 2, 9, 0, 0, 0, time.UTC)

func build(t testing.TB, b *reports.Book, cfg *config.Config, tag string, clock time.Time, id string) *reports.Report {
	t.Helper()
	ps, err := Select(Periods(b, cfg, clock), id)
	if err != nil {
		t.Fatal(err)
	}
	return Build(Input{Book: b, Config: cfg, Lang: testLang(t, tag), Now: clock}, ps[0])
}

func findCodes(r *reports.Report, code string) []reports.Finding {
	var out []reports.Finding
	for _, f := range r.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func checkMessages(t *testing.T, r *reports.Report) {
	t.Helper()
	for _, f := range r.Findings {
		if strings.Contains(f.Message, "[analysis.") || strings.Contains(f.Message, "{") || f.Message == "" {
			t.Errorf("finding %s: bad message %q", f.Code, f.Message)
		}
	}
	l := testLang(t, r.Language)
	for _, rc := range r.Recommendations {
		title, body := present.RecommendationText(rc, r, l)
		for _, s := range []string{title, body} {
			if strings.Contains(s, "[plan.") || strings.Contains(s, "[analysis.") || strings.Contains(s, "{") || s == "" {
				t.Errorf("recommendation %s: bad text %q", rc.Code, s)
			}
		}
	}
	for _, line := range present.PlanSummary(r, l) {
		if strings.Contains(line, "[plan.") || strings.Contains(line, "{") {
			t.Errorf("plan line %q", line)
		}
	}
}

// recText renders every recommendation as "code: title | body" lines.
func recText(t *testing.T, r *reports.Report) string {
	t.Helper()
	l := testLang(t, r.Language)
	var b strings.Builder
	for _, rc := range r.Recommendations {
		title, body := present.RecommendationText(rc, r, l)
		b.WriteString(rc.Code + ": " + title + " | " + body + "\n")
	}
	return b.String()
}

// recOf returns the first recommendation with code, or nil.
func recOf(r *reports.Report, code string) *reports.Recommendation {
	for i := range r.Recommendations {
		if r.Recommendations[i].Code == code {
			return &r.Recommendations[i]
		}
	}
	return nil
}
