package html

import (
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// entityView is one business unit of a group report, side by side with
// the others (report.html.tmpl, section "units").
type entityView struct {
	Name, Currency, Rate, RateNote string
	Stale                          bool
	Cells                          varCells
	Landing                        cell
	Findings                       string
}

// entitiesView is the units table of a group report; empty in a unit's
// own report.
type entitiesView struct {
	Note    string
	Rows    []entityView
	Total   varCells
	Landing cell
}

func entities(e present.Entities, l *i18n.Lang) entitiesView {
	if len(e.Rows) == 0 {
		return entitiesView{}
	}
	v := entitiesView{Note: e.Note, Total: cells(e.Total, l), Landing: cellOf(e.Landing)}
	for _, r := range e.Rows {
		v.Rows = append(v.Rows, entityView{
			Name: r.Name, Currency: r.Currency, Rate: r.Rate, RateNote: r.RateNote, Stale: r.Stale,
			Cells: cells(r.VarRow, l), Landing: cellOf(r.Landing), Findings: r.Findings,
		})
	}
	return v
}
