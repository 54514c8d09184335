package html

import (
	"testing"

	"github.com/budgetlens/budgetlens/reports/present"
)

// TestVariancePins checks the relative variance chart (ΔPL%): one pin per
// line with a plan, in its tone (red over plan, green under), a dot head
// or, cut at the cap, an arrow pointing on; no pin but "—" for a line
// without a plan; the model's percent scale and footnotes.
func TestVariancePins(t *testing.T) {
	l := loadLang(t, "en")
	b := present.Bars{
		PctTitle: "Variance in % of plan", PctLabel: "ΔPL%",
		PctScale: present.Scale{Min: -50, Max: 100, Step: 50},
		PctNotes: []string{"— no plan, so no % variance: Swag"},
		Bars: []present.Bar{
			{Label: "Booth", Pct: "+25.0%", PctValue: 25, HasPct: true, Tone: present.Bad},
			{Label: "SEM", Pct: "-30.0%", PctValue: -30, HasPct: true, Tone: present.Good},
			{Label: "Douyin", Pct: "+300.0%", PctValue: 100, HasPct: true, Capped: true, Tone: present.Bad},
			{Label: "Swag", Pct: "—", Tone: present.Bad},
		},
	}
	cv, err := pinsChart(b, l)
	if err != nil {
		t.Fatal(err)
	}
	if cv.Fmt != "pct" || cv.Title != b.PctTitle || cv.Caption != b.PctNotes[0] {
		t.Errorf("chart fmt %q title %q caption %q", cv.Fmt, cv.Title, cv.Caption)
	}
	ax := cv.Option["xAxis"].([]any)[0].(map[string]any)
	if ax["min"] != -50.0 || ax["max"] != 100.0 || ax["interval"] != 50.0 {
		t.Errorf("percent axis %v…%v by %v, want the model's -50…100 by 50", ax["min"], ax["max"], ax["interval"])
	}
	lines := series(cv.Option, 0)["data"].([]any)
	wantLabel := []string{"Booth  +25.0%", "SEM  -30.0%", "Douyin  +300.0%", "Swag  —"}
	for i, d := range lines {
		dm := d.(map[string]any)
		if got := dm["label"].(map[string]any)["formatter"]; got != wantLabel[i] {
			t.Errorf("line %d label %q, want %q", i, got, wantLabel[i])
		}
	}
	if v := lines[3].(map[string]any)["value"]; v != 0.0 {
		t.Errorf("the line without a plan has a pin at %v", v)
	}
	heads := series(cv.Option, 1)
	if heads["type"] != "scatter" {
		t.Fatalf("series 1 is %v, want the pins' heads", heads["type"])
	}
	hd := heads["data"].([]any)
	if len(hd) != 3 {
		t.Fatalf("%d pin heads, want 3 (none for the line without a plan)", len(hd))
	}
	for i, want := range []struct {
		colour, symbol string
		rotate         any
	}{
		{present.ColourBad, "circle", nil},
		{present.ColourGood, "circle", nil},
		{present.ColourBad, "triangle", -90},
	} {
		h := hd[i].(map[string]any)
		if c := h["itemStyle"].(map[string]any)["color"]; c != want.colour || h["symbol"] != want.symbol || h["symbolRotate"] != want.rotate {
			t.Errorf("head %d: colour %v symbol %v rotate %v, want %+v", i, c, h["symbol"], h["symbolRotate"], want)
		}
		if line := lines[i].(map[string]any)["itemStyle"].(map[string]any)["color"]; line != want.colour {
			t.Errorf("pin %d line colour %v, want %s", i, line, want.colour)
		}
	}
}
