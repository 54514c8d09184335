// Package reportstest provides hand-made reports.Report values for the
// renderers' and exporters' tests, so they can be tested without the
// reader and the analysis. The numbers are consistent (totals add up).
package reportstest

import (
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// Yuan returns v major units as Money.
func Yuan(v int64) reports.Money { return reports.Money(v) * reports.Unit }

// Generated is the fixed clock of every fixture.
var Generated = time.Date(2026, 4, 2, 6, 0, 0, 0, time.UTC)

type lineSpec struct {
	cat, ch, region string
	role            reports.Role
	budget, actual  int64
}

// Month returns a complete monthly report for March 2026 of a growth-stage
// company, with Chinese line names, findings, recommendations, a funnel
// and data notes. language is "en" or "zh-CN".
func Month(language string) *reports.Report {
	return build(language, reports.MonthPeriod(reports.Month{Year: 2026, Month: time.March}, time.January), []lineSpec{
		{"数字广告", "百度SEM", "华东", reports.RoleConsideration, 150000, 238000},
		{"数字广告", "百度SEM", "华北", reports.RoleConsideration, 100000, 121000},
		{"数字广告", "LinkedIn广告", "", reports.RoleConsideration, 120000, 98000},
		{"数字广告", "微信广告", "", reports.RoleAwareness, 80000, 76500},
		{"内容营销", "白皮书", "", reports.RoleConsideration, 40000, 31000},
		{"内容营销", "客户案例", "", reports.RoleConsideration, 60000, 42000},
		{"内容营销", "SEO", "", reports.RoleConsideration, 50000, 50000},
		{"展会活动", "行业峰会展位", "华东", reports.RoleAwareness, 900000, 1262000},
		{"展会活动", "城市沙龙", "华北", reports.RoleConsideration, 60000, 45000},
		{"营销技术", "营销自动化系统", "", reports.RoleNone, 45000, 45000},
		{"营销技术", "CRM系统", "", reports.RoleNone, 38000, 38000},
		{"公关媒体", "行业媒体合作", "", reports.RoleAwareness, 150000, 140000},
		{"公关媒体", "CEO个人IP", "", reports.RoleAwareness, 40000, 52000},
		{"客户运营", "客户答谢会", "", reports.RoleCustomer, 0, 0},
		{"测试渠道", "视频号直播", "", reports.RoleTest, 30000, 9800},
		{"测试渠道", "播客", "", reports.RoleTest, 20000, 18500},
	}, 36500)
}

// Quarter returns a quarter-to-date report (Q1 FY2026 through February).
func Quarter(language string) *reports.Report {
	p := reports.QuarterPeriod(2026, 1, time.January)
	p.Through = reports.Month{Year: 2026, Month: time.February}
	p.Complete = false
	r := Month(language)
	r2 := build(language, p, nil, 0)
	r.Period = r2.Period
	return r
}

// YearToDate returns the Month fixture as a fiscal-year-to-date report
// through March, so every period kind is covered.
func YearToDate(language string) *reports.Report {
	r := Month(language)
	p := reports.YearPeriod(2026, time.January)
	p.Through = reports.Month{Year: 2026, Month: time.March}
	p.Complete = false
	r.Period = p
	return r
}

// Hostile returns a monthly report whose names try to inject markup,
// script and spreadsheet formulas, and contain characters outside the BMP.
func Hostile(language string) *reports.Report {
	return build(language, reports.MonthPeriod(reports.Month{Year: 2026, Month: time.March}, time.January), []lineSpec{
		{"<script>alert(1)</script>", "</script><script>alert(2)</script>", "", reports.RoleConsideration, 1000, 2000},
		{"=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1)", reports.RoleAwareness, 5000, 100},
		{"Emoji 🚀 category", "-2+3", "\"quoted\" & 'amp'", reports.RoleTest, 0, 700},
	}, 0)
}

// NoFunnel returns the Month fixture of a company that tracks neither a
// funnel nor revenue: spend only, so no lead, deal or return anywhere.
func NoFunnel(language string) *reports.Report {
	r := Month(language)
	r.Funnel = reports.FunnelStats{}
	r.Channels = nil
	r.LoopCosts = nil
	r.Plan.Effect = nil
	r.Plan.Funnel = nil
	for i := range r.Plan.Steps {
		r.Plan.Steps[i].Effect = nil
	}
	for i := range r.Plan.Channels {
		c := &r.Plan.Channels[i]
		c.ROAS, c.ROASOK, c.CPL, c.CPLOK, c.Tracked = 0, false, 0, false, false
	}
	for i := range r.Recommendations {
		r.Recommendations[i].Effect = nil
	}
	return r
}

// Empty returns a report for a month with no budget and no spend.
func Empty(language string) *reports.Report {
	return build(language, reports.MonthPeriod(reports.Month{Year: 2026, Month: time.March}, time.January), nil, 0)
}

func build(language string, p reports.Period, specs []lineSpec, unbudgeted int64) *reports.Report {
	r := &reports.Report{
		Company:      "云启软件 Cloudrise",
		Currency:     "CNY",
		Language:     language,
		Stage:        "growth",
		Period:       p,
		Generated:    Generated,
		CoreTargetPc: 70,
	}
	byCat := map[string]int{}
	roleSpend := map[reports.Role]reports.Money{}
	for _, s := range specs {
		l := reports.LineResult{
			LineKey: reports.LineKey{Category: s.cat, Channel: s.ch, Region: s.region},
			Role:    s.role,
			Amounts: reports.Amounts{Budget: Yuan(s.budget), Actual: Yuan(s.actual)},
			Entries: 3,
		}
		i, ok := byCat[s.cat]
		if !ok {
			i = len(r.Categories)
			byCat[s.cat] = i
			r.Categories = append(r.Categories, reports.CategoryResult{Category: s.cat})
		}
		c := &r.Categories[i]
		c.Lines = append(c.Lines, l)
		c.Amounts = c.Amounts.Add(l.Amounts)
		r.Totals = r.Totals.Add(l.Amounts)
		roleSpend[s.role] += l.Actual
	}
	if unbudgeted > 0 {
		u := reports.LineResult{
			LineKey:    reports.LineKey{Category: "数字广告", Channel: "抖音信息流"},
			Amounts:    reports.Amounts{Actual: Yuan(unbudgeted)},
			Unbudgeted: true,
			Entries:    2,
		}
		r.UnbudgetedLines = append(r.UnbudgetedLines, u)
		r.Unbudgeted = u.Actual
		r.Totals.Actual += u.Actual
		roleSpend[reports.RoleNone] += u.Actual
	}
	r.BudgetFull = r.Totals.Budget

	// Burn-up over the fiscal year: a flat plan at this month's budget,
	// actuals through the period's Through month.
	fy := reports.YearPeriod(p.FiscalYear, time.January)
	var cumB, cumA reports.Money
	for i, m := range fy.Months() {
		b := r.Totals.Budget
		a := reports.Money(0)
		has := !p.Through.Before(m)
		if has {
			a = r.Totals.Actual.MulRatio(int64(90+5*i), 100)
		}
		cumB += b
		cumA += a
		r.Burn = append(r.Burn, reports.MonthPoint{Month: m, Budget: b, Actual: a, CumBudget: cumB, CumActual: cumA, HasActual: has})
		if has {
			r.Forecast.YTD = r.Forecast.YTD.Add(reports.Amounts{Budget: b, Actual: a})
			r.Forecast.MonthsElapsed++
		}
	}
	r.Forecast.AnnualBudget = cumB
	if r.Forecast.MonthsElapsed > 0 {
		r.Forecast.Landing = r.Forecast.YTD.Actual + cumB - r.Forecast.YTD.Budget
		r.Forecast.RunRate = r.Forecast.YTD.Actual.MulRatio(12, int64(r.Forecast.MonthsElapsed))
	}

	if len(specs) > 0 {
		r.Funnel = funnel("", r.Totals.Actual, reports.Funnel{Leads: 2400, MQL: 860, SQL: 310, Opps: 150, POC: 70, Won: 26, Revenue: Yuan(6240000)})
		r.LoopCosts = []reports.UnitCost{
			{Code: "acquisition", Cost: Yuan(362) + 5600, OK: true},
			{Code: "nurturing", Cost: Yuan(252) + 9000, OK: true},
		}
		r.Channels = []reports.FunnelStats{
			funnel("百度SEM", Yuan(359000), reports.Funnel{Leads: 900, MQL: 280, SQL: 90, Opps: 40, POC: 18, Won: 6, Revenue: Yuan(1380000)}),
			funnel("LinkedIn广告", Yuan(98000), reports.Funnel{Leads: 310, MQL: 140, SQL: 60, Opps: 30, POC: 14, Won: 6, Revenue: Yuan(1500000)}),
			funnel("行业峰会展位", Yuan(1262000), reports.Funnel{Leads: 700, MQL: 250, SQL: 90, Opps: 45, POC: 22, Won: 8, Revenue: Yuan(2160000)}),
			funnel("视频号直播", Yuan(9800), reports.Funnel{Leads: 12, MQL: 2}),
		}
	}

	total := r.Totals.Actual
	recommended := map[reports.Role]float64{reports.RoleConsideration: 45, reports.RoleAwareness: 40, reports.RoleCustomer: 0, reports.RoleTest: 15}
	for _, role := range append(append([]reports.Role{}, reports.Roles...), reports.RoleNone) {
		a := roleSpend[role]
		pct, _ := reports.Pct(a, total)
		ms := reports.MixShare{Role: role, Actual: a, ActualPct: pct, RecommendedPct: recommended[role]}
		if role != reports.RoleNone {
			ms.Gap = a - total.MulRatio(int64(recommended[role]*100), 10000)
		}
		r.Mix = append(r.Mix, ms)
		if role == reports.RoleTest {
			r.CoreTest[1] += a
		} else {
			r.CoreTest[0] += a
		}
	}

	if len(specs) > 0 {
		r.Findings = []reports.Finding{
			{Code: "over_budget", Severity: reports.SevAlert, Subject: "展会活动 / 行业峰会展位", Value: 1262000, Limit: 990000, Unit: "money",
				Message: pick(language, "行业峰会展位 spent ¥1,262,000 against a budget of ¥900,000 (+40.2%, limit +10%).", "行业峰会展位支出¥1,262,000，预算¥900,000（+40.2%，上限+10%）。")},
			{Code: "above_saturation", Severity: reports.SevWarn, Subject: "百度SEM", Value: 359000, Limit: 200000, Unit: "money",
				Message: pick(language, "百度SEM spent ¥359,000, above its saturation threshold of ¥200,000: diminishing returns.", "百度SEM支出¥359,000，超过饱和阈值¥200,000：边际收益递减。")},
			{Code: "below_inflection", Severity: reports.SevWarn, Subject: "视频号直播", Value: 9800, Limit: 30000, Unit: "money",
				Message: pick(language, "视频号直播 spent ¥9,800, below its inflection point of ¥30,000: ineffective spend.", "视频号直播支出¥9,800，低于拐点¥30,000：投入无效。")},
			{Code: "unbudgeted_spend", Severity: reports.SevWarn, Subject: "数字广告 / 抖音信息流", Value: 36500, Limit: 0, Unit: "money",
				Message: pick(language, "¥36,500 was spent on 抖音信息流, which has no budget line.", "抖音信息流支出¥36,500，没有对应的预算科目。")},
			{Code: "overhead_share", Severity: reports.SevInfo, Subject: "营销技术", Value: 3.2, Limit: 3, Unit: "pct",
				Message: pick(language, "Overhead (systems and management) is 3.2% of spend, above the 3% guideline.", "管理与系统费用占总支出3.2%，高于3%的参考线。")},
		}
		move := reports.Move{From: "百度SEM", To: "客户案例", Amount: Yuan(159000)}
		eff := &reports.Effect{Leads: -52.4, Won: 0.3, Revenue: Yuan(61000)}
		semWhy := []reports.Reason{{Code: "above_saturation", Subject: "百度SEM"}}
		r.Plan = reports.Plan{
			Months:    12 - r.Forecast.MonthsElapsed,
			Steps:     []reports.PlanStep{{Move: move, Tier: "above_saturation", Effect: eff, Reasons: semWhy}},
			MoveTotal: Yuan(159000),
			Effect:    eff,
			Channels: []reports.ChannelPlan{
				{Channel: "百度SEM", Role: reports.RoleConsideration, Unit: "month", Active: 1, Units: 1, Spend: Yuan(359000), Level: Yuan(359000), PerUnit: Yuan(359000),
					Inflection: Yuan(50000), Saturation: Yuan(200000), Band: reports.BandSaturated, ROAS: 3.84, ROASOK: true, CPL: Yuan(398) + 8900, CPLOK: true, Tracked: true},
				{Channel: "客户案例", Role: reports.RoleConsideration, Unit: "month", Active: 1, Units: 1, Spend: Yuan(120000), Level: Yuan(120000), PerUnit: Yuan(120000),
					Saturation: Yuan(300000), Band: reports.BandProductive, Headroom: Yuan(180000), ROAS: 4.6, ROASOK: true, Tracked: true, Best: true},
				{Channel: "视频号直播", Role: reports.RoleTest, Test: true, Unit: "month", Active: 1, Units: 1, Spend: Yuan(9800), Level: Yuan(9800), PerUnit: Yuan(9800),
					Inflection: Yuan(30000), Band: reports.BandBelow, Tracked: true, CPL: Yuan(816) + 6667, CPLOK: true, Verdict: reports.TestDecide},
			},
		}
		r.Recommendations = []reports.Recommendation{
			{Code: "move", Priority: 1, Move: &move, Effect: eff, Reasons: semWhy},
			{Code: "decide_test", Priority: 2, Reasons: []reports.Reason{{Code: "below_inflection", Subject: "视频号直播"}}},
			{Code: "stage", Priority: 3},
		}
	}
	r.Notes = reports.DataNotes{
		Files: []reports.FileReport{
			{Name: "budget-2026.xlsx", Size: 21034, SHA256: "9f2c0c4c1e1f6f1f1c6b1d0a3e6f6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c2b3a",
				Sheets: []reports.SheetReport{{Sheet: "2026预算", Kind: reports.KindBudget, Layout: "wide", Header: 3, Used: 24, Skipped: 8, Total: Yuan(25000000),
					First: reports.Month{Year: 2026, Month: 1}, Last: reports.Month{Year: 2026, Month: 12}}}},
			{Name: "actuals-2026-03.xlsx", Size: 15876, SHA256: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
				Sheets: []reports.SheetReport{{Sheet: "支出明细", Kind: reports.KindLedger, Header: 2, Used: 48, Skipped: 1, Rejected: 1, Total: total,
					First: reports.Month{Year: 2026, Month: 3}, Last: reports.Month{Year: 2026, Month: 3}}},
				Problems: []*reports.CellError{{File: "actuals-2026-03.xlsx", Sheet: "支出明细", Cell: "G17", Row: 17, Severity: reports.SevAlert,
					Err: errString(`"12,3x4" is not an amount`)}}},
		},
		RowsUsed: 72, RowsSkipped: 9, RowsRejected: 1,
		LedgerTotal: total, ReportedAll: total, Reconciled: true, BudgetTotal: Yuan(25000000),
	}
	return r
}

type errString string

func (e errString) Error() string { return string(e) }

func pick(language, en, zh string) string {
	if language == "zh-CN" {
		return zh
	}
	return en
}

func funnel(ch string, spend reports.Money, f reports.Funnel) reports.FunnelStats {
	s := reports.FunnelStats{Channel: ch, Funnel: f, Spend: spend}
	counts := []int64{f.Leads, f.MQL, f.SQL, f.Opps, f.POC, f.Won}
	codes := []string{"leads", "mql", "sql", "opps", "poc", "won"}
	for i := 1; i < len(counts); i++ {
		c := reports.StageConversion{From: codes[i-1], To: codes[i]}
		if counts[i-1] > 0 {
			c.Rate, c.OK = float64(counts[i])/float64(counts[i-1])*100, true
		}
		s.Conversions = append(s.Conversions, c)
	}
	for i, code := range []string{"cpl", "cost_per_mql", "cost_per_sql", "cost_per_opp", "cac"} {
		n := []int64{f.Leads, f.MQL, f.SQL, f.Opps, f.Won}[i]
		u := reports.UnitCost{Code: code}
		if n > 0 {
			u.Cost, u.OK = spend.MulRatio(1, n), true
		}
		s.UnitCosts = append(s.UnitCosts, u)
	}
	if spend != 0 {
		s.ROAS, s.ROASOK = float64(f.Revenue)/float64(spend), true
		s.ROI, s.ROIOK = float64(f.Revenue-spend)/float64(spend), true
	}
	if f.Revenue != 0 {
		s.CostToRevenue, s.CostToRevenueOK = float64(spend)/float64(f.Revenue), true
	}
	return s
}
