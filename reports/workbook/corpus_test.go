package workbook

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
	var times []timing
	read, refused := 0, 0
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		path := filepath.Join(corpusDir, e.Name())
		start := time.Now()
		fr := ReadFile(context.Background(), path, Options{}, reports.NewBook())
		times = append(times, timing{e.Name(), time.Since(start)})
		if fr.Name != e.Name() {
			t.Errorf("%s: got Name %q", e.Name(), fr.Name)
		}
		if fr.Err != nil {
			refused++
			msg := fr.Err.Error()
			var ce *reports.CellError
			if !errors.As(fr.Err, &ce) {
				t.Errorf("%s: error is %T, want *reports.CellError", e.Name(), fr.Err)
			}
			if !strings.HasPrefix(msg, e.Name()+": ") || strings.Contains(msg, "\n") {
				t.Errorf("%s: got error %q, want one line starting with the file name", e.Name(), msg)
			}
			if strings.Contains(msg, "internal error") {
				t.Errorf("%s: %s", e.Name(), msg)
			}
			continue
		}
		read++
		if fr.SHA256 == "" || fr.Size == 0 {
			t.Errorf("%s: got SHA256 %q Size %d, want both set", e.Name(), fr.SHA256, fr.Size)
		}
		for _, p := range fr.Problems {
			if s := p.Error(); strings.Contains(s, "\n") || !strings.HasPrefix(s, e.Name()+": ") {
				t.Errorf("%s: problem %q is not one line naming the file", e.Name(), s)
			}
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i].d > times[j].d })
	t.Logf("corpus: %d files read, %d refused", read, refused)
	for _, tm := range times[:min(5, len(times))] {
		t.Logf("slow: %s %v", tm.name, tm.d)
	}
}
