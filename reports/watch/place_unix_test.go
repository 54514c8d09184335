//go:build unix

package watch

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestMoveAcrossFileSystems moves a file from the temp dir to /dev/shm
// when they are different file systems, which takes the copy path.
func TestMoveAcrossFileSystems(t *testing.T) {
	src := filepath.Join(t.TempDir(), "a.xlsx")
	writeFile(t, src, "workbook bytes")
	other, err := os.MkdirTemp("/dev/shm", "budgetlens-watch-")
	if err != nil {
		t.Skip("no /dev/shm:", err)
	}
	defer os.RemoveAll(other)
	var s1, s2 syscall.Stat_t
	if syscall.Stat(src, &s1) != nil || syscall.Stat(other, &s2) != nil || s1.Dev == s2.Dev {
		t.Skip("temp dir and /dev/shm are on the same file system")
	}
	dst, _, err := place(src, other, placeOpts{move: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, dst); got != "workbook bytes" {
		t.Errorf("moved file holds %q", got)
	}
	if _, err := os.Stat(src); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("source still there after a verified move: %v", err)
	}
}
