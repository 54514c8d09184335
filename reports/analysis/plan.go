package analysis

import (
	"math"
	"sort"

	"github.com/budgetlens/budgetlens/reports"
)

// Plan tiers: where a step's money comes from, in the order the plan
// takes it (issue 10 rule 2: first where it earns least).
const (
	TierZeroReturn = "zero_return"
	TierLowReturn  = "low_return"
	TierSaturation = "above_saturation"
	TierTestFailed = "test_failed"
	TierBelowInfl  = "below_inflection"
	TierStage      = "stage"
	TierCore       = "core"
	TierShift      = "shift"
)

var tierRank = map[string]int{TierZeroReturn: 0, TierLowReturn: 1, TierSaturation: 2, TierTestFailed: 3, TierBelowInfl: 4, TierStage: 5, TierCore: 6, TierShift: 7}

// chState is one channel during planning: its assessment plus the
// year-to-date funnel its unit costs come from.
type chState struct {
	key  string
	cp   reports.ChannelPlan
	ytd  reports.Funnel
	ysp  reports.Money // spend over the fiscal year to date
	rows bool          // funnel rows (even all zero) in the fiscal year to date
}

// unitsPerMonth returns a channel's units (events, pieces) per active month
// as a ratio: per-unit amounts × num / den = per-month amounts.
func (c *chState) perMonth(perUnit reports.Money) reports.Money {
	if c.cp.Active <= 0 || c.cp.Units <= 0 {
		return perUnit
	}
	return perUnit.MulRatio(int64(c.cp.Units), int64(c.cp.Active))
}

// ytdMonths returns the fiscal year's months from its start through the
// period's Through month: the window returns are judged on.
func (s *state) ytdMonths() []reports.Month {
	var out []reports.Month
	for m := reports.FiscalYearStart(s.p.FiscalYear, s.fy); !s.p.Through.Before(m); m = m.Add(1) {
		out = append(out, m)
	}
	return out
}

