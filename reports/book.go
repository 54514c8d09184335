package reports

import (
	"hash/fnv"
	"math"
	"math/bits"
	"slices"
	"sort"
)

// ActualKey is the grain at which actual spend is kept: one month of one
// category/channel/region. Campaign and vendor totals are kept beside it.
type ActualKey struct {
	LineKey
	Month Month
}

// BudgetKey is one month of one budget line.
type BudgetKey struct {
	LineKey
	Month Month
}

// FunnelKey is one month of one channel's funnel.
type FunnelKey struct {
	Channel string
	Region  string
	Month   Month
}

// BudgetInfo is what is known about a budget line apart from its amounts.
type BudgetInfo struct {
	Role    Role
	Project string
	Source  Source // first row that named the line
}

// Book aggregates everything read from the inputs. It implements Sink; its
// size grows with the number of distinct lines and months, never with the
// number of ledger rows. The zero Book is not usable; call NewBook.
type Book struct {
	Plan    map[BudgetKey]Money // budget per line-month
	Lines   map[LineKey]BudgetInfo
	Spend   map[ActualKey]Money // actual spend per line-month
	Entries map[ActualKey]int   // ledger rows per key
	// Largest is the largest single ledger row per key: a saturation
	// signal driven by one row (a one-off invoice) is not saturation.
	Largest map[ActualKey]Money
	// Events are the distinct campaigns (活动) per key: the events or
	// pieces of a [[channel]] with unit = "event" | "piece".
	Events map[ActualKey]*CampaignSet
	// Drivers are the DriverRows largest ledger rows per key by absolute
	// amount: what explains a line's variance (booth upgrade, credit note).
	Drivers  map[ActualKey]*TopRows
	Vendors  map[string]Money // spend per vendor, all months
	Campaign map[string]Money // spend per campaign/project, all months
	Funnels  map[FunnelKey]Funnel
	// Abs is the sum of the absolute amounts added (budgets, spend,
	// revenue), saturating at MaxInt64. While it stays within MaxTotal no
	// sum over the Book can overflow; the pipeline refuses a file that
	// would take it beyond.
	Abs Money
	// Original is the budget of the first plan version, per line-month,
	// for the fiscal years in which a later version is the one used; it
	// is empty when every fiscal year has one version.
	Original map[BudgetKey]Money
	// Versions lists the budget workbooks that are versions of one
	// fiscal year's plan (set by reports/inputs).
	Versions []BudgetVersion
	// Comments are the rows of commentary sheets, in the order read; the
	// pipeline replaces them with the ones analysis.Commentary keeps.
	Comments []Commentary
	// PriorYears are fiscal years whose actuals are read only as the
	// prior year (PY) of the next one: they have no budget, and the next
	// fiscal year has one and has actuals. No periods are reported for
	// them (set by reports/inputs).
	PriorYears map[int]bool
}

// NewBook returns an empty Book.
func NewBook() *Book {
	return &Book{
		Plan:     map[BudgetKey]Money{},
		Lines:    map[LineKey]BudgetInfo{},
		Spend:    map[ActualKey]Money{},
		Entries:  map[ActualKey]int{},
		Largest:  map[ActualKey]Money{},
		Events:   map[ActualKey]*CampaignSet{},
		Drivers:  map[ActualKey]*TopRows{},
		Vendors:  map[string]Money{},
		Campaign: map[string]Money{},
		Funnels:  map[FunnelKey]Funnel{},
		Original: map[BudgetKey]Money{},
	}
}

// Budget adds one budget line-month.
func (b *Book) Budget(l BudgetLine) {
	k := BudgetKey{l.LineKey, l.Month}
	b.Plan[k] += l.Amount
	b.Abs = satAdd(b.Abs, l.Amount.Abs())
	info, ok := b.Lines[l.LineKey]
	if !ok {
		info = BudgetInfo{Role: l.Role, Project: l.Project, Source: l.Source}
	} else if info.Role == RoleNone && l.Role != RoleNone {
		info.Role = l.Role
	}
	b.Lines[l.LineKey] = info
}

// Actual adds one ledger entry.
func (b *Book) Actual(e Entry) {
	k := e.key()
	var s tallyKey
	s.add(e)
	b.addKey(k, &s)
	if e.Campaign != "" {
		b.eventsOf(k, 1).add(CampaignHash(e.Campaign))
		b.Campaign[e.Campaign] += e.Amount
	}
	if e.Vendor != "" {
		b.Vendors[e.Vendor] += e.Amount
	}
	b.Abs = satAdd(b.Abs, e.Amount.Abs())
}

func (e *Entry) key() ActualKey {
	return ActualKey{LineKey{e.Category, e.Channel, e.Region}, MonthOf(e.Date)}
}

// Tally gathers ledger entries as Book.Actual adds them, with one map
// lookup per entry instead of one per aggregate (spend, rows, largest
// row, drivers, campaigns), and adds them to a Book with Into. A reader
// of a million-row ledger tallies into it. Both add an entry to a line-
// month with tallyKey.add and a line-month to the Book with Book.addKey,
// so they cannot add up differently. The zero Tally is empty and ready
// to use.
type Tally struct {
	keys    map[ActualKey]*tallyKey
	vendors map[string]Money
	// Campaigns by number, in the order met: a line-month's campaigns
	// are a set of numbers, cheaper to add to than a set of names.
	campID map[string]int32
	camps  []tallyCampaign
	abs    Money
}

