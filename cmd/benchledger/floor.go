package main

import (
	"archive/zip"
	"io"
)

// inflateTo copies one archive entry, inflated, to w.
func inflateTo(path, name string, w io.Writer) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