// assess fills s.chs and Report.Plan.Channels: every channel with spend in
// the period, its level, band, returns and — for tests — verdict.
//
// Rules:
//   - Level is the period's spend divided by the months with spend (active
//     months), so a quarterly event is judged on the month it ran, not
//     averaged over empty months. PerUnit divides by events or pieces for
//     unit = "event" | "piece" channels.
//   - Band: below_inflection when PerUnit < inflection; saturated when
//     PerUnit > saturation or saturation was detected from history (and
//     the channel is not below its inflection: never both); productive
//     when a benchmark is configured and neither applies; unknown
//     otherwise.
//   - Returns are judged over the fiscal year to date (a month without a
//     closed deal does not condemn a channel). ROAS counts only when the
//     company tracks revenue (some channel closed revenue) and the channel
//     has funnel rows.
//   - The best channel is the best-returning core channel with funnel
//     data: highest ROAS, then lowest CAC, then lowest cost per lead.
//   - Tests: promoted when their ROAS is at or above the core channels'
//     median (else CAC, else cost per lead at or below the median, when
//     revenue or deals are not tracked); stopped when they reached their
//     inflection (or have none configured) and still return less; left to
//     a decision when they never reached it. A decline company also stops
//     a test returning less than it costs.
func (s *state) assess() {
	s.chs = map[string]*chState{}
	ytd := s.ytdMonths()
	revenueTracked := false
	budgeted := map[string]bool{}
	for _, l := range s.m.lines {
		budgeted[l.ch] = true
	}
	keys := make([]string, 0, len(s.chSpend))
	for k := range s.chSpend {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := &chState{key: k}
		for _, m := range ytd {
			f, row := s.chFunnel[k][m]
			c.ytd = c.ytd.Add(f)
			c.rows = c.rows || row
			c.ysp += s.chSpend[k][m]
		}
		if c.ytd.Revenue > 0 {
			revenueTracked = true
		}
		var sp reports.Money
		for _, m := range s.scope {
			v := s.chSpend[k][m]
			sp += v
			if v > 0 {
				c.cp.Active++
				c.cp.Units += s.unitsIn(k, m)
			}
		}
		if sp <= 0 || k == "" {
			continue
		}
		s.chs[k] = c
	}
	detected := map[string]bool{}
	for _, sg := range s.saturationSignals() {
		detected[sg.key] = true
	}
	for _, k := range keys {
		c := s.chs[k]
		if c == nil {
			continue
		}
		cp := &c.cp
		rule := s.m.rule(k)
		cp.Channel = s.m.channelName(k)
		cp.Role = s.roleOfChannel(k)
		cp.Test = cp.Role == reports.RoleTest
		cp.Unit = "month"
		if rule != nil {
			cp.Inflection, cp.Saturation, cp.Overhead = rule.Inflection, rule.Saturation, rule.Overhead
			if rule.Unit != "" {
				cp.Unit = rule.Unit
			}
		}
		if cp.Unit == "month" {
			cp.Units = cp.Active
		}
		for _, m := range s.scope {
			cp.Spend += s.chSpend[k][m]
		}
		cp.Level = cp.Spend.MulRatio(1, int64(max(cp.Active, 1)))
		cp.PerUnit = cp.Spend.MulRatio(1, int64(max(cp.Units, 1)))
		cp.Unbudgeted = !budgeted[k]
		cp.Tracked = c.rows
		if cp.Tracked && revenueTracked && c.ysp > 0 {
			cp.ROAS, cp.ROASOK = float64(c.ytd.Revenue)/float64(c.ysp), true
		}
		if c.ytd.Won > 0 && c.ysp > 0 {
			cp.CAC, cp.CACOK = c.ysp.MulRatio(1, c.ytd.Won), true
		}
		if c.ytd.Leads > 0 && c.ysp > 0 {
			cp.CPL, cp.CPLOK = c.ysp.MulRatio(1, c.ytd.Leads), true
		}
		switch {
		case cp.Inflection > 0 && cp.PerUnit < cp.Inflection:
			cp.Band = reports.BandBelow
		case cp.Saturation > 0 && cp.PerUnit > cp.Saturation:
			cp.Band = reports.BandSaturated
		case detected[k]:
			cp.Band = reports.BandSaturated
		case cp.Inflection > 0 || cp.Saturation > 0:
			cp.Band = reports.BandProductive
		default:
			cp.Band = reports.BandUnknown
		}
		cp.SaturationDetected = detected[k] && cp.Band != reports.BandBelow
		switch {
		case cp.Band == reports.BandSaturated:
		case cp.Saturation > 0:
			cp.Headroom = c.perMonth(cp.Saturation - cp.PerUnit)
		default:
			// No threshold known: at most a quarter more than today, well
			// inside the +50% spend step that signals saturation.
			cp.Headroom = cp.Level.MulRatio(1, 4)
		}
	}
	// The best channel.
	var best *chState
	for _, c := range s.sortedChannels() {
		if c.cp.Test || c.cp.Overhead || !c.cp.Tracked || c.cp.Unbudgeted {
			continue
		}
		if best == nil || betterReturn(&c.cp, &best.cp) {
			best = c
		}
	}
	if best != nil && (!best.cp.ROASOK || best.cp.ROAS > 0 || best.cp.CACOK || best.cp.CPLOK) {
		best.cp.Best = true
	}
	// Tests.
	med := s.coreMedian()
	for _, c := range s.sortedChannels() {
		cp := &c.cp
		if !cp.Test {
			continue
		}
		reached := cp.Inflection <= 0 || cp.PerUnit >= cp.Inflection
		switch {
		case med.beats(cp):
			cp.Verdict = reports.TestPromote
		case s.cfg.Stage == "decline" && cp.ROASOK && cp.ROAS < 1:
			cp.Verdict = reports.TestStop
		case reached && cp.Tracked && med.ok:
			cp.Verdict = reports.TestStop
		default:
			cp.Verdict = reports.TestDecide
		}
	}
	for _, c := range s.sortedChannels() {
		s.rep.Plan.Channels = append(s.rep.Plan.Channels, c.cp)
	}
}

// unitsIn counts a channel's events or pieces in month m: the distinct
// campaigns (活动) of its ledger rows, else its ledger rows.
func (s *state) unitsIn(key string, m reports.Month) int {
	n := s.chUnits[key][m]
	if n <= 0 {
		return 1
	}
	return n
}

