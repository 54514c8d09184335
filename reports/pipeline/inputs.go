package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/output"
	"github.com/budgetlens/budgetlens/reports/publish"
	"github.com/budgetlens/budgetlens/reports/watch"
	"github.com/budgetlens/budgetlens/reports/workbook"
)

// Hooks the tests replace to count what a run reads.
var (
	hashFile     = publish.HashFile
	stageFile    = publish.Stage
	readWorkbook = workbook.ReadFile
)

// ErrFolders marks [paths] that overlap (exit code 2).
var ErrFolders = errors.New("folders overlap")

// CheckFolders refuses folder settings that would make the tool read its
// own files as inputs or move files in circles: the outputs, archive and
// rejected folders may be neither the inbox nor inside it (the inbox is
// the users' drop folder; every run would read its own variance.xlsx as
// another budget, or watch would rename a rejected file forever), and no
// two of them may be the same folder. The inbox may sit inside the
// outputs folder (outputs = "." with inbox = "inbox" is common): runs only
// read the inbox's own files and write only the outputs' own files.
// Paths are compared after resolving symbolic links, so a link cannot
// hide an overlap.
func CheckFolders(inbox, outputs, archive, rejected string) error {
	type folder struct{ key, path, real string }
	list := []folder{{"inbox", inbox, ""}, {"outputs", outputs, ""}, {"archive", archive, ""}, {"rejected", rejected, ""}}
	for i := range list {
		list[i].real = realPath(list[i].path)
	}
	in := list[0]
	for _, f := range list[1:] {
		if f.path == "" || in.path == "" {
			continue
		}
		if f.real == in.real && f.key == "archive" {
			return fmt.Errorf("%w: the inbox is the archive folder (%s); watch files inputs into dated folders there — run without -inbox reads them (the working set) together with the inbox", ErrFolders, f.path)
		}
		if f.real == in.real {
			return fmt.Errorf("%w: [paths] %s and inbox are the same folder (%s); budgetlens would read its own files as inputs — give %s a folder of its own", ErrFolders, f.key, f.path, f.key)
		}
		if within(f.real, in.real) {
			return fmt.Errorf("%w: [paths] %s (%s) is inside the inbox (%s); keep the tool's folders outside the folder users drop workbooks into", ErrFolders, f.key, f.path, in.path)
		}
	}
	for i := 1; i < len(list); i++ {
		for j := i + 1; j < len(list); j++ {
			a, b := list[i], list[j]
			if a.path != "" && b.path != "" && a.real == b.real {
				return fmt.Errorf("%w: [paths] %s and %s are the same folder (%s); give each a folder of its own", ErrFolders, a.key, b.key, a.path)
			}
		}
	}
	return nil
}

// realPath is path made absolute with every symbolic link of its longest
// existing prefix resolved.
func realPath(path string) string {
	if path == "" {
		return ""
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(p) == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

// within reports whether path is strictly inside dir.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}

// inputState is what a run knows about an input before reading a row.
type inputState struct {
	path  string
	name  string
	size  int64
	mtime time.Time
	sum   string
	err   error // not a file a run reads; the message for the data notes
}

// StatInput returns the file information of an input, following symbolic
// links, or an error in lang's words when it is not a regular file: a
// folder, a named pipe, a socket or a device (opening one could block
// forever), or a link to nothing. run, watch and check apply the same rule.
func StatInput(path string, lang *i18n.Lang) (os.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		if l, lerr := os.Lstat(path); lerr == nil && l.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			return nil, errors.New(lang.T("pipeline.broken_link", "target", target))
		}
		return nil, err
	}
	if info.Mode().IsRegular() {
		return info, nil
	}
	kind := "other"
	switch m := info.Mode(); {
	case m.IsDir():
		kind = "dir"
	case m&fs.ModeNamedPipe != 0:
		kind = "pipe"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		kind = "device"
	}
	return nil, errors.New(lang.T("pipeline.not_regular", "kind", lang.T("pipeline.kind."+kind)))
}

