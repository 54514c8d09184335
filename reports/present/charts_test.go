package present

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

// TestWaterfallAddsUp checks that the walk from plan to landing adds up:
// the plan plus every step is the landing. (formats_test checks, on the
// samples, that it is the landing the tiles show.)
func TestWaterfallAddsUp(t *testing.T) {
	for _, rep := range []*reports.Report{reportstest.Month("en"), reportstest.Quarter("en"), reportstest.YearToDate("en"), reportstest.Hostile("en"), reportstest.Empty("en")} {
		t.Run(rep.Period.ID, func(t *testing.T) {
			l := loadLang(t, "en")
			pg := Build(rep, l)
			w := pg.Charts.Waterfall
			if len(w.Steps) == 0 {
				return
			}
			sum := w.Steps[0].Value
			for _, s := range w.Steps[1 : len(w.Steps)-1] {
				if s.Total {
					t.Fatalf("a total step in the middle: %+v", s)
				}
				if math.Abs(s.Base-sum) > 0.01 {
					t.Errorf("step %s starts at %.2f, want the running total %.2f", s.Label, s.Base, sum)
				}
				sum += s.Value
			}
			last := w.Steps[len(w.Steps)-1]
			if math.Abs(last.Value-sum) > 0.01 {
				t.Errorf("landing %.2f, want plan + steps = %.2f", last.Value, sum)
			}
		})
	}
}

// TestChartTitlesStateTheMessage checks the titles name the driver.
func TestChartTitlesStateTheMessage(t *testing.T) {
	l := loadLang(t, "en")
	rep := reportstest.Month("en")
	c := Build(rep, l).Charts
	var top Bar
	for _, b := range c.ByCategory.Bars {
		if b.Value > top.Value {
			top = b
		}
	}
	if !strings.Contains(c.ByCategory.Title, top.Label) || !strings.Contains(c.ByCategory.Title, "of the overspend") {
		t.Errorf("category title %q does not name the largest overspend %q", c.ByCategory.Title, top.Label)
	}
	for _, b := range c.ByCategory.Bars {
		if (b.Value > 0) != (b.Tone == Bad) && b.Tone != Neutral {
			t.Errorf("bar %s: value %.2f with tone %q", b.Label, b.Value, b.Tone)
		}
	}
	if !strings.Contains(c.Monthly.Title, "months over plan") {
		t.Errorf("monthly title %q", c.Monthly.Title)
	}
	if len(c.ByChannel.Bars) > maxChannelBars {
		t.Errorf("%d channel bars, want at most %d", len(c.ByChannel.Bars), maxChannelBars)
	}
}

// TestTrendKeepsTheLast13Months checks the index trend: month reports
// only, oldest first, at most the last 13.
func TestTrendKeepsTheLast13Months(t *testing.T) {
	l := loadLang(t, "en")
	var reps []*reports.Report
	for i := 0; i < 15; i++ {
		r := reportstest.Month("en")
		r.Period = reports.MonthPeriod(reports.Month{Year: 2025, Month: 1}.Add(14-i), 1)
		reps = append(reps, r, reportstest.YearToDate("en"))
	}
	tr := TrendOf(reps, l)
	if len(tr.Months) != maxTrendMonths {
		t.Fatalf("%d months, want %d", len(tr.Months), maxTrendMonths)
	}
	if tr.Months[0].Label != "Mar" || tr.Months[12].Label != "Mar" {
		t.Errorf("months %s … %s, want Mar 2025 … Mar 2026", tr.Months[0].Label, tr.Months[12].Label)
	}
	if !strings.Contains(tr.Title, "of 13 months over plan") {
		t.Errorf("title %q", tr.Title)
	}
	for _, m := range tr.Months {
		if m.Plan > tr.Scale.Max || m.Actual > tr.Scale.Max || m.Actual < tr.Scale.Min {
			t.Errorf("month %s (plan %v, actual %v) outside the trend's scale %+v", m.Label, m.Plan, m.Actual, tr.Scale)
		}
	}
}

