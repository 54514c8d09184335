package html

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"strings"
	"sync"
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

	mu    sync.Mutex
	faces map[sfnt.Set]template.CSS // @font-face rules by characters
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
	var set sfnt.Set
	for _, c := range string(page) + "万亿" {
		if c >= cjk && c <= 0xFFFF {
			set.Add(c)
		}
	}
	if set.Len() == 0 {
		return "", nil
	}
	// Reports of one run mostly show the same characters: the rule is
	// made once per set.
	r.mu.Lock()
	css, ok := r.faces[set]
	r.mu.Unlock()
	if ok {
		return css, nil
	}
	font, err := sfnt.Subset(r.font, set.Runes())
	if err != nil {
		return "", err
	}
	css = template.CSS(`@font-face{font-family:"` + fontFamily + `";src:url(data:font/ttf;base64,` +
		base64.StdEncoding.EncodeToString(font) + `) format("truetype");unicode-range:U+2E80-FFFF;font-display:block}`)
	r.mu.Lock()
	if r.faces == nil || len(r.faces) >= 32 { // a long-lived renderer (watch) keeps the recent ones
		r.faces = map[sfnt.Set]template.CSS{}
	}
	r.faces[set] = css
	r.mu.Unlock()
	return css, nil
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
	if r.font == nil {
		v.ECharts = r.echarts
		return execute(w, r.report, "report", v, len(r.echarts)+128<<10)
	}
	// One pass with a mark in place of the font and of the bundle: the
	// page's own text gives the characters to embed, then the page is
	// written around the two (the 1 MB bundle is written, never copied
	// into a template buffer).
	v.FontFace, v.ECharts = template.CSS(fontMark), template.JS(bundleMark)
	var buf bytes.Buffer
	buf.Grow(128 << 10)
	if err := r.report.ExecuteTemplate(&buf, "report", v); err != nil {
		return fmt.Errorf("execute report template: %w", err)
	}
	page := buf.Bytes()
	i, j := bytes.Index(page, []byte(fontMark)), bytes.Index(page, []byte(bundleMark))
	if i < 0 || j < i || bytes.Count(page, []byte(fontMark)) != 1 || bytes.Count(page, []byte(bundleMark)) != 1 {
		return fmt.Errorf("render html %s: the template must show the font and the bundle once each", rep.Period.ID)
	}
	face, err := r.fontFace(page)
	if err != nil {
		return fmt.Errorf("render html %s: %w", rep.Period.ID, err)
	}
	for _, part := range [][]byte{page[:i], []byte(face), page[i+len(fontMark) : j], []byte(r.echarts), page[j+len(bundleMark):]} {
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
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

// The marks stand for the font and the bundle while a page is executed.
// html/template never writes a NUL from data (it becomes U+FFFD or an
// escape), so the marks cannot be forged by a workbook's text.
const (
	fontMark   = "\x00budgetlens-font\x00"
	bundleMark = "\x00budgetlens-echarts\x00"
)

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
