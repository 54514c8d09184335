// Package inputs decides how the input files of a run combine, so that
// no number is ever silently doubled:
//
//   - Plan versions. Two budget workbooks with budget for the same fiscal
//     year whose lines largely coincide (at least half of the smaller
//     file's lines, compared by category, channel and region) are versions
//     of one plan, never summed: the latest is used, the first is kept as
//     the original plan (IBCS PL beside the reforecast). Budgets for
//     different fiscal years, or for business units or regions with
//     disjoint lines, add up.
//   - Corrections. A ledger whose rows largely repeat an earlier ledger's
//     in the months both cover — at least half of the rows of the larger
//     of the two, in those months, are identical in date, channel, amount
//     and vendor — is a correction: it replaces the earlier file for those
//     months. Ledgers for different months, regions or sources add up.
//     Funnel results are compared the same way, over month, channel,
//     region, stage counts and revenue, apart from the ledger rows.
//   - Prior year. A fiscal year with actuals but no budget, followed by a
//     fiscal year with both, is last year's: its actuals are the reports'
//     prior year (PY), and it gets no reports of its own.
//
// "Latest" and "earlier" are decided, in this order, by the config
// ([budget] file, [budget] version_order), by an explicit version stated
// in the workbook (a 版本/Version cell or property) when both files state
// one, by a version marker in the file name (see Marker), by modification
// time, and last by file name.
package inputs

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// MinOverlap is the share of identical rows (or common budget lines) from
// which two files are taken for versions of one another.
const MinOverlap = 0.5

// Actuals modes ([actuals] mode).
const (
	ModeAuto    = "auto"    // decide by fingerprints (the default)
	ModeReplace = "replace" // a later ledger always replaces an earlier one in the months both cover
	ModeAdd     = "add"     // ledgers always add up
)

// File is one input file that was read whole.
type File struct {
	Name    string
	ModTime time.Time
	Version string // the version the workbook states, "" for none
	Book    *reports.Book
	prints  *prints // ledger rows
	funnel  *prints // funnel rows
}

// File returns the recorded file for Combine.
func (r *Recorder) File(name string, mod time.Time, version string) File {
	r.Flush()
	return File{Name: name, ModTime: mod, Version: version, Book: r.Book, prints: &r.prints, funnel: &r.funnel}
}

// Policy is what the config says about combining inputs.
type Policy struct {
	FYStart      time.Month
	BudgetFile   string   // [budget] file: the budget workbook to use, by name
	VersionOrder []string // [budget] version_order: budget workbooks, oldest first
	ActualsMode  string   // ModeAuto ("" too), ModeReplace or ModeAdd
}

// Kind is the kind of a decision.
type Kind string

// Decision kinds.
const (
	KindVersion    Kind = "version"    // Old and New are versions of one plan; New is used
	KindCorrection Kind = "correction" // New replaces Old in Months
)

// Rule names why New counts as the later file.
type Rule string

// Rules, in the order they are tried.
const (
	ByConfig  Rule = "config"
	ByVersion Rule = "version" // the versions the workbooks state
	ByName    Rule = "name"    // version markers in the file names
	ByModTime Rule = "mtime"
	ByOrder   Rule = "order" // file names in sort order, the last resort
)

// Decision is one way two files were combined: Old is set aside (for
// FiscalYear's plan, or in Months) in favour of New.
type Decision struct {
	Kind               Kind
	Old, New           string
	OldLabel, NewLabel string
	By                 Rule
	FiscalYear         int             // KindVersion
	Months             []reports.Month // KindCorrection: the months replaced
	Overlap            float64         // KindCorrection: share of identical rows (auto mode)
	Forced             bool            // KindCorrection: by [actuals] mode = "replace"
	Funnel             bool            // KindCorrection: of funnel results rather than ledger rows
	Net                reports.Money   // KindCorrection: New's spend (or revenue) − Old's in Months
}

// Outcome is the combined input.
type Outcome struct {
	Book      *reports.Book
	Decisions []Decision
	// Status is each file's status (every file given is listed);
	// SupersededBy names the file that replaced it, or part of it.
	Status       map[string]reports.InputStatus
	SupersededBy map[string]string
	// SetAside is the ledger amount of each file's rows in replaced months.
	SetAside map[string]reports.Money
	// PriorYear lists the ledgers read only as last year's actuals (see
	// Book.PriorYears), by name.
	PriorYear []string
}

