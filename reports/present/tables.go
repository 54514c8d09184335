package present

import (
	"math"
	"sort"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Cell is one formatted number with the value it was made from, for
// sorting and drawing.
type Cell struct {
	Text  string
	Value float64 // major units for money, percent for shares
	OK    bool    // false when there is no value (Text is "—")
}

// VarRow is one row of a variance table: all money in full currency units
// (one unit for the whole table in every format), the variance signed.
type VarRow struct {
	Name, Region, Role string
	Unbudgeted         bool
	Entries            int
	Budget, Actual     Cell
	Variance, VarPct   Cell
	Used               Cell
	Tone               Tone
}

// VarGroup is a category with its lines.
type VarGroup struct {
	Name       string
	Unbudgeted bool // the group of spend that matched no budget line
	Total      VarRow
	Lines      []VarRow
}

// VarianceTable is budget against actual by category → channel (→ region).
type VarianceTable struct {
	Groups    []VarGroup
	Total     VarRow
	HasRegion bool
	// Unbudgeted lists the spend that matched no budget line.
	Unbudgeted      []VarRow
	UnbudgetedTotal string // "" when there is none
}

// ChannelRow is one channel's spend, funnel and unit costs; "—" where a
// count is zero or a ratio has no base.
type ChannelRow struct {
	Channel                 string
	Spend                   Cell
	Leads, MQL, Won         string
	CPL, CAC, Revenue, ROAS Cell
}

// moneyCell formats a table's money in whole currency units: one
// precision per column.
func moneyCell(m reports.Money, l *i18n.Lang) Cell {
	return Cell{Text: l.MoneyWhole(m), Value: m.Round2(), OK: true}
}

// signedWhole is a variance in whole units with its sign; one that rounds
// to zero reads "¥0", not "+¥0".
func signedWhole(m reports.Money, l *i18n.Lang) string {
	if m.Cents() > -50 && m.Cents() < 50 {
		return l.MoneyWhole(0)
	}
	return Signed(l.MoneyWhole(m), m)
}

func dash(l *i18n.Lang) Cell { return Cell{Text: l.T("present.dash")} }

// Row formats a budget/actual pair as a variance row.
func Row(name string, a reports.Amounts, l *i18n.Lang) VarRow {
	r := VarRow{
		Name:     name,
		Budget:   moneyCell(a.Budget, l),
		Actual:   moneyCell(a.Actual, l),
		Variance: Cell{Text: signedWhole(a.Variance(), l), Value: a.Variance().Round2(), OK: true},
		VarPct:   dash(l),
		Used:     dash(l),
		Tone:     ToneOf(a),
	}
	if p, ok := a.VariancePct(); ok {
		r.VarPct = Cell{Text: l.SignedPct(p), Value: round1(p), OK: true}
	}
	if p, ok := a.UsedPct(); ok {
		r.Used = Cell{Text: l.Pct(p), Value: round1(p), OK: true}
	}
	return r
}

func lineRow(ln reports.LineResult, l *i18n.Lang) VarRow {
	r := Row(LineName(ln, ln.Unbudgeted), ln.Amounts, l)
	r.Region = ln.Region
	r.Role = l.Role(ln.Role)
	r.Unbudgeted = ln.Unbudgeted
	r.Entries = ln.Entries
	return r
}

// LineName names a line in tables: the channel, prefixed with the
// category when withCategory ("Events / Summit booth").
func LineName(ln reports.LineResult, withCategory bool) string {
	name := ln.Channel
	switch {
	case name == "":
		name = ln.Category
	case withCategory && ln.Category != "":
		name = ln.Category + " / " + name
	}
	return name
}

func variance(rep *reports.Report, l *i18n.Lang) VarianceTable {
	var v VarianceTable
	for _, c := range rep.Categories {
		g := VarGroup{Name: c.Category, Total: Row(c.Category, c.Amounts, l)}
		for _, ln := range c.Lines {
			g.Lines = append(g.Lines, lineRow(ln, l))
			v.HasRegion = v.HasRegion || ln.Region != ""
		}
		v.Groups = append(v.Groups, g)
	}
	if len(rep.UnbudgetedLines) > 0 {
		name := l.T("html.var.unbudgeted_group")
		g := VarGroup{Name: name, Unbudgeted: true}
		var sum reports.Amounts
		for _, ln := range rep.UnbudgetedLines {
			r := lineRow(ln, l)
			g.Lines = append(g.Lines, r)
			v.Unbudgeted = append(v.Unbudgeted, r)
			sum = sum.Add(ln.Amounts)
			v.HasRegion = v.HasRegion || ln.Region != ""
		}
		g.Total = Row(name, sum, l)
		v.Groups = append(v.Groups, g)
	}
	if rep.Unbudgeted != 0 {
		v.UnbudgetedTotal = l.Money(rep.Unbudgeted)
	}
	v.Total = Row(l.T("html.var.total"), rep.Totals, l)
	return v
}

func channels(rep *reports.Report, l *i18n.Lang) ([]ChannelRow, int) {
	var out []ChannelRow
	untracked := 0
	for _, f := range rep.Channels {
		if f.Funnel.IsZero() {
			untracked++
			continue
		}
		out = append(out, ChannelFor(f, l))
	}
	return out, untracked
}

// ChannelFor formats one channel's funnel figures.
func ChannelFor(f reports.FunnelStats, l *i18n.Lang) ChannelRow {
	r := ChannelRow{
		Channel: f.Channel,
		Spend:   moneyCell(f.Spend, l),
		Leads:   l.Int(f.Leads),
		MQL:     l.Int(f.MQL),
		Won:     l.Int(f.Won),
		CPL:     dash(l),
		CAC:     dash(l),
		Revenue: dash(l),
		ROAS:    dash(l),
	}
	if c, ok := unitCost(f, "cpl"); ok {
		r.CPL = moneyCell(c, l)
	}
	if c, ok := unitCost(f, "cac"); ok {
		r.CAC = moneyCell(c, l)
	}
	if f.Revenue != 0 {
		r.Revenue = moneyCell(f.Revenue, l)
	}
	if HasReturn(f) {
		r.ROAS = Cell{Text: l.Ratio(f.ROAS), Value: math.Round(f.ROAS*100) / 100, OK: true}
	}
	return r
}

// Notes account for the inputs: rows, the reconciliation and each file.
type Notes struct {
	Rows       string
	Reconcile  string
	Reconciled bool
	Budget     string
	Files      []FileNote
	Problems   []Problem // worst first
}

// FileNote is one input file.
type FileNote struct {
	Name, SHA256, Size string
	Duplicate          string // the file this one repeats
	Err                string
	// Superseded is true for a plan version or ledger replaced by a later
	// one (SupersededBy); Decisions say in words what was decided.
	Superseded   bool
	SupersededBy string
	Decisions    []string
	Sheets       []SheetNote
	Problems     []Problem
}

// SheetNote is one sheet of an input file.
type SheetNote struct {
	Sheet, Kind, KindCode, Layout, Header string
	Used, Skipped, Rejected, Total        string
	Months                                string
}

// Problem is one input problem.
type Problem struct {
	Severity reports.Severity
	SevText  string
	Text     string
}

func notes(n reports.DataNotes, l *i18n.Lang) Notes {
	v := Notes{
		Rows:       l.T("present.notes.rows", "used", l.Int(int64(n.RowsUsed)), "skipped", l.Int(int64(n.RowsSkipped)), "rejected", l.Int(int64(n.RowsRejected))),
		Reconciled: n.Reconciled,
		Budget:     l.T("present.notes.budget", "total", l.Money(n.BudgetTotal)),
	}
	if n.Reconciled {
		v.Reconcile = l.T("present.notes.reconciled", "ledger", l.Money(n.LedgerTotal), "reported", l.Money(n.ReportedAll))
	} else {
		// The difference is reported − ledger in every format.
		d := n.ReportedAll - n.LedgerTotal
		v.Reconcile = l.T("present.notes.unreconciled", "ledger", l.Money(n.LedgerTotal), "reported", l.Money(n.ReportedAll), "diff", Signed(l.Money(d), d))
	}
	for _, f := range n.Files {
		fv := FileNote{Name: f.Name, SHA256: f.SHA256, Size: l.T("html.notes.bytes", "n", l.Int(f.Size)), Duplicate: f.Duplicate}
		if f.Err != nil {
			fv.Err = f.Err.Error()
		}
		fv.Superseded = f.Status == reports.StatusSuperseded
		fv.SupersededBy = f.SupersededBy
		fv.Decisions = f.Decisions
		for _, s := range f.Sheets {
			sv := SheetNote{
				Sheet:    s.Sheet,
				Kind:     l.T("html.filekind." + string(s.Kind)),
				KindCode: string(s.Kind),
				Layout:   layoutName(s.Layout, l),
				Used:     l.Int(int64(s.Used)),
				Skipped:  l.Int(int64(s.Skipped)),
				Rejected: l.Int(int64(s.Rejected)),
				Total:    l.Money(s.Total),
			}
			if s.Header > 0 {
				sv.Header = l.Int(int64(s.Header))
			}
			if s.First.Valid() && s.Last.Valid() {
				sv.Months = l.MonthName(s.First)
				if s.Last != s.First {
					sv.Months += " – " + l.MonthName(s.Last)
				}
			}
			fv.Sheets = append(fv.Sheets, sv)
		}
		for _, p := range f.Problems {
			if p == nil {
				continue
			}
			pr := Problem{Severity: p.Severity, SevText: l.T("sev." + string(p.Severity)), Text: strings.TrimSpace(p.Error())}
			fv.Problems = append(fv.Problems, pr)
			v.Problems = append(v.Problems, pr)
		}
		v.Files = append(v.Files, fv)
	}
	sort.SliceStable(v.Problems, func(i, j int) bool { return v.Problems[i].Severity.Rank() > v.Problems[j].Severity.Rank() })
	return v
}

// layoutName names a budget sheet's layout ("wide", "long") in the
// report's language; an unknown layout is shown as given.
func layoutName(layout string, l *i18n.Lang) string {
	if layout == "" {
		return ""
	}
	if k := "workbook.layout." + layout; l.Has(k) {
		return l.T(k)
	}
	return layout
}
