package pipeline

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/publish"
	"github.com/budgetlens/budgetlens/reports/workbook"
	"github.com/budgetlens/budgetlens/reports/xlsxstream/xlsxtest"
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

// configAt writes a config with [paths] relative to dir and parses it.
func configAt(t *testing.T, dir, paths string) *config.Config {
	t.Helper()
	path := filepath.Join(dir, "config.toml")
	data := []byte("[company]\nname = \"T\"\n[paths]\n" + paths)
	cfg, err := config.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// countReads counts the workbooks opened and files hashed by runs.
func countReads(t *testing.T) (reads, hashes *int) {
	var r, h int
	readWorkbook = func(ctx context.Context, path string, o workbook.Options, sink reports.Sink) reports.FileReport {
		r++
		return workbook.ReadFile(ctx, path, o, sink)
	}
	hashFile = func(path string) (int64, string, error) {
		h++
		return publish.HashFile(path)
	}
	t.Cleanup(func() { readWorkbook, hashFile = workbook.ReadFile, publish.HashFile })
	return &r, &h
}

// TestRerunFromArchive: after watch archived the inputs, "run" (and
// "run -force" after a config change) still reports from them.
func TestRerunFromArchive(t *testing.T) {
	root := t.TempDir()
	day := filepath.Join(root, "archive", "2026-03-02")
	os.MkdirAll(day, 0o755)
	os.MkdirAll(filepath.Join(root, "inbox"), 0o755)
	copyFile(t, "../../sample-inputs/budget-2026.xlsx", filepath.Join(day, "budget-2026.xlsx"))
	copyFile(t, "../../sample-inputs/actuals-2026-03.xlsx", filepath.Join(day, "actuals-2026-03.xlsx"))
	// February was corrected the same day: the working set names the copy.
	copyFile(t, "../../sample-inputs/actuals-2026-02.xlsx", filepath.Join(day, "actuals-2026-02 (2).xlsx"))
	ws := `{"schema": "budgetlens.working-set/v1", "files": {
		"budget-2026.xlsx": "2026-03-02/budget-2026.xlsx",
		"actuals-2026-02.xlsx": "2026-03-02/actuals-2026-02 (2).xlsx",
		"actuals-2026-03.xlsx": "2026-03-02/actuals-2026-03.xlsx"}}`
	os.WriteFile(filepath.Join(root, "archive", "working-set.json"), []byte(ws), 0o644)
	cfg := configAt(t, root, "inbox = \"inbox\"\noutputs = \"outputs\"\n")

	res, err := Run(t.Context(), Options{Config: cfg, Force: true, Now: march20})
	if err != nil {
		t.Fatalf("run over an empty inbox with archived inputs: %v", err)
	}
	var names []string
	for _, f := range res.Files {
		names = append(names, f.Name)
	}
	if want := "actuals-2026-02 (2).xlsx,actuals-2026-03.xlsx,budget-2026.xlsx"; strings.Join(names, ",") != want {
		t.Errorf("read %v, want %s", names, want)
	}
	var ids []string
	for _, r := range res.Reports {
		ids = append(ids, r.Period.ID)
	}
	if strings.Join(ids, ",") != "2026-02,2026-03,2026-Q1,2026" {
		t.Errorf("reports %v, want February, March, Q1 and the year", ids)
	}
	// A file dropped in the inbox replaces the archived one of its name.
	copyFile(t, "../../sample-inputs/actuals-2026-04.xlsx", filepath.Join(root, "inbox", "actuals-2026-03.xlsx"))
	res, err = Run(t.Context(), Options{Config: cfg, Now: march20})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if f.Name == "actuals-2026-03.xlsx" && filepath.Dir(f.Path) != filepath.Join(root, "inbox") {
			t.Errorf("March read from %s, want the inbox's copy", f.Path)
		}
	}
	// -inbox archive is refused, pointing at the plain run.
	_, err = Run(t.Context(), Options{Config: cfg, Inbox: filepath.Join(root, "archive"), Now: march20})
	if !errors.Is(err, ErrFolders) || !strings.Contains(err.Error(), "run without -inbox") {
		t.Errorf("-inbox archive: err = %v, want ErrFolders with a hint", err)
	}
	// -inbox DIR reads exactly that folder, not the archive.
	res, err = Run(t.Context(), Options{Config: cfg, Inbox: filepath.Join(root, "inbox"), Now: march20})
	if err != nil || len(res.Files) != 1 {
		t.Errorf("-inbox inbox: %v, %d files; want only the inbox's file", err, len(res.Files))
	}
}

