package workbook

import (
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
)

// builtinAliases lists the header names recognised for each logical column
// (config.HeaderFields) in English, Simplified and Traditional Chinese. They
// are compared after config.Normalize and after a bracketed unit suffix
// such as "(USD)" or "（元）" is removed.
var builtinAliases = map[string][]string{
	"date":          {"Date", "Posting Date", "Transaction Date", "Invoice Date", "Spend Date", "Voucher Date", "Document Date", "日期", "记账日期", "記帳日期", "记帐日期", "交易日期", "发生日期", "發生日期", "支出日期", "凭证日期", "憑證日期", "制单日期", "製單日期", "业务日期", "業務日期"},
	"month":         {"Month", "Period", "月份", "期间", "期間", "月"},
	"category":      {"Category", "Budget Category", "Cost Category", "Item", "Line Item", "类别", "類別", "科目", "分类", "分類", "类目", "類目", "费用类别", "費用類別", "预算科目", "預算科目", "项目类别"},
	"channel":       {"Channel", "Sub Channel", "渠道", "管道", "通路", "子渠道"},
	"region":        {"Region", "Area", "Territory", "区域", "區域", "地区", "地區", "大区", "大區"},
	"role":          {"Role", "Channel Role", "角色", "类型", "類型", "渠道类型", "渠道類型"},
	"project":       {"Project", "项目", "項目"},
	"campaign":      {"Campaign", "Campaign Name", "活动", "活動", "活动名称", "活動名稱"},
	"vendor":        {"Vendor", "Supplier", "Payee", "供应商", "供應商", "厂商", "廠商"},
	"amount":        {"Amount", "Spend", "Cost", "Actual", "Actuals", "Actual Spend", "Net Amount", "金额", "金額", "实际", "實際", "实际支出", "實際支出", "支出", "花费", "花費", "费用", "費用", "实际金额", "實際金額"},
	"budget":        {"Budget", "Plan", "Planned", "Budget Amount", "预算", "預算", "预算金额", "預算金額", "计划", "計劃"},
	"leads":         {"Leads", "Lead", "New Leads", "线索", "線索", "线索数", "線索數"},
	"mql":           {"MQL", "MQLs", "Marketing Qualified Leads"},
	"sql":           {"SQL", "SQLs", "Sales Qualified Leads"},
	"opportunities": {"Opportunities", "Opportunity", "Opps", "商机", "商機", "商机数", "商機數"},
	"poc":           {"POC", "POCs", "PoC"},
	"won":           {"Won", "Deals Won", "Closed Won", "Wins", "成交", "赢单", "贏單", "成交数", "成交數"},
	"revenue":       {"Revenue", "Won Revenue", "Closed Revenue", "收入", "成交金额", "成交金額", "营收", "營收"},
	// ERP ledgers (voucher exports): amount = debit − credit, and the
	// channel may be one of the auxiliary accounting dimensions.
	"debit":  {"Debit", "Debit Amount", "Dr", "Dr Amount", "借方", "借方金额", "借方金額", "借方发生额", "借方發生額", "借方本币", "借方本幣"},
	"credit": {"Credit", "Credit Amount", "Cr", "Cr Amount", "贷方", "贷方金额", "貸方", "貸方金額", "贷方发生额", "貸方發生額", "贷方本币", "貸方本幣"},
	"aux":    {"Auxiliary", "Dimensions", "Analysis Codes", "辅助核算", "輔助核算", "辅助项", "輔助項", "核算项目", "核算項目", "辅助核算项", "輔助核算項"},
	"memo":   {"Memo", "Description", "Narration", "摘要"},
	// A free-text note on a ledger row, shown beside the rows that explain
	// a variance. Unlike the memo it never marks a balance row.
	// The line a commentary sheet's row is about: a category or channel
	// name (see commentarySheet).
	"line":    {"Line", "Budget Line", "Line Name", "Cost Line", "预算项", "预算行", "預算項", "费用项", "費用項", "差异项", "差異項"},
	"comment": {"Comment", "Comments", "Notes", "Note", "Remark", "Remarks", "备注", "備註", "备注说明", "說明", "说明"},
}

var funnelFields = []string{"leads", "mql", "sql", "opportunities", "poc", "won", "revenue"}

