package pdf

import (
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

// TestFunnelConversionByCode checks that the funnel chart puts each
// conversion above the stage it leads into, also when analysis skipped an
// untracked POC stage (opportunities convert straight to won).
func TestFunnelConversionByCode(t *testing.T) {
	rep := reportstest.Month("en")
	rep.Funnel.Funnel = reports.Funnel{Leads: 1000, MQL: 400, SQL: 200, Opps: 100, Won: 37}
	rep.Funnel.Conversions = []reports.StageConversion{
		{From: "leads", To: "mql", Rate: 40, OK: true},
		{From: "mql", To: "sql", Rate: 50, OK: true},
		{From: "sql", To: "opps", Rate: 50, OK: true},
		{From: "opps", To: "won", Rate: 37, OK: true},
	}
	text := pdfText(t, render(t, rep, "en"))
	// The funnel page: from the opportunities bar to the won bar.
	i := strings.Index(text, "Opportunities")
	if i < 0 {
		t.Fatal("no funnel in the text")
	}
	seg := text[i:]
	poc, won, rate := strings.Index(seg, "POC"), strings.Index(seg, "Won"), strings.Index(seg, "37.0%")
	if poc < 0 || won < 0 || rate < 0 {
		t.Fatalf("funnel text lacks POC, Won or 37.0%%:\n%s", seg[:min(len(seg), 800)])
	}
	if !(poc < rate && rate < won) {
		t.Errorf("opportunities → won (37.0%%) is drawn before POC, not between POC and Won:\n%s", seg[:min(len(seg), 800)])
	}
}
