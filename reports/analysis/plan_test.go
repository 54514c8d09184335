package analysis

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// chSpec is one channel of a plan scenario: monthly amounts from January
// (yuan; a nil or short slice is zero), its budget per month for the whole
// year (every month, so the forecast lands on the plan for the months
// left), and its [[channel]] configuration.
type chSpec struct {
	name, role string
	infl, sat  int64
	unit       string
	overhead   bool
	budget     int64   // per month, all 12 months; 0 with unbudgeted
	unbudgeted bool    // no budget line
	spend      []int64 // per month from January
	rows       [][]int64
	campaigns  []string // per month: the ledger rows' campaign (event)
	leads      []int64
	won        []int64
	rev        []int64
	zeroRows   bool // funnel rows with nothing in them, every month with spend
}

func at(v []int64, i int) int64 {
	if i < len(v) {
		return v[i]
	}
	return 0
}

func rep(v int64, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// scenarioBook builds the book and config of a scenario.
func scenarioBook(t testing.TB, stage string, extra string, chans []chSpec) (*reports.Book, string) {
	t.Helper()
	f := newFixture()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "stage = %q\n%s", stage, extra)
	for _, c := range chans {
		role := reports.Role(c.role)
		if !c.unbudgeted {
			f.budgetMonths("Cat", c.name, role, ym(2026, 1), 12, c.budget)
		}
		for i := 0; i < 12; i++ {
			m := ym(2026, time.January).Add(i)
			switch {
			case i < len(c.rows):
				for j, amt := range c.rows[i] {
					f.b.Actual(reports.Entry{Date: m.First().AddDate(0, 0, j), Category: "Cat", Channel: c.name, Amount: yuan(amt)})
				}
			case at(c.spend, i) != 0:
				camp := ""
				if i < len(c.campaigns) {
					camp = c.campaigns[i]
				}
				f.b.Actual(reports.Entry{Date: m.First().AddDate(0, 0, 9), Category: "Cat", Channel: c.name, Campaign: camp, Amount: yuan(at(c.spend, i))})
			}
			if fu := (reports.Funnel{Leads: at(c.leads, i), Won: at(c.won, i), Revenue: yuan(at(c.rev, i))}); !fu.IsZero() || c.zeroRows && at(c.spend, i) != 0 {
				f.funnel(c.name, m, fu)
			}
		}
	}
	fmt.Fprintf(&cfg, "\n")
	for _, c := range chans {
		fmt.Fprintf(&cfg, "[[channel]]\nname = %q\n", c.name)
		if c.role != "" {
			fmt.Fprintf(&cfg, "role = %q\n", c.role)
		}
		if c.infl > 0 {
			fmt.Fprintf(&cfg, "inflection = %d\n", c.infl)
		}
		if c.sat > 0 {
			fmt.Fprintf(&cfg, "saturation = %d\n", c.sat)
		}
		if c.unit != "" {
			fmt.Fprintf(&cfg, "unit = %q\n", c.unit)
		}
		if c.overhead {
			fmt.Fprintf(&cfg, "overhead = true\n")
		}
	}
	return f.b, cfg.String()
}

// stepsFrom sums the plan's steps taking money from channel name (cuts
// when to is "-", moves to a channel otherwise, all with "").
func stepsFrom(r *reports.Report, from, to string) reports.Money {
	var v reports.Money
	for _, st := range r.Plan.Steps {
		if st.From == from && (to == "" || to == "-" && st.To == "" || st.To == to) {
			v += st.Amount
		}
	}
	return v
}

func movedInto(r *reports.Report, to string) reports.Money {
	var v reports.Money
	for _, st := range r.Plan.Steps {
		if st.To == to {
			v += st.Amount
		}
	}
	return v
}

func planChannel(r *reports.Report, name string) reports.ChannelPlan {
	for _, c := range r.Plan.Channels {
		if c.Channel == name {
			return c
		}
	}
	return reports.ChannelPlan{}
}

