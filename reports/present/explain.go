package present

import (
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Explain is one line with a material variance and the ledger rows behind
// it ("what explains it"), every text formatted.
type Explain struct {
	Line     string // "Events / Trade show · 华东"
	Variance string // signed amount
	Tone     Tone
	Rows     []ExplainRow
}

// ExplainRow is one ledger row behind a variance.
type ExplainRow struct {
	Date    string // 2026-03-20
	Payee   string // vendor and campaign joined, "" when neither
	Amount  string
	Comment string
}

// explains builds the rows behind each material variance, largest
// variance first.
func explains(rep *reports.Report, l *i18n.Lang) []Explain {
	var out []Explain
	ds := append([]reports.LineDrivers(nil), rep.Drivers...)
	for i := 1; i < len(ds); i++ { // stable insertion sort by |variance|
		for j := i; j > 0 && ds[j].Variance.Abs() > ds[j-1].Variance.Abs(); j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
	for _, d := range ds {
		name := LineName(reports.LineResult{LineKey: d.LineKey, Unbudgeted: d.Unbudgeted}, true)
		if d.Region != "" {
			name += " · " + d.Region
		}
		e := Explain{Line: name, Variance: signedMoney(l, d.Variance), Tone: Bad}
		if d.Variance < 0 {
			e.Tone = Good
		}
		for _, r := range d.Rows {
			var who []string
			for _, s := range []string{r.Vendor, r.Campaign} {
				if s != "" {
					who = append(who, s)
				}
			}
			e.Rows = append(e.Rows, ExplainRow{Date: r.Date.Format("2006-01-02"), Payee: strings.Join(who, " · "),
				Amount: l.Money(r.Amount), Comment: r.Comment})
		}
		out = append(out, e)
	}
	return out
}