// aliasTable maps a normalised header to its field.
type aliasTable struct {
	byName  map[string]string
	byField map[string][]string // normalised aliases per field, for suggestions
}

func newAliasTable(extra map[string][]string) *aliasTable {
	t := &aliasTable{byName: map[string]string{}, byField: map[string][]string{}}
	add := func(field, name string) {
		n := headerKey(name)
		if n == "" {
			return
		}
		t.byName[n] = field
		t.byField[field] = append(t.byField[field], n)
	}
	for _, f := range config.HeaderFields {
		for _, a := range builtinAliases[f] {
			add(f, a)
		}
	}
	// Configured aliases win over built-in ones, in a stable order.
	fields := make([]string, 0, len(extra))
	for f := range extra {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		for _, a := range extra[f] {
			add(f, a)
		}
	}
	return t
}

// headerKey normalises a header for matching: width and case folded, a
// trailing unit in brackets removed ("Amount (CNY)", "金额（元）"), a
// required-field star dropped ("*渠道") and spaces between Chinese
// characters closed up ("金  额", as forms align two-character headers).
func headerKey(s string) string {
	k, _ := splitHeader(s)
	return k
}

// splitHeader returns the key of a header (see headerKey) and the unit
// written in its trailing brackets, innermost last: "成交金额（万元）" is
// "成交金额" and "万元".
func splitHeader(s string) (key, unit string) {
	s = strings.TrimSpace(foldWidth(s))
	for {
		t := strings.TrimSpace(s)
		cut := false
		for _, p := range [][2]string{{"(", ")"}, {"[", "]"}, {"【", "】"}, {"<", ">"}} {
			if strings.HasSuffix(t, p[1]) {
				if i := strings.LastIndex(t, p[0]); i > 0 {
					if unit == "" {
						unit = t[i+len(p[0]) : len(t)-len(p[1])]
					}
					t = t[:i]
					cut = true
				}
			}
		}
		s = t
		if !cut {
			break
		}
	}
	s = strings.TrimRight(s, ":：*")
	s = strings.TrimLeft(s, "*")
	return closeHanSpaces(config.Normalize(s)), strings.TrimSpace(unit)
}

