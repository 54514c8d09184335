// Package config reads budgetlens's config.toml: defaults first, then a
// strict decode (unknown keys are errors), then Compile into an immutable,
// validated Config whose errors name the key and its line.
package config

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/currency"

	"github.com/budgetlens/budgetlens/reports"
)

// File mirrors config.toml as written by a user. Every field has a default
// (see Default) except company.name.
type File struct {
	Company    Company              `toml:"company"`
	Paths      Paths                `toml:"paths"`
	Thresholds Thresholds           `toml:"thresholds"`
	Channels   []Channel            `toml:"channel"`
	StageMix   map[string]RoleShare `toml:"stage_mix"`
	Aliases    map[string][]string  `toml:"aliases"`
	Input      Input                `toml:"input"`
	Watch      Watch                `toml:"watch"`
	Budget     Budget               `toml:"budget"`
	Actuals    Actuals              `toml:"actuals"`
	Deliver    DeliverFile          `toml:"deliver"`
	// FunnelBenchmark is each stage's expected conversion in percent, by
	// stage pair: leads_mql, mql_sql, sql_opps, opps_poc, poc_won,
	// opps_won. Stages left out are compared with the company's own
	// trailing average.
	FunnelBenchmark map[string]float64 `toml:"funnel_benchmark"`
}

// Budget says which budget workbook is the plan when several are versions
// of one fiscal year's plan (see reports/inputs).
type Budget struct {
	File         string   `toml:"file"`          // the budget workbook to use, by file name
	VersionOrder []string `toml:"version_order"` // budget workbooks, oldest version first
}

// Actuals says how ledgers covering the same months combine.
type Actuals struct {
	Mode string `toml:"mode"` // "auto" (default), "replace" or "add"
}

// Input says how the input workbooks write their numbers.
type Input struct {
	// Decimal is the decimal separator of amounts typed as text: "point"
	// (1,234.56, the default) or "comma" (1.234,56, as German, French or
	// Spanish spreadsheets write them). Number cells are not affected.
	Decimal string `toml:"decimal"`
}

// Company describes the company the reports are for.
type Company struct {
	Name            string  `toml:"name"`
	Stage           string  `toml:"stage"`
	HighGrowth      bool    `toml:"high_growth"`
	AnnualRevenue   float64 `toml:"annual_revenue"`
	Currency        string  `toml:"currency"`
	FiscalYearStart int     `toml:"fiscal_year_start"`
	Language        string  `toml:"language"`
	Situation       string  `toml:"situation"`
	Timezone        string  `toml:"timezone"` // IANA name; empty = the machine's local zone
}

// Paths are where inputs are read and outputs written. Relative paths are
// relative to the directory of the config file.
type Paths struct {
	Inbox    string `toml:"inbox"`
	Outputs  string `toml:"outputs"`
	Archive  string `toml:"archive"`
	Rejected string `toml:"rejected"`
}

// Thresholds are the limits of the threshold checks (domain.md §2–3).
type Thresholds struct {
	OverBudgetPct         float64   `toml:"over_budget_pct"`
	UnderBudgetPct        float64   `toml:"under_budget_pct"`
	MinLineAmount         float64   `toml:"min_line_amount"`
	OverheadWarnPct       float64   `toml:"overhead_warn_pct"`
	OverheadAlertPct      float64   `toml:"overhead_alert_pct"`
	BudgetToRevenue       []float64 `toml:"budget_to_revenue"`
	BudgetToRevenueHigh   []float64 `toml:"budget_to_revenue_high_growth"`
	MixGapPoints          float64   `toml:"mix_gap_points"`
	CoreSharePct          float64   `toml:"core_share_pct"`
	SaturationSpendGrowth float64   `toml:"saturation_spend_growth_pct"`
	SaturationLeadsGrowth float64   `toml:"saturation_leads_growth_pct"`
	MaterialAmount        float64   `toml:"material_amount"`
	PlanMaterialPct       float64   `toml:"plan_material_pct"`
	OneOffRowPct          float64   `toml:"one_off_row_pct"`
}

