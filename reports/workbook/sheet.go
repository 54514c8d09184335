package workbook

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
)

// Layouts of a budget sheet.
const (
	LayoutLong = "long"
	LayoutWide = "wide"
)

// Reasons a row is skipped, as counted in reports.SkipCounts.
const (
	skipBlank = iota
	skipTitle
	skipSubtotal
	skipHeading
	skipNote
	skipEmpty
)

// sheetReader reads the rows of one sheet once its header is known.
type sheetReader struct {
	*reader
	sheet string
	rep   reports.SheetReport
	h     *header
	fy    int

	lay layout // how the sheet is laid out; nil until classified, or when unknown
	// act accounts for the actual spend of a long budget that also has an
	// Actual column (a budget-vs-actual export): the sheet is read as a
	// budget and as a ledger, and listed as both.
	act    *reports.SheetReport
	broken bool // a required column is missing: rows count as rejected
	blank  int  // blank rows not yet known to lie between data rows

	exps map[int]int // column → unit of its amounts as a power of ten, where not 0
	// foreign maps a money column whose header names another currency than
	// the company's to that currency mark.
	foreign map[int]string

	fillCat, fillRegion, fillRole string
	check                         *crossCheck
	kept, dropped                 int            // problems listed and not listed for this sheet
	uncalc                        map[int]string // column → why its formula has no value, this row
	warned                        int            // cross-check warnings listed
	rowBad                        bool

	cur      rowIterator       // the rows being read, for the current row's cell types
	pend     *pendingHeader    // a header row waiting for the row below it (see twoRowHeader)
	catCache map[string]string // channel → category, for sheets without a category column
	catNamed []string          // channels that took their own name as category, in order

	// Per-row caches for ledgers of a million rows: rows come sorted by
	// date, so the last date text parsed is nearly always the next one
	// too, and a ledger names few categories. vals is the cross-check's
	// reusable column → amount map.
	dcHeader  *header // the header dc was computed for
	dc        bool    // that header has debit or credit columns
	fc        fieldCols
	lastDate  string
	lastTime  time.Time
	normCache map[string]string
	// fillPeriod is the last period of a commentary sheet (merged cells
	// leave the rows below blank); comments is its sink.
	fillPeriod string
	comments   reports.CommentSink
	// yearSrc is set when the sheet's name or a title names another
	// fiscal year than the file name; yearUsed when a month without a
	// year was placed in it. Together they make a data note.
	yearSrc  int
	yearUsed bool
	// years are the first and last fiscal year a dated row may fall in
	// (0, 0: any); see plausibleYears.
	years [2]int
}

// fieldCols are the columns (0-based, -1 for none) of the fields a ledger
// or funnel row reads, resolved once per header: a million rows then cost
// no lookups of fields by name.
type fieldCols struct {
	h                                              *header // the header they were resolved for
	date, month, amount, category, channel, region int
	campaign, project, vendor, comment, memo, aux  int
	revenue                                        int
	funnel                                         [6]int // funnelFields[:6]: leads … won
}

// cols returns the field columns of the current header.
func (sr *sheetReader) cols() *fieldCols {
	if sr.fc.h != sr.h {
		at := func(f string) int {
			if i, ok := sr.h.fields[f]; ok {
				return i
			}
			return -1
		}
		sr.fc = fieldCols{h: sr.h, date: at("date"), month: at("month"), amount: at("amount"),
			category: at("category"), channel: at("channel"), region: at("region"),
			campaign: at("campaign"), project: at("project"), vendor: at("vendor"),
			comment: at("comment"), memo: at("memo"), aux: at("aux"), revenue: at("revenue")}
		for k, f := range funnelFields[:6] {
			sr.fc.funnel[k] = at(f)
		}
	}
	return &sr.fc
}

// parseDate is parseDate with a one-entry cache of the last valid date.
func (sr *sheetReader) parseDate(s string) (time.Time, error) {
	if s == sr.lastDate && s != "" {
		return sr.lastTime, nil
	}
	t, err := parseDate(s, sr.date1904)
	if errors.Is(err, errAmbiguousDay) && sr.opt.DecimalComma {
		t, err = dottedDayFirst(s)
	}
	if err == nil {
		sr.lastDate, sr.lastTime = s, t
	}
	return t, err
}

// normalize is config.Normalize, remembered for up to maxNormCache names.
func (sr *sheetReader) normalize(s string) string {
	if n, ok := sr.normCache[s]; ok {
		return n
	}
	n := config.Normalize(s)
	if sr.normCache == nil {
		sr.normCache = map[string]string{}
	}
	if len(sr.normCache) < maxNormCache {
		sr.normCache[s] = n
	}
	return n
}

const maxNormCache = 4096

// readSheet reads one sheet. A sheet the stream reports as damaged
// (checksum, truncation, malformed XML) rejects the whole file: the rows
// before the damage must not be reported as if the sheet were complete.
func (r *reader) readSheet(f interface {
	Rows(string) (rowIterator, error)
}, name string) error {
	sr := &sheetReader{reader: r, sheet: name, rep: reports.SheetReport{Sheet: name, Kind: reports.KindUnknown}}
	rows, err := f.Rows(name)
	if err != nil {
		sr.sheetProblem(0, reports.SevWarn, r.lang.T("workbook.err.sheet", "err", oneLine(err.Error())))
		r.fr.Sheets = append(r.fr.Sheets, sr.rep)
		return nil
	}
	defer rows.Close()
	sr.cur = rows
	var pre [][]string
	rowNo, nonBlank := 0, 0
	for rows.Next() {
		rowNo++
		if rowNo&1023 == 0 {
			if err := r.ctx.Err(); err != nil {
				return r.fileError(r.lang.T("workbook.err.canceled"), err)
			}
		}
		cells, err := rows.Columns()
		if err != nil {
			sr.sheetProblem(rowNo, reports.SevAlert, r.lang.T("workbook.err.row", "err", oneLine(err.Error())))
			break
		}
		r.cells += int64(len(cells)) + 1
		if r.cells > maxCells {
			return r.fileError(r.lang.T("workbook.err.cells", "limit", maxCells), nil)
		}
		cells = sr.capCells(rowNo, cells)
		sr.uncalc = nil
		if cols := sr.readCols(rows.UncachedCols()); len(cols) > 0 {
			cells = sr.calcCells(rowNo, cells, cols)
		}
		if sr.h != nil {
			sr.row(rowNo, cells)
			continue
		}
		if !isBlank(cells) {
			nonBlank++
		}
		pre = append(pre, slices.Clone(cells)) // the stream reuses cells after Next
		if sr.tryHeader(rowNo, pre) {
			pre = nil
			continue
		}
		if rowNo >= headerScanRows {
			break
		}
	}
	if err := rows.Error(); err != nil {
		return r.fileError(r.lang.T("workbook.err.damaged", "part", name, "err", oneLine(err.Error())), err)
	}
	sr.flushPending()
	if sr.h == nil && nonBlank > 0 {
		sr.rep.Refused = r.lang.T("workbook.note.noheader", "n", headerScanRows)
		sr.sheetProblem(0, reports.SevInfo, sr.rep.Refused)
	}
	sr.finish()
	return nil
}

