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

// rebuild scans <archive>/<YYYY-MM-DD>/ folders oldest first; within a
// folder "name (N).xlsx" counts as a newer copy of "name.xlsx".
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
		type copyOf struct {
			file string
			n    int
		}
		newest := map[string]copyOf{}
		for _, f := range files {
			if !f.Type().IsRegular() || !candidate(f.Name()) {
				continue
			}
			base, n := unsuffixed(f.Name())
			if c, ok := newest[base]; !ok || n > c.n {
				newest[base] = copyOf{f.Name(), n}
			}
		}
		for base, c := range newest {
			ws.files[base] = filepath.Join(day, c.file)
		}
	}
	return nil
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
