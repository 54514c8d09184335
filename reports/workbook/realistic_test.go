package workbook

import (
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
)

// Workbooks as users' tools make them (issue 15): each must give the
// figure Excel shows or be refused, naming the cell.

// readBook reads path into a Book with opt.
func readBook(t *testing.T, path string, opt Options) (*reports.Book, reports.FileReport) {
	t.Helper()
	b := reports.NewBook()
	fr := ReadFile(context.Background(), path, opt, b)
	if fr.Err != nil {
		t.Fatalf("got error %v", fr.Err)
	}
	return b, fr
}

// hasProblem reports whether one of fr's problems contains every part.
func hasProblem(fr reports.FileReport, parts ...string) bool {
	for _, p := range fr.Problems {
		ok := true
		for _, s := range parts {
			ok = ok && strings.Contains(p.Error(), s)
		}
		if ok {
			return true
		}
	}
	return false
}

func planTotal(b *reports.Book) reports.Money {
	var s reports.Money
	for _, v := range b.Plan {
		s += v
	}
	return s
}

func spendTotal(b *reports.Book) reports.Money {
	var s reports.Money
	for _, v := range b.Spend {
		s += v
	}
	return s
}

func TestHugeAmountsAreRefusedNotWrapped(t *testing.T) {
	// Two rows of 5e14 yuan: each fits in Money, their sum does not (it
	// used to wrap to −844,674,407,370,955). Both are beyond what a run
	// may add exactly and are refused by cell, as is 1e16, which does not
	// fit at all. Of two rows of 3e13 the first is read exactly and the
	// second, which would take the file beyond reports.MaxTotal, refused.
	path := writeBook(t, "actuals-2026-03.xlsx", sheetRows{"Ledger", [][]any{
		{"Date", "Category", "Channel", "Amount"},
		{"2026-03-01", "Events", "Expo", "500000000000000"},
		{"2026-03-02", "Events", "Expo", 5e14},
		{"2026-03-03", "Events", "Expo", "1e16"},
		{"2026-03-04", "Events", "Expo", "30000000000000"},
		{"2026-03-05", "Events", "Expo", "30000000000000"},
		{"2026-03-06", "Events", "Expo", "-12.5"},
	}})
	b, fr := readBook(t, path, Options{})
	if got, want := spendTotal(b), yuan(3e13)-125000; got != want {
		t.Errorf("spend = %s, want %s", got, want)
	}
	for _, cell := range []string{"Ledger!D2", "Ledger!D3", "Ledger!D4", "Ledger!D6"} {
		if !hasProblem(fr, cell, "too large") {
			t.Errorf("problems %q do not refuse %s as too large", problemLines(fr), cell)
		}
	}
	if _, _, rejected := fr.Rows(); rejected != 4 {
		t.Errorf("rejected %d rows, want 4", rejected)
	}
	if b.Abs > reports.MaxTotal {
		t.Errorf("Book.Abs = %d beyond MaxTotal", b.Abs)
	}
}

func TestHiddenSheetsAreSkippedOutLoud(t *testing.T) {
	// A visible ledger of 1,000 and two sheets Excel hides (an old copy
	// and a scratch sheet), made with excelize the way Excel stores them.
	path := writeBook(t, "actuals-2026-03.xlsx",
		sheetRows{"Ledger", [][]any{{"Date", "Category", "Channel", "Amount"}, {"2026-03-01", "Events", "Expo", 1000}}},
		sheetRows{"Old copy", [][]any{{"Date", "Category", "Channel", "Amount"}, {"2026-03-01", "Events", "Expo", 40000}}},
		sheetRows{"Scratch", [][]any{{"Date", "Category", "Channel", "Amount"}, {"2026-03-01", "Events", "Expo", 800000}}},
	)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetVisible("Old copy", false); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetVisible("Scratch", false, true); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	b, fr := readBook(t, path, Options{})
	if got := spendTotal(b); got != yuan(1000) {
		t.Errorf("spend = %s, want 1000.00 (the visible sheet only)", got)
	}
	for _, want := range []string{
		"actuals-2026-03.xlsx: Old copy: the sheet is hidden in Excel (hidden); its rows are not read",
		"actuals-2026-03.xlsx: Scratch: the sheet is hidden in Excel (veryHidden); its rows are not read",
	} {
		if !hasProblem(fr, want) {
			t.Errorf("problems %q lack %q", problemLines(fr), want)
		}
	}
	for _, p := range fr.Problems {
		if p.Severity != reports.SevWarn {
			t.Errorf("%v: severity %s, want warn", p, p.Severity)
		}
	}

	b, _ = readBook(t, path, Options{HiddenSheets: true})
	if got := spendTotal(b); got != yuan(841000) {
		t.Errorf("with HiddenSheets, spend = %s, want 841000.00", got)
	}
}
