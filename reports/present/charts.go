package present

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Charts are the series of the variance charts, with titles that state
// their message (IBCS: AC actual, PL plan, FC forecast, PY prior year
// when last year's ledgers were read). Values are in major currency
// units; every format draws the same numbers on the same scales.
type Charts struct {
	ByCategory Bars      // variance by category
	ByChannel  Bars      // variance by channel, the largest first
	Monthly    Monthly   // actual vs plan by month, forecast for the rest
	Waterfall  Waterfall // from plan to landing by category
	Burn       Burn      // the fiscal year's cumulative burn-up
}

// Scale is a value axis in major currency units: Min ≤ 0 ≤ Max, both
// whole multiples of Step, the tick interval. Charts that are compared
// with one another carry the same Scale (IBCS: same scale), so a bar of
// one length means one amount in both; renderers map values with it and
// never size an axis of their own.
type Scale struct {
	Min, Max, Step float64
}

// Span returns Max − Min, at least a positive epsilon.
func (s Scale) Span() float64 {
	if d := s.Max - s.Min; d > 0 {
		return d
	}
	return 1
}

// Frac returns where v lies on the axis, 0 at Min and 1 at Max, clamped.
func (s Scale) Frac(v float64) float64 {
	return math.Max(0, math.Min(1, (v-s.Min)/s.Span()))
}

// niceScale returns the round axis that holds lo and hi (and zero): the
// smallest reachable in at most five steps of 1, 2, 2.5 or 5 times a
// power of ten, preferring about four steps.
func niceScale(lo, hi float64) Scale {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) || math.IsNaN(span) {
		return Scale{Min: 0, Max: 1, Step: 0.25}
	}
	mag := math.Pow(10, math.Floor(math.Log10(span/4)))
	var best Scale
	bestN := 0.0
	for _, m := range []float64{1, 10} {
		for _, f := range []float64{1, 2, 2.5, 5} {
			st := f * m * mag
			mn := math.Floor(lo/st+1e-9) * st
			mx := math.Ceil(hi/st-1e-9) * st
			n := math.Round((mx - mn) / st)
			if n > 5 {
				continue
			}
			d, bd := mx-mn, best.Max-best.Min
			if best.Step == 0 || d < bd-1e-9*d || (math.Abs(d-bd) <= 1e-9*d && math.Abs(n-4) < math.Abs(bestN-4)) {
				best, bestN = Scale{Min: mn, Max: mx, Step: st}, n
			}
		}
	}
	return best
}

// Bar is one variance bar: actual − plan, red when over (bad), green
// when under (good). Beside it is its relative variance (IBCS ΔPL%), a
// pin: PctValue in percent of plan, capped at ±PctCap so one outlier does
// not flatten the others (Capped: the pin ends in an arrow at the axis
// end; Pct still states the true value). A line without a plan
// (unbudgeted) has no relative variance: HasPct false, Pct "—", no pin.
type Bar struct {
	Label    string
	Value    float64
	Text     string // the variance formatted, signed
	Pct      string // the variance in percent of plan, "—" without a plan
	PctValue float64
	HasPct   bool
	Capped   bool
	Tone     Tone
}

// Bars is a variance bar chart with its relative variance pins. Empty
// when nothing varies. The charts by category and by channel share one
// Scale and one PctScale. PctLabel heads the pins; PctNotes are the
// footnotes the pins need (a line without a plan, a pin cut at the cap).
type Bars struct {
	Title    string
	Bars     []Bar
	Scale    Scale
	PctLabel string
	PctTitle string // the pins' title where they are a chart of their own
	PctScale Scale
	PctNotes []string
}

// PctCap is where the relative variance axis ends, in percent either
// side of plan; a pin beyond it is cut there and marked.
const PctCap = 100.0

// MonthCol is one month of the monthly chart. Months after the data have
// no actual: their forecast is the plan (the landing rule). Prior is last
// year's actual spend in the same month (PY), when HasPrior.
type MonthCol struct {
	Label     string
	Plan      float64
	Actual    float64
	HasActual bool
	Forecast  float64 // the plan for months without actuals, else 0
	Prior     float64
	HasPrior  bool
	Tone      Tone
}

// Monthly is actual vs plan by month, with last year's months (PY) when
// HasPrior; one Scale holds every column (a quarter's three months
// included).
type Monthly struct {
	Title       string
	Months      []MonthCol
	HasPrior    bool
	HasForecast bool // some month ahead has a forecast
	Scale       Scale
}

// BurnPoint is one month of the cumulative burn-up. Forecast is the
// landing path from the last month with actuals: the cumulative actual
// plus the plan of the months since (HasForecast from that month on, when
// months remain). Prior is last year's cumulative actual (PY).
type BurnPoint struct {
	Label       string
	Plan        float64
	Actual      float64
	HasActual   bool
	Forecast    float64
	HasForecast bool
	Prior       float64
	HasPrior    bool
}

