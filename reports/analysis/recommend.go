package analysis

import (
	"sort"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
)

// Recommendation codes.
const (
	RecReallocate   = "reallocate"
	RecStopLoss     = "stop_loss"
	RecCutSaturated = "cut_saturation"
	RecLandOnBudget = "land_on_budget"
	RecDiagnosis    = "funnel_diagnosis"
	RecChannelROI   = "channel_roi"
	RecMixReview    = "mix_review"
	RecBenchmarks   = "benchmarks"
	RecCoreTest     = "core_test"
	RecUnbudgeted   = "budget_unbudgeted"
	RecStage        = "stage"
	RecSituation    = "situation"
)

// candidate is a recommendation before ranking: group orders the kinds
// (lower first), weight the money behind it within a group.
type candidate struct {
	group  int
	weight reports.Money
	rec    reports.Recommendation
}

// recommend derives the ranked recommendations. The rules, in rank order:
//
//  1. Reallocation moves (seed 001 §4). Money is taken only where it is
//     wasted: the excess of a channel above its configured saturation
//     threshold; the last month's increase of a channel whose saturation
//     was detected from history (never below its inflection point); and the
//     whole spend of a test channel that stays below its inflection point
//     (stop-loss, 止损). An excess within materialPct of the threshold is
//     not moved. It goes first to core channels below their
//     inflection point (enough to reach it), then to roles under the
//     stage's recommended share, into the role's channel with the lowest
//     cost per lead (or the largest) that is not itself a source, capped at
//     that channel's saturation headroom. Amounts are per month, rounded
//     down to 100 units. Money with nowhere to go becomes a cut.
//  2. The period's emphasis (seed 001 §7.3): a monthly report compares the
//     channels' cost per lead and ROAS; a quarterly one reviews the mix; an
//     annual one points at the re-estimated benchmarks (ConfigSnippet).
//  3. Landing on budget: when the landing forecast exceeds the annual
//     budget, the cut per remaining month that closes the gap.
//  4. The weakest stage-to-stage conversion of the total funnel, mapped onto
//     a diagnosis (domain.md §6): leads→MQL = awareness gap (reach is not
//     landing on target accounts), MQL→SQL = consideration gap, later
//     stages = conversion gap.
//  5. Core vs test balance against core_share_pct, when off by more than
//     mix_gap_points.
//  6. Unbudgeted spend to bring into the budget.
//  7. The stage's context: touch frequency and the budget-size tier
//     (domain.md §1), then the configured situation (domain.md §9).
func (s *state) recommend() {
	var cs []candidate
	cs = append(cs, s.moves()...)
	cs = append(cs, s.emphasis()...)
	cs = append(cs, s.landOnBudget()...)
	cs = append(cs, s.diagnosis()...)
	cs = append(cs, s.coreTest()...)
	cs = append(cs, s.unbudgetedRec()...)
	cs = append(cs, s.stageContext()...)
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.group != b.group {
			return a.group < b.group
		}
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		if a.rec.Code != b.rec.Code {
			return a.rec.Code < b.rec.Code
		}
		return a.rec.Title < b.rec.Title
	})
	for i, c := range cs {
		c.rec.Priority = i + 1
		s.rep.Recommendations = append(s.rep.Recommendations, c.rec)
	}
}

// materialPct is how far, in percent of the threshold, a channel's monthly
// spend must exceed its saturation threshold before the excess is moved:
// a period's average a hair above the threshold (¥201,111 against
// ¥200,000) is noise, and moving ¥1,100 a month is not a decision. The
// above_saturation finding still reports any excess.
const materialPct = 5

// source is money that can be taken from a channel, per month.
type source struct {
	key, name string
	amount    reports.Money
	code      string // RecCutSaturated or RecStopLoss
	reason    string
}

// sink is a place that should get money, per month.
type sink struct {
	key, name string // channel, or "" and a role name
	need      reports.Money
	reason    string
}

// roundDown rounds a per-month amount down to a multiple of 100 units
// once it is 1,000 or more, so moves read like decisions.
func roundDown(m reports.Money) reports.Money {
	if m >= 1000*reports.Unit {
		return m / (100 * reports.Unit) * (100 * reports.Unit)
	}
	return m
}

