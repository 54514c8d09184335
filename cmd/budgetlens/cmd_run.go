package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/budgetlens/budgetlens/reports/pipeline"
)

type runOptions struct {
	config  string
	inbox   string
	out     string
	period  string
	force   bool
	verbose bool
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newFlagSet("run", stderr)
	fs.StringVar(&o.config, "config", "config.toml", "config `file`")
	fs.StringVar(&o.inbox, "inbox", "", "read workbooks from `dir` instead of [paths] inbox")
	fs.StringVar(&o.out, "out", "", "write reports into `dir` instead of [paths] outputs")
	fs.StringVar(&o.period, "period", "", "only this period: 2026-03, 2026-Q1 or 2026 (fiscal year)")
	fs.BoolVar(&o.force, "force", false, "regenerate even when inputs and config are unchanged")
	fs.BoolVar(&o.verbose, "v", false, "log every file read")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{withHint(fmt.Errorf("run takes no arguments, got %q", strings.Join(pos, " ")), "set the inbox in config.toml [paths] or with -inbox DIR")}
	}
	return runRun(ctx, o, stdout, stderr)
}

func runRun(ctx context.Context, o runOptions, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(o.config)
	if err != nil {
		return err
	}
	opt := pipeline.Options{
		Config: cfg, Inbox: o.inbox, Out: o.out, Period: o.period, Force: o.force,
		Now: clock(), Version: versionString(), BuildID: buildID(), Log: newLogger(stderr, o.verbose),
	}
	if isTerminal(stderr) {
		opt.Progress = func(done, total int) {
			const width = 30
			n := done * width / max(total, 1)
			fmt.Fprintf(stderr, "\r[%s%s] %d/%d", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total)
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	}
	res, err := pipeline.Run(ctx, opt)
	if err != nil {
		var ue *pipeline.UsageError
		if errors.As(err, &ue) {
			return usageError{err}
		}
		if errors.Is(err, pipeline.ErrNoInputs) {
			// An empty inbox is an input problem (exit 1), not a usage error:
			// a scheduler should see "nothing to report on" apart from a
			// broken config.
			fmt.Fprintln(stderr, "budgetlens:", err, "— put the budget and actuals workbooks (.xlsx) there and rerun")
			return errProblems
		}
		return err
	}
	fmt.Fprintln(stdout, pipeline.SummaryLine(res))
	if res.Problems > 0 {
		return errProblems
	}
	return nil
}