// tallyCampaign is one campaign's name, its CampaignHash and spend.
type tallyCampaign struct {
	name  string
	hash  uint64
	spend Money
}

// CampaignSet is a set of campaigns (活动) by CampaignHash of the name,
// kept as a sorted slice: eight bytes a campaign. Book.Events only counts
// distinct campaigns and unites them across files, so the names are not
// kept: a million-row ledger's line-months meet thousands of campaigns
// each, and every file's Book is held until the inputs are combined — as
// maps of names they were two thirds of a file's Book, and memory grew by
// 11 MB with every ledger file of a 10M-row year. The names are in
// Drivers and Campaign. A set is never changed once it is in a Book that
// was handed on: Union makes a new one.
type CampaignSet struct{ ids []uint64 }

// Len is the number of distinct campaigns; 0 for a nil set.
func (c *CampaignSet) Len() int {
	if c == nil {
		return 0
	}
	return len(c.ids)
}

// IDs returns the campaigns' hashes in ascending order (do not modify).
func (c *CampaignSet) IDs() []uint64 {
	if c == nil {
		return nil
	}
	return c.ids
}

// add adds campaign hash h.
func (c *CampaignSet) add(h uint64) {
	i, found := slices.BinarySearch(c.ids, h)
	if !found {
		c.ids = slices.Insert(c.ids, i, h)
	}
}

