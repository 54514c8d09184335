package html

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

// luminance is the grey level (0–255) a colour "#rrggbb" prints as.
func luminance(t *testing.T, c string) float64 {
	t.Helper()
	var r, g, b int
	if _, err := fmt.Sscanf(c, "#%02x%02x%02x", &r, &g, &b); err != nil {
		t.Fatalf("colour %q: %v", c, err)
	}
	return 0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)
}

// look is how a series prints in grey: its grey level and its pattern
// (an ECharts decal, a dashed outline or line).
type look struct {
	name    string
	grey    float64
	pattern string
}

// apart reports whether two looks differ in a grey-scale print: 30 grey
// levels apart, or a different pattern.
func apart(a, b look) bool { return math.Abs(a.grey-b.grey) >= 30 || a.pattern != b.pattern }

// TestScenariosApartInGrey checks the ECharts styles of the monthly
// columns and the burn-up: AC (in every tone), PL, FC and PY differ in
// grey level or pattern, as in the PDF.
func TestScenariosApartInGrey(t *testing.T) {
	l := loadLang(t, "en")
	m := present.Monthly{Title: "t", HasPrior: true, HasForecast: true, Scale: present.Scale{Max: 100, Step: 25}, Months: []present.MonthCol{
		{Label: "Jan", Plan: 50, Actual: 60, HasActual: true, Tone: present.Bad, Prior: 40, HasPrior: true},
		{Label: "Feb", Plan: 50, Actual: 40, HasActual: true, Tone: present.Good, Prior: 40, HasPrior: true},
		{Label: "Mar", Plan: 50, Actual: 50, HasActual: true, Prior: 40, HasPrior: true},
		{Label: "Apr", Plan: 50, Forecast: 50, Prior: 40, HasPrior: true},
	}}
	cv, err := monthlyChart(m, l)
	if err != nil {
		t.Fatal(err)
	}
	var looks []look
	for i := 0; i < 4; i++ {
		s := series(cv.Option, i)
		st, _ := s["itemStyle"].(map[string]any)
		name, _ := s["name"].(string)
		colour, _ := st["color"].(string)
		pattern := ""
		if _, ok := st["decal"]; ok {
			pattern = "hatched"
		}
		if bt, _ := st["borderType"].(string); bt != "" {
			pattern += "+" + bt
		}
		if name == l.T("present.series.ac") {
			// Each actual keeps its tone: every tone is a look.
			data, _ := s["data"].([]any)
			for _, d := range data {
				dm, _ := d.(map[string]any)
				if ds, ok := dm["itemStyle"].(map[string]any); ok {
					looks = append(looks, look{name + " " + ds["color"].(string), luminance(t, ds["color"].(string)), pattern})
				}
			}
			continue
		}
		looks = append(looks, look{name, luminance(t, colour), pattern})
	}
	checkApart(t, looks, 6)

	rep := reportstest.YearToDate("en")
	pg := present.Build(rep, l)
	b := &pg.Charts.Burn
	b.HasPrior = true
	for i := range b.Points {
		b.Points[i].Prior, b.Points[i].HasPrior = b.Points[i].Plan*0.8, true
	}
	cv, err = burnChart(pg, l)
	if err != nil {
		t.Fatal(err)
	}
	looks = nil
	for i := 0; i < 4; i++ {
		s := series(cv.Option, i)
		ls, _ := s["lineStyle"].(map[string]any)
		typ, _ := ls["type"].(string)
		looks = append(looks, look{s["name"].(string), luminance(t, ls["color"].(string)), typ})
	}
	checkApart(t, looks, 4)
}

func checkApart(t *testing.T, looks []look, want int) {
	t.Helper()
	if len(looks) != want {
		t.Fatalf("%d series looks, want %d: %+v", len(looks), want, looks)
	}
	for i := range looks {
		for j := i + 1; j < len(looks); j++ {
			a, b := looks[i], looks[j]
			if strings.Fields(a.name)[0] == strings.Fields(b.name)[0] {
				continue // one scenario's tones
			}
			if !apart(a, b) {
				t.Errorf("%s (grey %.0f, %q) and %s (grey %.0f, %q) look alike in grey", a.name, a.grey, a.pattern, b.name, b.grey, b.pattern)
			}
		}
	}
}

// TestTrendOnTheModelScale checks the index trend draws on the model's
// scale: a month whose credit notes outweigh its spend is a column below
// the zero line, never a negative height.
func TestTrendOnTheModelScale(t *testing.T) {
	tr := present.Trend{Title: "t", Scale: present.Scale{Min: -50, Max: 100, Step: 50}, Months: []present.MonthCol{
		{Label: "Jan", Plan: 80, Actual: 90, HasActual: true, Tone: present.Bad},
		{Label: "Feb", Plan: 10, Actual: -40, HasActual: true, Tone: present.Good},
	}}
	svg := string(trendSVG(tr))
	if svg == "" {
		t.Fatal("no trend drawn")
	}
	if strings.Contains(svg, `height="-`) {
		t.Errorf("a negative height: %s", svg)
	}
	// Zero lies a third of the way up: (160 − 10) × 50/150 above the bottom.
	if !strings.Contains(svg, `y1="110"`) {
		t.Errorf("the zero line is not at y 110: %s", svg)
	}
	for _, c := range []string{present.ColourBad, present.ColourGood, present.ColourPL} {
		if !strings.Contains(svg, c) {
			t.Errorf("no %s in the trend", c)
		}
	}
}
