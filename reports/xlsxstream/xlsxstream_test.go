package xlsxstream_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports/xlsxstream"
	"github.com/budgetlens/budgetlens/reports/xlsxstream/xlsxtest"
)

// readAll returns every row (trailing empty values trimmed) and the error.
func readAll(t *testing.T, data []byte, sheet string) ([][]string, [][]bool, error) {
	t.Helper()
	w, err := xlsxstream.OpenReader(bytes.NewReader(data), int64(len(data)), xlsxstream.Limits{})
	if err != nil {
		return nil, nil, err
	}
	defer w.Close()
	rows, err := w.Rows(context.Background(), sheet)
	if err != nil {
		return nil, nil, err
	}
	var out [][]string
	var dates [][]bool
	for want := 1; rows.Next(); want++ {
		if rows.Row() != want {
			t.Fatalf("got Row() %d, want %d", rows.Row(), want)
		}
		v := rows.Values()
		out = append(out, v)
		var d []bool
		for i := range v {
			d = append(d, rows.IsDate(i))
		}
		dates = append(dates, d)
	}
	return out, dates, rows.Close()
}

func TestValues(t *testing.T) {
	sst := xlsxtest.SSTXML(`<si><t>Category</t></si><si><t xml:space="preserve"> a &amp; b </t></si>` +
		`<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>` +
		`<si><t>under_x005F_score_x000D_</t></si><si/>`)
	tests := []struct {
		name string
		rows string
		want [][]string
	}{
		{"shared", `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>`,
			[][]string{{"Category", " a & b ", "rich text", "under_score\r"}}},
		{"inline", `<row r="1"><c r="A1" t="inlineStr"><is><t>广告</t></is></c><c r="C1" t="inlineStr"><is><r><t>x</t></r><r><t>y</t></r></is></c></row>`,
			[][]string{{"广告", "", "xy"}}},
		{"numbers bools errors formulas", `<row r="1"><c r="A1"><v>1234.50</v></c><c r="B1" t="b"><v>1</v></c><c r="C1" t="e"><v>#DIV/0!</v></c><c r="D1"><f>A1*2</f><v>2469</v></c><c r="E1" t="str"><f>"x"</f><v>x</v></c><c r="F1"><f>1/0</f></c></row>`,
			[][]string{{"1234.50", "1", "#DIV/0!", "2469", "x", ""}}},
		{"gaps", `<row r="2"><c r="C2"><v>1</v></c></row><row r="5"><c r="A5"><v>2</v></c></row>`,
			[][]string{nil, {"", "", "1"}, nil, nil, {"2"}}},
		{"no refs", `<row><c><v>1</v></c><c><v>2</v></c></row><row><c t="s"><v>0</v></c></row>`,
			[][]string{{"1", "2"}, {"Category"}}},
		{"entities cdata crlf", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a&#x4E2D;&lt;<![CDATA[<b>]]>\r\nz</t></is></c></row>",
			[][]string{{"a中<<b>\nz"}}},
		{"prefixed", `<x:row r="1"><x:c r="B1"><x:v>7</x:v></x:c></x:row>`,
			[][]string{{"", "7"}}},
		{"bad shared index is empty", `<row r="1"><c r="A1" t="s"><v>99</v></c><c r="B1"><v>1</v></c></row>`,
			[][]string{{"", "1"}}},
		{"comments and PIs", `<!-- c --><row r="1"><?pi x?><c r="A1"><v>3</v><!-- x --></c></row>`,
			[][]string{{"3"}}},
		{"empty sheet", ``, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: xlsxtest.SheetXML(tt.rows)}}, SharedStrings: sst}.Bytes()
			got, _, err := readAll(t, data, "S")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(norm(got), norm(tt.want)) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// norm maps nil rows to empty ones for comparison.
func norm(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = append([]string{}, r...)
	}
	return out
}

