package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/publish"
)

// Archive modes.
const (
	ModeMove = "move"
	ModeCopy = "copy"
)

// LockFile is the name, inside the archive, of the lock that keeps two
// watchers from sharing an inbox.
const LockFile = ".watch.lock"

// maxBackoff caps the wait before a failed run is retried.
const maxBackoff = 5 * time.Minute

// RunFunc runs the pipeline over files (paths, sorted by name).
type RunFunc func(ctx context.Context, files []string) (Outcome, error)

// Outcome is what the watcher needs to know about a finished run.
type Outcome struct {
	Summary  string // one line for the log (pipeline.SummaryLine)
	Problems int    // input problems, unreadable files included
	// Unreadable maps the path of each file that could not be read at all
	// to the reason, in the configured language.
	Unreadable map[string]string
}

// Options configure a watcher.
type Options struct {
	Inbox    string
	Archive  string
	Rejected string
	Settle   time.Duration // how long size and mtime must be stable
	Poll     time.Duration // how often the inbox is scanned
	Mode     string        // ModeMove (default) or ModeCopy
	Once     bool          // process what is in the inbox once, then return
	// Candidate reports whether a file name is an input (pipeline.IsCandidate).
	Candidate func(name string) bool
	Run       RunFunc
	Lang      *i18n.Lang // language of the .error.txt files
	Log       *slog.Logger
	Now       func() time.Time // dates archive folders and error files; default time.Now
}

// Stats count what a watcher did.
type Stats struct {
	Runs     int // successful runs
	Failed   int // runs that returned an error
	Archived int
	Rejected int
	Problems int // input problems reported by the runs
}

// sig identifies a version of a file by what os.Stat tells cheaply.
type sig struct {
	size  int64
	mtime time.Time
}

type pendingFile struct {
	sig   sig
	since time.Time // when this sig was first seen
}

type watcher struct {
	opt       Options
	log       *slog.Logger
	ws        *workingSet
	pending   map[string]*pendingFile // by file name
	processed map[string]sig          // files handled but still in the inbox
	warned    map[string]bool         // non-files already warned about
	retryAt   time.Time
	backoff   time.Duration
	scanErr   bool
	stats     Stats
}

// Loop watches the inbox until ctx is cancelled (or, with Once, until the
// files found at the start have been processed) and returns what it did.
// A run in progress when ctx is cancelled is finished first. The error is
// about the watcher itself (bad options, a folder it cannot create, another
// watcher holding the archive's lock); with Once a failed run is returned
// too. Otherwise failed runs are logged and retried.
func Loop(ctx context.Context, opt Options) (Stats, error) {
	w, release, err := start(opt)
	if err != nil {
		return Stats{}, err
	}
	defer release()
	for ctx.Err() == nil {
		now := time.Now()
		w.scan(now)
		if batch := w.ready(now); batch != nil {
			err := w.process(ctx, batch)
			if opt.Once {
				return w.stats, err
			}
		} else if opt.Once && len(w.pending) == 0 {
			w.log.Info("inbox has no new files", "inbox", opt.Inbox)
			return w.stats, nil
		}
		select {
		case <-ctx.Done():
			return w.stats, nil
		case <-time.After(w.opt.Poll):
		}
	}
	return w.stats, nil
}

func start(opt Options) (*watcher, func(), error) {
	switch {
	case opt.Inbox == "" || opt.Archive == "" || opt.Rejected == "":
		return nil, nil, errors.New("watch: inbox, archive and rejected folders are required")
	case opt.Run == nil || opt.Candidate == nil || opt.Lang == nil:
		return nil, nil, errors.New("watch: Run, Candidate and Lang are required")
	case opt.Settle < 0 || opt.Poll <= 0:
		return nil, nil, fmt.Errorf("watch: poll %v must be positive and settle %v not negative", opt.Poll, opt.Settle)
	}
	switch opt.Mode {
	case "":
		opt.Mode = ModeMove
	case ModeMove, ModeCopy:
	default:
		return nil, nil, fmt.Errorf("watch: archive mode %q is not %q or %q", opt.Mode, ModeMove, ModeCopy)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	for _, dir := range []string{opt.Inbox, opt.Archive, opt.Rejected} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, nil, fmt.Errorf("watch: create %s: %w", dir, err)
		}
	}
	lock, stale, err := publish.Acquire(filepath.Join(opt.Archive, LockFile))
	if err != nil {
		return nil, nil, fmt.Errorf("watch %s: %w", opt.Inbox, err)
	}
	if stale {
		log.Warn("took over a stale watch lock left by a watcher that died", "archive", opt.Archive)
	}
	ws, rebuilt, err := loadWorkingSet(opt.Archive, opt.Candidate)
	if err != nil {
		log.Warn("working set rebuilt from the archive folders", "err", err)
	} else if rebuilt && len(ws.files) > 0 {
		log.Warn("working set rebuilt from the archive folders", "files", len(ws.files))
	}
	w := &watcher{
		opt: opt, log: log, ws: ws,
		pending:   map[string]*pendingFile{},
		processed: map[string]sig{},
		warned:    map[string]bool{},
	}
	log.Info("watching", "inbox", opt.Inbox, "settle", opt.Settle, "poll", opt.Poll, "archive", opt.Archive, "mode", opt.Mode)
	return w, func() { lock.Release() }, nil
}