// closeHanSpaces removes the spaces between two Chinese characters.
func closeHanSpaces(s string) string {
	if isASCII(s) || !strings.Contains(s, " ") {
		return s
	}
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if c == ' ' && i > 0 && i+1 < len(r) && unicode.Is(unicode.Han, r[i-1]) && unicode.Is(unicode.Han, r[i+1]) {
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// countSuffixes and countPrefixes decorate funnel count headers: "MQL数",
// "赢单数", "线索量", "Leads count", "# of MQLs".
var (
	countSuffixes = []string{"个数", "個數", "数量", "數量", "数", "數", "量", " count", " #"}
	countPrefixes = []string{"# of ", "no. of ", "number of ", "# "}
	countFields   = map[string]bool{"leads": true, "mql": true, "sql": true, "opportunities": true, "poc": true, "won": true}
)

// lookup returns the field a header key names: an alias, or a funnel
// count alias with a count word around it.
func (t *aliasTable) lookup(key string) (string, bool) {
	if f, ok := t.byName[key]; ok {
		return f, true
	}
	for _, p := range countPrefixes {
		if k := strings.TrimPrefix(key, p); k != key && k != "" {
			if f, ok := t.byName[k]; ok && countFields[f] {
				return f, true
			}
		}
	}
	for _, sfx := range countSuffixes {
		if k := strings.TrimSuffix(key, sfx); k != key && k != "" {
			if f, ok := t.byName[strings.TrimSpace(k)]; ok && countFields[f] {
				return f, true
			}
		}
	}
	return "", false
}

// moneyFields are the fields whose cells are amounts of money, scaled by
// a unit in their header or the sheet's title ("（万元）", "单位：万元").
var moneyFields = map[string]bool{"amount": true, "budget": true, "revenue": true, "debit": true, "credit": true}

// unitExp reads a money unit as a power of ten: "万元" 4, "千元" 3, "百万"
// 6, "亿" 8, "USD k", "'000", "thousands" 3, "mn", "millions" 6; a plain
// currency ("元", "USD", "NT$") is 0. ok is false unless the whole text is
// such a unit: "%", "次" and "编制单位：万达集团" state no money unit.
func unitExp(unit string) (exp int, ok bool) {
	u := strings.ToLower(strings.TrimSpace(foldWidth(unit)))
	u = strings.TrimPrefix(u, "in ")
	scaled := false
	for {
		u = strings.TrimLeft(u, " .-/:：")
		if u == "" {
			return exp, ok
		}
		w, e, found := unitWord(u)
		if !found || (e != 0 && scaled) {
			return 0, false
		}
		if e != 0 {
			exp, scaled = e, true
		}
		ok = true
		u = u[len(w):]
	}
}

// unitWords are the words a money unit is made of, longest first where one
// is the start of another; exp 0 marks a currency.
var unitWords = []struct {
	word string
	exp  int
}{
	{"千万", 7}, {"千萬", 7}, {"百万", 6}, {"百萬", 6}, {"亿", 8}, {"億", 8}, {"万", 4}, {"萬", 4}, {"千", 3},
	{"thousands", 3}, {"thousand", 3}, {"millions", 6}, {"million", 6}, {"billions", 9}, {"billion", 9},
	{"000's", 3}, {"000s", 3}, {"'000", 3}, {"000", 3}, {"mn", 6}, {"mm", 6}, {"bn", 9}, {"k", 3}, {"m", 6},
	{"美元", 0}, {"港元", 0}, {"港币", 0}, {"港幣", 0}, {"台币", 0}, {"台幣", 0}, {"日元", 0}, {"欧元", 0}, {"歐元", 0},
	{"dollars", 0}, {"yuan", 0}, {"rmb¥", 0},
}

// unitWord returns the unit word or currency mark u starts with.
func unitWord(u string) (word string, exp int, ok bool) {
	for _, w := range unitWords {
		if strings.HasPrefix(u, w.word) {
			return w.word, w.exp, true
		}
	}
	for _, c := range currencyMarks {
		if lc := strings.ToLower(c); strings.HasPrefix(u, lc) {
			return lc, 0, true
		}
	}
	return "", 0, false
}

// sheetUnitRe finds a unit stated in the title rows above a header:
// "单位：万元", "金额单位: 千元", "（单位：万元）", "Unit: USD thousands",
// "Amounts in thousands".
var sheetUnitRe = regexp.MustCompile(`(?i)(?:单位|單位|\bunits?\b|\bamounts in\b|\(in\b)\s*[:：]?\s*([^()（）,，;；]*)`)

// sheetUnit returns the scale of the money unit stated in the rows above
// the header, and whether one is stated.
func sheetUnit(titles [][]string) (int, bool) {
	for _, row := range titles {
		for i, cell := range row {
			m := sheetUnitRe.FindStringSubmatch(foldWidth(cell))
			if m == nil {
				continue
			}
			text := strings.TrimSpace(m[1])
			if text == "" && i+1 < len(row) {
				text = row[i+1] // "单位：" | "万元" in two cells
			}
			if exp, ok := unitExp(text); ok {
				return exp, true
			}
		}
	}
	return 0, false
}

// colKind is what a header cell names.
type colKind int

const (
	colNone    colKind = iota
	colField           // one of config.HeaderFields
	colMonth           // a month of a wide budget
	colQuarter         // a quarter total of a wide budget
	colTotal           // a row total of a wide budget
	colIgnore          // a half-year total of a wide budget: neither read nor checked
)

// column is one recognised header cell.
type column struct {
	index   int // 0-based
	kind    colKind
	field   string
	month   reports.Month
	quarter int
	header  string // as written
	exp     int    // the unit its header states, as a power of ten ("（万元）": 4)
	hasUnit bool   // the header states a money unit, even 0 ("（元）")
}

// header is the recognised header row of a sheet.
type header struct {
	row     int
	cols    []column
	fields  map[string]int // field → column index (first occurrence)
	cells   []string       // the header row as written
	monthNo int            // month columns whose year was not written
	yearNo  int            // month columns whose year is not written, known or not
}

func (h *header) has(f string) bool { _, ok := h.fields[f]; return ok }

// known counts the distinct things a header row names; a row naming at
// least two, one of them a named column, is the header. (Month columns
// alone are not enough: a data row of dates would look like a header.)
func (h *header) known() int {
	if len(h.fields) == 0 {
		return 0
	}
	n := len(h.fields)
	for _, c := range h.cols {
		if c.kind != colField {
			n++
		}
	}
	return n
}

var quarterNames = map[string]int{
	"q1": 1, "q2": 2, "q3": 3, "q4": 4,
	"一季度": 1, "二季度": 2, "三季度": 3, "四季度": 4,
	"第一季度": 1, "第二季度": 2, "第三季度": 3, "第四季度": 4,
	"1季度": 1, "2季度": 2, "3季度": 3, "4季度": 4,
	"quarter 1": 1, "quarter 2": 2, "quarter 3": 3, "quarter 4": 4,
	"一季": 1, "二季": 2, "三季": 3, "四季": 4,
}

var totalNames = map[string]bool{
	"total": true, "totals": true, "sum": true, "full year": true, "fy total": true,
	"annual": true, "annual total": true, "year total": true, "grand total": true,
	"合计": true, "合計": true, "全年": true, "总计": true, "總計": true, "年度合计": true,
	"年度合計": true, "全年合计": true, "全年合計": true, "全年预算": true, "全年預算": true,
	"年度预算": true, "年度預算": true, "总额": true, "總額": true,
}

// halfNames head half-year totals, which a wide budget may put beside its
// quarters; they are recognised so that they are not taken for amounts.
var halfNames = map[string]bool{
	"h1": true, "h2": true, "1h": true, "2h": true, "上半年": true, "下半年": true,
	"上半年合计": true, "下半年合计": true, "上半年合計": true, "下半年合計": true,
	"h1 total": true, "h2 total": true,
}

// quarterOf recognises "Q1", "2026 Q1", "Q1 2026", "一季度", "第一季度",
// "Q1合计", "一季度小计".
func quarterOf(key string) int {
	if q, ok := quarterNames[key]; ok {
		return q
	}
	for _, sfx := range []string{"合计", "合計", "小计", "小計", "total", "subtotal"} {
		if k := strings.TrimSpace(strings.TrimSuffix(key, sfx)); k != key {
			if q, ok := quarterNames[k]; ok {
				return q
			}
		}
	}
	for _, f := range strings.Fields(key) {
		if q, ok := quarterNames[f]; ok {
			return q
		}
	}
	for _, pre := range []string{"fy", ""} {
		for q := 1; q <= 4; q++ {
			suffix := "q" + string(rune('0'+q))
			if strings.HasSuffix(key, suffix) && len(key) >= 6 && strings.HasPrefix(key, pre) {
				y := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(key, pre), suffix))
				if len(y) == 4 && allDigits([]string{y}) {
					return q
				}
			}
		}
	}
	return 0
}

