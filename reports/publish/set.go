package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync"
)

// File is one file of a set: its name in the set's folder, what to write,
// and, for a report, its content key (Output.Content).
type File struct {
	Name    string
	Fill    func(io.Writer) error
	Content string
}

// SetOptions tune WriteSet.
type SetOptions struct {
	// Force rewrites files whose bytes are unchanged (see Stage).
	Force bool
	// Stage stages one file; Stage (this package's) when nil. Tests
	// replace it to make one file fail.
	Stage func(path string, force bool, fill func(io.Writer) error) (*Staged, error)
	// Done, when set, is called after each file is staged (done of total,
	// the file just staged) and once more when all are in place.
	Done func(done, total int, name string)
}

// WriteSet writes files into dir as one set. Every file is rendered and
// staged (a synced temp file beside it) before any is put in place, at
// most one per core at a time so that memory stays bounded however many
// files there are; a set that cannot write one of them — disk full, a
// render error — leaves the previous set whole instead of a new PDF beside
// an old HTML. Then they are renamed into place in the order given, so a
// file that links the others (the index) goes last. It returns what was
// written, in the order given.
func WriteSet(ctx context.Context, dir string, files []File, opt SetOptions) ([]Output, error) {
	stage := opt.Stage
	if stage == nil {
		stage = Stage
	}
	staged := make([]*Staged, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var mu sync.Mutex
	done := 0
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				errs[i] = ctx.Err()
				return
			}
			staged[i], errs[i] = stage(filepath.Join(dir, f.Name), opt.Force, f.Fill)
			mu.Lock()
			done++
			if opt.Done != nil && done < len(files) {
				opt.Done(done, len(files), f.Name)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	abort := func() {
		for _, st := range staged {
			st.Abort()
		}
	}
	if err := ctx.Err(); err != nil {
		abort()
		return nil, err // one "stopped", not one per unwritten file
	}
	if err := errors.Join(errs...); err != nil {
		abort()
		return nil, fmt.Errorf("%w; no report was replaced, the previous ones are intact", err)
	}
	outputs := make([]Output, len(files))
	for i, st := range staged {
		if err := st.Commit(); err != nil {
			abort()
			return nil, err
		}
		outputs[i] = Output{Path: files[i].Name, SHA256: st.Sum, Changed: st.Changed, Content: files[i].Content}
	}
	if opt.Done != nil && len(files) > 0 {
		opt.Done(len(files), len(files), files[len(files)-1].Name)
	}
	return outputs, nil
}
