package html

import (
	"context"
	"testing"
)

// chartLayout is what chartLayoutProbe reports about a page's charts.
type chartLayout struct {
	Viewport int
	// Wide lists charts whose drawing is wider than the viewport or
	// reaches past its right edge.
	Wide []string
	// Clipped lists texts drawn (partly) outside their chart, where the
	// browser cuts them off.
	Clipped []string
	// Overlaps lists pairs of texts in one chart whose boxes intersect.
	Overlaps []string
}

// chartLayoutProbe measures every rendered chart's SVG: its box against
// the viewport, and each visible text's box (ECharts removes the labels
// hideOverlap drops) against the SVG's box and the chart's other texts.
// Boxes are shrunk by 1px so touching glyph boxes do not count.
const chartLayoutProbe = `(() => {
	const vw = document.documentElement.clientWidth, out = {Viewport: vw, Wide: [], Clipped: [], Overlaps: []};
	document.querySelectorAll('[data-chart][data-rendered="1"]').forEach(el => {
		const svg = el.querySelector("svg"); if (!svg) return;
		const s = svg.getBoundingClientRect();
		if (s.width > vw || s.right > vw + 0.5) out.Wide.push(el.id + ": " + Math.round(s.left) + "–" + Math.round(s.right) + "px");
		const texts = [...svg.querySelectorAll("text")].filter(t => {
			const cs = getComputedStyle(t); const r = t.getBoundingClientRect();
			return cs.display !== "none" && cs.visibility !== "hidden" && Number(t.getAttribute("opacity") ?? 1) > 0 && Number(cs.opacity) > 0 && r.width > 0 && t.textContent.trim() !== "";
		}).map(t => { const r = t.getBoundingClientRect(); return {t: t.textContent, l: r.left + 1, r: r.right - 1, top: r.top + 1, b: r.bottom - 1}; });
		texts.forEach(a => { if (a.l < s.left - 0.5 || a.r > s.right + 0.5 || a.top < s.top - 0.5 || a.b > s.bottom + 0.5) out.Clipped.push(el.id + ": " + a.t); });
		for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
			const a = texts[i], b = texts[j];
			if (a.l < b.r && b.l < a.r && a.top < b.b && b.top < a.b) out.Overlaps.push(el.id + ": " + JSON.stringify(a.t) + " × " + JSON.stringify(b.t));
		}
	});
	return JSON.stringify(out);
})()`

// checkChartLayout fails when a chart is wider than the viewport, a text
// is cut off at a chart's edge, or two texts of a chart overlap (at any
// width: a phone wraps category names and drops the labels that would
// still collide). With selfTest it then breaks the first charts on
// purpose and requires the probe to see it, so the check cannot pass
// by measuring nothing.
func checkChartLayout(ctx context.Context, t *testing.T, p *page, selfTest bool) {
	t.Helper()
	var got chartLayout
	if err := p.evalJSON(ctx, chartLayoutProbe, &got); err != nil {
		t.Fatal(err)
	}
	for _, w := range got.Wide {
		t.Errorf("chart wider than the %dpx viewport: %s", got.Viewport, w)
	}
	for _, c := range got.Clipped {
		t.Errorf("text cut off at the chart's edge: %s", c)
	}
	for _, o := range got.Overlaps {
		t.Errorf("texts overlap: %s", o)
	}
	if !selfTest {
		return
	}
	// Push every chart's plot past its right edge, and give the monthly
	// columns' names a size at which they must collide.
	if err := p.evalJSON(ctx, `(() => { document.querySelectorAll("[data-chart]").forEach(el => {
			const c = echarts.getInstanceByDom(el); if (!c || !(c.getOption().xAxis || []).length) return;
			c.setOption({grid: [{right: -300}], xAxis: [{axisLabel: {fontSize: 40, hideOverlap: false, interval: 0, width: null, overflow: "none"}}]}); });
			return "{}"; })()`, &struct{}{}); err != nil {
		t.Fatal(err)
	}
	var broken chartLayout
	if err := p.evalJSON(ctx, chartLayoutProbe, &broken); err != nil {
		t.Fatal(err)
	}
	if len(broken.Clipped) == 0 || len(broken.Overlaps) == 0 {
		t.Errorf("charts broken on purpose: probe found %d cut and %d overlapping texts, want some of each", len(broken.Clipped), len(broken.Overlaps))
	}
}
