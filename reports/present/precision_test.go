package present_test

import (
	"regexp"
	"testing"

	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// cents finds an amount shown with decimals ("¥398.89", "-¥728.67").
var cents = regexp.MustCompile(`[¥$€£]\d[\d,]*\.\d`)

// TestTablesShowWholeUnits: the money columns of the variance and channel
// tables have one precision, whole currency units, so a cost per lead of
// ¥398.89 does not sit above one of ¥1,387, nor a variance of -¥728.67
// among whole yuan.
func TestTablesShowWholeUnits(t *testing.T) {
	for _, tag := range i18n.Languages {
		l, err := i18n.Load(tag, "CNY")
		if err != nil {
			t.Fatal(err)
		}
		for _, rep := range fixtures(tag) {
			t.Run(tag+"/"+rep.Period.ID, func(t *testing.T) {
				pg := present.Build(rep, l)
				check := func(where string, cs ...present.Cell) {
					for _, c := range cs {
						if cents.MatchString(c.Text) {
							t.Errorf("%s: %q has decimals", where, c.Text)
						}
					}
				}
				rows := append([]present.VarRow{pg.Variance.Total}, pg.Variance.Unbudgeted...)
				for _, g := range pg.Variance.Groups {
					rows = append(rows, g.Total)
					rows = append(rows, g.Lines...)
				}
				for _, r := range rows {
					check("variance "+r.Name, r.Budget, r.Actual, r.Variance)
				}
				for _, c := range pg.Channels {
					check("channel "+c.Channel, c.Spend, c.CPL, c.CAC, c.Revenue)
				}
			})
		}
	}
}
