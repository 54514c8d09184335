package workbook

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
)

func TestStatedVersion(t *testing.T) {
	budget := [][]any{{"Month", "Category", "Channel", "Budget"}, {"2026-01", "数字广告", "百度", 1000}}
	withTitle := func(title ...[]any) [][]any { return append(title, budget...) }
	propFile := func(t *testing.T, core string, custom string) string {
		f := excelize.NewFile()
		defer f.Close()
		for r, row := range budget {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			f.SetSheetRow("Sheet1", cell, &row)
		}
		if core != "" {
			if err := f.SetDocProps(&excelize.DocProperties{Version: core}); err != nil {
				t.Fatal(err)
			}
		}
		if custom != "" {
			if err := f.SetCustomProps(excelize.CustomProperty{Name: "版本", Value: custom}); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "budget.xlsx")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name string
		path func(t *testing.T) string
		want string
	}{
		{"no version", func(t *testing.T) string { return writeBook(t, "b.xlsx", sheetRows{"预算", budget}) }, ""},
		{"版本：V3 in a title row", func(t *testing.T) string {
			return writeBook(t, "b.xlsx", sheetRows{"预算", withTitle([]any{"2026年市场预算"}, []any{"版本：V3"})})
		}, "V3"},
		{"Version | 2 beside each other", func(t *testing.T) string {
			return writeBook(t, "b.xlsx", sheetRows{"Budget", withTitle([]any{"Marketing budget", "", "Version", 2}, []any{})})
		}, "2"},
		{"core version property", func(t *testing.T) string { return propFile(t, "4", "") }, "4"},
		{"custom 版本 property wins over core", func(t *testing.T) string { return propFile(t, "4", "修订版 R1") }, "修订版 R1"},
		{"a note mentioning a version is not one", func(t *testing.T) string {
			return writeBook(t, "b.xlsx", sheetRows{"预算", withTitle([]any{"See version history on the wiki"})})
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fr := ReadFile(t.Context(), tc.path(t), Options{}, reports.NewBook())
			if fr.Err != nil {
				t.Fatal(fr.Err)
			}
			if fr.Version != tc.want {
				t.Errorf("Version = %q, want %q", fr.Version, tc.want)
			}
		})
	}
}
