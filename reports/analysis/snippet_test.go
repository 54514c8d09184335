package analysis

import (
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
)

func TestConfigSnippet(t *testing.T) {
	cfg := testConfig(t, `
[[channel]]
name = "SEM"
role = "consideration"
inflection = 50000
saturation = 150000
aliases = ["百度SEM"]
`)
	f := newFixture()
	spend := []int64{20000, 40000, 60000, 80000, 100000, 120000}
	leads := []int64{20, 50, 80, 100, 105, 108}
	for i := range spend {
		m := ym(2026, time.January).Add(i)
		f.budget("广告", "SEM", "", "", m, 60000).actual("广告", "百度SEM", "", m, spend[i]).
			funnel("百度SEM", m, reports.Funnel{Leads: leads[i]})
		f.actual("广告", "Rare", "", m, 100) // no leads: not estimated
	}
	r := build(t, f.b, cfg, "en", now, "2026")
	s := r.ConfigSnippet
	for _, want := range []string{"name = \"SEM\"", "role = \"consideration\"", "inflection = 40000  # was 50000", "saturation = 80000  # was 150000", `aliases = ["百度SEM"]`} {
		if !strings.Contains(s, want) {
			t.Errorf("snippet lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "Rare") {
		t.Errorf("channel without leads estimated:\n%s", s)
	}
	if _, err := config.Parse("config.toml", []byte("[company]\nname = \"Acme\"\n"+s)); err != nil {
		t.Errorf("snippet does not parse: %v\n%s", err, s)
	}
	// Re-estimated benchmarks are for the technical appendix, never a
	// recommendation on page 1.
	for _, rc := range r.Recommendations {
		if rc.Code == "benchmarks" {
			t.Errorf("annual report carries a benchmarks recommendation: %+v", rc)
		}
	}
	if m := build(t, f.b, cfg, "en", now, "2026-03"); m.ConfigSnippet != "" {
		t.Errorf("monthly report carries a snippet")
	}
	zh := build(t, f.b, cfg, "zh-CN", now, "2026")
	checkMessages(t, zh)
	if !strings.Contains(zh.ConfigSnippet, "原为50000") {
		t.Errorf("zh snippet:\n%s", zh.ConfigSnippet)
	}
}

func TestBenchmarksNeedData(t *testing.T) {
	pts := []monthPoint{{ym(2026, 1), yuan(10), 1}, {ym(2026, 2), yuan(10), 1}, {ym(2026, 3), yuan(10), 0}}
	if _, _, _, ok := benchmarks(pts); ok {
		t.Errorf("estimated from too few months")
	}
}