// Channel configures one channel: its role, benchmarks and aliases.
type Channel struct {
	Name       string   `toml:"name"`
	Role       string   `toml:"role"`
	Inflection float64  `toml:"inflection"`
	Saturation float64  `toml:"saturation"`
	Overhead   bool     `toml:"overhead"`
	Loop       string   `toml:"loop"`
	Aliases    []string `toml:"aliases"`
	Unit       string   `toml:"unit"`
	Amortize   bool     `toml:"amortize"`
	// Category is the budget category of the channel's lines in inputs
	// without a category column (a budget of month, channel and amount; an
	// ERP ledger); empty means the channel's own name.
	Category string `toml:"category"`
}

// RoleShare is a stage's recommended share of spend per role, in percent.
type RoleShare struct {
	Consideration float64 `toml:"consideration"`
	Awareness     float64 `toml:"awareness"`
	Customer      float64 `toml:"customer"`
	Test          float64 `toml:"test"`
}

// Watch configures the watch mode.
type Watch struct {
	Settle  string `toml:"settle"`
	Poll    string `toml:"poll"`
	Archive string `toml:"archive"`
}

// Stages lists the company stages of domain.md §1.
var Stages = []string{"startup", "growth", "mature", "decline"}

// Situations lists the special situations of domain.md §9.
var Situations = []string{"downturn", "recovery", "policy", "launch"}

// Loops lists the business-loop budgets of domain.md §4.
var Loops = []string{"acquisition", "attribution", "nurturing"}

// FunnelStages lists the stage pairs a [funnel_benchmark] may set.
var FunnelStages = []string{"leads_mql", "mql_sql", "sql_opps", "opps_poc", "poc_won", "opps_won"}

// HeaderFields lists the logical input columns whose header aliases can be
// extended under [aliases].
var HeaderFields = []string{
	"month", "date", "category", "channel", "region", "role", "project", "campaign",
	"vendor", "amount", "budget", "leads", "mql", "sql", "opportunities", "poc", "won", "revenue",
	"debit", "credit", "aux", "memo", "comment", "line",
}

// Default returns the configuration used for every key a file leaves out.
func Default() File {
	return File{
		Company: Company{
			Stage:           "growth",
			Currency:        "CNY",
			FiscalYearStart: 1,
			Language:        "en",
		},
		Paths: Paths{Inbox: "inbox", Outputs: "outputs"},
		Thresholds: Thresholds{
			OverBudgetPct:         10,
			UnderBudgetPct:        25,
			MinLineAmount:         1000,
			OverheadWarnPct:       3,
			OverheadAlertPct:      5,
			BudgetToRevenue:       []float64{6, 8},
			BudgetToRevenueHigh:   []float64{10, 14},
			MixGapPoints:          10,
			CoreSharePct:          70,
			SaturationSpendGrowth: 50,
			SaturationLeadsGrowth: 10,
			MaterialAmount:        10000,
			PlanMaterialPct:       1,
			OneOffRowPct:          50,
		},
		StageMix: DefaultStageMix(),
		Input:    Input{Decimal: "point"},
		Watch:    Watch{Settle: "5s", Poll: "2s", Archive: "move"},
		Actuals:  Actuals{Mode: "auto"},
		Deliver:  DeliverFile{Retries: 3, RetryWait: "5s"},
	}
}

// DefaultStageMix returns the recommended role shares of domain.md §1.
func DefaultStageMix() map[string]RoleShare {
	return map[string]RoleShare{
		"startup": {Consideration: 60, Awareness: 30, Customer: 0, Test: 10},
		"growth":  {Consideration: 45, Awareness: 40, Customer: 0, Test: 15},
		"mature":  {Consideration: 30, Awareness: 30, Customer: 25, Test: 15},
		"decline": {Consideration: 0, Awareness: 20, Customer: 50, Test: 30},
	}
}

