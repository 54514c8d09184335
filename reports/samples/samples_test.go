package samples

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
)

func yuanOf(v int64) reports.Money { return reports.Money(v) * reports.Unit }

// writeAll writes every sample file into dir and returns their bytes by name.
func writeAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range Generate().Files() {
		var buf bytes.Buffer
		if err := f.Book.Write(&buf); err != nil {
			t.Fatalf("write %s: %v", f.Name, err)
		}
		path := filepath.Join(dir, f.Name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = data
	}
	return out
}

func TestDeterministicBytes(t *testing.T) {
	a := writeAll(t, t.TempDir())
	b := writeAll(t, t.TempDir())
	if len(a) != 3+ActualMonths {
		t.Fatalf("got %d files, want %d (budget, last year, the months, commentary)", len(a), 3+ActualMonths)
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// The committed sample-inputs must be what the generator writes now, so
// nobody edits them by hand or forgets to regenerate.
func TestCommittedSamplesUpToDate(t *testing.T) {
	for _, f := range Generate().Files() {
		committed, err := os.ReadFile(filepath.Join("..", "..", "sample-inputs", f.Name))
		if err != nil {
			t.Errorf("%s: %v (run make samples)", f.Name, err)
			continue
		}
		var buf bytes.Buffer
		if err := f.Book.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, buf.Bytes()) {
			t.Errorf("sample-inputs/%s is stale: run go run ./cmd/gensamples -out sample-inputs", f.Name)
		}
	}
}

// channelMonth sums the ledger of one channel (all regions, or one region
// when region != "") in month m.
func channelMonth(s *Set, channel, region string, m int) reports.Money {
	var t reports.Money
	for _, e := range s.Actuals[m-1].Ledger {
		if e.Channel == channel && (region == "" || e.Region == region) {
			t += e.Amount
		}
	}
	return t
}

func leadsOf(s *Set, channel string, m int) int64 {
	for _, f := range s.Actuals[m-1].Funnel {
		if f.Channel == channel {
			return f.Leads
		}
	}
	return 0
}

func budgetOf(s *Set, channel, region string, m int) reports.Money {
	var t reports.Money
	for _, l := range s.Budget {
		if l.Channel == channel && (region == "" || l.Region == region) {
			t += l.Months[m-1]
		}
	}
	return t
}

func ytd(s *Set) (budget, actual reports.Money) {
	for _, l := range s.Budget {
		for m := 0; m < ActualMonths; m++ {
			budget += l.Months[m]
		}
	}
	for _, a := range s.Actuals {
		actual += a.Total()
	}
	return
}

func TestHeadlineNumbers(t *testing.T) {
	s := Generate()
	total := s.BudgetTotal()
	budgetYTD, actualYTD := ytd(s)
	t.Logf("annual budget %s, Jan–Sep budget %s, Jan–Sep actual %s, %d lines, %d channels",
		total, budgetYTD, actualYTD, len(s.Budget), len(s.Channels()))
	rows := 0
	for _, a := range s.Actuals {
		rows += len(a.Ledger)
	}
	tests := []struct {
		name string
		ok   bool
		got  any
	}{
		{"annual budget ¥24–26M", total >= yuanOf(24_000_000) && total <= yuanOf(26_000_000), total},
		{"6 categories", len(s.Categories()) == 6, s.Categories()},
		{"20–24 channels", len(s.Channels()) >= 20 && len(s.Channels()) <= 24, len(s.Channels())},
		{"a few hundred ledger rows", rows >= 200 && rows <= 800, rows},
		{"every budget amount is whole cents", wholeCents(s), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Errorf("got %v", tt.got)
			}
		})
	}
}

func wholeCents(s *Set) bool {
	for _, l := range s.Budget {
		for _, v := range l.Months {
			if v%100 != 0 {
				return false
			}
		}
	}
	return true
}

