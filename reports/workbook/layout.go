package workbook

import "github.com/budgetlens/budgetlens/reports"

// A layout is one way a sheet can be laid out. The sheet reader tries
// sheetLayouts in order on the sheet's header; the first that accepts it
// reads every row below. Adding a layout means adding a type here, with
// its own tests, and a place in the list.
type layout interface {
	// accept reports whether the header is laid out this way, and returns
	// the layout set up for it (a ledger notes whether it carries funnel
	// columns). It may adjust the header: a "Budget" column beside month
	// columns is the wide budget's row total.
	accept(h *header) (layout, bool)
	kind() reports.FileKind
	// name is SheetReport.Layout: "wide" or "long" for budgets, "" otherwise.
	name() string
	// missing returns the first required field the header lacks, "" when
	// none is missing.
	missing(h *header) string
	// sums lists the columns subtotal and total rows are checked against.
	sums(h *header) []int
	// notData reports whether a row is known not to be data in this layout
	// (an ERP ledger's month-total and balance rows); it is skipped as a
	// subtotal, before the generic subtotal check.
	notData(sr *sheetReader, cells []string) bool
	// begin prepares the reader once the required columns are known to be
	// there: a wide budget gives month-only headers their years.
	begin(sr *sheetReader)
	// read reads one data row.
	read(sr *sheetReader, rowNo int, cells []string)
}

// sheetLayouts are tried in this order: month columns without a month or
// date column make a wide budget, whatever else the header names; then a
// budget column a long budget; then amounts a ledger; then funnel counts;
// last a comment column beside a period and a line, without amounts.
var sheetLayouts = []layout{wideBudget{}, longBudget{}, ledgerSheet{}, funnelSheet{}, commentarySheet{}}

// chooseLayout returns the first layout that accepts h, or nil.
func chooseLayout(h *header) layout {
	for _, l := range sheetLayouts {
		if got, ok := l.accept(h); ok {
			return got
		}
	}
	return nil
}

// firstMissing returns the first of fields that h lacks.
func firstMissing(h *header, fields ...string) string {
	for _, f := range fields {
		if !h.has(f) {
			return f
		}
	}
	return ""
}

// countFunnel counts the funnel count columns (leads to won) of h.
func countFunnel(h *header) int {
	n := 0
	for _, f := range funnelFields[:6] {
		if h.has(f) {
			n++
		}
	}
	return n
}

// wideBudget is one row per budget line with one column per month:
// Category | Channel | [Region] | [Role] | Jan … Dec | [quarters, totals].
type wideBudget struct{}

func (wideBudget) accept(h *header) (layout, bool) {
	if len(h.monthCols()) == 0 || h.has("month") || h.has("date") {
		return nil, false
	}
	if i, ok := h.fields["budget"]; ok {
		// "Budget" beside month columns is the row total.
		delete(h.fields, "budget")
		for k := range h.cols {
			if h.cols[k].index == i {
				h.cols[k].kind = colTotal
			}
		}
	}
	return wideBudget{}, true
}

func (wideBudget) kind() reports.FileKind   { return reports.KindBudget }
func (wideBudget) name() string             { return LayoutWide }
func (wideBudget) missing(h *header) string { return firstMissing(h, "channel") }

func (wideBudget) sums(h *header) []int {
	var cols []int
	for _, c := range h.cols {
		if c.kind != colField {
			cols = append(cols, c.index)
		}
	}
	return cols
}

func (wideBudget) notData(*sheetReader, []string) bool { return false }

func (wideBudget) begin(sr *sheetReader) {
	sr.fixWideYears()
	sr.warnStrayColumns()
}

func (wideBudget) read(sr *sheetReader, rowNo int, cells []string) { sr.wideRow(rowNo, cells) }

// longBudget is one row per budget line and month:
// Month | Category | Channel | [Region] | [Role] | [Project] | Budget;
// actual is set when an Actual column rides along (a budget-vs-actual
// export), which is then read as spend too.
type longBudget struct{ actual bool }

