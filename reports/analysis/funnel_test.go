package analysis

import (
	"math"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
)

// TestSeed004WorkedExample recomputes seed 004's example instead of copying
// it: seven stages at 20% over 10,000,000 impressions at ¥0.005 leave 128
// won deals, so CAC is ¥390.625 (the seed's 25.6 deals would be 8 stages).
func TestSeed004WorkedExample(t *testing.T) {
	tests := []struct {
		name   string
		rate   float64
		stages int
		won    float64
		cac    reports.Money
	}{
		{"seven stages at 20%", 0.2, 7, 128, 3906250},
		{"seven stages at 10%", 0.1, 7, 1, 50000 * reports.Unit},
		{"eight stages at 20%", 0.2, 8, 25.6, 19531250},
	}
	const impressions = 10_000_000
	spend := reports.Money(impressions) * 50 // ¥0.005 = 50 ten-thousandths
	if spend != 50000*reports.Unit {
		t.Fatalf("spend %v, want ¥50,000", spend)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rates := make([]float64, tt.stages)
			for i := range rates {
				rates[i] = tt.rate
			}
			won := Cascade(impressions, rates...)
			if math.Abs(won-tt.won) > 1e-6 {
				t.Fatalf("won %v, want %v", won, tt.won)
			}
			// CAC = spend / won, exactly, in ten-thousandths.
			cac := spend.MulRatio(1000, int64(math.Round(won*1000)))
			if cac != tt.cac {
				t.Errorf("CAC %v, want %v", cac, tt.cac)
			}
			if tt.won == 128 {
				st := Economics("", reports.Funnel{Leads: 1000, Won: 128}, spend)
				if c, ok := cost(st, "cac"); !ok || c != tt.cac {
					t.Errorf("Economics CAC %v, want %v", c, tt.cac)
				}
			}
		})
	}
}

func TestEconomics(t *testing.T) {
	f := reports.Funnel{Leads: 400, MQL: 200, SQL: 100, Opps: 40, POC: 10, Won: 5, Revenue: yuan(600000)}
	st := Economics("SEM", f, yuan(200000))
	wantConv := []reports.StageConversion{{From: "leads", To: "mql", Rate: 50, OK: true}, {From: "mql", To: "sql", Rate: 50, OK: true}, {From: "sql", To: "opps", Rate: 40, OK: true}, {From: "opps", To: "poc", Rate: 25, OK: true}, {From: "poc", To: "won", Rate: 50, OK: true}}
	for i, c := range st.Conversions {
		if c != wantConv[i] {
			t.Errorf("conversion %d: got %+v, want %+v", i, c, wantConv[i])
		}
	}
	wantCost := map[string]int64{"cpl": 500, "cost_per_mql": 1000, "cost_per_sql": 2000, "cost_per_opp": 5000, "cac": 40000}
	for code, v := range wantCost {
		if c, ok := cost(st, code); !ok || c != yuan(v) {
			t.Errorf("%s: got %v, want %d", code, c, v)
		}
	}
	if st.ROAS != 3 || st.ROI != 2 || math.Abs(st.CostToRevenue-1.0/3) > 1e-12 || !st.ROASOK || !st.ROIOK || !st.CostToRevenueOK {
		t.Errorf("ratios %+v", st)
	}
	// POC not tracked: opportunities convert straight to won.
	st = Economics("", reports.Funnel{Leads: 10, MQL: 5, SQL: 4, Opps: 2, Won: 1}, 0)
	if last := st.Conversions[len(st.Conversions)-1]; last.From != "opps" || last.To != "won" || last.Rate != 50 {
		t.Errorf("conversions %+v", st.Conversions)
	}
	if st.ROASOK || st.CostToRevenueOK {
		t.Errorf("zero spend and revenue must not give ratios: %+v", st)
	}
	if c, ok := cost(Economics("", reports.Funnel{}, yuan(5)), "cac"); ok || c != 0 {
		t.Errorf("CAC without deals must not be OK")
	}
}