// sortedChannels returns the assessed channels in key order.
func (s *state) sortedChannels() []*chState {
	out := make([]*chState, 0, len(s.chs))
	for _, c := range s.chs {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// betterReturn orders channels by return: ROAS (higher first) when both
// have it, then CAC, then cost per lead (lower first); a channel with a
// measure beats one without.
func betterReturn(a, b *reports.ChannelPlan) bool {
	if a.ROASOK != b.ROASOK {
		return a.ROASOK
	}
	if a.ROASOK && a.ROAS != b.ROAS {
		return a.ROAS > b.ROAS
	}
	if a.CACOK != b.CACOK {
		return a.CACOK
	}
	if a.CACOK && a.CAC != b.CAC {
		return a.CAC < b.CAC
	}
	if a.CPLOK != b.CPLOK {
		return a.CPLOK
	}
	if a.CPLOK && a.CPL != b.CPL {
		return a.CPL < b.CPL
	}
	return a.Channel < b.Channel
}

// median is the core channels' median return on one measure.
type median struct {
	ok      bool
	measure string // roas, cac or cpl
	roas    float64
	cost    reports.Money
}

// beats reports whether a test's return reaches the core median.
func (m median) beats(cp *reports.ChannelPlan) bool {
	if !m.ok {
		return false
	}
	switch m.measure {
	case "roas":
		return cp.ROASOK && cp.ROAS >= m.roas && cp.ROAS > 0
	case "cac":
		return cp.CACOK && cp.CAC <= m.cost
	}
	return cp.CPLOK && cp.CPL <= m.cost
}

// coreMedian returns the core channels' median ROAS when revenue is
// tracked, else median CAC, else median cost per lead.
func (s *state) coreMedian() median {
	var roas []float64
	var cac, cpl []reports.Money
	for _, c := range s.sortedChannels() {
		cp := c.cp
		if cp.Test || cp.Overhead || !cp.Tracked {
			continue
		}
		if cp.ROASOK {
			roas = append(roas, cp.ROAS)
		}
		if cp.CACOK {
			cac = append(cac, cp.CAC)
		}
		if cp.CPLOK {
			cpl = append(cpl, cp.CPL)
		}
	}
	switch {
	case len(roas) > 0:
		sort.Float64s(roas)
		n := len(roas)
		v := roas[n/2]
		if n%2 == 0 {
			v = (roas[n/2-1] + roas[n/2]) / 2
		}
		return median{true, "roas", v, 0}
	case len(cac) > 0:
		return median{true, "cac", 0, moneyMedian(cac)}
	case len(cpl) > 0:
		return median{true, "cpl", 0, moneyMedian(cpl)}
	}
	return median{}
}

func moneyMedian(v []reports.Money) reports.Money {
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]).MulRatio(1, 2)
}

// effectOf returns the monthly effect of amount leaving (sign −1) or
// reaching (+1) a channel at its year-to-date unit rates; nil without
// funnel data.
func (c *chState) effectOf(amount reports.Money, sign int64) *reports.Effect {
	if c == nil || !c.cp.Tracked || c.ysp <= 0 {
		return nil
	}
	f := float64(amount) / float64(c.ysp) * float64(sign)
	e := &reports.Effect{
		Leads: round(f * float64(c.ytd.Leads)),
		Won:   round(f * float64(c.ytd.Won)),
	}
	if c.ytd.Revenue != 0 {
		// An estimate, so float: revenue × amount would overflow int64.
		e.Revenue = reports.Money(math.Round(float64(c.ytd.Revenue) * f))
	}
	return e
}

func addEffect(a, b *reports.Effect) *reports.Effect {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	e := a.Add(*b)
	e.Leads, e.Won = round(e.Leads), round(e.Won)
	return &e
}

// roundUp rounds a per-month amount up to a multiple of 100 units.
func roundUp(m reports.Money) reports.Money {
	step := 100 * reports.Unit
	if m <= 0 {
		return 0
	}
	return (m + step - 1) / step * step
}

// leave is the effect of amount leaving the pool's channel. Money above
// saturation earns the marginal return, not the average: at the seeds'
// saturation signal (spend +50% for leads < +10%) that is at most a fifth
// of the average, which is what the plan assumes for the saturation tier.
func (p *pool) leave(amount reports.Money) *reports.Effect {
	e := p.c.effectOf(amount, -1)
	if e == nil || p.tier != TierSaturation {
		return e
	}
	return &reports.Effect{Leads: round(e.Leads / 5), Won: round(e.Won / 5), Revenue: e.Revenue.MulRatio(1, 5)}
}

