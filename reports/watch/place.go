package watch

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/budgetlens/budgetlens/reports/publish"
)

// ErrorSuffix is appended to a rejected file's name to name the file that
// explains why it was rejected: "actuals-2026-10.xlsx.error.txt".
const ErrorSuffix = ".error.txt"

// errTaken means a destination name is already used; place tries the next.
var errTaken = errors.New("destination exists")

// maxSuffix bounds the search for a free name; beyond it something is wrong.
const maxSuffix = 10000

// suffixed returns name with " (n)" before its extension for n > 1.
func suffixed(name string, n int) string {
	if n <= 1 {
		return name
	}
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + " (" + strconv.Itoa(n) + ")" + ext
}

// errSourceKept means the file was placed but its source could not be
// removed (a read-only inbox): the destination holds a verified copy.
var errSourceKept = errors.New("the original could not be removed from the inbox")

// removeFile removes a placed file's source; tests make it fail as a
// read-only folder does (root ignores permission bits).
var removeFile = os.Remove

// placeOpts say how place puts a file into a directory.
type placeOpts struct {
	move    bool // remove the source once it is safely in place
	sidecar bool // also keep NAME+ErrorSuffix free
	dedupe  bool // an identical file already there (any suffix) counts as placed
}

// place puts src into dir under its own name or the first free suffixed
// name and returns the destination. It never replaces an existing file.
// With dedupe, existing reports whether an identical file was found there
// instead (nothing was copied; a move removes the source). A symbolic link
// is placed as a copy of what it points to (the link itself is removed
// when moving), so the archive never holds a link that can break. When
// moving, a source that cannot be removed leaves a verified copy at dst
// and err wraps errSourceKept.
func place(src, dir string, o placeOpts) (dst string, existing bool, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", false, fmt.Errorf("create %s: %w", dir, err)
	}
	var srcSum string
	if o.dedupe {
		if _, srcSum, err = publish.HashFile(src); err != nil {
			return "", false, err
		}
	}
	name := filepath.Base(src)
	for n := 1; n <= maxSuffix; n++ {
		dst = filepath.Join(dir, suffixed(name, n))
		if exists(dst) {
			if o.dedupe {
				if _, sum, err := publish.HashFile(dst); err == nil && sum == srcSum {
					if o.move {
						if err := removeFile(src); err != nil {
							return dst, true, fmt.Errorf("%w: %v", errSourceKept, err)
						}
					}
					return dst, true, nil
				}
			}
			continue
		}
		if o.sidecar && exists(dst+ErrorSuffix) {
			continue
		}
		switch {
		case o.move && isLink(src):
			err = copyThenRemove(src, dst)
		case o.move:
			err = moveNoReplace(src, dst)
		default:
			err = copyVerified(src, dst)
		}
		if errors.Is(err, errTaken) {
			continue // someone took the name between our check and the move
		}
		if errors.Is(err, errSourceKept) {
			return dst, false, err
		}
		if err != nil {
			return "", false, err
		}
		return dst, false, nil
	}
	return "", false, fmt.Errorf("place %s in %s: no free name", name, dir)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}

// moveNoReplace moves src to dst unless dst exists. A hard link followed by
// removing src cannot replace dst; where links are not supported it falls
// back to rename, and across file systems to a verified copy.
func moveNoReplace(src, dst string) error {
	err := os.Link(src, dst)
	switch {
	case err == nil:
		if err := removeFile(src); err != nil {
			// Read-only inbox: undo our extra link (it would share the
			// inbox file's bytes) and leave an independent copy.
			os.Remove(dst)
			if cerr := copyVerified(src, dst); cerr != nil {
				return fmt.Errorf("move %s: %w", src, err)
			}
			return fmt.Errorf("%w: %v", errSourceKept, err)
		}
		syncDir(filepath.Dir(dst))
		return nil
	case errors.Is(err, fs.ErrExist):
		return errTaken
	case errors.Is(err, syscall.EXDEV):
		return copyThenRemove(src, dst)
	}
	// No hard links here (some network shares): rename, after checking
	// the name is free — the only window where a racing writer could lose.
	if exists(dst) {
		return errTaken
	}
	if err := os.Rename(src, dst); err != nil {
		if errors.Is(err, syscall.EXDEV) {
			return copyThenRemove(src, dst)
		}
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
			if cerr := copyVerified(src, dst); cerr == nil {
				return fmt.Errorf("%w: %v", errSourceKept, err)
			}
		}
		return fmt.Errorf("move %s: %w", src, err)
	}
	syncDir(filepath.Dir(dst))
	return nil
}

func copyThenRemove(src, dst string) error {
	if err := copyVerified(src, dst); err != nil {
		return err
	}
	if err := removeFile(src); err != nil {
		// Both copies exist; that is safe, just untidy.
		return fmt.Errorf("%w: %v", errSourceKept, err)
	}
	return nil
}

// isLink reports whether path is a symbolic link.
func isLink(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

// copyVerified copies src to the new file dst, syncs it and checks that
// the copy's sha256 equals what was read from src, and that src did not
// change meanwhile. On any failure the partial copy (ours) is removed.
func copyVerified(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	before, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return errTaken
	}
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(dst)
		}
	}()
	h := sha256.New()
	if _, err = io.Copy(out, io.TeeReader(in, h)); err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err = out.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dst, err)
	}
	if err = out.Close(); err != nil {
		return fmt.Errorf("close %s: %w", dst, err)
	}
	_, got, err := publish.HashFile(dst)
	if err != nil {
		return fmt.Errorf("verify %s: %w", dst, err)
	}
	if want := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("verify %s: copy has sha256 %s, original %s", dst, got, want)
	}
	after, err := os.Stat(src)
	if err != nil {
		return err
	}
	if after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		return fmt.Errorf("copy %s: the file changed while it was copied", src)
	}
	os.Chtimes(dst, before.ModTime(), before.ModTime()) // keep the user's mtime; cosmetic
	syncDir(filepath.Dir(dst))
	return nil
}

// writeNew creates path (which must not exist) with data and syncs it.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: not every file system supports it
		d.Close()
	}
}
