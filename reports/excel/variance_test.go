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
			[]string{"Period", "Category", "Channel", "Region", "Role", "Budget", "Actual", "Variance", "Variance %", "Unbudgeted"}},
		{"zh-CN all kinds", "zh-CN", vxFixtures("zh-CN"), []string{"月度", "季度", "年度"},
			[]string{"期间", "类别", "渠道", "区域", "角色", "预算", "实际", "差异", "差异%", "预算外"}},
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
				rowsByKind[r.Period.Kind] += len(vxLines(r))
			}
			for i, sheet := range tc.sheets {
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				if tc.header != nil && !reflect.DeepEqual(rows[0], tc.header) {
					t.Errorf("%s header: got %q, want %q", sheet, rows[0], tc.header)
				}
				want := 1 + rowsByKind[vxPresentKinds(tc.reps)[i]]
				if len(rows) != want {
					t.Errorf("%s: got %d rows, want %d (header and one per period × line)", sheet, len(rows), want)
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
		{"period", "A2", "2026-03", "2026-03", "", false},
		{"category", "B2", "数字广告", "数字广告", "", false},
		{"role", "E2", "Consideration", "Consideration", "", false},
		{"budget", "F2", "150000", "150,000.00", vxMoneyFormat, false},
		{"actual", "G2", "238000", "238,000.00", vxMoneyFormat, false},
		{"overspend", "H2", "88000", "88,000.00", vxMoneyFormat, false},
		{"over budget percent", "I2", "0.5867", "+58.67%", vxPctFormat, false},
		{"underspend", "H4", "-22000", "-22,000.00", vxMoneyFormat, false},
		{"under budget percent", "I4", "-0.1833", "-18.33%", vxPctFormat, false},
		// Excel shows the zero section, "0.00%"; excelize's renderer
		// prints "+0.00%", so only the stored value is checked.
		{"on budget percent", "I8", "0", "", vxPctFormat, true},
		{"zero budget has no percent", "I15", "", "", vxPctFormat, false},
		{"unbudgeted flag", "J18", "yes", "yes", "", false},
		{"budgeted flag", "J2", "no", "no", "", false},
		{"unbudgeted line", "C18", "抖音信息流", "抖音信息流", "", false},
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
		id, err := f.GetCellStyle(sheet, "F1")
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
			if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
				t.Errorf("panes: got %+v, want the header row frozen", panes)
			}
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			last := len(rows)
			cfs, err := f.GetConditionalFormats(sheet)
			if err != nil {
				t.Fatal(err)
			}
			// Variance and variance % (H:I) coloured by the reports' one
			// rule: 1% or more over plan red, 1% or more under green.
			rules := cfs["H2:I"+strconv.Itoa(last)]
			var crit []string
			for _, r := range rules {
				if r.Type != "formula" || r.Format == nil {
					t.Errorf("conditional format: got %+v, want a formula rule with a format", r)
				}
				crit = append(crit, r.Criteria)
			}
			if want := []string{"AND(ISNUMBER($I2),$I2>=0.01)", "AND(ISNUMBER($I2),$I2<=-0.01)"}; !reflect.DeepEqual(crit, want) {
				t.Errorf("conditional formats on H2:I%d: got criteria %q (all: %+v), want %q", last, crit, cfs, want)
			}
			if len(rules) == 2 {
				for i, want := range []string{"FFC7CE", "C6EFCE"} { // red over, green under
					st, err := f.GetConditionalStyle(*rules[i].Format)
					if err != nil {
						t.Fatal(err)
					}
					if got := st.Fill.Color; len(got) == 0 || !strings.EqualFold(got[0], want) {
						t.Errorf("rule %d fill %v, want %s", i, got, want)
					}
				}
			}
			xml := vxZipPart(t, data, "xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml")
			if want := `<autoFilter ref="$A$1:$J$` + strconv.Itoa(last) + `"`; !strings.Contains(xml, want) {
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
		{"markup", "B2", "<script>alert(1)</script>"},
		// String cells are never run as formulas: no literal quote in front.
		{"equals", "B3", `=HYPERLINK("http://x","y")`},
		{"plus", "C3", "+cmd|' /C calc'!A0"},
		{"at", "D3", "@SUM(1)"},
		{"minus", "C4", "-2+3"},
		{"quotes", "D4", `"quoted" & 'amp'`},
		{"outside the BMP", "B4", "Emoji 🚀 category"},
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
		for _, cell := range []string{"H3", "I3"} {
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
