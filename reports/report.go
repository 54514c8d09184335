package reports

import (
	"fmt"
	"time"
)

// PeriodKind is the length of a reporting period.
type PeriodKind string

// Period kinds.
const (
	KindMonth   PeriodKind = "month"
	KindQuarter PeriodKind = "quarter"
	KindYear    PeriodKind = "year"
)

// Period is a reporting period: a calendar month, a fiscal quarter or a
// fiscal year. A fiscal year is named by the calendar year it starts in
// (with fiscal_year_start = 4, FY 2026 runs April 2026 – March 2027) and its
// quarters count from its first month. IDs: "2026-03", "2026-Q1", "2026".
type Period struct {
	ID         string
	Kind       PeriodKind
	FiscalYear int
	Quarter    int   // 1–4 for quarters, 0 otherwise
	Start, End Month // inclusive
	// Through is the last month of the period covered by the data; it equals
	// End when the period is complete and is earlier for a period-to-date.
	Through  Month
	Complete bool
}

// Months returns the months from Start to End.
func (p Period) Months() []Month {
	var out []Month
	for m := p.Start; !p.End.Before(m); m = m.Add(1) {
		out = append(out, m)
	}
	return out
}

// Contains reports whether m lies within the period.
func (p Period) Contains(m Month) bool { return !m.Before(p.Start) && !p.End.Before(m) }

// FiscalYearOf returns the fiscal year that contains m for a fiscal year
// starting in month start.
func FiscalYearOf(m Month, start time.Month) int {
	if m.Month >= start {
		return m.Year
	}
	return m.Year - 1
}

// FiscalYearStart returns the first month of fiscal year fy.
func FiscalYearStart(fy int, start time.Month) Month { return Month{fy, start} }

// MonthPeriod returns the period of one calendar month.
func MonthPeriod(m Month, fyStart time.Month) Period {
	return Period{ID: m.String(), Kind: KindMonth, FiscalYear: FiscalYearOf(m, fyStart), Start: m, End: m, Through: m, Complete: true}
}

// QuarterPeriod returns fiscal quarter q (1–4) of fiscal year fy.
func QuarterPeriod(fy, q int, fyStart time.Month) Period {
	s := FiscalYearStart(fy, fyStart).Add(3 * (q - 1))
	return Period{ID: fmt.Sprintf("%d-Q%d", fy, q), Kind: KindQuarter, FiscalYear: fy, Quarter: q, Start: s, End: s.Add(2), Through: s.Add(2), Complete: true}
}

// YearPeriod returns fiscal year fy.
func YearPeriod(fy int, fyStart time.Month) Period {
	s := FiscalYearStart(fy, fyStart)
	return Period{ID: fmt.Sprintf("%d", fy), Kind: KindYear, FiscalYear: fy, Start: s, End: s.Add(11), Through: s.Add(11), Complete: true}
}

// QuarterOf returns the fiscal quarter (1–4) that contains m.
func QuarterOf(m Month, fyStart time.Month) int {
	fy := FiscalYearOf(m, fyStart)
	return (m.Index()-FiscalYearStart(fy, fyStart).Index())/3 + 1
}

// Amounts is a budget and an actual over the same scope.
type Amounts struct {
	Budget Money
	Actual Money
}

// Variance returns actual − budget: positive is overspend.
func (a Amounts) Variance() Money { return a.Actual - a.Budget }

// VariancePct returns the variance as a percentage of budget; ok is false
// when the budget is zero.
func (a Amounts) VariancePct() (float64, bool) { return Pct(a.Variance(), a.Budget) }

// UsedPct returns actual as a percentage of budget; ok is false when the
// budget is zero.
func (a Amounts) UsedPct() (float64, bool) { return Pct(a.Actual, a.Budget) }

// Add returns a + o.
func (a Amounts) Add(o Amounts) Amounts { return Amounts{a.Budget + o.Budget, a.Actual + o.Actual} }

// LineResult is one budget line (or one unbudgeted actual line) in a period.
type LineResult struct {
	LineKey
	Role Role
	Amounts
	Unbudgeted bool // actual spend that matched no budget line
	Entries    int  // ledger rows behind Actual
	// Original is the line's budget in the first plan version over the
	// same months (Report.Original.OK says whether there is one).
	Original Money
	// Prior is the line's actual spend in the same months of the previous
	// fiscal year (Report.Prior.OK says whether last year's actuals exist).
	Prior Money
}

// CategoryResult is a category's total and its lines, in workbook order.
type CategoryResult struct {
	Category string
	Amounts
	Lines []LineResult
}

