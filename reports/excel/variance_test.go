package excel

import (
	"archive/zip"
	"bytes"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

func vxLang(t *testing.T, tag string) *i18n.Lang {
	t.Helper()
	l, err := i18n.Load(tag, "CNY")
	if err != nil {
		t.Fatalf("load %s: %v", tag, err)
	}
	return l
}

func vxFixtures(lang string) []*reports.Report {
	return []*reports.Report{
		reportstest.Month(lang),
		reportstest.Hostile(lang),
		reportstest.Quarter(lang),
		reportstest.YearToDate(lang),
		reportstest.Empty(lang),
	}
}

func vxWrite(t *testing.T, reps []*reports.Report, lang *i18n.Lang) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteVariance(&buf, reps, lang); err != nil {
		t.Fatalf("WriteVariance: %v", err)
	}
	return buf.Bytes()
}

func vxOpen(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize cannot open the output: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWriteVarianceSheets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lang   string
		reps   []*reports.Report
		sheets []string
		header []string
	}{
		{"en all kinds", "en", vxFixtures("en"), []string{"Monthly", "Quarterly", "Annual"},
			[]string{"Period", "Category", "Channel", "Region", "Role", "Budget", "Actual", "Variance", "Variance %", "Unbudgeted", "Full-period budget", "Landing (forecast)"}},
		{"zh-CN all kinds", "zh-CN", vxFixtures("zh-CN"), []string{"月度", "季度", "年度"},
			[]string{"期间", "类别", "渠道", "区域", "角色", "预算", "实际", "差异", "差异率", "预算外", "全期预算", "预计全期支出"}},
		{"quarter only", "en", []*reports.Report{reportstest.Quarter("en")}, []string{"Quarterly"}, nil},
		{"no reports", "en", nil, []string{"Monthly"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := vxOpen(t, vxWrite(t, tc.reps, vxLang(t, tc.lang)))
			if got := f.GetSheetList(); !reflect.DeepEqual(got, tc.sheets) {
				t.Fatalf("sheets: got %q, want %q", got, tc.sheets)
			}
			rowsByKind := map[reports.PeriodKind]int{}
			for _, r := range tc.reps {
				rowsByKind[r.Period.Kind] += len(vxLines(r)) + 1 // and its total
			}
			for i, sheet := range tc.sheets {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				if tc.header != nil && !reflect.DeepEqual(rows[vxRowHeader-1], tc.header) {
					t.Errorf("%s header: got %q, want %q", sheet, rows[vxRowHeader-1], tc.header)
				}
				want := vxRowHeader + rowsByKind[vxPresentKinds(tc.reps)[i]]
				if len(rows) != want {
					t.Errorf("%s: got %d rows, want %d (head rows, one per period × line and a total per period)", sheet, len(rows), want)
				}
			}
		})
	}
}

// vxPresentKinds lists the period kinds of reps in sheet order; month
// when there are none.
func vxPresentKinds(reps []*reports.Report) []reports.PeriodKind {
	var out []reports.PeriodKind
	for _, kind := range []reports.PeriodKind{reports.KindMonth, reports.KindQuarter, reports.KindYear} {
		for _, r := range reps {
			if r.Period.Kind == kind {
				out = append(out, kind)
				break
			}
		}
	}
	if len(out) == 0 {
		out = append(out, reports.KindMonth)
	}
	return out
}

