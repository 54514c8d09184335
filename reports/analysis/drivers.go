package analysis

import "github.com/budgetlens/budgetlens/reports"

// drivers fills Report.Drivers: for each line whose variance is material
// (or that the commentary writes about, see comments),
// the reports.DriverRows largest ledger rows (by absolute amount) behind
// its actual over the period's months. A variance is material when it
// reaches material_amount and either the line has no budget in the period,
// or it is over by more than over_budget_pct, or under by more than
// under_budget_pct; lines whose budget and actual are both below
// min_line_amount are left out, as in the findings.
func (s *state) drivers() {
	b := s.in.Book
	if len(b.Drivers) == 0 {
		return
	}
	type lineID struct {
		key reports.LineKey
		ub  bool
	}
	top := map[lineID]*reports.TopRows{}
	for k, t := range b.Drivers {
		if !s.inScope(k.Month) {
			continue
		}
		tg, ok := s.m.targets[k.LineKey]
		if !ok {
			continue
		}
		id := lineID{ub: tg.line < 0}
		if tg.line >= 0 {
			id.key = s.m.lines[tg.line].key
		} else {
			id.key = s.m.ubs[tg.ub].key
		}
		tr := top[id]
		if tr == nil {
			tr = &reports.TopRows{N: reports.DriverRows}
			top[id] = tr
		}
		tr.Merge(t)
	}
	// A line the commentary sheet writes about gets its rows too, material
	// or not: the comment and the rows it speaks of are read together.
	commented := map[lineID]bool{}
	for _, c := range s.rep.Comments {
		if !c.Whole {
			commented[lineID{c.LineKey, c.Unbudgeted}] = true
		}
	}
	add := func(l reports.LineResult) {
		id := lineID{l.LineKey, l.Unbudgeted}
		tr := top[id]
		if tr == nil || len(tr.Rows) == 0 || (!s.material(l.Amounts) && !commented[id]) {
			return
		}
		s.rep.Drivers = append(s.rep.Drivers, reports.LineDrivers{LineKey: l.LineKey, Unbudgeted: l.Unbudgeted,
			Variance: l.Variance(), Rows: tr.Rows})
	}
	for _, c := range s.rep.Categories {
		for _, l := range c.Lines {
			add(l)
		}
	}
	for _, l := range s.rep.UnbudgetedLines {
		add(l)
	}
}

// material reports whether a line's variance is material (see drivers).
func (s *state) material(a reports.Amounts) bool {
	if a.Budget.Abs() < s.cfg.MinLineAmount && a.Actual.Abs() < s.cfg.MinLineAmount {
		return false
	}
	v := a.Variance()
	if v.Abs() < s.cfg.MaterialAmount || v == 0 {
		return false
	}
	if a.Budget <= 0 {
		return true
	}
	pct, _ := a.VariancePct()
	return pct > s.cfg.OverBudgetPct || pct < -s.cfg.UnderBudgetPct
}