// MonthPoint is one month of the burn-up: the month's budget and actual and
// the fiscal-year cumulative values. HasActual is false for months without
// data yet (the actual line stops there). Prior and CumPrior are last
// fiscal year's actual spend in the same calendar month and cumulated
// from its first month (IBCS PY); HasPrior says whether last year's
// ledgers hold that month (always false when Report.Prior.OK is false).
type MonthPoint struct {
	Month     Month
	Budget    Money
	Actual    Money
	CumBudget Money
	CumActual Money
	HasActual bool
	Prior     Money
	CumPrior  Money
	HasPrior  bool
}

// Forecast is the full-year landing forecast made at the end of a period.
type Forecast struct {
	AnnualBudget Money
	YTD          Amounts // from the fiscal year's first month to the period's Through month
	// Landing is YTD actual plus the budget of the remaining months.
	Landing Money
	// RunRate is YTD actual scaled to twelve months.
	RunRate Money
	// MonthsElapsed is the number of fiscal-year months covered by YTD.
	MonthsElapsed int
}

// StageConversion is the conversion between two adjacent funnel stages.
type StageConversion struct {
	From, To string  // stage codes: leads, mql, sql, opps, poc, won
	Rate     float64 // next ÷ previous × 100, in percent like every share in Report
	OK       bool    // false when the earlier stage is zero
}

// UnitCost is a cost per outcome; OK is false when the count is zero.
type UnitCost struct {
	Code string // cpl, cost_per_mql, cost_per_sql, cost_per_opp, cac
	Cost Money
	OK   bool
}

// FunnelStats is a funnel with its spend and the ratios derived from it.
type FunnelStats struct {
	Channel string // "" for the total
	Funnel
	Spend       Money
	Conversions []StageConversion
	UnitCosts   []UnitCost
	// ROAS = revenue / cost, ROI = (revenue − cost) / cost and
	// CostToRevenue = cost / revenue (domain.md §4); OK flags are false
	// when the divisor is zero or the channel has no funnel results at all
	// (its returns are not tracked).
	ROAS, ROI, CostToRevenue       float64
	ROASOK, ROIOK, CostToRevenueOK bool
}

// MixShare compares a role's actual share of spend with the stage's
// recommended share.
type MixShare struct {
	Role           Role
	Actual         Money
	ActualPct      float64
	RecommendedPct float64
	// Gap is the money the role is over (+) or under (−) the recommended
	// share of the period's total actual spend.
	Gap Money
}

// Finding is one threshold check that fired. Code is part of the
// summary.json contract (over_budget, under_budget, below_inflection,
// above_saturation, saturation_detected, overhead_share, budget_to_revenue,
// unbudgeted_spend, forecast_overrun, mix_gap).
type Finding struct {
	Code     string
	Severity Severity
	Subject  string  // the line as named in the workbook: "Category / Channel", a channel, a role
	Value    float64 // in major units for money, percent for shares
	Limit    float64
	Unit     string // "money" or "pct"
	Message  string // a sentence in the report's language
}

// Move is a concrete reallocation, per month: Amount leaves From and goes
// to To. A cut (money leaves the plan) has an empty To; a promotion (a test
// made core with a budget of Amount a month) has an empty From.
type Move struct {
	From, To string
	Amount   Money
}

// Effect is the expected change per month in leads, won deals and revenue
// of a plan step, at the channels' current unit costs (cost per lead, CAC,
// ROAS over the fiscal year to date). Counts are fractional: 0.4 deals a
// month is 1.2 over a quarter.
type Effect struct {
	Leads   float64
	Won     float64
	Revenue Money
}

// Add returns e + o.
func (e Effect) Add(o Effect) Effect {
	return Effect{e.Leads + o.Leads, e.Won + o.Won, e.Revenue + o.Revenue}
}

// Reason names a finding (by code and subject) that a plan step or a
// recommendation answers.
type Reason struct {
	Code    string
	Subject string
}

// Recommendation is one ranked recommendation, derived from the period's
// Plan. It carries no sentences: reports/present renders them from these
// fields in the report's language. Codes: cut, move, stop_test,
// promote_test, decide_test, gap_open, channel_roi, mix_review,
// funnel_diagnosis, core_test, overhead_review, budget_unbudgeted,
// budget_to_revenue, stage, situation_<name>.
type Recommendation struct {
	Code     string
	Priority int // 1 is most important
	Move     *Move
	Effect   *Effect // nil when neither channel has funnel data
	Reasons  []Reason
}

// Channel bands of the plan: where a channel's spend level sits against its
// inflection point and saturation threshold.
const (
	BandBelow      = "below_inflection"
	BandProductive = "productive"
	BandSaturated  = "saturated"
	BandUnknown    = "unknown" // no benchmark configured and no signal
)

