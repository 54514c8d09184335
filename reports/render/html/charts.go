package html

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// chartView is one chart container. Option is the ECharts option built by
// go-echarts; the template marshals it into a JSON script block, escaping
// '<', '>' and '&'. Fmt tells the page script how to format values
// ("money" or "pct" or "count"); Horizontal puts the value axis on x.
type chartView struct {
	ID, Title, Caption string
	Fmt                string
	Horizontal         bool
	Height             int // px on screen
	Option             map[string]any
	Top                float64 // the largest absolute value, for the axis unit
	Empty              string  // shown instead of the chart when there is nothing to draw
	Wide               bool    // spans the whole row
	// Break: the value axis does not start at zero and the series'
	// markPoints mark the cut columns (the page script sizes them).
	Break bool
	// ScaleGroup names the charts drawn on one scale (the model's
	// present.Scale): the page script gives them the same margins, so
	// an amount is one length in each.
	ScaleGroup string
	// Stages, for the funnel, is the stage table shown beside the chart.
	Stages []stageRow
}

// Palette: restrained, and every colour pair also differs in lightness so
// the charts read in grayscale.
const (
	colBudget   = "#b8c4d1"
	colActual   = "#1f3a5f"
	colOver     = present.ColourBad
	colForecast = "#7a8ca3"
	colRec      = "#c9a227"
	colText     = "#3d4a5c"
	colGrid     = "#e6eaef"
)

func buildCharts(rep *reports.Report, pg *present.Page, l *i18n.Lang) ([]chartView, error) {
	out, err := varianceCharts(pg.Charts, l)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		// No variance to explain: budget vs actual by category instead.
		cv, err := categoryChart(rep, l)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cv.Title, err)
		}
		out = append(out, cv)
	}
	burn, err := burnChart(pg, l)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", burn.Title, err)
	}
	out = append(out, burn)
	builds := []func(*reports.Report, *i18n.Lang) (chartView, error){mixChart, funnelChart}
	if rep.Funnel.Funnel.IsZero() {
		// A company that tracks no funnel gets no empty funnel card; the
		// channel section says in one line that there is no funnel.
		builds = builds[:1]
	}
	for _, build := range builds {
		cv, err := build(rep, l)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cv.Title, err)
		}
		out = append(out, cv)
	}
	for i := range out {
		out[i].ID = "chart-" + strconv.Itoa(i+1)
		out[i].Top = maxValue(out[i].Option)
	}
	return out, nil
}

// maxValue is the largest absolute value in the option's series: the
// page script picks each value axis's unit from it, so one axis never
// mixes "¥500,000" with "¥1.5M".
func maxValue(opt map[string]any) float64 {
	top := 0.0
	ss, _ := opt["series"].([]any)
	for _, s := range ss {
		m, _ := s.(map[string]any)
		data, _ := m["data"].([]any)
		for _, d := range data {
			if dm, ok := d.(map[string]any); ok {
				d = dm["value"]
			}
			if f, ok := d.(float64); ok {
				top = max(top, f, -f)
			}
		}
	}
	return top
}

func baseOpts(l *i18n.Lang, trigger string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: trigger}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Left: "0", TextStyle: &opts.TextStyle{Color: colText}}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "36", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true)}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(false)}),
	}
}

func major(m reports.Money) float64 { return m.Round2() }

// categoryChart is budget vs actual per category, horizontal so long
// category names stay readable; categories over budget have red actual
// bars, and unbudgeted spend is its own bar.
func categoryChart(rep *reports.Report, l *i18n.Lang) (chartView, error) {
	cv := chartView{Title: l.T("html.chart.category"), Caption: l.T("html.chart.category_caption"), Fmt: "money", Horizontal: true, Wide: true}
	var names []string
	var budget []opts.BarData
	var actual []opts.BarData
	add := func(name string, a reports.Amounts) {
		names = append(names, name)
		budget = append(budget, opts.BarData{Value: major(a.Budget)})
		d := opts.BarData{Value: major(a.Actual)}
		if a.Variance() > 0 {
			d.ItemStyle = &opts.ItemStyle{Color: colOver}
		}
		actual = append(actual, d)
	}
	for _, c := range rep.Categories {
		add(c.Category, c.Amounts)
	}
	if rep.Unbudgeted != 0 {
		add(l.T("html.chart.unbudgeted"), reports.Amounts{Actual: rep.Unbudgeted})
	}
	if len(names) == 0 {
		cv.Empty = l.T("html.chart.nodata")
		return cv, nil
	}
	cv.Height = 90 + 46*len(names)
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts(l, "axis"),
		charts.WithColorsOpts(opts.Colors{colBudget, colActual}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Color: colText}}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colGrid}}, AxisLabel: &opts.AxisLabel{Color: colText}}),
	)...)
	bar.SetXAxis(names).
		AddSeries(l.T("html.series.budget"), budget, charts.WithBarChartOpts(opts.BarChart{BarGap: "10%", BarCategoryGap: "35%"})).
		AddSeries(l.T("html.series.actual"), actual)
	bar.XYReversal()
	var err error
	cv.Option, err = optionOf(bar)
	return cv, err
}

