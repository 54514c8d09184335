package pdf

import (
	"strings"

	"math"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/present"
)

// column is one column of a table.
type column struct {
	title string
	w     float64
	align string
}

// table writes rows with a header that is repeated on every page the
// table runs onto.
type table struct {
	d     *doc
	cols  []column
	title string // section title repeated with "(continued)"
	rowH  float64
}

func (t *table) header() {
	d := t.d
	x := marginX
	d.rect(marginX, d.y, contentW, t.rowH, cActual)
	d.font(7.5, cWhite)
	for _, c := range t.cols {
		d.text(x+1.5, d.y+(t.rowH-d.lineH())/2, c.w-3, c.title, c.align)
		x += c.w
	}
	d.y += t.rowH
}

// ensure starts a new page, with the section title and header repeated,
// when the next row of height h does not fit.
func (t *table) ensure(h float64) {
	d := t.d
	if d.y+h <= bottom {
		return
	}
	d.newPage()
	d.font(9, cMuted)
	d.y += d.text(marginX, d.y, contentW, d.t("table.continued", "title", t.title), "L") + 1
	t.header()
}

// row writes one plain row of cells in colour, starting a new page (with
// the header repeated) when it does not fit.
func (t *table) row(cells []string, colour rgb) {
	d := t.d
	t.ensure(t.rowH)
	d.hline(marginX, pageW-marginX, d.y+t.rowH, cGrid, 0.15)
	x := marginX
	for i, c := range t.cols {
		d.font(t.fontSize(), colour)
		d.text(x+1.5, d.y+(t.rowH-d.lineH())/2, c.w-3, cells[i], c.align)
		x += c.w
	}
	d.y += t.rowH
}

// fontSize is the size of body cells: 7 pt in compact tables, else 8.
func (t *table) fontSize() float64 {
	if t.rowH < 5.5 {
		return 7
	}
	return 8
}

// varianceTable is budget vs actual by category → channel (→ region).
func (d *doc) varianceTable() {
	v := d.pg.Variance
	title := d.t("variance.title")
	t := d.varianceColumns(title)
	d.font(8, cMuted)
	legendH := d.paraHeight(contentW, d.t("variance.legend"), 2) + 1.5
	// The legend, the header, a category and its first two lines.
	d.sectionKeep(title, legendH+4*t.rowH)
	if len(d.rep.Categories) == 0 {
		d.note(d.t("variance.none"))
		return
	}
	d.font(8, cMuted)
	d.y += d.para(marginX, d.y, contentW, d.t("variance.legend"), 2) + 1.5
	t.header()
	for _, g := range v.Groups {
		if g.Unbudgeted {
			continue // listed in its own table below
		}
		// Keep a category's first line with its heading.
		t.ensure(2 * t.rowH)
		d.varRow(t, g.Total, true, 0)
		for _, l := range g.Lines {
			t.ensure(t.rowH)
			if l.Region != "" {
				l.Name += " · " + l.Region
			}
			if l.Unbudgeted {
				l.Name += " " + d.t("variance.unbudgeted_tag")
			}
			d.varRow(t, l, false, 4)
		}
	}
	if d.rep.Unbudgeted != 0 && !categoriesHoldUnbudgeted(d.rep.Categories) {
		t.ensure(t.rowH)
		row := present.Row(d.t("variance.unbudgeted_row"), reports.Amounts{Actual: d.rep.Unbudgeted}, d.l)
		d.varRow(t, row, true, 0)
	}
	t.ensure(t.rowH + 1)
	d.hline(marginX, pageW-marginX, d.y, cInk, 0.4)
	d.varRow(t, v.Total, true, 0)
	d.y += 3
	d.explains()
}

// explains lists, under the variance table, the largest ledger rows behind
// each material variance ("what explains it").
func (d *doc) explains() {
	if len(d.pg.Explains) == 0 {
		return
	}
	// The title stays with the hint and the first line it explains.
	d.closeMark()
	d.font(9.5, cAccent)
	titleH := d.lineH() + 1
	d.font(7.5, cMuted)
	hintH := d.paraHeight(contentW, d.l.T("present.explain.hint"), 2) + 1.5
	d.need(titleH + hintH + d.explainHeight(d.pg.Explains[0]))
	d.font(9.5, cAccent)
	title := d.l.T("present.explain.title")
	d.y += d.text(marginX, d.y, contentW, title, "L") + 1
	d.markHeading(title)
	d.font(7.5, cMuted)
	d.y += d.para(marginX, d.y, contentW, d.l.T("present.explain.hint"), 2) + 1.5
	for _, e := range d.pg.Explains {
		d.need(d.explainHeight(e))
		d.font(8.5, cInk)
		d.y += d.para(marginX, d.y, contentW, explainLine(e), 2) + 0.5
		for _, c := range e.Comments {
			d.font(8, cAccent)
			d.y += d.para(marginX+4, d.y, contentW-4, d.explainComment(c), 2) + 0.3
		}
		d.font(8, cInk)
		for _, r := range e.Rows {
			d.y += d.para(marginX+4, d.y, contentW-4, explainRow(r), 2) + 0.3
		}
		d.y += 1.5
	}
}