func TestWriteVarianceCells(t *testing.T) {
	f := vxOpen(t, vxWrite(t, []*reports.Report{reportstest.Month("en")}, vxLang(t, "en")))
	const sheet = "Monthly"
	for _, tc := range []struct {
		name       string
		cell       string
		raw, shown string
		numFmt     string
		rawOnly    bool
	}{
		{"title", "A1", "云启软件 Cloudrise — Budget variance", "云启软件 Cloudrise — Budget variance", "", false},
		{"currency and as-of", "A2", "Currency: CNY · as of 2026-03-31", "Currency: CNY · as of 2026-03-31", "", false},
		{"period", "A4", "2026-03", "2026-03", "", false},
		{"category", "B4", "数字广告", "数字广告", "", false},
		{"role", "E4", "Consideration", "Consideration", "", false},
		{"budget", "F4", "150000", "150,000.00", vxMoneyFormat, false},
		{"actual", "G4", "238000", "238,000.00", vxMoneyFormat, false},
		{"overspend", "H4", "88000", "88,000.00", vxMoneyFormat, false},
		{"over budget percent", "I4", "0.5867", "+58.67%", vxPctFormat, false},
		{"underspend", "H6", "-22000", "-22,000.00", vxMoneyFormat, false},
		{"under budget percent", "I6", "-0.1833", "-18.33%", vxPctFormat, false},
		// Excel shows the zero section, "0.00%"; excelize's renderer
		// prints "+0.00%", so only the stored value is checked.
		{"on budget percent", "I10", "0", "", vxPctFormat, true},
		{"zero budget has no percent", "I17", "", "", vxPctFormat, false},
		{"unbudgeted flag", "J20", "yes", "yes", "", false},
		{"budgeted flag", "J4", "no", "no", "", false},
		{"unbudgeted line", "C20", "抖音信息流", "抖音信息流", "", false},
		// The period's total row follows its 17 lines.
		{"total label", "B21", "Total", "Total", "", false},
		{"total period", "A21", "2026-03", "2026-03", "", false},
		{"total budget", "F21", "1883000", "1,883,000.00", vxMoneyFormat, false},
		{"total actual", "G21", "2303300", "2,303,300.00", vxMoneyFormat, false},
		{"total variance", "H21", "420300", "420,300.00", vxMoneyFormat, false},
		{"total percent", "I21", "0.2232", "+22.32%", vxPctFormat, false},
		// A complete month has landed: no landing columns.
		{"complete period has no full budget", "K21", "", "", "", false},
		{"complete period has no landing", "L21", "", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := f.GetCellValue(sheet, tc.cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if raw != tc.raw {
				t.Errorf("%s raw value: got %q, want %q", tc.cell, raw, tc.raw)
			}
			shown, err := f.GetCellValue(sheet, tc.cell)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.rawOnly && shown != tc.shown {
				t.Errorf("%s shown: got %q, want %q", tc.cell, shown, tc.shown)
			}
			if got := vxNumFmt(t, f, sheet, tc.cell); got != tc.numFmt {
				t.Errorf("%s number format: got %q, want %q", tc.cell, got, tc.numFmt)
			}
		})
	}
	t.Run("header style", func(t *testing.T) {
		id, err := f.GetCellStyle(sheet, "F3")
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil || !st.Font.Bold || st.Fill.Pattern != 1 || len(st.Fill.Color) == 0 {
			t.Errorf("header style: got font %+v fill %+v, want bold with a solid fill", st.Font, st.Fill)
		}
	})
}

func vxNumFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

func TestWriteVarianceLayout(t *testing.T) {
	data := vxWrite(t, vxFixtures("zh-CN"), vxLang(t, "zh-CN"))
	f := vxOpen(t, data)
	for i, sheet := range f.GetSheetList() {
		t.Run(sheet, func(t *testing.T) {
			panes, err := f.GetPanes(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != vxRowHeader || panes.XSplit != 0 || panes.TopLeftCell != "A4" {
				t.Errorf("panes: got %+v, want the head rows frozen", panes)
			}
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			last := len(rows)
			xml := vxZipPart(t, data, "xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml")
			if want := `<autoFilter ref="$A$3:$L$` + strconv.Itoa(last) + `"`; !strings.Contains(xml, want) {
				t.Errorf("sheet XML lacks %s", want)
			}
			for _, col := range []string{"B", "C", "F", "I"} {
				w, err := f.GetColWidth(sheet, col)
				if err != nil {
					t.Fatal(err)
				}
				if w < 10 || w > 60 {
					t.Errorf("column %s width: got %v, want between 10 and 60", col, w)
				}
			}
		})
	}
	t.Run("doc properties", func(t *testing.T) {
		p, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		want := reportstest.Generated.Format(time.RFC3339)
		if p.Created != want || p.Modified != want || p.Title != "预算差异" || p.Creator != "budgetlens" {
			t.Errorf("doc properties: got created %q modified %q title %q creator %q; want %q, %q, 预算差异, budgetlens",
				p.Created, p.Modified, p.Title, p.Creator, want, want)
		}
	})
}

func TestWriteVarianceHostile(t *testing.T) {
	data := vxWrite(t, []*reports.Report{reportstest.Hostile("en")}, vxLang(t, "en"))
	f := vxOpen(t, data)
	const sheet = "Monthly"
	for _, tc := range []struct {
		name, cell, want string
	}{
		{"markup", "B4", "<script>alert(1)</script>"},
		// String cells are never run as formulas: no literal quote in front.
		{"equals", "B5", `=HYPERLINK("http://x","y")`},
		{"plus", "C5", "+cmd|' /C calc'!A0"},
		{"at", "D5", "@SUM(1)"},
		{"minus", "C6", "-2+3"},
		{"quotes", "D6", `"quoted" & 'amp'`},
		{"outside the BMP", "B6", "Emoji 🚀 category"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.GetCellValue(sheet, tc.cell)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.cell, got, tc.want)
			}
			typ, err := f.GetCellType(sheet, tc.cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("%s: cell type %v, want a string", tc.cell, typ)
			}
			if fm, _ := f.GetCellFormula(sheet, tc.cell); fm != "" {
				t.Errorf("%s: holds the formula %q, want text", tc.cell, fm)
			}
		})
	}
	t.Run("negative numbers stay numbers", func(t *testing.T) {
		for _, cell := range []string{"H5", "I5"} {
			typ, err := f.GetCellType(sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("%s: cell type %v, want a number", cell, typ)
			}
			raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if !strings.HasPrefix(raw, "-") {
				t.Errorf("%s: got %q, want a negative number", cell, raw)
			}
		}
	})
	t.Run("no formulas", func(t *testing.T) {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r := range rows {
			for c := 1; c <= vxNumCols; c++ {
				cell := CellRef(c, r+1)
				if fm, _ := f.GetCellFormula(sheet, cell); fm != "" {
					t.Errorf("%s holds the formula %q", cell, fm)
				}
			}
		}
		for _, zf := range vxZipNames(t, data) {
			if strings.HasPrefix(zf, "xl/worksheets/") && strings.Contains(vxZipPart(t, data, zf), "<f>") {
				t.Errorf("%s contains a formula element", zf)
			}
		}
	})
}