// maxCellText is the most characters of a cell the reader keeps. Labels
// (category, channel, vendor …) are names, not documents; a longer cell is
// cut with a warning, so that a megabyte pasted into a channel name costs
// neither the reports nor the messages that quote it.
const maxCellText = 1000

// capCells cuts cells longer than maxCellText, warning once per cell. The
// row is copied only when a cell is cut (the stream owns its slices).
func (sr *sheetReader) capCells(rowNo int, cells []string) []string {
	var out []string
	for i, c := range cells {
		if len(c) <= maxCellText { // bytes ≥ characters
			continue
		}
		n := utf8.RuneCountInString(c)
		if n <= maxCellText {
			continue
		}
		if out == nil {
			out = append([]string(nil), cells...)
		}
		out[i] = truncRunes(c, maxCellText)
		sr.warn(rowNo, i, sr.lang.T("workbook.warn.longtext", "n", n, "limit", maxCellText, "start", truncRunes(c, 20)))
	}
	if out == nil {
		return cells
	}
	return out
}

// truncRunes returns the first n characters of s.
func truncRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// tryHeader checks whether the last row of pre is the header; if so it
// classifies the sheet and accounts for the rows above it.
func (sr *sheetReader) tryHeader(rowNo int, pre [][]string) bool {
	cells := pre[len(pre)-1]
	if sr.pend != nil {
		return sr.twoRowHeader(rowNo, pre)
	}
	hint := sr.monthHint()
	h := classifyHeader(cells, sr.aliases, hint)
	if h.known() < 2 {
		return false
	}
	if len(pre) >= 2 && groupRow(pre[len(pre)-2]) {
		// Quarter labels above the month row: a two-row header whose
		// column names are all in the second row.
		return sr.groupedHeader(rowNo, pre, hint)
	}
	if rowNo < headerScanRows {
		// The row below may be the second row of the header.
		sr.pend = &pendingHeader{row: rowNo, pre: pre}
		return false
	}
	sr.setHeader(rowNo, cells, pre[:len(pre)-1], nil, h)
	return true
}

func (sr *sheetReader) monthHint() monthHint {
	hint := monthHint{year: sr.opt.Year, fyStart: sr.opt.FYStart, date1904: sr.date1904}
	if hint.year == 0 {
		hint.year = sr.fileFY
	}
	return hint
}

// setHeader makes cells, in row rowNo, the sheet's header, titles the rows
// above it, and classifies the sheet. upper is the first row of a two-row
// header: like the titles it may state the year or the unit, but it is
// not counted as a skipped row.
func (sr *sheetReader) setHeader(rowNo int, cells []string, titles [][]string, upper []string, h *header) {
	above := titles
	if upper != nil {
		above = append(titles[:len(titles):len(titles)], upper)
	}
	hint := sr.monthHint()
	if y, src := sr.sheetYear(h, above); y != hint.year {
		hint.year = y
		h = classifyHeader(cells, sr.aliases, hint)
		if (src == yearFromSheet || src == yearFromTitle) && sr.fileFY != 0 && y != sr.fileFY {
			sr.yearSrc = src
		}
	}
	h.row = rowNo
	sr.h, sr.fy = h, hint.year
	sr.years = sr.plausibleYears()
	sr.setUnits(above)
	if sr.fr.Version == "" {
		sr.fr.Version = titleVersion(above) // a plan version (reports/inputs)
	}
	if sr.rep.Header == 0 {
		sr.rep.Header = rowNo
	}
	for _, above := range titles {
		if isBlank(above) {
			sr.skip(skipBlank)
		} else {
			sr.skip(skipTitle)
		}
	}
	sr.classify()
}

// Where the fiscal year of months without a year comes from.
const (
	yearFromConfig = iota + 1
	yearFromHeader
	yearFromSheet
	yearFromTitle
	yearFromFile
)

// sheetYear decides the fiscal year of the sheet's months written without
// a year ("Jan", "3月"), most specific first: the configured year, a dated
// month column of the header, a year in the sheet's name ("2025预算"), in
// a title row ("2025年度市场预算", "FY2025 plan"), and only then the file
// name's. A budget-2026.xlsx may hold last year's plan on a sheet of its
// own, and that sheet's months are 2025's.
func (sr *sheetReader) sheetYear(h *header, titles [][]string) (int, int) {
	if sr.opt.Year != 0 {
		return sr.opt.Year, yearFromConfig
	}
	if h.yearNo > 0 {
		for _, c := range h.cols {
			if m, err := parseMonthCell(c.header, 0, sr.opt.FYStart, sr.date1904, false); c.kind == colMonth && err == nil && m.Valid() {
				return reports.FiscalYearOf(m, sr.opt.FYStart), yearFromHeader
			}
		}
	}
	if y := namedYear(sr.sheet); y != 0 {
		return y, yearFromSheet
	}
	for _, row := range titles {
		for _, cell := range row {
			if y := namedYear(cell); y != 0 {
				return y, yearFromTitle
			}
		}
	}
	if sr.fileFY != 0 {
		return sr.fileFY, yearFromFile
	}
	// A title that only holds a date ("as of 2026-03-31") is the last hint.
	for _, row := range titles {
		for _, cell := range row {
			if m := anyYearRe.FindStringSubmatch(cell); m != nil {
				y, _ := strconv.Atoi(m[1])
				return y, yearFromTitle
			}
		}
	}
	return 0, 0
}

