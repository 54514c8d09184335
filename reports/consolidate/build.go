package consolidate

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/analysis"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Per unit, the group report quotes this many findings (worst first) and
// this many recommendations (the unit's own priority order); a group of
// fifty units still fits a readable report. The units' own reports hold
// the rest.
const (
	TopFindings = 3
	TopRecs     = 3
)

// Group is what Build needs besides the units: the group's identity, the
// rates and the language of the report.
type Group struct {
	Name     string
	Currency string
	Rates    *Rates
	Lang     *i18n.Lang
	Now      time.Time
	// Problems are warnings per unit (index into Units) that go into the
	// data notes of every period, such as a stale summary.
	Problems [][]*reports.CellError
	Stale    []bool
}

// SharedPeriods returns the periods every unit reports, in the first
// unit's order (months, quarters, years). A period's Through is the latest
// month any unit has data for, Complete only when it is complete for all.
// lags lists, per period ID, the units whose data stop earlier.
func SharedPeriods(units []*Unit) (periods []reports.Period, lags map[string][]string, err error) {
	if len(units) == 0 {
		return nil, nil, fmt.Errorf("no units")
	}
	lags = map[string][]string{}
	for _, sp := range units[0].summary.Periods {
		p, err := periodOf(&sp, units[0].FYStart)
		if err != nil {
			return nil, nil, fmt.Errorf("unit %q: %s: %w", units[0].Name, units[0].Path, err)
		}
		shared := true
		var throughs []reports.Month
		for _, u := range units {
			up, ok := u.periods[sp.ID]
			if !ok {
				shared = false
				break
			}
			q, err := periodOf(up, u.FYStart)
			if err != nil {
				return nil, nil, fmt.Errorf("unit %q: %s: %w", u.Name, u.Path, err)
			}
			if q.Start != p.Start || q.End != p.End {
				return nil, nil, fmt.Errorf("unit %q: period %s runs %s…%s, unit %q's %s…%s", u.Name, sp.ID, q.Start, q.End, units[0].Name, p.Start, p.End)
			}
			p.Complete = p.Complete && q.Complete
			if p.Through.Before(q.Through) {
				p.Through = q.Through
			}
			throughs = append(throughs, q.Through)
		}
		if !shared {
			continue
		}
		for i, t := range throughs {
			if t.Before(p.Through) {
				lags[p.ID] = append(lags[p.ID], fmt.Sprintf("%s\x00%s", units[i].Name, t))
			}
		}
		periods = append(periods, p)
	}
	if len(periods) == 0 {
		return nil, nil, fmt.Errorf("the units share no period: each unit's summary.json must report the same months, quarters or years")
	}
	return periods, lags, nil
}

// periodOf rebuilds a reports.Period from its summary.json entry.
func periodOf(sp *sumPeriod, fyStart time.Month) (reports.Period, error) {
	start, ok1 := parseMonth(sp.Start)
	end, ok2 := parseMonth(sp.End)
	through, ok3 := parseMonth(sp.Through)
	if !ok1 || !ok2 || !ok3 || end.Before(start) || through.Before(start) || end.Before(through) {
		return reports.Period{}, fmt.Errorf("period %q: start %q, end %q, through %q are not a period", sp.ID, sp.Start, sp.End, sp.Through)
	}
	p := reports.Period{ID: sp.ID, Kind: reports.PeriodKind(sp.Kind), FiscalYear: sp.FiscalYear, Start: start, End: end, Through: through, Complete: sp.Complete}
	switch p.Kind {
	case reports.KindMonth, reports.KindYear:
	case reports.KindQuarter:
		p.Quarter = reports.QuarterOf(start, fyStart)
	default:
		return reports.Period{}, fmt.Errorf("period %q: unknown kind %q", sp.ID, sp.Kind)
	}
	return p, nil
}

// converter converts one unit's amounts at one rate and remembers the
// first error (a malformed amount or an overflow), so Build reads straight.
type converter struct {
	rate reports.Rate
	err  error
	what string
}

