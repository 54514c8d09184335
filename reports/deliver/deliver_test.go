package deliver

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/publish"
)

func TestTrimKeepsTheLastSentOfEveryReport(t *testing.T) {
	var ds []publish.Delivery
	// An old successful delivery followed by many failures: trimming must
	// keep it, or the next run would send the report again.
	ds = append(ds, publish.Delivery{Address: "a@x", Report: "report-2026-01.pdf", SHA256: "s1", Status: "sent"})
	for i := 0; i < 10; i++ {
		ds = append(ds, publish.Delivery{Address: "b@x", Report: fmt.Sprintf("report-2026-%02d.pdf", i), Status: "failed"})
	}
	got := trim(ds, 4)
	if len(got) != 4 || got[0].Address != "a@x" || got[0].Status != "sent" {
		t.Fatalf("trim = %+v", got)
	}
	if got[3] != ds[10] {
		t.Errorf("newest record dropped: %+v", got)
	}
	if len(trim(ds[:3], 4)) != 3 {
		t.Error("trim shortened a short ledger")
	}
}

func TestPending(t *testing.T) {
	mk := func(id string, kind reports.PeriodKind, through reports.Month) *reports.Report {
		return &reports.Report{Period: reports.Period{ID: id, Kind: kind, Through: through}}
	}
	mar, apr := reports.Month{Year: 2026, Month: time.March}, reports.Month{Year: 2026, Month: time.April}
	items := []item{
		{rep: mk("2026-04", reports.KindMonth, apr), file: "report-2026-04.pdf", sha: "m4"},
		{rep: mk("2026-04", reports.KindMonth, apr), file: "report-2026-04.html", sha: "h4"},
		{rep: mk("2026-Q2", reports.KindQuarter, apr), file: "report-2026-Q2.pdf", sha: "q2"},
		{rep: mk("2026-03", reports.KindMonth, mar), file: "report-2026-03.pdf", sha: "m3"},
		{rep: mk("2026-Q1", reports.KindQuarter, mar), file: "report-2026-Q1.pdf", sha: "q1"},
	}
	sent := lastSent([]publish.Delivery{
		{Address: "A@x", Report: "report-2026-03.pdf", SHA256: "m3", Status: "sent"},
		{Address: "a@x", Report: "report-2026-Q2.pdf", SHA256: "old", Status: "sent"},
		{Address: "a@x", Report: "report-2026-04.pdf", SHA256: "m4", Status: "failed"},
	})
	all := func(reports.PeriodKind) bool { return true }
	quarters := func(k reports.PeriodKind) bool { return k == reports.KindQuarter }
	files := func(its []item) []string {
		var out []string
		for _, it := range its {
			out = append(out, it.file)
		}
		return out
	}
	tests := []struct {
		name   string
		wants  func(reports.PeriodKind) bool
		html   bool
		resend bool
		want   []string
	}{
		{"new or changed only", all, false, false, []string{"report-2026-04.pdf", "report-2026-Q2.pdf", "report-2026-Q1.pdf"}},
		{"with html", all, true, false, []string{"report-2026-04.pdf", "report-2026-04.html", "report-2026-Q2.pdf", "report-2026-Q1.pdf"}},
		{"quarters", quarters, false, false, []string{"report-2026-Q2.pdf", "report-2026-Q1.pdf"}},
		{"resend newest of each kind", all, false, true, []string{"report-2026-04.pdf", "report-2026-Q2.pdf"}},
	}
	for _, tt := range tests {
		if got := files(pending(items, "a@x", tt.wants, tt.html, tt.resend, sent)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestKindOfFile(t *testing.T) {
	tests := map[string]reports.PeriodKind{
		"report-2026-03.pdf": reports.KindMonth, "report-2026-Q1.html": reports.KindQuarter, "report-2026.pdf": reports.KindYear,
		"report-2026-3.pdf": "", "summary.json": "", "report-2026.csv": "", "report-abcd.pdf": "", "report-2026-QX.pdf": "",
	}
	for name, want := range tests {
		got, ok := kindOfFile(name)
		if got != want || ok != (want != "") {
			t.Errorf("kindOfFile(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

// TestFresh: a reader gets a report again only when what it tells
// changed since their last delivery of it; the file's bytes decide only
// where a content key is unknown.
func TestFresh(t *testing.T) {
	ds := []publish.Delivery{
		{Address: "cfo@x", Report: "report-2026-01.pdf", SHA256: "f1", Content: "c1", Status: "sent"},
		{Address: "cfo@x", Report: "report-2026-02.pdf", SHA256: "f2", Status: "sent"}, // before content keys
		{Address: "cfo@x", Report: "report-2026-03.pdf", SHA256: "f3", Content: "c3", Status: "sent"},
		{Address: "cfo@x", Report: "report-2026-03.pdf", SHA256: "f3b", Content: "c3b", Status: "sent"},
		{Address: "cfo@x", Report: "report-2026-04.pdf", SHA256: "f4", Content: "c4", Status: "failed"},
	}
	last := lastSent(ds)
	tests := []struct {
		name, address, file, sha, content string
		want                              bool
	}{
		{"never sent", "cfo@x", "report-2026-05.pdf", "f5", "c5", true},
		{"only a failed try", "cfo@x", "report-2026-04.pdf", "f4", "c4", true},
		{"same bytes", "cfo@x", "report-2026-01.pdf", "f1", "c1", false},
		{"other bytes, same content (new timestamp, more input files)", "cfo@x", "report-2026-01.pdf", "f1b", "c1", false},
		{"other content", "cfo@x", "report-2026-01.pdf", "f1b", "c1b", true},
		{"same bytes, content unknown now", "cfo@x", "report-2026-01.pdf", "f1", "", false},
		{"other bytes, content unknown now", "cfo@x", "report-2026-01.pdf", "f1b", "", true},
		{"old record without a key, same bytes", "cfo@x", "report-2026-02.pdf", "f2", "c2", false},
		{"old record without a key, other bytes", "cfo@x", "report-2026-02.pdf", "f2b", "c2", true},
		{"back to what was sent before the last delivery", "cfo@x", "report-2026-03.pdf", "f3c", "c3", true},
		{"as last sent", "cfo@x", "report-2026-03.pdf", "f3c", "c3b", false},
		{"address case", "CFO@x", "report-2026-01.pdf", "f1b", "c1", false},
		{"another reader", "cmo@x", "report-2026-01.pdf", "f1", "c1", true},
	}
	for _, tt := range tests {
		if got := last.fresh(tt.address, tt.file, tt.sha, tt.content); got != tt.want {
			t.Errorf("%s: fresh = %v, want %v", tt.name, got, tt.want)
		}
	}
}
