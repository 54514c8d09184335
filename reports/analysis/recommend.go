package analysis

import (
	"sort"

	"github.com/budgetlens/budgetlens/reports"
)

// Recommendation codes, part of the summary.json contract. The money
// recommendations (cut, move, stop_test, promote_test) are the steps of
// Report.Plan; the others carry no money.
const (
	RecCut         = "cut"
	RecMove        = "move"
	RecStopTest    = "stop_test"
	RecPromoteTest = "promote_test"
	RecDecideTest  = "decide_test"
	RecGapOpen     = "gap_open"
	RecDiagnosis   = "funnel_diagnosis"
	RecChannelROI  = "channel_roi"
	RecMixReview   = "mix_review"
	RecCoreTest    = "core_test"
	RecOverhead    = "overhead_review"
	RecUnbudgeted  = "budget_unbudgeted"
	RecBudgetToRev = "budget_to_revenue"
	RecStage       = "stage"
	RecSituation   = "situation"
)

// candidate is a recommendation before ranking: group orders the kinds
// (lower first), weight the money behind it within a group.
type candidate struct {
	group  int
	weight reports.Money
	rec    reports.Recommendation
}

// recommend derives the ranked recommendations from the plan (so they never
// contradict each other or the findings), in this order:
//
//  0. the plan's cuts (a test stopped on results: stop_test), largest
//     first, then gap_open when the gap needs core cuts or cannot be
//     closed;
//  1. the plan's moves, largest first;
//  2. test verdicts: promote_test (a budget of the test's monthly level,
//     empty From) and decide_test (never reached its inflection: extend
//     or stop by decision);
//  3. the period's emphasis (seed 001 §7.3): monthly, the channel-ROI tilt;
//     quarterly, the mix review; the annual benchmark re-estimate goes to
//     the technical appendix only;
//  4. the funnel diagnosis;
//  5. overhead, core/test balance, unbudgeted spend the plan keeps,
//     budget-to-revenue;
//  6. the stage's context and the configured situation.
func (s *state) recommend() {
	var cs []candidate
	pl := &s.rep.Plan
	for _, st := range pl.Steps {
		code, group := RecMove, 1
		if st.To == "" {
			code, group = RecCut, 0
		}
		if c := s.chs[s.channelKeyOf(st.From)]; c != nil && c.cp.Verdict == reports.TestStop {
			code = RecStopTest
		}
		mv := st.Move
		cs = append(cs, candidate{group, st.Amount, reports.Recommendation{Code: code, Move: &mv, Effect: st.Effect, Reasons: st.Reasons}})
	}
	if pl.CoreCut > 0 || pl.Shortfall > 0 {
		cs = append(cs, candidate{0, -1, reports.Recommendation{Code: RecGapOpen, Reasons: s.reasonsFor(nil, CodeForecastOverrun)}})
	}
	for _, c := range s.sortedChannels() {
		cp := c.cp
		switch cp.Verdict {
		case reports.TestPromote:
			cs = append(cs, candidate{2, cp.Level, reports.Recommendation{Code: RecPromoteTest,
				Move: &reports.Move{To: cp.Channel, Amount: roundDown(cp.Level)}, Reasons: s.reasonsFor(c, CodeTestPromote)}})
		case reports.TestDecide:
			cs = append(cs, candidate{2, 0, reports.Recommendation{Code: RecDecideTest, Reasons: s.reasonsFor(c, CodeBelowInflection)}})
		}
	}
	cs = append(cs, s.emphasis()...)
	cs = append(cs, s.diagnosis()...)
	cs = append(cs, s.otherRecs()...)
	cs = append(cs, candidate{6, 0, reports.Recommendation{Code: RecStage}})
	if sit := s.cfg.Situation; sit != "" {
		cs = append(cs, candidate{7, 0, reports.Recommendation{Code: RecSituation + "_" + sit}})
	}
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.group != b.group {
			return a.group < b.group
		}
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		return a.rec.Code < b.rec.Code
	})
	for i, c := range cs {
		c.rec.Priority = i + 1
		s.rep.Recommendations = append(s.rep.Recommendations, c.rec)
	}
}

// materialPct is how far, in percent of the threshold, a channel's spend
// per unit must exceed its saturation threshold before the plan takes the
// excess: a period's average a hair above the threshold (¥201,111 against
// ¥200,000) is noise. The above_saturation finding still reports it.
const materialPct = 5

