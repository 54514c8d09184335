package html

import (
	"html/template"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// toneColour is the colour of a number of tone t: the palette every
// format shares (red over plan, green under).
func toneColour(t present.Tone, neutral string) string { return present.ToneColour(t, neutral) }

// scaleAxis sets a value axis to the model's scale, shared by the charts
// that are compared with one another.
func scaleAxis(opt map[string]any, key string, sc present.Scale) {
	axes, _ := opt[key].([]any)
	for _, a := range axes {
		if am, ok := a.(map[string]any); ok && am["type"] == "value" {
			am["min"], am["max"], am["interval"] = sc.Min, sc.Max, sc.Step
		}
	}
}

// Scenario styles (IBCS), told apart in grey-scale print too: AC solid
// dark, PL light with a dark outline, FC hatched (an ECharts decal) with
// a dashed outline, PY solid mid grey.
func styleAC(colour string) map[string]any { return map[string]any{"color": colour} }

func stylePL() map[string]any {
	return map[string]any{"color": present.ColourPL, "borderColor": present.ColourPLLine, "borderWidth": 1}
}

func styleFC() map[string]any { return styleFCIn(present.ColourFC) }

// styleFCIn is the forecast's hatch in colour (a landing's tone).
func styleFCIn(colour string) map[string]any {
	return map[string]any{"color": "#ffffff", "borderColor": colour, "borderWidth": 1, "borderType": "dashed",
		"decal": map[string]any{"symbol": "rect", "symbolSize": 1, "color": colour, "backgroundColor": "#ffffff",
			"dashArrayX": []any{1, 0}, "dashArrayY": []any{2, 4}, "rotation": -0.7853981633974483}}
}

func stylePY() map[string]any { return map[string]any{"color": present.ColourPY} }

// varianceCharts are the charts that explain the variance, drawn from the
// page's series: the walk from plan to landing, actual vs plan by month
// and the variance by category and by channel. Titles state the message.
func varianceCharts(c present.Charts, l *i18n.Lang) ([]chartView, error) {
	var out []chartView
	if len(c.Waterfall.Steps) > 0 {
		cv, err := waterfallChart(c.Waterfall, l)
		if err != nil {
			return nil, err
		}
		out = append(out, cv)
	}
	if len(c.Monthly.Months) > 0 && c.Monthly.Title != "" {
		cv, err := monthlyChart(c.Monthly, l)
		if err != nil {
			return nil, err
		}
		out = append(out, cv)
	}
	if len(c.ByCategory.Bars) > 0 {
		for _, b := range []struct {
			bars  present.Bars
			label string
		}{{c.ByCategory, l.T("present.chart.variance_category")}, {c.ByChannel, l.T("present.chart.variance_channel")}} {
			cv, err := varBarsChart(b.bars, b.label, l)
			if err != nil {
				return nil, err
			}
			out = append(out, cv)
		}
		// The relative variance (ΔPL%) under them, on the same rows'
		// order and one percent scale.
		for _, b := range []present.Bars{c.ByCategory, c.ByChannel} {
			cv, err := pinsChart(b, l)
			if err != nil {
				return nil, err
			}
			out = append(out, cv)
		}
	}
	return out, nil
}

func valueAxis() *opts.SplitLine {
	return &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colGrid}}
}

