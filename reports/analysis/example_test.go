package analysis_test

import (
	"fmt"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/analysis"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Variance is actual − budget; a positive variance is overspend.
func ExampleBuild_variance() {
	b := reports.NewBook()
	m := reports.Month{Year: 2026, Month: time.March}
	line := reports.LineKey{Category: "展会", Channel: "行业峰会展位"}
	b.Budget(reports.BudgetLine{LineKey: line, Role: reports.RoleAwareness, Month: m, Amount: 900000 * reports.Unit})
	b.Actual(reports.Entry{Date: m.First(), Category: "展会", Channel: "行业峰会展位", Amount: 1260000 * reports.Unit})

	cfg, _ := config.Parse("config.toml", []byte("[company]\nname = \"Acme\"\n"))
	lang, _ := i18n.Load("en", "CNY")
	now := time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)
	p, _ := analysis.Select(analysis.Periods(b, cfg, now), "2026-03")
	r := analysis.Build(analysis.Input{Book: b, Config: cfg, Lang: lang, Now: now}, p[0])

	pct, _ := r.Totals.VariancePct()
	fmt.Println("variance:", lang.Money(r.Totals.Variance()), lang.SignedPct(pct))
	for _, f := range r.Findings {
		if f.Code == "over_budget" {
			fmt.Println(f.Severity, f.Message)
		}
	}
	// Output:
	// variance: ¥360,000 +40.0%
	// alert 展会 / 行业峰会展位 spent ¥1,260,000 against a budget of ¥900,000 (+40.0%, limit +10%).
}

// CAC is spend divided by won deals. Seed 004's example: seven stages at
// 20% each over 10,000,000 impressions bought at ¥0.005 leave 128 deals.
func ExampleEconomics_cac() {
	won := analysis.Cascade(10_000_000, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2)
	spend := reports.Money(10_000_000) * 50 // ¥0.005 each
	st := analysis.Economics("", reports.Funnel{Won: int64(won)}, spend)
	for _, u := range st.UnitCosts {
		if u.Code == "cac" {
			fmt.Printf("won %.0f, spend %s, CAC %s\n", won, spend, u.Cost)
		}
	}
	// Output: won 128, spend 50000.00, CAC 390.63
}

// ROI is (revenue − cost) / cost; ROAS is revenue / cost; what seed 000
// calls "ROI" is really cost-to-revenue.
func ExampleEconomics_roi() {
	st := analysis.Economics("SEM", reports.Funnel{Leads: 400, Won: 5, Revenue: 600000 * reports.Unit}, 200000*reports.Unit)
	fmt.Printf("ROAS %.2f, ROI %.2f, cost-to-revenue %.4f\n", st.ROAS, st.ROI, st.CostToRevenue)
	// Output: ROAS 3.00, ROI 2.00, cost-to-revenue 0.3333
}

// The stage mix compares each role's share of spend with the stage's
// recommended share; Gap is the money over (+) or under (−) it.
func ExampleStageMix() {
	spend := map[reports.Role]reports.Money{
		reports.RoleConsideration: 300000 * reports.Unit,
		reports.RoleAwareness:     500000 * reports.Unit,
		reports.RoleTest:          200000 * reports.Unit,
	}
	growth := config.DefaultStageMix()["growth"]
	rec := map[reports.Role]float64{
		reports.RoleConsideration: growth.Consideration,
		reports.RoleAwareness:     growth.Awareness,
		reports.RoleCustomer:      growth.Customer,
		reports.RoleTest:          growth.Test,
	}
	for _, ms := range analysis.StageMix(spend, rec) {
		fmt.Printf("%-13s %5.1f%% vs %2.0f%%  gap %s\n", ms.Role, ms.ActualPct, ms.RecommendedPct, ms.Gap)
	}
	// Output:
	// consideration  30.0% vs 45%  gap -150000.00
	// awareness      50.0% vs 40%  gap 100000.00
	// customer        0.0% vs  0%  gap 0.00
	// test           20.0% vs 15%  gap 50000.00
}
