package samples

import (
	"fmt"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/excel"
)

// File is one sample workbook and the name it is saved under.
type File struct {
	Name string
	Book *excel.Book
}

// Files returns the sample workbooks: the budget first, then last year's
// ledger, then the actuals in month order.
func (s *Set) Files() []File {
	files := []File{{Name: fmt.Sprintf("budget-%d.xlsx", s.Year), Book: s.budgetBook()}}
	if len(s.Prior) > 0 {
		files = append(files, File{Name: fmt.Sprintf("actuals-%d.xlsx", s.Year-1), Book: s.priorBook()})
	}
	for _, a := range s.Actuals {
		files = append(files, File{Name: fmt.Sprintf("actuals-%s.xlsx", a.Month), Book: s.actualsBook(a)})
	}
	if len(s.Commentary) > 0 {
		files = append(files, File{Name: fmt.Sprintf("commentary-%d.xlsx", s.Year), Book: s.commentaryBook()})
	}
	return files
}

// commentaryBook writes the commentary workbook: a title row and one note
// per row under 期间 | 项目 | 说明.
func (s *Set) commentaryBook() *excel.Book {
	b := excel.NewBook()
	b.Title = fmt.Sprintf("%s %d年市场费用差异说明", s.Company, s.Year)
	b.Creator = s.Company + " 市场部"
	sh := b.Sheet("差异说明")
	sh.Title(fmt.Sprintf("%d年市场费用差异说明", s.Year), 3)
	commentRows(sh, s.Commentary)
	return b
}

// commentRows writes a commentary sheet's header and rows.
func commentRows(sh *excel.SheetWriter, cs []Comment) {
	header := sh.BoldRow("期间", "项目", "说明")
	sh.Freeze(header, 0)
	sh.ColWidths(12, 16, 80)
	for _, c := range cs {
		sh.Row(c.Period, c.Line, c.Text)
	}
}

// roleZH is how the budget's 角色 column names the roles.
func roleZH(r reports.Role) string {
	switch r {
	case reports.RoleAwareness:
		return "认知"
	case reports.RoleConsideration:
		return "考虑"
	case reports.RoleCustomer:
		return "客户运营"
	case reports.RoleTest:
		return "测试"
	}
	return ""
}

const (
	colFirstMonth = 5 // E
	colTotal      = colFirstMonth + 12
)

// budgetBook writes the budget in the wide layout people use: a merged
// title, a blank row, the header, each category merged down over its
// channel rows followed by a subtotal row, a grand total, and SUM formulas
// with cached values for every total.
func (s *Set) budgetBook() *excel.Book {
	b := excel.NewBook()
	b.Title = fmt.Sprintf("%s %d年度市场预算", s.Company, s.Year)
	b.Creator = s.Company + " 市场部"
	sh := b.Sheet(fmt.Sprintf("%d预算", s.Year))
	sh.Title(fmt.Sprintf("%s %d年度市场预算（单位：元）", s.Company, s.Year), colTotal)
	sh.Row()
	header := []any{"类别", "渠道", "区域", "角色"}
	for m := 1; m <= 12; m++ {
		header = append(header, fmt.Sprintf("%d月", m))
	}
	header = append(header, "全年合计")
	headerRow := sh.BoldRow(header...)
	sh.Freeze(headerRow, 2)
	widths := []float64{12, 16, 8, 10}
	for m := 0; m < 12; m++ {
		widths = append(widths, 13)
	}
	sh.ColWidths(append(widths, 15)...)

	rowTotal := func(row int, total reports.Money) excel.Formula {
		return excel.Formula{
			Expr:   fmt.Sprintf("SUM(%s:%s)", excel.CellRef(colFirstMonth, row), excel.CellRef(colFirstMonth+11, row)),
			Cached: total,
		}
	}
	var subtotalRows []int
	var grand [12]reports.Money
	lines := s.Budget
	for len(lines) > 0 {
		cat := lines[0].Category
		n := 0
		for n < len(lines) && lines[n].Category == cat {
			n++
		}
		block := lines[:n]
		lines = lines[n:]

		first := sh.NextRow()
		var sub [12]reports.Money
		for i, l := range block {
			row := sh.NextRow()
			vals := []any{nil, l.Channel, nil, roleZH(l.Role)}
			if i == 0 {
				vals[0] = cat
			}
			if l.Region != "" {
				vals[2] = l.Region
			}
			for m, v := range l.Months {
				vals = append(vals, v)
				sub[m] += v
			}
			sh.Row(append(vals, rowTotal(row, l.Total()))...)
		}
		last := sh.NextRow() - 1
		if last > first {
			sh.Merge(excel.CellRef(1, first), excel.CellRef(1, last))
		}
		row := sh.NextRow()
		vals := []any{cat + " 小计", nil, nil, nil}
		var total reports.Money
		for m, v := range sub {
			col := colFirstMonth + m
			vals = append(vals, excel.Formula{
				Expr:   fmt.Sprintf("SUM(%s:%s)", excel.CellRef(col, first), excel.CellRef(col, last)),
				Cached: v,
			})
			grand[m] += v
			total += v
		}
		sh.BoldRow(append(vals, rowTotal(row, total))...)
		subtotalRows = append(subtotalRows, row)
	}
	sh.ListValidation("D", headerRow+1, sh.NextRow()-1, []string{"认知", "考虑", "客户运营", "测试"})

	row := sh.NextRow()
	vals := []any{"合计", nil, nil, nil}
	var total reports.Money
	for m, v := range grand {
		col := excel.ColName(colFirstMonth + m)
		refs := make([]string, len(subtotalRows))
		for i, r := range subtotalRows {
			refs[i] = fmt.Sprintf("%s%d", col, r)
		}
		vals = append(vals, excel.Formula{Expr: strings.Join(refs, "+"), Cached: v})
		total += v
	}
	sh.BoldRow(append(vals, rowTotal(row, total))...)
	return b
}

