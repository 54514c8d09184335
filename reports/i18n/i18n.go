// Package i18n holds the report strings of each language and formats
// numbers, money, percentages, months and periods the way readers of that
// language expect. Strings live in templates/strings/<lang>/*.json; every
// language must define every key (a test enforces it).
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/templates"
)

// Languages lists the supported language tags.
var Languages = []string{"en", "zh-CN"}

// Lang is one language's strings and formats. It is safe for concurrent use.
type Lang struct {
	Tag      string
	Currency string
	strings  map[string]string
}

// Load returns the strings of language tag ("en" or "zh-CN") with money
// formatted in currency (ISO 4217).
func Load(tag, currency string) (*Lang, error) {
	m, err := loadStrings(templates.FS, tag)
	if err != nil {
		return nil, err
	}
	return &Lang{Tag: tag, Currency: currency, strings: m}, nil
}

// Keys returns the sorted keys defined for tag; tests compare languages.
func Keys(tag string) ([]string, error) {
	m, err := loadStrings(templates.FS, tag)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}

func loadStrings(fsys fs.FS, tag string) (map[string]string, error) {
	dir := path.Join("strings", tag)
	files, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("language %q: no strings", tag)
	}
	out := map[string]string{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("strings %s: %w", f, err)
		}
		for k, v := range m {
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("strings %s: key %q defined twice", f, k)
			}
			out[k] = v
		}
	}
	return out, nil
}

