package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrLocked is returned by Acquire when another live process holds the lock.
var ErrLocked = errors.New("another budgetlens run is in progress")

// Lock is a held run lock: an open lock file with an OS lock on it.
//
// The lock is the operating system's (flock on Unix), not the file's
// existence: when the holder dies — killed, out of memory, its pod
// evicted — the kernel drops the lock with the process, so a lock file left
// behind never blocks the next run, whatever pid it names (a pod's main
// process is often pid 1 in every container). The file holds the holder's
// pid only so that "another run is in progress" can say which.
type Lock struct {
	path string
	f    *os.File
}

// Acquire takes the lock file at path without waiting and writes our pid
// into it. ErrLocked (naming the holder's pid) means another process holds
// it. stale reports that the file was left by a holder that died without
// releasing it, so the caller can warn.
func Acquire(path string) (l *Lock, stale bool, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, false, err
	}
	for attempt := 0; attempt < 10; attempt++ {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			return nil, false, fmt.Errorf("lock %s: %w", path, err)
		}
		if err := lockFile(f); err != nil {
			f.Close()
			if errors.Is(err, errWouldBlock) {
				return nil, false, lockedError(path)
			}
			return nil, false, fmt.Errorf("lock %s: %w", path, err)
		}
		// Release removes the file while holding the lock; if that
		// happened between our open and our lock, we locked a file that
		// is no longer at path, and a third process may hold the new one.
		if !samePath(f, path) {
			unlockFile(f)
			f.Close()
			continue
		}
		data := make([]byte, 64)
		n, _ := f.ReadAt(data, 0)
		stale = strings.TrimSpace(string(data[:n])) != ""
		if err := f.Truncate(0); err != nil {
			unlockFile(f)
			f.Close()
			return nil, false, fmt.Errorf("lock %s: %w", path, err)
		}
		if _, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0); err != nil {
			unlockFile(f)
			f.Close()
			return nil, false, fmt.Errorf("lock %s: %w", path, err)
		}
		return &Lock{path: path, f: f}, stale, nil
	}
	return nil, false, fmt.Errorf("%w (%s keeps being replaced)", ErrLocked, path)
}

// lockedError names the pid the lock file holds, when it holds one.
func lockedError(path string) error {
	data, _ := os.ReadFile(path)
	if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && pid > 0 {
		return fmt.Errorf("%w (pid %d holds %s)", ErrLocked, pid, path)
	}
	return fmt.Errorf("%w (%s is held)", ErrLocked, path)
}

// samePath reports whether f is still the file at path.
func samePath(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// Release removes the lock file and drops the lock. A nil Lock is a no-op.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := os.Remove(l.path) // while still locked: see Acquire
	unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
