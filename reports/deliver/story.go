package deliver

import (
	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// Story is a report's page-1 story as an e-mail or chat notice tells it:
// the headline, where we land and the plan. It is taken from
// reports/present's page model, the one the PDF and HTML render, so the
// e-mail says what page 1 says.
type Story struct {
	Title     string   // "Globex · Monthly report March 2026"
	Headline  string   // where spend stands against budget
	Attention string   // how many findings need attention
	Landing   string   // where the quarter or year lands; "" when it has landed
	Plan      []string // page 1's plan lines
}

func storyOf(rep *reports.Report, l *i18n.Lang) Story {
	p := present.Build(rep, l)
	return Story{
		Title:     l.T("deliver.title", "company", p.Company, "kind", p.Kind, "period", p.Period),
		Headline:  p.Headline,
		Attention: p.Attention,
		Landing:   p.Landing,
		Plan:      p.PlanLines,
	}
}
