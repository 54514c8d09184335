package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/budgetlens/budgetlens/reports/deliver"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/pipeline"
	"github.com/budgetlens/budgetlens/reports/watch"
)

type watchOptions struct {
	config    string
	once      bool
	verbose   bool
	log       string
	noDeliver bool
}

func cmdWatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o watchOptions
	fs := newFlagSet("watch", stderr)
	fs.StringVar(&o.config, "config", "config.toml", "config `file`")
	fs.BoolVar(&o.once, "once", false, "process the files in the inbox once they are complete, then exit (for cron and tests)")
	fs.BoolVar(&o.verbose, "v", false, "log every file read")
	fs.StringVar(&o.log, "log", "text", "log `format`: text or json")
	fs.BoolVar(&o.noDeliver, "no-deliver", false, "write the reports but send no e-mail or chat notice")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{withHint(fmt.Errorf("watch takes no arguments, got %q", strings.Join(pos, " ")), "set the inbox in config.toml [paths]")}
	}
	return runWatch(ctx, o, stdout, stderr)
}

// runWatch polls the inbox and runs the pipeline whenever new files have
// settled (see package watch for the design). It logs plain slog text
// lines, one per run with the summary line; with -once it also prints the
// summary to stdout and exits 1 when inputs had problems or were rejected.
func runWatch(ctx context.Context, o watchOptions, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(o.config)
	if err != nil {
		return err
	}
	lang, err := i18n.Load(cfg.Language, cfg.Currency)
	if err != nil {
		return err
	}
	if err := pipeline.CheckFolders(cfg.Inbox, cfg.Outputs, cfg.Archive, cfg.Rejected); err != nil {
		return usageError{err}
	}
	// The watcher's own lines are its log; the pipeline's per-file lines
	// only with -v, its warnings always.
	log := slog.New(slog.NewTextHandler(stderr, nil))
	plog, err := newLog(stderr, o.log, o.verbose)
	if err != nil {
		return err
	}
	if o.log == "json" {
		log = plog
	}
	build := buildID()
	deliverOn := cfg.Deliver.Enabled() && !o.noDeliver
	var deliveryErr error // the last run's, for -once
	runPipeline := func(ctx context.Context, files []string) (watch.Outcome, error) {
		res, err := pipeline.Run(ctx, pipeline.Options{
			Config: cfg, Files: files, Now: clock(), Version: versionString(), BuildID: build, Log: plog,
			NeedReports: deliverOn && deliver.Pending(cfg, cfg.Outputs),
		})
		if err != nil {
			return watch.Outcome{}, err
		}
		if deliverOn {
			// Like run: after the reports are written, send what is new;
			// a failure is logged and retried after the next run.
			dout := io.Discard
			if o.once {
				dout = stdout
			}
			deliveryErr = deliverReports(ctx, cfg, res, "", false, plog, dout)
			if deliveryErr != nil {
				log.Error(message(deliveryErr))
			}
		}
		out := watch.Outcome{Summary: pipeline.SummaryLine(res), Problems: res.Problems, Unreadable: map[string]string{}}
		for _, f := range res.Files {
			if f.Err != nil {
				out.Unreadable[f.Path] = f.Err.Error()
			}
		}
		if o.once {
			fmt.Fprintln(stdout, out.Summary)
		}
		return out, nil
	}
	st, err := watch.Loop(ctx, watch.Options{
		Inbox: cfg.Inbox, Archive: cfg.Archive, Rejected: cfg.Rejected,
		Settle: cfg.WatchSettle, Poll: cfg.WatchPoll, Mode: cfg.WatchArchive,
		Once: o.once, Candidate: pipeline.IsCandidate, Run: runPipeline,
		Lang: lang, Log: log,
	})
	if err != nil {
		var ue *pipeline.UsageError
		if errors.As(err, &ue) {
			return usageError{err}
		}
		return err
	}
	if o.once && deliveryErr != nil {
		return deliveryHandled{deliveryErr}
	}
	if o.once && (st.Problems > 0 || st.Rejected > 0) {
		return errProblems
	}
	return nil
}