// explainLine is the heading of one line in explains: its name and
// variance (none when the line has no figures in the period).
func explainLine(e present.Explain) string { return strings.TrimSpace(e.Line + "  " + e.Variance) }

// explainComment is one commentary note under a line in explains.
func (d *doc) explainComment(c string) string {
	return d.l.T("present.explain.commentary") + " — " + c
}

// explainRow is the text of one ledger row behind a variance.
func explainRow(r present.ExplainRow) string {
	line := r.Date
	for _, s := range []string{r.Payee, r.Amount} {
		if s != "" {
			line += " · " + s
		}
	}
	if r.Comment != "" {
		line += " — " + r.Comment
	}
	return line
}

// explainHeight is the height explains uses for e: its line and the
// ledger rows under it, kept on one page.
func (d *doc) explainHeight(e present.Explain) float64 {
	d.font(8.5, cInk)
	h := d.paraHeight(contentW, explainLine(e), 2) + 0.5
	d.font(8, cAccent)
	for _, c := range e.Comments {
		h += d.paraHeight(contentW-4, d.explainComment(c), 2) + 0.3
	}
	d.font(8, cInk)
	for _, r := range e.Rows {
		h += d.paraHeight(contentW-4, explainRow(r), 2) + 0.3
	}
	return h + 1.5
}

// varianceColumns returns the variance table with its columns.
func (d *doc) varianceColumns(title string) *table {
	return &table{d: d, title: title, rowH: 5.6, cols: []column{
		{d.t("col.line"), 54, "L"},
		{d.t("col.role"), 31, "L"},
		{d.t("col.budget"), 24, "R"},
		{d.t("col.actual"), 24, "R"},
		{d.t("col.variance"), 27, "R"},
		{d.t("col.variance_pct"), 20, "R"},
	}}
}

// varRow writes one row of the variance table. The variance cells carry
// a sign, a triangle and a shade of different lightness, so favourable and
// unfavourable stay apart in grey-scale print.
func (d *doc) varRow(t *table, row present.VarRow, strong bool, indent float64) {
	y := d.y
	h := t.rowH
	if strong {
		d.rect(marginX, y, contentW, h, cBand)
	} else {
		d.hline(marginX, pageW-marginX, y+h, cGrid, 0.15)
	}
	tn := toneSign(row.Tone)
	vx := marginX
	for _, c := range t.cols[:4] {
		vx += c.w
	}
	vw := t.cols[4].w + t.cols[5].w
	switch tn {
	case 1:
		d.rect(vx, y+0.3, vw, h-0.6, cBadBg)
	case -1:
		d.rect(vx, y+0.3, vw, h-0.6, cGoodBg)
	}
	size := 8.0
	if strong {
		size = 8.5
	}
	cells := []string{row.Name, row.Role, row.Budget.Text, row.Actual.Text, row.Variance.Text, row.VarPct.Text}
	x := marginX
	for i, c := range t.cols {
		col := cInk
		if i == 1 {
			col = cMuted
		}
		if i >= 4 {
			switch tn {
			case 1:
				col = cBad
			case -1:
				col = cGood
			}
		}
		d.font(size, col)
		pad := 1.5
		if i == 0 {
			pad += indent
		}
		if i == 4 && tn != 0 {
			tc := cBad
			if tn < 0 {
				tc = cGood
			}
			d.triangle(x+3, y+h/2, 2.2, tn > 0, tc)
		}
		d.text(x+pad, y+(h-d.lineH())/2, c.w-pad-1.5, cells[i], c.align)
		x += c.w
	}
	d.y += h
}

