package analysis

import (
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// fundedLine budgets 100,000 a month on one awareness line for Jan–Mar 2026.
func fundedLine() *fixture {
	return newFixture().budgetMonths("展会", "行业峰会展位", reports.RoleAwareness, ym(2026, 1), 12, 100000)
}

func TestFindings(t *testing.T) {
	channels := `
[[channel]]
name = "SEM"
role = "consideration"
inflection = 50000
saturation = 150000
[[channel]]
name = "CRM"
role = "consideration"
overhead = true
`
	jan, feb := ym(2026, 1), ym(2026, 2)
	tests := []struct {
		name    string
		cfg     string
		book    func() *reports.Book
		period  string
		code    string
		fires   bool
		sev     reports.Severity
		subject string
	}{
		{"over budget fires", "", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 140000).b }, "2026-01", CodeOverBudget, true, reports.SevAlert, "展会 / 行业峰会展位"},
		{"over budget warn", "", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 115000).b }, "2026-01", CodeOverBudget, true, reports.SevWarn, "展会 / 行业峰会展位"},
		{"over budget within limit", "", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 109000).b }, "2026-01", CodeOverBudget, false, "", ""},
		{"over budget below min line", "[thresholds]\nmin_line_amount = 500000\n", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 140000).b }, "2026-01", CodeOverBudget, false, "", ""},
		{"under budget fires", "", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 60000).b }, "2026-01", CodeUnderBudget, true, reports.SevInfo, "展会 / 行业峰会展位"},
		{"under budget not for a month still running", "", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 10000).b }, "2026-01@2026-01-20", CodeUnderBudget, false, "", ""},
		{"below inflection fires", channels, func() *reports.Book { return fundedLine().actual("广告", "SEM", "", jan, 20000).b }, "2026-01", CodeBelowInflection, true, reports.SevWarn, "SEM"},
		{"below inflection scaled by months", channels, func() *reports.Book {
			return fundedLine().actual("广告", "SEM", "", jan, 60000).actual("广告", "SEM", "", feb, 30000).b
		}, "2026-Q1@2026-03-10", CodeBelowInflection, true, reports.SevWarn, "SEM"}, // 90,000 < 2 months × 50,000
		{"below inflection not at inflection", channels, func() *reports.Book { return fundedLine().actual("广告", "SEM", "", jan, 50000).b }, "2026-01", CodeBelowInflection, false, "", ""},
		{"above saturation fires", channels, func() *reports.Book { return fundedLine().actual("广告", "SEM", "", jan, 180000).b }, "2026-01", CodeAboveSaturation, true, reports.SevWarn, "SEM"},
		{"above saturation alert", channels, func() *reports.Book { return fundedLine().actual("广告", "SEM", "", jan, 250000).b }, "2026-01", CodeAboveSaturation, true, reports.SevAlert, "SEM"},
		{"above saturation not at saturation", channels, func() *reports.Book { return fundedLine().actual("广告", "SEM", "", jan, 150000).b }, "2026-01", CodeAboveSaturation, false, "", ""},
		{"saturation detected fires", "", func() *reports.Book {
			return fundedLine().actual("广告", "SEM", "", jan, 100000).actual("广告", "SEM", "", feb, 150000).
				funnel("SEM", jan, reports.Funnel{Leads: 100}).funnel("SEM", feb, reports.Funnel{Leads: 105}).b
		}, "2026-02", CodeSaturationDetected, true, reports.SevWarn, "SEM"},
		{"saturation detected not when leads keep up", "", func() *reports.Book {
			return fundedLine().actual("广告", "SEM", "", jan, 100000).actual("广告", "SEM", "", feb, 150000).
				funnel("SEM", jan, reports.Funnel{Leads: 100}).funnel("SEM", feb, reports.Funnel{Leads: 140}).b
		}, "2026-02", CodeSaturationDetected, false, "", ""},
		{"overhead share alert", channels, func() *reports.Book {
			return fundedLine().actual("展会", "行业峰会展位", "", jan, 90000).actual("工具", "CRM", "", jan, 10000).b
		}, "2026-01", CodeOverheadShare, true, reports.SevAlert, "CRM"},
		{"overhead share warn", channels, func() *reports.Book {
			return fundedLine().actual("展会", "行业峰会展位", "", jan, 96000).actual("工具", "CRM", "", jan, 4000).b
		}, "2026-01", CodeOverheadShare, true, reports.SevWarn, "CRM"},
		{"overhead share within limit", channels, func() *reports.Book {
			return fundedLine().actual("展会", "行业峰会展位", "", jan, 98000).actual("工具", "CRM", "", jan, 2000).b
		}, "2026-01", CodeOverheadShare, false, "", ""},
		{"budget to revenue fires", "annual_revenue = 9000000\n", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 100000).b }, "2026-01", CodeBudgetToRevenue, true, reports.SevAlert, "FY2026"},
		{"budget to revenue in band", "annual_revenue = 17000000\n", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 100000).b }, "2026-01", CodeBudgetToRevenue, false, "", ""},
		{"budget to revenue without revenue", "", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 100000).b }, "2026-01", CodeBudgetToRevenue, false, "", ""},
		{"budget to revenue high growth band", "annual_revenue = 10000000\nhigh_growth = true\n", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 100000).b }, "2026-01", CodeBudgetToRevenue, false, "", ""},
		{"unbudgeted spend fires", "", func() *reports.Book {
			return fundedLine().actual("展会", "行业峰会展位", "", jan, 100000).actual("线下", "沙龙", "", jan, 5000).b
		}, "2026-01", CodeUnbudgetedSpend, true, reports.SevWarn, "线下 / 沙龙"},
		{"unbudgeted spend alert", "", func() *reports.Book {
			return fundedLine().actual("展会", "行业峰会展位", "", jan, 100000).actual("线下", "沙龙", "", jan, 50000).b
		}, "2026-01", CodeUnbudgetedSpend, true, reports.SevAlert, "线下 / 沙龙"},
		{"unbudgeted spend not for budgeted", "", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 100000).b }, "2026-01", CodeUnbudgetedSpend, false, "", ""},
		{"forecast overrun fires", "", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 400000).b }, "2026@2026-02-03", CodeForecastOverrun, true, reports.SevAlert, "FY2026"},
		{"forecast overrun run rate only", "", func() *reports.Book {
			return fundedLine().actual("展会", "行业峰会展位", "", jan, 105000).actual("展会", "行业峰会展位", "", feb, 100000).b
		}, "2026@2026-03-03", CodeForecastOverrun, true, reports.SevWarn, "FY2026"},
		{"forecast on budget", "", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 90000).b }, "2026@2026-02-03", CodeForecastOverrun, false, "", ""},
		{"mix gap fires", "", func() *reports.Book { return fundedLine().actual("展会", "行业峰会展位", "", jan, 100000).b }, "2026-01", CodeMixGap, true, reports.SevWarn, "Awareness channels"},
		{"mix gap within points", "", func() *reports.Book {
			return fundedLine().actual("展会", "行业峰会展位", "", jan, 40).
				budget("内容", "案例", "", reports.RoleConsideration, jan, 45).actual("内容", "案例", "", jan, 45).
				budget("测试", "新渠道", "", reports.RoleTest, jan, 15).actual("测试", "新渠道", "", jan, 15).b
		}, "2026-01", CodeMixGap, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, clock := tt.period, now
			if i := strings.IndexByte(id, '@'); i >= 0 {
				c, err := time.Parse("2006-01-02", id[i+1:])
				if err != nil {
					t.Fatal(err)
				}
				id, clock = id[:i], c
			}
			cfg := testConfig(t, tt.cfg)
			b := tt.book()
			for _, tag := range []string{"en", "zh-CN"} {
				r := build(t, b, cfg, tag, clock, id)
				checkMessages(t, r)
				got := findCodes(r, tt.code)
				if !tt.fires {
					if len(got) != 0 {
						t.Errorf("%s: want no %s, got %+v", tag, tt.code, got)
					}
					continue
				}
				if len(got) == 0 {
					t.Fatalf("%s: want %s, got %+v", tag, tt.code, r.Findings)
				}
				f := got[0]
				if f.Severity != tt.sev {
					t.Errorf("%s: severity %s, want %s (%s)", tag, f.Severity, tt.sev, f.Message)
				}
				if tag == "en" && f.Subject != tt.subject {
					t.Errorf("subject %q, want %q", f.Subject, tt.subject)
				}
				if f.Unit != "money" && f.Unit != "pct" {
					t.Errorf("unit %q", f.Unit)
				}
			}
		})
	}
}

