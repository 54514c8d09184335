package analysis

import (
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// TestBuildPeriodThrough checks that a period passed without Through is
// reported with Through = End, as it is analysed.
func TestBuildPeriodThrough(t *testing.T) {
	p := reports.QuarterPeriod(2026, 1, time.January)
	p.Through = reports.Month{}
	r := Build(Input{Book: fundedLine().b, Config: testConfig(t, ""), Lang: testLang(t, "en"), Now: now}, p)
	if r.Period.Through != p.End {
		t.Errorf("Period.Through: got %v, want %v", r.Period.Through, p.End)
	}
}
