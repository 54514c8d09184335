package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTimezone: [company] timezone sets the zone of the report clock, so
// a run at 23:30 UTC on 31 March is a run on 1 April in Shanghai, and the
// HTML report says so.
func TestTimezone(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	at := time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		loc  *time.Location
		want string
	}{
		{time.UTC, "2026-03-31 23:30 UTC"},
		{shanghai, "2026-04-01 07:30 CST"},
	} {
		cfg := testConfig(t)
		cfg.Location = tt.loc
		out := t.TempDir()
		res, err := Run(t.Context(), Options{Config: cfg, Inbox: sampleInbox(t), Out: out, Now: at})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.All[0].Generated.Location(); got != tt.loc {
			t.Errorf("%v: report clock in %v", tt.loc, got)
		}
		html, err := os.ReadFile(filepath.Join(out, ReportBase(res.All[0].Period)+".html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(html), tt.want) {
			t.Errorf("%v: the HTML report does not show %q", tt.loc, tt.want)
		}
	}
}
