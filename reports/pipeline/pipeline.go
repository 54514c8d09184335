// Package pipeline runs one batch: read the inbox's workbooks, analyse
// every period, render PDF and HTML reports, write the exports, the index
// and the manifest. The run and watch commands share it.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/analysis"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/inputs"
	"github.com/budgetlens/budgetlens/reports/output"
	"github.com/budgetlens/budgetlens/reports/publish"
	"github.com/budgetlens/budgetlens/reports/workbook"
)

// Options configure one run.
type Options struct {
	Config  *config.Config
	Inbox   string   // overrides Config.Inbox when not empty
	Out     string   // overrides Config.Outputs when not empty
	Files   []string // read exactly these files instead of the inbox (watch mode)
	Period  string   // only this period ID ("2026-03", "2026-Q1", "2026"); "" = every period
	Force   bool     // regenerate even when inputs and config are unchanged
	Now     time.Time
	Version string
	// BuildID identifies the program's code (e.g. the sha256 of the
	// executable), so a new build regenerates reports even when the inputs,
	// config and version string are unchanged.
	BuildID string
	Log     *slog.Logger
	// Progress, when set, is called as reports are written (done of total).
	Progress func(done, total int)
	// Step, when set, is told what the run is doing, for a progress
	// display: reading each workbook, analysing the periods, rendering.
	Step func(Step)
	// NeedReports makes a run with unchanged inputs still read and
	// analyse them, rewriting nothing, so that Result.All holds the
	// reports: delivery needs their stories to send what is pending.
	NeedReports bool
	// Outputs is what the run writes; Outputs() when nil.
	Outputs *output.Set
}

// Step is one moment of a run's progress. Phase "read": Name is the
// workbook about to be read, Size its bytes, Done and Total the bytes of
// all workbooks read before it and in all. Phase "analyse": Done of
// Total periods. Phase "render": Done of Total output files written.
type Step struct {
	Phase       string
	Name        string
	Size        int64
	Done, Total int64
}

func (o Options) step(s Step) {
	if o.Step != nil {
		o.Step(s)
	}
}

// Result says what a run did.
type Result struct {
	Files   []reports.FileReport
	Reports []*reports.Report // the periods rendered in this run
	// All holds every period with data. With Options.Period only Reports
	// are rendered, but summary.json, the variance exports and the index
	// still cover All, so an ad-hoc run never shrinks them.
	All       []*reports.Report
	Outputs   []publish.Output
	Problems  int  // rejected rows, unreadable files, cross-check warnings
	Unchanged bool // inputs and config as in the last run; nothing rewritten
	// ManifestErr says why manifest.json could not be read or written; the
	// reports were written all the same.
	ManifestErr error
	OutDir      string
	Duration    time.Duration
}

// ErrNoInputs is returned when the inbox holds no workbook.
var ErrNoInputs = errors.New("no input workbooks found")

// Input extensions the pipeline looks at. Workbooks in other spreadsheet
// formats are reported as problems (save them as .xlsx); everything else in
// the inbox (README files, PDFs …) is ignored.
var (
	xlsxExt  = map[string]bool{".xlsx": true, ".xlsm": true}
	otherExt = map[string]bool{".xls": true, ".csv": true, ".ods": true, ".numbers": true, ".et": true}
)

// ListInputs returns the workbook files in dir, sorted by name, leaving
// out Office lock files (~$…), hidden or temporary files and folders.
// Symbolic links are followed: a link to a workbook is read like the
// workbook. Other entries with a workbook's name (a link to nothing, a
// named pipe, a socket) are listed so that the run refuses them with a
// message (StatInput) instead of skipping them without a word.
func ListInputs(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	var out []string
	for _, e := range ents {
		if !IsCandidate(e.Name()) {
			continue
		}
		if info, err := os.Stat(filepath.Join(dir, e.Name())); e.IsDir() || (err == nil && info.IsDir()) {
			continue
		}
		out = append(out, filepath.Join(dir, e.Name()))
	}
	sort.Strings(out)
	return out, nil
}

// IsCandidate reports whether a file name looks like an input the
// pipeline should read (or reject with a reason).
func IsCandidate(name string) bool {
	if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, "~") {
		return false
	}
	ext := strings.ToLower(filepath.Ext(name))
	return xlsxExt[ext] || otherExt[ext]
}