// burnChart is the fiscal year's cumulative actual (AC, solid dark)
// against the cumulative plan (PL, light), the forecast to the landing
// (FC, dashed) and last year's burn-up (PY, dotted grey) when last year's
// ledgers were read: the page's series on its scale.
func burnChart(pg *present.Page, l *i18n.Lang) (chartView, error) {
	cv := chartView{Title: l.T("html.chart.burn"), Caption: l.T("html.chart.burn_caption"), Fmt: "money", Height: 320}
	b := pg.Charts.Burn
	if len(b.Points) == 0 {
		cv.Empty = l.T("html.chart.nodata")
		return cv, nil
	}
	n := len(b.Points)
	months := make([]string, n)
	prior := make([]opts.LineData, n)
	plan := make([]opts.LineData, n)
	actual := make([]opts.LineData, n)
	forecast := make([]opts.LineData, n)
	for i, p := range b.Points {
		months[i] = p.Label
		prior[i], actual[i], forecast[i] = opts.LineData{Value: "-"}, opts.LineData{Value: "-"}, opts.LineData{Value: "-"}
		plan[i] = opts.LineData{Value: p.Plan}
		if p.HasPrior {
			prior[i].Value = p.Prior
		}
		if p.HasActual {
			actual[i].Value = p.Actual
		}
		if p.HasForecast {
			forecast[i].Value = p.Forecast
		}
	}
	line := charts.NewLine()
	line.SetGlobalOptions(append(baseOpts(l, "axis"),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colText}, AxisTick: &opts.AxisTick{Show: opts.Bool(false)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colGrid}}, AxisLabel: &opts.AxisLabel{Color: colText}}),
	)...)
	line.SetXAxis(months)
	noSymbol := charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)})
	if b.HasPrior {
		line.AddSeries(l.T("present.series.py"), prior, charts.WithLineStyleOpts(opts.LineStyle{Width: 2, Type: "dotted", Color: present.ColourPY}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: present.ColourPY}), noSymbol)
	}
	line.AddSeries(l.T("html.series.plan"), plan, charts.WithLineStyleOpts(opts.LineStyle{Width: 3, Color: colBudget}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colBudget}), noSymbol).
		AddSeries(l.T("html.series.cumactual"), actual, charts.WithLineStyleOpts(opts.LineStyle{Width: 3, Color: present.ColourAC}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: present.ColourAC}),
			charts.WithAreaStyleOpts(opts.AreaStyle{Color: present.ColourAC, Opacity: opts.Float(0.08)}), charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 6}))
	if b.HasForecast {
		line.AddSeries(l.T("html.series.forecast"), forecast, charts.WithLineStyleOpts(opts.LineStyle{Width: 2, Type: "dashed", Color: present.ColourFC}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: present.ColourFC}), noSymbol)
	}
	opt, err := optionOf(line)
	if err != nil {
		return cv, err
	}
	scaleAxis(opt, "yAxis", b.Scale)
	cv.Option = opt
	return cv, nil
}

