package html

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
)

// TestStagesConversionByCode checks that each funnel stage shows the
// conversion into it, also when analysis skipped an untracked POC stage
// and converted opportunities straight to won.
func TestStagesConversionByCode(t *testing.T) {
	l := loadLang(t, "en")
	conv := func(from, to string, rate float64) reports.StageConversion {
		return reports.StageConversion{From: from, To: to, Rate: rate, OK: true}
	}
	tests := []struct {
		name string
		fs   reports.FunnelStats
		want []string // conversion column, leads … won
	}{
		{"all stages", reports.FunnelStats{
			Funnel:      reports.Funnel{Leads: 100, MQL: 40, SQL: 20, Opps: 10, POC: 5, Won: 2},
			Conversions: []reports.StageConversion{conv("leads", "mql", 40), conv("mql", "sql", 50), conv("sql", "opps", 50), conv("opps", "poc", 50), conv("poc", "won", 40)},
		}, []string{"—", "40.0%", "50.0%", "50.0%", "50.0%", "40.0%"}},
		{"poc not tracked", reports.FunnelStats{
			Funnel:      reports.Funnel{Leads: 100, MQL: 40, SQL: 20, Opps: 10, Won: 3},
			Conversions: []reports.StageConversion{conv("leads", "mql", 40), conv("mql", "sql", 50), conv("sql", "opps", 50), conv("opps", "won", 30)},
		}, []string{"—", "40.0%", "50.0%", "50.0%", "—", "30.0%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := stages(tt.fs, l)
			var got []string
			for _, r := range rows {
				got = append(got, r.Conversion)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("conversions: got %q, want %q", got, tt.want)
			}
			rep := &reports.Report{Funnel: tt.fs}
			cv, err := funnelChart(rep, l)
			if err != nil {
				t.Fatal(err)
			}
			data := series(cv.Option, 0)["data"]
			s := toJSON(t, data)
			if tt.name == "poc not tracked" && (strings.Contains(s, "POC (30.0%)") || !strings.Contains(s, "Won (30.0%)")) {
				t.Errorf("funnel chart labels: got %s, want the 30.0%% on Won", s)
			}
		})
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