// plausibleYears returns the fiscal years a row's date may fall in: the
// sheet's fiscal year (from its name, a title or the file name) and one on
// either side, and, when today is known, two fiscal years back from today
// and one ahead. A typo year (2062 for 2026), 9999-12-31 or the text "1e5"
// read as a serial (year 2173) would otherwise move spend out of every
// report while the totals still reconcile.
func (sr *sheetReader) plausibleYears() [2]int {
	var w [2]int
	if sr.fy != 0 {
		w = [2]int{sr.fy - 1, sr.fy + 1}
	}
	if !sr.opt.Now.IsZero() {
		fy := reports.FiscalYearOf(reports.MonthOf(sr.opt.Now), sr.opt.FYStart)
		if w[0] == 0 {
			w = [2]int{fy - 2, fy + 1}
		} else {
			w = [2]int{min(w[0], fy-2), max(w[1], fy+1)}
		}
	}
	return w
}

// plausible rejects the row when month m (read from cell s in column col)
// lies outside sr.years.
func (sr *sheetReader) plausible(rowNo, col int, s string, m reports.Month) {
	if sr.years[0] == 0 || !m.Valid() {
		return
	}
	fy := reports.FiscalYearOf(m, sr.opt.FYStart)
	if fy < sr.years[0] || fy > sr.years[1] {
		sr.bad(rowNo, col, sr.lang.T("workbook.err.implausible", "value", s, "month", m.String(), "from", sr.years[0], "to", sr.years[1]))
	}
}

// namedYearRe finds a year standing as a word in a sheet name or title:
// "2025预算", "FY2025", "Budget 2025", "2025年度" — not one inside a date
// ("2024-12-31", "2026/3/1", "2026.04"), which says when, not which plan.
var namedYearRe = regexp.MustCompile(`(?:^|[^0-9./-])((?:19|20)[0-9]{2})(?:[^0-9./-]|$)`)

func namedYear(s string) int {
	if len(s) > 200 {
		s = s[:200]
	}
	m := namedYearRe.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	y, _ := strconv.Atoi(m[1])
	return y
}

// setUnits records the unit of each money column: the one its header
// states, else the one the title rows state ("单位：万元"), else none.
func (sr *sheetReader) setUnits(titles [][]string) {
	sheetExp, _ := sheetUnit(titles)
	for _, c := range sr.h.cols {
		money := c.kind == colMonth || c.kind == colQuarter || c.kind == colTotal || (c.kind == colField && moneyFields[c.field])
		exp := sheetExp
		if c.hasUnit {
			exp = c.exp
		}
		if money {
			if _, unit := splitHeader(c.header); unit != "" {
				if mark := foreignCurrency(unit, sr.opt.Currency); mark != "" {
					if sr.foreign == nil {
						sr.foreign = map[int]string{}
					}
					sr.foreign[c.index] = mark
				}
			}
		}
		if money && exp != 0 {
			if sr.exps == nil {
				sr.exps = map[int]int{}
			}
			sr.exps[c.index] = exp
		}
	}
}