// Config is a compiled, validated configuration. Treat it as read-only.
type Config struct {
	Company       string
	Stage         string
	HighGrowth    bool
	AnnualRevenue reports.Money
	Currency      string
	FYStart       time.Month
	Language      string // "en" or "zh-CN"
	Situation     string

	Dir      string // directory of the config file; relative paths resolve here
	Inbox    string
	Outputs  string
	Archive  string
	Rejected string

	OverBudgetPct         float64
	UnderBudgetPct        float64
	MinLineAmount         reports.Money
	OverheadWarnPct       float64
	OverheadAlertPct      float64
	RevenueBand           [2]float64 // for this company (high growth applied)
	RevenueBandHigh       [2]float64 // the high-growth band (a startup is judged on it)
	MixGapPoints          float64
	CoreSharePct          float64
	SaturationSpendGrowth float64
	SaturationLeadsGrowth float64
	// MaterialAmount is the absolute materiality floor: a variance or an
	// overrun smaller than this is not a decision (min_line_amount still
	// filters lines); PlanMaterialPct the share of the annual budget a
	// forecast overrun must exceed before the plan closes it; OneOffRowPct
	// the share of a month's spend above which a single ledger row is a
	// one-off (a saturation signal driven by it is ignored).
	MaterialAmount  reports.Money
	PlanMaterialPct float64
	OneOffRowPct    float64

	Channels []ChannelRule
	// StageMix holds the recommended share per role in percent for each stage.
	StageMix map[string]map[reports.Role]float64
	// FunnelBenchmark holds configured stage conversions in percent, keyed
	// "leads→mql" etc. (see FunnelStages).
	FunnelBenchmark map[string]float64
	// HeaderAliases holds extra header names per logical field (see HeaderFields).
	HeaderAliases map[string][]string
	// DecimalComma is [input] decimal = "comma": amounts typed as text
	// write 1.234,56.
	DecimalComma bool

	WatchSettle  time.Duration
	WatchPoll    time.Duration
	WatchArchive string // "move" or "copy"

	BudgetFile         string   // [budget] file, a base name; "" = decide by version
	BudgetVersionOrder []string // [budget] version_order, base names, oldest first
	ActualsMode        string   // [actuals] mode: "auto", "replace" or "add"
	// Location is [company] timezone: report timestamps are shown in it.
	Location *time.Location
	// Deliver is the [deliver] table: e-mail and chat notices after a run.
	Deliver Deliver

	Hash string // sha256 of the config file bytes ("" for defaults)
}

// ChannelRule is a compiled [[channel]] entry.
type ChannelRule struct {
	Name       string
	Role       reports.Role
	Inflection reports.Money // per month; 0 = not configured
	Saturation reports.Money // per month; 0 = not configured
	Overhead   bool
	Loop       string
	Aliases    []string
	// Unit is what Inflection and Saturation are per: "month" (default),
	// "event" or "piece"; events and pieces are counted from the ledger
	// (distinct campaigns, else rows) in each month with spend.
	Unit string
	// Amortize spreads the channel's spend in a period evenly over the
	// fiscal year's months to date (an annual licence paid in one month).
	Amortize bool
	Category string // for inputs without a category column; "" = the channel's name
}

// Mix returns the recommended role shares for the configured stage.
func (c *Config) Mix() map[reports.Role]float64 { return c.StageMix[c.Stage] }

// Error is a configuration problem naming the key and, when known, its line.
type Error struct {
	File string
	Key  string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += ":" + strconv.Itoa(e.Line)
	}
	if e.Key != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

// ErrConfig is wrapped by every error Load returns, so callers can map it
// to the usage/config exit code.
var ErrConfig = errors.New("config error")

// Errors is a list of configuration problems.
type Errors []*Error

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Is makes errors.Is(err, ErrConfig) true for every config error.
func (es Errors) Is(target error) bool { return target == ErrConfig }

// Load reads, decodes and compiles the config file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Errors{{File: path, Msg: err.Error()}}
	}
	return Parse(path, data)
}