func TestDates(t *testing.T) {
	data := xlsxtest.Book{
		Sheets: []xlsxtest.Sheet{{Name: "S", XML: xlsxtest.SheetXML(`<row r="1"><c r="A1" s="1"><v>46023</v></c><c r="B1" s="2"><v>46023.5</v></c><c r="C1" s="3"><v>1</v></c><c r="D1"><v>1</v></c></row>`)}},
		Styles: []byte(xlsxtest.Styles), Date1904: true,
	}.Bytes()
	w, err := xlsxstream.OpenReader(bytes.NewReader(data), int64(len(data)), xlsxstream.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !w.Date1904() {
		t.Error("got Date1904 false, want true")
	}
	_, dates, err := readAll(t, data, "S")
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]bool{{true, true, false, false}}; !reflect.DeepEqual(dates, want) {
		t.Errorf("got %v, want %v", dates, want)
	}
}

// TestIsText tells text cells from numbers: shared, inline and formula
// strings are text, numbers (with or without a formula), booleans and
// error values are not, whatever their characters look like.
func TestIsText(t *testing.T) {
	data := xlsxtest.Book{
		Sheets: []xlsxtest.Sheet{{Name: "S", XML: xlsxtest.SheetXML(`<row r="1">` +
			`<c r="A1" t="s"><v>0</v></c><c r="B1"><v>1.234</v></c><c r="C1" t="inlineStr"><is><t>1.234</t></is></c>` +
			`<c r="D1" t="str"><f>TEXT(1234,"0")</f><v>1234</v></c><c r="E1"><f>B1*2</f><v>2.468</v></c>` +
			`<c r="F1" t="b"><v>1</v></c><c r="G1" t="n"><v>5</v></c></row>`)}},
		SharedStrings: []byte(xlsxtest.SSTXML(`<si><t>1.234,56</t></si>`)),
	}.Bytes()
	w, err := xlsxstream.OpenReader(bytes.NewReader(data), int64(len(data)), xlsxstream.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rows, err := w.Rows(context.Background(), "S")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("no row: %v", rows.Err())
	}
	var got []bool
	for i := range rows.Values() {
		got = append(got, rows.IsText(i))
	}
	if want := []bool{true, false, true, true, false, false, false}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v for %q, want %v", got, rows.Values(), want)
	}
	if rows.IsText(-1) || rows.IsText(99) {
		t.Error("IsText out of range is true, want false")
	}
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd": true, `[$-409]mmm d, yyyy`: true, "h:mm AM/PM": true, "[h]:mm": true,
		`#,##0.00 "days"`: false, "0.00E+00": false, "General": false, `[Red]#,##0`: false,
		`yyyy"年"m"月"`: true, `\d0`: false, "@": false, `0;[Red]-0;"d"`: false,
	} {
		if got := xlsxstream.IsDateFormat(code); got != want {
			t.Errorf("IsDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestSheets(t *testing.T) {
	data := xlsxtest.Book{Sheets: []xlsxtest.Sheet{
		{Name: "预算", XML: xlsxtest.SheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`)},
		{Name: "Ledger &amp; more", XML: xlsxtest.SheetXML(`<row r="1"><c r="A1"><v>2</v></c></row>`)},
	}}.Bytes()
	w, err := xlsxstream.OpenReader(bytes.NewReader(data), int64(len(data)), xlsxstream.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := w.Sheets(), []string{"预算", "Ledger & more"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	got, _, err := readAll(t, data, "LEDGER & MORE")
	if err != nil || !reflect.DeepEqual(got, [][]string{{"2"}}) {
		t.Errorf("case-insensitive lookup: got %q, %v", got, err)
	}
	if _, err := w.Rows(context.Background(), "nope"); !errors.Is(err, xlsxstream.ErrNoSheet) {
		t.Errorf("got %v, want ErrNoSheet", err)
	}
}

// bigSheet returns a sheet of n ledger rows with inline strings.
func bigSheet(n int) []byte {
	var b strings.Builder
	cats := []string{"Digital", "Events", "Content", "Brand"}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" s="1"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>%s</t></is></c><c r="C%d"><v>%d.%02d</v></c></row>`,
			i, i, 46000+i%365, i, cats[i%4], i, i*7, i%100)
	}
	return xlsxtest.SheetXML(b.String())
}

func TestLargeSheetCrossesChunks(t *testing.T) {
	const n = 20000
	data := xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: bigSheet(n)}}, Styles: []byte(xlsxtest.Styles)}.Bytes()
	rows, dates, err := readAll(t, data, "S")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Fatalf("got %d rows, want %d", len(rows), n)
	}
	if got, want := rows[n-1], []string{fmt.Sprint(46000 + n%365), "Digital", fmt.Sprintf("%d.%02d", n*7, n%100)}; !reflect.DeepEqual(got, want) {
		t.Errorf("last row: got %q, want %q", got, want)
	}
	if !dates[0][0] || dates[0][1] {
		t.Errorf("got dates %v, want [true false false]", dates[0])
	}
}