func (s *state) perMonth(m reports.Money) reports.Money {
	if s.n <= 1 {
		return m
	}
	return m.MulRatio(1, int64(s.n))
}

func (s *state) spendOf(key string) reports.Money {
	var sp reports.Money
	for _, m := range s.scope {
		sp += s.chSpend[key][m]
	}
	return sp
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

// channelKeys returns the canonical channels with spend in the period or a
// configured rule, sorted.
func (s *state) channelKeys() []string {
	seen := map[string]bool{}
	for k := range s.chSpend {
		if s.spendOf(k) != 0 {
			seen[k] = true
		}
	}
	for _, r := range s.cfg.Channels {
		k, _ := s.m.canon(r.Name)
		seen[k] = true
	}
	for _, l := range s.m.lines {
		seen[l.ch] = true
	}
	delete(seen, "")
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (s *state) sources() []source {
	var out []source
	L := s.lang
	taken := map[string]bool{}
	for _, k := range s.channelKeys() {
		rule := s.m.rule(k)
		if rule == nil {
			continue
		}
		sp := s.perMonth(s.spendOf(k))
		switch {
		case rule.Saturation > 0 && sp > rule.Saturation+rule.Saturation.MulRatio(materialPct, 100):
			out = append(out, source{k, s.m.channelName(k), sp - rule.Saturation, RecCutSaturated,
				L.T("analysis.reason.above_saturation", "spend", L.Money(sp), "limit", L.Money(rule.Saturation))})
			taken[k] = true
		case rule.Inflection > 0 && sp > 0 && sp < rule.Inflection && s.roleOfChannel(k) == reports.RoleTest:
			out = append(out, source{k, s.m.channelName(k), sp, RecStopLoss,
				L.T("analysis.reason.stop_loss", "spend", L.Money(sp), "limit", L.Money(rule.Inflection))})
			taken[k] = true
		}
	}
	for _, sg := range s.saturationSignals() {
		if taken[sg.key] {
			continue
		}
		amt := sg.spendTo - sg.spendFrom
		if r := s.m.rule(sg.key); r != nil && r.Inflection > 0 && sg.spendTo-amt < r.Inflection {
			amt = sg.spendTo - r.Inflection // never below the inflection point
		}
		if amt <= 0 {
			continue
		}
		cplUp, _ := growth(float64(sg.spendFrom)/float64(sg.leadsFrom), float64(sg.spendTo)/maxf(float64(sg.leadsTo), 1))
		out = append(out, source{sg.key, sg.name, amt, RecCutSaturated,
			L.T("analysis.reason.saturation_detected", "spend_growth", L.SignedPct(sg.spendGrowth), "leads_growth", L.SignedPct(sg.leadsG), "cpl_growth", L.SignedPct(cplUp))})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].amount != out[j].amount {
			return out[i].amount > out[j].amount
		}
		return out[i].key < out[j].key
	})
	return out
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

func (s *state) sinks(sources []source) []sink {
	L := s.lang
	isSource := map[string]bool{}
	for _, src := range sources {
		isSource[src.key] = true
	}
	var out []sink
	given := map[string]reports.Money{}
	// Core channels below their inflection point: enough to reach it.
	for _, k := range s.channelKeys() {
		rule := s.m.rule(k)
		if rule == nil || rule.Inflection <= 0 || isSource[k] || s.roleOfChannel(k) == reports.RoleTest {
			continue
		}
		sp := s.perMonth(s.spendOf(k))
		if sp > 0 && sp < rule.Inflection {
			out = append(out, sink{k, s.m.channelName(k), rule.Inflection - sp,
				L.T("analysis.reason.below_inflection", "spend", L.Money(sp), "limit", L.Money(rule.Inflection))})
			given[k] = rule.Inflection - sp
		}
	}
	// Roles under their recommended share, largest shortfall first.
	mix := append([]reports.MixShare(nil), s.rep.Mix...)
	sort.SliceStable(mix, func(i, j int) bool { return mix[i].Gap < mix[j].Gap })
	for _, ms := range mix {
		if ms.Role == reports.RoleNone || ms.RecommendedPct <= 0 || ms.Gap >= 0 {
			continue
		}
		if ms.RecommendedPct-ms.ActualPct <= s.cfg.MixGapPoints/2 {
			continue // close enough to the reference mix
		}
		need := s.perMonth(-ms.Gap)
		reason := L.T("analysis.reason.below_share", "role", L.Role(ms.Role), "actual", L.Pct(ms.ActualPct),
			"stage", L.T("stage."+s.cfg.Stage), "rec", limitPct(ms.RecommendedPct))
		k, name, headroom := s.bestChannel(ms.Role, isSource)
		if k != "" && headroom >= 0 {
			need -= given[k]
			if headroom > 0 && need > headroom {
				need = headroom
			}
		}
		if k == "" {
			name = L.Role(ms.Role)
		}
		if need > 0 {
			out = append(out, sink{k, name, need, reason})
		}
	}
	return out
}

// bestChannel picks the channel of role to receive money: the lowest cost
// per lead in the period, else the largest spend, among channels that are
// not sources and are below saturation. headroom is the per-month room
// below saturation (0 when none is configured, -1 when there is none left).
func (s *state) bestChannel(role reports.Role, exclude map[string]bool) (key, name string, headroom reports.Money) {
	type cand struct {
		key   string
		spend reports.Money
		cpl   reports.Money
		cplOK bool
	}
	var cands []cand
	for _, k := range s.channelKeys() {
		if exclude[k] || s.roleOfChannel(k) != role {
			continue
		}
		sp := s.perMonth(s.spendOf(k))
		if r := s.m.rule(k); r != nil && r.Saturation > 0 && sp >= r.Saturation {
			continue
		}
		var leads int64
		for _, m := range s.scope {
			leads += s.chFunnel[k][m].Leads
		}
		c := cand{key: k, spend: sp}
		if leads > 0 && sp > 0 {
			c.cpl, c.cplOK = sp.MulRatio(1, leads), true
		}
		cands = append(cands, c)
	}
	if len(cands) == 0 {
		return "", "", 0
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.cplOK != b.cplOK {
			return a.cplOK
		}
		if a.cplOK && a.cpl != b.cpl {
			return a.cpl < b.cpl
		}
		if a.spend != b.spend {
			return a.spend > b.spend
		}
		return a.key < b.key
	})
	c := cands[0]
	if r := s.m.rule(c.key); r != nil && r.Saturation > 0 {
		headroom = r.Saturation - c.spend
	}
	return c.key, s.m.channelName(c.key), headroom
}

