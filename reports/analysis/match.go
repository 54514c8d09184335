package analysis

import (
	"sort"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
)

// budgetLine is a budget line with its matching keys.
type budgetLine struct {
	key  reports.LineKey
	info reports.BudgetInfo
	cat  string // normalised category
	ch   string // canonical channel key (see matcher.canon)
	reg  string // normalised region
	role reports.Role
}

// unbudgeted is a group of actual lines that matched no budget line and
// share normalised category, canonical channel and region.
type unbudgeted struct {
	key  reports.LineKey // display names
	cat  string
	ch   string
	reg  string
	role reports.Role
}

// target says where a raw actual line lands: a budget line (line ≥ 0) or
// an unbudgeted group (ub ≥ 0).
type target struct{ line, ub int }

// matcher maps raw ledger and funnel names onto budget lines and canonical
// channels.
//
// Matching rules (issue #4): names are compared after config.Normalize, and
// a channel name or alias configured under [[channel]] is replaced by the
// channel's name on both sides. An actual line matches, in this order:
//  1. the budget line with the same category and channel (and region when
//     both sides carry one; an exact region match wins over a line without
//     region);
//  2. the only budget line of that channel, when the category differs;
//  3. the only budget line of that category without a channel.
//
// When several budget lines qualify at one step (a ledger without regions
// against a budget split by region), the spend cannot be split and lands on
// the first of them in workbook order. Anything else is unbudgeted: it is
// kept as its own line and never dropped.
type matcher struct {
	cfg     *config.Config
	lines   []budgetLine
	byKey   map[reports.LineKey]int
	byChan  map[string][]int
	byCat   map[string][]int
	rules   map[string]*config.ChannelRule // raw name → rule (nil: none)
	chName  map[string]string              // canonical key → display name
	ubs     []unbudgeted
	ubIndex map[[3]string]int
	targets map[reports.LineKey]target
}

func newMatcher(b *reports.Book, cfg *config.Config) *matcher {
	m := &matcher{
		cfg:     cfg,
		byKey:   map[reports.LineKey]int{},
		byChan:  map[string][]int{},
		byCat:   map[string][]int{},
		rules:   map[string]*config.ChannelRule{},
		chName:  map[string]string{},
		ubIndex: map[[3]string]int{},
		targets: map[reports.LineKey]target{},
	}
	keys := make([]reports.LineKey, 0, len(b.Lines))
	for k := range b.Lines {
		keys = append(keys, k)
	}
	// Budget lines that have amounts but no info (not possible through
	// Book.Budget, but cheap to allow) still count.
	for k := range b.Plan {
		if _, ok := b.Lines[k.LineKey]; !ok {
			b := k.LineKey
			if !containsKey(keys, b) {
				keys = append(keys, b)
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		si, sj := b.Lines[keys[i]].Source, b.Lines[keys[j]].Source
		if si.File != sj.File {
			return si.File < sj.File
		}
		if si.Sheet != sj.Sheet {
			return si.Sheet < sj.Sheet
		}
		if si.Row != sj.Row {
			return si.Row < sj.Row
		}
		return lessKey(keys[i], keys[j])
	})
	for i, k := range keys {
		info := b.Lines[k]
		ch, rule := m.canon(k.Channel)
		role := info.Role
		if role == reports.RoleNone && rule != nil {
			role = rule.Role
		}
		l := budgetLine{key: k, info: info, cat: config.Normalize(k.Category), ch: ch, reg: config.Normalize(k.Region), role: role}
		m.lines = append(m.lines, l)
		m.byKey[k] = i
		m.byChan[ch] = append(m.byChan[ch], i)
		if ch == "" {
			m.byCat[l.cat] = append(m.byCat[l.cat], i)
		}
		if _, ok := m.chName[ch]; !ok && rule == nil {
			m.chName[ch] = strings.TrimSpace(k.Channel)
		}
	}
	// Resolve every raw actual line in a fixed order so unbudgeted groups
	// are numbered deterministically.
	raw := map[reports.LineKey]bool{}
	for k := range b.Spend {
		raw[k.LineKey] = true
	}
	rawKeys := make([]reports.LineKey, 0, len(raw))
	for k := range raw {
		rawKeys = append(rawKeys, k)
	}
	sort.Slice(rawKeys, func(i, j int) bool { return lessKey(rawKeys[i], rawKeys[j]) })
	for _, k := range rawKeys {
		m.targets[k] = m.match(k)
	}
	// Funnel channels get display names too.
	fch := map[string]bool{}
	for k := range b.Funnels {
		fch[k.Channel] = true
	}
	fnames := make([]string, 0, len(fch))
	for n := range fch {
		fnames = append(fnames, n)
	}
	sort.Strings(fnames)
	for _, n := range fnames {
		m.canon(n)
	}
	return m
}

func containsKey(keys []reports.LineKey, k reports.LineKey) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}

