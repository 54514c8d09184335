package html

import (
	"bytes"
	"html/template"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

// twoPass renders a page as RenderPage did before it wrote the font and
// the bundle around a single pass: once without them to find the
// characters, once with them.
func twoPass(t *testing.T, r *Renderer, rep *reports.Report, tag string) []byte {
	t.Helper()
	l := loadLang(t, tag)
	v, err := newReportView(rep, present.Build(rep, l), l, testLinks)
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := r.report.ExecuteTemplate(&text, "report", v); err != nil {
		t.Fatal(err)
	}
	if v.FontFace, err = r.fontFace(text.Bytes()); err != nil {
		t.Fatal(err)
	}
	v.ECharts = r.echarts
	var page bytes.Buffer
	if err := r.report.ExecuteTemplate(&page, "report", v); err != nil {
		t.Fatal(err)
	}
	return page.Bytes()
}

// TestOnePassPageIsTheTwoPassPage: the page written around one pass is
// byte for byte the page of two passes, also when a workbook's text
// spells the marks that stand for the font and the bundle.
func TestOnePassPageIsTheTwoPassPage(t *testing.T) {
	r := newRenderer(t)
	forged := func(tag string) *reports.Report {
		rep := reportstest.Hostile(tag)
		rep.Company = fontMark + " " + bundleMark + " 鑫"
		return rep
	}
	for name, build := range map[string]func(string) *reports.Report{
		"month": reportstest.Month, "quarter": reportstest.Quarter, "hostile": reportstest.Hostile, "forged": forged,
	} {
		for _, tag := range []string{"en", "zh-CN"} {
			t.Run(name+"/"+tag, func(t *testing.T) {
				rep := build(tag)
				l := loadLang(t, tag)
				var got bytes.Buffer
				if err := r.RenderPage(&got, present.Build(rep, l), rep, l, testLinks); err != nil {
					t.Fatal(err)
				}
				want := twoPass(t, r, rep, tag)
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("one pass gives %d bytes, two passes %d", got.Len(), len(want))
				}
				if bytes.Contains(got.Bytes(), []byte("\x00")) {
					t.Error("a mark is left in the page")
				}
				if tag == "zh-CN" && !bytes.Contains(got.Bytes(), []byte("@font-face")) {
					t.Error("no embedded font")
				}
			})
		}
	}
}

// TestFontFaceIsMadeOncePerCharacterSet: pages with the same Chinese
// characters share one rule; other characters get their own.
func TestFontFaceIsMadeOncePerCharacterSet(t *testing.T) {
	r := newRenderer(t)
	a, err := r.fontFace([]byte("预算 budget"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.fontFace([]byte("算预 other words"))
	c, _ := r.fontFace([]byte("预算金额"))
	if a != b || a == c || len(r.faces) != 2 {
		t.Errorf("same characters: equal %v; other characters: equal %v; %d rules kept", a == b, a == c, len(r.faces))
	}
	if none, _ := r.fontFace([]byte("only latin")); none == template.CSS("") {
		t.Error("万 and 亿 (axis labels) are always embedded")
	}
}
