package starter

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/workbook"
)

func TestConfigLoads(t *testing.T) {
	for _, lang := range []string{"en", "zh-CN"} {
		data, err := Config("Acme \"Quoted\" \\ Co\n", lang)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Parse("config.toml", data)
		if err != nil {
			t.Fatalf("starter config (%s) does not load: %v", lang, err)
		}
		if want := "Acme \"Quoted\" \\ Co"; cfg.Company != want {
			t.Errorf("company: got %q, want %q", cfg.Company, want)
		}
		if cfg.Language != lang {
			t.Errorf("language: got %q, want %q", cfg.Language, lang)
		}
	}
}

func TestCreate(t *testing.T) {
	dir := t.TempDir()
	written, err := Create(dir, "Acme", "en", 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 5 {
		t.Errorf("wrote %d paths, want 5: %v", len(written), written)
	}
	if info, err := os.Stat(filepath.Join(dir, InboxDir)); err != nil || !info.IsDir() {
		t.Errorf("inbox not created: %v", err)
	}
	// The templates must be readable by our own reader: one budget line of
	// 12 × 50,000 and one ledger entry.
	for _, tc := range []struct {
		file       string
		budget     reports.Money
		actual     reports.Money
		funnelWons int64
	}{
		{BudgetFile, 600000 * reports.Unit, 0, 0},
		{ActualsFile, 0, 48250 * reports.Unit, 3},
	} {
		book := reports.NewBook()
		fr := workbook.ReadFile(t.Context(), filepath.Join(dir, tc.file), workbook.Options{}, book)
		if fr.Err != nil || len(fr.Problems) > 0 {
			t.Fatalf("%s: err %v, problems %v", tc.file, fr.Err, fr.Problems)
		}
		var b, a reports.Money
		var won int64
		for _, v := range book.Plan {
			b += v
		}
		for _, v := range book.Spend {
			a += v
		}
		for _, f := range book.Funnels {
			won += f.Won
		}
		if b != tc.budget || a != tc.actual || won != tc.funnelWons {
			t.Errorf("%s: budget %s actual %s won %d; want %s %s %d", tc.file, b, a, won, tc.budget, tc.actual, tc.funnelWons)
		}
	}
	// A second init must not overwrite anything.
	if _, err := Create(dir, "Other", "en", 2026); !errors.Is(err, ErrExists) {
		t.Errorf("second Create: got %v, want ErrExists", err)
	}
}

func TestCreateRejectsBadLanguage(t *testing.T) {
	dir := t.TempDir()
	if _, err := Create(dir, "Acme", "fr", 2026); err == nil || !strings.Contains(err.Error(), "company.language") {
		t.Fatalf("Create with -lang fr: got %v, want an error naming company.language", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a failed init wrote %d entries", len(ents))
	}
}
