package workbook

import (
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// TestCommentarySheet reads commentary sheets as users write them: English
// and Chinese headers, every period form, a line as one column or as
// category and channel, and the rows that say nothing or name nothing.
func TestCommentarySheet(t *testing.T) {
	type want struct {
		period, line, text string
	}
	for _, tc := range []struct {
		name     string
		file     string
		opt      Options
		rows     [][]any
		want     []want
		skipped  int
		rejected int
		problems []string // substrings of one problem each
	}{
		{
			name: "English headers, month forms",
			file: "commentary-2026-03.xlsx",
			rows: [][]any{
				{"Period", "Line", "Comment"},
				{"2026-03", "Trade show", "Booth upgraded to a corner stand"},
				{"Mar 2026", "Search ads", "Campaign paused for two weeks"},
				{time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "Digital", "Credit note for May"},
			},
			want: []want{{"2026-03", "Trade show", "Booth upgraded to a corner stand"}, {"2026-03", "Search ads", "Campaign paused for two weeks"}, {"2026-06", "Digital", "Credit note for May"}},
		},
		{
			name: "Chinese headers 期间/项目/说明",
			file: "差异说明.xlsx",
			rows: [][]any{
				{"2026年度市场费用差异说明"},
				{"期间", "项目", "说明"},
				{"2026年3月", "展会", "展位升级为特装"},
				{"2026-Q1", "数字广告", "一季度投放前置"},
				{"FY2026", "活动", "全年活动预算已重排"},
			},
			want: []want{{"2026-03", "展会", "展位升级为特装"}, {"2026-Q1", "数字广告", "一季度投放前置"}, {"2026", "活动", "全年活动预算已重排"}},
		},
		{
			name: "Traditional headers and quarter forms",
			file: "commentary.xlsx",
			rows: [][]any{
				{"期間", "預算項", "說明"},
				{"Q2 2026", "展會", "延期"},
				{"2026年第三季度", "展會", "補辦"},
				{"2026财年", "展會", "全年"},
			},
			want: []want{{"2026-Q2", "展會", "延期"}, {"2026-Q3", "展會", "補辦"}, {"2026", "展會", "全年"}},
		},
		{
			name: "category and channel columns",
			file: "commentary-2026.xlsx",
			rows: [][]any{
				{"Month", "Category", "Channel", "Notes"},
				{"2026-06", "Digital", "WeChat", "Refund of unspent budget"},
			},
			want: []want{{"2026-06", "Digital / WeChat", "Refund of unspent budget"}},
		},
		{
			name: "month without a year takes the file's fiscal year; a blank period the one above",
			file: "commentary-2026.xlsx",
			rows: [][]any{
				{"月份", "项目", "备注"},
				{"3月", "展会", "展位升级"},
				{"", "数字广告", "投放延后"},
			},
			want: []want{{"2026-03", "展会", "展位升级"}, {"2026-03", "数字广告", "投放延后"}},
		},
		{
			name: "blank comment is skipped, unknown period and missing line rejected",
			file: "commentary-2026.xlsx",
			rows: [][]any{
				{"Period", "Line", "Comment"},
				{"2026-03", "Trade show", ""},
				{"next month", "Trade show", "later"},
				{"2026-04", "", "no line"},
				{"2026-05", "Trade show", "kept"},
			},
			want:     []want{{"2026-05", "Trade show", "kept"}},
			skipped:  1,
			rejected: 2,
			problems: []string{`commentary-2026.xlsx: Sheet!A3: "next month" is not a period`, "commentary-2026.xlsx: Sheet!B4: Line is empty"},
		},
		{
			name: "Chinese messages",
			file: "commentary-2026.xlsx",
			opt:  Options{Lang: zhLang(t)},
			rows: [][]any{
				{"期间", "项目", "说明"},
				{"下个月", "展会", "稍后"},
			},
			rejected: 1,
			problems: []string{"“下个月”不是期间"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeBook(t, tc.file, sheetRows{"Sheet", tc.rows})
			b, fr := readBook(t, path, tc.opt)
			if len(fr.Sheets) != 1 || fr.Sheets[0].Kind != reports.KindCommentary {
				t.Fatalf("sheets %+v, want one commentary sheet; problems %q", fr.Sheets, problemLines(fr))
			}
			sh := fr.Sheets[0]
			if sh.Used != len(tc.want) || sh.Rejected != tc.rejected || sh.Skips.Empty != tc.skipped {
				t.Errorf("used %d, rejected %d, skipped empty %d; want %d, %d, %d (problems %q)",
					sh.Used, sh.Rejected, sh.Skips.Empty, len(tc.want), tc.rejected, tc.skipped, problemLines(fr))
			}
			var got []want
			for _, c := range b.Comments {
				got = append(got, want{c.Period.ID, c.Subject(), c.Text})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("comments %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("comment %d: got %q, want %q", i, got[i], tc.want[i])
				}
			}
			for _, p := range tc.problems {
				if !hasProblem(fr, p) {
					t.Errorf("no problem %q in %q", p, problemLines(fr))
				}
			}
			if len(tc.problems) == 0 && len(fr.Problems) > 0 {
				t.Errorf("unexpected problems %q", problemLines(fr))
			}
		})
	}
}

// TestCommentaryInsideActuals reads a commentary sheet that rides along in
// an actuals workbook, whatever its name, beside the ledger; the ledger's
// own Comment column keeps it a ledger.
func TestCommentaryInsideActuals(t *testing.T) {
	path := writeBook(t, "actuals-2026-03.xlsx",
		sheetRows{"Ledger", [][]any{
			{"Date", "Category", "Channel", "Amount", "Comment"},
			{"2026-03-20", "Events", "Trade show", 372000, "booth upgrade"},
		}},
		sheetRows{"Sheet2", [][]any{
			{"Period", "Line", "Comment"},
			{"2026-03", "Trade show", "Corner stand approved by the CMO"},
		}})
	b, fr := readBook(t, path, Options{})
	kinds := []reports.FileKind{}
	for _, s := range fr.Sheets {
		kinds = append(kinds, s.Kind)
	}
	if len(kinds) != 2 || kinds[0] != reports.KindLedger || kinds[1] != reports.KindCommentary {
		t.Fatalf("sheet kinds %v, want ledger and commentary", kinds)
	}
	if len(b.Comments) != 1 || b.Comments[0].Source.Sheet != "Sheet2" || b.Comments[0].LineCell != "B2" || b.Comments[0].PeriodCell != "A2" {
		t.Errorf("comments %+v", b.Comments)
	}
	if s := Summary(fr, englishLang()); !strings.Contains(s, "commentary") {
		t.Errorf("summary does not name the commentary sheet:\n%s", s)
	}
}

func zhLang(t *testing.T) *i18n.Lang {
	t.Helper()
	zh, err := i18n.Load("zh-CN", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return zh
}

// TestCommentaryLimit keeps at most reports.MaxCommentary rows of one
// file, with one warning, so a hostile sheet cannot grow the Book.
func TestCommentaryLimit(t *testing.T) {
	rows := [][]any{{"Period", "Line", "Comment"}}
	for i := 0; i < reports.MaxCommentary+2; i++ {
		rows = append(rows, []any{"2026-03", "Trade show", "note"})
	}
	b, fr := readBook(t, writeBook(t, "commentary-2026.xlsx", sheetRows{"Sheet", rows}), Options{})
	sh := fr.Sheets[0]
	if len(b.Comments) != reports.MaxCommentary || sh.Used != reports.MaxCommentary || sh.Rejected != 2 {
		t.Errorf("kept %d, used %d, rejected %d; want %d, %d, 2", len(b.Comments), sh.Used, sh.Rejected, reports.MaxCommentary, reports.MaxCommentary)
	}
	if len(fr.Problems) != 1 || !hasProblem(fr, "more than 5000 commentary rows in this file") {
		t.Errorf("problems %q, want one warning", problemLines(fr))
	}
}
