package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports/excel"
)

// TestCheckCommentary: check reads a commentary sheet's form on its own
// (exit 0), and given the budget and the ledger too it matches each row
// as a run would, naming the cell of a line that matches nothing (exit 1).
func TestCheckCommentary(t *testing.T) {
	dir := t.TempDir()
	save := func(name string, b *excel.Book) string {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Write(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	bud := excel.NewBook()
	sh := bud.Sheet("预算")
	sh.BoldRow("Month", "Category", "Channel", "Budget")
	for m := 1; m <= 12; m++ {
		sh.Row(time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"), "数字广告", "百度", 1000)
	}
	budget := save("budget-2026.xlsx", bud)
	led := excel.NewBook()
	sh = led.Sheet("支出明细")
	sh.BoldRow("日期", "类别", "渠道", "金额")
	sh.Row(time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), "数字广告", "百度", 1800)
	ledger := save("actuals-2026-03.xlsx", led)
	com := excel.NewBook()
	sh = com.Sheet("说明")
	sh.BoldRow("期间", "项目", "说明")
	sh.Row("2026-03", "百度", "品牌词加投")
	sh.Row("2026-03", "抖音", "没有这个渠道")
	commentary := save("commentary-2026.xlsx", com)

	for _, tc := range []struct {
		name  string
		files []string
		code  int
		want  string
	}{
		{"alone: its form only", []string{commentary}, exitOK, "commentary-2026.xlsx"},
		{"with budget and actuals: matched", []string{budget, ledger, commentary}, exitProblems,
			`commentary-2026.xlsx: 说明!B3: "抖音" matches no budget line, category or channel`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), append([]string{"check"}, tc.files...), &stdout, &stderr)
			out := stdout.String()
			if code != tc.code || !strings.Contains(out, tc.want) || strings.Contains(out, `"百度" matches`) {
				t.Errorf("exit %d, want %d and %q:\n%s%s", code, tc.code, tc.want, out, stderr.String())
			}
		})
	}
}
