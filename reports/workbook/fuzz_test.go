package workbook

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

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
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz-2026.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var sink sumSink
		fr := ReadFile(context.Background(), path, Options{MaxUnzipSize: 8 << 20}, &sink)
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
	})
}
