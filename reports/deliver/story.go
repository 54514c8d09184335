package deliver

import (
	"math"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// Story is a report's page-1 story as an e-mail or chat notice tells it:
// the headline, where the year lands and the plan.
//
// The headline and landing are the HTML report's own page-1 sentences and
// the plan is reports/present's PlanSummary, so the e-mail says what page
// 1 says.
type Story struct {
	Title     string   // "Globex · Monthly report March 2026"
	Headline  string   // where spend stands against budget
	Attention string   // how many findings need attention
	Landing   string   // the full-year forecast; "" when there is none
	Plan      []string // page 1's plan lines: the gap, the cuts, the moves, the effect
}

func storyOf(rep *reports.Report, l *i18n.Lang) Story {
	period := l.PeriodName(rep.Period)
	s := Story{Title: l.T("deliver.title", "company", rep.Company, "kind", l.T("kind."+string(rep.Period.Kind)), "period", period)}
	t := rep.Totals
	pct, ok := t.VariancePct()
	switch {
	case t.Budget == 0 && t.Actual == 0:
		s.Headline = l.T("html.headline.empty", "period", period)
	case !ok:
		s.Headline = l.T("html.headline.nobudget", "period", period, "actual", l.Money(t.Actual))
	case math.Round(pct*10) > 0:
		s.Headline = l.T("html.headline.over", "period", period, "actual", l.Money(t.Actual), "budget", l.Money(t.Budget), "pct", l.Pct(pct), "amount", l.Money(t.Variance()))
	case math.Round(pct*10) < 0:
		s.Headline = l.T("html.headline.under", "period", period, "actual", l.Money(t.Actual), "budget", l.Money(t.Budget), "pct", l.Pct(-pct), "amount", l.Money(-t.Variance()))
	default:
		s.Headline = l.T("html.headline.on", "period", period, "actual", l.Money(t.Actual), "budget", l.Money(t.Budget))
	}
	alerts, warns := rep.Alerts()
	if alerts+warns > 0 {
		s.Attention = l.T("html.headline.attention", "alerts", count(l, "html.n.alert", alerts), "warnings", count(l, "html.n.warning", warns))
	} else if t.Budget != 0 || t.Actual != 0 {
		s.Attention = l.T("html.headline.clean")
	}
	if f := rep.Forecast; f.MonthsElapsed > 0 && f.AnnualBudget != 0 {
		p, _ := reports.Pct(f.Landing-f.AnnualBudget, f.AnnualBudget)
		s.Landing = l.T("html.headline.landing", "landing", l.Money(f.Landing), "annual", l.Money(f.AnnualBudget), "pct", l.SignedPct(p))
	}
	// The plan as page 1 of the PDF and HTML states it.
	s.Plan = present.PlanSummary(rep, l)
	return s
}

// count is "1 alert" / "2 alerts" in the report language, as the HTML
// report says it.
func count(l *i18n.Lang, key string, n int) string {
	if n == 1 {
		return l.T(key+".one", "n", n)
	}
	return l.T(key+".other", "n", n)
}
