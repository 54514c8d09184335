package pdf

import (
	"math"
	"sort"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
)

// charts draws the four charts of the report in a 2 × 2 grid.
func (d *doc) charts() {
	r := d.rep
	if r.Funnel.Funnel.IsZero() {
		d.section(d.t("charts.title_nofunnel"))
	} else {
		d.section(d.t("charts.title"))
	}
	if r.Totals.Budget == 0 && r.Totals.Actual == 0 && r.Forecast.AnnualBudget == 0 && r.Funnel.Funnel.IsZero() {
		d.noData(marginX, d.y, contentW, 18, d.t("charts.nodata"))
		d.y += 18 + 6
		return
	}
	const gap = 8.0
	w := (contentW - gap) / 2
	h := (bottom - d.y - gap) / 2
	if h > 118 {
		h = 118
	}
	y := d.y
	d.categoryChart(marginX, y, w, h)
	d.burnChart(marginX+w+gap, y, w, h)
	y += h + gap
	if r.Funnel.Funnel.IsZero() {
		// No funnel tracked: the mix takes the row rather than leave a
		// quarter page saying so.
		d.mixChart(marginX, y, contentW, h)
	} else {
		d.mixChart(marginX, y, w, h)
		d.funnelChart(marginX+w+gap, y, w, h)
	}
	d.y = y + h + 4
}

// panel draws a chart's title and returns the y below it.
func (d *doc) panel(x, y, w float64, title string) float64 {
	d.font(10, cInk)
	y += d.text(x, y, w, title, "L")
	d.hline(x, x+w, y+0.4, cRule, 0.25)
	return y + 2.5
}

// noData writes a "no data" note centred in a chart's box.
func (d *doc) noData(x, y, w, h float64, s string) {
	d.rect(x, y, w, h, cTile)
	d.font(9, cMuted)
	lines := d.wrap(s, w-10)
	lh := d.lineH()
	yy := y + h/2 - float64(len(lines))*lh/2
	for _, ln := range lines {
		d.text(x+5, yy, w-10, ln, "C")
		yy += lh
	}
}

type legendItem struct {
	label string
	c     rgb
	line  bool // a line sample instead of a swatch
	dash  bool
	sc    scenario // drawn as this IBCS scenario (c is then AC's colour)
}

// legend writes items left to right, wrapping within w; it returns the
// height used.
func (d *doc) legend(x, y, w float64, items []legendItem) float64 {
	d.font(7.5, cMuted)
	lh := d.lineH()
	cx, cy := x, y
	for _, it := range items {
		label := d.fit(it.label, w-8)
		iw := 6 + d.width(label) + 4
		if cx > x && cx+iw > x+w {
			cx = x
			cy += lh + 0.5
		}
		if it.sc != scNone && it.line {
			d.scenarioLine(it.sc, []fpdfPoint{{X: cx, Y: cy + lh/2}, {X: cx + 4.5, Y: cy + lh/2}})
		} else if it.sc != scNone {
			d.scenarioRect(it.sc, cx, cy+lh/2-1.4, 4.5, 2.8, it.c)
		} else if it.line {
			d.stroke(it.c, 0.6)
			if it.dash {
				d.pdf.SetDashPattern([]float64{1, 0.8}, 0)
			}
			d.pdf.Line(cx, cy+lh/2, cx+4.5, cy+lh/2)
			d.pdf.SetDashPattern(nil, 0)
		} else {
			d.rect(cx, cy+lh/2-1.4, 4.5, 2.8, it.c)
		}
		d.pdf.SetXY(cx+6, cy)
		d.cell(d.width(label)+0.5, lh, label, "L")
		cx += iw
	}
	return cy + lh - y
}

// niceAxis returns a round axis maximum at or above v and its tick step:
// the smallest maximum reachable in at most five steps of 1, 2, 2.5 or 5
// times a power of ten, preferring about four steps. v must be positive.
func niceAxis(v float64) (max, step float64) {
	if !(v > 0) || math.IsInf(v, 0) {
		return 1, 0.25
	}
	mag := math.Pow(10, math.Floor(math.Log10(v/4)))
	for _, m := range []float64{1, 10} {
		for _, f := range []float64{1, 2, 2.5, 5} {
			s := f * m * mag
			n := math.Ceil(v/s - 1e-9)
			if n > 5 {
				continue
			}
			mx := n * s
			if max == 0 || mx < max-1e-9*mx || (math.Abs(mx-max) <= 1e-9*mx && math.Abs(n-4) < math.Abs(max/step-4)) {
				max, step = mx, s
			}
		}
	}
	return max, step
}

func major(m reports.Money) float64 { return m.Major() }

// moneyTick formats tick v of an axis whose largest tick is top, in
// top's unit.
func (d *doc) moneyTick(v, top float64) string {
	return d.l.MoneyTickOn(reports.Money(math.Round(v))*reports.Unit, reports.Money(math.Round(top))*reports.Unit)
}