// decodeStrict decodes TOML text into v. A syntax or type error comes back
// alone with ok false; otherwise every key v has no field for is an
// "unknown key" error naming its line, unless allowed accepts it (a nil
// allowed accepts none).
func decodeStrict(name string, data []byte, v any, allowed func(toml.Key) bool) (md toml.MetaData, errs Errors, ok bool) {
	md, err := toml.Decode(string(data), v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return md, Errors{{File: name, Line: pe.Position.Line, Msg: pe.Message}}, false
		}
		return md, Errors{{File: name, Line: lineOfTypeError(err, data), Msg: err.Error()}}, false
	}
	src := string(data)
	for _, k := range md.Undecoded() {
		if allowed != nil && allowed(k) {
			continue
		}
		errs = append(errs, &Error{File: name, Key: k.String(), Line: lineOf(src, k), Msg: "unknown key"})
	}
	return md, errs, true
}

// Parse decodes and compiles config text; name is used in error messages
// and its directory anchors relative paths.
func Parse(name string, data []byte) (*Config, error) {
	f := Default()
	// The decoder appends to slices and merges maps; start the ones a user
	// overrides as a whole from empty and fill defaults in afterwards.
	f.Thresholds.BudgetToRevenue = nil
	f.Thresholds.BudgetToRevenueHigh = nil
	f.StageMix = map[string]RoleShare{}
	md, errs, ok := decodeStrict(name, data, &f, nil)
	if !ok {
		return nil, errs
	}
	src := string(data)
	def := Default()
	if !md.IsDefined("thresholds", "budget_to_revenue") {
		f.Thresholds.BudgetToRevenue = def.Thresholds.BudgetToRevenue
	}
	if !md.IsDefined("thresholds", "budget_to_revenue_high_growth") {
		f.Thresholds.BudgetToRevenueHigh = def.Thresholds.BudgetToRevenueHigh
	}
	for stage, mix := range def.StageMix {
		if _, ok := f.StageMix[stage]; !ok {
			f.StageMix[stage] = mix
		} else {
			// A partially given stage keeps the defaults of the roles it omits.
			given := f.StageMix[stage]
			if !md.IsDefined("stage_mix", stage, "consideration") {
				given.Consideration = mix.Consideration
			}
			if !md.IsDefined("stage_mix", stage, "awareness") {
				given.Awareness = mix.Awareness
			}
			if !md.IsDefined("stage_mix", stage, "customer") {
				given.Customer = mix.Customer
			}
			if !md.IsDefined("stage_mix", stage, "test") {
				given.Test = mix.Test
			}
			f.StageMix[stage] = given
		}
	}
	if !md.IsDefined("company") {
		errs = append(errs, &Error{File: name, Key: "company", Msg: "the [company] table is required"})
	}
	cfg, cerrs := f.compile(name, src)
	errs = append(errs, cerrs...)
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return nil, errs
	}
	cfg.Hash = hashBytes(data)
	return cfg, nil
}

// Compile validates f into a Config; name anchors relative paths.
func (f File) Compile(name string) (*Config, error) {
	cfg, errs := f.compile(name, "")
	if len(errs) > 0 {
		return nil, errs
	}
	return cfg, nil
}