func TestChannelsAndLoops(t *testing.T) {
	cfg := testConfig(t, `
[[channel]]
name = "EDM"
loop = "nurturing"
aliases = ["邮件营销"]
[[channel]]
name = "内容中心"
loop = "acquisition"
`)
	m := ym(2026, 3)
	b := newFixture().budget("营销", "EDM", "", reports.RoleCustomer, m, 1000).budget("营销", "内容中心", "", "", m, 3000).
		actual("营销", "邮件营销", "", m, 1000).actual("营销", "内容中心", "", m, 3000).actual("营销", "其他", "", m, 500).
		funnel("邮件营销", m, reports.Funnel{Leads: 10, Won: 1, Revenue: yuan(5000)}).
		funnel("内容中心", m, reports.Funnel{Leads: 30}).
		funnel("Webinar", m, reports.Funnel{Leads: 10}).b
	r := build(t, b, cfg, "en", now, "2026-03")
	var names []string
	for _, c := range r.Channels {
		names = append(names, c.Channel)
	}
	if got := joinS(names); got != "内容中心,EDM,其他,Webinar" {
		t.Errorf("channels %s", got)
	}
	if r.Funnel.Leads != 50 || r.Funnel.Spend != yuan(4500) {
		t.Errorf("total funnel %+v", r.Funnel)
	}
	want := []reports.UnitCost{{Code: "acquisition", Cost: yuan(60), OK: true}, {Code: "nurturing", Cost: yuan(20), OK: true}}
	if len(r.LoopCosts) != 2 || r.LoopCosts[0] != want[0] || r.LoopCosts[1] != want[1] {
		t.Errorf("loop costs %+v, want %+v", r.LoopCosts, want)
	}
}

func joinS(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ","
		}
		out += v
	}
	return out
}

func TestMix(t *testing.T) {
	cfg := testConfig(t, "stage = \"mature\"\n")
	m := ym(2026, 3)
	b := newFixture().
		budget("A", "展会", "", reports.RoleAwareness, m, 1).actual("A", "展会", "", m, 300).
		budget("C", "案例", "", reports.RoleConsideration, m, 1).actual("C", "案例", "", m, 300).
		budget("K", "续约", "", reports.RoleCustomer, m, 1).actual("K", "续约", "", m, 100).
		budget("T", "新渠道", "", reports.RoleTest, m, 1).actual("T", "新渠道", "", m, 200).
		actual("X", "杂项", "", m, 100).b
	r := build(t, b, cfg, "en", now, "2026-03")
	want := []reports.MixShare{
		{Role: reports.RoleConsideration, Actual: yuan(300), ActualPct: 30, RecommendedPct: 30, Gap: 0},
		{Role: reports.RoleAwareness, Actual: yuan(300), ActualPct: 30, RecommendedPct: 30, Gap: 0},
		{Role: reports.RoleCustomer, Actual: yuan(100), ActualPct: 10, RecommendedPct: 25, Gap: -yuan(150)},
		{Role: reports.RoleTest, Actual: yuan(200), ActualPct: 20, RecommendedPct: 15, Gap: yuan(50)},
		{Role: reports.RoleNone, Actual: yuan(100), ActualPct: 10},
	}
	if len(r.Mix) != len(want) {
		t.Fatalf("mix %+v", r.Mix)
	}
	for i := range want {
		if r.Mix[i] != want[i] {
			t.Errorf("mix[%d] = %+v, want %+v", i, r.Mix[i], want[i])
		}
	}
	if r.CoreTest != [2]reports.Money{yuan(800), yuan(200)} || r.CoreTargetPc != 85 { // mature: 15% test, one target everywhere
		t.Errorf("core/test %v target %v", r.CoreTest, r.CoreTargetPc)
	}
	if len(findCodes(r, CodeMixGap)) != 1 || findCodes(r, CodeMixGap)[0].Subject != "Customer operations channels" {
		t.Errorf("mix findings %+v", findCodes(r, CodeMixGap))
	}
}
