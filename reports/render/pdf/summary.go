package pdf

import (
	"math"
	"sort"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/present"
)

// build lays out the whole document.
func (d *doc) build() {
	d.newPage()
	d.summary()
	d.newPage()
	d.entities()
	d.charts()
	d.varianceTable()
	d.unbudgeted()
	d.channels()
	d.findings()
	d.recommendations()
	d.dataNotes()
}

// headline is the one sentence an executive reads first.
func (d *doc) headline() string {
	r := d.rep
	var vs string
	switch pct, ok := r.Totals.VariancePct(); {
	case !ok:
		vs = d.t("headline.nobudget")
	case math.Abs(pct) < 0.5:
		vs = d.t("headline.onplan")
	case pct > 0:
		vs = d.t("headline.over", "pct", d.l.Pct(pct))
	default:
		vs = d.t("headline.under", "pct", d.l.Pct(-pct))
	}
	alerts, warns := r.Alerts()
	as := d.count("headline.alerts", alerts)
	if warns > 0 {
		as = d.t("headline.and", "a", as, "b", d.count("headline.warnings", warns))
	}
	return d.t("headline", "period", d.l.PeriodName(r.Period), "actual", d.l.MoneyShort(r.Totals.Actual), "variance", vs, "alerts", as)
}

// count picks key.none, key.one or key.many for n.
func (d *doc) count(key string, n int) string {
	switch n {
	case 0:
		return d.t(key + ".none")
	case 1:
		return d.t(key+".one", "n", d.l.Int(1))
	}
	return d.t(key+".many", "n", d.l.Int(int64(n)))
}

func (d *doc) summary() {
	r := d.rep
	d.font(9, cMuted)
	sub := d.l.T("kind."+string(r.Period.Kind)) + " · " + r.Company
	if r.Stage != "" {
		sub += " · " + d.t("stage", "stage", d.l.T("stage."+r.Stage))
	}
	d.y += d.text(marginX, d.y, contentW, sub, "L") + 1

	// One line if it fits at a readable size, else wrapped.
	head := clean(d.headline())
	size := 19.0
	d.font(size, cInk)
	for size > 15 && d.width(head) > contentW {
		size -= 0.5
		d.font(size, cInk)
	}
	if d.width(head) > contentW {
		d.font(17, cInk)
	}
	d.y += d.para(marginX, d.y, contentW, head, 3) + 2
	d.hline(marginX, marginX+24, d.y, cAccent, 1.2)
	d.y += 6

	d.tiles()
	d.y += 4
	// Budget to date vs the whole period, the original plan (PL) and last
	// year (PY), when there are any.
	if cs := d.l.Comparisons(r); len(cs) > 0 {
		d.font(8.5, cMuted)
		for _, c := range cs {
			d.y += d.para(marginX, d.y, contentW, c, 0) + 0.5
		}
		d.y += 3
	}

	// The three most important findings.
	d.summaryTitle(d.t("summary.findings"))
	fs := sortedFindings(r.Findings)
	if len(fs) == 0 {
		d.note(d.t("findings.none"))
	}
	for i, f := range fs {
		if i == 3 {
			d.font(8, cMuted)
			d.y += d.text(marginX+22, d.y, contentW-22, d.t("summary.more_findings", "n", len(fs)-3), "L")
			break
		}
		d.findingRow(f, 4)
	}
	d.y += 4

	d.summaryTitle(d.t("summary.recommendations"))
	d.planLines()
	recs := sortedRecs(r.Recommendations)
	if len(recs) == 0 {
		d.note(d.t("recs.none"))
	}
	for i, rc := range recs {
		if i == 3 {
			break
		}
		d.recRow(i+1, rc, 3)
	}
	d.y += 4
	d.largestVariances()
}

