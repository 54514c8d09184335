// Package samples generates the sample inputs in sample-inputs/: a budget
// workbook, nine monthly actuals workbooks and last year's ledger (the
// prior year, PY) for a fictional Chinese B2B
// SaaS company, 云启软件 (growth stage, CNY, fiscal year = calendar 2026,
// about ¥24.4M of marketing budget, 6 categories, 22 channels, regions
// 华东 and 华北).
//
// The data is built as plain Go values first (Generate) and only then
// turned into workbooks (Set.Files), so tests assert on the numbers and the
// bytes are the same on every run: all randomness comes from a fixed-seed
// PCG drawn in a fixed order, never from the clock or map iteration.
//
// The data tells stories the reports must reveal:
//
//   - a. Trade show over budget: 行业峰会展位 (华东) in March spends about
//     41% over its ¥900,000 budget because of an extra booth-upgrade invoice.
//   - b. Saturation: 百度SEM spend climbs from ¥150,000 (Jan) to ¥283,600
//     (Sep), above the configured saturation of ¥200,000/month from July; from
//     June to July spend jumps 51% while leads grow 6% (domain.md §2).
//   - c. Below inflection: the test channel 视频号直播 spends ¥8–12k/month
//     against a configured inflection point of ¥30,000/month.
//   - d. Unbudgeted spend: 抖音信息流 appears in the May–August actuals only.
//   - e. Refund: a ¥-18,600.00 credit note from 腾讯广告 for 微信广告 in June.
//   - f. Overhead: 营销自动化系统 + CRM系统 (overhead = true in config.toml)
//     are about 4% of spend, between the 3% warning and the 5% alert.
//   - g. Running ahead of plan: SEM, the booth upgrade and the unbudgeted
//     channel put January–September about 5% above plan, so the full-year
//     forecast lands slightly above the annual budget.
//
// Messiness a reasonable reader must cope with: the March ledger has a
// title row and a blank row above its header and one amount written as the
// text "¥12,345.60"; the July ledger's amount header is "Amount (CNY)"; the
// budget has a merged title, a category column merged down over its
// channels, subtotal rows and SUM formulas with cached values.
package samples

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// Company is the fictional company of the samples.
const Company = "云启软件"

// Year is the fiscal (= calendar) year of the samples.
const Year = 2026

// PriorPct is about how much of this year's plan each line spent last
// year, in percent.
const PriorPct = 84

// ActualMonths is the number of months with actuals (January–September).
const ActualMonths = 9

// Line is one budget line with its twelve monthly amounts.
type Line struct {
	Category string
	Channel  string
	Region   string // "" for lines not split by region
	Role     reports.Role
	Months   [12]reports.Money
}

// Total returns the line's annual budget.
func (l Line) Total() reports.Money {
	var t reports.Money
	for _, m := range l.Months {
		t += m
	}
	return t
}

// Spend is one ledger transaction. Refunds are negative.
type Spend struct {
	Date     time.Time
	Category string
	Channel  string
	Region   string
	Campaign string
	Vendor   string
	Amount   reports.Money
	// Comment is the ledger's 备注 on the row, "" for most rows.
	Comment string
	// Text writes the amount as a currency string ("¥12,345.60") instead of
	// a number, as some exports do.
	Text bool
}

// FunnelResult is one channel's funnel in one month.
type FunnelResult struct {
	Month   reports.Month
	Channel string
	reports.Funnel
}

// Comment is one row of a commentary sheet: what explains a line's
// variance in a period, as the marketing lead writes it.
type Comment struct {
	Period string // as written: "2026年3月", "2026-Q1"
	Line   string // a channel or category name
	Text   string
}

// Actuals is one month's actuals workbook.
type Actuals struct {
	Month  reports.Month
	Ledger []Spend // sorted by date
	Funnel []FunnelResult
	// LedgerTitle, when set, is written as a title row (and a blank row)
	// above the ledger's header.
	LedgerTitle string
	// AmountHeader is the header of the ledger's amount column.
	AmountHeader string
	// Commentary, when set, is written as a 差异说明 sheet of the
	// workbook (a commentary sheet riding along in an actuals file).
	Commentary []Comment
}

