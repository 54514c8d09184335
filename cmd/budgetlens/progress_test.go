package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports/pipeline"
)

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf}
	steps := []pipeline.Step{
		{Phase: "read", Name: "budget-2026.xlsx", Size: 10 << 10, Done: 0, Total: 3 << 20},
		{Phase: "read", Name: "actuals-2026-01.xlsx", Size: 2 << 20, Done: 10 << 10, Total: 3 << 20},
		{Phase: "analyse", Name: "2026-01", Done: 0, Total: 2},
		{Phase: "analyse", Name: "2026-Q1", Done: 1, Total: 2},
		{Phase: "render", Name: "report-2026-01.pdf", Done: 1, Total: 4},
		{Phase: "render", Name: "index.html", Done: 4, Total: 4},
		{Phase: "render", Name: "late", Done: 4, Total: 4}, // after the end: ignored
	}
	for _, s := range steps {
		p.step(s)
	}
	out := buf.String()
	for _, want := range []string{
		"reading   [........................] 0 B of 3.0 MiB: budget-2026.xlsx (10 KiB)",
		"actuals-2026-01.xlsx (2.0 MiB)",
		"1/2 periods: 2026-01", "2/2 periods: 2026-Q1",
		"rendering [######..................] 1/4 files",
		"rendering [########################] 4/4 files\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("progress output lacks %q:\n%q", want, out)
		}
	}
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Errorf("want one line rewritten in place and ended once: %q", out)
	}
	// A log line while the bar is drawn starts on a blanked line.
	buf.Reset()
	p = &progress{w: &buf}
	p.step(steps[0])
	clearing{p}.Write([]byte("level=WARN msg=x\n"))
	if !strings.Contains(buf.String(), "\r          ") || !strings.HasSuffix(buf.String(), "\rlevel=WARN msg=x\n") {
		t.Errorf("log line not on a clean line: %q", buf.String())
	}
	p.finish()
	if strings.HasSuffix(buf.String(), "\n\n") {
		t.Errorf("finish ended a line that was already blank: %q", buf.String())
	}
}
