package pdf

import (
	"math"
	"slices"

	"github.com/budgetlens/budgetlens/reports/present"
)

// varianceCharts is the page that explains the variance: the walk from
// plan to landing by category, actual against plan month by month, and
// the variance by category and by channel. Each chart's title states its
// message; red is over plan (bad), green under (good), in every format.
func (d *doc) varianceCharts() {
	c := d.pg.Charts
	if len(c.Waterfall.Steps) == 0 && c.Monthly.Title == "" && len(c.ByCategory.Bars) == 0 {
		return
	}
	d.section(d.t("vcharts.title"))
	const gap = 8.0
	if len(c.Waterfall.Steps) > 0 {
		d.waterfall(marginX, d.y, contentW, 62, c.Waterfall)
		d.y += 62 + gap
	}
	if len(c.Monthly.Months) > 0 && c.Monthly.Title != "" {
		d.monthly(marginX, d.y, contentW, 58, c.Monthly)
		d.y += 58 + gap
	}
	w := (contentW - gap) / 2
	// The pins' footnotes (a line without a plan, a pin cut at the
	// cap) go under each chart: keep room for them on the page.
	d.font(6.5, cMuted)
	noteH := math.Max(d.notesHeight(w, c.ByCategory.PctNotes), d.notesHeight(w, c.ByChannel.PctNotes))
	h := math.Min(bottom-d.y-noteH, 90)
	if h < 40 {
		d.newPage()
		h = 90
	}
	if len(c.ByCategory.Bars) > 0 {
		// One label column for both charts, so their shared scale is
		// also the same length on the page; one column for the
		// percentages too.
		d.font(7.5, cInk)
		labelW := 0.0
		all := append(slices.Clone(c.ByCategory.Bars), c.ByChannel.Bars...)
		for _, bar := range all {
			labelW = math.Max(labelW, d.width(clean(bar.Label)))
		}
		labelW = math.Min(labelW+3, w*0.34)
		d.font(7, cInk)
		pctW := d.width(c.ByCategory.PctLabel)
		for _, bar := range all {
			pctW = math.Max(pctW, d.width(bar.Pct))
		}
		pctW += 1.5
		// The footnotes right under the taller chart's last row.
		below := max(d.varBars(marginX, d.y, w, h, labelW, pctW, c.ByCategory, d.l.T("present.chart.variance_category")),
			d.varBars(marginX+w+gap, d.y, w, h, labelW, pctW, c.ByChannel, d.l.T("present.chart.variance_channel")))
		d.font(6.5, cMuted)
		d.notes(marginX, below+2, w, c.ByCategory.PctNotes)
		d.notes(marginX+w+gap, below+2, w, c.ByChannel.PctNotes)
		d.y += h + noteH + 4
	}
	d.newPage()
}

// messagePanel writes a chart's message title and its plain label and
// returns the y below them.
func (d *doc) messagePanel(x, y, w float64, message, label string) float64 {
	d.font(10, cInk)
	y += d.para(x, y, w, message, 2)
	d.font(7.5, cMuted)
	y += d.text(x, y, w, label, "L")
	d.hline(x, x+w, y+0.4, cRule, 0.25)
	return y + 2.5
}

func toneColour(t present.Tone, neutral rgb) rgb {
	switch t {
	case present.Bad:
		return cBad
	case present.Good:
		return cGood
	}
	return neutral
}

// notesHeight is the height of notes at the current font size.
func (d *doc) notesHeight(w float64, notes []string) float64 {
	h := 0.0
	for _, n := range notes {
		h += d.paraHeight(w, n, 0)
	}
	return h
}

// notes writes a chart's footnotes at the current font size.
func (d *doc) notes(x, y, w float64, notes []string) {
	for _, n := range notes {
		y += d.para(x, y, w, n, 0)
	}
}