// Total returns the sum of the ledger's amounts.
func (a Actuals) Total() reports.Money {
	var t reports.Money
	for _, s := range a.Ledger {
		t += s.Amount
	}
	return t
}

// Set is the whole sample data: the budget, the monthly actuals and last
// year's actuals.
type Set struct {
	Company string
	Year    int
	Budget  []Line // in category order, as written
	Actuals []Actuals
	// Prior is last year's whole ledger (one annual workbook, no budget,
	// no funnel): the reports' prior year (PY).
	Prior []Spend
	// Commentary is the commentary workbook of its own
	// (commentary-2026.xlsx): notes on the first quarter.
	Commentary []Comment
}

// BudgetTotal returns the annual budget over all lines.
func (s *Set) BudgetTotal() reports.Money {
	var t reports.Money
	for _, l := range s.Budget {
		t += l.Total()
	}
	return t
}

// Categories returns the budget's categories in order of appearance.
func (s *Set) Categories() []string {
	var out []string
	for _, l := range s.Budget {
		if len(out) == 0 || out[len(out)-1] != l.Category {
			out = append(out, l.Category)
		}
	}
	return out
}

// Channels returns the budget's distinct channels in order of appearance.
func (s *Set) Channels() []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range s.Budget {
		if !seen[l.Channel] {
			seen[l.Channel] = true
			out = append(out, l.Channel)
		}
	}
	return out
}

const yuan = reports.Unit

// spec describes a channel: its budget lines and how it spends.
type spec struct {
	cat, name string
	role      reports.Role
	lines     []regionPlan
	vendors   []string
	campaigns []string
	cpl       int64 // yuan per lead; 0 = generates no leads (no funnel row)
	maxInv    int   // most invoices per line and month
	exact     bool  // spends exactly the budget (subscriptions)
}

type regionPlan struct {
	region string
	months [12]reports.Money
}

// seasonal spreads a monthly base over the year with the usual B2B rhythm:
// a quiet February (Spring Festival), a stronger autumn. The factors sum
// to 12, so the annual total is 12 × base (give or take rounding).
func seasonal(base int64) [12]reports.Money {
	f := [12]int64{90, 60, 105, 105, 105, 100, 95, 95, 110, 110, 115, 110}
	var m [12]reports.Money
	for i := range m {
		m[i] = reports.Money(base*f[i]/100/100*100) * yuan // whole hundreds of yuan
	}
	return m
}

// flat is the same amount every month; amount is in ten-thousandths.
func flat(amount reports.Money) [12]reports.Money {
	var m [12]reports.Money
	for i := range m {
		m[i] = amount
	}
	return m
}

// only budgets the given months (1-based) in yuan and nothing else.
func only(pairs ...int64) [12]reports.Money {
	var m [12]reports.Money
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]-1] = reports.Money(pairs[i+1]) * yuan
	}
	return m
}

func plus(a, b [12]reports.Money) [12]reports.Money {
	for i := range a {
		a[i] += b[i]
	}
	return a
}

func one(months [12]reports.Money) []regionPlan { return []regionPlan{{"", months}} }

const (
	aw = reports.RoleAwareness
	co = reports.RoleConsideration
	cu = reports.RoleCustomer
	te = reports.RoleTest
)

// Channel names used by the stories.
const (
	chSEM        = "百度SEM"
	chTradeShow  = "行业峰会展位"
	chLive       = "视频号直播"
	chDouyin     = "抖音信息流"
	chWeChatAds  = "微信广告"
	chAutomation = "营销自动化系统"
	chCRM        = "CRM系统"
)

