package output

import (
	"io"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/publish"
)

// Format is one way of writing a period's report: one file per report,
// report-<period>.<Name>, e.g. report-2026-03.pdf. Name is the file
// extension without its dot; the strings output.<Name> (its label in the
// index) and output.<Name>.link (its label on the pages of the other
// formats) name it in every language. WriteReport renders the page it is
// given and computes nothing of its own, so every format tells the same
// story; the same Report gives the same bytes.
type Format interface {
	Name() string
	WriteReport(w io.Writer, r *Report) error
}

// Report is one period's report as a Format receives it.
type Report struct {
	Page   *present.Page
	Report *reports.Report // the figures behind the page, for chart series
	Lang   *i18n.Lang
	// Index is the href of index.html, "" when there is none to link.
	Index string
	// Files are the same report in the other formats, in the Set's order.
	Files []Link
	// Exports are the run's data exports (Files marked Export).
	Exports []Link
}

// Link is a file a page links to: an href relative to the outputs folder
// and its label in the page's language.
type Link struct{ Href, Label string }

// File is a file a run writes once from all of its reports.
type File struct {
	Name string
	// Export marks a data export: linked from the index and from every
	// report page, labelled with its file name.
	Export bool
	// Skip, when set, leaves the file out of a run that has nothing to
	// put in it.
	Skip  func(run *Run) bool
	Write func(w io.Writer, run *Run) error
}

// Run is what a run's Files are written from.
type Run struct {
	Company  string
	Currency string
	Lang     *i18n.Lang
	Now      time.Time
	// Reports are every period with data, in period order, rendered in
	// this run or not: summary.json and the exports never shrink to the
	// periods of a -period run.
	Reports []*reports.Report
	// Entries are the reports the index lists, with their files.
	Entries []Entry
	// Exports are the data exports the index links; Plan sets them.
	Exports []Link
}

// Entry is one report listed in the index: the report and its files, one
// per Format, in the Set's order.
type Entry struct {
	Report *reports.Report
	Files  []Link
}

// Set is everything a run writes: every report in each of Formats, then
// Files in the order they are put in place (the index last, so that it
// never links a file that is not there yet).
type Set struct {
	Formats []Format
	Files   []File
}

// ReportBase is the file name stem of a period's report files:
// "report-2026-03", "report-2026-Q1", "report-2026".
func ReportBase(p reports.Period) string { return "report-" + p.ID }

// FileName is the name of rep's file in format f: "report-2026-03.pdf".
func FileName(p reports.Period, f Format) string { return ReportBase(p) + "." + f.Name() }

// Links lists the files of the report of period p, one per format in the
// Set's order, labelled in lang (output.<name>); with has set, only the
// files it reports as there.
func (s *Set) Links(p reports.Period, lang *i18n.Lang, has func(name string) bool) []Link {
	var out []Link
	for _, f := range s.Formats {
		name := FileName(p, f)
		if has == nil || has(name) {
			out = append(out, Link{Href: name, Label: lang.T("output." + f.Name())})
		}
	}
	return out
}

// Plan lists the files of a run, in the order they are put in place:
// each of reps in every format, then the run's Files that run does not
// skip. Each report links index ("" for none), itself in the other
// formats and the data exports; run.Exports is set to the same exports.
func (s *Set) Plan(reps []*reports.Report, run *Run, index string) []publish.File {
	run.Exports = nil
	for _, f := range s.Files {
		if f.Export && (f.Skip == nil || !f.Skip(run)) {
			run.Exports = append(run.Exports, Link{Href: f.Name, Label: f.Name})
		}
	}
	var files []publish.File
	for _, rep := range reps {
		// One page per report: every format tells the same story.
		pg := present.Build(rep, run.Lang)
		key := pg.ContentKey()
		for _, f := range s.Formats {
			r := &Report{Page: pg, Report: rep, Lang: run.Lang, Index: index, Exports: run.Exports}
			for _, o := range s.Formats {
				if o != f {
					r.Files = append(r.Files, Link{Href: FileName(rep.Period, o), Label: run.Lang.T("output." + o.Name() + ".link")})
				}
			}
			files = append(files, publish.File{Name: FileName(rep.Period, f), Content: key,
				Fill: func(w io.Writer) error { return f.WriteReport(w, r) }})
		}
	}
	for _, f := range s.Files {
		if f.Skip != nil && f.Skip(run) {
			continue
		}
		files = append(files, publish.File{Name: f.Name, Fill: func(w io.Writer) error { return f.Write(w, run) }})
	}
	return files
}
