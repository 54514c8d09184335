package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/publish"
)

// fakeRun records every run: the files given and the bytes read from each.
// A file whose content starts with "BROKEN" is unreadable.
type fakeRun struct {
	mu   sync.Mutex
	runs []map[string]string // base name → content, per run
	dirs []map[string]string // base name → directory it was read from
	raw  [][]string          // the files' own base names, per run
	fail int                 // fail this many runs first
	hold chan struct{}       // when set, each run waits for it to be closed
	// started, when set, receives a value as each run begins.
	started chan struct{}
	// during, when set, is called in each run after the files were read.
	during func()
}

func (f *fakeRun) run(ctx context.Context, files []string) (Outcome, error) {
	if f.started != nil {
		f.started <- struct{}{}
	}
	if f.hold != nil {
		<-f.hold
	}
	if err := ctx.Err(); err != nil {
		return Outcome{}, fmt.Errorf("run got a cancelled context: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail > 0 {
		f.fail--
		return Outcome{}, errors.New("outputs locked")
	}
	read := map[string]string{}
	dirs := map[string]string{}
	var raw []string
	out := Outcome{Unreadable: map[string]string{}}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return Outcome{}, err
		}
		// Archived copies may carry a " (2)" suffix; record the input name.
		name, _ := unsuffixed(filepath.Base(p))
		raw = append(raw, filepath.Base(p))
		read[name] = string(data)
		dirs[name] = filepath.Dir(p)
		if bytes.HasPrefix(data, []byte("BROKEN")) {
			out.Unreadable[p] = "not a workbook (zip: not a valid zip file)"
			out.Problems++
		}
	}
	if f.during != nil {
		f.during()
	}
	f.runs = append(f.runs, read)
	f.dirs = append(f.dirs, dirs)
	f.raw = append(f.raw, raw)
	out.Summary = fmt.Sprintf("fake run %d over %d files", len(f.runs), len(files))
	return out, nil
}

func (f *fakeRun) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.runs)
}

func (f *fakeRun) last() (read, dirs map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.runs[len(f.runs)-1], f.dirs[len(f.dirs)-1]
}

// candidate mirrors pipeline.IsCandidate for these tests.
func candidate(name string) bool {
	if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".tmp") {
		return false
	}
	return strings.HasSuffix(name, ".xlsx")
}

type env struct {
	root, inbox, archive, rejected string
	day                            string
	fake                           *fakeRun
	opt                            Options
}

