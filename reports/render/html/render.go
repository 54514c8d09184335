package html

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/output"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/render/sfnt"
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
const csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"

// Renderer renders HTML reports. New parses the templates and loads the
// ECharts bundle once; safe for concurrent use.
type Renderer struct {
	report  *template.Template
	index   *template.Template
	echarts template.JS
	font    []byte
}

// EmbedFont makes every page embed, as a data: URL, the glyphs of font
// (a TrueType font: the PDF's, templates.FontFile) for the Chinese
// characters the page shows, so it reads on a machine without a Chinese
// font. Only CJK code points use it (unicode-range); Latin text keeps the
// system font. A zh-CN report grows by some 300 KB.
func (r *Renderer) EmbedFont(font []byte) { r.font = font }

// fontFamily is the name the embedded font is declared under.
const fontFamily = "BL CJK"

// cjk is the unicode-range of the embedded font: CJK radicals and
// punctuation to the end of the BMP (full-width forms included).
const cjk = 0x2E80

// fontFace returns the @font-face rule for the CJK characters in page,
// or "" without any (or without EmbedFont). The strings the page script
// writes (万, 亿 in axis labels) are always included.
func (r *Renderer) fontFace(page []byte) (template.CSS, error) {
	if r.font == nil {
		return "", nil
	}
	seen := map[rune]bool{}
	var runes []rune
	for _, c := range string(page) + "万亿" {
		if c >= cjk && c <= 0xFFFF && !seen[c] {
			seen[c] = true
			runes = append(runes, c)
		}
	}
	if len(runes) == 0 {
		return "", nil
	}
	slices.Sort(runes)
	font, err := sfnt.Subset(r.font, runes)
	if err != nil {
		return "", err
	}
	return template.CSS(`@font-face{font-family:"` + fontFamily + `";src:url(data:font/ttf;base64,` +
		base64.StdEncoding.EncodeToString(font) + `) format("truetype");unicode-range:U+2E80-FFFF;font-display:block}`), nil
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
// directory, shown in this order. Empty links are left out of the page.
type Links struct {
	Index   string        // index.html, labelled html.nav.index
	Files   []output.Link // the same report in the other formats
	Exports []output.Link // the run's data exports
}

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
	if r.font != nil {
		// A first pass without the bundle finds the characters to embed.
		var text bytes.Buffer
		if err := execute(&text, r.report, "report", v, 128<<10); err != nil {
			return err
		}
		if v.FontFace, err = r.fontFace(text.Bytes()); err != nil {
			return fmt.Errorf("render html %s: %w", rep.Period.ID, err)
		}
	}
	v.ECharts = r.echarts
	// The page is the bundle plus some 60 KB of report and the font.
	return execute(w, r.report, "report", v, len(r.echarts)+len(v.FontFace)+128<<10)
}

// Name is "html": the Renderer is the output.Format of
// report-<period>.html.
func (r *Renderer) Name() string { return "html" }

// WriteReport renders rp's page with links to the index, the report in
// the other formats and the data exports (output.Format).
func (r *Renderer) WriteReport(w io.Writer, rp *output.Report) error {
	return r.RenderPage(w, rp.Page, rp.Report, rp.Lang, Links{Index: rp.Index, Files: rp.Files, Exports: rp.Exports})
}

// WriteIndex writes index.html for run: its Entries and Exports.
func (r *Renderer) WriteIndex(w io.Writer, run *output.Run) error {
	return r.RenderIndex(w, run.Company, run.Entries, run.Lang, run.Now, run.Exports)
}

// RenderIndex writes index.html: every report, newest first, with its
// headline figures and a link to each of its files, and the run's data
// exports. A report's period links its HTML page when it has one.
func (r *Renderer) RenderIndex(w io.Writer, company string, entries []output.Entry, lang *i18n.Lang, generated time.Time, exports []output.Link) error {
	if lang == nil {
		return fmt.Errorf("render index: nil language")
	}
	v := newIndexView(company, entries, lang, generated, exports)
	if r.font != nil {
		var text bytes.Buffer
		if err := execute(&text, r.index, "index", v, 16<<10+len(entries)<<10); err != nil {
			return err
		}
		var err error
		if v.FontFace, err = r.fontFace(text.Bytes()); err != nil {
			return fmt.Errorf("render index: %w", err)
		}
	}
	return execute(w, r.index, "index", v, 16<<10+len(entries)<<10+len(v.FontFace))
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
