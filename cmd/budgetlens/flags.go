package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
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

// parseFlags parses args and returns the positional arguments. Flags may
// come before and after them ("check FILE -config X", "init DIR -company
// Y"); everything after "--" is positional, so a file named "-x" can be
// given as "-- -x".
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usageError{errHelp}
			}
			return nil, usageError{nil} // the flag package printed the problem
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// loadConfig loads the config file at path; a missing file is named
// apart from a broken one, so the hint can say how to make one.
func loadConfig(path string) (*config.Config, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, usageError{fmt.Errorf("%w %s", errNoConfig, path)}
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, usageError{err}
	}
	return cfg, nil
}

// flagGiven reports whether the flag name was set on the command line.
func flagGiven(set *flag.FlagSet, name string) bool {
	given := false
	set.Visit(func(f *flag.Flag) {
		if f.Name == name {
			given = true
		}
	})
	return given
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

// newLog returns the run's logger: "text" is key=value lines (warnings,
// and info with -v), "json" one JSON object per line for log collectors
// (info and above: a collector filters by level itself).
func newLog(w io.Writer, format string, verbose bool) (*slog.Logger, error) {
	switch format {
	case "", "text":
		return newLogger(w, verbose), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo})), nil
	}
	return nil, usageError{withHint(fmt.Errorf("-log %q is not text or json", format), "use -log text or -log json")}
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