// monthHint is what the reader knows about years when it reads headers.
type monthHint struct {
	year     int // fiscal year for month-only headers, 0 = unknown
	fyStart  time.Month
	date1904 bool
}

// classifyHeader recognises the cells of a candidate header row.
func classifyHeader(cells []string, aliases *aliasTable, hint monthHint) *header {
	h := &header{fields: map[string]int{}, cells: cells}
	for i, raw := range cells {
		if i >= maxColumns {
			break
		}
		key, unit := splitHeader(raw)
		if key == "" {
			continue
		}
		exp, hasUnit := unitExp(unit)
		if f, ok := aliases.lookup(key); ok {
			if _, dup := h.fields[f]; !dup {
				h.fields[f] = i
				c := column{index: i, kind: colField, field: f, header: raw}
				if moneyFields[f] {
					c.exp, c.hasUnit = exp, hasUnit
				}
				h.cols = append(h.cols, c)
			}
			continue
		}
		if q := quarterOf(key); q > 0 {
			h.cols = append(h.cols, column{index: i, kind: colQuarter, quarter: q, header: raw, exp: exp, hasUnit: hasUnit})
			continue
		}
		if totalNames[key] {
			h.cols = append(h.cols, column{index: i, kind: colTotal, header: raw, exp: exp, hasUnit: hasUnit})
			continue
		}
		if halfNames[key] {
			h.cols = append(h.cols, column{index: i, kind: colIgnore, header: raw})
			continue
		}
		m, err := parseMonthCell(raw, hint.year, hint.fyStart, hint.date1904, false)
		if err == nil || err == errNoYear {
			if err == errNoYear {
				h.monthNo++
			}
			if _, e := parseMonthCell(raw, 0, hint.fyStart, hint.date1904, false); e == errNoYear {
				h.yearNo++
			}
			h.cols = append(h.cols, column{index: i, kind: colMonth, month: m, header: raw})
		}
	}
	h.resolveDotOne(cells)
	return h
}

