//go:build windows

package publish

import (
	"errors"
	"os"
	"sync"
	"syscall"
)

var errWouldBlock = errors.New("lock held")

// held maps a lock file to the handle that holds its lock.
var held sync.Map

const (
	errorSharingViolation = syscall.Errno(32)
	fileFlagDeleteOnClose = 0x04000000
)

// lockFile opens PATH.held with no sharing allowed: while the handle is
// open nobody else can open it, and Windows closes the handle — dropping
// the lock and, with delete-on-close, the file — when the holder exits
// or is killed, as flock does on Unix.
func lockFile(f *os.File) error {
	name, err := syscall.UTF16PtrFromString(f.Name() + ".held")
	if err != nil {
		return err
	}
	h, err := syscall.CreateFile(name, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL|fileFlagDeleteOnClose, 0)
	if errors.Is(err, errorSharingViolation) {
		return errWouldBlock
	}
	if err != nil {
		return err
	}
	held.Store(f, h)
	return nil
}

func unlockFile(f *os.File) {
	if h, ok := held.LoadAndDelete(f); ok {
		syscall.CloseHandle(h.(syscall.Handle))
	}
}
