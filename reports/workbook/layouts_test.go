package workbook

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// mergedBook writes one sheet the way Excel and WPS save a form with
// merged header cells: the text in the top-left cell of each merge, the
// other cells of the merge empty.
func mergedBook(t *testing.T, name, sheet string, rows [][]any, merges ...[2]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range merges {
		if err := f.MergeCell(sheet, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// budgetOf sums a book's budget per "category/channel" and month.
func budgetOf(b *reports.Book) map[string]reports.Money {
	out := map[string]reports.Money{}
	for k, v := range b.Plan {
		out[k.Category+"/"+k.Channel+" "+k.Month.String()] += v
	}
	return out
}

// spendOf sums a book's actual spend per "category/channel/region".
func spendOf(b *reports.Book) map[string]reports.Money {
	out := map[string]reports.Money{}
	for k, v := range b.Spend {
		out[k.Category+"/"+k.Channel+"/"+k.Region] += v
	}
	return out
}

func readOne(t *testing.T, path string, opt Options) (reports.FileReport, *reports.Book) {
	t.Helper()
	book := reports.NewBook()
	fr := ReadFile(context.Background(), path, opt, book)
	if fr.Err != nil {
		t.Fatalf("got error %v", fr.Err)
	}
	if len(fr.Sheets) != 1 {
		t.Fatalf("got %d sheets, want 1", len(fr.Sheets))
	}
	return fr, book
}

func checkMap(t *testing.T, what string, got, want map[string]reports.Money) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s %s: got %v, want %v", what, k, got[k], w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s %s: got %v, want none", what, k, g)
		}
	}
}

func checkProblems(t *testing.T, fr reports.FileReport, want ...string) {
	t.Helper()
	if got := problemLines(fr); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\ngot  %q\nwant %q", got, want)
	}
}

// TestQuarterHeaderMergedAboveMonths reads a fiscal-year budget saved from
// WPS: a title merged across the sheet, 类别 and 渠道 merged down over two
// header rows, each quarter merged over its three months and their 小计,
// and 全年合计 merged down. Before, the sheet was skipped as "no budget
// columns" because the first header row names no month.
func TestQuarterHeaderMergedAboveMonths(t *testing.T) {
	rows := [][]any{
		{"2026财年市场预算（单位：元）"},
		{"类别", "渠道", "Q1", nil, nil, nil, "Q2", nil, nil, nil, "全年合计"},
		{nil, nil, "7月", "8月", "9月", "小计", "10月", "11月", "12月", "小计"},
		{"数字广告", "百度SEM", 100, 200, 300, 600, 400, 500, 600, 1500, 2100},
		{nil, "LinkedIn", 10, 10, 10, 30, 10, 10, 10, 31, 61},
		{"合计", nil, 110, 210, 310, 630, 410, 510, 610, 1531, 2161},
	}
	path := mergedBook(t, "budget-2026.xlsx", "预算", rows,
		[2]string{"A1", "K1"}, [2]string{"A2", "A3"}, [2]string{"B2", "B3"},
		[2]string{"C2", "F2"}, [2]string{"G2", "J2"}, [2]string{"K2", "K3"})
	fr, book := readOne(t, path, Options{FYStart: time.July})
	want := reports.SheetReport{Sheet: "预算", Kind: reports.KindBudget, Layout: LayoutWide, Header: 2, Used: 2,
		Skipped: 2, Skips: reports.SkipCounts{Title: 1, Subtotal: 1}, Total: yuan(2160), First: mon(2026, 7), Last: mon(2026, 12)}
	if fr.Sheets[0] != want {
		t.Errorf("sheet:\ngot  %+v\nwant %+v", fr.Sheets[0], want)
	}
	checkMap(t, "budget", budgetOf(book), map[string]reports.Money{
		"数字广告/百度SEM 2026-07": yuan(100), "数字广告/百度SEM 2026-08": yuan(200), "数字广告/百度SEM 2026-09": yuan(300),
		"数字广告/百度SEM 2026-10": yuan(400), "数字广告/百度SEM 2026-11": yuan(500), "数字广告/百度SEM 2026-12": yuan(600),
		"数字广告/LinkedIn 2026-07": yuan(10), "数字广告/LinkedIn 2026-08": yuan(10), "数字广告/LinkedIn 2026-09": yuan(10),
		"数字广告/LinkedIn 2026-10": yuan(10), "数字广告/LinkedIn 2026-11": yuan(10), "数字广告/LinkedIn 2026-12": yuan(10),
	})
	// The quarter subtotals under the merged quarter labels are checked
	// like quarter columns: LinkedIn's Q2 小计 and 全年合计 are one yuan
	// off (the 合计 row adds the cells as written, so it agrees).
	checkProblems(t, fr,
		`budget-2026.xlsx: 预算!J5: Q2小计 says 31.00 but the row's months add up to 30.00`,
		`budget-2026.xlsx: 预算!K5: 全年合计 says 61.00 but the row's months add up to 60.00`,
	)
}

