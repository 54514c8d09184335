package main

import (
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/budgetlens/budgetlens/reports/excel"
)

// fanoutUnits are the generated business units of TestFanOut: their
// currency and, for the group in CNY, the stated rate.
var fanoutUnits = []struct{ name, currency, rate string }{
	{"Unit North", "CNY", "1"},
	{"Unit US", "USD", "7.10"},
	{"Unit EU", "EUR", "7.7512"},
	{"Unit South", "CNY", "1"},
	{"Unit JP", "JPY", "0.04751234"},
}

// writeFanoutUnit writes one unit's inbox (a long budget for 2026 and a
// ledger for January to March, amounts seeded by the unit's index) and
// its config.toml.
func writeFanoutUnit(t *testing.T, dir string, i int) string {
	t.Helper()
	u := fanoutUnits[i]
	inbox := filepath.Join(dir, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(14, uint64(i)))
	lines := [][2]string{{"Digital", "Search"}, {"Digital", "Social"}, {"Events", "Trade shows"}, {"Content", "Whitepapers"}}
	b := excel.NewBook()
	s := b.Sheet("Budget")
	s.Row("Month", "Category", "Channel", "Budget")
	for m := 1; m <= 12; m++ {
		for _, l := range lines {
			s.Row(fmt.Sprintf("2026-%02d", m), l[0], l[1], float64(1000*(10+rng.IntN(90))))
		}
	}
	writeBook(t, b, filepath.Join(inbox, "budget-2026.xlsx"))
	a := excel.NewBook()
	s = a.Sheet("Ledger")
	s.Row("Date", "Category", "Channel", "Amount")
	for m := 1; m <= 3; m++ {
		for d := 1; d <= 28; d += 3 {
			l := lines[rng.IntN(len(lines))]
			cents := 100 + rng.IntN(2_000_000)
			s.Row(fmt.Sprintf("2026-%02d-%02d", m, d), l[0], l[1], float64(cents)/100)
		}
	}
	writeBook(t, a, filepath.Join(inbox, "actuals-2026-q1.xlsx"))
	cfg := fmt.Sprintf(`[company]
name = %q
stage = "growth"
annual_revenue = 50000000
currency = %q
fiscal_year_start = 1
language = "en"

[paths]
inbox = "inbox"
outputs = "out"
`, u.name, u.currency)
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeBook(t *testing.T, b *excel.Book, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Write(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// fanoutSummary is what the test reads of a summary.json, amounts as
// their decimal text.
type fanoutSummary struct {
	Currency string `json:"currency"`
	Periods  []struct {
		ID       string      `json:"id"`
		Budget   json.Number `json:"budget"`
		Actual   json.Number `json:"actual"`
		Forecast struct {
			Landing json.Number `json:"landing"`
		} `json:"forecast"`
		Entities []struct {
			Name    string      `json:"name"`
			Budget  json.Number `json:"budget"`
			Actual  json.Number `json:"actual"`
			Landing json.Number `json:"landing"`
		} `json:"entities"`
	} `json:"periods"`
}

func readFanoutSummary(t *testing.T, path string) fanoutSummary {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.UseNumber()
	var s fanoutSummary
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return s
}

// rat parses decimal text exactly.
func rat(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("%q is not a decimal", s)
	}
	return r
}

// TestFanOut exercises the scheduler recipe of the README locally: one
// ordinary run per unit as parallel processes (the Indexed Job), then one
// consolidate (the consolidation Job). The group's figures must be the
// units' figures converted at the stated rates and summed: computed here
// independently, exactly, from the units' summary.json.
func TestFanOut(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it as parallel processes")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary:", err)
	}
	root := t.TempDir()
	bin := filepath.Join(root, "budgetlens")
	build := exec.Command(goTool, "build", "-o", bin, "./cmd/budgetlens")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	var group strings.Builder
	group.WriteString("[group]\nname = \"Fan-out Group\"\ncurrency = \"CNY\"\nlanguage = \"en\"\n")
	fx := "\n[fx]\n"
	cfgs := make([]string, len(fanoutUnits))
	for i, u := range fanoutUnits {
		dir := filepath.Join(root, "units", fmt.Sprint(i))
		cfgs[i] = writeFanoutUnit(t, dir, i)
		fmt.Fprintf(&group, "\n[[unit]]\nname = %q\nsummary = %q\ninputs = %q\n", u.name, filepath.Join("units", fmt.Sprint(i), "out"), filepath.Join("units", fmt.Sprint(i), "inbox"))
		if u.currency != "CNY" && !strings.Contains(fx, u.currency) {
			fx += fmt.Sprintf("%s = %s\n", u.currency, u.rate)
		}
	}
	group.WriteString(fx)
	groupPath := filepath.Join(root, "group.toml")
	if err := os.WriteFile(groupPath, []byte(group.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	// The unit runs, all at once, as separate processes.
	results := make([]binResult, len(cfgs))
	var wg sync.WaitGroup
	for i, cfg := range cfgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = runBinary(t, bin, "run", "-config", cfg)
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.code != exitOK {
			t.Fatalf("unit %d: exit %d\n%s", i, r.code, r.stderr)
		}
	}

	res := runBinary(t, bin, "consolidate", "-config", groupPath, "-out", filepath.Join(root, "group"))
	if res.code != exitOK {
		t.Fatalf("consolidate: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if errs := checkOutputs(filepath.Join(root, "group")); len(errs) > 0 {
		t.Fatalf("group outputs: %v", errs)
	}

	got := readFanoutSummary(t, filepath.Join(root, "group", "summary.json"))
	units := make([]fanoutSummary, len(fanoutUnits))
	for i := range fanoutUnits {
		units[i] = readFanoutSummary(t, filepath.Join(root, "units", fmt.Sprint(i), "out", "summary.json"))
	}
	if len(got.Periods) == 0 {
		t.Fatal("no group periods")
	}
	// round2 rounds half away from zero to cents, as summary.json does;
	// the conversion itself rounds to ten-thousandths (reports.Money).
	round := func(r *big.Rat, scale int64) *big.Rat {
		x := new(big.Rat).Mul(r, big.NewRat(scale, 1))
		neg := x.Sign() < 0
		x.Abs(x)
		x.Add(x, big.NewRat(1, 2))
		q := new(big.Int).Quo(x.Num(), x.Denom())
		if neg {
			q.Neg(q)
		}
		return new(big.Rat).SetFrac(q, big.NewInt(scale))
	}
	for _, gp := range got.Periods {
		sums := map[string]*big.Rat{"budget": new(big.Rat), "actual": new(big.Rat), "landing": new(big.Rat)}
		for i, u := range fanoutUnits {
			var found bool
			for _, up := range units[i].Periods {
				if up.ID != gp.ID {
					continue
				}
				found = true
				e := gp.Entities[i]
				for _, f := range []struct{ name, unit, entity string }{
					{"budget", string(up.Budget), string(e.Budget)},
					{"actual", string(up.Actual), string(e.Actual)},
					{"landing", string(up.Forecast.Landing), string(e.Landing)},
				} {
					conv := round(new(big.Rat).Mul(rat(t, f.unit), rat(t, u.rate)), 10000)
					sums[f.name].Add(sums[f.name], conv)
					if want := round(conv, 100); want.Cmp(rat(t, f.entity)) != 0 {
						t.Errorf("%s %s %s: entity %s, want %s × %s = %s", gp.ID, u.name, f.name, f.entity, f.unit, u.rate, want.FloatString(2))
					}
				}
			}
			if !found {
				t.Errorf("group period %s is not in unit %s", gp.ID, u.name)
			}
		}
		for _, f := range []struct{ name, got string }{{"budget", string(gp.Budget)}, {"actual", string(gp.Actual)}, {"landing", string(gp.Forecast.Landing)}} {
			if want := round(sums[f.name], 100); want.Cmp(rat(t, f.got)) != 0 {
				t.Errorf("%s group %s = %s, want the units' sum %s", gp.ID, f.name, f.got, want.FloatString(2))
			}
		}
	}
}
