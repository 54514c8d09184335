package analysis

import (
	"math"
	"sort"

	"github.com/budgetlens/budgetlens/reports"
)

// Economics returns the funnel economics of one channel ("" for the total)
// with spend and funnel counts over the same scope (domain.md §4–5):
//
//   - conversion per stage = next / previous, over leads → MQL → SQL →
//     opportunities → POC → won; when POC is zero but deals were won, POC is
//     taken as not tracked and opportunities convert straight to won;
//   - unit costs: cpl, cost_per_mql, cost_per_sql, cost_per_opp and cac =
//     spend / count, exact to a ten-thousandth;
//   - ROAS = revenue / cost, ROI = (revenue − cost) / cost and
//     CostToRevenue = cost / revenue. Seed 000's "ROI" is the last one.
//     A channel with no funnel results at all (a CRM licence, a sales
//     toolkit) has its returns untracked, not zero: the OK flags stay false
//     and reports show "n/a" instead of "0.00×".
func Economics(channel string, f reports.Funnel, spend reports.Money) reports.FunnelStats {
	return EconomicsPOC(channel, f, spend, f.POC > 0 || f.Won == 0)
}

// EconomicsPOC is Economics with the POC stage decided by the caller:
// whether a company tracks POC is decided once per company (any POC value
// in its funnel rows), not per channel and month, so every channel of a
// report has the same 5- or 6-stage funnel. Without POC, opportunities
// convert straight to won ("opportunities → won 0%", not "→ POC 0%").
func EconomicsPOC(channel string, f reports.Funnel, spend reports.Money, poc bool) reports.FunnelStats {
	st := reports.FunnelStats{Channel: channel, Funnel: f, Spend: spend}
	type stage struct {
		code string
		n    int64
	}
	stages := []stage{{"leads", f.Leads}, {"mql", f.MQL}, {"sql", f.SQL}, {"opps", f.Opps}, {"poc", f.POC}, {"won", f.Won}}
	if !poc {
		stages = append(stages[:4], stage{"won", f.Won})
	}
	for i := 1; i < len(stages); i++ {
		c := reports.StageConversion{From: stages[i-1].code, To: stages[i].code}
		if stages[i-1].n > 0 {
			c.Rate = float64(stages[i].n) / float64(stages[i-1].n) * 100
			c.OK = true
		}
		st.Conversions = append(st.Conversions, c)
	}
	for _, u := range []stage{{"cpl", f.Leads}, {"cost_per_mql", f.MQL}, {"cost_per_sql", f.SQL}, {"cost_per_opp", f.Opps}, {"cac", f.Won}} {
		st.UnitCosts = append(st.UnitCosts, unitCost(u.code, spend, u.n))
	}
	if f.IsZero() {
		return st
	}
	if spend != 0 {
		st.ROAS = float64(f.Revenue) / float64(spend)
		st.ROI = float64(f.Revenue-spend) / float64(spend)
		st.ROASOK, st.ROIOK = true, true
	}
	if f.Revenue != 0 {
		st.CostToRevenue = float64(spend) / float64(f.Revenue)
		st.CostToRevenueOK = true
	}
	return st
}

func unitCost(code string, spend reports.Money, n int64) reports.UnitCost {
	if n <= 0 {
		return reports.UnitCost{Code: code}
	}
	return reports.UnitCost{Code: code, Cost: spend.MulRatio(1, n), OK: true}
}

// Cascade returns the count left after top passes through stages with the
// given conversion rates (seed 004: 10,000,000 impressions through seven
// stages at 20% leave 128 won deals).
func Cascade(top float64, rates ...float64) float64 {
	v := top
	for _, r := range rates {
		v *= r
	}
	return v
}

// cost returns the unit cost of code in st.
func cost(st reports.FunnelStats, code string) (reports.Money, bool) {
	for _, u := range st.UnitCosts {
		if u.Code == code {
			return u.Cost, u.OK
		}
	}
	return 0, false
}

// funnels fills Report.Funnel and Report.Channels (by spend, descending).
func (s *state) funnels() {
	r := s.rep
	keys := map[string]bool{}
	for ch, ms := range s.chSpend {
		for m := range ms {
			if s.inScope(m) {
				keys[ch] = true
			}
		}
	}
	for ch, ms := range s.chFunnel {
		for m, f := range ms {
			if s.inScope(m) && !f.IsZero() {
				keys[ch] = true
			}
		}
	}
	var total reports.Funnel
	for ch := range keys {
		var f reports.Funnel
		var sp reports.Money
		for _, m := range s.scope {
			f = f.Add(s.chFunnel[ch][m])
			sp += s.chSpend[ch][m]
		}
		total = total.Add(f)
		if sp == 0 && f.IsZero() {
			continue
		}
		r.Channels = append(r.Channels, EconomicsPOC(s.m.channelName(ch), f, sp, s.tracksPOC()))
	}
	sort.Slice(r.Channels, func(i, j int) bool {
		a, b := r.Channels[i], r.Channels[j]
		if a.Spend != b.Spend {
			return a.Spend > b.Spend
		}
		return a.Channel < b.Channel
	})
	r.Funnel = EconomicsPOC("", total, r.Totals.Actual, s.tracksPOC())
	for _, loop := range []string{"acquisition", "attribution", "nurturing"} {
		if amt, ok := s.loopAmt[loop]; ok {
			r.LoopCosts = append(r.LoopCosts, unitCost(loop, amt, total.Leads))
		}
	}
}

// channelKeyOf returns the canonical key of a channel display name.
func (s *state) channelKeyOf(name string) string {
	k, _ := s.m.canon(name)
	return k
}

// pctOf returns part/whole × 100, or 0 when whole is zero.
func pctOf(part, whole reports.Money) float64 {
	v, _ := reports.Pct(part, whole)
	return v
}

// growth returns (b − a) / a × 100 and false when a is not positive.
func growth(a, b float64) (float64, bool) {
	if a <= 0 {
		return 0, false
	}
	return (b - a) / a * 100, true
}

func round(v float64) float64 { return math.Round(v*10) / 10 }

// tracksPOC reports whether the company tracks POC: any funnel row of the
// book, any month, has a POC value.
func (s *state) tracksPOC() bool {
	if s.poc == nil {
		v := false
		for _, f := range s.in.Book.Funnels {
			if f.POC != 0 {
				v = true
				break
			}
		}
		s.poc = &v
	}
	return *s.poc
}
