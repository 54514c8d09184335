package workbook

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/xlsxstream/xlsxtest"
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

// rawRows writes rows as worksheet XML the way openpyxl and many ERP
// exporters do: strings inline, numbers as values, and a string starting
// with "=" as a formula with no cached value (<f>…</f><v></v>).
func rawRows(rows [][]any) []byte {
	var b strings.Builder
	for r, row := range rows {
		fmt.Fprintf(&b, `<row r="%d">`, r+1)
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			switch v := v.(type) {
			case nil:
			case string:
				if strings.HasPrefix(v, "=") {
					fmt.Fprintf(&b, `<c r="%s"><f>%s</f><v></v></c>`, ref, xmlEscape(v[1:]))
				} else {
					fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, xmlEscape(v))
				}
			default:
				fmt.Fprintf(&b, `<c r="%s"><v>%v</v></c>`, ref, v)
			}
		}
		b.WriteString(`</row>`)
	}
	return xlsxtest.SheetXML(b.String())
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// writeRaw writes a hand-built workbook (see rawRows) into a temporary
// directory.
func writeRaw(t *testing.T, name string, sheets ...sheetRows) string {
	t.Helper()
	var b xlsxtest.Book
	for _, s := range sheets {
		b.Sheets = append(b.Sheets, xlsxtest.Sheet{Name: s.name, XML: rawRows(s.rows)})
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
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
		"actuals-2026-03.xlsx: Old copy: the sheet is hidden in Excel (hidden) and is not read: 1 row, total 40,000.00",
		"actuals-2026-03.xlsx: Scratch: the sheet is hidden in Excel (veryHidden) and is not read: 1 row, total 800,000.00",
	} {
		if !hasProblem(fr, want) {
			t.Errorf("problems %q lack %q", problemLines(fr), want)
		}
	}
	for _, p := range fr.Problems {
		// A note, not a warning: skipping what Excel hides is the rule,
		// so it does not fail the run (exit 1) every month.
		if p.Severity != reports.SevInfo {
			t.Errorf("%v: severity %s, want info", p, p.Severity)
		}
	}

	b, _ = readBook(t, path, Options{HiddenSheets: true})
	if got := spendTotal(b); got != yuan(841000) {
		t.Errorf("with HiddenSheets, spend = %s, want 841000.00", got)
	}
}

func TestLongTextIsCut(t *testing.T) {
	// Twenty channel names of a megabyte each (a paste gone wrong), and
	// a long vendor note in Chinese: labels are cut to maxCellText
	// characters, each cut named.
	rows := [][]any{{"Date", "Category", "Channel", "Vendor", "Amount"}}
	for i := 0; i < 20; i++ {
		rows = append(rows, []any{"2026-03-01", "Events", strings.Repeat(string(rune('a'+i)), 1<<20), "Acme", 10})
	}
	rows = append(rows, []any{"2026-03-02", "Events", "Expo", strings.Repeat("供应商", 400), 5})
	path := writeRaw(t, "actuals-2026-03.xlsx", sheetRows{"Ledger", rows})
	b, fr := readBook(t, path, Options{})
	if got := spendTotal(b); got != yuan(205) {
		t.Errorf("spend = %s, want 205.00", got)
	}
	for k := range b.Spend {
		if n := len([]rune(k.Channel)); n > maxCellText {
			t.Errorf("channel of %d characters kept", n)
		}
	}
	for k := range b.Vendors {
		if n := len([]rune(k)); n != maxCellText && k != "Acme" {
			t.Errorf("vendor of %d characters, want %d", n, maxCellText)
		}
	}
	if !hasProblem(fr, "Ledger!C2", "1048576 characters", "only the first 1000 are read") {
		t.Errorf("problems %q do not name C2's cut", problemLines(fr)[:1])
	}
	if !hasProblem(fr, "Ledger!D22", "1200 characters") {
		t.Errorf("problems do not name D22's cut")
	}
	if len(fr.Problems) != 21 {
		t.Errorf("%d problems, want 21", len(fr.Problems))
	}
	for _, p := range fr.Problems {
		if len(p.Error()) > 300 {
			t.Errorf("message of %d bytes quotes the whole cell", len(p.Error()))
		}
	}
}

