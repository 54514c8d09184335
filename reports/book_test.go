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

// TestTallyEqualsActual checks that entries tallied and added with Into
// give the same Book as the same entries added one by one, into an empty
// Book and into one that already holds some: negative amounts, ties for
// the driver rows, blank and repeated vendors and campaigns, long comments.
func TestTallyEqualsActual(t *testing.T) {
	cats, chans, regions := []string{"Ads", "Events"}, []string{"SEM", "Social", "Trade show"}, []string{"", "East"}
	names := []string{"", "Baidu", "Meta", "Expo Co"}
	long := string(make([]rune, 300))
	var entries []Entry
	seed := uint64(7)
	next := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	for i := range 2000 {
		m := Month{2026, time.Month(1 + next(3))}
		e := Entry{Date: m.First().AddDate(0, 0, next(28)), Category: cats[next(2)], Channel: chans[next(3)], Region: regions[next(2)],
			Vendor: names[next(4)], Campaign: names[next(4)], Amount: Money(next(2001)-500) * Unit / 4,
			Source: Source{File: "a.xlsx", Sheet: "S", Row: i + 2}}
		if next(10) == 0 {
			e.Comment = long
		}
		entries = append(entries, e)
	}
	for _, pre := range []int{0, 300} {
		direct, tallied := NewBook(), NewBook()
		for _, e := range entries[:pre] {
			direct.Actual(e)
			tallied.Actual(e)
		}
		var tl Tally
		for _, e := range entries[pre:] {
			direct.Actual(e)
			tl.Actual(e)
		}
		tl.Into(tallied)
		if !reflect.DeepEqual(direct, tallied) {
			t.Errorf("%d entries added before the tally: the tallied Book differs from the one added entry by entry", pre)
		}
		var empty Tally
		if !reflect.DeepEqual(tl, empty) {
			t.Error("Into left the tally non-empty")
		}
	}
}

// TestCampSet checks the campaign set against a map through its changes
// of form: few members among many campaigns (a map), many (a bitset), and
// a bitset meeting a far larger number (back to a map).
func TestCampSet(t *testing.T) {
	seed := uint64(3)
	next := func(n int) int32 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int32(int(seed>>33) % n)
	}
	for _, tc := range []struct {
		name string
		ids  func(i int) int32
	}{
		{"dense", func(i int) int32 { return next(100) }},
		{"sparse", func(i int) int32 { return next(1 << 20) }},
		{"dense then far", func(i int) int32 {
			if i < 500 {
				return next(64)
			}
			return 1<<20 + next(1<<10)
		}},
		{"growing", func(i int) int32 { return int32(i) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c campSet
			want := map[int32]bool{}
			all := 0
			forms := map[string]bool{}
			for i := range 3000 {
				id := tc.ids(i)
				all = max(all, int(id)+1)
				c.add(id, all)
				want[id] = true
				forms[map[bool]string{true: "bits", false: "map"}[c.bits != nil]] = true
				if c.n != len(want) {
					t.Fatalf("after %d adds: %d members, want %d", i+1, c.n, len(want))
				}
			}
			got := map[int32]bool{}
			c.each(func(id int32) {
				if got[id] {
					t.Errorf("member %d listed twice", id)
				}
				got[id] = true
			})
			if !reflect.DeepEqual(got, want) {
				t.Errorf("members differ: got %d, want %d", len(got), len(want))
			}
			if c.bits != nil && len(c.bits)*64 > 128*(c.n+1) {
				t.Errorf("bitset of %d words for %d members", len(c.bits), c.n)
			}
			t.Logf("forms: %v", forms)
		})
	}
}
