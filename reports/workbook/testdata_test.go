package workbook

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// sumSink totals what a reader sends, per kind, without keeping rows.
type sumSink struct {
	budget, spend reports.Money
	funnel        reports.Funnel
	budgets       int
	entries       int
	funnels       int
	months        map[reports.Month]bool
}

func (s *sumSink) Budget(l reports.BudgetLine) {
	s.budget += l.Amount
	s.budgets++
	s.month(l.Month)
}
func (s *sumSink) Actual(e reports.Entry) {
	s.spend += e.Amount
	s.entries++
	s.month(reports.MonthOf(e.Date))
}
func (s *sumSink) FunnelRow(r reports.FunnelRow) {
	s.funnel = s.funnel.Add(r.Funnel)
	s.funnels++
	s.month(r.Month)
}
func (s *sumSink) month(m reports.Month) {
	if s.months == nil {
		s.months = map[reports.Month]bool{}
	}
	s.months[m] = true
}

func yuan(v int64) reports.Money { return reports.Money(v) * reports.Unit }

func mon(y int, m time.Month) reports.Month { return reports.Month{Year: y, Month: m} }

// noHeaderNote is why a sheet without a header row is skipped.
const noHeaderNote = "no header row naming at least two known columns in the first 50 rows; sheet skipped " +
	"(a budget needs Channel and month columns, a ledger Date, Channel and Amount; other header names go under [aliases] in config.toml)"