// Burn is the fiscal year's cumulative actual against the cumulative
// plan, the forecast to the landing and, when last year's ledgers were
// read, last year's cumulative actual (PY). ActualText and LandingText
// label the last actual point and the landing.
type Burn struct {
	Points      []BurnPoint
	HasForecast bool
	HasPrior    bool
	ActualText  string
	LandingText string
	Scale       Scale
}

// Step is one bar of the waterfall: Total bars start at zero (plan and
// landing), the others float from Base to Base+Value.
type Step struct {
	Label string
	Base  float64
	Value float64
	Total bool
	// Forecast marks the landing of a period not yet complete: actual to
	// date plus the plan of the months ahead (IBCS FC, drawn hatched).
	Forecast bool
	Text     string
	Tone     Tone
}

// Waterfall walks from the period's plan to its landing by category.
type Waterfall struct {
	Title string
	Steps []Step
}

// item is a named budget/actual pair.
type item struct {
	name string
	a    reports.Amounts
}

// maxChannelBars is how many channels the channel variance chart shows.
const maxChannelBars = 8

func charts(rep *reports.Report, l *i18n.Lang) Charts {
	var c Charts
	var cats []item
	for _, g := range rep.Categories {
		cats = append(cats, item{g.Category, g.Amounts})
	}
	if len(rep.UnbudgetedLines) > 0 && !categoriesHoldUnbudgeted(rep.Categories) {
		cats = append(cats, item{l.T("present.chart.unbudgeted"), reports.Amounts{Actual: rep.Unbudgeted}})
	}
	bars := func(items []item) []Bar {
		var out []Bar
		for _, it := range items {
			v := it.a.Variance()
			if v == 0 {
				continue
			}
			b := Bar{Label: it.name, Value: v.Round2(), Text: Signed(l.MoneyShort(v), v), Pct: l.T("present.dash"), Tone: ToneOf(it.a)}
			if p, ok := it.a.VariancePct(); ok {
				b.Pct = l.SignedPct(p)
				b.HasPct = true
				b.PctValue = math.Max(-PctCap, math.Min(PctCap, p))
				b.Capped = math.Abs(p) > PctCap
			}
			out = append(out, b)
		}
		return out
	}
	c.ByCategory = Bars{Bars: bars(cats)}
	c.ByCategory.Title = driverTitle(c.ByCategory.Bars, l)

	// Channels: lines summed by channel name, largest variance first.
	var chs []item
	idx := map[string]int{}
	add := func(ln reports.LineResult) {
		name := ln.Channel
		if name == "" {
			name = ln.Category
		}
		i, ok := idx[name]
		if !ok {
			i = len(chs)
			idx[name] = i
			chs = append(chs, item{name: name})
		}
		chs[i].a = chs[i].a.Add(ln.Amounts)
	}
	for _, g := range rep.Categories {
		for _, ln := range g.Lines {
			add(ln)
		}
	}
	for _, ln := range rep.UnbudgetedLines {
		add(ln)
	}
	slices.SortStableFunc(chs, func(a, b item) int { return cmp.Compare(abs(b.a.Variance()), abs(a.a.Variance())) })
	c.ByChannel = Bars{Bars: bars(chs)}
	c.ByChannel.Title = driverTitle(c.ByChannel.Bars, l)
	if len(c.ByChannel.Bars) > maxChannelBars {
		c.ByChannel.Bars = c.ByChannel.Bars[:maxChannelBars]
	}
	// The two variance charts are read side by side: one scale.
	lo, hi := 0.0, 0.0
	for _, b := range append(slices.Clip(c.ByCategory.Bars), c.ByChannel.Bars...) {
		lo, hi = math.Min(lo, b.Value), math.Max(hi, b.Value)
	}
	c.ByCategory.Scale = niceScale(lo, hi)
	c.ByChannel.Scale = c.ByCategory.Scale
	// The pins too: one percent axis for both, capped at ±PctCap.
	lo, hi = 0, 0
	for _, b := range append(slices.Clip(c.ByCategory.Bars), c.ByChannel.Bars...) {
		if b.HasPct {
			lo, hi = math.Min(lo, b.PctValue), math.Max(hi, b.PctValue)
		}
	}
	pct := niceScale(lo, hi)
	for i, bs := range []*Bars{&c.ByCategory, &c.ByChannel} {
		bs.PctScale = pct
		bs.PctLabel = l.T("present.chart.pct")
		bs.PctTitle = l.T([]string{"present.chart.pct_category", "present.chart.pct_channel"}[i])
		bs.PctNotes = pctNotes(bs.Bars, l)
	}

	c.Monthly = monthly(rep, l)
	c.Waterfall = waterfall(rep, cats, l)
	c.Burn = burn(rep, l)
	return c
}

