package excel

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// The variance workbook, variance.xlsx: the formatted twin of variance.csv
// for people who open it in Excel or WPS.

// vxColumns are the columns of every variance sheet; the header names them
// with the strings export.col.<column> of the report language.
var vxColumns = []string{"period", "category", "channel", "region", "role",
	"budget", "actual", "variance", "variance_pct", "unbudgeted"}

// Columns by role, 1-based, for styles and formats.
const (
	vxColFirstMoney = 6 // budget, actual, variance
	vxColLastMoney  = 8
	vxColPct        = 9
	vxNumCols       = 10
)

// Number formats. The percent format carries an explicit sign so that
// over and under budget read right without the conditional colours
// (printouts, colour-blind readers).
const (
	vxMoneyFormat = "#,##0.00"
	vxPctFormat   = "+0.00%;-0.00%;0.00%"
)

// vxKinds orders the sheets: one per period kind present.
var vxKinds = []reports.PeriodKind{reports.KindMonth, reports.KindQuarter, reports.KindYear}

// WriteVariance writes variance.xlsx: one sheet per period kind present
// (month, quarter, year, named in lang), with one row per period × line,
// a bold filled header row that stays frozen in view, an autofilter,
// money and signed percent number formats, column widths fitted to the
// content and the variance % coloured red over budget and amber under it.
//
// Text is written as string cells (t="s"), which no spreadsheet runs as a
// formula, so text starting with = + - or @ is written as it is: a leading
// single quote, needed in variance.csv, would show as a literal ' in
// every viewer of the workbook. Control characters are stored as the
// _xHHHH_ escapes of the format. The bytes depend only on the input: the
// document times are the latest Generated time of the reports and the zip
// entries are written in a fixed order without modification times.
func WriteVariance(w io.Writer, reps []*reports.Report, lang *i18n.Lang) error {
	if lang == nil {
		return errors.New("write variance workbook: no language")
	}
	for i, r := range reps {
		if r == nil {
			return fmt.Errorf("write variance workbook: report %d is nil", i)
		}
	}
	raw, err := vxRender(reps, lang)
	if err != nil {
		return fmt.Errorf("write variance workbook: %w", err)
	}
	if err := wNormaliseZip(w, raw); err != nil {
		return fmt.Errorf("write variance workbook: %w", err)
	}
	return nil
}

type vxStyles struct {
	header, money, pct int
	over, under        int // conditional formats
}

