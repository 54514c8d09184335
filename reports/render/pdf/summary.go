package pdf

import (
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/present"
)

// build lays out the whole document.
func (d *doc) build() {
	d.newPage()
	d.summary()
	d.newPage()
	d.entities()
	d.varianceCharts()
	d.charts()
	d.varianceTable()
	d.unbudgeted()
	d.channels()
	d.findings()
	d.recommendations()
	d.appendix()
}

// minPageFill is the least content, in millimetres, a page should hold.
const minPageFill = 40.0

// appendix is the last page: what an analyst needs and an executive does
// not — the input files and their hashes, how every row was used, the
// reconciliation and the suggested config.
func (d *doc) appendix() {
	// A page holding only the end of the recommendations takes the
	// appendix too rather than staying nearly empty, and so does a page
	// with room for the whole appendix: two part-filled pages (the last
	// one a few lines) become one.
	if d.y-top >= minPageFill && d.y+appendixGap+d.appendixHeight() > bottom {
		d.newPage()
	} else if d.y > top {
		d.y += appendixGap
	}
	d.section(d.t("appendix.title"))
	d.font(8, cMuted)
	d.y += d.para(marginX, d.y, contentW, d.t("appendix.intro"), 0) + 3
	d.dataNotes()
	if s := d.pg.ConfigSnippet; s != "" {
		d.y += 2
		d.font(6, cInk)
		first := 0.0
		for _, ln := range strings.Split(strings.SplitN(strings.TrimSpace(s), "\n\n", 2)[0], "\n") {
			first += d.paraHeight((contentW-3*3)/4, ln, 0)
		}
		d.subTitle(d.t("appendix.config"), first)
		d.snippetColumns(s)
	}
}

// appendixGap is the space above the appendix when it follows other
// content on its page.
const appendixGap = 6.0

// appendixHeight estimates the height the appendix takes on one page, by
// measuring its texts as appendix, dataNotes and snippetColumns lay them
// out (keep the three in step); it returns more than a page when the
// appendix cannot fit on one. It draws nothing.
func (d *doc) appendixHeight() float64 {
	n := d.rep.Notes
	h := sectionTitleH + 2
	d.font(8, cMuted)
	h += d.paraHeight(contentW, d.t("appendix.intro"), 0) + 3
	// dataNotes
	d.font(11, cAccent)
	h += d.lineH() + 3
	d.font(8.5, cInk)
	h += d.paraHeight(contentW, d.pg.Notes.Rows, 0) + 1 + d.paraHeight(contentW, d.pg.Notes.Reconcile, 0) + 2
	if len(n.Files) == 0 {
		d.font(9, cMuted)
		h += d.paraHeight(contentW, d.t("notes.nofiles"), 0) + 3
	} else {
		const rowH = 4.6
		h += rowH + 2
		d.font(7, cWarn)
		for i := range n.Files {
			f := &n.Files[i]
			switch {
			case f.Duplicate != "":
				h += rowH
				continue
			case f.Err != nil:
				h += rowH + 0.5 + d.paraHeight(contentW-3, d.t("notes.file_error", "err", f.Err.Error()), 1) + 1
				continue
			case len(f.Sheets) == 0:
				h += rowH
			}
			h += rowH * float64(len(f.Sheets))
			for _, sh := range f.Sheets {
				if sh.Refused != "" {
					h += 0.5 + d.paraHeight(contentW-3, d.t("notes.sheet_skipped", "sheet", sh.Sheet, "why", sh.Refused), 0) + 1
				}
			}
			for _, dec := range f.Decisions {
				h += 0.5 + d.paraHeight(contentW-3, d.t("notes.decision", "text", dec), 0) + 1
			}
		}
	}
	if ps := d.pg.Notes.Problems; len(ps) > 0 {
		d.font(9, cInk)
		h += 1 + d.lineH() + 0.5
		d.font(8, cInk)
		for i, p := range ps {
			if i == maxProblems {
				h += d.lineH()
				break
			}
			h += d.paraHeight(contentW-3, p.Text, 2)
		}
	}
	if s := d.pg.ConfigSnippet; s != "" {
		d.font(11, cAccent)
		h += 2 + d.lineH() + 3
		cols := d.snippetBlocks(s)
		// The blocks fill four columns of the room left under the title.
		room := bottom - top - h
		col, y := 0, 0.0
		for _, bh := range cols {
			if y+bh > room {
				col, y = col+1, 0
				if col == 4 {
					return bottom - top + 1
				}
			}
			y += bh
		}
		if col == 0 {
			h += y
		} else {
			h = bottom - top // the columns run to the foot of the page
		}
	}
	return h
}

