package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/xlsxstream/xlsxtest"
)

// BenchmarkRender measures the render phase of a run with 17 reports (12
// months, 4 quarters and the fiscal year of a generated 2026 ledger):
// every PDF and HTML report, summary.json, variance.csv, variance.xlsx
// and the index, staged and committed as a run writes them. Reading and
// analysis happen once, before the timer. Besides wall time per run it
// reports cpu-s/op, the process's CPU time (user + system) per run: on a
// machine shared with other work the steadier figure; on an idle machine
// the wall time is about cpu-s/op divided by the cores.
//
//	go test -run '^$' -bench Render -benchtime 5x ./reports/pipeline
func BenchmarkRender(b *testing.B) {
	for _, language := range []string{"en", "zh-CN"} {
		b.Run(language, func(b *testing.B) {
			cfg, res, out := renderFixture(b, language)
			lang, err := i18n.Load(cfg.Language, cfg.Currency)
			if err != nil {
				b.Fatal(err)
			}
			opt := Options{Config: cfg, Force: true}
			now := res.All[0].Generated
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for b.Loop() {
				// Loading the renderers is part of a run's render phase.
				set, err := Outputs()
				if err != nil {
					b.Fatal(err)
				}
				if err := writeOutputs(b.Context(), opt, set, cfg, lang, out, now, res); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(len(res.Reports)), "reports")
		})
	}
}

// renderFixture runs once over a generated 2026 ledger (20,000 rows, 30
// budget lines) as of January 2027, so every period of the year has a
// report.
func renderFixture(b *testing.B, language string) (*config.Config, *Result, string) {
	b.Helper()
	dir := b.TempDir()
	inbox, out := filepath.Join(dir, "inbox"), filepath.Join(dir, "out")
	if err := os.Mkdir(inbox, 0o755); err != nil {
		b.Fatal(err)
	}
	ledger, _ := xlsxtest.Ledger(20000, false)
	if err := os.WriteFile(filepath.Join(inbox, "actuals-2026.xlsx"), ledger, 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "budget-2026.xlsx"), benchBudget(), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Parse(filepath.Join(dir, "config.toml"), []byte(fmt.Sprintf(
		"[company]\nname = \"Bench Co\"\ntimezone = \"UTC\"\nlanguage = %q\nannual_revenue = 500000000\n", language)))
	if err != nil {
		b.Fatal(err)
	}
	res, err := Run(b.Context(), Options{Config: cfg, Inbox: inbox, Out: out, Now: time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Reports) != 17 || res.Problems != 0 {
		b.Fatalf("%d reports, %d problems; want 17 and none", len(res.Reports), res.Problems)
	}
	return cfg, res, out
}

// benchBudget is the budget of xlsxtest.Ledger's lines: every category ×
// channel, twelve months of 2026.
func benchBudget() []byte {
	cats := []string{"Digital", "Events", "Content", "Brand", "Sales enablement"}
	chans := []string{"Search", "Social", "Trade shows", "Webinars", "PR", "Partners"}
	cell := func(ref, s string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>` }
	var sb strings.Builder
	sb.WriteString(`<row r="1">` + cell("A1", "Month") + cell("B1", "Category") + cell("C1", "Channel") + cell("D1", "Budget") + `</row>`)
	r := 2
	for m := 1; m <= 12; m++ {
		for i, c := range cats {
			for j, ch := range chans {
				fmt.Fprintf(&sb, `<row r="%d">%s%s%s<c r="D%d"><v>%d</v></c></row>`, r,
					cell(fmt.Sprintf("A%d", r), fmt.Sprintf("2026-%02d", m)), cell(fmt.Sprintf("B%d", r), c), cell(fmt.Sprintf("C%d", r), ch),
					r, 20000+1000*((i*7+j*3+m)%17))
				r++
			}
		}
	}
	return xlsxtest.Book{Sheets: []xlsxtest.Sheet{{Name: "Budget", XML: xlsxtest.SheetXML(sb.String())}}}.Bytes()
}
