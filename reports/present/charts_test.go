package present

import (
	"math"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

// TestWaterfallAddsUp checks that the walk from plan to landing adds up:
// the plan plus every step is the landing. (formats_test checks, on the
// samples, that it is the landing the tiles show.)
func TestWaterfallAddsUp(t *testing.T) {
	for _, rep := range []*reports.Report{reportstest.Month("en"), reportstest.Quarter("en"), reportstest.YearToDate("en"), reportstest.Hostile("en"), reportstest.Empty("en")} {
		t.Run(rep.Period.ID, func(t *testing.T) {
			l := loadLang(t, "en")
			pg := Build(rep, l)
			w := pg.Charts.Waterfall
			if len(w.Steps) == 0 {
				return
			}
			sum := w.Steps[0].Value
			for _, s := range w.Steps[1 : len(w.Steps)-1] {
				if s.Total {
					t.Fatalf("a total step in the middle: %+v", s)
				}
				if math.Abs(s.Base-sum) > 0.01 {
					t.Errorf("step %s starts at %.2f, want the running total %.2f", s.Label, s.Base, sum)
				}
				sum += s.Value
			}
			last := w.Steps[len(w.Steps)-1]
			if math.Abs(last.Value-sum) > 0.01 {
				t.Errorf("landing %.2f, want plan + steps = %.2f", last.Value, sum)
			}
		})
	}
}

// TestChartTitlesStateTheMessage checks the titles name the driver.
func TestChartTitlesStateTheMessage(t *testing.T) {
	l := loadLang(t, "en")
	rep := reportstest.Month("en")
	c := Build(rep, l).Charts
	var top Bar
	for _, b := range c.ByCategory.Bars {
		if b.Value > top.Value {
			top = b
		}
	}
	if !strings.Contains(c.ByCategory.Title, top.Label) || !strings.Contains(c.ByCategory.Title, "of the overspend") {
		t.Errorf("category title %q does not name the largest overspend %q", c.ByCategory.Title, top.Label)
	}
	for _, b := range c.ByCategory.Bars {
		if (b.Value > 0) != (b.Tone == Bad) && b.Tone != Neutral {
			t.Errorf("bar %s: value %.2f with tone %q", b.Label, b.Value, b.Tone)
		}
	}
	if !strings.Contains(c.Monthly.Title, "months over plan") {
		t.Errorf("monthly title %q", c.Monthly.Title)
	}
	if len(c.ByChannel.Bars) > maxChannelBars {
		t.Errorf("%d channel bars, want at most %d", len(c.ByChannel.Bars), maxChannelBars)
	}
}

// TestTrendKeepsTheLast13Months checks the index trend: month reports
// only, oldest first, at most the last 13.
func TestTrendKeepsTheLast13Months(t *testing.T) {
	l := loadLang(t, "en")
	var reps []*reports.Report
	for i := 0; i < 15; i++ {
		r := reportstest.Month("en")
		r.Period = reports.MonthPeriod(reports.Month{Year: 2025, Month: 1}.Add(14-i), 1)
		reps = append(reps, r, reportstest.YearToDate("en"))
	}
	tr := TrendOf(reps, l)
	if len(tr.Months) != maxTrendMonths {
		t.Fatalf("%d months, want %d", len(tr.Months), maxTrendMonths)
	}
	if tr.Months[0].Label != "Mar" || tr.Months[12].Label != "Mar" {
		t.Errorf("months %s … %s, want Mar 2025 … Mar 2026", tr.Months[0].Label, tr.Months[12].Label)
	}
	if !strings.Contains(tr.Title, "of 13 months over plan") {
		t.Errorf("title %q", tr.Title)
	}
}
