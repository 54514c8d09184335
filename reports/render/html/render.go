package html

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/templates"
)

// Template files in templates.FS. The style sheet is shared by both pages.
const (
	reportFile = "report.html.tmpl"
	indexFile  = "index.html.tmpl"
	styleFile  = "html-style.tmpl"
)

// csp is the Content-Security-Policy of every page: inline script and
// style only, images only from data: URLs, nothing from the network.
const csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

// Renderer renders HTML reports. New parses the templates and loads the
// ECharts bundle once; safe for concurrent use.
type Renderer struct {
	report  *template.Template
	index   *template.Template
	echarts template.JS
}

// New parses the templates and loads the ECharts bundle from templates.FS.
func New() (*Renderer, error) { return newFromFS(templates.FS) }

func newFromFS(fsys fs.FS) (*Renderer, error) {
	js, err := fs.ReadFile(fsys, templates.EChartsFile)
	if err != nil {
		return nil, fmt.Errorf("load echarts: %w", err)
	}
	// The bundle is inlined in a <script> element; a "</script" inside it
	// would end the element early.
	if bytes.Contains(bytes.ToLower(js), []byte("</script")) {
		return nil, fmt.Errorf("load echarts: %s contains \"</script\"", templates.EChartsFile)
	}
	rep, err := template.New(reportFile).ParseFS(fsys, reportFile, styleFile)
	if err != nil {
		return nil, fmt.Errorf("parse report template: %w", err)
	}
	idx, err := template.New(indexFile).ParseFS(fsys, indexFile, styleFile)
	if err != nil {
		return nil, fmt.Errorf("parse index template: %w", err)
	}
	return &Renderer{report: rep, index: idx, echarts: template.JS(js)}, nil
}

// Links are the sibling files of a report, relative to the report's
// directory. Empty links are left out of the page.
type Links struct{ PDF, Index, SummaryJSON, VarianceCSV, VarianceXLSX string }

// Render writes the HTML page of rep in lang to w. The output depends only
// on its arguments: the same report gives the same bytes.
func (r *Renderer) Render(w io.Writer, rep *reports.Report, lang *i18n.Lang, links Links) error {
	if rep == nil || lang == nil {
		return fmt.Errorf("render html: nil report or language")
	}
	return r.RenderPage(w, present.Build(rep, lang), rep, lang, links)
}

// RenderPage writes the HTML page of pg, built from rep, to w. The text
// comes from pg; rep gives the charts their series.
func (r *Renderer) RenderPage(w io.Writer, pg *present.Page, rep *reports.Report, lang *i18n.Lang, links Links) error {
	if pg == nil || rep == nil || lang == nil {
		return fmt.Errorf("render html: nil page, report or language")
	}
	v, err := newReportView(rep, pg, lang, links)
	if err != nil {
		return fmt.Errorf("render html %s: %w", rep.Period.ID, err)
	}
	v.ECharts = r.echarts
	// The page is the bundle plus some 60 KB of report.
	return execute(w, r.report, "report", v, len(r.echarts)+128<<10)
}

// IndexEntry is one report listed in index.html.
type IndexEntry struct {
	Report    *reports.Report
	HTML, PDF string // hrefs relative to index.html
}

// RenderIndex writes index.html: every report, newest first, with its
// headline figures and links, and the run's data exports.
func (r *Renderer) RenderIndex(w io.Writer, company string, entries []IndexEntry, lang *i18n.Lang, generated time.Time, exports Links) error {
	if lang == nil {
		return fmt.Errorf("render index: nil language")
	}
	return execute(w, r.index, "index", newIndexView(company, entries, lang, generated, exports), 16<<10+len(entries)<<10)
}

// execute renders into a buffer first so a template error never leaves a
// half-written page behind in w.
func execute(w io.Writer, t *template.Template, name string, data any, sizeHint int) error {
	var buf bytes.Buffer
	buf.Grow(sizeHint)
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("execute %s template: %w", name, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// safeHref keeps relative links and drops anything with a scheme or that
// starts like one, so a link can never point off the page's directory tree
// (html/template would already neutralise javascript: URLs).
func safeHref(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "//") || strings.Contains(strings.SplitN(s, "/", 2)[0], ":") {
		return ""
	}
	return s
}