// mixChart compares each role's share of actual spend with the share the
// company's stage recommends.
func mixChart(rep *reports.Report, l *i18n.Lang) (chartView, error) {
	cv := chartView{Title: l.T("html.chart.mix", "stage", l.T("stage."+rep.Stage)), Caption: l.T("html.chart.mix_caption"), Fmt: "pct", Height: 320}
	if rep.Stage == "" { // a group report: the units may be at different stages
		cv.Title = l.T("html.chart.mix_nostage")
	}
	var names []string
	var actual, rec []opts.BarData
	for _, m := range rep.Mix {
		if m.Actual == 0 && m.RecommendedPct == 0 {
			continue
		}
		// The recommended share is its own (gold) series, named in the
		// legend and the tooltip: no label above its bar, where it
		// collided with the actual share's ("39.7%40%"), and none under
		// the role name, where two-line names collided when rotated.
		names = append(names, l.Role(m.Role))
		actual = append(actual, opts.BarData{Value: round1(m.ActualPct)})
		rec = append(rec, opts.BarData{Value: round1(m.RecommendedPct)})
	}
	if len(names) == 0 {
		cv.Empty = l.T("html.chart.nodata")
		return cv, nil
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts(l, "axis"),
		charts.WithColorsOpts(opts.Colors{colActual, colRec}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Color: colText, Interval: "0"}, AxisTick: &opts.AxisTick{Show: opts.Bool(false)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: colGrid}}, AxisLabel: &opts.AxisLabel{Color: colText}}),
	)...)
	bar.SetXAxis(names).
		AddSeries(l.T("html.series.actual_share"), actual, charts.WithBarChartOpts(opts.BarChart{BarGap: "10%", BarCategoryGap: "40%"}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top", Color: colText, Formatter: "{c}%"})).
		AddSeries(l.T("html.series.rec_share"), rec)
	var err error
	cv.Option, err = optionOf(bar)
	return cv, err
}

// funnelChart draws the period's funnel; each stage's label carries its
// conversion from the stage before.
func funnelChart(rep *reports.Report, l *i18n.Lang) (chartView, error) {
	cv := chartView{Title: l.T("html.chart.funnel"), Caption: l.T("html.chart.funnel_caption"), Fmt: "count", Height: 300, Wide: true, Stages: stages(rep.Funnel, l)}
	f := rep.Funnel
	if f.Funnel.IsZero() {
		cv.Empty = l.T("html.chart.nodata")
		return cv, nil
	}
	counts := stageCounts(f.Funnel)
	data := make([]opts.FunnelData, len(stageCodes))
	for i, code := range stageCodes {
		name := l.T("funnel." + code)
		if c, ok := conversionInto(f, code); ok && c.OK {
			name = l.T("html.chart.funnel_stage", "stage", name, "pct", l.Pct(c.Rate))
		}
		data[i] = opts.FunnelData{Name: name, Value: counts[i]}
	}
	fc := charts.NewFunnel()
	o := baseOpts(l, "item")
	o = append(o,
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithColorsOpts(opts.Colors{"#1f3a5f", "#2f5077", "#44678f", "#5c7fa6", "#7898bb", "#98b2cf"}),
	)
	fc.SetGlobalOptions(o...)
	fc.AddSeries(l.T("html.chart.funnel"), data,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Sort = "none"
			s.Left = "2%"
			s.Top = "8"
			s.Bottom = "8"
		}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Color: colText, Formatter: "{b}  {c}"}),
		charts.WithItemStyleOpts(opts.ItemStyle{BorderColor: "#ffffff"}),
	)
	opt, err := optionOf(fc)
	if err != nil {
		return cv, err
	}
	// go-echarts has no fields for these funnel options: leave room on
	// the right for the labels and keep the narrow stages visible.
	s := series(opt, 0)
	s["width"] = "52%"
	s["minSize"] = "12%"
	s["gap"] = 2
	cv.Option = opt
	return cv, nil
}

type validator interface {
	Validate()
	JSON() map[string]interface{}
}

// optionOf returns the chart's ECharts option as plain data. Validate
// fills the axis data in; JSON returns the option without rendering a
// page. The round trip through encoding/json turns go-echarts' structs
// into maps, so options go-echarts has no field for can be set, and it
// fails loudly if an option cannot be encoded.
func optionOf(c validator) (map[string]any, error) {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return nil, fmt.Errorf("encode chart option: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decode chart option: %w", err)
	}
	return m, nil
}

// series returns the option's i-th series for adjustments.
func series(opt map[string]any, i int) map[string]any {
	if s, ok := opt["series"].([]any); ok && i < len(s) {
		if m, ok := s[i].(map[string]any); ok {
			return m
		}
	}
	return map[string]any{}
}

func round1(v float64) float64 {
	r := float64(int64(v*10+sign(v)*0.5)) / 10
	return r
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