// Combine decides which parts of files count and merges them into one
// Book. files may come in any order; the result does not depend on it.
func Combine(files []File, pol Policy) *Outcome {
	if pol.FYStart < 1 || pol.FYStart > 12 {
		pol.FYStart = time.January
	}
	c := &combiner{pol: pol, files: append([]File(nil), files...),
		dropFY: map[string]map[int]bool{}, dropMonth: map[string]map[reports.Month]bool{}, dropFunnel: map[string]map[reports.Month]bool{}}
	sort.SliceStable(c.files, func(i, j int) bool { return c.files[i].Name < c.files[j].Name })
	c.versions()
	c.corrections(false)
	c.corrections(true)
	return c.merge()
}

type combiner struct {
	pol        Policy
	files      []File // by name
	decisions  []Decision
	dropFY     map[string]map[int]bool           // plan of these fiscal years not used
	dropMonth  map[string]map[reports.Month]bool // ledger rows of these months not used
	dropFunnel map[string]map[reports.Month]bool // funnel rows of these months not used
	by         map[string]string                 // superseded by
	original   map[int][]int                     // fiscal year → files whose plan is the original
	versionOf  []reports.BudgetVersion
}

// older orders files oldest first and says by which rule.
func (c *combiner) older(a, b *File) (bool, Rule) {
	if bf := c.pol.BudgetFile; bf != "" && (a.Name == bf) != (b.Name == bf) {
		return b.Name == bf, ByConfig
	}
	ia, ib := index(c.pol.VersionOrder, a.Name), index(c.pol.VersionOrder, b.Name)
	if ia != ib {
		return ia < ib, ByConfig
	}
	if a.Version != "" && b.Version != "" {
		if d := compareVersions(a.Version, b.Version); d != 0 {
			return d < 0, ByVersion
		}
	}
	sa, _ := Marker(a.Name)
	sb, _ := Marker(b.Name)
	if sa != sb {
		return sa < sb, ByName
	}
	if !a.ModTime.Equal(b.ModTime) {
		return a.ModTime.Before(b.ModTime), ByModTime
	}
	return a.Name < b.Name, ByOrder
}

func index(list []string, name string) int {
	for i, n := range list {
		if n == name {
			return i
		}
	}
	return -1
}

// sorted returns the indexes of files for which keep is true, oldest first.
func (c *combiner) sorted(keep func(i int) bool) []int {
	var idx []int
	for i := range c.files {
		if keep(i) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(x, y int) bool {
		o, _ := c.older(&c.files[idx[x]], &c.files[idx[y]])
		return o
	})
	return idx
}

// Label is how reports name a file's version: the version it states, its
// file-name marker, or its modification time.
func Label(f *File) string {
	if f.Version != "" {
		return f.Version
	}
	if _, m := Marker(f.Name); m != "" {
		return m
	}
	if !f.ModTime.IsZero() {
		return f.ModTime.UTC().Format("2006-01-02 15:04")
	}
	return f.Name
}

func normKey(k reports.LineKey) string {
	n := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	return n(k.Category) + "\x00" + n(k.Channel) + "\x00" + n(k.Region)
}

// versions groups, per fiscal year, the budget workbooks that are versions
// of one plan and sets aside all but the latest of each group.
func (c *combiner) versions() {
	lines := make([]map[int]map[string]bool, len(c.files)) // file → FY → lines
	fys := map[int]bool{}
	for i := range c.files {
		lines[i] = map[int]map[string]bool{}
		for k := range c.files[i].Book.Plan {
			fy := reports.FiscalYearOf(k.Month, c.pol.FYStart)
			if lines[i][fy] == nil {
				lines[i][fy] = map[string]bool{}
			}
			lines[i][fy][normKey(k.LineKey)] = true
			fys[fy] = true
		}
	}
	c.original = map[int][]int{}
	for _, fy := range sortedInts(fys) {
		idx := c.sorted(func(i int) bool { return lines[i][fy] != nil })
		forced := false // [budget] file names one of them: all are versions
		for _, i := range idx {
			forced = forced || c.files[i].Name == c.pol.BudgetFile
		}
		var groups [][]int
		union := []map[string]bool{}
	next:
		for _, i := range idx {
			for g := range groups {
				listed := index(c.pol.VersionOrder, c.files[i].Name) >= 0 && index(c.pol.VersionOrder, c.files[groups[g][0]].Name) >= 0
				if forced || listed || shared(lines[i][fy], union[g]) {
					groups[g] = append(groups[g], i)
					for k := range lines[i][fy] {
						union[g][k] = true
					}
					continue next
				}
			}
			groups = append(groups, []int{i})
			u := map[string]bool{}
			for k := range lines[i][fy] {
				u[k] = true
			}
			union = append(union, u)
		}
		several := false
		for _, g := range groups {
			several = several || len(g) > 1
		}
		for _, g := range groups {
			used := g[len(g)-1]
			if several {
				c.original[fy] = append(c.original[fy], g[0])
			}
			for n, i := range g {
				f := &c.files[i]
				c.versionOf = append(c.versionOf, reports.BudgetVersion{File: f.Name, Label: Label(f), FiscalYear: fy,
					Used: i == used, Original: n == 0})
				if i == used {
					continue
				}
				u := &c.files[used]
				_, rule := c.older(f, u)
				c.drop(f.Name, u.Name)
				if c.dropFY[f.Name] == nil {
					c.dropFY[f.Name] = map[int]bool{}
				}
				c.dropFY[f.Name][fy] = true
				c.decisions = append(c.decisions, Decision{Kind: KindVersion, Old: f.Name, New: u.Name,
					OldLabel: Label(f), NewLabel: Label(u), By: rule, FiscalYear: fy})
			}
		}
	}
}