func TestOverBudgetMessage(t *testing.T) {
	b := newFixture().budget("展会", "行业峰会展位", "", reports.RoleAwareness, ym(2026, 1), 900000).
		actual("展会", "行业峰会展位", "", ym(2026, 1), 1260000).b
	cfg := testConfig(t, "")
	r := build(t, b, cfg, "en", now, "2026-01")
	got := findCodes(r, CodeOverBudget)
	want := "展会 / 行业峰会展位 spent ¥1,260,000 against a budget of ¥900,000 (+40.0%, limit +10%)."
	if len(got) == 0 || got[0].Message != want {
		t.Fatalf("got %+v\nwant %q", got, want)
	}
	if got[0].Severity != reports.SevAlert || got[0].Value != 40 || got[0].Limit != 10 {
		t.Errorf("finding %+v", got[0])
	}
	zh := findCodes(build(t, b, cfg, "zh-CN", now, "2026-01"), CodeOverBudget)[0].Message
	if !strings.Contains(zh, "¥1,260,000") || !strings.Contains(zh, "+40.0%") {
		t.Errorf("zh message %q", zh)
	}
}

func TestFindingsSortedWorstFirst(t *testing.T) {
	b := fundedLine().actual("展会", "行业峰会展位", "", ym(2026, 1), 300000).
		budget("内容", "案例", "", reports.RoleConsideration, ym(2026, 1), 100000).actual("内容", "案例", "", ym(2026, 1), 115000).
		budget("内容", "视频", "", reports.RoleConsideration, ym(2026, 1), 100000).actual("内容", "视频", "", ym(2026, 1), 130000).b
	r := build(t, b, testConfig(t, ""), "en", now, "2026-01")
	for i := 1; i < len(r.Findings); i++ {
		if r.Findings[i-1].Severity.Rank() < r.Findings[i].Severity.Rank() {
			t.Errorf("finding %d (%s) is worse than %d (%s)", i, r.Findings[i].Severity, i-1, r.Findings[i-1].Severity)
		}
	}
	over := findCodes(r, CodeOverBudget)
	// The category 内容 fires too: its two lines together are 22.5% over.
	if len(over) != 4 || over[0].Subject != "展会 / 行业峰会展位" || over[1].Subject != "内容" || over[2].Subject != "内容 / 视频" || over[3].Severity != reports.SevWarn {
		t.Errorf("over_budget order %+v", over)
	}
}

// TestOverBudgetMessageMoney checks that the over_budget message formats
// actual and budget alike (full amounts), not "¥14万" against "¥100,000".
func TestOverBudgetMessageMoney(t *testing.T) {
	jan := ym(2026, 1)
	tests := []struct {
		tag  string
		want string
	}{
		{"en", "spent ¥140,000 against a budget of ¥100,000"},
		{"zh-CN", "实际支出¥140,000，预算¥100,000"},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			r := build(t, fundedLine().actual("展会", "行业峰会展位", "", jan, 140000).b, testConfig(t, ""), tt.tag, now, "2026-01")
			fs := findCodes(r, CodeOverBudget)
			if len(fs) != 1 {
				t.Fatalf("got %d over_budget findings, want 1", len(fs))
			}
			if !strings.Contains(fs[0].Message, tt.want) {
				t.Errorf("message: got %q, want it to contain %q", fs[0].Message, tt.want)
			}
		})
	}
}