// varBarsChart draws horizontal variance bars: red over plan, green under,
// labelled with the amounts the tables show.
func varBarsChart(b present.Bars, label string, l *i18n.Lang) (chartView, error) {
	cv := chartView{Title: b.Title, Caption: label, Fmt: "money", Horizontal: true, Height: 44 + 34*len(b.Bars), ScaleGroup: "variance"}
	names := make([]string, len(b.Bars))
	data := make([]opts.BarData, len(b.Bars))
	for i, bar := range b.Bars {
		names[i] = bar.Label
		// Right of the bar's right end: for a bar under plan that is just
		// right of zero, clear of the category names on the left.
		pos := "right"
		data[i] = opts.BarData{Value: bar.Value, ItemStyle: &opts.ItemStyle{Color: toneColour(bar.Tone, colBudget)},
			Label: &opts.Label{Show: opts.Bool(true), Position: pos, Color: toneColour(bar.Tone, colText), Formatter: bar.Label + "  " + bar.Text}}
	}
	bar := charts.NewBar()
	o := baseOpts(l, "axis")
	o = append(o,
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		// The names go into the bar labels (name and amount, right of
		// the bar's end), so they never collide with bars under plan or
		// get cut at the edge on a phone.
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Show: opts.Bool(false)}}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", SplitNumber: 3, SplitLine: valueAxis(), AxisLabel: &opts.AxisLabel{Color: colText}}),
	)
	bar.SetGlobalOptions(o...)
	bar.SetXAxis(names).AddSeries(l.T("present.chart.variance_category"), data, charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "40%"}))
	bar.XYReversal()
	opt, err := optionOf(bar)
	if err != nil {
		return cv, err
	}
	// One grid without room for a legend (there is none); the page
	// script widens it until the labels fit.
	opt["grid"] = []any{map[string]any{"left": "8", "right": "24", "top": "8", "bottom": "8", "containLabel": true}}
	scaleAxis(opt, "xAxis", b.Scale)
	// Category names at the left edge, not on the zero line where they
	// would collide with the labels of bars under plan.
	if ys, ok := opt["yAxis"].([]any); ok {
		for _, y := range ys {
			if ym, ok := y.(map[string]any); ok {
				ym["axisLine"] = map[string]any{"onZero": false}
			}
		}
	}
	cv.Option = opt
	return cv, nil
}

// pinsChart draws the relative variance (IBCS ΔPL%) of a variance bar
// chart as pins: a thin line from zero in the bar's tone and a dot at the
// percentage, an arrow where the pin is cut at the cap; a line without a
// plan has no pin, its label says "—". The footnotes are the caption.
func pinsChart(b present.Bars, l *i18n.Lang) (chartView, error) {
	cv := chartView{Title: b.PctTitle, Caption: strings.Join(b.PctNotes, " "), Fmt: "pct", Horizontal: true, Height: 44 + 34*len(b.Bars), ScaleGroup: "variance-pct"}
	names := make([]string, len(b.Bars))
	data := make([]opts.BarData, len(b.Bars))
	var heads []any
	for i, bar := range b.Bars {
		names[i] = bar.Label
		col := toneColour(bar.Tone, colBudget)
		label := &opts.Label{Show: opts.Bool(true), Position: "right", Color: toneColour(bar.Tone, colText), Formatter: bar.Label + "  " + bar.Pct}
		if !bar.HasPct {
			data[i] = opts.BarData{Value: 0, Label: &opts.Label{Show: opts.Bool(true), Position: "right", Color: colText, Formatter: bar.Label + "  " + bar.Pct}}
			continue
		}
		data[i] = opts.BarData{Value: bar.PctValue, ItemStyle: &opts.ItemStyle{Color: col}, Label: label}
		head := map[string]any{"value": []any{bar.PctValue, i}, "symbol": "circle", "symbolSize": 9, "itemStyle": map[string]any{"color": col}}
		if bar.Capped {
			head["symbol"], head["symbolSize"], head["symbolRotate"] = "triangle", 12, -90
			if bar.PctValue < 0 {
				head["symbolRotate"] = 90
			}
		}
		heads = append(heads, head)
	}
	bar := charts.NewBar()
	o := baseOpts(l, "axis")
	o = append(o,
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Show: opts.Bool(false)}}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", SplitLine: valueAxis(), AxisLabel: &opts.AxisLabel{Color: colText}}),
	)
	bar.SetGlobalOptions(o...)
	bar.SetXAxis(names).AddSeries(b.PctLabel, data, charts.WithBarChartOpts(opts.BarChart{BarWidth: "2"}))
	bar.XYReversal()
	opt, err := optionOf(bar)
	if err != nil {
		return cv, err
	}
	opt["grid"] = []any{map[string]any{"left": "8", "right": "24", "top": "8", "bottom": "8", "containLabel": true}}
	scaleAxis(opt, "xAxis", b.PctScale)
	if ys, ok := opt["yAxis"].([]any); ok {
		for _, y := range ys {
			if ym, ok := y.(map[string]any); ok {
				ym["axisLine"] = map[string]any{"onZero": false}
			}
		}
	}
	// The labels clear the pins' heads.
	series(opt, 0)["label"] = map[string]any{"distance": 9}
	// The pins' heads: a scatter on the same axes, no tooltip of its own.
	ss, _ := opt["series"].([]any)
	opt["series"] = append(ss, map[string]any{"type": "scatter", "name": b.PctLabel, "data": heads, "silent": true, "tooltip": map[string]any{"show": false}, "z": 3})
	cv.Option = opt
	return cv, nil
}

