package pdf

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/budgetlens/budgetlens/reports/present"
)

// TestPalette checks every palette colour reads as one, and that the PDF
// draws tones with the palette's colours.
func TestPalette(t *testing.T) {
	for _, c := range []string{present.ColourBad, present.ColourBadBg, present.ColourGood, present.ColourGoodBg,
		present.ColourAC, present.ColourPL, present.ColourPLLine, present.ColourFC, present.ColourPY} {
		got := hexRGB(c)
		if back := fmt.Sprintf("#%02x%02x%02x", got.r, got.g, got.b); back != c {
			t.Errorf("hexRGB(%q) = %v, reads back as %q", c, got, back)
		}
	}
	if toneColour(present.Bad, cInk) != hexRGB(present.ColourBad) || toneColour(present.Good, cInk) != hexRGB(present.ColourGood) || toneColour(present.Neutral, cInk) != cInk {
		t.Error("toneColour does not use the palette")
	}
}

// grey is a rasterised page in grey levels (0 black … 255 white).
type grey struct {
	w, h int
	px   []byte
}

// rasterise renders page 1 of pdf with pdftoppm in grey at dpi, skipping
// the test when pdftoppm is missing (make test-deps installs it).
func rasterise(t *testing.T, pdf []byte, dpi int) grey {
	t.Helper()
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Skip("pdftoppm not on PATH (poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "page")
	if b, err := exec.Command(bin, "-gray", "-r", fmt.Sprint(dpi), "-f", "1", "-l", "1", "-singlefile", in, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, b)
	}
	data, err := os.ReadFile(out + ".pgm")
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(bytes.NewReader(data))
	var g grey
	var maxV int
	if _, err := fmt.Fscanf(r, "P5\n%d %d\n%d\n", &g.w, &g.h, &maxV); err != nil || maxV != 255 {
		t.Fatalf("not an 8-bit PGM: %v (max %d)", err, maxV)
	}
	g.px = make([]byte, g.w*g.h)
	if _, err := io.ReadFull(r, g.px); err != nil {
		t.Fatal(err)
	}
	return g
}

// stats returns the mean grey level and its standard deviation over the
// rectangle (x, y, w, h) in mm, a margin of 0.6 mm inside.
func (g grey) stats(x, y, w, h float64, dpi int) (mean, sd float64) {
	px := func(mm float64) int { return int(math.Round(mm / 25.4 * float64(dpi))) }
	var n, sum, sq float64
	for j := px(y + 0.6); j < px(y+h-0.6); j++ {
		for i := px(x + 0.6); i < px(x+w-0.6); i++ {
			v := float64(g.px[j*g.w+i])
			n++
			sum += v
			sq += v * v
		}
	}
	mean = sum / n
	return mean, math.Sqrt(math.Max(0, sq/n-mean*mean))
}

// TestScenariosApartInGrey draws each IBCS scenario's column as the
// charts draw it (the actual in each of its tones), prints the page in
// grey with pdftoppm and checks that every two scenarios differ in grey
// level or in pattern, so a grey-scale print tells actual, plan,
// forecast and prior year apart.
func TestScenariosApartInGrey(t *testing.T) {
	type col struct {
		name string
		s    scenario
		ac   rgb
	}
	cols := []col{
		{"AC", scAC, cActual}, {"AC over plan", scAC, cBad}, {"AC under plan", scAC, cGood},
		{"PL", scPL, cPLFill}, {"FC", scFC, cFC}, {"PY", scPY, cPY},
	}
	const x0, y0, w, h, dpi = 20.0, 20.0, 12.0, 40.0, 150
	d := &doc{pdf: fpdf.New("P", "mm", "A4", "")}
	d.pdf.AddPage()
	for i, c := range cols {
		d.scenarioRect(c.s, x0+float64(i)*(w+6), y0+h, w, -h, c.ac) // a column drawn upwards, as the charts do
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	g := rasterise(t, buf.Bytes(), dpi)
	type look struct{ mean, sd float64 }
	looks := make([]look, len(cols))
	for i := range cols {
		looks[i].mean, looks[i].sd = g.stats(x0+float64(i)*(w+6), y0, w, h, dpi)
		t.Logf("%-14s grey %5.1f ± %4.1f", cols[i].name, looks[i].mean, looks[i].sd)
	}
	// Apart: 30 grey levels between the means, or one patterned and the
	// other plain (a standard deviation 20 levels larger).
	for i := range cols {
		for j := i + 1; j < len(cols); j++ {
			if cols[i].s == cols[j].s {
				continue // the actual's tones are one scenario
			}
			a, b := looks[i], looks[j]
			if math.Abs(a.mean-b.mean) < 30 && math.Abs(a.sd-b.sd) < 20 {
				t.Errorf("%s (grey %.0f ± %.0f) and %s (grey %.0f ± %.0f) look alike in grey", cols[i].name, a.mean, a.sd, cols[j].name, b.mean, b.sd)
			}
		}
	}
	// The actual is the darkest, solid; the plan the lightest solid.
	for i, c := range cols {
		if c.s == scAC && (looks[i].mean > 110 || looks[i].sd > 5) {
			t.Errorf("%s: grey %.0f ± %.0f, want solid and dark", c.name, looks[i].mean, looks[i].sd)
		}
	}
}