// TestQuarterLabelsAboveHeaderRow reads quarter labels merged over the
// months in a row of their own above the header row, and warns when they
// contradict the configured fiscal year: Q1 above 7月 while the fiscal
// year starts in January.
func TestQuarterLabelsAboveHeaderRow(t *testing.T) {
	rows := [][]any{
		{nil, nil, "Q1", nil, nil, "Q2"},
		{"Category", "Channel", "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"},
		{"Events", "Expo", 1, 2, 3, 4},
	}
	path := mergedBook(t, "plan.xlsx", "Plan", rows, [2]string{"C1", "E1"})
	for _, tc := range []struct {
		start    time.Month
		problems []string
	}{
		{time.July, nil},
		{time.January, []string{`plan.xlsx: Plan!C1: "Q1" stands above "Jul 2026", which fiscal_year_start = 1 puts in Q3; the months are read as their headers say, but check [company] fiscal_year_start in config.toml`}},
	} {
		fr, book := readOne(t, path, Options{FYStart: tc.start})
		want := reports.SheetReport{Sheet: "Plan", Kind: reports.KindBudget, Layout: LayoutWide, Header: 1, Used: 1,
			Total: yuan(10), First: mon(2026, 7), Last: mon(2026, 10)}
		if fr.Sheets[0] != want {
			t.Errorf("start %v: sheet:\ngot  %+v\nwant %+v", tc.start, fr.Sheets[0], want)
		}
		if got := budgetOf(book)["Events/Expo 2026-10"]; got != yuan(4) {
			t.Errorf("start %v: October: got %v, want 4", tc.start, got)
		}
		checkProblems(t, fr, tc.problems...)
	}
}

// noCategoryNote is the note on a sheet without a category column whose
// channel 行业展会 has no configured category.
const noCategoryNote = "no Category column, and config.toml gives no [[channel]] category for 行业展会: " +
	"their lines take the channel's name as category (set category under [[channel]] to group them)"

// TestLongBudgetWithoutCategory reads a budget of month, channel and
// amount only: the category is the one configured for the channel, else
// the channel's name, and the decision is a note. A sheet headed 金额 is
// the budget because the file says so.
func TestLongBudgetWithoutCategory(t *testing.T) {
	cats := func(ch string) string {
		if ch == "百度SEM" {
			return "数字广告"
		}
		return ""
	}
	for _, tc := range []struct {
		name, file, amount string
		problems           []string
	}{
		{"budget column", "plan-2026.xlsx", "预算", []string{
			"plan-2026.xlsx: 预算 row 1: " + noCategoryNote}},
		{"amount column in a budget file", "budget-2026.xlsx", "金额", []string{
			`budget-2026.xlsx: 预算 row 1: the file or sheet name says budget, so the "金额" column is read as the budget, not as spend`,
			"budget-2026.xlsx: 预算 row 1: " + noCategoryNote}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeBook(t, tc.file, sheetRows{"预算", [][]any{
				{"月份", "渠道", tc.amount},
				{"2026-01", "百度SEM", "150,000"},
				{"2026-02", "百度SEM", 160000},
				{"2026-01", "行业展会", 80000},
			}})
			fr, book := readOne(t, path, Options{ChannelCategory: cats})
			if s := fr.Sheets[0]; s.Kind != reports.KindBudget || s.Layout != LayoutLong || s.Used != 3 || s.Total != yuan(390000) {
				t.Errorf("sheet: got %+v, want a long budget of 3 rows totalling 390,000", s)
			}
			checkMap(t, "budget", budgetOf(book), map[string]reports.Money{
				"数字广告/百度SEM 2026-01": yuan(150000), "数字广告/百度SEM 2026-02": yuan(160000), "行业展会/行业展会 2026-01": yuan(80000),
			})
			checkProblems(t, fr, tc.problems...)
		})
	}
}

