package workbook

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
)

// commentarySheet is a commentary sheet (issue 12): one row per note on
// what explains a line's variance in a period,
// Period | Line | Comment (期间 | 项目 | 说明). It is recognised by its
// headers, never by the sheet's or file's name: a comment column, a period
// (month or date) column and a line column, and no amounts or counts. The
// line is a Line column, else Category and/or Channel columns, else a
// Project column (项目, as Chinese sheets name a line item). The line is
// matched to the budget when the reports are built (analysis.Commentary).
//
// Decisions, made out loud:
//   - a blank period takes the period of the row above (a merged cell);
//   - a row with a period and a line but no comment says nothing and is
//     skipped (counted as empty);
//   - a period that is no month, fiscal quarter or fiscal year, or a
//     missing line, rejects the row with an error naming the cell.
type commentarySheet struct{}

func (commentarySheet) accept(h *header) (layout, bool) {
	if !h.has("comment") || h.has("amount") || h.has("budget") || h.has("debit") || h.has("credit") || countFunnel(h) > 0 {
		return nil, false
	}
	if !h.has("month") && !h.has("date") {
		return nil, false
	}
	return commentarySheet{}, h.has("line") || h.has("category") || h.has("channel") || h.has("project")
}

func (commentarySheet) kind() reports.FileKind              { return reports.KindCommentary }
func (commentarySheet) name() string                        { return "" }
func (commentarySheet) missing(*header) string              { return "" }
func (commentarySheet) sums(*header) []int                  { return nil }
func (commentarySheet) notData(*sheetReader, []string) bool { return false }

func (commentarySheet) begin(sr *sheetReader) {
	sr.comments, _ = sr.sink.(reports.CommentSink)
}

func (commentarySheet) read(sr *sheetReader, rowNo int, cells []string) { sr.commentRow(rowNo, cells) }

// commentRow reads one commentary row.
func (sr *sheetReader) commentRow(rowNo int, cells []string) {
	field := "month"
	pt, pCol := sr.cell(cells, "month")
	if pCol < 0 {
		field = "date"
		pt, pCol = sr.cell(cells, "date")
	}
	text, _ := sr.cell(cells, "comment")
	line, lCol := sr.cell(cells, "line")
	cat, catCol := sr.cell(cells, "category")
	ch, chCol := sr.cell(cells, "channel")
	if lCol < 0 && catCol < 0 && chCol < 0 {
		line, lCol = sr.cell(cells, "project")
	}
	if lCol < 0 {
		lCol = chCol
		if lCol < 0 {
			lCol = catCol
		}
	}
	switch {
	case text == "" && line == "" && cat == "" && ch == "":
		sr.skip(skipNote) // a period alone: a heading, or a remark row
		return
	case text == "":
		sr.skip(skipEmpty)
		return
	}
	if pt == "" {
		pt = sr.fillPeriod
	} else {
		sr.fillPeriod = pt
	}
	var p reports.Period
	if pt == "" {
		sr.bad(rowNo, pCol, sr.lang.T("workbook.err.empty", "column", sr.field(field)))
	} else {
		var ok bool
		if p, ok = sr.commentPeriod(pCol, pt); !ok {
			sr.bad(rowNo, pCol, sr.lang.T("workbook.err.period", "value", pt))
		}
	}
	if line == "" && cat == "" && ch == "" {
		sr.bad(rowNo, lCol, sr.lang.T("workbook.err.empty", "column", sr.field("line")))
	}
	if sr.rowBad {
		sr.rep.Rejected++
		return
	}
	if sr.commentsKept >= reports.MaxCommentary {
		if sr.commentsKept == reports.MaxCommentary {
			sr.sheetProblem(rowNo, reports.SevWarn, sr.lang.T("workbook.warn.commentary_limit", "limit", reports.MaxCommentary))
		}
		sr.commentsKept++
		sr.rep.Rejected++
		return
	}
	sr.commentsKept++
	if sr.comments != nil {
		sr.comments.Comment(reports.Commentary{Period: p, Line: line, Category: cat, Channel: ch, Text: text,
			Source:     reports.Source{File: sr.file, Sheet: sr.sheet, Row: rowNo},
			PeriodCell: cellName(pCol+1, rowNo), LineCell: cellName(lCol+1, rowNo)})
	}
	sr.rep.Used++
}

var (
	quarterFirstRe = regexp.MustCompile(`^(?:fy\s*)?(\d{4})\s*(?:年|财年|財年)?\s*[-/ .]?\s*(?:q|第)\s*([1-4一二三四])\s*(?:季度|季)?$`)
	quarterLastRe  = regexp.MustCompile(`^q([1-4])\s*[-/ ,.]?\s*(?:fy\s*)?(\d{4})$`)
	quarterZhRe    = regexp.MustCompile(`^(\d{4})\s*(?:年|财年|財年)?\s*([1-4一二三四])\s*季度$`)
	fiscalYearRe   = regexp.MustCompile(`^(?:fy\s*)?(\d{4})\s*(?:年度|年|财年|財年|财年度|財年度)?$`)
)

// commentPeriod parses the period of a commentary row: a fiscal quarter
// (2026-Q1, Q1 2026, FY2026 Q1, 2026年第一季度), a fiscal year (FY2026,
// 2026, 2026年度, 2026财年) or a month in any form a month column takes
// (2026-03, Mar 2026, 2026年3月, a date cell; 3月 in the sheet's fiscal
// year). Quarters and years are fiscal, as `-period` reads them.
func (sr *sheetReader) commentPeriod(col int, s string) (reports.Period, bool) {
	t := strings.ToLower(strings.TrimSpace(foldWidth(s)))
	dateCell := sr.cur != nil && sr.cur.IsDate(col)
	if !dateCell {
		if m := quarterFirstRe.FindStringSubmatch(t); m != nil {
			return reports.QuarterPeriod(atoi(m[1]), quarterNumber(m[2]), sr.opt.FYStart), true
		}
		if m := quarterZhRe.FindStringSubmatch(t); m != nil {
			return reports.QuarterPeriod(atoi(m[1]), quarterNumber(m[2]), sr.opt.FYStart), true
		}
		if m := quarterLastRe.FindStringSubmatch(t); m != nil {
			return reports.QuarterPeriod(atoi(m[2]), quarterNumber(m[1]), sr.opt.FYStart), true
		}
		if m := fiscalYearRe.FindStringSubmatch(t); m != nil {
			if y := atoi(m[1]); y >= 1990 && y <= 2100 {
				return reports.YearPeriod(y, sr.opt.FYStart), true
			}
		}
	}
	m, err := parseMonthCell(s, sr.fy, sr.opt.FYStart, sr.date1904, false)
	if err != nil || !m.Valid() {
		return reports.Period{}, false
	}
	return reports.MonthPeriod(m, sr.opt.FYStart), true
}

// quarterNumber reads 1–4 or 一–四.
func quarterNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return strings.Index("一二三四", s)/len("一") + 1
}
