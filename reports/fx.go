package reports

import (
	"errors"
	"math/big"
	"strconv"
	"strings"
)

// Rate is an exchange rate: how many units of the group's currency one
// unit of another currency buys, exact to eight decimals (7.10 is
// 710000000). Eight decimals hold every rate a treasury table publishes,
// including small ones such as JPY → CNY 0.04751234.
type Rate int64

// RateScale is the Rate of exactly one.
const RateScale Rate = 100_000_000

// ErrBadRate is returned by ParseRate for text that is not a positive
// decimal with at most eight decimals.
var ErrBadRate = errors.New("not a positive exchange rate with at most 8 decimals")

// ParseRate parses a plain positive decimal ("7.10", "0.0475") into a
// Rate. Rates with more than eight decimals are refused, not rounded: a
// rate is stated, and the report prints the rate it used.
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" || len(frac) > 8 || len(intPart) > 10 {
		return 0, ErrBadRate
	}
	digits := intPart + frac + strings.Repeat("0", 8-len(frac))
	var v int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, ErrBadRate
		}
		v = v*10 + int64(c-'0')
	}
	if v <= 0 {
		return 0, ErrBadRate
	}
	return Rate(v), nil
}

// String formats r as a decimal without trailing zeros: "7.1", "0.0475", "1".
func (r Rate) String() string {
	s := strconv.FormatInt(int64(r)/int64(RateScale), 10)
	f := int64(r) % int64(RateScale)
	if f == 0 {
		return s
	}
	fs := strconv.FormatInt(f+int64(RateScale), 10)[1:] // eight digits, zero-padded
	return s + "." + strings.TrimRight(fs, "0")
}

// Float returns r as a float64, for JSON only.
func (r Rate) Float() float64 { return float64(r) / float64(RateScale) }

// ErrConvertOverflow is returned by Convert when the converted amount does
// not fit in Money.
var ErrConvertOverflow = errors.New("converted amount too large")

// Convert returns m × r in the group's currency, rounded once, half away
// from zero, to Money's ten-thousandths. The product is formed exactly, so
// the only rounding of a conversion is this one.
func (m Money) Convert(r Rate) (Money, error) {
	p := new(big.Int).Mul(big.NewInt(int64(m)), big.NewInt(int64(r)))
	neg := p.Sign() < 0
	p.Abs(p)
	q, rem := new(big.Int).QuoRem(p, big.NewInt(int64(RateScale)), new(big.Int))
	if rem.Lsh(rem, 1).Cmp(big.NewInt(int64(RateScale))) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() {
		return 0, ErrConvertOverflow
	}
	if neg {
		q.Neg(q)
	}
	return Money(q.Int64()), nil
}

// AverageRate returns the mean of rates, rounded half up to eight
// decimals; it is how a quarter or year is converted from a monthly rate
// table (see the README). It returns 0 for no rates.
func AverageRate(rates []Rate) Rate {
	if len(rates) == 0 {
		return 0
	}
	sum := new(big.Int)
	for _, r := range rates {
		sum.Add(sum, big.NewInt(int64(r)))
	}
	n := big.NewInt(int64(len(rates)))
	q, rem := new(big.Int).QuoRem(sum, n, new(big.Int))
	if rem.Lsh(rem, 1).Cmp(n) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return Rate(q.Int64())
}
