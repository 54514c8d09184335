package analysis

import (
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
)

// TestNoRevenueReadsAsNoRevenue: a channel whose leads closed no revenue
// this year is said to have brought in none, in findings and in the
// plan's texts, not to "return 0.00×"; a channel that returns less than
// it costs still reads its ratio.
func TestNoRevenueReadsAsNoRevenue(t *testing.T) {
	const channels = `
[[channel]]
name = "领英"
role = "awareness"
[[channel]]
name = "微信"
role = "awareness"
[[channel]]
name = "官网"
role = "consideration"
`
	m := ym(2026, 3)
	b := newFixture().
		budget("数字广告", "领英", "", "", m, 60000).
		budget("数字广告", "微信", "", "", m, 40000).
		budget("数字广告", "官网", "", "", m, 30000).
		actual("数字广告", "领英", "", m, 60000).
		actual("数字广告", "微信", "", m, 40000).
		actual("数字广告", "官网", "", m, 30000).
		funnel("领英", m, reports.Funnel{Leads: 60, MQL: 20}).
		funnel("微信", m, reports.Funnel{Leads: 40, MQL: 10, SQL: 4, Opps: 2, Won: 1, Revenue: yuan(20000)}).
		funnel("官网", m, reports.Funnel{Leads: 120, MQL: 45, SQL: 20, Opps: 10, Won: 3, Revenue: yuan(400000)}).b
	cfg := testConfig(t, channels)
	tests := []struct {
		tag, none, low string
	}{
		{"en", "领英 has brought in no revenue so far this year", "微信 has a ROAS of 0.50×"},
		{"zh-CN", "领英本年迄今未带来任何成交", "微信本年迄今ROAS为0.50×"},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			r := build(t, b, cfg, tt.tag, now, "2026-03")
			checkMessages(t, r)
			var msgs []string
			for _, f := range findCodes(r, CodeLowReturn) {
				msgs = append(msgs, f.Message)
			}
			all := strings.Join(msgs, "\n")
			if !strings.Contains(all, tt.none) || !strings.Contains(all, tt.low) {
				t.Errorf("low_return findings:\n%s\nwant %q and %q", all, tt.none, tt.low)
			}
			if text := all + "\n" + recText(t, r); strings.Contains(text, "0.00×") {
				t.Errorf("a channel without revenue reads 0.00×:\n%s", text)
			}
		})
	}
}