func (f File) compile(name, src string) (*Config, Errors) {
	var errs Errors
	bad := func(key, format string, args ...any) {
		errs = append(errs, &Error{File: name, Key: key, Line: lineOfKey(src, key), Msg: fmt.Sprintf(format, args...)})
	}
	c := &Config{
		Company:    strings.TrimSpace(f.Company.Name),
		Stage:      strings.ToLower(strings.TrimSpace(f.Company.Stage)),
		HighGrowth: f.Company.HighGrowth,
		Currency:   strings.ToUpper(strings.TrimSpace(f.Company.Currency)),
		Language:   f.Company.Language,
		Situation:  strings.ToLower(strings.TrimSpace(f.Company.Situation)),
	}
	if c.Company == "" {
		bad("company.name", "is required")
	}
	if !contains(Stages, c.Stage) {
		bad("company.stage", "%q is not one of %s", f.Company.Stage, strings.Join(Stages, ", "))
	}
	if c.Situation != "" && !contains(Situations, c.Situation) {
		bad("company.situation", "%q is not one of %s (or empty)", f.Company.Situation, strings.Join(Situations, ", "))
	}
	switch strings.ToLower(f.Company.Language) {
	case "en", "en-us", "en-gb", "english":
		c.Language = "en"
	case "zh", "zh-cn", "zh-hans", "chinese", "中文":
		c.Language = "zh-CN"
	default:
		bad("company.language", "%q is not supported (use \"en\" or \"zh-CN\")", f.Company.Language)
	}
	if _, err := currency.ParseISO(c.Currency); err != nil || len(c.Currency) != 3 {
		bad("company.currency", "%q is not an ISO 4217 currency code (e.g. CNY, USD, EUR)", f.Company.Currency)
	}
	if f.Company.FiscalYearStart < 1 || f.Company.FiscalYearStart > 12 {
		bad("company.fiscal_year_start", "%d is not a month number 1–12", f.Company.FiscalYearStart)
	}
	c.FYStart = time.Month(f.Company.FiscalYearStart)
	var ok bool
	if c.AnnualRevenue, ok = money(f.Company.AnnualRevenue); !ok || c.AnnualRevenue < 0 {
		bad("company.annual_revenue", "%v is not a non-negative amount", f.Company.AnnualRevenue)
	}

	dir := filepath.Dir(name)
	c.Dir = dir
	resolve := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	if f.Paths.Inbox == "" {
		bad("paths.inbox", "must not be empty")
	}
	if f.Paths.Outputs == "" {
		bad("paths.outputs", "must not be empty")
	}
	c.Inbox = resolve(f.Paths.Inbox)
	c.Outputs = resolve(f.Paths.Outputs)
	c.Archive = resolve(f.Paths.Archive)
	c.Rejected = resolve(f.Paths.Rejected)
	if c.Archive == "" {
		c.Archive = filepath.Join(filepath.Dir(filepath.Clean(c.Inbox)), "archive")
	}
	if c.Rejected == "" {
		c.Rejected = filepath.Join(filepath.Dir(filepath.Clean(c.Inbox)), "rejected")
	}

	t := f.Thresholds
	pct := func(key string, v float64, max float64) float64 {
		if !finite(v) || v < 0 || v > max {
			bad(key, "%v is out of range 0–%v", v, max)
		}
		return v
	}
	c.OverBudgetPct = pct("thresholds.over_budget_pct", t.OverBudgetPct, 1000)
	c.UnderBudgetPct = pct("thresholds.under_budget_pct", t.UnderBudgetPct, 100)
	c.OverheadWarnPct = pct("thresholds.overhead_warn_pct", t.OverheadWarnPct, 100)
	c.OverheadAlertPct = pct("thresholds.overhead_alert_pct", t.OverheadAlertPct, 100)
	if c.OverheadAlertPct < c.OverheadWarnPct {
		bad("thresholds.overhead_alert_pct", "%v is below overhead_warn_pct %v", c.OverheadAlertPct, c.OverheadWarnPct)
	}
	c.MixGapPoints = pct("thresholds.mix_gap_points", t.MixGapPoints, 100)
	c.CoreSharePct = pct("thresholds.core_share_pct", t.CoreSharePct, 100)
	c.SaturationSpendGrowth = pct("thresholds.saturation_spend_growth_pct", t.SaturationSpendGrowth, 10000)
	c.SaturationLeadsGrowth = pct("thresholds.saturation_leads_growth_pct", t.SaturationLeadsGrowth, 10000)
	c.PlanMaterialPct = pct("thresholds.plan_material_pct", t.PlanMaterialPct, 100)
	c.OneOffRowPct = pct("thresholds.one_off_row_pct", t.OneOffRowPct, 100)
	if c.MaterialAmount, ok = money(t.MaterialAmount); !ok || c.MaterialAmount < 0 {
		bad("thresholds.material_amount", "%v is not a non-negative amount", t.MaterialAmount)
	}
	if c.MinLineAmount, ok = money(t.MinLineAmount); !ok || c.MinLineAmount < 0 {
		bad("thresholds.min_line_amount", "%v is not a non-negative amount", t.MinLineAmount)
	}
	band := t.BudgetToRevenue
	if c.HighGrowth {
		band = t.BudgetToRevenueHigh
	}
	for _, b := range []struct {
		key string
		v   []float64
	}{{"thresholds.budget_to_revenue", t.BudgetToRevenue}, {"thresholds.budget_to_revenue_high_growth", t.BudgetToRevenueHigh}} {
		if len(b.v) != 2 || !finite(b.v...) || b.v[0] < 0 || b.v[1] < b.v[0] || b.v[1] > 100 {
			bad(b.key, "%v is not a [low, high] percentage band", b.v)
		}
	}
	if len(band) == 2 {
		c.RevenueBand = [2]float64{band[0], band[1]}
	}
	if hb := t.BudgetToRevenueHigh; len(hb) == 2 {
		c.RevenueBandHigh = [2]float64{hb[0], hb[1]}
	}

	seen := map[string]string{}
	for i, ch := range f.Channels {
		k := fmt.Sprintf("channel[%d]", i)
		name := strings.TrimSpace(ch.Name)
		if name == "" {
			bad(k+".name", "is required")
			continue
		}
		k = fmt.Sprintf("channel[%q]", name)
		if prev, dup := seen[Normalize(name)]; dup && prev == name {
			bad(k+".name", "channel %q is defined twice", name)
			continue
		}
		role, ok := reports.ParseRole(ch.Role)
		if !ok {
			bad(k+".role", "%q is not one of awareness, consideration, customer, test", ch.Role)
		}
		r := ChannelRule{Name: name, Role: role, Overhead: ch.Overhead, Loop: strings.ToLower(ch.Loop), Amortize: ch.Amortize, Category: strings.TrimSpace(ch.Category)}
		switch u := strings.ToLower(strings.TrimSpace(ch.Unit)); u {
		case "", "month":
			r.Unit = "month"
		case "event", "piece":
			r.Unit = u
		default:
			bad(k+".unit", "%q is not one of month, event, piece", ch.Unit)
		}
		if r.Loop != "" && !contains(Loops, r.Loop) {
			bad(k+".loop", "%q is not one of %s", ch.Loop, strings.Join(Loops, ", "))
		}
		if r.Inflection, ok = money(ch.Inflection); !ok || r.Inflection < 0 {
			bad(k+".inflection", "%v is not a non-negative amount", ch.Inflection)
		}
		if r.Saturation, ok = money(ch.Saturation); !ok || r.Saturation < 0 {
			bad(k+".saturation", "%v is not a non-negative amount", ch.Saturation)
		}
		if r.Saturation > 0 && r.Inflection > r.Saturation {
			bad(k+".saturation", "%v is below the inflection point %v", ch.Saturation, ch.Inflection)
		}
		for _, n := range append([]string{name}, ch.Aliases...) {
			nk := Normalize(n)
			if prev, dup := seen[nk]; dup && prev != name {
				bad(k+".aliases", "%q is already a name or alias of channel %q", n, prev)
			}
			seen[nk] = name
			if n != name {
				r.Aliases = append(r.Aliases, strings.TrimSpace(n))
			}
		}
		c.Channels = append(c.Channels, r)
	}

	c.StageMix = map[string]map[reports.Role]float64{}
	for stage, m := range f.StageMix {
		k := "stage_mix." + stage
		if !contains(Stages, stage) {
			bad(k, "unknown stage (use %s)", strings.Join(Stages, ", "))
			continue
		}
		// NaN compares false with everything, so it is refused first:
		// it would pass the range and sum checks and print as "NaN%".
		if !finite(m.Consideration, m.Awareness, m.Customer, m.Test) {
			bad(k, "shares %v, %v, %v, %v are not all numbers", m.Consideration, m.Awareness, m.Customer, m.Test)
			continue
		}
		sum := m.Consideration + m.Awareness + m.Customer + m.Test
		if math.Abs(sum-100) > 0.01 {
			bad(k, "shares add up to %v, not 100", sum)
		}
		for _, v := range []float64{m.Consideration, m.Awareness, m.Customer, m.Test} {
			if v < 0 || v > 100 {
				bad(k, "share %v is out of range 0–100", v)
			}
		}
		c.StageMix[stage] = map[reports.Role]float64{
			reports.RoleConsideration: m.Consideration,
			reports.RoleAwareness:     m.Awareness,
			reports.RoleCustomer:      m.Customer,
			reports.RoleTest:          m.Test,
		}
	}

	c.FunnelBenchmark = map[string]float64{}
	for k, v := range f.FunnelBenchmark {
		from, to, ok := strings.Cut(k, "_")
		if !ok || !contains(FunnelStages, k) {
			bad("funnel_benchmark."+k, "unknown stage pair (use %s)", strings.Join(FunnelStages, ", "))
			continue
		}
		if math.IsNaN(v) || v <= 0 || v > 100 {
			bad("funnel_benchmark."+k, "%v is not a conversion in percent (0–100]", v)
			continue
		}
		c.FunnelBenchmark[from+"→"+to] = v
	}

	c.HeaderAliases = map[string][]string{}
	for field, names := range f.Aliases {
		if !contains(HeaderFields, field) {
			bad("aliases."+field, "unknown column (use %s)", strings.Join(HeaderFields, ", "))
			continue
		}
		c.HeaderAliases[field] = append([]string(nil), names...)
	}

	switch strings.ToLower(strings.TrimSpace(f.Input.Decimal)) {
	case "point", ".":
	case "comma", ",":
		c.DecimalComma = true
	default:
		bad("input.decimal", "%q is not \"point\" (1,234.56) or \"comma\" (1.234,56)", f.Input.Decimal)
	}

	var err error
	if c.WatchSettle, err = time.ParseDuration(f.Watch.Settle); err != nil || c.WatchSettle <= 0 {
		bad("watch.settle", "%q is not a positive duration like \"5s\"", f.Watch.Settle)
	}
	if c.WatchPoll, err = time.ParseDuration(f.Watch.Poll); err != nil || c.WatchPoll <= 0 {
		bad("watch.poll", "%q is not a positive duration like \"2s\"", f.Watch.Poll)
	}
	c.WatchArchive = strings.ToLower(f.Watch.Archive)
	if c.WatchArchive != "move" && c.WatchArchive != "copy" {
		bad("watch.archive", "%q is not \"move\" or \"copy\"", f.Watch.Archive)
	}

	// Budget files are named as they appear in the inbox: a path would
	// never match, so it is an error rather than silently ignored.
	baseName := func(key, v string) string {
		v = strings.TrimSpace(v)
		if v != "" && filepath.Base(v) != v {
			bad(key, "%q must be a file name without a folder (e.g. \"budget-2026-v2.xlsx\")", v)
		}
		return v
	}
	c.BudgetFile = baseName("budget.file", f.Budget.File)
	for _, v := range f.Budget.VersionOrder {
		c.BudgetVersionOrder = append(c.BudgetVersionOrder, baseName("budget.version_order", v))
	}
	c.ActualsMode = strings.ToLower(strings.TrimSpace(f.Actuals.Mode))
	switch c.ActualsMode {
	case "auto", "replace", "add":
	default:
		bad("actuals.mode", "%q is not \"auto\", \"replace\" or \"add\"", f.Actuals.Mode)
	}
	c.Location = compileTimezone(f.Company.Timezone, bad)
	c.Deliver = compileDeliver(f.Deliver, bad)
	return c, errs
}