func vxNewStyles(f *excelize.File) (vxStyles, error) {
	var s vxStyles
	var err error
	money, pct := vxMoneyFormat, vxPctFormat
	for _, st := range []struct {
		id    *int
		style *excelize.Style
		cond  bool
	}{
		{&s.header, &excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
		}, false},
		{&s.money, &excelize.Style{CustomNumFmt: &money}, false},
		{&s.pct, &excelize.Style{CustomNumFmt: &pct}, false},
		{&s.over, &excelize.Style{
			Font: &excelize.Font{Color: "9C0006"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
		}, true},
		// Under plan is good for the business: green, as in the PDF and
		// HTML reports (it was amber here).
		{&s.under, &excelize.Style{
			Font: &excelize.Font{Color: "006100"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C6EFCE"}},
		}, true},
	} {
		if st.cond {
			*st.id, err = f.NewConditionalStyle(st.style)
		} else {
			*st.id, err = f.NewStyle(st.style)
		}
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

func vxRender(reps []*reports.Report, lang *i18n.Lang) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := vxNewStyles(f)
	if err != nil {
		return nil, err
	}

	byKind := map[reports.PeriodKind][]*reports.Report{}
	var generated time.Time
	for _, r := range reps {
		byKind[r.Period.Kind] = append(byKind[r.Period.Kind], r)
		if r.Generated.After(generated) {
			generated = r.Generated
		}
	}
	kinds := make([]reports.PeriodKind, 0, len(vxKinds))
	for _, k := range vxKinds {
		if len(byKind[k]) > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		// A workbook needs a sheet: an empty run gives the monthly header.
		kinds = append(kinds, reports.KindMonth)
	}
	for i, k := range kinds {
		name := lang.T("export.kind." + string(k))
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err == nil {
			err = vxSheet(f, name, byKind[k], lang, st)
		}
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %w", name, err)
		}
	}
	f.SetActiveSheet(0)

	if generated.IsZero() {
		generated = time.Unix(0, 0)
	}
	stamp := generated.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          lang.T("export.xlsx.title"),
		Creator:        "budgetlens",
		LastModifiedBy: "budgetlens",
		Created:        stamp,
		Modified:       stamp,
		Language:       lang.Tag,
	}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// vxSheet writes the header and one row per period × line of reps.
func vxSheet(f *excelize.File, sheet string, reps []*reports.Report, lang *i18n.Lang, st vxStyles) error {
	widths := make([]int, vxNumCols)
	for i, c := range vxColumns {
		h := lang.T("export.col." + c)
		if err := f.SetCellStr(sheet, CellRef(i+1, 1), h); err != nil {
			return err
		}
		widths[i] = vxTextWidth(h) + 3 // room for the filter button
	}
	row := 1
	for _, r := range reps {
		for _, l := range vxLines(r) {
			row++
			texts := []string{r.Period.ID, l.Category, l.Channel, l.Region, lang.Role(l.Role)}
			for i, s := range texts {
				if err := f.SetCellStr(sheet, CellRef(i+1, row), s); err != nil {
					return err
				}
				widths[i] = max(widths[i], vxTextWidth(s))
			}
			for i, m := range []reports.Money{l.Budget, l.Actual, l.Variance()} {
				col := vxColFirstMoney + i
				if err := f.SetCellFloat(sheet, CellRef(col, row), m.Round2(), -1, 64); err != nil {
					return err
				}
				// Grouping adds a comma per three digits.
				n := len(m.String())
				widths[col-1] = max(widths[col-1], n+n/3)
			}
			if pct, ok := l.VariancePct(); ok && !math.IsNaN(pct) && !math.IsInf(pct, 0) {
				// A fraction under a percent format, rounded to 0.01%.
				v := math.Round(pct*100) / 10000
				if v == 0 {
					v = 0 // no "-0"
				}
				if err := f.SetCellFloat(sheet, CellRef(vxColPct, row), v, -1, 64); err != nil {
					return err
				}
				widths[vxColPct-1] = max(widths[vxColPct-1], len(fmt.Sprintf("%+.2f%%", pct)))
			}
			flag := lang.T("export.no")
			if l.Unbudgeted {
				flag = lang.T("export.yes")
			}
			if err := f.SetCellStr(sheet, CellRef(vxNumCols, row), flag); err != nil {
				return err
			}
			widths[vxNumCols-1] = max(widths[vxNumCols-1], vxTextWidth(flag))
		}
	}
	last := CellRef(vxNumCols, row)

	if err := f.SetCellStyle(sheet, "A1", CellRef(vxNumCols, 1), st.header); err != nil {
		return err
	}
	if row > 1 {
		if err := f.SetCellStyle(sheet, CellRef(vxColFirstMoney, 2), CellRef(vxColLastMoney, row), st.money); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, CellRef(vxColPct, 2), CellRef(vxColPct, row), st.pct); err != nil {
			return err
		}
		// The reports' one rule (present.OnPlanPct): within ±1% of plan is
		// on budget and uncoloured; the variance amount takes the colour
		// of its percentage.
		over, under := st.over, st.under
		pctCol := "$" + ColName(vxColPct) + "2"
		if err := f.SetConditionalFormat(sheet, CellRef(vxColLastMoney, 2)+":"+CellRef(vxColPct, row), []excelize.ConditionalFormatOptions{
			{Type: "formula", Criteria: "AND(ISNUMBER(" + pctCol + ")," + pctCol + ">=0.01)", Format: &over},
			{Type: "formula", Criteria: "AND(ISNUMBER(" + pctCol + ")," + pctCol + "<=-0.01)", Format: &under},
		}); err != nil {
			return err
		}
	}
	for i, wd := range widths {
		col := ColName(i + 1)
		if err := f.SetColWidth(sheet, col, col, float64(min(max(wd+2, 8), 60))); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	return f.AutoFilter(sheet, "A1:"+last, nil)
}

// vxLines returns the report's lines in presentation order: the budget
// lines category by category, then the unbudgeted lines.
func vxLines(r *reports.Report) []reports.LineResult {
	var out []reports.LineResult
	for _, c := range r.Categories {
		out = append(out, c.Lines...)
	}
	return append(out, r.UnbudgetedLines...)
}

// vxTextWidth estimates the width of s in Excel character units: CJK and
// other wide characters take two.
func vxTextWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