// moneyLabel formats a value label on a chart: the same precision as
// every other compact amount.
func (d *doc) moneyLabel(v float64) string {
	return d.l.MoneyShort(reports.Money(math.Round(v)) * reports.Unit)
}

type barRow struct {
	label string
	a, b  float64 // plotted values (b is drawn first, lighter)
}

// hbars draws paired horizontal bars: b (light) above a (dark), a value
// axis at the bottom with tick labels formatted by tick, and value labels
// formatted by label at the end of the dark bar.
func (d *doc) hbars(x, y, w, h float64, rows []barRow, tick func(v, top float64) string, label func(float64) string) {
	maxV := 0.0
	for _, r := range rows {
		maxV = math.Max(maxV, math.Max(r.a, r.b))
	}
	axisMax, step := niceAxis(maxV)
	labelW := math.Min(30, w*0.34)
	px := x + labelW + 2
	pw := w - labelW - 2 - 12 // room for the last tick label and values
	d.font(7, cMuted)
	axisH := d.lineH() + 1.5
	ph := h - axisH
	band := ph / float64(len(rows))
	scale := func(v float64) float64 { return math.Max(0, v) / axisMax * pw }

	// Grid and ticks.
	for v := 0.0; v <= axisMax+step/2; v += step {
		gx := px + scale(v)
		c := cGrid
		if v == 0 {
			c = cMuted
		}
		d.stroke(c, 0.2)
		d.pdf.Line(gx, y, gx, y+ph)
		d.font(6.5, cMuted)
		tw := 20.0
		d.text(gx-tw/2, y+ph+1, tw, tick(v, axisMax), "C")
	}
	barH := math.Min(band*0.34, 4.2)
	for i, r := range rows {
		by := y + float64(i)*band + band/2
		d.font(7.5, cInk)
		lh := d.lineH()
		d.text(x, by-lh/2, labelW, r.label, "R")
		d.rect(px, by-barH-0.2, scale(r.b), barH, cPlan)
		d.rect(px, by+0.2, scale(r.a), barH, cActual)
		if label != nil {
			d.font(6.5, cInk)
			s := d.fit(label(r.a), 18)
			lx := px + scale(r.a) + 1
			d.text(lx, by+0.2+barH/2-d.lineH()/2, d.width(s)+0.5, s, "L")
		}
	}
}

// categoryChart is budget vs actual by category.
func (d *doc) categoryChart(x, y, w, h float64) {
	top := d.panel(x, y, w, d.t("chart.category"))
	cats := d.rep.Categories
	var rows []barRow
	for _, c := range cats {
		if c.Budget == 0 && c.Actual == 0 {
			continue
		}
		rows = append(rows, barRow{label: c.Category, a: major(c.Actual), b: major(c.Budget)})
	}
	if u := d.rep.Unbudgeted; u != 0 && !categoriesHoldUnbudgeted(cats) {
		rows = append(rows, barRow{label: d.t("chart.unbudgeted"), a: major(u)})
	}
	lh := d.legend(x, top, w, []legendItem{{label: d.t("legend.budget"), c: cPlan}, {label: d.t("legend.actual"), c: cActual}})
	top += lh + 2
	if len(rows) == 0 {
		d.noData(x, top, w, y+h-top, d.t("chart.nodata.spend"))
		return
	}
	// Past about twelve bars the labels no longer fit: keep the largest
	// and add the rest up as "other".
	const maxRows = 12
	if len(rows) > maxRows {
		idx := make([]int, len(rows))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(i, j int) bool {
			return math.Max(rows[idx[i]].a, rows[idx[i]].b) > math.Max(rows[idx[j]].a, rows[idx[j]].b)
		})
		keep := map[int]bool{}
		for _, i := range idx[:maxRows-1] {
			keep[i] = true
		}
		var kept []barRow
		other := barRow{}
		for i, r := range rows {
			if keep[i] {
				kept = append(kept, r)
			} else {
				other.a += r.a
				other.b += r.b
			}
		}
		other.label = d.t("chart.other", "n", len(rows)-(maxRows-1))
		rows = append(kept, other)
	}
	d.hbars(x, top, w, y+h-top, rows, d.moneyTick, d.moneyLabel)
}

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