// unbudgeted lists actual spend that matched no budget line.
func (d *doc) unbudgeted() {
	r := d.rep
	if len(r.UnbudgetedLines) == 0 {
		return
	}
	title := d.t("unbudgeted.title")
	intro := d.t("unbudgeted.intro", "amount", d.l.Money(r.Unbudgeted))
	d.font(8, cMuted)
	d.sectionKeep(title, d.paraHeight(contentW, intro, 2)+1.5+5.6*float64(1+min(2, len(r.UnbudgetedLines))))
	d.font(8, cMuted)
	d.y += d.para(marginX, d.y, contentW, intro, 2) + 1.5
	t := &table{d: d, title: title, rowH: 5.6, cols: []column{
		{d.t("col.category"), 55, "L"},
		{d.t("col.channel"), 55, "L"},
		{d.t("col.region"), 30, "L"},
		{d.t("col.actual"), 25, "R"},
		{d.t("col.entries"), 15, "R"},
	}}
	t.header()
	for _, l := range r.UnbudgetedLines {
		t.row([]string{l.Category, l.Channel, l.Region, d.l.MoneyWhole(l.Actual), d.l.Int(int64(l.Entries))}, cInk)
	}
	d.y += 3
}

// findings lists every finding, worst first.
func (d *doc) findings() {
	fs := d.pg.Findings
	// The first two findings: one alone is shorter than minKeep.
	first := 0.0
	for i := 0; i < len(fs) && i < 2; i++ {
		first += d.findingHeight(fs[i], 0)
	}
	first = max(first, minKeep)
	d.sectionKeep(d.t("findings.title"), first)
	if len(fs) == 0 {
		d.note(d.t("findings.none"))
	}
	for _, f := range fs {
		d.findingRow(f, 0)
	}
	d.y += 2
}

// recommendations lists every recommendation by priority.
func (d *doc) recommendations() {
	rs := d.pg.Recs
	first := minKeep
	if len(rs) > 0 {
		first = d.recHeight(rs[0], 0)
	}
	d.sectionKeep(d.t("recs.title"), first)
	if len(rs) == 0 {
		d.note(d.t("recs.none"))
	}
	for i, rc := range rs {
		d.recRow(i+1, rc, 0)
	}
	if s := d.rep.ConfigSnippet; s != "" {
		d.font(8, cMuted)
		d.need(12)
		d.y += d.para(marginX, d.y, contentW, d.t("recs.snippet"), 0) + 1
	}
	d.y += 2
}

// maxProblems caps the problems listed in the data notes.
const maxProblems = 8

