package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeConfig writes the sample company's config.toml with its paths
// pointed at inbox and out and its language set to lang.
func writeConfig(t *testing.T, dir, inbox, out, lang string) string {
	t.Helper()
	src, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(inbox)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	for _, r := range []struct{ old, new string }{
		{`language = "zh-CN"`, `language = "` + lang + `"`},
		{`inbox = "sample-inputs"`, `inbox = "` + filepath.ToSlash(abs) + `"`},
		{`outputs = "outputs"`, `outputs = "` + filepath.ToSlash(out) + `"`},
	} {
		if !strings.Contains(text, r.old) {
			t.Fatalf("config.toml no longer contains %s", r.old)
		}
		text = strings.Replace(text, r.old, r.new, 1)
	}
	p := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunSamples(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	for _, lang := range []string{"en", "zh-CN"} {
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			cfg := writeConfig(t, dir, "../../sample-inputs", out, lang)
			var stdout, stderr bytes.Buffer
			t.Setenv("SOURCE_DATE_EPOCH", "1790000000")
			code := run(t.Context(), []string{"run", "-config", cfg}, &stdout, &stderr)
			if code != exitOK {
				t.Fatalf("exit %d, want 0\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
			}
			if lines := strings.Count(strings.TrimSpace(stdout.String()), "\n") + 1; lines != 1 {
				t.Errorf("stdout has %d lines, want one summary line: %q", lines, stdout.String())
			}
			for _, name := range []string{"index.html", "summary.json", "variance.csv", "variance.xlsx", "manifest.json",
				"report-2026-03.pdf", "report-2026-03.html", "report-2026-Q1.pdf", "report-2026-Q3.html", "report-2026.pdf"} {
				if info, err := os.Stat(filepath.Join(out, name)); err != nil || info.Size() == 0 {
					t.Errorf("%s missing or empty: %v", name, err)
				}
			}
			var sum struct {
				Schema  string `json:"schema"`
				Periods []struct {
					ID       string   `json:"id"`
					Kind     string   `json:"kind"`
					Complete bool     `json:"complete"`
					Budget   float64  `json:"budget"`
					Actual   float64  `json:"actual"`
					Variance float64  `json:"variance"`
					Pct      *float64 `json:"variance_pct"`
					Lines    []struct {
						Actual float64 `json:"actual"`
						Budget float64 `json:"budget"`
					} `json:"lines"`
					Findings []struct {
						Code string `json:"code"`
					} `json:"findings"`
				} `json:"periods"`
			}
			data, err := os.ReadFile(filepath.Join(out, "summary.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &sum); err != nil {
				t.Fatal(err)
			}
			if sum.Schema != "budgetlens.summary/v1" {
				t.Errorf("schema %q", sum.Schema)
			}
			kinds := map[string]int{}
			codes := map[string]bool{}
			var monthSum, q float64
			for _, p := range sum.Periods {
				kinds[p.Kind]++
				for _, f := range p.Findings {
					codes[f.Code] = true
				}
				if p.Kind == "month" {
					monthSum += p.Actual
				}
				if p.Kind == "year" {
					q = p.Actual
					if p.Complete {
						t.Errorf("year %s complete with 9 months of actuals", p.ID)
					}
				}
				var la, lb float64
				for _, l := range p.Lines {
					la += l.Actual
					lb += l.Budget
				}
				// Every line once: unbudgeted spend included, never twice.
				if d := la - p.Actual; d > 0.05 || d < -0.05 {
					t.Errorf("%s: lines sum to actual %.2f, period says %.2f", p.ID, la, p.Actual)
				}
				if d := lb - p.Budget; d > 0.05 || d < -0.05 {
					t.Errorf("%s: lines sum to budget %.2f, period says %.2f", p.ID, lb, p.Budget)
				}
				if d := p.Actual - p.Budget - p.Variance; d > 0.011 || d < -0.011 {
					t.Errorf("%s: actual %v − budget %v ≠ variance %v", p.ID, p.Actual, p.Budget, p.Variance)
				}
			}
			if kinds["month"] != 9 || kinds["quarter"] != 3 || kinds["year"] != 1 {
				t.Errorf("periods by kind = %v, want 9 months, 3 quarters, 1 year", kinds)
			}
			if d := monthSum - q; d > 0.05 || d < -0.05 {
				t.Errorf("sum of monthly actuals %v ≠ year-to-date actual %v", monthSum, q)
			}
			// The samples' stories must show up as findings.
			for _, code := range []string{"over_budget", "above_saturation", "below_inflection", "unbudgeted_spend"} {
				if !codes[code] {
					t.Errorf("no %s finding in any period; got %v", code, codes)
				}
			}

			// A second run with the same inputs changes nothing.
			before, _ := os.ReadFile(filepath.Join(out, "report-2026-03.pdf"))
			stdout.Reset()
			if code := run(t.Context(), []string{"run", "-config", cfg}, &stdout, &stderr); code != exitOK {
				t.Fatalf("second run: exit %d: %s", code, stderr.String())
			}
			if !strings.Contains(stdout.String(), "unchanged") {
				t.Errorf("second run did not notice unchanged inputs: %q", stdout.String())
			}
			after, _ := os.ReadFile(filepath.Join(out, "report-2026-03.pdf"))
			if !bytes.Equal(before, after) {
				t.Error("second run rewrote the March PDF")
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := writeConfig(t, dir, "../../sample-inputs", filepath.Join(dir, "out"), "en")
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[company]\nname = \"A\"\nnonsense = 1\n"), 0o644)
	emptyInbox := t.TempDir()
	broken := filepath.Join(emptyInbox, "actuals-2026-01.xlsx")
	os.WriteFile(broken, []byte("this is not a workbook"), 0o644)

	tests := []struct {
		name       string
		args       []string
		want       int
		wantStderr string
	}{
		{"no command", nil, exitUsage, "Usage"},
		{"unknown command", []string{"frobnicate"}, exitUsage, "unknown command"},
		{"help", []string{"run", "-h"}, exitOK, "-config"},
		{"bad flag", []string{"run", "-nope"}, exitUsage, "-nope"},
		{"config unknown key", []string{"run", "-config", bad}, exitUsage, "nonsense"},
		{"missing config", []string{"run", "-config", filepath.Join(dir, "missing.toml")}, exitUsage, "missing.toml"},
		{"bad period", []string{"run", "-config", good, "-out", t.TempDir(), "-period", "2026-13"}, exitUsage, "2026-13"},
		{"period without data", []string{"run", "-config", good, "-out", t.TempDir(), "-period", "2026-12"}, exitUsage, "pass one of the periods listed"},
		{"check needs files", []string{"check", "-config", good}, exitUsage, "FILE"},
		{"check missing file", []string{"check", "-config", good, filepath.Join(dir, "nope.xlsx")}, exitUsage, "nope.xlsx: no such file or folder — name an existing"},
		{"check broken file", []string{"check", "-config", good, broken}, exitProblems, ""},
		{"run with broken input", []string{"run", "-config", good, "-inbox", emptyInbox, "-out", t.TempDir()}, exitProblems, ""},
		{"empty inbox", []string{"run", "-config", good, "-inbox", t.TempDir(), "-out", t.TempDir()}, exitProblems, "no input workbooks"},
		{"init needs a dir", []string{"init"}, exitUsage, "DIR"},
		{"version", []string{"version"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(t.Context(), tt.args, &stdout, &stderr)
			if got != tt.want {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", got, tt.want, stdout.String(), stderr.String())
			}
			if tt.wantStderr != "" && !strings.Contains(stderr.String()+stdout.String(), tt.wantStderr) {
				t.Errorf("output does not mention %q:\nstdout: %s\nstderr: %s", tt.wantStderr, stdout.String(), stderr.String())
			}
		})
	}
}

// TestInitThenRun follows a new user: init a folder, drop the two template
// workbooks into its inbox, run with its config.
func TestInitThenRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "work")
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"init", "-company", "New Co", "-year", "2026", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("init: exit %d: %s", code, stderr.String())
	}
	for _, name := range []string{"budget-template.xlsx", "actuals-template.xlsx"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "inbox", strings.Replace(name, "template", "2026", 1)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdout.Reset()
	code := run(t.Context(), []string{"run", "-config", filepath.Join(dir, "config.toml")}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("run: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	for _, name := range []string{"report-2026-01.pdf", "report-2026-Q1.html", "report-2026.pdf", "index.html"} {
		if _, err := os.Stat(filepath.Join(dir, "outputs", name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A second init must not overwrite the user's folder.
	if code := run(t.Context(), []string{"init", dir}, &stdout, &stderr); code != exitUsage {
		t.Errorf("second init: exit %d, want %d", code, exitUsage)
	}
}
