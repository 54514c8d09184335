package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/xlsxstream/xlsxtest"
)

// ledgerXLSX writes a one-row ledger: Date | Category | Channel | Amount.
func ledgerXLSX(t *testing.T, path, date, amount string) {
	t.Helper()
	cell := func(ref, s string) string {
		return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, s)
	}
	var b strings.Builder
	b.WriteString(`<row r="1">` + cell("A1", "Date") + cell("B1", "Category") + cell("C1", "Channel") + cell("D1", "Amount") + `</row>`)
	b.WriteString(`<row r="2">` + cell("A2", date) + cell("B2", "Events") + cell("C2", "Expo") + `<c r="D2"><v>` + amount + `</v></c></row>`)
	book := xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "Ledger", XML: xlsxtest.SheetXML(b.String())}}}
	if err := os.WriteFile(path, book.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRunRefusesAFileThatWouldWrapTheTotals: each file is within
// reports.MaxTotal, both together are not; the second is refused as a
// whole, and no total wraps.
func TestRunRefusesAFileThatWouldWrapTheTotals(t *testing.T) {
	inbox := t.TempDir()
	ledgerXLSX(t, filepath.Join(inbox, "actuals-2026-01.xlsx"), "2026-01-05", "30000000000000")
	ledgerXLSX(t, filepath.Join(inbox, "actuals-2026-02.xlsx"), "2026-02-05", "30000000000000")
	res, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: inbox, Out: t.TempDir(), Now: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, f := range res.Files {
		if f.Err != nil {
			refused++
			if !strings.Contains(f.Err.Error(), "the most the reports can add exactly") {
				t.Errorf("%s: %v", f.Name, f.Err)
			}
		}
	}
	if refused != 1 || res.Problems == 0 {
		t.Fatalf("refused %d files with %d problems, want 1 file refused", refused, res.Problems)
	}
	for _, r := range res.All {
		if r.Totals.Actual != reports.Money(30_000_000_000_000)*reports.Unit {
			t.Errorf("%s actual = %s, want 30000000000000.00", r.Period.ID, r.Totals.Actual)
		}
	}
}
