package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// sheetRows is one sheet for writeBook: its name and rows of cell values.
type sheetRows struct {
	name string
	rows [][]any
}

// writeBook writes a workbook with excelize into a temporary directory.
func writeBook(t *testing.T, name string, sheets ...sheetRows) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func problemLines(fr reports.FileReport) []string {
	var out []string
	for _, p := range fr.Problems {
		out = append(out, p.Error())
	}
	return out
}

func TestReadLayouts(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		opt      Options
		sheets   []sheetRows
		want     reports.SheetReport
		budget   reports.Money
		spend    reports.Money
		problems []string
	}{
		{
			name: "wide English budget, month names without year, fiscal year from April",
			file: "budget-2026.xlsx",
			opt:  Options{FYStart: time.April},
			sheets: []sheetRows{{"Plan", [][]any{
				{"Category", "Channel", "Region", "Role", "Apr", "May", "Jun", "Q1", "Jan", "Total"},
				{"Events", "Trade show", "East", "awareness", 100, 200, 300, 600, 50, 650},
				{"Events", "Salon", "East", "brand?", 1, 1, 1, 3, nil, 4},
			}}},
			want: reports.SheetReport{Sheet: "Plan", Kind: reports.KindBudget, Layout: "wide", Header: 1, Used: 2,
				Total: yuan(653), First: mon(2026, 4), Last: mon(2027, 1)},
			budget: yuan(653),
			problems: []string{
				`budget-2026.xlsx: Plan!D3: "brand?" is not a role (awareness, consideration, customer, test); the line is read without a role`,
				`budget-2026.xlsx: Plan!J3: Total says 4.00 but the row's months add up to 3.00`,
			},
		},
		{
			name: "wide budget with group headings, blank merged categories and a category subtotal",
			file: "预算.xlsx",
			opt:  Options{Year: 2026},
			sheets: []sheetRows{{"2026预算", [][]any{
				{"2026年度市场预算"},
				{"科目", "渠道", "2026-01", "2026-02", "全年"},
				{"展会"},
				{nil, "行业展会", "1.2万", "(1,000)", 11000},
				{nil, "沙龙", 500, 500, 1000},
				{"展会小计", nil, 12500, -500, 12001},
				{nil, nil, nil, nil, nil},
				{"内容", "白皮书", "3x", 1, 2},
			}}},
			want: reports.SheetReport{Sheet: "2026预算", Kind: reports.KindBudget, Layout: "wide", Header: 2, Used: 2, Rejected: 1,
				Skipped: 4, Skips: reports.SkipCounts{Title: 1, Heading: 1, Subtotal: 1, Blank: 1},
				Total: yuan(12000), First: mon(2026, 1), Last: mon(2026, 2)},
			budget: yuan(12000),
			problems: []string{
				`预算.xlsx: 2026预算!E6: 展会小计 row says 12,001.00 but the rows it sums add up to 12,000.00`,
				`预算.xlsx: 2026预算!C8: "3x" is not an amount`,
			},
		},
		{
			name: "long budget with Chinese headers and units",
			file: "budget.xlsx",
			sheets: []sheetRows{{"Sheet", [][]any{
				{"月份", "类别", "渠道", "区域", "角色", "项目", "预算（元）"},
				{"2026-01", "数字广告", "SEM", "华东", "考虑", "P1", "¥12,345.60"},
				{"2026年2月", "数字广告", "SEM", "华东", "考虑", "P1", 100},
				{"2026-13", "数字广告", "SEM", "华东", "考虑", "P1", 100},
				{"合计", nil, nil, nil, nil, nil, 12445.6},
			}}},
			want: reports.SheetReport{Sheet: "Sheet", Kind: reports.KindBudget, Layout: "long", Header: 1, Used: 2, Rejected: 1,
				Skipped: 1, Skips: reports.SkipCounts{Subtotal: 1}, Total: 124456000, First: mon(2026, 1), Last: mon(2026, 2)},
			budget:   124456000,
			problems: []string{`budget.xlsx: Sheet!A4: "2026-13" is not a month`},
		},
		{
			name: "ledger with a typo in a required header names the nearest alias",
			file: "actuals-2026-03.xlsx",
			sheets: []sheetRows{{"支出明细", [][]any{
				{"Date", "Category", "Chanel", "Amount"},
				{"2026-03-01", "Events", "Expo", 100},
				{"2026-03-02", "Events", "Expo", 100},
			}}},
			want: reports.SheetReport{Sheet: "支出明细", Kind: reports.KindLedger, Header: 1, Rejected: 2,
				Refused: `this ledger sheet has no Channel column (found: Date, Category, Chanel, Amount); did you mean "Chanel" as "channel"?`},
			problems: []string{
				`actuals-2026-03.xlsx: 支出明细 row 1: this ledger sheet has no Channel column (found: Date, Category, Chanel, Amount); did you mean "Chanel" as "channel"?`,
			},
		},
		{
			name: "ledger rows: empty and bad cells are rejected, refunds are negative",
			file: "actuals.xlsx",
			sheets: []sheetRows{{"Ledger", [][]any{
				{"Date", "Category", "Channel", "Vendor", "Amount (USD)"},
				{"2026-03-01", "Events", "Expo", "Acme", "$1,200"},
				{"2026-03-02", "Events", "Expo", "Acme", "-200"},
				{"2026-03-03", "Events", nil, "Acme", 5},
				{"yesterday", "Events", "Expo", "Acme", 5},
				{"2026-03-04", "Events", "Expo", "Acme", nil},
				{"Note: amounts include VAT"},
			}}},
			want: reports.SheetReport{Sheet: "Ledger", Kind: reports.KindLedger, Header: 1, Used: 2, Rejected: 3,
				Skipped: 1, Skips: reports.SkipCounts{Note: 1}, Total: yuan(1000), First: mon(2026, 3), Last: mon(2026, 3)},
			spend: yuan(1000),
			problems: []string{
				`actuals.xlsx: Ledger!C4: Channel is empty`,
				`actuals.xlsx: Ledger!A5: "yesterday" is not a date`,
				`actuals.xlsx: Ledger!E6: Amount is empty`,
			},
		},
		{
			name: "month headers without any year are refused, naming the header",
			file: "plan.xlsx",
			sheets: []sheetRows{{"Plan", [][]any{
				{"Category", "Channel", "Jan", "Feb"},
				{"Events", "Expo", 1, 2},
			}}},
			want: reports.SheetReport{Sheet: "Plan", Kind: reports.KindBudget, Layout: "wide", Header: 1, Rejected: 1},
			problems: []string{
				`plan.xlsx: Plan!C1: month "Jan" has no year; put the year in the file name (budget-2026.xlsx) or the header (2026-01)`,
			},
		},
		{
			name: "configured aliases extend the built-in ones",
			file: "ledger-2026.xlsx",
			opt:  Options{HeaderAliases: map[string][]string{"amount": {"Ausgaben"}, "channel": {"Kanal"}}},
			sheets: []sheetRows{{"L", [][]any{
				{"Datum", "Date", "Category", "Kanal", "Ausgaben"},
				{nil, "2026-01-05", "Web", "SEO", 10},
			}}},
			want:  reports.SheetReport{Sheet: "L", Kind: reports.KindLedger, Header: 1, Used: 1, Total: yuan(10), First: mon(2026, 1), Last: mon(2026, 1)},
			spend: yuan(10),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeBook(t, tt.file, tt.sheets...)
			var sink sumSink
			fr := ReadFile(context.Background(), path, tt.opt, &sink)
			if fr.Err != nil {
				t.Fatalf("got error %v", fr.Err)
			}
			if len(fr.Sheets) != 1 || fr.Sheets[0] != tt.want {
				t.Errorf("sheets:\ngot  %+v\nwant [%+v]", fr.Sheets, tt.want)
			}
			if sink.budget != tt.budget || sink.spend != tt.spend {
				t.Errorf("got budget %v spend %v, want %v %v", sink.budget, sink.spend, tt.budget, tt.spend)
			}
			if got := problemLines(fr); strings.Join(got, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems:\ngot  %q\nwant %q", got, tt.problems)
			}
		})
	}
}