// pool is freed money from one source, per month.
type pool struct {
	c       *chState
	tier    string
	amount  reports.Money
	reasons []reports.Reason
}

// plan builds Report.Plan (issue 10): one reallocation plan per period.
//
//  1. The gap: the forecast landing minus the annual budget, when it is
//     material (above plan_material_pct of the annual budget and
//     min_line_amount) and months of the year remain. The plan must cut
//     at least ceil(gap / months left), rounded up to 100, a month.
//  2. Money is freed where it earns least, in tiers: zero-return spend
//     (funnel rows with no lead and no revenue, or unbudgeted spend that
//     closed nothing) and spend returning less than it costs (ROAS < 1),
//     whole; the excess above a configured saturation threshold (beyond
//     a 5% margin), or the increase that signalled detected saturation
//     (never below the inflection point); tests stopped on results,
//     whole; and, when over budget, core channels below their inflection
//     point, whole (they cannot reach it while the budget is being cut).
//     The best channel is never a source unless it is saturated.
//  3. Over budget, the freed money is cut until the gap is covered. If it
//     is not enough, productive core channels are cut, worst return first,
//     down to their inflection point (half their level when none is
//     configured) — CoreCut; what even that cannot cover is the
//     Shortfall. The best channel is never cut.
//  4. What is freed beyond the gap (or all of it with no gap) moves to
//     channels in their productive band with funnel data, ranked by
//     return, each up to its headroom below saturation; never to a
//     channel returning less than it costs, never to a test except a
//     promoted one, never back to the channel it came from. With no gap,
//     a core channel below its inflection with a good return is lifted
//     to it first when the freed money covers the whole step. What no
//     channel can take is cut.
//  5. Stage: a decline company moves nothing — everything freed is cut,
//     roles above the stage's share (customer operations excepted) are
//     trimmed, and the plan always nets a cut. A startup or growth
//     company with nothing freed shifts money from its worst-returning
//     core channel (returning under half the best's) to its best channel.
func (s *state) plan() {
	pl := &s.rep.Plan
	f := s.rep.Forecast
	pl.Months = 12 - f.MonthsElapsed
	if f.AnnualBudget > 0 && f.Landing > f.AnnualBudget {
		pl.Overrun = f.Landing - f.AnnualBudget
	}
	floor := s.cfg.MinLineAmount
	if s.cfg.MaterialAmount > floor {
		floor = s.cfg.MaterialAmount
	}
	if pl.Overrun > 0 && pl.Months > 0 && pl.Overrun >= floor &&
		pctOf(pl.Overrun, f.AnnualBudget) >= s.cfg.PlanMaterialPct {
		pl.Gap = pl.Overrun
	}
	var need reports.Money
	if pl.Gap > 0 {
		need = roundUp(pl.Gap.MulRatio(1, int64(pl.Months)))
	}
	overBudget := pl.Gap > 0
	decline := s.cfg.Stage == "decline"

	taken := map[string]bool{}
	var pools []pool
	add := func(c *chState, tier string, amt reports.Money, codes ...string) {
		amt = roundDown(amt)
		if amt <= 0 {
			return
		}
		taken[c.key] = true
		pools = append(pools, pool{c, tier, amt, s.reasonsFor(c, codes...)})
	}
	chans := s.sortedChannels()
	// Within a tier: lowest return first, then the larger amount.
	byWorst := append([]*chState(nil), chans...)
	sort.SliceStable(byWorst, func(i, j int) bool { return betterReturn(&byWorst[j].cp, &byWorst[i].cp) })
	for _, c := range byWorst {
		cp := c.cp
		if cp.Overhead || cp.Test || cp.Best || cp.Role == reports.RoleCustomer {
			continue
		}
		if s.zeroReturn(c) {
			add(c, TierZeroReturn, cp.Level, CodeZeroReturn, CodeUnbudgetedSpend)
		}
	}
	for _, c := range byWorst {
		cp := c.cp
		if cp.Overhead || cp.Test || cp.Best || taken[c.key] || cp.Role == reports.RoleCustomer {
			continue
		}
		if cp.ROASOK && cp.ROAS < 1 {
			add(c, TierLowReturn, cp.Level, CodeLowReturn, CodeUnbudgetedSpend)
		}
	}
	signals := map[string]satSignal{}
	for _, sg := range s.saturationSignals() {
		signals[sg.key] = sg
	}
	for _, c := range byWorst {
		cp := c.cp
		if taken[c.key] || cp.Band != reports.BandSaturated || cp.Verdict == reports.TestStop {
			continue // a stopped test goes whole, below
		}
		var amt reports.Money
		codes := []string{CodeSaturationDetected}
		if cp.Saturation > 0 && cp.PerUnit > cp.Saturation+cp.Saturation.MulRatio(materialPct, 100) {
			amt = c.perMonth(cp.PerUnit - cp.Saturation)
			codes = []string{CodeAboveSaturation, CodeSaturationDetected}
		}
		if sg, ok := signals[c.key]; ok && cp.SaturationDetected {
			d := sg.spendTo - sg.spendFrom
			if cp.Inflection > 0 && sg.spendTo-d < cp.Inflection {
				d = sg.spendTo - cp.Inflection // never below the inflection point
			}
			amt = max(amt, d)
		}
		add(c, TierSaturation, min(amt, cp.Level), codes...)
	}
	for _, c := range byWorst {
		if c.cp.Verdict == reports.TestStop && !taken[c.key] {
			add(c, TierTestFailed, c.cp.Level, CodeTestFailed, CodeLowReturn, CodeBelowInflection)
		}
	}
	if overBudget {
		for _, c := range byWorst {
			cp := c.cp
			if taken[c.key] || cp.Test || cp.Overhead || cp.Best || cp.Band != reports.BandBelow {
				continue
			}
			add(c, TierBelowInfl, cp.Level, CodeBelowInflection)
		}
	}
	if decline {
		s.declineTrim(byWorst, taken, add)
	}
	sort.SliceStable(pools, func(i, j int) bool { return tierRank[pools[i].tier] < tierRank[pools[j].tier] })

	var freed reports.Money
	for _, p := range pools {
		freed += p.amount
	}
	// Cuts that close the gap come first, in pool order.
	cutFrom := map[int]reports.Money{}
	left := need
	for i := range pools {
		if left <= 0 {
			break
		}
		amt := min(pools[i].amount, left)
		cutFrom[i] = amt
		left -= amt
	}
	var coreCuts []pool
	if left > 0 {
		for _, c := range byWorst {
			cp := c.cp
			if left <= 0 {
				break
			}
			if taken[c.key] || cp.Test || cp.Overhead || cp.Best || !cp.Tracked || cp.Role == reports.RoleCustomer {
				continue
			}
			room := cp.Level.MulRatio(1, 2)
			if cp.Inflection > 0 {
				room = cp.Level - c.perMonth(cp.Inflection)
			}
			room = roundDown(room)
			if room <= 0 {
				continue
			}
			amt := min(room, left)
			taken[c.key] = true
			coreCuts = append(coreCuts, pool{c, TierCore, amt, s.reasonsFor(c)})
			pl.CoreCut += amt
			left -= amt
		}
	}
	// Moves: what the gap did not need goes to productive channels.
	rest := make([]reports.Money, len(pools))
	for i, p := range pools {
		rest[i] = p.amount - cutFrom[i]
	}
	type sinkC struct {
		c    *chState
		room reports.Money
	}
	var sinks []sinkC
	if !decline {
		var reach []sinkC
		for _, c := range chans {
			cp := c.cp
			if taken[c.key] || cp.Overhead || !cp.Tracked || !(cp.CPLOK || cp.CACOK || cp.ROASOK) {
				continue
			}
			if cp.Test && cp.Verdict != reports.TestPromote {
				continue
			}
			if cp.ROASOK && cp.ROAS < 1 {
				continue
			}
			switch cp.Band {
			case reports.BandProductive, reports.BandUnknown:
				if cp.Headroom >= 100*reports.Unit {
					sinks = append(sinks, sinkC{c, roundDown(cp.Headroom)})
				}
			case reports.BandBelow:
				if !overBudget && !cp.Test {
					reach = append(reach, sinkC{c, roundUp(c.perMonth(cp.Inflection) - cp.Level)})
				}
			}
		}
		sort.SliceStable(sinks, func(i, j int) bool { return betterReturn(&sinks[i].c.cp, &sinks[j].c.cp) })
		sort.SliceStable(reach, func(i, j int) bool { return betterReturn(&reach[i].c.cp, &reach[j].c.cp) })
		var avail reports.Money
		for _, r := range rest {
			avail += r
		}
		var lift []sinkC
		for _, r := range reach {
			if r.room > 0 && r.room <= avail {
				lift = append(lift, r)
				avail -= r.room
			}
		}
		sinks = append(lift, sinks...)
	}
	var moves []reports.PlanStep
	for i := range pools {
		p := &pools[i]
		for j := range sinks {
			if rest[i] <= 0 {
				break
			}
			d := &sinks[j]
			if d.room <= 0 || d.c.key == p.c.key {
				continue
			}
			amt := min(rest[i], d.room)
			if amt < s.cfg.MinLineAmount {
				continue // too small to be a decision: it stays a cut
			}
			rest[i] -= amt
			d.room -= amt
			moves = append(moves, reports.PlanStep{
				Move: reports.Move{From: p.c.cp.Channel, To: d.c.cp.Channel, Amount: amt}, Tier: p.tier,
				Effect:  addEffect(p.leave(amt), d.c.effectOf(amt, 1)),
				Reasons: p.reasons,
			})
		}
	}
	// A startup or growth company funds its best channel.
	if !decline && !overBudget && freed == 0 && (s.cfg.Stage == "startup" || s.cfg.Stage == "growth") {
		if st, ok := s.shiftToBest(byWorst, taken); ok {
			moves = append(moves, st)
		}
	}
	// Cuts: per source, what closed the gap plus what nobody could take.
	var cuts []reports.PlanStep
	gapReason := s.reasonsFor(nil, CodeForecastOverrun)
	for i, p := range pools {
		amt := cutFrom[i] + rest[i]
		if amt <= 0 {
			continue
		}
		rs := p.reasons
		if cutFrom[i] > 0 {
			rs = append(append([]reports.Reason(nil), rs...), gapReason...)
		}
		cuts = append(cuts, reports.PlanStep{Move: reports.Move{From: p.c.cp.Channel, Amount: amt}, Tier: p.tier, Effect: p.leave(amt), Reasons: rs})
	}
	for _, p := range coreCuts {
		cuts = append(cuts, reports.PlanStep{Move: reports.Move{From: p.c.cp.Channel, Amount: p.amount}, Tier: p.tier, Effect: p.c.effectOf(p.amount, -1), Reasons: gapReason})
	}
	pl.Steps = append(cuts, moves...)
	for _, st := range pl.Steps {
		if st.To == "" {
			pl.CutTotal += st.Amount
		} else {
			pl.MoveTotal += st.Amount
		}
		pl.Effect = addEffect(pl.Effect, st.Effect)
	}
	pl.Covered = pl.CutTotal * reports.Money(max(pl.Months, 0))
	if pl.Gap > pl.Covered {
		pl.Shortfall = pl.Gap - pl.Covered
	}
}

