package watch

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSuffix(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want string
	}{
		{"budget-2026.xlsx", 1, "budget-2026.xlsx"},
		{"budget-2026.xlsx", 2, "budget-2026 (2).xlsx"},
		{"actuals.2026-03.xlsx", 12, "actuals.2026-03 (12).xlsx"},
		{"noext", 3, "noext (3)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := suffixed(tt.name, tt.n)
			if got != tt.want {
				t.Fatalf("suffixed(%q, %d) = %q, want %q", tt.name, tt.n, got, tt.want)
			}
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestPlace(t *testing.T) {
	tests := []struct {
		name     string
		o        placeOpts
		existing map[string]string // files already in the destination
		want     string            // destination name
		wantOld  bool              // an identical file was found instead
	}{
		{name: "move to free name", o: placeOpts{move: true}, want: "a.xlsx"},
		{name: "copy to free name", o: placeOpts{}, want: "a.xlsx"},
		{name: "move, name taken", o: placeOpts{move: true},
			existing: map[string]string{"a.xlsx": "older"}, want: "a (2).xlsx"},
		{name: "copy, names taken", o: placeOpts{},
			existing: map[string]string{"a.xlsx": "older", "a (2).xlsx": "old"}, want: "a (3).xlsx"},
		{name: "sidecar taken", o: placeOpts{move: true, sidecar: true},
			existing: map[string]string{"a.xlsx.error.txt": "orphan"}, want: "a (2).xlsx"},
		{name: "move with identical file there still moves", o: placeOpts{move: true},
			existing: map[string]string{"a.xlsx": "new bytes"}, want: "a (2).xlsx"},
		{name: "copy dedupes identical file", o: placeOpts{dedupe: true},
			existing: map[string]string{"a.xlsx": "older", "a (2).xlsx": "new bytes"}, want: "a (2).xlsx", wantOld: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			src := filepath.Join(root, "inbox", "a.xlsx")
			writeFile(t, src, "new bytes")
			dir := filepath.Join(root, "dest")
			for name, content := range tt.existing {
				writeFile(t, filepath.Join(dir, name), content)
			}
			dst, old, err := place(src, dir, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if got := filepath.Base(dst); got != tt.want || old != tt.wantOld {
				t.Errorf("placed as %q (existing %v), want %q (existing %v)", got, old, tt.want, tt.wantOld)
			}
			if got := readFile(t, dst); got != "new bytes" {
				t.Errorf("destination holds %q, want %q", got, "new bytes")
			}
			for name, content := range tt.existing {
				if got := readFile(t, filepath.Join(dir, name)); got != content {
					t.Errorf("existing %s overwritten: got %q, want %q", name, got, content)
				}
			}
			_, err = os.Stat(src)
			if srcGone := errors.Is(err, os.ErrNotExist); srcGone != (tt.o.move && !old) {
				t.Errorf("source gone = %v, want %v", srcGone, tt.o.move)
			}
		})
	}
}

func TestCopyVerified(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.xlsx")
	writeFile(t, src, "workbook bytes")
	mtime := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := os.Chtimes(src, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "dst.xlsx")
	if err := copyVerified(src, dst); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, dst); got != "workbook bytes" {
		t.Errorf("copy holds %q, want %q", got, "workbook bytes")
	}
	if info, err := os.Stat(dst); err != nil || !info.ModTime().Equal(mtime) {
		t.Errorf("copy mtime = %v (%v), want %v", info.ModTime(), err, mtime)
	}
	if err := copyVerified(src, dst); !errors.Is(err, errTaken) {
		t.Errorf("copy over an existing file: got %v, want errTaken", err)
	}
	if got := readFile(t, dst); got != "workbook bytes" {
		t.Errorf("existing file changed to %q", got)
	}
}