func TestMessagesInChinese(t *testing.T) {
	zh, err := i18n.Load("zh-CN", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	path := writeBook(t, "actuals-2026-03.xlsx", sheetRows{"支出明细", [][]any{
		{"日期", "类别", "渠道", "金额"},
		{"2026-03-17", "展会", "行业展会", "12,3x4"},
	}})
	fr := ReadFile(context.Background(), path, Options{Lang: zh}, &sumSink{})
	want := `actuals-2026-03.xlsx: 支出明细!D2: “12,3x4”不是金额`
	if got := problemLines(fr); len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want [%q]", got, want)
	}
	sum := Summary(fr, zh)
	if !strings.Contains(sum, "支出明细：支出明细，表头第1行：使用0行，跳过0行，拒绝1行") {
		t.Errorf("got summary %q, want the sheet line in Chinese", sum)
	}
}

func TestSummary(t *testing.T) {
	fr := ReadFile(context.Background(), "testdata/libreoffice/budget-2026.xlsx", Options{}, &sumSink{})
	want := "budget-2026.xlsx: 5 KiB, sha256 " + fr.SHA256[:12] + "\n" +
		"  budget-2026: budget (wide layout), header row 3: 4 used, 4 skipped (2 subtotals, 1 title row, 1 blank row), 0 rejected; 2026-01 to 2026-03; total 110,000.00\n" +
		"  problems: 0 rejected, 1 warning, 0 notes\n"
	if got := Summary(fr, nil); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	bad := ReadFile(context.Background(), filepath.Join(t.TempDir(), "missing.xlsx"), Options{}, &sumSink{})
	if got := Summary(bad, nil); !strings.HasPrefix(got, "missing.xlsx: not read: cannot open the file: ") {
		t.Errorf("got %q, want a not-read line", got)
	}
}

