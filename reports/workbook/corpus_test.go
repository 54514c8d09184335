package workbook

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// corpusDir holds real Apache POI test workbooks, many of them broken or
// hostile on purpose. It lives beside the repository, not in it.
const corpusDir = "../../../shared/corpus/xlsx-poi"

// TestCorpus reads every corpus file: none may panic, each is read or
// refused with one line that names the file, and the whole run stays fast.
func TestCorpus(t *testing.T) {
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	type timing struct {
		name string
		d    time.Duration
	}
	var (
		mu            sync.Mutex
		times         []timing
		read, refused int
	)
	t.Cleanup(func() {
		sort.Slice(times, func(i, j int) bool { return times[i].d > times[j].d })
		t.Logf("corpus: %d files read, %d refused", read, refused)
		for _, tm := range times[:min(5, len(times))] {
			t.Logf("slow: %s %v", tm.name, tm.d)
		}
	})
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			checkCorpusFile(t, filepath.Join(corpusDir, e.Name()), func(d time.Duration, ok bool) {
				mu.Lock()
				defer mu.Unlock()
				times = append(times, timing{e.Name(), d})
				if ok {
					read++
				} else {
					refused++
				}
			})
		})
	}
}

// checkCorpusFile reads one corpus file and reports its time and whether
// it was read (true) or refused.
func checkCorpusFile(t *testing.T, path string, done func(time.Duration, bool)) {
	name := filepath.Base(path)
	start := time.Now()
	fr := ReadFile(context.Background(), path, Options{}, reports.NewBook())
	done(time.Since(start), fr.Err == nil)
	if fr.Name != name {
		t.Errorf("got Name %q, want %q", fr.Name, name)
	}
	if fr.Err != nil {
		msg := fr.Err.Error()
		var ce *reports.CellError
		if !errors.As(fr.Err, &ce) {
			t.Errorf("error is %T, want *reports.CellError", fr.Err)
		}
		if !strings.HasPrefix(msg, name+": ") || strings.Contains(msg, "\n") {
			t.Errorf("got error %q, want one line starting with the file name", msg)
		}
		if strings.Contains(msg, "internal error") {
			t.Error(msg)
		}
		return
	}
	if fr.SHA256 == "" || fr.Size == 0 {
		t.Errorf("got SHA256 %q Size %d, want both set", fr.SHA256, fr.Size)
	}
	for _, p := range fr.Problems {
		if s := p.Error(); strings.Contains(s, "\n") || !strings.HasPrefix(s, name+": ") {
			t.Errorf("problem %q is not one line naming the file", s)
		}
	}
}
