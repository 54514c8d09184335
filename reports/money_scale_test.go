package reports

import (
	"fmt"
	"math"
	"math/big"
	"math/rand"
	"testing"
	"time"
)

// bigRatio is the reference for MulRatio: m × num / den rounded half away
// from zero, in arbitrary precision.
func bigRatio(m Money, num, den int64) *big.Int {
	p := new(big.Int).Mul(big.NewInt(int64(m)), big.NewInt(num))
	d := big.NewInt(den)
	q, r := new(big.Int).QuoRem(p, d, new(big.Int))
	twice := new(big.Int).Abs(r)
	twice.Lsh(twice, 1)
	if twice.Cmp(new(big.Int).Abs(d)) >= 0 {
		if p.Sign()*d.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

func TestMulRatioAtScale(t *testing.T) {
	// An IDR company spending ~558 bn a year: 45% of it is 251.1 bn. The
	// product 5.58e15 × 4500 does not fit in 64 bits; the ratio must
	// still be exact.
	total := Money(558_000_000_000) * Unit
	if got, want := total.MulRatio(4500, 10000), Money(251_100_000_000)*Unit; got != want {
		t.Errorf("558 bn × 45%% = %s, want %s", got, want)
	}
	tests := []struct {
		name     string
		m        Money
		num, den int64
		ok       bool
	}{
		{"max times one", math.MaxInt64, 1, 1, true},
		{"min times one", math.MinInt64, 1, 1, true},
		{"max halves", math.MaxInt64, 1, 2, true},
		{"min over minus one overflows", math.MinInt64, 1, -1, false},
		{"max doubled overflows", math.MaxInt64, 2, 1, false},
		{"huge product, small quotient", math.MaxInt64, math.MaxInt64, math.MaxInt64, true},
		{"negative huge product", -math.MaxInt64, math.MaxInt64 - 1, math.MaxInt64, true},
		{"twelve months of MaxTotal fit", MaxTotal, 12, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.m.MulRatioOK(tt.num, tt.den)
			if ok != tt.ok {
				t.Fatalf("MulRatioOK(%d, %d, %d) ok = %v, want %v", tt.m, tt.num, tt.den, ok, tt.ok)
			}
			if ok {
				if want := bigRatio(tt.m, tt.num, tt.den); want.Cmp(big.NewInt(int64(got))) != 0 {
					t.Errorf("MulRatioOK(%d, %d, %d) = %d, want %s", tt.m, tt.num, tt.den, got, want)
				}
			}
		})
	}
}

// TestMulRatioProperty compares MulRatio with arbitrary precision over
// random amounts of every magnitude and ratios like the reports take.
func TestMulRatioProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	lim := new(big.Int).SetInt64(math.MaxInt64)
	for i := 0; i < 200_000; i++ {
		m := Money(rng.Int63() >> uint(rng.Intn(63)))
		if rng.Intn(2) == 0 {
			m = -m
		}
		num := rng.Int63n(20_001) - 10_000
		den := rng.Int63n(10_000) + 1
		if rng.Intn(4) == 0 {
			num, den = rng.Int63(), rng.Int63()+1
		}
		want := bigRatio(m, num, den)
		fits := want.CmpAbs(lim) <= 0 || want.Cmp(big.NewInt(math.MinInt64)) == 0
		got, ok := m.MulRatioOK(num, den)
		if ok != fits {
			t.Fatalf("MulRatioOK(%d, %d, %d) ok = %v, want %v (exact %s)", m, num, den, ok, fits, want)
		}
		if ok && want.Cmp(big.NewInt(int64(got))) != 0 {
			t.Fatalf("MulRatioOK(%d, %d, %d) = %d, want %s", m, num, den, got, want)
		}
		if !ok {
			if s := m.MulRatio(num, den); s != math.MaxInt64 && s != math.MinInt64 {
				t.Fatalf("MulRatio(%d, %d, %d) = %d on overflow, want a saturated value", m, num, den, s)
			}
		}
	}
}

