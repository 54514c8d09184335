package reports

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Money
		err  error
	}{
		{"integer", "1234", 12340000, nil},
		{"negative", "-1234.5", -12345000, nil},
		{"plus", "+7", 70000, nil},
		{"four decimals", "0.0001", 1, nil},
		{"rounds half up", "0.00005", 1, nil},
		{"rounds half away from zero", "-0.00005", -1, nil},
		{"rounds down", "0.00004", 0, nil},
		{"float noise", "0.30000000000000004", 3000, nil},
		{"exponent", "1.5e3", 15000000, nil},
		{"negative exponent", "15E-1", 15000, nil},
		{"leading dot", ".5", 5000, nil},
		{"trailing dot", "5.", 50000, nil},
		{"spaces", "  42 ", 420000, nil},
		{"large", "900000000000000", 9000000000000000000, nil},
		{"too large", "9000000000000000", 0, ErrOverflow},
		{"empty", "", 0, ErrNotDecimal},
		{"letters", "12a", 0, ErrNotDecimal},
		{"comma", "1,234", 0, ErrNotDecimal},
		{"lone sign", "-", 0, ErrNotDecimal},
		{"lone dot", ".", 0, ErrNotDecimal},
		{"huge exponent", "1e999", 0, ErrNotDecimal},
		{"zero with big exponent", "0e30", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDecimal(tt.in)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ParseDecimal(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if err == nil && got != tt.want {
				t.Errorf("ParseDecimal(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1", "-1.5", "0.30000000000000004", "1e3", "", "abc", "9999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseDecimal(s)
		if err != nil {
			return
		}
		// A parsed value printed with four decimals parses back to itself.
		back, err := ParseDecimal(fmt.Sprintf("%d.%04d", int64(m)/10000, abs64(int64(m)%10000)))
		if m < 0 && m > -Unit {
			return // "-0.xxxx" loses its sign in the %d of the integer part
		}
		if err != nil || back != m {
			t.Fatalf("round trip of %q: %d → %d (%v)", s, m, back, err)
		}
	})
}

func TestRounding(t *testing.T) {
	tests := []struct {
		m      Money
		round2 float64
		cents  int64
		str    string
	}{
		{12345, 1.23, 123, "1.23"},
		{12350, 1.24, 124, "1.24"},
		{-12350, -1.24, -124, "-1.24"},
		{-12349, -1.23, -123, "-1.23"},
		{0, 0, 0, "0.00"},
		{Unit * 1234567, 1234567, 123456700, "1234567.00"},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			if got := tt.m.Round2(); got != tt.round2 {
				t.Errorf("Round2(%d) = %v, want %v", tt.m, got, tt.round2)
			}
			if got := tt.m.Cents(); got != tt.cents {
				t.Errorf("Cents(%d) = %v, want %v", tt.m, got, tt.cents)
			}
			if got := tt.m.String(); got != tt.str {
				t.Errorf("String(%d) = %q, want %q", tt.m, got, tt.str)
			}
		})
	}
}

func TestMulRatio(t *testing.T) {
	tests := []struct {
		name     string
		m        Money
		num, den int64
		want     Money
	}{
		{"half", 10, 1, 2, 5},
		{"rounds half away", 5, 1, 2, 3},
		{"negative rounds away", -5, 1, 2, -3},
		{"third", 100, 1, 3, 33},
		{"two thirds", 100, 2, 3, 67},
		{"zero den", 100, 1, 0, 0},
		{"share 45%", 1000 * Unit, 4500, 10000, 450 * Unit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.MulRatio(tt.num, tt.den); got != tt.want {
				t.Errorf("MulRatio(%d, %d, %d) = %d, want %d", tt.m, tt.num, tt.den, got, tt.want)
			}
		})
	}
}

func TestSumIsExact(t *testing.T) {
	// A million 0.01 entries sum to exactly 10,000.00; float64 would not.
	var sum Money
	cent, _ := ParseDecimal("0.01")
	for i := 0; i < 1_000_000; i++ {
		sum += cent
	}
	if sum != 10000*Unit {
		t.Fatalf("sum = %s, want 10000.00", sum)
	}
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		name    string
		m       Month
		fyStart time.Month
		fy, q   int
	}{
		{"calendar year", Month{2026, time.March}, time.January, 2026, 1},
		{"calendar Q4", Month{2026, time.December}, time.January, 2026, 4},
		{"April FY, April", Month{2026, time.April}, time.April, 2026, 1},
		{"April FY, March belongs to the FY started last April", Month{2027, time.March}, time.April, 2026, 4},
		{"April FY, January", Month{2027, time.January}, time.April, 2026, 4},
		{"July FY, September", Month{2026, time.September}, time.July, 2026, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FiscalYearOf(tt.m, tt.fyStart); got != tt.fy {
				t.Errorf("FiscalYearOf(%s) = %d, want %d", tt.m, got, tt.fy)
			}
			if got := QuarterOf(tt.m, tt.fyStart); got != tt.q {
				t.Errorf("QuarterOf(%s) = %d, want %d", tt.m, got, tt.q)
			}
			q := QuarterPeriod(tt.fy, tt.q, tt.fyStart)
			if !q.Contains(tt.m) {
				t.Errorf("quarter %s (%s–%s) does not contain %s", q.ID, q.Start, q.End, tt.m)
			}
			y := YearPeriod(tt.fy, tt.fyStart)
			if !y.Contains(tt.m) || len(y.Months()) != 12 {
				t.Errorf("year %s (%s–%s) does not contain %s in 12 months", y.ID, y.Start, y.End, tt.m)
			}
		})
	}
}

func TestMonth(t *testing.T) {
	m := Month{2026, time.December}
	if got := m.Add(1); got != (Month{2027, time.January}) {
		t.Errorf("Add(1) = %s, want 2027-01", got)
	}
	if got := m.Add(-12); got != (Month{2025, time.December}) {
		t.Errorf("Add(-12) = %s, want 2025-12", got)
	}
	if got := (Month{2026, time.February}).Last().Day(); got != 28 {
		t.Errorf("Last day of 2026-02 = %d, want 28", got)
	}
	if got := m.String(); got != "2026-12" {
		t.Errorf("String = %q, want 2026-12", got)
	}
}

func TestCellError(t *testing.T) {
	tests := []struct {
		e    CellError
		want string
	}{
		{CellError{File: "a.xlsx", Sheet: "支出明细", Cell: "E17", Err: errors.New(`"12,3x4" is not an amount`)}, `a.xlsx: 支出明细!E17: "12,3x4" is not an amount`},
		{CellError{File: "a.xlsx", Sheet: "S", Row: 4, Err: errors.New("subtotal mismatch")}, "a.xlsx: S row 4: subtotal mismatch"},
		{CellError{File: "a.xlsx", Err: errors.New("encrypted")}, "a.xlsx: encrypted"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func ExampleAmounts_VariancePct() {
	a := Amounts{Budget: 900000 * Unit, Actual: 1262000 * Unit}
	pct, _ := a.VariancePct()
	fmt.Printf("variance %s (%.1f%%)\n", a.Variance(), pct)
	// Output: variance 362000.00 (40.2%)
}
