package reports_test

import (
	"testing"

	"github.com/budgetlens/budgetlens/reports"
)

func TestCountFindings(t *testing.T) {
	alert := func(code, subject string) reports.Finding {
		return reports.Finding{Code: code, Severity: reports.SevAlert, Subject: subject}
	}
	warn := func(code, subject string) reports.Finding {
		return reports.Finding{Code: code, Severity: reports.SevWarn, Subject: subject}
	}
	info := func(code, subject string) reports.Finding {
		return reports.Finding{Code: code, Severity: reports.SevInfo, Subject: subject}
	}
	tests := []struct {
		name             string
		fs               []reports.Finding
		alerts, warnings int
	}{
		{"none", nil, 0, 0},
		{"info only", []reports.Finding{info("test_promote", "AI搜索优化"), info("over_budget", "Events")}, 0, 0},
		{"alerts each count", []reports.Finding{alert("over_budget", "A / x"), alert("over_budget", "A / y")}, 2, 0},
		{"low returns are one decision", []reports.Finding{
			warn("low_return", "CEO IP"), warn("low_return", "Referral"), warn("low_return", "LinkedIn"), warn("low_return", "WeChat"),
		}, 0, 1},
		{"two warnings on one channel are one", []reports.Finding{
			warn("above_saturation", "Baidu SEM"), warn("saturation_detected", "Baidu SEM"),
		}, 0, 1},
		{"a warning on an alerted subject is not counted again", []reports.Finding{
			alert("over_budget", "Events / Booth"), warn("below_inflection", "Events / Booth"),
		}, 1, 0},
		{"findings without a subject count by code", []reports.Finding{
			warn("forecast_overrun", ""), warn("budget_to_revenue", ""), warn("budget_to_revenue", ""),
		}, 0, 2},
		{"the sample year", []reports.Finding{
			alert("over_budget", "数字广告"), alert("over_budget", "展会活动 / 行业峰会展位 / 华东"),
			alert("over_budget", "数字广告 / 百度SEM / 华东"), alert("over_budget", "数字广告 / 百度SEM / 华北"),
			warn("forecast_overrun", "FY2026"),
			warn("low_return", "CEO个人IP"), warn("low_return", "客户推荐计划"), warn("low_return", "LinkedIn广告"), warn("low_return", "微信广告"),
			warn("overhead_share", "营销自动化系统, CRM系统"), warn("unbudgeted_spend", "数字广告 / 抖音信息流 / 华东"),
			warn("below_inflection", "视频号直播"), warn("below_inflection", "播客"),
			warn("saturation_detected", "百度SEM"), warn("over_budget", "营销技术 / CRM系统"), warn("above_saturation", "百度SEM"),
			info("test_promote", "AI搜索优化"), info("over_budget", "展会活动"),
		}, 4, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, w := reports.CountFindings(tt.fs)
			if a != tt.alerts || w != tt.warnings {
				t.Errorf("got %d alerts and %d warnings, want %d and %d", a, w, tt.alerts, tt.warnings)
			}
			rep := &reports.Report{Findings: tt.fs}
			if ra, rw := rep.Alerts(); ra != a || rw != w {
				t.Errorf("Report.Alerts() = %d, %d; CountFindings = %d, %d", ra, rw, a, w)
			}
		})
	}
}