func TestFormulasWithoutCachedValues(t *testing.T) {
	// openpyxl writes formulas with no value: a three-month budget of
	// 10,000 / =D2*2 / =E2*1.5 is 60,000 in Excel, not 10,000.
	path := writeRaw(t, "budget-2026.xlsx", sheetRows{"Plan", [][]any{
		{"Category", "Channel", "Note", "2026-01", "2026-02", "2026-03", "Total"},
		{"Events", "Expo", "=UPPER(A2)", 10000, "=D2*2", "=E2*1.5", "=SUM(D2:F2)"},
		{"Content", "White paper", "=FOO(1)", "=ROUND(1000/3,2)", 0, 0, "=D3"},
		{"Content", "Video", nil, "=1/0", 500, 500, nil},
		{"Content", "Blog", nil, "=NOSUCH(1)", 500, 500, nil},
	}})
	b, fr := readBook(t, path, Options{})
	jan := reports.BudgetKey{LineKey: reports.LineKey{Category: "Events", Channel: "Expo"}, Month: mon(2026, 1)}
	for m, want := range map[time.Month]reports.Money{time.January: yuan(10000), time.February: yuan(20000), time.March: yuan(30000)} {
		k := jan
		k.Month = mon(2026, m)
		if got := b.Plan[k]; got != want {
			t.Errorf("Expo %v = %s, want %s", k.Month, got, want)
		}
	}
	if got, want := planTotal(b), yuan(60000)+yuan(333)+3300; got != want {
		t.Errorf("budget = %s, want %s", got, want)
	}
	for _, want := range []string{
		`budget-2026.xlsx: Plan!D4: the formula =1/0 has no saved value and cannot be calculated here (#DIV/0!)`,
		`budget-2026.xlsx: Plan!D5: the formula =NOSUCH(1) has no saved value and cannot be calculated here`,
	} {
		if !hasProblem(fr, want) {
			t.Errorf("problems %q lack %q", problemLines(fr), want)
		}
	}
	if hasProblem(fr, "Plan!C3") {
		t.Errorf("a formula in a column the sheet does not read is reported: %q", problemLines(fr))
	}
	if hasProblem(fr, "is empty") || hasProblem(fr, "Total says") {
		t.Errorf("problems %q: formulas read as empty", problemLines(fr))
	}
	if _, _, rejected := fr.Rows(); rejected != 2 {
		t.Errorf("rejected %d rows, want 2", rejected)
	}
}

func TestLedgerFormulasWithoutCachedValues(t *testing.T) {
	// An ERP export whose amount is "=net*1.06" and whose date is
	// "=DATE(…)", none calculated: read as Excel shows them.
	path := writeRaw(t, "actuals-2026-03.xlsx", sheetRows{"GL", [][]any{
		{"Date", "Category", "Channel", "Net", "Amount"},
		{"=DATE(2026,3,5)", "Events", "Expo", 1000, "=D2*1.06"},
		{"2026-03-06", "Events", "Expo", 500, "=D3+E2"},
	}})
	b, fr := readBook(t, path, Options{})
	if got, want := spendTotal(b), yuan(1060+1560); got != want {
		t.Errorf("spend = %s, want %s (problems %q)", got, want, problemLines(fr))
	}
	if len(fr.Problems) != 0 {
		t.Errorf("problems %q, want none", problemLines(fr))
	}
}

func TestBudgetVsActualExport(t *testing.T) {
	// A budget-vs-actual export: the Actual column is spend, not to be
	// dropped (the budget used to be read alone).
	tests := []struct {
		name string
		rows [][]any
	}{
		{"English", [][]any{
			{"Month", "Category", "Channel", "Budget", "Actual", "Variance"},
			{"2026-01", "Events", "Expo", 1000, 1200, 200},
			{"2026-02", "Events", "Expo", 1000, 900, -100},
			{"2026-03", "Events", "Expo", 1000, nil, nil},
			{"2026-02", "Ads", "SEM", nil, 50, 50},
			{"Total", nil, nil, 3000, 2150, -850},
		}},
		{"Chinese", [][]any{
			{"月份", "类别", "渠道", "预算", "实际"},
			{"2026年1月", "Events", "Expo", 1000, 1200},
			{"2026年2月", "Events", "Expo", 1000, 900},
			{"2026年3月", "Events", "Expo", 1000, nil},
			{"2026年2月", "Ads", "SEM", nil, 50},
			{"合计", nil, nil, 3000, 2150},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeBook(t, "budget-vs-actual-2026.xlsx", sheetRows{"BvA", tt.rows})
			b, fr := readBook(t, path, Options{})
			if got := planTotal(b); got != yuan(3000) {
				t.Errorf("budget = %s, want 3000.00", got)
			}
			if got := spendTotal(b); got != yuan(2150) {
				t.Errorf("actual = %s, want 2150.00", got)
			}
			feb := reports.ActualKey{LineKey: reports.LineKey{Category: "Events", Channel: "Expo"}, Month: mon(2026, 2)}
			if got := b.Spend[feb]; got != yuan(900) {
				t.Errorf("Expo February actual = %s, want 900.00", got)
			}
			if len(fr.Problems) != 0 {
				t.Errorf("problems %q, want none", problemLines(fr))
			}
			if len(fr.Sheets) != 2 || fr.Sheets[0].Kind != reports.KindBudget || fr.Sheets[1].Kind != reports.KindLedger ||
				fr.Sheets[0].Total != yuan(3000) || fr.Sheets[1].Total != yuan(2150) || fr.Sheets[1].Used != 3 {
				t.Errorf("sheets %+v, want the sheet as a budget of 3000.00 and a ledger of 2150.00 in 3 rows", fr.Sheets)
			}
		})
	}
}

