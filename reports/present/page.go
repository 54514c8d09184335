// Package present turns one period's analysis (a *reports.Report) into
// what every output format shows: the headline, the tiles, the tone, where
// the period lands, the plan, the ordered findings and recommendations, the
// tables and the data notes — all text in the report's language, all
// numbers formatted. The PDF, the HTML page, the index, the exports and
// any later format (e-mail, slides) render a Page and compute nothing of
// their own, so the formats can never tell different stories.
package present

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Tone is what a number means for the business: Bad (overspend, a landing
// over budget), Good (underspend) or Neutral (within OnPlanPct of plan).
// The values double as CSS class names.
type Tone string

// Tones.
const (
	Neutral Tone = ""
	Bad     Tone = "bad"
	Good    Tone = "good"
)

// OnPlanPct is the band around the budget, in percent, inside which spend
// counts as on budget: the headline says "on budget" and no tile is red or
// green. One rule for every format.
const OnPlanPct = 1.0

// ToneOf returns the tone of spending actual against budget. Spend without
// any budget is Bad; no spend and no budget is Neutral.
func ToneOf(a reports.Amounts) Tone {
	v := a.Variance()
	if a.Budget == 0 {
		if v > 0 {
			return Bad
		}
		return Neutral
	}
	p, _ := a.VariancePct()
	switch {
	case p >= OnPlanPct:
		return Bad
	case p <= -OnPlanPct:
		return Good
	}
	return Neutral
}

// Page is everything one period's report shows, ready to lay out.
type Page struct {
	Lang    string // language tag, "en" or "zh-CN"
	Company string
	Kind    string // "Annual report"
	Period  string // "FY2026 through September 2026"
	Stage   string // "Stage: growth", "" when not configured
	// Generated is the report's timestamp, "2026-10-02 08:00 UTC".
	Generated string

	// Headline is the one sentence an executive reads first: where
	// spend stands against the budget of the months reported.
	Headline string
	Tone     Tone
	// Attention says how many findings need attention.
	Attention string
	// Landing says where the period (or its fiscal year) will land
	// against its full budget; "" for a complete year.
	Landing string
	Tiles   []Tile
	// Comparisons set the actuals beside the whole period's budget, the
	// original plan (PL) and last year (PY), when there are any.
	Comparisons []string
	// PlanLines are what we do: the plan's moves and recommendations in
	// priority order, one sentence each, for page 1 and e-mail bodies.
	PlanLines []string

	Findings []Finding // worst first
	Recs     []Rec     // by priority

	Variance VarianceTable
	// Largest are the lines furthest from budget, biggest first.
	Largest []VarRow
	// Explains are the ledger rows behind each material variance, the
	// largest variance first ("what explains it").
	Explains []Explain

	// Entities are a group report's business units.
	Entities Entities

	Charts Charts

	Channels  []ChannelRow // channels with funnel results
	Untracked int          // channels with spend but no funnel results
	// Loops are the business-loop unit costs (domain.md §4), "label:
	// cost", in the compact money of the tiles.
	Loops []string

	Notes Notes
	// ConfigSnippet is re-estimated [[channel]] benchmarks (annual
	// reports), for the technical appendix only.
	ConfigSnippet string
}

// Tile is one key figure. Key names it for renderers and tests (budget,
// actual, variance, ytd, landing, leads, mql, won, cac, roas).
type Tile struct {
	Key, Label, Value string
	Sub               string // what the value is measured against
	Note              string // a second, optional remark
	Tone              Tone
}

// Finding is one threshold finding as shown.
type Finding struct {
	Severity reports.Severity
	SevText  string
	Subject  string
	Message  string
}

// Rec is one recommendation as shown.
type Rec struct {
	Priority int
	Title    string
	Message  string
	Move     string // "" when the recommendation moves no money
}

// Build returns the page of rep in language l. It never fails: a report
// without data gives a page that says so.
func Build(rep *reports.Report, l *i18n.Lang) *Page {
	p := &Page{
		Lang:      l.Tag,
		Company:   rep.Company,
		Kind:      l.T("kind." + string(rep.Period.Kind)),
		Period:    l.PeriodName(rep.Period),
		Generated: rep.Generated.Format("2006-01-02 15:04 MST"),
	}
	switch {
	case rep.Stage != "":
		p.Stage = l.T("html.stage", "stage", l.T("stage."+rep.Stage))
	case len(rep.Entities) > 0:
		p.Stage = l.Count("consolidate.meta", len(rep.Entities))
	}
	p.Headline, p.Tone = headline(rep, l)
	p.Attention = attention(rep, l)
	p.Landing = landingSentence(rep, l)
	p.Tiles = tiles(rep, l)
	p.Findings = findings(rep, l)
	// The tiles already set the budget to date beside the full budget;
	// the comparisons add the original plan (PL) and last year (PY).
	cmp := *rep
	cmp.BudgetFull = rep.Totals.Budget
	p.Comparisons = l.Comparisons(&cmp)
	p.Recs = recs(rep, l)
	p.PlanLines = PlanSummary(rep, l)
	p.Variance = variance(rep, l)
	p.Entities = entities(rep, l)
	p.Charts = charts(rep, l)
	p.Largest = largest(rep, l)
	p.Explains = explains(rep, l)
	p.Channels, p.Untracked = channels(rep, l)
	for _, u := range rep.LoopCosts {
		if u.OK {
			p.Loops = append(p.Loops, l.T("label.value", "label", l.T("loop."+u.Code), "value", l.MoneyShort(u.Cost)))
		}
	}
	p.Notes = notes(rep.Notes, l)
	p.ConfigSnippet = rep.ConfigSnippet
	return p
}

// toDate reports whether the period is incomplete, so its budget is the
// budget of the months reported, not of the whole period.
func toDate(rep *reports.Report) bool { return !rep.Period.Complete }

func headline(rep *reports.Report, l *i18n.Lang) (string, Tone) {
	t := rep.Totals
	period := l.PeriodName(rep.Period)
	suffix := ""
	if toDate(rep) {
		suffix = "_td"
	}
	tone := ToneOf(t)
	pct, ok := t.VariancePct()
	v := t.Variance()
	switch {
	case t.Budget == 0 && t.Actual == 0:
		return l.T("present.headline.empty", "period", period), Neutral
	case !ok:
		return l.T("present.headline.nobudget", "period", period, "actual", l.MoneyShort(t.Actual)), tone
	case tone == Bad:
		return l.T("present.headline.over"+suffix, "period", period, "actual", l.MoneyShort(t.Actual), "amount", l.MoneyShort(v), "pct", l.Pct(pct)), tone
	case tone == Good:
		return l.T("present.headline.under"+suffix, "period", period, "actual", l.MoneyShort(t.Actual), "amount", l.MoneyShort(-v), "pct", l.Pct(-pct)), tone
	}
	return l.T("present.headline.on"+suffix, "period", period, "actual", l.MoneyShort(t.Actual), "pct", l.SignedPct(pct)), tone
}

func attention(rep *reports.Report, l *i18n.Lang) string {
	alerts, warns := rep.Alerts()
	if alerts+warns == 0 {
		return l.T("present.attention.none")
	}
	var parts []string
	if alerts > 0 {
		parts = append(parts, l.Count("present.n.alert", alerts))
	}
	if warns > 0 {
		parts = append(parts, l.Count("present.n.warning", warns))
	}
	return l.T(l.Plural("present.attention", alerts+warns), "list", l.List(parts))
}

// Landing is where a period is forecast to end: its actual so far plus
// the budget of its remaining months, against its full budget.
type Landing struct {
	Quarter bool // the quarter's landing; else the fiscal year's
	Landing reports.Money
	Budget  reports.Money
	OK      bool
}

// LandingOf returns where rep's period lands: an incomplete quarter's own
// landing; for months, complete quarters and incomplete years the fiscal
// year's. A complete year has landed: OK is false.
func LandingOf(rep *reports.Report) Landing {
	p := rep.Period
	if p.Kind == reports.KindQuarter && !p.Complete {
		var ld Landing
		ld.Quarter = true
		for _, m := range rep.Burn {
			if !p.Contains(m.Month) {
				continue
			}
			ld.Budget += m.Budget
			if p.Through.Before(m.Month) {
				ld.Landing += m.Budget
			} else {
				ld.Landing += m.Actual
			}
		}
		ld.OK = true
		return ld
	}
	if p.Kind == reports.KindYear && p.Complete {
		return Landing{}
	}
	f := rep.Forecast
	if f.MonthsElapsed == 0 {
		return Landing{}
	}
	return Landing{Landing: f.Landing, Budget: f.AnnualBudget, OK: true}
}

func landingSentence(rep *reports.Report, l *i18n.Lang) string {
	ld := LandingOf(rep)
	if !ld.OK {
		return ""
	}
	if ld.Budget == 0 {
		return l.T("present.landing.nobudget", "landing", l.MoneyShort(ld.Landing))
	}
	p, _ := reports.Pct(ld.Landing-ld.Budget, ld.Budget)
	key := "present.landing.year"
	if ld.Quarter {
		key = "present.landing.quarter"
	}
	return l.T(key, "landing", l.MoneyShort(ld.Landing), "budget", l.MoneyShort(ld.Budget), "pct", l.SignedPct(p))
}

// Signed formats money with an explicit "+" for a positive amount.
func Signed(s string, m reports.Money) string {
	if m > 0 {
		return "+" + s
	}
	return s
}

func tiles(rep *reports.Report, l *i18n.Lang) []Tile {
	t := rep.Totals
	td := toDate(rep)
	lbl := func(key string) string {
		if td {
			return l.T(key + "_td")
		}
		return l.T(key)
	}
	var out []Tile

	budget := Tile{Key: "budget", Label: lbl("present.tile.budget"), Value: l.MoneyShort(t.Budget)}
	if td {
		if full := fullBudget(rep); full != 0 {
			budget.Sub = l.T("present.tile.budget_full", "kind", l.T("present.kind."+string(rep.Period.Kind)), "amount", l.MoneyShort(full))
		}
	}
	out = append(out, budget)

	actual := Tile{Key: "actual", Label: lbl("present.tile.actual"), Value: l.MoneyShort(t.Actual)}
	if p, ok := t.UsedPct(); ok {
		actual.Sub = l.T("present.tile.used", "pct", l.Pct(p))
	}
	if rep.Unbudgeted != 0 {
		actual.Note = l.T("present.tile.unbudgeted", "amount", l.MoneyShort(rep.Unbudgeted))
	}
	out = append(out, actual)

	v := t.Variance()
	vt := Tile{Key: "variance", Label: lbl("present.tile.variance"), Value: Signed(l.MoneyShort(v), v), Tone: ToneOf(t)}
	if p, ok := t.VariancePct(); ok {
		vt.Sub = l.T("present.tile.variance_sub", "pct", l.SignedPct(p))
	} else {
		vt.Sub = l.T("present.tile.variance_nobudget")
	}
	out = append(out, vt)

	// Fiscal year to date, when it is not the period itself.
	f := rep.Forecast
	if rep.Period.Kind != reports.KindYear && f.MonthsElapsed > 0 && f.YTD != t {
		yt := Tile{Key: "ytd", Label: l.T("present.tile.ytd"), Value: l.MoneyShort(f.YTD.Actual), Tone: ToneOf(f.YTD)}
		if p, ok := f.YTD.VariancePct(); ok {
			yt.Sub = l.T("present.tile.ytd_sub", "budget", l.MoneyShort(f.YTD.Budget), "pct", l.SignedPct(p))
		}
		out = append(out, yt)
	}

	if ld := LandingOf(rep); ld.OK {
		key := "present.tile.landing_year"
		if ld.Quarter {
			key = "present.tile.landing_quarter"
		}
		lt := Tile{Key: "landing", Label: l.T(key), Value: l.MoneyShort(ld.Landing), Tone: ToneOf(reports.Amounts{Budget: ld.Budget, Actual: ld.Landing})}
		if p, ok := reports.Pct(ld.Landing-ld.Budget, ld.Budget); ok {
			lt.Sub = l.T("present.tile.landing_sub", "budget", l.MoneyShort(ld.Budget), "pct", l.SignedPct(p))
		}
		out = append(out, lt)
	}

	// Funnel tiles only for what the company tracks: no tile reads 0 or n/a.
	fn := rep.Funnel
	if fn.Leads > 0 {
		lt := Tile{Key: "leads", Label: l.T("present.tile.leads"), Value: l.Int(fn.Leads)}
		if c, ok := unitCost(fn, "cpl"); ok {
			lt.Sub = l.T("present.tile.cpl", "amount", l.MoneyShort(c))
		}
		out = append(out, lt)
	}
	if fn.MQL > 0 {
		mt := Tile{Key: "mql", Label: l.T("present.tile.mql"), Value: l.Int(fn.MQL)}
		if fn.Leads > 0 {
			mt.Sub = l.T("present.tile.of_leads", "pct", l.Pct(float64(fn.MQL)/float64(fn.Leads)*100))
		}
		out = append(out, mt)
	}
	if fn.Won > 0 || fn.Revenue != 0 {
		wt := Tile{Key: "won", Label: l.T("present.tile.won"), Value: l.Int(fn.Won)}
		if fn.Revenue != 0 {
			wt.Sub = l.T("present.tile.revenue", "amount", l.MoneyShort(fn.Revenue))
		}
		out = append(out, wt)
	}
	if c, ok := unitCost(fn, "cac"); ok {
		out = append(out, Tile{Key: "cac", Label: l.T("present.tile.cac"), Value: l.MoneyShort(c), Sub: l.T("present.tile.cac_sub")})
	}
	if HasReturn(fn) {
		rt := Tile{Key: "roas", Label: l.T("present.tile.roas"), Value: l.Ratio(fn.ROAS)}
		if fn.ROIOK {
			rt.Sub = l.T("present.tile.roi", "pct", l.SignedPct(fn.ROI*100))
		}
		out = append(out, rt)
	}
	return out
}

// fullBudget is the budget of the whole period.
// FullBudget returns the whole period's budget (a period reported to date
// compares Totals.Budget, the budget of its months so far): what the
// waterfall starts from and the Excel export's full-period column.
func FullBudget(rep *reports.Report) reports.Money { return fullBudget(rep) }

func fullBudget(rep *reports.Report) reports.Money {
	if rep.BudgetFull != 0 {
		return rep.BudgetFull
	}
	var b reports.Money
	for _, m := range rep.Burn {
		if rep.Period.Contains(m.Month) {
			b += m.Budget
		}
	}
	return b
}

func unitCost(f reports.FunnelStats, code string) (reports.Money, bool) {
	for _, u := range f.UnitCosts {
		if u.Code == code {
			return u.Cost, u.OK
		}
	}
	return 0, false
}

// HasReturn reports whether f's return on spend can be shown: it has
// spend and closed revenue. Without revenue a ROAS of 0.00× would read as
// the failure of a channel whose returns are simply not tracked, so every
// format shows "—" instead.
func HasReturn(f reports.FunnelStats) bool { return f.ROASOK && f.Revenue != 0 }

func findings(rep *reports.Report, l *i18n.Lang) []Finding {
	fs := slices.Clone(rep.Findings)
	slices.SortStableFunc(fs, func(a, b reports.Finding) int { return cmp.Compare(b.Severity.Rank(), a.Severity.Rank()) })
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		out = append(out, Finding{Severity: f.Severity, SevText: l.T("sev." + string(f.Severity)), Subject: f.Subject, Message: f.Message})
	}
	return out
}