// TestMonthAmountSheetOutsideBudgetFile keeps reading month/channel/amount
// as spend by month when the file is not named as a budget, and skips a
// channel-by-month table without categories in an actuals file, saying why.
func TestMonthAmountSheetOutsideBudgetFile(t *testing.T) {
	path := writeBook(t, "actuals-2026-03.xlsx", sheetRows{"Spend", [][]any{
		{"Month", "Channel", "Amount"},
		{"2026-03", "SEM", 1200},
	}})
	fr, book := readOne(t, path, Options{})
	if s := fr.Sheets[0]; s.Kind != reports.KindLedger || s.Used != 1 {
		t.Errorf("sheet: got %+v, want a ledger with 1 row", s)
	}
	checkMap(t, "spend", spendOf(book), map[string]reports.Money{"SEM/SEM/": yuan(1200)})

	path = writeBook(t, "actuals-2026-03.xlsx", sheetRows{"汇总", [][]any{
		{"渠道", "1月", "2月", "3月"},
		{"百度SEM", 100, 200, 300},
	}})
	fr, book = readOne(t, path, Options{Year: 2026})
	note := "a channel-by-month table without categories in an actuals file is a summary of spend, not a budget; sheet skipped " +
		"(spend is read from a ledger with a Date column; put a budget in a file named budget-2026.xlsx)"
	want := reports.SheetReport{Sheet: "汇总", Kind: reports.KindUnknown, Header: 1, Skipped: 1, Skips: reports.SkipCounts{Note: 1}, Refused: note}
	if fr.Sheets[0] != want {
		t.Errorf("sheet:\ngot  %+v\nwant %+v", fr.Sheets[0], want)
	}
	if len(book.Plan)+len(book.Spend) != 0 {
		t.Errorf("got budget %v spend %v, want nothing read", book.Plan, book.Spend)
	}
	checkProblems(t, fr, "actuals-2026-03.xlsx: 汇总 row 1: "+note)
	if sum := Summary(fr, nil); !strings.Contains(sum, "  汇总: skipped: "+note+"\n") {
		t.Errorf("check summary %q does not say why 汇总 was skipped", sum)
	}
}

// TestERPLedger reads a voucher export from a Chinese ERP: 凭证日期,
// 摘要, 借方金额/贷方金额 (a credit note is a credit, so the amount is
// negative) and the channel inside 辅助核算. Month-total and year-to-date
// rows are balances, not spend.
func TestERPLedger(t *testing.T) {
	path := mergedBook(t, "actuals-2026-03.xlsx", "明细账", [][]any{
		{"销售费用明细账", nil, nil, nil, nil, nil},
		{"凭证日期", "凭证字号", "摘要", "借方金额", "贷方金额", "辅助核算"},
		{"2026-03-05", "记-12", "支付百度推广费", "12,000.00", nil, "渠道:百度SEM;部门:市场部"},
		{"2026-03-09", "记-18", "展会展位费", 50000, nil, "【渠道：行业展会】【部门：市场部】【供应商：会展公司】"},
		{"2026-03-20", "记-31", "百度返点冲减", nil, "1,500.00", "部门:市场部;渠道:百度SEM"},
		{"2026-03-21", "记-33", "办公用品", 300, nil, "部门:行政部"},
		{"2026-03-31", nil, "本月合计", "62,300.00", "1,500.00", nil},
		{"2026-03-31", nil, "本年累计", "180,000.00", "1,500.00", nil},
	}, [2]string{"A1", "F1"})
	fr, book := readOne(t, path, Options{ChannelCategory: func(ch string) string {
		if ch == "百度SEM" {
			return "数字广告"
		}
		return ""
	}})
	want := reports.SheetReport{Sheet: "明细账", Kind: reports.KindLedger, Header: 2, Used: 3, Rejected: 1,
		Skipped: 3, Skips: reports.SkipCounts{Title: 1, Subtotal: 2}, Total: yuan(60500), First: mon(2026, 3), Last: mon(2026, 3)}
	if fr.Sheets[0] != want {
		t.Errorf("sheet:\ngot  %+v\nwant %+v", fr.Sheets[0], want)
	}
	checkMap(t, "spend", spendOf(book), map[string]reports.Money{"数字广告/百度SEM/": yuan(10500), "行业展会/行业展会/": yuan(50000)})
	if got := book.Vendors["会展公司"]; got != yuan(50000) {
		t.Errorf("vendor from 辅助核算: got %v, want 50,000", got)
	}
	checkProblems(t, fr,
		`actuals-2026-03.xlsx: 明细账!F6: no channel: the row has no Channel column and its auxiliary accounting "部门:行政部" names none (write it as 渠道:百度;部门:市场部)`,
		"actuals-2026-03.xlsx: 明细账 row 2: "+noCategoryNote,
	)
}

