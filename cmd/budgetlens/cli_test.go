package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports/pipeline"
	"github.com/budgetlens/budgetlens/reports/publish"
)

func TestParseFlagsInterleaved(t *testing.T) {
	tests := []struct {
		args    []string
		config  string
		verbose bool
		pos     []string
	}{
		{[]string{"a.xlsx"}, "config.toml", false, []string{"a.xlsx"}},
		{[]string{"-config", "x.toml", "a.xlsx"}, "x.toml", false, []string{"a.xlsx"}},
		{[]string{"a.xlsx", "-config", "x.toml"}, "x.toml", false, []string{"a.xlsx"}},
		{[]string{"a.xlsx", "-v", "b.xlsx", "-config=y.toml"}, "y.toml", true, []string{"a.xlsx", "b.xlsx"}},
		{[]string{"a.xlsx", "--", "-v", "-config"}, "config.toml", false, []string{"a.xlsx", "-v", "-config"}},
		{nil, "config.toml", false, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := newFlagSet("t", io.Discard)
			cfg := fs.String("config", "config.toml", "")
			v := fs.Bool("v", false, "")
			pos, err := parseFlags(fs, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if *cfg != tt.config || *v != tt.verbose || !reflect.DeepEqual(pos, tt.pos) {
				t.Errorf("config=%q v=%v pos=%q, want %q %v %q", *cfg, *v, pos, tt.config, tt.verbose, tt.pos)
			}
		})
	}
	fs := newFlagSet("t", io.Discard)
	fs.String("config", "", "")
	if _, err := parseFlags(fs, []string{"a.xlsx", "-nope"}); exitCode(err) != exitUsage {
		t.Errorf("unknown flag after an argument: %v, want a usage error", err)
	}
}

func TestExitCodeMapping(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, exitOK},
		{usageError{errHelp}, exitOK},
		{errProblems, exitProblems},
		{usageError{errors.New("bad")}, exitUsage},
		{fmt.Errorf("run: %w", publish.ErrLocked), exitLocked},
		{&pipeline.WriteError{Err: errors.New("disk full")}, exitWrite},
		{deliveryError{errors.New("smtp down")}, exitDeliver},
		{errors.New("anything else"), exitUsage},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
		if tt.err != nil && tt.want != exitOK && tt.want != exitProblems {
			if m := message(tt.err); !strings.Contains(m, "—") && !strings.Contains(m, "\n") && tt.err.Error() != "anything else" {
				t.Errorf("message(%v) = %q names nothing to do next", tt.err, m)
			}
		}
	}
}

func TestVersionFrom(t *testing.T) {
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "false"}}
	tests := []struct {
		stamped, module string
		settings        []debug.BuildSetting
		want            string
	}{
		{"dev", "(devel)", nil, "dev"},
		{"dev", "v1.4.0", nil, "v1.4.0"},
		{"dev", "v1.4.0", rev, "v1.4.0 (rev 0123456789ab)"},
		{"v2.0.0-3-gabc", "(devel)", rev, "v2.0.0-3-gabc (rev 0123456789ab)"},
		{"dev", "", []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}, "dev (rev abc, modified)"},
	}
	for _, tt := range tests {
		bi := &debug.BuildInfo{Main: debug.Module{Version: tt.module}, Settings: tt.settings}
		if got := versionFrom(tt.stamped, bi); got != tt.want {
			t.Errorf("versionFrom(%q, %q) = %q, want %q", tt.stamped, tt.module, got, tt.want)
		}
	}
}