func specs() []spec {
	return []spec{
		// 数字广告
		{cat: "数字广告", name: chSEM, role: co,
			lines:   []regionPlan{{"华东", seasonal(90000)}, {"华北", seasonal(60000)}},
			vendors: []string{"北京百度网讯科技有限公司"}, campaigns: []string{"品牌词投放", "行业词投放", "竞品词投放"}, cpl: 380, maxInv: 2},
		{cat: "数字广告", name: "LinkedIn广告", role: aw, lines: one(seasonal(60000)),
			vendors: []string{"领英(LinkedIn)"}, campaigns: []string{"CIO定向品牌广告", "制造业决策者定向"}, cpl: 950, maxInv: 2},
		{cat: "数字广告", name: chWeChatAds, role: aw, lines: one(seasonal(50000)),
			vendors: []string{"腾讯广告"}, campaigns: []string{"朋友圈品牌广告", "公众号文中广告"}, cpl: 620, maxInv: 2},
		{cat: "数字广告", name: "SEO", role: co, lines: one(flat(30000 * yuan)),
			vendors: []string{"杭州搜优网络科技有限公司"}, campaigns: []string{"SEO月度优化服务"}, cpl: 260, maxInv: 1},
		{cat: "数字广告", name: "官网/落地页", role: co, lines: one(plus(flat(25000*yuan), only(4, 150000))),
			vendors: []string{"上海凡创网络科技有限公司", "阿里云"}, campaigns: []string{"官网运维与落地页制作", "官网改版"}, cpl: 210, maxInv: 2},
		{cat: "数字广告", name: "AI搜索优化", role: te, lines: one(seasonal(100000)),
			vendors: []string{"北京智答科技有限公司"}, campaigns: []string{"大模型搜索品牌露出测试"}, cpl: 720, maxInv: 2},
		// 内容营销
		{cat: "内容营销", name: "白皮书", role: aw, lines: one(plus(seasonal(120000), only(3, 250000, 9, 310000))),
			vendors: []string{"艾瑞咨询", "北京数智研究院", "上海印之美印务"}, campaigns: []string{"2026制造业数字化白皮书", "SaaS选型指南", "年度行业研究报告"}, cpl: 480, maxInv: 3},
		{cat: "内容营销", name: "客户案例", role: co, lines: one(seasonal(225000)),
			vendors: []string{"上海映像视频制作有限公司", "自由撰稿人(合同)", "36氪企服"}, campaigns: []string{"标杆客户视频案例", "行业案例集"}, cpl: 1150, maxInv: 3},
		{cat: "内容营销", name: "在线Demo", role: co, lines: one(seasonal(233000)),
			vendors: []string{"Demo团队外包(上海云演)", "Navattic", "腾讯会议"}, campaigns: []string{"每周在线演示", "自助试用环境"}, cpl: 1450, maxInv: 3},
		{cat: "内容营销", name: "销售工具包", role: co, lines: one(seasonal(150000)),
			vendors: []string{"上海凡创网络科技有限公司", "上海印之美印务"}, campaigns: []string{"行业解决方案手册", "ROI计算器与竞品对比"}, maxInv: 2},
		{cat: "内容营销", name: chLive, role: te, lines: one(flat(12000 * yuan)),
			vendors: []string{"微信视频号(腾讯)", "直播执行(杭州小鹿传媒)"}, campaigns: []string{"产品经理直播间"}, cpl: 420, maxInv: 2},
		{cat: "内容营销", name: "播客", role: te, lines: one(flat(104166700)),
			vendors: []string{"小宇宙(上海)"}, campaigns: []string{"《数字化工厂》播客"}, cpl: 1000, maxInv: 1},
		// 展会活动
		{cat: "展会活动", name: chTradeShow, role: aw,
			lines:     []regionPlan{{"华东", only(3, 900000, 9, 850000)}, {"华北", only(6, 650000, 11, 750000)}},
			vendors:   []string{"上海博华国际展览有限公司", "上海美达展览工程有限公司", "上海印之美印务", "携程商旅"},
			campaigns: []string{"展位费", "特装搭建", "物料与礼品", "差旅"}, cpl: 1000, maxInv: 4},
		{cat: "展会活动", name: "城市沙龙", role: co,
			lines:   []regionPlan{{"华东", plus(flat(40000*yuan), only(1, -40000, 2, -40000))}, {"华北", plus(flat(30000*yuan), only(1, -30000, 2, -30000))}},
			vendors: []string{"WeWork", "上海锦江酒店", "北京国贸大酒店", "活动执行(会小二)"}, campaigns: []string{"数字化工厂城市沙龙", "CIO闭门会"}, cpl: 780, maxInv: 3},
		// 营销技术
		{cat: "营销技术", name: chAutomation, role: co, lines: one(flat(448666700)),
			vendors: []string{"HubSpot"}, campaigns: []string{"营销自动化年度订阅(按月)"}, maxInv: 1, exact: true},
		{cat: "营销技术", name: chCRM, role: co, lines: one(flat(40000 * yuan)),
			vendors: []string{"纷享销客"}, campaigns: []string{"CRM订阅(按月)"}, maxInv: 1, exact: true},
		// 公关媒体
		{cat: "公关媒体", name: "行业媒体合作", role: aw, lines: one(seasonal(166700)),
			vendors: []string{"e-works数字化企业网", "36氪企服", "中国工业报社"}, campaigns: []string{"行业媒体专栏", "数字化转型专题"}, cpl: 1100, maxInv: 2},
		{cat: "公关媒体", name: "CEO个人IP", role: aw, lines: one(seasonal(83300)),
			vendors: []string{"北京星耀公关顾问有限公司", "得到(演讲)"}, campaigns: []string{"CEO演讲与专访", "CEO短视频"}, cpl: 1500, maxInv: 2},
		// 客户运营
		{cat: "客户运营", name: "客户推荐计划", role: co, lines: one(flat(75000 * yuan)),
			vendors: []string{"京东企业购", "推荐奖励(客户)"}, campaigns: []string{"老客户推荐奖励"}, cpl: 1500, maxInv: 2},
		{cat: "客户运营", name: "客户答谢会", role: cu, lines: one(only(6, 100000, 12, 300000)),
			vendors: []string{"上海锦江酒店", "活动执行(会小二)"}, campaigns: []string{"年中客户答谢会", "年度客户答谢会"}, maxInv: 2},
		{cat: "客户运营", name: "续约激励", role: cu, lines: one(flat(20000 * yuan)),
			vendors: []string{"京东企业购"}, campaigns: []string{"续约礼品与权益"}, maxInv: 1},
		{cat: "客户运营", name: "增购营销", role: cu, lines: one(flat(25000 * yuan)),
			vendors: []string{"上海凡创网络科技有限公司", "腾讯企点"}, campaigns: []string{"新模块增购活动"}, cpl: 900, maxInv: 2},
	}
}

