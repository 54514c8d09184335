package export

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func summaryFixtures(lang string) []*reports.Report {
	return []*reports.Report{
		reportstest.Month(lang),
		reportstest.Quarter(lang),
		reportstest.YearToDate(lang),
		reportstest.Hostile(lang),
		reportstest.Empty(lang),
	}
}

func writeSummary(t *testing.T, reps []*reports.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Summary(&buf, "云启软件 Cloudrise", "CNY", reps, reportstest.Generated); err != nil {
		t.Fatalf("Summary: %v", err)
	}
	return buf.Bytes()
}

func TestSummaryGolden(t *testing.T) {
	for _, tc := range []struct {
		name, lang, golden string
	}{
		{"en", "en", "summary.golden.json"},
		{"zh-CN", "zh-CN", "summary.zh-CN.golden.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := writeSummary(t, summaryFixtures(tc.lang))
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("summary differs from %s (run go test -update and review the diff):\n%s", path, firstDiff(want, got))
			}
			if again := writeSummary(t, summaryFixtures(tc.lang)); !bytes.Equal(got, again) {
				t.Errorf("two writes of the same reports differ")
			}
		})
	}
}

func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n-want " + a + "\n+got  " + b
		}
	}
	return "(no line differs)"
}

func TestSummaryFormat(t *testing.T) {
	got := writeSummary(t, summaryFixtures("en"))
	if !bytes.HasSuffix(got, []byte("}\n")) || bytes.HasSuffix(got, []byte("\n\n")) {
		t.Errorf("output does not end in exactly one newline")
	}
	if !bytes.HasPrefix(got, []byte("{\n  \"schema\": \"budgetlens.summary/v1\",\n")) {
		t.Errorf("output does not start with the schema indented by two spaces: %.60q", got)
	}
	// Numbers never carry exponents, negative zeros or float noise such as
	// 0.30000000000000004; every value has at most four decimals.
	bad := regexp.MustCompile(`: (-?[0-9.]+[eE][-+]?[0-9]+|-0[,\n]|-?[0-9]+\.[0-9]{5,}|NaN|[-+]?Inf)`)
	if m := bad.Find(got); m != nil {
		t.Errorf("output contains the number %q", m)
	}
}