func TestWriteVarianceDeterministic(t *testing.T) {
	lang := vxLang(t, "zh-CN")
	a := vxWrite(t, vxFixtures("zh-CN"), lang)
	if !testing.Short() {
		// Zip times have a two-second resolution: cross a tick so that a
		// clock-dependent timestamp would show.
		time.Sleep(2100 * time.Millisecond)
	}
	b := vxWrite(t, vxFixtures("zh-CN"), lang)
	if !bytes.Equal(a, b) {
		t.Errorf("two writes of the same reports differ (%d and %d bytes)", len(a), len(b))
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	for i, zf := range zr.File {
		if zf.ModifiedDate != 0 || zf.ModifiedTime != 0 {
			t.Errorf("%s has a modification time %v", zf.Name, zf.Modified)
		}
		if i == 0 && zf.Name != "[Content_Types].xml" {
			t.Errorf("first entry is %s, want [Content_Types].xml", zf.Name)
		}
		if i > 1 && zr.File[i-1].Name > zf.Name {
			t.Errorf("entries out of order: %s before %s", zr.File[i-1].Name, zf.Name)
		}
	}
	// Other generation times change the document properties only.
	later := vxFixtures("zh-CN")
	later[0].Generated = later[0].Generated.Add(time.Hour)
	if c := vxWrite(t, later, lang); bytes.Equal(a, c) {
		t.Error("a later Generated time did not change the document properties")
	}
}

func TestWriteVarianceErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		reps []*reports.Report
		lang *i18n.Lang
	}{
		{"no language", []*reports.Report{reportstest.Month("en")}, nil},
		{"nil report", []*reports.Report{nil}, vxLang(t, "en")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := WriteVariance(io.Discard, tc.reps, tc.lang); err == nil {
				t.Error("got no error")
			}
		})
	}
}

func vxZipNames(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, zf := range zr.File {
		out = append(out, zf.Name)
	}
	return out
}

func vxZipPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// vxFill returns the fill colour of cell, "" when it has none.
func vxFill(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fill.Pattern != 1 || len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.ToUpper(st.Fill.Color[0])
}

