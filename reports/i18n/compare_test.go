package i18n

import (
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

func TestComparisons(t *testing.T) {
	y := func(v int64) reports.Money { return reports.Money(v) * reports.Unit }
	q := reports.QuarterPeriod(2026, 1, time.January)
	q.Through, q.Complete = reports.Month{Year: 2026, Month: time.February}, false
	base := reports.Report{Period: q, Totals: reports.Amounts{Budget: y(2000), Actual: y(2300)}, BudgetFull: y(3000)}
	withPL := base
	withPL.Original = reports.Comparison{OK: true, Amount: y(2500), Label: "budget-2026.xlsx"}
	withPL.BudgetVersions = []reports.BudgetVersion{{File: "budget-2026.xlsx", Label: "2026-01-05 09:30", Original: true},
		{File: "budget-2026 v2.xlsx", Label: "v2"}, {File: "budget-2026 R1.xlsx", Label: "R1", Used: true}}
	withPY := base
	withPY.BudgetFull = y(2000)
	withPY.Prior = reports.Comparison{OK: true, Amount: y(2000)}
	zeroPY := withPY
	zeroPY.Prior.Amount = 0
	tests := []struct {
		name string
		rep  reports.Report
		want []string
	}{
		{"to date", base, []string{"Budget to date (through February 2026): ¥2,000; the whole period's budget: ¥3,000."}},
		{"original plan", withPL, []string{"Budget to date (through February 2026): ¥2,000; the whole period's budget: ¥3,000.",
			"Budget used: budget-2026 R1.xlsx (R1). Against the original plan (PL, budget-2026.xlsx): ¥2,500; actual is -¥200 (-8.0%) against it."}},
		{"prior year", withPY, []string{"Against last year, same months (PY): ¥2,000; change +¥300 (+15.0%)."}},
		{"nothing spent last year", zeroPY, []string{"Against last year, same months (PY): ¥0; change +¥2,300 (n/a)."}},
		{"complete period, one plan, no PY", reports.Report{Period: reports.MonthPeriod(reports.Month{Year: 2026, Month: 3}, 1)}, nil},
	}
	l, err := Load("en", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		got := l.Comparisons(&tc.rep)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