// snippetBlocks returns the heights snippetColumns gives the blocks of s,
// each with the half line under it.
func (d *doc) snippetBlocks(s string) []float64 {
	const cols, gap = 4, 3.0
	cw := (contentW - gap*(cols-1)) / cols
	d.font(6, cInk)
	lh := d.lineH()
	var out []float64
	for _, b := range strings.Split(strings.TrimSpace(s), "\n\n") {
		h := lh / 2
		for _, ln := range strings.Split(b, "\n") {
			h += d.paraHeight(cw, ln, 0)
		}
		out = append(out, h)
	}
	return out
}

// snippetColumns lays the suggested TOML out in four columns, keeping
// each [[channel]] block in one column.
func (d *doc) snippetColumns(s string) {
	const cols, gap = 4, 3.0
	cw := (contentW - gap*(cols-1)) / cols
	var blocks [][]string
	for _, b := range strings.Split(strings.TrimSpace(s), "\n\n") {
		blocks = append(blocks, strings.Split(b, "\n"))
	}
	d.font(6, cInk)
	lh := d.lineH()
	col, top := 0, d.y
	y := top
	for _, b := range blocks {
		h := 0.0
		for _, ln := range b {
			h += d.paraHeight(cw, ln, 0)
		}
		if y+h > bottom {
			col++
			y = top
			if col == cols {
				d.newPage()
				d.font(6, cInk)
				col, top = 0, d.y
				y = top
			}
		}
		x := marginX + float64(col)*(cw+gap)
		for _, ln := range b {
			y += d.para(x, y, cw, ln, 0)
		}
		y += lh / 2
		d.y = max(d.y, y)
	}
}