func (c *combiner) drop(old, by string) {
	if c.by == nil {
		c.by = map[string]string{}
	}
	c.by[old] = by
}

// shared reports whether a and b have at least MinOverlap of the smaller
// set's lines in common.
func shared(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return len(a) > 0 && float64(n) >= MinOverlap*float64(len(a))
}

// corrections sets aside the months of a ledger (or of funnel results,
// when funnel is true) that a later file corrects.
func (c *combiner) corrections(funnel bool) {
	if c.pol.ActualsMode == ModeAdd {
		return
	}
	drop := c.dropMonth
	if funnel {
		drop = c.dropFunnel
	}
	// The amount per month: spend, or funnel revenue.
	months := make([]map[reports.Month]reports.Money, len(c.files))
	for i := range c.files {
		months[i] = map[reports.Month]reports.Money{}
		if funnel {
			for k, f := range c.files[i].Book.Funnels {
				months[i][k.Month] += f.Revenue
			}
		} else {
			for k, v := range c.files[i].Book.Spend {
				months[i][k.Month] += v
			}
		}
	}
	idx := c.sorted(func(i int) bool { return len(months[i]) > 0 })
	for x, j := range idx {
		b := &c.files[j]
		for _, i := range idx[:x] {
			a := &c.files[i]
			common := map[reports.Month]bool{}
			for m := range months[j] {
				if _, ok := months[i][m]; ok && !drop[a.Name][m] {
					common[m] = true
				}
			}
			if len(common) == 0 {
				continue
			}
			d := Decision{Kind: KindCorrection, Old: a.Name, New: b.Name, OldLabel: Label(a), NewLabel: Label(b), Funnel: funnel}
			if c.pol.ActualsMode == ModeReplace {
				d.Forced = true
			} else {
				pa, pb := a.prints, b.prints
				if funnel {
					pa, pb = a.funnel, b.funnel
				}
				if pa == nil {
					pa = &prints{}
				}
				if pb == nil {
					pb = &prints{}
				}
				if d.Overlap = overlap(pa, pb, common); d.Overlap < MinOverlap {
					continue
				}
			}
			_, d.By = c.older(a, b)
			if drop[a.Name] == nil {
				drop[a.Name] = map[reports.Month]bool{}
			}
			for m := range common {
				drop[a.Name][m] = true
				d.Months = append(d.Months, m)
				d.Net += months[j][m] - months[i][m]
			}
			sort.Slice(d.Months, func(p, q int) bool { return d.Months[p].Before(d.Months[q]) })
			c.drop(a.Name, b.Name)
			c.decisions = append(c.decisions, d)
		}
	}
}

// mergeEvents adds the campaigns of o's key k to b's. The first file with
// campaigns for a key lends b its set (a 1M-row ledger has thousands of
// campaigns per key, and copying them was most of the merge); a second
// file's makes a new set (CampaignSet.Union), so no file's Book is ever
// changed.
func mergeEvents(b, o *reports.Book, k reports.ActualKey) {
	src := o.Events[k]
	if src.Len() == 0 {
		return
	}
	if dst := b.Events[k]; dst != nil {
		b.Events[k] = dst.Union(src)
		return
	}
	b.Events[k] = src
}

