package excel

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
)

// Book is an xlsx workbook being built in memory. Rows are kept as plain
// values until Write, which renders them with excelize and normalises the
// zip so that the same content always gives the same bytes. A Book is not
// safe for concurrent use.
type Book struct {
	// Title and Creator go into docProps/core.xml; empty values are left out.
	Title   string
	Creator string

	sheets []*SheetWriter
}

// SheetWriter appends rows to one sheet of a Book.
type SheetWriter struct {
	name        string
	rows        []wRow
	merges      [][2]string
	widths      []float64
	freezeRows  int
	freezeCols  int
	validations []wValidation
}

// Formula is a cell holding a formula and its cached result, so readers that
// do not calculate (most of them) still see the value. Expr is written
// without the leading "="; Cached is a string, int, int64, float64,
// reports.Money or nil.
type Formula struct {
	Expr   string
	Cached any
}

type wRow struct {
	cells []any
	style wRowStyle
}

type wRowStyle uint8

const (
	wPlain wRowStyle = iota
	wBold
	wTitle
)

type wValidation struct {
	sqref  string
	values []string
}

// wDocTime is the fixed creation and modification time written into every
// workbook, so that writing the same content twice gives identical bytes.
func wDocTime() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }

// NewBook returns an empty workbook.
func NewBook() *Book { return &Book{} }

// Sheet returns the writer for the sheet called name, adding the sheet after
// the existing ones the first time the name is used. The first sheet takes
// the place of excelize's default "Sheet1".
func (b *Book) Sheet(name string) *SheetWriter {
	for _, s := range b.sheets {
		if s.name == name {
			return s
		}
	}
	s := &SheetWriter{name: name}
	b.sheets = append(b.sheets, s)
	return s
}

// Name returns the sheet's name.
func (s *SheetWriter) Name() string { return s.name }

// Row appends a row starting in column A and returns its 1-based row
// number. Values may be string, int, int64, float64, bool, reports.Money
// (a number shown with two decimals), time.Time (a date cell), Formula or
// nil (an empty cell). Row with no values appends a blank row.
func (s *SheetWriter) Row(values ...any) int { return s.add(wPlain, values) }

// BoldRow appends a row like Row in bold, for headers, subtotals and totals.
func (s *SheetWriter) BoldRow(values ...any) int { return s.add(wBold, values) }

// Title appends a bold, larger title row whose text is merged across the
// first span columns, and returns its row number.
func (s *SheetWriter) Title(text string, span int) int {
	r := s.add(wTitle, []any{text})
	if span > 1 {
		s.Merge(CellRef(1, r), CellRef(span, r))
	}
	return r
}

// NextRow returns the number of the row the next Row call will write.
func (s *SheetWriter) NextRow() int { return len(s.rows) + 1 }

func (s *SheetWriter) add(style wRowStyle, values []any) int {
	s.rows = append(s.rows, wRow{cells: append([]any(nil), values...), style: style})
	return len(s.rows)
}

// Merge merges the rectangle fromCell:toCell (e.g. "A5", "A9"); the value
// of the top-left cell is the merged cell's value.
func (s *SheetWriter) Merge(fromCell, toCell string) {
	s.merges = append(s.merges, [2]string{fromCell, toCell})
}

// ColWidths sets the widths of columns A, B, … in characters; a zero
// width leaves the column at its default.
func (s *SheetWriter) ColWidths(widths ...float64) {
	s.widths = append([]float64(nil), widths...)
}

// Freeze keeps the first rows rows and cols columns in view when scrolling,
// e.g. Freeze(3, 0) under a header in row 3.
func (s *SheetWriter) Freeze(rows, cols int) {
	s.freezeRows, s.freezeCols = rows, cols
}

// ListValidation restricts the cells of column col (a letter such as "D")
// from firstRow to lastRow to a drop-down list of values.
func (s *SheetWriter) ListValidation(col string, firstRow, lastRow int, values []string) {
	s.validations = append(s.validations, wValidation{
		sqref:  fmt.Sprintf("%s%d:%s%d", col, firstRow, col, lastRow),
		values: append([]string(nil), values...),
	})
}

// CellRef returns the A1 reference of a 1-based column and row, e.g.
// CellRef(5, 12) == "E12".
func CellRef(col, row int) string { return ColName(col) + fmt.Sprint(row) }

// ColName returns the letters of a 1-based column number, e.g. 27 → "AA".
func ColName(col int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

// Write renders the workbook as xlsx to w. The bytes depend only on the
// content: document times are fixed (2026-01-01T00:00:00Z) and the zip entries are
// written in a fixed order without modification times.
func (b *Book) Write(w io.Writer) error {
	if len(b.sheets) == 0 {
		return fmt.Errorf("write workbook: no sheets")
	}
	raw, err := b.render()
	if err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	if err := wNormaliseZip(w, raw); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// render builds the workbook in two passes: cells go through excelize's
// stream writer, the only API that writes a formula together with its
// cached value; data validations and document properties are added after
// reopening the result, since the stream writer cannot add them.
func (b *Book) render() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st := &wStyles{f: f, ids: map[wStyleKey]int{}}
	for i, s := range b.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return nil, fmt.Errorf("sheet %q: %w", s.name, err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return nil, fmt.Errorf("sheet %q: %w", s.name, err)
		}
	}
	for _, s := range b.sheets {
		if err := s.stream(f, st); err != nil {
			return nil, fmt.Errorf("sheet %q: %w", s.name, err)
		}
	}
	var pass1 bytes.Buffer
	if err := f.Write(&pass1); err != nil {
		return nil, err
	}

	g, err := excelize.OpenReader(&pass1)
	if err != nil {
		return nil, err
	}
	defer g.Close()
	for _, s := range b.sheets {
		for _, v := range s.validations {
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(v.sqref)
			if err := dv.SetDropList(v.values); err != nil {
				return nil, fmt.Errorf("sheet %q: validation %s: %w", s.name, v.sqref, err)
			}
			if err := g.AddDataValidation(s.name, dv); err != nil {
				return nil, fmt.Errorf("sheet %q: validation %s: %w", s.name, v.sqref, err)
			}
		}
	}
	stamp := wDocTime().Format(time.RFC3339)
	if err := g.SetDocProps(&excelize.DocProperties{
		Title:          b.Title,
		Creator:        b.Creator,
		LastModifiedBy: b.Creator,
		Created:        stamp,
		Modified:       stamp,
	}); err != nil {
		return nil, err
	}
	g.SetActiveSheet(0)
	var pass2 bytes.Buffer
	if err := g.Write(&pass2); err != nil {
		return nil, err
	}
	return pass2.Bytes(), nil
}