func (c *converter) money(n string, field string) reports.Money {
	if c.err != nil {
		return 0
	}
	m, err := reports.ParseDecimal(n)
	if n == "" {
		m, err = 0, nil
	}
	if err != nil {
		c.err = fmt.Errorf("%s: %s %q: %w", c.what, field, n, err)
		return 0
	}
	v, err := m.Convert(c.rate)
	if err != nil {
		c.err = fmt.Errorf("%s: %s %s: %w", c.what, field, n, err)
	}
	return v
}

// sum adds amounts and refuses to wrap.
type sum struct {
	v   reports.Money
	err error
}

func (s *sum) add(m reports.Money) {
	n := s.v + m
	if (m > 0 && n < s.v) || (m < 0 && n > s.v) {
		if s.err == nil {
			s.err = fmt.Errorf("group total overflows: %s + %s", s.v, m)
		}
		return
	}
	s.v = n
}

// Build returns the group report of period p. Every amount of every unit
// is converted into the group's currency once, at the unit's rate for the
// period; the group's totals are sums of converted unit totals, so they
// equal the units' rows of the report to the last ten-thousandth.
func Build(g *Group, units []*Unit, p reports.Period, lags []string) (*reports.Report, error) {
	l := g.Lang
	rep := &reports.Report{
		Company:   g.Name,
		Currency:  g.Currency,
		Language:  l.Tag,
		Period:    p,
		Generated: g.Now,
	}
	var budget, actual, unbud, annual, ytdB, ytdA, landing, runRate, revenue, spend sum
	var funnel reports.Funnel
	reconciled := true
	months := -1
	mix := map[reports.Role]*sum{}
	var plan reports.Plan
	var overrun, gap, cutTotal, moveTotal, covered, coreCut, shortfall sum
	var planEffect reports.Effect
	var hasEffect bool
	planMonths := 0
	type rankedRec struct {
		unit   int
		amount reports.Money
		rec    reports.Recommendation
	}
	var recs []rankedRec
	for ui, u := range units {
		sp := u.periods[p.ID]
		rate, source, err := g.Rates.rateFor(u.Currency, p)
		if err != nil {
			return nil, fmt.Errorf("unit %q: %w", u.Name, err)
		}
		c := &converter{rate: rate, what: fmt.Sprintf("unit %q: %s: period %s", u.Name, u.Path, p.ID)}
		e := reports.Entity{Name: u.Name, Currency: u.Currency, Rate: rate, RateNote: rateNote(l, source, g.Rates.Table, p)}
		e.Budget = c.money(string(sp.Budget), "budget")
		e.Actual = c.money(string(sp.Actual), "actual")
		e.Landing = c.money(string(sp.Forecast.Landing), "forecast.landing")
		if ui < len(g.Stale) {
			e.Stale = g.Stale[ui]
		}
		budget.add(e.Budget)
		actual.add(e.Actual)
		unbud.add(c.money(string(sp.Unbudgeted), "unbudgeted"))
		annual.add(c.money(string(sp.Forecast.AnnualBudget), "forecast.annual_budget"))
		ytdB.add(c.money(string(sp.Forecast.YTDBudget), "forecast.ytd_budget"))
		ytdA.add(c.money(string(sp.Forecast.YTDActual), "forecast.ytd_actual"))
		landing.add(e.Landing)
		runRate.add(c.money(string(sp.Forecast.RunRate), "forecast.run_rate"))
		revenue.add(c.money(string(sp.Funnel.Revenue), "funnel.revenue"))
		spend.add(c.money(string(sp.Funnel.Spend), "funnel.spend"))
		f := sp.Funnel
		funnel = funnel.Add(reports.Funnel{Leads: f.Leads, MQL: f.MQL, SQL: f.SQL, Opps: f.Opportunities, POC: f.POC, Won: f.Won})
		if months < 0 || sp.Forecast.MonthsElapsed < months {
			months = sp.Forecast.MonthsElapsed
		}
		for _, m := range sp.Mix {
			role := reports.Role(m.Role)
			if _, ok := mix[role]; !ok {
				mix[role] = &sum{}
			}
			mix[role].add(c.money(string(m.Actual), "mix.actual"))
		}
		reconciled = reconciled && sp.Data.Reconciled
		rep.Notes.RowsUsed += sp.Data.RowsUsed
		rep.Notes.RowsSkipped += sp.Data.RowsSkipped
		rep.Notes.RowsRejected += sp.Data.RowsRejected

		// The unit's lines, by category, converted: the variance table
		// reads unit → category.
		cat := reports.CategoryResult{Category: u.Name, Amounts: e.Amounts}
		idx := map[string]int{}
		for _, ln := range sp.Lines {
			key := ln.Category
			if ln.Unbudgeted {
				key = "\x00" + key
			}
			i, ok := idx[key]
			if !ok {
				i = len(cat.Lines)
				idx[key] = i
				cat.Lines = append(cat.Lines, reports.LineResult{LineKey: reports.LineKey{Category: u.Name, Channel: ln.Category}, Unbudgeted: ln.Unbudgeted})
			}
			cat.Lines[i].Budget += c.money(string(ln.Budget), "lines.budget")
			cat.Lines[i].Actual += c.money(string(ln.Actual), "lines.actual")
		}
		rep.Categories = append(rep.Categories, cat)

		n := 0
		// A unit's alerts and warnings are counted as its own report
		// counts them (reports.CountFindings).
		counted := make([]reports.Finding, 0, len(sp.Findings))
		for _, f := range sp.Findings {
			sev := reports.Severity(f.Severity)
			counted = append(counted, reports.Finding{Code: f.Code, Severity: sev, Subject: f.Subject})
			if n >= TopFindings {
				continue
			}
			n++
			rf := reports.Finding{Code: f.Code, Severity: sev, Subject: prefixed(u.Name, f.Subject), Unit: f.Unit, Message: f.Message}
			if f.Value != nil {
				rf.Value = c.float(*f.Value, f.Unit)
			}
			if f.Limit != nil {
				rf.Limit = c.float(*f.Limit, f.Unit)
			}
			rep.Findings = append(rep.Findings, rf)
		}
		e.Alerts, e.Warnings = reports.CountFindings(counted)
		own := slices.Clone(sp.Recommendations)
		slices.SortStableFunc(own, func(a, b sumRec) int {
			return cmp.Compare(a.Priority, b.Priority)
		})
		for i, r := range own {
			rec := reports.Recommendation{Code: r.Code, Priority: r.Priority, Effect: c.effect(r.Effect)}
			for _, rs := range r.Reasons {
				rec.Reasons = append(rec.Reasons, reports.Reason{Code: rs.Code, Subject: prefixed(u.Name, rs.Subject)})
			}
			var amt reports.Money
			if r.Move != nil {
				amt = c.money(string(r.Move.Amount), "move.amount")
				rec.Move = &reports.Move{From: prefixed(u.Name, r.Move.From), To: prefixed(u.Name, r.Move.To), Amount: amt}
				// Every money step is part of the group's plan; only the
				// unit's first few are listed as recommendations.
				plan.Steps = append(plan.Steps, reports.PlanStep{Move: *rec.Move, Effect: rec.Effect, Reasons: rec.Reasons})
			}
			if i < TopRecs {
				recs = append(recs, rankedRec{unit: ui, amount: amt, rec: rec})
			}
		}
		pl := sp.Plan
		for _, f := range []struct {
			s    *sum
			n    json.Number
			name string
		}{{&overrun, pl.Overrun, "plan.overrun"}, {&gap, pl.Gap, "plan.gap"}, {&cutTotal, pl.CutTotal, "plan.cut_total"},
			{&moveTotal, pl.MoveTotal, "plan.move_total"}, {&covered, pl.Covered, "plan.covered"}, {&coreCut, pl.CoreCut, "plan.core_cut"},
			{&shortfall, pl.Shortfall, "plan.shortfall"}} {
			f.s.add(c.money(string(f.n), f.name))
		}
		if e := c.effect(pl.Effect); e != nil {
			planEffect = planEffect.Add(*e)
			hasEffect = true
		}
		if pl.Months > planMonths {
			planMonths = pl.Months
		}
		if c.err != nil {
			return nil, c.err
		}
		rep.Entities = append(rep.Entities, e)
	}
	for _, s := range []*sum{&budget, &actual, &unbud, &annual, &ytdB, &ytdA, &landing, &runRate, &revenue, &spend,
		&overrun, &gap, &cutTotal, &moveTotal, &covered, &coreCut, &shortfall} {
		if s.err != nil {
			return nil, fmt.Errorf("period %s: %w", p.ID, s.err)
		}
	}
	rep.Totals = reports.Amounts{Budget: budget.v, Actual: actual.v}
	burnUp, err := burn(g, units, p)
	if err != nil {
		return nil, err
	}
	rep.Burn = burnUp
	// The group's plan is the units' plans side by side: their totals
	// converted and summed, their steps listed under the units' names.
	plan.Overrun, plan.Gap, plan.Months = overrun.v, gap.v, planMonths
	plan.CutTotal, plan.MoveTotal, plan.Covered, plan.CoreCut, plan.Shortfall = cutTotal.v, moveTotal.v, covered.v, coreCut.v, shortfall.v
	if hasEffect {
		plan.Effect = &planEffect
	}
	rep.Plan = plan
	rep.Unbudgeted = unbud.v
	rep.Forecast = reports.Forecast{AnnualBudget: annual.v, YTD: reports.Amounts{Budget: ytdB.v, Actual: ytdA.v}, Landing: landing.v, RunRate: runRate.v, MonthsElapsed: max(months, 0)}
	funnel.Revenue = revenue.v
	rep.Funnel = analysis.Economics("", funnel, spend.v)
	// The actual mix by role, without a recommendation: the units may be
	// at different stages.
	spendByRole := map[reports.Role]reports.Money{}
	for role, s := range mix {
		if s.err != nil {
			return nil, fmt.Errorf("period %s: %w", p.ID, s.err)
		}
		spendByRole[role] = s.v
	}
	if len(spendByRole) > 0 {
		rep.Mix = analysis.StageMix(spendByRole, nil)
		for i := range rep.Mix {
			rep.Mix[i].Gap = 0 // no recommendation to fall short of
		}
	}

	// Findings worst first, then in unit order; recommendations by the
	// units' own priority, then by the money a move shifts, then in unit
	// order, and numbered again across the group.
	slices.SortStableFunc(rep.Findings, func(a, b reports.Finding) int { return cmp.Compare(b.Severity.Rank(), a.Severity.Rank()) })
	slices.SortStableFunc(recs, func(a, b rankedRec) int {
		if c := cmp.Compare(a.rec.Priority, b.rec.Priority); c != 0 {
			return c
		}
		if c := cmp.Compare(abs(b.amount), abs(a.amount)); c != 0 {
			return c
		}
		return cmp.Compare(a.unit, b.unit)
	})
	for i, r := range recs {
		r.rec.Priority = i + 1
		rep.Recommendations = append(rep.Recommendations, r.rec)
	}

	rep.Notes.LedgerTotal = actual.v
	rep.Notes.ReportedAll = actual.v
	rep.Notes.BudgetTotal = budget.v
	rep.Notes.Reconciled = reconciled
	lagging := map[string]string{}
	for _, s := range lags {
		name, through, _ := strings.Cut(s, "\x00")
		lagging[name] = through
	}
	for ui, u := range units {
		fr := reports.FileReport{Name: u.Name + " · summary.json", Size: u.Size, SHA256: u.SHA256, Modified: u.Modified}
		if ui < len(g.Problems) {
			fr.Problems = append(fr.Problems, g.Problems[ui]...)
		}
		if t, ok := lagging[u.Name]; ok {
			m, _ := parseMonth(t)
			fr.Problems = append(fr.Problems, &reports.CellError{File: u.Name, Severity: reports.SevWarn,
				Err: fmt.Errorf("%s", l.T("consolidate.lag", "period", l.PeriodName(p), "through", l.MonthName(m), "group", l.MonthName(p.Through)))})
		}
		rep.Notes.Files = append(rep.Notes.Files, fr)
	}
	return rep, nil
}

