package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/analysis"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/inputs"
	"github.com/budgetlens/budgetlens/reports/pipeline"
	"github.com/budgetlens/budgetlens/reports/workbook"
)

type checkOptions struct {
	config      string
	configGiven bool // -config was on the command line: a missing file is an error
	files       []string
}

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o checkOptions
	fs := newFlagSet("check", stderr)
	fs.StringVar(&o.config, "config", "config.toml", "config `file` (for header aliases, fiscal year and language); without one, the defaults")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	o.files = pos
	o.configGiven = flagGiven(fs, "config")
	if len(o.files) == 0 {
		return usageError{fmt.Errorf("check needs at least one FILE or FOLDER: usage: budgetlens check [-config FILE] FILE|FOLDER…")}
	}
	return runCheck(ctx, o, stdout, stderr)
}

// checkConfig loads the config for check. Without -config and without a
// config.toml in the working folder, check uses the defaults (English,
// fiscal year from January, the built-in header names) and says so: a
// new user can check a workbook before making a config.
func checkConfig(o checkOptions, stderr io.Writer) (*config.Config, error) {
	if !o.configGiven {
		if _, err := os.Stat(o.config); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "budgetlens: note: no %s here; checking with the default settings (built-in header names, fiscal year from January, English). Pass -config FILE to use yours.\n", o.config)
			def := config.Default()
			def.Company.Name = "check"
			cfg, err := def.Compile(o.config)
			if err != nil {
				return nil, err
			}
			return cfg, nil
		}
	}
	return loadConfig(o.config)
}

// checkFiles expands folders into the workbooks a run would read there.
func checkFiles(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		info, err := os.Stat(a)
		if errors.Is(err, fs.ErrNotExist) {
			// Not "stat …: no such file or directory", which named the path twice.
			return nil, usageError{withHint(fmt.Errorf("check %s: no such file or folder", a), "name an existing workbook or folder")}
		}
		if err != nil {
			return nil, usageError{withHint(fmt.Errorf("check %s: %w", a, err), "name an existing workbook or folder")}
		}
		if !info.IsDir() {
			files = append(files, a)
			continue
		}
		in, err := pipeline.ListInputs(a)
		if err != nil {
			return nil, usageError{fmt.Errorf("check %s: %w", a, err)}
		}
		if len(in) == 0 {
			return nil, usageError{withHint(fmt.Errorf("check %s: no workbooks (.xlsx, .xlsm) in this folder", a), "put the budget and actuals workbooks there, or name the files")}
		}
		files = append(files, in...)
	}
	return files, nil
}

// runCheck reads every file as a run would, prints every problem and a
// summary per file, and writes nothing.
func runCheck(ctx context.Context, o checkOptions, stdout, stderr io.Writer) error {
	cfg, err := checkConfig(o, stderr)
	if err != nil {
		return err
	}
	files, err := checkFiles(o.files)
	if err != nil {
		return err
	}
	lang, err := i18n.Load(cfg.Language, cfg.Currency)
	if err != nil {
		return err
	}
	ropt := workbook.ConfigOptions(cfg, lang)
	ropt.Now = time.Now()
	problems := 0
	var whole []inputs.File // files read whole, for the plan-version and correction decisions
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		var fr reports.FileReport
		if _, err := pipeline.StatInput(path, lang); err != nil {
			// A named pipe or a device would block the read forever.
			name := filepath.Base(path)
			fr = reports.FileReport{Name: name, Path: path, Err: &reports.CellError{File: name, Severity: reports.SevAlert, Err: err}}
		} else if note := pipeline.OwnOutput(path, cfg.Outputs, lang); note != "" {
			// run refuses budgetlens's own exports the same way; check
			// skips them with one line instead of reading them as a budget.
			fmt.Fprintf(stdout, "%s: %s\n", filepath.Base(path), note)
			continue
		} else {
			rec := inputs.NewRecorder()
			fr = workbook.ReadFile(ctx, path, ropt, rec)
			if fr.Err == nil {
				var mod time.Time
				if st, err := os.Stat(path); err == nil {
					mod = st.ModTime()
				}
				whole = append(whole, rec.File(fr.Name, mod, fr.Version))
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The summary names an unreadable file (printing it too said it
		// twice); info notes are printed but, as in run, are not problems.
		problems += fr.InputProblems()
		for _, p := range fr.Problems {
			fmt.Fprintln(stdout, p.Error())
		}
		fmt.Fprintln(stdout, strings.TrimRight(workbook.Summary(fr, lang), "\n"))
	}
	// How the files would combine in a run: decisions, not problems.
	combined := inputs.Combine(whole, pipeline.InputPolicy(cfg))
	for _, d := range pipeline.DecisionTexts(combined, lang) {
		fmt.Fprintln(stdout, d)
	}
	// Commentary rows can be matched only against actuals and a budget:
	// checked alone, a commentary file is checked for its form.
	if periods := analysis.Periods(combined.Book, cfg, ropt.Now); len(periods) > 0 && len(combined.Book.Plan) > 0 {
		for _, p := range analysis.Commentary(combined.Book, cfg, periods, lang) {
			fmt.Fprintln(stdout, p.Error())
			if p.Severity != reports.SevInfo {
				problems++
			}
		}
	}
	if problems > 0 {
		return errProblems
	}
	return nil
}