// TestPlanScenarios: small companies across the four stages, each with
// the plan a marketing-finance analyst would expect. Every scenario also
// passes the plan invariants of TestPlanProperties.
func TestPlanScenarios(t *testing.T) {
	nine := func(v int64) []int64 { return rep(v, 9) }
	tests := []struct {
		name   string
		stage  string
		extra  string
		chans  []chSpec
		period string
		check  func(t *testing.T, r *reports.Report)
	}{
		{
			// The startup: ¥900k budget, the year landing ~19% over,
			// an online demo returning 9.5×, a zero-return unbudgeted 抖音,
			// a quarterly salon and a test returning 4.2× against a 3.8× core
			// median. Expect: 抖音 is cut whole and named; the salon is judged
			// on its event months and gets no money; the test is promoted; the
			// demo is never cut; the cuts cover the gap.
			name: "startup over budget", stage: "startup",
			chans: []chSpec{
				{name: "在线Demo", role: "consideration", infl: 10000, sat: 60000, budget: 20000, spend: nine(20000), leads: nine(40), won: nine(2), rev: nine(190000)},
				{name: "精准线索广告", role: "consideration", infl: 10000, sat: 80000, budget: 25000, spend: nine(30000), leads: nine(30), won: nine(1), rev: nine(114000)},
				{name: "行业沙龙", role: "consideration", infl: 20000, budget: 10000, spend: []int64{0, 0, 30000, 0, 0, 30000, 0, 0, 30000}, leads: []int64{0, 0, 20, 0, 0, 20, 0, 0, 20}, won: []int64{0, 0, 1, 0, 0, 1, 0, 0, 1}, rev: []int64{0, 0, 80000, 0, 0, 80000, 0, 0, 80000}},
				{name: "案例内容", role: "consideration", budget: 10000, spend: nine(12000), leads: nine(10), won: nine(1), rev: nine(45600)},
				{name: "垂直媒体", role: "awareness", infl: 5000, sat: 40000, budget: 10000, spend: nine(12000), leads: nine(5), won: []int64{0, 1, 0, 0, 1, 0, 0, 1, 0}, rev: []int64{0, 40000, 0, 0, 40000, 0, 0, 40000, 0}},
				{name: "播客", role: "test", infl: 3000, budget: 0, spend: nine(4000), leads: nine(6), won: []int64{0, 1, 0, 0, 0, 0, 0, 1, 0}, rev: []int64{0, 75600, 0, 0, 0, 0, 0, 75600, 0}},
				{name: "抖音", role: "awareness", unbudgeted: true, spend: []int64{0, 0, 0, 0, 30000, 30000, 30000, 30000, 30000}},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				if r.Plan.Gap <= 0 {
					t.Fatalf("want a gap, plan %+v forecast %+v", r.Plan, r.Forecast)
				}
				if stepsFrom(r, "抖音", "-") != yuan(30000) {
					t.Errorf("抖音 (zero return, unbudgeted) should be cut whole: %+v", r.Plan.Steps)
				}
				if movedInto(r, "行业沙龙") != 0 {
					t.Errorf("money moved into the quarterly salon: %+v", r.Plan.Steps)
				}
				if c := planChannel(r, "行业沙龙"); c.Band == reports.BandBelow || c.Level != yuan(30000) {
					t.Errorf("salon judged on empty months: %+v", c)
				}
				if c := planChannel(r, "播客"); c.Verdict != reports.TestPromote {
					t.Errorf("the 4.2× test is %q, want promote", c.Verdict)
				}
				if stepsFrom(r, "在线Demo", "") != 0 {
					t.Errorf("the 9.5× channel is cut: %+v", r.Plan.Steps)
				}
				if recOf(r, RecUnbudgeted) != nil {
					t.Errorf("zero-return unbudgeted spend recommended into the budget")
				}
			},
		},
		{
			// Startup within budget, nothing wasted: the best channel, with
			// room below saturation, receives money from the worst.
			name: "startup concentrates on its best channel", stage: "startup",
			chans: []chSpec{
				{name: "Demo", role: "consideration", infl: 10000, sat: 60000, budget: 20000, spend: nine(20000), leads: nine(40), won: nine(2), rev: nine(200000)},
				{name: "Ads", role: "consideration", infl: 10000, sat: 80000, budget: 30000, spend: nine(30000), leads: nine(20), won: nine(1), rev: nine(60000)},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				if r.Plan.Gap != 0 {
					t.Fatalf("gap %v", r.Plan.Gap)
				}
				if movedInto(r, "Demo") <= 0 || stepsFrom(r, "Ads", "Demo") <= 0 {
					t.Errorf("the best channel gets nothing: %+v", r.Plan.Steps)
				}
				if in := movedInto(r, "Demo"); in > yuan(40000) {
					t.Errorf("moved %v into Demo, past its saturation", in)
				}
			},
		},
		{
			// Growth, 26.8% over: a salon with 60 leads and no revenue is cut,
			// never funded, and is not both below inflection and saturated.
			name: "growth over budget with a no-revenue salon", stage: "growth",
			chans: []chSpec{
				{name: "SEM", role: "consideration", infl: 20000, sat: 200000, budget: 100000, spend: nine(120000), leads: nine(200), won: nine(4), rev: nine(500000)},
				{name: "Salon", role: "consideration", infl: 30000, budget: 20000, spend: nine(40000), leads: nine(7), won: nil, rev: nil},
				{name: "Media", role: "awareness", infl: 20000, sat: 100000, budget: 30000, spend: nine(50000), leads: nine(50), won: nine(1), rev: nine(80000)},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				if movedInto(r, "Salon") != 0 {
					t.Errorf("money into the no-revenue salon: %+v", r.Plan.Steps)
				}
				if stepsFrom(r, "Salon", "") == 0 {
					t.Errorf("the salon returning nothing is not cut: %+v", r.Plan.Steps)
				}
				if r.Plan.Covered < r.Plan.Gap && r.Plan.Shortfall == 0 {
					t.Errorf("gap %v not covered (%v) and no shortfall", r.Plan.Gap, r.Plan.Covered)
				}
			},
		},
		{
			// The best channel above its configured saturation: the excess
			// is taken (it is saturated), the channel is not stopped.
			name: "saturated best channel", stage: "growth",
			chans: []chSpec{
				{name: "SEM", role: "consideration", infl: 20000, sat: 100000, budget: 150000, spend: nine(150000), leads: nine(300), won: nine(6), rev: nine(900000)},
				{name: "Cases", role: "consideration", infl: 10000, sat: 80000, budget: 40000, spend: nine(40000), leads: nine(40), won: nine(1), rev: nine(120000)},
			},
			period: "2026-09",
			check: func(t *testing.T, r *reports.Report) {
				if got := stepsFrom(r, "SEM", ""); got != yuan(50000) {
					t.Errorf("took %v from SEM, want its 50,000 excess: %+v", got, r.Plan.Steps)
				}
				if in := movedInto(r, "Cases"); in != yuan(40000) {
					t.Errorf("moved %v into Cases, want its 40,000 headroom", in)
				}
			},
		},
		{
			name: "winning test is promoted", stage: "growth",
			chans: []chSpec{
				{name: "SEM", role: "consideration", infl: 20000, sat: 200000, budget: 100000, spend: nine(100000), leads: nine(200), won: nine(3), rev: nine(300000)},
				{name: "Cases", role: "consideration", budget: 50000, spend: nine(50000), leads: nine(40), won: nine(1), rev: nine(200000)},
				{name: "AI search", role: "test", infl: 20000, budget: 30000, spend: nine(30000), leads: nine(50), won: nine(1), rev: nine(150000)},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				p := recOf(r, RecPromoteTest)
				if p == nil || p.Move == nil || p.Move.To != "AI search" || p.Move.Amount != yuan(30000) || p.Move.From != "" {
					t.Errorf("promote_test %+v", p)
				}
				if stepsFrom(r, "AI search", "") != 0 {
					t.Errorf("the winning test loses money: %+v", r.Plan.Steps)
				}
			},
		},
		{
			name: "failing test is stopped and not refunded", stage: "growth",
			chans: []chSpec{
				{name: "SEM", role: "consideration", infl: 20000, sat: 200000, budget: 100000, spend: nine(100000), leads: nine(200), won: nine(3), rev: nine(400000)},
				{name: "Cases", role: "consideration", sat: 90000, budget: 50000, spend: nine(50000), leads: nine(40), won: nine(1), rev: nine(150000)},
				{name: "Podcast", role: "test", infl: 10000, budget: 20000, spend: nine(20000), leads: nine(10), rev: nine(5000)},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				if c := planChannel(r, "Podcast"); c.Verdict != reports.TestStop {
					t.Errorf("verdict %q, want stop", c.Verdict)
				}
				if got := stepsFrom(r, "Podcast", ""); got != yuan(20000) {
					t.Errorf("took %v from the failed test, want all 20,000", got)
				}
				if movedInto(r, "Podcast") != 0 || recOf(r, RecStopTest) == nil {
					t.Errorf("steps %+v recs %+v", r.Plan.Steps, r.Recommendations)
				}
			},
		},
		{
			name: "test below its inflection is a decision", stage: "growth",
			chans: []chSpec{
				{name: "SEM", role: "consideration", infl: 20000, sat: 200000, budget: 100000, spend: nine(100000), leads: nine(200), won: nine(3), rev: nine(400000)},
				{name: "Live", role: "test", infl: 30000, budget: 10000, spend: nine(10000), leads: nine(5)},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				if stepsFrom(r, "Live", "") != 0 {
					t.Errorf("a test stopped for spending too little: %+v", r.Plan.Steps)
				}
				if d := recOf(r, RecDecideTest); d == nil || d.Reasons[0].Subject != "Live" {
					t.Errorf("decide_test %+v", d)
				}
			},
		},
		{
			// No funnel data at all: nothing can be ranked, nothing moves,
			// effects are nil; the overrun is still closed by named cuts of
			// the channels below their inflection.
			name: "no funnel data", stage: "mature",
			chans: []chSpec{
				{name: "Events", role: "awareness", infl: 50000, budget: 30000, spend: nine(40000)},
				{name: "Brand film", role: "awareness", budget: 30000, spend: nine(30000)},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				if r.Plan.MoveTotal != 0 || r.Plan.Effect != nil {
					t.Errorf("moves %v effect %+v without funnel data", r.Plan.MoveTotal, r.Plan.Effect)
				}
				if stepsFrom(r, "Events", "-") != yuan(40000) {
					t.Errorf("the below-inflection channel that cannot reach it is not cut: %+v", r.Plan.Steps)
				}
				for _, rc := range r.Recommendations {
					if rc.Effect != nil {
						t.Errorf("effect without funnel data: %+v", rc)
					}
				}
			},
		},
		{
			// Leads tracked, revenue not: channels rank by cost per lead; no
			// channel is judged on ROAS.
			name: "no revenue tracked", stage: "mature",
			chans: []chSpec{
				{name: "Webinars", role: "consideration", sat: 50000, budget: 20000, spend: nine(20000), leads: nine(100)},
				{name: "Display", role: "awareness", budget: 40000, spend: nine(40000), leads: nine(20)},
				{name: "Old fair", role: "awareness", budget: 10000, spend: nine(10000), zeroRows: true},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				for _, c := range r.Plan.Channels {
					if c.ROASOK {
						t.Errorf("%s judged on ROAS without revenue", c.Channel)
					}
				}
				if !planChannel(r, "Webinars").Best {
					t.Errorf("best channel by cost per lead should be Webinars: %+v", r.Plan.Channels)
				}
				if stepsFrom(r, "Old fair", "Webinars") == 0 {
					t.Errorf("the zero-return fair should fund the best channel: %+v", r.Plan.Steps)
				}
			},
		},
		{
			// Decline under budget: the plan still nets a cut, moves nothing,
			// and the budget is never called too low.
			name: "decline shrinks the budget", stage: "decline",
			extra: "annual_revenue = 100000000\n",
			chans: []chSpec{
				{name: "Renewals", role: "customer", budget: 50000, spend: nine(45000)},
				{name: "Fairs", role: "awareness", budget: 50000, spend: nine(45000), leads: nine(20), won: nine(1), rev: nine(100000)},
				{name: "Demos", role: "consideration", budget: 30000, spend: nine(30000), leads: nine(30), won: nine(1), rev: nine(200000)},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				if r.Plan.CutTotal <= 0 || r.Plan.MoveTotal != 0 {
					t.Errorf("decline plan cut %v moved %v", r.Plan.CutTotal, r.Plan.MoveTotal)
				}
				if stepsFrom(r, "Renewals", "") != 0 {
					t.Errorf("customer operations cut in decline: %+v", r.Plan.Steps)
				}
				if len(findCodes(r, CodeBudgetToRevenue)) != 0 {
					t.Errorf("a declining company told its budget is off band: %+v", findCodes(r, CodeBudgetToRevenue))
				}
			},
		},
		{
			name: "decline stops a test that does not pay back", stage: "decline",
			chans: []chSpec{
				{name: "Renewals", role: "customer", budget: 50000, spend: nine(50000)},
				{name: "Demos", role: "consideration", budget: 20000, spend: nine(20000), leads: nine(30), won: nine(1), rev: nine(100000)},
				{name: "New vertical", role: "test", infl: 40000, budget: 20000, spend: nine(20000), leads: nine(5), rev: nine(5000)},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				if c := planChannel(r, "New vertical"); c.Verdict != reports.TestStop || stepsFrom(r, "New vertical", "-") != yuan(20000) {
					t.Errorf("verdict %q steps %+v", c.Verdict, r.Plan.Steps)
				}
			},
		},
		{
			// A trade show configured per event: two events a quarter month
			// at 60,000 each are above a 50,000-per-event inflection, though
			// the year averages 13,333 a month.
			name: "event channel judged per event", stage: "growth",
			chans: []chSpec{
				{name: "Trade show", role: "awareness", infl: 50000, sat: 150000, unit: "event", budget: 30000,
					rows: [][]int64{{}, {}, {60000, 60000}, {}, {}, {60000, 60000}, {}, {}, {}}, leads: []int64{0, 0, 80, 0, 0, 80}, won: []int64{0, 0, 2, 0, 0, 2}, rev: []int64{0, 0, 300000, 0, 0, 300000}},
				{name: "SEM", role: "consideration", infl: 20000, sat: 200000, budget: 60000, spend: nine(60000), leads: nine(100), won: nine(2), rev: nine(200000)},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				c := planChannel(r, "Trade show")
				if c.Units != 4 || c.PerUnit != yuan(60000) || c.Band != reports.BandProductive {
					t.Errorf("trade show %+v", c)
				}
				if len(findCodes(r, CodeBelowInflection)) != 0 {
					t.Errorf("findings %+v", r.Findings)
				}
			},
		},
		{
			// A one-off invoice doubles a month's spend: not saturation.
			name: "one-off invoice", stage: "growth",
			chans: []chSpec{
				{name: "Media", role: "awareness", infl: 20000, sat: 300000, budget: 100000,
					rows: [][]int64{{50000, 50000}, {50000, 50000}, {50000, 50000, 150000}}, leads: []int64{100, 100, 102}, won: []int64{1, 1, 1}, rev: []int64{300000, 300000, 300000}},
			},
			period: "2026-03",
			check: func(t *testing.T, r *reports.Report) {
				if len(findCodes(r, CodeSaturationDetected)) != 0 {
					t.Errorf("one-off invoice flagged as saturation: %+v", r.Findings)
				}
			},
		},
		{
			// The same jump spread over the month's rows is saturation, and
			// the message says leads fell.
			name: "saturation with falling leads", stage: "growth",
			chans: []chSpec{
				{name: "Media", role: "awareness", infl: 20000, sat: 300000, budget: 100000,
					rows: [][]int64{{50000, 50000}, {50000, 50000}, {80000, 80000}}, leads: []int64{100, 100, 92}, won: []int64{1, 1, 1}, rev: []int64{300000, 300000, 300000}},
			},
			period: "2026-03",
			check: func(t *testing.T, r *reports.Report) {
				fs := findCodes(r, CodeSaturationDetected)
				if len(fs) != 1 || !strings.Contains(fs[0].Message, "leads fell 8.0%") {
					t.Errorf("saturation findings %+v", fs)
				}
			},
		},
		{
			// Waste cannot cover the overrun: productive core channels are cut
			// (never the best), and the plan says so.
			name: "gap needs core cuts", stage: "growth",
			chans: []chSpec{
				{name: "SEM", role: "consideration", infl: 20000, sat: 300000, budget: 100000, spend: nine(150000), leads: nine(300), won: nine(6), rev: nine(900000)},
				{name: "Cases", role: "consideration", infl: 20000, sat: 300000, budget: 50000, spend: nine(90000), leads: nine(60), won: nine(2), rev: nine(200000)},
			},
			period: "2026",
			check: func(t *testing.T, r *reports.Report) {
				if r.Plan.CoreCut <= 0 || recOf(r, RecGapOpen) == nil {
					t.Errorf("plan %+v", r.Plan)
				}
				if stepsFrom(r, "SEM", "") != 0 {
					t.Errorf("the best channel is cut: %+v", r.Plan.Steps)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, cfgText := scenarioBook(t, tt.stage, tt.extra, tt.chans)
			cfg := testConfig(t, cfgText)
			for _, tag := range []string{"en", "zh-CN"} {
				r := build(t, b, cfg, tag, now, tt.period)
				checkMessages(t, r)
				checkPlan(t, r)
				if tag == "en" {
					tt.check(t, r)
				}
			}
		})
	}
}

// checkPlan asserts the plan invariants of issue 10 (rules 2–6).
func checkPlan(t *testing.T, r *reports.Report) {
	t.Helper()
	pl := r.Plan
	byName := map[string]reports.ChannelPlan{}
	for _, c := range pl.Channels {
		byName[c.Channel] = c
	}
	// Cuts cover the gap, or the shortfall says by how much not.
	if pl.Gap > 0 && pl.Covered+pl.Shortfall < pl.Gap {
		t.Errorf("gap %v: covered %v + shortfall %v fall short", pl.Gap, pl.Covered, pl.Shortfall)
	}
	var cut reports.Money
	in := map[string]reports.Money{}
	for _, st := range pl.Steps {
		if st.Amount <= 0 || st.From == st.To {
			t.Errorf("step %+v", st)
		}
		if st.To == "" {
			cut += st.Amount
			continue
		}
		in[st.To] += st.Amount
		to := byName[st.To]
		// No money to a channel returning less than it costs while over budget.
		if pl.Gap > 0 && to.ROASOK && to.ROAS < 1 {
			t.Errorf("over budget, %v moved to %s returning %.2f×", st.Amount, st.To, to.ROAS)
		}
		if to.Verdict == reports.TestStop {
			t.Errorf("money moved back into the stopped test %s", st.To)
		}
	}
	if cut != pl.CutTotal {
		t.Errorf("cuts add up to %v, CutTotal %v", cut, pl.CutTotal)
	}
	if pl.Covered != pl.CutTotal*reports.Money(pl.Months) {
		t.Errorf("covered %v ≠ %v × %d", pl.Covered, pl.CutTotal, pl.Months)
	}
	for name, v := range in {
		c := byName[name]
		// No move pushes a channel past its saturation.
		if c.Saturation > 0 {
			room := c.Saturation - c.PerUnit
			if c.Active > 0 && c.Units > 0 {
				room = room.MulRatio(int64(c.Units), int64(c.Active))
			}
			if v > room {
				t.Errorf("%v moved into %s, room below saturation %v", v, name, room)
			}
		}
		if c.Band == reports.BandSaturated {
			t.Errorf("money moved into saturated %s", name)
		}
	}
	for _, c := range pl.Channels {
		// The best unsaturated channel is never cut (a decline company
		// whose only channel is the best one still shrinks).
		if c.Best && c.Band != reports.BandSaturated && stepsFrom(r, c.Channel, "") > 0 && !(r.Stage == "decline" && onlyOne(pl.Channels)) {
			t.Errorf("best channel %s cut: %+v", c.Channel, pl.Steps)
		}
		// Never both below inflection and saturated.
		if c.Band == reports.BandBelow && c.SaturationDetected {
			t.Errorf("%s both below inflection and saturated", c.Channel)
		}
	}
	below := map[string]bool{}
	for _, f := range findCodes(r, CodeBelowInflection) {
		below[f.Subject] = true
	}
	for _, code := range []string{CodeAboveSaturation, CodeSaturationDetected} {
		for _, f := range findCodes(r, code) {
			if below[f.Subject] {
				t.Errorf("%s is both below inflection and %s", f.Subject, code)
			}
		}
	}
	// A test at or above the core median is never stopped.
	if m, ok := medianOf(pl.Channels); ok {
		for _, c := range pl.Channels {
			if c.Test && m.reaches(c) && (c.Verdict == reports.TestStop || stepsFrom(r, c.Channel, "") >= roundDown(c.Level)) {
				t.Errorf("test %s at or above the core median (%+v) is stopped: %+v", c.Channel, m, c)
			}
		}
	}
	// Decline nets a cut.
	if r.Stage == "decline" {
		spend := false
		for _, c := range pl.Channels {
			spend = spend || !c.Overhead && c.Level > 0
		}
		if spend && (pl.CutTotal <= 0 || pl.MoveTotal != 0) {
			t.Errorf("decline plan: cut %v, moved %v", pl.CutTotal, pl.MoveTotal)
		}
	}
	// Every money recommendation is a plan step.
	for _, rc := range r.Recommendations {
		if rc.Move == nil || rc.Code == RecPromoteTest {
			continue
		}
		found := false
		for _, st := range pl.Steps {
			found = found || st.Move == *rc.Move
		}
		if !found {
			t.Errorf("recommendation %+v is not in the plan", rc)
		}
	}
}

// refMedian recomputes the core median independently of plan.go.
type refMedian struct {
	roas  float64
	cost  reports.Money
	which string
}

func medianOf(cs []reports.ChannelPlan) (refMedian, bool) {
	var roas []float64
	var cac, cpl []reports.Money
	for _, c := range cs {
		if c.Test || c.Overhead || !c.Tracked {
			continue
		}
		if c.ROASOK {
			roas = append(roas, c.ROAS)
		}
		if c.CACOK {
			cac = append(cac, c.CAC)
		}
		if c.CPLOK {
			cpl = append(cpl, c.CPL)
		}
	}
	mid := func(n int) (int, int) { return (n - 1) / 2, n / 2 }
	switch {
	case len(roas) > 0:
		sort.Float64s(roas)
		a, b := mid(len(roas))
		return refMedian{roas: (roas[a] + roas[b]) / 2, which: "roas"}, true
	case len(cac) > 0:
		sort.Slice(cac, func(i, j int) bool { return cac[i] < cac[j] })
		a, b := mid(len(cac))
		return refMedian{cost: (cac[a] + cac[b]).MulRatio(1, 2), which: "cac"}, true
	case len(cpl) > 0:
		sort.Slice(cpl, func(i, j int) bool { return cpl[i] < cpl[j] })
		a, b := mid(len(cpl))
		return refMedian{cost: (cpl[a] + cpl[b]).MulRatio(1, 2), which: "cpl"}, true
	}
	return refMedian{}, false
}

func (m refMedian) reaches(c reports.ChannelPlan) bool {
	switch m.which {
	case "roas":
		return c.ROASOK && c.ROAS > 0 && c.ROAS >= m.roas
	case "cac":
		return c.CACOK && c.CAC <= m.cost
	}
	return c.CPLOK && c.CPL <= m.cost
}

// TestPlanProperties checks the plan invariants over generated companies:
// random stages, roles, benchmarks, budgets, spend and funnels, reported
// as months, quarters and the year.
func TestPlanProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 2026))
	stages := []string{"startup", "growth", "mature", "decline"}
	roles := []string{"consideration", "awareness", "customer", "test"}
	periods := []string{"2026-06", "2026-Q2", "2026"}
	for i := 0; i < 100; i++ {
		n := 2 + rng.IntN(5)
		var chans []chSpec
		for j := 0; j < n; j++ {
			base := int64(5+rng.IntN(200)) * 1000
			c := chSpec{name: fmt.Sprintf("ch%d", j), role: roles[rng.IntN(len(roles))], budget: base}
			if rng.IntN(3) > 0 {
				c.infl = base * int64(2+rng.IntN(10)) / 10
			}
			if rng.IntN(3) > 0 {
				c.sat = max(c.infl, base) * int64(10+rng.IntN(15)) / 10
			}
			c.unbudgeted = rng.IntN(8) == 0
			c.overhead = rng.IntN(10) == 0
			if rng.IntN(6) == 0 {
				c.unit = "event"
			}
			months := 6 + rng.IntN(4)
			tracked := rng.IntN(4) > 0
			for m := 0; m < months; m++ {
				s := base * int64(50+rng.IntN(120)) / 100
				if rng.IntN(8) == 0 {
					s = 0
				}
				c.spend = append(c.spend, s)
				if tracked {
					l := s / int64(200+rng.IntN(3000))
					c.leads = append(c.leads, l)
					w := l * int64(rng.IntN(8)) / 100
					c.won = append(c.won, w)
					c.rev = append(c.rev, w*int64(20000+rng.IntN(200000)))
				}
			}
			chans = append(chans, c)
		}
		stage := stages[rng.IntN(len(stages))]
		b, cfgText := scenarioBook(t, stage, "", chans)
		cfg := testConfig(t, cfgText)
		for _, p := range periods {
			r := build(t, b, cfg, "en", now, p)
			t.Run(fmt.Sprintf("%d-%s-%s", i, stage, p), func(t *testing.T) {
				checkPlan(t, r)
			})
		}
	}
}

