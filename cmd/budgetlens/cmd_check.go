package main

import (
	"context"
	"fmt"
	"io"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/workbook"
)

type checkOptions struct {
	config string
	files  []string
}

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o checkOptions
	fs := newFlagSet("check", stderr)
	fs.StringVar(&o.config, "config", "config.toml", "config `file` (for header aliases, fiscal year and language)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	o.files = fs.Args()
	if len(o.files) == 0 {
		return usageError{fmt.Errorf("check needs at least one FILE")}
	}
	return runCheck(ctx, o, stdout)
}

// runCheck reads every file as a run would, prints every problem and a
// summary per file, and writes nothing.
func runCheck(ctx context.Context, o checkOptions, stdout io.Writer) error {
	cfg, err := loadConfig(o.config)
	if err != nil {
		return err
	}
	lang, err := i18n.Load(cfg.Language, cfg.Currency)
	if err != nil {
		return err
	}
	ropt := workbook.Options{HeaderAliases: cfg.HeaderAliases, FYStart: cfg.FYStart, Lang: lang, Currency: cfg.Currency}
	problems := 0
	for _, path := range o.files {
		fr := workbook.ReadFile(ctx, path, ropt, reports.NewBook())
		if fr.Err != nil {
			fmt.Fprintln(stdout, fr.Err.Error())
			problems++
		}
		for _, p := range fr.Problems {
			fmt.Fprintln(stdout, p.Error())
			problems++
		}
		fmt.Fprintln(stdout, workbook.Summary(fr, lang))
	}
	if problems > 0 {
		return errProblems
	}
	return nil
}