// burn is the group's burn-up over the fiscal year through the period's
// last month with data: each month every unit reports as a month of its
// own, converted at the unit's rate for that month and summed. summary.json
// holds no plan for months without data, so the plan line stops where the
// actuals do; a month some unit lacks is left out.
func burn(g *Group, units []*Unit, p reports.Period) ([]reports.MonthPoint, error) {
	var out []reports.MonthPoint
	var cumB, cumA sum
	for m := reports.FiscalYearStart(p.FiscalYear, units[0].FYStart); !p.Through.Before(m); m = m.Add(1) {
		var b, a sum
		all := true
		for _, u := range units {
			sp, ok := u.periods[m.String()]
			if !ok || sp.Kind != string(reports.KindMonth) {
				all = false
				break
			}
			rate, _, err := g.Rates.rateFor(u.Currency, reports.MonthPeriod(m, u.FYStart))
			if err != nil {
				return nil, fmt.Errorf("unit %q: %w", u.Name, err)
			}
			c := &converter{rate: rate, what: fmt.Sprintf("unit %q: %s: period %s", u.Name, u.Path, m)}
			b.add(c.money(string(sp.Budget), "budget"))
			a.add(c.money(string(sp.Actual), "actual"))
			if c.err != nil {
				return nil, c.err
			}
		}
		if !all {
			continue
		}
		cumB.add(b.v)
		cumA.add(a.v)
		for _, s := range []*sum{&b, &a, &cumB, &cumA} {
			if s.err != nil {
				return nil, fmt.Errorf("period %s: %w", p.ID, s.err)
			}
		}
		out = append(out, reports.MonthPoint{Month: m, Budget: b.v, Actual: a.v, CumBudget: cumB.v, CumActual: cumA.v, HasActual: true})
	}
	return out, nil
}

