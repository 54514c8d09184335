package analysis

import (
	"sort"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Input is everything analysis needs; it does no I/O.
type Input struct {
	Book   *reports.Book
	Files  []reports.FileReport // for DataNotes
	Config *config.Config
	Lang   *i18n.Lang
	Now    time.Time // the run's clock (Generated, and which months have ended)
}

// state is one Build call: the matched book and the period's aggregates.
type state struct {
	in    Input
	cfg   *config.Config
	lang  *i18n.Lang
	p     reports.Period
	fy    time.Month
	m     *matcher
	scope []reports.Month // p.Start … p.Through
	n     int             // len(scope)

	lineAmt  []reports.Amounts // per budget line, in scope
	lineEnt  []int
	ubAmt    []reports.Amounts // per unbudgeted group, in scope
	ubEnt    []int
	ubSeen   []bool
	lineOrig []reports.Money                 // per budget line: the original plan version, in scope
	linePY   []reports.Money                 // per budget line: last year's actual, same months
	ubPY     []reports.Money                 // per unbudgeted group: last year's actual, same months
	planAt   map[reports.Month]reports.Money // all lines' budget per month
	spendAt  map[reports.Month]reports.Money // all actual spend per month
	chSpend  map[string]map[reports.Month]reports.Money
	chFunnel map[string]map[reports.Month]reports.Funnel
	roleAmt  map[reports.Role]reports.Money // actual in scope
	loopAmt  map[string]reports.Money       // actual in scope per business loop
	bookAll  reports.Money                  // every ledger amount in Book
	reported reports.Money                  // every ledger amount as reported on a line

	rep            *reports.Report
	estimatedNames []string // channels in ConfigSnippet

	chs      map[string]*chState                        // assessed channels (plan.go)
	chUnits  map[string]map[reports.Month]int           // events or pieces per channel-month
	chMaxRow map[string]map[reports.Month]reports.Money // largest ledger row per channel-month
	chRows   map[string]map[reports.Month]int           // ledger rows per channel-month
	poc      *bool                                      // tracksPOC, decided once
	chCash   map[string]map[reports.Month]reports.Money // amortized channels' ledger spend
}

// Build computes the report of period p.
//
// Beside the budget used, a report carries BudgetFull (the whole period's
// budget), Original (the first plan version, when a revision or reforecast
// is used; per line in LineResult.Original) and Prior (last fiscal year's
// actual spend in the same months, when last year's ledgers were read; per
// line in LineResult.Prior — a line of last year that has no spend and no
// budget this period counts in Prior's total only).
//
// The amounts compared are those of the months p.Start through p.Through:
// for a period reported to date, the budget is the budget of the months
// with data so far, not the full period's — except Forecast.AnnualBudget,
// which is always the whole fiscal year's budget. Categories hold every
// line with a budget or actual in the period, in budget workbook order
// (the row that first named the line). Actual spend that matched no budget
// line is never dropped: it is listed once, in UnbudgetedLines (flagged
// Unbudgeted), and counted in Totals and Unbudgeted, so Totals = the sum of
// the categories + Unbudgeted.
func Build(in Input, p reports.Period) *reports.Report {
	s := newState(in, p)
	s.aggregate()
	s.variances()
	s.comments()
	s.drivers()
	s.burnAndForecast()
	s.funnels()
	s.mix()
	s.notes()
	s.assess()
	s.findings()
	s.snippet()
	s.plan()
	s.funnelDiagnosis()
	s.recommend()
	return s.rep
}

func newState(in Input, p reports.Period) *state {
	cfg := in.Config
	if cfg == nil {
		f := config.Default()
		f.Company.Name = "-"
		cfg, _ = f.Compile("config.toml")
	}
	lang := in.Lang
	if lang == nil {
		lang, _ = i18n.Load(cfg.Language, cfg.Currency)
	}
	b := in.Book
	if b == nil {
		b = reports.NewBook()
	}
	in.Book = b
	s := &state{in: in, cfg: cfg, lang: lang, p: p, fy: fyStart(cfg)}
	if p.Through == (reports.Month{}) || p.End.Before(p.Through) {
		s.p.Through = p.End
	}
	for m := s.p.Start; !s.p.Through.Before(m); m = m.Add(1) {
		s.scope = append(s.scope, m)
	}
	s.n = len(s.scope)
	s.m = newMatcher(b, cfg)
	s.rep = &reports.Report{
		Company:   cfg.Company,
		Currency:  cfg.Currency,
		Language:  lang.Tag,
		Stage:     cfg.Stage,
		Situation: cfg.Situation,
		Period:    s.p, // Through defaulted to End
		Generated: in.Now,
	}
	s.rep.CoreTargetPc = 100 - s.testTarget()
	return s
}

func (s *state) inScope(m reports.Month) bool {
	return !m.Before(s.p.Start) && !s.p.Through.Before(m)
}

// aggregate folds the book into the period's per-line, per-month,
// per-channel and per-role sums. Sums are of integers, so map order does
// not matter.
func (s *state) aggregate() {
	b := s.in.Book
	s.lineAmt = make([]reports.Amounts, len(s.m.lines))
	s.lineEnt = make([]int, len(s.m.lines))
	s.ubAmt = make([]reports.Amounts, len(s.m.ubs))
	s.ubEnt = make([]int, len(s.m.ubs))
	s.ubSeen = make([]bool, len(s.m.ubs))
	s.planAt = map[reports.Month]reports.Money{}
	s.spendAt = map[reports.Month]reports.Money{}
	s.chSpend = map[string]map[reports.Month]reports.Money{}
	s.chFunnel = map[string]map[reports.Month]reports.Funnel{}
	s.roleAmt = map[reports.Role]reports.Money{}
	s.chUnits = map[string]map[reports.Month]int{}
	s.chMaxRow = map[string]map[reports.Month]reports.Money{}
	s.chRows = map[string]map[reports.Month]int{}
	s.loopAmt = map[string]reports.Money{}
	s.lineOrig = make([]reports.Money, len(s.m.lines))
	s.linePY = make([]reports.Money, len(s.m.lines))
	s.ubPY = make([]reports.Money, len(s.m.ubs))
	r := s.rep
	for k, v := range b.Plan {
		s.planAt[k.Month] += v
		if s.p.Contains(k.Month) {
			r.BudgetFull += v
		}
		if i, ok := s.m.byKey[k.LineKey]; ok && s.inScope(k.Month) {
			s.lineAmt[i].Budget += v
		}
	}
	// The original plan version, where a later one is used: over the same
	// months, per line where the line is in the version used too.
	for k, v := range b.Original {
		if reports.FiscalYearOf(k.Month, s.fy) == s.p.FiscalYear {
			r.Original.OK = true
		}
		if s.p.Contains(k.Month) {
			r.Original.Full += v
		}
		if !s.inScope(k.Month) {
			continue
		}
		r.Original.Amount += v
		if i, ok := s.m.byKey[k.LineKey]; ok {
			s.lineOrig[i] += v
		}
	}
	for _, v := range b.Versions {
		if v.FiscalYear != s.p.FiscalYear {
			continue
		}
		r.BudgetVersions = append(r.BudgetVersions, v)
		if v.Original && !v.Used && r.Original.OK {
			r.Original.Label = joinLabel(r.Original.Label, v.File)
		}
	}
	for k, v := range b.Spend {
		s.bookAll += v
		t := s.m.targets[k.LineKey]
		var ch string
		var role reports.Role
		if t.line >= 0 {
			ch, role = s.m.lines[t.line].ch, s.m.lines[t.line].role
		} else {
			ch, role = s.m.ubs[t.ub].ch, s.m.ubs[t.ub].role
		}
		s.reported += v
		s.spendAt[k.Month] += v
		// Last fiscal year's spend in the same months (PY).
		if reports.FiscalYearOf(k.Month, s.fy) == s.p.FiscalYear-1 {
			r.Prior.OK = true
			if s.inScope(k.Month.Add(12)) {
				r.Prior.Amount += v
				if t.line >= 0 {
					s.linePY[t.line] += v
				} else {
					s.ubPY[t.ub] += v
				}
			}
			if s.p.Contains(k.Month.Add(12)) {
				r.Prior.Full += v
			}
		}
		cs := s.chSpend[ch]
		if cs == nil {
			cs = map[reports.Month]reports.Money{}
			s.chSpend[ch] = cs
		}
		cs[k.Month] += v
		if s.chUnits[ch] == nil {
			s.chUnits[ch] = map[reports.Month]int{}
			s.chMaxRow[ch] = map[reports.Month]reports.Money{}
			s.chRows[ch] = map[reports.Month]int{}
		}
		s.chRows[ch][k.Month] += b.Entries[k]
		if n := b.Events[k].Len(); n > 0 {
			s.chUnits[ch][k.Month] += n
		} else {
			s.chUnits[ch][k.Month] += b.Entries[k]
		}
		s.chMaxRow[ch][k.Month] = max(s.chMaxRow[ch][k.Month], b.Largest[k])
		if !s.inScope(k.Month) {
			continue
		}
		if t.line >= 0 {
			s.lineAmt[t.line].Actual += v
			s.lineEnt[t.line] += b.Entries[k]
		} else {
			s.ubAmt[t.ub].Actual += v
			s.ubEnt[t.ub] += b.Entries[k]
			s.ubSeen[t.ub] = true
		}
		s.roleAmt[role] += v
		if r := s.m.rule(ch); r != nil && r.Loop != "" {
			s.loopAmt[r.Loop] += v
		}
	}
	s.amortize()
	for k, f := range b.Funnels {
		ch, _ := s.m.canon(k.Channel)
		cf := s.chFunnel[ch]
		if cf == nil {
			cf = map[reports.Month]reports.Funnel{}
			s.chFunnel[ch] = cf
		}
		cf[k.Month] = cf[k.Month].Add(f)
	}
}

// variances fills Categories, UnbudgetedLines, Totals and Unbudgeted.
func (s *state) variances() {
	r := s.rep
	catIdx := map[string]int{}
	add := func(norm, name string, lr reports.LineResult) {
		i, ok := catIdx[norm]
		if !ok {
			r.Categories = append(r.Categories, reports.CategoryResult{Category: name})
			i = len(r.Categories) - 1
			catIdx[norm] = i
		}
		c := &r.Categories[i]
		c.Amounts = c.Amounts.Add(lr.Amounts)
		c.Lines = append(c.Lines, lr)
	}
	for i, l := range s.m.lines {
		a := s.lineAmt[i]
		if a.Budget == 0 && a.Actual == 0 && s.lineEnt[i] == 0 && s.lineOrig[i] == 0 {
			continue
		}
		add(l.cat, l.key.Category, reports.LineResult{LineKey: l.key, Role: l.role, Amounts: a, Entries: s.lineEnt[i],
			Original: s.lineOrig[i], Prior: s.linePY[i]})
		r.Totals = r.Totals.Add(a)
	}
	// Unbudgeted lines: last, in a stable order by their names.
	order := make([]int, 0, len(s.m.ubs))
	for j := range s.m.ubs {
		if s.ubSeen[j] {
			order = append(order, j)
		}
	}
	sort.Slice(order, func(a, b int) bool { return lessKey(s.m.ubs[order[a]].key, s.m.ubs[order[b]].key) })
	for _, j := range order {
		u := s.m.ubs[j]
		lr := reports.LineResult{LineKey: u.key, Role: u.role, Amounts: s.ubAmt[j], Unbudgeted: true, Entries: s.ubEnt[j], Prior: s.ubPY[j]}
		r.UnbudgetedLines = append(r.UnbudgetedLines, lr)
		r.Totals = r.Totals.Add(lr.Amounts)
		r.Unbudgeted += lr.Actual
	}
}

// burnAndForecast fills Burn (every month of the fiscal year) and Forecast.
func (s *state) burnAndForecast() {
	r := s.rep
	start := reports.FiscalYearStart(s.p.FiscalYear, s.fy)
	var cumB, cumA, cumP reports.Money
	f := &r.Forecast
	for i := 0; i < 12; i++ {
		m := start.Add(i)
		pt := reports.MonthPoint{Month: m, Budget: s.planAt[m]}
		if r.Prior.OK {
			// Last year's same month; a month its ledgers do not
			// reach has no PY point rather than a zero.
			pt.Prior, pt.HasPrior = s.spendAt[m.Add(-12)]
			cumP += pt.Prior
			pt.CumPrior = cumP
		}
		cumB += pt.Budget
		f.AnnualBudget += pt.Budget
		if !s.p.Through.Before(m) {
			pt.HasActual = true
			pt.Actual = s.spendAt[m]
			cumA += pt.Actual
			f.YTD.Budget += pt.Budget
			f.YTD.Actual += pt.Actual
			f.MonthsElapsed++
		} else {
			f.Landing += pt.Budget // budget of the remaining months
		}
		pt.CumBudget, pt.CumActual = cumB, cumA
		r.Burn = append(r.Burn, pt)
	}
	f.Landing += f.YTD.Actual
	if f.MonthsElapsed > 0 {
		f.RunRate = f.YTD.Actual.MulRatio(12, int64(f.MonthsElapsed))
	}
}

// notes fills the data notes.
func (s *state) notes() {
	n := &s.rep.Notes
	hasLedger := false
	for _, f := range s.in.Files {
		n.Files = append(n.Files, f)
		if f.Duplicate != "" || f.Status == reports.StatusSuperseded {
			continue // counted once, under the original; or set aside
		}
		n.LedgerTotal -= f.SetAside // months a correction replaced
		u, sk, rj := f.Rows()
		n.RowsUsed += u
		n.RowsSkipped += sk
		n.RowsRejected += rj
		for _, sh := range f.Sheets {
			switch sh.Kind {
			case reports.KindBudget:
				n.BudgetTotal += sh.Total
			case reports.KindLedger:
				n.LedgerTotal += sh.Total
				hasLedger = true
			}
		}
	}
	n.ReportedAll = s.reported
	if !hasLedger {
		n.LedgerTotal = s.bookAll
	}
	n.Reconciled = s.bookAll == s.reported && n.LedgerTotal == s.reported
}

func joinLabel(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}

// amortize spreads, for every channel configured with amortize = true, its
// spend in each fiscal year evenly over that year's twelve months (the
// remainder of the division on the last month, so the year's total stays
// exact). Only the channel analytics see the spread — levels, benchmarks,
// funnel economics, the overhead share —; budget lines and totals keep
// the actual ledger amounts, since a variance is about cash against plan.
func (s *state) amortize() {
	s.chCash = map[string]map[reports.Month]reports.Money{}
	for ch, months := range s.chSpend {
		r := s.m.rule(ch)
		if r == nil || !r.Amortize {
			continue
		}
		years := map[int]reports.Money{}
		for m, v := range months {
			years[reports.FiscalYearOf(m, s.fy)] += v
		}
		spread := map[reports.Month]reports.Money{}
		for fy, total := range years {
			per := total.MulRatio(1, 12)
			start := reports.FiscalYearStart(fy, s.fy)
			for i := 0; i < 12; i++ {
				spread[start.Add(i)] = per
			}
			spread[start.Add(11)] = total - per*11
		}
		s.chCash[ch] = months
		s.chSpend[ch] = spread
	}
}

// amortizedTotal returns the period's actual spend with amortized channels
// counted at their spread instead of their cash.
func (s *state) amortizedTotal() reports.Money {
	t := s.rep.Totals.Actual
	for ch, cash := range s.chCash {
		for _, m := range s.scope {
			t += s.chSpend[ch][m] - cash[m]
		}
	}
	return t
}
