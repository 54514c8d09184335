package excel

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
)

// wSampleBook builds a book exercising every feature of the writer.
func wSampleBook() *Book {
	b := NewBook()
	b.Title = "测试"
	b.Creator = "budgetlens"
	s := b.Sheet("预算")
	s.Title("2026年度市场预算", 4)
	s.Row()
	s.BoldRow("类别", "渠道", "1月", "全年合计")
	s.Row("数字广告", "百度SEM", reports.Money(1234567), Formula{Expr: "SUM(C4:C4)", Cached: reports.Money(1234567)})
	s.Row(nil, "SEO", int64(42), 3, nil, "尾")
	s.Row("浮点", 1.5, true, "x<&>y")
	s.Merge("A4", "A5")
	s.ColWidths(12, 16, 0, 14)
	s.Freeze(3, 2)
	s.ListValidation("B", 4, 100, []string{"awareness", "consideration"})
	l := b.Sheet("支出明细")
	l.BoldRow("日期", "金额")
	l.Row(time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC), reports.Money(-50000))
	if b.Sheet("预算") != s {
		panic("Sheet did not return the existing writer")
	}
	return b
}

func wWrite(t *testing.T, b *Book) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func TestWriterCells(t *testing.T) {
	data := wWrite(t, wSampleBook())
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	defer f.Close()

	if got, want := strings.Join(f.GetSheetList(), ","), "预算,支出明细"; got != want {
		t.Fatalf("sheets: got %s, want %s", got, want)
	}
	tests := []struct {
		name      string
		sheet     string
		cell      string
		raw       string // unformatted value
		formatted string // value as displayed; "" to skip
		typ       excelize.CellType
		formula   string
	}{
		{"title", "预算", "A1", "2026年度市场预算", "", excelize.CellTypeInlineString, ""},
		{"blank row", "预算", "A2", "", "", excelize.CellTypeUnset, ""},
		{"header", "预算", "D3", "全年合计", "", excelize.CellTypeInlineString, ""},
		{"money", "预算", "C4", "123.4567", "123.46", excelize.CellTypeUnset, ""},
		{"formula cached money", "预算", "D4", "123.4567", "123.46", excelize.CellTypeUnset, "SUM(C4:C4)"},
		{"nil cell", "预算", "E5", "", "", excelize.CellTypeUnset, ""},
		{"after nil", "预算", "F5", "尾", "", excelize.CellTypeInlineString, ""},
		{"int64", "预算", "C5", "42", "", excelize.CellTypeUnset, ""},
		{"int", "预算", "D5", "3", "", excelize.CellTypeUnset, ""},
		{"float", "预算", "B6", "1.5", "", excelize.CellTypeUnset, ""},
		{"bool", "预算", "C6", "1", "TRUE", excelize.CellTypeBool, ""},
		{"escaped text", "预算", "D6", "x<&>y", "", excelize.CellTypeInlineString, ""},
		{"date", "支出明细", "A2", "46096", "2026-03-15", excelize.CellTypeUnset, ""},
		{"negative money", "支出明细", "B2", "-5", "-5.00", excelize.CellTypeUnset, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := f.GetCellValue(tt.sheet, tt.cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if raw != tt.raw {
				t.Errorf("raw value: got %q, want %q", raw, tt.raw)
			}
			if tt.formatted != "" {
				got, _ := f.GetCellValue(tt.sheet, tt.cell)
				if got != tt.formatted {
					t.Errorf("formatted value: got %q, want %q", got, tt.formatted)
				}
			}
			typ, err := f.GetCellType(tt.sheet, tt.cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != tt.typ {
				t.Errorf("type: got %v, want %v", typ, tt.typ)
			}
			formula, _ := f.GetCellFormula(tt.sheet, tt.cell)
			if formula != tt.formula {
				t.Errorf("formula: got %q, want %q", formula, tt.formula)
			}
		})
	}

	t.Run("merges", func(t *testing.T) {
		merged, err := f.GetMergeCells("预算")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range merged {
			got = append(got, m.GetStartAxis()+":"+m.GetEndAxis()+"="+m.GetCellValue())
		}
		want := "A1:D1=2026年度市场预算 A4:A5=数字广告"
		if strings.Join(got, " ") != want {
			t.Errorf("merges: got %v, want %s", got, want)
		}
	})
	t.Run("validation", func(t *testing.T) {
		dvs, err := f.GetDataValidations("预算")
		if err != nil {
			t.Fatal(err)
		}
		if len(dvs) != 1 {
			t.Fatalf("got %d validations, want 1", len(dvs))
		}
		if dvs[0].Sqref != "B4:B100" || dvs[0].Type != "list" || dvs[0].Formula1 != `"awareness,consideration"` {
			t.Errorf("validation: got sqref %q type %q formula %q", dvs[0].Sqref, dvs[0].Type, dvs[0].Formula1)
		}
	})
	t.Run("freeze and widths", func(t *testing.T) {
		p, err := f.GetPanes("预算")
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 3 || p.XSplit != 2 || p.TopLeftCell != "C4" {
			t.Errorf("panes: got %+v, want frozen at C4", p)
		}
		w, _ := f.GetColWidth("预算", "B")
		if w != 16 {
			t.Errorf("width of B: got %v, want 16", w)
		}
	})
	t.Run("header is bold", func(t *testing.T) {
		id, _ := f.GetCellStyle("预算", "A3")
		st, err := f.GetStyle(id)
		if err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("header A3 is not bold (style %d, %v)", id, err)
		}
		id, _ = f.GetCellStyle("预算", "B5")
		if st, _ := f.GetStyle(id); st != nil && st.Font != nil && st.Font.Bold {
			t.Errorf("body B5 is bold")
		}
	})
	t.Run("doc props fixed", func(t *testing.T) {
		p, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if p.Created != "2026-01-01T00:00:00Z" || p.Modified != "2026-01-01T00:00:00Z" || p.Title != "测试" {
			t.Errorf("doc props: got created %q modified %q title %q", p.Created, p.Modified, p.Title)
		}
	})
}