func newEnv(t *testing.T) *env {
	t.Helper()
	root := t.TempDir()
	lang, err := i18n.Load("en", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	e := &env{
		root: root, inbox: filepath.Join(root, "inbox"), archive: filepath.Join(root, "archive"),
		rejected: filepath.Join(root, "rejected"), day: "2026-03-02", fake: &fakeRun{},
	}
	e.opt = Options{
		Inbox: e.inbox, Archive: e.archive, Rejected: e.rejected,
		Settle: 150 * time.Millisecond, Poll: 20 * time.Millisecond,
		Candidate: candidate, Run: e.fake.run, Lang: lang,
		Log: slog.New(slog.NewTextHandler(testWriter{t}, nil)),
		Now: func() time.Time { return now },
	}
	if err := os.MkdirAll(e.inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	return e
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// start runs Loop in a goroutine; stop cancels it and waits (bounded).
func (e *env) start(t *testing.T) (stop func() Stats) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		st  Stats
		err error
	}
	done := make(chan result, 1)
	opt := e.opt
	go func() {
		st, err := Loop(ctx, opt)
		done <- result{st, err}
	}()
	stopped := false
	var st Stats
	stop = func() Stats {
		if stopped {
			return st
		}
		stopped = true
		cancel()
		select {
		case r := <-done:
			if r.err != nil {
				t.Errorf("Loop: %v", r.err)
			}
			st = r.st
		case <-time.After(5 * time.Second):
			t.Fatal("Loop did not return within 5s of cancel")
		}
		return st
	}
	t.Cleanup(func() { stop() })
	return stop
}

// waitFor polls cond every 10ms for up to 10s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// listFiles returns every regular file under root, relative, sorted.
func listFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func TestSlowCopyIsReadWhole(t *testing.T) {
	e := newEnv(t)
	e.opt.Settle = 400 * time.Millisecond
	stop := e.start(t)

	// The budget arrives in chunks with pauses longer than the poll
	// interval and shorter than the settle time, like a copy over a slow
	// share; an actuals file lands at the same time.
	var want strings.Builder
	f, err := os.Create(filepath.Join(e.inbox, "budget-2026.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(e.inbox, "actuals-2026-01.xlsx"), "jan")
	for i := range 6 {
		chunk := strings.Repeat(fmt.Sprint(i), 1000)
		want.WriteString(chunk)
		if _, err := f.WriteString(chunk); err != nil {
			t.Fatal(err)
		}
		if e.fake.count() > 0 {
			t.Fatalf("a run started before the copy finished (chunk %d)", i)
		}
		time.Sleep(100 * time.Millisecond)
	}
	f.Close()
	waitFor(t, "the first run", func() bool { return e.fake.count() == 1 })
	stop()

	read, _ := e.fake.last()
	if got := read["budget-2026.xlsx"]; got != want.String() {
		t.Errorf("run read %d bytes of the budget, want %d", len(got), want.Len())
	}
	if read["actuals-2026-01.xlsx"] != "jan" {
		t.Errorf("run read actuals %q, want %q", read["actuals-2026-01.xlsx"], "jan")
	}
	if n := e.fake.count(); n != 1 {
		t.Errorf("%d runs for one burst, want 1", n)
	}
	wantFiles := []string{"2026-03-02/actuals-2026-01.xlsx", "2026-03-02/budget-2026.xlsx", WorkingSetFile}
	if got := listFiles(t, e.archive); !slices.Equal(got, wantFiles) {
		t.Errorf("archive holds %q, want %q", got, wantFiles)
	}
	if got := listFiles(t, e.inbox); len(got) != 0 {
		t.Errorf("inbox still holds %q", got)
	}
}

func TestIgnoresNonCandidates(t *testing.T) {
	e := newEnv(t)
	for _, name := range []string{"~$budget-2026.xlsx", ".budget-2026.xlsx", "budget.xlsx.tmp", "notes.txt"} {
		writeFile(t, filepath.Join(e.inbox, name), "x")
	}
	e.opt.Once = true
	st, err := Loop(context.Background(), e.opt)
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{}) || e.fake.count() != 0 {
		t.Errorf("stats %+v, %d runs; want nothing done", st, e.fake.count())
	}
	if got := len(listFiles(t, e.inbox)); got != 4 {
		t.Errorf("inbox holds %d files, want the 4 untouched", got)
	}
}

// TestWorkingSet checks that later runs still read the budget and earlier
// months, that a file saved again under the same name replaces its older
// copy, and that the set survives a restart, with or without its file.
func TestWorkingSet(t *testing.T) {
	e := newEnv(t)
	stop := e.start(t)
	writeFile(t, filepath.Join(e.inbox, "budget-2026.xlsx"), "budget")
	writeFile(t, filepath.Join(e.inbox, "actuals-2026-01.xlsx"), "jan v1")
	waitFor(t, "run 1", func() bool { return e.fake.count() == 1 })

	writeFile(t, filepath.Join(e.inbox, "actuals-2026-02.xlsx"), "feb")
	waitFor(t, "run 2", func() bool { return e.fake.count() == 2 })
	read, dirs := e.fake.last()
	want := map[string]string{"budget-2026.xlsx": "budget", "actuals-2026-01.xlsx": "jan v1", "actuals-2026-02.xlsx": "feb"}
	if !maps(read, want) {
		t.Errorf("run 2 read %v, want %v", read, want)
	}
	if dirs["budget-2026.xlsx"] != filepath.Join(e.archive, e.day) || dirs["actuals-2026-02.xlsx"] != e.inbox {
		t.Errorf("run 2 read from %v; want the budget from the archive and February from the inbox", dirs)
	}

	writeFile(t, filepath.Join(e.inbox, "actuals-2026-01.xlsx"), "jan v2")
	waitFor(t, "run 3", func() bool { return e.fake.count() == 3 })
	stop()
	read, _ = e.fake.last()
	want["actuals-2026-01.xlsx"] = "jan v2"
	if !maps(read, want) {
		t.Errorf("run 3 read %v, want %v", read, want)
	}
	wantFiles := []string{
		"2026-03-02/actuals-2026-01 (2).xlsx", "2026-03-02/actuals-2026-01.xlsx",
		"2026-03-02/actuals-2026-02.xlsx", "2026-03-02/budget-2026.xlsx", WorkingSetFile,
	}
	if got := listFiles(t, e.archive); !slices.Equal(got, wantFiles) {
		t.Errorf("archive holds %q, want %q", got, wantFiles)
	}

	// Restart with -once, first with the working-set file, then rebuilt
	// from the archive folders without it. The rebuilt set cannot tell
	// the same-day correction "actuals-2026-01 (2).xlsx" from a file of
	// that name, so it keeps both (the pipeline sorts corrections out).
	e.opt.Once = true
	for i, drop := range []bool{false, true} {
		if drop {
			os.Remove(filepath.Join(e.archive, WorkingSetFile))
			want["actuals-2026-01.xlsx"] = "jan v1" // the fake keeps the last of the two
		}
		name := fmt.Sprintf("actuals-2026-%02d.xlsx", 3+i)
		writeFile(t, filepath.Join(e.inbox, name), name)
		want[name] = name
		if _, err := Loop(context.Background(), e.opt); err != nil {
			t.Fatal(err)
		}
		read, _ = e.fake.last()
		if !maps(read, want) {
			t.Errorf("after restart (working-set file removed: %v) read %v, want %v", drop, read, want)
		}
		e.fake.mu.Lock()
		raw := e.fake.raw[len(e.fake.raw)-1]
		e.fake.mu.Unlock()
		if drop && (!slices.Contains(raw, "actuals-2026-01.xlsx") || !slices.Contains(raw, "actuals-2026-01 (2).xlsx")) {
			t.Errorf("rebuilt working set read %q; want both January files", raw)
		}
	}
}

// TestRebuildKeepsNumberedNames: "x.xlsx" and "x (2).xlsx" are two files
// a user can have (a browser names a second download so); a working set
// rebuilt from the archive must not read only one of them, or a month
// disappears. A later day's file of the same name still replaces.
func TestRebuildKeepsNumberedNames(t *testing.T) {
	archive := t.TempDir()
	writeFile(t, filepath.Join(archive, "2026-03-02", "actuals.xlsx"), "march")
	writeFile(t, filepath.Join(archive, "2026-03-02", "actuals (2).xlsx"), "april")
	writeFile(t, filepath.Join(archive, "2026-03-02", "budget.xlsx"), "budget v1")
	writeFile(t, filepath.Join(archive, "2026-04-01", "budget.xlsx"), "budget v2")
	writeFile(t, filepath.Join(archive, "2026-04-01", "notes.txt"), "not an input")
	candidate := func(name string) bool { return strings.HasSuffix(name, ".xlsx") }
	files, err := Files(archive, candidate)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for name, path := range files {
		got[name] = readFile(t, path)
	}
	want := map[string]string{"actuals.xlsx": "march", "actuals (2).xlsx": "april", "budget.xlsx": "budget v2"}
	if !maps(got, want) {
		t.Errorf("rebuilt working set %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(archive, WorkingSetFile)); err == nil {
		t.Error("Files wrote working-set.json; it must only read")
	}
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestRejected(t *testing.T) {
	e := newEnv(t)
	writeFile(t, filepath.Join(e.inbox, "budget-2026.xlsx"), "budget")
	writeFile(t, filepath.Join(e.inbox, "actuals-2026-01.xlsx"), "jan")
	// A file of that name was rejected before; it must survive.
	writeFile(t, filepath.Join(e.rejected, "actuals-2026-10.xlsx"), "BROKEN earlier")
	e.opt.Once = true
	if _, err := Loop(context.Background(), e.opt); err != nil {
		t.Fatal(err)
	}

	// A broken October file and a broken replacement for January.
	writeFile(t, filepath.Join(e.inbox, "actuals-2026-10.xlsx"), "BROKEN plain text")
	writeFile(t, filepath.Join(e.inbox, "actuals-2026-01.xlsx"), "BROKEN jan")
	st, err := Loop(context.Background(), e.opt)
	if err != nil {
		t.Fatal(err)
	}
	if st.Rejected != 2 || st.Archived != 0 || st.Runs != 2 {
		t.Errorf("stats %+v; want 2 rejected, 0 archived, 2 runs (the second without the broken files)", st)
	}
	read, _ := e.fake.last()
	if want := map[string]string{"budget-2026.xlsx": "budget", "actuals-2026-01.xlsx": "jan"}; !maps(read, want) {
		t.Errorf("last run read %v, want %v (the good January back)", read, want)
	}
	wantFiles := []string{
		"actuals-2026-01.xlsx", "actuals-2026-01.xlsx.error.txt",
		"actuals-2026-10 (2).xlsx", "actuals-2026-10 (2).xlsx.error.txt",
		"actuals-2026-10.xlsx",
	}
	if got := listFiles(t, e.rejected); !slices.Equal(got, wantFiles) {
		t.Errorf("rejected holds %q, want %q", got, wantFiles)
	}
	if got := readFile(t, filepath.Join(e.rejected, "actuals-2026-10.xlsx")); got != "BROKEN earlier" {
		t.Errorf("earlier rejected file overwritten with %q", got)
	}
	msg := readFile(t, filepath.Join(e.rejected, "actuals-2026-10 (2).xlsx.error.txt"))
	for _, want := range []string{"could not read actuals-2026-10.xlsx", "not a workbook", filepath.Join(e.inbox, "actuals-2026-10.xlsx")} {
		if !strings.Contains(msg, want) {
			t.Errorf("error file does not say %q:\n%s", want, msg)
		}
	}
	if got := listFiles(t, e.inbox); len(got) != 0 {
		t.Errorf("inbox still holds %q", got)
	}
}

func TestErrorTextChinese(t *testing.T) {
	lang, err := i18n.Load("zh-CN", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	got := string(errorText(lang, "actuals-2026-10.xlsx", "/in/actuals-2026-10.xlsx", "不是 Excel 工作簿", time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)))
	for _, want := range []string{"无法读取actuals-2026-10.xlsx", "问题：不是 Excel 工作簿", "2026-03-02 09:30:00", "\r\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("error text lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "[watch.") {
		t.Errorf("error text has a missing string:\n%s", got)
	}
}

func TestCopyMode(t *testing.T) {
	e := newEnv(t)
	e.opt.Mode = ModeCopy
	writeFile(t, filepath.Join(e.inbox, "budget-2026.xlsx"), "budget")
	writeFile(t, filepath.Join(e.inbox, "actuals-2026-10.xlsx"), "BROKEN")
	stop := e.start(t)
	waitFor(t, "run 1", func() bool { return e.fake.count() == 1 })
	time.Sleep(5 * e.opt.Settle / 2) // long enough for a wrong re-run to start
	if n := e.fake.count(); n != 1 {
		t.Fatalf("%d runs over unchanged files, want 1", n)
	}
	writeFile(t, filepath.Join(e.inbox, "actuals-2026-01.xlsx"), "jan")
	waitFor(t, "run 2", func() bool { return e.fake.count() == 2 })
	st := stop()
	if st.Archived != 2 || st.Rejected != 1 {
		t.Errorf("stats %+v, want 2 archived and 1 rejected", st)
	}
	read, _ := e.fake.last()
	if want := map[string]string{"budget-2026.xlsx": "budget", "actuals-2026-01.xlsx": "jan"}; !maps(read, want) {
		t.Errorf("run 2 read %v, want %v", read, want)
	}
	inbox, archive, rejected := listFiles(t, e.inbox), listFiles(t, e.archive), listFiles(t, e.rejected)
	if len(inbox) != 3 || len(archive) != 3 || len(rejected) != 2 {
		t.Errorf("inbox %q, archive %q, rejected %q; want 3 kept, 2 copies + working set, 1 copy + reason", inbox, archive, rejected)
	}

	// A cron job running -once over the same inbox copies nothing again.
	e.opt.Once = true
	if _, err := Loop(context.Background(), e.opt); err != nil {
		t.Fatal(err)
	}
	if got := listFiles(t, e.archive); !slices.Equal(got, archive) {
		t.Errorf("after -once archive holds %q, want %q", got, archive)
	}
	if got := listFiles(t, e.rejected); !slices.Equal(got, rejected) {
		t.Errorf("after -once rejected holds %q, want %q", got, rejected)
	}
}

func TestFailedRunIsRetried(t *testing.T) {
	e := newEnv(t)
	e.fake.fail = 1
	writeFile(t, filepath.Join(e.inbox, "budget-2026.xlsx"), "budget")
	stop := e.start(t)
	waitFor(t, "a successful run", func() bool { return e.fake.count() == 1 })
	st := stop()
	if st.Failed != 1 || st.Runs != 1 || st.Archived != 1 {
		t.Errorf("stats %+v, want 1 failed, 1 run, 1 archived", st)
	}

	// With -once a failed run is the error.
	e.fake.fail = 1
	writeFile(t, filepath.Join(e.inbox, "actuals-2026-01.xlsx"), "jan")
	e.opt.Once = true
	if _, err := Loop(context.Background(), e.opt); err == nil {
		t.Error("-once with a failing run returned no error")
	}
	if got := listFiles(t, e.inbox); !slices.Equal(got, []string{"actuals-2026-01.xlsx"}) {
		t.Errorf("inbox holds %q after a failed run, want the new file kept", got)
	}
}

// TestCancelFinishesRun cancels the watcher during a run: the run gets an
// uncancelled context, its inputs are archived and Loop returns promptly.
func TestCancelFinishesRun(t *testing.T) {
	e := newEnv(t)
	e.fake.hold = make(chan struct{})
	e.fake.started = make(chan struct{}, 1)
	writeFile(t, filepath.Join(e.inbox, "budget-2026.xlsx"), "budget")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Loop(ctx, e.opt)
		done <- err
	}()
	select {
	case <-e.fake.started: // the run now waits on hold
	case <-time.After(10 * time.Second):
		t.Fatal("no run started")
	}
	cancel()
	select {
	case <-done:
		t.Fatal("Loop returned while a run was in progress")
	case <-time.After(50 * time.Millisecond):
	}
	close(e.fake.hold)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Loop did not return after the run finished")
	}
	if e.fake.count() != 1 {
		t.Fatalf("%d runs completed, want 1", e.fake.count())
	}
	if got := listFiles(t, filepath.Join(e.archive, e.day)); !slices.Equal(got, []string{"budget-2026.xlsx"}) {
		t.Errorf("archive holds %q, want the budget", got)
	}
}

func TestSecondWatcherIsLocked(t *testing.T) {
	e := newEnv(t)
	e.start(t)
	waitFor(t, "the lock", func() bool {
		_, err := os.Stat(filepath.Join(e.archive, LockFile))
		return err == nil
	})
	e.opt.Once = true
	if _, err := Loop(context.Background(), e.opt); !errors.Is(err, publish.ErrLocked) {
		t.Errorf("second watcher: got %v, want ErrLocked", err)
	}
}

func TestOptionsValidated(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name string
		edit func(*Options)
	}{
		{"no run", func(o *Options) { o.Run = nil }},
		{"no rejected dir", func(o *Options) { o.Rejected = "" }},
		{"zero poll", func(o *Options) { o.Poll = 0 }},
		{"bad mode", func(o *Options) { o.Mode = "delete" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := e.opt
			tt.edit(&o)
			if _, err := Loop(context.Background(), o); err == nil {
				t.Error("got no error")
			}
		})
	}
}

// TestChangedDuringRun: a file saved again while a run reads it is not
// archived half-read; it stays in the inbox and is read again.
func TestChangedDuringRun(t *testing.T) {
	e := newEnv(t)
	path := filepath.Join(e.inbox, "actuals-2026-01.xlsx")
	writeFile(t, path, "jan v1")
	var once sync.Once
	e.fake.during = func() {
		once.Do(func() {
			if err := os.WriteFile(path, []byte("jan v2, longer"), 0o644); err != nil {
				t.Error(err)
			}
		})
	}
	stop := e.start(t)
	waitFor(t, "the second run", func() bool { return e.fake.count() == 2 })
	waitFor(t, "the inbox emptied", func() bool { return len(listFiles(t, e.inbox)) == 0 })
	stop()
	read, _ := e.fake.last()
	if got := read["actuals-2026-01.xlsx"]; got != "jan v2, longer" {
		t.Errorf("second run read %q, want the new version", got)
	}
	want := []string{"2026-03-02/actuals-2026-01.xlsx", WorkingSetFile}
	if got := listFiles(t, e.archive); !slices.Equal(got, want) {
		t.Errorf("archive holds %q, want %q (only the version that was read whole)", got, want)
	}
	if got := readFile(t, filepath.Join(e.archive, want[0])); got != "jan v2, longer" {
		t.Errorf("archived %q, want the new version", got)
	}
}

// TestInboxOutage: an inbox that disappears (an unmounted share) is
// waited for, not fatal.
func TestInboxOutage(t *testing.T) {
	e := newEnv(t)
	stop := e.start(t)
	waitFor(t, "the lock", func() bool {
		_, err := os.Stat(filepath.Join(e.archive, LockFile))
		return err == nil
	})
	if err := os.Remove(e.inbox); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * e.opt.Poll) // several failed scans
	writeFile(t, filepath.Join(e.inbox, "budget-2026.xlsx"), "budget")
	waitFor(t, "a run after the inbox came back", func() bool { return e.fake.count() == 1 })
	if st := stop(); st.Archived != 1 {
		t.Errorf("stats %+v, want 1 archived", st)
	}
}

// unsuffixed undoes suffixed: "a (3).xlsx" → "a.xlsx", 3 (for the fake
// run, which records archived copies under their input's name).
func unsuffixed(name string) (string, int) {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	i := strings.LastIndex(stem, " (")
	if !strings.HasSuffix(stem, ")") || i < 0 {
		return name, 1
	}
	n, err := strconv.Atoi(stem[i+2 : len(stem)-1])
	if err != nil || n < 2 {
		return name, 1
	}
	return stem[:i] + ext, n
}
