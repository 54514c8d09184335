package html

import (
	"bytes"
	"flag"
	htmltemplate "html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/output"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/reportstest"
	"github.com/budgetlens/budgetlens/templates"
)

// -out writes every rendered page to a directory, to look at in a browser.
var outDir = flag.String("out", "", "write rendered pages to this directory")

var fixtures = []struct {
	name  string
	build func(string) *reports.Report
}{
	{"month", reportstest.Month},
	{"quarter", reportstest.Quarter},
	{"hostile", reportstest.Hostile},
	{"empty", reportstest.Empty},
}

var testLinks = Links{Index: "../index.html", Files: []output.Link{{Href: "report.pdf", Label: "PDF version"}},
	Exports: []output.Link{{Href: "../summary.json", Label: "summary.json"}, {Href: "../variance.csv", Label: "variance.csv"}, {Href: "../variance.xlsx", Label: "variance.xlsx"}}}

// entryFiles are an index entry's files, as the pipeline lists them.
func entryFiles(dir string) []output.Link {
	return []output.Link{{Href: dir + "/report.html", Label: "HTML"}, {Href: dir + "/report.pdf", Label: "PDF"}}
}

func newRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	font, err := templates.FS.ReadFile(templates.FontFile)
	if err != nil {
		t.Fatal(err)
	}
	r.EmbedFont(font)
	return r
}

