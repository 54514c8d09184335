package present

import (
	"testing"

	"github.com/budgetlens/budgetlens/reports"
)

// TestNotesLayoutTranslated checks that a budget sheet's layout is named
// in the report's language: the Chinese data notes said "(wide)".
func TestNotesLayoutTranslated(t *testing.T) {
	tests := []struct {
		tag, layout, want string
	}{
		{"zh-CN", "wide", "宽表"},
		{"zh-CN", "long", "长表"},
		{"en", "wide", "wide"},
		{"en", "", ""},
		{"zh-CN", "odd", "odd"},
	}
	for _, tt := range tests {
		t.Run(tt.tag+"/"+tt.layout, func(t *testing.T) {
			n := reports.DataNotes{Files: []reports.FileReport{{Name: "budget.xlsx",
				Sheets: []reports.SheetReport{{Sheet: "预算", Kind: reports.KindBudget, Layout: tt.layout}}}}}
			got := notes(n, loadLang(t, tt.tag)).Files[0].Sheets[0].Layout
			if got != tt.want {
				t.Errorf("layout: got %q, want %q", got, tt.want)
			}
		})
	}
}