// zeroReturn reports whether a channel's spend returned nothing: funnel
// rows without a lead or any revenue, or unbudgeted spend that closed
// nothing.
func (s *state) zeroReturn(c *chState) bool {
	if c.cp.Tracked && c.ytd.Leads == 0 && c.ytd.Revenue <= 0 && c.ytd.Won == 0 {
		return true
	}
	return c.cp.Unbudgeted && c.ytd.Revenue <= 0 && c.ytd.Won == 0
}

// declineTrim frees, for a decline company, each role's spend above its
// share of the stage mix (customer operations are kept), worst-returning
// channels first; and if the plan would still cut nothing, a tenth of the
// worst-returning channel outside customer operations.
func (s *state) declineTrim(byWorst []*chState, taken map[string]bool, add func(*chState, string, reports.Money, ...string)) {
	n := int64(max(s.n, 1))
	for _, ms := range s.rep.Mix {
		if ms.Role == reports.RoleNone || ms.Role == reports.RoleCustomer || ms.Gap <= 0 {
			continue
		}
		over := ms.Gap.MulRatio(1, n)
		for _, c := range byWorst {
			if over <= 0 {
				break
			}
			if taken[c.key] || c.cp.Role != ms.Role || c.cp.Overhead || c.cp.Best || c.cp.Verdict == reports.TestPromote {
				continue
			}
			amt := min(over, c.cp.Level)
			add(c, TierStage, amt, CodeMixGap)
			over -= amt
		}
	}
	if len(taken) > 0 {
		return
	}
	// Nothing above its share: a tenth of the worst-returning channel,
	// customer operations and the best channel last.
	pick := func(ok func(c *chState) bool) bool {
		for _, c := range byWorst {
			if c.cp.Overhead || c.cp.Level <= 0 || !ok(c) {
				continue
			}
			amt := c.cp.Level.MulRatio(1, 10)
			if amt < 100*reports.Unit {
				amt = c.cp.Level
			}
			add(c, TierStage, amt, CodeMixGap)
			return true
		}
		return false
	}
	_ = pick(func(c *chState) bool { return c.cp.Role != reports.RoleCustomer && !c.cp.Best }) ||
		pick(func(c *chState) bool { return !c.cp.Best }) ||
		pick(func(c *chState) bool { return true })
}