func TestStories(t *testing.T) {
	s := Generate()
	t.Run("a trade show over budget in March", func(t *testing.T) {
		got, budget := channelMonth(s, chTradeShow, "华东", 3), budgetOf(s, chTradeShow, "华东", 3)
		if got < budget.MulRatio(135, 100) || got > budget.MulRatio(150, 100) {
			t.Errorf("March 华东 trade show spend %s, budget %s: want 1.35–1.5×", got, budget)
		}
	})
	t.Run("b SEM past saturation", func(t *testing.T) {
		above, jump := 0, false
		for m := 1; m <= ActualMonths; m++ {
			if channelMonth(s, chSEM, "", m) > yuanOf(200_000) {
				above++
			}
			if m > 1 {
				prev, cur := channelMonth(s, chSEM, "", m-1), channelMonth(s, chSEM, "", m)
				lp, lc := leadsOf(s, chSEM, m-1), leadsOf(s, chSEM, m)
				if cur >= prev.MulRatio(150, 100) && lc*100 < lp*110 {
					jump = true
				}
			}
		}
		if got, first := channelMonth(s, chSEM, "", 1), yuanOf(150_000); got != first {
			t.Errorf("January SEM spend %s, want %s", got, first)
		}
		if last := channelMonth(s, chSEM, "", ActualMonths); last < yuanOf(260_000) {
			t.Errorf("September SEM spend %s, want ≥ 260000", last)
		}
		if above < 3 {
			t.Errorf("SEM above ¥200,000 in %d months, want ≥ 3", above)
		}
		if !jump {
			t.Error("no month with spend +50% and leads < +10%")
		}
	})
	t.Run("c test channel below inflection", func(t *testing.T) {
		for m := 1; m <= ActualMonths; m++ {
			if got := channelMonth(s, chLive, "", m); got < yuanOf(8_000) || got > yuanOf(12_000) {
				t.Errorf("month %d: 视频号直播 spend %s, want ¥8–12k", m, got)
			}
		}
	})
	t.Run("d unbudgeted channel", func(t *testing.T) {
		for _, l := range s.Budget {
			if l.Channel == chDouyin {
				t.Fatalf("%s is in the budget", chDouyin)
			}
		}
		months := 0
		for m := 1; m <= ActualMonths; m++ {
			if channelMonth(s, chDouyin, "", m) > 0 {
				months++
			}
		}
		if months < 2 || months > 6 {
			t.Errorf("%s spends in %d months, want a few", chDouyin, months)
		}
	})
	t.Run("e refund", func(t *testing.T) {
		n := 0
		for _, a := range s.Actuals {
			for _, e := range a.Ledger {
				if e.Amount < 0 {
					n++
				}
			}
		}
		if n != 1 {
			t.Errorf("got %d negative ledger amounts, want 1", n)
		}
	})
	t.Run("f overhead share 3–5%", func(t *testing.T) {
		_, actual := ytd(s)
		var overhead reports.Money
		for m := 1; m <= ActualMonths; m++ {
			overhead += channelMonth(s, chAutomation, "", m) + channelMonth(s, chCRM, "", m)
		}
		pct, _ := reports.Pct(overhead, actual)
		t.Logf("overhead %s = %.2f%% of %s", overhead, pct, actual)
		if pct <= 3.3 || pct >= 4.7 {
			t.Errorf("overhead share %.2f%%, want between 3.3%% and 4.7%%", pct)
		}
	})
	t.Run("g spend ahead of plan", func(t *testing.T) {
		budget, actual := ytd(s)
		forecast := actual + s.BudgetTotal() - budget // run rate of the rest at plan
		pct, _ := reports.Pct(actual-budget, budget)
		t.Logf("Jan–Sep budget %s, actual %s (%+.1f%%), naive forecast %s vs annual %s", budget, actual, pct, forecast, s.BudgetTotal())
		if pct < 2 || pct > 8 {
			t.Errorf("year to date %+.1f%% against plan, want +2…+8%%", pct)
		}
		if forecast <= s.BudgetTotal() {
			t.Errorf("forecast %s does not overrun the annual budget %s", forecast, s.BudgetTotal())
		}
	})
}

func TestBudgetMixNearGrowth(t *testing.T) {
	s := Generate()
	share := map[reports.Role]reports.Money{}
	for _, l := range s.Budget {
		share[l.Role] += l.Total()
	}
	want := config.DefaultStageMix()["growth"]
	tests := []struct {
		role reports.Role
		rec  float64
	}{
		{reports.RoleConsideration, want.Consideration},
		{reports.RoleAwareness, want.Awareness},
		{reports.RoleCustomer, want.Customer},
		{reports.RoleTest, want.Test},
	}
	exact := true
	for _, tt := range tests {
		got, _ := reports.Pct(share[tt.role], s.BudgetTotal())
		t.Logf("%s: %.1f%% (growth recommends %.0f%%)", tt.role, got, tt.rec)
		if got < tt.rec-12 || got > tt.rec+12 {
			t.Errorf("%s share %.1f%%, want within 12 points of %.0f%%", tt.role, got, tt.rec)
		}
		if got < tt.rec-1 || got > tt.rec+1 {
			exact = false
		}
	}
	if exact {
		t.Error("budget mix equals the recommendation; the mix comparison would have nothing to say")
	}
}

