package workbook

import (
	"context"
	"os"
	"testing"

	"github.com/budgetlens/budgetlens/reports/inputs"
)

// BenchmarkReadLedgerFile reads the workbook named by BENCH_LEDGER, such
// as the 1M-row finance ledger cmd/benchledger generates, into the
// fingerprint recorder as `budgetlens check` and run do, so the reader can
// be profiled on it:
//
//	BENCH_LEDGER=.cache/bench/1000000-finance/inbox/actuals-2026.xlsx \
//	  go test -run '^$' -bench ReadLedgerFile -benchtime 1x -cpuprofile cpu.prof ./reports/workbook
func BenchmarkReadLedgerFile(b *testing.B) {
	path := os.Getenv("BENCH_LEDGER")
	if path == "" {
		b.Skip("set BENCH_LEDGER to a workbook")
	}
	for b.Loop() {
		fr := ReadFile(context.Background(), path, Options{}, inputs.NewRecorder())
		if fr.Err != nil {
			b.Fatal(fr.Err)
		}
	}
}