// burnChart is the cumulative burn-up against plan over the fiscal year,
// the forecast to the landing and last year's burn-up (PY) when last
// year's ledgers were read, drawn from the page's series on its scale.
func (d *doc) burnChart(x, y, w, h float64) {
	top := d.panel(x, y, w, d.t("chart.burn"))
	b := d.pg.Charts.Burn
	var items []legendItem
	if b.HasPrior {
		items = append(items, legendItem{label: d.l.T("present.series.py"), sc: scPY, line: true})
	}
	items = append(items, legendItem{label: d.t("legend.plan"), sc: scPL, line: true}, legendItem{label: d.t("legend.actual"), sc: scAC, line: true})
	if b.HasForecast {
		items = append(items, legendItem{label: d.t("legend.forecast"), sc: scFC, line: true})
	}
	top += d.legend(x, top, w, items) + 2
	if len(b.Points) == 0 {
		d.noData(x, top, w, y+h-top, d.t("chart.nodata.burn"))
		return
	}
	sc := b.Scale
	tickTop := math.Max(math.Abs(sc.Min), sc.Max)
	d.font(6.5, cMuted)
	axisW := 0.0
	for v := sc.Min; v <= sc.Max+sc.Step/2; v += sc.Step {
		axisW = math.Max(axisW, d.width(clean(d.moneyTick(v, tickTop))))
	}
	px := x + axisW + 2
	pw := x + w - px - 2
	lh := d.lineH()
	ph := y + h - top - lh - 2
	py := top
	n := len(b.Points)
	xAt := func(i int) float64 { return px + (float64(i)+0.5)*pw/float64(n) }
	yAt := func(v float64) float64 { return py + ph - sc.Frac(v)*ph }

	for v := sc.Min; v <= sc.Max+sc.Step/2; v += sc.Step {
		gy := yAt(v)
		c := cGrid
		if math.Abs(v) < sc.Step/2 {
			c = cMuted
		}
		d.hline(px, px+pw, gy, c, 0.2)
		d.font(6.5, cMuted)
		d.text(x, gy-lh/2, axisW, d.moneyTick(v, tickTop), "R")
	}
	// Month labels: every month when they fit, else every other.
	every := 1
	d.font(6.5, cMuted)
	if d.width(clean(b.Points[0].Label))+1 > pw/float64(n) {
		every = 2
	}
	for i, p := range b.Points {
		if i%every == 0 {
			cw := pw / float64(n) * float64(every)
			d.text(xAt(i)-cw/2, py+ph+1, cw, p.Label, "C")
		}
	}
	var prior, plan, act, fc []fpdfPoint
	for i, p := range b.Points {
		if p.HasPrior {
			prior = append(prior, fpdfPoint{X: xAt(i), Y: yAt(p.Prior)})
		}
		plan = append(plan, fpdfPoint{X: xAt(i), Y: yAt(p.Plan)})
		if p.HasActual {
			act = append(act, fpdfPoint{X: xAt(i), Y: yAt(p.Actual)})
		}
		if p.HasForecast {
			fc = append(fc, fpdfPoint{X: xAt(i), Y: yAt(p.Forecast)})
		}
	}
	d.scenarioLine(scPY, prior)
	d.scenarioLine(scPL, plan)
	if len(fc) > 0 {
		d.scenarioLine(scFC, fc)
		end := fc[len(fc)-1]
		d.fill(cFC)
		d.pdf.Circle(end.X, end.Y, 0.8, "F")
		// Left of the landing point, level with it: the path arrives
		// from the lower left, and above the point lies the legend.
		d.font(6.5, cFC)
		sw := d.width(clean(b.LandingText)) + 0.5
		d.text(end.X-sw-1.5, end.Y-lh/2-0.6, sw, b.LandingText, "R")
	}
	d.scenarioLine(scAC, act)
	if len(act) > 0 {
		d.font(6.5, cActual)
		p := act[len(act)-1]
		sw := d.width(clean(b.ActualText)) + 0.5
		// Above and to the left of the last point: the line arrives from
		// the lower left, the forecast leaves to the upper right.
		lx := p.X - sw - 1.2
		if lx < px {
			lx = p.X + 1.2
		}
		d.text(lx, p.Y-lh-0.3, sw, b.ActualText, "L")
	}
}

// polyline strokes a line through pts, with dot markers if dots.
func (d *doc) polyline(pts []fpdfPoint, c rgb, w float64, dots bool) {
	d.stroke(c, w)
	d.pdf.SetLineJoinStyle("round")
	d.pdf.SetLineCapStyle("round")
	for i := 1; i < len(pts); i++ {
		d.pdf.Line(pts[i-1].X, pts[i-1].Y, pts[i].X, pts[i].Y)
	}
	if dots {
		d.fill(c)
		for _, p := range pts {
			d.pdf.Circle(p.X, p.Y, 0.7, "F")
		}
	}
	d.pdf.SetLineCapStyle("butt")
}

