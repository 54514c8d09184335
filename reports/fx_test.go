package reports

import (
	"errors"
	"math"
	"testing"
)

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want Rate
		err  bool
	}{
		{"7.10", 710_000_000, false},
		{"7.1", 710_000_000, false},
		{"1", RateScale, false},
		{"0.04751234", 4_751_234, false},
		{".5", 50_000_000, false},
		{"0.047512345", 0, true}, // nine decimals: refused, not rounded
		{"0", 0, true},
		{"-7.1", 0, true},
		{"7,1", 0, true},
		{"", 0, true},
		{"1e3", 0, true},
		{"99999999999", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRate(tt.in)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("ParseRate(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.err)
			}
			if err == nil {
				if back, _ := ParseRate(got.String()); back != got {
					t.Errorf("String %q does not parse back to %d", got.String(), got)
				}
			}
		})
	}
}

func TestConvert(t *testing.T) {
	r := func(s string) Rate {
		v, err := ParseRate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		m    Money
		rate Rate
		want Money
		err  error
	}{
		{"whole", 1000 * Unit, r("7.1"), 7100 * Unit, nil},
		{"cents exact", 123457, r("7.1"), 876545, nil},                 // 12.3457 × 7.1 = 87.65447 → 87.6545
		{"half away from zero", 5, r("0.5"), 3, nil},                   // 0.0005 × 0.5 = 0.00025 → 0.0003
		{"negative half away from zero", -5, r("0.5"), -3, nil},        // refunds round symmetrically
		{"just below half", 4, r("0.5"), 2, nil},                       // 0.0002 exactly
		{"small rate", 100_000 * Unit, r("0.04751234"), 47512340, nil}, // ¥100,000 at 0.04751234 = 4,751.234
		{"identity", math.MaxInt64, RateScale, math.MaxInt64, nil},
		{"overflow", math.MaxInt64 / 2, r("7.1"), 0, ErrConvertOverflow},
		{"negative overflow", math.MinInt64 / 2, r("7.1"), 0, ErrConvertOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.m.Convert(tt.rate)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Errorf("%d.Convert(%s) = %d, %v; want %d, %v", tt.m, tt.rate, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestAverageRate(t *testing.T) {
	got := AverageRate([]Rate{710_000_000, 712_000_000, 715_000_001})
	if want := Rate(712_333_334); got != want { // 712333333.67 rounds up
		t.Errorf("AverageRate = %d, want %d", got, want)
	}
	if AverageRate(nil) != 0 {
		t.Error("AverageRate(nil) != 0")
	}
}