// varBars draws horizontal variance bars around a zero line: over plan to
// the right in red, under plan to the left in green, each labelled with
// its amount; and, in a narrow column right of them on the same rows, the
// relative variance as pins (IBCS ΔPL%: a thin line from zero, a dot at
// the percentage, an arrow where it is cut at the cap; "—" without a
// plan), labelled with the percentage in a column pctW wide. It returns
// the y below the last row.
func (d *doc) varBars(x, y, w, h, labelW, pctW float64, b present.Bars, label string) float64 {
	top := d.messagePanel(x, y, w, b.Title, label)
	if len(b.Bars) == 0 {
		d.noData(x, top, w, 20, d.t("chart.nodata.spend"))
		return top + 20
	}
	pinW := math.Min(w*0.3, 14+pctW)
	d.font(6.5, cMuted)
	d.text(x+w-pinW, top, pinW, b.PctLabel, "R")
	top += d.lineH()
	d.pins(x+w-pinW+2, top, pinW-2, pctW, math.Min((y+h-top)/float64(len(b.Bars)), 9), b)
	plotX := x + labelW
	plotW := w - labelW - pinW
	// The model's scale, shared with the other variance chart: the zero
	// line and a bar's length per amount are the same in both. Room for
	// the value labels on the sides that have bars.
	sc := b.Scale
	valW := 16.0
	left, right := valW, valW
	if sc.Min >= 0 {
		left = 1
	}
	if sc.Max <= 0 {
		right = 1
	}
	xOf := func(v float64) float64 { return plotX + left + sc.Frac(v)*(plotW-left-right) }
	zero := xOf(0)
	band := math.Min((y+h-top)/float64(len(b.Bars)), 9)
	barH := band * 0.6
	d.stroke(cMuted, 0.3)
	d.pdf.Line(zero, top, zero, top+band*float64(len(b.Bars)))
	for i, bar := range b.Bars {
		by := top + float64(i)*band
		d.font(7.5, cInk)
		// A long name wraps to two lines rather than being cut.
		lines := min(len(d.wrap(bar.Label, labelW-2)), 2)
		d.para(x, by+band/2-float64(lines)*d.lineH()/2, labelW-2, bar.Label, 2)
		bw := math.Abs(xOf(bar.Value) - zero)
		col := toneColour(bar.Tone, cPlan)
		bx := zero
		if bar.Value < 0 {
			bx = zero - bw
		}
		d.rect(bx, by+(band-barH)/2, math.Max(bw, 0.4), barH, col)
		d.font(7, col)
		if bar.Value < 0 {
			d.text(bx-valW-1, by+band/2-d.lineH()/2, valW, bar.Text, "R")
		} else {
			d.text(bx+bw+1, by+band/2-d.lineH()/2, valW, bar.Text, "L")
		}
	}
	return top + band*float64(len(b.Bars))
}

// pins draws the relative variance pins of b, one per bar row of height
// band, on the model's percent scale: the plot in w − pctW, the
// percentages right of it.
func (d *doc) pins(x, top, w, pctW, band float64, b present.Bars) {
	sc := b.PctScale
	plotW := w - pctW - 1.5
	xOf := func(v float64) float64 { return x + sc.Frac(v)*plotW }
	zero := xOf(0)
	d.stroke(cMuted, 0.3)
	d.pdf.Line(zero, top, zero, top+band*float64(len(b.Bars)))
	for i, bar := range b.Bars {
		cy := top + float64(i)*band + band/2
		d.font(7, cMuted)
		if !bar.HasPct {
			d.text(x+w-pctW, cy-d.lineH()/2, pctW, bar.Pct, "R")
			continue
		}
		col := toneColour(bar.Tone, cPlan)
		end := xOf(bar.PctValue)
		d.stroke(col, 0.45)
		d.pdf.Line(zero, cy, end, cy)
		d.fill(col)
		if bar.Capped {
			// An arrow head at the axis end: the pin goes on.
			s := 1.3
			if bar.PctValue < 0 {
				s = -s
			}
			d.pdf.Polygon([]fpdfPoint{{X: end - s, Y: cy - 1.1}, {X: end + s*0.4, Y: cy}, {X: end - s, Y: cy + 1.1}}, "F")
		} else {
			d.pdf.Circle(end, cy, 0.85, "F")
		}
		d.font(7, col)
		d.text(x+w-pctW, cy-d.lineH()/2, pctW, bar.Pct, "R")
	}
}

// monthly draws actual (AC, solid, red over plan and green under)
// against plan (PL, light and outlined) month by month, last year's
// month (PY, grey) beside them when last year's ledgers were read; the
// months ahead show the forecast (FC, hatched), which is the plan. Every
// column is drawn on the model's scale.
func (d *doc) monthly(x, y, w, h float64, m present.Monthly) {
	top := d.messagePanel(x, y, w, m.Title, d.l.T("present.chart.monthly"))
	items := []legendItem{}
	if m.HasPrior {
		items = append(items, legendItem{label: d.l.T("present.series.py"), sc: scPY})
	}
	items = append(items,
		legendItem{label: d.l.T("present.series.pl"), sc: scPL},
		legendItem{label: d.l.T("present.series.ac"), sc: scAC, c: cActual},
	)
	if m.HasForecast {
		items = append(items, legendItem{label: d.l.T("present.series.fc"), sc: scFC})
	}
	lh := d.legend(x, top, w, items)
	top += lh + 1.5
	sc := m.Scale
	tickTop := math.Max(math.Abs(sc.Min), sc.Max)
	d.font(7, cMuted)
	axisW := 0.0
	for v := sc.Min; v <= sc.Max+sc.Step/2; v += sc.Step {
		axisW = math.Max(axisW, d.width(clean(d.moneyTick(v, tickTop))))
	}
	axisW += 1.5
	plotX := x + axisW + 1
	plotW := w - axisW - 1
	bottomY := y + h - 5
	plotH := bottomY - top
	yOf := func(v float64) float64 { return bottomY - sc.Frac(v)*plotH }
	for v := sc.Min; v <= sc.Max+sc.Step/2; v += sc.Step {
		gy := yOf(v)
		d.hline(plotX, plotX+plotW, gy, cGrid, 0.2)
		d.font(7, cMuted)
		d.text(x, gy-d.lineH()/2, axisW, d.moneyTick(v, tickTop), "R")
	}
	zeroY := yOf(0)
	n := float64(len(m.Months))
	slot := plotW / n
	cols := 2.0
	if m.HasPrior {
		cols = 3
	}
	colW := slot * 0.66 / cols
	for i, c := range m.Months {
		left := plotX + float64(i)*slot + slot*0.17
		col := func(k float64, s scenario, v float64, ac rgb) {
			d.scenarioRect(s, left+k*colW+0.15, zeroY, colW-0.3, yOf(v)-zeroY, ac)
		}
		k := 0.0
		if m.HasPrior {
			if c.HasPrior {
				col(k, scPY, c.Prior, cPY)
			}
			k++
		}
		col(k, scPL, c.Plan, cPLFill)
		k++
		if c.HasActual {
			col(k, scAC, c.Actual, toneColour(c.Tone, cActual))
		} else if c.Forecast != 0 {
			col(k, scFC, c.Forecast, cFC)
		}
		d.font(7, cMuted)
		d.text(plotX+float64(i)*slot, bottomY+0.8, slot, c.Label, "C")
	}
	d.hline(plotX, plotX+plotW, zeroY, cMuted, 0.3)
}

