package pipeline

import (
	"fmt"
	"io"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/excel"
	"github.com/budgetlens/budgetlens/reports/export"
	"github.com/budgetlens/budgetlens/reports/output"
	htmlr "github.com/budgetlens/budgetlens/reports/render/html"
	pdfr "github.com/budgetlens/budgetlens/reports/render/pdf"
	"github.com/budgetlens/budgetlens/templates"
)

// Output file names besides the reports.
const (
	IndexFile    = "index.html"
	SummaryFile  = "summary.json"
	CSVFile      = "variance.csv"
	XLSXFile     = "variance.xlsx"
	ManifestFile = "manifest.json"
	// SuggestionsFile holds the latest fiscal year's re-estimated
	// [[channel]] benchmarks (the technical appendix), when there are any.
	SuggestionsFile = "config-suggestions.toml"
)

// Outputs is the registration of every output: the report formats, in
// the order the index lists them, and the run's own files, in the order
// they are put in place. Run and consolidate write this Set; a new format
// is one more entry in Formats (see package output).
func Outputs() (*output.Set, error) {
	font, err := templates.FS.ReadFile(templates.FontFile)
	if err != nil {
		return nil, err
	}
	pr, err := pdfr.New(font)
	if err != nil {
		return nil, fmt.Errorf("load PDF font: %w", err)
	}
	hr, err := htmlr.New()
	if err != nil {
		return nil, fmt.Errorf("load HTML templates: %w", err)
	}
	// HTML pages embed the PDF font's Chinese glyphs they use.
	hr.EmbedFont(font)
	return &output.Set{
		Formats: []output.Format{hr, pr},
		Files: []output.File{
			{Name: SuggestionsFile, Skip: noSuggestions, Write: writeSuggestions},
			{Name: SummaryFile, Export: true, Write: writeSummary},
			{Name: CSVFile, Export: true, Write: writeCSV},
			{Name: XLSXFile, Export: true, Write: writeXLSX},
			// The index goes last so it never links a report that is not there yet.
			{Name: IndexFile, Write: hr.WriteIndex},
		},
	}, nil
}

func writeSummary(w io.Writer, r *output.Run) error {
	return export.Summary(w, r.Company, r.Currency, r.Reports, r.Now)
}

func writeCSV(w io.Writer, r *output.Run) error { return export.VarianceCSV(w, r.Reports, r.Lang) }

func writeXLSX(w io.Writer, r *output.Run) error { return excel.WriteVariance(w, r.Reports, r.Lang) }

func noSuggestions(r *output.Run) bool { return suggestions(r.Reports) == "" }

func writeSuggestions(w io.Writer, r *output.Run) error {
	_, err := io.WriteString(w, suggestions(r.Reports))
	return err
}

// suggestions is the latest fiscal year's config snippet: reps are in
// period order, the last year with one wins.
func suggestions(reps []*reports.Report) string {
	var snippet string
	for _, rep := range reps {
		if rep.Period.Kind == reports.KindYear && rep.ConfigSnippet != "" {
			snippet = rep.ConfigSnippet
		}
	}
	return snippet
}