// TestReuseValues reads a sheet of many batches with ReuseValues, copying
// each row as the caller must, and requires the rows read without it.
func TestReuseValues(t *testing.T) {
	const n = 20000
	data := xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: bigSheet(n)}}, Styles: []byte(xlsxtest.Styles)}.Bytes()
	want, _, err := readAll(t, data, "S")
	if err != nil {
		t.Fatal(err)
	}
	w, err := xlsxstream.OpenReader(bytes.NewReader(data), int64(len(data)), xlsxstream.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rows, err := w.Rows(context.Background(), "S")
	if err != nil {
		t.Fatal(err)
	}
	rows.ReuseValues()
	var got [][]string
	var firsts []string // strings kept from reused rows stay valid
	for rows.Next() {
		got = append(got, append([]string(nil), rows.Values()...))
		firsts = append(firsts, rows.Values()[0])
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows read with ReuseValues differ from rows read without")
	}
	for i, f := range firsts {
		if f != want[i][0] {
			t.Fatalf("row %d: kept string %q, want %q", i+1, f, want[i][0])
		}
	}
}

func TestDamaged(t *testing.T) {
	good := xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: bigSheet(5000)}}}.Bytes()
	stored := xlsxtest.Book{Store: true, Sheets: []xlsxtest.Sheet{{Name: "S", XML: bigSheet(5000)}}}.Bytes()
	sheetAt := bytes.Index(stored, []byte(`<row r="2500">`))
	sheetAt += bytes.Index(stored[sheetAt:], []byte(`<v>`)) + 3
	crcBad := bytes.Clone(stored)
	crcBad[sheetAt] ^= 1 // still a digit: only the CRC tells
	truncated := bytes.Clone(good[:len(good)/2])

	tests := []struct {
		name string
		data []byte
		rows string // sheet XML rows for a fresh book, when data is nil
	}{
		{"checksum", crcBad, ""},
		{"truncated archive", truncated, ""},
		{"truncated XML", nil, `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>`},
		{"mismatched tags", nil, `<row r="1"><c r="A1"><v>1</x></c></row>`},
		{"bad entity", nil, `<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>`},
		{"rows out of order", nil, `<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>`},
		{"bad cell ref", nil, `<row r="1"><c r="1A"><v>1</v></c></row>`},
		{"row beyond limit", nil, `<row r="1048577"><c r="A1"><v>1</v></c></row>`},
		{"invalid UTF-8", nil, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xff</t></is></c></row>"},
		{"control character", nil, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&#1;</t></is></c></row>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data
			if data == nil {
				data = xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: xlsxtest.SheetXML(tt.rows)}}}.Bytes()
			}
			if tt.name == "truncated XML" {
				// Cut the document itself, not the archive.
				x := xlsxtest.SheetXML(tt.rows)
				x = x[:bytes.LastIndex(x, []byte("</sheetData>"))]
				data = xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: x}}}.Bytes()
			}
			_, _, err := readAll(t, data, "S")
			if err == nil {
				t.Fatal("got no error, want one")
			}
			t.Log(err)
		})
	}
	// The undamaged stored archive reads cleanly, so the checksum case
	// fails for its CRC only.
	if _, _, err := readAll(t, stored, "S"); err != nil {
		t.Fatalf("stored archive: %v", err)
	}
}

