package workbook

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
)

// FuzzParseAmount checks that the amount parser never panics and that
// every amount it accepts survives a round trip through fmtAmount.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12,345.60", "¥12,345", "$1,200", "RMB 3,000", "(1,200.00)", "-1,200", "1.2万", "3亿", "15%", "１２，３４５", "1.2345E+6", "0.30000000000000004", "12,3x4", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseAmount(s)
		if err != nil {
			return
		}
		back, err := parseAmount(fmtAmount(m))
		if err != nil || back != m {
			t.Errorf("parseAmount(%q) = %d, but parseAmount(%q) = %d, %v", s, m, fmtAmount(m), back, err)
		}
	})
}

// FuzzParseDate checks that the date parser never panics and returns only
// midnight UTC dates in plausible years.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"46096", "2026-03-15", "2026/3/15", "15/03/2026", "3/4/2026", "2026年3月15日", "Mar 2026", "2026-03", "20260315", "2026-03-15T10:00:00Z", "1e308"} {
		f.Add(s, false)
	}
	f.Add("44634", true)
	f.Fuzz(func(t *testing.T, s string, date1904 bool) {
		d, err := parseDate(s, date1904)
		if err != nil {
			return
		}
		if d.Year() < 1900 || d.Year() > 9999 || d.Location() != time.UTC || d.Hour() != 0 {
			t.Errorf("parseDate(%q) = %v, want a midnight UTC date in 1900–9999", s, d)
		}
	})
}

// FuzzParseMonth checks that month headers and cells never panic and
// parse only into valid months.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"Jan", "2026-01", "1月", "一月", "2026年3月", "Mar-26", "46082", "202603", "Q1", "合计", "3"} {
		f.Add(s, 2026, 4, true)
	}
	f.Fuzz(func(t *testing.T, s string, fy, fyStart int, small bool) {
		if fyStart < 1 || fyStart > 12 {
			fyStart = 1
		}
		m, err := parseMonthCell(s, fy%10000, time.Month(fyStart), false, small)
		if err == nil && !m.Valid() {
			t.Errorf("parseMonthCell(%q) = %v, want a valid month", s, m)
		}
	})
}

// FuzzReadFile feeds mutated workbooks to the whole reader, seeded from
// testdata: it must never panic and must account for every row it sends.
func FuzzReadFile(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.xlsx")
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, data := range layoutSeeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz-2026.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, comma := range []bool{false, true} {
			fuzzReadOnce(t, path, Options{MaxUnzipSize: 8 << 20, DecimalComma: comma})
		}
	})
}

// layoutSeeds are workbooks in the layouts of layouts.go, made the way
// WPS and ERP exports make them: quarters merged over a month row, a
// voucher ledger with debit, credit and 辅助核算, decimal-comma text.
func layoutSeeds(f *testing.F) [][]byte {
	books := []struct {
		rows   [][]any
		merges [][2]string
	}{
		{[][]any{
			{"类别", "渠道", "Q1", nil, nil, nil, "全年合计"},
			{nil, nil, "7月", "8月", "9月", "小计"},
			{"数字广告", "百度SEM", 100, 200, 300, 600, 600},
		}, [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "F1"}, {"G1", "G2"}}},
		{[][]any{
			{"凭证日期", "摘要", "借方金额", "贷方金额", "辅助核算"},
			{"05.03.2026", "推广费", "1.234,56", nil, "渠道:百度;部门:市场部"},
			{"2026-03-31", "本月合计", "1.234,56", nil, nil},
		}, nil},
	}
	var out [][]byte
	for _, b := range books {
		x := excelize.NewFile()
		for r, row := range b.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
				f.Fatal(err)
			}
		}
		for _, m := range b.merges {
			if err := x.MergeCell("Sheet1", m[0], m[1]); err != nil {
				f.Fatal(err)
			}
		}
		buf, err := x.WriteToBuffer()
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, buf.Bytes())
		x.Close()
	}
	return out
}

// fuzzReadOnce reads one fuzzed workbook and checks its accounting.
func fuzzReadOnce(t *testing.T, path string, opt Options) {
	var sink sumSink
	fr := ReadFile(context.Background(), path, opt, &sink)
	if fr.Err != nil {
		return
	}
	ledgerUsed, budgetUsed := 0, 0
	for _, s := range fr.Sheets {
		switch s.Kind {
		case reports.KindLedger:
			ledgerUsed += s.Used
		case reports.KindBudget:
			budgetUsed += s.Used
		}
	}
	if ledgerUsed != sink.entries || sink.budgets < budgetUsed {
		t.Errorf("got %d ledger and %d budget rows used, but %d entries and %d budget lines sent", ledgerUsed, budgetUsed, sink.entries, sink.budgets)
	}
	var total reports.Money
	for _, s := range fr.Sheets {
		if s.Kind != reports.KindFunnel {
			total += s.Total
		}
	}
	if total != sink.budget+sink.spend {
		t.Errorf("sheet totals %v, sink received %v", total, sink.budget+sink.spend)
	}
}

// FuzzCommaDecimal checks that every amount written the decimal-comma way
// reads back exactly, and that no text makes the rewrite panic.
func FuzzCommaDecimal(f *testing.F) {
	for _, v := range []int64{0, 12345600, -98765432100, 1} {
		f.Add(v, "1.234,56")
	}
	f.Fuzz(func(t *testing.T, v int64, s string) {
		_, _ = parseAmount(commaDecimal(s))
		m := reports.Money(v % int64(reports.MaxTotal))
		// fmtAmount writes 1,234.5600; swapping its separators gives the
		// decimal-comma form, which must read back as m.
		if back, err := parseAmount(commaDecimal(swapSeparators(fmtAmount(m)))); err != nil || back != m {
			t.Errorf("%v written %q: got %v, %v", m, swapSeparators(fmtAmount(m)), back, err)
		}
	})
}

// swapSeparators turns "1,234.56" into "1.234,56".
func swapSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '.':
			return ','
		case ',':
			return '.'
		}
		return r
	}, s)
}