// The numbers behind the stories, kept in one place so the tests and the
// README agree with the data.
var (
	// semSpend is 百度SEM's total monthly spend (yuan), Jan–Sep.
	semSpend = [ActualMonths]int64{150000, 142000, 163500, 171200, 176800, 178600, 269500, 274800, 283600}
	// semLeads are its leads: they flatten while spend keeps climbing.
	semLeads = [ActualMonths]int64{390, 362, 405, 418, 426, 431, 458, 462, 466}
	// liveSpend is 视频号直播's monthly spend (yuan).
	liveSpend = [ActualMonths]int64{8200, 9600, 11400, 10800, 9300, 11900, 12000, 8800, 10500}
	// douyinSpend is the unbudgeted 抖音信息流 spend (ten-thousandths), May–Aug.
	douyinSpend = map[int]reports.Money{5: 386000000, 6: 523000000, 7: 614505000, 8: 478000000}
)

const (
	boothUpgrade   = 372000 * yuan // story a: extra invoice in March, 华东
	refundAmount   = -18600 * yuan // story e: June credit note
	automationPaid = 448666700     // the subscription actually billed monthly (USD contract)
	crmExtra       = 60000 * yuan  // one-off CRM customisation in April
	textAmount     = 123456000     // ¥12,345.60, written as text in March
)

