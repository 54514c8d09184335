package i18n

import "github.com/budgetlens/budgetlens/reports"

// Comparisons returns the sentences that set a report's actuals beside the
// scenarios other than the budget used: the whole period's budget when the
// report is to date, the original plan when a revision or reforecast is
// used (IBCS PL beside FC), and last year's actuals over the same months
// (PY). It is empty when there is nothing to add.
func (l *Lang) Comparisons(r *reports.Report) []string {
	var out []string
	if r.BudgetFull != r.Totals.Budget {
		out = append(out, l.T("compare.to_date", "through", l.MonthName(r.Period.Through),
			"budget", l.Money(r.Totals.Budget), "full", l.Money(r.BudgetFull)))
	}
	if o := r.Original; o.OK {
		var used []string
		for _, v := range r.BudgetVersions {
			if v.Used && !v.Original {
				used = append(used, l.T("compare.version", "file", v.File, "label", v.Label))
			}
		}
		pct, ok := reports.Pct(o.Variance(r.Totals.Actual), o.Amount)
		out = append(out, l.T("compare.original", "used", l.Join(used), "file", o.Label, "plan", l.Money(o.Amount),
			"variance", l.signedMoney(o.Variance(r.Totals.Actual)), "pct", l.signedPct(pct, ok)))
	}
	if p := r.Prior; p.OK {
		pct, ok := reports.Pct(p.Variance(r.Totals.Actual), p.Amount)
		out = append(out, l.T("compare.prior", "prior", l.Money(p.Amount),
			"change", l.signedMoney(p.Variance(r.Totals.Actual)), "pct", l.signedPct(pct, ok)))
	}
	return out
}

func (l *Lang) signedMoney(m reports.Money) string {
	if m > 0 {
		return "+" + l.Money(m)
	}
	return l.Money(m)
}

func (l *Lang) signedPct(v float64, ok bool) string {
	if !ok {
		return l.T("na")
	}
	return l.SignedPct(v)
}
