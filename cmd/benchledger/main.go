// Command benchledger measures budgetlens on large spend ledgers.
//
// It generates, deterministically, ledgers of the requested sizes in three
// layouts (shared strings, as Excel writes; inline strings, as excelize's
// stream writer writes; finance, the 13-column export of issue 14) with a
// budget and a config.toml beside each, under .cache/bench/, and reuses
// them while their content hash matches. With -fanout 50x100000 it also
// measures the group path: 50 unit runs as parallel child processes, then
// budgetlens consolidate. For each it measures, on the same files: the floor (inflating
// the sheet: `unzip -p` when unzip is on PATH, else archive/zip), the
// streaming reader alone (xlsxstream over every row), the workbook reader
// as `budgetlens check` runs it, and `budgetlens run -force` end to end.
// Each is a child process, so wall time and peak RSS are its own. It prints
// a Markdown table.
//
//	go run ./cmd/benchledger -sizes 10000,100000
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/budgetlens/budgetlens/reports/xlsxstream"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	sizes   []int
	layouts []layout
	// fanout is "UNITSxROWS" for the group benchmark, "" to skip it;
	// parallel bounds the unit runs at a time.
	fanout   string
	parallel int
	dir      string
	bin      string
	runs     int
	genOnly  bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// Child modes: measured in their own process.
	if len(args) >= 2 && args[0] == "-scan" {
		return scan(ctx, args[1:], stdout, stderr)
	}
	if len(args) >= 2 && args[0] == "-inflate" {
		return inflateSheet(args[1:], stderr)
	}
	fs := flag.NewFlagSet("benchledger", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", envOr("BENCH_SIZES", "10000,100000,1000000"), "comma-separated ledger `rows` (env BENCH_SIZES)")
	layouts := fs.String("layouts", envOr("BENCH_LAYOUTS", "shared,inline,finance"), "comma-separated ledger `layouts`: shared, inline, finance (13 columns) (env BENCH_LAYOUTS)")
	var o options
	fs.StringVar(&o.dir, "dir", ".cache/bench", "`dir` for generated ledgers and outputs")
	fs.StringVar(&o.bin, "bin", "bin/budgetlens", "budgetlens `binary` to measure")
	fs.IntVar(&o.runs, "runs", 1, "runs per measurement; the fastest is reported")
	fs.BoolVar(&o.genOnly, "gen", false, "only generate the ledgers")
	fs.StringVar(&o.fanout, "fanout", os.Getenv("BENCH_FANOUT"), "also measure the group path: `UNITSxROWS` unit runs then consolidate, e.g. 50x100000 (env BENCH_FANOUT)")
	fs.IntVar(&o.parallel, "parallel", runtime.NumCPU(), "unit runs at a time in the fan-out")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	for _, s := range strings.Split(*sizes, ",") {
		if strings.TrimSpace(s) == "" || s == "0" {
			continue // BENCH_SIZES=0: only the fan-out
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "benchledger: bad size %q\n", s)
			return 2
		}
		o.sizes = append(o.sizes, n)
	}
	for _, l := range strings.Split(*layouts, ",") {
		switch layout(strings.TrimSpace(l)) {
		case sharedStrings, inlineStrings, financeLedger:
			o.layouts = append(o.layouts, layout(strings.TrimSpace(l)))
		default:
			fmt.Fprintf(stderr, "benchledger: bad layout %q\n", l)
			return 2
		}
	}
	if o.runs < 1 {
		o.runs = 1
	}
	if o.parallel < 1 {
		o.parallel = 1
	}
	if err := bench(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "benchledger: %v\n", err)
		return 1
	}
	return 0
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// measurement is one child process: wall time, peak RSS, exit code.
type measurement struct {
	wall time.Duration
	rss  int64 // bytes
	code int
	out  string
}

