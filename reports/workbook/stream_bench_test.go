package workbook

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetlens/budgetlens/reports/inputs"
	"github.com/budgetlens/budgetlens/reports/xlsxstream/xlsxtest"
)

// BenchmarkReadLedger reads a generated spend ledger end to end through
// ReadFile: container checks, hashing, rows, values, and the fingerprint
// recorder as check and run read.
func BenchmarkReadLedger(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		for _, inline := range []bool{false, true} {
			data, _ := xlsxtest.Ledger(n, inline)
			path := filepath.Join(b.TempDir(), "actuals-2026.xlsx")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				b.Fatal(err)
			}
			layout := map[bool]string{false: "shared", true: "inline"}[inline]
			b.Run(fmt.Sprintf("rows=%d/layout=%s", n, layout), func(b *testing.B) {
				for b.Loop() {
					fr := ReadFile(context.Background(), path, Options{}, inputs.NewRecorder())
					if fr.Err != nil {
						b.Fatal(fr.Err)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}