func (d *doc) summary() {
	r := d.rep
	pg := d.pg
	d.pdf.Bookmark(clean(d.t("outline.summary")), 0, d.y)
	d.font(9, cMuted)
	sub := pg.Kind + " · " + r.Company
	if pg.Stage != "" {
		sub += " · " + pg.Stage
	}
	d.y += d.text(marginX, d.y, contentW, sub, "L") + 1

	// One line if it fits at a readable size, else wrapped.
	head := clean(pg.Headline)
	size := 19.0
	d.font(size, cInk)
	for size > 15 && d.width(head) > contentW {
		size -= 0.5
		d.font(size, cInk)
	}
	if d.width(head) > contentW {
		d.font(17, cInk)
	}
	d.y += d.para(marginX, d.y, contentW, head, 3) + 1
	d.font(10, cInk)
	for _, s := range []string{pg.Landing, pg.Attention} {
		if s != "" {
			d.y += d.para(marginX, d.y, contentW, s, 2)
		}
	}
	d.y += 1.5
	d.hline(marginX, marginX+24, d.y, cAccent, 1.2)
	d.y += 5

	d.tiles()
	d.y += 4
	// Budget to date vs the whole period, the original plan (PL) and last
	// year (PY), when there are any.
	if cs := pg.Comparisons; len(cs) > 0 {
		d.font(8.5, cMuted)
		for _, c := range cs {
			d.y += d.para(marginX, d.y, contentW, c, 0) + 0.5
		}
		d.y += 3
	}

	// The three most important findings.
	d.summaryTitle(d.t("summary.findings"))
	if len(pg.Findings) == 0 {
		d.note(d.t("findings.none"))
	}
	for i, f := range pg.Findings {
		if i == 3 {
			d.font(8, cMuted)
			d.y += d.text(marginX+22, d.y, contentW-22, pg.MoreFindings(d.l, 3), "L")
			break
		}
		d.findingRow(f, 4)
	}
	d.y += 4

	d.summaryTitle(d.t("summary.recommendations"))
	d.planLines()
	if len(pg.Recs) == 0 {
		d.note(d.t("recs.none"))
	}
	for i, rc := range pg.Recs {
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
	lines := d.pg.Largest
	t := d.varianceColumns("")
	room := int((bottom - d.y - 12 - t.rowH) / t.rowH)
	n := min(len(lines), 5, room)
	if n < 2 {
		return
	}
	d.summaryTitle(d.t("summary.variances"))
	t.header()
	for _, l := range lines[:n] {
		d.varRow(t, l, false, 0)
	}
	if more := d.pg.MoreVariances(d.l, n); more != "" {
		d.font(7.5, cMuted)
		d.y += 0.8
		d.y += d.text(marginX, d.y, contentW, more, "L")
	}
}

func (d *doc) summaryTitle(s string) { d.subTitle(s, 0) }

// subTitle writes a sub-section title with a rule under it, on a new page
// when first, the height of its first block, would not fit under it.
func (d *doc) subTitle(s string, first float64) {
	d.closeMark()
	d.font(11, cAccent)
	lh := d.lineH()
	if first > 0 && d.y > top {
		d.need(lh + 3 + min(first, bottom-top-lh-3))
	}
	d.font(11, cAccent)
	d.y += d.text(marginX, d.y, contentW, s, "L") + 0.5
	d.hline(marginX, pageW-marginX, d.y, cRule, 0.3)
	d.y += 2.5
	d.markHeading(s)
}

// note writes a muted "no data" sentence.
func (d *doc) note(s string) {
	d.font(9, cMuted)
	d.y += d.para(marginX, d.y, contentW, s, 0) + 3
}

func (d *doc) tiles() {
	ts := d.pg.Tiles
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

// toneSign is +1 for bad (overspend), −1 for good and 0 for neutral.
func toneSign(t present.Tone) int {
	switch t {
	case present.Bad:
		return 1
	case present.Good:
		return -1
	}
	return 0
}

func (d *doc) drawTile(x, y, w, h float64, pt present.Tile) {
	t := struct {
		label, value, sub string
		tone              int
	}{pt.Label, pt.Value, pt.Sub, toneSign(pt.Tone)}
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
	d.font(7, cMuted)
	sy := y + h - 7.8
	if t.sub != "" {
		sy += d.para(x+pad, sy, w-2*pad, t.sub, 2)
	}
	if pt.Note != "" {
		d.para(x+pad, sy, w-2*pad, pt.Note, 1)
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

// findingRow writes one finding: a severity chip, the subject and the
// message wrapped to at most maxLines lines (0: all).
func (d *doc) findingRow(f present.Finding, maxLines int) {
	const chipW = 17.0
	textX := marginX + chipW + 4
	textW := contentW - chipW - 4
	d.need(d.findingHeight(f, maxLines))
	y := d.y
	c, tc := sevColour(f.Severity)
	d.rect(marginX, y+0.3, chipW, 4.6, c)
	d.font(7.5, tc)
	d.text(marginX, y+0.55, chipW, f.SevText, "C")
	d.font(8, cMuted)
	y += d.text(textX, y, textW, f.Subject, "L")
	d.font(9, cInk)
	y += d.para(textX, y, textW, f.Message, maxLines)
	d.y = y + 2
}

// findingHeight is the height findingRow uses for f.
func (d *doc) findingHeight(f present.Finding, maxLines int) float64 {
	const chipW = 17.0
	d.font(9, cInk)
	h := d.paraHeight(contentW-chipW-4, f.Message, maxLines)
	d.font(8, cMuted)
	return h + d.lineH() + 2
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
	lines := d.pg.PlanLines
	if len(lines) == 0 {
		return
	}
	d.font(8.5, cInk)
	for _, line := range lines {
		h := d.paraHeight(contentW-4, line, 0)
		d.need(h + 1)
		d.y += d.para(marginX+2, d.y, contentW-4, line, 0) + 0.6
	}
	d.y += 2
}

// recRow writes one recommendation: its number, title, body and move.
func (d *doc) recRow(n int, rc present.Rec, maxLines int) {
	title, body, move := rc.Title, rc.Message, rc.Move
	textX := marginX + 8
	textW := contentW - 8
	d.need(d.recHeight(rc, maxLines))
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
		y += d.para(textX, y, textW, move, 2)
	}
	d.y = y + 2.5
}

// recHeight is the height recRow uses for rc.
func (d *doc) recHeight(rc present.Rec, maxLines int) float64 {
	textW := contentW - 8
	d.font(10, cInk)
	h := d.paraHeight(textW, rc.Title, 2)
	d.font(8.5, cMuted)
	h += d.paraHeight(textW, rc.Message, maxLines)
	if rc.Move != "" {
		d.font(8.5, cAccent)
		h += d.paraHeight(textW, rc.Move, 2)
	}
	return h + 2.5
}
