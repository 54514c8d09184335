package workbook

import (
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// Summary returns the per-file summary that `budgetlens check` prints: the
// file's size and hash, then one line per sheet with its kind and layout,
// header row, rows used, skipped (by reason) and rejected, the months
// covered and the total, then the count of problems. lang nil is English.
func Summary(fr reports.FileReport, lang *i18n.Lang) string {
	if lang == nil {
		lang = englishLang()
	}
	var b strings.Builder
	if fr.Err != nil {
		b.WriteString(lang.T("workbook.summary.failed", "file", fr.Name, "err", errText(fr.Err)))
		b.WriteByte('\n')
		return b.String()
	}
	sha := fr.SHA256
	if len(sha) > 12 {
		sha = sha[:12]
	}
	b.WriteString(lang.T("workbook.summary.file", "file", fr.Name, "size", byteSize(fr.Size), "sha", sha))
	b.WriteByte('\n')
	for _, s := range fr.Sheets {
		if s.Kind == reports.KindUnknown && s.Used == 0 && s.Rejected == 0 {
			if s.Refused != "" {
				b.WriteString(lang.T("workbook.summary.refused", "sheet", s.Sheet, "why", s.Refused))
			} else {
				b.WriteString(lang.T("workbook.summary.ignored", "sheet", s.Sheet))
			}
			b.WriteByte('\n')
			continue
		}
		layout := ""
		if s.Layout != "" {
			layout = lang.T("workbook.summary.layout", "layout", lang.T("workbook.layout."+s.Layout))
		}
		line := lang.T("workbook.summary.sheet", "sheet", s.Sheet, "kind", lang.T("workbook.kind."+string(s.Kind)),
			"layout", layout, "header", s.Header, "used", s.Used, "skipped", s.Skipped,
			"reasons", skipReasons(s.Skips, lang), "rejected", s.Rejected)
		b.WriteString(line)
		if s.First.Valid() {
			if s.First == s.Last {
				b.WriteString(lang.T("workbook.summary.month", "month", s.First.String()))
			} else {
				b.WriteString(lang.T("workbook.summary.period", "first", s.First.String(), "last", s.Last.String()))
			}
		}
		if s.Used > 0 && s.Kind != reports.KindCommentary {
			b.WriteString(lang.T("workbook.summary.total", "total", fmtAmount(s.Total)))
		}
		if s.Refused != "" {
			b.WriteString(lang.T("workbook.summary.notread", "why", s.Refused))
		}
		b.WriteByte('\n')
	}
	var rejected, warnings, notes int
	for _, p := range fr.Problems {
		switch p.Severity {
		case reports.SevAlert:
			rejected++
		case reports.SevWarn:
			warnings++
		default:
			notes++
		}
	}
	_, _, rows := fr.Rows()
	if rows+warnings+notes == 0 {
		b.WriteString(lang.T("workbook.summary.ok"))
	} else {
		b.WriteString(lang.T("workbook.summary.problems", "rejected", lang.Count("workbook.n.rejected", rows), "warnings", lang.Count("workbook.n.warning", warnings), "notes", lang.Count("workbook.n.note", notes)))
	}
	b.WriteByte('\n')
	return b.String()
}

// errText is the problem part of a file error; the file name is already
// at the start of the summary line.
func errText(err error) string {
	if ce, ok := err.(*reports.CellError); ok && ce.Err != nil && ce.Sheet == "" {
		return ce.Err.Error()
	}
	return err.Error()
}

// skipReasons formats the skip counts: " (6 subtotals, 2 titles)",
// "（小计6行、标题2行）".
func skipReasons(c reports.SkipCounts, lang *i18n.Lang) string {
	var parts []string
	for _, r := range []struct {
		key string
		n   int
	}{{"subtotal", c.Subtotal}, {"title", c.Title}, {"heading", c.Heading}, {"blank", c.Blank}, {"note", c.Note}, {"empty", c.Empty}} {
		if r.n > 0 {
			parts = append(parts, lang.Count("workbook.skip."+r.key, r.n))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return lang.T("workbook.summary.skips", "list", lang.Join(parts))
}
