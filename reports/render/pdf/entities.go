package pdf

import "github.com/budgetlens/budgetlens/reports/present"

// entities lays out, in a group report, the business units side by side:
// budget, actual, variance and landing in the group's currency, the rate
// each was converted at and the count of its alerts and warnings. Unit
// reports have no entities and skip it.
func (d *doc) entities() {
	es := d.pg.Entities.Rows
	if len(es) == 0 {
		return
	}
	title := d.l.T("consolidate.entities.title")
	d.section(title)
	d.font(8, cMuted)
	d.y += d.para(marginX, d.y, contentW, d.pg.Entities.Note, 0) + 1.5
	t := &table{d: d, title: title, rowH: 5.6, cols: []column{
		{d.l.T("consolidate.col.unit"), 34, "L"},
		{d.l.T("consolidate.col.rate"), 24, "R"},
		{d.t("col.budget"), 24, "R"},
		{d.t("col.actual"), 24, "R"},
		{d.t("col.variance"), 24, "R"},
		{d.l.T("consolidate.col.landing"), 24, "R"},
		{d.l.T("consolidate.col.findings"), 26, "R"},
	}}
	t.header()
	for _, e := range es {
		name := e.Name
		if e.Stale {
			name += " " + d.l.T("consolidate.stale_tag")
		}
		rate := e.Currency
		if e.Rate != "" {
			rate = e.Currency + " × " + e.Rate
		}
		colour := cInk
		switch e.Tone {
		case present.Bad:
			colour = cBad
		case present.Good:
			colour = cGood
		}
		t.row([]string{name, rate, e.Budget.Text, e.Actual.Text, e.Variance.Text, e.Landing.Text, e.Findings}, colour)
	}
	t.ensure(t.rowH + 1)
	d.hline(marginX, pageW-marginX, d.y, cInk, 0.4)
	tot := d.pg.Entities.Total
	t.row([]string{tot.Name, "", tot.Budget.Text, tot.Actual.Text, tot.Variance.Text, d.pg.Entities.Landing.Text, ""}, cInk)
	d.font(7.5, cMuted)
	for _, e := range es {
		if e.Rate == "" {
			continue
		}
		d.need(d.lineH() + 1)
		d.y += d.para(marginX, d.y+0.5, contentW, e.Name+": "+e.Currency+" × "+e.Rate+" — "+e.RateNote, 1) + 0.5
	}
	// The charts size themselves to the page they start on.
	d.newPage()
}
