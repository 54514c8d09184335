package pdf

// scenario is an IBCS scenario a chart draws: actual (AC), plan (PL),
// forecast (FC) or prior year (PY). Each is drawn so that a grey-scale
// print still tells it from the others: AC solid dark (red or green by
// its tone), PL a light fill with a dark outline, FC hatched with a
// dashed outline, PY solid mid grey.
type scenario int

const (
	scNone scenario = iota
	scAC
	scPL
	scFC
	scPY
)

// hatchGap is the distance between the forecast's hatch lines, in mm.
const hatchGap = 1.2

// scenarioRect draws a column or bar of scenario s over the rectangle
// from (x, y) with width w and height h (either may be negative). ac is
// the actual's colour (its tone), and the forecast's hatch colour.
func (d *doc) scenarioRect(s scenario, x, y, w, h float64, ac rgb) {
	if w < 0 {
		x, w = x+w, -w
	}
	if h < 0 {
		y, h = y+h, -h
	}
	if w <= 0 || h <= 0 {
		return
	}
	switch s {
	case scAC:
		d.rect(x, y, w, h, ac)
	case scPY:
		d.rect(x, y, w, h, cPY)
	case scPL:
		d.rect(x, y, w, h, cPLFill)
		d.stroke(cPLLine, 0.3)
		d.pdf.Rect(x, y, w, h, "D")
	case scFC:
		// Hatched in ac: the forecast's colour, or a landing's tone.
		d.rect(x, y, w, h, cWhite)
		d.stroke(ac, 0.3)
		d.pdf.ClipRect(x, y, w, h, false)
		// Diagonal lines from lower left to upper right, every hatchGap.
		for o := -h; o < w; o += hatchGap {
			d.pdf.Line(x+o, y+h, x+o+h, y)
		}
		d.pdf.ClipEnd()
		d.pdf.SetDashPattern([]float64{0.8, 0.6}, 0)
		d.pdf.Rect(x, y, w, h, "D")
		d.pdf.SetDashPattern(nil, 0)
	}
}

// scenarioLine strokes a line of scenario s through pts: AC solid dark
// with dots, PL light and thick, FC dashed dark, PY dotted grey.
func (d *doc) scenarioLine(s scenario, pts []fpdfPoint) {
	switch s {
	case scAC:
		d.polyline(pts, cActual, 0.8, true)
	case scPL:
		d.polyline(pts, cPlan, 1.1, false)
	case scFC:
		d.pdf.SetDashPattern([]float64{1.2, 1}, 0)
		d.polyline(pts, cFC, 0.6, false)
		d.pdf.SetDashPattern(nil, 0)
	case scPY:
		d.pdf.SetDashPattern([]float64{0.1, 1}, 0) // round caps make dots
		d.polyline(pts, cPY, 0.8, false)
		d.pdf.SetDashPattern(nil, 0)
	}
}