func TestNiceScale(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lo, hi float64
		want   Scale
	}{
		{"positive", 0, 87, Scale{0, 100, 25}},
		{"round top", 0, 100, Scale{0, 100, 25}},
		{"both sides", -30, 87, Scale{-50, 100, 50}},
		{"negative only", -412, 0, Scale{-500, 0, 100}},
		{"zero lifts", 10, 20, Scale{0, 20, 5}},
		{"millions", 0, 2.41e7, Scale{0, 2.5e7, 5e6}},
		{"nothing", 0, 0, Scale{0, 1, 0.25}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := niceScale(tc.lo, tc.hi)
			if math.Abs(got.Min-tc.want.Min) > 1e-6 || math.Abs(got.Max-tc.want.Max) > 1e-6 || math.Abs(got.Step-tc.want.Step) > 1e-6 {
				t.Errorf("niceScale(%v, %v) = %+v, want %+v", tc.lo, tc.hi, got, tc.want)
			}
			if got.Min > math.Min(tc.lo, 0) || got.Max < tc.hi {
				t.Errorf("niceScale(%v, %v) = %+v does not hold the values", tc.lo, tc.hi, got)
			}
		})
	}
}

// TestComparedChartsShareAScale checks that the variance bars by category
// and by channel, read side by side, are drawn on one scale that holds
// every bar of both, and that the monthly columns and the burn-up each
// hold all their series, PY included.
func TestComparedChartsShareAScale(t *testing.T) {
	l := loadLang(t, "en")
	for _, rep := range []*reports.Report{reportstest.Month("en"), reportstest.Quarter("en"), reportstest.YearToDate("en"), reportstest.Hostile("en")} {
		t.Run(rep.Period.ID, func(t *testing.T) {
			addPrior(rep)
			c := Build(rep, l).Charts
			if c.ByCategory.Scale != c.ByChannel.Scale {
				t.Errorf("category scale %+v, channel scale %+v: want one", c.ByCategory.Scale, c.ByChannel.Scale)
			}
			lo, hi := 0.0, 0.0
			for _, b := range append(slices.Clone(c.ByCategory.Bars), c.ByChannel.Bars...) {
				lo, hi = min(lo, b.Value), max(hi, b.Value)
			}
			if len(c.ByCategory.Bars) > 0 && c.ByCategory.Scale != niceScale(lo, hi) {
				t.Errorf("variance scale %+v, want the round axis of both charts' bars %+v", c.ByCategory.Scale, niceScale(lo, hi))
			}
			for _, m := range c.Monthly.Months {
				for _, v := range []float64{m.Plan, m.Actual, m.Forecast, m.Prior} {
					if v > c.Monthly.Scale.Max || v < c.Monthly.Scale.Min {
						t.Errorf("month %s: %v outside the scale %+v", m.Label, v, c.Monthly.Scale)
					}
				}
			}
			for _, p := range c.Burn.Points {
				for _, v := range []float64{p.Plan, p.Actual, p.Forecast, p.Prior} {
					if v > c.Burn.Scale.Max || v < c.Burn.Scale.Min {
						t.Errorf("burn %s: %v outside the scale %+v", p.Label, v, c.Burn.Scale)
					}
				}
			}
		})
	}
}

// addPrior gives rep last year's actuals: each month's spend 80% of this
// year's plan, for the first eleven months only.
func addPrior(rep *reports.Report) {
	rep.Prior.OK = true
	var cum reports.Money
	for i := range rep.Burn[:11] {
		p := &rep.Burn[i]
		p.Prior = p.Budget.MulRatio(8, 10)
		cum += p.Prior
		p.CumPrior, p.HasPrior = cum, true
	}
}