func (s *state) moves() []candidate {
	L := s.lang
	srcs := s.sources()
	snks := s.sinks(srcs)
	var out []candidate
	for _, src := range srcs {
		left := roundDown(src.amount)
		for i := range snks {
			if left <= 0 {
				break
			}
			d := &snks[i]
			if d.need <= 0 || d.key == src.key {
				continue
			}
			amt := left
			if d.need < amt {
				amt = roundDown(d.need)
			}
			if amt <= 0 {
				continue
			}
			left -= amt
			d.need -= amt
			out = append(out, candidate{0, amt, reports.Recommendation{
				Code:    RecReallocate,
				Title:   L.T("analysis.rec.reallocate.title", "amount", L.Money(amt), "from", src.name, "to", d.name),
				Message: L.T("analysis.rec.reallocate", "amount", L.Money(amt), "from", src.name, "from_reason", src.reason, "to", d.name, "to_reason", d.reason),
				Move:    &reports.Move{From: src.name, To: d.name, Amount: amt},
			}})
		}
		if left > 0 {
			out = append(out, candidate{0, left, reports.Recommendation{
				Code:    src.code,
				Title:   L.T("analysis.rec."+src.code+".title", "amount", L.Money(left), "from", src.name),
				Message: L.T("analysis.rec."+src.code, "amount", L.Money(left), "from", src.name, "from_reason", src.reason),
			}})
		}
	}
	return out
}

