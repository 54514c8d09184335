package pdf

import (
	"fmt"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/render/sfnt"
)

// rgb is a colour. The palette is sober and keeps distinct lightness
// between the pairs that must stay apart in grey-scale print.
type rgb struct{ r, g, b int }

var (
	cInk    = rgb{31, 41, 55}    // body text
	cMuted  = rgb{107, 114, 128} // labels, axes
	cFaint  = rgb{156, 163, 175} // small print
	cRule   = rgb{209, 213, 219} // rules, grid
	cGrid   = rgb{229, 231, 235}
	cTile   = rgb{243, 244, 246}
	cBand   = rgb{237, 240, 244} // category rows
	cWhite  = rgb{255, 255, 255}
	cActual = hexRGB(present.ColourAC) // dark navy: actual
	cPlan   = rgb{163, 184, 207}       // light blue-grey: budget/plan
	cAccent = rgb{31, 78, 121}
	cBad    = hexRGB(present.ColourBad)    // unfavourable text
	cBadBg  = hexRGB(present.ColourBadBg)  // unfavourable cell: darker shade
	cGood   = hexRGB(present.ColourGood)   // favourable text
	cGoodBg = hexRGB(present.ColourGoodBg) // favourable cell: lighter shade
	// The IBCS scenarios in the charts (see present's palette).
	cPLFill   = hexRGB(present.ColourPL)
	cPLLine   = hexRGB(present.ColourPLLine)
	cFC       = hexRGB(present.ColourFC)
	cPY       = hexRGB(present.ColourPY)
	cWarn     = rgb{180, 83, 9}
	cFunnel   = rgb{31, 78, 121}
	cFunnelLo = rgb{120, 150, 185}
)

// hexRGB reads a "#rrggbb" colour of the palette (black if it is not
// one; TestPalette checks every colour).
func hexRGB(s string) rgb {
	var c rgb
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &c.r, &c.g, &c.b); err != nil {
		return rgb{}
	}
	return c
}

// doc is one document being built.
type doc struct {
	pdf *fpdf.Fpdf
	rep *reports.Report
	pg  *present.Page
	l   *i18n.Lang
	y   float64 // the flow cursor

	// cuts are the texts shortened with "…" to fit their box, and fill_
	// the height used on each finished page; tests read both.
	cuts  []string
	fill_ []float64
	// marks are the headings placed so far, with what landed under them
	// on their page; tests read them to find orphaned headings.
	marks []mark

	// have holds the characters of the document's cut font (nil: the
	// whole font), covered those of the whole font; missing collects the
	// characters text needed that the cut lacks (nil when none).
	have, covered, missing *sfnt.Set
	// wrapped holds the line breaks found (wrap).
	wrapped map[wrapKey][]string
}

// mark is where a heading (a section, sub-section or table title) landed
// and how much of its content followed it on the same page.
type mark struct {
	page  int
	text  string
	y     float64 // the cursor just below the heading
	below float64 // millimetres of content under it on its page
	broke bool    // its content went on past the end of the page
	open  bool    // the heading's content is still being written
}

// check notes the characters of s that the whole font has and the
// document's cut font lacks.
func (d *doc) check(s string) {
	if d.have == nil {
		return
	}
	for _, c := range s {
		if !d.have.Has(c) && d.covered.Has(c) {
			if d.missing == nil {
				d.missing = new(sfnt.Set)
			}
			d.missing.Add(c)
		}
	}
}

// cell draws s in the current cell; all text goes through it.
func (d *doc) cell(w, h float64, s, align string) {
	d.check(s)
	d.pdf.CellFormat(w, h, s, "", 0, align, false, 0, "")
}

const ptMM = 0.3528 // millimetres per point

func (d *doc) t(key string, args ...any) string { return d.l.T("pdf."+key, args...) }

func (d *doc) font(size float64, c rgb) {
	d.pdf.SetFont(fontFamily, "", size)
	d.pdf.SetTextColor(c.r, c.g, c.b)
}

func (d *doc) fill(c rgb) { d.pdf.SetFillColor(c.r, c.g, c.b) }

func (d *doc) stroke(c rgb, w float64) {
	d.pdf.SetDrawColor(c.r, c.g, c.b)
	d.pdf.SetLineWidth(w)
}

func (d *doc) rect(x, y, w, h float64, c rgb) {
	if w <= 0 || h <= 0 {
		return
	}
	d.fill(c)
	d.pdf.Rect(x, y, w, h, "F")
}

