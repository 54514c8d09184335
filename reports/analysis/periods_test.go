package analysis

import (
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

func TestPeriodsFiscalYearApril(t *testing.T) {
	cfg := testConfig(t, "fiscal_year_start = 4\n")
	f := newFixture().
		actual("Ads", "SEM", "", ym(2026, 3), 10). // FY2025 Q4
		actual("Ads", "SEM", "", ym(2026, 4), 10). // FY2026 Q1
		actual("Ads", "SEM", "", ym(2026, 5), 10).
		funnel("SEM", ym(2026, 7), reports.Funnel{Leads: 3}) // funnel rows count as data
	clock := time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)
	ps := Periods(f.b, cfg, clock)
	var got []string
	for _, p := range ps {
		s := p.ID + " " + p.Start.String() + ".." + p.End.String() + " through " + p.Through.String()
		if p.Complete {
			s += " complete"
		}
		got = append(got, s)
	}
	want := []string{
		"2026-03 2026-03..2026-03 through 2026-03 complete",
		"2026-04 2026-04..2026-04 through 2026-04 complete",
		"2026-05 2026-05..2026-05 through 2026-05 complete",
		"2026-07 2026-07..2026-07 through 2026-07", // July has not ended
		"2025-Q4 2026-01..2026-03 through 2026-03 complete",
		"2026-Q1 2026-04..2026-06 through 2026-05", // quarter to date: June has no data
		"2026-Q2 2026-07..2026-09 through 2026-07",
		"2025 2025-04..2026-03 through 2026-03 complete",
		"2026 2026-04..2027-03 through 2026-07",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ps[len(ps)-1].FiscalYear != 2026 || ps[5].Quarter != 1 {
		t.Errorf("fiscal year/quarter numbering: %+v %+v", ps[len(ps)-1], ps[5])
	}
}

func TestPeriodsDeterministic(t *testing.T) {
	cfg := testConfig(t, "")
	f := newFixture()
	for m := 1; m <= 12; m++ {
		f.actual("A", "B", "", ym(2026, time.Month(m)), 1)
	}
	a := Periods(f.b, cfg, now)
	for i := 0; i < 20; i++ {
		b := Periods(f.b, cfg, now)
		for j := range a {
			if a[j] != b[j] {
				t.Fatalf("run %d: period %d differs: %+v vs %+v", i, j, a[j], b[j])
			}
		}
	}
	if len(a) != 12+4+1 {
		t.Errorf("got %d periods, want 17", len(a))
	}
}

func TestSelect(t *testing.T) {
	cfg := testConfig(t, "fiscal_year_start = 4\n")
	f := newFixture().actual("A", "B", "", ym(2026, 5), 1)
	all := Periods(f.b, cfg, now)
	tests := []struct {
		name, id, want, err string
	}{
		{"month", "2026-05", "2026-05", ""},
		{"quarter", "2026-Q1", "2026-Q1", ""},
		{"quarter lower case", "2026-q1", "2026-Q1", ""},
		{"year", "2026", "2026", ""},
		{"FY prefix", "FY2026", "2026", ""},
		{"unknown month", "2026-06", "", "has no data"},
		{"unknown quarter", "2026-Q2", "", "has no data"},
		{"unknown year", "2025", "", "has no data"},
		{"month 13", "2026-13", "", "not 01–12"},
		{"quarter 5", "2026-Q5", "", "use a month"},
		{"garbage", "March", "", "use a month"},
		{"short year", "26-03", "", "use a month"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Select(all, tt.id)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Select(%q) error = %v, want containing %q", tt.id, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ID != tt.want {
				t.Errorf("Select(%q) = %+v, want %s", tt.id, got, tt.want)
			}
		})
	}
	if got, err := Select(all, ""); err != nil || len(got) != len(all) {
		t.Errorf("Select(\"\") = %d periods, %v; want all", len(got), err)
	}
}
