package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/deliver"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/pipeline"
)

type deliverOptions struct {
	config  string
	inbox   string
	out     string
	to      string
	verbose bool
	log     string
}

// cmdDeliver resends the latest reports on demand: it brings the reports
// up to date as run does (rewriting nothing when the inputs are
// unchanged), then sends every reader the newest report of each kind they
// get, whether or not it was sent before.
func cmdDeliver(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o deliverOptions
	fs := newFlagSet("deliver", stderr)
	fs.StringVar(&o.config, "config", "config.toml", "config `file`")
	fs.StringVar(&o.inbox, "inbox", "", "read workbooks from `dir` instead of [paths] inbox")
	fs.StringVar(&o.out, "out", "", "the reports are in `dir` instead of [paths] outputs")
	fs.StringVar(&o.to, "to", "", "only this [[deliver.to]] `address` (or \"webhook\")")
	fs.BoolVar(&o.verbose, "v", false, "log every file read and every message sent")
	fs.StringVar(&o.log, "log", "text", "log `format`: text or json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{withHint(fmt.Errorf("deliver takes no arguments, got %q", strings.Join(pos, " ")), "name a reader with -to ADDRESS")}
	}
	cfg, err := loadConfig(o.config)
	if err != nil {
		return err
	}
	if !cfg.Deliver.Enabled() {
		return usageError{withHint(fmt.Errorf("%s has no [deliver] recipients or webhook", o.config), "add a [deliver] table (see README, Delivery)")}
	}
	if o.to != "" && !knownAddress(cfg.Deliver, o.to) {
		return usageError{withHint(fmt.Errorf("-to %s is not a [[deliver.to]] address", o.to), "use one of the addresses in config.toml, or \"webhook\"")}
	}
	log, err := newLog(stderr, o.log, o.verbose)
	if err != nil {
		return err
	}
	res, err := pipeline.Run(ctx, pipeline.Options{
		Config: cfg, Inbox: o.inbox, Out: o.out, Now: clock(), Version: versionString(), BuildID: buildID(), Log: log,
		NeedReports: true,
	})
	if err := runError(err, stderr); err != nil {
		return err
	}
	return deliverReports(ctx, cfg, res, o.to, true, log, stdout)
}

func knownAddress(d config.Deliver, addr string) bool {
	if addr == deliver.WebhookAddress {
		return d.Webhook != ""
	}
	for _, r := range d.To {
		if strings.EqualFold(r.Address, addr) {
			return true
		}
	}
	return false
}

// deliverReports sends a run's reports and prints one line saying what
// went out; a failure is a deliveryError (exit 5).
func deliverReports(ctx context.Context, cfg *config.Config, res *pipeline.Result, only string, resend bool, log *slog.Logger, stdout io.Writer) error {
	lang, err := i18n.Load(cfg.Language, cfg.Currency)
	if err != nil {
		return err
	}
	dr, err := deliver.Run(ctx, deliver.Options{
		Config: cfg, OutDir: res.OutDir, Reports: res.All, Lang: lang,
		Resend: resend, Only: only, Now: time.Now(), Log: log,
	})
	if dr != nil && (dr.Files > 0 || len(dr.Failed) > 0 || resend) {
		line := fmt.Sprintf("budgetlens: delivered %d e-mail(s) and %d chat notice(s) with %d report file(s)", dr.Messages, dr.Notices, dr.Files)
		if len(dr.Failed) > 0 {
			line += fmt.Sprintf("; %d failed", len(dr.Failed))
		}
		fmt.Fprintln(stdout, line)
	}
	if err != nil {
		return deliveryError{err}
	}
	return nil
}