// Generate builds the sample data. It is deterministic.
func Generate() *Set {
	rng := rand.New(rand.NewPCG(2026, 0x5eed))
	set := &Set{Company: Company, Year: Year}
	sp := specs()
	for _, c := range sp {
		for _, l := range c.lines {
			set.Budget = append(set.Budget, Line{Category: c.cat, Channel: c.name, Region: l.region, Role: c.role, Months: l.months})
		}
	}
	for m := 1; m <= ActualMonths; m++ {
		month := reports.Month{Year: Year, Month: time.Month(m)}
		a := Actuals{Month: month, AmountHeader: "金额"}
		for _, c := range sp {
			var spent reports.Money
			for li, l := range c.lines {
				amount := lineSpend(rng, c, li, l, m)
				if amount == 0 {
					continue
				}
				spent += amount
				a.Ledger = append(a.Ledger, invoices(rng, c, l.region, month, amount)...)
			}
			a.Ledger = append(a.Ledger, extras(c, month)...)
			for _, e := range extras(c, month) {
				spent += e.Amount
			}
			if c.cpl > 0 && spent > 0 {
				leads := int64(spent/yuan) / c.cpl
				leads = leads * int64(90+rng.IntN(21)) / 100
				if c.name == chSEM {
					leads = semLeads[m-1]
				}
				a.Funnel = append(a.Funnel, FunnelResult{Month: month, Channel: c.name, Funnel: funnel(rng, leads)})
			}
		}
		if amt, ok := douyinSpend[m]; ok {
			c := spec{cat: "数字广告", name: chDouyin, vendors: []string{"巨量引擎"}, campaigns: []string{"抖音信息流测试投放"}, maxInv: 2}
			a.Ledger = append(a.Ledger, invoices(rng, c, "华东", month, amt)...)
			a.Funnel = append(a.Funnel, FunnelResult{Month: month, Channel: chDouyin, Funnel: funnel(rng, int64(amt/yuan)/460)})
		}
		sortByDate(a.Ledger)
		switch m {
		case 3:
			a.LedgerTitle = "2026年3月市场费用明细"
		case 6:
			a.Commentary = []Comment{
				{"2026-06", chWeChatAds, "腾讯广告退回5月未消耗的投放余额¥18,600（红字发票），6月微信广告支出相应冲减"},
				{"2026-06", chDouyin, "抖音信息流为二季度新增测试渠道，未列入年初预算，7月复盘后决定是否转正"},
			}
		case 7:
			a.AmountHeader = "Amount (CNY)"
		}
		set.Actuals = append(set.Actuals, a)
	}
	set.Prior = priorYear(sp)
	set.Commentary = []Comment{
		{"2026年3月", chTradeShow, "华东峰会主办方临时开放黄金位置，展位升级为特装加层（¥372,000），CMO于3月18日批准，由二季度活动预算调剂"},
		{"2026-Q1", "展会活动", "一季度展会集中在3月，4–5月展会支出将低于预算"},
	}
	return set
}

// priorYear is last year's ledger: every budgeted line spent PriorPct
// (give or take 4 points) of this year's plan in the same month — the
// company grew — with no stories. It draws from a PCG of its own, so this
// year's workbooks do not depend on it.
func priorYear(sp []spec) []Spend {
	rng := rand.New(rand.NewPCG(Year-1, 0x5eed))
	var out []Spend
	for m := 1; m <= 12; m++ {
		month := reports.Month{Year: Year - 1, Month: time.Month(m)}
		var ledger []Spend
		for _, c := range sp {
			for _, l := range c.lines {
				budget := l.months[m-1]
				if budget <= 0 {
					continue
				}
				pct := int64(PriorPct - 4 + rng.IntN(9))
				amount := budget.MulRatio(pct, 100).MulRatio(1, int64(yuan)) * yuan
				for _, e := range invoices(rng, c, l.region, month, amount) {
					e.Campaign = strings.ReplaceAll(e.Campaign, strconv.Itoa(Year), strconv.Itoa(Year-1))
					ledger = append(ledger, e)
				}
			}
		}
		sortByDate(ledger)
		out = append(out, ledger...)
	}
	return out
}

// lineSpend is what budget line l of channel c spends in month m (1-based).
func lineSpend(rng *rand.Rand, c spec, li int, l regionPlan, m int) reports.Money {
	budget := l.months[m-1]
	switch {
	case c.name == chSEM:
		// Story b: the channel total follows semSpend, split like the budget.
		total := reports.Money(semSpend[m-1]) * yuan
		if li == 0 {
			return total.MulRatio(60, 100)
		}
		return total - total.MulRatio(60, 100)
	case c.name == chLive:
		return reports.Money(liveSpend[m-1]) * yuan
	case c.name == chAutomation:
		return automationPaid
	case c.exact:
		return budget
	case c.name == chTradeShow && l.region == "华东" && m == 3:
		return budget // plus the upgrade invoice, see extras
	case budget <= 0:
		return 0
	}
	// Ordinary lines land between −7% and +4% of plan; the stories (SEM, the
	// booth upgrade, the unbudgeted channel) push the year ahead of plan.
	pct := int64(93 + rng.IntN(12))
	return budget.MulRatio(pct, 100).MulRatio(1, int64(yuan)) * yuan // whole yuan
}