// largestVariances fills what is left of page 1 with the lines furthest
// from budget, at most five.
func (d *doc) largestVariances() {
	var lines []reports.LineResult
	for _, c := range d.rep.Categories {
		for _, l := range c.Lines {
			if l.Variance() != 0 {
				lines = append(lines, l)
			}
		}
	}
	for _, l := range d.rep.UnbudgetedLines {
		if l.Variance() != 0 {
			lines = append(lines, l)
		}
	}
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := lines[i].Variance(), lines[j].Variance()
		if a < 0 {
			a = -a
		}
		if b < 0 {
			b = -b
		}
		return a > b
	})
	t := d.varianceColumns("")
	room := int((bottom - d.y - 12 - t.rowH) / t.rowH)
	n := min(len(lines), 5, room)
	if n < 2 {
		return
	}
	d.summaryTitle(d.t("summary.variances"))
	t.header()
	for _, l := range lines[:n] {
		d.varRow(t, lineName(l, true), d.l.Role(l.Role), l.Amounts, false, 0)
	}
	if len(lines) > n {
		d.font(7.5, cMuted)
		d.y += 0.8
		d.y += d.text(marginX, d.y, contentW, d.t("summary.more_variances", "n", d.l.Int(int64(len(lines)-n))), "L")
	}
}

// lineName names a line in the variance tables: the channel (and region),
// prefixed with the category when withCategory.
func lineName(l reports.LineResult, withCategory bool) string {
	name := l.Channel
	switch {
	case name == "":
		name = l.Category
	case withCategory && l.Category != "":
		name = l.Category + " / " + name
	}
	if l.Region != "" {
		name += " · " + l.Region
	}
	return name
}

func (d *doc) summaryTitle(s string) {
	d.font(11, cAccent)
	d.y += d.text(marginX, d.y, contentW, s, "L") + 0.5
	d.hline(marginX, pageW-marginX, d.y, cRule, 0.3)
	d.y += 2.5
}

// note writes a muted "no data" sentence.
func (d *doc) note(s string) {
	d.font(9, cMuted)
	d.y += d.para(marginX, d.y, contentW, s, 0) + 3
}

type tile struct {
	label, value, sub string
	tone              int // -1 favourable, +1 unfavourable, 0 neutral
}

