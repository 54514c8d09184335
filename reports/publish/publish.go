// Package publish writes a run's outputs safely: every file goes to a temp
// file in the same directory, is synced and renamed over the old one, so a
// killed run leaves each report either complete-old or complete-new. It also
// holds the run lock and the manifest (the run ledger).
package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// WriteFile atomically replaces path with the bytes fill writes: temp file
// in the same directory, fsync, rename, fsync of the directory. It returns
// the sha256 of what was written. When the existing file already holds the
// same bytes and force is false, it is left untouched (its mtime too) and
// changed is false.
func WriteFile(path string, force bool, fill func(io.Writer) error) (sum string, changed bool, err error) {
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return "", false, fmt.Errorf("render %s: %w", filepath.Base(path), err)
	}
	h := sha256.Sum256(buf.Bytes())
	sum = hex.EncodeToString(h[:])
	if !force {
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, buf.Bytes()) {
			return sum, false, nil
		}
	}
	if err := WriteBytes(path, buf.Bytes()); err != nil {
		return "", false, err
	}
	return sum, true, nil
}

// WriteBytes atomically replaces path with data.
func WriteBytes(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
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
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return fmt.Errorf("chmod %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("rename %s: %w", path, err)
	}
	ok = true
	syncDir(dir)
	return nil
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

// ErrLocked is returned by Lock when another live process holds the lock.
var ErrLocked = errors.New("another budgetlens run is in progress")

// Lock is a held run lock.
type Lock struct {
	path string
}

// Acquire takes the lock file at path, writing our pid into it. A lock
// left by a process that no longer exists is taken over; stale reports
// that case so the caller can warn.
func Acquire(path string) (l *Lock, stale bool, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, false, err
	}
	for attempt := 0; attempt < 3; attempt++ {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprintf(f, "%d\n", os.Getpid())
			f.Close()
			return &Lock{path: path}, stale, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, false, fmt.Errorf("lock %s: %w", path, err)
		}
		data, _ := os.ReadFile(path)
		pid, perr := strconv.Atoi(strings.TrimSpace(string(data)))
		if perr == nil && pid > 0 && alive(pid) {
			return nil, false, fmt.Errorf("%w (pid %d holds %s)", ErrLocked, pid, path)
		}
		if perr != nil {
			// A lock being written this instant has no pid yet; give its
			// owner a moment before calling it stale.
			if info, err := os.Stat(path); err == nil && time.Since(info.ModTime()) < 2*time.Second {
				return nil, false, fmt.Errorf("%w (%s is being created)", ErrLocked, path)
			}
		}
		stale = true
		if err := removeStale(path, data); err != nil {
			return nil, false, err
		}
	}
	return nil, false, fmt.Errorf("%w (could not take over %s)", ErrLocked, path)
}

// removeStale removes the lock file at path if it still holds data, the
// content found stale. Several processes can find the same stale lock at
// once; a guard file makes "check it is still stale, remove it" one step,
// so a slow taker cannot remove the lock a faster one has just taken.
// When another process holds the guard, removeStale does nothing and the
// caller looks at the lock again.
func removeStale(path string, data []byte) error {
	guard := path + ".takeover"
	g, err := os.OpenFile(guard, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, os.ErrExist) {
		// A guard older than a few seconds was left by a taker that died
		// in the microseconds it holds it.
		if info, err := os.Stat(guard); err == nil && time.Since(info.ModTime()) > 5*time.Second {
			os.Remove(guard)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("lock %s: %w", path, err)
	}
	g.Close()
	defer os.Remove(guard)
	if now, err := os.ReadFile(path); err == nil && bytes.Equal(now, data) {
		os.Remove(path)
	}
	return nil
}

// Release removes the lock file.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	return os.Remove(l.path)
}

func alive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
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