// roundDown rounds a per-month amount down to a multiple of 100 units
// once it is 1,000 or more, so moves read like decisions.
func roundDown(m reports.Money) reports.Money {
	if m >= 1000*reports.Unit {
		return m / (100 * reports.Unit) * (100 * reports.Unit)
	}
	return m
}

// roleOfChannel returns a channel's role: the configured one, else the
// role of its budget lines (the first in workbook order that has one).
func (s *state) roleOfChannel(key string) reports.Role {
	if r := s.m.rule(key); r != nil && r.Role != reports.RoleNone {
		return r.Role
	}
	for _, l := range s.m.lines {
		if l.ch == key && l.role != reports.RoleNone {
			return l.role
		}
	}
	for _, u := range s.m.ubs {
		if u.ch == key && u.role != reports.RoleNone {
			return u.role
		}
	}
	return reports.RoleNone
}

// emphasis: in a monthly report the channel-ROI tilt names the best channel
// the plan can still fund (productive, not saturated) and the worst
// returning one. Channels are ranked by return over the year to date —
// ROAS when revenue is tracked, a channel without revenue counting as 0 —
// so a channel with no revenue never ranks above one with revenue. In a
// quarterly report, the mix review on the role furthest from its share.
func (s *state) emphasis() []candidate {
	var out []candidate
	if s.p.Kind == reports.KindMonth {
		var ranked []*chState
		for _, c := range s.sortedChannels() {
			if !c.cp.Overhead && c.cp.Tracked && !c.cp.Test {
				ranked = append(ranked, c)
			}
		}
		sort.SliceStable(ranked, func(i, j int) bool { return betterReturn(&ranked[i].cp, &ranked[j].cp) })
		var best *chState
		for _, c := range ranked {
			if c.cp.Band != reports.BandSaturated && c.cp.Band != reports.BandBelow {
				best = c
				break
			}
		}
		if best != nil && len(ranked) > 1 && ranked[len(ranked)-1] != best {
			worst := ranked[len(ranked)-1]
			if betterReturn(&best.cp, &worst.cp) {
				rs := s.reasonsFor(worst, CodeZeroReturn, CodeLowReturn)
				rs = append(rs, reports.Reason{Code: "best_return", Subject: best.cp.Channel}, reports.Reason{Code: "worst_return", Subject: worst.cp.Channel})
				out = append(out, candidate{3, worst.cp.Level, reports.Recommendation{Code: RecChannelROI, Reasons: rs}})
			}
		}
	}
	if s.p.Kind == reports.KindQuarter && s.rep.Totals.Actual > 0 {
		var worst *reports.MixShare
		for i := range s.rep.Mix {
			ms := &s.rep.Mix[i]
			if ms.Role == reports.RoleNone {
				continue
			}
			if worst == nil || abs(ms.Gap) > abs(worst.Gap) {
				worst = ms
			}
		}
		if worst != nil && absf(worst.ActualPct-worst.RecommendedPct) > s.cfg.MixGapPoints {
			out = append(out, candidate{3, abs(worst.Gap), reports.Recommendation{Code: RecMixReview,
				Reasons: []reports.Reason{{Code: CodeMixGap, Subject: s.lang.RoleChannels(worst.Role)}}}})
		}
	}
	return out
}

func ratio(L interface{ Ratio(float64) string }, v float64, ok bool) string {
	if !ok {
		return "–"
	}
	return L.Ratio(v)
}

