package consolidate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/export"
)

// maxSummarySize bounds what is read of one summary.json: a unit with
// every period of three years and thousands of lines stays far below it.
const maxSummarySize = 256 << 20

// unitSummary is the part of a unit's summary.json (budgetlens.summary/v1)
// that consolidation reads. Amounts are json.Number so they are parsed
// from their decimal text, exactly, never through a float.
type unitSummary struct {
	Schema    string      `json:"schema"`
	Company   string      `json:"company"`
	Currency  string      `json:"currency"`
	Generated string      `json:"generated"`
	Periods   []sumPeriod `json:"periods"`
	Sources   []sumSource `json:"sources"`
}

type sumSource struct {
	Name     string `json:"name"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
	Modified string `json:"modified"`
}

type sumPeriod struct {
	ID         string      `json:"id"`
	Kind       string      `json:"kind"`
	FiscalYear int         `json:"fiscal_year"`
	Start      string      `json:"start"`
	End        string      `json:"end"`
	Complete   bool        `json:"complete"`
	Through    string      `json:"through"`
	Budget     json.Number `json:"budget"`
	Actual     json.Number `json:"actual"`
	Unbudgeted json.Number `json:"unbudgeted"`
	Lines      []struct {
		Category   string      `json:"category"`
		Channel    string      `json:"channel"`
		Budget     json.Number `json:"budget"`
		Actual     json.Number `json:"actual"`
		Unbudgeted bool        `json:"unbudgeted"`
	} `json:"lines"`
	Findings []struct {
		Code     string   `json:"code"`
		Severity string   `json:"severity"`
		Subject  string   `json:"subject"`
		Value    *float64 `json:"value"`
		Limit    *float64 `json:"limit"`
		Unit     string   `json:"unit"`
		Message  string   `json:"message"`
	} `json:"findings"`
	Recommendations []sumRec `json:"recommendations"`
	Funnel          struct {
		Leads         int64       `json:"leads"`
		MQL           int64       `json:"mql"`
		SQL           int64       `json:"sql"`
		Opportunities int64       `json:"opportunities"`
		POC           int64       `json:"poc"`
		Won           int64       `json:"won"`
		Revenue       json.Number `json:"revenue"`
		Spend         json.Number `json:"spend"`
	} `json:"funnel"`
	Forecast struct {
		AnnualBudget  json.Number `json:"annual_budget"`
		YTDBudget     json.Number `json:"ytd_budget"`
		YTDActual     json.Number `json:"ytd_actual"`
		Landing       json.Number `json:"landing"`
		RunRate       json.Number `json:"run_rate"`
		MonthsElapsed int         `json:"months_elapsed"`
	} `json:"forecast"`
	Plan sumPlan `json:"plan"`
	Mix  []struct {
		Role   string      `json:"role"`
		Actual json.Number `json:"actual"`
	} `json:"mix"`
	Data struct {
		RowsUsed     int  `json:"rows_used"`
		RowsSkipped  int  `json:"rows_skipped"`
		RowsRejected int  `json:"rows_rejected"`
		Reconciled   bool `json:"reconciled"`
	} `json:"data"`
}

// Unit is one unit's summary as read: where it came from and what it says.
type Unit struct {
	Name      string // as named in group.toml
	Path      string // the summary.json read
	Size      int64
	SHA256    string
	Modified  time.Time
	Generated time.Time
	Currency  string
	FYStart   time.Month
	summary   unitSummary
	periods   map[string]*sumPeriod
}

// ReadUnit reads and checks one unit's summary.json: it must be the v1
// contract, name a currency and a generation time, and carry at least one
// fiscal-year (or quarter) period from which its fiscal-year start shows.
// Every error is one line naming the file.
func ReadUnit(name, path string) (*Unit, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("unit %q: %w", name, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("unit %q: %s is not a regular file", name, path)
	}
	if st.Size() > maxSummarySize {
		return nil, fmt.Errorf("unit %q: %s is %d bytes, more than a summary.json can be (%d)", name, path, st.Size(), maxSummarySize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("unit %q: %w", name, err)
	}
	sum := sha256.Sum256(data)
	u := &Unit{Name: name, Path: path, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Modified: st.ModTime().UTC()}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&u.summary); err != nil {
		return nil, fmt.Errorf("unit %q: %s: not a budgetlens summary.json: %v", name, path, err)
	}
	s := &u.summary
	if s.Schema != export.SummarySchema {
		return nil, fmt.Errorf("unit %q: %s: schema %q, want %q (run the unit with a budgetlens that writes %s)", name, path, s.Schema, export.SummarySchema, export.SummarySchema)
	}
	u.Currency = strings.ToUpper(strings.TrimSpace(s.Currency))
	if len(u.Currency) != 3 {
		return nil, fmt.Errorf("unit %q: %s: currency %q is not a currency code", name, path, s.Currency)
	}
	if u.Generated, err = time.Parse(time.RFC3339, s.Generated); err != nil {
		return nil, fmt.Errorf("unit %q: %s: generated %q is not an RFC 3339 time", name, path, s.Generated)
	}
	u.periods = map[string]*sumPeriod{}
	for i := range s.Periods {
		p := &s.Periods[i]
		if _, dup := u.periods[p.ID]; dup {
			return nil, fmt.Errorf("unit %q: %s: period %q appears twice", name, path, p.ID)
		}
		u.periods[p.ID] = p
		if p.Kind != string(reports.KindYear) {
			continue
		}
		start, err := time.Parse(time.DateOnly, p.Start)
		if err != nil {
			return nil, fmt.Errorf("unit %q: %s: period %s: start %q is not a date", name, path, p.ID, p.Start)
		}
		if u.FYStart == 0 {
			u.FYStart = start.Month()
		} else if u.FYStart != start.Month() {
			return nil, fmt.Errorf("unit %q: %s: fiscal years start in %s and in %s", name, path, u.FYStart, start.Month())
		}
	}
	if u.FYStart == 0 {
		return nil, fmt.Errorf("unit %q: %s: no fiscal-year period, so its fiscal-year start is unknown", name, path)
	}
	return u, nil
}

// parseMonth reads "2026-03-01" or "2026-03" as a month.
func parseMonth(s string) (reports.Month, bool) {
	if len(s) >= 7 && s[4] == '-' {
		y, err1 := strconv.Atoi(s[:4])
		m, err2 := strconv.Atoi(s[5:7])
		mo := reports.Month{Year: y, Month: time.Month(m)}
		if err1 == nil && err2 == nil && mo.Valid() {
			return mo, true
		}
	}
	return reports.Month{}, false
}

type sumRec struct {
	Code     string `json:"code"`
	Priority int    `json:"priority"`
	Move     *struct {
		From   string      `json:"from"`
		To     string      `json:"to"`
		Amount json.Number `json:"amount"`
	} `json:"move"`
	Effect  *sumEffect `json:"effect"`
	Reasons []struct {
		Code    string `json:"code"`
		Subject string `json:"subject"`
	} `json:"reasons"`
}

type sumEffect struct {
	Leads   float64     `json:"leads"`
	Won     float64     `json:"won"`
	Revenue json.Number `json:"revenue"`
}

type sumPlan struct {
	Overrun   json.Number `json:"overrun"`
	Gap       json.Number `json:"gap"`
	Months    int         `json:"months"`
	CutTotal  json.Number `json:"cut_total"`
	MoveTotal json.Number `json:"move_total"`
	Covered   json.Number `json:"covered"`
	CoreCut   json.Number `json:"core_cut"`
	Shortfall json.Number `json:"shortfall"`
	Effect    *sumEffect  `json:"effect"`
}
