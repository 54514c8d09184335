package reports

import (
	"strings"
	"testing"
	"time"
)

func TestTopRows(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	row := func(d int, amount int64, vendor string, n int) Driver {
		return Driver{Date: day(d), Vendor: vendor, Amount: Money(amount) * 10000, Source: Source{File: "a.xlsx", Sheet: "S", Row: n}}
	}
	names := func(rows []Driver) string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Vendor)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		name string
		n    int
		in   []Driver
		want string
	}{
		{"empty", 3, nil, ""},
		{"fewer than n kept in order", 3, []Driver{row(1, 10, "a", 2), row(2, 30, "b", 3)}, "b,a"},
		{"bounded to n", 3, []Driver{row(1, 10, "a", 2), row(2, 30, "b", 3), row(3, 20, "c", 4), row(4, 5, "d", 5), row(5, 40, "e", 6)}, "e,b,c"},
		{"negative by absolute size", 2, []Driver{row(1, 10, "a", 2), row(2, -18600, "credit", 3), row(3, 500, "b", 4)}, "credit,b"},
		{"small negative loses to larger positive", 1, []Driver{row(1, -10, "credit", 2), row(2, 11, "b", 3)}, "b"},
		{"tie: earlier date first", 2, []Driver{row(9, 10, "late", 2), row(1, 10, "early", 3), row(5, 10, "mid", 4)}, "early,mid"},
		{"tie: same date, earlier row first", 2, []Driver{row(1, 10, "r9", 9), row(1, 10, "r3", 3), row(1, 10, "r5", 5)}, "r3,r5"},
		{"tie: same size, positive before negative", 2, []Driver{row(1, -10, "neg", 2), row(1, 10, "pos", 2)}, "pos,neg"},
		{"n zero keeps nothing", 0, []Driver{row(1, 10, "a", 2)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := TopRows{N: tc.n}
			for _, d := range tc.in {
				tr.Add(d)
			}
			if got := names(tr.Rows); got != tc.want {
				t.Errorf("kept %q, want %q", got, tc.want)
			}
			if len(tr.Rows) > tc.n {
				t.Errorf("kept %d rows, more than %d", len(tr.Rows), tc.n)
			}
			// The rows kept do not depend on the order they came in.
			rev := TopRows{N: tc.n}
			for i := len(tc.in) - 1; i >= 0; i-- {
				rev.Add(tc.in[i])
			}
			if got := names(rev.Rows); got != tc.want {
				t.Errorf("in reverse order kept %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTopRowsClipsComments(t *testing.T) {
	tr := TopRows{N: 1}
	tr.Add(Driver{Amount: 1, Comment: strings.Repeat("说", MaxCommentRunes+50)})
	if n := len([]rune(tr.Rows[0].Comment)); n != MaxCommentRunes {
		t.Errorf("comment of %d runes kept, want %d", n, MaxCommentRunes)
	}
}

func TestBookDriversMerge(t *testing.T) {
	// Two files read apart and merged keep the same rows as one read whole.
	entry := func(file string, row int, amount int64) Entry {
		return Entry{Date: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), Category: "Events", Channel: "Expo",
			Vendor: file, Amount: Money(amount) * 10000, Source: Source{File: file, Sheet: "S", Row: row}}
	}
	whole, a, b := NewBook(), NewBook(), NewBook()
	for i, amt := range []int64{5, 372000, -18600, 7, 90000} {
		e := entry("a.xlsx", i+2, amt)
		whole.Actual(e)
		a.Actual(e)
	}
	for i, amt := range []int64{100000, 3} {
		e := entry("b.xlsx", i+2, amt)
		whole.Actual(e)
		b.Actual(e)
	}
	a.Merge(b)
	k := ActualKey{LineKey{"Events", "Expo", ""}, MonthOf(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))}
	var got, want []Money
	for _, d := range a.Drivers[k].Rows {
		got = append(got, d.Amount)
	}
	for _, d := range whole.Drivers[k].Rows {
		want = append(want, d.Amount)
	}
	if len(got) != DriverRows || len(want) != DriverRows {
		t.Fatalf("kept %d and %d rows, want %d", len(got), len(want), DriverRows)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("merged row %d = %s, read whole %s", i, got[i], want[i])
		}
	}
	if want[0] != 372000*10000 || want[1] != 100000*10000 || want[2] != 90000*10000 {
		t.Errorf("kept %v", want)
	}
}
