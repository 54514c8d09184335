package analysis

import (
	"testing"

	"github.com/budgetlens/budgetlens/reports"
)

// TestStageMixAtRupiahScale: an Indonesian company spending ~558 bn IDR a
// year. 558 bn × 4500 basis points overflowed int64 and turned a −23.2 bn
// gap into a positive one; the gaps must be exact.
func TestStageMixAtRupiahScale(t *testing.T) {
	bn := func(v int64) reports.Money { return reports.Money(v) * 1_000_000_000 * reports.Unit }
	spend := map[reports.Role]reports.Money{
		reports.RoleConsideration: bn(300),
		reports.RoleAwareness:     bn(200),
		reports.RoleTest:          bn(58),
	}
	rec := map[reports.Role]float64{
		reports.RoleConsideration: 45, reports.RoleAwareness: 40, reports.RoleCustomer: 0, reports.RoleTest: 15,
	}
	want := map[reports.Role]reports.Money{
		reports.RoleConsideration: bn(300) - bn(2511)/10, // 300 − 251.1
		reports.RoleAwareness:     bn(200) - bn(2232)/10, // 200 − 223.2
		reports.RoleCustomer:      0,
		reports.RoleTest:          bn(58) - bn(837)/10, // 58 − 83.7
	}
	for _, ms := range StageMix(spend, rec) {
		if w, ok := want[ms.Role]; ok && ms.Gap != w {
			t.Errorf("%s gap = %s, want %s", ms.Role, ms.Gap, w)
		}
	}
}
