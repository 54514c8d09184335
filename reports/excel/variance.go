package excel

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// The variance workbook, variance.xlsx: the formatted twin of variance.csv
// for people who open it in Excel or WPS.

// vxColumns are the columns of every variance sheet; the header names them
// with the strings export.col.<column> of the report language.
var vxColumns = []string{"period", "category", "channel", "region", "role",
	"budget", "actual", "variance", "variance_pct", "unbudgeted", "full_budget", "landing"}

// Columns by role, 1-based, for styles and formats.
const (
	vxColFirstMoney = 6 // budget, actual, variance
	vxColLastMoney  = 8
	vxColPct        = 9
	vxColFlag       = 10
	vxColFull       = 11 // full-period budget, on an incomplete period's total row
	vxColLanding    = 12 // forecast landing, idem
	vxNumCols       = 12
)

// Rows of a sheet's head: the title, the currency and as-of line, then
// the column header; the data start below it.
const (
	vxRowTitle  = 1
	vxRowInfo   = 2
	vxRowHeader = 3
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
// (month, quarter, year, named in lang). Each opens with the company and
// title, then the currency and as-of date, then a bold filled column
// header that stays frozen in view with an autofilter; below it one row
// per period × line and a bold total row per period, which for a period
// reported to date also gives its full-period budget and landing. Money
// and signed percent number formats, column widths fitted to the content;
// the variance, its % and the landing take the reports' colours
// (present.ToneOf: red over budget, green under, none within
// present.OnPlanPct).
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

// vxStyles makes and remembers the cell styles: a number format (none,
// money or percent), a tone (the reports' colour meaning) and bold for the
// total rows.
type vxStyles struct {
	f      *excelize.File
	header int
	ids    map[vxStyleKey]int
}

type vxStyleKey struct {
	numFmt string
	tone   present.Tone
	bold   bool
}

func vxNewStyles(f *excelize.File) (*vxStyles, error) {
	st := &vxStyles{f: f, ids: map[vxStyleKey]int{}}
	var err error
	st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
	})
	return st, err
}

// toneFont and toneFill are the font and fill colours ("RRGGBB") of a
// cell of tone t: the palette of the PDF and HTML reports
// (present.ToneColour, present.ToneBackground); "" when t is Neutral.
func toneFont(t present.Tone) string { return excelColour(present.ToneColour(t, "")) }

// toneFill: see toneFont.
func toneFill(t present.Tone) string { return excelColour(present.ToneBackground(t)) }

func excelColour(hex string) string { return strings.ToUpper(strings.TrimPrefix(hex, "#")) }

// id returns the style of a cell. The colours are those of the PDF and
// HTML reports: red is bad for the business (over budget, spend without a
// budget, a landing over the full budget), green is good (under budget);
// within present.OnPlanPct of plan a number is not coloured.
func (st *vxStyles) id(numFmt string, tone present.Tone, bold bool) (int, error) {
	k := vxStyleKey{numFmt, tone, bold}
	if id, ok := st.ids[k]; ok {
		return id, nil
	}
	s := &excelize.Style{}
	if numFmt != "" {
		nf := numFmt
		s.CustomNumFmt = &nf
	}
	font := &excelize.Font{Bold: bold}
	if tone != present.Neutral {
		font.Color = toneFont(tone)
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{toneFill(tone)}}
	}
	if bold || tone != present.Neutral {
		s.Font = font
	}
	if bold {
		s.Border = []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	}
	id, err := st.f.NewStyle(s)
	if err != nil {
		return 0, err
	}
	st.ids[k] = id
	return id, nil
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
	head := vxHeadOf(reps, lang)
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
			err = vxSheet(f, name, byKind[k], lang, st, head)
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

// vxHead is what the head rows of every sheet say.
type vxHead struct {
	title, info string
}

// vxHeadOf names the company, the currency and the as-of date: the last
// day of the latest month the reports cover (their Through month). The
// currency is the reports' (lang's when there are none); reports in
// different currencies are listed each once.
func vxHeadOf(reps []*reports.Report, lang *i18n.Lang) vxHead {
	var company string
	var curs []string
	var through reports.Month
	for _, r := range reps {
		if company == "" {
			company = r.Company
		}
		if r.Currency != "" && !slices.Contains(curs, r.Currency) {
			curs = append(curs, r.Currency)
		}
		if through.Before(r.Period.Through) {
			through = r.Period.Through
		}
	}
	if len(curs) == 0 && lang.Currency != "" {
		curs = append(curs, lang.Currency)
	}
	h := vxHead{title: lang.T("export.xlsx.title")}
	if company != "" {
		h.title = lang.T("export.xlsx.heading", "company", company, "title", h.title)
	}
	cur := strings.Join(curs, ", ")
	if through.Valid() {
		h.info = lang.T("export.xlsx.info", "currency", cur, "date", through.Last().Format("2006-01-02"))
	} else {
		h.info = lang.T("export.xlsx.info_nodate", "currency", cur)
	}
	return h
}