// Channel returns the rule for a channel name or alias, matched after
// Normalize, and false when none is configured.
func (c *Config) Channel(name string) (ChannelRule, bool) {
	n := Normalize(name)
	for _, r := range c.Channels {
		if Normalize(r.Name) == n {
			return r, true
		}
		for _, a := range r.Aliases {
			if Normalize(a) == n {
				return r, true
			}
		}
	}
	return ChannelRule{}, false
}

// Normalize folds a name for matching: full-width to half-width, lower
// case, runs of white space and the separators -_/ to one space, trimmed.
func Normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '_' || r == '-' || r == '/' || r == 0xA0 {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(strings.ToLower(string(r)))
	}
	return b.String()
}

// finite reports whether every v is a number other than ±Inf. TOML
// accepts nan and inf for floats; no setting of ours means either.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func money(v float64) (reports.Money, bool) {
	// Within reports.MaxTotal, like every amount read, so that a monthly
	// benchmark times twelve months still fits in Money.
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > reports.MaxTotal.Major() {
		return 0, false
	}
	m, err := reports.ParseDecimal(strconv.FormatFloat(v, 'f', -1, 64))
	return m, err == nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

var typeErrLine = regexp.MustCompile(`line (\d+)`)

func lineOfTypeError(err error, data []byte) int {
	if m := typeErrLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// lineOf finds the line where key k is set, by scanning the source for the
// table header and then the key; good enough to point a user at it.
func lineOf(src string, k toml.Key) int {
	if len(k) == 0 {
		return 0
	}
	return findKey(src, k[:len(k)-1], k[len(k)-1])
}

func lineOfKey(src, dotted string) int {
	if src == "" {
		return 0
	}
	parts := strings.Split(dotted, ".")
	table := parts[:len(parts)-1]
	if len(table) > 0 && strings.HasPrefix(table[0], "channel[") {
		// channel["SEM"].role: find the [[channel]] whose name is SEM;
		// channel[3].name: the fourth [[channel]].
		name := strings.TrimSuffix(strings.TrimPrefix(table[0], "channel["), "]")
		if n, err := strconv.Atoi(name); err == nil {
			return nthChannel(src, n)
		}
		if uq, err := strconv.Unquote(name); err == nil {
			name = uq
		}
		return findChannelKey(src, name, parts[len(parts)-1])
	}
	return findKey(src, table, parts[len(parts)-1])
}

func findKey(src string, table []string, key string) int {
	lines := strings.Split(src, "\n")
	inTable := len(table) == 0
	want := "[" + strings.Join(table, ".") + "]"
	tableLine := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			inTable = strings.ReplaceAll(t, " ", "") == want || strings.ReplaceAll(t, " ", "") == "["+want+"]"
			if inTable && tableLine == 0 {
				tableLine = i + 1
			}
			if inTable && (key == "" || len(table) > 0 && key == table[len(table)-1]) {
				return i + 1
			}
			continue
		}
		if inTable && keyOnLine(t, key) {
			return i + 1
		}
	}
	// A required key that is missing: point at its table.
	return tableLine
}

