package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/currency"

	"github.com/budgetlens/budgetlens/reports"
)

// GroupFile is group.toml as written, for budgetlens consolidate.
type GroupFile struct {
	Group struct {
		Name            string `toml:"name"`
		Currency        string `toml:"currency"`
		Language        string `toml:"language"`
		FiscalYearStart int    `toml:"fiscal_year_start"`
		FXTable         string `toml:"fx_table"`
		Outputs         string `toml:"outputs"`
	} `toml:"group"`
	Units []struct {
		Name    string `toml:"name"`
		Summary string `toml:"summary"`
		Inputs  string `toml:"inputs"`
	} `toml:"unit"`
	// FX maps a currency code to group currency per unit of it. Values are
	// TOML numbers or strings ("7.10"); both are read as exact decimals.
	FX map[string]any `toml:"fx"`
}

// Group is a validated group.toml. Paths are resolved against the file's
// folder.
type Group struct {
	Name     string
	Currency string
	Language string
	// FYStart is the fiscal-year start every unit must have; 0 when not
	// configured (the units must then agree among themselves).
	FYStart time.Month
	FXTable string // path of a monthly rate workbook, "" when none
	Outputs string // default output folder, "" when none
	Units   []GroupUnit
	FX      map[string]reports.Rate
	Hash    string
}

// GroupUnit is one business unit: its name in the group report, the
// summary.json of its run (a file or the folder holding it) and, when the
// consolidating machine can see it, the unit's inbox for the staleness check.
type GroupUnit struct {
	Name    string
	Summary string
	Inputs  string
}

// LoadGroup reads and validates group.toml. Every error names the key and
// its line; unknown keys are errors.
func LoadGroup(path string) (*Group, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Errors{{File: path, Msg: err.Error()}}
	}
	return ParseGroup(path, data)
}

// ParseGroup decodes and validates group.toml text; name is used in error
// messages and its folder anchors relative paths.
func ParseGroup(name string, data []byte) (*Group, error) {
	var f GroupFile
	// [fx] keys are currencies, checked below.
	md, errs, ok := decodeStrict(name, data, &f, func(k toml.Key) bool { return len(k) == 2 && k[0] == "fx" })
	if !ok {
		return nil, errs
	}
	src := string(data)
	bad := func(key string, line int, format string, args ...any) {
		if line == 0 {
			line = lineOfKey(src, key)
		}
		errs = append(errs, &Error{File: name, Key: key, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	dir := filepath.Dir(name)
	resolve := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	g := &Group{
		Name:     strings.TrimSpace(f.Group.Name),
		Currency: strings.ToUpper(strings.TrimSpace(f.Group.Currency)),
		FYStart:  time.Month(f.Group.FiscalYearStart),
		FXTable:  resolve(f.Group.FXTable),
		Outputs:  resolve(f.Group.Outputs),
		FX:       map[string]reports.Rate{},
		Hash:     hashBytes(data),
	}
	if !md.IsDefined("group") {
		bad("group", 0, "the [group] table is required")
	}
	if g.Name == "" {
		bad("group.name", 0, "is required")
	}
	if _, err := currency.ParseISO(g.Currency); err != nil || len(g.Currency) != 3 {
		bad("group.currency", 0, "%q is not an ISO 4217 currency code (e.g. CNY, USD, EUR)", f.Group.Currency)
	}
	switch strings.ToLower(f.Group.Language) {
	case "", "en", "en-us", "en-gb", "english":
		g.Language = "en"
	case "zh", "zh-cn", "zh-hans", "chinese", "中文":
		g.Language = "zh-CN"
	default:
		bad("group.language", 0, "%q is not supported (use \"en\" or \"zh-CN\")", f.Group.Language)
	}
	if md.IsDefined("group", "fiscal_year_start") && (g.FYStart < 1 || g.FYStart > 12) {
		bad("group.fiscal_year_start", 0, "%d is not a month number 1–12", f.Group.FiscalYearStart)
	}
	if len(f.Units) == 0 {
		bad("unit", 0, "at least one [[unit]] is required")
	}
	names := map[string]int{}
	summaries := map[string]int{}
	for i, u := range f.Units {
		key := fmt.Sprintf("unit[%d]", i)
		line := nthTable(src, "unit", i)
		gu := GroupUnit{Name: strings.TrimSpace(u.Name), Summary: resolve(strings.TrimSpace(u.Summary)), Inputs: resolve(strings.TrimSpace(u.Inputs))}
		if raw := strings.TrimSpace(u.Summary); strings.HasSuffix(raw, "/") || strings.HasSuffix(raw, string(filepath.Separator)) {
			gu.Summary = filepath.Join(gu.Summary, "summary.json")
		}
		if gu.Name == "" {
			bad(key+".name", line, "is required")
		}
		if u.Summary == "" {
			bad(key+".summary", line, "is required (a summary.json or the folder holding it)")
		}
		if j, dup := names[Normalize(gu.Name)]; dup && gu.Name != "" {
			bad(key+".name", line, "unit %q is listed twice (also unit %d)", gu.Name, j+1)
		}
		names[Normalize(gu.Name)] = i
		if gu.Summary != "" {
			sp := SummaryPath(gu.Summary)
			if j, dup := summaries[filepath.Clean(sp)]; dup {
				bad(key+".summary", line, "%s is unit %d's summary too: the same unit twice", u.Summary, j+1)
			}
			summaries[filepath.Clean(sp)] = i
		}
		g.Units = append(g.Units, gu)
	}
	codes := make([]string, 0, len(f.FX))
	for c := range f.FX {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		key := "fx." + c
		code := strings.ToUpper(strings.TrimSpace(c))
		if _, err := currency.ParseISO(code); err != nil || len(code) != 3 {
			bad(key, 0, "%q is not an ISO 4217 currency code", c)
			continue
		}
		var text string
		switch v := f.FX[c].(type) {
		case float64:
			text = strconv.FormatFloat(v, 'f', -1, 64)
		case int64:
			text = strconv.FormatInt(v, 10)
		case string:
			text = v
		default:
			bad(key, 0, "%v is not a number", v)
			continue
		}
		r, err := reports.ParseRate(text)
		if err != nil {
			bad(key, 0, "%s: %v", text, err)
			continue
		}
		if _, dup := g.FX[code]; dup {
			bad(key, 0, "%s is given twice", code)
		}
		g.FX[code] = r
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return nil, errs
	}
	return g, nil
}

// SummaryPath returns the summary.json a unit's summary setting names: the
// path itself, or summary.json inside it when it is a folder (or ends in a
// separator).
func SummaryPath(p string) string {
	if strings.HasSuffix(p, "/") || strings.HasSuffix(p, string(filepath.Separator)) {
		return filepath.Join(p, "summary.json")
	}
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return filepath.Join(p, "summary.json")
	}
	return p
}

// nthTable returns the line of the n-th (0-based) [[table]] header.
func nthTable(src, table string, n int) int {
	want := "[[" + table + "]]"
	for i, l := range strings.Split(src, "\n") {
		if strings.ReplaceAll(strings.TrimSpace(l), " ", "") == want {
			if n == 0 {
				return i + 1
			}
			n--
		}
	}
	return 0
}
