package workbook

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/budgetlens/budgetlens/reports"
)

// Errors of the value parsers. The sheet reader turns them into localized
// cell messages; the fuzz targets only need them to be errors.
var (
	errNotAmount    = errors.New("not an amount")
	errNotCount     = errors.New("not a count")
	errNotDate      = errors.New("not a date")
	errAmbiguousDay = errors.New("ambiguous date")
	errNotMonth     = errors.New("not a month")
	errNoYear       = errors.New("month without a year")
	errUnitTwice    = errors.New("amount with its own unit in a column with a unit")
)

// foldWidth maps full-width ASCII variants and the ideographic space onto
// ASCII, and the usual typographic minus signs onto '-', so "１２，３４５．６"
// parses like "12,345.6".
func foldWidth(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000, r == 0xA0, r == 0x2007, r == 0x202F:
			r = ' '
		case r == 0x2212, r == 0x2013, r == 0xFE63:
			r = '-'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// currencyMarks are the symbols and codes written before or after amounts.
// Longer marks come first so "US$" is removed before "$".
var currencyMarks = []string{
	"新台币", "新台幣", "人民币", "人民幣", "RMB", "CNY", "USD", "EUR", "GBP", "HKD", "TWD", "NTD", "JPY",
	"US$", "HK$", "NT$", "CN¥", "￥", "¥", "$", "€", "£", "元", "圆",
}

// amountScales are the multiplier suffixes accepted after a number, as
// powers of ten.
var amountScales = []struct {
	suffix string
	exp    int
}{
	{"万元", 4}, {"萬元", 4}, {"亿元", 8}, {"億元", 8},
	{"万", 4}, {"萬", 4}, {"亿", 8}, {"億", 8}, {"%", -2},
}

// plainDecimal reports whether s is [-]digits[.digits] and nothing else.
func plainDecimal(s string) bool {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return true
}

// parseAmount parses the text of an amount cell into exact Money: raw
// numbers ("1234.5", "1.2E+6"), grouped and decorated strings ("12,345.60",
// "¥12,345", "RMB 3,000", "(1,200.00)", "-1,200", "1,200.00-", "1.2万",
// "15%") and their full-width forms. It never goes through float64.
func parseAmount(s string) (reports.Money, error) {
	return parseScaled(s, 0)
}

// parseScaled parses an amount cell of a column whose header or sheet
// states a unit of 10^unitExp ("金额（万元）": 4), so "12.5" there is
// 125,000. A cell that carries its own scale ("1.2万") in such a column is
// refused: whether it means 1.2万 or 1.2万 × 万 is a guess.
func parseScaled(s string, unitExp int) (reports.Money, error) {
	if unitExp == 0 && plainDecimal(s) {
		// Number cells hold plain decimals ("1234.56"): the common case of
		// a million-row ledger skips the currency and scale handling.
		return reports.ParseDecimal(s)
	}
	s = strings.TrimSpace(foldWidth(s))
	if s == "" {
		return 0, errNotAmount
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg = true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if strings.HasPrefix(s, "-") {
		neg = !neg
		s = strings.TrimSpace(s[1:])
	} else if strings.HasPrefix(s, "+") {
		s = strings.TrimSpace(s[1:])
	} else if t := strings.TrimSpace(strings.TrimSuffix(s, "-")); t != s && t != "" && !neg {
		// "1,200.00-": ERP exports (SAP among them) put the sign last.
		neg = true
		s = t
	}
	s = stripCurrency(s)
	// "¥-1,200" and "$(1,200)" put the sign after the symbol.
	if strings.HasPrefix(s, "-") && !neg {
		neg = true
		s = strings.TrimSpace(s[1:])
	} else if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && !neg {
		neg = true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	exp := 0
	for _, sc := range amountScales {
		if strings.HasSuffix(s, sc.suffix) {
			exp = sc.exp
			s = strings.TrimSpace(strings.TrimSuffix(s, sc.suffix))
			break
		}
	}
	s = stripCurrency(s)
	if s == "" {
		return 0, errNotAmount
	}
	plain, ok := ungroup(s)
	if !ok {
		return 0, errNotAmount
	}
	if exp != 0 && unitExp != 0 {
		return 0, errUnitTwice
	}
	if exp != 0 {
		if strings.ContainsAny(plain, "eE") {
			return 0, errNotAmount
		}
		plain += "e" + strconv.Itoa(exp)
	}
	if unitExp != 0 {
		var ok bool
		if plain, ok = addExponent(plain, unitExp); !ok {
			return 0, errNotAmount
		}
	}
	m, err := reports.ParseDecimal(plain)
	if errors.Is(err, reports.ErrOverflow) {
		return 0, err
	}
	if err != nil {
		return 0, errNotAmount
	}
	if neg {
		m = -m
	}
	return m, nil
}

// addExponent multiplies the decimal text plain by 10^exp, keeping an
// exponent it already has ("1.2E+4" from a raw number cell).
func addExponent(plain string, exp int) (string, bool) {
	if i := strings.IndexAny(plain, "eE"); i >= 0 {
		e, err := strconv.Atoi(plain[i+1:])
		if err != nil {
			return "", false
		}
		return plain[:i] + "e" + strconv.Itoa(e+exp), true
	}
	return plain + "e" + strconv.Itoa(exp), true
}

// stripCurrency removes one currency mark before or after s.
func stripCurrency(s string) string {
	for _, c := range currencyMarks {
		if len(s) > len(c) && strings.EqualFold(s[:len(c)], c) {
			return strings.TrimSpace(s[len(c):])
		}
		if len(s) > len(c) && strings.EqualFold(s[len(s)-len(c):], c) {
			return strings.TrimSpace(s[:len(s)-len(c)])
		}
	}
	return s
}

// ungroup removes thousands separators from a decimal number, accepting
// commas only where they group digits by three ("1,234,567.8"); "12,34" and
// "1.234,5" are refused rather than guessed.
func ungroup(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, true
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if strings.Contains(frac, ",") {
		return "", false
	}
	groups := strings.Split(intPart, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, "") + frac, true
}

// parseCount parses a funnel count: a whole number, possibly grouped
// ("1,234") or written by a spreadsheet as "12.0".
func parseCount(s string) (int64, error) {
	m, err := parseAmount(s)
	if err != nil || m%reports.Unit != 0 || m < 0 || strings.Contains(s, "%") {
		return 0, errNotCount
	}
	return int64(m / reports.Unit), nil
}

// Serial numbers of 1990-01-01 and 2100-12-31 in the 1900 date system; a
// number in a header is taken for a date only inside this range.
const (
	serialMin = 32874
	serialMax = 73415
)

// serialToTime converts a spreadsheet serial date.
func serialToTime(v float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(v) || v < 1 || v > 2958465 {
		return time.Time{}, false
	}
	t := serialDay(v, date1904)
	if t.Year() < 1900 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

// serialDay is the day of a serial date, as excelize's ExcelDateToTime
// gives it (a test holds the two together): whole days after 1899-12-30
// (1900 system) or 1904-01-01 (1904 system), the time of day rounded to the
// second, so 23:59:59.6 is the next day.
func serialDay(v float64, date1904 bool) time.Time {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	days := int(v)
	t := epoch.AddDate(0, 0, days).Add(time.Duration(float64(24*time.Hour) * (v - float64(days) + 1e-9)))
	if t.Nanosecond()/1e6 > 500 {
		t = t.Round(time.Second)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// parseDate parses the text of a date cell. A number is a serial date (the
// cell was a date cell read raw); text may be "2026-03-15", "2026/3/15",
// "2026.3.15", "2026年3月15日", "15/03/2026" or "3/15/2026" when the day
// cannot be a month, or a month such as "2026-03" or "Mar 2026", which
// stands for its first day.
func parseDate(s string, date1904 bool) (time.Time, error) {
	s = strings.TrimSpace(foldWidth(s))
	if s == "" {
		return time.Time{}, errNotDate
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && isPlainNumber(s) {
		if len(s) == 8 && !strings.Contains(s, ".") {
			// 20260315, as some exports write dates.
			if t, ok := ymd(atoi(s[:4]), atoi(s[4:6]), atoi(s[6:])); ok {
				return t, nil
			}
		}
		if t, ok := serialToTime(v, date1904); ok {
			return t, nil
		}
		return time.Time{}, errNotDate
	}
	// Drop a time of day: "2026-03-15 00:00:00", "2026-03-15T00:00:00Z".
	if i := strings.IndexAny(s, "T "); i >= 8 && strings.Count(s[:i], "-")+strings.Count(s[:i], "/") == 2 {
		s = s[:i]
	}
	if t, ok := parseCJKDate(s); ok {
		return t, nil
	}
	parts := splitDate(s)
	if len(parts) == 3 && allDigits(parts) {
		a, b, c := atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
		switch {
		case len(parts[0]) == 4: // y-m-d
			if t, ok := ymd(a, b, c); ok {
				return t, nil
			}
		case len(parts[2]) == 4: // d/m/y or m/d/y
			dm, okDM := ymd(c, b, a)
			md, okMD := ymd(c, a, b)
			switch {
			case okDM && okMD && !dm.Equal(md):
				return time.Time{}, errAmbiguousDay
			case okDM:
				return dm, nil
			case okMD:
				return md, nil
			}
		}
		return time.Time{}, errNotDate
	}
	if t, ok := parseNamedDate(s); ok {
		return t, nil
	}
	if m, err := parseMonthText(s, 0, 1); err == nil {
		return m.First(), nil
	}
	return time.Time{}, errNotDate
}

// parseNamedDate parses dates whose month is a name, as ERP and
// English-locale exports write them: "21-Mar-2026", "21-MAR-26",
// "21 Mar 2026", "Mar 21, 2026", "March 21 2026", "2026-Mar-21". The name
// fixes the month, so none of these is ambiguous; a two-digit year is
// 20xx and is only accepted last ("21-Mar-26").
func parseNamedDate(s string) (time.Time, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == '-' || r == '/' || r == '.' || r == ' ' || r == ','
	})
	if len(f) != 3 {
		return time.Time{}, false
	}
	name := func(i int) time.Month { return monthNames[strings.ToLower(f[i])] }
	num := func(i int) bool { return allDigits(f[i : i+1]) }
	switch {
	case name(1) != 0 && num(0) && num(2) && len(f[0]) <= 2: // 21-Mar-2026
		return ymd(expandYear(f[2]), int(name(1)), atoi(f[0]))
	case name(0) != 0 && num(1) && num(2) && len(f[1]) <= 2: // Mar 21, 2026
		return ymd(expandYear(f[2]), int(name(0)), atoi(f[1]))
	case name(1) != 0 && num(0) && num(2) && len(f[0]) == 4: // 2026-Mar-21
		return ymd(atoi(f[0]), int(name(1)), atoi(f[2]))
	}
	return time.Time{}, false
}

// parseCJKDate parses "2026年3月15日" (the 日 may be missing).
func parseCJKDate(s string) (time.Time, bool) {
	y, rest, ok := strings.Cut(s, "年")
	if !ok {
		return time.Time{}, false
	}
	mo, rest, ok := strings.Cut(rest, "月")
	if !ok {
		return time.Time{}, false
	}
	d := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(rest), "日"), "号")
	if d == "" {
		return time.Time{}, false
	}
	y, mo, d = strings.TrimSpace(y), strings.TrimSpace(mo), strings.TrimSpace(d)
	if !allDigits([]string{y, mo, d}) || len(y) != 4 {
		return time.Time{}, false
	}
	return ymd(atoi(y), atoi(mo), atoi(d))
}

func splitDate(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
}

func allDigits(parts []string) bool {
	for _, p := range parts {
		if p == "" || len(p) > 4 {
			return false
		}
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
		}
	}
	return true
}

func isPlainNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// ymd returns the date if y, m, d name a real day in a plausible year.
func ymd(y, m, d int) (time.Time, bool) {
	if y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false // 31 April
	}
	return t, true
}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var cjkNumbers = map[string]int{
	"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
	"九": 9, "十": 10, "十一": 11, "十二": 12, "正": 1, "冬": 11, "腊": 12, "臘": 12,
}

// parseMonthText parses a month written as text: "2026-03", "2026/3",
// "202603", "2026-03-15", "Mar", "March 2026", "Mar-26", "2026 Mar", "3月",
// "2026年3月", "一月", "2026年一月". A month without a year takes its year from
// fiscal year fy (whose first month is fyStart); fy 0 means none is known.
func parseMonthText(s string, fy int, fyStart time.Month) (reports.Month, error) {
	s = strings.TrimSpace(foldWidth(s))
	if s == "" {
		return reports.Month{}, errNotMonth
	}
	year, mon := 0, time.Month(0)
	switch {
	case strings.HasSuffix(s, "月") || strings.HasSuffix(s, "月份"):
		body := strings.TrimSuffix(strings.TrimSuffix(s, "份"), "月")
		if y, rest, ok := strings.Cut(body, "年"); ok {
			year = atoi(strings.TrimSpace(y))
			if year < 1900 || year > 9999 {
				return reports.Month{}, errNotMonth
			}
			body = strings.TrimSpace(rest)
		}
		if n, ok := cjkNumbers[body]; ok {
			mon = time.Month(n)
		} else if n := atoi(body); n >= 1 && n <= 12 && len(body) <= 2 {
			mon = time.Month(n)
		} else {
			return reports.Month{}, errNotMonth
		}
	default:
		fields := strings.FieldsFunc(s, func(r rune) bool {
			return r == '-' || r == '/' || r == '.' || r == ' ' || r == '\'' || r == ','
		})
		switch len(fields) {
		case 1:
			f := fields[0]
			if m, ok := monthNames[strings.ToLower(f)]; ok {
				mon = m
			} else if len(f) == 6 && allDigits([]string{f[:4], f[4:]}) {
				year, mon = atoi(f[:4]), time.Month(atoi(f[4:]))
			} else if m, y, ok := splitMonthYear(f); ok {
				year, mon = y, m
			} else {
				return reports.Month{}, errNotMonth
			}
		case 2, 3:
			a, b := fields[0], fields[1]
			switch {
			case len(a) == 4 && allDigits([]string{a, b}) && len(b) <= 2:
				year, mon = atoi(a), time.Month(atoi(b))
				if len(fields) == 3 {
					if _, ok := ymd(year, int(mon), atoi(fields[2])); !ok || !allDigits(fields[2:]) {
						return reports.Month{}, errNotMonth
					}
				}
			case len(fields) == 2 && monthNames[strings.ToLower(a)] != 0 && allDigits([]string{b}):
				mon, year = monthNames[strings.ToLower(a)], expandYear(b)
			case len(fields) == 2 && monthNames[strings.ToLower(b)] != 0 && allDigits([]string{a}) && len(a) == 4:
				mon, year = monthNames[strings.ToLower(b)], atoi(a)
			case len(fields) == 2 && allDigits([]string{a, b}) && len(b) == 4 && len(a) <= 2:
				mon, year = time.Month(atoi(a)), atoi(b) // "03/2026"
			default:
				return reports.Month{}, errNotMonth
			}
		default:
			return reports.Month{}, errNotMonth
		}
	}
	if mon < 1 || mon > 12 {
		return reports.Month{}, errNotMonth
	}
	if year == 0 {
		if fy == 0 {
			return reports.Month{}, errNoYear
		}
		year = fy
		if fyStart > 1 && mon < fyStart {
			year = fy + 1
		}
	}
	m := reports.Month{Year: year, Month: mon}
	if !m.Valid() {
		return reports.Month{}, errNotMonth
	}
	return m, nil
}

// splitMonthYear parses "Mar26" and "Mar2026".
func splitMonthYear(f string) (time.Month, int, bool) {
	i := strings.IndexFunc(f, unicode.IsDigit)
	if i <= 0 {
		return 0, 0, false
	}
	m, ok := monthNames[strings.ToLower(f[:i])]
	if !ok || !allDigits([]string{f[i:]}) {
		return 0, 0, false
	}
	y := expandYear(f[i:])
	return m, y, y != 0
}

// expandYear reads a two- or four-digit year; "26" is 2026.
func expandYear(s string) int {
	switch len(s) {
	case 2:
		return 2000 + atoi(s)
	case 4:
		return atoi(s)
	}
	return 0
}

// dottedMonth reports whether t is a month written "2026.04" or "2026.4",
// as Chinese sheets often head their month columns. "2026.1" is left out:
// it is January typed as text or October typed as a number (2026.10), and
// the cell does not say which.
func dottedMonth(t string) bool {
	y, m, ok := strings.Cut(t, ".")
	if !ok || len(y) != 4 || len(m) < 1 || len(m) > 2 || !allDigits([]string{y, m}) || t == y+".1" {
		return false
	}
	n := atoi(m)
	return n >= 1 && n <= 12 && atoi(y) >= 1990 && atoi(y) <= 2100
}

// parseMonthCell parses a month cell or header. A number is a serial date
// when it falls between 1990 and 2100, a month number 1–12 when small is
// true (a Month column of plain numbers), and an error otherwise.
func parseMonthCell(s string, fy int, fyStart time.Month, date1904, small bool) (reports.Month, error) {
	t := strings.TrimSpace(foldWidth(s))
	if v, err := strconv.ParseFloat(t, 64); err == nil && isPlainNumber(t) {
		switch {
		case small && v >= 1 && v <= 12 && v == math.Trunc(v):
			return parseMonthText(strconv.Itoa(int(v))+"月", fy, fyStart)
		case len(t) == 6 && !strings.ContainsAny(t, ".eE+-"):
			return parseMonthText(t, fy, fyStart)
		case dottedMonth(t):
			return parseMonthText(t, fy, fyStart)
		case v >= serialMin && v <= serialMax && (small || v == math.Trunc(v)):
			tm, ok := serialToTime(v, date1904)
			if ok {
				return reports.MonthOf(tm), nil
			}
		}
		return reports.Month{}, errNotMonth
	}
	if m, err := parseMonthText(t, fy, fyStart); err == nil || errors.Is(err, errNoYear) {
		return m, err
	}
	if d, err := parseDate(t, date1904); err == nil {
		return reports.MonthOf(d), nil
	}
	return reports.Month{}, errNotMonth
}