func TestZipBombRefusedFast(t *testing.T) {
	// 8 MiB of spaces deflates to ~8 KiB; the declared size is refused
	// before anything is inflated.
	rows := strings.Repeat(" ", 8<<20)
	data := xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: xlsxtest.SheetXML(rows)}}}.Bytes()
	w, err := xlsxstream.OpenReader(bytes.NewReader(data), int64(len(data)), xlsxstream.Limits{MaxPartSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Rows(context.Background(), "S"); !errors.Is(err, xlsxstream.ErrTooLarge) {
		t.Errorf("got %v, want ErrTooLarge", err)
	}
	if _, err := xlsxstream.OpenReader(bytes.NewReader(data), int64(len(data)), xlsxstream.Limits{MaxTotalSize: 1 << 20}); !errors.Is(err, xlsxstream.ErrTooLarge) {
		t.Errorf("total: got %v, want ErrTooLarge", err)
	}
}

func TestCloseEarly(t *testing.T) {
	data := xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: bigSheet(20000)}}}.Bytes()
	w, err := xlsxstream.OpenReader(bytes.NewReader(data), int64(len(data)), xlsxstream.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rows, err := w.Rows(ctx, "S")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10 && rows.Next(); i++ {
	}
	if err := rows.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	rows, err = w.Rows(ctx, "S")
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	for rows.Next() {
	}
	if err := rows.Close(); !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel: got %v, want context.Canceled", err)
	}
}

func TestOpenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.xlsx")
	data := xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: bigSheet(10)}}}.Bytes()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := xlsxstream.Open(path, xlsxstream.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got := w.Sheets(); len(got) != 1 {
		t.Errorf("got sheets %q", got)
	}
	if _, err := xlsxstream.Open(filepath.Join(t.TempDir(), "missing.xlsx"), xlsxstream.Limits{}); err == nil {
		t.Error("missing file: got no error")
	}
}

func BenchmarkRows(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		for _, inline := range []bool{false, true} {
			data, size := xlsxtest.Ledger(n, inline)
			name := fmt.Sprintf("rows=%d/layout=%s", n, map[bool]string{false: "shared", true: "inline"}[inline])
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(size))
				for b.Loop() {
					w, err := xlsxstream.OpenReader(bytes.NewReader(data), int64(len(data)), xlsxstream.Limits{})
					if err != nil {
						b.Fatal(err)
					}
					rows, err := w.Rows(context.Background(), "Ledger")
					if err != nil {
						b.Fatal(err)
					}
					k := 0
					for rows.Next() {
						k += len(rows.Values())
					}
					if err := rows.Close(); err != nil {
						b.Fatal(err)
					}
					if k < n*7 {
						b.Fatalf("got %d values", k)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}

func TestAttributeWithCDATAEnd(t *testing.T) {
	// "]]>" is allowed in attribute values (encoding/xml agrees), not in text.
	data := xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: xlsxtest.SheetXML(`<row r="1" x="a]]>b"><c r="A1"><v>1</v></c></row>`)}}}.Bytes()
	got, _, err := readAll(t, data, "S")
	if err != nil || !reflect.DeepEqual(got, [][]string{{"1"}}) {
		t.Errorf("got %q, %v; want [[1]], nil", got, err)
	}
	data = xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "S", XML: xlsxtest.SheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>a]]>b</t></is></c></row>`)}}}.Bytes()
	if _, _, err := readAll(t, data, "S"); err == nil {
		t.Error(`"]]>" in text: got no error`)
	}
}
