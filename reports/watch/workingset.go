package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/budgetlens/budgetlens/reports/publish"
)

// WorkingSetFile is the name, inside the archive, of the file that records
// the working set.
const WorkingSetFile = "working-set.json"

const workingSetSchema = "budgetlens.working-set/v1"

// workingSet maps an input's file name to its newest accepted copy: a path
// relative to the archive, or an absolute path for a file that could not
// be archived and still sits in the inbox.
type workingSet struct {
	archive string
	files   map[string]string
}

type workingSetJSON struct {
	Schema string            `json:"schema"`
	Files  map[string]string `json:"files"`
}

// loadWorkingSet reads <archive>/working-set.json, or rebuilds the set from
// the dated archive folders when the file is missing or unreadable.
func loadWorkingSet(archive string, candidate func(string) bool) (ws *workingSet, rebuilt bool, err error) {
	ws = &workingSet{archive: archive, files: map[string]string{}}
	data, err := os.ReadFile(filepath.Join(archive, WorkingSetFile))
	if err == nil {
		var j workingSetJSON
		if err = json.Unmarshal(data, &j); err == nil {
			for name, p := range j.Files {
				ws.files[name] = p
			}
			return ws, false, nil
		}
		err = fmt.Errorf("read %s: %w", WorkingSetFile, err)
	} else if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	if rerr := ws.rebuild(candidate); rerr != nil && err == nil {
		err = rerr
	}
	return ws, true, err
}

// rebuild scans <archive>/<YYYY-MM-DD>/ folders oldest first; a file name
// in a later folder replaces the same name in an earlier one. Within one
// folder every file is its own entry: "x (2).xlsx" may be a second copy of
// x.xlsx archived the same day, or a different file the user named so (a
// browser's second download), and merging them could drop a month. The
// reading pipeline counts identical copies once and treats a re-saved
// copy whose rows repeat an earlier file's as a correction of it.
func (ws *workingSet) rebuild(candidate func(string) bool) error {
	ents, err := os.ReadDir(ws.archive)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("scan archive: %w", err)
	}
	var days []string
	for _, e := range ents {
		if _, err := time.Parse(time.DateOnly, e.Name()); err == nil && e.IsDir() {
			days = append(days, e.Name())
		}
	}
	sort.Strings(days)
	for _, day := range days {
		files, err := os.ReadDir(filepath.Join(ws.archive, day))
		if err != nil {
			return fmt.Errorf("scan archive: %w", err)
		}
		for _, f := range files {
			if !candidate(f.Name()) || !isFile(filepath.Join(ws.archive, day, f.Name())) {
				continue
			}
			ws.files[f.Name()] = filepath.Join(day, f.Name())
		}
	}
	return nil
}

// isFile reports whether path is a regular file, following links.
func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// Files returns the working set kept in archive — for each input file
// name, the path of its newest accepted copy — as "budgetlens run" reads
// it beside the inbox. It reads <archive>/working-set.json, or rebuilds
// the set from the dated folders when that file is missing (err then says
// why it was unreadable, if it was), and never writes anything. Entries
// whose file is gone are left out. A missing archive is an empty set.
func Files(archive string, candidate func(string) bool) (files map[string]string, err error) {
	ws, _, err := loadWorkingSet(archive, candidate)
	files = make(map[string]string, len(ws.files))
	for name, p := range ws.files {
		if path := ws.abs(p); isFile(path) {
			files[name] = path
		}
	}
	return files, err
}

// abs returns the file system path of an entry.
func (ws *workingSet) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(ws.archive, p)
}

// set records path (absolute) as the newest copy of name.
func (ws *workingSet) set(name, path string) {
	if rel, err := filepath.Rel(ws.archive, path); err == nil && filepath.IsLocal(rel) {
		path = rel
	} else if a, err := filepath.Abs(path); err == nil {
		path = a
	}
	ws.files[name] = path
}

// save writes the working set atomically.
func (ws *workingSet) save() error {
	data, err := json.MarshalIndent(workingSetJSON{Schema: workingSetSchema, Files: ws.files}, "", "  ")
	if err != nil {
		return err
	}
	return publish.WriteBytes(filepath.Join(ws.archive, WorkingSetFile), append(data, '\n'))
}
