package analysis

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// TestCommentary matches commentary rows to the lines of a report the way
// actuals lines are matched, and says what it does with the rest.
func TestCommentary(t *testing.T) {
	cfg := testConfig(t, `
[[channel]]
name = "百度SEM"
aliases = ["Baidu SEM"]
`)
	m := ym(2026, 3)
	mar := reports.MonthPeriod(m, time.January)
	apr := reports.MonthPeriod(ym(2026, 4), time.January)
	q1 := reports.QuarterPeriod(2026, 1, time.January)
	row := 1
	c := func(p reports.Period, line, cat, ch, text string) reports.Commentary {
		row++
		return reports.Commentary{Period: p, Line: line, Category: cat, Channel: ch, Text: text,
			Source: reports.Source{File: "c.xlsx", Sheet: "S", Row: row}, PeriodCell: "A" + strconv.Itoa(row), LineCell: "B" + strconv.Itoa(row)}
	}
	for _, tc := range []struct {
		name     string
		comment  reports.Commentary
		report   reports.Period
		want     string // "category|channel|region|whole" of each line comment, joined by ;
		problems string
	}{
		{"channel alias", c(mar, "Baidu SEM", "", "", "x"), mar, "数字广告|百度SEM||false", ""},
		{"channel of a split line: the material region", c(mar, "行业峰会", "", "", "x"), mar, "展会活动|行业峰会|华东|false", ""},
		{"category as a whole", c(mar, "展会活动", "", "", "x"), mar, "展会活动|||true", ""},
		{"category and channel columns", c(mar, "", "数字广告", "百度SEM", "x"), mar, "数字广告|百度SEM||false", ""},
		{"unbudgeted channel", c(mar, "抖音", "", "", "x"), mar, "数字广告|抖音||false", ""},
		{"a month's comment in its quarter", c(mar, "百度SEM", "", "", "x"), q1, "数字广告|百度SEM||false", ""},
		{"a quarter's comment not in a month", c(q1, "百度SEM", "", "", "x"), mar, "", ""},
		{"unknown line", c(mar, "LinkedIn", "", "", "x"), mar, "", `c.xlsx: S!B`},
		{"unknown period", c(apr, "百度SEM", "", "", "x"), mar, "", `c.xlsx: S!A`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture().
				budget("数字广告", "百度SEM", "", "", m, 1000).
				budget("展会活动", "行业峰会", "华东", "", m, 500).
				budget("展会活动", "行业峰会", "华北", "", m, 400)
			f.actual("数字广告", "Baidu SEM", "", m, 1000).
				actual("展会活动", "行业峰会", "华东", m, 900).
				actual("展会活动", "行业峰会", "华北", m, 400).
				actual("数字广告", "抖音", "", m, 50)
			f.b.Comments = []reports.Commentary{tc.comment}
			periods := Periods(f.b, cfg, time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC))
			probs := Commentary(f.b, cfg, periods, nil)
			var ps []string
			for _, p := range probs {
				ps = append(ps, p.Error())
			}
			if got := strings.Join(ps, ";"); (tc.problems == "") != (got == "") || !strings.Contains(got, tc.problems) {
				t.Errorf("problems %q, want %q", got, tc.problems)
			}
			rep := Build(Input{Book: f.b, Config: cfg, Now: time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)}, tc.report)
			var got []string
			for _, lc := range rep.Comments {
				got = append(got, strings.Join([]string{lc.Category, lc.Channel, lc.Region, boolText(lc.Whole)}, "|"))
			}
			if g := strings.Join(got, ";"); g != tc.want {
				t.Errorf("got %q, want %q", g, tc.want)
			}
		})
	}
}

// TestCommentaryDuplicate shows a repeated comment once, with a note at
// the second; a different comment on the same line is kept.
func TestCommentaryDuplicate(t *testing.T) {
	m := ym(2026, 3)
	mar := reports.MonthPeriod(m, time.January)
	f := newFixture().budget("数字广告", "百度SEM", "", "", m, 1000)
	f.actual("数字广告", "百度SEM", "", m, 2000)
	src := func(file string, row int) reports.Source { return reports.Source{File: file, Sheet: "S", Row: row} }
	f.b.Comments = []reports.Commentary{
		{Period: mar, Line: "百度SEM", Text: "加投品牌词", Source: src("b.xlsx", 2)},
		{Period: mar, Line: "百度sem", Text: " 加投品牌词 ", Source: src("a.xlsx", 5)},
		{Period: mar, Line: "百度SEM", Text: "另一条说明", Source: src("a.xlsx", 6)},
	}
	cfg := testConfig(t, "")
	probs := Commentary(f.b, cfg, Periods(f.b, cfg, time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)), nil)
	if len(probs) != 1 || probs[0].Severity != reports.SevInfo || probs[0].File != "b.xlsx" || !strings.Contains(probs[0].Error(), "a.xlsx: S row 5") {
		t.Fatalf("problems %v, want one note at b.xlsx naming a.xlsx row 5", probs)
	}
	var texts []string
	for _, c := range f.b.Comments {
		texts = append(texts, c.Text)
	}
	if got := strings.Join(texts, "|"); got != " 加投品牌词 |另一条说明" {
		t.Errorf("kept %q", got)
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
