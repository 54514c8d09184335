package reports

import (
	"errors"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Money is an exact amount in ten-thousandths of the currency's major unit
// (1 yuan = 10000). Four decimals keep every value a spreadsheet cell
// normally holds exact, and int64 still reaches 9.2e14 major units, so sums
// over millions of ledger rows never lose a fen. Money is rounded only when
// it is presented (Major, Round2).
type Money int64

// Unit is one major unit of currency (one yuan, one dollar).
const Unit Money = 10000

// ErrNotDecimal is returned by ParseDecimal for text that is not a plain
// decimal number.
var ErrNotDecimal = errors.New("not a decimal number")

// ErrOverflow is returned by ParseDecimal for numbers that do not fit.
var ErrOverflow = errors.New("number too large")

// indexExp is strings.IndexAny(s, "eE") without its set-building, which
// cost more than the rest of parsing a ledger amount.
func indexExp(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 == 'e' {
			return i
		}
	}
	return -1
}

// ParseDecimal parses a plain decimal ("-1234.5", "1e3", "0.30000000000000004")
// into Money, rounding half away from zero at the fourth decimal. It accepts
// exponent notation because spreadsheet producers write cached values that way.
func ParseDecimal(s string) (Money, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrNotDecimal
	}
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	exp := 0
	if i := indexExp(s); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 40 || e < -40 {
			return 0, ErrNotDecimal
		}
		exp = e
		s = s[:i]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	if intPart == "" && frac == "" {
		return 0, ErrNotDecimal
	}
	// The digits are intPart followed by frac, read in place: a million
	// ledger amounts parse without allocating.
	n := len(intPart) + len(frac)
	at := func(k int) byte {
		if k < len(intPart) {
			return intPart[k]
		}
		return frac[k-len(intPart)]
	}
	for k := 0; k < n; k++ {
		if c := at(k); c < '0' || c > '9' {
			return 0, ErrNotDecimal
		}
	}
	// The value is digits × 10^(exp − len(frac)); we want it × 10^4.
	shift := exp - len(frac) + 4
	z := 0 // leading zeros
	for z < n && at(z) == '0' {
		z++
	}
	sig := n - z // significant digits
	kept := sig
	roundUp := false
	if shift >= 0 {
		if sig+shift > 19 {
			if sig == 0 {
				return 0, nil
			}
			return 0, ErrOverflow
		}
	} else {
		kept = sig + shift
		if kept <= 0 {
			roundUp = kept == 0 && sig > 0 && at(z) >= '5'
			kept = 0
		} else {
			roundUp = at(z+kept) >= '5'
		}
	}
	if kept > 19 {
		return 0, ErrOverflow
	}
	var v uint64
	for k := 0; k < kept; k++ {
		v = v*10 + uint64(at(z+k)-'0')
	}
	for ; shift > 0; shift-- {
		v *= 10 // sig+shift ≤ 19 digits: no wrap
	}
	if roundUp {
		v++
	}
	if v > math.MaxInt64 {
		return 0, ErrOverflow
	}
	m := Money(v)
	if neg {
		m = -m
	}
	return m, nil
}

// Major returns m in major units as a float64, for presentation and JSON only.
func (m Money) Major() float64 { return float64(m) / float64(Unit) }

// Round2 returns m in major units rounded half away from zero to two
// decimals, as summary.json and the exports present amounts.
func (m Money) Round2() float64 {
	c := int64(m) / 100
	r := int64(m) % 100
	if r >= 50 {
		c++
	} else if r <= -50 {
		c--
	}
	return float64(c) / 100
}

// Cents returns m in hundredths of the major unit, rounded half away from zero.
func (m Money) Cents() int64 {
	c := int64(m) / 100
	r := int64(m) % 100
	if r >= 50 {
		c++
	} else if r <= -50 {
		c--
	}
	return c
}

// MulRatio returns m × num / den rounded half away from zero; den must be
// non-zero (0 gives 0). It is how shares of a budget (a stage mix
// percentage, a prorated month) are taken without floating point. The
// product is formed in 128 bits, so it is exact whatever the scale (an
// IDR budget of 558 bn × 4500 basis points does not fit in 64 bits); a
// quotient beyond Money's range, which amounts within MaxTotal and ratios
// up to 16 never give, saturates at the range's end (see MulRatioOK).
func (m Money) MulRatio(num, den int64) Money {
	q, ok := m.MulRatioOK(num, den)
	if !ok {
		if (m < 0) != (num < 0) != (den < 0) {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return q
}

// MulRatioOK is MulRatio that reports false instead of saturating when the
// result does not fit in Money.
func (m Money) MulRatioOK(num, den int64) (Money, bool) {
	if den == 0 || m == 0 || num == 0 {
		return 0, true
	}
	neg := (m < 0) != (num < 0) != (den < 0)
	a, b, d := absU(int64(m)), absU(num), absU(den)
	hi, lo := bits.Mul64(a, b)
	if hi >= d {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r { // 2r ≥ d without overflowing
		q++
		if q == 0 {
			return 0, false
		}
	}
	switch {
	case q == 0:
		return 0, true
	case !neg && q > math.MaxInt64:
		return 0, false
	case neg && q > 1<<63:
		return 0, false
	case neg:
		return Money(-int64(q-1) - 1), true // −2^63 included
	}
	return Money(q), true
}

// absU returns |v| as an unsigned number (|MinInt64| included).
func absU(v int64) uint64 {
	if v < 0 {
		return uint64(^v) + 1
	}
	return uint64(v)
}

// MaxTotal is the largest sum of the absolute amounts a run reads: about
// 57.6 trillion major units (a year's marketing in rupiah or dong is a
// small fraction of it). Keeping every input within it means no sum of
// amounts in the reports — totals, variances, budget plus actual, a
// full-year run rate of twelve times the year-to-date — can leave int64:
// the bound is MaxInt64/16. Readers refuse an amount that would break it
// (naming its cell), never wrap it.
const MaxTotal Money = math.MaxInt64 / 16

// AddOK returns m + o and false when the sum does not fit in Money.
func (m Money) AddOK(o Money) (Money, bool) {
	s := m + o
	if (o > 0 && s < m) || (o < 0 && s > m) {
		return 0, false
	}
	return s, true
}

// Abs returns |m|; |MinInt64| saturates at MaxInt64.
func (m Money) Abs() Money {
	if m < 0 {
		if m == math.MinInt64 {
			return math.MaxInt64
		}
		return -m
	}
	return m
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// String formats m with two decimals and no grouping, e.g. "-1234.50".
func (m Money) String() string {
	c := m.Cents()
	sign := ""
	if c < 0 {
		sign = "-"
		c = -c
	}
	return sign + strconv.FormatInt(c/100, 10) + "." + pad2(c%100)
}

func pad2(v int64) string {
	if v < 10 {
		return "0" + strconv.FormatInt(v, 10)
	}
	return strconv.FormatInt(v, 10)
}

// Pct returns part / whole × 100 and false when whole is zero.
func Pct(part, whole Money) (float64, bool) {
	if whole == 0 {
		return 0, false
	}
	return float64(part) / float64(whole) * 100, true
}
