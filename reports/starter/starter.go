// Package starter creates the working folder of "budgetlens init": a
// commented config.toml, template budget and actuals workbooks with the
// right headers and one example row each, and an empty inbox.
package starter

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/excel"
	"github.com/budgetlens/budgetlens/templates"
)

// Files written by Create, relative to the folder.
const (
	ConfigFile   = "config.toml"
	BudgetFile   = "budget-template.xlsx"
	ActualsFile  = "actuals-template.xlsx"
	InboxDir     = "inbox"
	readmeInInit = "README.txt"
)

// ErrExists is returned when Create would overwrite a user's file.
var ErrExists = errors.New("already exists; not overwritten")

// Config returns the starter config.toml text for a company.
func Config(company, language string) ([]byte, error) {
	src, err := fs.ReadFile(templates.FS, "init/config.toml")
	if err != nil {
		return nil, err
	}
	t, err := template.New("config").Parse(string(src))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Execute(&b, struct{ Company, Language string }{tomlString(company), tomlString(language)})
	return b.Bytes(), err
}

// Create fills dir (created if needed) with the starter files. It never
// overwrites: an existing file makes it fail before anything is written.
func Create(dir, company, language string, year int) ([]string, error) {
	cfg, err := Config(company, language)
	if err != nil {
		return nil, err
	}
	// The starter must load: a bad -lang (or company) fails here, before
	// anything is written, instead of at the user's first run.
	if _, err := config.Parse(filepath.Join(dir, ConfigFile), cfg); err != nil {
		return nil, err
	}
	var budget, actuals bytes.Buffer
	if err := BudgetTemplate(year).Write(&budget); err != nil {
		return nil, err
	}
	if err := ActualsTemplate(year).Write(&actuals); err != nil {
		return nil, err
	}
	files := map[string][]byte{ConfigFile: cfg, BudgetFile: budget.Bytes(), ActualsFile: actuals.Bytes(),
		readmeInInit: []byte(readme)}
	order := []string{ConfigFile, BudgetFile, ActualsFile, readmeInInit}
	for _, name := range order {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, name), ErrExists)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, InboxDir), 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, name := range order {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return append(written, filepath.Join(dir, InboxDir)+string(filepath.Separator)), nil
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

const readme = `This folder was made by "budgetlens init".

1. Edit config.toml: company name, stage, revenue, currency, language, channels.
2. Fill budget-template.xlsx (one row per category/channel, one column per month)
   and save it into inbox/ as budget-YYYY.xlsx.
3. Export your spend ledger and funnel results in the shape of
   actuals-template.xlsx and save them into inbox/ as actuals-YYYY-MM.xlsx.
4. Run: budgetlens run -config config.toml   (or: budgetlens watch -config config.toml)
   Reports appear in outputs/; open outputs/index.html.
`

var roleChoices = []string{"awareness", "consideration", "customer", "test", "认知", "考虑", "客户运营", "测试"}

// BudgetTemplate returns the wide budget template: a title row, the
// header, one example row and a total row, with a Role drop-down.
func BudgetTemplate(year int) *excel.Book {
	b := excel.NewBook()
	b.Title = fmt.Sprintf("Marketing budget %d", year)
	s := b.Sheet("Budget")
	header := []any{"Category", "Channel", "Region", "Role"}
	for m := 1; m <= 12; m++ {
		header = append(header, fmt.Sprintf("%d-%02d", year, m))
	}
	header = append(header, "Total")
	s.Title(fmt.Sprintf("Marketing budget %d (one row per category / channel; amounts per month)", year), len(header))
	h := s.BoldRow(header...)
	row := []any{"Digital ads", "SEM", "East", "consideration"}
	for m := 1; m <= 12; m++ {
		row = append(row, reports.Money(50000)*reports.Unit)
	}
	s.Row(append(row, excel.Formula{Expr: fmt.Sprintf("SUM(E%d:P%d)", h+1, h+1), Cached: reports.Money(600000) * reports.Unit})...)
	s.ListValidation("D", h+1, h+500, roleChoices)
	s.ColWidths(16, 18, 10, 14)
	s.Freeze(h, 2)
	return b
}

// ActualsTemplate returns the actuals template: a ledger sheet and a
// funnel sheet, each with its header and one example row.
func ActualsTemplate(year int) *excel.Book {
	b := excel.NewBook()
	b.Title = fmt.Sprintf("Marketing actuals %d", year)
	l := b.Sheet("Ledger")
	l.BoldRow("Date", "Category", "Channel", "Region", "Campaign", "Vendor", "Amount")
	l.Row(time.Date(year, 1, 15, 0, 0, 0, 0, time.UTC), "Digital ads", "SEM", "East", "Brand search Q1", "Baidu", reports.Money(48250)*reports.Unit)
	l.ColWidths(12, 16, 18, 10, 20, 16, 14)
	l.Freeze(1, 0)
	f := b.Sheet("Funnel")
	f.BoldRow("Month", "Channel", "Leads", "MQL", "SQL", "Opportunities", "POC", "Won", "Revenue")
	f.Row(fmt.Sprintf("%d-01", year), "SEM", 300, 110, 40, 18, 9, 3, reports.Money(750000)*reports.Unit)
	f.Freeze(1, 0)
	return b
}