// shiftToBest moves up to a fifth of the worst-returning core channel's
// level (within the best channel's headroom) to the best channel, when the
// worst returns under half of the best.
func (s *state) shiftToBest(byWorst []*chState, taken map[string]bool) (reports.PlanStep, bool) {
	var best *chState
	for _, c := range byWorst {
		if c.cp.Best {
			best = c
		}
	}
	if best == nil || best.cp.Band == reports.BandSaturated || best.cp.Band == reports.BandBelow || best.cp.Headroom < 100*reports.Unit {
		return reports.PlanStep{}, false
	}
	for _, c := range byWorst {
		cp := c.cp
		if c == best || taken[c.key] || cp.Test || cp.Overhead || !cp.Tracked {
			continue
		}
		if !worseByHalf(&cp, &best.cp) {
			return reports.PlanStep{}, false
		}
		amt := roundDown(min(cp.Level.MulRatio(1, 5), best.cp.Headroom))
		if cp.Inflection > 0 && cp.Level-amt < c.perMonth(cp.Inflection) {
			amt = roundDown(cp.Level - c.perMonth(cp.Inflection))
		}
		if amt <= 0 {
			continue
		}
		return reports.PlanStep{
			Move: reports.Move{From: cp.Channel, To: best.cp.Channel, Amount: amt}, Tier: TierShift,
			Effect:  addEffect(c.effectOf(amt, -1), best.effectOf(amt, 1)),
			Reasons: s.reasonsFor(c, CodeLowReturn, CodeMixGap),
		}, true
	}
	return reports.PlanStep{}, false
}

