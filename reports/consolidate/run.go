package consolidate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/output"
	"github.com/budgetlens/budgetlens/reports/pipeline"
	"github.com/budgetlens/budgetlens/reports/publish"
)

// Options configure one consolidation.
type Options struct {
	Group *config.Group
	Out   string // output folder; Group.Outputs when empty
	Now   time.Time
	Force bool // rewrite files even when their bytes are unchanged
	Log   *slog.Logger
}

// Result says what a consolidation did.
type Result struct {
	Units    []*Unit
	Reports  []*reports.Report
	Outputs  []publish.Output
	Problems int // warnings about the units (stale summaries, lagging data)
	OutDir   string
	Duration time.Duration
}

// ErrRefused is wrapped by every error that stops a consolidation before
// anything is written: a unit that cannot be added up with the others.
var ErrRefused = errors.New("consolidation refused")

func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrRefused}, args...)...)
}

// Run reads every unit's summary.json, checks the units, and writes the
// group's reports into the output folder.
func Run(ctx context.Context, opt Options) (*Result, error) {
	start := time.Now()
	g := opt.Group
	log := opt.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	out := opt.Out
	if out == "" {
		out = g.Outputs
	}
	if out == "" {
		return nil, refuse("no output folder: give -out DIR or [group] outputs")
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Second)
	lang, err := i18n.Load(g.Language, g.Currency)
	if err != nil {
		return nil, err
	}
	res := &Result{OutDir: out}

	units, problems, stale, err := readUnits(g, lang)
	if err != nil {
		return nil, err
	}
	res.Units = units
	rates, err := loadRates(ctx, g, units)
	if err != nil {
		return nil, err
	}
	periods, lags, err := SharedPeriods(units)
	if err != nil {
		return nil, refuse("%v", err)
	}
	grp := &Group{Name: g.Name, Currency: g.Currency, Rates: rates, Lang: lang, Now: now, Problems: problems, Stale: stale}
	for _, ps := range problems {
		res.Problems += len(ps)
		for _, p := range ps {
			log.Warn(p.Error())
		}
	}
	for _, p := range periods {
		rep, err := Build(grp, units, p, lags[p.ID])
		if err != nil {
			return nil, refuse("%v", err)
		}
		res.Reports = append(res.Reports, rep)
	}
	for _, l := range lags {
		res.Problems += len(l)
	}

	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("create outputs: %w", err)
	}
	lock, _, err := publish.Acquire(filepath.Join(out, ".budgetlens.lock"))
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	publish.CleanTemp(out)
	if err := writeOutputs(ctx, opt, g, lang, out, now, res); err != nil {
		return nil, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// readUnits reads every unit and runs the checks before summing: the same
// unit twice, one fiscal-year start, and stale summaries (warnings, not
// refusals).
func readUnits(g *config.Group, lang *i18n.Lang) ([]*Unit, [][]*reports.CellError, []bool, error) {
	var units []*Unit
	bySHA := map[string]string{}
	bySources := map[string]string{}
	problems := make([][]*reports.CellError, len(g.Units))
	stale := make([]bool, len(g.Units))
	for i, gu := range g.Units {
		u, err := ReadUnit(gu.Name, config.SummaryPath(gu.Summary))
		if err != nil {
			return nil, nil, nil, refuse("%v", err)
		}
		if other, dup := bySHA[u.SHA256]; dup {
			return nil, nil, nil, refuse("units %q and %q have the same summary.json (sha256 %s): the same unit twice", other, u.Name, u.SHA256[:12])
		}
		bySHA[u.SHA256] = u.Name
		if key := sourcesKey(u); key != "" {
			if other, dup := bySources[key]; dup {
				return nil, nil, nil, refuse("units %q and %q were made from the same input files: the same unit twice", other, u.Name)
			}
			bySources[key] = u.Name
		}
		want := g.FYStart
		if want == 0 && len(units) > 0 {
			want = units[0].FYStart
		}
		if want != 0 && u.FYStart != want {
			return nil, nil, nil, refuse("unit %q: fiscal years start in %s, the group's in %s: set the same fiscal_year_start in every unit", u.Name, u.FYStart, want)
		}
		if msg := staleness(u, gu.Inputs, lang); msg != "" {
			stale[i] = true
			problems[i] = append(problems[i], &reports.CellError{File: u.Name, Severity: reports.SevWarn, Err: errors.New(msg)})
		}
		units = append(units, u)
	}
	return units, problems, stale, nil
}

// sourcesKey identifies the inputs a summary was made from; two units
// with the same non-empty set are the same unit.
func sourcesKey(u *Unit) string {
	var parts []string
	for _, s := range u.summary.Sources {
		if s.SHA256 != "" {
			parts = append(parts, s.SHA256)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// staleness says why a unit's summary is older than its inputs, or "".
// With the unit's inbox visible (inputs in group.toml) the workbooks there
// are compared with the summary's sources by name and sha256: a changed,
// new or removed workbook makes the summary stale, a file merely touched
// does not. Without it, a source modified after the summary was generated
// (possible only with a clock or copy problem) is all that can be told.
func staleness(u *Unit, inputs string, l *i18n.Lang) string {
	srcs := map[string]string{}
	for _, s := range u.summary.Sources {
		srcs[s.Name] = s.SHA256
	}
	gen := u.Generated.Format("2006-01-02 15:04 UTC")
	if inputs != "" {
		files, err := pipeline.ListInputs(inputs)
		if err != nil {
			return l.T("consolidate.stale.noinputs", "dir", filepath.Base(inputs), "err", err.Error())
		}
		seen := map[string]bool{}
		for _, f := range files {
			name := filepath.Base(f)
			seen[name] = true
			want, ok := srcs[name]
			if !ok {
				return l.T("consolidate.stale.new", "file", name, "generated", gen)
			}
			_, sum, err := publish.HashFile(f)
			if err == nil && sum != want {
				return l.T("consolidate.stale.changed", "file", name, "generated", gen)
			}
		}
		for _, s := range u.summary.Sources {
			if !seen[s.Name] {
				return l.T("consolidate.stale.gone", "file", s.Name, "generated", gen)
			}
		}
		return ""
	}
	for _, s := range u.summary.Sources {
		if s.Modified == "" {
			continue
		}
		if t, err := time.Parse(time.RFC3339, s.Modified); err == nil && t.After(u.Generated) {
			return l.T("consolidate.stale.changed", "file", s.Name, "generated", gen)
		}
	}
	return ""
}

// loadRates checks that every unit's currency has exactly one source of
// rates and reads the monthly table when there is one.
func loadRates(ctx context.Context, g *config.Group, units []*Unit) (*Rates, error) {
	r := &Rates{Group: g.Currency, Flat: g.FX}
	if v, ok := g.FX[g.Currency]; ok && v != reports.RateScale {
		return nil, refuse("[fx] %s = %s: the group's own currency converts at 1", g.Currency, v)
	}
	if g.FXTable != "" {
		t, err := ReadRateTable(ctx, g.FXTable)
		if err != nil {
			return nil, refuse("fx table %v", err)
		}
		r.Monthly = t
		r.Table = filepath.Base(g.FXTable)
		for cur := range t {
			if _, both := g.FX[cur]; both {
				return nil, refuse("%s has a rate under [fx] and in %s: keep one", cur, r.Table)
			}
		}
	}
	for _, u := range units {
		if u.Currency == g.Currency {
			continue
		}
		if _, ok := r.Flat[u.Currency]; ok {
			continue
		}
		if _, ok := r.Monthly[u.Currency]; ok {
			continue
		}
		return nil, refuse("unit %q reports in %s and there is no %s rate: add %s = <%s per %s> under [fx] in group.toml", u.Name, u.Currency, u.Currency, u.Currency, g.Currency, u.Currency)
	}
	return r, nil
}

// writeOutputs writes what pipeline.Outputs lists, as a run does: every
// period's report in each format, then the group's summary.json, exports
// and, last, the index.
func writeOutputs(ctx context.Context, opt Options, g *config.Group, lang *i18n.Lang, out string, now time.Time, res *Result) error {
	set, err := pipeline.Outputs()
	if err != nil {
		return err
	}
	run := &output.Run{Company: g.Name, Currency: g.Currency, Lang: lang, Now: now, Reports: res.Reports}
	for _, rep := range res.Reports {
		run.Entries = append(run.Entries, output.Entry{Report: rep, Files: set.Links(rep.Period, lang, nil)})
	}
	outputs, err := publish.WriteSet(ctx, out, set.Plan(res.Reports, run, pipeline.IndexFile), publish.SetOptions{Force: opt.Force})
	if err != nil {
		return err
	}
	res.Outputs = outputs
	return nil
}

// SummaryLine is the one line consolidate prints.
func SummaryLine(res *Result) string {
	status := "ok"
	if res.Problems > 0 {
		status = fmt.Sprintf("%d warning(s) about the units (see the data notes)", res.Problems)
	}
	return fmt.Sprintf("budgetlens: group of %d units, %d reports → %s; %s in %.1fs",
		len(res.Units), len(res.Reports), filepath.Join(res.OutDir, pipeline.IndexFile), status, res.Duration.Seconds())
}
