package html

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/budgetlens/budgetlens/reports/present"
)

// trendSVG draws the index's trend as an inline SVG (the index carries no
// chart library): per month an outlined light plan column (PL) with the actual
// column (AC) over it, red over plan, green under, navy on plan. It scales
// to the page width, so it reads on a phone.
func trendSVG(t present.Trend) template.HTML {
	if len(t.Months) == 0 {
		return ""
	}
	const w, h, pad, base = 760.0, 180.0, 4.0, 160.0
	if t.Scale.Max <= 0 {
		return ""
	}
	// The model's scale: the columns start at zero, which lies above the
	// bottom when a month's spend is negative (credit notes).
	yOf := func(v float64) float64 { return base - t.Scale.Frac(v)*(base-10) }
	zero := yOf(0)
	col := func(v float64) (y, hgt float64) {
		y = yOf(v)
		return math.Min(y, zero), math.Abs(zero - y)
	}
	slot := (w - 2*pad) / float64(len(t.Months))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="trend" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" preserveAspectRatio="xMidYMid meet">`, w, h, template.HTMLEscapeString(t.Title))
	for i, m := range t.Months {
		x := pad + float64(i)*slot
		py, ph := col(m.Plan)
		ay, ah := col(m.Actual)
		// Plan (PL): light with a dark outline; actual (AC): solid, in
		// its tone — as in the report charts.
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="%s" stroke-width="1"><title>%s</title></rect>`, x+slot*0.12, py, slot*0.6, ph, present.ColourPL, present.ColourPLLine, template.HTMLEscapeString(m.Label))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x+slot*0.3, ay, slot*0.4, ah, toneColour(m.Tone, present.ColourAC))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle" font-size="11" fill="%s">%s</text>`, x+slot/2, base+14, colText, template.HTMLEscapeString(m.Label))
	}
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s"/></svg>`, pad, zero, w-pad, zero, colText)
	return template.HTML(b.String())
}
