package pipeline

import (
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/excel"
)

// writeCommentary writes a commentary workbook the way a user makes one in
// Excel: one sheet, a header row, one comment per row.
func writeCommentary(t *testing.T, path string, rows [][]any) {
	t.Helper()
	b := excel.NewBook()
	sh := b.Sheet("Sheet1")
	sh.BoldRow(rows[0]...)
	for _, r := range rows[1:] {
		sh.Row(r...)
	}
	writeBook(t, path, b)
}

// squashed is text without white space: pdftotext breaks lines (Chinese
// ones between any two characters) where the layout wrapped them.
func squashed(s string) string { return strings.Join(strings.Fields(s), "") }

var htmlTags = regexp.MustCompile(`<[^>]*>`)

// htmlText is a page's text, tags removed and entities decoded, except
// that the explain table's id is kept as a landmark.
func htmlText(page []byte) string {
	s := strings.ReplaceAll(string(page), `id="explain"`, ">EXPLAIN<")
	return squashed(html.UnescapeString(htmlTags.ReplaceAllString(s, " ")))
}

func pdfTextOf(t *testing.T, path string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not on PATH")
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return squashed(string(out))
}

// besideLine reports whether text, after the "what explains" heading,
// names line and then, within a short distance, every one of want.
func besideLine(text, heading, line string, want ...string) bool {
	i := strings.Index(text, squashed(heading))
	if i < 0 {
		return false
	}
	rest := text[i:]
	for {
		j := strings.Index(rest, squashed(line))
		if j < 0 {
			return false
		}
		rest = rest[j:]
		window := rest[:min(len(rest), 900)]
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(window, squashed(w))
		}
		if ok {
			return true
		}
		rest = rest[len(squashed(line)):]
	}
}

