package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/budgetlens/budgetlens/reports/deliver"
	"github.com/budgetlens/budgetlens/reports/pipeline"
)

type runOptions struct {
	config    string
	inbox     string
	out       string
	period    string
	force     bool
	verbose   bool
	noDeliver bool
	log       string
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
	fs.BoolVar(&o.noDeliver, "no-deliver", false, "write the reports but send no e-mail or chat notice")
	fs.StringVar(&o.log, "log", "text", "log `format`: text (key=value lines) or json (one object per line, for log collectors)")
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
	logw := stderr
	var bar *progress
	if isTerminal(stderr) && o.log != "json" {
		bar = &progress{w: stderr}
		logw = clearing{bar}
	}
	log, err := newLog(logw, o.log, o.verbose)
	if err != nil {
		return err
	}
	opt := pipeline.Options{
		Config: cfg, Inbox: o.inbox, Out: o.out, Period: o.period, Force: o.force,
		Now: clock(), Version: versionString(), BuildID: buildID(), Log: log,
	}
	if bar != nil {
		opt.Step = bar.step
	}
	deliverOn := cfg.Deliver.Enabled() && !o.noDeliver
	if deliverOn {
		out := cfg.Outputs
		if o.out != "" {
			out = o.out
		}
		opt.NeedReports = deliver.Pending(cfg, out)
	}
	res, err := pipeline.Run(ctx, opt)
	if bar != nil {
		bar.finish()
	}
	if err := runError(err, stderr); err != nil {
		return err
	}
	fmt.Fprintln(stdout, pipeline.SummaryLine(res))
	if deliverOn {
		// Delivery failure (exit 5) outranks input problems (exit 1): the
		// reports are written either way, but someone must act on it.
		if err := deliverReports(ctx, cfg, res, "", false, log, stdout); err != nil {
			return err
		}
	}
	if res.Problems > 0 {
		return errProblems
	}
	return nil
}

// runError maps pipeline.Run's error to the command's.
func runError(err error, stderr io.Writer) error {
	if err == nil {
		return nil
	}
	var ue *pipeline.UsageError
	if errors.As(err, &ue) {
		if ue.Hint != "" {
			return usageError{withHint(err, ue.Hint)}
		}
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
