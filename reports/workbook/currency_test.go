package workbook

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/excel"
)

func TestForeignCurrency(t *testing.T) {
	tests := []struct {
		s, currency, want string
	}{
		{"¥12,345.60", "CNY", ""},
		{"¥12,345.60", "JPY", ""},
		{"RMB 3,000", "CNY", ""},
		{"$1,200", "CNY", "$"},
		{"$1,200", "USD", ""},
		{"$1,200", "HKD", ""},
		{"US$1,200", "HKD", "US$"},
		{"HK$ 800", "CNY", "HK$"},
		{"NT$1,200", "TWD", ""},
		{"NTD 3,000", "CNY", "NTD"},
		{"€50", "CNY", "€"},
		{"12元", "USD", ""},
		{"1.2万", "CNY", ""},
		{"(1,200.00)", "CNY", ""},
		{"USD", "CNY", "USD"},
		{"cny", "CNY", ""},
		{"REFUSED", "CNY", ""}, // "USD" inside a word is not a currency
		{"$1,200", "", ""},     // no company currency: no check
		{"美元", "CNY", "美元"},
	}
	for _, tt := range tests {
		if got := foreignCurrency(tt.s, tt.currency); got != tt.want {
			t.Errorf("foreignCurrency(%q, %s) = %q, want %q", tt.s, tt.currency, got, tt.want)
		}
	}
}

// TestCurrencyColumnAndCells reads a ledger whose amount header is in USD
// and whose cells carry currency marks: for a CNY company the USD column's
// rows are rejected, naming the cell; for a USD company they are used.
func TestCurrencyColumnAndCells(t *testing.T) {
	b := excel.NewBook()
	s := b.Sheet("Ledger")
	s.BoldRow("Date", "Category", "Channel", "Amount (USD)")
	d := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	s.Row(d, "Ads", "SEM", 1200.5)
	s.Row(d, "Ads", "SEM", "$300")
	s.Row(d, "Ads", "SEM", nil) // an empty amount: rejected in either case
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "actuals-2026-03.xlsx")
	os.WriteFile(path, buf.Bytes(), 0o644)

	for _, tc := range []struct {
		currency       string
		used, rejected int
		total          reports.Money
	}{
		{"CNY", 0, 3, 0}, // the empty amount is rejected as empty
		{"USD", 2, 1, 15005000},
	} {
		fr := ReadFile(t.Context(), path, Options{Currency: tc.currency}, reports.NewBook())
		if fr.Err != nil {
			t.Fatal(fr.Err)
		}
		used, _, rejected := fr.Rows()
		if used != tc.used || rejected != tc.rejected || fr.Sheets[0].Total != tc.total {
			t.Errorf("%s company: used %d rejected %d total %s, want %d %d %s; problems %v",
				tc.currency, used, rejected, fr.Sheets[0].Total, tc.used, tc.rejected, tc.total, fr.Problems)
		}
		if tc.currency == "CNY" {
			var msgs []string
			for _, p := range fr.Problems {
				msgs = append(msgs, p.Error())
			}
			all := strings.Join(msgs, "\n")
			if !strings.Contains(all, `Ledger!D2: "1200.5" is in USD, not the company currency CNY`) {
				t.Errorf("no problem names D2 and both currencies:\n%s", all)
			}
		}
	}
}