func TestAnotherYearInsideTheFile(t *testing.T) {
	// budget-2026.xlsx holds this year's plan, last year's on a sheet of
	// its own, and an older one under a title: each in its own year.
	months := []any{"类别", "渠道", "1月", "2月", "3月"}
	path := writeBook(t, "budget-2026.xlsx",
		sheetRows{"2026预算", [][]any{months, {"展会", "行业展会", 100000, 100000, 100000}}},
		sheetRows{"2025预算", [][]any{months, {"展会", "行业展会", 50000, 50000, 50000}}},
		sheetRows{"Archive", [][]any{{"2024年度市场预算（单位：元）"}, months, {"展会", "行业展会", 7, 7, 7}}},
		sheetRows{"Printed", [][]any{{"as of 2024-12-31"}, months, {"展会", "行业展会", 1, 1, 1}}},
	)
	b, fr := readBook(t, path, Options{})
	line := reports.LineKey{Category: "展会", Channel: "行业展会"}
	for _, tt := range []struct {
		m    reports.Month
		want reports.Money
	}{
		{mon(2026, 1), yuan(100001)}, // "as of 2024-12-31" is a date, not the plan's year
		{mon(2025, 1), yuan(50000)},
		{mon(2024, 1), yuan(7)},
	} {
		if got := b.Plan[reports.BudgetKey{LineKey: line, Month: tt.m}]; got != tt.want {
			t.Errorf("%v = %s, want %s", tt.m, got, tt.want)
		}
	}
	for _, want := range []string{
		"budget-2026.xlsx: 2025预算: the sheet's name says 2025: its months without a year are placed in fiscal year 2025, not 2026 as the file name says",
		"budget-2026.xlsx: Archive: the sheet's title says 2024: its months without a year are placed in fiscal year 2024, not 2026 as the file name says",
	} {
		if !hasProblem(fr, want) {
			t.Errorf("problems %q lack %q", problemLines(fr), want)
		}
	}
	if len(fr.Problems) != 2 {
		t.Errorf("problems %q, want 2", problemLines(fr))
	}

	// A long budget sheet with months like "1月" follows the same rule.
	path = writeBook(t, "budget-2026.xlsx", sheetRows{"FY2025 plan", [][]any{
		{"Month", "Category", "Channel", "Budget"},
		{"1月", "Events", "Expo", 10},
		{"2026-02", "Events", "Expo", 20},
	}})
	b, fr = readBook(t, path, Options{})
	if got := b.Plan[reports.BudgetKey{LineKey: reports.LineKey{Category: "Events", Channel: "Expo"}, Month: mon(2025, 1)}]; got != yuan(10) {
		t.Errorf("long 1月 = %s in 2025-01, want 10.00 (problems %q)", got, problemLines(fr))
	}
	if !hasProblem(fr, "FY2025 plan: the sheet's name says 2025") {
		t.Errorf("problems %q lack the sheet-name note", problemLines(fr))
	}
}

func TestMonthColumnsInFiscalYear(t *testing.T) {
	// Jan … Dec in budget-2026.xlsx with the fiscal year starting in
	// April: fiscal 2026 runs April 2026 to March 2027, and each column
	// is placed there by its name — the whole 72,000, not 6,000.
	header := []any{"Category", "Channel"}
	row := []any{"Events", "Expo"}
	for m := time.January; m <= time.December; m++ {
		header = append(header, m.String()[:3])
		row = append(row, 6000)
	}
	path := writeBook(t, "budget-2026.xlsx", sheetRows{"Plan", [][]any{header, row}})
	b, fr := readBook(t, path, Options{FYStart: time.April})
	fy := reports.YearPeriod(2026, time.April)
	var inFY reports.Money
	for k, v := range b.Plan {
		if fy.Contains(k.Month) {
			inFY += v
		}
	}
	if inFY != yuan(72000) {
		t.Errorf("fiscal 2026 budget = %s, want 72000.00", inFY)
	}
	line := reports.LineKey{Category: "Events", Channel: "Expo"}
	for _, m := range []reports.Month{mon(2027, 1), mon(2027, 3), mon(2026, 4), mon(2026, 12)} {
		if got := b.Plan[reports.BudgetKey{LineKey: line, Month: m}]; got != yuan(6000) {
			t.Errorf("%v = %s, want 6000.00", m, got)
		}
	}
	want := "budget-2026.xlsx: Plan row 1: month columns without a year are placed by name in fiscal year 2026 (starting 2026-04), not in column order: Jan → 2027-01, Feb → 2027-02, Mar → 2027-03, Apr → 2026-04"
	if !hasProblem(fr, want) || !hasProblem(fr, "Dec → 2026-12") {
		t.Errorf("problems %q lack %q", problemLines(fr), want)
	}

	// Apr … Mar with the same fiscal year: in order, nothing to say.
	header, row = header[:2], row[:2]
	for i := 0; i < 12; i++ {
		header = append(header, time.Month((int(time.April)+i-1)%12 + 1).String()[:3])
		row = append(row, 6000)
	}
	path = writeBook(t, "budget-2026.xlsx", sheetRows{"Plan", [][]any{header, row}})
	b, fr = readBook(t, path, Options{FYStart: time.April})
	if got := planTotal(b); got != yuan(72000) || len(fr.Problems) != 0 {
		t.Errorf("Apr…Mar: budget %s, problems %q; want 72000.00 and none", got, problemLines(fr))
	}
	if got := b.Plan[reports.BudgetKey{LineKey: line, Month: mon(2027, 3)}]; got != yuan(6000) {
		t.Errorf("Apr…Mar: Mar = %s in 2027-03, want 6000.00", got)
	}
}