// TestPriorYearSeries checks that last year's months (PY) reach the
// monthly columns and the burn-up when last year's ledgers were read, and
// only then.
func TestPriorYearSeries(t *testing.T) {
	l := loadLang(t, "en")
	for _, withPY := range []bool{false, true} {
		rep := reportstest.YearToDate("en")
		if withPY {
			addPrior(rep)
		}
		c := Build(rep, l).Charts
		if c.Monthly.HasPrior != withPY || c.Burn.HasPrior != withPY {
			t.Errorf("with PY %v: monthly HasPrior %v, burn HasPrior %v", withPY, c.Monthly.HasPrior, c.Burn.HasPrior)
		}
		if len(c.Burn.Points) != len(rep.Burn) {
			t.Fatalf("%d burn points, want %d", len(c.Burn.Points), len(rep.Burn))
		}
		for i, p := range rep.Burn {
			bp := c.Burn.Points[i]
			if bp.HasPrior != p.HasPrior || bp.Prior != p.CumPrior.Round2() {
				t.Errorf("burn %s: PY %v (has %v), want %v (has %v)", bp.Label, bp.Prior, bp.HasPrior, p.CumPrior.Round2(), p.HasPrior)
			}
		}
		for i, m := range c.Monthly.Months {
			p := rep.Burn[i]
			if m.HasPrior != p.HasPrior || m.Prior != p.Prior.Round2() {
				t.Errorf("month %s: PY %v (has %v), want %v (has %v)", m.Label, m.Prior, m.HasPrior, p.Prior.Round2(), p.HasPrior)
			}
		}
	}
}

// TestBurnForecastLands checks the burn-up's forecast starts at the last
// actual and ends at the landing the report forecasts.
func TestBurnForecastLands(t *testing.T) {
	l := loadLang(t, "en")
	rep := reportstest.YearToDate("en")
	b := Build(rep, l).Charts.Burn
	if !b.HasForecast {
		t.Fatal("no forecast in a year to date")
	}
	last := b.Points[len(b.Points)-1]
	if want := rep.Forecast.Landing.Round2(); math.Abs(last.Forecast-want) > 0.01 {
		t.Errorf("forecast ends at %v, want the landing %v", last.Forecast, want)
	}
	for _, p := range b.Points {
		if p.HasActual && p.HasForecast && p.Actual != p.Forecast {
			t.Errorf("%s: forecast %v starts away from the actual %v", p.Label, p.Forecast, p.Actual)
		}
	}
}

// TestForecastOnlyForMonthsAhead checks the monthly chart has a forecast
// (and so an FC legend) only when months remain: a complete quarter has
// none, a year to date has.
func TestForecastOnlyForMonthsAhead(t *testing.T) {
	l := loadLang(t, "en")
	complete := reportstest.Quarter("en")
	complete.Period = reports.QuarterPeriod(2026, 1, time.January) // its months all have actuals
	for _, tc := range []struct {
		rep  *reports.Report
		want bool
	}{{complete, false}, {reportstest.Quarter("en"), true}, {reportstest.YearToDate("en"), true}} {
		m := Build(tc.rep, l).Charts.Monthly
		if m.HasForecast != tc.want {
			t.Errorf("%s: HasForecast %v, want %v", tc.rep.Period.ID, m.HasForecast, tc.want)
		}
	}
}

// TestLandingIsAForecast checks the waterfall's last column is a
// forecast (FC) while the period runs, and the actual once it is over.
func TestLandingIsAForecast(t *testing.T) {
	l := loadLang(t, "en")
	for _, tc := range []struct {
		rep  *reports.Report
		want bool
	}{{reportstest.Month("en"), false}, {reportstest.YearToDate("en"), true}} {
		w := Build(tc.rep, l).Charts.Waterfall
		if len(w.Steps) == 0 {
			t.Fatalf("%s: no waterfall", tc.rep.Period.ID)
		}
		for i, s := range w.Steps {
			if s.Forecast != (tc.want && i == len(w.Steps)-1) {
				t.Errorf("%s step %d (%s): Forecast %v", tc.rep.Period.ID, i, s.Label, s.Forecast)
			}
		}
	}
}

