package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports/publish"
)

// TestSafeWrites checks the "nothing lost" properties with the real
// binary: a run killed at any moment leaves every report complete (old or
// new), and two runs never overlap.
func TestSafeWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary:", err)
	}
	bin := filepath.Join(t.TempDir(), "budgetlens")
	build := exec.Command(goTool, "build", "-o", bin, "./cmd/budgetlens")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// setup copies the samples into a fresh inbox and writes a config.
	setup := func(t *testing.T) (cfg, out string) {
		dir := t.TempDir()
		inbox := filepath.Join(dir, "inbox")
		if err := os.MkdirAll(inbox, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range sampleFiles(t) {
			if err := os.WriteFile(filepath.Join(inbox, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return watchConfig(t, dir, "zh-CN", "1s", "1s"), filepath.Join(dir, "outputs")
	}

	t.Run("killed runs", func(t *testing.T) {
		cfg, out := setup(t)
		// Two complete runs; the faster (warm) one times the kills.
		var full time.Duration
		for i := range 2 {
			start := time.Now()
			res := runBinary(t, bin, "run", "-force", "-config", cfg)
			if d := time.Since(start); i == 0 || d < full {
				full = d
			}
			if res.code != exitOK {
				t.Fatalf("complete run: exit %d\n%s", res.code, res.stderr)
			}
		}
		if errs := checkOutputs(out); len(errs) > 0 {
			t.Fatalf("after a complete run: %v", errs)
		}

		// Kill runs at random moments within a run's duration.
		rng := rand.New(rand.NewPCG(2026, 3))
		const maxIter = 20
		deadline := time.Now().Add(20 * time.Second)
		var killed, finished, staleLocks int
		var checking time.Duration
		for i := 0; i < maxIter && time.Now().Before(deadline); i++ {
			delay := time.Duration(rng.Int64N(int64(full)))
			cmd := exec.Command(bin, "run", "-force", "-config", cfg)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(delay)
			cmd.Process.Kill() // SIGKILL: no chance to clean up
			err := cmd.Wait()
			var ee *exec.ExitError
			switch {
			case errors.As(err, &ee) && !ee.Exited():
				killed++
			case err == nil:
				finished++
			case errors.As(err, &ee) && ee.ExitCode() == exitLocked && strings.Contains(stderr.String(), "another budgetlens run"):
				t.Fatalf("iteration %d: the lock of a killed run was not taken over: %s", i, stderr.String())
			default:
				t.Fatalf("iteration %d: %v\n%s", i, err, stderr.String())
			}
			if _, err := os.Stat(filepath.Join(out, ".budgetlens.lock")); err == nil {
				staleLocks++
			}
			c := time.Now()
			if errs := checkOutputs(out); len(errs) > 0 {
				t.Fatalf("iteration %d, killed after %v: %v", i, delay, errs)
			}
			checking += time.Since(c)
		}
		t.Logf("checking outputs took %v in all", checking)
		t.Logf("full run %v; %d runs killed mid-way, %d finished first, %d stale locks left; every output complete after each",
			full.Round(time.Millisecond), killed, finished, staleLocks)
		if killed == 0 {
			t.Error("no run was killed mid-way; the test proved nothing")
		}

		// The next normal run takes over the dead run's lock and succeeds.
		// Whatever the killed runs left, the lock file now names pid 1,
		// alive on every machine: what a killed pod leaves behind.
		lock := filepath.Join(out, ".budgetlens.lock")
		if err := os.WriteFile(lock, []byte("1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		res := runBinary(t, bin, "run", "-config", cfg)
		if res.code != exitOK {
			t.Fatalf("run after the kills: exit %d\n%s", res.code, res.stderr)
		}
		if !strings.Contains(res.stderr, "stale lock") {
			t.Errorf("no warning about the stale lock:\n%s", res.stderr)
		}
		if _, err := os.Stat(lock); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("lock left after a complete run: %v", err)
		}
		if errs := checkOutputs(out); len(errs) > 0 {
			t.Fatal(errs)
		}
		ents, _ := os.ReadDir(out)
		for _, e := range ents {
			if strings.Contains(e.Name(), ".tmp-") {
				t.Errorf("temp file %s not cleaned by the next run", e.Name())
			}
		}
	})

	t.Run("lock held by a live process", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("the lock is flock, which Windows lacks")
		}
		cfg, out := setup(t)
		held, _, err := publish.Acquire(filepath.Join(out, ".budgetlens.lock")) // this test process holds it
		if err != nil {
			t.Fatal(err)
		}
		defer held.Release()
		res := runBinary(t, bin, "run", "-config", cfg)
		if res.code != exitLocked {
			t.Errorf("exit %d, want %d", res.code, exitLocked)
		}
		for _, want := range []string{"another budgetlens run is in progress", fmt.Sprintf("pid %d", os.Getpid())} {
			if !strings.Contains(res.stderr, want) {
				t.Errorf("stderr does not say %q:\n%s", want, res.stderr)
			}
		}
		if ents, _ := os.ReadDir(out); len(ents) != 1 {
			t.Errorf("outputs written while the lock was held: %d entries", len(ents))
		}
	})

	t.Run("concurrent runs", func(t *testing.T) {
		cfg, out := setup(t)
		lock := filepath.Join(out, ".budgetlens.lock")
		for attempt := 1; ; attempt++ {
			first := exec.Command(bin, "run", "-force", "-config", cfg)
			var firstErr bytes.Buffer
			first.Stderr = &firstErr
			if err := first.Start(); err != nil {
				t.Fatal(err)
			}
			firstDone := make(chan error, 1)
			go func() { firstDone <- first.Wait() }()
			pid := strconv.Itoa(first.Process.Pid)
			// Start the second run once the first holds the lock.
			held := false
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && !held; {
				data, _ := os.ReadFile(lock)
				held = strings.TrimSpace(string(data)) == pid
				if !held {
					time.Sleep(2 * time.Millisecond)
				}
			}
			if !held {
				<-firstDone
				t.Fatalf("the first run never took the lock\n%s", firstErr.String())
			}
			res := runBinary(t, bin, "run", "-config", cfg)
			var firstRunning bool
			select {
			case <-firstDone:
			default:
				firstRunning = true
			}
			if err := <-firstDone; err != nil {
				t.Fatalf("first run: %v\n%s", err, firstErr.String())
			}
			if res.code == exitOK && !firstRunning && attempt < 5 {
				continue // the first run finished before the second looked; try again
			}
			if res.code != exitLocked || !strings.Contains(res.stderr, "pid "+pid) {
				t.Fatalf("second run: exit %d, want %d with an error naming pid %s\n%s", res.code, exitLocked, pid, res.stderr)
			}
			if errs := checkOutputs(out); len(errs) > 0 {
				t.Fatal(errs)
			}
			return
		}
	})

	// SIGTERM during a run (a scheduler stopping it) prints one line, not
	// "context canceled" once per report, and leaves every output whole.
	t.Run("SIGTERM", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("no SIGTERM")
		}
		cfg, out := setup(t)
		lock := filepath.Join(out, ".budgetlens.lock")
		for attempt := 1; ; attempt++ {
			cmd := exec.Command(bin, "run", "-force", "-config", cfg)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pid := strconv.Itoa(cmd.Process.Pid)
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
				if data, _ := os.ReadFile(lock); strings.TrimSpace(string(data)) == pid {
					break
				}
			}
			cmd.Process.Signal(syscall.SIGTERM)
			err := cmd.Wait()
			if err == nil && attempt < 5 {
				continue // finished before the signal; try again
			}
			var lines []string
			for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
				if l != "" {
					lines = append(lines, l)
				}
			}
			if err == nil {
				t.Skip("every run finished before SIGTERM arrived")
			}
			t.Logf("after SIGTERM (%v): %s", err, stderr.String())
			if len(lines) != 1 || strings.Count(stderr.String(), "context canceled") > 1 {
				t.Errorf("SIGTERM: %v, %d lines on stderr, want one:\n%s", err, len(lines), stderr.String())
			}
			if errs := checkOutputs(out); len(errs) > 0 {
				t.Fatal(errs)
			}
			return
		}
	})
}