// dataNotes accounts for the inputs: files with hashes, rows, problems and
// the reconciliation.
func (d *doc) dataNotes() {
	n := d.rep.Notes
	d.font(8.5, cInk)
	// The title stays with the two sentences and the table's first rows.
	d.subTitle(d.t("notes.title"), d.paraHeight(contentW, d.pg.Notes.Rows, 0)+d.paraHeight(contentW, d.pg.Notes.Reconcile, 0)+3+3*4.6)
	d.font(8.5, cInk)
	d.y += d.para(marginX, d.y, contentW, d.pg.Notes.Rows, 0) + 1
	d.y += d.para(marginX, d.y, contentW, d.pg.Notes.Reconcile, 0) + 2

	if len(n.Files) == 0 {
		d.note(d.t("notes.nofiles"))
	}
	// One row per sheet: a run of a dozen monthly files stays within half a
	// page. The sha256 prefix identifies the file; the full hashes are in
	// the HTML report, summary.json's sources and manifest.json.
	problems := d.pg.Notes.Problems
	if len(n.Files) > 0 {
		t := &table{d: d, title: d.t("notes.title"), rowH: 4.6, cols: []column{
			{d.t("notes.col.file"), 40, "L"},
			{"sha256", 21, "L"},
			{d.t("notes.col.sheet"), 29, "L"},
			{d.t("notes.col.used"), 12, "R"},
			{d.t("notes.col.skipped"), 14, "R"},
			{d.t("notes.col.rejected"), 16, "R"},
			{d.t("notes.col.total"), 24, "R"},
			{d.t("notes.col.months"), 24, "R"},
		}}
		t.ensure(t.rowH * 2)
		t.header()
		row := t.row
		for i := range n.Files {
			f := &n.Files[i]
			hash := f.SHA256
			if len(hash) > 12 {
				hash = hash[:12]
			}
			name := f.Name + " · " + d.t("notes.size", "kb", d.l.Int(int64(math.Ceil(float64(f.Size)/1024))))
			switch {
			case f.Duplicate != "":
				row([]string{name, hash, d.t("notes.duplicate", "of", f.Duplicate), "", "", "", "", ""}, cMuted)
				continue
			case f.Err != nil:
				row([]string{name, hash, "", "", "", "", "", ""}, cInk)
				d.font(7, cBad)
				d.y += d.para(marginX+3, d.y+0.5, contentW-3, d.t("notes.file_error", "err", f.Err.Error()), 1) + 1
				continue
			case len(f.Sheets) == 0:
				row([]string{name, hash, "", "", "", "", "", ""}, cInk)
			}
			ink := cInk
			if f.Status == reports.StatusSuperseded {
				ink = cMuted // set aside: listed, not counted
			}
			for j, sh := range f.Sheets {
				months := ""
				if sh.First.Valid() && sh.Last.Valid() {
					months = sh.First.String()
					if sh.Last != sh.First {
						months += "–" + sh.Last.String()
					}
				}
				first, h := "", ""
				if j == 0 {
					first, h = name, hash
				}
				row([]string{first, h, d.t("notes.sheet_kind", "sheet", sh.Sheet, "kind", d.t("kind."+string(sh.Kind))),
					d.l.Int(int64(sh.Used)), d.l.Int(int64(sh.Skipped)), d.l.Int(int64(sh.Rejected)), d.l.Money(sh.Total), months}, ink)
			}
			// A sheet left out says so, and why, under its file: the
			// problem list below may be cut short.
			for _, sh := range f.Sheets {
				if sh.Refused != "" {
					d.font(7, cWarn)
					text := d.t("notes.sheet_skipped", "sheet", sh.Sheet, "why", sh.Refused)
					d.need(d.paraHeight(contentW-3, text, 0) + 1.5)
					d.y += d.para(marginX+3, d.y+0.5, contentW-3, text, 0) + 1
				}
			}
			// Plan versions and corrections: which file was used and which
			// set aside, in words, under the file they set aside.
			// Whole, never elided: the net change is at the end.
			for _, dec := range f.Decisions {
				d.font(7, cWarn)
				text := d.t("notes.decision", "text", dec)
				d.need(d.paraHeight(contentW-3, text, 0) + 1.5)
				d.y += d.para(marginX+3, d.y+0.5, contentW-3, text, 0) + 1
			}
		}
		d.y += 2
	}

	if len(problems) > 0 {
		d.closeMark()
		d.font(9, cInk)
		d.need(1 + d.lineH() + 0.5 + 2*d.lineH())
		d.y += 1
		title := d.t("notes.problems", "n", d.l.Int(int64(len(problems))))
		d.y += d.text(marginX, d.y, contentW, title, "L") + 0.5
		d.markHeading(title)
		for i, p := range problems {
			if i == maxProblems {
				d.font(8, cMuted)
				d.need(5)
				d.y += d.text(marginX+3, d.y, contentW-3, d.t("notes.more_problems", "n", d.l.Int(int64(len(problems)-maxProblems))), "L")
				break
			}
			d.font(8, cInk)
			d.need(5)
			d.rect(marginX+0.5, d.y+1.4, 1.6, 1.6, sevChip(p.Severity))
			d.y += d.para(marginX+3, d.y, contentW-3, p.Text, 2)
		}
	}
}

// channels is the funnel and unit costs of each channel.
//
// Channels without any funnel results (a CRM licence, a sales toolkit)
// would be a row of "n/a": the PDF counts them in one sentence and the
// HTML report lists them.
func (d *doc) channels() {
	chs := d.pg.Channels
	if len(chs) == 0 {
		return
	}
	title := d.t("channels.title")
	d.sectionKeep(title, 5.6*float64(1+min(2, len(chs))))
	t := &table{d: d, title: title, rowH: 5.6, cols: []column{
		{d.t("col.channel"), 46, "L"},
		{d.t("col.spend"), 24, "R"},
		{d.l.T("funnel.leads"), 17, "R"},
		{d.l.T("funnel.mql"), 15, "R"},
		{d.l.T("funnel.won"), 13, "R"},
		{d.t("col.cpl"), 20, "R"},
		{d.l.T("cost.cac"), 22, "R"},
		{d.t("kpi.roas"), 23, "R"},
	}}
	t.header()
	for _, f := range chs {
		t.row([]string{f.Channel, f.Spend.Text, f.Leads, f.MQL, f.Won, f.CPL.Text, f.CAC.Text, f.ROAS.Text}, cInk)
	}
	if n := d.pg.Untracked; n > 0 {
		d.font(7.5, cMuted)
		d.y += 1 + d.para(marginX, d.y+1, contentW, d.l.Count("pdf.channels.untracked", n), 0)
	}
	d.y += 3
}