// zipOf builds a zip archive from name/content pairs, stored or deflated.
func zipOf(t *testing.T, method uint16, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: parts[i], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestHostileFiles(t *testing.T) {
	good, err := os.ReadFile("testdata/libreoffice/actuals-2026-03.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	// A stored sheet with one byte changed: the archive is intact but the
	// entry's CRC is wrong, as in a file cut off and padded by a sync tool.
	sheet := `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row></sheetData></worksheet>`
	corrupt := zipOf(t, zip.Store, "[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>", "xl/worksheets/sheet1.xml", sheet)
	i := bytes.Index(corrupt, []byte("Date"))
	corrupt[i] = 'X'
	cfb := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	encrypted := append(append([]byte{}, cfb...), encryptionInfo...)
	bomb := zipOf(t, zip.Deflate, "[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>", "xl/worksheets/sheet1.xml", strings.Repeat(" ", 3<<20))

	tests := []struct {
		name string
		data []byte
		opt  Options
		want string
	}{
		{"CSV named .xlsx", []byte("Date,Amount\n2026-03-01,100\n"), Options{}, "this is a text file (CSV?)"},
		{"legacy xls", cfb, Options{}, "Excel 97–2003 (.xls)"},
		{"encrypted", encrypted, Options{}, "password-protected"},
		{"empty file", nil, Options{}, "not an .xlsx workbook"},
		{"binary garbage", []byte{0, 1, 2, 3, 4, 5}, Options{}, "not an .xlsx workbook"},
		{"truncated archive", good[:len(good)/2], Options{}, "broken zip archive"},
		{"corrupt entry", corrupt, Options{}, "damaged or truncated (xl/worksheets/sheet1.xml: zip: checksum error)"},
		{"zip bomb", bomb, Options{MaxUnzipSize: 1 << 20}, "unpacks to more than 1 MiB"},
		{"ods", zipOf(t, zip.Deflate, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<x/>"), Options{}, "OpenDocument"},
		{"zip without a workbook", zipOf(t, zip.Deflate, "readme.txt", "hi"), Options{}, "not an .xlsx workbook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "in.xlsx")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			var sink sumSink
			fr := ReadFile(context.Background(), path, tt.opt, &sink)
			if fr.Err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			msg := fr.Err.Error()
			if !strings.HasPrefix(msg, "in.xlsx: ") || !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("got %q, want one line naming in.xlsx and containing %q", msg, tt.want)
			}
			if sink.budgets+sink.entries+sink.funnels != 0 {
				t.Errorf("got %d rows sent from a refused file, want none", sink.budgets+sink.entries+sink.funnels)
			}
			if fr.Size != int64(len(tt.data)) || len(fr.SHA256) != 64 {
				t.Errorf("got Size %d SHA256 %q, want %d and a hash", fr.Size, fr.SHA256, len(tt.data))
			}
		})
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fr := ReadFile(ctx, "testdata/libreoffice/funnel-2026.xlsx", Options{}, &sumSink{})
	if fr.Err == nil || !strings.Contains(fr.Err.Error(), "cancelled") {
		t.Errorf("got %v, want a cancelled error", fr.Err)
	}
}

// panicSink panics on the first row, standing in for a bug anywhere below
// ReadFile (excelize included).
type panicSink struct{ sumSink }

func (*panicSink) Actual(reports.Entry) { panic("boom") }

func TestPanicBecomesFileError(t *testing.T) {
	fr := ReadFile(context.Background(), "testdata/libreoffice/actuals-2026-03.xlsx", Options{}, &panicSink{})
	if fr.Err == nil || fr.Err.Error() != "actuals-2026-03.xlsx: internal error while reading the workbook: boom" {
		t.Errorf("got %v, want the panic as a file error", fr.Err)
	}
}

// TestLedgerStreams reads a 20,000-row ledger row by row into a sink that
// keeps only sums, and checks that no row and no ten-thousandth is lost.
func TestLedgerStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 20,000-row workbook")
	}
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"Date", "Category", "Channel", "Amount"})
	const n = 20000
	for r := 2; r <= n+1; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, []any{"2026-03-15", "Events", "Expo", "0.01"})
	}
	sw.Flush()
	path := filepath.Join(t.TempDir(), "big.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var sink sumSink
	fr := ReadFile(context.Background(), path, Options{}, &sink)
	if fr.Err != nil {
		t.Fatal(fr.Err)
	}
	if sink.entries != n || sink.spend != yuan(200) || fr.Sheets[0].Used != n {
		t.Errorf("got %d entries totalling %v, used %d; want %d totalling 200.00", sink.entries, sink.spend, fr.Sheets[0].Used, n)
	}
}
