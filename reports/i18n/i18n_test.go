package i18n

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/budgetlens/budgetlens/reports"
)

// TestKeysMatch fails when a key exists in one language and not the other.
func TestKeysMatch(t *testing.T) {
	sets := map[string]map[string]bool{}
	for _, tag := range Languages {
		keys, err := Keys(tag)
		if err != nil {
			t.Fatal(err)
		}
		sets[tag] = map[string]bool{}
		for _, k := range keys {
			sets[tag][k] = true
		}
	}
	for _, a := range Languages {
		for _, b := range Languages {
			for k := range sets[a] {
				if !sets[b][k] {
					t.Errorf("key %q is in %s but missing in %s", k, a, b)
				}
			}
		}
	}
}

func TestFormats(t *testing.T) {
	en, err := Load("en", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	zh, err := Load("zh-CN", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	usd, _ := Load("en", "USD")
	y := func(v int64) reports.Money { return reports.Money(v) * reports.Unit }
	m := reports.Month{Year: 2026, Month: time.March}
	tests := []struct {
		name, got, want string
	}{
		{"money", en.Money(y(1234567)), "¥1,234,567"},
		{"money small", en.Money(reports.Money(123456)), "¥12.35"},
		{"money negative", en.Money(-y(2500)), "-¥2,500"},
		{"money zero", en.Money(0), "¥0"},
		{"money whole small", en.Money(-y(250)), "-¥250"},
		{"money cents small", en.Money(-y(250) - 5000), "-¥250.50"},
		{"money exact", en.MoneyExact(y(1234) + 5000), "¥1,234.50"},
		{"money whole", en.MoneyWhole(y(398) + 8900), "¥399"},
		{"money whole negative", zh.MoneyWhole(-y(728) - 6700), "-¥729"},
		{"money whole half", en.MoneyWhole(y(1386) + 5000), "¥1,387"},
		{"money whole under half a unit", en.MoneyWhole(-4900), "¥0"},
		{"money usd", usd.Money(y(1200)), "$1,200"},
		{"short en M", en.MoneyShort(y(2410000)), "¥2.41M"},
		{"short en below a million", en.MoneyShort(y(36500)), "¥36,500"},
		{"short en B", usd.MoneyShort(y(1204000000)), "$1.20B"},
		{"short usd M", usd.MoneyShort(y(17814000)), "$17.81M"},
		{"short zh 万 grouped", zh.MoneyShort(y(18774000)), "¥1,877.4万"},
		{"short zh per deal", zh.MoneyShort(y(89826)), "¥89,826"},
		{"short negative", zh.MoneyShort(-y(1320000)), "-¥132.0万"},
		{"short huge", zh.MoneyShort(reports.Money(1 << 62)), "¥4,611,686.02亿"},
		{"tick round", usd.MoneyTick(y(25000000)), "$25M"},
		{"tick half", zh.MoneyTick(y(25000000)), "¥2,500万"},
		{"tick decimals", usd.MoneyTick(y(2500000)), "$2.5M"},
		{"tick small", zh.MoneyTick(y(500000)), "¥500,000"},
		{"tick on a millions axis", zh.MoneyTickOn(y(500000), y(3500000)), "¥50万"},
		{"tick zero on axis", usd.MoneyTickOn(0, y(3500000)), "$0"},
		{"count one", en.Count("present.n.alert", 1), "1 alert"},
		{"count many", en.Count("present.n.alert", 3), "3 alerts"},
		{"list en", en.List([]string{"a", "b", "c"}), "a, b and c"},
		{"list zh", zh.List([]string{"甲", "乙", "丙"}), "甲、乙和丙"},
		{"list two", en.List([]string{"a", "", "b"}), "a and b"},
		{"short zh 万", zh.MoneyShort(y(1235000)), "¥123.5万"},
		{"short zh 亿", zh.MoneyShort(y(250000000)), "¥2.50亿"},
		{"short zh small", zh.MoneyShort(y(9800)), "¥9,800"},
		{"pct", en.Pct(12.345), "12.3%"},
		{"signed pct", en.SignedPct(6), "+6.0%"},
		{"no negative zero", en.SignedPct(-0.01), "0.0%"},
		{"pct n/a", en.PctOK(0, false), "n/a"},
		{"int", en.Int(1234567), "1,234,567"},
		{"month en", en.MonthName(m), "March 2026"},
		{"month zh", zh.MonthName(m), "2026年3月"},
		{"month short zh", zh.MonthShort(m), "3月"},
		{"quarter en", en.PeriodName(reports.QuarterPeriod(2026, 1, time.January)), "Q1 FY2026"},
		{"quarter zh", zh.PeriodName(reports.QuarterPeriod(2026, 2, time.January)), "2026财年第2季度"},
		{"role zh", zh.Role(reports.RoleCustomer), "客户运营"},
		{"placeholder", en.T("pipeline.not_xlsx", "ext", ".csv")[:16], "this is a .csv f"},
		{"missing key", en.T("no.such.key"), "[no.such.key]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	ytd := reports.YearPeriod(2026, time.January)
	ytd.Complete = false
	ytd.Through = reports.Month{Year: 2026, Month: time.September}
	if got, want := en.PeriodName(ytd), "FY2026 through September 2026"; got != want {
		t.Errorf("ytd: got %q, want %q", got, want)
	}
}

// TestGlossary holds every language to one term per concept: no string
// uses a word the glossary (templates/strings/<lang>/glossary.json) lists
// to avoid, such as 台账 or 作用 where the reports say 支出明细 and 角色.
func TestGlossary(t *testing.T) {
	for _, tag := range Languages {
		l, err := Load(tag, "CNY")
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range glossaryViolations(l.strings) {
			t.Errorf("%s: %s", tag, v)
		}
	}
}

// TestGlossaryCatches feeds the check strings that use a banned synonym,
// so TestGlossary cannot pass by checking nothing.
func TestGlossaryCatches(t *testing.T) {
	tests := []struct {
		name    string
		strings map[string]string
		want    []string
	}{
		{"zh synonym", map[string]string{"glossary.role": "角色", "glossary.role.avoid": "作用|功能",
			"pdf.col.role": "作用", "html.col.role": "角色"},
			[]string{`pdf.col.role uses "作用"; the glossary says "角色"`}},
		{"en synonym, any case", map[string]string{"glossary.roas": "ROAS", "glossary.roas.avoid": "return on spend",
			"present.tile.roas": "Return on spend"},
			[]string{`present.tile.roas uses "return on spend"; the glossary says "ROAS"`}},
		{"glossary entries themselves", map[string]string{"glossary.cpl": "线索成本", "glossary.cpl.avoid": "单条线索成本",
			"glossary.note": "单条线索成本"}, nil},
		{"no avoid list", map[string]string{"glossary.plan": "预算（PL）", "glossary.plan.avoid": "", "x": "计划"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := glossaryViolations(tc.strings)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// glossaryViolations lists, sorted, the strings that use a word a
// glossary.<concept>.avoid entry bans (case-insensitive).
func glossaryViolations(m map[string]string) []string {
	var out []string
	for key, avoid := range m {
		if !strings.HasPrefix(key, "glossary.") || !strings.HasSuffix(key, ".avoid") || avoid == "" {
			continue
		}
		for _, word := range strings.Split(avoid, "|") {
			for k, s := range m {
				if !strings.HasPrefix(k, "glossary.") && strings.Contains(strings.ToLower(s), strings.ToLower(word)) {
					out = append(out, fmt.Sprintf("%s uses %q; the glossary says %q", k, word, m[strings.TrimSuffix(key, ".avoid")]))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestChineseSpacing holds zh-CN strings to the reports' typography: no
// space between a Chinese character and a number, a placeholder or a Latin
// word ("使用{used}行", "生成于{time}", not "使用 {used} 行"); spaces stay
// around arrows and operators ("{from} → {to}", "实际 − 预算").
func TestChineseSpacing(t *testing.T) {
	l, err := Load("zh-CN", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	for k, s := range l.strings {
		if strings.HasPrefix(k, "glossary.") {
			continue
		}
		if at := spacedChinese(s); at >= 0 {
			t.Errorf("%s: space beside Chinese at byte %d: %q", k, at, s)
		}
	}
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"使用 {used} 行", true}, {"这是 Excel 工作簿", true}, {"1 空行", true},
		{"使用{used}行", false}, {"{from} → {to}", false}, {"差异 = 实际 − 预算", false},
		{"  {sheet}：已跳过", false}, {"Q1 FY2026", false},
	} {
		if got := spacedChinese(tc.s) >= 0; got != tc.want {
			t.Errorf("spacedChinese(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

// spacedChinese returns the byte offset of the first space that separates
// a Chinese character from a non-space neighbour other than an arrow or an
// operator, or -1. Leading indentation is allowed.
func spacedChinese(s string) int {
	body := strings.TrimLeft(s, " ")
	lead := len(s) - len(body)
	rs := []rune(body)
	off := lead
	for i, r := range rs {
		if r == ' ' && i > 0 && i < len(rs)-1 {
			a, b := rs[i-1], rs[i+1]
			if (isCJK(a) || isCJK(b)) && !strings.ContainsRune(" →−=·/–×+|-*<>≥", a) && !strings.ContainsRune(" →−=·/–×+|-*<>≥", b) {
				return off
			}
		}
		off += utf8.RuneLen(r)
	}
	return -1
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) || strings.ContainsRune("“”‘’…—", r)
}

// TestListsAndPlurals pins the list and plural rules of each language:
// "a, b and c" and "a、b和c", enumerations with the 顿号, "1 more finding"
// against "2 more findings", and one form in Chinese.
func TestListsAndPlurals(t *testing.T) {
	en, err := Load("en", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	zh, err := Load("zh-CN", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, got, want string
	}{
		{"en list none", en.List(nil), ""},
		{"en list one", en.List([]string{"SEO"}), "SEO"},
		{"en list two", en.List([]string{"SEO", "CRM"}), "SEO and CRM"},
		{"en list three", en.List([]string{"SEO", "CRM", "Events"}), "SEO, CRM and Events"},
		{"zh list two", zh.List([]string{"百度SEM", "白皮书"}), "百度SEM和白皮书"},
		{"zh list three", zh.List([]string{"百度SEM", "白皮书", "城市沙龙"}), "百度SEM、白皮书和城市沙龙"},
		{"en join", en.Join([]string{"2026-03", "", "2026-04"}), "2026-03, 2026-04"},
		{"zh join", zh.Join([]string{"2026-03", "2026-04", "…"}), "2026-03、2026-04、…"},
		{"zh join one", zh.Join([]string{"CRM系统"}), "CRM系统"},
		{"en one more finding", en.Count("present.more_findings", 1), "1 more finding on the following pages"},
		{"en two more findings", en.Count("present.more_findings", 2), "2 more findings on the following pages"},
		{"zh more findings", zh.Count("present.more_findings", 1), "另有1项发现，见后页"},
		{"en thousands", en.Count("present.n.alert", 1200), "1,200 alerts"},
		{"en one channel", en.Count("pdf.channels.untracked", 1), "Not shown: 1 channel with spend but no funnel results (see the HTML report)."},
		{"en channels", en.Count("pdf.channels.untracked", 4), "Not shown: 4 channels with spend but no funnel results (see the HTML report)."},
		{"zh channels", zh.Count("pdf.channels.untracked", 4), "未列出：4个有支出但无漏斗数据的渠道（详见HTML报告）。"},
		{"en skipped rows", en.Join([]string{en.Count("workbook.skip.subtotal", 6), en.Count("workbook.skip.title", 1)}), "6 subtotals, 1 title row"},
		{"zh skipped rows", zh.Join([]string{zh.Count("workbook.skip.subtotal", 6), zh.Count("workbook.skip.title", 1)}), "小计6行、标题1行"},
		{"en months of", en.T(en.Plural("present.chart.months_over", 1), "n", 1, "m", 1), "1 of 1 month over plan"},
		{"en months of many", en.T(en.Plural("present.chart.months_over", 3), "n", 1, "m", 3), "1 of 3 months over plan"},
		{"zh months of", zh.T(zh.Plural("present.chart.months_over", 3), "n", 1, "m", 3), "3个月中有1个月超出预算"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// TestPluralForms: every counted string (a .one key) has its .other form in
// every language,
// and no English string dodges the rule with "(s)".
func TestPluralForms(t *testing.T) {
	for _, tag := range Languages {
		l, err := Load(tag, "CNY")
		if err != nil {
			t.Fatal(err)
		}
		for k, s := range l.strings {
			if base, ok := strings.CutSuffix(k, ".one"); ok && !l.Has(base+".other") {
				t.Errorf("%s: %s has no .other form", tag, k)
			}
			if strings.Contains(s, "(s)") {
				t.Errorf("%s: %s writes a plural as (s): %q; use Count with .one and .other", tag, k, s)
			}
		}
	}
}
