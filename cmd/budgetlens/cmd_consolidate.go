package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/consolidate"
)

type consolidateOptions struct {
	config  string
	out     string
	force   bool
	verbose bool
}

func cmdConsolidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o consolidateOptions
	fs := newFlagSet("consolidate", stderr)
	fs.StringVar(&o.config, "config", "group.toml", "group config `file`")
	fs.StringVar(&o.out, "out", "", "write the group's reports into `dir` instead of [group] outputs")
	fs.BoolVar(&o.force, "force", false, "rewrite files even when their bytes are unchanged")
	fs.BoolVar(&o.verbose, "v", false, "log every unit read")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Errorf("consolidate takes no arguments, got %q", strings.Join(pos, " "))}
	}
	return runConsolidate(ctx, o, stdout, stderr)
}

func runConsolidate(ctx context.Context, o consolidateOptions, stdout, stderr io.Writer) error {
	g, err := config.LoadGroup(o.config)
	if err != nil {
		return usageError{err}
	}
	res, err := consolidate.Run(ctx, consolidate.Options{Group: g, Out: o.out, Now: clock(), Force: o.force, Log: newLogger(stderr, o.verbose)})
	if err != nil {
		if errors.Is(err, consolidate.ErrRefused) {
			return usageError{err}
		}
		return err
	}
	fmt.Fprintln(stdout, consolidate.SummaryLine(res))
	if res.Problems > 0 {
		return errProblems
	}
	return nil
}