// waterfall draws the walk from plan to landing: the plan and the landing
// as full columns, each category's variance as a floating step, red up
// (over plan) and green down (under plan).
func (d *doc) waterfall(x, y, w, h float64, wf present.Waterfall) {
	top := d.messagePanel(x, y, w, wf.Title, d.l.T("present.chart.waterfall"))
	top += 4 // room for the value labels above the columns
	maxV, minV := 0.0, math.Inf(1)
	for _, s := range wf.Steps {
		lo, hi := s.Base, s.Base+s.Value
		if s.Total {
			lo, hi = s.Value, s.Value // the column's top; it starts at the axis
		}
		maxV = math.Max(maxV, math.Max(lo, hi))
		minV = math.Min(minV, math.Min(lo, hi))
	}
	// The plan column dwarfs the steps: start the axis near the smallest
	// running total so the steps are visible, and say so with a break.
	floor := 0.0
	if minV > 0 && maxV > 0 {
		floor = math.Max(0, minV-math.Max(maxV-minV, maxV*0.02)*0.8)
	}
	baseY := y + h - 9
	plotH := baseY - top
	scale := func(v float64) float64 { return baseY - (v-floor)/(maxV-floor)*plotH }
	n := float64(len(wf.Steps))
	slot := w / n
	colW := math.Min(slot*0.6, 16)
	prevTop := 0.0
	for i, s := range wf.Steps {
		cx := x + float64(i)*slot + slot/2
		var y1, y2 float64
		col := toneColour(s.Tone, cActual)
		if s.Total {
			y1, y2 = scale(s.Value), baseY
		} else {
			a, b := scale(s.Base), scale(s.Base+s.Value)
			y1, y2 = math.Min(a, b), math.Max(a, b)
		}
		if s.Total && i == 0 {
			d.scenarioRect(scPL, cx-colW/2, y1, colW, y2-y1, col) // the plan: PL, outlined
		} else if s.Forecast {
			d.scenarioRect(scFC, cx-colW/2, y1, colW, y2-y1, col) // the landing: FC, hatched in its tone
		} else {
			d.rect(cx-colW/2, y1, colW, math.Max(y2-y1, 0.4), col)
		}
		if i > 0 {
			// A connector from the previous column's running total.
			d.stroke(cMuted, 0.2)
			d.pdf.SetDashPattern([]float64{0.6, 0.6}, 0)
			d.pdf.Line(cx-slot+colW/2, prevTop, cx-colW/2, prevTop)
			d.pdf.SetDashPattern(nil, 0)
		}
		if s.Total {
			prevTop = scale(s.Value)
		} else {
			prevTop = scale(s.Base + s.Value)
		}
		d.font(7, toneColour(s.Tone, cInk))
		d.text(cx-slot/2, y1-d.lineH()-0.3, slot, s.Text, "C")
		d.font(7, cInk)
		d.para(cx-slot/2+0.5, baseY+0.8, slot-1, s.Label, 2)
	}
	d.hline(x, x+w, baseY, cMuted, 0.3)
	if floor > 0 {
		// Axis break marks on the two total columns.
		for _, i := range []int{0, len(wf.Steps) - 1} {
			cx := x + float64(i)*slot + slot/2
			d.stroke(cWhite, 0.8)
			d.pdf.Line(cx-colW/2-0.5, baseY-3.2, cx+colW/2+0.5, baseY-4.2)
		}
	}
}