// onlyOne reports whether at most one channel outside overhead and
// customer operations has spend.
func onlyOne(cs []reports.ChannelPlan) bool {
	n := 0
	for _, c := range cs {
		if !c.Overhead && c.Level > 0 && c.Role != reports.RoleCustomer {
			n++
		}
	}
	return n <= 1
}

// TestAmortizedLicence: an annual licence paid in January with
// amortize = true counts 1/12 a month in the channel analytics (overhead
// share, level), while the variance keeps the cash.
func TestAmortizedLicence(t *testing.T) {
	for _, amortize := range []bool{false, true} {
		chans := []chSpec{
			{name: "CRM", role: "consideration", overhead: true, budget: 10000, spend: []int64{120000}},
			{name: "SEM", role: "consideration", budget: 100000, spend: rep(100000, 3), leads: rep(100, 3)},
		}
		b, cfgText := scenarioBook(t, "growth", "", chans)
		if amortize {
			cfgText = strings.Replace(cfgText, "overhead = true\n", "overhead = true\namortize = true\n", 1)
		}
		cfg := testConfig(t, cfgText)
		jan := build(t, b, cfg, "en", now, "2026-01")
		mar := build(t, b, cfg, "en", now, "2026-03")
		crm := planChannel(jan, "CRM")
		oh := findCodes(mar, CodeOverheadShare)
		if amortize {
			if crm.Level != yuan(10000) || len(oh) != 1 || oh[0].Value != 9.1 {
				t.Errorf("amortized: January level %v, March overhead %+v", crm.Level, oh)
			}
			if recOf(mar, RecOverhead) == nil {
				t.Errorf("overhead alert without advice: %+v", mar.Recommendations)
			}
		} else if crm.Level != yuan(120000) || len(oh) != 0 {
			t.Errorf("cash: January level %v, March overhead %+v", crm.Level, oh)
		}
		if jan.Totals.Actual != yuan(220000) {
			t.Errorf("amortize changed the cash total: %v", jan.Totals.Actual)
		}
	}
}