// scan updates the pending files from one listing of the inbox.
func (w *watcher) scan(now time.Time) {
	ents, err := os.ReadDir(w.opt.Inbox)
	if err != nil {
		if !w.scanErr { // log once per outage, not every poll
			w.log.Error("cannot read the inbox; will keep trying", "err", err)
			w.scanErr = true
		}
		return
	}
	if w.scanErr {
		w.log.Info("inbox readable again", "inbox", w.opt.Inbox)
		w.scanErr = false
	}
	seen := make(map[string]bool, len(ents))
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !w.opt.Candidate(name) {
			continue
		}
		// Links are followed (a link to a workbook is that workbook, as in
		// run and check); anything else but a file — a named pipe, a
		// socket, a link to nothing — is left alone with one warning:
		// opening a pipe to read or archive it would block the watcher.
		info, err := os.Stat(filepath.Join(w.opt.Inbox, name))
		if err != nil || !info.Mode().IsRegular() {
			if err == nil && info.IsDir() {
				continue
			}
			if !w.warned[name] {
				w.warned[name] = true
				reason := "not a regular file"
				if err != nil {
					reason = err.Error()
				}
				w.log.Warn("not a workbook file; left in the inbox and not read", "file", name, "reason", reason)
			}
			continue
		}
		delete(w.warned, name)
		seen[name] = true
		s := sig{info.Size(), info.ModTime()}
		if p, ok := w.processed[name]; ok && p == s {
			continue
		}
		delete(w.processed, name)
		if p := w.pending[name]; p != nil && p.sig == s {
			continue
		}
		w.pending[name] = &pendingFile{sig: s, since: now}
	}
	for name := range w.pending {
		if !seen[name] {
			delete(w.pending, name)
		}
	}
	for name := range w.processed {
		if !seen[name] {
			delete(w.processed, name)
		}
	}
}

// ready returns the batch to run: every pending file, once all of them
// have settled and no retry back-off is in force; nil otherwise.
func (w *watcher) ready(now time.Time) map[string]sig {
	if len(w.pending) == 0 || now.Before(w.retryAt) {
		return nil
	}
	batch := make(map[string]sig, len(w.pending))
	for name, p := range w.pending {
		if now.Sub(p.since) < w.opt.Settle {
			return nil
		}
		batch[name] = p.sig
	}
	return batch
}

// runSet returns the files of a run: the working set, with the batch's
// files in place of entries of the same name, sorted by name.
func (w *watcher) runSet(batch map[string]sig) []string {
	byName := map[string]string{}
	for name, p := range w.ws.files {
		if _, replaced := batch[name]; replaced {
			continue
		}
		path := w.ws.abs(p)
		if _, err := os.Stat(path); err != nil {
			w.log.Warn("archived input is gone; leaving it out of the working set", "file", name, "path", path)
			delete(w.ws.files, name)
			continue
		}
		byName[name] = path
	}
	for name := range batch {
		byName[name] = filepath.Join(w.opt.Inbox, name)
	}
	names := make([]string, 0, len(byName))
	for name := range byName {
		names = append(names, name)
	}
	sort.Strings(names)
	files := make([]string, len(names))
	for i, name := range names {
		files[i] = byName[name]
	}
	return files
}

// process runs the pipeline over a settled batch and files its inputs.
func (w *watcher) process(ctx context.Context, batch map[string]sig) error {
	// The run gets a context that ignores cancellation so that a signal
	// lets it finish and its inputs are filed consistently with the reports.
	runCtx := context.WithoutCancel(ctx)
	files := w.runSet(batch)
	out, err := w.opt.Run(runCtx, files)
	if err != nil {
		w.stats.Failed++
		w.backoff = min(max(2*w.backoff, w.opt.Settle, w.opt.Poll), maxBackoff)
		w.retryAt = time.Now().Add(w.backoff)
		w.log.Error("run failed; the new files stay in the inbox", "err", err, "retry_in", w.backoff)
		return err
	}
	w.backoff, w.retryAt = 0, time.Time{}
	w.stats.Runs++
	w.stats.Problems += out.Problems
	w.log.Info(out.Summary, "files", len(files), "new", len(batch))

	now := w.opt.Now()
	names := make([]string, 0, len(batch))
	for name := range batch {
		names = append(names, name)
	}
	sort.Strings(names)
	displaced := false
	for _, name := range names {
		delete(w.pending, name)
		path := filepath.Join(w.opt.Inbox, name)
		info, err := os.Stat(path)
		if err != nil {
			w.log.Warn("input vanished from the inbox during the run", "file", name)
			continue
		}
		if (sig{info.Size(), info.ModTime()}) != batch[name] {
			// Changed while we read it: the next scan sees it as new.
			w.log.Warn("input changed during the run; it will be read again", "file", name)
			continue
		}
		if reason, bad := out.Unreadable[path]; bad {
			if _, ok := w.ws.files[name]; ok {
				displaced = true
			}
			w.reject(path, reason, now, batch[name])
			continue
		}
		w.archive(path, now, batch[name])
	}
	if err := w.ws.save(); err != nil {
		w.log.Error("cannot save the working set", "err", err)
	}
	if displaced {
		// A broken file took the place of a good earlier copy in this run;
		// report from the good copies again so no month goes missing.
		out, err := w.opt.Run(runCtx, w.runSet(nil))
		if err != nil {
			w.stats.Failed++
			w.log.Error("run without the rejected files failed", "err", err)
			return err
		}
		w.stats.Runs++
		w.log.Info(out.Summary, "files", len(w.ws.files), "new", 0)
	}
	return nil
}

