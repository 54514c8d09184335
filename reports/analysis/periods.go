package analysis

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
)

// Periods returns every period that has actual data (except the fiscal
// years in Book.PriorYears, read as the prior year only): each month with actual
// spend or funnel rows, and each fiscal quarter and fiscal year containing
// such a month. A month is Complete when it ended before now (the calendar
// month of now, in now's location, is later). A quarter or year is Complete
// when its last month has data and has ended; otherwise it is reported to
// date, with Through set to its last month with data. The result is sorted:
// months, then quarters, then years, each chronologically.
func Periods(b *reports.Book, cfg *config.Config, now time.Time) []reports.Period {
	if b == nil {
		return nil
	}
	fy := fyStart(cfg)
	var months []reports.Month
	for _, m := range b.ActualMonths() {
		// Last year's ledgers read for the prior-year comparison only.
		if !b.PriorYears[reports.FiscalYearOf(m, fy)] {
			months = append(months, m)
		}
	}
	var out []reports.Period
	for _, m := range months {
		p := reports.MonthPeriod(m, fy)
		p.Complete = monthEnded(m, now)
		out = append(out, p)
	}
	type qkey struct{ fy, q int }
	lastQ := map[qkey]reports.Month{}
	lastY := map[int]reports.Month{}
	for _, m := range months { // chronological, so the last write wins
		y := reports.FiscalYearOf(m, fy)
		lastQ[qkey{y, reports.QuarterOf(m, fy)}] = m
		lastY[y] = m
	}
	qs := make([]qkey, 0, len(lastQ))
	for k := range lastQ {
		qs = append(qs, k)
	}
	sort.Slice(qs, func(i, j int) bool {
		if qs[i].fy != qs[j].fy {
			return qs[i].fy < qs[j].fy
		}
		return qs[i].q < qs[j].q
	})
	for _, k := range qs {
		out = append(out, toDate(reports.QuarterPeriod(k.fy, k.q, fy), lastQ[k], now))
	}
	ys := make([]int, 0, len(lastY))
	for y := range lastY {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	for _, y := range ys {
		out = append(out, toDate(reports.YearPeriod(y, fy), lastY[y], now))
	}
	return out
}

// toDate marks p as reported through its last month with data.
func toDate(p reports.Period, last reports.Month, now time.Time) reports.Period {
	p.Through = last
	p.Complete = last == p.End && monthEnded(p.End, now)
	return p
}

// monthEnded reports whether month m ended before now.
func monthEnded(m reports.Month, now time.Time) bool {
	return reports.MonthOf(now).Index() > m.Index()
}

func fyStart(cfg *config.Config) time.Month {
	if cfg == nil || cfg.FYStart < 1 || cfg.FYStart > 12 {
		return time.January
	}
	return cfg.FYStart
}

var (
	reMonth   = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	reQuarter = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)
	reYear    = regexp.MustCompile(`^(?:FY)?(\d{4})$`)
)

// Select returns the period of all whose ID is id: "2026-03" (a month),
// "2026-Q1" (fiscal quarter), "2026" or "FY2026" (fiscal year); case and
// surrounding space are ignored. An empty id selects all periods. It is an
// error when id is malformed or names a period without data.
func Select(all []reports.Period, id string) ([]reports.Period, error) {
	id = strings.ToUpper(strings.TrimSpace(id))
	if id == "" {
		return all, nil
	}
	var want string
	switch {
	case reMonth.MatchString(id):
		m := reMonth.FindStringSubmatch(id)
		mm, _ := strconv.Atoi(m[2])
		if mm < 1 || mm > 12 {
			return nil, fmt.Errorf("period %q: month %d is not 01–12", id, mm)
		}
		want = id
	case reQuarter.MatchString(id):
		want = id
	case reYear.MatchString(id):
		want = reYear.FindStringSubmatch(id)[1]
	default:
		return nil, fmt.Errorf("period %q: use a month (2026-03), a fiscal quarter (2026-Q1) or a fiscal year (2026)", id)
	}
	for _, p := range all {
		if p.ID == want {
			return []reports.Period{p}, nil
		}
	}
	ids := make([]string, 0, len(all))
	for _, p := range all {
		ids = append(ids, p.ID)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("period %q: no period has data", id)
	}
	return nil, fmt.Errorf("period %q has no data (periods with data: %s)", id, strings.Join(ids, ", "))
}