// TestDecimalComma reads amounts typed as text with a decimal comma when
// the config says so; number cells stay numbers, and a text amount with a
// decimal point is rejected with a hint instead of read 1,000 times off.
func TestDecimalComma(t *testing.T) {
	path := writeBook(t, "actuals-2026-03.xlsx", sheetRows{"Buchungen", [][]any{
		{"Date", "Category", "Channel", "Amount"},
		{"2026-03-01", "Events", "Messe", "1.234,56"},
		{"2026-03-02", "Events", "Messe", "(200,50)"},
		{"2026-03-03", "Events", "Messe", "1.000"},
		{"2026-03-04", "Events", "Messe", "2 500,00"},
		{"2026-03-05", "Events", "Messe", 1.5},
		{"2026-03-06", "Events", "Messe", "1,234.56"},
	}})
	fr, book := readOne(t, path, Options{DecimalComma: true})
	// 1234.56 − 200.50 + 1000 + 2500 + 1.5
	if got, want := spendOf(book)["Events/Messe/"], reports.Money(45355600); got != want {
		t.Errorf("spend: got %v, want %v", got, want)
	}
	checkProblems(t, fr,
		`actuals-2026-03.xlsx: Buchungen!D7: "1,234.56" is not an amount written with a decimal comma (1.234,56), as [input] decimal = "comma" in config.toml says`)

	// Without the setting, the same text cells are read the usual way.
	fr, _ = readOne(t, path, Options{})
	if s := fr.Sheets[0]; s.Used != 3 || s.Rejected != 3 {
		t.Errorf("decimal point: got %d used, %d rejected, want 3 and 3 (\"1.234,56\", \"(200,50)\", \"2 500,00\")", s.Used, s.Rejected)
	}
}

// TestDecimalCommaDatesAndCounts: where a decimal comma is written, dates
// with dots put the day first (05.03.2026 is 5 March) and funnel counts
// group thousands with dots (1.234 leads).
func TestDecimalCommaDatesAndCounts(t *testing.T) {
	path := writeBook(t, "actuals-2026-03.xlsx", sheetRows{"Buchungen", [][]any{
		{"Date", "Category", "Channel", "Amount", "Leads"},
		{"05.03.2026", "Events", "Messe", "1.000,00", "1.234"},
		{"31.02.2026", "Events", "Messe", "1,00", nil},
	}})
	fr, book := readOne(t, path, Options{DecimalComma: true})
	if got := spendOf(book)["Events/Messe/"]; got != yuan(1000) {
		t.Errorf("spend: got %v, want 1,000", got)
	}
	if _, ok := book.Spend[reports.ActualKey{LineKey: reports.LineKey{Category: "Events", Channel: "Messe"}, Month: mon(2026, 3)}]; !ok {
		t.Errorf("05.03.2026 is not in March 2026: %v", book.Spend)
	}
	var leads int64
	for _, f := range book.Funnels {
		leads += f.Leads
	}
	if leads != 1234 {
		t.Errorf("leads: got %d, want 1234", leads)
	}
	checkProblems(t, fr, `actuals-2026-03.xlsx: Buchungen!A3: "31.02.2026" is not a date`)

	// With a decimal point, 05.03.2026 stays ambiguous.
	fr, _ = readOne(t, path, Options{})
	if got := problemLines(fr); len(got) == 0 || !strings.Contains(got[0], `"05.03.2026" is an ambiguous date`) {
		t.Errorf("decimal point: got %q, want 05.03.2026 ambiguous", got)
	}
}

