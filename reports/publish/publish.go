// Package publish writes a run's outputs safely: every file goes to a temp
// file in the same directory, is synced and renamed over the old one, so a
// killed run leaves each report either complete-old or complete-new. It also
// holds the run lock and the manifest (the run ledger).
package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// WriteFile atomically replaces path with the bytes fill writes: temp file
// in the same directory, fsync, rename, fsync of the directory. It returns
// the sha256 of what was written. When the existing file already holds the
// same bytes and force is false, it is left untouched (its mtime too) and
// changed is false.
func WriteFile(path string, force bool, fill func(io.Writer) error) (sum string, changed bool, err error) {
	st, err := Stage(path, force, fill)
	if err != nil {
		return "", false, err
	}
	if err := st.Commit(); err != nil {
		return "", false, err
	}
	return st.Sum, st.Changed, nil
}

// Staged is a file rendered and written to a synced temp file beside its
// destination, not yet in place. Staging every file of a set before
// committing any lets a run that cannot write one of them (disk full)
// leave the whole previous set as it was.
type Staged struct {
	Path    string
	Sum     string // sha256 of the new content
	Changed bool   // false: the destination already holds these bytes
	tmp     string
}

// Stage renders fill into a temp file beside path (or, when path already
// holds the same bytes and force is false, into nothing).
func Stage(path string, force bool, fill func(io.Writer) error) (*Staged, error) {
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return nil, fmt.Errorf("render %s: %w", filepath.Base(path), err)
	}
	h := sha256.Sum256(buf.Bytes())
	st := &Staged{Path: path, Sum: hex.EncodeToString(h[:])}
	if !force {
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, buf.Bytes()) {
			return st, nil
		}
	}
	tmp, err := writeTemp(path, buf.Bytes())
	if err != nil {
		return nil, err
	}
	st.tmp, st.Changed = tmp, true
	return st, nil
}

// Commit renames the staged file into place.
func (s *Staged) Commit() error {
	if s.tmp == "" {
		return nil
	}
	if err := os.Rename(s.tmp, s.Path); err != nil {
		os.Remove(s.tmp)
		s.tmp = ""
		return fmt.Errorf("rename %s: %w", s.Path, err)
	}
	s.tmp = ""
	syncDir(filepath.Dir(s.Path))
	return nil
}

// Abort removes the staged temp file; the destination is untouched.
func (s *Staged) Abort() {
	if s != nil && s.tmp != "" {
		os.Remove(s.tmp)
		s.tmp = ""
	}
}

// WriteBytes atomically replaces path with data.
func WriteBytes(path string, data []byte) error {
	tmp, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("rename %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// writeTemp writes data to a new synced temp file beside path (mode 0644)
// and returns its name.
func writeTemp(path string, data []byte) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("sync %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("close %s: %w", path, err)
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return "", fmt.Errorf("chmod %s: %w", path, err)
	}
	ok = true
	return name, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: not every file system supports it
		d.Close()
	}
}

// CleanTemp removes temp files a killed run left in dir.
func CleanTemp(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".tmp-") {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// HashFile returns the size and sha256 of the file at path.
func HashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}