// MoreFindings is the line under the first n findings on page 1: "3 more
// findings on the following pages"; "" when there are no more.
func (p *Page) MoreFindings(l *i18n.Lang, shown int) string {
	if more := len(p.Findings) - shown; more > 0 {
		return l.Count("present.more_findings", more)
	}
	return ""
}

func recs(rep *reports.Report, l *i18n.Lang) []Rec {
	rs := slices.Clone(rep.Recommendations)
	slices.SortStableFunc(rs, func(a, b reports.Recommendation) int { return cmp.Compare(a.Priority, b.Priority) })
	out := make([]Rec, 0, len(rs))
	for _, r := range rs {
		title, body := RecommendationText(r, rep, l)
		out = append(out, Rec{Priority: r.Priority, Title: title, Message: body, Move: MoveLine(title, r, l)})
	}
	return out
}

// sortByAbsVariance orders lines by the size of their variance, largest
// first, keeping workbook order among equals.
func sortByAbsVariance(lines []reports.LineResult) {
	abs := func(m reports.Money) reports.Money {
		if m < 0 {
			return -m
		}
		return m
	}
	sort.SliceStable(lines, func(i, j int) bool { return abs(lines[i].Variance()) > abs(lines[j].Variance()) })
}

func largest(rep *reports.Report, l *i18n.Lang) []VarRow {
	var lines []reports.LineResult
	for _, c := range rep.Categories {
		for _, ln := range c.Lines {
			if ln.Variance() != 0 {
				lines = append(lines, ln)
			}
		}
	}
	for _, ln := range rep.UnbudgetedLines {
		if ln.Variance() != 0 {
			lines = append(lines, ln)
		}
	}
	sortByAbsVariance(lines)
	out := make([]VarRow, 0, len(lines))
	for _, ln := range lines {
		r := lineRow(ln, l)
		r.Name = LineName(ln, true)
		if ln.Region != "" {
			r.Name += " · " + ln.Region
		}
		out = append(out, r)
	}
	return out
}

// MoreVariances is the line under the first n largest variances; "" when
// none are left out.
func (p *Page) MoreVariances(l *i18n.Lang, shown int) string {
	if more := len(p.Largest) - shown; more > 0 {
		return l.Count("present.more_variances", more)
	}
	return ""
}

// round1 rounds to one decimal without a negative zero.
func round1(v float64) float64 {
	r := math.Round(v*10) / 10
	if r == 0 {
		return 0
	}
	return r
}