func lessKey(a, b reports.LineKey) bool {
	if a.Category != b.Category {
		return a.Category < b.Category
	}
	if a.Channel != b.Channel {
		return a.Channel < b.Channel
	}
	return a.Region < b.Region
}

// canon returns the canonical key of a channel name: the normalised name of
// its [[channel]] rule when one is configured (name or alias), else the
// normalised name itself. It records a display name for the key.
func (m *matcher) canon(name string) (string, *config.ChannelRule) {
	rule, seen := m.rules[name]
	if !seen {
		if m.cfg != nil {
			if r, ok := m.cfg.Channel(name); ok {
				rule = &r
			}
		}
		m.rules[name] = rule
	}
	var key string
	if rule != nil {
		key = config.Normalize(rule.Name)
		m.chName[key] = rule.Name
	} else {
		key = config.Normalize(name)
		if _, ok := m.chName[key]; !ok {
			m.chName[key] = strings.TrimSpace(name)
		}
	}
	return key, rule
}

// rule returns the configured rule of a canonical channel key, or nil.
func (m *matcher) rule(key string) *config.ChannelRule {
	if m.cfg == nil || key == "" {
		return nil
	}
	if r, ok := m.cfg.Channel(key); ok && config.Normalize(r.Name) == key {
		return &r
	}
	return nil
}

// channelName returns the display name of a canonical channel key.
func (m *matcher) channelName(key string) string {
	if n, ok := m.chName[key]; ok && n != "" {
		return n
	}
	return key
}

func (m *matcher) match(k reports.LineKey) target {
	if i, ok := m.byKey[k]; ok {
		return target{line: i, ub: -1}
	}
	ch, rule := m.canon(k.Channel)
	cat := config.Normalize(k.Category)
	reg := config.Normalize(k.Region)
	regionOK := func(l budgetLine) bool { return l.reg == "" || reg == "" || l.reg == reg }
	pick := func(cands []int) (int, bool) {
		best := -1
		for _, i := range cands {
			if m.lines[i].reg == reg { // exact region (or both without) wins
				return i, true
			}
			if best < 0 {
				best = i
			}
		}
		return best, best >= 0
	}
	var sameCat, sameChan []int
	for _, i := range m.byChan[ch] {
		l := m.lines[i]
		if !regionOK(l) {
			continue
		}
		sameChan = append(sameChan, i)
		if l.cat == cat {
			sameCat = append(sameCat, i)
		}
	}
	if i, ok := pick(sameCat); ok {
		return target{line: i, ub: -1}
	}
	if ch != "" && len(sameChan) > 0 {
		cats := map[string]bool{}
		for _, i := range sameChan {
			cats[m.lines[i].cat] = true
		}
		if len(cats) == 1 {
			i, _ := pick(sameChan)
			return target{line: i, ub: -1}
		}
	}
	var catOnly []int
	for _, i := range m.byCat[cat] {
		if regionOK(m.lines[i]) {
			catOnly = append(catOnly, i)
		}
	}
	if i, ok := pick(catOnly); ok {
		return target{line: i, ub: -1}
	}
	gk := [3]string{cat, ch, reg}
	if j, ok := m.ubIndex[gk]; ok {
		return target{line: -1, ub: j}
	}
	role := reports.RoleNone
	if rule != nil {
		role = rule.Role
	}
	u := unbudgeted{
		key:  reports.LineKey{Category: strings.TrimSpace(k.Category), Channel: m.channelName(ch), Region: strings.TrimSpace(k.Region)},
		cat:  cat,
		ch:   ch,
		reg:  reg,
		role: role,
	}
	m.ubs = append(m.ubs, u)
	m.ubIndex[gk] = len(m.ubs) - 1
	return target{line: -1, ub: len(m.ubs) - 1}
}

// subject names a line as it appears in the workbook: "Category / Channel
// / Region", leaving out empty parts.
func subject(k reports.LineKey) string {
	var parts []string
	for _, s := range []string{k.Category, k.Channel, k.Region} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " / ")
}
