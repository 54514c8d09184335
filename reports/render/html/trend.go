package html

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/budgetlens/budgetlens/reports/present"
)

// trendSVG draws the index's trend as an inline SVG (the index carries no
// chart library): per month a light plan column (PL) with the actual
// column (AC) over it, red over plan, green under, navy on plan. It scales
// to the page width, so it reads on a phone.
func trendSVG(t present.Trend) template.HTML {
	if len(t.Months) == 0 {
		return ""
	}
	const w, h, pad, base = 760.0, 180.0, 4.0, 160.0
	top := 0.0
	for _, m := range t.Months {
		top = math.Max(top, math.Max(m.Plan, m.Actual))
	}
	if top <= 0 {
		return ""
	}
	slot := (w - 2*pad) / float64(len(t.Months))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="trend" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" preserveAspectRatio="xMidYMid meet">`, w, h, template.HTMLEscapeString(t.Title))
	for i, m := range t.Months {
		x := pad + float64(i)*slot
		ph := m.Plan / top * (base - 10)
		ah := m.Actual / top * (base - 10)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title></rect>`, x+slot*0.12, base-ph, slot*0.6, ph, colBudget, template.HTMLEscapeString(m.Label))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x+slot*0.3, base-ah, slot*0.4, ah, toneColour(m.Tone, colActual))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle" font-size="11" fill="%s">%s</text>`, x+slot/2, base+14, colText, template.HTMLEscapeString(m.Label))
	}
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="%s"/></svg>`, pad, base, w-pad, base, colText)
	return template.HTML(b.String())
}