// TestPOCOncePerCompany: without a POC column anywhere, a channel with one
// opportunity and no deal converts opportunities → won 0%, in every month.
func TestPOCOncePerCompany(t *testing.T) {
	m := ym(2026, 3)
	b := newFixture().
		budget("A", "SEM", "", "", m, 1000).actual("A", "SEM", "", m, 1000).
		budget("A", "Salon", "", "", m, 1000).actual("A", "Salon", "", m, 1000).
		funnel("SEM", m, reports.Funnel{Leads: 10, MQL: 5, SQL: 3, Opps: 2, Won: 1, Revenue: yuan(5000)}).
		funnel("Salon", m, reports.Funnel{Leads: 4, MQL: 2, SQL: 1, Opps: 1}).b
	r := build(t, b, testConfig(t, ""), "en", now, "2026-03")
	for _, c := range r.Channels {
		last := c.Conversions[len(c.Conversions)-1]
		if len(c.Conversions) != 4 || last.From != "opps" || last.To != "won" {
			t.Errorf("%s: conversions %+v, want opportunities → won", c.Channel, c.Conversions)
		}
	}
	// One POC value anywhere makes it a 6-stage funnel for every channel.
	b.FunnelRow(reports.FunnelRow{Month: ym(2026, 1), Channel: "SEM", Funnel: reports.Funnel{POC: 1}})
	r = build(t, b, testConfig(t, ""), "en", now, "2026-03")
	for _, c := range r.Channels {
		if len(c.Conversions) != 5 {
			t.Errorf("%s: %d conversions, want 5 with POC tracked", c.Channel, len(c.Conversions))
		}
	}
}