// monthlyChart draws, month by month, last year (PY, grey) when last
// year's ledgers were read, the plan (PL, light and outlined) and the
// actual (AC, solid: red over plan, green under) or, for the months
// ahead, the forecast (FC: the plan, hatched) in the actual's place.
func monthlyChart(m present.Monthly, l *i18n.Lang) (chartView, error) {
	cv := chartView{Title: m.Title, Caption: l.T("present.chart.monthly"), Fmt: "money", Height: 320, Wide: true}
	n := len(m.Months)
	names := make([]string, n)
	prior := make([]opts.BarData, n)
	plan := make([]opts.BarData, n)
	actual := make([]opts.BarData, n)
	fc := make([]opts.BarData, n)
	for i, c := range m.Months {
		names[i] = c.Label
		prior[i] = opts.BarData{Value: "-"}
		if c.HasPrior {
			prior[i] = opts.BarData{Value: c.Prior}
		}
		plan[i] = opts.BarData{Value: c.Plan}
		actual[i] = opts.BarData{Value: "-"}
		fc[i] = opts.BarData{Value: "-"}
		if c.HasActual {
			actual[i] = opts.BarData{Value: c.Actual, ItemStyle: &opts.ItemStyle{Color: toneColour(c.Tone, present.ColourAC)}}
		} else if c.Forecast != 0 {
			fc[i] = opts.BarData{Value: c.Forecast}
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts(l, "axis"),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colText, Interval: "0"}, AxisTick: &opts.AxisTick{Show: opts.Bool(false)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", SplitLine: valueAxis(), AxisLabel: &opts.AxisLabel{Color: colText}}),
	)...)
	bar.SetXAxis(names)
	var styles []map[string]any
	if m.HasPrior {
		bar.AddSeries(l.T("present.series.py"), prior)
		styles = append(styles, stylePY())
	}
	bar.AddSeries(l.T("present.series.pl"), plan).
		AddSeries(l.T("present.series.ac"), actual)
	styles = append(styles, stylePL(), styleAC(present.ColourAC))
	if m.HasForecast {
		bar.AddSeries(l.T("present.series.fc"), fc)
		styles = append(styles, styleFC())
	}
	opt, err := optionOf(bar)
	if err != nil {
		return cv, err
	}
	for i, st := range styles {
		s := series(opt, i)
		s["itemStyle"] = st
		s["barGap"] = "8%"
		s["barCategoryGap"] = "28%"
	}
	// The actual and the forecast share one column: a month has one or
	// the other.
	if m.HasForecast {
		k := len(styles)
		series(opt, k-2)["stack"] = "landing"
		series(opt, k-1)["stack"] = "landing"
	}
	// Each actual keeps its tone: a data item's own colour wins over the
	// series'.
	scaleAxis(opt, "yAxis", m.Scale)
	cv.Option = opt
	return cv, nil
}

