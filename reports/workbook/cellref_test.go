package workbook

import (
	"math/rand/v2"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCellNameMatchesExcelize holds cellName to excelize's
// CoordinatesToCellName, the reference, over every column a sheet can have.
func TestCellNameMatchesExcelize(t *testing.T) {
	for col := 1; col <= 16384; col++ {
		for _, row := range []int{1, 17, 1048576} {
			want, err := excelize.CoordinatesToCellName(col, row)
			if err != nil {
				t.Fatal(err)
			}
			if got := cellName(col, row); got != want {
				t.Fatalf("cellName(%d, %d) = %q, want %q", col, row, got, want)
			}
		}
	}
	if got := cellName(0, 1); got != "" {
		t.Errorf("cellName(0, 1) = %q, want empty", got)
	}
}

// TestSerialDayMatchesExcelize holds serialDay to excelize's
// ExcelDateToTime (truncated to the day) in both date systems, including
// the first 61 days of 1900 and times of day a hair before midnight.
func TestSerialDayMatchesExcelize(t *testing.T) {
	vals := []float64{0, 0.5, 1, 1.99, 59, 60, 60.5, 61, 62, 1000, 45000, 45000.5,
		45000.9999999999, 45000.99999999, 45000.999999, 2958465}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		vals = append(vals, rng.Float64()*2958465)
	}
	for _, v := range vals {
		for _, d1904 := range []bool{false, true} {
			ref, err := excelize.ExcelDateToTime(v, d1904)
			if err != nil {
				t.Fatal(err)
			}
			want := ref.Format("2006-01-02")
			if got := serialDay(v, d1904).Format("2006-01-02"); got != want {
				t.Errorf("serialDay(%v, 1904=%v) = %s, want %s", v, d1904, got, want)
			}
		}
	}
}