func (d *doc) hline(x1, x2, y float64, c rgb, w float64) {
	d.stroke(c, w)
	d.pdf.Line(x1, y, x2, y)
}

// width measures s; all measuring goes through it.
func (d *doc) width(s string) float64 {
	d.check(s)
	return d.pdf.GetStringWidth(s)
}

// lineH is the height of a line of text at the current font size.
func (d *doc) lineH() float64 {
	size, _ := d.pdf.GetFontSize()
	return size * ptMM * 1.35
}

// fit truncates s with "…" so that it is at most w wide.
func (d *doc) fit(s string, w float64) string {
	s = clean(s)
	if d.width(s) <= w {
		return s
	}
	d.cuts = append(d.cuts, s)
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi { // the longest prefix that fits with the ellipsis
		mid := (lo + hi + 1) / 2
		if d.width(strings.TrimRight(string(r[:mid]), " ")+"…") <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return strings.TrimRight(string(r[:lo]), " ") + "…"
}

// text writes s in a box of width w whose top is at y, aligned "L", "C" or
// "R", truncated to fit. It returns the line height.
func (d *doc) text(x, y, w float64, s, align string) float64 {
	h := d.lineH()
	d.pdf.SetXY(x, y)
	d.cell(w, h, d.fit(s, w), align)
	return h
}

// wrap breaks s into lines at most w wide: between words, and between any
// two Chinese characters.
func (d *doc) wrap(s string, w float64) []string {
	// A paragraph is measured (paraHeight) before it is drawn (para):
	// the breaks are found once per text, width and font size.
	size, _ := d.pdf.GetFontSize()
	k := wrapKey{s, w, size}
	if lines, ok := d.wrapped[k]; ok {
		return slices.Clone(lines)
	}
	lines := d.breakLines(s, w)
	if d.wrapped == nil {
		d.wrapped = map[wrapKey][]string{}
	}
	d.wrapped[k] = lines
	return slices.Clone(lines)
}

// wrapKey is what a paragraph's line breaks depend on (the face is the
// document's one font).
type wrapKey struct {
	s       string
	w, size float64
}

func (d *doc) breakLines(s string, w float64) []string {
	s = clean(s)
	var lines []string
	var line string
	for _, tok := range tokens(s) {
		if line == "" && tok == " " {
			continue
		}
		if d.width(line+tok) <= w {
			line += tok
			continue
		}
		if line != "" && strings.TrimSpace(line) != "" && !isClosingPunct(tok) {
			lines = append(lines, strings.TrimRight(line, " "))
			line = ""
			if tok == " " {
				continue
			}
			if d.width(tok) <= w {
				line = tok
				continue
			}
		}
		// A token wider than the line, or closing punctuation that must
		// not start one: break by characters.
		for _, c := range tok {
			if line != "" && d.width(line+string(c)) > w && !isClosingPunct(string(c)) {
				lines = append(lines, strings.TrimRight(line, " "))
				line = ""
			}
			line += string(c)
		}
	}
	if strings.TrimSpace(line) != "" {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// tokens splits s into words, single spaces and single wide characters.
func tokens(s string) []string {
	var out []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, c := range s {
		switch {
		case c == ' ':
			flush()
			out = append(out, " ")
		case c >= 0x2E80:
			flush()
			out = append(out, string(c))
		default:
			word.WriteRune(c)
		}
	}
	flush()
	return out
}

func isClosingPunct(s string) bool {
	return s != "" && strings.ContainsAny(s[:1], ",.;:!?)") || strings.HasPrefix(s, "，") ||
		strings.HasPrefix(s, "。") || strings.HasPrefix(s, "、") || strings.HasPrefix(s, "；") ||
		strings.HasPrefix(s, "：") || strings.HasPrefix(s, "）") || strings.HasPrefix(s, "！") || strings.HasPrefix(s, "？")
}

// para writes s wrapped to w starting at (x, y), at most maxLines lines (0:
// no limit; the last kept line ends with "…"), and returns the height used.
func (d *doc) para(x, y, w float64, s string, maxLines int) float64 {
	lines := d.wrap(s, w)
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		// An elided summary line (the whole text follows on a later
		// page) is not a cut: fit it without recording.
		n := len(d.cuts)
		lines[maxLines-1] = d.fit(lines[maxLines-1]+"……", w)
		d.cuts = d.cuts[:n]
	}
	h := d.lineH()
	for i, ln := range lines {
		d.pdf.SetXY(x, y+float64(i)*h)
		d.cell(w, h, ln, "L")
	}
	return float64(len(lines)) * h
}

// paraHeight is the height para would use.
func (d *doc) paraHeight(w float64, s string, maxLines int) float64 {
	n := len(d.wrap(s, w))
	if maxLines > 0 && n > maxLines {
		n = maxLines
	}
	return float64(n) * d.lineH()
}

// need starts a new page when fewer than h millimetres are left.
func (d *doc) need(h float64) bool {
	if d.y+h <= bottom {
		return false
	}
	d.newPage()
	return true
}

func (d *doc) newPage() {
	if d.pdf.PageNo() > 0 {
		d.fill_ = append(d.fill_, d.y-top)
	}
	if n := len(d.marks); n > 0 && d.marks[n-1].open {
		m := &d.marks[n-1]
		m.below, m.broke, m.open = d.y-m.y, true, false
	}
	d.pdf.AddPage()
	d.y = top
}

// closeMark ends the content of the last heading: a heading that follows
// it, or the end of the document, is not a page break inside it.
func (d *doc) closeMark() {
	if n := len(d.marks); n > 0 && d.marks[n-1].open {
		m := &d.marks[n-1]
		m.below, m.open = d.y-m.y, false
	}
}

// markHeading records a heading that has just been written above d.y.
func (d *doc) markHeading(title string) {
	d.marks = append(d.marks, mark{page: d.pdf.PageNo(), text: clean(title), y: d.y, open: true})
}

// sectionTitleH is the height section uses for its title and rule.
const sectionTitleH = 11.6

// minKeep is the least content, in millimetres, kept under a heading on
// its page when the content runs on: a table header and two rows, or a
// finding. Less reads as a heading orphaned at the foot of the page.
const minKeep = 12.0

// section writes a section title with a rule under it, kept with at least
// a short block of its content.
func (d *doc) section(title string) { d.sectionKeep(title, minKeep) }

// sectionKeep writes a section title with a rule under it, on a new page
// when first, the height of the section's first block (its intro and the
// first rows, finding or chart), would not fit under it here: the title
// never stands alone at the foot of a page (keep with next).
func (d *doc) sectionKeep(title string, first float64) {
	d.closeMark()
	if d.y > top {
		d.need(sectionTitleH + min(first, bottom-top-sectionTitleH))
	}
	d.y += 2
	d.font(12.5, cAccent)
	d.pdf.Bookmark(clean(title), 0, d.y)
	h := d.text(marginX, d.y, contentW, title, "L")
	d.y += h + 0.6
	d.hline(marginX, pageW-marginX, d.y, cAccent, 0.4)
	d.y += 3
	d.markHeading(title)
}

func (d *doc) header() {
	r := d.rep
	d.font(8, cMuted)
	left := r.Company
	right := d.l.T("kind."+string(r.Period.Kind)) + " · " + d.l.PeriodName(r.Period)
	rw := d.width(clean(right))
	if rw > contentW*0.55 {
		rw = contentW * 0.55
	}
	d.text(pageW-marginX-rw, 10, rw, right, "R")
	d.text(marginX, 10, contentW-rw-4, left, "L")
	d.hline(marginX, pageW-marginX, 15, cRule, 0.25)
}

func (d *doc) footer() {
	d.hline(marginX, pageW-marginX, 284, cRule, 0.25)
	d.font(7.5, cMuted)
	gen := d.t("footer.generated", "date", d.rep.Generated.Format("2006-01-02 15:04 MST"))
	d.text(marginX, 285.5, contentW*0.6, gen, "L")
	// fpdf measures the alias, not the final number, so the page label is
	// placed by the width of a one-digit total rather than right-aligned.
	pg := clean(d.t("footer.page", "page", d.pdf.PageNo(), "pages", nbAlias))
	wide := strings.Replace(pg, nbAlias, "9", 1)
	w := d.width(wide)
	d.pdf.SetXY(pageW-marginX-w, 285.5)
	d.cell(w+8, d.lineH(), pg, "L")
}

type fpdfPoint = fpdf.PointType

func pt(x, y float64) fpdfPoint { return fpdfPoint{X: x, Y: y} }