// extras are the one-off transactions of the stories.
func extras(c spec, month reports.Month) []Spend {
	day := func(d int) time.Time { return time.Date(month.Year, month.Month, d, 0, 0, 0, 0, time.UTC) }
	switch {
	case c.name == chTradeShow && month.Month == 3:
		return []Spend{{Date: day(20), Category: c.cat, Channel: c.name, Region: "华东", Campaign: "展位升级(特装加层+黄金位置)", Vendor: "上海博华国际展览有限公司", Amount: boothUpgrade,
			Comment: "主办方临时开放黄金位置，特装加层，CMO于3月18日批准"}}
	case c.name == chWeChatAds && month.Month == 6:
		return []Spend{{Date: day(12), Category: c.cat, Channel: c.name, Campaign: "5月投放未消耗余额退回(红字发票)", Vendor: "腾讯广告", Amount: refundAmount,
			Comment: "红字发票，冲减6月微信广告支出"}}
	case c.name == chCRM && month.Month == 4:
		return []Spend{{Date: day(18), Category: c.cat, Channel: c.name, Campaign: "CRM二次开发(线索路由)", Vendor: "纷享销客", Amount: crmExtra,
			Comment: "一次性开发费用，不影响后续月费"}}
	case c.name == "城市沙龙" && month.Month == 3:
		return []Spend{{Date: day(26), Category: c.cat, Channel: c.name, Region: "华东", Campaign: "苏州站场地费", Vendor: "WeWork", Amount: textAmount, Text: true}}
	}
	return nil
}

// invoices splits amount into one to c.maxInv transactions in the month.
func invoices(rng *rand.Rand, c spec, region string, month reports.Month, amount reports.Money) []Spend {
	n := 1
	if c.maxInv > 1 {
		n = 1 + rng.IntN(c.maxInv)
	}
	if c.name == chTradeShow {
		n = len(c.campaigns) // a show always has booth, build, material and travel
	}
	weights := make([]int64, n)
	var sum int64
	for i := range weights {
		weights[i] = int64(20 + rng.IntN(81))
		sum += weights[i]
	}
	out := make([]Spend, n)
	rest := amount
	for i := range out {
		part := rest
		if i < n-1 {
			// Whole cents, so every amount is an exact two-decimal figure.
			part = amount.MulRatio(weights[i], sum).MulRatio(1, 100) * 100
		}
		rest -= part
		k := i
		if c.name != chTradeShow {
			k = rng.IntN(len(c.campaigns))
		}
		v := c.vendors[0]
		if c.name == chTradeShow && i < len(c.vendors) {
			v = c.vendors[i]
		} else if len(c.vendors) > 1 {
			v = c.vendors[rng.IntN(len(c.vendors))]
		}
		out[i] = Spend{
			Date:     time.Date(month.Year, month.Month, 1+rng.IntN(28), 0, 0, 0, 0, time.UTC),
			Category: c.cat, Channel: c.name, Region: region,
			Campaign: c.campaigns[k], Vendor: v, Amount: part,
		}
	}
	return out
}

// funnel draws stage counts from leads with the conversion ranges of a
// mid-size B2B SaaS: lead→MQL 30–40%, MQL→SQL 30–50%, SQL→opportunity
// 40–60%, opportunity→POC ~50%, POC→won 30–50%, ¥150–400k per deal.
func funnel(rng *rand.Rand, leads int64) reports.Funnel {
	step := func(n int64, lo, hi int) int64 { return n * int64(lo+rng.IntN(hi-lo+1)) / 100 }
	f := reports.Funnel{Leads: leads}
	f.MQL = step(f.Leads, 30, 40)
	f.SQL = step(f.MQL, 30, 50)
	f.Opps = step(f.SQL, 40, 60)
	f.POC = step(f.Opps, 45, 55)
	f.Won = step(f.POC, 30, 50)
	for i := int64(0); i < f.Won; i++ {
		f.Revenue += reports.Money(150000+1000*rng.IntN(251)) * yuan
	}
	return f
}

// sortByDate is a stable insertion sort by date; ledgers are small.
func sortByDate(s []Spend) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].Date.Before(s[j-1].Date); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
