package workbook

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/xlsxstream/xlsxtest"
)

// TestLargeSheetDamagedLate checks a sheet too large to be verified up
// front (it is only checked while streamed) that turns out damaged near its
// end: the file is rejected as damaged, naming the sheet, not read in part.
func TestLargeSheetDamagedLate(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 30 MB sheet")
	}
	data, size := xlsxtest.Ledger(120_000, true)
	if size <= xmlInMemory {
		t.Fatalf("sheet is %d bytes, want more than %d to take the streaming path", size, xmlInMemory)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var off int64 = -1
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			o, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			off = o + int64(f.CompressedSize64) - 64
		}
	}
	if off < 0 {
		t.Fatal("no worksheet in the generated ledger")
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "actuals-good.xlsx")
	bad := filepath.Join(dir, "actuals-bad.xlsx")
	os.WriteFile(good, data, 0o644)
	damaged := bytes.Clone(data)
	damaged[off] ^= 0xFF
	os.WriteFile(bad, damaged, 0o644)

	book := reports.NewBook()
	fr := ReadFile(t.Context(), good, Options{}, book)
	if fr.Err != nil {
		t.Fatalf("intact ledger: %v", fr.Err)
	}
	if used, _, _ := fr.Rows(); used != 120_000 {
		t.Errorf("intact ledger: %d rows used, want 120000", used)
	}

	fr = ReadFile(t.Context(), bad, Options{}, reports.NewBook())
	if fr.Err == nil {
		t.Fatal("a ledger damaged near its end was read without error")
	}
	if msg := fr.Err.Error(); !strings.Contains(msg, "actuals-bad.xlsx") || !strings.Contains(msg, "Ledger") {
		t.Errorf("error %q does not name the file and the sheet", msg)
	}
}
