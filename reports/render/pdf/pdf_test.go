package pdf

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/reportstest"
	"github.com/budgetlens/budgetlens/templates"
)

var (
	update = flag.Bool("update", false, "rewrite testdata/*.golden")
	outDir = flag.String("out", "", "also write the rendered PDFs to this directory")
)

var (
	rendererOnce sync.Once
	renderer     *Renderer
	rendererErr  error
)

func testRenderer(t testing.TB) *Renderer {
	t.Helper()
	rendererOnce.Do(func() {
		font, err := templates.FS.ReadFile(templates.FontFile)
		if err != nil {
			rendererErr = err
			return
		}
		renderer, rendererErr = New(font)
	})
	if rendererErr != nil {
		t.Fatalf("New: %v", rendererErr)
	}
	return renderer
}

// cache holds each fixture's PDF, rendered once per test binary: a render
// re-reads the 4.6 MB font, which is slow under the race detector.
var cache sync.Map // "name/tag" → func() []byte

func rendered(t testing.TB, fx fixture, tag string) []byte {
	t.Helper()
	f, _ := cache.LoadOrStore(fx.name+"/"+tag, sync.OnceValue(func() []byte { return renderNoFail(fx.build(tag), tag) }))
	b := f.(func() []byte)()
	if b == nil {
		return render(t, fx.build(tag), tag) // fails the test with the error
	}
	return b
}

func renderNoFail(rep *reports.Report, tag string) []byte {
	lang, err := i18n.Load(tag, rep.Currency)
	if err != nil || rendererErr != nil || renderer == nil {
		return nil
	}
	var buf bytes.Buffer
	if err := renderer.Render(&buf, rep, lang); err != nil {
		return nil
	}
	return buf.Bytes()
}

func fixtureNamed(name string) fixture {
	for _, fx := range fixtures {
		if fx.name == name {
			return fx
		}
	}
	panic("no fixture " + name)
}

type fixture struct {
	name     string
	build    func(string) *reports.Report
	minPages int
	maxPages int
}

// Page counts include the technical appendix, always the last page.
var fixtures = []fixture{
	{"month", reportstest.Month, 5, 6},
	{"quarter", reportstest.Quarter, 5, 6},
	{"hostile", reportstest.Hostile, 3, 6},
	{"empty", reportstest.Empty, 2, 2},
}

func render(t testing.TB, rep *reports.Report, tag string) []byte {
	t.Helper()
	lang, err := i18n.Load(tag, rep.Currency)
	if err != nil {
		t.Fatalf("load %s: %v", tag, err)
	}
	var buf bytes.Buffer
	if err := testRenderer(t).Render(&buf, rep, lang); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.Bytes()
}

var pageCountRE = regexp.MustCompile(`/Type /Pages\s*/Kids \[[^\]]*\]\s*/Count (\d+)`)

func pageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	m := pageCountRE.FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("no /Count in the page tree")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func TestRenderFixtures(t *testing.T) {
	for _, fx := range fixtures {
		for _, tag := range i18n.Languages {
			t.Run(fx.name+"/"+tag, func(t *testing.T) {
				t.Parallel()
				testRenderer(t)
				b := rendered(t, fx, tag)
				if !bytes.HasPrefix(b, []byte("%PDF-")) {
					t.Errorf("no %%PDF- header")
				}
				if !bytes.HasSuffix(bytes.TrimRight(b, "\r\n"), []byte("%%EOF")) {
					t.Errorf("no %%%%EOF trailer")
				}
				if len(b) >= 1<<20 {
					t.Errorf("size %d bytes, want < 1 MB", len(b))
				}
				if n := pageCount(t, b); n < fx.minPages || n > fx.maxPages {
					t.Errorf("got %d pages, want %d–%d", n, fx.minPages, fx.maxPages)
				}
				// A subset font is named with a six-letter tag: /BaseFont /ABCDEF+Name.
				if !regexp.MustCompile(`/FontFile2 \d+ 0 R`).Match(b) || !regexp.MustCompile(`/BaseFont /[A-Z]{6}\+`).Match(b) {
					t.Errorf("font not embedded as a subset")
				}
				if fx.name == "month" {
					if again := render(t, fx.build(tag), tag); !bytes.Equal(b, again) {
						t.Errorf("two renders of the same report differ")
					}
				}
				if *outDir != "" {
					if err := os.WriteFile(filepath.Join(*outDir, fx.name+"-"+tag+".pdf"), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
	}
}

// pdfText extracts the text of pdf with pdftotext, skipping the test when
// poppler-utils are not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not on PATH")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// squash removes the spaces pdftotext puts between glyphs and lines.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func TestRenderText(t *testing.T) {
	testRenderer(t)
	tests := []struct {
		name string
		tag  string
		want []string
	}{
		{"month", "en", []string{
			"March 2026: ¥2.30M spent, ¥420,300 (22.3%) over budget",
			"1 alert and 3 warnings need attention.",
			"Budget", "Actual", "Variance", "Fiscal year to date", "Full-year landing", "Leads", "MQLs", "Cost per deal", "ROAS",
			"Key findings", "Top recommendations", "行业峰会展位 spent ¥1,262,000",
			"Move ¥159,000/month from 百度SEM to 客户案例", "Monthly move: 百度SEM → 客户案例 ¥159,000.", "数字广告", "展会活动",
			"Page 1 of 5", "Page 5 of 5", "Generated 2026-04-02 06:00 UTC",
			"sha256", "9f2c0c4c1e1f", "2026预算 (budget)",
			"Rows read: 72 used, 9 skipped, 1 rejected.", "Reconciled",
			`"12,3x4" is not an amount`,
		}},
		{"month", "zh-CN", []string{
			"2026年3月：支出¥230.3万，超出预算¥420,300（22.3%）",
			"1项警报和3项警告需要关注。",
			"预算", "实际支出", "差异", "财年累计", "全年预计", "线索", "获客成本",
			"主要发现", "首要建议", "行业峰会展位支出¥1,262,000", "数字广告",
			"第1页，共5页", "已核对",
		}},
		{"empty", "en", []string{
			"March 2026: no budget and no spend recorded", "No threshold was breached.",
			"Nothing to chart: this period has no budget, no spend and no funnel data.",
			"No budget lines and no spend in this period.", "Page 2 of 2",
			"No thresholds were crossed", "Page 1 of",
		}},
		{"hostile", "en", []string{
			"<script>alert(1)</script>", `=HYPERLINK("http://x","y")`, "Emoji \uFFFD category",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.tag, func(t *testing.T) {
			t.Parallel()
			text := pdfText(t, rendered(t, fixtureNamed(tt.name), tt.tag))
			flat := squash(text)
			for _, w := range tt.want {
				if !strings.Contains(flat, squash(w)) {
					t.Errorf("text lacks %q", w)
				}
			}
			// Machinery (file hashes, config) only in the appendix.
			if i := strings.Index(text, "Technical appendix"); i < 0 && tt.tag == "en" {
				t.Error("no technical appendix")
			} else if i > 0 && regexp.MustCompile(`[0-9a-f]{12}|\[\[channel\]\]`).MatchString(text[:i]) {
				t.Errorf("hash or config before the appendix: %q", regexp.MustCompile(`[0-9a-f]{12}|\[\[channel\]\]`).FindString(text[:i]))
			}
			if strings.Contains(text, "[pdf.") {
				t.Errorf("text has a missing string key: %q", regexp.MustCompile(`\[pdf\.[^\]]*\]`).FindString(text))
			}
			golden := filepath.Join("testdata", tt.name+"-"+tt.tag+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(want) != text {
				t.Errorf("text differs from %s (run go test -update and review the diff)", golden)
			}
		})
	}
}

func TestNewRejectsBadFont(t *testing.T) {
	font, err := templates.FS.ReadFile(templates.FontFile)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		font []byte
	}{
		{"nil", nil},
		{"text", []byte("this is not a font at all")},
		{"truncated", font[:2048]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r, err := New(tt.font); err == nil {
				t.Errorf("New = %v, nil; want an error", r)
			}
		})
	}
}

func TestRenderConcurrent(t *testing.T) {
	r := testRenderer(t)
	want := rendered(t, fixtureNamed("month"), "zh-CN")
	lang, err := i18n.Load("zh-CN", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	const n = 2
	errs := make([]error, n)
	outs := make([][]byte, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			errs[i] = r.Render(&buf, reportstest.Month("zh-CN"), lang)
			outs[i] = buf.Bytes()
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if !bytes.Equal(outs[i], want) {
			t.Errorf("goroutine %d: bytes differ from a sequential render", i)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain 预算", "plain 预算"},
		{"rocket 🚀!", "rocket \uFFFD!"},
		{"tab\tnew\nline", "tab new line"},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNiceAxis(t *testing.T) {
	tests := []struct{ v, max, step float64 }{
		{2303300, 2500000, 500000},
		{1, 1, 0.25},
		{97, 100, 25},
		{0, 1, 0.25},
		{45.2, 50, 10},
	}
	for _, tt := range tests {
		max, step := niceAxis(tt.v)
		if max != tt.max || step != tt.step {
			t.Errorf("niceAxis(%v) = %v, %v; want %v, %v", tt.v, max, step, tt.max, tt.step)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	r := testRenderer(b)
	rep := reportstest.Month("zh-CN")
	lang, err := i18n.Load("zh-CN", rep.Currency)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.Render(&buf, rep, lang); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// longReport is the month fixture with a variance table of a hundred lines
// and twenty problems in the data notes.
func longReport(tag string) *reports.Report {
	r := reportstest.Month(tag)
	c := &r.Categories[0]
	for i := range 100 {
		l := reports.LineResult{
			LineKey: reports.LineKey{Category: c.Category, Channel: "长尾渠道 long-tail channel " + strconv.Itoa(i+1), Region: "华南"},
			Role:    reports.RoleConsideration,
			Amounts: reports.Amounts{Budget: reportstest.Yuan(int64(1000 * (i + 1))), Actual: reportstest.Yuan(int64(1000*(i+1) + 300*(i%7-3)))},
		}
		c.Lines = append(c.Lines, l)
		c.Amounts = c.Amounts.Add(l.Amounts)
		r.Totals = r.Totals.Add(l.Amounts)
	}
	f := &r.Notes.Files[1]
	for i := range 20 {
		f.Problems = append(f.Problems, &reports.CellError{File: f.Name, Sheet: "支出明细", Cell: "E" + strconv.Itoa(20+i), Row: 20 + i,
			Severity: reports.SevWarn, Err: os.ErrInvalid})
	}
	return r
}

func TestRenderLongTable(t *testing.T) {
	b := render(t, longReport("en"), "en")
	if n := pageCount(t, b); n < 5 || n > 8 {
		t.Errorf("got %d pages, want 5–8", n)
	}
	if *outDir != "" {
		if err := os.WriteFile(filepath.Join(*outDir, "long-en.pdf"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := squash(pdfText(t, b))
	for _, w := range []string{
		"Variance by category and channel (continued)",
		"long-tail channel 100 · 华南",
		"… and 13 more",
		"Total",
	} {
		if !strings.Contains(text, squash(w)) {
			t.Errorf("text lacks %q", w)
		}
	}
	// The header is repeated on each page the table runs onto.
	if got := strings.Count(text, squash("Category / channel")); got < 3 {
		t.Errorf("table header appears %d times, want at least 3", got)
	}
}

// TestUntrackedChannelsCounted checks a channel with spend but no funnel
// results is counted in a sentence instead of a row of "n/a".
func TestUntrackedChannelsCounted(t *testing.T) {
	rep := reportstest.Month("en")
	rep.Channels = append(rep.Channels, reports.FunnelStats{Channel: "LicenceOnly", Spend: reportstest.Yuan(38000)})
	text := squash(pdfText(t, render(t, rep, "en")))
	if strings.Contains(text, "LicenceOnly") {
		t.Error("a channel without funnel results is listed in the channel table")
	}
	if want := squash("Not shown: 1 channel with spend but no funnel results"); !strings.Contains(text, want) {
		t.Errorf("text lacks %q", want)
	}
}

// TestSkippedSheetInNotes says in the data notes, in words and in the
// report's language, which sheet was not read and why.
func TestSkippedSheetInNotes(t *testing.T) {
	testRenderer(t)
	for _, tc := range []struct{ tag, want string }{
		{"en", "Sheet “汇总” not read: the headers (渠道, 1月) name no budget, ledger or funnel columns; sheet skipped"},
		{"zh-CN", "工作表“汇总”未读取：the headers (渠道, 1月) name no budget, ledger or funnel columns; sheet skipped"},
	} {
		rep := reportstest.Month(tc.tag)
		f := &rep.Notes.Files[0]
		f.Sheets = append(f.Sheets, reports.SheetReport{Sheet: "汇总", Kind: reports.KindUnknown, Header: 1, Skipped: 3,
			Refused: "the headers (渠道, 1月) name no budget, ledger or funnel columns; sheet skipped"})
		text := squash(pdfText(t, render(t, rep, tc.tag)))
		if !strings.Contains(text, squash(tc.want)) {
			t.Errorf("%s: the data notes lack %q", tc.tag, tc.want)
		}
	}
}