// TestVariancePins checks the relative variance (ΔPL%) of the variance
// bars: percent of plan, capped at ±PctCap with the cap marked, none for
// a line without a plan, and one percent scale for both charts.
func TestVariancePins(t *testing.T) {
	l := loadLang(t, "en")
	yuan := func(v int64) reports.Money { return reports.Money(v * 10000) }
	line := func(cat, ch string, budget, actual int64) reports.LineResult {
		return reports.LineResult{LineKey: reports.LineKey{Category: cat, Channel: ch}, Amounts: reports.Amounts{Budget: yuan(budget), Actual: yuan(actual)}}
	}
	events := line("Events", "Booth", 1000, 1250) // +25%
	search := line("Search", "SEM", 2000, 1400)   // −30%
	social := line("Social", "Douyin", 100, 400)  // +300%: capped
	stray := line("Events", "Swag", 0, 80)        // no plan
	stray.Unbudgeted = true
	rep := &reports.Report{UnbudgetedLines: []reports.LineResult{stray}, Unbudgeted: yuan(80)}
	for _, ln := range []reports.LineResult{events, search, social} {
		rep.Categories = append(rep.Categories, reports.CategoryResult{Category: ln.Category, Amounts: ln.Amounts, Lines: []reports.LineResult{ln}})
	}
	c := charts(rep, l)
	type want struct {
		pct         string
		value       float64
		has, capped bool
	}
	for _, tc := range []struct {
		bars Bars
		want map[string]want
	}{
		{c.ByCategory, map[string]want{
			"Events": {"+25.0%", 25, true, false}, "Search": {"-30.0%", -30, true, false},
			"Social": {"+300.0%", 100, true, true}, "Unbudgeted": {"—", 0, false, false}}},
		{c.ByChannel, map[string]want{
			"Booth": {"+25.0%", 25, true, false}, "SEM": {"-30.0%", -30, true, false},
			"Douyin": {"+300.0%", 100, true, true}, "Swag": {"—", 0, false, false}}},
	} {
		if len(tc.bars.Bars) != len(tc.want) {
			t.Fatalf("%d bars, want %d: %+v", len(tc.bars.Bars), len(tc.want), tc.bars.Bars)
		}
		for _, b := range tc.bars.Bars {
			w, ok := tc.want[b.Label]
			if !ok {
				t.Errorf("unexpected bar %q", b.Label)
				continue
			}
			if b.Pct != w.pct || b.PctValue != w.value || b.HasPct != w.has || b.Capped != w.capped {
				t.Errorf("%s: pct %q value %v has %v capped %v, want %+v", b.Label, b.Pct, b.PctValue, b.HasPct, b.Capped, w)
			}
			if math.IsInf(b.PctValue, 0) || math.IsNaN(b.PctValue) {
				t.Errorf("%s: pin at %v", b.Label, b.PctValue)
			}
		}
		if tc.bars.PctScale != (Scale{-50, 100, 50}) {
			t.Errorf("percent scale %+v, want -50…100 by 50 (capped at the cap)", tc.bars.PctScale)
		}
		notes := strings.Join(tc.bars.PctNotes, "\n")
		if !strings.Contains(notes, "no plan") || !strings.Contains(notes, "±100%") {
			t.Errorf("notes %q: want the line without a plan and the cap explained", notes)
		}
		if tc.bars.PctLabel != "ΔPL%" {
			t.Errorf("pin label %q", tc.bars.PctLabel)
		}
	}
	if !strings.Contains(strings.Join(c.ByChannel.PctNotes, ""), "Swag") {
		t.Errorf("channel notes %q do not name the line without a plan", c.ByChannel.PctNotes)
	}

	// Without an outlier or a stray line, no footnotes.
	rep.Categories, rep.UnbudgetedLines, rep.Unbudgeted = rep.Categories[:2], nil, 0
	c = charts(rep, l)
	if len(c.ByCategory.PctNotes) != 0 || c.ByCategory.PctScale != (Scale{-50, 25, 25}) {
		t.Errorf("notes %q scale %+v, want none and -50…25", c.ByCategory.PctNotes, c.ByCategory.PctScale)
	}
}