// vxSheet writes the head rows and, per report, one row per line and a
// total row. The total row of a period reported to date (Complete false)
// also carries its full-period budget and its landing: the actual so far
// plus the budget of the months still to come (the reports' landing
// rule). Lines have no landing columns: the report keeps no line's budget
// for the months after Through, and a landing made up of the to-date
// numbers would only repeat them.
func vxSheet(f *excelize.File, sheet string, reps []*reports.Report, lang *i18n.Lang, st *vxStyles, head vxHead) error {
	for _, c := range []struct {
		cell, text string
		bold       bool
	}{{CellRef(1, vxRowTitle), head.title, true}, {CellRef(1, vxRowInfo), head.info, false}} {
		if err := f.SetCellStr(sheet, c.cell, c.text); err != nil {
			return err
		}
		if c.bold {
			id, err := st.id("", present.Neutral, true)
			if err == nil {
				err = f.SetCellStyle(sheet, c.cell, c.cell, id)
			}
			if err != nil {
				return err
			}
		}
	}
	widths := make([]int, vxNumCols)
	for i, c := range vxColumns {
		h := lang.T("export.col." + c)
		if err := f.SetCellStr(sheet, CellRef(i+1, vxRowHeader), h); err != nil {
			return err
		}
		widths[i] = vxTextWidth(h) + 3 // room for the filter button
	}
	row := vxRowHeader
	// put writes the values of one row from column 1 on (nil: empty) and
	// styles its money and percent cells with tone.
	put := func(texts []string, a reports.Amounts, tone present.Tone, flag string, bold bool) error {
		row++
		for i, s := range texts {
			if err := f.SetCellStr(sheet, CellRef(i+1, row), s); err != nil {
				return err
			}
			widths[i] = max(widths[i], vxTextWidth(s))
		}
		for i, m := range []reports.Money{a.Budget, a.Actual, a.Variance()} {
			t := present.Neutral
			if i == 2 {
				t = tone
			}
			if err := vxMoney(f, sheet, vxColFirstMoney+i, row, m, st, t, bold, widths); err != nil {
				return err
			}
		}
		id, err := st.id(vxPctFormat, tone, bold)
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, CellRef(vxColPct, row), CellRef(vxColPct, row), id); err != nil {
			return err
		}
		if pct, ok := a.VariancePct(); ok && !math.IsNaN(pct) && !math.IsInf(pct, 0) {
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
		if flag != "" {
			if err := f.SetCellStr(sheet, CellRef(vxColFlag, row), flag); err != nil {
				return err
			}
			widths[vxColFlag-1] = max(widths[vxColFlag-1], vxTextWidth(flag))
		}
		if bold {
			id, err := st.id("", present.Neutral, true)
			if err == nil {
				err = f.SetCellStyle(sheet, CellRef(1, row), CellRef(vxColFirstMoney-1, row), id)
			}
			if err == nil {
				err = f.SetCellStyle(sheet, CellRef(vxColFlag, row), CellRef(vxColFlag, row), id)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	for _, r := range reps {
		for _, l := range vxLines(r) {
			flag := lang.T("export.no")
			if l.Unbudgeted {
				flag = lang.T("export.yes")
			}
			if err := put([]string{r.Period.ID, l.Category, l.Channel, l.Region, lang.Role(l.Role)}, l.Amounts, present.ToneOf(l.Amounts), flag, false); err != nil {
				return err
			}
		}
		if err := put([]string{r.Period.ID, lang.T("export.total")}, r.Totals, present.ToneOf(r.Totals), "", true); err != nil {
			return err
		}
		if r.Period.Complete {
			continue
		}
		full := present.FullBudget(r)
		rest, ok := full.AddOK(-r.Totals.Budget)
		var landing reports.Money
		if ok {
			landing, ok = r.Totals.Actual.AddOK(rest)
		}
		if !ok {
			return fmt.Errorf("period %s: landing overflows", r.Period.ID)
		}
		if err := vxMoney(f, sheet, vxColFull, row, full, st, present.Neutral, true, widths); err != nil {
			return err
		}
		land := present.ToneOf(reports.Amounts{Budget: full, Actual: landing})
		if err := vxMoney(f, sheet, vxColLanding, row, landing, st, land, true, widths); err != nil {
			return err
		}
	}
	last := CellRef(vxNumCols, row)

	if err := f.SetCellStyle(sheet, CellRef(1, vxRowHeader), CellRef(vxNumCols, vxRowHeader), st.header); err != nil {
		return err
	}
	for i, wd := range widths {
		col := ColName(i + 1)
		if err := f.SetColWidth(sheet, col, col, float64(min(max(wd+2, 8), 60))); err != nil {
			return err
		}
	}
	top := CellRef(1, vxRowHeader+1)
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: vxRowHeader, TopLeftCell: top, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	return f.AutoFilter(sheet, CellRef(1, vxRowHeader)+":"+last, nil)
}

// vxMoney writes m, rounded to cents, into column col of row with the
// money format.
func vxMoney(f *excelize.File, sheet string, col, row int, m reports.Money, st *vxStyles, tone present.Tone, bold bool, widths []int) error {
	cell := CellRef(col, row)
	if err := f.SetCellFloat(sheet, cell, m.Round2(), -1, 64); err != nil {
		return err
	}
	id, err := st.id(vxMoneyFormat, tone, bold)
	if err != nil {
		return err
	}
	// Grouping adds a comma per three digits.
	n := len(m.String())
	widths[col-1] = max(widths[col-1], n+n/3)
	return f.SetCellStyle(sheet, cell, cell, id)
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