// TestUnchangedReadsNothing: a rerun with nothing changed decides so from
// file sizes and mtimes before opening any workbook (so a 1M-row ledger
// costs nothing), and any change — bytes, config, binary — is noticed.
func TestUnchangedReadsNothing(t *testing.T) {
	inbox, out := sampleInbox(t), t.TempDir()
	cfg := testConfig(t)
	reads, hashes := countReads(t)
	opt := Options{Config: cfg, Inbox: inbox, Out: out, Now: march20, BuildID: "b1"}
	if _, err := Run(t.Context(), opt); err != nil {
		t.Fatal(err)
	}
	if *reads != 2 || *hashes != 2 {
		t.Fatalf("first run opened %d workbooks and hashed %d files, want 2 and 2", *reads, *hashes)
	}
	*reads, *hashes = 0, 0
	res, err := Run(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unchanged || *reads != 0 || *hashes != 0 {
		t.Errorf("unchanged rerun: unchanged %v, %d workbooks read, %d files hashed; want true, 0, 0", res.Unchanged, *reads, *hashes)
	}
	if len(res.Files) != 2 || res.Files[0].Name != "actuals-2026-03.xlsx" {
		t.Errorf("unchanged run lists files %+v", res.Files)
	}

	// Same size, new mtime: hashed again, found identical, still unchanged.
	later := march20.Add(time.Hour)
	os.Chtimes(filepath.Join(inbox, "budget-2026.xlsx"), later, later)
	*reads, *hashes = 0, 0
	if res, err = Run(t.Context(), opt); err != nil || !res.Unchanged || *reads != 0 || *hashes != 1 {
		t.Errorf("touched budget: unchanged %v (%v), %d read, %d hashed; want true, 0, 1", res.Unchanged, err, *reads, *hashes)
	}

	for _, tt := range []struct {
		name   string
		change func(o *Options)
	}{
		{"new binary", func(o *Options) { o.BuildID = "b2" }},
		{"new config", func(o *Options) {
			c := *o.Config
			c.Hash = "other"
			o.Config = &c
		}},
		{"new bytes", func(o *Options) {
			copyFile(t, "../../sample-inputs/actuals-2026-04.xlsx", filepath.Join(inbox, "actuals-2026-03.xlsx"))
		}},
	} {
		tt.change(&opt)
		if res, err = Run(t.Context(), opt); err != nil || res.Unchanged {
			t.Errorf("%s: unchanged %v (%v), want a new run", tt.name, res != nil && res.Unchanged, err)
		}
	}
}

// TestUnchangedIsDateAware: the same inputs on 20 March and on 2 April
// give different reports — on 2 April the first quarter has ended — so the
// second run must not call the reports up to date.
func TestUnchangedIsDateAware(t *testing.T) {
	inbox, out := sampleInbox(t), t.TempDir()
	opt := Options{Config: testConfig(t), Inbox: inbox, Out: out, Now: march20}
	res, err := Run(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	q1 := func(res *Result) reports.Period {
		for _, r := range res.All {
			if r.Period.ID == "2026-Q1" {
				return r.Period
			}
		}
		t.Fatal("no Q1 report")
		return reports.Period{}
	}
	if q1(res).Complete {
		t.Fatal("Q1 complete on 20 March")
	}
	opt.Now = time.Date(2026, 3, 31, 23, 0, 0, 0, time.UTC)
	if res, err = Run(t.Context(), opt); err != nil || !res.Unchanged {
		t.Errorf("later the same month: unchanged %v (%v), want true", res != nil && res.Unchanged, err)
	}
	opt.Now = time.Date(2026, 4, 2, 6, 0, 0, 0, time.UTC)
	if res, err = Run(t.Context(), opt); err != nil {
		t.Fatal(err)
	}
	if res.Unchanged || !q1(res).Complete {
		t.Errorf("2 April: unchanged %v, Q1 complete %v; want a new run with Q1 complete", res.Unchanged, q1(res).Complete)
	}
	html, _ := os.ReadFile(filepath.Join(out, "report-2026-Q1.html"))
	if !strings.Contains(string(html), "Q1") {
		t.Error("Q1 report not rewritten")
	}
}

// TestFoldersOverlap: configs that would make a run read its own outputs
// (or watch move files in circles) are refused before anything is read.
func TestFoldersOverlap(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "in"), 0o755)
	os.Symlink(filepath.Join(root, "in"), filepath.Join(root, "in-link"))
	tests := []struct {
		name  string
		paths string
		want  string // "" = accepted
	}{
		{"defaults beside the inbox", `inbox = "in"` + "\n" + `outputs = "out"`, ""},
		{"inbox inside outputs", `inbox = "out/in"` + "\n" + `outputs = "out"`, ""},
		{"outputs = inbox", `inbox = "in"` + "\n" + `outputs = "in"`, "outputs and inbox are the same folder"},
		{"outputs = inbox/", `inbox = "in"` + "\n" + `outputs = "./in/"`, "outputs and inbox are the same folder"},
		{"outputs inside inbox", `inbox = "in"` + "\n" + `outputs = "in/reports"`, "outputs (" + filepath.Join(root, "in/reports") + ") is inside the inbox"},
		{"outputs a link to the inbox", `inbox = "in"` + "\n" + `outputs = "in-link"`, "outputs and inbox are the same folder"},
		{"rejected = inbox", `inbox = "in"` + "\n" + `outputs = "out"` + "\n" + `rejected = "in"`, "rejected and inbox are the same folder"},
		{"archive = inbox", `inbox = "in"` + "\n" + `outputs = "out"` + "\n" + `archive = "in"`, "the inbox is the archive folder"},
		{"archive = outputs", `inbox = "in"` + "\n" + `outputs = "out"` + "\n" + `archive = "out"`, "outputs and archive are the same folder"},
		{"rejected = archive", `inbox = "in"` + "\n" + `outputs = "out"` + "\n" + `archive = "a"` + "\n" + `rejected = "a"`, "archive and rejected are the same folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := configAt(t, root, tt.paths+"\n")
			err := CheckFolders(cfg.Inbox, cfg.Outputs, cfg.Archive, cfg.Rejected)
			if tt.want == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrFolders) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrFolders saying %q", err, tt.want)
			}
		})
	}
	// Run refuses before reading, as a usage error (exit 2).
	inbox := sampleInbox(t)
	_, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: inbox, Out: inbox, Now: march20})
	var ue *UsageError
	if !errors.As(err, &ue) || !errors.Is(err, ErrFolders) {
		t.Errorf("run with outputs = inbox: err = %v, want a UsageError", err)
	}
	if _, err := os.Stat(filepath.Join(inbox, IndexFile)); err == nil {
		t.Error("reports written into the inbox")
	}
}