// T returns the string for key with {name} placeholders replaced by the
// following name, value argument pairs. A missing key returns the key
// itself in brackets, so a gap shows in the report instead of crashing it.
func (l *Lang) T(key string, args ...any) string {
	s, ok := l.strings[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return s
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// Has reports whether key is defined.
func (l *Lang) Has(key string) bool { _, ok := l.strings[key]; return ok }

// Zh reports whether the language is Chinese.
func (l *Lang) Zh() bool { return strings.HasPrefix(l.Tag, "zh") }

// Symbol returns the currency symbol ("¥", "$", "€") or the ISO code and a
// space for currencies without a common symbol.
func (l *Lang) Symbol() string {
	switch l.Currency {
	case "CNY", "JPY":
		return "¥"
	case "USD":
		return "$"
	case "EUR":
		return "€"
	case "GBP":
		return "£"
	case "HKD":
		return "HK$"
	case "TWD":
		return "NT$"
	}
	return l.Currency + " "
}

// Money formats m in full with grouping: no decimals for whole amounts and
// amounts of 1,000 and more, two decimals for smaller amounts with cents:
// "¥1,234,567", "¥0", "-¥250", "-¥12.50".
func (l *Lang) Money(m reports.Money) string {
	c := m.Cents()
	neg := c < 0
	if neg {
		c = -c
	}
	var s string
	if c >= 100000 || c%100 == 0 {
		s = group((c + 50) / 100)
	} else {
		s = group(c/100) + "." + fmt.Sprintf("%02d", c%100)
	}
	if neg {
		return "-" + l.Symbol() + s
	}
	return l.Symbol() + s
}

// MoneyWhole formats m in full with grouping, rounded half away from zero
// to whole currency units: "¥1,387", "-¥729", "¥0". Tables use it so a
// column has one precision: ¥398.89 would otherwise sit above ¥1,387.
func (l *Lang) MoneyWhole(m reports.Money) string {
	c := m.Cents()
	neg := c < 0
	if neg {
		c = -c
	}
	u := (c + 50) / 100
	if neg && u != 0 {
		return "-" + l.Symbol() + group(u)
	}
	return l.Symbol() + group(u)
}

// MoneyExact formats m with grouping and always two decimals.
func (l *Lang) MoneyExact(m reports.Money) string {
	c := m.Cents()
	sign := ""
	if c < 0 {
		sign = "-"
		c = -c
	}
	return sign + l.Symbol() + group(c/100) + "." + fmt.Sprintf("%02d", c%100)
}

// MoneyShort formats m compactly for headlines, tiles and chart labels,
// always with thousands separators and one precision per unit: amounts
// below a million in full ("¥89,826", "$178,000"); in Chinese 万 with one
// decimal from a million ("¥1,877.4万") and 亿 with two from 100 million
// ("¥1.23亿"); in English M and B with two decimals ("$17.81M", "$1.20B").
// Below a million a compact unit would round a cost per deal of ¥89,826 to
// "¥9万", so the full amount is shown instead.
func (l *Lang) MoneyShort(m reports.Money) string { return l.moneyIn(m, m) }

// moneyIn formats m compactly in the unit MoneyShort picks for ref.
func (l *Lang) moneyIn(m, ref reports.Money) string {
	c := m.Cents()
	r := ref.Cents()
	if r < 0 {
		r = -r
	}
	sign := ""
	if c < 0 {
		sign = "-"
		c = -c
	}
	const million = 100_000_000 // in cents
	var s string
	switch {
	case r < million:
		s = group((c + 50) / 100)
	case l.Zh() && r >= 100*million:
		s = scaled(c, 10_000_000_000, 2) + "亿" // 1e8 yuan
	case l.Zh():
		s = scaled(c, 1_000_000, 1) + "万" // 1e4 yuan
	case r >= 1000*million:
		s = scaled(c, 100_000_000_000, 2) + "B"
	default:
		s = scaled(c, million, 2) + "M"
	}
	return sign + l.Symbol() + s
}

// MoneyTick formats an axis tick: MoneyShort without trailing zero
// decimals, so round ticks read "¥25M", "¥2.5M", "¥1,500万".
func (l *Lang) MoneyTick(m reports.Money) string { return l.MoneyTickOn(m, m) }

// MoneyTickOn formats tick m of an axis whose largest tick is top, in
// top's unit, so one axis never mixes "¥500,000" with "¥1.5M".
func (l *Lang) MoneyTickOn(m, top reports.Money) string {
	if m == 0 {
		return l.Symbol() + "0"
	}
	s := l.moneyIn(m, top)
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return s
	}
	j := i + 1
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	digits := strings.TrimRight(s[i+1:j], "0")
	if digits == "" {
		return s[:i] + s[j:]
	}
	return s[:i+1] + digits + s[j:]
}

// scaled formats cents ÷ unit with the given decimals, rounded half away
// from zero, with grouping: scaled(18_774_000_00, 1_000_000, 1) = "1,877.4".
func scaled(cents, unit int64, decimals int) string {
	pow := int64(1)
	for range decimals {
		pow *= 10
	}
	// cents*pow can overflow for huge amounts; divide first then.
	var q int64
	if cents > (1<<62)/pow {
		q = (cents/unit*pow + (cents%unit*pow+unit/2)/unit)
	} else {
		q = (cents*pow + unit/2) / unit
	}
	s := group(q / pow)
	if decimals > 0 {
		s += "." + fmt.Sprintf("%0*d", decimals, q%pow)
	}
	return s
}

// Count returns key+".one" for n = 1 and key+".other" otherwise, with {n}
// formatted with grouping: "1 alert", "3 alerts", "3项警报".
func (l *Lang) Count(key string, n int) string {
	return l.T(l.Plural(key, n), "n", l.Int(int64(n)))
}

// Plural returns the key of the plural form for n: key+".one" for 1 and
// key+".other" otherwise (Chinese has one form, so its .one and .other
// strings are the same). Use it when the count that decides the form is
// not the {n} of the string: "{n} of {m} months".
func (l *Lang) Plural(key string, n int) string {
	if n == 1 {
		return key + ".one"
	}
	return key + ".other"
}

// List joins items the way the language lists them: "a, b and c" in
// English, "a、b和c" in Chinese (the enumeration comma 顿号, and 和 before
// the last item).
func (l *Lang) List(items []string) string {
	var out []string
	for _, s := range items {
		if s != "" {
			out = append(out, s)
		}
	}
	switch len(out) {
	case 0:
		return ""
	case 1:
		return out[0]
	}
	sep, and := ", ", " and "
	if l.Zh() {
		sep, and = "、", "和"
	}
	return strings.Join(out[:len(out)-1], sep) + and + out[len(out)-1]
}

// Join enumerates items without a conjunction, for lists in parentheses,
// after a colon or of names: "a, b, c" in English, "a、b、c" in Chinese
// (the enumeration comma). Empty items are left out. Prose that ends in
// "and" uses List.
func (l *Lang) Join(items []string) string {
	out := make([]string, 0, len(items))
	for _, s := range items {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, l.T("list.sep"))
}

// Pct formats a percentage with one decimal: "12.5%".
func (l *Lang) Pct(v float64) string {
	return strconv.FormatFloat(round1(v), 'f', 1, 64) + "%"
}

// SignedPct formats a percentage with an explicit sign: "+6.0%", "-3.2%".
func (l *Lang) SignedPct(v float64) string {
	v = round1(v)
	if v > 0 {
		return "+" + strconv.FormatFloat(v, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + "%"
}

// PctOK formats a percentage, or "n/a" when ok is false.
func (l *Lang) PctOK(v float64, ok bool) string {
	if !ok {
		return l.T("na")
	}
	return l.Pct(v)
}

// Int formats a count with grouping.
func (l *Lang) Int(n int64) string {
	if n < 0 {
		return "-" + group(-n)
	}
	return group(n)
}

// Ratio formats a ratio such as ROAS: "3.25×".
func (l *Lang) Ratio(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + "×" }

var enMonths = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// MonthName formats a month: "March 2026" / "2026年3月".
func (l *Lang) MonthName(m reports.Month) string {
	if l.Zh() {
		return fmt.Sprintf("%d年%d月", m.Year, int(m.Month))
	}
	return fmt.Sprintf("%s %d", enMonths[m.Month-1], m.Year)
}

// MonthShort formats a month for axes: "Mar" / "3月".
func (l *Lang) MonthShort(m reports.Month) string {
	if l.Zh() {
		return fmt.Sprintf("%d月", int(m.Month))
	}
	return enMonths[m.Month-1][:3]
}

// PeriodName names a period: "March 2026", "Q1 FY2026 through February 2026".
func (l *Lang) PeriodName(p reports.Period) string {
	switch p.Kind {
	case reports.KindMonth:
		return l.T("period.month", "month", l.MonthName(p.Start))
	case reports.KindQuarter:
		if !p.Complete {
			return l.T("period.qtd", "q", p.Quarter, "fy", p.FiscalYear, "through", l.MonthName(p.Through))
		}
		return l.T("period.quarter", "q", p.Quarter, "fy", p.FiscalYear)
	default:
		if !p.Complete {
			return l.T("period.ytd", "fy", p.FiscalYear, "through", l.MonthName(p.Through))
		}
		return l.T("period.year", "fy", p.FiscalYear)
	}
}

// Role names a role in the language.
func (l *Lang) Role(r reports.Role) string { return l.T("role." + string(r)) }

// RoleChannels names the channels of a role as the subject of a sentence
// or a finding: "Awareness channels", "认知渠道" (the seed articles' term),
// never the bare role ("认知占支出的…" reads as a calque).
func (l *Lang) RoleChannels(r reports.Role) string { return l.T("role.channels", "role", l.Role(r)) }

func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

func round1(v float64) float64 {
	r := math.Round(v*10) / 10
	if r == 0 {
		return 0 // no "-0.0%"
	}
	return r
}