// measure runs a command o.runs times and keeps the fastest run. Its
// output is kept (the last 64 KiB) for error messages, except for the
// floor, whose output is the sheet and goes to /dev/null.
//
// Peak RSS comes from wait4's rusage. Linux counts in it the memory of
// the process that forked the child, as it was at exec, so this process
// keeps its own small (no large buffers) to leave the children's numbers
// their own.
func measure(ctx context.Context, runs int, dir string, name string, args ...string) (measurement, error) {
	discard := name != "" && filepath.Base(name) == "unzip"
	var best measurement
	for i := 0; i < runs; i++ {
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		out := &tailBuffer{max: 64 << 10}
		cmd.Stderr = out
		if !discard {
			cmd.Stdout = out
		}
		start := time.Now()
		err := cmd.Run()
		m := measurement{wall: time.Since(start), out: out.String()}
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee):
			m.code = ee.ExitCode()
		case err != nil:
			return m, err
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			m.rss = ru.Maxrss * 1024 // KiB on Linux
		}
		if i == 0 || m.wall < best.wall {
			best = m
		}
	}
	return best, nil
}

func bench(ctx context.Context, o options, stdout, stderr io.Writer) (err error) {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	bin, err := filepath.Abs(o.bin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(bin); err != nil && !o.genOnly {
		return fmt.Errorf("%s: %w (run make build first)", o.bin, err)
	}
	unzip, _ := exec.LookPath("unzip")
	floorHow := "archive/zip to io.Discard"
	if unzip != "" {
		floorHow = "`unzip -p` to /dev/null"
	}
	var table []string
	for _, n := range o.sizes {
		for _, lay := range o.layouts {
			dir, err := filepath.Abs(filepath.Join(o.dir, fmt.Sprintf("%d-%s", n, lay)))
			if err != nil {
				return err
			}
			d := dataset{dir: dir, rows: n, layout: lay, ledger: filepath.Join(dir, "inbox", "actuals-2026.xlsx")}
			start := time.Now()
			gen, err := d.ensure()
			if err != nil {
				return fmt.Errorf("generate %s: %w", dir, err)
			}
			ledgers := d.ledgers()
			var size int64
			for _, l := range ledgers {
				if st, err := os.Stat(l); err == nil {
					size += st.Size()
				}
			}
			if gen {
				fmt.Fprintf(stderr, "generated %s (%d file(s), %.1f MB) in %v\n", d.ledger, len(ledgers), float64(size)/1e6, time.Since(start).Round(time.Millisecond))
			}
			if o.genOnly {
				continue
			}
			var floor measurement
			switch {
			case unzip != "" && len(ledgers) == 1:
				floor, err = measure(ctx, o.runs, dir, unzip, "-p", d.ledger, "xl/worksheets/sheet1.xml")
			case unzip != "":
				// One unzip after the other, as the run reads the parts.
				floor, err = measure(ctx, o.runs, dir, "sh", append([]string{"-c", `for f; do "$0" -p "$f" xl/worksheets/sheet1.xml || exit; done >/dev/null`, unzip}, ledgers...)...)
			default:
				floor, err = measure(ctx, o.runs, dir, self, append([]string{"-inflate"}, ledgers...)...)
			}
			if err != nil {
				return err
			}
			stream, err := measure(ctx, o.runs, dir, self, append([]string{"-scan"}, ledgers...)...)
			if err != nil {
				return err
			}
			check, err := measure(ctx, o.runs, dir, bin, append([]string{"check", "-config", "config.toml"}, ledgers...)...)
			if err != nil {
				return err
			}
			// -v logs the render phase's time ("rendered … seconds=").
			e2e, err := measure(ctx, o.runs, dir, bin, "run", "-config", "config.toml", "-force", "-v")
			if err != nil {
				return err
			}
			for _, m := range []struct {
				what string
				m    measurement
			}{{"xlsxstream", stream}, {"check", check}, {"run", e2e}} {
				if m.m.code > 1 {
					fmt.Fprintf(stderr, "%d %s: %s exited %d: %s\n", n, lay, m.what, m.m.code, lastLine(m.m.out))
				}
			}
			// A run that did not use every ledger row (a refused file) is
			// not a measurement of reading it.
			if used := rowsUsed(e2e.out); used < n && e2e.code <= 1 {
				e2e.code = -1
				fmt.Fprintf(stderr, "%d %s: run used %d of %d rows: %s\n", n, lay, used, n, lastLine(e2e.out))
			}
			row := fmt.Sprintf("| %s | %s | %.1f | %.2f | %.2f (%.0f MB) | %s | %s | %s | %s | %s | %s |",
				fmtInt(n), lay, float64(size)/1e6, floor.wall.Seconds(),
				stream.wall.Seconds(), mb(stream.rss),
				cell(check, fmt.Sprintf("%.2f (%.0f MB)", check.wall.Seconds(), mb(check.rss))),
				cell(e2e, fmt.Sprintf("%.2f", e2e.wall.Seconds())),
				cell(e2e, renderSeconds(e2e.out)),
				cell(e2e, fmtInt(int(float64(n)/e2e.wall.Seconds()))),
				cell(e2e, fmt.Sprintf("%.0f", mb(e2e.rss))),
				cell(e2e, fmt.Sprintf("%.1f×", e2e.wall.Seconds()/floor.wall.Seconds())))
			fmt.Fprintln(stderr, row)
			table = append(table, row)
		}
	}
	if o.fanout != "" {
		units, rows, err := parseFanout(o.fanout)
		if err != nil {
			return err
		}
		defer func() {
			if err == nil {
				err = fanout(ctx, o, bin, units, rows, o.parallel, stdout, stderr)
			}
		}()
	}
	if o.genOnly || len(table) == 0 {
		return nil
	}
	fmt.Fprintf(stdout, "\nFloor: %s. Reader: xlsxstream over every row (child process), and `budgetlens check` on the ledger. End to end: `budgetlens run -force` (all periods, PDF + HTML + exports); render: its render phase (every report, export and the index), as `run -v` logs it. Wall time of the fastest of %d run(s); peak RSS of the child process.\n\n", floorHow, o.runs)
	fmt.Fprintln(stdout, "| rows | layout | xlsx MB | floor s | xlsxstream s (RSS) | reader s (`check`, RSS) | end-to-end s | render s | rows/s | peak RSS MB | ratio to floor |")
	fmt.Fprintln(stdout, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range table {
		fmt.Fprintln(stdout, r)
	}
	return nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }

// cell shows a measurement, or why it failed (exit code 2 and above;
// exit code 1 means input problems were reported and outputs written).
func cell(m measurement, s string) string {
	if m.code == -1 {
		return "ledger refused"
	}
	if m.code > 1 {
		return fmt.Sprintf("failed (exit %d)", m.code)
	}
	return s
}

var (
	rowsUsedRe = regexp.MustCompile(`(\d+) rows used`)
	renderRe   = regexp.MustCompile(`msg=rendered .*seconds=([0-9.]+)`)
)

// renderSeconds reads the render phase's time from run -v's log, "?"
// if absent.
func renderSeconds(out string) string {
	m := renderRe.FindAllStringSubmatch(out, -1)
	if m == nil {
		return "?"
	}
	v, err := strconv.ParseFloat(m[len(m)-1][1], 64)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%.2f", v)
}

// rowsUsed reads the row count from run's summary line, -1 if absent.
func rowsUsed(out string) int {
	m := rowsUsedRe.FindAllStringSubmatch(out, -1)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[len(m)-1][1])
	return n
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func fmtInt(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// scan reads every row of every sheet of each workbook with xlsxstream:
// the streaming reader alone, without the analysis.
func scan(ctx context.Context, paths []string, stdout, stderr io.Writer) int {
	rows, cells := 0, 0
	for _, path := range paths {
		w, err := xlsxstream.Open(path, xlsxstream.Limits{})
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
		for _, s := range w.Sheets() {
			r, err := w.Rows(ctx, s)
			if err != nil {
				fmt.Fprintln(stderr, err)
				return 2
			}
			for r.Next() {
				rows++
				cells += len(r.Values())
			}
			if err := r.Close(); err != nil {
				fmt.Fprintln(stderr, err)
				return 2
			}
		}
		w.Close()
	}
	fmt.Fprintf(stdout, "%d rows, %d cells\n", rows, cells)
	return 0
}

// inflateSheet decompresses the first worksheet of each workbook to
// io.Discard: the floor when unzip is not installed.
func inflateSheet(paths []string, stderr io.Writer) int {
	for _, path := range paths {
		if err := inflateTo(path, "xl/worksheets/sheet1.xml", io.Discard); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
	}
	return 0
}
