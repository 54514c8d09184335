package output

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

// fake is a format that writes what it was given: the headline and its
// links, so a test sees every argument a format receives.
type fake string

func (f fake) Name() string { return string(f) }

func (f fake) WriteReport(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "%s|%s|index=%s", f, r.Page.Headline, r.Index)
	for _, l := range append(r.Files, r.Exports...) {
		fmt.Fprintf(w, "|%s=%s", l.Href, l.Label)
	}
	return nil
}

func testSet(snippet bool) *Set {
	return &Set{
		Formats: []Format{fake("html"), fake("pdf"), fake("txt")},
		Files: []File{
			{Name: "suggestions.toml", Skip: func(*Run) bool { return !snippet }, Write: func(w io.Writer, _ *Run) error { return nil }},
			{Name: "summary.json", Export: true, Write: func(w io.Writer, r *Run) error { _, err := fmt.Fprint(w, len(r.Reports)); return err }},
			{Name: "index.html", Write: func(w io.Writer, r *Run) error {
				for _, e := range r.Entries {
					for _, f := range e.Files {
						fmt.Fprint(w, f.Href, " ")
					}
				}
				for _, e := range r.Exports {
					fmt.Fprint(w, e.Href, " ")
				}
				return nil
			}},
		},
	}
}

func TestPlan(t *testing.T) {
	l, err := i18n.Load("en", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	month, quarter := reportstest.Month("en"), reportstest.Quarter("en")
	tests := []struct {
		name    string
		snippet bool
		want    []string
	}{
		{"every format, then the run's files in order", false, []string{
			"report-2026-03.html", "report-2026-03.pdf", "report-2026-03.txt",
			"report-2026-Q1.html", "report-2026-Q1.pdf", "report-2026-Q1.txt",
			"summary.json", "index.html"}},
		{"a file not skipped is written", true, []string{
			"report-2026-03.html", "report-2026-03.pdf", "report-2026-03.txt",
			"report-2026-Q1.html", "report-2026-Q1.pdf", "report-2026-Q1.txt",
			"suggestions.toml", "summary.json", "index.html"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set := testSet(tc.snippet)
			reps := []*reports.Report{month, quarter}
			run := &Run{Lang: l, Reports: reps}
			for _, rep := range reps {
				run.Entries = append(run.Entries, Entry{Report: rep, Files: set.Links(rep.Period, l, nil)})
			}
			files := set.Plan(reps, run, "index.html")
			var names []string
			body := map[string]string{}
			for _, f := range files {
				names = append(names, f.Name)
				var b bytes.Buffer
				if err := f.Fill(&b); err != nil {
					t.Fatal(err)
				}
				body[f.Name] = b.String()
			}
			if !slices.Equal(names, tc.want) {
				t.Fatalf("files %v, want %v", names, tc.want)
			}
			// A report links the index, itself in the other formats (labels
			// output.<name>.link) and the exports, not itself.
			got := body["report-2026-03.pdf"]
			for _, part := range []string{"|index=index.html", "|report-2026-03.html=Web page", "|report-2026-03.txt=[output.txt.link]", "|summary.json=summary.json"} {
				if !strings.Contains(got, part) {
					t.Errorf("pdf got %q, want it to contain %q", got, part)
				}
			}
			if strings.Contains(got, "report-2026-03.pdf") || strings.Contains(got, "suggestions.toml") {
				t.Errorf("pdf got %q: links itself or a file that is no export", got)
			}
			if got, want := body["index.html"], "report-2026-03.html report-2026-03.pdf report-2026-03.txt report-2026-Q1.html report-2026-Q1.pdf report-2026-Q1.txt summary.json "; got != want {
				t.Errorf("index got %q, want %q", got, want)
			}
			// Every format of a report carries the report's content key;
			// the run's files none.
			keys := map[string]string{}
			for _, f := range files {
				base, isReport := strings.CutSuffix(f.Name, f.Name[strings.LastIndex(f.Name, "."):])
				isReport = isReport && strings.HasPrefix(f.Name, "report-")
				switch {
				case !isReport && f.Content != "":
					t.Errorf("%s: content key %q, want none", f.Name, f.Content)
				case isReport && f.Content == "":
					t.Errorf("%s: no content key", f.Name)
				case isReport && keys[base] != "" && keys[base] != f.Content:
					t.Errorf("%s: content key differs from the other formats'", f.Name)
				case isReport:
					keys[base] = f.Content
				}
			}
			if keys["report-2026-03"] == keys["report-2026-Q1"] {
				t.Errorf("the month and the quarter have the same content key")
			}
		})
	}
}

func TestLinks(t *testing.T) {
	l, err := i18n.Load("zh-CN", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	p := reportstest.Month("zh-CN").Period
	set := testSet(false)
	tests := []struct {
		name string
		has  func(string) bool
		want []Link
	}{
		{"all", nil, []Link{{"report-2026-03.html", "HTML"}, {"report-2026-03.pdf", "PDF"}, {"report-2026-03.txt", "[output.txt]"}}},
		{"only files there", func(name string) bool { return !strings.HasSuffix(name, ".pdf") },
			[]Link{{"report-2026-03.html", "HTML"}, {"report-2026-03.txt", "[output.txt]"}}},
		{"none", func(string) bool { return false }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := set.Links(p, l, tc.has); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