// TestOwnOutputsNotRead: variance.xlsx copied back into the inbox (by
// hand, or an old config that wrote into it) is refused by its bytes, so
// the plan does not double.
func TestOwnOutputsNotRead(t *testing.T) {
	inbox, out := sampleInbox(t), t.TempDir()
	opt := Options{Config: testConfig(t), Inbox: inbox, Out: out, Now: march20}
	first, err := Run(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(out, XLSXFile), filepath.Join(inbox, "variance copy.xlsx"))
	res, err := Run(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	var refused bool
	for _, f := range res.Files {
		if f.Name == "variance copy.xlsx" {
			refused = f.Err != nil && strings.Contains(f.Err.Error(), "written by budgetlens itself")
		}
	}
	if !refused {
		t.Errorf("variance copy.xlsx was not refused: %+v", res.Files)
	}
	if got, want := res.All[len(res.All)-1].Totals.Budget, first.All[len(first.All)-1].Totals.Budget; got != want {
		t.Errorf("year budget %v after the copy, want %v", got, want)
	}
}

// TestSymlinkedAndSpecialInputs: a link to a workbook is read like the
// workbook (it was skipped without a word, and the budget became 0); a
// link to nothing and a named pipe are refused with a message — the pipe
// without being opened, which would block forever.
func TestSymlinkedAndSpecialInputs(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and named pipes")
	}
	inbox, out := t.TempDir(), t.TempDir()
	shared := t.TempDir()
	copyFile(t, "../../sample-inputs/budget-2026.xlsx", filepath.Join(shared, "budget-2026.xlsx"))
	os.Symlink(filepath.Join(shared, "budget-2026.xlsx"), filepath.Join(inbox, "budget-2026.xlsx"))
	copyFile(t, "../../sample-inputs/actuals-2026-03.xlsx", filepath.Join(inbox, "actuals-2026-03.xlsx"))
	os.Symlink(filepath.Join(shared, "gone.xlsx"), filepath.Join(inbox, "actuals-2026-04.xlsx"))
	if err := syscall.Mkfifo(filepath.Join(inbox, "actuals-2026-05.xlsx"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink(shared, filepath.Join(inbox, "folder.xlsx")) // a link to a folder: not an input
	res, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: inbox, Out: out, Now: march20})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range res.Files {
		got[f.Name] = "read"
		if f.Err != nil {
			got[f.Name] = f.Err.Error()
		}
	}
	want := map[string]string{
		"budget-2026.xlsx":     "read",
		"actuals-2026-03.xlsx": "read",
		"actuals-2026-04.xlsx": "does not exist",
		"actuals-2026-05.xlsx": "named pipe",
	}
	if len(got) != len(want) {
		t.Errorf("files %v, want %v", got, want)
	}
	for name, w := range want {
		if !strings.Contains(got[name], w) {
			t.Errorf("%s: %q, want %q", name, got[name], w)
		}
	}
	if res.Problems != 2 {
		t.Errorf("problems = %d, want 2", res.Problems)
	}
	if b := res.All[len(res.All)-1].Totals.Budget; b <= 0 {
		t.Errorf("year budget %v: the linked budget was not read", b)
	}
}