func findChannelKey(src, name, key string) int {
	lines := strings.Split(src, "\n")
	// Find the [[channel]] block naming the channel, then the key in it.
	inBlock := false
	blockStart := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			inBlock = strings.ReplaceAll(t, " ", "") == "[[channel]]"
			blockStart = i
			continue
		}
		if inBlock && keyOnLine(t, "name") && strings.Contains(t, strconv.Quote(name)) {
			for j := blockStart + 1; j < len(lines); j++ {
				tj := strings.TrimSpace(lines[j])
				if strings.HasPrefix(tj, "[") {
					break
				}
				if keyOnLine(tj, key) {
					return j + 1
				}
			}
			return i + 1
		}
	}
	return 0
}

func keyOnLine(t, key string) bool {
	if !strings.HasPrefix(t, key) {
		return false
	}
	rest := strings.TrimSpace(t[len(key):])
	return strings.HasPrefix(rest, "=")
}

func hashBytes(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// nthChannel returns the line of the n-th (0-based) [[channel]] header.
func nthChannel(src string, n int) int {
	for i, l := range strings.Split(src, "\n") {
		if strings.ReplaceAll(strings.TrimSpace(l), " ", "") == "[[channel]]" {
			if n == 0 {
				return i + 1
			}
			n--
		}
	}
	return 0
}
