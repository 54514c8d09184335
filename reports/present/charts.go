package present

import (
	"cmp"
	"slices"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Charts are the series of the variance charts, with titles that state
// their message (IBCS: AC actual, PL plan, FC forecast). Values are in
// major currency units; every format draws the same numbers.
type Charts struct {
	ByCategory Bars      // variance by category
	ByChannel  Bars      // variance by channel, the largest first
	Monthly    Monthly   // actual vs plan by month, forecast for the rest
	Waterfall  Waterfall // from plan to landing by category
}

// Bar is one variance bar: actual − plan, red when over (bad), green
// when under (good).
type Bar struct {
	Label string
	Value float64
	Text  string // the variance formatted, signed
	Pct   string // the variance in percent of plan, "—" without a plan
	Tone  Tone
}

// Bars is a variance bar chart. Empty when nothing varies.
type Bars struct {
	Title string
	Bars  []Bar
}

// MonthCol is one month of the monthly chart. Months after the data have
// no actual: their forecast is the plan (the landing rule).
type MonthCol struct {
	Label     string
	Plan      float64
	Actual    float64
	HasActual bool
	Forecast  float64 // the plan for months without actuals, else 0
	Tone      Tone
}

// Monthly is actual vs plan by month.
type Monthly struct {
	Title  string
	Months []MonthCol
}

// Step is one bar of the waterfall: Total bars start at zero (plan and
// landing), the others float from Base to Base+Value.
type Step struct {
	Label string
	Base  float64
	Value float64
	Total bool
	Text  string
	Tone  Tone
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

	c.Monthly = monthly(rep, l)
	c.Waterfall = waterfall(rep, cats, l)
	return c
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
		}
		mo.Months = append(mo.Months, col)
	}
	nonzero := false
	for _, c := range mo.Months {
		nonzero = nonzero || c.Plan != 0 || c.Actual != 0
	}
	if !nonzero {
		return Monthly{}
	}
	if withData > 0 {
		mo.Title = l.T("present.chart.months_over", "n", l.Int(int64(over)), "m", l.Int(int64(withData)))
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
	w.Steps = append(w.Steps, Step{Label: label, Value: run.Round2(), Total: true, Text: l.MoneyShort(run), Tone: ToneOf(land)})
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
// index: one column pair per month, oldest first.
type Trend struct {
	Title  string
	Months []MonthCol
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
		t.Title = l.T("present.chart.months_over", "n", l.Int(int64(over)), "m", l.Int(int64(len(t.Months))))
	}
	return t
}
