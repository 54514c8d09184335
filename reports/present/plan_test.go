package present

import (
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

func lang(t *testing.T, tag string) *i18n.Lang {
	t.Helper()
	l, err := i18n.Load(tag, "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestRecommendationText renders every recommendation code in both
// languages from a plan with a gap: no missing key, no placeholder, and
// the numbers of the fields in the words.
func TestRecommendationText(t *testing.T) {
	for _, tag := range []string{"en", "zh-CN"} {
		l := lang(t, tag)
		rep := reportstest.Month(tag)
		cut := reports.Move{From: "LinkedIn广告", Amount: reportstest.Yuan(30000)}
		core := reports.Move{From: "行业峰会展位", Amount: reportstest.Yuan(12000)}
		rep.Plan.Overrun, rep.Plan.Gap, rep.Plan.Months = reportstest.Yuan(150000), reportstest.Yuan(150000), 3
		rep.Plan.Steps = append(rep.Plan.Steps,
			reports.PlanStep{Move: cut, Tier: "low_return", Reasons: []reports.Reason{{Code: "forecast_overrun", Subject: "FY2026"}}},
			reports.PlanStep{Move: core, Tier: "core", Reasons: []reports.Reason{{Code: "forecast_overrun", Subject: "FY2026"}}})
		rep.Plan.CutTotal, rep.Plan.CoreCut = reportstest.Yuan(42000), reportstest.Yuan(12000)
		rep.Plan.Covered = reportstest.Yuan(126000)
		rep.Plan.Shortfall = reportstest.Yuan(24000)
		rep.Plan.Funnel = &reports.FunnelDiagnosis{From: "leads", To: "mql", Rate: 20, Bench: 40, Source: "trailing"}
		recs := []reports.Recommendation{
			{Code: "cut", Move: &cut, Reasons: rep.Plan.Steps[1].Reasons, Effect: &reports.Effect{Leads: -12.5, Won: -0.2, Revenue: -reportstest.Yuan(4000)}},
			{Code: "cut", Move: &core, Reasons: rep.Plan.Steps[2].Reasons},
			{Code: "stop_test", Move: &reports.Move{From: "视频号直播", Amount: reportstest.Yuan(9800)}},
			{Code: "promote_test", Move: &reports.Move{To: "视频号直播", Amount: reportstest.Yuan(9800)}},
			{Code: "decide_test", Reasons: []reports.Reason{{Code: "below_inflection", Subject: "视频号直播"}}},
			{Code: "gap_open"},
			{Code: "channel_roi", Reasons: []reports.Reason{{Code: "best_return", Subject: "客户案例"}, {Code: "worst_return", Subject: "百度SEM"}}},
			{Code: "mix_review", Reasons: []reports.Reason{{Code: "mix_gap", Subject: l.Role(reports.RoleTest)}}},
			{Code: "funnel_diagnosis", Reasons: []reports.Reason{{Code: "funnel_stage", Subject: "leads→mql"}}},
			{Code: "overhead_review", Reasons: []reports.Reason{{Code: "overhead_share", Subject: "营销技术"}}},
			{Code: "core_test"},
			{Code: "budget_unbudgeted", Reasons: []reports.Reason{{Code: "unbudgeted_spend", Subject: "数字广告 / 抖音信息流"}}},
			{Code: "budget_to_revenue"},
			{Code: "stage"},
			{Code: "situation_launch"},
		}
		recs = append(recs, rep.Recommendations...)
		var all []string
		for _, r := range recs {
			title, body := RecommendationText(r, rep, l)
			for _, s := range []string{title, body} {
				if s == "" || strings.Contains(s, "[plan.") || strings.Contains(s, "[analysis.") || strings.Contains(s, "{") {
					t.Errorf("%s %s: %q", tag, r.Code, s)
				}
			}
			all = append(all, title+" | "+body+" | "+MoveText(r, l))
		}
		lines := PlanSummary(rep, l)
		if len(lines) < 3 {
			t.Errorf("%s: plan lines %q", tag, lines)
		}
		if tag != "en" {
			continue
		}
		text := strings.Join(append(all, lines...), "\n")
		for _, want := range []string{
			"Cut LinkedIn广告 by ¥30,000/month",
			"¥30,000 a month over the remaining 3 months is ¥90,000 toward the ¥150,000 forecast overrun",
			"-12.5 leads, -0.2 won deals, -¥4,000 revenue",
			"this cuts a productive core channel",
			"The money freed does not go back into 视频号直播",
			"Make 视频号直播 a core channel at ¥9,800/month",
			"¥24,000 stays open",
			"lead-quality problem", "previous twelve months is 40.0%",
			"Forecast overrun ¥150,000: every allowed cut, ¥42,000 a month × 3 months = ¥126,000, leaves ¥24,000 open.",
			"Cuts a month: LinkedIn广告 ¥30,000, 行业峰会展位 ¥12,000 (total ¥42,000).",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("text lacks %q:\n%s", want, text)
			}
		}
	}
}

// TestPlanSummaryQuiet: nothing to cut or move and no overrun, no lines.
func TestPlanSummaryQuiet(t *testing.T) {
	if lines := PlanSummary(reportstest.Empty("en"), lang(t, "en")); len(lines) != 0 {
		t.Errorf("empty report plan lines %q", lines)
	}
}