// Test verdicts (domain.md §3: tests are judged on results).
const (
	TestPromote = "promote" // unit costs reach the core channels' median
	TestStop    = "stop"    // reached its inflection and still returns less
	TestDecide  = "decide"  // never reached its inflection: extend or stop by decision
)

// ChannelPlan is the plan's assessment of one channel with spend.
type ChannelPlan struct {
	Channel string
	Role    Role
	Test    bool // role test
	// Unit is "month", "event" or "piece": the unit of Inflection,
	// Saturation and PerUnit. Active is the number of months with spend
	// in the period; Units the number of events or pieces in them (equal
	// to Active for unit month).
	Unit   string
	Active int
	Units  int
	Spend  Money // in the period
	Level  Money // per active month: the base of every per-month amount
	// PerUnit is the spend per unit (per active month, event or piece),
	// compared with Inflection and Saturation.
	PerUnit                Money
	Inflection, Saturation Money // per unit; 0 = not configured
	Band                   string
	SaturationDetected     bool
	Headroom               Money // per month below saturation; 0 when none
	// Returns over the fiscal year to date: ROAS when revenue is tracked
	// (some channel closed revenue), CAC and cost per lead.
	ROAS         float64
	ROASOK       bool
	CAC, CPL     Money
	CACOK, CPLOK bool
	Tracked      bool // the channel has funnel rows
	Unbudgeted   bool // no budget line names the channel
	Overhead     bool
	Verdict      string // tests only: TestPromote, TestStop or TestDecide
	Best         bool   // the best-returning channel
}

// PlanStep is one cut or move of the plan, per month.
type PlanStep struct {
	Move
	// Tier is why the money is taken: zero_return, low_return,
	// above_saturation, test_failed, below_inflection, stage (decline:
	// roles above their share), core (productive core spend, cut only to
	// close a gap) or shift (toward the best channel).
	Tier    string
	Effect  *Effect
	Reasons []Reason
}

// Plan is the period's single reallocation plan (issue: one plan, not a
// list of tips); every money recommendation is derived from it.
type Plan struct {
	// Overrun is the forecast landing minus the annual budget (0 when it
	// lands within budget); Gap is the part the plan must close: Overrun
	// when it is material, else 0. Months is the number of fiscal-year
	// months left, over which the per-month amounts apply.
	Overrun Money
	Gap     Money
	Months  int
	Steps   []PlanStep
	// Per-month totals of the steps: money cut from the plan and money
	// moved between channels.
	CutTotal  Money
	MoveTotal Money
	// Covered is CutTotal × Months. CoreCut is the part of CutTotal taken
	// from productive core channels, needed when the waste alone does not
	// close the gap; Shortfall is what is left of the gap after every
	// allowed cut (the best channel is never cut).
	Covered   Money
	CoreCut   Money
	Shortfall Money
	Effect    *Effect // net per month; nil without funnel data
	Channels  []ChannelPlan
	// Funnel is the weakest funnel stage against its benchmark; nil when
	// every stage is at or above it or there is no funnel data.
	Funnel *FunnelDiagnosis
}

// FunnelDiagnosis compares one stage's conversion with the same stage's
// benchmark: the configured [funnel_benchmark], else the company's own
// average over the twelve months before the period (Source "config" or
// "trailing"; "" when neither exists and the weakest stage is named).
type FunnelDiagnosis struct {
	From, To string // stage codes
	Rate     float64
	Bench    float64
	Source   string
}

// DataNotes account for the inputs of a run: every file and its rows, and
// the reconciliation of the ledger total with the reported actuals.
type DataNotes struct {
	Files        []FileReport
	RowsUsed     int
	RowsSkipped  int
	RowsRejected int
	LedgerTotal  Money // sum of all used ledger rows, all months
	ReportedAll  Money // sum of actuals over all reported lines, all months
	Reconciled   bool  // LedgerTotal == ReportedAll
	BudgetTotal  Money // sum of all used budget rows
}

