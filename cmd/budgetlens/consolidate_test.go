package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsolidateExitCodes checks the mapping of consolidate's outcomes
// onto the documented exit codes; what is refused and why is tested in
// reports/consolidate.
func TestConsolidateExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"missing summary", []string{"-config", write("a.toml", "[group]\nname = \"G\"\ncurrency = \"CNY\"\n[[unit]]\nname = \"EU\"\nsummary = \"eu/summary.json\"\n"), "-out", filepath.Join(dir, "out")},
			exitUsage, `budgetlens: consolidation refused: unit "EU": `},
		{"config error", []string{"-config", write("b.toml", "[group]\nname = \"G\"\ncurrency = \"XX\"\n[[unit]]\nname = \"EU\"\nsummary = \"eu\"\n")},
			exitUsage, `b.toml:3: group.currency: "XX" is not an ISO 4217 currency code`},
		{"arguments", []string{"extra"}, exitUsage, "consolidate takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"consolidate"}, tt.args...), &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.code, tt.stderr)
			}
			if n := strings.Count(strings.TrimSpace(stderr.String()), "\n"); n > 0 && tt.name == "missing summary" {
				t.Errorf("stderr is %d lines, want one: %q", n+1, stderr.String())
			}
		})
	}
}