// resolveDotOne reads a "2026.1" month header, which is January typed as
// text or October typed as a number (2026.10), from its neighbours: it is
// October when another column is January of that year, January when
// another is October. Otherwise it stays unrecognised, and is reported.
func (h *header) resolveDotOne(cells []string) {
	have := map[reports.Month]bool{}
	for _, c := range h.cols {
		if c.kind == colMonth {
			have[c.month] = true
		}
	}
	var add []column
	for i, raw := range cells {
		if i >= maxColumns {
			break
		}
		t := strings.TrimSpace(foldWidth(raw))
		y, m, ok := strings.Cut(t, ".")
		if !ok || m != "1" || len(y) != 4 || !allDigits([]string{y}) {
			continue
		}
		jan := reports.Month{Year: atoi(y), Month: time.January}
		oct := reports.Month{Year: atoi(y), Month: time.October}
		switch {
		case have[jan] && !have[oct]:
			add = append(add, column{index: i, kind: colMonth, month: oct, header: raw})
		case have[oct] && !have[jan]:
			add = append(add, column{index: i, kind: colMonth, month: jan, header: raw})
		}
	}
	if len(add) == 1 {
		h.cols = append(h.cols, add[0])
		sort.SliceStable(h.cols, func(a, b int) bool { return h.cols[a].index < h.cols[b].index })
	}
}

// monthCols returns the month columns of h.
func (h *header) monthCols() []column {
	var out []column
	for _, c := range h.cols {
		if c.kind == colMonth {
			out = append(out, c)
		}
	}
	return out
}

// headerNames lists the non-empty header cells as written, for messages
// (joined by the language: Lang.Join); "…" stands for more than 20.
func (h *header) headerNames() []string {
	var names []string
	for _, c := range h.cells {
		if t := strings.TrimSpace(c); t != "" {
			names = append(names, t)
		}
		if len(names) == 20 {
			names = append(names, "…")
			break
		}
	}
	return names
}

// nearest suggests, for a missing field, the header cell closest to one of
// the field's aliases ("Chanel" for channel) and the alias it resembles.
// ok is false when nothing is close.
func (h *header) nearest(field string, aliases *aliasTable) (cell, alias string, ok bool) {
	best := 1 << 30
	for i, raw := range h.cells {
		key := headerKey(raw)
		if key == "" {
			continue
		}
		if _, known := aliases.lookup(key); known {
			continue
		}
		_ = i
		for _, a := range aliases.byField[field] {
			d := levenshtein(key, a)
			limit := max(1, utf8.RuneCountInString(a)/3)
			if d <= limit && d < best {
				best, cell, alias = d, strings.TrimSpace(raw), a
			}
		}
	}
	return cell, alias, best < 1<<30
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 1 << 20
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// subtotalWords mark a row as a subtotal or total when a label cell is, or
// ends with, one of them: "小计", "展会小计", "Events subtotal", "Total".
var subtotalWords = []string{"小计", "小計", "subtotal", "sub total"}
var totalWords = []string{"grand total", "total budget", "合计", "合計", "总计", "總計", "total", "全年", "总额", "總額"}

// totalLabel reports whether a label cell marks a subtotal or total row,
// whether it is a block subtotal, and the name it qualifies ("展会" in
// "展会小计"), if any.
func totalLabel(s string) (isTotal, subtotal bool, name string) {
	key := config.Normalize(foldWidth(s))
	if key == "" {
		return false, false, ""
	}
	for _, group := range []struct {
		words []string
		sub   bool
	}{{subtotalWords, true}, {totalWords, false}} {
		for _, w := range group.words {
			switch {
			case key == w:
				return true, group.sub, ""
			case strings.HasSuffix(key, w) && (!isLatin(w) || strings.HasSuffix(key, " "+w)):
				return true, group.sub, strings.TrimSpace(strings.TrimSuffix(key, w))
			case isLatin(w) && strings.HasPrefix(key, w+" "):
				return true, group.sub, strings.TrimSpace(strings.TrimPrefix(key, w))
			}
		}
	}
	return false, false, ""
}

func isLatin(s string) bool { return isASCII(s) }
