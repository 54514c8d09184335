package pipeline

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sampleInbox copies the budget and March actuals of the samples into a
// new inbox.
func sampleInbox(t *testing.T) string {
	t.Helper()
	inbox := t.TempDir()
	for _, name := range []string{"budget-2026.xlsx", "actuals-2026-03.xlsx"} {
		copyFile(t, filepath.Join("../../sample-inputs", name), filepath.Join(inbox, name))
	}
	return inbox
}

var march20 = time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)

// TestUnreadableManifest: a manifest.json that cannot be read is an error
// message, never a panic, and the reports are written all the same.
func TestUnreadableManifest(t *testing.T) {
	tests := []struct {
		name    string
		make    func(path string) error
		wantMsg string
	}{
		{"directory", func(p string) error { return os.Mkdir(p, 0o755) }, "not a regular file (a directory)"},
		{"garbage", func(p string) error { return os.WriteFile(p, []byte("\x00\x01 not json"), 0o644) }, "not a budgetlens manifest"},
		{"permission", func(p string) error {
			if os.Geteuid() == 0 {
				return errSkip
			}
			return os.WriteFile(p, []byte(`{"runs":[]}`), 0o000)
		}, "permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			manifest := filepath.Join(out, ManifestFile)
			if err := tt.make(manifest); err == errSkip {
				t.Skip("root reads any file")
			} else if err != nil {
				t.Fatal(err)
			}
			var log strings.Builder
			res, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: sampleInbox(t), Out: out, Now: march20, Log: textLogger(&log)})
			if err != nil {
				t.Fatalf("run failed: %v", err)
			}
			if res.ManifestErr == nil || !strings.Contains(res.ManifestErr.Error(), tt.wantMsg) {
				t.Errorf("ManifestErr = %v, want it to say %q", res.ManifestErr, tt.wantMsg)
			}
			if !strings.Contains(log.String(), "manifest unreadable") {
				t.Errorf("no error message in the log:\n%s", log.String())
			}
			for _, name := range []string{"report-2026-03.pdf", "report-2026-03.html", IndexFile, SummaryFile} {
				if _, err := os.Stat(filepath.Join(out, name)); err != nil {
					t.Errorf("report not written: %v", err)
				}
			}
		})
	}
}

var errSkip = errors.New("skip")

func textLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, nil))
}
