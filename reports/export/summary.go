package export

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// SummarySchema names the version of the summary.json contract. Fields may
// be added within a version; none is ever renamed or removed.
const SummarySchema = "budgetlens.summary/v1"

// Summary writes summary.json for every report of a run, in the order
// given: company, currency and the generation time, then one entry per
// period. The output is indented by two spaces and ends in a newline.
func Summary(w io.Writer, company, currency string, reps []*reports.Report, generated time.Time) error {
	doc := jsonSummary{
		Schema:    SummarySchema,
		Company:   company,
		Currency:  currency,
		Generated: generated.UTC().Format(time.RFC3339),
		Periods:   make([]jsonPeriod, 0, len(reps)),
		Sources:   []jsonSource{},
		Versions:  []jsonVersion{},
	}
	seenVersion := map[string]bool{}
	langs := map[string]*i18n.Lang{}
	for i, r := range reps {
		if r == nil {
			return fmt.Errorf("write summary: report %d is nil", i)
		}
		l, ok := langs[r.Language]
		if !ok {
			var err error
			if l, err = i18n.Load(r.Language, currency); err != nil {
				return fmt.Errorf("write summary: %w", err)
			}
			langs[r.Language] = l
		}
		jp := period(r)
		jp.Headline = present.Build(r, l).Headline
		doc.Periods = append(doc.Periods, jp)
		for _, v := range r.BudgetVersions {
			if k := fmt.Sprintf("%d\x00%s", v.FiscalYear, v.File); !seenVersion[k] {
				seenVersion[k] = true
				doc.Versions = append(doc.Versions, jsonVersion{File: v.File, Label: v.Label, FiscalYear: v.FiscalYear, Used: v.Used, Original: v.Original})
			}
		}
		if i == 0 {
			doc.Sources = sources(r.Notes.Files)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// The json* types are the summary.json contract. Field order is the byte
// order of the output; pointers are numbers that may be null.

type jsonSummary struct {
	Schema    string       `json:"schema"`
	Company   string       `json:"company"`
	Currency  string       `json:"currency"`
	Generated string       `json:"generated"`
	Periods   []jsonPeriod `json:"periods"`
	Sources   []jsonSource `json:"sources"`
	// Added within v1: the budget workbooks of each fiscal year, oldest
	// version first; exactly one per plan is used.
	Versions []jsonVersion `json:"budget_versions"`
}

type jsonVersion struct {
	File       string `json:"file"`
	Label      string `json:"label"`
	FiscalYear int    `json:"fiscal_year"`
	Used       bool   `json:"used"`
	Original   bool   `json:"original"`
}

// jsonSource is one input file of the run, with its full sha256, so a
// consumer can tell which inputs a summary was made from.
type jsonSource struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Modified (added within v1) is the input's modification time, so a
	// consumer such as budgetlens consolidate can tell a stale summary.
	Modified    string `json:"modified,omitempty"`
	RowsUsed    int    `json:"rows_used"`
	RowsSkipped int    `json:"rows_skipped"`
	RowsReject  int    `json:"rows_rejected"`
	Duplicate   string `json:"duplicate_of,omitempty"`
	Error       string `json:"error,omitempty"`
	// Added within v1: what the run did with the file (used, superseded
	// or duplicate), the file that replaced it (or some of its months),
	// and the decisions in words.
	Status       string   `json:"status"`
	SupersededBy string   `json:"superseded_by,omitempty"`
	Use          string   `json:"use,omitempty"` // "prior_year" for last year's ledgers
	Decisions    []string `json:"decisions,omitempty"`
}

type jsonPeriod struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"`
	FiscalYear int    `json:"fiscal_year"`
	Start      string `json:"start"`
	End        string `json:"end"`
	Complete   bool   `json:"complete"`
	Through    string `json:"through"`
	// Headline is the report's first sentence, in the report's language,
	// exactly as the PDF, the HTML page and the index show it.
	Headline string `json:"headline"`

	Budget      float64  `json:"budget"`
	Actual      float64  `json:"actual"`
	Variance    float64  `json:"variance"`
	VariancePct *float64 `json:"variance_pct"`
	UsedPct     *float64 `json:"used_pct"`
	Unbudgeted  float64  `json:"unbudgeted"`
	// Added within v1: budget is the budget of the months reported (Start
	// through Through); budget_full the whole period's. budget_original is
	// the first plan version's budget over the months reported (equal to
	// budget when the plan has one version); prior_actual last fiscal
	// year's actual spend in the same months, null without last year's
	// ledgers, and yoy_pct the change against it.
	BudgetFull     float64  `json:"budget_full"`
	BudgetOriginal float64  `json:"budget_original"`
	PriorActual    *float64 `json:"prior_actual"`
	YoYPct         *float64 `json:"yoy_pct"`

	Lines           []jsonLine           `json:"lines"`
	Findings        []jsonFinding        `json:"findings"`
	Recommendations []jsonRecommendation `json:"recommendations"`
	Plan            jsonPlan             `json:"plan"`
	Funnel          jsonFunnel           `json:"funnel"`
	Mix             []jsonMix            `json:"mix"`
	Forecast        jsonForecast         `json:"forecast"`
	Data            jsonData             `json:"data"`

	// Added within v1: the business-loop unit costs (domain.md §4), the
	// core/test split and, in annual reports, the re-estimated [[channel]]
	// benchmarks that the PDF points readers to.
	LoopCosts     map[string]*float64 `json:"loop_costs"`
	CoreTest      jsonCoreTest        `json:"core_test"`
	ConfigSnippet string              `json:"config_snippet,omitempty"`

	// Added within v1: in a group summary (budgetlens consolidate), the
	// units in the group's currency and the rate each was converted at.
	Entities []jsonEntity `json:"entities,omitempty"`

	// Added within v1: every commentary row shown in the period's
	// report, with the line it is about (whole = about the category as a
	// whole); those about one line are in that line's comments too.
	Comments []jsonPeriodComment `json:"comments,omitempty"`
}

type jsonPeriodComment struct {
	Category   string `json:"category"`
	Channel    string `json:"channel"`
	Region     string `json:"region"`
	Unbudgeted bool   `json:"unbudgeted"`
	Whole      bool   `json:"whole"`
	jsonComment
}

type jsonEntity struct {
	Name     string  `json:"name"`
	Currency string  `json:"currency"`
	Budget   float64 `json:"budget"`
	Actual   float64 `json:"actual"`
	Variance float64 `json:"variance"`
	Landing  float64 `json:"landing"`
	FXRate   float64 `json:"fx_rate"`
	Stale    bool    `json:"stale,omitempty"`
}

type jsonCoreTest struct {
	Core      float64  `json:"core"`
	Test      float64  `json:"test"`
	CorePct   *float64 `json:"core_pct"`
	TargetPct float64  `json:"target_pct"`
}

type jsonLine struct {
	Category    string   `json:"category"`
	Channel     string   `json:"channel"`
	Region      string   `json:"region"`
	Role        string   `json:"role"`
	Budget      float64  `json:"budget"`
	Actual      float64  `json:"actual"`
	Variance    float64  `json:"variance"`
	VariancePct *float64 `json:"variance_pct"`
	Unbudgeted  bool     `json:"unbudgeted"`
	// Added within v1; see jsonPeriod.
	BudgetOriginal float64  `json:"budget_original"`
	PriorActual    *float64 `json:"prior_actual"`
	YoYPct         *float64 `json:"yoy_pct"`
	// Drivers are the largest ledger rows behind a material variance;
	// absent for other lines.
	Drivers []jsonDriver `json:"drivers,omitempty"`
	// Comments are the commentary sheet's notes on the line (added within
	// v1); absent when there are none.
	Comments []jsonComment `json:"comments,omitempty"`
}

// jsonComment is one commentary row shown beside a line: the period it is
// about (a month's note in a quarter's summary keeps its month), the text
// and the row it was read from.
type jsonComment struct {
	Period string `json:"period"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

type jsonDriver struct {
	Date     string  `json:"date"`
	Vendor   string  `json:"vendor"`
	Campaign string  `json:"campaign"`
	Amount   float64 `json:"amount"`
	Comment  string  `json:"comment"`
}

type jsonFinding struct {
	Code     string   `json:"code"`
	Severity string   `json:"severity"`
	Subject  string   `json:"subject"`
	Value    *float64 `json:"value"`
	Limit    *float64 `json:"limit"`
	Unit     string   `json:"unit"`
	Message  string   `json:"message"`
}

// jsonRecommendation is exactly {code, priority, move, effect, reasons}:
// the sentences are rendered by reports/present, not stored.
type jsonRecommendation struct {
	Code     string       `json:"code"`
	Priority int          `json:"priority"`
	Move     *jsonMove    `json:"move"`
	Effect   *jsonEffect  `json:"effect"`
	Reasons  []jsonReason `json:"reasons"`
}

// jsonEffect is the expected change a month at current unit costs.
type jsonEffect struct {
	Leads   float64 `json:"leads"`
	Won     float64 `json:"won"`
	Revenue float64 `json:"revenue"`
}

type jsonReason struct {
	Code    string `json:"code"`
	Subject string `json:"subject"`
}

// jsonPlan is the period's reallocation plan in totals; its steps are the
// money recommendations. Amounts are per month except gap, overrun,
// covered and shortfall (whole year).
type jsonPlan struct {
	Overrun   float64     `json:"overrun"`
	Gap       float64     `json:"gap"`
	Months    int         `json:"months"`
	CutTotal  float64     `json:"cut_total"`
	MoveTotal float64     `json:"move_total"`
	Covered   float64     `json:"covered"`
	CoreCut   float64     `json:"core_cut"`
	Shortfall float64     `json:"shortfall"`
	Effect    *jsonEffect `json:"effect"`
}

func effect(e *reports.Effect) *jsonEffect {
	if e == nil {
		return nil
	}
	return &jsonEffect{Leads: e.Leads, Won: e.Won, Revenue: e.Revenue.Round2()}
}

type jsonMove struct {
	From   string  `json:"from"`
	To     string  `json:"to"`
	Amount float64 `json:"amount"`
}

// jsonFunnelStats are the fields shared by the total funnel and each
// channel's.
type jsonFunnelStats struct {
	Leads         int64               `json:"leads"`
	MQL           int64               `json:"mql"`
	SQL           int64               `json:"sql"`
	Opportunities int64               `json:"opportunities"`
	POC           int64               `json:"poc"`
	Won           int64               `json:"won"`
	Revenue       float64             `json:"revenue"`
	Spend         float64             `json:"spend"`
	Conversions   map[string]*float64 `json:"conversions"` // encoding/json sorts the keys
	UnitCosts     map[string]*float64 `json:"unit_costs"`
	ROAS          *float64            `json:"roas"`
	ROI           *float64            `json:"roi"`
	CostToRevenue *float64            `json:"cost_to_revenue"`
}

type jsonFunnel struct {
	jsonFunnelStats
	Channels []jsonChannel `json:"channels"`
}

type jsonChannel struct {
	Channel string `json:"channel"`
	jsonFunnelStats
}

type jsonMix struct {
	Role           string   `json:"role"`
	Actual         float64  `json:"actual"`
	ActualPct      *float64 `json:"actual_pct"`
	RecommendedPct *float64 `json:"recommended_pct"`
	Gap            float64  `json:"gap"`
}

type jsonForecast struct {
	AnnualBudget  float64 `json:"annual_budget"`
	YTDBudget     float64 `json:"ytd_budget"`
	YTDActual     float64 `json:"ytd_actual"`
	Landing       float64 `json:"landing"`
	RunRate       float64 `json:"run_rate"`
	MonthsElapsed int     `json:"months_elapsed"`
}

type jsonData struct {
	RowsUsed     int  `json:"rows_used"`
	RowsSkipped  int  `json:"rows_skipped"`
	RowsRejected int  `json:"rows_rejected"`
	Reconciled   bool `json:"reconciled"`
}

func period(r *reports.Report) jsonPeriod {
	p := r.Period
	t := r.Totals
	out := jsonPeriod{
		ID:         p.ID,
		Kind:       string(p.Kind),
		FiscalYear: p.FiscalYear,
		Start:      p.Start.First().Format(time.DateOnly),
		End:        p.End.Last().Format(time.DateOnly),
		Complete:   p.Complete,
		Through:    p.Through.String(),

		Budget:      t.Budget.Round2(),
		Actual:      t.Actual.Round2(),
		Variance:    t.Variance().Round2(),
		VariancePct: pct(t.VariancePct()),
		UsedPct:     pct(t.UsedPct()),
		Unbudgeted:  r.Unbudgeted.Round2(),

		BudgetFull:     r.BudgetFull.Round2(),
		BudgetOriginal: t.Budget.Round2(),

		Lines:           []jsonLine{},
		Findings:        make([]jsonFinding, 0, len(r.Findings)),
		Recommendations: make([]jsonRecommendation, 0, len(r.Recommendations)),
		Funnel:          jsonFunnel{jsonFunnelStats: funnelStats(r.Funnel), Channels: make([]jsonChannel, 0, len(r.Channels))},
		Mix:             make([]jsonMix, 0, len(r.Mix)),
		Forecast: jsonForecast{
			AnnualBudget:  r.Forecast.AnnualBudget.Round2(),
			YTDBudget:     r.Forecast.YTD.Budget.Round2(),
			YTDActual:     r.Forecast.YTD.Actual.Round2(),
			Landing:       r.Forecast.Landing.Round2(),
			RunRate:       r.Forecast.RunRate.Round2(),
			MonthsElapsed: r.Forecast.MonthsElapsed,
		},
		LoopCosts:     map[string]*float64{},
		CoreTest:      coreTest(r),
		ConfigSnippet: r.ConfigSnippet,
		Plan: jsonPlan{
			Overrun: r.Plan.Overrun.Round2(), Gap: r.Plan.Gap.Round2(), Months: r.Plan.Months,
			CutTotal: r.Plan.CutTotal.Round2(), MoveTotal: r.Plan.MoveTotal.Round2(), Covered: r.Plan.Covered.Round2(),
			CoreCut: r.Plan.CoreCut.Round2(), Shortfall: r.Plan.Shortfall.Round2(), Effect: effect(r.Plan.Effect),
		},
		Data: jsonData{
			RowsUsed:     r.Notes.RowsUsed,
			RowsSkipped:  r.Notes.RowsSkipped,
			RowsRejected: r.Notes.RowsRejected,
			Reconciled:   r.Notes.Reconciled,
		},
	}
	if r.Original.OK {
		out.BudgetOriginal = r.Original.Amount.Round2()
	}
	if r.Prior.OK {
		out.PriorActual, out.YoYPct = prior(t.Actual, r.Prior.Amount)
	}
	for _, l := range lines(r) {
		jl := jsonLine{
			Category:    l.Category,
			Channel:     l.Channel,
			Region:      l.Region,
			Role:        string(l.Role),
			Budget:      l.Budget.Round2(),
			Actual:      l.Actual.Round2(),
			Variance:    l.Variance().Round2(),
			VariancePct: pct(l.VariancePct()),
			Unbudgeted:  l.Unbudgeted,

			BudgetOriginal: l.Budget.Round2(),
		}
		if r.Original.OK {
			jl.BudgetOriginal = l.Original.Round2()
		}
		if r.Prior.OK {
			jl.PriorActual, jl.YoYPct = prior(l.Actual, l.Prior)
		}
		jl.Drivers = drivers(r, l)
		for _, c := range r.Comments {
			if !c.Whole && c.LineKey == l.LineKey && c.Unbudgeted == l.Unbudgeted {
				jl.Comments = append(jl.Comments, comment(c))
			}
		}
		out.Lines = append(out.Lines, jl)
	}
	for _, c := range r.Comments {
		out.Comments = append(out.Comments, jsonPeriodComment{Category: c.Category, Channel: c.Channel, Region: c.Region,
			Unbudgeted: c.Unbudgeted, Whole: c.Whole, jsonComment: comment(c)})
	}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			Code:     f.Code,
			Severity: string(f.Severity),
			Subject:  f.Subject,
			Value:    round2(f.Value, true),
			Limit:    round2(f.Limit, true),
			Unit:     f.Unit,
			Message:  f.Message,
		})
	}
	for _, rec := range r.Recommendations {
		jr := jsonRecommendation{Code: rec.Code, Priority: rec.Priority, Effect: effect(rec.Effect), Reasons: []jsonReason{}}
		for _, rs := range rec.Reasons {
			jr.Reasons = append(jr.Reasons, jsonReason{rs.Code, rs.Subject})
		}
		if rec.Move != nil {
			jr.Move = &jsonMove{From: rec.Move.From, To: rec.Move.To, Amount: rec.Move.Amount.Round2()}
		}
		out.Recommendations = append(out.Recommendations, jr)
	}
	for _, c := range r.Channels {
		out.Funnel.Channels = append(out.Funnel.Channels, jsonChannel{Channel: c.Channel, jsonFunnelStats: funnelStats(c)})
	}
	for _, u := range r.LoopCosts {
		var v *float64
		if u.OK {
			x := u.Cost.Round2()
			v = &x
		}
		out.LoopCosts[u.Code] = v
	}
	for _, e := range r.Entities {
		out.Entities = append(out.Entities, jsonEntity{
			Name:     e.Name,
			Currency: e.Currency,
			Budget:   e.Budget.Round2(),
			Actual:   e.Actual.Round2(),
			Variance: e.Variance().Round2(),
			Landing:  e.Landing.Round2(),
			FXRate:   e.Rate.Float(),
			Stale:    e.Stale,
		})
	}
	for _, m := range r.Mix {
		out.Mix = append(out.Mix, jsonMix{
			Role:           string(m.Role),
			Actual:         m.Actual.Round2(),
			ActualPct:      round2(m.ActualPct, true),
			RecommendedPct: round2(m.RecommendedPct, true),
			Gap:            m.Gap.Round2(),
		})
	}
	return out
}

// prior returns last year's actual and the year-on-year change in percent
// (null when last year's actual is zero).
func prior(actual, py reports.Money) (*float64, *float64) {
	v := py.Round2()
	return &v, pct(reports.Pct(actual-py, py))
}

func coreTest(r *reports.Report) jsonCoreTest {
	core, test := r.CoreTest[0], r.CoreTest[1]
	return jsonCoreTest{Core: core.Round2(), Test: test.Round2(), CorePct: pct(reports.Pct(core, core+test)), TargetPct: r.CoreTargetPc}
}

// The stage conversions and unit costs of domain.md §5, as summary.json
// names them: "<from>_<to>" stage codes and reports.UnitCost codes.
var (
	conversionKeys = []string{"leads_mql", "mql_sql", "sql_opps", "opps_poc", "poc_won"}
	unitCostKeys   = []string{"cpl", "cost_per_mql", "cost_per_sql", "cost_per_opp", "cac"}
)

func funnelStats(s reports.FunnelStats) jsonFunnelStats {
	out := jsonFunnelStats{
		Leads:         s.Leads,
		MQL:           s.MQL,
		SQL:           s.SQL,
		Opportunities: s.Opps,
		POC:           s.POC,
		Won:           s.Won,
		Revenue:       s.Revenue.Round2(),
		Spend:         s.Spend.Round2(),
		Conversions:   make(map[string]*float64, len(s.Conversions)),
		UnitCosts:     make(map[string]*float64, len(s.UnitCosts)),
		ROAS:          ratio(s.ROAS, s.ROASOK),
		ROI:           ratio(s.ROI, s.ROIOK),
		CostToRevenue: ratio(s.CostToRevenue, s.CostToRevenueOK),
	}
	// Every known key is present, null until the analysis gives a value,
	// so consumers never have to tell a missing key from an undefined one.
	for _, k := range conversionKeys {
		out.Conversions[k] = nil
	}
	for _, k := range unitCostKeys {
		out.UnitCosts[k] = nil
	}
	for _, c := range s.Conversions {
		out.Conversions[c.From+"_"+c.To] = round2(c.Rate, c.OK)
	}
	for _, u := range s.UnitCosts {
		var v *float64
		if u.OK {
			x := u.Cost.Round2()
			v = &x
		}
		out.UnitCosts[u.Code] = v
	}
	return out
}

// pct rounds a percentage to two decimals; it is nil (null) when the ratio
// is undefined.
func pct(v float64, ok bool) *float64 { return round2(v, ok) }

// round2 rounds v half away from zero to two decimals. It is nil when ok
// is false or v is not a finite number, which JSON cannot carry.
func round2(v float64, ok bool) *float64 { return roundTo(v, 100, ok) }

// ratio rounds a plain ratio (ROAS, ROI, cost to revenue) to four decimals:
// two would flatten a cost-to-revenue of 0.0345 to 0.03.
func ratio(v float64, ok bool) *float64 { return roundTo(v, 10000, ok) }

func roundTo(v, scale float64, ok bool) *float64 {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	// Dividing a whole number by a power of ten gives the float64 nearest
	// the decimal, which encoding/json prints without float noise.
	r := math.Round(v*scale) / scale
	if math.IsInf(r, 0) {
		return nil
	}
	if r == 0 {
		r = 0 // no "-0"
	}
	return &r
}

// lines returns the report's lines in presentation order: the budget lines
// category by category in workbook order, then the unbudgeted lines.
func lines(r *reports.Report) []reports.LineResult {
	var out []reports.LineResult
	for _, c := range r.Categories {
		out = append(out, c.Lines...)
	}
	return append(out, r.UnbudgetedLines...)
}

// sources lists the run's input files; every report of a run carries the
// same files in its data notes.
func sources(files []reports.FileReport) []jsonSource {
	out := make([]jsonSource, 0, len(files))
	for _, f := range files {
		u, sk, rj := f.Rows()
		src := jsonSource{Name: f.Name, Size: f.Size, SHA256: f.SHA256, RowsUsed: u, RowsSkipped: sk, RowsReject: rj, Duplicate: f.Duplicate,
			Status: string(f.Status), SupersededBy: f.SupersededBy, Decisions: f.Decisions}
		if f.PriorYear {
			src.Use = "prior_year"
		}
		switch {
		case f.Duplicate != "":
			src.Status = string(reports.StatusDuplicate)
		case src.Status == "" && f.Err == nil:
			src.Status = string(reports.StatusUsed)
		case src.Status == "":
			src.Status = "rejected"
		}
		if !f.Modified.IsZero() {
			src.Modified = f.Modified.UTC().Format(time.RFC3339)
		}
		if f.Err != nil {
			src.Error = f.Err.Error()
		}
		out = append(out, src)
	}
	return out
}

// comment is a commentary row as summary.json gives it.
func comment(c reports.LineComment) jsonComment {
	return jsonComment{Period: c.Period.ID, Text: c.Text, Source: strings.TrimSuffix((&reports.CellError{File: c.Source.File, Sheet: c.Source.Sheet, Row: c.Source.Row}).Error(), ": ")}
}

// drivers returns the rows behind line l's material variance, or nil.
func drivers(r *reports.Report, l reports.LineResult) []jsonDriver {
	for _, d := range r.Drivers {
		if d.LineKey != l.LineKey || d.Unbudgeted != l.Unbudgeted {
			continue
		}
		out := make([]jsonDriver, 0, len(d.Rows))
		for _, row := range d.Rows {
			out = append(out, jsonDriver{Date: row.Date.Format("2006-01-02"), Vendor: row.Vendor, Campaign: row.Campaign,
				Amount: row.Amount.Round2(), Comment: row.Comment})
		}
		return out
	}
	return nil
}
