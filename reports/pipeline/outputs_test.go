package pipeline

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/output"
	"github.com/budgetlens/budgetlens/reports/publish"
)

// textFormat is a format this test registers: the headline as plain text.
type textFormat struct{}

func (textFormat) Name() string { return "txt" }

func (textFormat) WriteReport(w io.Writer, r *output.Report) error {
	_, err := fmt.Fprintln(w, r.Page.Headline)
	return err
}

// TestOneRegistrationAddsAFormat: a format appended to the Set — and
// nothing else — is written for every report, linked from the index and
// from every HTML report, recorded in the manifest with the report's
// content key, and checked by a -period run like the other formats.
func TestOneRegistrationAddsAFormat(t *testing.T) {
	set, err := Outputs()
	if err != nil {
		t.Fatal(err)
	}
	set.Formats = append(set.Formats, textFormat{}) // the one registration
	inbox, out := t.TempDir(), t.TempDir()
	copyFile(t, "../../sample-inputs/budget-2026.xlsx", filepath.Join(inbox, "budget-2026.xlsx"))
	copyFile(t, "../../sample-inputs/actuals-2026-03.xlsx", filepath.Join(inbox, "actuals-2026-03.xlsx"))
	opt := Options{Config: testConfig(t), Inbox: inbox, Out: out, Now: time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC), Outputs: set}
	res, err := Run(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reports) != 3 {
		t.Fatalf("%d reports, want 3 (March, Q1, FY2026)", len(res.Reports))
	}
	man, err := publish.ReadManifest(filepath.Join(out, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	index := readOut(t, res, IndexFile)
	for _, rep := range res.Reports {
		base := ReportBase(rep.Period)
		txt := readOut(t, res, base+".txt")
		if want := "\n"; !strings.HasSuffix(txt, want) || len(txt) < 10 {
			t.Errorf("%s.txt = %q, want the headline", base, txt)
		}
		if !strings.Contains(index, `href="`+base+`.txt"`) {
			t.Errorf("index.html does not link %s.txt", base)
		}
		if html := readOut(t, res, base+".html"); !strings.Contains(html, `href="`+base+`.txt"`) || !strings.Contains(html, `href="`+base+`.pdf"`) {
			t.Errorf("%s.html does not link the report's .txt and .pdf", base)
		}
		_, sum, err := publish.HashFile(filepath.Join(out, base+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		_, htmlSum, _ := publish.HashFile(filepath.Join(out, base+".html"))
		if key := man.ContentKey(base+".txt", sum); key == "" || key != man.ContentKey(base+".html", htmlSum) {
			t.Errorf("manifest: %s.txt has content key %q, want the HTML's", base, key)
		}
	}

	// February's figures make the reports on disk stale: a run for the
	// quarter alone renders March and the year again, told so by the
	// .txt files alone.
	copyFile(t, "../../sample-inputs/actuals-2026-02.xlsx", filepath.Join(inbox, "actuals-2026-02.xlsx"))
	set.Formats = []output.Format{textFormat{}}
	for _, rep := range res.Reports {
		for _, ext := range []string{".html", ".pdf"} {
			if err := os.Remove(filepath.Join(out, ReportBase(rep.Period)+ext)); err != nil {
				t.Fatal(err)
			}
		}
	}
	opt.Period = "2026-Q1"
	res, err = Run(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range res.Reports {
		ids = append(ids, r.Period.ID)
	}
	if got, want := strings.Join(ids, ","), "2026-03,2026-Q1,2026"; got != want {
		t.Errorf("-period run rendered %s, want %s (the stale .txt reports too)", got, want)
	}
}

// TestOutputsHaveStrings: every registered format is named in every
// language, in the index (output.<name>) and on the other formats' pages
// (output.<name>.link).
func TestOutputsHaveStrings(t *testing.T) {
	set, err := Outputs()
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range i18n.Languages {
		l, err := i18n.Load(tag, "CNY")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range set.Formats {
			for _, key := range []string{"output." + f.Name(), "output." + f.Name() + ".link"} {
				if s := l.T(key); strings.HasPrefix(s, "[") {
					t.Errorf("%s: %s has no text", tag, key)
				}
			}
		}
	}
}