func (s *SheetWriter) stream(f *excelize.File, st *wStyles) error {
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	for i, w := range s.widths {
		if w > 0 {
			if err := sw.SetColWidth(i+1, i+1, w); err != nil {
				return err
			}
		}
	}
	if s.freezeRows > 0 || s.freezeCols > 0 {
		top := CellRef(s.freezeCols+1, s.freezeRows+1)
		pane := "bottomLeft"
		switch {
		case s.freezeRows > 0 && s.freezeCols > 0:
			pane = "bottomRight"
		case s.freezeRows == 0:
			pane = "topRight"
		}
		if err := sw.SetPanes(&excelize.Panes{
			Freeze: true, XSplit: s.freezeCols, YSplit: s.freezeRows,
			TopLeftCell: top, ActivePane: pane,
			Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: pane}},
		}); err != nil {
			return err
		}
	}
	for i, r := range s.rows {
		row := i + 1
		if len(r.cells) == 0 {
			continue
		}
		cells := make([]any, len(r.cells))
		for j, v := range r.cells {
			c, err := wCell(v, r.style, st)
			if err != nil {
				return fmt.Errorf("%s: %w", CellRef(j+1, row), err)
			}
			cells[j] = c
		}
		if err := sw.SetRow(CellRef(1, row), cells); err != nil {
			return fmt.Errorf("row %d: %w", row, err)
		}
	}
	for _, m := range s.merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return fmt.Errorf("merge %s:%s: %w", m[0], m[1], err)
		}
	}
	return sw.Flush()
}

// wCell converts one value to an excelize stream cell with its style.
func wCell(v any, rs wRowStyle, st *wStyles) (any, error) {
	if v == nil {
		if rs == wPlain {
			return nil, nil
		}
		id, err := st.id(wStyleKey{row: rs, kind: wGeneral})
		return excelize.Cell{StyleID: id}, err
	}
	formula := ""
	if fm, ok := v.(Formula); ok {
		formula, v = fm.Expr, fm.Cached
		if formula == "" {
			return nil, fmt.Errorf("formula without an expression")
		}
		if _, nested := v.(Formula); nested {
			return nil, fmt.Errorf("formula %q: cached value is a formula", formula)
		}
	}
	kind := wGeneral
	switch x := v.(type) {
	case nil, string, bool, float64:
	case int:
		v = int64(x)
	case int64:
	case reports.Money:
		// Float conversion is exact to far more digits than a ten-thousandth
		// of any realistic amount; the cell shows two decimals.
		v, kind = x.Major(), wMoney
	case time.Time:
		// A date cell: the serial day number with a date format. Times of
		// day are kept; the zone is dropped as spreadsheets have none.
		v, kind = time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC), wDate
	default:
		return nil, fmt.Errorf("unsupported cell value %T", v)
	}
	id, err := st.id(wStyleKey{row: rs, kind: kind})
	if err != nil {
		return nil, err
	}
	return excelize.Cell{StyleID: id, Formula: formula, Value: v}, nil
}

type wKind uint8

const (
	wGeneral wKind = iota
	wMoney
	wDate
)

type wStyleKey struct {
	row  wRowStyle
	kind wKind
}

// wStyles creates each style once, in order of first use, so style ids are
// a function of the content alone.
type wStyles struct {
	f   *excelize.File
	ids map[wStyleKey]int
}

func (st *wStyles) id(k wStyleKey) (int, error) {
	if k == (wStyleKey{}) {
		return 0, nil
	}
	if id, ok := st.ids[k]; ok {
		return id, nil
	}
	style := &excelize.Style{}
	switch k.kind {
	case wMoney:
		numFmt := "#,##0.00"
		style.CustomNumFmt = &numFmt
	case wDate:
		numFmt := "yyyy-mm-dd"
		style.CustomNumFmt = &numFmt
	}
	switch k.row {
	case wBold:
		style.Font = &excelize.Font{Bold: true}
		style.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	case wTitle:
		style.Font = &excelize.Font{Bold: true, Size: 14}
	}
	id, err := st.f.NewStyle(style)
	if err != nil {
		return 0, err
	}
	st.ids[k] = id
	return id, nil
}

// wNormaliseZip rewrites the package with its entries in a fixed order
// ([Content_Types].xml first, then by name) and no modification times, so
// the bytes never depend on map order or the clock.
func wNormaliseZip(w io.Writer, raw []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i].Name, files[j].Name
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	zw := zip.NewWriter(w)
	for _, zf := range files {
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		out, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
		if err == nil {
			_, err = io.Copy(out, rc)
		}
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", zf.Name, err)
		}
	}
	return zw.Close()
}
