package pdf_test

import (
	"context"
	"io"
	"os"
	"strconv"
	"sync"
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

// laidOut is one rendered document's layout.
type laidOut struct {
	name string
	lay  pdf.Layout
}

var (
	layoutsMu sync.Mutex
	layouts   []laidOut
)

// allLayouts renders every period of the samples and the fixtures in both
// languages once per test binary and returns their layouts.
func allLayouts(t *testing.T) []laidOut {
	t.Helper()
	layoutsMu.Lock()
	defer layoutsMu.Unlock()
	if layouts != nil {
		return layouts
	}
	font, err := templates.FS.ReadFile(templates.FontFile)
	if err != nil {
		t.Fatal(err)
	}
	r, err := pdf.New(font)
	if err != nil {
		t.Fatal(err)
	}
	var out []laidOut
	for _, tag := range i18n.Languages {
		l, err := i18n.Load(tag, "CNY")
		if err != nil {
			t.Fatal(err)
		}
		fixtures := []*reports.Report{reportstest.Month(tag), reportstest.Quarter(tag), reportstest.YearToDate(tag), reportstest.NoFunnel(tag)}
		reps := append(sampleReports(t, tag), fixtures...)
		for i, rep := range reps {
			name := tag + "/" + rep.Period.ID
			if i >= len(reps)-len(fixtures) {
				name += "/fixture-" + strconv.Itoa(i-len(reps)+len(fixtures)+1)
			}
			lay, err := r.RenderLayout(io.Discard, present.Build(rep, l), rep, l)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, laidOut{name, lay})
		}
	}
	layouts = out
	return out
}

// TestNothingCutNoEmptyPage renders every period of the samples and the
// fixtures in both languages and measures each text against its box: no
// table cell, label or footnote may be shortened with "…", and no page
// may be nearly empty.
func TestNothingCutNoEmptyPage(t *testing.T) {
	for _, lo := range allLayouts(t) {
		t.Run(lo.name, func(t *testing.T) {
			for _, c := range lo.lay.Cuts {
				t.Errorf("cut to fit: %q", c)
			}
			for p, h := range lo.lay.Fill {
				if h < minFill {
					t.Errorf("page %d of %d holds %.0f mm, want at least %.0f", p+1, len(lo.lay.Fill), h, minFill)
				}
			}
		})
	}
}

// minLastFill is the least share of a page the last page holds: a last
// page with a few lines on it reads as a page printed by mistake.
const minLastFill = 0.2

// TestNoOrphanedHeadingNoNearEmptyLastPage renders the samples and the
// fixtures in both languages and looks at where each heading landed: a
// section, sub-section or table title whose content runs on to the next
// page keeps at least a block of it (pdf.MinKeep) under it, and the last
// page is at least a fifth full.
func TestNoOrphanedHeadingNoNearEmptyLastPage(t *testing.T) {
	for _, lo := range allLayouts(t) {
		t.Run(lo.name, func(t *testing.T) {
			lay := lo.lay
			if len(lay.Headings) < 5 {
				t.Fatalf("%d headings recorded, want every section's", len(lay.Headings))
			}
			for _, h := range lay.Headings {
				if h.Broke && h.Below < pdf.MinKeep {
					t.Errorf("page %d: heading %q is orphaned: %.1f mm of its content under it, the rest on page %d", h.Page, h.Text, h.Below, h.Page+1)
				}
			}
			last := lay.Fill[len(lay.Fill)-1]
			if last < minLastFill*lay.Usable {
				t.Errorf("last page (%d) holds %.0f mm of %.0f, want at least %.0f%%", len(lay.Fill), last, lay.Usable, minLastFill*100)
			}
		})
	}
}
