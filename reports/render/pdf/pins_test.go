package pdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

// TestVariancePinsText checks the relative variance pins on the variance
// page: the ΔPL% column heads both charts, each row ends with its
// percentage ("—" for a line without a plan, the true value for a pin cut
// at the cap), nothing is cut, and the footnotes say why.
func TestVariancePinsText(t *testing.T) {
	rep := reportstest.Month("en")
	lang, err := i18n.Load("en", rep.Currency)
	if err != nil {
		t.Fatal(err)
	}
	pg := present.Build(rep, lang)
	c := &pg.Charts
	if len(c.ByCategory.Bars) < 2 {
		t.Fatalf("the sample has %d category bars", len(c.ByCategory.Bars))
	}
	// A line without a plan and an outlier cut at the cap.
	c.ByCategory.Bars[0].Pct, c.ByCategory.Bars[0].HasPct, c.ByCategory.Bars[0].PctValue = "—", false, 0
	c.ByCategory.Bars[1].Pct, c.ByCategory.Bars[1].PctValue, c.ByCategory.Bars[1].Capped = "+412.5%", present.PctCap, true
	c.ByCategory.PctNotes = []string{"— no plan, so no % variance: " + c.ByCategory.Bars[0].Label, "A pin ending in an arrow is beyond ±100%"}
	var buf bytes.Buffer
	lay, err := testRenderer(t).RenderLayout(&buf, pg, rep, lang)
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range lay.Cuts {
		if strings.Contains(cut, "%") || cut == "—" {
			t.Errorf("a percentage cut to fit: %q", cut)
		}
	}
	text := pdfText(t, buf.Bytes())
	if n := strings.Count(text, "ΔPL%"); n < 2 {
		t.Errorf("ΔPL%% heads %d charts, want both", n)
	}
	lines := strings.Split(text, "\n")
	for _, b := range append(c.ByCategory.Bars, c.ByChannel.Bars...) {
		found := false
		for _, ln := range lines {
			// pdftotext lays the two charts side by side on one line:
			// the label, then further right its amount and percentage.
			if i := strings.Index(ln, b.Label); i >= 0 && strings.Contains(ln[i:], b.Text) && strings.Contains(ln[strings.Index(ln[i:], b.Text)+i:], b.Pct) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no row %q … %s … %s", b.Label, b.Text, b.Pct)
		}
	}
	squashed := squash(text)
	for _, n := range c.ByCategory.PctNotes {
		if !strings.Contains(squashed, squash(n)) {
			t.Errorf("footnote %q missing", n)
		}
	}
}