// statInputs stats and hashes every input without reading a row. A
// file whose path, size and mtime equal an input recorded in the manifest
// takes its sha256 from there (unless force), so an unchanged rerun reads
// no input at all. Matching path, size and mtime with different bytes
// needs a tool that writes a file and then resets its mtime; -force
// hashes everything.
func statInputs(files []string, man *publish.Manifest, force bool, lang *i18n.Lang) []inputState {
	cache := map[string]string{}
	if !force {
		for i := len(man.Runs) - 1; i >= 0; i-- {
			for _, in := range man.Runs[i].Inputs {
				if in.Source == "" || in.SHA256 == "" || in.ModTime.IsZero() {
					continue
				}
				k := cacheKey(in.Source, in.Size, in.ModTime)
				if _, ok := cache[k]; !ok {
					cache[k] = in.SHA256
				}
			}
		}
	}
	out := make([]inputState, len(files))
	for i, path := range files {
		st := inputState{path: path, name: filepath.Base(path)}
		info, err := StatInput(path, lang)
		if err != nil {
			st.err = err
			out[i] = st
			continue
		}
		st.size, st.mtime = info.Size(), info.ModTime().UTC()
		if sum, ok := cache[cacheKey(absPath(path), st.size, st.mtime)]; ok {
			st.sum = sum
		} else if size, sum, err := hashFile(path); err != nil {
			st.err = err
		} else {
			st.size, st.sum = size, sum
		}
		out[i] = st
	}
	return out
}

func cacheKey(path string, size int64, mtime time.Time) string {
	return fmt.Sprintf("%s\x00%d\x00%d", path, size, mtime.UnixNano())
}

