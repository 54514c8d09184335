package present_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
	htmlr "github.com/budgetlens/budgetlens/reports/render/html"
	pdfr "github.com/budgetlens/budgetlens/reports/render/pdf"
	"github.com/budgetlens/budgetlens/reports/reportstest"
	"github.com/budgetlens/budgetlens/templates"
)

// pdfPage1 is the text of the first page of pdf, white space removed.
func pdfPage1(t *testing.T, pdf []byte) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return squash(string(out))
}

// TestPageOneAnswersThreeQuestions renders the fixtures, among them a
// company that tracks no funnel and no revenue, in both languages, and
// checks that page 1 of the PDF and the HTML answer with numbers: where
// we are (budget, actual and variance; "to date" labels for an incomplete
// period), where we land (the landing against the full budget) and what
// we do (the plan's lines: the gap against the cuts, the moves, the
// effect). A tile with nothing to show is left out — none reads 0, n/a
// or "—" — and a company without a funnel gets no funnel tiles and no
// "no funnel data" box.
func TestPageOneAnswersThreeQuestions(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not on PATH")
	}
	font, err := templates.FS.ReadFile(templates.FontFile)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := pdfr.New(font)
	if err != nil {
		t.Fatal(err)
	}
	hr, err := htmlr.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range i18n.Languages {
		l, err := i18n.Load(tag, "CNY")
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name     string
			rep      *reports.Report
			noFunnel bool
		}{
			{"month", reportstest.Month(tag), false},
			{"quarter-to-date", reportstest.Quarter(tag), false},
			{"year-to-date", reportstest.YearToDate(tag), false},
			{"no-funnel", reportstest.NoFunnel(tag), true},
		} {
			t.Run(tag+"/"+tc.name, func(t *testing.T) {
				rep := tc.rep
				pg := present.Build(rep, l)
				var pb, hb bytes.Buffer
				if err := pr.RenderPage(&pb, pg, rep, l); err != nil {
					t.Fatal(err)
				}
				if err := hr.RenderPage(&hb, pg, rep, l, htmlr.Links{}); err != nil {
					t.Fatal(err)
				}
				page1, doc, web := pdfPage1(t, pb.Bytes()), pdfText(t, pb.Bytes()), htmlText(hb.Bytes())

				tiles := map[string]present.Tile{}
				for _, tl := range pg.Tiles {
					tiles[tl.Key] = tl
					switch strings.TrimSpace(tl.Value) {
					case "", "0", "—", "-", l.T("na"), l.Money(0), l.MoneyShort(0):
						t.Errorf("tile %q reads %q: a tile without data is left out", tl.Label, tl.Value)
					}
				}
				// Where we are.
				for _, k := range []string{"budget", "actual", "variance"} {
					if _, ok := tiles[k]; !ok {
						t.Errorf("no %s tile", k)
					}
				}
				if !rep.Period.Complete {
					if got, want := tiles["budget"].Label, l.T("present.tile.budget_td"); got != want {
						t.Errorf("budget tile of an incomplete period is labelled %q, want %q", got, want)
					}
				}
				// Where we land.
				want := []string{pg.Headline}
				if ld := present.LandingOf(rep); ld.OK {
					lt, ok := tiles["landing"]
					if !ok {
						t.Fatal("no landing tile")
					}
					if pg.Landing == "" || !strings.Contains(pg.Landing, l.MoneyShort(ld.Budget)) {
						t.Errorf("landing sentence %q does not name the full budget %s", pg.Landing, l.MoneyShort(ld.Budget))
					}
					want = append(want, pg.Landing, lt.Value, lt.Sub)
				}
				// What we do.
				if len(rep.Plan.Steps) > 0 && len(pg.PlanLines) == 0 {
					t.Error("the period has a plan and page 1 shows none of it")
				}
				want = append(want, pg.PlanLines...)
				for _, tl := range pg.Tiles {
					want = append(want, tl.Label, tl.Value)
				}
				for _, w := range want {
					if w == "" {
						continue
					}
					if !strings.Contains(page1, squash(w)) {
						t.Errorf("PDF page 1 lacks %q", w)
					}
					if !strings.Contains(web, squash(w)) {
						t.Errorf("HTML lacks %q", w)
					}
				}
				if !tc.noFunnel {
					return
				}
				for _, k := range []string{"leads", "mql", "won", "cac", "roas"} {
					if tl, ok := tiles[k]; ok {
						t.Errorf("a company without a funnel has a %s tile reading %q", k, tl.Value)
					}
				}
				if s := squash(l.T("pdf.chart.nodata.funnel")); strings.Contains(doc, s) {
					t.Errorf("PDF shows a %q box", l.T("pdf.chart.nodata.funnel"))
				}
				if s := squash(l.T("html.chart.nodata")); strings.Contains(web, s) {
					t.Errorf("HTML shows an empty chart card %q", l.T("html.chart.nodata"))
				}
			})
		}
	}
}
