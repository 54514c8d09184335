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
			{Code: "mix_review", Reasons: []reports.Reason{{Code: "mix_gap", Subject: l.RoleChannels(reports.RoleTest)}}},
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
			"leads -13, won deals -<1, revenue -¥4,000",
			"this cuts a productive core channel",
			"The money freed does not go back into 视频号直播",
			"Make 视频号直播 a core channel at ¥9,800/month",
			"¥24,000 stays open",
			"lead-quality problem", "previous twelve months is 40.0%",
			"Forecast overrun ¥150,000: every allowed cut, ¥42,000 a month × 3 months = ¥126,000, leaves ¥24,000 open.",
			"Monthly cuts: LinkedIn广告 ¥30,000, 行业峰会展位 ¥12,000 (total ¥42,000).",
			"Monthly move: 百度SEM → 客户案例 ¥159,000.",
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

// TestSignedCount: expected leads and deals are whole numbers; a non-zero
// change that rounds to zero reads "<1" with its sign, never "0".
func TestSignedCount(t *testing.T) {
	for _, tag := range []string{"en", "zh-CN"} {
		l := lang(t, tag)
		for _, tc := range []struct {
			v    float64
			want string
		}{
			{0, "0"}, {233.6, "+234"}, {-26.7, "-27"}, {5.3, "+5"}, {5.5, "+6"},
			{0.4, "+<1"}, {-0.4, "-<1"}, {0.5, "+1"}, {1234.4, "+1,234"}, {-1, "-1"},
		} {
			if got := signedCount(l, tc.v); got != tc.want {
				t.Errorf("%s signedCount(%v) = %q, want %q", tag, tc.v, got, tc.want)
			}
		}
		e := EffectText(&reports.Effect{Leads: 238.6, Won: 5.6}, l)
		if strings.Contains(e, ".6") || !strings.Contains(e, "+239") || !strings.Contains(e, "+6") {
			t.Errorf("%s effect %q", tag, e)
		}
	}
}

// TestMoveLine: the move line under a recommendation is dropped when the
// title already names the channels and the amount, kept otherwise.
func TestMoveLine(t *testing.T) {
	l := lang(t, "zh-CN")
	cut := reports.Recommendation{Code: "cut", Move: &reports.Move{From: "CEO个人IP", Amount: reports.Money(40_400 * 10_000)}}
	title := l.T("plan.rec.cut.title", "from", "CEO个人IP", "amount", l.Money(cut.Move.Amount))
	if got := MoveLine(title, cut, l); got != "" {
		t.Errorf("cut repeats its title: %q under %q", got, title)
	}
	mv := reports.Recommendation{Code: "channel_roi", Move: &reports.Move{From: "百度SEM", To: "客户案例", Amount: reports.Money(5_000 * 10_000)}}
	if got := MoveLine("下月预算向客户案例倾斜，减少百度SEM", mv, l); got == "" || !strings.Contains(got, l.Money(mv.Move.Amount)) {
		t.Errorf("a title without the amount keeps the move line, got %q", got)
	}
	if got := MoveLine("anything", reports.Recommendation{Code: "stage"}, l); got != "" {
		t.Errorf("no move, got %q", got)
	}
}

// TestPlanSummaryOneItem: a single cut or move carries no total.
func TestPlanSummaryOneItem(t *testing.T) {
	for _, tag := range []string{"en", "zh-CN"} {
		l := lang(t, tag)
		rep := reportstest.Empty(tag)
		rep.Plan.Overrun = reports.Money(99_999 * 10_000)
		rep.Plan.Steps = []reports.PlanStep{
			{Move: reports.Move{From: "CEO个人IP", Amount: reports.Money(41_400 * 10_000)}},
			{Move: reports.Move{From: "A", To: "B", Amount: reports.Money(1_000 * 10_000)}},
		}
		rep.Plan.CutTotal = rep.Plan.Steps[0].Amount
		rep.Plan.MoveTotal = rep.Plan.Steps[1].Amount
		text := strings.Join(PlanSummary(rep, l), "\n")
		if strings.Count(text, l.Money(rep.Plan.CutTotal)) != 1 || strings.Count(text, l.Money(rep.Plan.MoveTotal)) != 1 {
			t.Errorf("%s: a single item repeats its amount as a total:\n%s", tag, text)
		}
		rep.Plan.Steps = append(rep.Plan.Steps, reports.PlanStep{Move: reports.Move{From: "C", Amount: reports.Money(600 * 10_000)}})
		rep.Plan.CutTotal = reports.Money(42_000 * 10_000)
		if text := strings.Join(PlanSummary(rep, l), "\n"); !strings.Contains(text, l.Money(rep.Plan.CutTotal)) {
			t.Errorf("%s: two cuts lack their total:\n%s", tag, text)
		}
	}
}