// TestFunnelDiagnosisAgainstBenchmark: the stage furthest below its own
// trailing average is diagnosed, not the lowest absolute rate; a
// lead-quality problem is not answered with awareness spend.
func TestFunnelDiagnosisAgainstBenchmark(t *testing.T) {
	f := newFixture()
	for i := 0; i < 6; i++ {
		m := ym(2026, 1).Add(i)
		fu := reports.Funnel{Leads: 1000, MQL: 400, SQL: 100, Opps: 50, Won: 5}
		if i == 5 {
			fu.MQL = 200 // lead → MQL halves; MQL → SQL is still the lowest rate
			fu.SQL, fu.Opps, fu.Won = 50, 25, 3
		}
		f.budget("A", "SEM", "", "", m, 10000).actual("A", "SEM", "", m, 10000).funnel("SEM", m, fu)
	}
	r := build(t, f.b, testConfig(t, ""), "en", now, "2026-06")
	d := r.Plan.Funnel
	if d == nil || d.From != "leads" || d.Source != "trailing" || d.Bench != 40 || d.Rate != 20 {
		t.Fatalf("diagnosis %+v", d)
	}
	txt := recText(t, r)
	if !strings.Contains(txt, "lead-quality problem") || strings.Contains(txt, "awareness spend on the target") {
		t.Errorf("texts:\n%s", txt)
	}
	// A configured benchmark wins over the trailing average.
	r = build(t, f.b, testConfig(t, "[funnel_benchmark]\nleads_mql = 15\nmql_sql = 40\n"), "en", now, "2026-06")
	if d := r.Plan.Funnel; d == nil || d.From != "mql" || d.Source != "config" {
		t.Errorf("configured diagnosis %+v", d)
	}
}