// float converts a finding's money value (a float in the unit's currency)
// into the group's currency; percentages pass through.
func (c *converter) float(v float64, unit string) float64 {
	if unit != "money" {
		return v
	}
	m := c.money(strconv.FormatFloat(v, 'f', -1, 64), "finding value")
	return m.Major()
}

// effect converts a unit's expected monthly effect; counts pass through.
func (c *converter) effect(e *sumEffect) *reports.Effect {
	if e == nil {
		return nil
	}
	return &reports.Effect{Leads: e.Leads, Won: e.Won, Revenue: c.money(string(e.Revenue), "effect.revenue")}
}

// prefixed names a unit's line, channel or subject in the group report:
// "Globex EU · Search". Empty stays empty (a cut has no destination).
func prefixed(unit, s string) string {
	if s == "" {
		return ""
	}
	return unit + " · " + s
}

func abs(m reports.Money) reports.Money {
	if m < 0 {
		return -m
	}
	return m
}

// rateNote says, in the report's language, where a unit's rate came from.
func rateNote(l *i18n.Lang, source, table string, p reports.Period) string {
	switch {
	case source == "":
		return l.T("consolidate.rate.same")
	case source == "[fx]":
		return l.T("consolidate.rate.flat")
	case p.Start == p.Through:
		return l.T("consolidate.rate.month", "table", table, "month", l.MonthName(p.Start))
	}
	return l.T("consolidate.rate.average", "table", table, "from", l.MonthName(p.Start), "to", l.MonthName(p.Through))
}