func TestLedgerAndFunnelAreValid(t *testing.T) {
	s := Generate()
	known := map[string]bool{chDouyin: true}
	for _, c := range s.Channels() {
		known[c] = true
	}
	texts := 0
	for _, a := range s.Actuals {
		for i, e := range a.Ledger {
			if reports.MonthOf(e.Date) != a.Month {
				t.Errorf("%s row %d: date %s outside the month", a.Month, i, e.Date.Format("2006-01-02"))
			}
			if !known[e.Channel] || e.Category == "" || e.Vendor == "" || e.Campaign == "" || e.Amount == 0 {
				t.Errorf("%s row %d: incomplete %+v", a.Month, i, e)
			}
			if e.Amount%100 != 0 {
				t.Errorf("%s row %d: amount %s is not whole cents", a.Month, i, e.Amount)
			}
			if i > 0 && e.Date.Before(a.Ledger[i-1].Date) {
				t.Errorf("%s row %d: ledger not sorted by date", a.Month, i)
			}
			if e.Text {
				texts++
				if got := currencyText(e.Amount); got != "¥12,345.60" {
					t.Errorf("text amount: got %s, want ¥12,345.60", got)
				}
			}
		}
		for _, f := range a.Funnel {
			if f.Leads <= 0 || f.MQL > f.Leads || f.SQL > f.MQL || f.Opps > f.SQL || f.POC > f.Opps || f.Won > f.POC {
				t.Errorf("%s %s: funnel not narrowing: %+v", a.Month, f.Channel, f.Funnel)
			}
			if f.Channel == chCRM || f.Channel == chAutomation {
				t.Errorf("%s: %s has a funnel row", a.Month, f.Channel)
			}
			if f.Won > 0 && (f.Revenue < yuanOf(150_000).MulRatio(f.Won, 1) || f.Revenue > yuanOf(400_000).MulRatio(f.Won, 1)) {
				t.Errorf("%s %s: revenue %s for %d deals", a.Month, f.Channel, f.Revenue, f.Won)
			}
		}
	}
	if texts != 1 {
		t.Errorf("got %d amounts written as text, want 1", texts)
	}
	if s.Actuals[2].LedgerTitle == "" || s.Actuals[6].AmountHeader != "Amount (CNY)" {
		t.Error("the messy March title row or July header variant is missing")
	}
}

func TestCurrencyText(t *testing.T) {
	tests := []struct {
		in   reports.Money
		want string
	}{
		{123456000, "¥12,345.60"},
		{-186000000, "-¥18,600.00"},
		{5000, "¥0.50"},
		{yuanOf(1234567), "¥1,234,567.00"},
	}
	for _, tt := range tests {
		if got := currencyText(tt.in); got != tt.want {
			t.Errorf("currencyText(%d): got %s, want %s", tt.in, got, tt.want)
		}
	}
}

// The top-level config.toml describes the sample company and every budget
// channel.
func TestConfigMatchesSamples(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "config.toml"))
	if err != nil {
		t.Fatalf("load config.toml: %v", err)
	}
	if len(cfg.Channels) < 18 {
		t.Errorf("got %d channels, want ≥ 18", len(cfg.Channels))
	}
	if cfg.Company != Company || cfg.Stage != "growth" || cfg.Currency != "CNY" {
		t.Errorf("company: got %q %q %q", cfg.Company, cfg.Stage, cfg.Currency)
	}
	s := Generate()
	ratio, _ := reports.Pct(s.BudgetTotal(), cfg.AnnualRevenue)
	if ratio < 7 || ratio > 9 {
		t.Errorf("budget is %.1f%% of revenue, want 7–9%%", ratio)
	}
	roles := map[string]reports.Role{}
	for _, l := range s.Budget {
		roles[l.Channel] = l.Role
	}
	for ch, role := range roles {
		r, ok := cfg.Channel(ch)
		if !ok {
			t.Errorf("channel %s is not configured", ch)
			continue
		}
		if r.Role != role {
			t.Errorf("channel %s: config role %s, budget role %s", ch, r.Role, role)
		}
		if r.Overhead != (ch == chAutomation || ch == chCRM) {
			t.Errorf("channel %s: overhead %v", ch, r.Overhead)
		}
	}
	if _, ok := cfg.Channel(chDouyin); ok {
		t.Errorf("%s is configured; it should stay unbudgeted and unknown", chDouyin)
	}
	checks := []struct {
		channel    string
		inflection int64
		saturation int64
	}{
		{chSEM, 50_000, 200_000},
		{chLive, 30_000, 0},
	}
	for _, c := range checks {
		r, _ := cfg.Channel(c.channel)
		if r.Inflection != yuanOf(c.inflection) || r.Saturation != yuanOf(c.saturation) {
			t.Errorf("%s: got inflection %s saturation %s, want %d and %d", c.channel, r.Inflection, r.Saturation, c.inflection, c.saturation)
		}
	}
	if r, ok := cfg.Channel("Baidu SEM"); !ok || r.Name != chSEM {
		t.Errorf("alias Baidu SEM: got %q, %v", r.Name, ok)
	}
}