func absf(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// diagnosis turns Plan.Funnel into a recommendation; its reason names the
// stage pair as "<from>→<to>" stage codes.
func (s *state) diagnosis() []candidate {
	d := s.rep.Plan.Funnel
	if d == nil {
		return nil
	}
	return []candidate{{4, 0, reports.Recommendation{Code: RecDiagnosis,
		Reasons: []reports.Reason{{Code: "funnel_stage", Subject: d.From + "→" + d.To}}}}}
}

// funnelDiagnosis fills Plan.Funnel (domain.md §6, issue 10 rule 9): each
// stage's conversion in the period against the same stage's benchmark —
// [funnel_benchmark] when configured, else the company's own conversion
// over the twelve months before the period (at least three of them with
// leads). The weakest stage is the one furthest below its benchmark, and
// only when at least 10% below it (relative): a funnel at its usual rates
// needs no diagnosis. With no benchmark at all, the weakest conversion is
// named, as before.
func (s *state) funnelDiagnosis() {
	fs := s.rep.Funnel
	if fs.Leads <= 0 {
		return
	}
	var hist reports.Funnel
	months := 0
	for i := 1; i <= 12; i++ {
		m := s.p.Start.Add(-i)
		var f reports.Funnel
		for _, byMonth := range s.chFunnel {
			f = f.Add(byMonth[m])
		}
		if f.Leads > 0 {
			months++
		}
		hist = hist.Add(f)
	}
	trail := map[string]float64{}
	if months >= 3 {
		for _, c := range EconomicsPOC("", hist, 0, s.tracksPOC()).Conversions {
			if c.OK && c.Rate > 0 {
				trail[c.From+"→"+c.To] = c.Rate
			}
		}
	}
	var out *reports.FunnelDiagnosis
	worst := 0.9
	benched := false
	for _, c := range fs.Conversions {
		if !c.OK {
			continue
		}
		key := c.From + "→" + c.To
		bench, src := s.cfg.FunnelBenchmark[key], "config"
		if bench <= 0 {
			bench, src = trail[key], "trailing"
		}
		if bench <= 0 {
			continue
		}
		benched = true
		if r := c.Rate / bench; r < worst {
			worst = r
			out = &reports.FunnelDiagnosis{From: c.From, To: c.To, Rate: c.Rate, Bench: bench, Source: src}
		}
	}
	if !benched {
		for _, c := range fs.Conversions {
			if c.OK && (out == nil || c.Rate < out.Rate) {
				out = &reports.FunnelDiagnosis{From: c.From, To: c.To, Rate: c.Rate}
			}
		}
	}
	s.rep.Plan.Funnel = out
}

// otherRecs: overhead advice, core/test balance, unbudgeted spend the plan
// keeps (bring it into the budget), budget-to-revenue outside its band.
func (s *state) otherRecs() []candidate {
	var out []candidate
	for _, f := range s.rep.Findings {
		switch f.Code {
		case CodeOverheadShare:
			out = append(out, candidate{5, 3, reports.Recommendation{Code: RecOverhead, Reasons: []reports.Reason{{Code: f.Code, Subject: f.Subject}}}})
		case CodeBudgetToRevenue:
			if f.Severity != reports.SevInfo {
				out = append(out, candidate{5, 1, reports.Recommendation{Code: RecBudgetToRev, Reasons: []reports.Reason{{Code: f.Code, Subject: f.Subject}}}})
			}
		}
	}
	if c, ok := s.coreTest(); ok {
		out = append(out, c)
	}
	var kept []reports.Reason
	for _, l := range s.rep.UnbudgetedLines {
		c := s.chs[s.channelKeyOf(l.Channel)]
		if c == nil || s.cut(c.cp.Channel) || l.Actual < s.cfg.MinLineAmount {
			continue
		}
		kept = append(kept, s.reasonsFor(c, CodeUnbudgetedSpend)...)
	}
	if len(kept) > 0 {
		out = append(out, candidate{5, 0, reports.Recommendation{Code: RecUnbudgeted, Reasons: kept}})
	}
	return out
}

// cut reports whether the plan takes money from channel name.
func (s *state) cut(name string) bool {
	for _, st := range s.rep.Plan.Steps {
		if st.From == name {
			return true
		}
	}
	return false
}

// testTarget is the one core/test target of a report (plan, chart, text):
// the stage's recommended test share, capped by 100 − core_share_pct
// (the 70/30 model of seed 001 §4.3 read as a ceiling on tests).
func (s *state) testTarget() float64 {
	ceiling := 100 - s.cfg.CoreSharePct
	target := ceiling
	if st, ok := s.cfg.Mix()[reports.RoleTest]; ok && st > 0 && st < ceiling {
		target = st
	}
	return target
}

// coreTest compares the test channels' share of spend with testTarget,
// when off by more than mix_gap_points.
func (s *state) coreTest() (candidate, bool) {
	core, test := s.rep.CoreTest[0], s.rep.CoreTest[1]
	total := core + test
	if total <= 0 {
		return candidate{}, false
	}
	testPct := pctOf(test, total)
	target := s.testTarget()
	if absf(testPct-target) <= s.cfg.MixGapPoints && testPct <= 100-s.cfg.CoreSharePct {
		return candidate{}, false
	}
	var rs []reports.Reason
	for _, f := range s.rep.Findings {
		if f.Code == CodeMixGap && f.Subject == s.lang.RoleChannels(reports.RoleTest) {
			rs = append(rs, reports.Reason{Code: f.Code, Subject: f.Subject})
		}
	}
	return candidate{5, 2, reports.Recommendation{Code: RecCoreTest, Reasons: rs}}, true
}