// burn builds the burn-up from the report's fiscal-year months.
func burn(rep *reports.Report, l *i18n.Lang) Burn {
	var b Burn
	last := -1
	for i, p := range rep.Burn {
		pt := BurnPoint{Label: l.MonthShort(p.Month), Plan: p.CumBudget.Round2()}
		if p.HasActual {
			pt.Actual, pt.HasActual = p.CumActual.Round2(), true
			last = i
		}
		if p.HasPrior {
			pt.Prior, pt.HasPrior = p.CumPrior.Round2(), true
			b.HasPrior = true
		}
		b.Points = append(b.Points, pt)
	}
	if last >= 0 {
		b.ActualText = l.MoneyShort(rep.Burn[last].CumActual)
	}
	if last >= 0 && last < len(rep.Burn)-1 {
		b.HasForecast = true
		base := rep.Burn[last]
		for i := last; i < len(rep.Burn); i++ {
			b.Points[i].Forecast = (base.CumActual + rep.Burn[i].CumBudget - base.CumBudget).Round2()
			b.Points[i].HasForecast = true
		}
		b.LandingText = l.MoneyShort(base.CumActual + rep.Burn[len(rep.Burn)-1].CumBudget - base.CumBudget)
	}
	lo, hi := 0.0, 0.0
	for _, p := range b.Points {
		lo = min(lo, p.Plan, p.Actual, p.Forecast, p.Prior)
		hi = max(hi, p.Plan, p.Actual, p.Forecast, p.Prior)
	}
	if hi <= 0 {
		return Burn{}
	}
	b.Scale = niceScale(lo, hi)
	return b
}

// pctNotes are the footnotes of a chart's pins: which lines have no %
// (no plan) and that arrows mark pins cut at ±PctCap.
func pctNotes(bars []Bar, l *i18n.Lang) []string {
	var none []string
	capped := false
	for _, b := range bars {
		if !b.HasPct {
			none = append(none, b.Label)
		}
		capped = capped || b.Capped
	}
	var out []string
	if len(none) > 0 {
		out = append(out, l.T("present.chart.pct_none", "names", strings.Join(none, l.T("list.sep"))))
	}
	if capped {
		out = append(out, l.T("present.chart.pct_capped", "cap", l.Int(int64(PctCap))))
	}
	return out
}

func abs(m reports.Money) reports.Money {
	if m < 0 {
		return -m
	}
	return m
}

// categoriesHoldUnbudgeted reports whether unbudgeted lines are listed
// inside the categories (then they are not a category of their own).
func categoriesHoldUnbudgeted(cats []reports.CategoryResult) bool {
	for _, c := range cats {
		for _, l := range c.Lines {
			if l.Unbudgeted {
				return true
			}
		}
	}
	return false
}

// driverTitle states which bar drives the overspend (or, with none, the
// underspend): "展会活动 drove 80% of the overspend".
func driverTitle(bars []Bar, l *i18n.Lang) string {
	var over, under float64
	var top, bottom *Bar
	for i := range bars {
		b := &bars[i]
		if b.Value > 0 {
			over += b.Value
			if top == nil || b.Value > top.Value {
				top = b
			}
		} else {
			under -= b.Value
			if bottom == nil || b.Value < bottom.Value {
				bottom = b
			}
		}
	}
	switch {
	case top != nil:
		return l.T("present.chart.drove_over", "name", top.Label, "pct", l.Pct(top.Value/over*100))
	case bottom != nil:
		return l.T("present.chart.drove_under", "name", bottom.Label, "pct", l.Pct(-bottom.Value/under*100))
	}
	return l.T("present.chart.no_variance")
}

// chartMonths are the months the monthly chart shows: a quarter's own
// three, else the fiscal year's.
func chartMonths(rep *reports.Report) []reports.MonthPoint {
	var out []reports.MonthPoint
	for _, m := range rep.Burn {
		if rep.Period.Kind == reports.KindQuarter && !rep.Period.Contains(m.Month) {
			continue
		}
		out = append(out, m)
	}
	return out
}