// TestSummaryContract decodes the output generically, as a consumer would,
// and checks every field of the v1 contract against the fixtures.
func TestSummaryContract(t *testing.T) {
	// A copy of the month with amounts that need rounding, so the check
	// that amounts are Money.Round2 can fail.
	odd := reportstest.Month("en")
	l := &odd.Categories[0].Lines[0]
	l.Budget += 5678 // .5678 → .57
	l.Actual += 4999 // .4999 → .50
	odd.Totals.Budget += 5678
	odd.Totals.Actual += 4999
	odd.Recommendations[0].Move.Amount += 50 // .005 → .01
	reps := append(summaryFixtures("en"), odd)
	var doc map[string]any
	if err := json.Unmarshal(writeSummary(t, reps), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	hasKeys(t, "summary", doc, "schema", "company", "currency", "generated", "periods")
	for _, c := range []struct{ key, want string }{
		{"schema", "budgetlens.summary/v1"},
		{"company", "云启软件 Cloudrise"},
		{"currency", "CNY"},
		{"generated", "2026-04-02T06:00:00Z"},
	} {
		if got := doc[c.key]; got != c.want {
			t.Errorf("%s: got %v, want %q", c.key, got, c.want)
		}
	}
	periods := doc["periods"].([]any)
	if len(periods) != len(reps) {
		t.Fatalf("got %d periods, want %d", len(periods), len(reps))
	}
	for i, r := range reps {
		p := periods[i].(map[string]any)
		t.Run(strconv.Itoa(i)+"-"+r.Period.ID, func(t *testing.T) { checkPeriod(t, p, r) })
	}
}

func checkPeriod(t *testing.T, p map[string]any, r *reports.Report) {
	hasKeys(t, "period", p, "id", "kind", "start", "end", "complete", "through",
		"budget", "actual", "variance", "variance_pct", "used_pct", "unbudgeted",
		"lines", "findings", "recommendations", "funnel", "mix", "forecast", "data")
	eq(t, "id", p["id"], r.Period.ID)
	eq(t, "kind", p["kind"], string(r.Period.Kind))
	eq(t, "start", p["start"], r.Period.Start.First().Format("2006-01-02"))
	eq(t, "end", p["end"], r.Period.End.Last().Format("2006-01-02"))
	eq(t, "complete", p["complete"], r.Period.Complete)
	eq(t, "through", p["through"], r.Period.Through.String())
	eqMoney(t, "budget", p["budget"], r.Totals.Budget)
	eqMoney(t, "actual", p["actual"], r.Totals.Actual)
	eqMoney(t, "variance", p["variance"], r.Totals.Actual-r.Totals.Budget)
	eqMoney(t, "unbudgeted", p["unbudgeted"], r.Unbudgeted)
	eqPct(t, "variance_pct", p["variance_pct"], r.Totals.Budget, r.Totals.Actual-r.Totals.Budget)
	eqPct(t, "used_pct", p["used_pct"], r.Totals.Budget, r.Totals.Actual)

	var want []reports.LineResult
	for _, c := range r.Categories {
		want = append(want, c.Lines...)
	}
	want = append(want, r.UnbudgetedLines...)
	gotLines := p["lines"].([]any)
	if len(gotLines) != len(want) {
		t.Fatalf("got %d lines, want %d", len(gotLines), len(want))
	}
	var sumActual reports.Money
	for i, l := range want {
		g := gotLines[i].(map[string]any)
		hasKeys(t, "line", g, "category", "channel", "region", "role", "budget", "actual", "variance", "variance_pct", "unbudgeted")
		eq(t, "line category", g["category"], l.Category)
		eq(t, "line channel", g["channel"], l.Channel)
		eq(t, "line region", g["region"], l.Region)
		eq(t, "line role", g["role"], string(l.Role))
		eqMoney(t, "line budget", g["budget"], l.Budget)
		eqMoney(t, "line actual", g["actual"], l.Actual)
		eqMoney(t, "line variance", g["variance"], l.Actual-l.Budget)
		eqPct(t, "line variance_pct", g["variance_pct"], l.Budget, l.Actual-l.Budget)
		eq(t, "line unbudgeted", g["unbudgeted"], l.Unbudgeted)
		sumActual += l.Actual
	}
	// actual includes unbudgeted spend: the lines add up to the total.
	if sumActual != r.Totals.Actual {
		t.Errorf("lines add up to %v, period actual is %v", sumActual, r.Totals.Actual)
	}

	findings := p["findings"].([]any)
	if len(findings) != len(r.Findings) {
		t.Fatalf("got %d findings, want %d", len(findings), len(r.Findings))
	}
	for i, f := range r.Findings {
		g := findings[i].(map[string]any)
		hasKeys(t, "finding", g, "code", "severity", "subject", "value", "limit", "unit", "message")
		eq(t, "finding code", g["code"], f.Code)
		eq(t, "finding severity", g["severity"], string(f.Severity))
		eq(t, "finding value", g["value"], math.Round(f.Value*100)/100)
		eq(t, "finding message", g["message"], f.Message)
	}

	recs := p["recommendations"].([]any)
	if len(recs) != len(r.Recommendations) {
		t.Fatalf("got %d recommendations, want %d", len(recs), len(r.Recommendations))
	}
	for i, rec := range r.Recommendations {
		g := recs[i].(map[string]any)
		hasKeys(t, "recommendation", g, "code", "priority", "move", "effect", "reasons")
		if len(g) != 5 {
			t.Errorf("recommendation has keys %v, want exactly code, priority, move, effect, reasons", g)
		}
		eq(t, "recommendation priority", g["priority"], float64(rec.Priority))
		rs := g["reasons"].([]any)
		if len(rs) != len(rec.Reasons) {
			t.Errorf("recommendation reasons %v, want %+v", rs, rec.Reasons)
		}
		for j, want := range rec.Reasons {
			if j < len(rs) {
				got := rs[j].(map[string]any)
				eq(t, "reason code", got["code"], want.Code)
				eq(t, "reason subject", got["subject"], want.Subject)
			}
		}
		if rec.Effect == nil {
			eq(t, "recommendation effect", g["effect"], nil)
		} else {
			e := g["effect"].(map[string]any)
			eq(t, "effect leads", e["leads"], rec.Effect.Leads)
			eqMoney(t, "effect revenue", e["revenue"], rec.Effect.Revenue)
		}
		if rec.Move == nil {
			eq(t, "recommendation move", g["move"], nil)
			continue
		}
		mv := g["move"].(map[string]any)
		eq(t, "move from", mv["from"], rec.Move.From)
		eq(t, "move to", mv["to"], rec.Move.To)
		eqMoney(t, "move amount", mv["amount"], rec.Move.Amount)
	}

	fn := p["funnel"].(map[string]any)
	checkFunnel(t, fn, r.Funnel)
	chans := fn["channels"].([]any)
	if len(chans) != len(r.Channels) {
		t.Fatalf("got %d funnel channels, want %d", len(chans), len(r.Channels))
	}
	for i, c := range r.Channels {
		g := chans[i].(map[string]any)
		eq(t, "funnel channel", g["channel"], c.Channel)
		checkFunnel(t, g, c)
	}

	mix := p["mix"].([]any)
	if len(mix) != len(r.Mix) {
		t.Fatalf("got %d mix shares, want %d", len(mix), len(r.Mix))
	}
	for i, m := range r.Mix {
		g := mix[i].(map[string]any)
		hasKeys(t, "mix", g, "role", "actual", "actual_pct", "recommended_pct", "gap")
		eq(t, "mix role", g["role"], string(m.Role))
		eqMoney(t, "mix actual", g["actual"], m.Actual)
		eqMoney(t, "mix gap", g["gap"], m.Gap)
		eq(t, "mix recommended_pct", g["recommended_pct"], m.RecommendedPct)
	}

	fc := p["forecast"].(map[string]any)
	hasKeys(t, "forecast", fc, "annual_budget", "ytd_budget", "ytd_actual", "landing", "run_rate", "months_elapsed")
	eqMoney(t, "annual_budget", fc["annual_budget"], r.Forecast.AnnualBudget)
	eqMoney(t, "ytd_budget", fc["ytd_budget"], r.Forecast.YTD.Budget)
	eqMoney(t, "ytd_actual", fc["ytd_actual"], r.Forecast.YTD.Actual)
	eqMoney(t, "landing", fc["landing"], r.Forecast.Landing)
	eqMoney(t, "run_rate", fc["run_rate"], r.Forecast.RunRate)
	eq(t, "months_elapsed", fc["months_elapsed"], float64(r.Forecast.MonthsElapsed))

	d := p["data"].(map[string]any)
	hasKeys(t, "data", d, "rows_used", "rows_skipped", "rows_rejected", "reconciled")
	eq(t, "rows_used", d["rows_used"], float64(r.Notes.RowsUsed))
	eq(t, "rows_skipped", d["rows_skipped"], float64(r.Notes.RowsSkipped))
	eq(t, "rows_rejected", d["rows_rejected"], float64(r.Notes.RowsRejected))
	eq(t, "reconciled", d["reconciled"], r.Notes.Reconciled)
}

func checkFunnel(t *testing.T, g map[string]any, s reports.FunnelStats) {
	t.Helper()
	hasKeys(t, "funnel", g, "leads", "mql", "sql", "opportunities", "poc", "won", "revenue", "spend",
		"conversions", "unit_costs", "roas", "roi", "cost_to_revenue")
	eq(t, "leads", g["leads"], float64(s.Leads))
	eq(t, "opportunities", g["opportunities"], float64(s.Opps))
	eq(t, "won", g["won"], float64(s.Won))
	eqMoney(t, "revenue", g["revenue"], s.Revenue)
	eqMoney(t, "spend", g["spend"], s.Spend)
	conv := g["conversions"].(map[string]any)
	hasKeys(t, "conversions", conv, "leads_mql", "mql_sql", "sql_opps", "opps_poc", "poc_won")
	hasKeys(t, "unit_costs", g["unit_costs"].(map[string]any), "cpl", "cost_per_mql", "cost_per_sql", "cost_per_opp", "cac")
	for _, c := range s.Conversions {
		key := c.From + "_" + c.To
		v, ok := conv[key]
		if !ok {
			t.Errorf("conversions: no key %q", key)
			continue
		}
		if !c.OK {
			eq(t, "conversion "+key, v, nil)
		} else {
			eq(t, "conversion "+key, v, math.Round(c.Rate*100)/100)
		}
	}
	uc := g["unit_costs"].(map[string]any)
	for _, u := range s.UnitCosts {
		v, ok := uc[u.Code]
		if !ok {
			t.Errorf("unit_costs: no key %q", u.Code)
			continue
		}
		if !u.OK {
			eq(t, "unit cost "+u.Code, v, nil)
		} else {
			eqMoney(t, "unit cost "+u.Code, v, u.Cost)
		}
	}
	if !s.ROASOK {
		eq(t, "roas", g["roas"], nil)
	}
	if !s.CostToRevenueOK {
		eq(t, "cost_to_revenue", g["cost_to_revenue"], nil)
	}
}

func hasKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			got := make([]string, 0, len(m))
			for k := range m {
				got = append(got, k)
			}
			sort.Strings(got)
			t.Errorf("%s: no key %q (have %v)", what, k, got)
		}
	}
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %#v, want %#v", what, got, want)
	}
}

