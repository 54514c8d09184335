package watch

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadOnlyInbox: on an inbox the watcher may read but not change (a
// read-only share), each start must not add another archive or rejected
// copy of every input, the rejected file still gets its .error.txt, and
// the log says plainly why the files stay. Root ignores permission bits,
// so the inbox's refusal is simulated at the one call that removes files.
func TestReadOnlyInbox(t *testing.T) {
	e := newEnv(t)
	inbox := e.inbox
	removeFile = func(path string) error {
		if filepath.Dir(path) == inbox {
			return &fs.PathError{Op: "unlink", Path: path, Err: syscall.EACCES}
		}
		return os.Remove(path)
	}
	t.Cleanup(func() { removeFile = os.Remove })
	var log strings.Builder
	e.opt.Log = newTextLogger(&log)
	writeFile(t, filepath.Join(e.inbox, "budget-2026.xlsx"), "budget")
	writeFile(t, filepath.Join(e.inbox, "actuals-2026-10.xlsx"), "BROKEN text")
	e.opt.Once = true

	var first []string
	for start, day := range []int{2, 2, 3} { // two starts on one day, one the next
		now := time.Date(2026, 3, day, 9, 0, 0, 0, time.UTC)
		e.opt.Now = func() time.Time { return now }
		if _, err := Loop(context.Background(), e.opt); err != nil {
			t.Fatalf("start %d: %v", start, err)
		}
		got := append(listFiles(t, e.archive), listFiles(t, e.rejected)...)
		if start == 0 {
			first = got
			want := []string{"2026-03-02/budget-2026.xlsx", WorkingSetFile, "actuals-2026-10.xlsx", "actuals-2026-10.xlsx" + ErrorSuffix}
			if !slices.Equal(got, want) {
				t.Fatalf("after the first start: %q, want %q", got, want)
			}
			continue
		}
		if !slices.Equal(got, first) {
			t.Errorf("start %d made more copies: %q, want %q", start, got, first)
		}
	}
	if got := listFiles(t, e.inbox); len(got) != 2 {
		t.Errorf("inbox holds %q; the read-only inbox cannot change", got)
	}
	if !strings.Contains(log.String(), "the inbox is read-only") {
		t.Errorf("no clear message about the read-only inbox:\n%s", log.String())
	}
	read, _ := e.fake.last()
	if read["budget-2026.xlsx"] != "budget" {
		t.Errorf("last run read %v; want the budget", read)
	}
}

// TestLinksAndSpecialFiles: a link to a workbook is read and archived as
// a copy of the workbook (the link removed, its target left alone); a
// named pipe with a workbook's name is neither read nor archived, and does
// not block the watcher.
func TestLinksAndSpecialFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and named pipes")
	}
	e := newEnv(t)
	var log strings.Builder
	e.opt.Log = newTextLogger(&log)
	target := filepath.Join(e.root, "shared", "budget-2026.xlsx")
	writeFile(t, target, "budget")
	if err := os.Symlink(target, filepath.Join(e.inbox, "budget-2026.xlsx")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(e.inbox, "actuals-2026-01.xlsx"), 0o644); err != nil {
		t.Fatal(err)
	}
	e.opt.Once = true
	done := make(chan error, 1)
	go func() { _, err := Loop(context.Background(), e.opt); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("watch hangs on a named pipe in the inbox")
	}
	read, _ := e.fake.last()
	if len(read) != 1 || read["budget-2026.xlsx"] != "budget" {
		t.Errorf("run read %v, want only the linked budget", read)
	}
	archived := filepath.Join(e.archive, e.day, "budget-2026.xlsx")
	if info, err := os.Lstat(archived); err != nil || !info.Mode().IsRegular() {
		t.Errorf("archived budget: %v, %v; want a regular file", info, err)
	}
	if readFile(t, target) != "budget" {
		t.Error("the link's target changed")
	}
	if _, err := os.Lstat(filepath.Join(e.inbox, "budget-2026.xlsx")); err == nil {
		t.Error("the link is still in the inbox after a move")
	}
	if !strings.Contains(log.String(), "not a workbook file") || !strings.Contains(log.String(), "actuals-2026-01.xlsx") {
		t.Errorf("no warning naming the named pipe:\n%s", log.String())
	}
}

func newTextLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
