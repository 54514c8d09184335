package export

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// bom is the UTF-8 byte order mark. Excel reads a CSV file without it in
// the system's ANSI code page, which garbles Chinese names.
const bom = "\uFEFF"

// csvColumns are the columns of variance.csv; the header names them with
// the strings export.col.<column> of the report language.
var csvColumns = []string{"period", "kind", "category", "channel", "region", "role",
	"budget", "actual", "variance", "variance_pct", "unbudgeted"}

// VarianceCSV writes variance.csv: a header row in lang, then one row per
// period × line, periods in the order given and lines as the reports list
// them (budget lines by category, then unbudgeted spend).
//
// The file is UTF-8 with a byte order mark and CRLF line ends (RFC 4180;
// Excel, LibreOffice and every CSV library read both). Amounts are plain
// numbers with two decimals ("-1200.00"), variance_pct is empty when the
// budget is zero. Text cells that a spreadsheet would run as a formula
// (starting with = + - @, tab or carriage return) are prefixed with a
// single quote, and control characters are dropped (csvText); the numeric
// columns are never altered.
func VarianceCSV(w io.Writer, reps []*reports.Report, lang *i18n.Lang) error {
	if lang == nil {
		return errors.New("write variance csv: no language")
	}
	if _, err := io.WriteString(w, bom); err != nil {
		return fmt.Errorf("write variance csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		header[i] = csvText(lang.T("export.col." + c))
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write variance csv: %w", err)
	}
	for i, r := range reps {
		if r == nil {
			return fmt.Errorf("write variance csv: report %d is nil", i)
		}
		kind := lang.T("export.kind." + string(r.Period.Kind))
		for _, l := range lines(r) {
			rec := []string{
				csvText(r.Period.ID),
				csvText(kind),
				csvText(l.Category),
				csvText(l.Channel),
				csvText(l.Region),
				csvText(lang.Role(l.Role)),
				l.Budget.String(),
				l.Actual.String(),
				l.Variance().String(),
				pctCell(l.VariancePct()),
				csvText(yesNo(lang, l.Unbudgeted)),
			}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("write variance csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write variance csv: %w", err)
	}
	return nil
}

// csvText is s made safe for a CSV text cell: control characters are
// dropped — a workbook can carry them as escapes such as _x001B_ (ESC),
// which the reader decodes, and raw they would reach whatever shows the
// file (an ESC sequence recolours a terminal); they are invisible in Excel,
// so nothing a user sees is lost — and formula triggers are neutralised.
// Tab, line feed and carriage return stay (quoted by the CSV writer).
func csvText(s string) string {
	return reports.NeutraliseFormula(dropControls(s))
}

// dropControls removes C0 controls other than tab, LF and CR, DEL and the
// C1 controls U+0080–U+009F.
func dropControls(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f)
}

// pctCell formats a percentage with two decimals, or "" when undefined.
func pctCell(v float64, ok bool) string {
	p := round2(v, ok)
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', 2, 64)
}

func yesNo(lang *i18n.Lang, b bool) string {
	if b {
		return lang.T("export.yes")
	}
	return lang.T("export.no")
}