// worseByHalf reports whether a returns less than half of b on the measure
// both have (ROAS, CAC or cost per lead).
func worseByHalf(a, b *reports.ChannelPlan) bool {
	switch {
	case a.ROASOK && b.ROASOK:
		return a.ROAS < b.ROAS/2
	case a.CACOK && b.CACOK:
		return a.CAC > 2*b.CAC
	case a.CPLOK && b.CPLOK:
		return a.CPL > 2*b.CPL
	}
	return false
}

// reasonsFor returns the findings of the given codes about channel c (or,
// for c nil, about the fiscal year), in the order of codes.
func (s *state) reasonsFor(c *chState, codes ...string) []reports.Reason {
	var out []reports.Reason
	for _, code := range codes {
		for _, f := range s.rep.Findings {
			if f.Code != code {
				continue
			}
			if c == nil || f.Subject == c.cp.Channel || s.lineOfChannel(f.Subject, c.key) ||
				code == CodeMixGap && f.Subject == s.lang.RoleChannels(c.cp.Role) {
				out = append(out, reports.Reason{Code: f.Code, Subject: f.Subject})
			}
		}
	}
	return out
}

// lineOfChannel reports whether subject names a line (budgeted or not) of
// the channel key.
func (s *state) lineOfChannel(subj, key string) bool {
	for _, l := range s.rep.UnbudgetedLines {
		if subject(l.LineKey) == subj && s.channelKeyOf(l.Channel) == key {
			return true
		}
	}
	for _, c := range s.rep.Categories {
		for _, l := range c.Lines {
			if subject(l.LineKey) == subj && s.channelKeyOf(l.Channel) == key {
				return true
			}
		}
	}
	return false
}
