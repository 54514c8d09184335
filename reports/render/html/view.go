package html

import (
	"html/template"
	"math"
	"strconv"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// reportView is the view model of report.html.tmpl. Every value is
// already formatted text; the template only lays it out.
type reportView struct {
	L       *i18n.Lang
	Lang    string
	CSP     string
	Title   string
	Company string
	Kind    string
	Period  string
	Stage   string
	// Generated is rep.Generated, formatted; the only clock on the page.
	Generated   string
	GeneratedAt string // the time alone, for the footer
	Links       []linkView
	Headline    []string // sentences
	Tone        string   // "bad", "good" or "" for the headline's accent

	Tiles []tileView
	// Compare sets the actuals beside the whole period's budget, the
	// original plan (PL) and last year (PY), when there are any.
	Compare []string
	Charts  []chartView
	// JSConfig is read by the page script to format chart values.
	JSConfig jsConfig

	Entities   entitiesView
	Variance   varianceView
	Unbudgeted []varLine
	UnbudTotal string
	// Explains are the ledger rows behind each material variance.
	Explains []present.Explain

	Findings []findingView
	Recs     []recView
	Plan     []string // the plan in lines: gap vs cuts, cuts, moves, effect

	Channels []channelRow
	// Loops are the business-loop unit costs (domain.md §4), "label: cost".
	Loops []string

	Notes notesView

	ConfigSnippet string
	ECharts       template.JS
	// FontFace embeds the page's Chinese characters (Renderer.EmbedFont).
	FontFace template.CSS
}

type linkView struct{ Href, Label string }

// tileView is one KPI tile. Tone colours the value ("bad", "good", "");
// Icon repeats the tone as a sign that survives grayscale printing.
type tileView struct {
	Label, Value, Sub, Note, Tone, Icon, ToneText string
}

type jsConfig struct {
	Symbol string `json:"symbol"`
	Zh     bool   `json:"zh"`
}

// cell is one numeric table cell: the text shown and the sort key.
type cell struct {
	Text string
	Key  string // "" sorts last
}

// varCells are the numbers of one variance row.
type varCells struct {
	Budget, Actual, Var, VarPct, Used cell
	Tone                              string // "bad" overspend, "good" underspend, "" on budget
	Icon                              string // ▲ ▼ or =
	ToneText                          string // the tone in words, for screen readers and print
}

type varLine struct {
	Name, Region, Role string
	Entries            cell
	Cells              varCells
}

type varGroup struct {
	Name       string
	Unbudgeted bool
	Lines      []varLine
	Cells      varCells
}

type varianceView struct {
	Groups []varGroup
	Total  varCells
	HasReg bool
}

type findingView struct {
	Sev, SevText, Icon, Subject, Message, Detail string
}

type recView struct {
	Priority       int
	Title, Message string
	Move           string
}

type stageRow struct {
	Stage, Count, Conversion, UnitCost string
}

type channelRow struct {
	Channel, Spend, Leads, MQL, Won, CPL, CAC, Revenue, ROAS string
}

type notesView struct {
	Files      []fileView
	Rows       string
	Reconcile  string
	Reconciled bool
	Budget     string
}

type fileView struct {
	Name, SHA256, Size, Note string
	Sheets                   []sheetView
	Problems                 []problemView
}

type sheetView struct {
	Sheet, Kind, Layout, Header, Used, Skipped, Rejected, Total, Months string
}

type problemView struct{ Sev, SevText, Text string }

func newReportView(rep *reports.Report, pg *present.Page, l *i18n.Lang, links Links) (*reportView, error) {
	v := &reportView{
		L:           l,
		Lang:        l.Tag,
		CSP:         csp,
		Company:     pg.Company,
		Kind:        pg.Kind,
		Period:      pg.Period,
		Stage:       pg.Stage,
		Generated:   l.T("html.generated", "time", pg.Generated),
		GeneratedAt: pg.Generated,
		JSConfig:    jsConfig{Symbol: l.Symbol(), Zh: l.Zh()},
	}
	v.Title = l.T("html.title", "company", pg.Company, "kind", pg.Kind, "period", pg.Period)
	v.Links = reportLinks(l, links)
	v.Headline = []string{pg.Headline}
	for _, s := range []string{pg.Landing, pg.Attention} {
		if s != "" {
			v.Headline = append(v.Headline, s)
		}
	}
	v.Tone = string(pg.Tone)
	for _, t := range pg.Tiles {
		v.Tiles = append(v.Tiles, tileView{Label: t.Label, Value: t.Value, Sub: t.Sub, Note: t.Note, Tone: string(t.Tone), Icon: toneIcon(t.Tone)})
	}
	v.Compare = pg.Comparisons
	v.Variance = variance(pg.Variance, l)
	v.Entities = entities(pg.Entities, l)
	for _, u := range pg.Variance.Unbudgeted {
		v.Unbudgeted = append(v.Unbudgeted, lineRow(u, l))
	}
	v.UnbudTotal = pg.Variance.UnbudgetedTotal
	v.Explains = pg.Explains
	for _, f := range pg.Findings {
		v.Findings = append(v.Findings, findingView{Sev: string(f.Severity), SevText: f.SevText, Icon: sevIcon[f.Severity], Subject: f.Subject, Message: f.Message})
	}
	v.Plan = pg.PlanLines
	for _, r := range pg.Recs {
		v.Recs = append(v.Recs, recView{Priority: r.Priority, Title: r.Title, Message: r.Message, Move: r.Move})
	}
	for _, c := range pg.Channels {
		v.Channels = append(v.Channels, channelRow{Channel: c.Channel, Spend: c.Spend.Text, Leads: c.Leads, MQL: c.MQL, Won: c.Won,
			CPL: c.CPL.Text, CAC: c.CAC.Text, Revenue: c.Revenue.Text, ROAS: c.ROAS.Text})
	}
	v.Loops = pg.Loops
	v.Notes = notes(pg.Notes, l)
	v.ConfigSnippet = pg.ConfigSnippet
	charts, err := buildCharts(rep, pg, l)
	if err != nil {
		return nil, err
	}
	v.Charts = charts
	return v, nil
}

// toneIcon repeats a tone as a sign that survives grey-scale printing.
func toneIcon(t present.Tone) string {
	switch t {
	case present.Bad:
		return "▲"
	case present.Good:
		return "▼"
	}
	return ""
}

func reportLinks(l *i18n.Lang, links Links) []linkView {
	all := []linkView{{links.Index, l.T("html.nav.index")}}
	for _, f := range links.Files {
		all = append(all, linkView(f))
	}
	for _, e := range links.Exports {
		all = append(all, linkView(e))
	}
	var out []linkView
	for _, lk := range all {
		if lk.Href = safeHref(lk.Href); lk.Href != "" {
			out = append(out, lk)
		}
	}
	return out
}

// cells converts a formatted variance row into table cells.
func cells(r present.VarRow, l *i18n.Lang) varCells {
	c := varCells{
		Budget: cellOf(r.Budget),
		Actual: cellOf(r.Actual),
		Var:    cellOf(r.Variance),
		VarPct: cellOf(r.VarPct),
		Used:   cellOf(r.Used),
		Tone:   string(r.Tone),
	}
	switch r.Tone {
	case present.Bad:
		c.Icon, c.ToneText = "▲", l.T("html.var.over")
	case present.Good:
		c.Icon, c.ToneText = "▼", l.T("html.var.under")
	default:
		c.Icon, c.ToneText = "=", l.T("html.var.on")
	}
	return c
}

// cellOf keeps a cell's text and its value as the sort key ("" sorts last).
func cellOf(c present.Cell) cell {
	if !c.OK {
		return cell{Text: c.Text}
	}
	return cell{Text: c.Text, Key: floatKey(c.Value)}
}

func floatKey(f float64) string { return strconv.FormatFloat(math.Round(f*1000)/1000, 'f', -1, 64) }

func lineRow(r present.VarRow, l *i18n.Lang) varLine {
	return varLine{
		Name:    r.Name,
		Region:  r.Region,
		Role:    r.Role,
		Entries: cell{Text: l.Int(int64(r.Entries)), Key: strconv.Itoa(r.Entries)},
		Cells:   cells(r, l),
	}
}

func variance(t present.VarianceTable, l *i18n.Lang) varianceView {
	v := varianceView{HasReg: t.HasRegion}
	for _, g := range t.Groups {
		vg := varGroup{Name: g.Name, Unbudgeted: g.Unbudgeted, Cells: cells(g.Total, l)}
		for _, ln := range g.Lines {
			vg.Lines = append(vg.Lines, lineRow(ln, l))
		}
		v.Groups = append(v.Groups, vg)
	}
	v.Total = cells(t.Total, l)
	return v
}

var sevIcon = map[reports.Severity]string{reports.SevAlert: "■", reports.SevWarn: "▲", reports.SevInfo: "●"}

var stageCodes = []string{"leads", "mql", "sql", "opps", "poc", "won"}

// stageUnitCost maps a funnel stage to the unit cost reported for it.
var stageUnitCost = map[string]string{"leads": "cpl", "mql": "cost_per_mql", "sql": "cost_per_sql", "opps": "cost_per_opp", "won": "cac"}

func stageCounts(f reports.Funnel) []int64 {
	return []int64{f.Leads, f.MQL, f.SQL, f.Opps, f.POC, f.Won}
}

// conversionInto returns the conversion that ends at stage code. It looks
// the stage up by code, not by position: analysis skips POC when it is not
// tracked (zero while deals were won) and converts opportunities straight
// to won, so the list is then one shorter.
func conversionInto(f reports.FunnelStats, code string) (reports.StageConversion, bool) {
	for _, c := range f.Conversions {
		if c.To == code {
			return c, true
		}
	}
	return reports.StageConversion{}, false
}

func stages(f reports.FunnelStats, l *i18n.Lang) []stageRow {
	if f.Funnel.IsZero() {
		return nil
	}
	counts := stageCounts(f.Funnel)
	out := make([]stageRow, len(stageCodes))
	for i, code := range stageCodes {
		out[i] = stageRow{Stage: l.T("funnel." + code), Count: l.Int(counts[i]), Conversion: "—", UnitCost: "—"}
		if c, ok := conversionInto(f, code); ok {
			out[i].Conversion = l.PctOK(c.Rate, c.OK)
		}
		for _, u := range f.UnitCosts {
			if u.Code == stageUnitCost[code] {
				out[i].UnitCost = l.T("na")
				if u.OK {
					out[i].UnitCost = l.MoneyWhole(u.Cost)
				}
			}
		}
	}
	return out
}

func notes(n present.Notes, l *i18n.Lang) notesView {
	v := notesView{Rows: n.Rows, Reconciled: n.Reconciled, Budget: n.Budget, Reconcile: n.Reconcile}
	for _, f := range n.Files {
		fv := fileView{Name: f.Name, SHA256: f.SHA256, Size: f.Size}
		switch {
		case f.Duplicate != "":
			fv.Note = l.T("html.notes.duplicate", "name", f.Duplicate)
		case f.Err != "":
			fv.Note = l.T("html.notes.error", "err", f.Err)
		case f.Superseded:
			fv.Note = l.T("html.notes.superseded", "by", f.SupersededBy)
		}
		for _, d := range f.Decisions {
			fv.Problems = append(fv.Problems, problemView{Sev: string(reports.SevWarn), SevText: l.T("html.notes.decision"), Text: d})
		}
		for _, s := range f.Sheets {
			fv.Sheets = append(fv.Sheets, sheetView{Sheet: s.Sheet, Kind: s.Kind, Layout: s.Layout, Header: s.Header,
				Used: s.Used, Skipped: s.Skipped, Rejected: s.Rejected, Total: s.Total, Months: s.Months})
		}
		for _, p := range f.Problems {
			fv.Problems = append(fv.Problems, problemView{Sev: string(p.Severity), SevText: p.SevText, Text: p.Text})
		}
		v.Files = append(v.Files, fv)
	}
	return v
}
