package inputs

import (
	"strings"

	"github.com/budgetlens/budgetlens/reports"
)

// maxPrints bounds the fingerprints kept per file: 8,192 entries (about
// 300 KB) whatever the ledger's size. Every file's sample is held until
// the inputs are combined, so the bound is per file: at 65,536 a 10M-row
// year read as ten ledgers held 47 MB of samples. A sample of 8,192 still
// puts hundreds of rows of a million-row ledger in each month two files
// share, and the correction rule's 50% threshold is judged on them
// within a few points; files under 8,192 rows are compared row by row.
const maxPrints = 1 << 13

// Recorder is the reports.Sink one input file is read into: it passes
// every row to a Book of the file's own and keeps a bounded sample of the
// ledger rows' fingerprints, so a later file can be recognised as a
// correction of this one without keeping the rows.
type Recorder struct {
	// Book holds what was read. Ledger entries are tallied first (see
	// reports.Tally) and reach it on Flush, which the workbook reader
	// calls when it has read the file, and File calls too.
	Book   *reports.Book
	tally  reports.Tally
	prints prints // ledger rows
	funnel prints // funnel rows
}

// NewRecorder returns a Recorder with an empty Book.
func NewRecorder() *Recorder { return &Recorder{Book: reports.NewBook()} }

// Budget passes a budget line on.
func (r *Recorder) Budget(l reports.BudgetLine) { r.Book.Budget(l) }

// Actual tallies a ledger entry for the Book and records its fingerprint.
func (r *Recorder) Actual(e reports.Entry) {
	r.tally.Actual(e)
	if h := Fingerprint(e); r.prints.keeps(h) {
		r.prints.add(h, reports.MonthOf(e.Date))
	}
}

// Comment passes a commentary row on.
func (r *Recorder) Comment(c reports.Commentary) { r.Book.Comment(c) }

// Flush adds the ledger entries tallied so far to Book.
func (r *Recorder) Flush() { r.tally.Into(r.Book) }

// FunnelRow passes a funnel row on and records its fingerprint.
func (r *Recorder) FunnelRow(f reports.FunnelRow) {
	r.Book.FunnelRow(f)
	h := uint64(14695981039346656037)
	for _, v := range []int64{int64(f.Month.Index()), f.Leads, f.MQL, f.SQL, f.Opps, f.POC, f.Won, int64(f.Revenue)} {
		h = mix(h, uint64(v))
	}
	h = mixString(mixString(h, strings.TrimSpace(f.Channel)), strings.TrimSpace(f.Region))
	h = finish(h)
	if r.funnel.keeps(h) {
		r.funnel.add(h, f.Month)
	}
}

// Fingerprint identifies a ledger row by its date, channel, amount and
// vendor — what stays the same when a user re-saves or corrects a ledger
// (category spellings and campaign notes are what people edit). The
// names are compared as written, without surrounding space.
func Fingerprint(e reports.Entry) uint64 {
	h := uint64(14695981039346656037)
	h = mix(h, uint64(floorDiv(e.Date.Unix(), 86400))) // the day
	h = mix(h, uint64(e.Amount))
	h = mixString(h, strings.TrimSpace(e.Channel))
	h = mixString(h, strings.TrimSpace(e.Vendor))
	return finish(h)
}

// finish is splitmix64's finaliser: it spreads the bits evenly, so
// sampling by the low bits keeps an unbiased share of the rows.
func finish(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

func mix(h, v uint64) uint64 {
	h = (h ^ v) * 1099511628211
	return h ^ h>>29
}

// mixString hashes s eight bytes at a time, then its length, so that
// "ab"+"c" and "a"+"bc" differ.
func mixString(h uint64, s string) uint64 {
	n := len(s)
	for ; len(s) >= 8; s = s[8:] {
		h = mix(h, uint64(s[0])|uint64(s[1])<<8|uint64(s[2])<<16|uint64(s[3])<<24|
			uint64(s[4])<<32|uint64(s[5])<<40|uint64(s[6])<<48|uint64(s[7])<<56)
	}
	var t uint64
	for i := 0; i < len(s); i++ {
		t |= uint64(s[i]) << (8 * i)
	}
	return mix(mix(h, t), uint64(n))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
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

// keeps reports whether h belongs to the sampled slice.
func (p *prints) keeps(h uint64) bool { return h&(uint64(1)<<p.level-1) == 0 }

func (p *prints) add(h uint64, m reports.Month) {
	if !p.keeps(h) {
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
