package present

import (
	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// EntityRow is one business unit of a group report, converted into the
// group's currency.
type EntityRow struct {
	VarRow          // Name, budget, actual, variance and tone
	Currency string // the unit's own currency
	Rate     string // "" when the unit reports in the group's currency
	RateNote string
	Landing  Cell
	Findings string // "alerts / warnings"
	Stale    bool
}

// Entities are a group report's units side by side; empty for a unit's
// own report.
type Entities struct {
	Note    string
	Rows    []EntityRow
	Total   VarRow
	Landing Cell
}

func entities(rep *reports.Report, l *i18n.Lang) Entities {
	if len(rep.Entities) == 0 {
		return Entities{}
	}
	v := Entities{
		Note:    l.T("consolidate.entities.note", "currency", rep.Currency),
		Total:   Row(l.T("html.var.total"), rep.Totals, l),
		Landing: moneyCell(rep.Forecast.Landing, l),
	}
	for _, e := range rep.Entities {
		r := EntityRow{
			VarRow:   Row(e.Name, e.Amounts, l),
			Currency: e.Currency,
			RateNote: e.RateNote,
			Landing:  moneyCell(e.Landing, l),
			Findings: l.Int(int64(e.Alerts)) + " / " + l.Int(int64(e.Warnings)),
			Stale:    e.Stale,
		}
		if e.Currency != rep.Currency {
			r.Rate = e.Rate.String()
		}
		v.Rows = append(v.Rows, r)
	}
	return v
}