func eqMoney(t *testing.T, what string, got any, want reports.Money) {
	t.Helper()
	eq(t, what, got, want.Round2())
}

// eqPct checks a percentage of whole: null when whole is zero.
func eqPct(t *testing.T, what string, got any, whole, part reports.Money) {
	t.Helper()
	if whole == 0 {
		eq(t, what+" (zero budget)", got, nil)
		return
	}
	pct, _ := reports.Pct(part, whole)
	eq(t, what, got, math.Round(pct*100)/100)
}

// TestSummaryNumbers checks the bytes of amounts and percentages: no float
// noise, no trailing zeros, half away from zero, null for zero budgets.
func TestSummaryNumbers(t *testing.T) {
	for _, tc := range []struct {
		name           string
		budget, actual reports.Money
		want           []string
	}{
		{"one decimal", 1234_5000, 1234_5000, []string{`"budget": 1234.5,`, `"variance": 0,`, `"variance_pct": 0,`, `"used_pct": 100,`}},
		{"float noise", 1000, 2000, []string{`"budget": 0.1,`, `"actual": 0.2,`, `"variance": 0.1,`, `"variance_pct": 100,`}},
		{"sum noise", 1000 + 2000, 3000, []string{`"budget": 0.3,`, `"actual": 0.3,`}},
		{"half up", 1_0050, 2_0049, []string{`"budget": 1.01,`, `"actual": 2,`}},
		{"half away from zero", 0, -1_0050, []string{`"actual": -1.01,`, `"variance": -1.01,`, `"variance_pct": null,`, `"used_pct": null,`}},
		{"thirds", 3_0000, 4_0000, []string{`"variance_pct": 33.33,`, `"used_pct": 133.33,`}},
		{"underspend", 3_0000, 2_0000, []string{`"variance": -1,`, `"variance_pct": -33.33,`}},
		{"tiny negative pct", 1_000_000_0000, 999_999_9999, []string{`"variance_pct": 0,`}},
		{"large", 123_456_789_0123, 0, []string{`"budget": 123456789.01,`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := reportstest.Empty("en")
			r.Totals = reports.Amounts{Budget: tc.budget, Actual: tc.actual}
			got := string(writeSummary(t, []*reports.Report{r}))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %s:\n%s", w, got[:min(len(got), 700)])
				}
			}
		})
	}
}

