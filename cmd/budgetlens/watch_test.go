package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

const sampleDir = "../../sample-inputs"

// watchConfig writes dir/config.toml with every path under dir and tiny
// watch durations, and returns its path.
func watchConfig(t *testing.T, dir, lang, settle, poll string) string {
	t.Helper()
	src := `[company]
name = "Test Co"
stage = "growth"
language = "` + lang + `"

[paths]
inbox = "inbox"
outputs = "outputs"
archive = "archive"
rejected = "rejected"

[watch]
settle = "` + settle + `"
poll = "` + poll + `"
`
	p := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// sampleFiles returns the sample workbooks: name → bytes.
func sampleFiles(t *testing.T) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(sampleDir, "*.xlsx"))
	if err != nil || len(paths) < 2 {
		t.Fatalf("sample inputs missing in %s: %v", sampleDir, err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = data
	}
	return out
}

func sha(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// lockedBuffer is a bytes.Buffer safe for the watcher's goroutine and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// filesUnder returns every regular file under root (relative, slash
// separated) with its sha256.
func filesUnder(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
			return nil // hidden files are the watcher's lock and temp files
		}
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // moved by the watcher while we looked
		}
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = sha(data)
		return nil
	})
	return out
}

func countXLSX(files map[string]string) int {
	n := 0
	for name := range files {
		if strings.HasSuffix(name, ".xlsx") {
			n++
		}
	}
	return n
}

type manifestRuns struct {
	Runs []struct {
		Outcome string `json:"outcome"`
		Inputs  []struct {
			Path   string `json:"path"`
			SHA256 string `json:"sha256"`
			Error  string `json:"error"`
		} `json:"inputs"`
	} `json:"runs"`
}

func readManifestRuns(t *testing.T, path string) manifestRuns {
	t.Helper()
	var m manifestRuns
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil && !os.IsNotExist(err) {
		t.Fatalf("manifest: %v", err)
	}
	return m
}

