package main

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/publish"
)

// errHelp is returned when -h was given; it exits 0.
var errHelp = flag.ErrHelp

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("budgetlens "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return usageError{errHelp}
		}
		return usageError{nil} // the flag package printed the problem
	}
	return nil
}

func loadConfig(path string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, usageError{err}
	}
	return cfg, nil
}

// clock returns the run's time: SOURCE_DATE_EPOCH when set (for
// reproducible bytes, the reproducible-builds convention), else now.
func clock() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now()
}

// buildID returns the sha256 of the running executable ("" if it cannot
// be read), so a rebuilt binary does not mistake its old reports for
// up to date.
func buildID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	_, sum, err := publish.HashFile(exe)
	if err != nil {
		return ""
	}
	return sum
}

// newLogger logs plain key=value lines to w; quiet drops info lines.
func newLogger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// isTerminal reports whether w is a character device (a TTY).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
