package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/render/sfnt"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

// pdfParts splits a PDF at its streams, with every FlateDecode stream
// inflated and the font's resource name (/F + fpdf's hash of the font's
// width table, which differs between a cut and the whole font) made
// neutral, and with it the compressed lengths and byte offsets it moves.
func pdfParts(t *testing.T, b []byte) []string {
	t.Helper()
	streamRE := regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`)
	var parts []string
	rest := b
	for {
		loc := streamRE.FindSubmatchIndex(rest)
		if loc == nil {
			break
		}
		head := string(rest[:loc[0]])
		data := rest[loc[2]:loc[3]]
		if bytes.Contains([]byte(head[max(0, len(head)-300):]), []byte("/FlateDecode")) {
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("inflate: %v", err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				t.Fatalf("inflate: %v", err)
			}
		}
		parts = append(parts, head, string(data))
		rest = rest[loc[1]:]
	}
	parts = append(parts, string(rest))
	fontName := regexp.MustCompile(`/F[0-9a-f]{40}\b`)
	length := regexp.MustCompile(`/Length \d+>>$`)
	xref := regexp.MustCompile(`(?s)xref\n.*`)
	for i := range parts {
		parts[i] = fontName.ReplaceAllString(parts[i], "/Ffont")
		if i%2 == 0 { // the compressed size of a page that names the font, and so the offsets
			parts[i] = length.ReplaceAllString(strings.TrimSpace(parts[i]), "/Length n>>")
			parts[i] = xref.ReplaceAllString(parts[i], "xref")
		}
	}
	return parts
}

// TestCutFontDrawsTheSamePage renders every fixture in both languages
// with the whole font, as fpdf used it before, and with the cut font:
// every page's drawing commands (text positions, line breaks, cuts with
// "…", glyph codes), the widths table, the character-to-glyph map, the
// embedded font subset and every other byte must be the same, but for the
// font's resource name.
func TestCutFontDrawsTheSamePage(t *testing.T) {
	cut := testRenderer(t)
	whole := &Renderer{font: cut.font, covered: cut.covered, base: cut.base, whole: true}
	reps := map[string]func(string) *reports.Report{"long": longReport}
	for _, fx := range fixtures {
		reps[fx.name] = fx.build
	}
	for name, build := range reps {
		for _, tag := range i18n.Languages {
			t.Run(name+"/"+tag, func(t *testing.T) {
				rep := build(tag)
				lang, err := i18n.Load(tag, rep.Currency)
				if err != nil {
					t.Fatal(err)
				}
				var a, b bytes.Buffer
				if err := whole.Render(&a, rep, lang); err != nil {
					t.Fatal(err)
				}
				if err := cut.Render(&b, rep, lang); err != nil {
					t.Fatal(err)
				}
				pa, pb := pdfParts(t, a.Bytes()), pdfParts(t, b.Bytes())
				if len(pa) != len(pb) {
					t.Fatalf("%d parts with the whole font, %d with the cut", len(pa), len(pb))
				}
				for i := range pa {
					if pa[i] != pb[i] {
						t.Errorf("part %d differs:\nwhole: %.300q\ncut:   %.300q", i, pa[i], pb[i])
					}
				}
			})
		}
	}
}

// TestCutFontGrowsForTextThePageLacks: a character drawn that the cut
// lacks (here the company's, with a cut of the report strings only) is
// found while laying out, and the page is not written from that cut;
// Render's cut holds the page's characters, and depends only on the page,
// so two renders give the same bytes.
func TestCutFontGrowsForTextThePageLacks(t *testing.T) {
	r := testRenderer(t)
	rep := reportstest.Month("zh-CN")
	rep.Company = "鑫 Co" // 鑫 is in no report string
	if r.base.Has('鑫') || !r.covered.Has('鑫') {
		t.Fatal("鑫 is in the report strings or not in the font; pick another character")
	}
	lang, err := i18n.Load("zh-CN", rep.Currency)
	if err != nil {
		t.Fatal(err)
	}
	pg := present.Build(rep, lang)
	font, have, err := r.cutFor(new(sfnt.Set))
	if err != nil {
		t.Fatal(err)
	}
	d, out, err := r.build(font, have, pg, rep, lang)
	if err != nil {
		t.Fatal(err)
	}
	if d.missing == nil || !d.missing.Has('鑫') || out != nil {
		t.Fatalf("built from a cut without 鑫: missing %v, %d bytes written", d.missing, len(out))
	}
	if got := pageRunes(pg, rep); !got.Has('鑫') {
		t.Error("pageRunes leaves out the company")
	}
	var first, second bytes.Buffer
	if err := r.RenderPage(&first, pg, rep, lang); err != nil {
		t.Fatal(err)
	}
	if err := r.RenderPage(&second, pg, rep, lang); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Error("two renders of one report differ")
	}
	whole := &Renderer{font: r.font, covered: r.covered, base: r.base, whole: true}
	var want bytes.Buffer
	if err := whole.RenderPage(&want, pg, rep, lang); err != nil {
		t.Fatal(err)
	}
	pa, pb := pdfParts(t, want.Bytes()), pdfParts(t, first.Bytes())
	if len(pa) != len(pb) {
		t.Fatalf("%d parts with the whole font, %d with the cut", len(pa), len(pb))
	}
	for i := range pa {
		if pa[i] != pb[i] {
			t.Errorf("part %d differs", i)
		}
	}
}

// TestTextGoesThroughCellAndWidth: the cut font is checked against the
// text that doc.cell draws and doc.width measures; fpdf's other text
// calls would draw characters the check never sees.
func TestTextGoesThroughCellAndWidth(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`\.(CellFormat|Cell|Cellf|GetStringWidth|GetStringSymbolWidth|Text|Write|Writef|WriteAligned|MultiCell|SplitText|SplitLines|Bookmark)\(`)
	allowed := map[string]int{"draw.go:CellFormat": 1, "draw.go:GetStringWidth": 1, "render.go:CellFormat": 1, "render.go:GetStringWidth": 1,
		"render.go:Write": 1, "draw.go:Bookmark": -1, "tables.go:Bookmark": -1, "summary.go:Bookmark": -1}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, m := range text.FindAllStringSubmatch(string(src), -1) {
			seen[f+":"+m[1]]++
		}
		for k, n := range seen {
			if want, ok := allowed[k]; !ok || (want >= 0 && n > want) {
				t.Errorf("%s: %d fpdf text call(s) %s outside doc.cell and doc.width", f, n, k)
			}
		}
	}
}
