package reports

import "time"

// DriverRows is how many ledger rows the Book keeps per line-month as the
// rows behind a variance: the largest by absolute amount.
const DriverRows = 3

// MaxCommentRunes bounds the comment kept with a driver row, so a ledger
// with essays in its notes column cannot grow the Book.
const MaxCommentRunes = 200

// Driver is one ledger row kept as a candidate explanation of a line's
// variance: the date, who was paid for what, the amount and the row's
// comment (备注 / 说明 / Comment / Notes, else the ERP memo 摘要).
type Driver struct {
	Date     time.Time
	Vendor   string
	Campaign string
	Comment  string
	Amount   Money
	Source   Source
}

// driverBefore orders drivers largest first by absolute amount; ties go to
// the earlier date, then the file, sheet and row, then the texts, so the
// rows kept never depend on the order files were read or merged in.
func driverBefore(a, b Driver) bool {
	aa, ba := a.Amount.Abs(), b.Amount.Abs()
	if aa != ba {
		return aa > ba
	}
	if !a.Date.Equal(b.Date) {
		return a.Date.Before(b.Date)
	}
	if a.Source.File != b.Source.File {
		return a.Source.File < b.Source.File
	}
	if a.Source.Sheet != b.Source.Sheet {
		return a.Source.Sheet < b.Source.Sheet
	}
	if a.Source.Row != b.Source.Row {
		return a.Source.Row < b.Source.Row
	}
	if a.Amount != b.Amount {
		return a.Amount > b.Amount
	}
	if a.Vendor != b.Vendor {
		return a.Vendor < b.Vendor
	}
	if a.Campaign != b.Campaign {
		return a.Campaign < b.Campaign
	}
	return a.Comment < b.Comment
}

// TopRows keeps the N largest rows by absolute amount, largest first. It
// holds at most N rows whatever is added, so memory stays bounded by the
// number of line-months, never the number of ledger rows.
type TopRows struct {
	N    int
	Rows []Driver
}

// Add offers one row; it is kept when it is among the N largest so far.
func (t *TopRows) Add(d Driver) {
	if t.N <= 0 {
		return
	}
	d.Comment = clipRunes(d.Comment, MaxCommentRunes)
	if len(t.Rows) == t.N && !driverBefore(d, t.Rows[len(t.Rows)-1]) {
		return
	}
	i := len(t.Rows)
	for i > 0 && driverBefore(d, t.Rows[i-1]) {
		i--
	}
	if len(t.Rows) < t.N {
		t.Rows = append(t.Rows, Driver{})
	}
	copy(t.Rows[i+1:], t.Rows[i:len(t.Rows)-1])
	t.Rows[i] = d
}

// Merge offers every row of o.
func (t *TopRows) Merge(o *TopRows) {
	if o == nil {
		return
	}
	for _, d := range o.Rows {
		t.Add(d)
	}
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// LineDrivers are the ledger rows behind one line's material variance in a
// period: the DriverRows largest by absolute amount over the period's
// months, largest first.
type LineDrivers struct {
	LineKey
	Unbudgeted bool
	Variance   Money
	Rows       []Driver
}