func (d *doc) tiles() {
	r := d.rep
	l := d.l
	na := l.T("na")
	var ts []tile

	used, okUsed := r.Totals.UsedPct()
	bsub := ""
	if okUsed {
		bsub = d.t("kpi.used", "pct", l.Pct(used))
	}
	ts = append(ts, tile{label: d.t("kpi.budget"), value: l.MoneyShort(r.Totals.Budget), sub: bsub})
	asub := ""
	if r.Unbudgeted != 0 {
		asub = d.t("kpi.unbudgeted", "amount", l.MoneyShort(r.Unbudgeted))
	}
	ts = append(ts, tile{label: d.t("kpi.actual"), value: l.MoneyShort(r.Totals.Actual), sub: asub})

	v := r.Totals.Variance()
	vt := tile{label: d.t("kpi.variance"), value: signedMoney(l.MoneyShort(v), v)}
	if pct, ok := r.Totals.VariancePct(); ok {
		vt.sub = d.t("kpi.variance_pct", "pct", l.SignedPct(pct))
	} else {
		vt.sub = d.t("headline.nobudget")
	}
	vt.tone = tone(v, r.Totals.Budget)
	ts = append(ts, vt)

	fc := r.Forecast
	yt := tile{label: d.t("kpi.ytd"), value: l.MoneyShort(fc.YTD.Actual)}
	if p, ok := fc.YTD.UsedPct(); ok {
		yt.sub = d.t("kpi.ytd_sub", "budget", l.MoneyShort(fc.YTD.Budget), "pct", l.Pct(p))
	} else {
		yt.sub = d.t("kpi.ytd_nobudget")
	}
	yt.tone = tone(fc.YTD.Variance(), fc.YTD.Budget)
	ts = append(ts, yt)

	lt := tile{label: d.t("kpi.landing"), value: na}
	if fc.MonthsElapsed > 0 {
		lt.value = l.MoneyShort(fc.Landing)
		if p, ok := reports.Pct(fc.Landing-fc.AnnualBudget, fc.AnnualBudget); ok {
			lt.sub = d.t("kpi.landing_sub", "budget", l.MoneyShort(fc.AnnualBudget), "pct", l.SignedPct(p))
		}
		lt.tone = tone(fc.Landing-fc.AnnualBudget, fc.AnnualBudget)
	}
	ts = append(ts, lt)

	fn := r.Funnel
	unit := func(code string) (reports.Money, bool) {
		for _, u := range fn.UnitCosts {
			if u.Code == code {
				return u.Cost, u.OK
			}
		}
		return 0, false
	}
	lead := tile{label: l.T("funnel.leads"), value: l.Int(fn.Leads)}
	if c, ok := unit("cpl"); ok {
		lead.sub = d.t("kpi.cpl", "amount", l.MoneyShort(c))
	}
	mql := tile{label: l.T("funnel.mql"), value: l.Int(fn.MQL)}
	if fn.Leads > 0 {
		mql.sub = d.t("kpi.of_leads", "pct", l.Pct(float64(fn.MQL)/float64(fn.Leads)*100))
	}
	won := tile{label: l.T("funnel.won"), value: l.Int(fn.Won)}
	if fn.Revenue != 0 {
		won.sub = d.t("kpi.revenue", "amount", l.MoneyShort(fn.Revenue))
	}
	cac := tile{label: l.T("cost.cac"), value: na}
	if c, ok := unit("cac"); ok {
		cac.value = l.MoneyShort(c)
		cac.sub = d.t("kpi.per_won")
	}
	roas := tile{label: d.t("kpi.roas"), value: na}
	if fn.ROASOK {
		roas.value = l.Ratio(fn.ROAS)
	}
	if fn.ROIOK {
		roas.sub = d.t("kpi.roi", "pct", l.Pct(fn.ROI*100))
	}
	ts = append(ts, lead, mql, won, cac, roas)

	const cols, gap, th = 5, 3.0, 23.0
	tw := (contentW - gap*(cols-1)) / cols
	for i, t := range ts {
		x := marginX + float64(i%cols)*(tw+gap)
		y := d.y + float64(i/cols)*(th+gap)
		d.drawTile(x, y, tw, th, t)
	}
	rows := (len(ts) + cols - 1) / cols
	d.y += float64(rows)*(th+gap) - gap
}

func (d *doc) drawTile(x, y, w, h float64, t tile) {
	d.rect(x, y, w, h, cTile)
	bar := cAccent
	switch t.tone {
	case 1:
		bar = cBad
	case -1:
		bar = cGood
	}
	d.rect(x, y, w, 0.9, bar)
	pad := 2.8
	d.font(7.5, cMuted)
	d.text(x+pad, y+2.6, w-2*pad, t.label, "L")
	avail := w - 2*pad
	if t.tone != 0 {
		avail -= 4
	}
	size := 15.0
	d.font(size, cInk)
	for size > 9 && d.width(clean(t.value)) > avail {
		size--
		d.font(size, cInk)
	}
	vx := x + pad
	if t.tone != 0 {
		// A triangle as well as colour, so the direction survives
		// grey-scale printing.
		c := cBad
		if t.tone < 0 {
			c = cGood
		}
		d.pdf.SetTextColor(c.r, c.g, c.b)
		d.triangle(vx+1.4, y+10.8, 2.8, t.tone > 0, c)
		vx += 4
	}
	d.text(vx, y+7.6, x+w-pad-vx, t.value, "L")
	if t.sub != "" {
		d.font(7, cMuted)
		d.para(x+pad, y+h-7.8, w-2*pad, t.sub, 2)
	}
}

// triangle draws ▲ (up) or ▼ centred on (cx, cy) with side s.
func (d *doc) triangle(cx, cy, s float64, up bool, c rgb) {
	d.fill(c)
	h := s * 0.87
	if up {
		d.pdf.Polygon([]fpdfPoint{pt(cx-s/2, cy+h/2), pt(cx+s/2, cy+h/2), pt(cx, cy-h/2)}, "F")
	} else {
		d.pdf.Polygon([]fpdfPoint{pt(cx-s/2, cy-h/2), pt(cx+s/2, cy-h/2), pt(cx, cy+h/2)}, "F")
	}
}

