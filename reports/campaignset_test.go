package reports

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestCampaignSet checks the set against a map of names: adding in any
// order, duplicates, and Union leaving both operands as they were.
func TestCampaignSet(t *testing.T) {
	names := func(prefix string, n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("%s %d", prefix, i%(n/2+1)))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		a, b []string
	}{
		{"empty", nil, nil},
		{"one side", names("春季峰会", 7), nil},
		{"overlap", names("Webinar", 40), names("Webinar", 60)},
		{"disjoint", names("A", 30), names("B", 30)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a, b CampaignSet
			want := map[string]bool{}
			for _, n := range tc.a {
				a.add(CampaignHash(n))
				want[n] = true
			}
			wantA := len(want)
			for _, n := range tc.b {
				b.add(CampaignHash(n))
				want[n] = true
			}
			before := slices.Clone(a.IDs())
			u := a.Union(&b)
			if u.Len() != len(want) {
				t.Errorf("union has %d campaigns, want %d", u.Len(), len(want))
			}
			if a.Len() != wantA || !slices.Equal(a.IDs(), before) {
				t.Errorf("Union changed its receiver")
			}
			if !slices.IsSorted(u.IDs()) || len(slices.Compact(slices.Clone(u.IDs()))) != u.Len() {
				t.Errorf("union is not sorted and distinct: %v", u.IDs())
			}
		})
	}
	var nilSet *CampaignSet
	if nilSet.Len() != 0 || nilSet.Union(nil).Len() != 0 {
		t.Error("a nil set is empty")
	}
}

// TestTallyEventsEqualActual counts campaigns the same way whether the
// entries go through a Tally or straight to Book.Actual.
func TestTallyEventsEqualActual(t *testing.T) {
	direct, tallied := NewBook(), NewBook()
	var tl Tally
	for i := range 500 {
		e := Entry{Date: time.Date(2026, time.Month(1+i%3), 1+i%28, 0, 0, 0, 0, time.UTC), Category: "Events", Channel: "Expo", Campaign: fmt.Sprintf("c%d", i%37), Amount: Unit}
		direct.Actual(e)
		tl.Actual(e)
		if i == 250 {
			tl.Into(tallied) // a second Into adds to the sets the first made
		}
	}
	tl.Into(tallied)
	if len(direct.Events) != 3 || len(tallied.Events) != 3 {
		t.Fatalf("keys: direct %d, tallied %d, want 3", len(direct.Events), len(tallied.Events))
	}
	for k, set := range direct.Events {
		if !slices.Equal(set.IDs(), tallied.Events[k].IDs()) || set.Len() != 37 {
			t.Errorf("%v: direct %d campaigns, tallied %d, want 37 each", k, set.Len(), tallied.Events[k].Len())
		}
	}
}
