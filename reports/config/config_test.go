package config

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
)

func TestParseMinimal(t *testing.T) {
	cfg, err := Parse("dir/config.toml", []byte("[company]\nname = \"Acme\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"stage", cfg.Stage, "growth"},
		{"language", cfg.Language, "en"},
		{"currency", cfg.Currency, "CNY"},
		{"fy start", int(cfg.FYStart), 1},
		{"inbox", cfg.Inbox, "dir/inbox"},
		{"outputs", cfg.Outputs, "dir/outputs"},
		{"archive", cfg.Archive, "dir/archive"},
		{"rejected", cfg.Rejected, "dir/rejected"},
		{"over", cfg.OverBudgetPct, 10.0},
		{"under", cfg.UnderBudgetPct, 25.0},
		{"band", cfg.RevenueBand, [2]float64{6, 8}},
		{"overhead warn", cfg.OverheadWarnPct, 3.0},
		{"overhead alert", cfg.OverheadAlertPct, 5.0},
		{"growth consideration", cfg.Mix()[reports.RoleConsideration], 45.0},
		{"growth awareness", cfg.Mix()[reports.RoleAwareness], 40.0},
		{"decline customer", cfg.StageMix["decline"][reports.RoleCustomer], 50.0},
		{"core", cfg.CoreSharePct, 70.0},
		{"watch archive", cfg.WatchArchive, "move"},
		{"actuals mode", cfg.ActualsMode, "auto"},
		{"budget file", cfg.BudgetFile, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if cfg.Hash == "" {
		t.Error("Hash is empty")
	}
}

func TestParseHighGrowthAndOverrides(t *testing.T) {
	src := `
[company]
name = "Acme"
stage = "mature"
high_growth = true
annual_revenue = 150000000
fiscal_year_start = 4
language = "zh-CN"

[thresholds]
budget_to_revenue_high_growth = [12, 15]

[stage_mix.mature]
customer = 30
awareness = 25

[[channel]]
name = "SEM"
role = "考虑"
inflection = 50000
saturation = 150000.5
aliases = ["百度SEM"]
category = "数字广告"

[input]
decimal = "comma"
`
	cfg, err := Parse("config.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RevenueBand != [2]float64{12, 15} {
		t.Errorf("band: got %v, want [12 15]", cfg.RevenueBand)
	}
	if got := cfg.StageMix["mature"][reports.RoleCustomer]; got != 30 {
		t.Errorf("mature customer: got %v, want 30", got)
	}
	if got := cfg.StageMix["mature"][reports.RoleConsideration]; got != 30 {
		t.Errorf("mature consideration keeps its default: got %v, want 30", got)
	}
	ch, ok := cfg.Channel("百度ＳＥＭ") // full-width letters
	if !ok || ch.Name != "SEM" || ch.Role != reports.RoleConsideration {
		t.Fatalf("Channel(百度ＳＥＭ) = %+v, %v; want SEM, consideration", ch, ok)
	}
	if ch.Saturation != 1500005000 {
		t.Errorf("saturation: got %d, want 1500005000", ch.Saturation)
	}
	if cfg.AnnualRevenue != 150000000*reports.Unit {
		t.Errorf("revenue: got %d", cfg.AnnualRevenue)
	}
	if ch.Category != "数字广告" {
		t.Errorf("category: got %q, want 数字广告", ch.Category)
	}
	if !cfg.DecimalComma {
		t.Error(`[input] decimal = "comma": got DecimalComma false`)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // substrings of the error
	}{
		{"unknown key names key and line", "[company]\nname = \"A\"\ncolour = \"red\"\n", []string{"config.toml:3", "company.colour", "unknown key"}},
		{"unknown table", "[company]\nname = \"A\"\n[extra]\nx = 1\n", []string{"extra.x", "unknown key"}},
		{"missing company", "[paths]\ninbox = \"in\"\n", []string{"company", "required"}},
		{"missing name", "[company]\nstage = \"growth\"\n", []string{"company.name", "required"}},
		{"missing name points at [company], not a channel's name", "[[channel]]\nname = \"SEM\"\n\n[company]\nstage = \"growth\"\n", []string{"config.toml:4: company.name", "required"}},
		{"nameless channel points at its block", "[company]\nname = \"A\"\n[[channel]]\nname = \"X\"\n[[channel]]\nrole = \"test\"\n", []string{"config.toml:5: channel[1].name"}},
		{"duplicate channel", "[company]\nname = \"A\"\n[[channel]]\nname = \"X\"\n[[channel]]\nname = \"X\"\n", []string{"defined twice"}},
		{"made-up currency", "[company]\nname = \"A\"\ncurrency = \"XYZ\"\n", []string{"config.toml:3", "company.currency", "XYZ"}},
		{"bad stage", "[company]\nname = \"A\"\nstage = \"teen\"\n", []string{"config.toml:3", "company.stage", "teen"}},
		{"bad language", "[company]\nname = \"A\"\nlanguage = \"fr\"\n", []string{"company.language", "fr"}},
		{"bad month", "[company]\nname = \"A\"\nfiscal_year_start = 13\n", []string{"company.fiscal_year_start", "13"}},
		{"bad currency", "[company]\nname = \"A\"\ncurrency = \"yuan\"\n", []string{"company.currency"}},
		{"wrong type", "[company]\nname = 5\n", []string{"config.toml"}},
		{"syntax", "[company\nname = \"A\"\n", []string{"config.toml:", "table name"}},
		{"mix not 100", "[company]\nname = \"A\"\n[stage_mix.growth]\ntest = 50\n", []string{"stage_mix.growth", "135"}},
		{"bad role", "[company]\nname = \"A\"\n[[channel]]\nname = \"SEM\"\nrole = \"magic\"\n", []string{"config.toml:5", `channel["SEM"].role`, "magic"}},
		{"inflection above saturation", "[company]\nname = \"A\"\n[[channel]]\nname = \"X\"\ninflection = 10\nsaturation = 5\n", []string{"saturation", "below the inflection"}},
		{"duplicate alias", "[company]\nname = \"A\"\n[[channel]]\nname = \"X\"\n[[channel]]\nname = \"Y\"\naliases = [\"x\"]\n", []string{"aliases", "already"}},
		{"bad alias field", "[company]\nname = \"A\"\n[aliases]\ncolour = [\"c\"]\n", []string{"aliases.colour"}},
		{"bad duration", "[company]\nname = \"A\"\n[watch]\nsettle = \"soon\"\n", []string{"watch.settle"}},
		{"bad band", "[company]\nname = \"A\"\n[thresholds]\nbudget_to_revenue = [8, 6]\n", []string{"thresholds.budget_to_revenue"}},
		{"nan threshold", "[company]\nname = \"A\"\n[thresholds]\nover_budget_pct = nan\n", []string{"config.toml:4", "thresholds.over_budget_pct", "NaN"}},
		{"inf threshold", "[company]\nname = \"A\"\n[thresholds]\nmix_gap_points = inf\n", []string{"thresholds.mix_gap_points", "Inf"}},
		{"nan band", "[company]\nname = \"A\"\n[thresholds]\nbudget_to_revenue = [nan, 8]\n", []string{"thresholds.budget_to_revenue", "NaN"}},
		{"inf high-growth band", "[company]\nname = \"A\"\n[thresholds]\nbudget_to_revenue_high_growth = [10, inf]\n", []string{"thresholds.budget_to_revenue_high_growth"}},
		{"nan stage mix", "[company]\nname = \"A\"\n[stage_mix.growth]\ntest = nan\n", []string{"stage_mix.growth", "NaN"}},
		{"inf stage mix", "[company]\nname = \"A\"\n[stage_mix.mature]\nawareness = -inf\ncustomer = inf\n", []string{"stage_mix.mature", "Inf"}},
		{"nan revenue", "[company]\nname = \"A\"\nannual_revenue = nan\n", []string{"config.toml:3", "company.annual_revenue", "NaN"}},
		{"inf revenue", "[company]\nname = \"A\"\nannual_revenue = inf\n", []string{"company.annual_revenue", "Inf"}},
		{"nan inflection", "[company]\nname = \"A\"\n[[channel]]\nname = \"X\"\ninflection = nan\n", []string{`channel["X"].inflection`, "NaN"}},
		{"inf saturation", "[company]\nname = \"A\"\n[[channel]]\nname = \"X\"\nsaturation = inf\n", []string{`channel["X"].saturation`}},
		{"inflection beyond what twelve months can add", "[company]\nname = \"A\"\n[[channel]]\nname = \"X\"\ninflection = 9e13\n", []string{`channel["X"].inflection`}},
		{"nan min line amount", "[company]\nname = \"A\"\n[thresholds]\nmin_line_amount = nan\n", []string{"thresholds.min_line_amount"}},
		{"bad decimal", "[company]\nname = \"A\"\n[input]\ndecimal = \"dot\"\n", []string{"config.toml:4", "input.decimal", "dot"}},
		{"negative pct", "[company]\nname = \"A\"\n[thresholds]\nover_budget_pct = -1\n", []string{"thresholds.over_budget_pct"}},
		{"bad actuals mode", "[company]\nname = \"A\"\n[actuals]\nmode = \"merge\"\n", []string{"config.toml:4", "actuals.mode", "merge"}},
		{"budget file with a folder", "[company]\nname = \"A\"\n[budget]\nfile = \"inbox/budget-v2.xlsx\"\n", []string{"config.toml:4", "budget.file", "without a folder"}},
		{"version order with a folder", "[company]\nname = \"A\"\n[budget]\nversion_order = [\"a.xlsx\", \"x/b.xlsx\"]\n", []string{"budget.version_order", "x/b.xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("config.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("got no error")
			}
			if !errors.Is(err, ErrConfig) {
				t.Errorf("error %v does not wrap ErrConfig", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestStarterAndSampleConfigsLoad(t *testing.T) {
	for _, path := range []string{"../../config.toml"} {
		if _, err := os.Stat(path); err != nil {
			t.Skipf("%s not present yet", path)
		}
		if _, err := Load(path); err != nil {
			t.Errorf("Load(%s): %v", path, err)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Baidu  SEM ", "baidu sem"},
		{"ＳＥＭ", "sem"},
		{"官网/落地页", "官网 落地页"},
		{"Amount_(CNY)", "amount (cny)"},
		{"A\u3000B", "a b"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
