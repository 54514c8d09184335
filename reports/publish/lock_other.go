//go:build !unix && !windows

package publish

import (
	"errors"
	"os"
)

var errWouldBlock = errors.New("lock held")

// lockFile emulates the lock where neither flock nor Windows share modes
// exist: a second file created exclusively beside the lock file. Unlike
// the others it outlives a killed holder; delete PATH.held by hand.
func lockFile(f *os.File) error {
	g, err := os.OpenFile(f.Name()+".held", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, os.ErrExist) {
		return errWouldBlock
	}
	if err != nil {
		return err
	}
	return g.Close()
}

func unlockFile(f *os.File) { os.Remove(f.Name() + ".held") }
