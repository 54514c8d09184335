package html

import (
	"context"
	"testing"
)

// wordLayout is what wordBreakProbe reports about a page's text.
type wordLayout struct {
	// Words counts the Latin words measured in the page's text, Labels
	// the chart texts checked.
	Words, Labels int
	// Broken lists page words the browser split across two lines between
	// two letters or digits ("Customer opera|tions").
	Broken []string
	// LabelBroken lists chart texts holding a piece of a word: a line of
	// a wrapped category name that is not made of whole words.
	LabelBroken []string
}

// wordBreakProbe measures where the browser breaks lines. In the page's
// text, every run of non-space, non-CJK characters (a Latin word, a
// number, an amount) is measured with Range.getClientRects; one that
// spans two lines must break after punctuation ("-", "/"), never between
// two letters or digits. Chinese may break between any two characters and
// is not checked. Chart texts are SVG: each line a text element; its
// Latin words must be whole words of the chart's option (category names,
// series and legend names) or end in "…" (a name shortened to fit, whole
// in the tooltip).
const wordBreakProbe = `(() => {
	const out = {Words: 0, Labels: 0, Broken: [], LabelBroken: []};
	const run = /[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]{2,}/g;
	const alnum = c => /[A-Za-z0-9\u00C0-\u024F]/.test(c);
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walk.nextNode(); n; n = walk.nextNode()) {
		const el = n.parentElement;
		if (!el || el.closest("script,style,pre,.hash,.sr,[data-chart],svg,noscript")) continue;
		const text = n.textContent;
		for (const m of text.matchAll(run)) {
			const r = document.createRange();
			r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
			const rects = [...r.getClientRects()].filter(b => b.width > 0);
			if (!rects.length) continue;
			out.Words++;
			if (new Set(rects.map(b => Math.round(b.top))).size < 2) continue;
			// Find the break: the first character on a new line.
			let prevTop = null;
			for (let i = 0; i < m[0].length; i++) {
				r.setStart(n, m.index + i); r.setEnd(n, m.index + i + 1);
				const b = [...r.getClientRects()].filter(b => b.width > 0)[0];
				if (!b) continue;
				if (prevTop !== null && Math.abs(b.top - prevTop) > 2 && alnum(m[0][i - 1]) && alnum(m[0][i])) {
					out.Broken.push(JSON.stringify(m[0].slice(0, i) + "|" + m[0].slice(i)) + " in " + JSON.stringify(text.trim().slice(0, 60)));
					break;
				}
				prevTop = b.top;
			}
		}
	}
	const word = /[A-Za-z\u00C0-\u024F]{2,}/g;
	document.querySelectorAll('[data-chart][data-rendered="1"]').forEach(el => {
		const c = echarts.getInstanceByDom(el); if (!c) return;
		const dict = new Set();
		const collect = v => {
			if (typeof v === "string") { for (const w of v.matchAll(word)) dict.add(w[0]); }
			else if (Array.isArray(v)) v.forEach(collect);
			else if (v && typeof v === "object") Object.values(v).forEach(collect);
		};
		collect(c.getOption());
		el.querySelectorAll("svg text").forEach(t => {
			const b = t.getBoundingClientRect(); if (!b.width) return;
			out.Labels++;
			for (const tok of t.textContent.split(/\s+/)) {
				for (const w of tok.matchAll(word)) {
					const shortened = tok.endsWith("…") && w.index + w[0].length === tok.length - 1;
					if (!dict.has(w[0]) && !shortened) out.LabelBroken.push(el.id + ": " + JSON.stringify(t.textContent));
				}
			}
		});
	});
	return JSON.stringify(out);
})()`

// checkWordBreaks fails when the page or a chart breaks a word between
// two letters. A page with charts must have chart texts to check.
func checkWordBreaks(ctx context.Context, t *testing.T, p *page, charts bool) {
	t.Helper()
	var got wordLayout
	if err := p.evalJSON(ctx, wordBreakProbe, &got); err != nil {
		t.Fatal(err)
	}
	if got.Words == 0 || (charts && got.Labels == 0) {
		t.Errorf("probe measured %d words and %d chart texts, want some of each", got.Words, got.Labels)
	}
	for _, b := range got.Broken {
		t.Errorf("word broken between two letters: %s", b)
	}
	for _, b := range got.LabelBroken {
		t.Errorf("chart text holds a piece of a word: %s", b)
	}
}

// wordBreakSelfTest squeezes a table cell and the charts' category names
// until they must break mid-word and requires the probe to see both, so
// checkWordBreaks cannot pass by measuring nothing. It leaves the page
// broken.
func wordBreakSelfTest(ctx context.Context, t *testing.T, p *page) {
	t.Helper()
	var broken wordLayout
	if err := p.evalJSON(ctx, `(() => {
			const td = [...document.querySelectorAll("table td")].find(td => /[A-Za-z]{8,}/.test(td.textContent));
			if (td) td.setAttribute("style", "white-space:normal;word-break:break-all;max-width:2em;width:2em;min-width:0");
			document.querySelectorAll("[data-chart]").forEach(el => {
				const c = echarts.getInstanceByDom(el); if (!c) return;
				const squeeze = {axisLabel: {formatter: v => v, width: 12, overflow: "breakAll", interval: 0, hideOverlap: false}};
				const cat = axes => (axes || []).map(a => a.type === "category" ? squeeze : {});
				c.setOption({xAxis: cat(c.getOption().xAxis), yAxis: cat(c.getOption().yAxis)});
			});
			return `+wordBreakProbe+`; })()`, &broken); err != nil {
		t.Fatal(err)
	}
	if len(broken.Broken) == 0 || len(broken.LabelBroken) == 0 {
		t.Errorf("words squeezed on purpose: probe found %d broken page words and %d broken chart words, want some of each", len(broken.Broken), len(broken.LabelBroken))
	}
}
