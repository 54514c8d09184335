package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMarchTradeShowDriver runs the sample March ledger and asserts that
// the trade show's variance is explained by the booth-upgrade invoice, in
// the report and in summary.json.
func TestMarchTradeShowDriver(t *testing.T) {
	inbox := t.TempDir()
	copyFile(t, "../../sample-inputs/budget-2026.xlsx", filepath.Join(inbox, "budget-2026.xlsx"))
	copyFile(t, "../../sample-inputs/actuals-2026-03.xlsx", filepath.Join(inbox, "actuals-2026-03.xlsx"))
	out := t.TempDir()
	res, err := Run(t.Context(), Options{Config: testConfig(t), Inbox: inbox, Out: out, Now: time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	const booth = "展位升级(特装加层+黄金位置)"
	march := res.Reports[0]
	if march.Period.ID != "2026-03" {
		t.Fatalf("first report is %s", march.Period.ID)
	}
	found := false
	for _, d := range march.Drivers {
		if d.Channel != "行业峰会展位" || d.Region != "华东" {
			continue
		}
		found = true
		if len(d.Rows) == 0 || d.Rows[0].Campaign != booth || d.Rows[0].Amount.String() != "372000.00" {
			t.Errorf("trade show 华东 drivers %+v, want the booth upgrade of 372000.00 first", d.Rows)
		}
		if got := d.Rows[0].Date.Format("2006-01-02"); got != "2026-03-20" {
			t.Errorf("booth upgrade dated %s, want 2026-03-20", got)
		}
	}
	if !found {
		t.Fatalf("March drivers %+v lack the trade show 华东", march.Drivers)
	}

	var sum struct {
		Periods []struct {
			ID    string `json:"id"`
			Lines []struct {
				Channel, Region string
				Drivers         []struct {
					Date, Vendor, Campaign, Comment string
					Amount                          float64
				} `json:"drivers"`
			} `json:"lines"`
		} `json:"periods"`
	}
	data, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	ok := false
	for _, p := range sum.Periods {
		if p.ID != "2026-03" {
			continue
		}
		for _, l := range p.Lines {
			if l.Channel == "行业峰会展位" && l.Region == "华东" && len(l.Drivers) > 0 {
				d := l.Drivers[0]
				ok = d.Campaign == booth && d.Amount == 372000 && d.Date == "2026-03-20" && d.Vendor == "上海博华国际展览有限公司"
			}
			if l.Channel == "行业峰会展位" && l.Region != "华东" && len(l.Drivers) > 0 {
				t.Errorf("line %s/%s on plan has drivers %+v", l.Channel, l.Region, l.Drivers)
			}
		}
	}
	if !ok {
		t.Errorf("summary.json's March trade show 华东 does not name the booth upgrade first:\n%s", data[:min(len(data), 400)])
	}
	// The HTML report shows the row beside the variances.
	page, err := os.ReadFile(filepath.Join(out, "report-2026-03.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	i := strings.Index(html, `id="explain"`)
	if i < 0 || !strings.Contains(html[i:], "展位升级(特装加层") || !strings.Contains(html[i:], "2026-03-20") {
		t.Errorf("report-2026-03.html has no 'what explains it' table naming the booth upgrade")
	}
}