// waterfallChart walks from plan to landing: an invisible base series
// lifts each category's step to the running total.
func waterfallChart(w present.Waterfall, l *i18n.Lang) (chartView, error) {
	cv := chartView{Title: w.Title, Caption: l.T("present.chart.waterfall"), Fmt: "money", Height: 340, Wide: true}
	n := len(w.Steps)
	names := make([]string, n)
	base := make([]opts.BarData, n)
	val := make([]opts.BarData, n)
	minV, maxV := math.Inf(1), 0.0
	for i, s := range w.Steps {
		names[i] = s.Label
		lo, hi := s.Base, s.Base+s.Value
		if s.Total {
			lo, hi = 0, s.Value
		}
		if lo > hi {
			lo, hi = hi, lo
		}
		st := &opts.ItemStyle{Color: toneColour(s.Tone, present.ColourAC)}
		if s.Total && i == 0 {
			// The plan: PL, light and outlined.
			st = &opts.ItemStyle{Color: present.ColourPL, BorderColor: present.ColourPLLine, BorderWidth: 1}
		}
		base[i] = opts.BarData{Value: lo, ItemStyle: &opts.ItemStyle{Color: "transparent"}}
		val[i] = opts.BarData{Value: hi - lo, ItemStyle: st,
			Label: &opts.Label{Show: opts.Bool(true), Position: "top", Color: toneColour(s.Tone, colText), Formatter: s.Text}}
		top := hi
		if !s.Total {
			minV = math.Min(minV, lo)
		} else {
			minV = math.Min(minV, top)
		}
		maxV = math.Max(maxV, hi)
	}
	// Start the axis below the smallest running total so the steps show;
	// the plan and landing columns then read as broken at the axis.
	floor := 0.0
	if minV > 0 && !math.IsInf(minV, 0) {
		floor = niceFloor(minV - math.Max(maxV-minV, maxV*0.02)*0.8)
	}
	for i, s := range w.Steps {
		if s.Total {
			base[i].Value = floor
			val[i].Value = s.Value - floor
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts(l, "item"),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colText, Interval: "0"}, AxisTick: &opts.AxisTick{Show: opts.Bool(false)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: floor, SplitLine: valueAxis(), AxisLabel: &opts.AxisLabel{Color: colText}}),
	)...)
	bar.SetXAxis(names).
		AddSeries("base", base, charts.WithBarChartOpts(opts.BarChart{Stack: "w", BarCategoryGap: "30%"})).
		AddSeries(l.T("present.chart.waterfall"), val, charts.WithBarChartOpts(opts.BarChart{Stack: "w"}))
	opt, err := optionOf(bar)
	if err != nil {
		return cv, err
	}
	series(opt, 0)["silent"] = true
	series(opt, 0)["tooltip"] = map[string]any{"show": false}
	// The drawn heights are spans, not values (a step under plan is a
	// positive span, a cut column is shorter than its total): each
	// item's tooltip shows the step's own text. {b} is escaped by
	// ECharts; the text is escaped here.
	if data, ok := series(opt, 1)["data"].([]any); ok {
		for i, d := range data {
			if dm, ok := d.(map[string]any); ok && i < n {
				dm["tooltip"] = map[string]any{"formatter": "{b}: " + template.HTMLEscapeString(w.Steps[i].Text)}
				if w.Steps[i].Forecast {
					// The landing of a period not yet complete: FC,
					// hatched in its tone.
					dm["itemStyle"] = styleFCIn(toneColour(w.Steps[i].Tone, present.ColourFC))
				}
			}
		}
	}
	if floor > 0 {
		// The axis does not start at zero, so the plan and landing
		// columns are cut: mark the cut on each (IBCS axis break, as
		// the PDF does) and say so in the caption. The page script
		// sizes the marks to the columns (data-break).
		cv.Caption = l.T("html.chart.axis_break", "caption", cv.Caption)
		cv.Break = true
		var marks []any
		at := floor + (maxV-floor)*0.07
		for i, s := range w.Steps {
			if s.Total && s.Value > at {
				marks = append(marks, map[string]any{"coord": []any{i, at}})
			}
		}
		series(opt, 1)["markPoint"] = map[string]any{
			"silent":     true,
			"symbol":     "path://M0,8 L10,0 L10,5 L0,13 Z",
			"symbolSize": []any{40, 10},
			"itemStyle":  map[string]any{"color": "#ffffff"},
			"label":      map[string]any{"show": false},
			"data":       marks,
		}
	}
	cv.Option = opt
	return cv, nil
}

// niceFloor rounds v down to two significant digits.
func niceFloor(v float64) float64 {
	if v <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(v))-1)
	return math.Floor(v/p) * p
}