// mixChart is the actual share of spend by role against the stage's
// recommended share.
func (d *doc) mixChart(x, y, w, h float64) {
	title := d.t("chart.mix")
	if d.rep.Stage != "" {
		title = d.t("chart.mix_stage", "stage", d.l.T("stage."+d.rep.Stage))
	}
	top := d.panel(x, y, w, title)
	top += d.legend(x, top, w, []legendItem{{label: d.t("legend.recommended"), c: cPlan}, {label: d.t("legend.actual_share"), c: cActual}}) + 2
	var rows []barRow
	for _, m := range d.rep.Mix {
		if m.Actual == 0 && m.RecommendedPct == 0 {
			continue
		}
		rows = append(rows, barRow{label: d.l.Role(m.Role), a: m.ActualPct, b: m.RecommendedPct})
	}
	if len(rows) == 0 || d.rep.Totals.Actual <= 0 {
		d.noData(x, top, w, y+h-top, d.t("chart.nodata.mix"))
		return
	}
	pct := func(v float64) string { return d.l.Pct(v) }
	d.hbars(x, top, w, y+h-top-6, rows, func(v, _ float64) string {
		return d.l.T("pdf.axis.pct", "v", math.Round(v))
	}, pct)
	d.font(7, cMuted)
	core, _ := reports.Pct(d.rep.CoreTest[0], d.rep.CoreTest[0]+d.rep.CoreTest[1])
	d.text(x, y+h-4, w, d.t("chart.core", "core", d.l.Pct(core), "target", d.l.Pct(d.rep.CoreTargetPc)), "L")
}

// funnelChart is the total funnel with the conversion from each stage to
// the next.
func (d *doc) funnelChart(x, y, w, h float64) {
	top := d.panel(x, y, w, d.t("chart.funnel"))
	f := d.rep.Funnel
	if f.Funnel.IsZero() {
		d.noData(x, top, w, y+h-top, d.t("chart.nodata.funnel"))
		return
	}
	stages := []struct {
		code string
		n    int64
	}{{"leads", f.Leads}, {"mql", f.MQL}, {"sql", f.SQL}, {"opps", f.Opps}, {"poc", f.POC}, {"won", f.Won}}
	var maxN int64
	for _, s := range stages {
		if s.n > maxN {
			maxN = s.n
		}
	}
	d.font(7, cMuted)
	lh := d.lineH()
	convW := 20.0
	labelW := math.Min(24, w*0.28)
	px := x + labelW + 2
	pw := w - labelW - 2 - convW - 14
	d.text(x+w-convW, top, convW, d.t("chart.conversion"), "R")
	top += lh + 1
	band := math.Min((y+h-top-10)/float64(len(stages)), 13)
	barH := band * 0.62
	for i, s := range stages {
		by := top + float64(i)*band
		d.font(8, cInk)
		d.text(x, by+barH/2-d.lineH()/2, labelW, d.l.T("funnel."+s.code), "R")
		bw := 0.0
		if maxN > 0 {
			bw = float64(s.n) / float64(maxN) * pw
		}
		c := cFunnel
		if i >= 3 {
			c = cFunnelLo
		}
		d.rect(px, by, math.Max(bw, 0.6), barH, c)
		d.font(7.5, cInk)
		cnt := d.l.Int(s.n)
		d.text(px+math.Max(bw, 0.6)+1.2, by+barH/2-d.lineH()/2, 14, cnt, "L")
		if i > 0 {
			s := d.l.T("na")
			if c, ok := conversionInto(d.rep.Funnel, stages[i].code); ok && c.OK {
				s = d.l.Pct(c.Rate)
			}
			d.font(7.5, cMuted)
			cy := by - (band-barH)/2
			sw := d.width(clean(s))
			d.text(x+w-sw-0.5, cy-d.lineH()/2, sw+0.5, s, "R")
			d.triangle(x+w-sw-3, cy, 1.8, false, cFaint)
		}
	}
	// Revenue and the funnel's unit costs under the bars.
	d.font(7, cMuted)
	yy := top + float64(len(stages))*band + 1
	line := d.t("chart.funnel_revenue", "amount", d.l.MoneyShort(f.Revenue))
	for _, u := range f.UnitCosts {
		if u.Code == "cpl" && u.OK {
			line += " · " + d.l.T("label.value", "label", d.l.T("cost.cpl"), "value", d.l.MoneyShort(u.Cost))
		}
	}
	d.text(x, yy, w, line, "L")
	// The business-loop unit costs (domain.md §4) when lines carry a loop.
	if loops := d.pg.Loops; len(loops) > 0 {
		d.para(x, yy+d.lineH(), w, strings.Join(loops, " · "), 2)
	}
}

// conversionInto returns the conversion that ends at stage code. It looks
// the stage up by code, not by position: analysis skips POC when it is not
// tracked (zero while deals were won) and converts opportunities straight
// to won, so the list is then one shorter.
func conversionInto(f reports.FunnelStats, code string) (reports.StageConversion, bool) {
	for _, c := range f.Conversions {
		if c.To == code {
			return c, true
		}
	}
	return reports.StageConversion{}, false
}
