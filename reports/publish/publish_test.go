package publish

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func fill(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// names returns the names of the entries in dir, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteFile(t *testing.T) {
	old := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name        string
		existing    *string // nil: no file yet
		force       bool
		fill        func(io.Writer) error
		want        string // file content afterwards
		wantChanged bool
		wantErr     bool
	}{
		{name: "new file", fill: fill("report"), want: "report", wantChanged: true},
		{name: "different bytes", existing: ptr("old report"), fill: fill("report"), want: "report", wantChanged: true},
		{name: "same bytes are not rewritten", existing: ptr("report"), fill: fill("report"), want: "report"},
		{name: "force rewrites same bytes", existing: ptr("report"), force: true, fill: fill("report"), want: "report", wantChanged: true},
		{name: "fill error keeps the old file", existing: ptr("old report"), wantErr: true, want: "old report",
			fill: func(w io.Writer) error {
				io.WriteString(w, "half a rep")
				return errors.New("renderer broke")
			}},
		{name: "fill error with no old file", wantErr: true,
			fill: func(w io.Writer) error { return errors.New("renderer broke") }},
		{name: "empty output", existing: ptr("old"), fill: fill(""), want: "", wantChanged: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "report-2026-03.pdf")
			if tt.existing != nil {
				if err := os.WriteFile(path, []byte(*tt.existing), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(path, old, old); err != nil {
					t.Fatal(err)
				}
			}
			gotSum, changed, err := WriteFile(path, tt.force, tt.fill)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if changed != tt.wantChanged {
				t.Errorf("changed = %v, want %v", changed, tt.wantChanged)
			}
			if !tt.wantErr && gotSum != sum(tt.want) {
				t.Errorf("sum = %s, want %s", gotSum, sum(tt.want))
			}
			data, rerr := os.ReadFile(path)
			switch {
			case tt.existing == nil && tt.wantErr:
				if !errors.Is(rerr, os.ErrNotExist) {
					t.Errorf("a failed first write left a file: %v", rerr)
				}
			case rerr != nil:
				t.Fatal(rerr)
			case string(data) != tt.want:
				t.Errorf("file holds %q, want %q", data, tt.want)
			}
			if info, err := os.Stat(path); err == nil && tt.existing != nil {
				if kept := info.ModTime().Equal(old); kept == tt.wantChanged {
					t.Errorf("mtime kept = %v, want %v", kept, !tt.wantChanged)
				}
			}
			want := []string{"report-2026-03.pdf"}
			if tt.existing == nil && tt.wantErr {
				want = nil
			}
			if got := names(t, dir); !slices.Equal(got, want) {
				t.Errorf("directory holds %q, want %q (no temp files)", got, want)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func TestWriteBytesCreatesDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "manifest.json")
	if err := WriteBytes(path, []byte("{}\n")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o644 {
		t.Errorf("mode %v, want 0644 (not CreateTemp's 0600)", perm)
	}
}

func TestCleanTemp(t *testing.T) {
	dir := t.TempDir()
	all := []string{".report-2026-03.pdf.tmp-123", ".index.html.tmp-9", "report-2026-03.pdf", ".budgetlens.lock", "x.tmp-1"}
	for _, n := range all {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	CleanTemp(dir)
	want := []string{".budgetlens.lock", "report-2026-03.pdf", "x.tmp-1"}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Errorf("after CleanTemp: %q, want %q", got, want)
	}
	CleanTemp(filepath.Join(dir, "missing")) // no panic, no error
}

func TestAcquire(t *testing.T) {
	tests := []struct {
		name      string
		content   *string // lock file content; nil: no lock file
		wantStale bool
	}{
		{name: "fresh"},
		// What a killed pod leaves in the README's Kubernetes recipe: its
		// pid was 1, and pid 1 is alive in every container (and on every
		// machine). The old pid check refused every later run.
		{name: "left by pid 1", content: ptr("1\n"), wantStale: true},
		{name: "left by this process's pid", content: ptr(strconv.Itoa(os.Getpid())), wantStale: true},
		{name: "left by a live pid", content: ptr(strconv.Itoa(os.Getppid()) + "\n"), wantStale: true},
		{name: "garbage", content: ptr("garbage"), wantStale: true},
		{name: "empty", content: ptr("")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out", ".budgetlens.lock")
			if tt.content != nil {
				if err := WriteBytes(path, []byte(*tt.content)); err != nil {
					t.Fatal(err)
				}
			}
			l, stale, err := Acquire(path)
			if err != nil {
				t.Fatalf("err = %v, want the lock: nobody holds it", err)
			}
			if stale != tt.wantStale {
				t.Errorf("stale = %v, want %v", stale, tt.wantStale)
			}
			data, err := os.ReadFile(path)
			if err != nil || string(data) != strconv.Itoa(os.Getpid())+"\n" {
				t.Errorf("lock holds %q (%v), want our pid %d", data, err, os.Getpid())
			}
			_, _, err = Acquire(path)
			if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
				t.Errorf("second Acquire while held: err = %v, want ErrLocked naming pid %d", err, os.Getpid())
			}
			if data2, _ := os.ReadFile(path); !slices.Equal(data2, data) {
				t.Errorf("a refused Acquire changed the lock file to %q", data2)
			}
			if err := l.Release(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("lock file still there after Release: %v", err)
			}
			l2, stale, err := Acquire(path)
			if err != nil || stale {
				t.Errorf("Acquire after Release: stale %v, err %v; want a clean lock", stale, err)
			}
			l2.Release()
		})
	}
	var nilLock *Lock
	if err := nilLock.Release(); err != nil {
		t.Errorf("nil Release: %v", err)
	}
}