type binResult struct {
	code           int
	stdout, stderr string
}

// runBinary runs the built binary to completion, bounded to a minute.
func runBinary(t *testing.T, bin string, args ...string) binResult {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("budgetlens %s did not finish within a minute", strings.Join(args, " "))
	}
	return binResult{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
}

// checkOutputs returns what is wrong with the visible files in dir: every
// report PDF must be a whole PDF, every JSON parse, every HTML file end
// with </html>, the workbook be a readable zip, and no temp file show.
// Hidden files (the lock, temp files the next run cleans) are ignored.
func checkOutputs(dir string) []error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return []error{err}
	}
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if strings.Contains(name, ".tmp-") || strings.HasSuffix(name, ".tmp") {
			bad(name, "temp file visible among the reports")
			continue
		}
		data, err := readForCheck(filepath.Join(dir, name))
		if err != nil {
			bad(name, "%v", err)
			continue
		}
		tail := bytes.TrimRight(data, " \t\r\n")
		switch ext := filepath.Ext(name); {
		case ext == ".pdf":
			if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(tail, []byte("%%EOF")) {
				bad(name, "not a complete PDF (%d bytes)", len(data))
			}
		case ext == ".json":
			if !json.Valid(data) {
				bad(name, "invalid JSON (%d bytes)", len(data))
			}
		case ext == ".html":
			if !bytes.HasSuffix(bytes.ToLower(tail), []byte("</html>")) {
				bad(name, "HTML does not end with </html>: %q", tail[max(0, len(tail)-16):])
			}
		case ext == ".xlsx":
			if _, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
				bad(name, "not a readable workbook: %v", err)
			}
		}
	}
	return errs
}

// readForCheck reads what checkOutputs needs: the last 4 KiB of an HTML
// file (they are ~1 MB each, with the charts' script inlined), all of
// anything else.
func readForCheck(path string) ([]byte, error) {
	if filepath.Ext(path) != ".html" {
		return os.ReadFile(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	buf := make([]byte, min(info.Size(), 4096))
	_, err = f.ReadAt(buf, info.Size()-int64(len(buf)))
	return buf, err
}

// TestCheckOutputs makes sure the kill test's checker catches torn files.
func TestCheckOutputs(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"report-2026-03.pdf":          "%PDF-1.4\n...\n%%EOF\n",
		"report-2026-04.pdf":          "%PDF-1.4\n... cut off",
		"report-2026-03.html":         "<!DOCTYPE html><html>...</html>\n",
		"report-2026-04.html":         "<!DOCTYPE html><html>... cut off",
		"summary.json":                `{"periods": [`,
		"manifest.json":               `{"runs": []}`,
		"report-2026-05.pdf.tmp-1234": "%PDF-",
		".report-2026-05.pdf.tmp-1":   "%PDF-",
		".budgetlens.lock":            "123",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	errs := checkOutputs(dir)
	var got []string
	for _, err := range errs {
		got = append(got, strings.SplitN(err.Error(), ":", 2)[0])
	}
	slices.Sort(got)
	want := []string{"report-2026-04.html", "report-2026-04.pdf", "report-2026-05.pdf.tmp-1234", "summary.json"}
	if !slices.Equal(got, want) {
		t.Errorf("checkOutputs flagged %q, want %q", got, want)
	}
}
