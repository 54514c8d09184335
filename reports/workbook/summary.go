package workbook

import (
	"fmt"
	"sort"
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
			b.WriteString(lang.T("workbook.summary.ignored", "sheet", s.Sheet))
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
			b.WriteString(lang.T("workbook.summary.period", "first", s.First.String(), "last", s.Last.String()))
		}
		if s.Used > 0 {
			b.WriteString(lang.T("workbook.summary.total", "total", fmtAmount(s.Total)))
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
		b.WriteString(lang.T("workbook.summary.problems", "rejected", rows, "warnings", warnings, "notes", notes))
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

// skipReasons formats the skip counts as " (6 subtotal, 2 title)".
func skipReasons(skips map[string]int, lang *i18n.Lang) string {
	if len(skips) == 0 {
		return ""
	}
	keys := make([]string, 0, len(skips))
	for k := range skips {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if skips[keys[i]] != skips[keys[j]] {
			return skips[keys[i]] > skips[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", skips[k], lang.T("workbook.skip."+k))
	}
	sep := ", "
	if lang.Zh() {
		sep = "，"
		return "（" + strings.Join(parts, sep) + "）"
	}
	return " (" + strings.Join(parts, sep) + ")"
}
