package analysis

import (
	"math"

	"github.com/budgetlens/budgetlens/reports"
)

// StageMix compares actual spend per role with the recommended shares (in
// percent) of the company's stage (domain.md §1). Shares are of the total of
// all spend given, including spend without a role; the roles are listed in
// reports.Roles order, followed by RoleNone when it has spend. Gap is the
// money a role is over (+) or under (−) its recommended share of the total;
// spend without a role is shown but not compared (RecommendedPct and Gap 0).
func StageMix(spend map[reports.Role]reports.Money, recommended map[reports.Role]float64) []reports.MixShare {
	var total reports.Money
	for _, v := range spend {
		total += v
	}
	var out []reports.MixShare
	for _, role := range reports.Roles {
		rec := recommended[role]
		ms := reports.MixShare{Role: role, Actual: spend[role], RecommendedPct: rec}
		ms.ActualPct = pctOf(ms.Actual, total)
		ms.Gap = ms.Actual - total.MulRatio(int64(math.Round(rec*100)), 10000)
		out = append(out, ms)
	}
	if v := spend[reports.RoleNone]; v != 0 {
		out = append(out, reports.MixShare{Role: reports.RoleNone, Actual: v, ActualPct: pctOf(v, total)})
	}
	return out
}

// mix fills Report.Mix and Report.CoreTest.
func (s *state) mix() {
	r := s.rep
	r.Mix = StageMix(s.roleAmt, s.cfg.Mix())
	for role, v := range s.roleAmt {
		if role == reports.RoleTest {
			r.CoreTest[1] += v
		} else {
			r.CoreTest[0] += v
		}
	}
}
