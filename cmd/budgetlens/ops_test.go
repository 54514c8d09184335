package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCheckSpecialFiles: check on a named pipe, a device or a socket
// returns at once with an error naming the file (it used to block in
// open and ignore SIGTERM); a link to a workbook is checked like the
// workbook, as run and watch read it.
func TestCheckSpecialFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("named pipes, devices and sockets")
	}
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "../../sample-inputs", filepath.Join(dir, "out"), "en")
	fifo := filepath.Join(dir, "actuals.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.xlsx")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	link := filepath.Join(dir, "budget-link.xlsx")
	if err := os.Symlink(abs(t, "../../sample-inputs/budget-2026.xlsx"), link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file string
		want int
		say  string
	}{
		{"named pipe", fifo, exitProblems, "named pipe"},
		{"device", "/dev/zero", exitProblems, "device"},
		{"socket", sock, exitProblems, "socket"},
		{"link to a workbook", link, exitOK, "budget-link.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.file); err != nil {
				t.Skip(err)
			}
			type result struct {
				code int
				out  string
			}
			done := make(chan result, 1)
			go func() {
				var stdout, stderr bytes.Buffer
				code := run(t.Context(), []string{"check", "-config", cfg, tt.file}, &stdout, &stderr)
				done <- result{code, stdout.String() + stderr.String()}
			}()
			select {
			case r := <-done:
				if r.code != tt.want || !strings.Contains(r.out, tt.say) {
					t.Errorf("exit %d, want %d with %q:\n%s", r.code, tt.want, tt.say, r.out)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("check hangs")
			}
		})
	}
}

// TestRunRefusesOverlappingFolders: outputs inside the inbox is a config
// error (exit 2) naming both folders, and nothing is written.
func TestRunRefusesOverlappingFolders(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	cfg := writeConfig(t, dir, inbox, filepath.Join(inbox, "reports"), "en")
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"run", "-config", cfg}, &stdout, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "inside the inbox") {
		t.Errorf("exit %d, want %d saying the outputs are inside the inbox:\n%s", code, exitUsage, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(inbox, "reports")); err == nil {
		t.Error("outputs folder created inside the inbox")
	}
	code = run(t.Context(), []string{"watch", "-once", "-config", cfg}, &stdout, &stderr)
	if code != exitUsage {
		t.Errorf("watch: exit %d, want %d", code, exitUsage)
	}
}
