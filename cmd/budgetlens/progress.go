package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/budgetlens/budgetlens/reports/pipeline"
)

// progress draws one status line on a terminal, rewritten in place:
// reading each workbook (its name and size, and the bytes of all
// workbooks so far), analysing the periods, rendering the files. It ends
// the line when rendering is done, before the summary line is printed.
type progress struct {
	w     io.Writer
	width int // characters of the last line, to blank it out
	ended bool
}

const barWidth = 24

func bar(done, total int64) string {
	n := 0
	if total > 0 {
		n = int(done * barWidth / total)
	}
	n = min(max(n, 0), barWidth)
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", barWidth-n) + "]"
}

// byteSize is 12 KiB / 3.4 MiB.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

func (p *progress) step(s pipeline.Step) {
	if p.ended {
		return
	}
	var line string
	switch s.Phase {
	case "read":
		line = fmt.Sprintf("reading   %s %s of %s: %s (%s)", bar(s.Done, s.Total), byteSize(s.Done), byteSize(s.Total), s.Name, byteSize(s.Size))
	case "analyse":
		line = fmt.Sprintf("analysing %s %d/%d periods: %s", bar(s.Done, s.Total), s.Done+1, s.Total, s.Name)
	case "render":
		line = fmt.Sprintf("rendering %s %d/%d files", bar(s.Done, s.Total), s.Done, s.Total)
	default:
		return
	}
	pad := ""
	if n := len([]rune(line)); n < p.width {
		pad = strings.Repeat(" ", p.width-n)
	}
	p.width = len([]rune(line))
	fmt.Fprint(p.w, "\r"+line+pad)
	if s.Phase == "render" && s.Done == s.Total {
		fmt.Fprintln(p.w)
		p.ended = true
	}
}

// finish ends a line left open (a run that read but rendered nothing).
func (p *progress) finish() {
	if p.width > 0 && !p.ended {
		fmt.Fprintln(p.w)
	}
	p.ended = true
}

// clearing is the log's writer while a progress line is drawn: it blanks
// the line first so a warning starts on a clean line and the next step
// redraws below it.
type clearing struct {
	p *progress
}

func (c clearing) Write(b []byte) (int, error) {
	if c.p.width > 0 && !c.p.ended {
		fmt.Fprint(c.p.w, "\r"+strings.Repeat(" ", c.p.width)+"\r")
		c.p.width = 0
	}
	return c.p.w.Write(b)
}