func monthly(rep *reports.Report, l *i18n.Lang) Monthly {
	var mo Monthly
	over, withData := 0, 0
	for _, m := range chartMonths(rep) {
		col := MonthCol{Label: l.MonthShort(m.Month), Plan: m.Budget.Round2()}
		if m.HasActual && !rep.Period.Through.Before(m.Month) {
			col.HasActual = true
			col.Actual = m.Actual.Round2()
			col.Tone = ToneOf(reports.Amounts{Budget: m.Budget, Actual: m.Actual})
			withData++
			if col.Tone == Bad {
				over++
			}
		} else {
			col.Forecast = m.Budget.Round2()
			mo.HasForecast = mo.HasForecast || col.Forecast != 0
		}
		if m.HasPrior {
			col.Prior, col.HasPrior = m.Prior.Round2(), true
			mo.HasPrior = true
		}
		mo.Months = append(mo.Months, col)
	}
	nonzero := false
	lo, hi := 0.0, 0.0
	for _, c := range mo.Months {
		nonzero = nonzero || c.Plan != 0 || c.Actual != 0
		lo = min(lo, c.Plan, c.Actual, c.Prior)
		hi = max(hi, c.Plan, c.Actual, c.Forecast, c.Prior)
	}
	if !nonzero {
		return Monthly{}
	}
	mo.Scale = niceScale(lo, hi)
	if withData > 0 {
		mo.Title = l.T(l.Plural("present.chart.months_over", withData), "n", l.Int(int64(over)), "m", l.Int(int64(withData)))
	}
	return mo
}

// waterfall walks from the plan to the landing: the period's full budget
// (the budget of the period when it is complete), one floating bar per
// category's variance — the months still to come land on plan, so a
// category's landing variance is its variance to date — and the landing.
func waterfall(rep *reports.Report, cats []item, l *i18n.Lang) Waterfall {
	plan := rep.Totals.Budget
	if !rep.Period.Complete {
		plan = fullBudget(rep)
	}
	if plan == 0 || len(cats) == 0 {
		return Waterfall{}
	}
	w := Waterfall{}
	w.Steps = append(w.Steps, Step{Label: l.T("present.chart.plan"), Value: plan.Round2(), Total: true, Text: l.MoneyShort(plan)})
	run := plan
	for _, it := range cats {
		v := it.a.Variance()
		if v == 0 {
			continue
		}
		w.Steps = append(w.Steps, Step{Label: it.name, Base: run.Round2(), Value: v.Round2(), Text: Signed(l.MoneyShort(v), v), Tone: ToneOf(it.a)})
		run += v
	}
	land := reports.Amounts{Budget: plan, Actual: run}
	label := l.T("present.chart.landing")
	if rep.Period.Complete {
		label = l.T("present.chart.actual")
	}
	w.Steps = append(w.Steps, Step{Label: label, Value: run.Round2(), Total: true, Forecast: !rep.Period.Complete, Text: l.MoneyShort(run), Tone: ToneOf(land)})
	p, _ := land.VariancePct()
	key := "present.chart.landing_on"
	switch ToneOf(land) {
	case Bad:
		key = "present.chart.landing_over"
	case Good:
		key = "present.chart.landing_under"
	}
	if rep.Period.Complete {
		key = strings.Replace(key, "landing_", "actual_", 1)
	}
	w.Title = l.T(key, "landing", l.MoneyShort(run), "amount", l.MoneyShort(abs(land.Variance())), "pct", l.Pct(p*sign(p)))
	return w
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// Trend is the last months' actual against plan across reports, for the
// index: one column pair per month, oldest first, on one Scale.
type Trend struct {
	Title  string
	Months []MonthCol
	Scale  Scale
}

// maxTrendMonths is how many months the index trend shows.
const maxTrendMonths = 13

// TrendOf builds the index trend from the month reports among reps.
func TrendOf(reps []*reports.Report, l *i18n.Lang) Trend {
	var months []*reports.Report
	for _, r := range reps {
		if r != nil && r.Period.Kind == reports.KindMonth {
			months = append(months, r)
		}
	}
	slices.SortFunc(months, func(a, b *reports.Report) int { return cmp.Compare(a.Period.Start.Index(), b.Period.Start.Index()) })
	if len(months) > maxTrendMonths {
		months = months[len(months)-maxTrendMonths:]
	}
	var t Trend
	over := 0
	for _, r := range months {
		c := MonthCol{Label: l.MonthShort(r.Period.Start), Plan: r.Totals.Budget.Round2(), Actual: r.Totals.Actual.Round2(), HasActual: true, Tone: ToneOf(r.Totals)}
		if c.Tone == Bad {
			over++
		}
		t.Months = append(t.Months, c)
	}
	if len(t.Months) > 0 {
		t.Title = l.T(l.Plural("present.chart.months_over", len(t.Months)), "n", l.Int(int64(over)), "m", l.Int(int64(len(t.Months))))
		lo, hi := 0.0, 0.0
		for _, m := range t.Months {
			lo, hi = min(lo, m.Plan, m.Actual), max(hi, m.Plan, m.Actual)
		}
		if hi > 0 {
			t.Scale = niceScale(lo, hi)
		}
	}
	return t
}