// TestStopIsOneError: SIGTERM (a cancelled context) during a run gives
// one error, not "context canceled" once per report left unwritten, and
// logs none.
func TestStopIsOneError(t *testing.T) {
	for _, when := range []string{"reading", "writing"} {
		t.Run(when, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var log strings.Builder
			opt := Options{Config: testConfig(t), Inbox: "../../sample-inputs", Out: t.TempDir(), Now: march20, Log: textLogger(&log)}
			if when == "reading" {
				readWorkbook = func(c context.Context, path string, o workbook.Options, sink reports.Sink) reports.FileReport {
					cancel()
					return workbook.ReadFile(c, path, o, sink)
				}
				t.Cleanup(func() { readWorkbook = workbook.ReadFile })
			} else {
				opt.Progress = func(done, total int) { cancel() }
			}
			_, err := Run(ctx, opt)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if n := strings.Count(err.Error(), "context canceled"); n != 1 {
				t.Errorf("the error says \"context canceled\" %d times: %v", n, err)
			}
			if strings.Contains(log.String(), "context canceled") {
				t.Errorf("the log repeats it:\n%s", log.String())
			}
		})
	}
}

// TestControlCharactersInExports: a ledger whose channel name carries a
// control character — stored in the file as the escape _x001B_, which is
// how Excel and excelize write ESC — must not put a raw ESC into
// variance.csv (an ESC sequence recolours the terminal that shows it).
func TestControlCharactersInExports(t *testing.T) {
	inbox, out := t.TempDir(), t.TempDir()
	copyFile(t, "../../sample-inputs/budget-2026.xlsx", filepath.Join(inbox, "budget-2026.xlsx"))
	// As Excel stores it: shared strings, the ESC as _x001B_.
	book := xlsxtest.Book{
		SharedStrings: xlsxtest.SSTXML(`<si><t>日期</t></si><si><t>类别</t></si><si><t>渠道</t></si><si><t>金额</t></si>` +
			`<si><t>2026-03-05</t></si><si><t>数字广告</t></si><si><t>百度SEM_x001B_[31m红</t></si>`),
		Sheets: []xlsxtest.Sheet{{Name: "支出明细", XML: xlsxtest.SheetXML(
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>` +
				`<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c><c r="C2" t="s"><v>6</v></c><c r="D2"><v>1200</v></c></row>`)}},
	}
	var buf bytes.Buffer
	buf.Write(book.Bytes())
	os.WriteFile(filepath.Join(inbox, "actuals-2026-03.xlsx"), buf.Bytes(), 0o644)
	if _, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: inbox, Out: out, Now: march20}); err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(filepath.Join(out, CSVFile))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(csv, 0x1b) {
		t.Error("variance.csv holds a raw ESC character")
	}
	if !bytes.Contains(csv, []byte("百度SEM[31m红")) {
		t.Errorf("variance.csv lost the channel's visible text:\n%s", csv)
	}
}

// snapshot returns every file in dir with its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ents {
		if e.Type().IsRegular() {
			data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			out[e.Name()] = string(data)
		}
	}
	return out
}

// TestDiskFullKeepsTheSet: when one output cannot be written (the disk
// fills up while writing March's HTML), no output is replaced — never a
// new PDF beside an old HTML — and no temp file is left.
func TestDiskFullKeepsTheSet(t *testing.T) {
	inbox, out := sampleInbox(t), t.TempDir()
	opt := Options{Config: testConfig(t), Inbox: inbox, Out: out, Now: march20}
	if _, err := Run(t.Context(), opt); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	delete(before, ManifestFile)

	stageFile = func(path string, force bool, fill func(io.Writer) error) (*publish.Staged, error) {
		if filepath.Base(path) == "report-2026-03.html" {
			return nil, &os.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
		}
		return publish.Stage(path, force, fill)
	}
	t.Cleanup(func() { stageFile = publish.Stage })
	copyFile(t, "../../sample-inputs/actuals-2026-02.xlsx", filepath.Join(inbox, "actuals-2026-02.xlsx")) // new figures for Q1 and the year
	_, err := Run(t.Context(), opt)
	var we *WriteError
	if !errors.As(err, &we) || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("err = %v, want a WriteError about the full disk", err)
	}
	after := snapshot(t, out)
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s was replaced although the set could not be written whole", name)
		}
	}
	for name := range after {
		if strings.Contains(name, ".tmp-") {
			t.Errorf("temp file %s left behind", name)
		}
	}
}

// TestPeriodRunRefreshesStaleReports: after the inputs change, a -period
// run renders the period asked for and every other report on disk that
// was made from the old inputs, so index.html never links stale figures
// beside new ones; with unchanged inputs it renders only the period.
func TestPeriodRunRefreshesStaleReports(t *testing.T) {
	inbox, out := sampleInbox(t), t.TempDir()
	cfg := testConfig(t)
	opt := Options{Config: cfg, Inbox: inbox, Out: out, Now: march20}
	if _, err := Run(t.Context(), opt); err != nil {
		t.Fatal(err)
	}
	opt.Period = "2026-03"
	res, err := Run(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reports) != 1 {
		t.Errorf("-period with unchanged inputs rendered %d reports, want 1", len(res.Reports))
	}

	copyFile(t, "../../sample-inputs/actuals-2026-02.xlsx", filepath.Join(inbox, "actuals-2026-02.xlsx")) // February arrives
	var logs bytes.Buffer
	opt.Log = slog.New(slog.NewTextHandler(&logs, nil))
	if res, err = Run(t.Context(), opt); err != nil {
		t.Fatal(err)
	}
	opt.Log = nil
	// The stale reports are named in one warning, not one line each.
	if n := strings.Count(logs.String(), "re-rendered too"); n != 1 || !strings.Contains(logs.String(), `reports="report-2026-Q1, report-2026" count=2`) {
		t.Errorf("%d re-rendered warnings, want one naming Q1 and the year:\n%s", n, logs.String())
	}
	var ids []string
	for _, r := range res.Reports {
		ids = append(ids, r.Period.ID)
	}
	// March asked for; Q1 and the year were on disk from the old inputs.
	// February was never rendered, so the index does not link it.
	if got := strings.Join(ids, ","); got != "2026-03,2026-Q1,2026" {
		t.Errorf("-period run after new inputs rendered %s, want 2026-03,2026-Q1,2026", got)
	}
	fresh := t.TempDir()
	opt.Out, opt.Period = fresh, ""
	if _, err := Run(t.Context(), opt); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"report-2026-Q1.html", "report-2026.html", "report-2026-03.html"} {
		got, _ := os.ReadFile(filepath.Join(out, name))
		want, _ := os.ReadFile(filepath.Join(fresh, name))
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from a full run's over the same inputs: stale", name)
		}
	}
}
