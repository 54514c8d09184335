package html

import (
	"cmp"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

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

	Findings []findingView
	Recs     []recView
	Plan     []string // the plan in lines: gap vs cuts, cuts, moves, effect

	Channels []channelRow
	// Loops are the business-loop unit costs (domain.md §4), "label: cost".
	Loops []string

	Notes notesView

	ConfigSnippet string
	ECharts       template.JS
}

type linkView struct{ Href, Label string }

// tileView is one KPI tile. Tone colours the value ("bad", "good", "");
// Icon repeats the tone as a sign that survives grayscale printing.
type tileView struct {
	Label, Value, Sub, Tone, Icon, ToneText string
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

func newReportView(rep *reports.Report, l *i18n.Lang, links Links) (*reportView, error) {
	period := l.PeriodName(rep.Period)
	kind := l.T("kind." + string(rep.Period.Kind))
	v := &reportView{
		L:             l,
		Lang:          l.Tag,
		CSP:           csp,
		Company:       rep.Company,
		Kind:          kind,
		Period:        period,
		Stage:         l.T("html.stage", "stage", l.T("stage."+rep.Stage)),
		Generated:     l.T("html.generated", "time", rep.Generated.Format("2006-01-02 15:04 MST")),
		GeneratedAt:   rep.Generated.Format("2006-01-02 15:04 MST"),
		JSConfig:      jsConfig{Symbol: l.Symbol(), Zh: l.Zh()},
		ConfigSnippet: rep.ConfigSnippet,
	}
	if rep.Stage == "" && len(rep.Entities) > 0 {
		v.Stage = l.T("consolidate.meta", "n", l.Int(int64(len(rep.Entities))))
	}
	v.Title = l.T("html.title", "company", rep.Company, "kind", kind, "period", period)
	v.Links = reportLinks(l, links)
	v.Headline, v.Tone = headline(rep, l, period)
	v.Tiles = tiles(rep, l)
	v.Entities = entities(rep, l)
	v.Compare = l.Comparisons(rep)
	v.Variance = variance(rep, l)
	for _, u := range rep.UnbudgetedLines {
		v.Unbudgeted = append(v.Unbudgeted, lineRow(u, l))
	}
	if rep.Unbudgeted != 0 {
		v.UnbudTotal = l.Money(rep.Unbudgeted)
	}
	v.Findings = findings(rep, l)
	v.Recs = recommendations(rep, l)
	v.Plan = present.PlanSummary(rep, l)
	for _, c := range rep.Channels {
		v.Channels = append(v.Channels, channel(c, l))
	}
	for _, u := range rep.LoopCosts {
		if u.OK {
			v.Loops = append(v.Loops, l.T("loop."+u.Code)+" "+l.MoneyExact(u.Cost))
		}
	}
	v.Notes = notes(rep.Notes, l)
	charts, err := buildCharts(rep, l)
	if err != nil {
		return nil, err
	}
	v.Charts = charts
	return v, nil
}

func reportLinks(l *i18n.Lang, links Links) []linkView {
	var out []linkView
	for _, lk := range []linkView{
		{links.Index, l.T("html.nav.index")},
		{links.PDF, l.T("html.nav.pdf")},
		{links.SummaryJSON, "summary.json"},
		{links.VarianceCSV, "variance.csv"},
		{links.VarianceXLSX, "variance.xlsx"},
	} {
		if lk.Href = safeHref(lk.Href); lk.Href != "" {
			out = append(out, lk)
		}
	}
	return out
}

// headline is the page's first sentence: where spend stands against
// budget, how many findings need attention and where the year lands.
func headline(rep *reports.Report, l *i18n.Lang, period string) ([]string, string) {
	t := rep.Totals
	var out []string
	tone := ""
	pct, ok := t.VariancePct()
	switch {
	case t.Budget == 0 && t.Actual == 0:
		out = append(out, l.T("html.headline.empty", "period", period))
	case !ok:
		out = append(out, l.T("html.headline.nobudget", "period", period, "actual", l.Money(t.Actual)))
		tone = "bad"
	case math.Round(pct*10) > 0:
		out = append(out, l.T("html.headline.over", "period", period, "actual", l.Money(t.Actual), "budget", l.Money(t.Budget), "pct", l.Pct(pct), "amount", l.Money(t.Variance())))
		tone = "bad"
	case math.Round(pct*10) < 0:
		out = append(out, l.T("html.headline.under", "period", period, "actual", l.Money(t.Actual), "budget", l.Money(t.Budget), "pct", l.Pct(-pct), "amount", l.Money(-t.Variance())))
		tone = "good"
	default:
		out = append(out, l.T("html.headline.on", "period", period, "actual", l.Money(t.Actual), "budget", l.Money(t.Budget)))
		tone = "good"
	}
	alerts, warns := rep.Alerts()
	if alerts+warns > 0 {
		out = append(out, l.T("html.headline.attention", "alerts", plural(l, "html.n.alert", alerts), "warnings", plural(l, "html.n.warning", warns)))
	} else if t.Budget != 0 || t.Actual != 0 {
		out = append(out, l.T("html.headline.clean"))
	}
	f := rep.Forecast
	if f.MonthsElapsed > 0 && f.AnnualBudget != 0 {
		p, _ := reports.Pct(f.Landing-f.AnnualBudget, f.AnnualBudget)
		out = append(out, l.T("html.headline.landing", "landing", l.Money(f.Landing), "annual", l.Money(f.AnnualBudget), "pct", l.SignedPct(p)))
	}
	return out, tone
}

func tiles(rep *reports.Report, l *i18n.Lang) []tileView {
	t := rep.Totals
	used := ""
	if p, ok := t.UsedPct(); ok {
		used = l.T("html.tile.used", "pct", l.Pct(p))
	}
	vc := cells(t, l)
	varSub := vc.VarPct.Text
	if vc.ToneText != "" {
		varSub += " · " + vc.ToneText
	}
	out := []tileView{
		{Label: l.T("html.tile.budget"), Value: l.Money(t.Budget), Sub: l.T("html.tile.period", "period", l.PeriodName(rep.Period))},
		{Label: l.T("html.tile.actual"), Value: l.Money(t.Actual), Sub: used},
		{Label: l.T("html.tile.variance"), Value: signedMoney(l, t.Variance()), Sub: varSub, Tone: vc.Tone, Icon: vc.Icon},
	}
	f := rep.Forecast
	if f.MonthsElapsed > 0 {
		ytd := cells(f.YTD, l)
		out = append(out, tileView{Label: l.T("html.tile.ytd"), Value: l.Money(f.YTD.Actual),
			Sub: l.T("html.tile.ytd_sub", "budget", l.Money(f.YTD.Budget), "pct", ytd.VarPct.Text), Tone: ytd.Tone, Icon: ytd.Icon})
		lt := cells(reports.Amounts{Budget: f.AnnualBudget, Actual: f.Landing}, l)
		out = append(out, tileView{Label: l.T("html.tile.landing"), Value: l.Money(f.Landing),
			Sub: l.T("html.tile.landing_sub", "budget", l.Money(f.AnnualBudget), "pct", lt.VarPct.Text), Tone: lt.Tone, Icon: lt.Icon})
	}
	fu := rep.Funnel
	out = append(out,
		tileView{Label: l.T("funnel.leads"), Value: l.Int(fu.Leads), Sub: unitCost(fu, "cpl", l)},
		tileView{Label: l.T("funnel.mql"), Value: l.Int(fu.MQL), Sub: unitCost(fu, "cost_per_mql", l)},
		tileView{Label: l.T("funnel.won"), Value: l.Int(fu.Won), Sub: l.T("html.tile.revenue", "revenue", l.Money(fu.Revenue))},
	)
	cac := l.T("na")
	for _, u := range fu.UnitCosts {
		if u.Code == "cac" && u.OK {
			cac = l.Money(u.Cost)
		}
	}
	out = append(out, tileView{Label: l.T("cost.cac"), Value: cac, Sub: l.T("html.tile.cac_sub")})
	roi, roas := l.T("na"), l.T("na")
	if fu.ROIOK {
		roi = l.SignedPct(fu.ROI * 100)
	}
	if fu.ROASOK {
		roas = l.Ratio(fu.ROAS)
	}
	out = append(out, tileView{Label: l.T("html.tile.roi"), Value: roi, Sub: l.T("html.tile.roas", "roas", roas)})
	return out
}

func unitCost(f reports.FunnelStats, code string, l *i18n.Lang) string {
	for _, u := range f.UnitCosts {
		if u.Code == code && u.OK {
			return l.T("html.tile.unit", "label", l.T("cost."+code), "cost", l.Money(u.Cost))
		}
	}
	return ""
}

func signedMoney(l *i18n.Lang, m reports.Money) string {
	if m > 0 {
		return "+" + l.Money(m)
	}
	return l.Money(m)
}

// cells formats a budget/actual pair. Overspend is unfavourable.
func cells(a reports.Amounts, l *i18n.Lang) varCells {
	c := varCells{
		Budget: moneyCell(a.Budget, l),
		Actual: moneyCell(a.Actual, l),
		Var:    cell{Text: signedMoney(l, a.Variance()), Key: moneyKey(a.Variance())},
	}
	if p, ok := a.VariancePct(); ok {
		c.VarPct = cell{Text: l.SignedPct(p), Key: floatKey(p)}
	} else {
		c.VarPct = cell{Text: l.T("na")}
	}
	if p, ok := a.UsedPct(); ok {
		c.Used = cell{Text: l.Pct(p), Key: floatKey(p)}
	} else {
		c.Used = cell{Text: l.T("na")}
	}
	switch v := a.Variance(); {
	case v > 0:
		c.Tone, c.Icon, c.ToneText = "bad", "▲", l.T("html.var.over")
	case v < 0:
		c.Tone, c.Icon, c.ToneText = "good", "▼", l.T("html.var.under")
	default:
		c.Icon, c.ToneText = "=", l.T("html.var.on")
	}
	return c
}

func moneyCell(m reports.Money, l *i18n.Lang) cell { return cell{Text: l.Money(m), Key: moneyKey(m)} }

func moneyKey(m reports.Money) string { return strconv.FormatInt(int64(m), 10) }

func floatKey(f float64) string { return strconv.FormatFloat(math.Round(f*1000)/1000, 'f', -1, 64) }

func lineRow(r reports.LineResult, l *i18n.Lang) varLine {
	name := r.Channel
	if r.Unbudgeted && r.Category != "" {
		name = r.Category + " / " + r.Channel
	}
	return varLine{
		Name:    name,
		Region:  r.Region,
		Role:    l.Role(r.Role),
		Entries: cell{Text: l.Int(int64(r.Entries)), Key: strconv.Itoa(r.Entries)},
		Cells:   cells(r.Amounts, l),
	}
}

func variance(rep *reports.Report, l *i18n.Lang) varianceView {
	var v varianceView
	for _, c := range rep.Categories {
		g := varGroup{Name: c.Category, Cells: cells(c.Amounts, l)}
		for _, ln := range c.Lines {
			g.Lines = append(g.Lines, lineRow(ln, l))
			v.HasReg = v.HasReg || ln.Region != ""
		}
		v.Groups = append(v.Groups, g)
	}
	if len(rep.UnbudgetedLines) > 0 {
		g := varGroup{Name: l.T("html.var.unbudgeted_group"), Unbudgeted: true}
		var sum reports.Amounts
		for _, ln := range rep.UnbudgetedLines {
			g.Lines = append(g.Lines, lineRow(ln, l))
			sum = sum.Add(ln.Amounts)
			v.HasReg = v.HasReg || ln.Region != ""
		}
		g.Cells = cells(sum, l)
		v.Groups = append(v.Groups, g)
	}
	v.Total = cells(rep.Totals, l)
	return v
}

var sevIcon = map[reports.Severity]string{reports.SevAlert: "■", reports.SevWarn: "▲", reports.SevInfo: "●"}

// findings orders the findings worst first by severity, keeping the
// analysis' order (which ranks by size) among findings of one severity.
func findings(rep *reports.Report, l *i18n.Lang) []findingView {
	fs := slices.Clone(rep.Findings)
	slices.SortStableFunc(fs, func(a, b reports.Finding) int {
		return cmp.Compare(b.Severity.Rank(), a.Severity.Rank())
	})
	out := make([]findingView, 0, len(fs))
	for _, f := range fs {
		fv := findingView{
			Sev:     string(f.Severity),
			SevText: l.T("sev." + string(f.Severity)),
			Icon:    sevIcon[f.Severity],
			Subject: f.Subject,
			Message: f.Message,
		}
		switch {
		case f.Limit != 0:
			fv.Detail = l.T("html.find.detail", "value", findingNum(f.Value, f.Unit, l), "limit", findingNum(f.Limit, f.Unit, l))
		case f.Value != 0:
			fv.Detail = l.T("html.find.value", "value", findingNum(f.Value, f.Unit, l))
		}
		out = append(out, fv)
	}
	return out
}

func findingNum(v float64, unit string, l *i18n.Lang) string {
	if unit == "pct" {
		return l.Pct(v)
	}
	return l.Money(reports.Money(math.Round(v * float64(reports.Unit))))
}

func recommendations(rep *reports.Report, l *i18n.Lang) []recView {
	rs := slices.Clone(rep.Recommendations)
	slices.SortStableFunc(rs, func(a, b reports.Recommendation) int { return cmp.Compare(a.Priority, b.Priority) })
	out := make([]recView, 0, len(rs))
	for _, r := range rs {
		title, body := present.RecommendationText(r, rep, l)
		rv := recView{Priority: r.Priority, Title: title, Message: body, Move: present.MoveText(r, l)}
		out = append(out, rv)
	}
	return out
}

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
					out[i].UnitCost = l.Money(u.Cost)
				}
			}
		}
	}
	return out
}

