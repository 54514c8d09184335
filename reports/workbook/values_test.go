package workbook

import (
	"errors"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want reports.Money
		ok   bool
	}{
		{"raw number", "1234.5", 12345000, true},
		{"raw exponent", "1.2345E+6", 12345000000, true},
		{"float noise", "0.30000000000000004", 3000, true},
		{"grouped", "12,345.60", 123456000, true},
		{"yuan sign", "¥12,345", 123450000, true},
		{"full-width yuan sign", "￥100", 1000000, true},
		{"dollar", "$1,200", 12000000, true},
		{"RMB prefix", "RMB 3,000", 30000000, true},
		{"CNY suffix", "3000 CNY", 30000000, true},
		{"yuan suffix", "3000元", 30000000, true},
		{"parentheses negative", "(1,200.00)", -12000000, true},
		{"minus", "-1,200", -12000000, true},
		{"sign after symbol", "¥-50", -500000, true},
		{"wan", "1.2万", 120000000, true},
		{"wan yuan", "3万元", 300000000, true},
		{"yi", "3亿", 3000000000000, true},
		{"percent", "15%", 1500, true},
		{"full-width digits", "１２，３４５．６", 123456000, true},
		{"full-width parentheses", "（１００）", -1000000, true},
		{"nbsp padding", "\u00a0 42 ", 420000, true},
		{"bad digit", "12,3x4", 0, false},
		{"bad grouping", "12,34", 0, false},
		{"european decimal comma", "1.234,56", 0, false},
		{"empty", "", 0, false},
		{"only symbol", "¥", 0, false},
		{"text", "n/a", 0, false},
		{"two exponents", "1e3万", 0, false},
		{"trailing minus (SAP)", "1,200.00-", -12000000, true},
		{"trailing minus with symbol", "$800.00-", -8000000, true},
		{"NTD prefix", "NTD 3,000", 30000000, true},
		{"lone minus", "-", 0, false},
		{"overflow", "99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseAmount(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("parseAmount(%q): got err %v, want ok=%v", tt.in, err, tt.ok)
			}
			if got != tt.want {
				t.Errorf("parseAmount(%q): got %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64
		ok   bool
	}{
		{"plain", "42", 42, true},
		{"grouped", "1,234", 1234, true},
		{"spreadsheet float", "12.0", 12, true},
		{"fraction", "1.5", 0, false},
		{"negative", "-3", 0, false},
		{"percent", "100%", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCount(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("parseCount(%q): got %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		date1904 bool
		want     time.Time
		err      error
	}{
		{"serial 1900", "46096", false, day(2026, 3, 15), nil},
		{"serial with time", "46096.75", false, day(2026, 3, 15), nil},
		{"serial 1904", "44634", true, day(2026, 3, 15), nil},
		{"iso", "2026-03-15", false, day(2026, 3, 15), nil},
		{"iso with time", "2026-03-15T00:00:00Z", false, day(2026, 3, 15), nil},
		{"iso with clock", "2026-03-15 10:30:00", false, day(2026, 3, 15), nil},
		{"slashes", "2026/3/15", false, day(2026, 3, 15), nil},
		{"dots", "2026.3.15", false, day(2026, 3, 15), nil},
		{"compact", "20260315", false, day(2026, 3, 15), nil},
		{"day first unambiguous", "15/03/2026", false, day(2026, 3, 15), nil},
		{"month first unambiguous", "3/15/2026", false, day(2026, 3, 15), nil},
		{"same either way", "3/3/2026", false, day(2026, 3, 3), nil},
		{"ambiguous", "3/4/2026", false, time.Time{}, errAmbiguousDay},
		{"chinese", "2026年3月15日", false, day(2026, 3, 15), nil},
		{"full-width", "２０２６－０３－１５", false, day(2026, 3, 15), nil},
		{"month only", "2026-03", false, day(2026, 3, 1), nil},
		{"month name", "Mar 2026", false, day(2026, 3, 1), nil},
		{"31 April", "2026-04-31", false, time.Time{}, errNotDate},
		{"serial zero", "0", false, time.Time{}, errNotDate},
		{"text", "soon", false, time.Time{}, errNotDate},
		{"month without year", "Mar", false, time.Time{}, errNotDate},
		{"day-month name-year", "21-Mar-2026", false, day(2026, 3, 21), nil},
		{"oracle upper case, two-digit year", "21-MAR-26", false, day(2026, 3, 21), nil},
		{"day month name year", "21 March 2026", false, day(2026, 3, 21), nil},
		{"month name day, year", "Mar 21, 2026", false, day(2026, 3, 21), nil},
		{"year-month name-day", "2026-Mar-21", false, day(2026, 3, 21), nil},
		{"month name date with clock", "21-Mar-2026 10:00:00", false, day(2026, 3, 21), nil},
		{"31 February by name", "31-Feb-2026", false, time.Time{}, errNotDate},
		{"two-digit year with numbers only", "3/15/26", false, time.Time{}, errNotDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDate(tt.in, tt.date1904)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("parseDate(%q): got %v, %v; want error %v", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("parseDate(%q): got %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseMonthCell(t *testing.T) {
	mar26 := reports.Month{Year: 2026, Month: time.March}
	tests := []struct {
		name    string
		in      string
		fy      int
		fyStart time.Month
		small   bool
		want    reports.Month
		err     error
	}{
		{"english short", "Mar", 2026, 1, false, mar26, nil},
		{"english long with year", "March 2026", 0, 1, false, mar26, nil},
		{"two-digit year", "Mar-26", 0, 1, false, mar26, nil},
		{"glued year", "Mar26", 0, 1, false, mar26, nil},
		{"year first", "2026 Mar", 0, 1, false, mar26, nil},
		{"iso month", "2026-03", 0, 1, false, mar26, nil},
		{"slash month", "2026/3", 0, 1, false, mar26, nil},
		{"yyyymm", "202603", 0, 1, false, mar26, nil},
		{"month/year", "03/2026", 0, 1, false, mar26, nil},
		{"full date", "2026-03-15", 0, 1, false, mar26, nil},
		{"date serial", "46082", 0, 1, false, mar26, nil},
		{"chinese number", "3月", 2026, 1, false, mar26, nil},
		{"chinese with year", "2026年3月", 0, 1, false, mar26, nil},
		{"chinese numeral", "三月", 2026, 1, false, mar26, nil},
		{"chinese twelve", "十二月", 2026, 1, false, reports.Month{Year: 2026, Month: time.December}, nil},
		{"yuefen suffix", "3月份", 2026, 1, false, mar26, nil},
		{"fiscal year wraps", "3月", 2025, time.April, false, mar26, nil},
		{"fiscal year start", "Apr", 2026, time.April, false, reports.Month{Year: 2026, Month: time.April}, nil},
		{"month number in a Month column", "3", 2026, 1, true, mar26, nil},
		{"month number in a header", "3", 2026, 1, false, reports.Month{}, errNotMonth},
		{"no year", "Mar", 0, 1, false, reports.Month{}, errNoYear},
		{"quarter", "Q1", 2026, 1, false, reports.Month{}, errNotMonth},
		{"thirteenth", "13月", 2026, 1, false, reports.Month{}, errNotMonth},
		{"serial with time in a header", "46082.5", 0, 1, false, reports.Month{}, errNotMonth},
		{"small amount", "12000", 2026, 1, false, reports.Month{}, errNotMonth},
		{"word", "Budget", 2026, 1, false, reports.Month{}, errNotMonth},
		{"dotted month", "2026.04", 0, 1, false, reports.Month{Year: 2026, Month: time.April}, nil},
		{"dotted month one digit", "2026.3", 0, 1, false, mar26, nil},
		{"dotted October as text", "2026.10", 0, 1, false, reports.Month{Year: 2026, Month: time.October}, nil},
		{"dotted 2026.1 is January or October", "2026.1", 0, 1, false, reports.Month{}, errNotMonth},
		{"dotted thirteenth", "2026.13", 0, 1, false, reports.Month{}, errNotMonth},
		{"amount with two decimals", "1234.50", 0, 1, false, reports.Month{}, errNotMonth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseMonthCell(tt.in, tt.fy, tt.fyStart, false, tt.small)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("parseMonthCell(%q): got %v, %v; want error %v", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("parseMonthCell(%q): got %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestHeaderAliases(t *testing.T) {
	aliases := newAliasTable(map[string][]string{"amount": {"Ausgaben"}, "channel": {"媒体"}})
	tests := []struct {
		header string
		want   string
	}{
		{"Posting Date", "date"},
		{"記帳日期", "date"},
		{"期间", "month"},
		{"Amount (USD)", "amount"},
		{"金额（元）", "amount"},
		{"  ＡＭＯＵＮＴ ", "amount"},
		{"实际", "amount"},
		{"預算", "budget"},
		{"管道", "channel"},
		{"類別", "category"},
		{"地区", "region"},
		{"类型", "role"},
		{"项目", "project"},
		{"供應商", "vendor"},
		{"線索", "leads"},
		{"商機", "opportunities"},
		{"赢单", "won"},
		{"成交金额", "revenue"},
		{"Ausgaben", "amount"},
		{"Name", ""},
		{"媒体", "channel"},
		{"Notes", "comment"},
		{"备注", "comment"},
		{"說明", "comment"},
		{"Remarks", "comment"},
		{"金  额", "amount"},
		{"日 期", "date"},
		{"*渠道", "channel"},
		{"*Channel", "channel"},
		{"MQL数", "mql"},
		{"SQL數", "sql"},
		{"赢单数", "won"},
		{"POC数量", "poc"},
		{"线索量", "leads"},
		{"# of MQLs", "mql"},
		{"Leads count", "leads"},
		{"成交金额（万元）", "revenue"},
		{"金额数", ""},
		{"Posting", ""},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got, _ := aliases.lookup(headerKey(tt.header)); got != tt.want {
				t.Errorf("header %q: got field %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func TestTotalLabel(t *testing.T) {
	tests := []struct {
		in       string
		total    bool
		subtotal bool
		name     string
	}{
		{"小计", true, true, ""},
		{"展会小计", true, true, "展会"},
		{"Events subtotal", true, true, "events"},
		{"Subtotal", true, true, ""},
		{"合计", true, false, ""},
		{"Total", true, false, ""},
		{"Grand Total", true, false, ""},
		{"全年", true, false, ""},
		{"Total Events", true, false, "events"},
		{"Totally digital", false, false, ""},
		{"展会", false, false, ""},
		{"", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			total, sub, name := totalLabel(tt.in)
			if total != tt.total || sub != tt.subtotal || name != tt.name {
				t.Errorf("totalLabel(%q): got %v, %v, %q; want %v, %v, %q", tt.in, total, sub, name, tt.total, tt.subtotal, tt.name)
			}
		})
	}
}

func TestYearFromName(t *testing.T) {
	tests := []struct {
		name    string
		fyStart time.Month
		want    int
	}{
		{"budget-2026.xlsx", 1, 2026},
		{"actuals-2026-03.xlsx", 1, 2026},
		{"actuals-2026-03.xlsx", time.April, 2025},
		{"actuals_202604.xlsx", time.April, 2026},
		{"2026年预算.xlsx", 1, 2026},
		{"budget.xlsx", 1, 0},
		{"report-12345.xlsx", 1, 0},
		{"wps-budget-long-1904.xlsx", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := yearFromName(tt.name, tt.fyStart); got != tt.want {
				t.Errorf("yearFromName(%q, %d): got %d, want %d", tt.name, tt.fyStart, got, tt.want)
			}
		})
	}
}

func TestFmtAmount(t *testing.T) {
	tests := []struct {
		in   reports.Money
		want string
	}{
		{0, "0.00"},
		{123456000, "12,345.60"},
		{-12000000, "-1,200.00"},
		{1, "0.0001"},
		{1000000000000, "100,000,000.00"},
	}
	for _, tt := range tests {
		if got := fmtAmount(tt.in); got != tt.want {
			t.Errorf("fmtAmount(%d): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnitExp(t *testing.T) {
	tests := []struct {
		unit string
		exp  int
		ok   bool
	}{
		{"万元", 4, true},
		{"萬元", 4, true},
		{"人民币万元", 4, true},
		{"千元", 3, true},
		{"百万元", 6, true},
		{"亿元", 8, true},
		{"元", 0, true},
		{"USD", 0, true},
		{"NT$", 0, true},
		{"USD k", 3, true},
		{"$K", 3, true},
		{"'000", 3, true},
		{"USD thousands", 3, true},
		{"in millions", 6, true},
		{"RMB mn", 6, true},
		{"万美元", 4, true},
		{"", 0, false},
		{"%", 0, false},
		{"次", 0, false},
		{"元/月", 0, false},
		{"万 千", 0, false},
		{"万达集团", 0, false},
		{"Marketing", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.unit, func(t *testing.T) {
			exp, ok := unitExp(tt.unit)
			if exp != tt.exp || ok != tt.ok {
				t.Errorf("unitExp(%q): got %d, %v; want %d, %v", tt.unit, exp, ok, tt.exp, tt.ok)
			}
		})
	}
}

func TestSheetUnit(t *testing.T) {
	tests := []struct {
		name   string
		titles [][]string
		exp    int
		ok     bool
	}{
		{"one cell", [][]string{{"2026年市场预算"}, {"单位：万元"}}, 4, true},
		{"in the title's brackets", [][]string{{"2026年市场预算（单位：千元）"}}, 3, true},
		{"two cells", [][]string{{"", "单位：", "万元"}}, 4, true},
		{"english", [][]string{{"Marketing budget FY2026 (in USD thousands)"}}, 3, true},
		{"yuan", [][]string{{"单位：元"}}, 0, true},
		{"a company, not a unit", [][]string{{"编制单位：万达集团市场部"}}, 0, false},
		{"business unit", [][]string{{"Business unit: Marketing"}}, 0, false},
		{"none", [][]string{{"2026年市场预算"}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exp, ok := sheetUnit(tt.titles)
			if exp != tt.exp || ok != tt.ok {
				t.Errorf("sheetUnit(%q): got %d, %v; want %d, %v", tt.titles, exp, ok, tt.exp, tt.ok)
			}
		})
	}
}

func TestParseScaled(t *testing.T) {
	tests := []struct {
		in   string
		exp  int
		want reports.Money
		err  error
	}{
		{"12.5", 4, yuan(125000), nil},
		{"1,234.5", 3, yuan(1234500), nil},
		{"(0.3)", 3, yuan(-300), nil},
		{"1.2E+1", 4, yuan(120000), nil},
		{"¥8", 4, yuan(80000), nil},
		{"1.2万", 4, 0, errUnitTwice},
		{"3亿", 3, 0, errUnitTwice},
		{"99999999999999", 8, 0, reports.ErrOverflow}, // too large, said so
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseScaled(tt.in, tt.exp)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Errorf("parseScaled(%q, %d): got %v, %v; want %v, %v", tt.in, tt.exp, got, err, tt.want, tt.err)
			}
		})
	}
}
