package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/publish"
)

// TestOwnOutput: check refuses the tool's own exports by run's rule, the
// sha256 recorded in manifest.json (beside the file or in the configured
// outputs folder); a copy under another name is still recognised and a
// workbook the manifest does not list is read.
func TestOwnOutput(t *testing.T) {
	l, err := i18n.Load("en", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	elsewhere := t.TempDir()
	write := func(dir, name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	export := write(out, "variance.xlsx", "budgetlens export bytes")
	_, sum, err := publish.HashFile(export)
	if err != nil {
		t.Fatal(err)
	}
	man := &publish.Manifest{Schema: publish.ManifestSchema}
	man.Append(publish.Run{Outputs: []publish.Output{{Path: "variance.xlsx", SHA256: sum}}})
	if err := man.Write(filepath.Join(out, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	copied := write(elsewhere, "budget-2026.xlsx", "budgetlens export bytes")
	user := write(elsewhere, "actuals-2026-03.xlsx", "a user's workbook")
	userInOut := write(out, "budget-2026.xlsx", "another user's workbook")
	for _, tc := range []struct {
		path, outputs string
		own           bool
	}{
		{export, "", true},     // manifest beside the file
		{export, out, true},    // the configured outputs folder
		{copied, out, true},    // renamed copy, same bytes
		{copied, "", false},    // no manifest to say so
		{user, out, false},     // not in the manifest
		{userInOut, "", false}, // beside the manifest but not listed
	} {
		note := OwnOutput(tc.path, tc.outputs, l)
		if (note != "") != tc.own {
			t.Errorf("OwnOutput(%s, %q) = %q, want own=%v", tc.path, tc.outputs, note, tc.own)
		}
		if tc.own && !strings.Contains(note, "budgetlens") {
			t.Errorf("note %q does not say it is budgetlens output", note)
		}
	}
}
