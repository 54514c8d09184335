package analysis

import (
	"errors"
	"sort"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Commentary decides, once per run, which commentary rows the reports show
// and says out loud what it does with the others. It replaces b.Comments
// with the rows kept, in file, sheet and row order, and returns one
// problem per row left out or merged:
//
//   - a period no report covers (no actuals in it, or a prior year read
//     for comparison only) is a warning at the period cell;
//   - a line that matches no budget line, category or channel (after the
//     [[channel]] aliases, as actuals lines are matched) is a warning at
//     the line cell;
//   - the same comment twice for the same period and line (a commentary
//     sheet saved in two files, a row pasted twice) is shown once, with a
//     note at the second.
//
// Two different comments on one line and period are both shown.
func Commentary(b *reports.Book, cfg *config.Config, periods []reports.Period, lang *i18n.Lang) []*reports.CellError {
	if b == nil || len(b.Comments) == 0 {
		return nil
	}
	if lang == nil {
		lang, _ = i18n.Load("en", "")
	}
	cs := append([]reports.Commentary(nil), b.Comments...)
	sort.SliceStable(cs, func(i, j int) bool {
		a, c := cs[i].Source, cs[j].Source
		if a.File != c.File {
			return a.File < c.File
		}
		if a.Sheet != c.Sheet {
			return a.Sheet < c.Sheet
		}
		return a.Row < c.Row
	})
	have := map[string]bool{}
	var ids []string
	for _, p := range periods {
		have[p.ID] = true
		ids = append(ids, p.ID)
	}
	m := newMatcher(b, cfg)
	type dupKey struct{ period, line, text string }
	seen := map[dupKey]reports.Source{}
	var kept []reports.Commentary
	var out []*reports.CellError
	problem := func(c reports.Commentary, cell string, sev reports.Severity, msg string) {
		out = append(out, &reports.CellError{File: c.Source.File, Sheet: c.Source.Sheet, Row: c.Source.Row, Cell: cell,
			Severity: sev, Err: errors.New(msg)})
	}
	for _, c := range cs {
		switch {
		case !have[c.Period.ID]:
			problem(c, c.PeriodCell, reports.SevWarn, lang.T("analysis.comment.noperiod", "period", lang.PeriodName(c.Period), "periods", lang.Join(ids)))
			continue
		case len(m.commentTargets(c)) == 0:
			problem(c, c.LineCell, reports.SevWarn, lang.T("analysis.comment.noline", "line", c.Subject()))
			continue
		}
		k := dupKey{c.Period.ID, config.Normalize(c.Subject()), strings.Join(strings.Fields(c.Text), " ")}
		if first, dup := seen[k]; dup {
			problem(c, "", reports.SevInfo, lang.T("analysis.comment.duplicate", "first", sourceName(first)))
			continue
		}
		seen[k] = c.Source
		kept = append(kept, c)
	}
	b.Comments = kept
	return out
}

// sourceName names a row: "commentary.xlsx: Sheet row 3".
func sourceName(s reports.Source) string {
	e := reports.CellError{File: s.File, Sheet: s.Sheet, Row: s.Row}
	return strings.TrimSuffix(e.Error(), ": ")
}

// commentTarget is a line of a report a comment is about.
type commentTarget struct {
	line  int // budget line, or -1
	ub    int // unbudgeted group, or -1
	whole string
}

// commentTargets returns the lines a commentary row is about:
//
//   - Category and Channel columns: the budget lines of that channel in
//     that category, else of that channel, else the unbudgeted spend of
//     that channel;
//   - a Line: the budget lines of the channel it names, else the
//     unbudgeted spend of that channel, else the category it names as a
//     whole, else the unbudgeted spend in that category.
//
// A channel comment is about every region's line of the channel (see
// state.comments for the ones a report shows it on).
func (m *matcher) commentTargets(c reports.Commentary) []commentTarget {
	var out []commentTarget
	byChan := func(name, cat string) {
		ch, _ := m.canon(name)
		if ch == "" {
			return
		}
		for _, i := range m.byChan[ch] {
			if cat == "" || m.lines[i].cat == cat {
				out = append(out, commentTarget{line: i, ub: -1})
			}
		}
		if len(out) > 0 {
			return
		}
		for j, u := range m.ubs {
			if u.ch == ch && (cat == "" || u.cat == cat) {
				out = append(out, commentTarget{line: -1, ub: j})
			}
		}
	}
	byCat := func(name string) {
		cat := config.Normalize(name)
		if cat == "" {
			return
		}
		for _, l := range m.lines {
			if l.cat == cat {
				out = append(out, commentTarget{line: -1, ub: -1, whole: l.key.Category})
				return
			}
		}
		for j, u := range m.ubs {
			if u.cat == cat {
				out = append(out, commentTarget{line: -1, ub: j})
			}
		}
	}
	switch {
	case c.Channel != "":
		byChan(c.Channel, config.Normalize(c.Category))
		if len(out) == 0 && c.Category != "" {
			byChan(c.Channel, "")
		}
	case c.Line != "":
		byChan(c.Line, "")
		if len(out) == 0 {
			byCat(c.Line)
		}
	default:
		byCat(c.Category)
	}
	return out
}

// comments fills Report.Comments: the kept commentary rows (see
// Commentary) whose period lies within the report's, each on the lines it
// is about. A channel split by region has several lines; the comment goes
// to those with a material variance in the period, else to the one with
// the largest variance, else (no figures in the period) to the first.
func (s *state) comments() {
	type id struct {
		key reports.LineKey
		ub  bool
	}
	amounts := map[id]reports.Amounts{}
	for _, c := range s.rep.Categories {
		for _, l := range c.Lines {
			amounts[id{l.LineKey, false}] = l.Amounts
		}
	}
	for _, l := range s.rep.UnbudgetedLines {
		amounts[id{l.LineKey, true}] = l.Amounts
	}
	for _, c := range s.in.Book.Comments {
		if c.Period.Start.Before(s.p.Start) || s.p.End.Before(c.Period.End) {
			continue
		}
		var lcs []reports.LineComment
		for _, t := range s.m.commentTargets(c) {
			lc := reports.LineComment{Period: c.Period, Text: c.Text, Source: c.Source}
			switch {
			case t.whole != "":
				lc.Whole = true
				lc.Category = t.whole
			case t.line >= 0:
				lc.LineKey = s.m.lines[t.line].key
			default:
				lc.LineKey, lc.Unbudgeted = s.m.ubs[t.ub].key, true
			}
			lcs = append(lcs, lc)
		}
		if len(lcs) > 1 {
			var material []reports.LineComment
			best, bestV := -1, reports.Money(-1)
			for i, lc := range lcs {
				a, ok := amounts[id{lc.LineKey, lc.Unbudgeted}]
				if !ok {
					continue
				}
				if s.material(a) {
					material = append(material, lc)
				}
				if v := a.Variance().Abs(); v > bestV {
					best, bestV = i, v
				}
			}
			switch {
			case len(material) > 0:
				lcs = material
			case best >= 0:
				lcs = lcs[best : best+1]
			default:
				lcs = lcs[:1]
			}
		}
		s.rep.Comments = append(s.rep.Comments, lcs...)
	}
}