func (w *watcher) archive(path string, now time.Time, s sig) {
	name := filepath.Base(path)
	move := w.opt.Mode == ModeMove
	dir := filepath.Join(w.opt.Archive, now.Format(time.DateOnly))
	if !move {
		w.processed[name] = s
	}
	if prev, ok := w.ws.files[name]; ok && sameFile(path, w.ws.abs(prev)) {
		// This exact file is archived already (copy mode, a file dropped
		// again, or a read-only inbox the watcher met before): no copy.
		if move {
			if err := removeFile(path); err != nil {
				w.processed[name] = s
				w.sourceKept(name, w.ws.abs(prev), err)
			}
		}
		return
	}
	dst, existing, err := place(path, dir, placeOpts{move: move, dedupe: true})
	if errors.Is(err, errSourceKept) {
		w.processed[name] = s
		w.sourceKept(name, dst, err)
	} else if err != nil {
		w.log.Error("cannot archive input; it stays in the inbox and in the working set", "file", name, "err", err)
		w.processed[name] = s
		w.ws.set(name, path)
		return
	}
	w.ws.set(name, dst)
	if !existing {
		w.stats.Archived++
		w.log.Info("archived", "file", name, "to", dst)
	}
}

// sourceKept says that an input could not be moved out of the inbox (a
// read-only share) although its copy is in place. The copy is what later
// runs read; the watcher recognises the inbox file by its bytes and makes
// no further copy of it, on this start or the next.
func (w *watcher) sourceKept(name, copy string, err error) {
	w.log.Warn("the inbox is read-only: the input was copied, not moved, and stays in the inbox; remove it there or make the inbox writable",
		"file", name, "copy", copy, "err", err)
}

func (w *watcher) reject(path, reason string, now time.Time, s sig) {
	name := filepath.Base(path)
	move := w.opt.Mode == ModeMove
	w.stats.Rejected++
	if !move {
		w.processed[name] = s
	}
	dst, existing, err := place(path, w.opt.Rejected, placeOpts{move: move, sidecar: true, dedupe: true})
	if errors.Is(err, errSourceKept) {
		w.processed[name] = s
		w.sourceKept(name, dst, err)
	} else if err != nil {
		w.log.Error("cannot move unreadable input to rejected; it stays in the inbox", "file", name, "reason", reason, "err", err)
		w.processed[name] = s
		return
	}
	if existing {
		if _, err := os.Stat(dst + ErrorSuffix); err == nil {
			return // rejected already, with its explanation
		}
	}
	w.log.Warn("rejected", "file", name, "to", dst, "reason", reason)
	if err := writeNew(dst+ErrorSuffix, errorText(w.opt.Lang, name, path, reason, now)); err != nil {
		w.log.Error("cannot write the rejection reason", "file", dst+ErrorSuffix, "err", err)
	}
}

// errorText is the content of NAME.error.txt: what, why and what to do, in
// the configured language, with CRLF line ends so Notepad shows it right.
func errorText(lang *i18n.Lang, name, from, reason string, now time.Time) []byte {
	if abs, err := filepath.Abs(from); err == nil {
		from = abs
	}
	lines := []string{
		lang.T("watch.rejected.title", "file", name),
		"",
		lang.T("watch.rejected.reason", "reason", reason),
		"",
		lang.T("watch.rejected.hint", "file", name),
		"",
		lang.T("watch.rejected.from", "path", from, "time", now.Format("2006-01-02 15:04:05 -0700")),
	}
	return []byte(strings.Join(lines, "\r\n") + "\r\n")
}

func sameFile(a, b string) bool {
	sa, ha, err := publish.HashFile(a)
	if err != nil {
		return false
	}
	sb, hb, err := publish.HashFile(b)
	return err == nil && sa == sb && ha == hb
}
