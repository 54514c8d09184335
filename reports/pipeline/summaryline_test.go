package pipeline

import (
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
)

// TestSummaryLineCounts: the summary line names only the kinds of report
// written, counts input problems, and counts info notes without calling
// them problems.
func TestSummaryLineCounts(t *testing.T) {
	rep := func(k reports.PeriodKind) *reports.Report { return &reports.Report{Period: reports.Period{Kind: k}} }
	note := &reports.CellError{File: "b.xlsx", Sheet: "S", Severity: reports.SevInfo}
	warn := &reports.CellError{File: "b.xlsx", Sheet: "S", Severity: reports.SevWarn}
	tests := []struct {
		name    string
		res     Result
		want    string
		wantNot string
	}{
		{"one quarter", Result{Reports: []*reports.Report{rep(reports.KindQuarter)}}, "1 report (1 quarter) from", "0 months"},
		{"all kinds", Result{Reports: []*reports.Report{rep(reports.KindMonth), rep(reports.KindMonth), rep(reports.KindQuarter), rep(reports.KindYear)}},
			"4 reports (2 months, 1 quarter, 1 fiscal year) from", ""},
		{"none", Result{}, "0 reports from", "()"},
		{"notes only", Result{Files: []reports.FileReport{{Name: "b.xlsx", Problems: []*reports.CellError{note, note}}}},
			"; ok; 2 notes on how inputs were read (in the data notes)", "input problem"},
		{"problem and note", Result{Problems: 1, Files: []reports.FileReport{{Name: "b.xlsx", Problems: []*reports.CellError{note, warn}}}},
			"; 1 input problem (see the data notes); 1 note on how inputs were read", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SummaryLine(&tt.res)
			if !strings.Contains(got, tt.want) {
				t.Errorf("summary line %q lacks %q", got, tt.want)
			}
			if tt.wantNot != "" && strings.Contains(got, tt.wantNot) {
				t.Errorf("summary line %q contains %q", got, tt.wantNot)
			}
		})
	}
}