func TestCommaDecimal(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"1.234,56", "1,234.56"},
		{"-1.234.567,8", "-1,234,567.8"},
		{"12,5", "12.5"},
		{"1 234,56", "1234.56"},
		{"1'234,56", "1234.56"},
		{"€ 1.234,56", "€ 1,234.56"},
		{"1,234.56", "1.234,56"},
	} {
		if got := commaDecimal(tt.in); got != tt.want {
			t.Errorf("commaDecimal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLayoutNotesInChinese(t *testing.T) {
	zh, err := i18n.Load("zh-CN", "CNY")
	if err != nil {
		t.Fatal(err)
	}
	path := writeBook(t, "actuals-2026-03.xlsx", sheetRows{"明细", [][]any{
		{"凭证日期", "摘要", "借方金额", "贷方金额", "辅助核算"},
		{"2026-03-05", "推广费", 100, nil, "部门:市场部"},
		{"2026-03-06", "推广费", 100, nil, "渠道:百度;部门:市场部"},
		{"2026-03-07", "展会", 100, nil, "渠道:展会;部门:市场部"},
	}})
	fr, _ := readOne(t, path, Options{Lang: zh})
	checkProblems(t, fr,
		`actuals-2026-03.xlsx: 明细!E2: 缺少渠道：该行没有“渠道”列，辅助核算“部门:市场部”中也未写明渠道（请写作“渠道:百度;部门:市场部”）`,
		"actuals-2026-03.xlsx: 明细 row 1: 没有“类别”列，且config.toml未给百度、展会配置[[channel]] category：这些行以渠道名称作为类别（可在[[channel]]中设置category归类）")
}

// TestNoCategoryConfigured: when config.toml gives every channel of a
// category-less sheet its category, there is nothing to note.
func TestNoCategoryConfigured(t *testing.T) {
	path := writeBook(t, "budget-2026.xlsx", sheetRows{"预算", [][]any{
		{"月份", "渠道", "预算"},
		{"2026-01", "百度SEM", 100},
		{"2026-01", "行业展会", 200},
	}})
	cats := map[string]string{"百度SEM": "数字广告", "行业展会": "展会活动"}
	fr, book := readOne(t, path, Options{ChannelCategory: func(ch string) string { return cats[ch] }})
	checkMap(t, "budget", budgetOf(book), map[string]reports.Money{"数字广告/百度SEM 2026-01": yuan(100), "展会活动/行业展会 2026-01": yuan(200)})
	checkProblems(t, fr)
}

// TestRegionFillsDownOnlyAsOuterLevel reads a budget whose region column
// is right of the channel (an attribute: blank means not split by region)
// and one whose region is left of it and merged down over its channels
// (an outer level: blank cells repeat the region above).
func TestRegionFillsDownOnlyAsOuterLevel(t *testing.T) {
	regionsOf := func(b *reports.Book) map[string]reports.Money {
		out := map[string]reports.Money{}
		for k, v := range b.Plan {
			out[k.Channel+"/"+k.Region] += v
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		rows   [][]any
		merges [][2]string
		want   map[string]reports.Money
	}{
		{"region right of channel", [][]any{
			{"类别", "渠道", "区域", "1月"},
			{"数字广告", "百度SEM", "华东", 90000},
			{nil, "百度SEM", "华北", 60000},
			{nil, "LinkedIn广告", nil, 40000},
			{"内容营销", "SEO", nil, 20000},
		}, [][2]string{{"A2", "A4"}}, map[string]reports.Money{
			"百度SEM/华东": yuan(90000), "百度SEM/华北": yuan(60000), "LinkedIn广告/": yuan(40000), "SEO/": yuan(20000),
		}},
		{"region left of channel, merged down", [][]any{
			{"类别", "区域", "渠道", "1月"},
			{"数字广告", "华东", "百度SEM", 90000},
			{nil, nil, "LinkedIn广告", 40000},
			{nil, "华北", "百度SEM", 60000},
			{nil, nil, "LinkedIn广告", 30000},
		}, [][2]string{{"A2", "A5"}, {"B2", "B3"}, {"B4", "B5"}}, map[string]reports.Money{
			"百度SEM/华东": yuan(90000), "LinkedIn广告/华东": yuan(40000), "百度SEM/华北": yuan(60000), "LinkedIn广告/华北": yuan(30000),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := mergedBook(t, "budget-2026.xlsx", "预算", tc.rows, tc.merges...)
			_, book := readOne(t, path, Options{})
			checkMap(t, "budget by channel/region", regionsOf(book), tc.want)
		})
	}
}