func loadLang(t testing.TB, tag string) *i18n.Lang {
	t.Helper()
	l, err := i18n.Load(tag, "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func render(t testing.TB, r *Renderer, rep *reports.Report, l *i18n.Lang) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, rep, l, testLinks); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sampleEntries(tag string) []output.Entry {
	var es []output.Entry
	for _, f := range []func(string) *reports.Report{reportstest.Month, reportstest.Quarter, reportstest.Empty} {
		rep := f(tag)
		es = append(es, output.Entry{Report: rep, Files: entryFiles(rep.Period.ID)})
	}
	y := reportstest.Month(tag)
	y.Period = reports.YearPeriod(2026, time.January)
	y.Period.Through, y.Period.Complete = reports.Month{Year: 2026, Month: time.March}, false
	es = append(es, output.Entry{Report: y, Files: entryFiles("2026")})
	feb := reportstest.Month(tag)
	feb.Period = reports.MonthPeriod(reports.Month{Year: 2026, Month: time.February}, time.January)
	es = append(es, output.Entry{Report: feb, Files: entryFiles("2026-02")})
	return es
}

func renderIndex(t testing.TB, r *Renderer, tag string) []byte {
	t.Helper()
	var b bytes.Buffer
	exports := []output.Link{{Href: "summary.json", Label: "summary.json"}, {Href: "variance.csv", Label: "variance.csv"}, {Href: "variance.xlsx", Label: "variance.xlsx"}}
	if err := r.RenderIndex(&b, "云启软件 <Cloudrise>", sampleEntries(tag), loadLang(t, tag), reportstest.Generated, exports); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// externalRef finds an attribute that would make the browser fetch
// something: src, href, srcset, poster, action, data with a URL scheme or
// a protocol-relative URL.
var externalRef = regexp.MustCompile(`(?i)\b(src|href|srcset|poster|action|data|xlink:href)\s*=\s*["']?\s*(https?:|//|ftp:|file:)`)

// checkPage holds the properties every page must have.
func checkPage(t *testing.T, page []byte, tag string) {
	t.Helper()
	s := withoutECharts(string(page))
	if !strings.HasPrefix(s, "<!DOCTYPE html>") {
		t.Errorf("page does not start with a doctype: %.40q", s)
	}
	if want := `<html lang="` + tag + `">`; !strings.Contains(s, want) {
		t.Errorf("missing %s", want)
	}
	if i := strings.Index(s, "[html."); i >= 0 {
		t.Errorf("missing string: %s", s[i:min(len(s), i+40)])
	}
	if i := strings.Index(s, "[stage."); i >= 0 {
		t.Errorf("missing string: %s", s[i:min(len(s), i+40)])
	}
	if m := externalRef.FindString(s); m != "" {
		t.Errorf("page references the network: %q", m)
	}
	if !strings.Contains(s, `http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`) {
		t.Errorf("missing CSP meta tag")
	}
	for _, bad := range []string{"<link", "<img", "<iframe", "@import", "url(http", "cdn.", "jsdelivr", "unpkg"} {
		if strings.Contains(s, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
}

// withoutECharts drops the inlined bundle, whose code mentions URLs in
// strings; it is our own fixed file, checked once by New.
func withoutECharts(s string) string {
	js, err := fs.ReadFile(templates.FS, templates.EChartsFile)
	if err != nil {
		panic(err)
	}
	return strings.Replace(s, string(js), "", 1)
}

func TestRenderFixtures(t *testing.T) {
	r := newRenderer(t)
	for _, f := range fixtures {
		for _, tag := range i18n.Languages {
			t.Run(f.name+"/"+tag, func(t *testing.T) {
				l := loadLang(t, tag)
				page := render(t, r, f.build(tag), l)
				checkPage(t, page, tag)
				if again := render(t, r, f.build(tag), l); !bytes.Equal(page, again) {
					t.Errorf("two renders of the same report differ")
				}
				s := string(page)
				if f.name != "empty" {
					for _, id := range []string{"chart-1", "chart-2", "chart-3", "chart-4"} {
						if f.name == "hostile" && id == "chart-4" {
							continue // no funnel in the hostile fixture
						}
						if !strings.Contains(s, `id="`+id+`-opt"`) {
							t.Errorf("chart %s missing", id)
						}
					}
					if !strings.Contains(s, `<table class="sortable" id="variance">`) {
						t.Errorf("variance table missing")
					}
				}
				for _, link := range []string{`href="report.pdf"`, `href="../index.html"`, `href="../summary.json"`, `href="../variance.csv"`, `href="../variance.xlsx"`} {
					if !strings.Contains(s, link) {
						t.Errorf("missing link %s", link)
					}
				}
				if *outDir != "" {
					if err := os.MkdirAll(*outDir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(*outDir, f.name+"-"+tag+".html"), page, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	r := newRenderer(t)
	for _, tag := range i18n.Languages {
		t.Run(tag, func(t *testing.T) {
			s := string(render(t, r, reportstest.Hostile(tag), loadLang(t, tag)))
			for _, bad := range []string{"<script>alert", "</script><script>alert", `"http://x"`} {
				if strings.Contains(s, bad) {
					t.Errorf("page contains unescaped %q", bad)
				}
			}
			// In HTML text the names appear entity-escaped; in the chart
			// JSON html/template writes < and > as \u003c and \u003e.
			for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", `\u003cscript\u003ealert(1)\u003c/script\u003e`, "Emoji 🚀 category", "&#34;quoted&#34; &amp; &#39;amp&#39;"} {
				if !strings.Contains(s, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			// Every <script> element is one of ours.
			for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(s, -1) {
				if m != "<script>" && m != `<script type="application/json" id="bl-config">` && !regexp.MustCompile(`^<script type="application/json" id="chart-\d-opt">$`).MatchString(m) {
					t.Errorf("unexpected script element %s", m)
				}
			}
			if n := strings.Count(s, "<script"); n != strings.Count(s, "</script>") {
				t.Errorf("%d <script openings but %d closings", n, strings.Count(s, "</script>"))
			}
		})
	}
}

func TestRenderIndex(t *testing.T) {
	r := newRenderer(t)
	for _, tag := range i18n.Languages {
		t.Run(tag, func(t *testing.T) {
			page := renderIndex(t, r, tag)
			checkPage(t, page, tag)
			s := string(page)
			if strings.Contains(s, "<script") {
				t.Errorf("index contains a script")
			}
			if !strings.Contains(s, "云启软件 &lt;Cloudrise&gt;") {
				t.Errorf("company name not escaped")
			}
			// Newest first by end month; within March the quarter, then the month.
			order := []string{`href="2026/report.html"`, `href="2026-Q1/report.html"`, `href="2026-03/report.html"`, `href="2026-02/report.html"`}
			last := -1
			for _, o := range order {
				i := strings.Index(s, o)
				if i < 0 {
					t.Fatalf("missing %s", o)
				}
				if i < last {
					t.Errorf("%s out of order", o)
				}
				last = i
			}
			for _, link := range []string{`href="summary.json"`, `href="variance.csv"`, `href="variance.xlsx"`, `href="2026-03/report.pdf"`} {
				if !strings.Contains(s, link) {
					t.Errorf("missing link %s", link)
				}
			}
			// The headline has no full stop (it is a title in the
			// reports): the landing sentence goes on its own line rather
			// than running on after it ("… over budget The fiscal year …").
			pg := present.Build(reportstest.Month(tag), loadLang(t, tag))
			var want strings.Builder
			hint := htmltemplate.Must(htmltemplate.New("").Parse(`<div class="hint">{{.}}</div>`))
			for _, line := range []string{pg.Headline, pg.Landing} {
				if err := hint.Execute(&want, line); err != nil {
					t.Fatal(err)
				}
			}
			if pg.Landing == "" || !strings.Contains(s, want.String()) {
				t.Errorf("index row lacks headline and landing as two lines:\n%s", want.String())
			}
			if !bytes.Equal(page, renderIndex(t, r, tag)) {
				t.Errorf("two renders of the same index differ")
			}
			if *outDir != "" {
				if err := os.WriteFile(filepath.Join(*outDir, "index-"+tag+".html"), page, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestIndexLinksEachFile: the index links every file an entry lists, in
// its order and with its label, and the period opens the HTML page only
// when there is one.
func TestIndexLinksEachFile(t *testing.T) {
	r := newRenderer(t)
	l := loadLang(t, "en")
	tests := []struct {
		name     string
		files    []output.Link
		wantOpen string // the "Open" cell
		period   bool   // the period links the HTML page
	}{
		{"every format", []output.Link{{Href: "m.html", Label: "HTML"}, {Href: "m.pdf", Label: "PDF"}, {Href: "m.txt", Label: "Text"}},
			`<td><a href="m.html">HTML</a> · <a href="m.pdf">PDF</a> · <a href="m.txt">Text</a></td>`, true},
		{"a PDF left by an earlier run", []output.Link{{Href: "m.pdf", Label: "PDF"}},
			`<td><a href="m.pdf">PDF</a></td>`, false},
		{"an unsafe href is dropped", []output.Link{{Href: "javascript:alert(1)", Label: "HTML"}, {Href: "m.pdf", Label: "PDF"}},
			`<td><a href="m.pdf">PDF</a></td>`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			entries := []output.Entry{{Report: reportstest.Month("en"), Files: tc.files}}
			if err := r.RenderIndex(&b, "Cloudrise", entries, l, reportstest.Generated, nil); err != nil {
				t.Fatal(err)
			}
			s := b.String()
			if !strings.Contains(s, tc.wantOpen) {
				t.Errorf("index lacks %s", tc.wantOpen)
			}
			if got := strings.Contains(s, `<a href="m.html"><strong>`); got != tc.period {
				t.Errorf("period links the HTML page: got %v, want %v", got, tc.period)
			}
		})
	}
}

func TestSortEntries(t *testing.T) {
	es := sampleEntries("en")
	var got []string
	for _, e := range sortEntries(append(es, output.Entry{})) {
		got = append(got, e.Report.Period.ID)
	}
	want := []string{"2026", "2026-Q1", "2026-03", "2026-03", "2026-02"}
	// The Empty fixture is also March 2026: it keeps its input order.
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestSafeHref(t *testing.T) {
	tests := []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"../index.html", "../index.html"},
		{"2026-03/report.html", "2026-03/report.html"},
		{"https://cdn.example/x.js", ""},
		{"//cdn.example/x.js", ""},
		{"javascript:alert(1)", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := safeHref(tt.in); got != tt.want {
			t.Errorf("safeHref(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

var usedKey = regexp.MustCompile(`"(html\.[a-z_.]*[a-z_])"`)

// TestStringKeys fails when an html. key is missing in either language or
// a key the renderer uses is not defined.
func TestStringKeys(t *testing.T) {
	sets := map[string][]string{}
	for _, tag := range i18n.Languages {
		keys, err := i18n.Keys(tag)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if strings.HasPrefix(k, "html.") {
				sets[tag] = append(sets[tag], k)
			}
		}
	}
	for _, a := range i18n.Languages {
		for _, b := range i18n.Languages {
			for _, k := range sets[a] {
				if !slices.Contains(sets[b], k) {
					t.Errorf("key %s is defined in %s but not in %s", k, a, b)
				}
			}
		}
	}
	// Keys named literally in the Go code and the templates.
	var used []string
	srcs, _ := filepath.Glob("*.go")
	for _, src := range srcs {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(src, "_test.go") {
			for _, m := range usedKey.FindAllStringSubmatch(string(b), -1) {
				used = append(used, m[1])
			}
		}
	}
	tmpls, err := fs.Glob(templates.FS, "*.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range tmpls {
		b, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range usedKey.FindAllStringSubmatch(string(b), -1) {
			used = append(used, m[1])
		}
	}
	// Keys built from a prefix and a value.
	for _, k := range []string{"budget", "ledger", "funnel", "unknown"} {
		used = append(used, "html.filekind."+k)
	}
	for _, k := range []string{"html.n.alert", "html.n.warning"} {
		used = append(used, k+".one", k+".other")
	}
	if len(used) < 50 {
		t.Fatalf("found only %d used keys; is the scan broken?", len(used))
	}
	for _, tag := range i18n.Languages {
		l := loadLang(t, tag)
		for _, k := range used {
			if !l.Has(k) && !l.Has(k+".one") { // plural prefixes are checked with their forms
				t.Errorf("%s: key %s is used but not defined", tag, k)
			}
		}
	}
}

func BenchmarkRender(b *testing.B) {
	r := newRenderer(b)
	rep := reportstest.Month("en")
	l := loadLang(b, "en")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.Render(&buf, rep, l, testLinks); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkRenderIndex(b *testing.B) {
	r := newRenderer(b)
	l := loadLang(b, "en")
	entries := sampleEntries("en")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.RenderIndex(&buf, "Cloudrise", entries, l, reportstest.Generated, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLoopCostsShown: the business-loop unit costs are on the page, in the
// tiles' compact money, as in the PDF.
func TestLoopCostsShown(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, want string }{
		{"en", "Acquisition cost per lead ¥363"},
		{"zh-CN", "孵化环节线索成本¥253"},
	} {
		l, err := i18n.Load(tc.lang, "CNY")
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := r.Render(&b, reportstest.Month(tc.lang), l, Links{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%s: the business-loop unit costs (%q) are not on the page", tc.lang, tc.want)
		}
	}
}

// TestIndexCountsOnlyWhatThereIs: the index's findings column names the
// counts that are not zero ("8 warnings", not "0 alerts, 8 warnings") and
// says "none" when there is nothing.
func TestIndexCountsOnlyWhatThereIs(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range []struct{ tag, none string }{{"en", "none"}, {"zh-CN", "无"}} {
		t.Run(tc.tag, func(t *testing.T) {
			l := loadLang(t, tc.tag)
			month := reportstest.Month(tc.tag)
			var warnsOnly []reports.Finding
			for _, f := range month.Findings {
				if f.Severity != reports.SevAlert {
					warnsOnly = append(warnsOnly, f)
				}
			}
			month.Findings = warnsOnly
			_, warns := month.Alerts()
			if warns == 0 {
				t.Fatal("fixture has no warnings")
			}
			quiet := reportstest.Month(tc.tag)
			quiet.Period = reports.MonthPeriod(reports.Month{Year: 2026, Month: time.February}, time.January)
			quiet.Findings = nil
			entries := []output.Entry{{Report: month, Files: entryFiles(month.Period.ID)}, {Report: quiet, Files: entryFiles(quiet.Period.ID)}}
			var b bytes.Buffer
			if err := r.RenderIndex(&b, "Cloudrise", entries, l, reportstest.Generated, nil); err != nil {
				t.Fatal(err)
			}
			s := b.String()
			for _, want := range []string{`<span class="sev warn">` + l.Count("html.n.warning", warns) + `</span>`, `<td>` + tc.none + `</td>`} {
				if !strings.Contains(s, want) {
					t.Errorf("index lacks %s", want)
				}
			}
			if zero := l.Count("html.n.alert", 0); strings.Contains(s, zero) {
				t.Errorf("index shows %q", zero)
			}
		})
	}
}