// actualsBook writes one month's actuals: the spend ledger and the funnel.
func (s *Set) actualsBook(a Actuals) *excel.Book {
	b := excel.NewBook()
	b.Title = fmt.Sprintf("%s 市场费用与漏斗 %s", s.Company, a.Month)
	b.Creator = s.Company + " 财务部"
	ledgerSheet(b, a.LedgerTitle, a.AmountHeader, a.Ledger)

	fun := b.Sheet("Funnel")
	header := fun.BoldRow("Month", "Channel", "Leads", "MQL", "SQL", "Opportunities", "POC", "Won", "Revenue")
	fun.Freeze(header, 0)
	fun.ColWidths(10, 16, 8, 8, 8, 14, 8, 8, 16)
	for _, f := range a.Funnel {
		fun.Row(f.Month.String(), f.Channel, f.Leads, f.MQL, f.SQL, f.Opps, f.POC, f.Won, f.Revenue)
	}
	if len(a.Commentary) > 0 {
		commentRows(b.Sheet("差异说明"), a.Commentary)
	}
	return b
}

// priorBook writes last year's ledger: one annual workbook, as finance
// exports a closed year.
func (s *Set) priorBook() *excel.Book {
	b := excel.NewBook()
	b.Title = fmt.Sprintf("%s 市场费用明细 %d年度", s.Company, s.Year-1)
	b.Creator = s.Company + " 财务部"
	ledgerSheet(b, fmt.Sprintf("%d年度市场费用明细", s.Year-1), "金额", s.Prior)
	return b
}

// ledgerSheet writes the spend ledger sheet 支出明细, below a title row
// and a blank row when title is set.
func ledgerSheet(b *excel.Book, title, amountHeader string, ledger []Spend) {
	led := b.Sheet("支出明细")
	if title != "" {
		led.Title(title, 7)
		led.Row()
	}
	header := led.BoldRow("日期", "类别", "渠道", "区域", "活动", "供应商", amountHeader, "备注")
	led.Freeze(header, 0)
	led.ColWidths(12, 10, 14, 8, 30, 28, 14, 40)
	for _, e := range ledger {
		var region, amount any
		if e.Region != "" {
			region = e.Region
		}
		amount = e.Amount
		if e.Text {
			amount = currencyText(e.Amount)
		}
		var comment any
		if e.Comment != "" {
			comment = e.Comment
		}
		led.Row(e.Date, e.Category, e.Channel, region, e.Campaign, e.Vendor, amount, comment)
	}
}

// currencyText formats m the way a pasted export shows money: "¥12,345.60".
func currencyText(m reports.Money) string {
	s := m.String()
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + "¥" + b.String() + "." + frac
}