// lockHolderEnv makes the test binary a process that takes a lock and
// waits to be killed (see TestLockDiesWithHolder).
const lockHolderEnv = "BUDGETLENS_TEST_HOLD_LOCK"

func TestMain(m *testing.M) {
	if path := os.Getenv(lockHolderEnv); path != "" {
		if _, _, err := Acquire(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Println("held")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestLockDiesWithHolder holds the lock in another process, sees it
// refused while that process lives and taken over (with a warning) once it
// is killed with SIGKILL, which leaves the lock file and its pid behind.
func TestLockDiesWithHolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the Windows lock (a share-mode handle) is not exercised by this test")
	}
	path := filepath.Join(t.TempDir(), ".budgetlens.lock")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), lockHolderEnv+"="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "held\n" {
		t.Fatalf("holder process said %q", line)
	}
	_, _, err = Acquire(path)
	if want := fmt.Sprintf("pid %d", cmd.Process.Pid); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), want) {
		t.Fatalf("while the holder lives: err = %v, want ErrLocked naming %s", err, want)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if data, _ := os.ReadFile(path); strings.TrimSpace(string(data)) != strconv.Itoa(cmd.Process.Pid) {
		t.Fatalf("the killed holder left %q, want its pid (the case under test)", data)
	}
	l, stale, err := Acquire(path)
	if err != nil || !stale {
		t.Fatalf("after the holder was killed: stale %v, err %v; want the lock, stale", stale, err)
	}
	l.Release()
}

func TestHashFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.xlsx")
	if err := os.WriteFile(path, []byte("workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	n, got, err := HashFile(path)
	if err != nil || n != 8 || got != sum("workbook") {
		t.Errorf("HashFile = %d, %s, %v; want 8, %s", n, got, err, sum("workbook"))
	}
	if _, _, err := HashFile(path + ".missing"); err == nil {
		t.Error("HashFile of a missing file: no error")
	}
}

func TestManifest(t *testing.T) {
	t.Run("missing is empty", func(t *testing.T) {
		m, err := ReadManifest(filepath.Join(t.TempDir(), "manifest.json"))
		if err != nil || m.Schema != ManifestSchema || len(m.Runs) != 0 || m.LastOK() != nil {
			t.Errorf("got %+v, %v; want an empty manifest", m, err)
		}
	})
	t.Run("corrupt is an error and a fresh manifest", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "manifest.json")
		os.WriteFile(path, []byte(`{"runs": [`), 0o644)
		m, err := ReadManifest(path)
		if err == nil || m == nil || len(m.Runs) != 0 {
			t.Errorf("got %+v, %v; want a fresh manifest and an error", m, err)
		}
	})
	t.Run("append caps at MaxRuns", func(t *testing.T) {
		m := &Manifest{Schema: ManifestSchema}
		for i := range MaxRuns + 5 {
			m.Append(Run{Message: strconv.Itoa(i), Outcome: "ok"})
		}
		if len(m.Runs) != MaxRuns {
			t.Fatalf("%d runs kept, want %d", len(m.Runs), MaxRuns)
		}
		if first, last := m.Runs[0].Message, m.Runs[MaxRuns-1].Message; first != "5" || last != strconv.Itoa(MaxRuns+4) {
			t.Errorf("kept runs %s…%s, want 5…%d (the newest)", first, last, MaxRuns+4)
		}
	})
	t.Run("LastOK", func(t *testing.T) {
		tests := []struct {
			outcomes []string
			want     int // index, -1 for nil
		}{
			{nil, -1},
			{[]string{"failed"}, -1},
			{[]string{"ok", "failed"}, 0},
			{[]string{"ok", "input_problems", "failed"}, 1},
			{[]string{"failed", "unchanged"}, 1},
			{[]string{"ok", "ok"}, 1},
		}
		for _, tt := range tests {
			m := &Manifest{}
			for i, o := range tt.outcomes {
				m.Append(Run{Outcome: o, Fingerprint: strconv.Itoa(i)})
			}
			got := m.LastOK()
			switch {
			case tt.want < 0 && got != nil:
				t.Errorf("%v: LastOK = run %s, want nil", tt.outcomes, got.Fingerprint)
			case tt.want >= 0 && (got == nil || got.Fingerprint != strconv.Itoa(tt.want)):
				t.Errorf("%v: LastOK = %v, want run %d", tt.outcomes, got, tt.want)
			}
		}
	})
	t.Run("write and read back", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "manifest.json")
		started := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		m := &Manifest{}
		m.Append(Run{Started: started, Version: "dev", Outcome: "input_problems",
			Inputs:  []Input{{Path: "budget-2026.xlsx", Size: 10, SHA256: sum("b"), Used: 3}},
			Outputs: []Output{{Path: "index.html", SHA256: sum("i"), Changed: true}}})
		if err := m.Write(path); err != nil {
			t.Fatal(err)
		}
		got, err := ReadManifest(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.Schema != ManifestSchema || len(got.Runs) != 1 {
			t.Fatalf("read back %+v", got)
		}
		r := got.Runs[0]
		if !r.Started.Equal(started) || r.Inputs[0].SHA256 != sum("b") || r.Outputs[0].Path != "index.html" || got.LastOK() == nil {
			t.Errorf("read back %+v, want what was written", r)
		}
	})
}

// TestAcquireStaleRace lets several takers find the same stale lock at
// once: exactly one may win.
func TestAcquireStaleRace(t *testing.T) {
	dir := t.TempDir()
	for round := range 200 {
		path := filepath.Join(dir, fmt.Sprintf("lock-%d", round))
		if err := os.WriteFile(path, []byte(strconv.Itoa(1<<23)), 0o644); err != nil {
			t.Fatal(err)
		}
		const takers = 6
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		start := make(chan struct{})
		for range takers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if _, _, err := Acquire(path); err == nil {
					mu.Lock()
					won++
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
		if won != 1 {
			t.Fatalf("round %d: %d takers hold the lock, want 1", round, won)
		}
	}
}
