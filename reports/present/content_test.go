package present_test

import (
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

// TestContentKey checks what changes a report's content key: what the
// report tells (figures, findings, plan, language) does; its timestamp
// and the data notes' account of the run's input files do not.
func TestContentKey(t *testing.T) {
	lang := func(tag string) *i18n.Lang {
		l, err := i18n.Load(tag, "CNY")
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	en := lang("en")
	base := present.Build(reportstest.Month("en"), en).ContentKey()
	if len(base) != 64 {
		t.Fatalf("content key %q: want a sha256 in hex", base)
	}
	tests := []struct {
		name   string
		tag    string
		edit   func(r *reports.Report)
		change bool
	}{
		{"same report", "en", func(*reports.Report) {}, false},
		{"generated later (run -force)", "en", func(r *reports.Report) { r.Generated = r.Generated.Add(30 * 24 * time.Hour) }, false},
		{"another month's file among the inputs", "en", func(r *reports.Report) {
			r.Notes.Files = append(r.Notes.Files, reports.FileReport{Name: "actuals-2026-04.xlsx", SHA256: "ab", Size: 9000})
			r.Notes.RowsUsed += 120
		}, false},
		{"an actual changed", "en", func(r *reports.Report) { r.Totals.Actual += reportstest.Yuan(5000) }, true},
		{"a finding fewer", "en", func(r *reports.Report) { r.Findings = r.Findings[1:] }, true},
		{"a recommendation fewer", "en", func(r *reports.Report) { r.Recommendations = r.Recommendations[1:] }, true},
		{"in Chinese", "zh-CN", func(*reports.Report) {}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := reportstest.Month(tt.tag)
			if len(r.Findings) < 2 || len(r.Recommendations) < 2 {
				t.Fatal("fixture lacks findings or recommendations")
			}
			tt.edit(r)
			got := present.Build(r, lang(tt.tag)).ContentKey()
			if (got != base) != tt.change {
				t.Errorf("key changed = %v, want %v", got != base, tt.change)
			}
		})
	}
}