// TestCommentaryBesideVariance runs the sample budget with the March and
// June ledgers and a commentary workbook: each comment is shown beside the
// line it explains in the PDF and the HTML, with the ledger rows behind
// it (the booth upgrade, the June credit note), summary.json carries it,
// and every row not shown is a warning naming its cell.
func TestCommentaryBesideVariance(t *testing.T) {
	inbox := t.TempDir()
	copyFile(t, "../../sample-inputs/budget-2026.xlsx", filepath.Join(inbox, "budget-2026.xlsx"))
	copyFile(t, "../../sample-inputs/actuals-2026-03.xlsx", filepath.Join(inbox, "actuals-2026-03.xlsx"))
	copyFile(t, "../../sample-inputs/actuals-2026-06.xlsx", filepath.Join(inbox, "actuals-2026-06.xlsx"))
	const (
		booth  = "华东峰会展位临时升级为特装加层，CMO已批准"
		refund = "5月未消耗的投放余额以红字发票退回"
		events = "一季度展会集中在3月"
	)
	writeCommentary(t, filepath.Join(inbox, "commentary-2026.xlsx"), [][]any{
		{"期间", "项目", "说明"},
		{"2026-03", "行业峰会展位", booth},
		{"2026年6月", "微信广告", refund},
		{"2026-07", "微信广告", "七月无数据"},
		{"2026-03", "不存在的渠道", "对不上"},
		{"Mar 2026", "行业峰会展位", booth},
		{"2026-Q1", "展会活动", events},
	})
	out := t.TempDir()
	res, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: inbox, Out: out, Now: time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}

	// Every row not shown is decided out loud, at its cell.
	var probs []string
	for _, f := range res.Files {
		if f.Name == "commentary-2026.xlsx" {
			for _, p := range f.Problems {
				probs = append(probs, p.Error())
			}
		}
	}
	for _, want := range []string{
		"commentary-2026.xlsx: Sheet1!A4: the comment is about July 2026, which no report covers",
		"commentary-2026.xlsx: Sheet1!B5: \"不存在的渠道\" matches no budget line, category or channel",
		"commentary-2026.xlsx: Sheet1 row 6: the same comment on the same line and period as commentary-2026.xlsx: Sheet1 row 2; shown once",
	} {
		found := false
		for _, p := range probs {
			found = found || strings.HasPrefix(p, want)
		}
		if !found {
			t.Errorf("no problem %q in %q", want, probs)
		}
	}
	if len(probs) != 3 {
		t.Errorf("problems %q, want 3", probs)
	}

	byID := map[string]*reports.Report{}
	for _, r := range res.Reports {
		byID[r.Period.ID] = r
	}
	march, june, q1 := byID["2026-03"], byID["2026-06"], byID["2026-Q1"]
	if march == nil || june == nil || q1 == nil {
		t.Fatalf("reports %v lack 2026-03, 2026-06 or 2026-Q1", byID)
	}
	for _, tc := range []struct {
		id, line string
		want     []string
	}{
		{"2026-03", "行业峰会展位", []string{booth, "展位升级(特装加层+黄金位置)", "2026-03-20"}},
		{"2026-06", "微信广告", []string{refund, "5月投放未消耗余额退回(红字发票)", "2026-06-12"}},
		{"2026-Q1", "展会活动", []string{events}},
		{"2026-Q1", "行业峰会展位", []string{"March 2026: " + booth}},
	} {
		page, err := os.ReadFile(filepath.Join(out, "report-"+tc.id+".html"))
		if err != nil {
			t.Fatal(err)
		}
		if !besideLine(htmlText(page), "EXPLAIN", tc.line, tc.want...) {
			t.Errorf("report-%s.html does not show %q beside %s in its explain table", tc.id, tc.want, tc.line)
		}
		text := pdfTextOf(t, filepath.Join(out, "report-"+tc.id+".pdf"))
		if !besideLine(text, "What explains the variances", tc.line, tc.want...) {
			t.Errorf("report-%s.pdf does not show %q beside %s under 'What explains the variances'", tc.id, tc.want, tc.line)
		}
	}
	// The rows left out are in every report's data notes, in both formats.
	page, err := os.ReadFile(filepath.Join(out, "report-2026-03.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{htmlText(page), pdfTextOf(t, filepath.Join(out, "report-2026-03.pdf"))} {
		if !strings.Contains(text, squashed(`"不存在的渠道" matches no budget line`)) || !strings.Contains(text, squashed("which no report covers")) {
			t.Errorf("the March report's data notes do not list the commentary rows left out")
		}
	}
	// A month's comment stays out of the other months.
	if page, _ := os.ReadFile(filepath.Join(out, "report-2026-06.html")); strings.Contains(string(page), booth) {
		t.Error("the March comment shows in June")
	}

	var sum struct {
		Periods []struct {
			ID    string `json:"id"`
			Lines []struct {
				Channel  string `json:"channel"`
				Comments []struct {
					Period, Text, Source string
				} `json:"comments"`
			} `json:"lines"`
			Comments []struct {
				Category string `json:"category"`
				Whole    bool   `json:"whole"`
				Text     string `json:"text"`
			} `json:"comments"`
		} `json:"periods"`
	}
	data, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	var gotJune, gotWhole bool
	for _, p := range sum.Periods {
		for _, l := range p.Lines {
			for _, c := range l.Comments {
				if p.ID == "2026-06" && l.Channel == "微信广告" && c.Text == refund && c.Period == "2026-06" && c.Source == "commentary-2026.xlsx: Sheet1 row 3" {
					gotJune = true
				}
			}
		}
		for _, c := range p.Comments {
			if p.ID == "2026-Q1" && c.Whole && c.Category == "展会活动" && c.Text == events {
				gotWhole = true
			}
		}
	}
	if !gotJune || !gotWhole {
		t.Errorf("summary.json: June 微信广告 comment %v, Q1 展会活动 comment %v; want both", gotJune, gotWhole)
	}
}

// TestSamplesExplainTheStories runs every sample input, in English, and
// checks that the March and June reports explain their variances with the
// ledger rows and the commentary behind them: the ¥372,000 booth upgrade
// and the ¥−18,600 credit note, in the PDF and the HTML alike, with no
// commentary row left out.
func TestSamplesExplainTheStories(t *testing.T) {
	out := t.TempDir()
	res, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: "../../sample-inputs", Out: out, Now: time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if strings.HasPrefix(f.Name, "commentary") || f.Name == "actuals-2026-06.xlsx" {
			for _, p := range f.Problems {
				t.Errorf("%s", p.Error())
			}
		}
	}
	for _, tc := range []struct {
		id, line string
		want     []string
	}{
		{"2026-03", "行业峰会展位·华东", []string{"展位升级为特装加层", "2026-03-20", "展位升级(特装加层+黄金位置)", "¥372,000", "CMO于3月18日批准"}},
		{"2026-06", "微信广告", []string{"红字发票", "2026-06-12", "5月投放未消耗余额退回(红字发票)", "-¥18,600"}},
	} {
		page, err := os.ReadFile(filepath.Join(out, "report-"+tc.id+".html"))
		if err != nil {
			t.Fatal(err)
		}
		if !besideLine(htmlText(page), "EXPLAIN", tc.line, tc.want...) {
			t.Errorf("report-%s.html does not show %q beside %s", tc.id, tc.want, tc.line)
		}
		if text := pdfTextOf(t, filepath.Join(out, "report-"+tc.id+".pdf")); !besideLine(text, "What explains the variances", tc.line, tc.want...) {
			t.Errorf("report-%s.pdf does not show %q beside %s", tc.id, tc.want, tc.line)
		}
	}
}