// The colours mean what they mean in the PDF and HTML reports
// (present.ToneOf): red bad for the business, green good, none within
// ±present.OnPlanPct of plan.
func TestWriteVarianceColours(t *testing.T) {
	red, green := strings.ToUpper(present.ColourBadBg[1:]), strings.ToUpper(present.ColourGoodBg[1:])
	rep := reportstest.Month("en")
	rep.Categories = append(rep.Categories, reports.CategoryResult{Category: "Band", Lines: []reports.LineResult{
		{LineKey: reports.LineKey{Category: "Band", Channel: "just over"}, Amounts: reports.Amounts{Budget: 100000 * reports.Unit, Actual: 100990 * reports.Unit}},
		{LineKey: reports.LineKey{Category: "Band", Channel: "at the edge"}, Amounts: reports.Amounts{Budget: 100000 * reports.Unit, Actual: 101000 * reports.Unit}},
		{LineKey: reports.LineKey{Category: "Band", Channel: "just under"}, Amounts: reports.Amounts{Budget: 100000 * reports.Unit, Actual: 99010 * reports.Unit}},
		{LineKey: reports.LineKey{Category: "Band", Channel: "under edge"}, Amounts: reports.Amounts{Budget: 100000 * reports.Unit, Actual: 99000 * reports.Unit}},
	}})
	f := vxOpen(t, vxWrite(t, []*reports.Report{rep}, vxLang(t, "en")))
	const sheet = "Monthly"
	// The Band lines are the last budget category, after them comes the
	// unbudgeted line, then the total.
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	rowOf := map[string]int{}
	for i, r := range rows {
		if len(r) > 2 && r[1] == "Band" {
			rowOf[r[2]] = i + 1
		}
	}
	for _, tc := range []struct {
		name, cell, want string
	}{
		{"overspend variance", "H4", red},
		{"overspend percent", "I4", red},
		{"overspend budget uncoloured", "F4", ""},
		{"overspend actual uncoloured", "G4", ""},
		{"underspend is good", "H6", green},
		{"underspend percent", "I6", green},
		{"on budget", "H10", ""},
		{"0.99% over is on budget", CellRef(8, rowOf["just over"]), ""},
		{"1% over is over", CellRef(9, rowOf["at the edge"]), red},
		{"0.99% under is on budget", CellRef(8, rowOf["just under"]), ""},
		{"1% under is under", CellRef(9, rowOf["under edge"]), green},
		{"spend without budget is bad", CellRef(8, rowOf["under edge"]+1), red},
		{"total over budget", CellRef(8, rowOf["under edge"]+2), red},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := vxFill(t, f, sheet, tc.cell); got != tc.want {
				t.Errorf("%s fill: got %q, want %q", tc.cell, got, tc.want)
			}
		})
	}
	if len(rowOf) != 4 {
		t.Fatalf("band lines at %v, want 4 rows", rowOf)
	}
	if got, _ := f.GetCellValue(sheet, CellRef(2, rowOf["under edge"]+2)); got != "Total" {
		t.Errorf("row after the unbudgeted line: got %q, want the total", got)
	}
}

// A period reported to date shows its full-period budget and its landing
// (actual so far plus the budget still to come) on its total row.
func TestWriteVarianceLanding(t *testing.T) {
	red := strings.ToUpper(present.ColourBadBg[1:])
	for _, tc := range []struct {
		name         string
		full         reports.Money
		landing      string
		landingShown string
		fill         string
	}{
		// 2,303,300 actual + (3,000,000 − 1,883,000) still to come =
		// 3,420,300: 14% over the full budget.
		{"over", 3_000_000 * reports.Unit, "3420300", "3,420,300.00", red},
		// 420,300 over a full budget of 50,000,000 is 0.84%: on budget.
		{"within the band", 50_000_000 * reports.Unit, "50420300", "50,420,300.00", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := reportstest.Quarter("en")
			q.BudgetFull = tc.full
			f := vxOpen(t, vxWrite(t, []*reports.Report{q, reportstest.Month("en")}, vxLang(t, "en")))
			total := CellRef(1, vxRowHeader+len(vxLines(q))+1)[1:]
			for _, c := range []struct{ sheet, cell, want, shown string }{
				{"Quarterly", "A2", "Currency: CNY · as of 2026-03-31", "Currency: CNY · as of 2026-03-31"},
				{"Quarterly", "B" + total, "Total", "Total"},
				{"Quarterly", "F" + total, "1883000", "1,883,000.00"},
				{"Quarterly", "K" + total, strconv.FormatInt(int64(tc.full/reports.Unit), 10), ""},
				{"Quarterly", "L" + total, tc.landing, tc.landingShown},
				// Lines carry no landing.
				{"Quarterly", "L4", "", ""},
				{"Quarterly", "K4", "", ""},
			} {
				raw, _ := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
				if raw != c.want {
					t.Errorf("%s!%s: got %q, want %q", c.sheet, c.cell, raw, c.want)
				}
				if c.shown != "" {
					if shown, _ := f.GetCellValue(c.sheet, c.cell); shown != c.shown {
						t.Errorf("%s!%s shown: got %q, want %q", c.sheet, c.cell, shown, c.shown)
					}
				}
			}
			if got := vxFill(t, f, "Quarterly", "L"+total); got != tc.fill {
				t.Errorf("landing fill: got %q, want %q", got, tc.fill)
			}
		})
	}
}