// Run executes one batch.
func Run(ctx context.Context, opt Options) (*Result, error) {
	start := time.Now()
	cfg := opt.Config
	log := opt.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	inbox := cfg.Inbox
	if opt.Inbox != "" {
		inbox = opt.Inbox
	}
	out := cfg.Outputs
	if opt.Out != "" {
		out = opt.Out
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	// Report timestamps are shown in [company] timezone (default: this
	// machine's zone), and the as-of month is that zone's month.
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	now = now.In(loc).Truncate(time.Second)
	res := &Result{OutDir: out}

	lang, err := i18n.Load(cfg.Language, cfg.Currency)
	if err != nil {
		return nil, err
	}
	if err := CheckFolders(inbox, out, cfg.Archive, cfg.Rejected); err != nil {
		return nil, &UsageError{Err: err}
	}
	files := opt.Files
	if files == nil {
		if files, err = ListInputs(inbox); err != nil {
			return nil, err
		}
		// Without -inbox, a run reads what watch archived too, so reports
		// can be regenerated after the inputs left the inbox.
		if opt.Inbox == "" {
			var werr error
			if files, werr = withWorkingSet(files, cfg.Archive); werr != nil {
				log.Warn("archived inputs: working set rebuilt from the archive folders", "err", werr)
			}
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w in %s", ErrNoInputs, inbox)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, &WriteError{fmt.Errorf("create outputs: %w", err)}
	}
	lock, stale, err := publish.Acquire(filepath.Join(out, ".budgetlens.lock"))
	if err != nil {
		if errors.Is(err, publish.ErrLocked) {
			return nil, err
		}
		return nil, &WriteError{err}
	}
	defer lock.Release()
	if stale {
		log.Warn("took over a stale lock left by a run that died", "dir", out)
	}
	publish.CleanTemp(out)

	manifestPath := filepath.Join(out, "manifest.json")
	man, merr := publish.ReadManifest(manifestPath)
	if merr != nil {
		log.Error("manifest unreadable; reports are written without the no-change check", "err", merr)
		res.ManifestErr = merr
	}

	// Decide "nothing changed" before reading a row: the inputs' names
	// and bytes (sha256, cached by path, size and mtime), the config, the
	// program and the as-of month.
	states := statInputs(files, man, opt.Force, lang)
	fingerprint := fingerprintOf(opt.Version+" "+opt.BuildID, cfg.Hash, opt.Period, asOf(now), states)
	// The same without the period: runs with equal dataFP show equal figures.
	dataFP := fingerprintOf(opt.Version+" "+opt.BuildID, cfg.Hash, "", asOf(now), states)
	var unchanged *publish.Run // set when nothing changed but the reports are needed
	if !opt.Force {
		if last := man.LastOK(); last != nil && last.Fingerprint == fingerprint && outputsIntact(out, last.Outputs) && opt.NeedReports {
			unchanged = last
		} else if last != nil && last.Fingerprint == fingerprint && outputsIntact(out, last.Outputs) {
			res.Unchanged = true
			res.Outputs = last.Outputs
			res.Files, res.Problems = unchangedFiles(states, last)
			res.Duration = time.Since(start)
			rec := runRecord(opt, cfg, fingerprint, start, res, "unchanged", "")
			setSources(&rec, states, now)
			rec.DataFingerprint = dataFP
			man.Append(rec)
			if err := writeManifest(man, manifestPath, merr, res, log); err != nil {
				return nil, &WriteError{err}
			}
			return res, nil
		}
	}

	// Read every file into a Book of its own. Identical files (same
	// sha256) count once; reports/inputs then decides which of the others
	// are plan versions or corrections of one another, and merges what
	// counts into one Book. Files that are not regular files, or are
	// budgetlens's own exports, are refused without being opened.
	// The renderers load (templates parsed, the PDF font checked) while
	// the inputs are read: the render phase starts as soon as the
	// analysis is done.
	type loaded struct {
		set *output.Set
		err error
	}
	outputs := make(chan loaded, 1)
	if opt.Outputs != nil {
		outputs <- loaded{set: opt.Outputs}
	} else {
		go func() {
			set, err := Outputs()
			outputs <- loaded{set, err}
		}()
	}
	seen := map[string]string{}
	own := ownOutputs(man)
	ropt := workbook.ConfigOptions(cfg, lang)
	ropt.Now = now
	var whole []inputs.File
	var abs reports.Money // all files' absolute amounts, bounded by reports.MaxTotal
	var readTotal, readDone int64
	for _, st := range states {
		readTotal += st.size
	}
	for _, st := range states {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		opt.step(Step{Phase: "read", Name: st.name, Size: st.size, Done: readDone, Total: readTotal})
		readDone += st.size
		var fr reports.FileReport
		var f *inputs.File
		switch {
		case st.err != nil:
			fr = problemFile(st, st.err)
		case own[st.sum] != "":
			fr = problemFile(st, errors.New(lang.T("pipeline.own_output", "file", own[st.sum])))
		default:
			fr, f = readOne(ctx, st, ropt, &abs, seen, lang)
		}
		if ctx.Err() != nil {
			return nil, ctx.Err() // a read cut short is not a problem of the file
		}
		if f != nil {
			whole = append(whole, *f)
		}
		res.Files = append(res.Files, fr)
		res.Problems += problemCount(fr)
		for _, p := range fr.Problems {
			log.Warn(p.Error())
		}
		if fr.Err != nil {
			log.Error(fr.Err.Error())
		}
		u, s, r := fr.Rows()
		log.Info("read", "file", fr.Name, "used", u, "skipped", s, "rejected", r)
	}
	combined := inputs.Combine(whole, InputPolicy(cfg))
	book := combined.Book
	applyDecisions(res.Files, combined, lang)
	for _, f := range res.Files {
		for _, d := range f.Decisions {
			log.Warn(d) // the sentence names both files
		}
	}

	in := analysis.Input{Book: book, Files: res.Files, Config: cfg, Lang: lang, Now: now}
	periods := analysis.Periods(book, cfg, now)
	// Commentary rows are matched once every budget line and period is
	// known; the rows left out are problems of the file they came from.
	res.Problems += AddProblems(res.Files, analysis.Commentary(book, cfg, periods, lang), log)
	selected := periods
	if opt.Period != "" {
		if selected, err = analysis.Select(periods, opt.Period); err != nil {
			return nil, &UsageError{Err: err, Hint: "pass one of the periods listed, or leave out -period for all of them"}
		}
	}
	chosen := map[string]bool{}
	for _, p := range selected {
		chosen[p.ID] = true
	}
	ld := <-outputs
	if ld.err != nil {
		return nil, ld.err
	}
	set := ld.set
	// -period renders one period, but the index links every report on
	// disk: one made from other inputs (or config, program, month) is
	// rendered again so the index never links stale figures.
	if opt.Period != "" {
		var stale []string
		for _, p := range periods {
			if !chosen[p.ID] && staleReport(out, set, p, man, dataFP) {
				chosen[p.ID] = true
				stale = append(stale, ReportBase(p))
			}
		}
		if len(stale) > 0 {
			// One line, not one per report: after a config edit that is
			// every report on disk.
			log.Warn("re-rendered too: made from other inputs or settings than this run's", "reports", strings.Join(stale, ", "), "count", len(stale))
		}
	}
	res.All = make([]*reports.Report, len(periods))
	for i, p := range periods {
		opt.step(Step{Phase: "analyse", Name: p.ID, Done: int64(i), Total: int64(len(periods))})
		res.All[i] = analysis.Build(in, p)
		if chosen[p.ID] {
			res.Reports = append(res.Reports, res.All[i])
		}
	}

	if unchanged != nil {
		res.Unchanged = true
		res.Outputs = unchanged.Outputs
		res.Duration = time.Since(start)
		rec := runRecord(opt, cfg, fingerprint, start, res, "unchanged", "")
		setSources(&rec, states, now)
		man.Append(rec)
		if err := writeManifest(man, manifestPath, merr, res, log); err != nil {
			return nil, &WriteError{err}
		}
		return res, nil
	}

	if err := writeOutputs(ctx, opt, set, cfg, lang, out, now, res); err != nil {
		man.Append(runRecord(opt, cfg, fingerprint, start, res, "failed", err.Error()))
		if merr == nil {
			man.Write(manifestPath)
		}
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, &WriteError{err}
	}
	res.Duration = time.Since(start)
	outcome := "ok"
	if res.Problems > 0 {
		outcome = "input_problems"
	}
	rec := runRecord(opt, cfg, fingerprint, start, res, outcome, "")
	setSources(&rec, states, now)
	rec.DataFingerprint = dataFP
	man.Append(rec)
	if err := writeManifest(man, manifestPath, merr, res, log); err != nil {
		return nil, &WriteError{err}
	}
	return res, nil
}

// WriteError marks a failure to write the outputs (reports, exports,
// manifest or the lock file): exit code 4, an operator's problem (disk
// full, permissions) rather than the inputs' or the config's.
type WriteError struct{ Err error }

func (e *WriteError) Error() string { return e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// writeManifest records the run. A manifest that could not be read is
// reported (Result.ManifestErr and the log) but does not fail the run: the
// reports are written by then. A file that was not a manifest is kept as
// manifest.json.corrupt and a fresh manifest started; any other unreadable
// manifest (a directory, no permission) is left alone. Failing to write a
// manifest that was readable (disk full) is returned.
func writeManifest(man *publish.Manifest, path string, readErr error, res *Result, log *slog.Logger) error {
	switch {
	case readErr == nil:
	case errors.Is(readErr, publish.ErrCorrupt):
		if err := os.Rename(path, path+".corrupt"); err != nil {
			return nil
		}
		log.Warn("kept the unreadable manifest as "+filepath.Base(path)+".corrupt and started a new one", "dir", filepath.Dir(path))
	default:
		return nil
	}
	return man.Write(path)
}

// UsageError marks errors in the command's arguments (exit code 2).
type UsageError struct {
	Err  error
	Hint string // what to do next, when more to the point than "see help"
}

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// readOne reads one input. Its size and sha256 are those statInputs found
// (hashed then, or from the manifest's cache): hashing a 40 MB ledger
// again before reading it would be a second pass over it for nothing.
func readOne(ctx context.Context, st inputState, ropt workbook.Options, abs *reports.Money, seen map[string]string, lang *i18n.Lang) (reports.FileReport, *inputs.File) {
	path, size, sum := st.path, st.size, st.sum
	name := filepath.Base(path)
	ext := strings.ToLower(filepath.Ext(name))
	if otherExt[ext] {
		return reports.FileReport{Name: name, Path: path, Size: size, SHA256: sum,
			Err: &reports.CellError{File: name, Severity: reports.SevAlert, Err: errors.New(lang.T("pipeline.not_xlsx", "ext", ext))}}, nil
	}
	var mod time.Time
	if st, err := os.Stat(path); err == nil {
		mod = st.ModTime()
	}
	if prev, dup := seen[sum]; dup {
		return reports.FileReport{Name: name, Path: path, Size: size, SHA256: sum, Modified: mod.UTC().Truncate(time.Second), Duplicate: prev, Status: reports.StatusDuplicate}, nil
	}
	seen[sum] = name
	// Each file is read into a Book of its own and merged only when it was
	// read whole: a workbook found damaged half-way contributes nothing.
	rec := inputs.NewRecorder()
	fr := readWorkbook(ctx, path, ropt, rec)
	fr.Modified = mod.UTC().Truncate(time.Second)
	if fr.Err != nil {
		return fr, nil
	}
	// Each file is within reports.MaxTotal (the reader sees to it);
	// together they must be too, or sums in the reports could wrap.
	total, ok := abs.AddOK(rec.Book.Abs)
	if !ok || total > reports.MaxTotal {
		fr.Err = &reports.CellError{File: name, Severity: reports.SevAlert,
			Err: errors.New(lang.T("pipeline.too_large", "limit", lang.Money(reports.MaxTotal)))}
		return fr, nil
	}
	*abs = total
	f := rec.File(name, mod, fr.Version)
	return fr, &f
}

// AddProblems records problems found after reading (such as commentary
// rows that match no line) on the files they name, logs them and returns
// how many count as input problems (info notes do not).
func AddProblems(files []reports.FileReport, problems []*reports.CellError, log *slog.Logger) int {
	n := 0
	for _, p := range problems {
		for i := range files {
			if files[i].Name == p.File && files[i].Duplicate == "" {
				files[i].Problems = append(files[i].Problems, p)
				break
			}
		}
		if log != nil {
			log.Warn(p.Error())
		}
		if p.Severity != reports.SevInfo {
			n++
		}
	}
	return n
}

// applyDecisions records on each file what the input decisions did with
// it, as sentences in the report's language on the file set aside.
func applyDecisions(files []reports.FileReport, out *inputs.Outcome, lang *i18n.Lang) {
	byName := map[string]*reports.FileReport{}
	for i := range files {
		f := &files[i]
		byName[f.Name] = f
		if st, ok := out.Status[f.Name]; ok {
			f.Status = st
			f.SupersededBy = out.SupersededBy[f.Name]
			f.SetAside = out.SetAside[f.Name]
		}
	}
	for _, name := range out.PriorYear {
		if f := byName[name]; f != nil {
			f.PriorYear = true
			f.Decisions = append(f.Decisions, lang.T("pipeline.prior_year", "file", name))
		}
	}
	for _, d := range out.Decisions {
		f := byName[d.Old]
		if f == nil {
			continue
		}
		f.Decisions = append(f.Decisions, DecisionText(d, lang))
	}
}

// InputPolicy is what the config says about combining inputs.
func InputPolicy(cfg *config.Config) inputs.Policy {
	return inputs.Policy{FYStart: cfg.FYStart, BudgetFile: cfg.BudgetFile,
		VersionOrder: cfg.BudgetVersionOrder, ActualsMode: cfg.ActualsMode}
}

// DecisionTexts lists every decision of a combination in words: plan
// versions, corrections and last year's ledgers.
func DecisionTexts(out *inputs.Outcome, lang *i18n.Lang) []string {
	var s []string
	for _, d := range out.Decisions {
		s = append(s, DecisionText(d, lang))
	}
	for _, name := range out.PriorYear {
		s = append(s, lang.T("pipeline.prior_year", "file", name))
	}
	return s
}

// DecisionText is the sentence that reports one input decision.
func DecisionText(d inputs.Decision, lang *i18n.Lang) string {
	rule := lang.T("pipeline.rule." + string(d.By))
	if d.Kind == inputs.KindVersion {
		return lang.T("pipeline.version", "old", d.Old, "new", d.New, "oldlabel", d.OldLabel, "newlabel", d.NewLabel,
			"fy", d.FiscalYear, "rule", rule)
	}
	months := make([]string, len(d.Months))
	for i, m := range d.Months {
		months[i] = lang.MonthName(m)
	}
	net := lang.Money(d.Net)
	if d.Net > 0 {
		net = "+" + net
	}
	key := "pipeline.correction"
	if d.Funnel {
		key += "_funnel"
	}
	if d.Forced {
		key += "_forced"
	}
	return lang.T(key, "old", d.Old, "new", d.New, "months", lang.Join(months),
		"overlap", lang.Pct(d.Overlap*100), "net", net, "rule", rule)
}

// problemCount is what a file adds to the run's input problems (exit 1);
// info notes are not problems (see reports.FileReport.InputProblems).
func problemCount(fr reports.FileReport) int {
	return fr.InputProblems()
}

func outputsIntact(dir string, outs []publish.Output) bool {
	if len(outs) == 0 {
		return false
	}
	for _, o := range outs {
		_, sum, err := publish.HashFile(filepath.Join(dir, o.Path))
		if err != nil || sum != o.SHA256 {
			return false
		}
	}
	return true
}

func runRecord(opt Options, cfg *config.Config, fingerprint string, start time.Time, res *Result, outcome, msg string) publish.Run {
	r := publish.Run{
		Started:     start.UTC().Truncate(time.Millisecond),
		Version:     opt.Version,
		ConfigHash:  cfg.Hash,
		Fingerprint: fingerprint,
		Period:      opt.Period,
		Outputs:     res.Outputs,
		DurationMS:  time.Since(start).Milliseconds(),
		Outcome:     outcome,
		Problems:    res.Problems,
		Message:     msg,
	}
	for _, f := range res.Files {
		u, s, rj := f.Rows()
		in := publish.Input{Path: f.Name, Size: f.Size, SHA256: f.SHA256, Used: u, Skipped: s, Rejected: rj, Duplicate: f.Duplicate}
		if f.Err != nil {
			in.Error = f.Err.Error()
		}
		r.Inputs = append(r.Inputs, in)
	}
	return r
}

// ReportBase returns the file name stem of a period's report files:
// "report-2026-03", "report-2026-Q1", "report-2026".
func ReportBase(p reports.Period) string { return output.ReportBase(p) }

// writeOutputs writes what set lists: every report of this run in each
// format, then the run's own files, as one set (publish.WriteSet).
func writeOutputs(ctx context.Context, opt Options, set *output.Set, cfg *config.Config, lang *i18n.Lang, out string, now time.Time, res *Result) error {
	run := &output.Run{Company: cfg.Company, Currency: cfg.Currency, Lang: lang, Now: now, Reports: res.All}
	rendered := map[*reports.Report]bool{}
	for _, rep := range res.Reports {
		rendered[rep] = true
	}
	for _, rep := range res.All {
		// A report not rendered in this run is listed with the files an
		// earlier run left; one never rendered has nothing to link.
		has := func(name string) bool { return rendered[rep] || exists(filepath.Join(out, name)) }
		if files := set.Links(rep.Period, lang, has); len(files) > 0 {
			run.Entries = append(run.Entries, output.Entry{Report: rep, Files: files})
		}
	}
	files := set.Plan(res.Reports, run, IndexFile)
	renderStart := time.Now()
	outputs, err := publish.WriteSet(ctx, out, files, publish.SetOptions{Force: opt.Force, Stage: stageFile,
		Done: func(done, total int, name string) {
			if opt.Progress != nil {
				opt.Progress(done, total)
			}
			opt.step(Step{Phase: "render", Name: name, Done: int64(done), Total: int64(total)})
		}})
	if opt.Log != nil {
		opt.Log.Info("rendered", "reports", len(res.Reports), "files", len(files), "workers", runtime.GOMAXPROCS(0), "seconds", time.Since(renderStart).Round(time.Millisecond).Seconds())
	}
	if err != nil {
		return err
	}
	res.Outputs = outputs
	return nil
}

// SummaryLine is the one line a run prints for schedulers and people:
// what was written, from what, and whether inputs had problems.
func SummaryLine(res *Result) string {
	var months, quarters, years int
	for _, r := range res.Reports {
		switch r.Period.Kind {
		case reports.KindMonth:
			months++
		case reports.KindQuarter:
			quarters++
		default:
			years++
		}
	}
	var used, rejected, aside int
	for _, f := range res.Files {
		if f.Status == reports.StatusSuperseded {
			aside++ // an older plan version or a corrected ledger: its rows do not count
			continue
		}
		u, _, r := f.Rows()
		used += u
		rejected += r
	}
	status := "ok"
	if res.Problems > 0 {
		status = plural(res.Problems, "input problem") + " (see the data notes)"
	}
	notes := 0
	for i := range res.Files {
		notes += res.Files[i].Notes()
	}
	if notes > 0 {
		status += "; " + plural(notes, "note") + " on how inputs were read (in the data notes)"
	}
	if sk := SkippedSheets(res.Files); len(sk) > 0 {
		status += "; " + skippedWords(sk)
	}
	if res.Unchanged {
		return fmt.Sprintf("budgetlens: unchanged inputs and config, reports in %s are up to date (use -force to regenerate); %s", res.OutDir, status)
	}
	// Only the kinds written: a -period run says "1 report (1 quarter)",
	// not "(0 months, 1 quarter, 0 fiscal years)".
	var kinds []string
	for _, k := range []struct {
		n    int
		noun string
	}{{months, "month"}, {quarters, "quarter"}, {years, "fiscal year"}} {
		if k.n > 0 {
			kinds = append(kinds, plural(k.n, k.noun))
		}
	}
	written := plural(len(res.Reports), "report")
	if len(kinds) > 0 {
		written += " (" + strings.Join(kinds, ", ") + ")"
	}
	return fmt.Sprintf("budgetlens: %s from %s, %d rows used, %d rejected → %s; %s in %.1fs",
		written, fileCount(len(res.Files), aside), used, rejected, filepath.Join(res.OutDir, IndexFile), status, res.Duration.Seconds())
}

// fileCount says how many files were read and how many of them were set
// aside as older plan versions or corrected ledgers.
func fileCount(n, aside int) string {
	if aside == 0 {
		return plural(n, "file")
	}
	return fmt.Sprintf("%s (%d set aside as superseded, see the data notes)", plural(n, "file"), aside)
}

// SkippedSheets names the sheets, "file!sheet", whose rows were not read
// because the sheet was not recognised or lacks a required column: a
// sheet left out must be said in the summary line, not only in the log.
func SkippedSheets(files []reports.FileReport) []string {
	var out []string
	for _, f := range files {
		if f.Duplicate != "" {
			continue
		}
		for _, s := range f.Sheets {
			if s.Refused != "" {
				out = append(out, f.Name+"!"+s.Sheet)
			}
		}
	}
	return out
}

// skippedWords is "2 sheets skipped: a.xlsx!说明, b.xlsx!汇总 (why: see
// the data notes)", naming at most three.
func skippedWords(names []string) string {
	list := names
	more := ""
	if len(list) > 3 {
		list, more = list[:3], fmt.Sprintf(" and %d more", len(names)-3)
	}
	return fmt.Sprintf("%s skipped: %s%s (why: see the data notes)", plural(len(names), "sheet"), strings.Join(list, ", "), more)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