// TestTestdata pins what each real workbook in testdata must yield.
func TestTestdata(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		sheets   []reports.SheetReport
		budget   reports.Money
		spend    reports.Money
		funnel   reports.Funnel
		problems []string
	}{
		{
			name: "LibreOffice wide budget with subtotals and a wrong row total",
			file: "libreoffice/budget-2026.xlsx",
			sheets: []reports.SheetReport{{Sheet: "budget-2026", Kind: reports.KindBudget, Layout: "wide", Header: 3,
				Used: 4, Skipped: 4, Total: yuan(110000), First: mon(2026, 1), Last: mon(2026, 3),
				Skips: reports.SkipCounts{Title: 1, Blank: 1, Subtotal: 2}}},
			budget:   yuan(110000),
			problems: []string{`budget-2026.xlsx: budget-2026!H8: 合计 says 15,001.00 but the row's months add up to 15,000.00`},
		},
		{
			name: "LibreOffice ledger with funnel columns, a bad amount and a total row",
			file: "libreoffice/actuals-2026-03.xlsx",
			sheets: []reports.SheetReport{{Sheet: "actuals-2026-03", Kind: reports.KindLedger, Header: 2,
				Used: 5, Skipped: 3, Rejected: 1, Total: 341456000, First: mon(2026, 3), Last: mon(2026, 3),
				Skips: reports.SkipCounts{Title: 1, Blank: 1, Subtotal: 1}}},
			spend:    341456000,
			funnel:   reports.Funnel{Leads: 175},
			problems: []string{`actuals-2026-03.xlsx: actuals-2026-03!G7: "12,3x4" is not an amount`},
		},
		{
			name: "LibreOffice funnel sheet",
			file: "libreoffice/funnel-2026.xlsx",
			sheets: []reports.SheetReport{{Sheet: "funnel-2026", Kind: reports.KindFunnel, Header: 1,
				Used: 3, Total: yuan(650000), First: mon(2026, 1), Last: mon(2026, 3)}},
			funnel: reports.Funnel{Leads: 300, MQL: 120, SQL: 55, Opps: 27, POC: 13, Won: 6, Revenue: yuan(650000)},
		},
		{
			name: "hand-made WPS-style long budget in the 1904 date system with a merged category",
			file: "handmade/wps-budget-long-1904.xlsx",
			sheets: []reports.SheetReport{{Sheet: "预算", Kind: reports.KindBudget, Layout: "long", Header: 1,
				Used: 3, Skipped: 1, Total: 130005000, First: mon(2026, 1), Last: mon(2026, 3),
				Skips: reports.SkipCounts{Subtotal: 1}}},
			budget: 130005000,
		},
		{
			name: "hand-made Excel-style actuals: instructions, inline strings, shared formulas, funnel sheet",
			file: "handmade/actuals-2026-03-excel-style.xlsx",
			sheets: []reports.SheetReport{
				{Sheet: "说明", Kind: reports.KindUnknown, Refused: noHeaderNote},
				{Sheet: "支出明细", Kind: reports.KindLedger, Header: 1, Used: 4, Rejected: 1, Total: yuan(20000), First: mon(2026, 3), Last: mon(2026, 3)},
				{Sheet: "漏斗", Kind: reports.KindFunnel, Header: 1, Used: 1, Total: yuan(50000), First: mon(2026, 3), Last: mon(2026, 3)},
			},
			spend:  yuan(20000),
			funnel: reports.Funnel{Leads: 10, MQL: 5, SQL: 2, Opps: 1, Won: 1, Revenue: yuan(50000)},
			problems: []string{
				`actuals-2026-03-excel-style.xlsx: 说明: ` + noHeaderNote,
				`actuals-2026-03-excel-style.xlsx: 支出明细!A5: "3/4/2026" is an ambiguous date; write it as 2026-03-15`,
			},
		},
		{
			name: "LibreOffice wide budget running April to March, quarters after their months, calendar fiscal year configured",
			file: "libreoffice/budget-2026-fy.xlsx",
			sheets: []reports.SheetReport{{Sheet: "budget-2026-fy", Kind: reports.KindBudget, Layout: "wide", Header: 2,
				Used: 3, Skipped: 4, Total: yuan(2900), First: mon(2026, 4), Last: mon(2027, 3),
				Skips: reports.SkipCounts{Title: 1, Subtotal: 3}}},
			budget: yuan(2900),
		},
		{
			name: "LibreOffice wide budget in 万元 (title row), 2026.01 headers with October as the number 2026.1, Q1合计 and 上半年",
			file: "libreoffice/budget-2026-wan.xlsx",
			sheets: []reports.SheetReport{{Sheet: "budget-2026-wan", Kind: reports.KindBudget, Layout: "wide", Header: 4,
				Used: 2, Skipped: 4, Total: yuan(1860000), First: mon(2026, 1), Last: mon(2026, 12),
				Skips: reports.SkipCounts{Title: 3, Subtotal: 1}}},
			budget: yuan(1860000),
		},
		{
			name: "LibreOffice funnel with 线索数/MQL数/赢单数 and revenue in 万元",
			file: "libreoffice/funnel-wan-2026.xlsx",
			sheets: []reports.SheetReport{{Sheet: "funnel-wan-2026", Kind: reports.KindFunnel, Header: 1,
				Used: 3, Total: yuan(505000), First: mon(2026, 1), Last: mon(2026, 3)}},
			funnel: reports.Funnel{Leads: 300, MQL: 120, Opps: 27, Won: 6, Revenue: yuan(505000)},
		},
		{
			name: "LibreOffice ledger under a title block in 万元, spaced headers, reordered and extra columns",
			file: "libreoffice/actuals-2026-04-messy.xlsx",
			sheets: []reports.SheetReport{{Sheet: "actuals-2026-04-messy", Kind: reports.KindLedger, Header: 6,
				Used: 3, Skipped: 5, Rejected: 1, Total: yuan(43000), First: mon(2026, 4), Last: mon(2026, 4),
				Skips: reports.SkipCounts{Title: 4, Blank: 1}}},
			spend:    yuan(43000),
			problems: []string{`actuals-2026-04-messy.xlsx: actuals-2026-04-messy!A10: "1.2万" carries its own unit, but the column header or the sheet already states one (×10,000); write the number only`},
		},
		{
			name: "LibreOffice ERP ledger typed as text: d/m and m/d dates, 21-Mar-2026, trailing minus, total and footnote",
			file: "libreoffice/actuals-erp-2026-03.xlsx",
			sheets: []reports.SheetReport{{Sheet: "actuals-erp-2026-03", Kind: reports.KindLedger, Header: 4,
				Used: 5, Skipped: 7, Total: yuan(6700), First: mon(2026, 3), Last: mon(2026, 3),
				Skips: reports.SkipCounts{Title: 2, Blank: 3, Subtotal: 1, Note: 1}}},
			spend: yuan(6700),
		},
		{
			name: "LibreOffice long budget in Traditional Chinese with NT$ and 萬",
			file: "libreoffice/budget-2026-tw.xlsx",
			sheets: []reports.SheetReport{{Sheet: "budget-2026-tw", Kind: reports.KindBudget, Layout: "long", Header: 4,
				Used: 4, Skipped: 4, Total: yuan(440000), First: mon(2026, 4), Last: mon(2026, 5),
				Skips: reports.SkipCounts{Title: 2, Blank: 1, Subtotal: 1}}},
			budget: yuan(440000),
		},
		{
			name: "hand-made Google-Sheets-style ledger: read-me and hidden empty sheets, *headers, USD k, text dates, error cell",
			file: "handmade/gsheets-actuals-2026-03.xlsx",
			sheets: []reports.SheetReport{
				{Sheet: "Read me", Kind: reports.KindUnknown, Refused: noHeaderNote},
				{Sheet: "Sheet2", Kind: reports.KindUnknown},
				{Sheet: "Ledger", Kind: reports.KindLedger, Header: 1, Used: 4, Rejected: 1, Total: yuan(5450), First: mon(2026, 3), Last: mon(2026, 3)},
			},
			spend: yuan(5450),
			problems: []string{
				`gsheets-actuals-2026-03.xlsx: Read me: ` + noHeaderNote,
				`gsheets-actuals-2026-03.xlsx: Ledger!D5: "#N/A" is not an amount`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sink sumSink
			fr := ReadFile(context.Background(), filepath.Join("testdata", tt.file), Options{}, &sink)
			if fr.Err != nil {
				t.Fatalf("got error %v", fr.Err)
			}
			if len(fr.SHA256) != 64 || fr.Size == 0 || fr.Name != filepath.Base(tt.file) {
				t.Errorf("got Name %q Size %d SHA256 %q, want the file's identity", fr.Name, fr.Size, fr.SHA256)
			}
			if len(fr.Sheets) != len(tt.sheets) {
				t.Fatalf("got %d sheets %+v, want %d", len(fr.Sheets), fr.Sheets, len(tt.sheets))
			}
			for i, want := range tt.sheets {
				got := fr.Sheets[i]
				if got != want {
					t.Errorf("sheet %d:\ngot  %+v\nwant %+v", i, got, want)
				}
			}
			if sink.budget != tt.budget || sink.spend != tt.spend || sink.funnel != tt.funnel {
				t.Errorf("got budget %v spend %v funnel %+v, want %v %v %+v", sink.budget, sink.spend, sink.funnel, tt.budget, tt.spend, tt.funnel)
			}
			var got []string
			for _, p := range fr.Problems {
				got = append(got, p.Error())
			}
			if !slices.Equal(got, tt.problems) {
				t.Errorf("problems:\ngot  %q\nwant %q", got, tt.problems)
			}
		})
	}
}