func TestSummaryEdges(t *testing.T) {
	t.Run("no reports", func(t *testing.T) {
		got := string(writeSummary(t, nil))
		if !strings.Contains(got, `"periods": []`) {
			t.Errorf("got %s, want an empty periods array", got)
		}
	})
	t.Run("nil report", func(t *testing.T) {
		err := Summary(&bytes.Buffer{}, "c", "CNY", []*reports.Report{nil}, reportstest.Generated)
		if err == nil {
			t.Error("got no error for a nil report")
		}
	})
	t.Run("non-finite ratios are null", func(t *testing.T) {
		r := reportstest.Month("en")
		r.Findings[0].Value = math.NaN()
		r.Funnel.ROAS = math.Inf(1)
		r.Mix[0].ActualPct = math.Inf(-1)
		var doc struct {
			Periods []struct {
				Findings []struct{ Value *float64 }
				Funnel   struct{ ROAS *float64 }
				Mix      []struct {
					ActualPct *float64 `json:"actual_pct"`
				}
			}
		}
		if err := json.Unmarshal(writeSummary(t, []*reports.Report{r}), &doc); err != nil {
			t.Fatal(err)
		}
		p := doc.Periods[0]
		if p.Findings[0].Value != nil || p.Funnel.ROAS != nil || p.Mix[0].ActualPct != nil {
			t.Errorf("got %v, %v, %v; want null for NaN and ±Inf", p.Findings[0].Value, p.Funnel.ROAS, p.Mix[0].ActualPct)
		}
	})
	t.Run("generated in UTC", func(t *testing.T) {
		var buf bytes.Buffer
		at := time.Date(2026, 4, 2, 14, 0, 0, 123, time.FixedZone("CST", 8*3600))
		if err := Summary(&buf, "c", "CNY", nil, at); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), `"generated": "2026-04-02T06:00:00Z"`) {
			t.Errorf("got %s, want generated 2026-04-02T06:00:00Z", buf.String())
		}
	})
}