// TestSeverityMonotone: over-budget severity never falls as the variance
// grows, a variance under material_amount is no finding, and a category
// over budget because of one flagged line is not a second alert.
func TestSeverityMonotone(t *testing.T) {
	m := ym(2026, 3)
	rank := -1
	for _, actual := range []int64{100000, 105000, 112000, 125000, 150000, 250000, 1000000} {
		b := newFixture().budget("Ads", "SEM", "", "", m, 100000).actual("Ads", "SEM", "", m, actual).
			budget("Ads", "Display", "", "", m, 50000).actual("Ads", "Display", "", m, 50000).b
		r := build(t, b, testConfig(t, ""), "en", now, "2026-03")
		sev := -1
		for _, f := range findCodes(r, CodeOverBudget) {
			if f.Subject == "Ads / SEM" {
				sev = f.Severity.Rank()
			}
			if f.Subject == "Ads" && f.Severity != reports.SevInfo {
				t.Errorf("actual %d: category counted again as %s", actual, f.Severity)
			}
		}
		if sev < rank {
			t.Errorf("actual %d: severity rank %d fell below %d", actual, sev, rank)
		}
		rank = sev
		if actual == 105000 && sev != -1 {
			t.Errorf("a 5,000 variance (below material_amount) is a finding")
		}
	}
}