func channel(c reports.FunnelStats, l *i18n.Lang) channelRow {
	r := channelRow{
		Channel: c.Channel,
		Spend:   l.Money(c.Spend),
		Leads:   l.Int(c.Leads),
		MQL:     l.Int(c.MQL),
		Won:     l.Int(c.Won),
		CPL:     l.T("na"),
		CAC:     l.T("na"),
		Revenue: l.Money(c.Revenue),
		ROAS:    l.T("na"),
	}
	for _, u := range c.UnitCosts {
		if !u.OK {
			continue
		}
		switch u.Code {
		case "cpl":
			r.CPL = l.Money(u.Cost)
		case "cac":
			r.CAC = l.Money(u.Cost)
		}
	}
	if c.ROASOK {
		r.ROAS = l.Ratio(c.ROAS)
	}
	return r
}

func notes(n reports.DataNotes, l *i18n.Lang) notesView {
	v := notesView{
		Rows:       l.T("html.notes.rows", "used", l.Int(int64(n.RowsUsed)), "skipped", l.Int(int64(n.RowsSkipped)), "rejected", l.Int(int64(n.RowsRejected))),
		Reconciled: n.Reconciled,
		Budget:     l.T("html.notes.budget", "total", l.Money(n.BudgetTotal)),
	}
	if n.Reconciled {
		v.Reconcile = l.T("html.notes.reconciled", "ledger", l.Money(n.LedgerTotal), "reported", l.Money(n.ReportedAll))
	} else {
		v.Reconcile = l.T("html.notes.unreconciled", "ledger", l.Money(n.LedgerTotal), "reported", l.Money(n.ReportedAll), "diff", signedMoney(l, n.ReportedAll-n.LedgerTotal))
	}
	for _, f := range n.Files {
		fv := fileView{Name: f.Name, SHA256: f.SHA256, Size: l.T("html.notes.bytes", "n", l.Int(f.Size))}
		switch {
		case f.Duplicate != "":
			fv.Note = l.T("html.notes.duplicate", "name", f.Duplicate)
		case f.Err != nil:
			fv.Note = l.T("html.notes.error", "err", f.Err.Error())
		case f.Status == reports.StatusSuperseded:
			fv.Note = l.T("html.notes.superseded", "by", f.SupersededBy)
		}
		for _, d := range f.Decisions {
			fv.Problems = append(fv.Problems, problemView{Sev: string(reports.SevWarn), SevText: l.T("html.notes.decision"), Text: d})
		}
		for _, s := range f.Sheets {
			sv := sheetView{
				Sheet:    s.Sheet,
				Kind:     l.T("html.filekind." + string(s.Kind)),
				Layout:   layoutName(s.Layout, l),
				Used:     l.Int(int64(s.Used)),
				Skipped:  l.Int(int64(s.Skipped)),
				Rejected: l.Int(int64(s.Rejected)),
				Total:    l.Money(s.Total),
			}
			if s.Header > 0 {
				sv.Header = strconv.Itoa(s.Header)
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
			fv.Problems = append(fv.Problems, problemView{Sev: string(p.Severity), SevText: l.T("sev." + string(p.Severity)), Text: strings.TrimSpace(p.Error())})
		}
		v.Files = append(v.Files, fv)
	}
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

// plural picks key+".one" for one and key+".other" otherwise, with {n}.
func plural(l *i18n.Lang, key string, n int) string {
	if n == 1 {
		return l.T(key+".one", "n", n)
	}
	return l.T(key+".other", "n", n)
}
