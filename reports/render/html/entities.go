package html

import (
	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
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

func entities(rep *reports.Report, l *i18n.Lang) entitiesView {
	if len(rep.Entities) == 0 {
		return entitiesView{}
	}
	v := entitiesView{
		Note:    l.T("consolidate.entities.note", "currency", rep.Currency),
		Total:   cells(rep.Totals, l),
		Landing: moneyCell(rep.Forecast.Landing, l),
	}
	for _, e := range rep.Entities {
		ev := entityView{
			Name: e.Name, Currency: e.Currency, Stale: e.Stale,
			Cells:    cells(e.Amounts, l),
			Landing:  moneyCell(e.Landing, l),
			Findings: l.Int(int64(e.Alerts)) + " / " + l.Int(int64(e.Warnings)),
			RateNote: e.RateNote,
		}
		if e.Currency != rep.Currency {
			ev.Rate = e.Rate.String()
		}
		v.Rows = append(v.Rows, ev)
	}
	return v
}
