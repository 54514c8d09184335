package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports/excel"
)

// TestNotesDoNotFailTheRun: a well-formed workbook whose reading records
// a decision (Jan…Dec columns placed in fiscal order when the fiscal year
// starts in April) exits 0 with the note in the summary line, in run and
// in check; a rejected row in the same inbox exits 1.
func TestNotesDoNotFailTheRun(t *testing.T) {
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	write := func(t *testing.T, badRow bool) (cfg, inbox string) {
		dir := t.TempDir()
		inbox = filepath.Join(dir, "inbox")
		if err := os.MkdirAll(inbox, 0o755); err != nil {
			t.Fatal(err)
		}
		b := excel.NewBook()
		s := b.Sheet("Budget")
		head := []any{"Category", "Channel"}
		for _, m := range months {
			head = append(head, m)
		}
		s.Row(head...)
		for _, ch := range []string{"Search", "Social"} {
			row := []any{"Digital", ch}
			for range months {
				row = append(row, 10000.0)
			}
			s.Row(row...)
		}
		writeBook(t, b, filepath.Join(inbox, "budget-2026.xlsx"))
		a := excel.NewBook()
		s = a.Sheet("Ledger")
		s.Row("Date", "Category", "Channel", "Amount")
		for d := 1; d <= 28; d += 9 {
			s.Row(fmt.Sprintf("2026-04-%02d", d), "Digital", "Search", 2500.0)
		}
		if badRow {
			s.Row("2026-04-30", "Digital", "Social", "12,3x4")
		}
		writeBook(t, a, filepath.Join(inbox, "actuals-2026-04.xlsx"))
		cfg = filepath.Join(dir, "config.toml")
		text := "[company]\nname = \"Notes Co\"\nstage = \"growth\"\nannual_revenue = 50000000\nfiscal_year_start = 4\nlanguage = \"en\"\n\n[paths]\ninbox = \"inbox\"\noutputs = \"out\"\n"
		if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return cfg, inbox
	}
	for _, tt := range []struct {
		name   string
		bad    bool
		want   int
		status string
	}{
		{"note only", false, exitOK, "; ok; 1 note on how inputs were read"},
		{"rejected row", true, exitProblems, "1 input problem (see the data notes); 1 note"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, inbox := write(t, tt.bad)
			var stdout, stderr bytes.Buffer
			if got := run(t.Context(), []string{"run", "-config", cfg}, &stdout, &stderr); got != tt.want {
				t.Errorf("run: exit %d, want %d\nstdout: %s\nstderr: %s", got, tt.want, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.status) {
				t.Errorf("run summary %q lacks %q", stdout.String(), tt.status)
			}
			stdout.Reset()
			stderr.Reset()
			if got := run(t.Context(), []string{"check", "-config", cfg, inbox}, &stdout, &stderr); got != tt.want {
				t.Errorf("check: exit %d, want %d\nstdout: %s\nstderr: %s", got, tt.want, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), "placed by name in fiscal year") {
				t.Errorf("check does not print the note:\n%s", stdout.String())
			}
		})
	}
}