func TestWriterDeterministic(t *testing.T) {
	a := wWrite(t, wSampleBook())
	time.Sleep(1100 * time.Millisecond) // a clock-stamped zip or core.xml would now differ
	b := wWrite(t, wSampleBook())
	if !bytes.Equal(a, b) {
		t.Fatalf("two writes of the same book differ (%d vs %d bytes)", len(a), len(b))
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first entry: got %s, want [Content_Types].xml", zr.File[0].Name)
	}
	for _, zf := range zr.File {
		if zf.ModifiedDate != 0 || zf.ModifiedTime != 0 {
			t.Errorf("%s carries a modification time", zf.Name)
		}
	}
	// Different content must give different bytes (the test can fail).
	c := wSampleBook()
	c.Sheet("支出明细").Row("extra")
	if bytes.Equal(a, wWrite(t, c)) {
		t.Error("different content gave identical bytes")
	}
}

func TestWriterErrors(t *testing.T) {
	tests := []struct {
		name string
		book func() *Book
		want string
	}{
		{"no sheets", NewBook, "no sheets"},
		{"unsupported value", func() *Book {
			b := NewBook()
			b.Sheet("S").Row("a", struct{}{})
			return b
		}, "B1: unsupported cell value struct {}"},
		{"empty formula", func() *Book {
			b := NewBook()
			b.Sheet("S").Row(Formula{Cached: 1})
			return b
		}, "A1: formula without an expression"},
		{"bad sheet name", func() *Book {
			b := NewBook()
			b.Sheet("a/b[c]").Row("x")
			return b
		}, "a/b[c]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.book().Write(&bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestColName(t *testing.T) {
	tests := []struct {
		col  int
		want string
	}{{1, "A"}, {26, "Z"}, {27, "AA"}, {52, "AZ"}, {703, "AAA"}}
	for _, tt := range tests {
		if got := ColName(tt.col); got != tt.want {
			t.Errorf("ColName(%d): got %s, want %s", tt.col, got, tt.want)
		}
	}
	if got := CellRef(5, 12); got != "E12" {
		t.Errorf("CellRef(5, 12): got %s, want E12", got)
	}
}