// TestSumsAtScaleProperty feeds rows of up to 1e15 major units (whole
// numbers, as in currencies without a minor unit: JPY, KRW, IDR as
// invoiced) through the rule the readers apply — parse, then accept an
// amount only while the run's absolute total stays within MaxTotal — into
// a Book, and checks every sum against arbitrary precision: each is exact
// or the row was refused; none wraps.
func TestSumsAtScaleProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(1e15))
	jan := Month{Year: 2026, Month: time.January}
	for round := 0; round < 300; round++ {
		b := NewBook()
		wantPlan := map[BudgetKey]*big.Int{}
		wantSpend := map[ActualKey]*big.Int{}
		var abs Money
		refused := 0
		maxRow := []int64{1e15, 1e12, 1e9}[round%3]
		for i := 0; i < 50; i++ {
			v := rng.Int63n(maxRow + 1)
			if rng.Intn(3) == 0 {
				v = -v
			}
			text := fmt.Sprintf("%d", v)
			m, err := ParseDecimal(text)
			if err != nil {
				if err != ErrOverflow {
					t.Fatalf("ParseDecimal(%q): %v", text, err)
				}
				if v > -922_337_203_685_477 && v < 922_337_203_685_477 {
					t.Fatalf("ParseDecimal(%q) overflows but fits", text)
				}
				refused++
				continue
			}
			if want := new(big.Int).Mul(big.NewInt(v), big.NewInt(int64(Unit))); want.Cmp(big.NewInt(int64(m))) != 0 {
				t.Fatalf("ParseDecimal(%q) = %d, want %s", text, m, want)
			}
			sum, ok := abs.AddOK(m.Abs())
			if !ok || sum > MaxTotal {
				refused++
				continue
			}
			abs = sum
			key := LineKey{Category: "c", Channel: fmt.Sprint(i % 3)}
			if i%2 == 0 {
				b.Budget(BudgetLine{LineKey: key, Month: jan, Amount: m})
				k := BudgetKey{key, jan}
				if wantPlan[k] == nil {
					wantPlan[k] = new(big.Int)
				}
				wantPlan[k].Add(wantPlan[k], big.NewInt(int64(m)))
			} else {
				b.Actual(Entry{Date: jan.First(), Category: "c", Channel: key.Channel, Amount: m})
				k := ActualKey{key, jan}
				if wantSpend[k] == nil {
					wantSpend[k] = new(big.Int)
				}
				wantSpend[k].Add(wantSpend[k], big.NewInt(int64(m)))
			}
		}
		if b.Abs != abs || b.Abs > MaxTotal {
			t.Fatalf("round %d: Book.Abs = %d, want %d (≤ %d)", round, b.Abs, abs, MaxTotal)
		}
		for k, want := range wantPlan {
			if want.Cmp(big.NewInt(int64(b.Plan[k]))) != 0 {
				t.Fatalf("round %d: plan %v = %d, want %s", round, k, b.Plan[k], want)
			}
		}
		var total, budget Money
		for k, want := range wantSpend {
			if want.Cmp(big.NewInt(int64(b.Spend[k]))) != 0 {
				t.Fatalf("round %d: spend %v = %d, want %s", round, k, b.Spend[k], want)
			}
			total += b.Spend[k]
		}
		for _, v := range b.Plan {
			budget += v
		}
		// Derived figures stay exact too: the variance, twelve months of
		// run rate, a 45% share.
		a := Amounts{Budget: budget, Actual: total}
		if got, want := big.NewInt(int64(a.Variance())), new(big.Int).Sub(big.NewInt(int64(total)), big.NewInt(int64(budget))); got.Cmp(want) != 0 {
			t.Fatalf("round %d: variance %s, want %s", round, got, want)
		}
		if _, ok := total.MulRatioOK(12, 1); !ok {
			t.Fatalf("round %d: twelve times %d overflows within MaxTotal", round, total)
		}
		if got, want := total.MulRatio(4500, 10000), bigRatio(total, 4500, 10000); want.Cmp(big.NewInt(int64(got))) != 0 {
			t.Fatalf("round %d: 45%% of %d = %d, want %s", round, total, got, want)
		}
		if maxRow == 1e15 && refused == 0 {
			t.Fatalf("round %d: fifty rows of up to 1e15 were all accepted", round)
		}
	}
}

func TestAddOK(t *testing.T) {
	tests := []struct {
		a, b Money
		ok   bool
	}{
		{1, 2, true},
		{math.MaxInt64, 1, false},
		{math.MinInt64, -1, false},
		{math.MaxInt64, math.MinInt64, true},
		{5e18, 5e18, false}, // two rows of 5e14 yuan
	}
	for _, tt := range tests {
		got, ok := tt.a.AddOK(tt.b)
		if ok != tt.ok || ok && got != tt.a+tt.b {
			t.Errorf("AddOK(%d, %d) = %d, %v; want ok %v", tt.a, tt.b, got, ok, tt.ok)
		}
	}
}