// tone says whether an overspend of v against budget is unfavourable (+1),
// favourable (−1) or about on plan (0: within 1%).
func tone(v, budget reports.Money) int {
	if budget == 0 {
		if v > 0 {
			return 1
		}
		return 0
	}
	p, _ := reports.Pct(v, budget)
	switch {
	case p >= 1:
		return 1
	case p <= -1:
		return -1
	}
	return 0
}

// signedMoney prefixes formatted money with "+" when v is positive.
func signedMoney(s string, v reports.Money) string {
	if v > 0 {
		return "+" + s
	}
	return s
}

func sortedFindings(in []reports.Finding) []reports.Finding {
	fs := append([]reports.Finding(nil), in...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Severity.Rank() > fs[j].Severity.Rank() })
	return fs
}

func sortedRecs(in []reports.Recommendation) []reports.Recommendation {
	rs := append([]reports.Recommendation(nil), in...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Priority < rs[j].Priority })
	return rs
}

// findingRow writes one finding: a severity chip, the subject and the
// message wrapped to at most maxLines lines (0: all).
func (d *doc) findingRow(f reports.Finding, maxLines int) {
	const chipW = 17.0
	textX := marginX + chipW + 4
	textW := contentW - chipW - 4
	d.font(9, cInk)
	h := d.paraHeight(textW, f.Message, maxLines)
	d.font(8, cMuted)
	h += d.lineH()
	d.need(h + 2)
	y := d.y
	c, tc := sevColour(f.Severity)
	d.rect(marginX, y+0.3, chipW, 4.6, c)
	d.font(7.5, tc)
	d.text(marginX, y+0.55, chipW, d.l.T("sev."+string(f.Severity)), "C")
	d.font(8, cMuted)
	y += d.text(textX, y, textW, f.Subject, "L")
	d.font(9, cInk)
	y += d.para(textX, y, textW, f.Message, maxLines)
	d.y = y + 2
}

// sevColour returns a severity's chip and text colours. The chips are
// dark, medium and light, so severities stay apart in grey-scale print.
func sevColour(s reports.Severity) (chip, text rgb) {
	switch s {
	case reports.SevAlert:
		return cBad, cWhite
	case reports.SevWarn:
		return cWarn, cWhite
	}
	return cGrid, cInk
}

func sevChip(s reports.Severity) rgb { c, _ := sevColour(s); return c }

// planLines writes the period's plan: the gap against the cuts, the cuts,
// the moves and the expected effect.
func (d *doc) planLines() {
	lines := present.PlanSummary(d.rep, d.l)
	if len(lines) == 0 {
		return
	}
	d.font(8.5, cInk)
	for _, line := range lines {
		h := d.paraHeight(contentW-4, line, 3)
		d.need(h + 1)
		d.y += d.para(marginX+2, d.y, contentW-4, line, 3) + 0.6
	}
	d.y += 2
}

// recRow writes one recommendation: its number, title, body and move.
func (d *doc) recRow(n int, rc reports.Recommendation, maxLines int) {
	title, body := present.RecommendationText(rc, d.rep, d.l)
	move := present.MoveText(rc, d.l)
	textX := marginX + 8
	textW := contentW - 8
	d.font(10, cInk)
	h := d.paraHeight(textW, title, 2)
	d.font(8.5, cMuted)
	h += d.paraHeight(textW, body, maxLines)
	if move != "" {
		h += d.lineH()
	}
	d.need(h + 2)
	y := d.y
	d.fill(cAccent)
	d.pdf.Circle(marginX+2.6, y+2.5, 2.4, "F")
	d.font(8.5, cWhite)
	d.text(marginX+0.2, y+0.8, 4.8, d.l.Int(int64(n)), "C")
	d.font(10, cInk)
	y += d.para(textX, y, textW, title, 2)
	d.font(8.5, cMuted)
	y += d.para(textX, y, textW, body, maxLines)
	if move != "" {
		d.font(8.5, cAccent)
		y += d.text(textX, y, textW, move, "L")
	}
	d.y = y + 2.5
}