// TestSummaryLoopCostsCoreTestSnippet checks the fields the renderers and
// the PDF's data notes rely on: the business-loop unit costs (null when
// there are no leads), the core/test split and the annual
// config_snippet the PDF says summary.json carries.
func TestSummaryLoopCostsCoreTestSnippet(t *testing.T) {
	r := reportstest.Month("en")
	r.LoopCosts = []reports.UnitCost{{Code: "acquisition", Cost: reportstest.Yuan(123), OK: true}, {Code: "nurturing"}}
	r.CoreTest = [2]reports.Money{reportstest.Yuan(900), reportstest.Yuan(100)}
	r.CoreTargetPc = 70
	r.ConfigSnippet = "[[channel]]\nname = \"SEO\"\n"
	var doc struct {
		Periods []struct {
			LoopCosts map[string]*float64 `json:"loop_costs"`
			CoreTest  struct {
				Core, Test, TargetPct float64
				CorePct               *float64 `json:"core_pct"`
			} `json:"core_test"`
			ConfigSnippet string `json:"config_snippet"`
		} `json:"periods"`
	}
	if err := json.Unmarshal(writeSummary(t, []*reports.Report{r}), &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Periods[0]
	if v := p.LoopCosts["acquisition"]; v == nil || *v != 123 {
		t.Errorf("loop_costs.acquisition: got %v, want 123", v)
	}
	if v, ok := p.LoopCosts["nurturing"]; !ok || v != nil {
		t.Errorf("loop_costs.nurturing: got %v (present %v), want null", v, ok)
	}
	if p.CoreTest.Core != 900 || p.CoreTest.Test != 100 || p.CoreTest.CorePct == nil || *p.CoreTest.CorePct != 90 {
		t.Errorf("core_test: got %+v, want core 900, test 100, core_pct 90", p.CoreTest)
	}
	if p.ConfigSnippet != r.ConfigSnippet {
		t.Errorf("config_snippet: got %q, want %q", p.ConfigSnippet, r.ConfigSnippet)
	}
}

func TestSummarySources(t *testing.T) {
	var b bytes.Buffer
	rep := reportstest.Month("en")
	if err := Summary(&b, "Acme", "CNY", []*reports.Report{rep}, reportstest.Generated); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Sources []struct {
			Name     string `json:"name"`
			SHA256   string `json:"sha256"`
			Used     int    `json:"rows_used"`
			Rejected int    `json:"rows_rejected"`
		} `json:"sources"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Sources) != len(rep.Notes.Files) {
		t.Fatalf("%d sources, want %d", len(doc.Sources), len(rep.Notes.Files))
	}
	for i, f := range rep.Notes.Files {
		u, _, rj := f.Rows()
		got := doc.Sources[i]
		if got.Name != f.Name || got.SHA256 != f.SHA256 || got.Used != u || got.Rejected != rj {
			t.Errorf("source %d = %+v, want %s %s used %d rejected %d", i, got, f.Name, f.SHA256, u, rj)
		}
	}
}
