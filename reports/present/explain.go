package present

import (
	"sort"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Explain is one line with a material variance and what explains it: the
// ledger rows behind it and the commentary written about it, every text
// formatted. A line with commentary is listed even when its variance is
// not material: what a person wrote is never left out.
type Explain struct {
	Line     string // "Events / Trade show · 华东"
	Variance string // signed amount, "" when the line has no figures in the period
	Tone     Tone
	Rows     []ExplainRow
	// Comments are the commentary sheet's notes on the line, in sheet
	// order; one from a shorter period than the report's (a month's in a
	// quarter report) starts with that period: "Mar 2026: …".
	Comments []string
	// Span is len(Rows) + len(Comments): the rows a table gives the line.
	Span int
}

// ExplainRow is one ledger row behind a variance.
type ExplainRow struct {
	Date    string // 2026-03-20
	Payee   string // vendor and campaign joined, "" when neither
	Amount  string
	Comment string
}

// explainID identifies the line an Explain is about.
type explainID struct {
	key   reports.LineKey
	ub    bool
	whole bool
}

// explains builds what explains each material variance and each line with
// commentary, largest variance first.
func explains(rep *reports.Report, l *i18n.Lang) []Explain {
	var out []Explain
	var amount []reports.Money // |variance| per entry of out, for the order
	index := map[explainID]int{}
	add := func(id explainID, name string, v reports.Money, known bool) int {
		if i, ok := index[id]; ok {
			return i
		}
		e := Explain{Line: name, Tone: Neutral}
		if known {
			e.Variance = signedMoney(l, v)
			switch {
			case v > 0:
				e.Tone = Bad
			case v < 0:
				e.Tone = Good
			}
		}
		out = append(out, e)
		amount = append(amount, v.Abs())
		index[id] = len(out) - 1
		return len(out) - 1
	}
	lineName := func(k reports.LineKey, ub bool) string {
		name := LineName(reports.LineResult{LineKey: k, Unbudgeted: ub}, true)
		if k.Region != "" {
			name += " · " + k.Region
		}
		return name
	}
	for _, d := range rep.Drivers {
		i := add(explainID{key: d.LineKey, ub: d.Unbudgeted}, lineName(d.LineKey, d.Unbudgeted), d.Variance, true)
		for _, r := range d.Rows {
			var who []string
			for _, s := range []string{r.Vendor, r.Campaign} {
				if s != "" {
					who = append(who, s)
				}
			}
			out[i].Rows = append(out[i].Rows, ExplainRow{Date: r.Date.Format("2006-01-02"), Payee: strings.Join(who, " · "),
				Amount: l.Money(r.Amount), Comment: r.Comment})
		}
	}
	for _, c := range rep.Comments {
		id := explainID{key: c.LineKey, ub: c.Unbudgeted, whole: c.Whole}
		var i int
		if c.Whole {
			v, ok := categoryVariance(rep, c.Category)
			i = add(id, c.Category, v, ok)
		} else {
			v, ok := lineVariance(rep, c.LineKey, c.Unbudgeted)
			i = add(id, lineName(c.LineKey, c.Unbudgeted), v, ok)
		}
		text := c.Text
		if c.Period.ID != rep.Period.ID {
			text = l.T("present.explain.comment_in", "period", l.PeriodName(c.Period), "text", c.Text)
		}
		out[i].Comments = append(out[i].Comments, text)
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return amount[order[a]] > amount[order[b]] })
	sorted := make([]Explain, len(out))
	for i, j := range order {
		sorted[i] = out[j]
		sorted[i].Span = len(out[j].Rows) + len(out[j].Comments)
	}
	return sorted
}

// lineVariance returns the variance of a line of the report.
func lineVariance(rep *reports.Report, k reports.LineKey, ub bool) (reports.Money, bool) {
	if ub {
		for _, ln := range rep.UnbudgetedLines {
			if ln.LineKey == k {
				return ln.Variance(), true
			}
		}
		return 0, false
	}
	for _, c := range rep.Categories {
		for _, ln := range c.Lines {
			if ln.LineKey == k {
				return ln.Variance(), true
			}
		}
	}
	return 0, false
}

// categoryVariance returns the variance of a category of the report.
func categoryVariance(rep *reports.Report, name string) (reports.Money, bool) {
	for _, c := range rep.Categories {
		if c.Category == name {
			return c.Variance(), true
		}
	}
	return 0, false
}