func (s *state) emphasis() []candidate {
	L := s.lang
	const group = 1
	var out []candidate
	// Monthly: channel ROI. Channels are ranked by ROAS when every one of
	// them closed revenue, else by cost per lead; the best is the first one
	// not at or above saturation (configured or detected).
	if s.p.Kind == reports.KindMonth {
		saturated := map[string]bool{}
		for _, sg := range s.saturationSignals() {
			saturated[sg.name] = true
		}
		var cands []reports.FunnelStats
		byROAS := true
		for _, c := range s.rep.Channels {
			if _, ok := cost(c, "cpl"); ok && c.Spend > 0 {
				cands = append(cands, c)
				byROAS = byROAS && c.Revenue > 0
			}
		}
		sort.SliceStable(cands, func(i, j int) bool {
			a, b := cands[i], cands[j]
			if byROAS && a.ROAS != b.ROAS {
				return a.ROAS > b.ROAS
			}
			ca, _ := cost(a, "cpl")
			cb, _ := cost(b, "cpl")
			if ca != cb {
				return ca < cb
			}
			return a.Channel < b.Channel
		})
		bi := -1
		for i, c := range cands {
			k := s.channelKeyOf(c.Channel)
			if r := s.m.rule(k); saturated[c.Channel] || r != nil && r.Saturation > 0 && s.perMonth(c.Spend) >= r.Saturation {
				continue
			}
			bi = i
			break
		}
		if bi >= 0 && bi < len(cands)-1 {
			best, worst := cands[bi], cands[len(cands)-1]
			bc, _ := cost(best, "cpl")
			wc, _ := cost(worst, "cpl")
			out = append(out, candidate{group, worst.Spend, reports.Recommendation{
				Code:  RecChannelROI,
				Title: L.T("analysis.rec.channel_roi.title", "best", best.Channel, "worst", worst.Channel),
				Message: L.T("analysis.rec.channel_roi", "best", best.Channel, "best_cpl", L.Money(bc), "best_roas", ratio(L, best.ROAS, best.ROASOK),
					"worst", worst.Channel, "worst_cpl", L.Money(wc), "worst_roas", ratio(L, worst.ROAS, worst.ROASOK)),
			}})
		}
	}
	// Quarterly: the mix review, on the role furthest from its share.
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
			out = append(out, candidate{group, abs(worst.Gap), reports.Recommendation{
				Code:  RecMixReview,
				Title: L.T("analysis.rec.mix_review.title", "stage", L.T("stage."+s.cfg.Stage)),
				Message: L.T("analysis.rec.mix_review", "role", L.Role(worst.Role), "actual", L.Pct(worst.ActualPct), "rec", limitPct(worst.RecommendedPct),
					"gap", L.Money(worst.Gap), "stage", L.T("stage."+s.cfg.Stage)),
			}})
		}
	}
	// Annual: the re-estimated benchmarks.
	if s.p.Kind == reports.KindYear && s.rep.ConfigSnippet != "" {
		out = append(out, candidate{group, 0, reports.Recommendation{
			Code:    RecBenchmarks,
			Title:   L.T("analysis.rec.benchmarks.title"),
			Message: L.T("analysis.rec.benchmarks", "channels", strings.Join(s.estimatedNames, L.T("analysis.list_sep"))),
		}})
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

func (s *state) landOnBudget() []candidate {
	f := s.rep.Forecast
	remaining := 12 - f.MonthsElapsed
	if f.AnnualBudget <= 0 || f.Landing <= f.AnnualBudget || remaining <= 0 {
		return nil
	}
	L := s.lang
	over := f.Landing - f.AnnualBudget
	cut := over.MulRatio(1, int64(remaining))
	return []candidate{{2, over, reports.Recommendation{
		Code:    RecLandOnBudget,
		Title:   L.T("analysis.rec.land_on_budget.title", "amount", L.Money(cut)),
		Message: L.T(landKey(remaining), "landing", L.Money(f.Landing), "budget", L.Money(f.AnnualBudget), "over", L.Money(over), "amount", L.Money(cut), "months", remaining),
	}}}
}

func (s *state) diagnosis() []candidate {
	fs := s.rep.Funnel
	if fs.Leads <= 0 {
		return nil
	}
	var weakest *reports.StageConversion
	for i := range fs.Conversions {
		c := &fs.Conversions[i]
		if c.OK && (weakest == nil || c.Rate < weakest.Rate) {
			weakest = c
		}
	}
	if weakest == nil {
		return nil
	}
	diag := "conversion"
	switch weakest.From {
	case "leads":
		diag = "awareness"
	case "mql":
		diag = "consideration"
	}
	L := s.lang
	return []candidate{{3, 0, reports.Recommendation{
		Code:  RecDiagnosis,
		Title: L.T("analysis.rec.diagnosis.title", "from", L.T("funnel."+weakest.From), "to", L.T("funnel."+weakest.To), "rate", L.Pct(weakest.Rate)),
		Message: L.T("analysis.rec.diagnosis."+diag, "from", L.T("funnel."+weakest.From), "to", L.T("funnel."+weakest.To),
			"rate", L.Pct(weakest.Rate)),
	}}}
}

// coreTest compares the test channels' share of spend with the stage's
// recommended test share (domain.md §1: 10–30% by stage). The 70/30
// core/test model of domain.md §4.3 is read as a ceiling: test spend above
// 100 − core_share_pct is always too much, whatever the stage. One target
// per report, so this never contradicts the mix comparison beside it.
func (s *state) coreTest() []candidate {
	core, test := s.rep.CoreTest[0], s.rep.CoreTest[1]
	total := core + test
	if total <= 0 {
		return nil
	}
	testPct := pctOf(test, total)
	ceiling := 100 - s.cfg.CoreSharePct
	target := ceiling
	if st, ok := s.cfg.Mix()[reports.RoleTest]; ok && st > 0 && st < ceiling {
		target = st
	}
	key := ""
	switch {
	case testPct > ceiling || testPct > target+s.cfg.MixGapPoints:
		key = "analysis.rec.core_test.less"
	case testPct < target-s.cfg.MixGapPoints:
		key = "analysis.rec.core_test.more"
	default:
		return nil
	}
	L := s.lang
	return []candidate{{4, abs(test - total.MulRatio(int64(target*100), 10000)), reports.Recommendation{
		Code:    RecCoreTest,
		Title:   L.T("analysis.rec.core_test.title", "core", limitPct(100-target), "test", limitPct(target)),
		Message: L.T(key, "test", L.Pct(testPct), "target", limitPct(target), "amount", L.Money(test)),
	}}}
}

func (s *state) unbudgetedRec() []candidate {
	r := s.rep
	if r.Unbudgeted < s.cfg.MinLineAmount || r.Unbudgeted <= 0 {
		return nil
	}
	L := s.lang
	var names []string
	for _, l := range r.UnbudgetedLines {
		names = append(names, subject(l.LineKey))
	}
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	return []candidate{{5, r.Unbudgeted, reports.Recommendation{
		Code:    RecUnbudgeted,
		Title:   L.T("analysis.rec.unbudgeted.title", "amount", L.Money(r.Unbudgeted)),
		Message: L.T("analysis.rec.unbudgeted", "amount", L.Money(r.Unbudgeted), "count", len(r.UnbudgetedLines), "lines", strings.Join(names, L.T("analysis.list_sep"))),
	}}}
}

// budgetTier names the budget-size tier of seed 001 §1.2.5 for an annual
// budget: near-zero below 500,000, small below 1,000,000, medium below
// 100,000,000, large from there.
func budgetTier(annual reports.Money) string {
	switch {
	case annual < 500_000*reports.Unit:
		return "zero"
	case annual < 1_000_000*reports.Unit:
		return "small"
	case annual < 100_000_000*reports.Unit:
		return "medium"
	}
	return "large"
}

func (s *state) stageContext() []candidate {
	L := s.lang
	stage := s.cfg.Stage
	var out []candidate
	ab := s.rep.Forecast.AnnualBudget
	tier := budgetTier(ab)
	out = append(out, candidate{6, 0, reports.Recommendation{
		Code:  RecStage,
		Title: L.T("analysis.rec.stage.title", "stage", L.T("stage."+stage)),
		Message: L.T("analysis.rec.stage."+stage, "stage", L.T("stage."+stage)) + " " +
			L.T("analysis.rec.tier."+tier, "budget", L.Money(ab)),
	}})
	if sit := s.cfg.Situation; sit != "" {
		out = append(out, candidate{7, 0, reports.Recommendation{
			Code:    RecSituation + "_" + sit,
			Title:   L.T("analysis.rec.situation." + sit + ".title"),
			Message: L.T("analysis.rec.situation." + sit),
		}})
	}
	return out
}

// landKey picks the land-on-budget sentence for one remaining month or
// several ("the last month" reads better than "the remaining 1 months").
func landKey(remaining int) string {
	if remaining == 1 {
		return "analysis.rec.land_on_budget.one"
	}
	return "analysis.rec.land_on_budget"
}
