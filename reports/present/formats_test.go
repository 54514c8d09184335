package present_test

import (
	"bytes"
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/pipeline"
	"github.com/budgetlens/budgetlens/reports/present"
	htmlr "github.com/budgetlens/budgetlens/reports/render/html"
	pdfr "github.com/budgetlens/budgetlens/reports/render/pdf"
	"github.com/budgetlens/budgetlens/reports/reportstest"
	"github.com/budgetlens/budgetlens/templates"
)

// sampleReports analyses the sample inputs with the sample config in
// language tag, every period.
func sampleReports(t *testing.T, tag string) []*reports.Report {
	t.Helper()
	data, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("../../config.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Language = tag
	res, err := pipeline.Run(context.Background(), pipeline.Options{
		Config: cfg, Inbox: "../../sample-inputs", Out: t.TempDir(), Force: true,
		Now: time.Date(2026, 10, 2, 8, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.All
}

func fixtures(tag string) []*reports.Report {
	return []*reports.Report{reportstest.Month(tag), reportstest.Quarter(tag), reportstest.YearToDate(tag), reportstest.Hostile(tag), reportstest.Empty(tag)}
}

var (
	scripts = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`)
	tags    = regexp.MustCompile(`<[^>]*>`)
)

// squash removes all white space: pdftotext breaks lines (and Chinese
// lines between any two characters) where the layout wrapped them.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func htmlText(page []byte) string {
	s := scripts.ReplaceAllString(string(page), " ")
	s = tags.ReplaceAllString(s, " ")
	return squash(html.UnescapeString(s))
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not on PATH")
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return squash(string(out))
}

// TestFormatsTellTheSameStory renders every period of the samples and of
// the test fixtures, in both languages, as PDF and HTML, and checks that
// both show the page's headline, where it lands, every tile's label and
// value, the plan lines and the business-loop unit costs, word for word.
func TestFormatsTellTheSameStory(t *testing.T) {
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
		reps := append(sampleReports(t, tag), fixtures(tag)...)
		for i, rep := range reps {
			name := tag + "/" + rep.Period.ID
			if i >= len(reps)-5 {
				name += "/fixture"
			}
			t.Run(name, func(t *testing.T) {
				pg := present.Build(rep, l)
				var pb, hb bytes.Buffer
				if err := pr.RenderPage(&pb, pg, rep, l); err != nil {
					t.Fatal(err)
				}
				if err := hr.RenderPage(&hb, pg, rep, l, htmlr.Links{}); err != nil {
					t.Fatal(err)
				}
				texts := map[string]string{"pdf": pdfText(t, pb.Bytes()), "html": htmlText(hb.Bytes())}
				want := []string{pg.Headline, pg.Landing, pg.Attention}
				for _, tl := range pg.Tiles {
					want = append(want, tl.Label, tl.Value, tl.Sub, tl.Note)
				}
				want = append(want, pg.PlanLines...)
				want = append(want, pg.Loops...)
				if pg.Headline == "" {
					t.Error("empty headline")
				}
				for format, text := range texts {
					for _, w := range want {
						if w != "" && !strings.Contains(text, squash(w)) {
							t.Errorf("%s text lacks %q", format, w)
						}
					}
				}
			})
		}
	}
}

// TestWaterfallLandsWhereTheTilesSay checks, on every incomplete sample
// period, that the waterfall ends at the landing the tile shows.
func TestWaterfallLandsWhereTheTilesSay(t *testing.T) {
	l, err := i18n.Load("en", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	for _, rep := range sampleReports(t, "en") {
		if rep.Period.Complete || rep.Period.Kind == reports.KindMonth {
			continue
		}
		pg := present.Build(rep, l)
		steps := pg.Charts.Waterfall.Steps
		ld := present.LandingOf(rep)
		if len(steps) == 0 || !ld.OK {
			t.Errorf("%s: no waterfall or no landing", rep.Period.ID)
			continue
		}
		if got, want := steps[len(steps)-1].Value, ld.Landing.Round2(); got != want {
			t.Errorf("%s: waterfall lands at %.2f, the landing tile at %.2f", rep.Period.ID, got, want)
		}
	}
}
