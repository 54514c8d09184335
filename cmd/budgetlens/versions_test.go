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

// TestCheckSaysHowFilesCombine: check reads a ledger and its corrected
// copy and says, as a run would decide, that the copy replaces the
// original — a decision, not a problem (exit 0).
func TestCheckSaysHowFilesCombine(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, bump int64) string {
		b := excel.NewBook()
		sh := b.Sheet("支出明细")
		sh.BoldRow("日期", "类别", "渠道", "供应商", "金额")
		for i := int64(0); i < 20; i++ {
			amt := 1000 + i
			if i == 3 {
				amt += bump
			}
			sh.Row(time.Date(2026, 3, int(i)+1, 0, 0, 0, 0, time.UTC), "数字广告", "百度", "百度", amt)
		}
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Write(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return path
	}
	a, b := write("actuals-2026-03.xlsx", 0), write("actuals-2026-03 更正.xlsx", 500)
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"check", a, b}, &stdout, &stderr)
	out := stdout.String()
	if code != exitOK || !strings.Contains(out, "actuals-2026-03 更正.xlsx corrects actuals-2026-03.xlsx for March 2026") || !strings.Contains(out, "net change +¥500") {
		t.Errorf("exit %d, want %d and the correction in words:\n%s%s", code, exitOK, out, stderr.String())
	}
}
