package workbook

import (
	"slices"
	"strings"
)

// Amounts are summed in the company's currency; the reader converts
// nothing. A cell or a money column that names another currency ("$1,200"
// or "Amount (USD)" in a CNY company's ledger) is therefore rejected with a
// reason instead of being added as if it were yuan. Marks that several
// currencies share (¥ for yuan and yen, $ for the dollars) match any of
// them; 元 is the generic word for a currency unit in Chinese and matches
// every currency.

// currencyMarkCodes maps a currency mark to the ISO 4217 codes it can
// stand for. Longer marks come first so "US$" is found before "$".
var currencyMarkCodes = []struct {
	mark  string
	codes []string
}{
	{"新台币", []string{"TWD"}}, {"新台幣", []string{"TWD"}}, {"人民币", []string{"CNY"}}, {"人民幣", []string{"CNY"}},
	{"US$", []string{"USD"}}, {"HK$", []string{"HKD"}}, {"NT$", []string{"TWD"}}, {"CN¥", []string{"CNY"}},
	{"RMB", []string{"CNY"}}, {"CNY", []string{"CNY"}}, {"USD", []string{"USD"}}, {"EUR", []string{"EUR"}},
	{"GBP", []string{"GBP"}}, {"HKD", []string{"HKD"}}, {"TWD", []string{"TWD"}}, {"NTD", []string{"TWD"}},
	{"JPY", []string{"JPY"}}, {"美元", []string{"USD"}}, {"港元", []string{"HKD"}}, {"港币", []string{"HKD"}},
	{"港幣", []string{"HKD"}}, {"台币", []string{"TWD"}}, {"台幣", []string{"TWD"}}, {"日元", []string{"JPY"}},
	{"欧元", []string{"EUR"}}, {"歐元", []string{"EUR"}},
	{"￥", []string{"CNY", "JPY"}}, {"¥", []string{"CNY", "JPY"}},
	{"$", []string{"USD", "HKD", "TWD", "SGD", "AUD", "CAD", "NZD", "MXN"}},
	{"€", []string{"EUR"}}, {"£", []string{"GBP"}},
}

// foreignCurrency returns the mark in s that cannot stand for currency,
// or "" when s names no currency or one that can be currency. An empty
// currency disables the check.
func foreignCurrency(s, currency string) string {
	if currency == "" || plainDecimal(s) {
		// Number cells ("1234.56") carry no mark: the million-row case.
		return ""
	}
	u := strings.ToUpper(foldWidth(s))
	for _, m := range currencyMarkCodes {
		i := strings.Index(u, strings.ToUpper(m.mark))
		if i < 0 {
			continue
		}
		// A three-letter code must stand alone ("USD 1,200", "Amount
		// (USD)"), not inside a word.
		if isASCIILetters(m.mark) && (i > 0 && isLetter(u[i-1]) || i+len(m.mark) < len(u) && isLetter(u[i+len(m.mark)])) {
			continue
		}
		if slices.Contains(m.codes, currency) {
			return ""
		}
		return m.mark
	}
	return ""
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