// waitUntil polls cond every 20ms until it holds or d passes.
func waitUntil(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestWatch runs "budgetlens watch" in-process over an inbox that receives
// the budget (slowly, like a copy over a share), two months of actuals and
// a broken file; then the next month and a re-saved January. It uses only
// part of the samples: under -race a run over all of them takes ~20s.
func TestWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	samples := sampleFiles(t)
	first := []string{"actuals-2026-01.xlsx", "actuals-2026-02.xlsx"}
	later := []string{"actuals-2026-01.xlsx", "actuals-2026-03.xlsx"}
	dir := t.TempDir()
	// Pauses between chunks are longer than poll and shorter than settle.
	const pause = 200 * time.Millisecond
	cfg := watchConfig(t, dir, "en", "700ms", "100ms")
	inbox, outputs := filepath.Join(dir, "inbox"), filepath.Join(dir, "outputs")
	archive, rejected := filepath.Join(dir, "archive"), filepath.Join(dir, "rejected")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(outputs, "manifest.json")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"watch", "-config", cfg}, &stdout, &stderr) }()
	defer func() {
		if t.Failed() {
			t.Logf("watch log:\n%s", stderr.String())
		}
	}()

	// Actuals and a broken file land first, then the budget in chunks.
	const broken = "actuals-2026-10.xlsx"
	dropped := map[string][]byte{broken: []byte("Date,Channel,Amount\n2026-10-01,SEM,1200\n")}
	for _, name := range first {
		data := samples[name]
		dropped[name] = data
		if err := os.WriteFile(filepath.Join(inbox, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(inbox, broken), dropped[broken], 0o644); err != nil {
		t.Fatal(err)
	}
	const budget = "budget-2026.xlsx"
	data := samples[budget]
	dropped[budget] = data
	f, err := os.Create(filepath.Join(inbox, budget))
	if err != nil {
		t.Fatal(err)
	}
	const chunks = 4
	for i := range chunks {
		lo, hi := i*len(data)/chunks, (i+1)*len(data)/chunks
		if _, err := f.Write(data[lo:hi]); err != nil {
			t.Fatal(err)
		}
		time.Sleep(pause)
		if n := len(readManifestRuns(t, manifest).Runs); n > 0 {
			t.Fatalf("a run started before the budget was complete (after chunk %d of %d)", i+1, chunks)
		}
	}
	f.Close()

	// One run over everything, then the inputs leave the inbox.
	waitUntil(t, 3*time.Minute, "inputs archived and rejected", func() bool {
		return len(filesUnder(t, inbox)) == 0 && len(filesUnder(t, rejected)) == 2
	})
	m := readManifestRuns(t, manifest)
	if len(m.Runs) != 1 {
		t.Fatalf("%d runs for one burst of files, want 1", len(m.Runs))
	}
	got := map[string]string{}
	for _, in := range m.Runs[0].Inputs {
		got[in.Path] = in.SHA256
	}
	for name, data := range dropped {
		if got[name] != sha(data) {
			t.Errorf("run read %s with sha256 %q, want %s (the complete file)", name, got[name], sha(data))
		}
	}
	for _, name := range []string{"index.html", "manifest.json", "summary.json", "report-2026-02.pdf", "report-2026-02.html", "report-2026.pdf"} {
		if info, err := os.Stat(filepath.Join(outputs, name)); err != nil || info.Size() == 0 {
			t.Errorf("output %s missing or empty: %v", name, err)
		}
	}

	// Nothing lost: every dropped file is in archive/<date>/ or rejected/,
	// byte for byte, and the broken one has its explanation beside it.
	days, _ := filepath.Glob(filepath.Join(archive, "????-??-??"))
	if len(days) != 1 {
		t.Fatalf("archive folders %q, want one dated folder", days)
	}
	day := filepath.Base(days[0])
	arch := filesUnder(t, archive)
	rej := filesUnder(t, rejected)
	for name, data := range dropped {
		where, sum := "archive", arch[day+"/"+name]
		if name == broken {
			where, sum = "rejected", rej[name]
		}
		if sum != sha(data) {
			t.Errorf("%s not in %s with its original bytes", name, where)
		}
	}
	if n := countXLSX(arch); n != len(dropped)-1 {
		t.Errorf("archive holds %d inputs, want %d: %v", n, len(dropped)-1, arch)
	}
	reason, err := os.ReadFile(filepath.Join(rejected, broken+".error.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"could not read " + broken, "What is wrong: ", filepath.Join(inbox, broken)} {
		if !strings.Contains(string(reason), want) {
			t.Errorf("%s.error.txt does not say %q:\n%s", broken, want, reason)
		}
	}
	if strings.Contains(string(reason), "[watch.") {
		t.Errorf("error file has a missing string:\n%s", reason)
	}

	// The next month and a re-saved January: the run still reads the
	// budget and February from the archive.
	for _, name := range later {
		if err := os.WriteFile(filepath.Join(inbox, name), samples[name], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	waitUntil(t, 3*time.Minute, "the second run", func() bool {
		return len(readManifestRuns(t, manifest).Runs) == 2 && len(filesUnder(t, inbox)) == 0
	})
	m = readManifestRuns(t, manifest)
	second := m.Runs[1]
	if second.Outcome != "ok" {
		t.Errorf("second run: outcome %q, want ok", second.Outcome)
	}
	var names []string
	for _, in := range second.Inputs {
		names = append(names, in.Path)
	}
	sort.Strings(names)
	want := []string{"actuals-2026-01.xlsx", "actuals-2026-02.xlsx", "actuals-2026-03.xlsx", budget}
	if !slices.Equal(names, want) {
		t.Errorf("second run read %q, want %q", names, want)
	}
	arch = filesUnder(t, archive)
	// January dropped again with the same bytes is archived already: the
	// inbox copy is removed and no second copy is made.
	if _, dup := arch[day+"/actuals-2026-01 (2).xlsx"]; dup || arch[day+"/actuals-2026-01.xlsx"] != sha(samples["actuals-2026-01.xlsx"]) {
		t.Errorf("January dropped again with the same bytes: archive %v, want one copy", arch)
	}
	if _, err := os.Stat(filepath.Join(outputs, "report-2026-03.pdf")); err != nil {
		t.Errorf("no March report after the second run: %v", err)
	}

	// Cancelling (SIGINT in main) stops the watcher promptly with exit 0.
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("watch exited %d, want 0\n%s", code, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("watch did not return within 10s of cancel")
	}
	if lines := strings.Count(stderr.String(), "msg=\"budgetlens: "); lines != 2 {
		t.Errorf("log has %d summary lines, want one per run (2)", lines)
	}
}

func TestWatchOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		want  int
	}{
		{name: "empty inbox", want: exitOK},
		{name: "only a broken file", files: map[string]string{"actuals-2026-10.xlsx": "not a workbook"}, want: exitProblems},
		{name: "arguments", args: []string{"extra"}, want: exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := watchConfig(t, dir, "zh-CN", "50ms", "10ms")
			inbox := filepath.Join(dir, "inbox")
			os.MkdirAll(inbox, 0o755)
			for name, content := range tt.files {
				os.WriteFile(filepath.Join(inbox, name), []byte(content), 0o644)
			}
			var stdout, stderr lockedBuffer
			args := append([]string{"watch", "-once", "-config", cfg}, tt.args...)
			if code := run(t.Context(), args, &stdout, &stderr); code != tt.want {
				t.Errorf("exit %d, want %d\n%s", code, tt.want, stderr.String())
			}
			for name := range tt.files {
				if _, err := os.Stat(filepath.Join(dir, "rejected", name+".error.txt")); err != nil {
					t.Errorf("no error file for %s: %v", name, err)
				}
			}
		})
	}
}