func absPath(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

// asOf is the part of the run's clock that the reports depend on: the
// analysis decides which months have ended (and so whether a quarter or
// year is complete) by the calendar month of the clock
// (analysis.monthEnded). Two runs in the same month with the same inputs
// give the same reports; in the next month to-date periods whose end has
// passed are re-rendered as complete.
func asOf(now time.Time) string { return reports.MonthOf(now).String() }

// fingerprintOf identifies what a run's reports are made of: the program,
// the config, the period asked for, the as-of month and every input's
// name and bytes (or why it cannot be read).
func fingerprintOf(program, configHash, period, asOfMonth string, inputs []inputState) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\nas-of %s\n", program, configHash, period, asOfMonth)
	for _, in := range inputs {
		if in.err != nil {
			fmt.Fprintf(h, "%s error %s\n", in.name, in.err)
			continue
		}
		fmt.Fprintf(h, "%s %s\n", in.name, in.sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// withWorkingSet adds the inputs watch archived (package watch's working
// set) to the inbox's files: a file in the inbox replaces an archived one
// of the same name, as it does in watch. The result is sorted by name.
func withWorkingSet(inboxFiles []string, archive string) ([]string, error) {
	archived, err := watch.Files(archive, IsCandidate)
	byName := make(map[string]string, len(archived)+len(inboxFiles))
	for name, path := range archived {
		byName[name] = path
	}
	for _, path := range inboxFiles {
		byName[filepath.Base(path)] = path
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
	return files, err
}

// ownOutputs maps the sha256 of every file the manifest says budgetlens
// wrote to its name, so a report or export copied into the inbox is not
// read as an input.
func ownOutputs(man *publish.Manifest) map[string]string {
	own := map[string]string{}
	for _, r := range man.Runs {
		for _, o := range r.Outputs {
			if o.SHA256 != "" && (strings.HasSuffix(o.Path, ".xlsx") || strings.HasSuffix(o.Path, ".csv")) {
				own[o.SHA256] = o.Path
			}
		}
	}
	return own
}

// OwnOutput reports whether the file at path is one of budgetlens's own
// exports by the rule run uses: its sha256 is recorded as an output in the
// manifest.json of outputs (the config's outputs folder) or of the file's
// own folder. It returns the sentence run gives when it refuses the file
// (pipeline.own_output), or "" when the file is not the tool's output or
// cannot be hashed (reading it will then say why).
func OwnOutput(path, outputs string, lang *i18n.Lang) string {
	dirs := []string{filepath.Dir(path)}
	if outputs != "" && absPath(outputs) != absPath(dirs[0]) {
		dirs = append(dirs, outputs)
	}
	var sum string
	for _, dir := range dirs {
		man, err := publish.ReadManifest(filepath.Join(dir, "manifest.json"))
		if err != nil || man == nil {
			continue
		}
		own := ownOutputs(man)
		if len(own) == 0 {
			continue
		}
		if sum == "" {
			if _, sum, err = publish.HashFile(path); err != nil {
				return ""
			}
		}
		if name := own[sum]; name != "" {
			return lang.T("pipeline.own_output", "file", name)
		}
	}
	return ""
}

// problemFile is the report of an input that is refused before reading.
func problemFile(st inputState, err error) reports.FileReport {
	return reports.FileReport{Name: st.name, Path: st.path, Size: st.size, SHA256: st.sum,
		Err: &reports.CellError{File: st.name, Severity: reports.SevAlert, Err: err}}
}

// setSources records in a run's inputs where each was read from and its
// mtime (the keys of the sha256 cache) and the run's as-of month.
func setSources(r *publish.Run, states []inputState, now time.Time) {
	r.AsOf = asOf(now)
	byName := make(map[string]inputState, len(states))
	for _, st := range states {
		byName[st.name] = st
	}
	for i := range r.Inputs {
		st, ok := byName[r.Inputs[i].Path]
		if !ok || st.err != nil {
			continue
		}
		r.Inputs[i].Source = absPath(st.path)
		r.Inputs[i].ModTime = st.mtime
		if r.Inputs[i].SHA256 == "" {
			r.Inputs[i].SHA256 = st.sum
		}
	}
}

// unchangedFiles describes the inputs of a run that found nothing changed,
// from what it stat'ed and what the last run recorded (row counts, and the
// reason a file could not be read, which watch needs to reject it), and
// the last run's number of input problems.
func unchangedFiles(states []inputState, last *publish.Run) ([]reports.FileReport, int) {
	recorded := make(map[string]publish.Input, len(last.Inputs))
	for _, in := range last.Inputs {
		recorded[in.Path] = in
	}
	files := make([]reports.FileReport, len(states))
	for i, st := range states {
		fr := reports.FileReport{Name: st.name, Path: st.path, Size: st.size, SHA256: st.sum}
		in := recorded[st.name]
		fr.Duplicate = in.Duplicate
		switch {
		case st.err != nil:
			fr.Err = &reports.CellError{File: st.name, Severity: reports.SevAlert, Err: st.err}
		case in.Error != "":
			fr.Err = errors.New(in.Error)
		}
		if in.Used+in.Skipped+in.Rejected > 0 {
			fr.Sheets = []reports.SheetReport{{Used: in.Used, Skipped: in.Skipped, Rejected: in.Rejected}}
		}
		files[i] = fr
	}
	problems := last.Problems
	if problems == 0 && last.Outcome == "input_problems" {
		problems = 1 // recorded before the manifest counted them
	}
	return files, problems
}

// staleReport reports whether the files of period p's report in out, one
// per format of set, exist but were not written from the data dataFP
// identifies: no run in the manifest with that data wrote their current
// bytes.
func staleReport(out string, set *output.Set, p reports.Period, man *publish.Manifest, dataFP string) bool {
	for _, f := range set.Formats {
		name := output.FileName(p, f)
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			continue // not there: the index does not link it
		}
		_, sum, err := publish.HashFile(filepath.Join(out, name))
		if err != nil || !madeFrom(man, dataFP, name, sum) {
			return true
		}
	}
	return false
}

func madeFrom(man *publish.Manifest, dataFP, name, sum string) bool {
	for i := len(man.Runs) - 1; i >= 0; i-- {
		r := man.Runs[i]
		if r.DataFingerprint != dataFP && !(r.Period == "" && r.Fingerprint == dataFP) {
			continue
		}
		for _, o := range r.Outputs {
			if o.Path == name && o.SHA256 == sum {
				return true
			}
		}
	}
	return false
}
