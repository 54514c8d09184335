package reports

import (
	"reflect"
	"testing"
	"time"
)

// TestMergeEqualsDirect checks that reading two files into their own Books
// and merging gives the same Book as reading both into one.
func TestMergeEqualsDirect(t *testing.T) {
	m := Month{2026, time.March}
	lines := []BudgetLine{
		{LineKey: LineKey{"Ads", "SEM", ""}, Month: m, Amount: 100 * Unit, Source: Source{Row: 3}},
		{LineKey: LineKey{"Ads", "SEM", ""}, Role: RoleConsideration, Month: m, Amount: 50 * Unit, Source: Source{Row: 9}},
	}
	entries := []Entry{
		{Date: m.First(), Category: "Ads", Channel: "SEM", Vendor: "Baidu", Campaign: "Q1", Amount: 70 * Unit},
		{Date: m.First(), Category: "Ads", Channel: "SEM", Vendor: "Baidu", Amount: -5 * Unit},
	}
	funnels := []FunnelRow{{Month: m, Channel: "SEM", Funnel: Funnel{Leads: 10, Won: 1, Revenue: 9 * Unit}}, {Month: m, Channel: "SEM", Funnel: Funnel{Leads: 5}}}

	direct := NewBook()
	a, b := NewBook(), NewBook()
	for i, l := range lines {
		direct.Budget(l)
		[]*Book{a, b}[i].Budget(l)
	}
	for i, e := range entries {
		direct.Actual(e)
		[]*Book{a, b}[i].Actual(e)
	}
	for i, f := range funnels {
		direct.FunnelRow(f)
		[]*Book{a, b}[i].FunnelRow(f)
	}
	merged := NewBook()
	merged.Merge(a)
	merged.Merge(b)
	if !reflect.DeepEqual(merged, direct) {
		t.Errorf("merged book differs from the direct one:\n got %+v\nwant %+v", merged, direct)
	}
}
