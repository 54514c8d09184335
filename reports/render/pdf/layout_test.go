package pdf_test

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/pipeline"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/render/pdf"
	"github.com/budgetlens/budgetlens/reports/reportstest"
	"github.com/budgetlens/budgetlens/templates"
)

// sampleReports analyses the sample inputs with the sample config in
// language tag, every period.
func sampleReports(t *testing.T, tag string) []*reports.Report {
	t.Helper()
	data, err := os.ReadFile("../../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("../../../config.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Language = tag
	res, err := pipeline.Run(context.Background(), pipeline.Options{
		Config: cfg, Inbox: "../../../sample-inputs", Out: t.TempDir(), Force: true,
		Now: time.Date(2026, 10, 2, 8, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.All
}

// minFill is the least content, in millimetres, a page may hold: less
// reads as a page printed by mistake.
const minFill = 40.0

// TestNothingCutNoEmptyPage renders every period of the samples and the
// fixtures in both languages and measures each text against its box: no
// table cell, label or footnote may be shortened with "…", and no page
// may be nearly empty.
func TestNothingCutNoEmptyPage(t *testing.T) {
	font, err := templates.FS.ReadFile(templates.FontFile)
	if err != nil {
		t.Fatal(err)
	}
	r, err := pdf.New(font)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range i18n.Languages {
		l, err := i18n.Load(tag, "CNY")
		if err != nil {
			t.Fatal(err)
		}
		reps := append(sampleReports(t, tag), reportstest.Month(tag), reportstest.Quarter(tag), reportstest.YearToDate(tag))
		for i, rep := range reps {
			name := tag + "/" + rep.Period.ID
			if i >= len(reps)-3 {
				name += "/fixture"
			}
			t.Run(name, func(t *testing.T) {
				lay, err := r.RenderLayout(io.Discard, present.Build(rep, l), rep, l)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range lay.Cuts {
					t.Errorf("cut to fit: %q", c)
				}
				for p, h := range lay.Fill {
					if h < minFill {
						t.Errorf("page %d of %d holds %.0f mm, want at least %.0f", p+1, len(lay.Fill), h, minFill)
					}
				}
			})
		}
	}
}
