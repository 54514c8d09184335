package workbook

import (
	"reflect"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// headerOf classifies a header row with the built-in aliases and 2026 as
// the year of month-only headers.
func headerOf(cells ...string) *header {
	return classifyHeader(cells, newAliasTable(nil), monthHint{year: 2026, fyStart: time.January})
}

// layoutCase is one header and what a layout makes of it.
type layoutCase struct {
	name    string
	header  []string
	accept  bool
	missing string
	sums    []int // columns, 0-based
}

func testLayout(t *testing.T, l layout, kind reports.FileKind, name string, cases []layoutCase) {
	t.Helper()
	if l.kind() != kind || l.name() != name {
		t.Errorf("%T: kind %q name %q, want %q %q", l, l.kind(), l.name(), kind, name)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := headerOf(tc.header...)
			got, ok := l.accept(h)
			if ok != tc.accept {
				t.Fatalf("accept(%q) = %v, want %v", tc.header, ok, tc.accept)
			}
			if !ok {
				return
			}
			if m := got.missing(h); m != tc.missing {
				t.Errorf("missing(%q) = %q, want %q", tc.header, m, tc.missing)
			}
			if s := got.sums(h); !reflect.DeepEqual(s, tc.sums) {
				t.Errorf("sums(%q) = %v, want %v", tc.header, s, tc.sums)
			}
		})
	}
}

func TestWideBudgetLayout(t *testing.T) {
	testLayout(t, wideBudget{}, reports.KindBudget, LayoutWide, []layoutCase{
		{"months, quarter and total", []string{"类别", "渠道", "1月", "2月", "3月", "Q1", "全年合计"}, true, "", []int{2, 3, 4, 5, 6}},
		{"a Budget column beside months is the row total", []string{"Category", "Channel", "Jan", "Feb", "Budget"}, true, "", []int{2, 3, 4}},
		{"no category: accepted, category from the channel", []string{"渠道", "1月", "2月"}, true, "", []int{1, 2}},
		{"no channel", []string{"类别", "区域", "1月", "2月"}, true, "channel", []int{2, 3}},
		{"a month column makes it long, not wide", []string{"Month", "Channel", "Budget"}, false, "", nil},
		{"a date column makes it a ledger", []string{"Date", "Channel", "Amount", "Jan"}, false, "", nil},
	})
}

func TestLongBudgetLayout(t *testing.T) {
	testLayout(t, longBudget{}, reports.KindBudget, LayoutLong, []layoutCase{
		{"month, channel, budget", []string{"Month", "Category", "Channel", "Budget"}, true, "", []int{3}},
		{"a date stands for the month", []string{"Date", "Channel", "预算"}, true, "", []int{2}},
		{"no month", []string{"Category", "Channel", "Budget"}, true, "month", []int{2}},
		{"budget vs actual: both are checked", []string{"Month", "Channel", "Budget", "Actual"}, true, "", []int{2, 3}},
		{"amount only is not a budget", []string{"Month", "Channel", "Amount"}, false, "", nil},
	})
}

func TestLedgerLayout(t *testing.T) {
	testLayout(t, ledgerSheet{}, reports.KindLedger, "", []layoutCase{
		{"date, channel, amount", []string{"日期", "类别", "渠道", "金额"}, true, "", []int{3}},
		{"by month", []string{"Month", "Channel", "Amount"}, true, "", []int{2}},
		{"ERP: debit, credit, channel in 辅助核算", []string{"凭证日期", "摘要", "借方金额", "贷方金额", "辅助核算"}, true, "", []int{2, 3}},
		{"ERP: credit only", []string{"凭证日期", "渠道", "贷方金额"}, true, "", []int{2}},
		{"with funnel columns, revenue is checked too", []string{"Date", "Channel", "Amount", "Leads", "Revenue"}, true, "", []int{2, 4}},
		{"no channel anywhere", []string{"Date", "Category", "Amount"}, true, "channel", []int{2}},
		{"no date", []string{"Channel", "Amount"}, true, "date", []int{1}},
		{"no amount", []string{"Date", "Channel", "Leads"}, false, "", nil},
	})
	if l, _ := (ledgerSheet{}).accept(headerOf("Date", "Channel", "Amount", "MQL")); l != (ledgerSheet{funnel: true}) {
		t.Errorf("a ledger with funnel columns: got %#v, want funnel set", l)
	}
}

func TestFunnelLayout(t *testing.T) {
	testLayout(t, funnelSheet{}, reports.KindFunnel, "", []layoutCase{
		{"month, channel, counts, revenue", []string{"月份", "渠道", "线索", "MQL", "赢单", "收入"}, true, "", []int{5}},
		{"counts without revenue", []string{"Month", "Channel", "Leads"}, true, "", nil},
		{"by date", []string{"Date", "Channel", "Leads"}, true, "", nil},
		{"no channel", []string{"Month", "Leads", "Won"}, true, "channel", nil},
		{"revenue alone is not a funnel", []string{"Month", "Channel", "Revenue"}, false, "", nil},
	})
}

// TestLayoutOrder pins which layout reads a header that several accept.
func TestLayoutOrder(t *testing.T) {
	for _, tc := range []struct {
		header []string
		want   layout
	}{
		{[]string{"Category", "Channel", "Jan", "Feb", "Budget"}, wideBudget{}},
		{[]string{"Month", "Channel", "Budget", "Amount"}, longBudget{actual: true}},
		{[]string{"Date", "Channel", "Amount", "Leads"}, ledgerSheet{funnel: true}},
		{[]string{"Month", "Channel", "Leads", "Revenue"}, funnelSheet{}},
		{[]string{"Name", "Channel", "Notes"}, nil},
	} {
		if got := chooseLayout(headerOf(tc.header...)); got != tc.want {
			t.Errorf("chooseLayout(%q) = %#v, want %#v", tc.header, got, tc.want)
		}
	}
}
