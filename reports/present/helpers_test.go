package present

import (
	"testing"

	"github.com/budgetlens/budgetlens/reports/i18n"
)

func loadLang(t *testing.T, tag string) *i18n.Lang {
	t.Helper()
	l, err := i18n.Load(tag, "CNY")
	if err != nil {
		t.Fatal(err)
	}
	return l
}
