// Command gensamples writes the sample input workbooks (see package
// reports/samples) into a directory:
//
//	go run ./cmd/gensamples -out sample-inputs
//
// The output is byte-for-byte identical on every run.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/budgetlens/budgetlens/reports/samples"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gensamples", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "sample-inputs", "directory to write the sample workbooks into")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "gensamples: %v\n", err)
		return 1
	}
	for _, f := range samples.Generate().Files() {
		var buf bytes.Buffer
		if err := f.Book.Write(&buf); err != nil {
			fmt.Fprintf(stderr, "gensamples: %s: %v\n", f.Name, err)
			return 1
		}
		path := filepath.Join(*out, f.Name)
		// Write beside the target and rename, so a reader never sees half a file.
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "gensamples: %v\n", err)
			return 1
		}
		if err := os.Rename(tmp, path); err != nil {
			os.Remove(tmp)
			fmt.Fprintf(stderr, "gensamples: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", path, buf.Len())
	}
	return 0
}