var anyYearRe = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)`)

// classify decides what the sheet holds from its header, by the first of
// sheetLayouts that accepts it, and checks that the columns the layout
// requires are present.
func (sr *sheetReader) classify() {
	h := sr.h
	sr.budgetByName()
	sr.lay = chooseLayout(h)
	if sr.lay == nil {
		sr.rep.Kind = reports.KindUnknown
		sr.broken = true
		sr.refuse(reports.SevInfo, sr.lang.T("workbook.note.unknown", "headers", sr.lang.Join(h.headerNames())))
		return
	}
	sr.rep.Kind, sr.rep.Layout = sr.lay.kind(), sr.lay.name()
	if f := sr.lay.missing(h); f != "" {
		sr.broken = true
		kind := sr.lang.T("workbook.kind." + string(sr.rep.Kind))
		if cell, alias, ok := h.nearest(f, sr.aliases); ok {
			sr.refuse(reports.SevAlert, sr.lang.T("workbook.err.missing_hint",
				"kind", kind, "column", sr.field(f), "found", sr.lang.Join(h.headerNames()), "cell", cell, "alias", alias))
		} else {
			sr.refuse(reports.SevAlert, sr.lang.T("workbook.err.missing",
				"kind", kind, "column", sr.field(f), "found", sr.lang.Join(h.headerNames()), "aliases", sr.lang.Join(builtinAliases[f][:min(4, len(builtinAliases[f]))])))
		}
		return
	}
	if !sr.noCategory() {
		return
	}
	sr.lay.begin(sr)
	sr.check = newCrossCheck(sr.lay.sums(h))
}

// fixWideYears gives month-only headers their years, moving to the next
// fiscal year when the months wrap around (two years side by side), and
// refuses the sheet when no year is known.
func (sr *sheetReader) fixWideYears() {
	sr.placeWideMonths()
	sr.checkWideYears()
}

// checkWideYears refuses a wide sheet with a month column outside the
// fiscal years it can hold ("2062-01" for "2026-01"): every amount under it
// would leave the reports. The header cell is named and the rows are
// rejected.
func (sr *sheetReader) checkWideYears() {
	if sr.years[0] == 0 || sr.broken {
		return
	}
	for _, c := range sr.h.cols {
		if c.kind != colMonth || !c.month.Valid() {
			continue
		}
		if fy := reports.FiscalYearOf(c.month, sr.opt.FYStart); fy < sr.years[0] || fy > sr.years[1] {
			sr.problem(sr.h.row, c.index, reports.SevAlert, sr.lang.T("workbook.err.implausible",
				"value", strings.TrimSpace(c.header), "month", c.month.String(), "from", sr.years[0], "to", sr.years[1]))
			sr.broken = true
		}
	}
}

func (sr *sheetReader) placeWideMonths() {
	// Also when the year is known (from the file name, say): "四月 … 十二月,
	// 一月 … 三月" runs into the next year whatever the configured fiscal
	// year, and a second January must not land on the first.
	if sr.h.yearNo == 0 {
		return
	}
	if sr.fy == 0 {
		sr.broken = true
		for _, c := range sr.h.cols {
			if c.kind == colMonth && !c.month.Valid() {
				sr.problem(sr.h.row, c.index, reports.SevAlert, sr.lang.T("workbook.err.noyear", "value", strings.TrimSpace(c.header)))
				break
			}
		}
		return
	}
	// The month columns without a year fall into blocks, a new one where
	// a month repeats (two years side by side); block k is fiscal year
	// sr.fy+k. Within a block:
	//   - columns in calendar order ("Jan … Dec") are placed by name in
	//     the fiscal year: with the year starting in April, "Jan" of
	//     fiscal 2026 is January 2027 and "Apr" April 2026;
	//   - columns that run over the turn of the year ("四月 … 十二月, 一月 …
	//     三月") follow their order from the first one, placed by name:
	//     the sheet runs its own year, whatever the configured start.
	// A placement that does not follow the column order is said in a note.
	type col struct {
		k int
		m reports.Month
	}
	var block []col
	fy := sr.fy
	var placed []string
	ordered := true
	var prev reports.Month
	flush := func() {
		wraps := false
		for i := 1; i < len(block); i++ {
			if block[i].m.Month < block[i-1].m.Month {
				wraps = true
			}
		}
		var last reports.Month
		for i, c := range block {
			m, _ := parseMonthCell(sr.h.cols[c.k].header, fy, sr.opt.FYStart, sr.date1904, false)
			if wraps && i > 0 {
				m = last.Add(1)
				for m.Month != c.m.Month {
					m = m.Add(1)
				}
			}
			last = m
			sr.h.cols[c.k].month = m
			if prev.Valid() && !prev.Before(m) {
				ordered = false
			}
			prev = m
			placed = append(placed, strings.TrimSpace(sr.h.cols[c.k].header)+" → "+m.String())
		}
		block = block[:0]
	}
	seen := map[time.Month]bool{}
	for k, c := range sr.h.cols {
		if c.kind != colMonth {
			continue
		}
		m, err := parseMonthCell(c.header, sr.fy, sr.opt.FYStart, sr.date1904, false)
		if err != nil || !m.Valid() || hasYear(c.header, sr.fy, sr.opt.FYStart, sr.date1904) {
			continue
		}
		if seen[m.Month] {
			flush()
			fy++
			seen = map[time.Month]bool{}
		}
		seen[m.Month] = true
		block = append(block, col{k, m})
		sr.yearUsed = true
	}
	flush()
	if !ordered {
		sr.sheetProblem(sr.h.row, reports.SevInfo, sr.lang.T("workbook.note.placed", "fy", sr.fy,
			"start", reports.FiscalYearStart(sr.fy, sr.opt.FYStart).String(), "months", sr.lang.Join(placed)))
	}
}

// warnStrayColumns names each header cell between the first and the last
// month column that is not recognised ("FY26 Apr", "2026.1"): its amounts
// are not read, and that must not go unsaid.
func (sr *sheetReader) warnStrayColumns() {
	months := sr.h.monthCols()
	if len(months) == 0 {
		return
	}
	known := map[int]bool{}
	for _, c := range sr.h.cols {
		known[c.index] = true
	}
	for i := months[0].index + 1; i < months[len(months)-1].index && i < len(sr.h.cells); i++ {
		if t := strings.TrimSpace(sr.h.cells[i]); t != "" && !known[i] {
			sr.warn(sr.h.row, i, sr.lang.T("workbook.warn.column", "value", t))
		}
	}
}

// hasYear reports whether a month header carries its own year.
func hasYear(s string, fy int, fyStart time.Month, date1904 bool) bool {
	_, err := parseMonthCell(s, 0, fyStart, date1904, false)
	return err == nil
}

func (sr *sheetReader) field(f string) string { return sr.lang.T("workbook.field." + f) }

func (sr *sheetReader) skip(reason int) {
	c := &sr.rep.Skips
	*[]*int{&c.Blank, &c.Title, &c.Subtotal, &c.Heading, &c.Note, &c.Empty}[reason]++
	sr.rep.Skipped++
}

// problem records a problem at one cell (col is 0-based; -1 for the row).
func (sr *sheetReader) problem(row, col int, sev reports.Severity, msg string) {
	if sr.kept >= maxSheetProblems {
		sr.dropped++
		return
	}
	sr.kept++
	e := &reports.CellError{File: sr.file, Sheet: sr.sheet, Row: row, Severity: sev, Err: &message{text: msg}}
	if col >= 0 && row > 0 {
		e.Cell = cellName(col+1, row)
	}
	sr.fr.Problems = append(sr.fr.Problems, e)
}

// sheetProblem records a problem with the whole sheet (row 0) or one row.
func (sr *sheetReader) sheetProblem(row int, sev reports.Severity, msg string) {
	sr.fr.Problems = append(sr.fr.Problems, &reports.CellError{File: sr.file, Sheet: sr.sheet, Row: row, Severity: sev, Err: &message{text: msg}})
}

// bad records a problem that rejects the current row.
func (sr *sheetReader) bad(row, col int, msg string) {
	sr.rowBad = true
	sr.problem(row, col, reports.SevAlert, msg)
}

func (sr *sheetReader) finish() {
	sr.noteCategories()
	if sr.yearSrc != 0 && sr.yearUsed {
		key := "workbook.note.sheetyear"
		if sr.yearSrc == yearFromTitle {
			key = "workbook.note.titleyear"
		}
		sr.sheetProblem(0, reports.SevInfo, sr.lang.T(key, "year", sr.fy, "file", sr.fileFY))
	}
	if sr.dropped > 0 {
		sr.sheetProblem(0, reports.SevWarn, sr.lang.Count("workbook.warn.more", sr.dropped))
	}
	sr.fr.Sheets = append(sr.fr.Sheets, sr.rep)
	if sr.act != nil {
		sr.fr.Sheets = append(sr.fr.Sheets, *sr.act)
	}
}

// cell returns the trimmed text of field f in cells and its column, or ""
// and -1 when the sheet has no such column.
func (sr *sheetReader) cell(cells []string, f string) (string, int) {
	i, ok := sr.h.fields[f]
	if !ok {
		return "", -1
	}
	if i >= len(cells) {
		return "", i
	}
	return strings.TrimSpace(cells[i]), i
}

func cellAt(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	s := cells[i]
	if s == "" || s[0] > ' ' && s[0] < 0x80 && s[len(s)-1] > ' ' && s[len(s)-1] < 0x80 {
		return s // nothing to trim: most cells
	}
	return strings.TrimSpace(s)
}

func (sr *sheetReader) used(m reports.Month, amount reports.Money) {
	sr.rep.Used++
	sr.rep.Total += amount
	sr.span(m)
}

// span widens the sheet's First–Last months to include m.
func (sr *sheetReader) span(m reports.Month) {
	if m.Valid() {
		if !sr.rep.First.Valid() || m.Before(sr.rep.First) {
			sr.rep.First = m
		}
		if !sr.rep.Last.Valid() || sr.rep.Last.Before(m) {
			sr.rep.Last = m
		}
	}
}

// row reads one row below the header.
func (sr *sheetReader) row(rowNo int, cells []string) {
	if isBlank(cells) {
		sr.blank++
		return
	}
	for ; sr.blank > 0; sr.blank-- {
		sr.skip(skipBlank)
	}
	if sr.broken {
		if sr.rep.Kind == reports.KindUnknown {
			sr.skip(skipNote)
		} else {
			sr.rep.Rejected++
		}
		return
	}
	if sr.lay.notData(sr, cells) {
		sr.skip(skipSubtotal)
		return
	}
	if sr.totalRow(rowNo, cells) {
		return
	}
	sr.rowBad = false
	if sr.rejectUncalculated(rowNo) {
		sr.rep.Rejected++
		return
	}
	sr.lay.read(sr, rowNo, cells)
}

// labels returns the label cells of a row: where "小计" or "Total" is written.
func (sr *sheetReader) labels(cells []string) []int {
	var out []int
	for _, f := range []string{"category", "channel", "region", "month", "date"} {
		if i, ok := sr.h.fields[f]; ok {
			out = append(out, i)
		}
	}
	for i, c := range cells {
		if strings.TrimSpace(c) != "" {
			out = append(out, i)
			break
		}
	}
	return out
}

// totalRow recognises a subtotal or total row, checks its amounts against
// the rows it sums and skips it.
func (sr *sheetReader) totalRow(rowNo int, cells []string) bool {
	// A row with a valid date or month is data, whatever its labels say.
	if d, i := sr.cell(cells, "date"); i >= 0 && d != "" {
		if _, err := sr.parseDate(d); err == nil {
			return false
		}
	}
	if m, i := sr.cell(cells, "month"); i >= 0 && m != "" {
		if _, err := parseMonthCell(m, sr.fy, sr.opt.FYStart, sr.date1904, true); err == nil {
			return false
		}
	}
	for _, i := range sr.labels(cells) {
		text := cellAt(cells, i)
		isTotal, sub, name := totalLabel(text)
		if !isTotal {
			continue
		}
		if name == "" {
			if cat, ci := sr.cell(cells, "category"); ci >= 0 && ci != i && cat != "" {
				if t, _, _ := totalLabel(cat); !t {
					name = config.Normalize(cat)
				}
			}
		}
		sr.skip(skipSubtotal)
		sr.check.verify(sr, rowNo, cells, text, sub, name)
		return true
	}
	return false
}

// role parses a role cell; an unknown role is a warning, not a rejection,
// because the line's amounts are still right.
func (sr *sheetReader) role(rowNo, col int, s string) reports.Role {
	r, ok := reports.ParseRole(s)
	if !ok {
		sr.problem(rowNo, col, reports.SevWarn, sr.lang.T("workbook.warn.role", "value", s))
	}
	return r
}

// lineKeys reads category (filled down), channel, region and role of a
// budget row. Role fills down too, until the category changes.
//
// Region fills down only when it is an outer level of the sheet's
// hierarchy: its column left of the channel column (a pivot table's
// outline form, or a region merged down over its channels), or no channel
// column at all. Right of the channel it is an attribute of the line, and
// a blank cell means the line is not split by region: a budget listing
// 百度SEM 华东, 百度SEM 华北 and then LinkedIn with no region must not
// put LinkedIn in 华北.
func (sr *sheetReader) lineKeys(cells []string) (cat, ch, region, roleText string, roleCol int) {
	cat, _ = sr.cell(cells, "category")
	if cat != "" {
		if cat != sr.fillCat {
			sr.fillRegion, sr.fillRole = "", ""
		}
		sr.fillCat = cat
	} else {
		cat = sr.fillCat
	}
	ch, _ = sr.cell(cells, "channel")
	region, _ = sr.cell(cells, "region")
	switch {
	case region != "":
		sr.fillRegion = region
	case sr.regionOuter():
		region = sr.fillRegion
	}
	roleText, roleCol = sr.cell(cells, "role")
	if roleText != "" {
		sr.fillRole = roleText
	} else {
		roleText = sr.fillRole
	}
	return
}

// regionOuter reports whether the region column groups the channels (left
// of the channel column, or there is no channel column).
func (sr *sheetReader) regionOuter() bool {
	rc, ok := sr.h.fields["region"]
	if !ok {
		return false
	}
	cc, ok := sr.h.fields["channel"]
	return !ok || rc < cc
}

func (sr *sheetReader) wideRow(rowNo int, cells []string) {
	rawCat, catCol := sr.cell(cells, "category")
	cat, ch, region, roleText, roleCol := sr.lineKeys(cells)
	if catCol < 0 {
		cat = sr.categoryFor(ch)
	}
	chCol := sr.h.fields["channel"]
	vals := map[int]reports.Money{}
	months := map[reports.Month]reports.Money{}
	var monthOrder []reports.Month
	any, anyMonth := false, false
	for _, c := range sr.h.cols {
		if c.kind == colField {
			continue
		}
		t := cellAt(cells, c.index)
		if t == "" {
			continue
		}
		any = true
		v, ok := sr.amount(rowNo, c.index, t)
		if !ok {
			continue
		}
		vals[c.index] = v
		if c.kind == colMonth {
			anyMonth = true
			if _, seen := months[c.month]; !seen {
				monthOrder = append(monthOrder, c.month)
			}
			months[c.month] += v
		}
	}
	if !any && !sr.rowBad {
		switch {
		case ch == "" && rawCat != "":
			sr.skip(skipHeading)
		case ch == "":
			sr.skip(skipNote)
		default:
			sr.skip(skipEmpty)
		}
		return
	}
	if cat == "" && catCol >= 0 {
		sr.bad(rowNo, catCol, sr.lang.T("workbook.err.empty", "column", sr.field("category")))
	}
	if ch == "" {
		sr.bad(rowNo, chCol, sr.lang.T("workbook.err.empty", "column", sr.field("channel")))
	}
	if !anyMonth && !sr.rowBad {
		sr.bad(rowNo, -1, sr.lang.T("workbook.err.nomonths"))
	}
	if sr.rowBad {
		sr.rep.Rejected++
		return
	}
	role := sr.role(rowNo, roleCol, roleText)
	sr.checkRowTotals(rowNo, vals)
	for _, m := range monthOrder {
		sr.sink.Budget(reports.BudgetLine{
			LineKey: reports.LineKey{Category: cat, Channel: ch, Region: region},
			Role:    role, Month: m, Amount: months[m],
			Source: reports.Source{File: sr.file, Sheet: sr.sheet, Row: rowNo},
		})
		sr.rep.Total += months[m]
		sr.span(m)
	}
	sr.rep.Used++
	sr.check.add(vals, config.Normalize(cat))
}

// checkRowTotals compares the quarter and total cells of a wide budget row
// with the sum of its months.
func (sr *sheetReader) checkRowTotals(rowNo int, vals map[int]reports.Money) {
	var all reports.Money
	byQ := map[int]reports.Money{}
	hasQ := map[int]bool{}
	for _, c := range sr.h.cols {
		if c.kind == colMonth {
			q := reports.QuarterOf(c.month, sr.opt.FYStart)
			hasQ[q] = true
			byQ[q] += vals[c.index]
			all += vals[c.index]
		}
	}
	// A quarter column right after its three months ("四月 五月 六月 Q1")
	// sums those, whichever month the configured fiscal year starts in.
	since := map[int]reports.Money{}
	run, n := reports.Money(0), 0
	for _, c := range sr.h.cols {
		switch c.kind {
		case colMonth:
			run += vals[c.index]
			n++
		case colQuarter:
			if n == 3 {
				since[c.index] = run
			}
			run, n = 0, 0
		case colTotal:
			run, n = 0, 0
		}
	}
	for _, c := range sr.h.cols {
		got, ok := vals[c.index]
		if !ok {
			continue
		}
		var want reports.Money
		byPos, positional := since[c.index]
		switch {
		case c.kind == colQuarter && positional:
			want = byPos
		case c.kind == colQuarter && hasQ[c.quarter]:
			want = byQ[c.quarter]
		case c.kind == colTotal:
			want = all
		default:
			continue
		}
		if got != want {
			sr.warn(rowNo, c.index, sr.lang.T("workbook.warn.rowtotal", "label", strings.TrimSpace(c.header), "got", fmtAmount(got), "want", fmtAmount(want)))
		}
	}
}

func (sr *sheetReader) warn(row, col int, msg string) {
	sr.warned++
	sr.problem(row, col, reports.SevWarn, msg)
}

func (sr *sheetReader) longRow(rowNo int, cells []string) {
	monthField := "month"
	if !sr.h.has("month") {
		monthField = "date"
	}
	mt, mCol := sr.cell(cells, monthField)
	bt, bCol := sr.cell(cells, "budget")
	var at string
	aCol := -1
	if sr.act != nil {
		at, aCol = sr.cell(cells, "amount")
	}
	rawCat, catCol := sr.cell(cells, "category")
	cat, ch, region, roleText, roleCol := sr.lineKeys(cells)
	if catCol < 0 {
		cat = sr.categoryFor(ch)
	}
	if mt == "" && bt == "" && at == "" {
		if ch == "" && rawCat != "" {
			sr.skip(skipHeading)
		} else {
			sr.skip(skipNote)
		}
		return
	}
	m := sr.month(rowNo, mCol, mt, monthField)
	var amount, actual reports.Money
	switch {
	case bt == "" && at != "":
		// Actual spend without a budget: unbudgeted, not an error.
	case bt == "":
		sr.bad(rowNo, bCol, sr.lang.T("workbook.err.empty", "column", sr.field("budget")))
	default:
		if v, ok := sr.amount(rowNo, bCol, bt); ok {
			amount = v
		}
	}
	if at != "" {
		if v, ok := sr.amount(rowNo, aCol, at); ok {
			actual = v
		}
	}
	if cat == "" && catCol >= 0 {
		sr.bad(rowNo, catCol, sr.lang.T("workbook.err.empty", "column", sr.field("category")))
	}
	if ch == "" {
		sr.bad(rowNo, sr.h.fields["channel"], sr.lang.T("workbook.err.empty", "column", sr.field("channel")))
	}
	if sr.rowBad {
		sr.rep.Rejected++
		return
	}
	project, _ := sr.cell(cells, "project")
	if project == "" {
		project, _ = sr.cell(cells, "campaign")
	}
	src := reports.Source{File: sr.file, Sheet: sr.sheet, Row: rowNo}
	if bt != "" {
		sr.sink.Budget(reports.BudgetLine{
			LineKey: reports.LineKey{Category: cat, Channel: ch, Region: region},
			Role:    sr.role(rowNo, roleCol, roleText), Project: project, Month: m, Amount: amount,
			Source: src,
		})
		sr.used(m, amount)
	}
	vals := map[int]reports.Money{bCol: amount}
	if at != "" {
		sr.sink.Actual(reports.Entry{Date: m.First(), Category: cat, Channel: ch, Region: region, Campaign: project, Amount: actual, Source: src})
		sr.act.Used++
		sr.act.Total += actual
		if m.Valid() {
			if !sr.act.First.Valid() || m.Before(sr.act.First) {
				sr.act.First = m
			}
			if !sr.act.Last.Valid() || sr.act.Last.Before(m) {
				sr.act.Last = m
			}
		}
		vals[aCol] = actual
	}
	sr.check.add(vals, config.Normalize(cat))
}

// amount parses the amount in column col, in the unit its header or the
// sheet states, and rejects the row when it is not one.
func (sr *sheetReader) amount(rowNo, col int, s string) (reports.Money, bool) {
	if mark, ok := sr.foreign[col]; ok && strings.TrimSpace(s) != "" {
		sr.bad(rowNo, col, sr.lang.T("workbook.err.currency", "value", s, "mark", mark, "currency", sr.opt.Currency))
		return 0, false
	}
	if mark := foreignCurrency(s, sr.opt.Currency); mark != "" {
		sr.bad(rowNo, col, sr.lang.T("workbook.err.currency", "value", s, "mark", mark, "currency", sr.opt.Currency))
		return 0, false
	}
	exp := sr.exps[col]
	v, err := parseScaled(sr.localAmount(col, s), exp)
	if err == nil {
		// Every amount read counts towards the file's bound, so no sum
		// of them (here or in the reports) can wrap around.
		if sum, ok := sr.abs.AddOK(v.Abs()); ok && sum <= reports.MaxTotal {
			sr.abs = sum
		} else {
			err = reports.ErrOverflow
		}
	}
	switch {
	case errors.Is(err, reports.ErrOverflow):
		sr.bad(rowNo, col, sr.lang.T("workbook.err.toolarge", "value", s, "limit", fmtAmount(reports.MaxTotal)))
	case errors.Is(err, errUnitTwice):
		sr.bad(rowNo, col, sr.lang.T("workbook.err.unittwice", "value", s, "unit", unitName(exp)))
	case err != nil && sr.opt.DecimalComma:
		sr.bad(rowNo, col, sr.lang.T("workbook.err.amount_comma", "value", s))
	case err != nil:
		sr.bad(rowNo, col, sr.lang.T("workbook.err.amount", "value", s))
	}
	return v, err == nil
}

// unitName writes a scale for messages: "×10,000".
func unitName(exp int) string {
	d := "1" + strings.Repeat("0", max(exp, 0))
	var b strings.Builder
	b.WriteString("×")
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// month parses a required month (or date, taken as its month) cell.
func (sr *sheetReader) month(rowNo, col int, s, field string) reports.Month {
	if s == "" {
		sr.bad(rowNo, col, sr.lang.T("workbook.err.empty", "column", sr.field(field)))
		return reports.Month{}
	}
	if field == "date" {
		return reports.MonthOf(sr.date(rowNo, col, s))
	}
	m, err := parseMonthCell(s, sr.fy, sr.opt.FYStart, sr.date1904, true)
	if err == nil {
		sr.plausible(rowNo, col, s, m)
	}
	if err == nil && sr.yearSrc != 0 && !sr.yearUsed && !hasYear(s, sr.fy, sr.opt.FYStart, sr.date1904) {
		sr.yearUsed = true
	}
	switch {
	case errors.Is(err, errNoYear):
		sr.bad(rowNo, col, sr.lang.T("workbook.err.noyear", "value", s))
	case err != nil:
		sr.bad(rowNo, col, sr.lang.T("workbook.err.month", "value", s))
	}
	return m
}

// date parses a required date cell.
func (sr *sheetReader) date(rowNo, col int, s string) time.Time {
	d, err := sr.parseDate(s)
	if err == nil {
		sr.plausible(rowNo, col, s, reports.MonthOf(d))
	}
	switch {
	case errors.Is(err, errAmbiguousDay):
		sr.bad(rowNo, col, sr.lang.T("workbook.err.ambiguous", "value", s))
	case err != nil:
		sr.bad(rowNo, col, sr.lang.T("workbook.err.date", "value", s))
	}
	return d
}

// ledgerRow reads a spend entry, with its funnel columns when funnel.
func (sr *sheetReader) ledgerRow(rowNo int, cells []string, funnel bool) {
	fc := sr.cols()
	dCol, field := fc.date, "date"
	if dCol < 0 {
		dCol, field = fc.month, "month"
	}
	dt := cellAt(cells, dCol)
	aCol := fc.amount
	at := cellAt(cells, aCol)
	if sr.debitCredit() {
		at, aCol = sr.netText(cells)
	}
	var aux map[string]string
	if fc.aux >= 0 {
		aux = sr.auxValues(cells)
	}
	if at == "" && sr.noteRow(cells, dt) && aux == nil {
		sr.skip(skipNote)
		return
	}
	var when time.Time
	if dt == "" {
		sr.bad(rowNo, dCol, sr.lang.T("workbook.err.empty", "column", sr.field(field)))
	} else if field == "date" {
		when = sr.date(rowNo, dCol, dt)
	} else if m := sr.month(rowNo, dCol, dt, field); m.Valid() {
		when = m.First()
	}
	var amount reports.Money
	var netVals map[int]reports.Money
	switch {
	case at == "":
		sr.bad(rowNo, aCol, sr.lang.T("workbook.err.empty", "column", sr.field("amount")))
	case sr.debitCredit():
		if v, vals, ok := sr.net(rowNo, cells); ok {
			amount, netVals = v, vals
		}
	default:
		if v, ok := sr.amount(rowNo, aCol, at); ok {
			amount = v
		}
	}
	cat, catCol := cellAt(cells, fc.category), fc.category
	ch, chCol := cellAt(cells, fc.channel), fc.channel
	if ch == "" {
		ch = aux["channel"]
	}
	if cat == "" && catCol < 0 {
		cat = aux["category"]
		if cat == "" {
			cat = sr.categoryFor(ch)
		}
	}
	if cat == "" && catCol >= 0 {
		sr.bad(rowNo, catCol, sr.lang.T("workbook.err.empty", "column", sr.field("category")))
	}
	switch {
	case ch == "" && chCol < 0:
		sr.bad(rowNo, fc.aux, sr.lang.T("workbook.err.auxchannel", "value", cellAt(cells, fc.aux)))
	case ch == "":
		sr.bad(rowNo, chCol, sr.lang.T("workbook.err.empty", "column", sr.field("channel")))
	}
	var fun reports.Funnel
	if funnel {
		fun = sr.funnelValues(rowNo, cells)
	}
	if sr.rowBad {
		sr.rep.Rejected++
		return
	}
	region := cellAt(cells, fc.region)
	campaign := cellAt(cells, fc.campaign)
	if campaign == "" {
		campaign = cellAt(cells, fc.project)
	}
	vendor := cellAt(cells, fc.vendor)
	if aux != nil {
		region, campaign, vendor = orAux(region, aux, "region"), orAux(orAux(campaign, aux, "campaign"), aux, "project"), orAux(vendor, aux, "vendor")
	}
	comment := cellAt(cells, fc.comment)
	if comment == "" {
		comment = cellAt(cells, fc.memo)
	}
	src := reports.Source{File: sr.file, Sheet: sr.sheet, Row: rowNo}
	sr.sink.Actual(reports.Entry{Date: when, Category: cat, Channel: ch, Region: region,
		Campaign: campaign, Vendor: vendor, Comment: comment, Amount: amount, Source: src})
	if !fun.IsZero() {
		sr.sink.FunnelRow(reports.FunnelRow{Month: reports.MonthOf(when), Channel: ch, Region: region, Funnel: fun, Source: src})
	}
	sr.used(reports.MonthOf(when), amount)
	if sr.check == nil {
		return
	}
	sums := sr.check.row(sr.normalize(cat))
	if netVals != nil {
		for col, v := range netVals {
			sums.add(col, v)
		}
	} else {
		sums.add(aCol, amount)
	}
	if funnel && fc.revenue >= 0 {
		sums.add(fc.revenue, fun.Revenue)
	}
}

// noteRow reports whether a ledger row without an amount is a remark
// ("Note: amounts include VAT") rather than a line with its amount missing:
// its date cell holds no date and it names no category or channel.
func (sr *sheetReader) noteRow(cells []string, dt string) bool {
	if dt != "" {
		if _, err := sr.parseDate(dt); err == nil {
			return false
		}
	}
	cat, _ := sr.cell(cells, "category")
	ch, _ := sr.cell(cells, "channel")
	return cat == "" && ch == ""
}

// funnelValues parses the funnel columns of a row; blank cells are zero.
func (sr *sheetReader) funnelValues(rowNo int, cells []string) reports.Funnel {
	var f reports.Funnel
	fc := sr.cols()
	dst := [6]*int64{&f.Leads, &f.MQL, &f.SQL, &f.Opps, &f.POC, &f.Won} // funnelFields order
	for k, i := range fc.funnel {
		t := cellAt(cells, i)
		if t == "" {
			continue
		}
		n, err := parseCount(sr.localAmount(i, t))
		if err != nil {
			sr.bad(rowNo, i, sr.lang.T("workbook.err.count", "value", t))
			continue
		}
		*dst[k] = n
	}
	if t := cellAt(cells, fc.revenue); t != "" {
		f.Revenue, _ = sr.amount(rowNo, fc.revenue, t)
	}
	return f
}

func (sr *sheetReader) funnelRow(rowNo int, cells []string) {
	field := "month"
	mt, mCol := sr.cell(cells, "month")
	if mCol < 0 {
		field = "date"
		mt, mCol = sr.cell(cells, "date")
	}
	empty := true
	for _, f := range funnelFields {
		if t, _ := sr.cell(cells, f); t != "" {
			empty = false
		}
	}
	ch, chCol := sr.cell(cells, "channel")
	switch {
	case empty && mt == "":
		sr.skip(skipNote)
		return
	case empty:
		sr.skip(skipEmpty)
		return
	}
	m := sr.month(rowNo, mCol, mt, field)
	if ch == "" {
		sr.bad(rowNo, chCol, sr.lang.T("workbook.err.empty", "column", sr.field("channel")))
	}
	fun := sr.funnelValues(rowNo, cells)
	if sr.rowBad {
		sr.rep.Rejected++
		return
	}
	region, _ := sr.cell(cells, "region")
	sr.sink.FunnelRow(reports.FunnelRow{Month: m, Channel: ch, Region: region, Funnel: fun,
		Source: reports.Source{File: sr.file, Sheet: sr.sheet, Row: rowNo}})
	sr.used(m, fun.Revenue)
	if i, ok := sr.h.fields["revenue"]; ok && sr.check != nil {
		sr.check.row("").add(i, fun.Revenue)
	}
}

// crossCheck keeps the running sums that subtotal and total rows are
// checked against: since the last subtotal, per category, and overall.
// Sums are kept per position in cols, not in maps by column: a ledger adds
// to them on every row.
type crossCheck struct {
	cols  []int
	block []reports.Money
	all   []reports.Money
	byCat map[string][]reports.Money
}

func newCrossCheck(cols []int) *crossCheck {
	return &crossCheck{cols: cols, block: make([]reports.Money, len(cols)), all: make([]reports.Money, len(cols)),
		byCat: map[string][]reports.Money{}}
}

// maxCategorySums bounds the per-category sums a sheet keeps; a ledger
// with more distinct categories simply checks totals against the block.
const maxCategorySums = 1000

// rowSums adds one row's amounts to a crossCheck's sums.
type rowSums struct {
	c     *crossCheck
	byCat []reports.Money // nil: no per-category sums for this row
}

// row starts adding a row of category cat ("" for none).
func (c *crossCheck) row(cat string) rowSums {
	if c == nil {
		return rowSums{}
	}
	byCat := c.byCat[cat]
	if byCat == nil && cat != "" && len(c.byCat) < maxCategorySums {
		byCat = make([]reports.Money, len(c.cols))
		c.byCat[cat] = byCat
	}
	return rowSums{c: c, byCat: byCat}
}

// add adds v, the amount in column col, where col is one of the checked
// columns; other columns are not checked.
func (r rowSums) add(col int, v reports.Money) {
	if r.c == nil {
		return
	}
	for k, i := range r.c.cols {
		if i == col {
			r.c.block[k] += v
			r.c.all[k] += v
			if r.byCat != nil {
				r.byCat[k] += v
			}
			return
		}
	}
}

// add adds a row's amounts by column.
func (c *crossCheck) add(vals map[int]reports.Money, cat string) {
	if c == nil {
		return
	}
	r := c.row(cat)
	for i, v := range vals {
		r.add(i, v)
	}
}

// verify compares the amounts written in a subtotal or total row with the
// sums of the rows it covers and warns, naming the cell and both numbers,
// when they differ.
func (c *crossCheck) verify(sr *sheetReader, rowNo int, cells []string, label string, sub bool, name string) {
	if c == nil {
		return
	}
	want := c.all
	if sub {
		want = c.block
	}
	if sums, ok := c.byCat[name]; ok && name != "" {
		want = sums
	}
	for k, i := range c.cols {
		t := cellAt(cells, i)
		if t == "" {
			continue
		}
		got, err := parseScaled(sr.localAmount(i, t), sr.exps[i])
		if err != nil {
			continue
		}
		if got != want[k] {
			sr.warn(rowNo, i, sr.lang.T("workbook.warn.subtotal", "label", label, "got", fmtAmount(got), "want", fmtAmount(want[k])))
		}
	}
	if sub {
		c.block = make([]reports.Money, len(c.cols))
	}
}

// fmtAmount formats an amount with grouping and two decimals, "-12,345.60";
// it shows four decimals when the amount has them, so a difference of a
// ten-thousandth never prints as two equal numbers.
func fmtAmount(m reports.Money) string {
	neg := m < 0
	if neg {
		m = -m
	}
	whole := int64(m / reports.Unit)
	frac := int64(m % reports.Unit)
	s := strconv.FormatInt(whole, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if frac%100 == 0 {
		b.WriteString("." + strconv.FormatInt(100+frac/100, 10)[1:])
	} else {
		b.WriteString("." + strconv.FormatInt(10000+frac, 10)[1:])
	}
	return b.String()
}