// TestCommandLine follows a new user's first tries: flags after the
// arguments, check without a config, check on a folder, a held lock and
// an outputs folder that cannot be written, each with its exit code and
// one message naming what to do next.
func TestCommandLine(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	dir := t.TempDir()
	good := writeConfig(t, dir, "../../sample-inputs", filepath.Join(dir, "out"), "en")
	locked := t.TempDir()
	held, _, err := publish.Acquire(filepath.Join(locked, ".budgetlens.lock")) // an OS lock, held by this test
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	notADir := filepath.Join(dir, "file")
	os.WriteFile(notADir, []byte("x"), 0o644)
	nowhere := t.TempDir() // no config.toml here

	tests := []struct {
		name    string
		chdir   string
		args    []string
		want    int
		wantOut []string
	}{
		{"check file then -config", "", []string{"check", "../../sample-inputs/budget-2026.xlsx", "-config", good}, exitOK, []string{"budget-2026.xlsx", "no problems"}},
		{"check a folder", "", []string{"check", "../../sample-inputs", "-config", good}, exitOK, []string{"actuals-2026-09.xlsx", "budget-2026.xlsx"}},
		{"check without config", nowhere, []string{"check", abs(t, "../../sample-inputs/actuals-2026-03.xlsx")}, exitOK, []string{"note: no config.toml", "default settings"}},
		{"check with missing -config", nowhere, []string{"check", "-config", "mine.toml", abs(t, "../../sample-inputs")}, exitUsage, []string{"no config file mine.toml", "budgetlens init"}},
		{"run without config", nowhere, []string{"run"}, exitUsage, []string{"no config file config.toml", "budgetlens init DIR"}},
		{"init DIR -company", "", []string{"init", filepath.Join(dir, "starter"), "-company", "Late Flag Co"}, exitOK, []string{"created"}},
		{"init -language", "", []string{"init", "-language", "zh-CN", filepath.Join(dir, "starter-zh")}, exitOK, []string{"created"}},
		{"locked", "", []string{"run", "-config", good, "-out", locked}, exitLocked, []string{"another budgetlens run", "wait for it"}},
		{"outputs not writable", "", []string{"run", "-config", good, "-out", notADir}, exitWrite, []string{"create outputs", "write permission"}},
		{"run with an argument", "", []string{"run", "-config", good, "inbox"}, exitUsage, []string{"takes no arguments", "-inbox DIR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.chdir != "" {
				t.Chdir(tt.chdir)
			}
			var stdout, stderr bytes.Buffer
			got := run(t.Context(), tt.args, &stdout, &stderr)
			all := stdout.String() + stderr.String()
			if got != tt.want {
				t.Errorf("exit %d, want %d\n%s", got, tt.want, all)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
			// No message is printed twice (indented lines are per-file
			// summaries such as "no problems").
			seen := map[string]bool{}
			for _, line := range strings.Split(all, "\n") {
				if strings.HasPrefix(line, " ") {
					continue
				}
				if line != "" && seen[line] {
					t.Errorf("line printed twice: %q", line)
				}
				seen[line] = true
			}
		})
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "starter", "config.toml"))
	if err != nil || !strings.Contains(string(cfg), "Late Flag Co") {
		t.Errorf("init DIR -company: the flag after DIR was not applied (%v)", err)
	}
	if cfg, err := os.ReadFile(filepath.Join(dir, "starter-zh", "config.toml")); err != nil || !strings.Contains(string(cfg), `language = "zh-CN"`) {
		t.Errorf("init -language zh-CN: not applied (%v)", err)
	}
}

func abs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestLogJSON: -log json writes one JSON object per line (level, msg and
// the fields) for log collectors, and nothing else on stderr.
func TestLogJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "../../sample-inputs", filepath.Join(dir, "out"), "en")
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"run", "-config", cfg, "-log", "json", "-v"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	reads := 0
	for _, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not a JSON line: %q (%v)", line, err)
		}
		if rec["level"] == nil || rec["msg"] == nil || rec["time"] == nil {
			t.Errorf("record without time, level or msg: %q", line)
		}
		if rec["msg"] == "read" && rec["file"] != nil {
			reads++
		}
	}
	if reads < 2 {
		t.Errorf("%d read records, want one per workbook:\n%s", reads, stderr.String())
	}
	if code := run(t.Context(), []string{"run", "-config", cfg, "-log", "xml"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("-log xml: exit %d, want %d", code, exitUsage)
	}
}