func TestImplausibleDates(t *testing.T) {
	// A typo year, the end of time and "1e5" (serial 100000, year 2173)
	// would move spend out of every report: rejected by cell.
	rows := [][]any{
		{"Date", "Category", "Channel", "Amount"},
		{"2026-03-05", "Events", "Expo", 100},
		{"2062-03-05", "Events", "Expo", 200},
		{"9999-12-31", "Events", "Expo", 300},
		{"1e5", "Events", "Expo", 400},
		{time.Date(2062, 3, 6, 0, 0, 0, 0, time.UTC), "Events", "Expo", 500},
		{"2025-12-31", "Events", "Expo", 10},
	}
	path := writeBook(t, "actuals-2026-03.xlsx", sheetRows{"Ledger", rows})
	b, fr := readBook(t, path, Options{})
	if got := spendTotal(b); got != yuan(110) {
		t.Errorf("spend = %s, want 110.00", got)
	}
	for _, want := range []string{
		`actuals-2026-03.xlsx: Ledger!A3: "2062-03-05" is read as 2062-03, outside fiscal years 2025–2027 that this sheet can hold; correct the date`,
		`Ledger!A4: "9999-12-31" is read as 9999-12`,
		`Ledger!A5: "1e5" is read as 2173-10`,
		`Ledger!A6: `,
	} {
		if !hasProblem(fr, want) {
			t.Errorf("problems %q lack %q", problemLines(fr), want)
		}
	}
	if _, _, rejected := fr.Rows(); rejected != 4 {
		t.Errorf("rejected %d rows, want 4", rejected)
	}

	// A file that names no year is held to the years around today.
	path = writeBook(t, "ledger.xlsx", sheetRows{"Ledger", rows})
	b, fr = readBook(t, path, Options{Now: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)})
	if got := spendTotal(b); got != yuan(110) {
		t.Errorf("ledger.xlsx: spend = %s, want 110.00 (problems %q)", got, problemLines(fr))
	}
	if !hasProblem(fr, `"2062-03-05" is read as 2062-03, outside fiscal years 2024–2027`) {
		t.Errorf("problems %q lack the 2062 row", problemLines(fr))
	}

	// A long budget's month cells too.
	path = writeBook(t, "budget-2026.xlsx", sheetRows{"Plan", [][]any{
		{"Month", "Category", "Channel", "Budget"},
		{"2026-01", "Events", "Expo", 1},
		{"2206-02", "Events", "Expo", 2},
	}})
	b, fr = readBook(t, path, Options{})
	if got := planTotal(b); got != yuan(1) || !hasProblem(fr, "Plan!A3", "2206-02") {
		t.Errorf("budget %s, problems %q; want 1.00 and A3 rejected", got, problemLines(fr))
	}
}

func TestImplausibleMonthColumn(t *testing.T) {
	// A typo in a wide budget's header would move a whole column out of
	// every report: the header cell is named and the rows rejected.
	path := writeBook(t, "budget-2026.xlsx", sheetRows{"Plan", [][]any{
		{"Category", "Channel", "2026-01", "2062-02", "2026-03"},
		{"Events", "Expo", 1, 2, 3},
	}})
	b, fr := readBook(t, path, Options{})
	if got := planTotal(b); got != 0 {
		t.Errorf("budget = %s, want nothing read", got)
	}
	if !hasProblem(fr, `budget-2026.xlsx: Plan!D1: "2062-02" is read as 2062-02, outside fiscal years 2025–2027`) {
		t.Errorf("problems %q do not name D1", problemLines(fr))
	}
	if _, _, rejected := fr.Rows(); rejected != 1 {
		t.Errorf("rejected %d rows, want 1", rejected)
	}
}