// Report is everything one period's report shows. Renderers and exporters
// read it; only analysis builds it.
type Report struct {
	Company   string
	Currency  string
	Language  string
	Stage     string
	Situation string
	Period    Period
	Generated time.Time

	// Totals is the sum of Categories plus Unbudgeted: actual includes
	// unbudgeted spend.
	Totals     Amounts
	Unbudgeted Money
	// Categories hold the budget lines only, in workbook order.
	Categories []CategoryResult
	// UnbudgetedLines lists, once, the actual spend that matched no budget
	// line; it is not repeated in Categories.
	UnbudgetedLines []LineResult
	Burn            []MonthPoint // the fiscal year's months
	Forecast        Forecast

	Funnel   FunnelStats   // total
	Channels []FunnelStats // per channel with spend or funnel counts
	// LoopCosts are the business-loop unit costs of domain.md §4: Code is
	// acquisition, attribution or nurturing, Cost the spend of the lines
	// whose channel is tagged with that loop divided by the period's leads.
	// Only loops with tagged spend are listed.
	LoopCosts []UnitCost

	Mix          []MixShare
	CoreTest     [2]Money // actual spend on core (non-test) and test roles
	CoreTargetPc float64  // the core share target: 100 − the stage's test share, at least core_share_pct

	Findings []Finding
	// Drivers explain the lines with a material variance: the largest
	// ledger rows behind each, in the order of Categories then
	// UnbudgetedLines (see analysis.drivers for the rule).
	Drivers []LineDrivers
	// Comments are the commentary rows about the period's lines (and the
	// months, quarters within it), in the order of the commentary sheets.
	Comments        []LineComment
	Plan            Plan
	Recommendations []Recommendation
	// ConfigSnippet is, in annual reports, re-estimated [[channel]]
	// benchmarks ready to paste into config.toml.
	ConfigSnippet string

	// Entities are, in a group report (budgetlens consolidate), the
	// business units side by side; nil in a unit's own report.
	Entities []Entity

	Notes DataNotes

	// BudgetFull is the whole period's budget; Totals.Budget is the budget
	// of the months reported (Period.Start … Period.Through), so variance
	// and used % compare like with like for a period reported to date.
	BudgetFull Money
	// Original compares with the first plan version when a later version
	// (a revision or reforecast) is the budget used (IBCS PL beside FC).
	Original Comparison
	// Prior compares with last fiscal year's actual spend in the same
	// months (IBCS PY), when last year's ledgers were among the inputs.
	Prior Comparison
	// BudgetVersions lists the budget workbooks of the period's fiscal
	// year that are versions of one plan, oldest first.
	BudgetVersions []BudgetVersion
}

// Comparison is a second scenario the actuals are compared with: the
// original plan or the prior year's actuals.
type Comparison struct {
	OK     bool  // the scenario exists for this period
	Amount Money // over the months reported
	Full   Money // over the whole period
	Label  string
}

// Variance returns actual − the comparison's amount over the months reported.
func (c Comparison) Variance(actual Money) Money { return actual - c.Amount }

// BudgetVersion is one budget workbook that is a version of a fiscal
// year's plan.
type BudgetVersion struct {
	File       string
	Label      string // the version as stated or inferred: "v2", "修订", "R1", "2026-03-04 10:00"
	FiscalYear int
	Used       bool // the version whose budget the report uses
	Original   bool // the first version (the reports' PL when another is used)
}

// Alerts counts the findings that need a decision (CountFindings): the
// numbers page 1 ("4 alerts and 8 warnings need attention") and the index
// show.
func (r *Report) Alerts() (alerts, warnings int) { return CountFindings(r.Findings) }

// CodeLowReturn is the code of the finding that a channel returns less
// than it costs (ROAS below 1).
const CodeLowReturn = "low_return"

// CountFindings counts the decisions fs asks for, not its rows. Every
// finding of severity alert counts. Warnings count once per subject, and
// not at all for a subject that already has an alert: a channel above its
// configured saturation and detected saturating is one thing to decide.
// The low_return warnings count once together, whatever their number:
// the channels that return less than they cost are one decision (the
// plan cuts them in one go), listed one by one on the findings page
// (issue #10: "4 alerts and 12 warnings" for the sample year counted four
// channels' low returns as four). Info findings are not counted.
func CountFindings(fs []Finding) (alerts, warnings int) {
	key := func(f Finding) string {
		if f.Subject == "" {
			return "\x00" + f.Code
		}
		return f.Subject
	}
	alerted := map[string]bool{}
	for _, f := range fs {
		if f.Severity == SevAlert {
			alerts++
			alerted[key(f)] = true
		}
	}
	warned := map[string]bool{}
	lowReturn := false
	for _, f := range fs {
		if f.Severity != SevWarn || alerted[key(f)] {
			continue
		}
		if f.Code == CodeLowReturn {
			lowReturn = true
			continue
		}
		if !warned[key(f)] {
			warned[key(f)] = true
			warnings++
		}
	}
	if lowReturn {
		warnings++
	}
	return alerts, warnings
}

// Entity is one business unit in a group report: its totals for the
// period, converted into the group's currency at Rate.
type Entity struct {
	Name     string
	Currency string // the unit's reporting currency
	// Rate is group currency per unit of Currency (RateScale when the
	// unit reports in the group's currency); RateNote says where it came
	// from, in the report's language.
	Rate     Rate
	RateNote string
	Amounts  // converted
	Landing  Money
	Alerts   int // the unit's findings of severity alert
	Warnings int // and of severity warn
	Stale    bool
}
