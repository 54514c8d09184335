package pipeline

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/excel"
)

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	// UTC, not the machine's zone: the tests' clocks are UTC and the
	// as-of month must not depend on where the tests run.
	cfg, err := config.Parse(filepath.Join(t.TempDir(), "config.toml"), []byte("[company]\nname = \"T\"\ntimezone = \"UTC\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestListInputs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"budget-2026.xlsx", "~$budget-2026.xlsx", ".hidden.xlsx", "README.md", "notes.pdf",
		"actuals-2026-01.XLSX", "old.xls", "export.csv", "draft.xlsx.tmp", "macro.xlsm"} {
		os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644)
	}
	os.Mkdir(filepath.Join(dir, "sub.xlsx"), 0o755)
	got, err := ListInputs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range got {
		names = append(names, filepath.Base(p))
	}
	want := []string{"actuals-2026-01.XLSX", "budget-2026.xlsx", "export.csv", "macro.xlsm", "old.xls"}
	sort.Strings(want)
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("ListInputs = %v, want %v", names, want)
	}
}

func TestRunDuplicatesAndForeignFiles(t *testing.T) {
	inbox := t.TempDir()
	copyFile(t, "../../sample-inputs/budget-2026.xlsx", filepath.Join(inbox, "budget-2026.xlsx"))
	copyFile(t, "../../sample-inputs/actuals-2026-03.xlsx", filepath.Join(inbox, "actuals-2026-03.xlsx"))
	// The same March file saved again under another name counts once.
	copyFile(t, "../../sample-inputs/actuals-2026-03.xlsx", filepath.Join(inbox, "actuals-2026-03 (copy).xlsx"))
	os.WriteFile(filepath.Join(inbox, "funnel.csv"), []byte("Month,Channel,Leads\n"), 0o644)

	out := t.TempDir()
	res, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: inbox, Out: out, Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var dup, csv bool
	for _, f := range res.Files {
		if f.Duplicate != "" {
			dup = f.Name == "actuals-2026-03.xlsx" && f.Duplicate == "actuals-2026-03 (copy).xlsx"
		}
		if f.Name == "funnel.csv" {
			csv = f.Err != nil && strings.Contains(f.Err.Error(), ".csv")
		}
	}
	if !dup {
		t.Errorf("the identical March file was not marked as a duplicate: %+v", res.Files)
	}
	if !csv {
		t.Error("the CSV file was not rejected with a reason naming its type")
	}
	if res.Problems != 1 {
		t.Errorf("problems = %d, want 1 (the CSV)", res.Problems)
	}
	// March once, Q1 to date, FY to date.
	var ids []string
	for _, r := range res.Reports {
		ids = append(ids, r.Period.ID)
	}
	if strings.Join(ids, ",") != "2026-03,2026-Q1,2026" {
		t.Errorf("periods = %v, want [2026-03 2026-Q1 2026]", ids)
	}
	march := res.Reports[0]
	if got, want := march.Totals.Actual.String(), "3254507.27"; got != want {
		t.Errorf("March actual = %s, want %s (the duplicate must not count twice)", got, want)
	}
	for _, name := range []string{"report-2026-03.pdf", "report-2026-Q1.html", "index.html", "summary.json", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !strings.Contains(SummaryLine(res), "3 reports (1 month, 1 quarter, 1 fiscal year) from 4 files") {
		t.Errorf("summary line: %s", SummaryLine(res))
	}
}

func TestRunPeriodAndErrors(t *testing.T) {
	cfg := testConfig(t)
	out := t.TempDir()
	res, err := Run(t.Context(), Options{Config: cfg, Inbox: "../../sample-inputs", Out: out, Period: "2026-Q2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reports) != 1 || res.Reports[0].Period.ID != "2026-Q2" || !res.Reports[0].Period.Complete {
		t.Errorf("-period 2026-Q2 gave %d reports", len(res.Reports))
	}
	// Only Q2 is rendered, but the shared files cover every period: an
	// ad-hoc run must not shrink what a BI job reads.
	if len(res.All) != 13 {
		t.Errorf("All has %d periods, want 13", len(res.All))
	}
	if _, err := os.Stat(filepath.Join(out, "report-2026-03.pdf")); err == nil {
		t.Error("-period 2026-Q2 rendered March")
	}
	sum, _ := os.ReadFile(filepath.Join(out, "summary.json"))
	if !strings.Contains(string(sum), `"id": "2026-03"`) {
		t.Error("summary.json of a -period run lost the other periods")
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(index), "report-2026-Q2.html") || strings.Contains(string(index), "report-2026-03.html") {
		t.Error("index.html must link the rendered Q2 report and no report that was never rendered")
	}
	_, err = Run(t.Context(), Options{Config: cfg, Inbox: "../../sample-inputs", Out: out, Period: "2031-05"})
	var ue *UsageError
	if !errors.As(err, &ue) {
		t.Errorf("unknown period: got %v, want a UsageError", err)
	}
	_, err = Run(t.Context(), Options{Config: cfg, Inbox: t.TempDir(), Out: out})
	if !errors.Is(err, ErrNoInputs) {
		t.Errorf("empty inbox: got %v, want ErrNoInputs", err)
	}
}

// TestSummaryLineNamesSkippedSheets: a sheet that is not read is said in
// the run's summary line, not only in the log.
func TestSummaryLineNamesSkippedSheets(t *testing.T) {
	inbox := t.TempDir()
	copyFile(t, "../../sample-inputs/budget-2026.xlsx", filepath.Join(inbox, "budget-2026.xlsx"))
	b := excel.NewBook()
	s := b.Sheet("Spend")
	s.BoldRow("Date", "Category", "Channel", "Amount")
	s.Row(time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), "数字广告", "百度SEM", 1000)
	n := b.Sheet("汇总")
	n.BoldRow("渠道", "3月")
	n.Row("百度SEM", 1000)
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "actuals-2026-03.xlsx"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: inbox, Out: t.TempDir(), Now: time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	line := SummaryLine(res)
	if want := "1 sheet skipped: actuals-2026-03.xlsx!汇总 (why: see the data notes)"; !strings.Contains(line, want) {
		t.Errorf("summary line %q lacks %q", line, want)
	}
}
