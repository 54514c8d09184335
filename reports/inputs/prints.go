package inputs

import (
	"strings"

	"github.com/budgetlens/budgetlens/reports"
)

// maxPrints bounds the fingerprints kept per file: 65,536 entries (about
// 2 MB) whatever the ledger's size.
const maxPrints = 1 << 16

// Recorder is the reports.Sink one input file is read into: it passes
// every row to a Book of the file's own and keeps a bounded sample of the
// ledger rows' fingerprints, so a later file can be recognised as a
// correction of this one without keeping the rows.
type Recorder struct {
	Book   *reports.Book
	prints prints
}

// NewRecorder returns a Recorder with an empty Book.
func NewRecorder() *Recorder { return &Recorder{Book: reports.NewBook()} }

// Budget passes a budget line on.
func (r *Recorder) Budget(l reports.BudgetLine) { r.Book.Budget(l) }

// Actual passes a ledger entry on and records its fingerprint.
func (r *Recorder) Actual(e reports.Entry) {
	r.Book.Actual(e)
	r.prints.add(Fingerprint(e), reports.MonthOf(e.Date))
}

// FunnelRow passes a funnel row on.
func (r *Recorder) FunnelRow(f reports.FunnelRow) { r.Book.FunnelRow(f) }

// Fingerprint identifies a ledger row by its date, channel, amount and
// vendor — what stays the same when a user re-saves or corrects a ledger
// (category spellings and campaign notes are what people edit). The
// names are compared as written, without surrounding space.
func Fingerprint(e reports.Entry) uint64 {
	h := uint64(14695981039346656037) // FNV-1a
	mix := func(b byte) {
		h ^= uint64(b)
		h *= 1099511628211
	}
	y, m, d := e.Date.Date()
	for _, v := range []int{y, int(m), d} {
		mix(byte(v >> 8))
		mix(byte(v))
	}
	for _, c := range []byte(strings.TrimSpace(e.Channel)) {
		mix(c)
	}
	mix(0)
	a := uint64(e.Amount)
	for i := 0; i < 8; i++ {
		mix(byte(a >> (8 * i)))
	}
	for _, c := range []byte(strings.TrimSpace(e.Vendor)) {
		mix(c)
	}
	// splitmix64's finaliser spreads FNV's bits evenly, so sampling by the
	// low bits keeps an unbiased share of the rows.
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// sample is how often one fingerprint occurs in a file, and its month.
type sample struct {
	count uint32
	month int32 // reports.Month.Index
}

// prints is a hash-sampled multiset of row fingerprints: it holds every
// fingerprint whose low level bits are zero. When it grows past maxPrints
// the level goes up and half the entries go. Two files are compared at
// the higher of their levels, so both sides hold the same slice of
// fingerprints and the counts are exact within it.
type prints struct {
	level uint
	m     map[uint64]sample
}

func (p *prints) add(h uint64, m reports.Month) {
	if h&(uint64(1)<<p.level-1) != 0 {
		return
	}
	if p.m == nil {
		p.m = map[uint64]sample{}
	}
	s := p.m[h]
	s.count++
	s.month = int32(m.Index())
	p.m[h] = s
	for len(p.m) > maxPrints {
		p.level++
		mask := uint64(1)<<p.level - 1
		for k := range p.m {
			if k&mask != 0 {
				delete(p.m, k)
			}
		}
	}
}

// overlap returns the share of identical rows of a and b in the given
// months: the rows the two files have in common (as a multiset) divided
// by the row count of the larger of the two, within the sampled slice.
func overlap(a, b *prints, months map[reports.Month]bool) float64 {
	level := max(a.level, b.level)
	mask := uint64(1)<<level - 1
	in := func(s sample) bool { return months[reports.MonthFromIndex(int(s.month))] }
	var na, nb, common uint64
	for h, s := range a.m {
		if h&mask != 0 || !in(s) {
			continue
		}
		na += uint64(s.count)
		if t, ok := b.m[h]; ok {
			common += uint64(min(s.count, t.count))
		}
	}
	for h, s := range b.m {
		if h&mask == 0 && in(s) {
			nb += uint64(s.count)
		}
	}
	if n := max(na, nb); n > 0 {
		return float64(common) / float64(n)
	}
	return 0
}
