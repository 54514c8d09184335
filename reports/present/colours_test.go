package present_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/excel"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
	htmlr "github.com/budgetlens/budgetlens/reports/render/html"
	pdfr "github.com/budgetlens/budgetlens/reports/render/pdf"
	"github.com/budgetlens/budgetlens/reports/reportstest"
	"github.com/budgetlens/budgetlens/templates"
)

// htmlLineRow is a line row of the HTML variance table: its name and the
// tone class of its variance cell.
var htmlLineRow = regexp.MustCompile(`<tr class="line"><td>([^<]*)</td>(?:<td>[^<]*</td>)*<td class="num"[^>]*>[^<]*</td><td class="num"[^>]*>[^<]*</td><td class="num ?(bad|good)?"`)

// TestOneColourMeaning checks that a variance has one colour in every
// format: the HTML table's tone class for each line is the tone of the
// same line's variance cell in the Excel export, whose font and fill are
// the palette's; the HTML style sheet and the PDF draw with the same
// palette colours.
func TestOneColourMeaning(t *testing.T) {
	for _, tag := range []string{"en", "zh-CN"} {
		t.Run(tag, func(t *testing.T) {
			l, err := i18n.Load(tag, "CNY")
			if err != nil {
				t.Fatal(err)
			}
			rep := reportstest.Month(tag)
			pg := present.Build(rep, l)

			hr, err := htmlr.New()
			if err != nil {
				t.Fatal(err)
			}
			var page bytes.Buffer
			if err := hr.RenderPage(&page, pg, rep, l, htmlr.Links{}); err != nil {
				t.Fatal(err)
			}
			tones := map[string]present.Tone{}
			for _, m := range htmlLineRow.FindAllStringSubmatch(page.String(), -1) {
				if name := html.UnescapeString(m[1]); name != "" {
					tones[name] = present.Tone(m[2])
				}
			}
			var bad, good int
			for _, tn := range tones {
				bad += btoi(tn == present.Bad)
				good += btoi(tn == present.Good)
			}
			if bad == 0 || good == 0 {
				t.Fatalf("HTML line tones %v: want lines over and under plan", tones)
			}
			for _, v := range []string{"--bad:" + present.ColourBad, "--good:" + present.ColourGood, "--bad-bg:" + present.ColourBadBg, "--good-bg:" + present.ColourGoodBg} {
				if !strings.Contains(page.String(), v) {
					t.Errorf("HTML style sheet without %s", v)
				}
			}

			var xb bytes.Buffer
			if err := excel.WriteVariance(&xb, []*reports.Report{rep}, l); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&xb)
			if err != nil {
				t.Fatal(err)
			}
			sheet := f.GetSheetList()[0]
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			seen := 0
			for i, r := range rows {
				if len(r) < 8 {
					continue
				}
				want, ok := tones[r[2]]
				if !ok || r[2] == "" || r[3] != "" {
					continue
				}
				seen++
				font, fill := cellColours(t, f, sheet, fmt.Sprintf("H%d", i+1))
				wantFont := strings.ToUpper(strings.TrimPrefix(present.ToneColour(want, ""), "#"))
				wantFill := strings.ToUpper(strings.TrimPrefix(present.ToneBackground(want), "#"))
				if font != wantFont || fill != wantFill {
					t.Errorf("%s: Excel variance font %q fill %q, want %q on %q (HTML tone %q)", r[2], font, fill, wantFont, wantFill, want)
				}
			}
			t.Logf("%d lines compared, tones %v", seen, tones)
			if seen == 0 {
				t.Fatalf("no line of the HTML table found in the Excel sheet %s", sheet)
			}

			font, err := templates.FS.ReadFile(templates.FontFile)
			if err != nil {
				t.Fatal(err)
			}
			pr, err := pdfr.New(font)
			if err != nil {
				t.Fatal(err)
			}
			var doc bytes.Buffer
			if err := pr.RenderPage(&doc, pg, rep, l); err != nil {
				t.Fatal(err)
			}
			ops := pdfContent(t, doc.Bytes())
			for _, c := range []string{present.ColourBad, present.ColourGood, present.ColourBadBg, present.ColourGoodBg} {
				if op := rgOp(c); !strings.Contains(ops, op) {
					t.Errorf("the PDF never fills with %s (%q)", c, op)
				}
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cellColours returns the font and fill colour of cell, upper case.
func cellColours(t *testing.T, f *excelize.File, sheet, cell string) (font, fill string) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Font != nil {
		font = strings.ToUpper(st.Font.Color)
	}
	if st.Fill.Pattern == 1 && len(st.Fill.Color) > 0 {
		fill = strings.ToUpper(st.Fill.Color[0])
	}
	return font, fill
}

var streams = regexp.MustCompile(`(?s)stream\r?\n(.*?)endstream`)

// pdfContent returns the PDF's streams, inflated where they are.
func pdfContent(t *testing.T, pdf []byte) string {
	t.Helper()
	var out strings.Builder
	for _, m := range streams.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			out.Write(m[1])
			continue
		}
		b, _ := io.ReadAll(r)
		out.Write(b)
	}
	return out.String()
}

// rgOp is the PDF fill colour operator fpdf writes for "#rrggbb".
func rgOp(hex string) string {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	return fmt.Sprintf("%.3f %.3f %.3f rg", float64(r)/255, float64(g)/255, float64(b)/255)
}