// Union returns a new set holding the campaigns of c and o.
func (c *CampaignSet) Union(o *CampaignSet) *CampaignSet {
	a, b := c.IDs(), o.IDs()
	out := make([]uint64, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	out = append(append(out, a...), b...)
	return &CampaignSet{ids: slices.Clip(out)}
}

// CampaignHash is the 64-bit FNV-1a hash of a campaign name. Two names
// collide with a probability of about n²/2⁶⁵: nil for the thousands of
// campaigns a line-month holds.
func CampaignHash(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// tallyKey is what one line-month gathers.
type tallyKey struct {
	spend   Money
	entries int
	largest Money // the largest amount above zero, else 0 (Book.Largest's rule)
	drivers TopRows
	events  campSet // campaigns by number (Tally only)
}

// campSet is a set of campaign numbers: a map while it holds few of the
// campaigns met so far, a bitset (one bit per campaign) once that is
// smaller — a line-month of a large ledger meets many campaigns, and
// setting a bit costs a fraction of a map insert. It goes back to a map
// when the bitset would outgrow 16 bytes a member, so memory stays
// proportional to the members whatever the numbers.
type campSet struct {
	small map[int32]struct{}
	bits  []uint64
	n     int // members
}

// add adds campaign id; all is the number of campaigns met so far.
func (c *campSet) add(id int32, all int) {
	w := int(id >> 6)
	if c.bits != nil {
		if w >= len(c.bits) {
			if (w+1)*64 > 128*(c.n+1) {
				c.toMap()
				c.add(id, all)
				return
			}
			c.bits = append(c.bits, make([]uint64, w+1-len(c.bits))...)
		}
		if bit := uint64(1) << (id & 63); c.bits[w]&bit == 0 {
			c.bits[w] |= bit
			c.n++
		}
		return
	}
	if c.small == nil {
		c.small = map[int32]struct{}{}
	}
	c.small[id] = struct{}{}
	c.n = len(c.small)
	if c.n*64 >= all {
		c.bits = make([]uint64, (all+63)/64)
		for id := range c.small {
			c.bits[id>>6] |= 1 << (id & 63)
		}
		c.small = nil
	}
}

func (c *campSet) toMap() {
	c.small = make(map[int32]struct{}, c.n)
	c.each(func(id int32) { c.small[id] = struct{}{} })
	c.bits = nil
}

// each calls f for every member.
func (c *campSet) each(f func(int32)) {
	for id := range c.small {
		f(id)
	}
	for w, word := range c.bits {
		for ; word != 0; word &= word - 1 {
			f(int32(w*64 + bits.TrailingZeros64(word)))
		}
	}
}

// add adds an entry's amount, row count, largest row and driver.
func (s *tallyKey) add(e Entry) {
	s.spend += e.Amount
	s.entries++
	if e.Amount > s.largest {
		s.largest = e.Amount
	}
	s.drivers.N = DriverRows
	s.drivers.Add(Driver{Date: e.Date, Vendor: e.Vendor, Campaign: e.Campaign, Comment: e.Comment, Amount: e.Amount, Source: e.Source})
}

// addKey adds what a line-month gathered but its campaigns.
func (b *Book) addKey(k ActualKey, s *tallyKey) {
	b.Spend[k] += s.spend
	b.Entries[k] += s.entries
	if s.largest > b.Largest[k] {
		b.Largest[k] = s.largest
	}
	b.driversOf(k).Merge(&s.drivers)
}

// eventsOf returns the key's campaign set, creating it with room for n.
func (b *Book) eventsOf(k ActualKey, n int) *CampaignSet {
	set := b.Events[k]
	if set == nil {
		set = &CampaignSet{ids: make([]uint64, 0, n)}
		b.Events[k] = set
	}
	return set
}

// Actual adds one ledger entry.
func (t *Tally) Actual(e Entry) {
	if t.keys == nil {
		t.keys = map[ActualKey]*tallyKey{}
		t.vendors = map[string]Money{}
		t.campID = map[string]int32{}
	}
	k := e.key()
	s := t.keys[k]
	if s == nil {
		s = &tallyKey{}
		t.keys[k] = s
	}
	s.add(e)
	if e.Campaign != "" {
		id, ok := t.campID[e.Campaign]
		if !ok {
			id = int32(len(t.camps))
			t.campID[e.Campaign] = id
			t.camps = append(t.camps, tallyCampaign{name: e.Campaign, hash: CampaignHash(e.Campaign)})
		}
		t.camps[id].spend += e.Amount
		s.events.add(id, len(t.camps))
	}
	if e.Vendor != "" {
		t.vendors[e.Vendor] += e.Amount
	}
	t.abs = satAdd(t.abs, e.Amount.Abs())
}

// Into adds everything tallied to b and empties the tally.
func (t *Tally) Into(b *Book) {
	for k, s := range t.keys {
		b.addKey(k, s)
		if s.events.n > 0 {
			set := b.eventsOf(k, s.events.n)
			if set.Len() == 0 {
				// The usual case: a fresh key, filled in one go.
				s.events.each(func(id int32) { set.ids = append(set.ids, t.camps[id].hash) })
				slices.Sort(set.ids)
				set.ids = slices.Compact(set.ids)
			} else {
				s.events.each(func(id int32) { set.add(t.camps[id].hash) })
			}
		}
	}
	for v, m := range t.vendors {
		b.Vendors[v] += m
	}
	for _, c := range t.camps {
		b.Campaign[c.name] += c.spend
	}
	b.Abs = satAdd(b.Abs, t.abs)
	*t = Tally{}
}

// driversOf returns the key's top-rows tracker, creating it.
func (b *Book) driversOf(k ActualKey) *TopRows {
	if b.Drivers == nil {
		b.Drivers = map[ActualKey]*TopRows{}
	}
	t := b.Drivers[k]
	if t == nil {
		t = &TopRows{N: DriverRows}
		b.Drivers[k] = t
	}
	return t
}

// FunnelRow adds one funnel row.
func (b *Book) FunnelRow(r FunnelRow) {
	k := FunnelKey{r.Channel, r.Region, r.Month}
	b.Funnels[k] = b.Funnels[k].Add(r.Funnel)
	b.Abs = satAdd(b.Abs, r.Funnel.Revenue.Abs())
}

// satAdd adds two non-negative amounts, saturating at MaxInt64.
func satAdd(a, b Money) Money {
	if s, ok := a.AddOK(b); ok {
		return s
	}
	return math.MaxInt64
}

// ActualMonths returns every month that has actual spend or funnel results,
// in order.
func (b *Book) ActualMonths() []Month {
	seen := map[Month]bool{}
	for k := range b.Spend {
		seen[k.Month] = true
	}
	for k := range b.Funnels {
		seen[k.Month] = true
	}
	return sortedMonths(seen)
}

// BudgetMonths returns every month that has a budget, in order.
func (b *Book) BudgetMonths() []Month {
	seen := map[Month]bool{}
	for k := range b.Plan {
		seen[k.Month] = true
	}
	return sortedMonths(seen)
}

func sortedMonths(seen map[Month]bool) []Month {
	out := make([]Month, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// Merge adds everything in o to b. The pipeline reads each file into a
// Book of its own and merges it only when the file was read whole, so a
// workbook found damaged half-way contributes nothing.
func (b *Book) Merge(o *Book) {
	b.Abs = satAdd(b.Abs, o.Abs)
	for k, v := range o.Plan {
		b.Plan[k] += v
	}
	for k, info := range o.Lines {
		cur, ok := b.Lines[k]
		switch {
		case !ok:
			b.Lines[k] = info
		case cur.Role == RoleNone && info.Role != RoleNone:
			cur.Role = info.Role
			b.Lines[k] = cur
		}
	}
	for k, v := range o.Spend {
		b.Spend[k] += v
	}
	for k, v := range o.Entries {
		b.Entries[k] += v
	}
	for k, v := range o.Largest {
		if v > b.Largest[k] {
			b.Largest[k] = v
		}
	}
	for k, t := range o.Drivers {
		b.driversOf(k).Merge(t)
	}
	for k, set := range o.Events {
		b.Events[k] = b.Events[k].Union(set)
	}
	for k, v := range o.Vendors {
		b.Vendors[k] += v
	}
	for k, v := range o.Campaign {
		b.Campaign[k] += v
	}
	for k, f := range o.Funnels {
		b.Funnels[k] = b.Funnels[k].Add(f)
	}
	for _, c := range o.Comments {
		b.Comment(c)
	}
}