// merge builds the combined Book from what counts of each file.
func (c *combiner) merge() *Outcome {
	out := &Outcome{Book: reports.NewBook(), Status: map[string]reports.InputStatus{},
		SupersededBy: map[string]string{}, SetAside: map[string]reports.Money{}, Decisions: c.decisions}
	b := out.Book
	isOriginal := map[int]map[int]bool{}
	for fy, fs := range c.original {
		isOriginal[fy] = map[int]bool{}
		for _, i := range fs {
			isOriginal[fy][i] = true
		}
	}
	for i := range c.files {
		f := &c.files[i]
		o := f.Book
		used := false
		usedLine := map[reports.LineKey]bool{}
		for k, v := range o.Plan {
			fy := reports.FiscalYearOf(k.Month, c.pol.FYStart)
			if isOriginal[fy][i] {
				b.Original[k] += v
			}
			if c.dropFY[f.Name][fy] {
				continue
			}
			b.Plan[k] += v
			usedLine[k.LineKey] = true
			used = true
		}
		for k, info := range o.Lines {
			if !usedLine[k] {
				continue
			}
			if cur, ok := b.Lines[k]; !ok {
				b.Lines[k] = info
			} else if cur.Role == reports.RoleNone && info.Role != reports.RoleNone {
				cur.Role = info.Role
				b.Lines[k] = cur
			}
		}
		drop := c.dropMonth[f.Name]
		for k, v := range o.Spend {
			if drop[k.Month] {
				out.SetAside[f.Name] += v
				continue
			}
			b.Spend[k] += v
			b.Entries[k] += o.Entries[k]
			if t := o.Drivers[k]; t != nil {
				b.Drivers[k] = mergeTop(b.Drivers[k], t)
			}
			// The largest row and the distinct campaigns go with the
			// spend they belong to: the saturation guard's one-off check
			// and event-unit benchmarks read them.
			if v := o.Largest[k]; v > b.Largest[k] {
				b.Largest[k] = v
			}
			mergeEvents(b, o, k)
			used = true
		}
		for k, fn := range o.Funnels {
			if c.dropFunnel[f.Name][k.Month] {
				continue
			}
			b.Funnels[k] = b.Funnels[k].Add(fn)
			used = true
		}
		// A file's comments go with it: those about a month another file
		// corrected are set aside with that month's rows, and a file set
		// aside whole takes its comments with it.
		for _, cm := range o.Comments {
			if cm.Period.Kind == reports.KindMonth && drop[cm.Period.Start] {
				continue
			}
			if len(o.Plan)+len(o.Spend)+len(o.Funnels) > 0 && !used {
				continue
			}
			b.Comment(cm)
		}
		if used {
			// Every file's amounts count towards the bound, including the
			// parts set aside: the bound only needs to be an upper one.
			if t, ok := b.Abs.AddOK(o.Abs); ok {
				b.Abs = t
			} else {
				b.Abs = reports.Money(math.MaxInt64)
			}
			for k, v := range o.Vendors {
				b.Vendors[k] += v
			}
			for k, v := range o.Campaign {
				b.Campaign[k] += v
			}
		}
		switch {
		case used || (len(o.Plan) == 0 && len(o.Spend) == 0 && len(o.Funnels) == 0):
			out.Status[f.Name] = reports.StatusUsed
		default:
			out.Status[f.Name] = reports.StatusSuperseded
		}
		if by := c.by[f.Name]; by != "" {
			out.SupersededBy[f.Name] = by
		}
	}
	b.Versions = c.versionOf
	b.PriorYears = priorYears(b, c.pol.FYStart)
	for i := range c.files {
		f := &c.files[i]
		if out.Status[f.Name] != reports.StatusUsed || len(f.Book.Spend) == 0 || len(f.Book.Plan) > 0 {
			continue
		}
		prior := true
		for k := range f.Book.Spend {
			prior = prior && b.PriorYears[reports.FiscalYearOf(k.Month, c.pol.FYStart)]
		}
		if prior {
			out.PriorYear = append(out.PriorYear, f.Name)
		}
	}
	return out
}

// priorYears returns the fiscal years whose actuals only serve as the
// prior year of the next: no budget of their own, while the next fiscal
// year has both a budget and actuals.
func priorYears(b *reports.Book, fy time.Month) map[int]bool {
	plan, actual := map[int]bool{}, map[int]bool{}
	for k := range b.Plan {
		plan[reports.FiscalYearOf(k.Month, fy)] = true
	}
	for _, m := range b.ActualMonths() {
		actual[reports.FiscalYearOf(m, fy)] = true
	}
	out := map[int]bool{}
	for y := range actual {
		if !plan[y] && plan[y+1] && actual[y+1] {
			out[y] = true
		}
	}
	return out
}

func sortedInts(set map[int]bool) []int {
	out := make([]int, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// mergeTop adds o's rows to t, which may be nil.
func mergeTop(t, o *reports.TopRows) *reports.TopRows {
	if t == nil {
		t = &reports.TopRows{N: reports.DriverRows}
	}
	t.Merge(o)
	return t
}