func (longBudget) accept(h *header) (layout, bool) {
	return longBudget{actual: h.has("amount")}, h.has("budget")
}

func (longBudget) kind() reports.FileKind { return reports.KindBudget }
func (longBudget) name() string           { return LayoutLong }

func (longBudget) missing(h *header) string {
	when := "month"
	if h.has("date") {
		when = "date"
	}
	return firstMissing(h, when, "channel", "budget")
}

func (l longBudget) sums(h *header) []int {
	if l.actual {
		return []int{h.fields["budget"], h.fields["amount"]}
	}
	return []int{h.fields["budget"]}
}

func (longBudget) notData(*sheetReader, []string) bool { return false }

func (l longBudget) begin(sr *sheetReader) {
	if l.actual {
		// Month | Category | Channel | Budget | Actual: both are read,
		// never the budget alone.
		sr.act = &reports.SheetReport{Sheet: sr.sheet, Kind: reports.KindLedger, Header: sr.h.row}
	}
}

func (longBudget) read(sr *sheetReader, rowNo int, cells []string) { sr.longRow(rowNo, cells) }

// ledgerSheet is one row per spend entry: Date | Category | Channel | … |
// Amount, or an ERP voucher export whose amount is debit − credit and
// whose channel may be in the auxiliary accounting column. funnel is set
// when funnel columns ride along.
type ledgerSheet struct{ funnel bool }

func (ledgerSheet) accept(h *header) (layout, bool) {
	if !h.has("amount") && !h.has("debit") && !h.has("credit") {
		return nil, false
	}
	return ledgerSheet{funnel: countFunnel(h) > 0}, true
}

func (ledgerSheet) kind() reports.FileKind { return reports.KindLedger }
func (ledgerSheet) name() string           { return "" }

func (ledgerSheet) missing(h *header) string {
	when := "date"
	if h.has("month") && !h.has("date") {
		when = "month"
	}
	if f := firstMissing(h, when); f != "" {
		return f
	}
	if !h.has("channel") && !h.has("aux") {
		return "channel"
	}
	if !h.has("amount") && !h.has("debit") && !h.has("credit") {
		return "amount"
	}
	return ""
}

func (l ledgerSheet) sums(h *header) []int {
	var cols []int
	if h.has("debit") || h.has("credit") {
		for _, f := range []string{"debit", "credit"} {
			if i, ok := h.fields[f]; ok {
				cols = append(cols, i)
			}
		}
	} else {
		cols = append(cols, h.fields["amount"])
	}
	if i, ok := h.fields["revenue"]; ok && l.funnel {
		cols = append(cols, i)
	}
	return cols
}

func (ledgerSheet) notData(sr *sheetReader, cells []string) bool { return sr.balanceRow(cells) }
func (ledgerSheet) begin(*sheetReader)                           {}

func (l ledgerSheet) read(sr *sheetReader, rowNo int, cells []string) {
	sr.ledgerRow(rowNo, cells, l.funnel)
}

// funnelSheet is one row per channel and month of funnel results:
// Month | Channel | [Region] | Leads | MQL | SQL | Opportunities | POC | Won | Revenue.
type funnelSheet struct{}

func (funnelSheet) accept(h *header) (layout, bool) { return funnelSheet{}, countFunnel(h) > 0 }
func (funnelSheet) kind() reports.FileKind          { return reports.KindFunnel }
func (funnelSheet) name() string                    { return "" }

func (funnelSheet) missing(h *header) string {
	when := "month"
	if h.has("date") && !h.has("month") {
		when = "date"
	}
	return firstMissing(h, when, "channel")
}

func (funnelSheet) sums(h *header) []int {
	if i, ok := h.fields["revenue"]; ok {
		return []int{i}
	}
	return nil
}

func (funnelSheet) notData(*sheetReader, []string) bool             { return false }
func (funnelSheet) begin(*sheetReader)                              {}
func (funnelSheet) read(sr *sheetReader, rowNo int, cells []string) { sr.funnelRow(rowNo, cells) }
