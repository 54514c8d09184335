package workbook

import (
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// Layouts that marketing and finance teams use besides the plain ones
// (issue 11):
//
//   - a two-row header: quarters (or a year, or any group label) as merged
//     cells above a month row, `Q1` spanning `7月 8月 9月`. Only the
//     top-left cell of a merge holds its text, so a group label stands
//     for the columns from its own to the next label. The two rows are
//     read as one header: the lower cell where it has text, else the upper
//     one (a field header merged down over both rows), and a subtotal cell
//     under a quarter (`Q1` above `小计`) is that quarter's total.
//   - no category column (a budget of month, channel and amount; an ERP
//     ledger): each line's category is its channel's [[channel]] category,
//     else the channel's own name. Said once per sheet as a note.
//   - a sheet headed month and amount but no date, in a file or sheet whose
//     name says budget (budget-2026.xlsx, 预算): the amounts are the budget.
//     Elsewhere such a sheet is a ledger by month, as before.
//   - ERP ledgers: `借方金额`/`贷方金额` (debit/credit) give amount = debit −
//     credit, so credit notes stay negative; `辅助核算` (`渠道:百度;部门:市场部`)
//     supplies the channel, region, vendor or campaign a row lacks;
//     `本月合计`, `本年累计`, `期初余额` rows (named in `摘要`) are balances, not
//     spend, and are skipped.
//   - amounts typed as text with a decimal comma (`1.234,56`) when
//     [input] decimal = "comma"; number cells are numbers either way.

// budgetWords and actualWords tell a budget file or sheet from an actuals
// one by its name.
var (
	budgetWords = []string{"budget", "预算", "預算", "plan", "计划", "計劃", "计画", "計畫"}
	actualWords = []string{"actual", "实际", "實際", "ledger", "明细", "明細", "台账", "台帳", "spend", "支出", "凭证", "憑證", "expense", "费用", "費用"}
)

// budgetNamed reports whether a file or sheet name says budget and not
// actuals: "budget-2026.xlsx", "2026预算", but not "预算执行明细".
func budgetNamed(names ...string) bool {
	n := strings.ToLower(strings.Join(names, " "))
	for _, w := range actualWords {
		if strings.Contains(n, w) {
			return false
		}
	}
	for _, w := range budgetWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// maxCategoryCache bounds the channel → category answers kept per file.
const maxCategoryCache = 10000

// categoryFor is the category of a channel's line in a sheet without a
// category column: the configured one, else the channel's name, which is
// noted (see noteCategories).
func (sr *sheetReader) categoryFor(ch string) string {
	if ch == "" {
		return ""
	}
	if c, ok := sr.catCache[ch]; ok {
		return c
	}
	c := ""
	if sr.opt.ChannelCategory != nil {
		c = sr.opt.ChannelCategory(ch)
	}
	if c == "" {
		c = ch
		if len(sr.catNamed) < maxNamedChannels {
			sr.catNamed = append(sr.catNamed, ch)
		}
	}
	if sr.catCache == nil {
		sr.catCache = map[string]string{}
	}
	if len(sr.catCache) < maxCategoryCache {
		sr.catCache[ch] = c
	}
	return c
}

// maxNamedChannels bounds the channels a note names.
const maxNamedChannels = 5

// noteCategories says, once per sheet, which channels of a sheet without
// a category column took their own name as category because config.toml
// gives them none. Channels with a [[channel]] category need no note.
func (sr *sheetReader) noteCategories() {
	if len(sr.catNamed) == 0 {
		return
	}
	names := sr.catNamed
	if len(names) == maxNamedChannels {
		names = append(names[:len(names):len(names)], "…")
	}
	sr.sheetProblem(sr.h.row, reports.SevInfo, sr.lang.T("workbook.note.nocategory", "channels", sr.lang.Join(names)))
}

// auxFields are the fields an auxiliary accounting cell may supply.
var auxFields = map[string]bool{"channel": true, "region": true, "category": true, "vendor": true, "campaign": true, "project": true}

// auxValues splits an auxiliary accounting cell, "渠道:百度;部门:市场部" or
// "【渠道：百度】【部门：市场部】", into the fields its keys name (by the
// header aliases); keys that name none (部门) are ignored.
func (sr *sheetReader) auxValues(cells []string) map[string]string {
	t, _ := sr.cell(cells, "aux")
	if t == "" {
		return nil
	}
	var out map[string]string
	for _, part := range strings.FieldsFunc(foldWidth(t), func(r rune) bool {
		switch r {
		case ';', '；', '|', ',', '，', '、', '\n', '【', '】', '[', ']':
			return true
		}
		return false
	}) {
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			k, v, ok = strings.Cut(part, "=")
		}
		v = strings.TrimSpace(v)
		if !ok || v == "" {
			continue
		}
		f, known := sr.aliases.lookup(headerKey(k))
		if !known || !auxFields[f] {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		if _, dup := out[f]; !dup {
			out[f] = v
		}
	}
	return out
}

// balanceWords mark the rows of an ERP ledger export that carry balances
// and running totals rather than spend, in its memo (摘要) column.
var balanceWords = []string{"本月合计", "本月合計", "本年累计", "本年累計", "本期合计", "本期合計", "期初余额", "期初餘額",
	"期末余额", "期末餘額", "上年结转", "上年結轉", "承前页", "承前頁", "过次页", "過次頁", "opening balance", "closing balance",
	"brought forward", "carried forward", "month total", "year to date"}

// balanceRow reports whether a ledger row is a balance or running-total
// row by its memo.
func (sr *sheetReader) balanceRow(cells []string) bool {
	m, _ := sr.cell(cells, "memo")
	if m == "" {
		return false
	}
	key := strings.ToLower(foldWidth(m))
	for _, w := range balanceWords {
		if strings.Contains(key, w) {
			return true
		}
	}
	return false
}

// debitCredit reports whether the sheet states amounts as debit and credit.
func (sr *sheetReader) debitCredit() bool {
	// Asked several times per row; the answer changes only with the header.
	if sr.dcHeader != sr.h {
		sr.dcHeader, sr.dc = sr.h, sr.h.has("debit") || sr.h.has("credit")
	}
	return sr.dc
}

// netText returns the debit and credit cells joined ("" when both are
// empty) and the column to name when both are: debit's, else credit's.
func (sr *sheetReader) netText(cells []string) (string, int) {
	d, dCol := sr.cell(cells, "debit")
	c, cCol := sr.cell(cells, "credit")
	col := dCol
	if col < 0 {
		col = cCol
	}
	return strings.TrimSpace(d + " " + c), col
}

// net parses a row's debit and credit, either of which may be blank, into
// debit − credit, and the two amounts for the cross-check.
func (sr *sheetReader) net(rowNo int, cells []string) (reports.Money, map[int]reports.Money, bool) {
	vals := map[int]reports.Money{}
	var sum reports.Money
	ok := true
	for _, f := range []string{"debit", "credit"} {
		t, col := sr.cell(cells, f)
		if t == "" {
			continue
		}
		v, good := sr.amount(rowNo, col, t)
		if !good {
			ok = false
			continue
		}
		vals[col] = v
		if f == "credit" {
			v = -v
		}
		if sum, good = sum.AddOK(v); !good {
			sr.bad(rowNo, col, sr.lang.T("workbook.err.toolarge", "value", t, "limit", fmtAmount(reports.MaxTotal)))
			ok = false
		}
	}
	return sum, vals, ok
}

// commaDecimal rewrites an amount typed with a decimal comma, "1.234,56"
// or "1 234,56", into the point form parseScaled reads, "1,234.56", by
// swapping the two separators and closing up space groupings. A text
// that already uses a decimal point ("1,234.56") comes out as an invalid
// "1.234,56" and is rejected, rather than read a thousand times too large.
func commaDecimal(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '.':
			b.WriteRune(',')
		case ',':
			b.WriteRune('.')
		case ' ', '\u00a0', '\u202f', '\'':
			// A space or apostrophe between two digits groups thousands.
			if i > 0 && i+1 < len(rs) && isDigit(rs[i-1]) && isDigit(rs[i+1]) {
				continue
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// localAmount is the text of an amount cell as parseScaled reads it: with
// a decimal comma configured, text cells are rewritten; number cells are
// numbers already.
func (sr *sheetReader) localAmount(col int, s string) string {
	if !sr.opt.DecimalComma || (sr.cur != nil && !sr.cur.IsText(col)) {
		return s
	}
	return commaDecimal(s)
}

// pendingHeader is a header row waiting for the row below it, which may
// be the second row of a two-row header.
type pendingHeader struct {
	row int
	pre [][]string // the rows up to and including the header row
}

// twoRowHeader decides, on the row below a header row, whether the two
// rows are one header (see mergeHeaderRows). If not, the first is the
// header and this row is its first data row. It always settles the header.
func (sr *sheetReader) twoRowHeader(rowNo int, pre [][]string) bool {
	p := sr.pend
	sr.pend = nil
	up := p.pre[len(p.pre)-1]
	titles := p.pre[:len(p.pre)-1]
	low := pre[len(pre)-1]
	hint := sr.monthHint()
	upH := classifyHeader(up, sr.aliases, hint)
	if sr.subHeaderRow(low, hint) {
		merged, groups := mergeHeaderRows(up, low)
		h := classifyHeader(merged, sr.aliases, hint)
		if h.known() > upH.known() {
			sr.rep.Header = p.row
			sr.setHeader(rowNo, merged, titles, up, h)
			sr.checkQuarterGroups(p.row, up, groups)
			return true
		}
	}
	sr.setHeader(p.row, up, titles, nil, upH)
	sr.row(rowNo, low)
	return true
}

// flushPending settles a header row that was the sheet's last row.
func (sr *sheetReader) flushPending() {
	if p := sr.pend; p != nil && sr.h == nil {
		sr.pend = nil
		up := p.pre[len(p.pre)-1]
		sr.setHeader(p.row, up, p.pre[:len(p.pre)-1], nil, classifyHeader(up, sr.aliases, sr.monthHint()))
	}
}

// subHeaderRow reports whether row, the current row, can be the second row
// of a header: every cell it fills names a column, a month, a quarter or
// a total, and a month written as a number is a date cell (a number that
// is not a date is an amount, and the row is data).
func (sr *sheetReader) subHeaderRow(row []string, hint monthHint) bool {
	any := false
	for i, raw := range row {
		t := strings.TrimSpace(raw)
		if t == "" {
			continue
		}
		any = true
		key := headerKey(t)
		if _, ok := sr.aliases.lookup(key); ok {
			continue
		}
		if quarterOf(key) > 0 || totalNames[key] || halfNames[key] || isTotalWord(t) {
			continue
		}
		if plainDecimal(t) && (sr.cur == nil || !sr.cur.IsDate(i)) {
			return false
		}
		if _, err := parseMonthCell(t, hint.year, hint.fyStart, hint.date1904, false); err != nil && err != errNoYear {
			return false
		}
	}
	return any
}

// isTotalWord reports whether a cell is a bare subtotal or total word:
// "小计", "合计", "Total".
func isTotalWord(s string) bool {
	ok, _, name := totalLabel(s)
	return ok && name == ""
}

// mergeHeaderRows reads a two-row header as one row: the lower cell where
// it has text, else the upper one (a header merged down over both rows);
// a total word under a group label is that group's total ("Q1" above
// "小计" is "Q1小计"). Merged cells keep their text in their first column
// only, so a group label stands over the columns from its own to the next
// label; groups returns it per column.
func mergeHeaderRows(up, low []string) (merged, groups []string) {
	n := max(len(up), len(low))
	merged, groups = make([]string, n), make([]string, n)
	group := ""
	for i := range n {
		u, l := cellAt(up, i), cellAt(low, i)
		if u != "" {
			group = u
		}
		groups[i] = group
		switch {
		case l == "":
			merged[i] = u
		case group != "" && isTotalWord(l):
			merged[i] = group + l
		default:
			merged[i] = l
		}
	}
	return merged, groups
}

// checkQuarterGroups warns when a quarter label stands over months that
// the configured fiscal year puts in another quarter (`Q1` over `7月 8月 9月`
// with fiscal_year_start = 1): the months are read as their headers say,
// but quarter reports follow the configuration, which is then likely wrong.
func (sr *sheetReader) checkQuarterGroups(row int, up, groups []string) {
	for _, c := range sr.h.cols {
		if c.kind != colMonth || !c.month.Valid() || c.index >= len(groups) {
			continue
		}
		q := quarterOf(headerKey(groups[c.index]))
		if q == 0 {
			continue
		}
		if got := reports.QuarterOf(c.month, sr.opt.FYStart); got != q {
			col := c.index
			for col > 0 && cellAt(up, col) == "" {
				col--
			}
			sr.warn(row, col, sr.lang.T("workbook.warn.quartergroup", "group", groups[c.index], "month", strings.TrimSpace(c.header),
				"q", got, "start", int(sr.opt.FYStart)))
			return
		}
	}
}

// groupRow reports whether a row holds only group labels over a month
// row: quarters, halves or a year ("Q1", "上半年", "2026年", "FY2026").
func groupRow(row []string) bool {
	any := false
	for _, raw := range row {
		t := strings.TrimSpace(raw)
		if t == "" {
			continue
		}
		key := headerKey(t)
		if quarterOf(key) == 0 && !halfNames[key] && !yearLabel(key) {
			return false
		}
		any = true
	}
	return any
}

// yearLabel reports whether a header key is a year: "2026", "2026年",
// "fy2026", "fy26".
func yearLabel(key string) bool {
	k := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(key), "fy"), "年")
	k = strings.TrimSuffix(strings.TrimSpace(k), "财年")
	return (len(k) == 4 || len(k) == 2) && allDigits([]string{k})
}

// groupedHeader takes the last row of pre as the header, read together
// with the group labels above it (see mergeHeaderRows).
func (sr *sheetReader) groupedHeader(rowNo int, pre [][]string, hint monthHint) bool {
	up, low := pre[len(pre)-2], pre[len(pre)-1]
	merged, groups := mergeHeaderRows(up, low)
	sr.rep.Header = rowNo - 1
	sr.setHeader(rowNo, merged, pre[:len(pre)-2], up, classifyHeader(merged, sr.aliases, hint))
	sr.checkQuarterGroups(rowNo-1, up, groups)
	return true
}

// refuse records why none of the sheet's rows are read.
func (sr *sheetReader) refuse(sev reports.Severity, msg string) {
	sr.rep.Refused = msg
	sr.sheetProblem(sr.h.row, sev, msg)
}

// actualNamed reports whether a file or sheet name says actuals.
func actualNamed(names ...string) bool {
	n := strings.ToLower(strings.Join(names, " "))
	for _, w := range actualWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// budgetByName reads the amount column of a sheet by month (no date, no
// budget column) as its budget when the file or sheet name says budget:
// "月份 | 渠道 | 金额" in budget-2026.xlsx is a plan, not spend. The decision
// is stated as a note.
func (sr *sheetReader) budgetByName() {
	h := sr.h
	i, ok := h.fields["amount"]
	if !ok || h.has("budget") || h.has("date") || !h.has("month") || len(h.monthCols()) > 0 || !budgetNamed(sr.file, sr.sheet) {
		return
	}
	delete(h.fields, "amount")
	h.fields["budget"] = i
	for k := range h.cols {
		if h.cols[k].index == i {
			h.cols[k].field = "budget"
		}
	}
	sr.sheetProblem(h.row, reports.SevInfo, sr.lang.T("workbook.note.budgetbyname", "column", strings.TrimSpace(cellAt(h.cells, i))))
}

// noCategory handles a budget or ledger sheet without a category column:
// its lines take their channel's configured category, else the channel's
// name, which is said once as a note (noteCategories). A channel-by-month table in a file
// named as actuals is a summary of spend, not a budget: it is skipped,
// saying so.
// It reports whether the sheet is still read.
func (sr *sheetReader) noCategory() bool {
	if sr.h.has("category") || (sr.rep.Kind != reports.KindBudget && sr.rep.Kind != reports.KindLedger) {
		return true
	}
	if sr.rep.Layout == LayoutWide && actualNamed(sr.file, sr.sheet) {
		sr.broken, sr.lay = true, nil
		sr.rep.Kind, sr.rep.Layout = reports.KindUnknown, ""
		sr.refuse(reports.SevInfo, sr.lang.T("workbook.note.widesummary"))
		return false
	}
	return true
}

// orAux is v, else the auxiliary accounting value of field f.
func orAux(v string, aux map[string]string, f string) string {
	if v != "" {
		return v
	}
	return aux[f]
}

// dottedDayFirst reads "05.03.2026" as 5 March 2026: in the countries
// that write a decimal comma, a date written with dots puts the day first,
// so with [input] decimal = "comma" such a date is not ambiguous. Other
// forms stay ambiguous.
func dottedDayFirst(s string) (time.Time, error) {
	parts := strings.Split(strings.TrimSpace(foldWidth(s)), ".")
	if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 || !allDigits(parts) {
		return time.Time{}, errAmbiguousDay
	}
	d, m, y := atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, errNotDate
	}
	return t, nil
}
