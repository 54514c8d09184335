package analysis

import (
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/present"
)

// TestCoreTestOneTarget checks the core/test recommendation uses the
// stage's test share as its target and 100 − core_share_pct as a ceiling,
// so it never asks for 30% test while the mix beside it says 15%.
func TestCoreTestOneTarget(t *testing.T) {
	tests := []struct {
		name       string
		stage      string
		test       int64 // test spend out of 1,000
		wantKey    string
		wantTarget string
	}{
		{"growth, too little testing", "growth", 30, "more", "15%"},
		{"growth, within the gap", "growth", 200, "", ""},
		{"growth, above the 30% ceiling", "growth", 320, "less", "15%"},
		{"decline, target is the ceiling", "decline", 300, "", ""},
		{"decline, far too little", "decline", 100, "more", "30%"},
	}
	m := ym(2026, time.March)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, "stage = \""+tt.stage+"\"\n")
			f := newFixture().
				budget("Ads", "SEM", "", reports.RoleConsideration, m, 1000-tt.test).
				budget("Tests", "Podcast", "", reports.RoleTest, m, tt.test).
				actual("Ads", "SEM", "", m, 1000-tt.test).
				actual("Tests", "Podcast", "", m, tt.test)
			r := build(t, f.b, cfg, "en", now, "2026-03")
			rec := recOf(r, RecCoreTest)
			if tt.wantKey == "" {
				if rec != nil {
					t.Fatalf("got %+v, want no core/test recommendation", rec)
				}
				return
			}
			if rec == nil {
				t.Fatal("no core/test recommendation")
			}
			_, msg := present.RecommendationText(*rec, r, testLang(t, "en"))
			if !strings.Contains(msg, "target of "+tt.wantTarget) {
				t.Errorf("message %q does not name the target %s", msg, tt.wantTarget)
			}
			more := strings.Contains(msg, "without tests")
			if (tt.wantKey == "more") != more {
				t.Errorf("message %q: want the %q advice", msg, tt.wantKey)
			}
			// One target everywhere: the chart reads CoreTargetPc.
			if got := 100 - r.CoreTargetPc; limitPct(got) != tt.wantTarget {
				t.Errorf("CoreTargetPc %v, want a test target of %s", r.CoreTargetPc, tt.wantTarget)
			}
		})
	}
}

func TestEconomicsUntrackedChannel(t *testing.T) {
	st := Economics("CRM", reports.Funnel{}, yuan(38000))
	if st.ROASOK || st.ROIOK || st.CostToRevenueOK {
		t.Errorf("a channel without funnel results has ROAS/ROI %v/%v OK=%v/%v, want not OK", st.ROAS, st.ROI, st.ROASOK, st.ROIOK)
	}
	st = Economics("SEM", reports.Funnel{Leads: 10}, yuan(1000))
	if !st.ROASOK || st.ROAS != 0 || !st.ROIOK || st.ROI != -1 {
		t.Errorf("a tracked channel without revenue: ROAS %v (%v) ROI %v (%v), want 0 and -1", st.ROAS, st.ROASOK, st.ROI, st.ROIOK)
	}
}
