package analysis

import (
	"math"
	"sort"
	"strconv"

	"github.com/budgetlens/budgetlens/reports"
)

// Finding codes, part of the summary.json contract.
const (
	CodeOverBudget         = "over_budget"
	CodeUnderBudget        = "under_budget"
	CodeBelowInflection    = "below_inflection"
	CodeAboveSaturation    = "above_saturation"
	CodeSaturationDetected = "saturation_detected"
	CodeOverheadShare      = "overhead_share"
	CodeBudgetToRevenue    = "budget_to_revenue"
	CodeUnbudgetedSpend    = "unbudgeted_spend"
	CodeForecastOverrun    = "forecast_overrun"
	CodeMixGap             = "mix_gap"
	CodeZeroReturn         = "zero_return"
	CodeLowReturn          = "low_return"
	CodeTestFailed         = "test_failed"
	CodeTestPromote        = "test_promote"
)

// ranked is a finding with the money at stake, its sort key.
type ranked struct {
	reports.Finding
	stake reports.Money
}

// findings runs the threshold checks and sorts the result worst first:
// severity, then the money at stake (the overspend, the excess above
// saturation, the spend below inflection …), then code and subject.
//
// Severity rules:
//   - over_budget: only when the variance reaches material_amount (the
//     absolute floor); warn above over_budget_pct, alert above twice that
//     or when the variance reaches 10 × material_amount, so severity grows
//     with the money as well as the percentage; spend on a budgeted line
//     with no budget in the period: warn, alert from 5 × material_amount;
//     lines and categories whose budget and actual are both below
//     min_line_amount are ignored, as are categories of one line; a
//     category whose overspend is at least 80% one line already flagged is
//     listed as info, not counted again as an alert;
//   - under_budget: only once every compared month has ended; info below
//     −under_budget_pct, warn below twice that;
//   - below_inflection: warn (0 < spend < inflection × months);
//   - above_saturation: warn above saturation × months, alert above 1.5×;
//   - saturation_detected: warn;
//   - overhead_share: warn above overhead_warn_pct, alert above
//     overhead_alert_pct of the period's spend, overhead channels together;
//   - budget_to_revenue: warn above the band (alert above 1.5× its top),
//     info below it; the band is budget_to_revenue, or
//     budget_to_revenue_high_growth when high_growth is set or the stage
//     is startup; a decline company is never told its budget is too low;
//   - unbudgeted_spend: warn per line ≥ min_line_amount, alert when the line
//     exceeds over_budget_pct of the period's total budget;
//   - forecast_overrun: landing above the annual budget: warn, alert when by
//     more than over_budget_pct; run rate alone above it: info (warn when by
//     more than over_budget_pct);
//   - mix_gap: info beyond mix_gap_points, warn beyond twice that (the seed
//     calls the mix "for reference only").
func (s *state) findings() {
	var fs []ranked
	fs = append(fs, s.budgetFindings()...)
	fs = append(fs, s.channelFindings()...)
	fs = append(fs, s.returnFindings()...)
	fs = append(fs, s.saturationDetected()...)
	fs = append(fs, s.overheadFinding()...)
	fs = append(fs, s.revenueFinding()...)
	fs = append(fs, s.forecastFinding()...)
	fs = append(fs, s.mixFindings()...)
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		if abs(a.stake) != abs(b.stake) {
			return abs(a.stake) > abs(b.stake)
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Subject < b.Subject
	})
	for _, f := range fs {
		s.rep.Findings = append(s.rep.Findings, f.Finding)
	}
}

func abs(m reports.Money) reports.Money {
	if m < 0 {
		return -m
	}
	return m
}

// limitPct formats a threshold percentage without trailing zeros: "10%".
func limitPct(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" }

func (s *state) budgetFindings() []ranked {
	var out []ranked
	r := s.rep
	min := s.cfg.MinLineAmount
	ended := monthEnded(s.p.Through, s.in.Now)
	material := s.cfg.MaterialAmount
	// big is the variance that is an alert at any percentage over the limit:
	// severity grows with the money as well as the percentage.
	big := material * 10
	check := func(subj string, a reports.Amounts) {
		if abs(a.Budget) < min && abs(a.Actual) < min {
			return
		}
		v := a.Variance()
		if abs(v) < material {
			return // below the absolute materiality floor
		}
		if a.Budget <= 0 {
			if a.Actual >= min && a.Actual > a.Budget {
				sev := reports.SevWarn
				if big > 0 && v >= big.MulRatio(1, 2) {
					sev = reports.SevAlert
				}
				out = append(out, ranked{reports.Finding{
					Code: CodeOverBudget, Severity: sev, Subject: subj,
					Value: a.Actual.Major(), Limit: a.Budget.Major(), Unit: "money",
					Message: s.lang.T("analysis.finding.over_budget_none", "subject", subj, "actual", s.lang.Money(a.Actual)),
				}, v})
			}
			return
		}
		pct, _ := a.VariancePct()
		lim := s.cfg.OverBudgetPct
		switch {
		case pct > lim:
			sev := reports.SevWarn
			if pct > 2*lim || big > 0 && v >= big {
				sev = reports.SevAlert
			}
			out = append(out, ranked{reports.Finding{
				Code: CodeOverBudget, Severity: sev, Subject: subj, Value: round(pct), Limit: lim, Unit: "pct",
				Message: s.lang.T("analysis.finding.over_budget", "subject", subj, "actual", s.lang.Money(a.Actual),
					"budget", s.lang.Money(a.Budget), "pct", s.lang.SignedPct(pct), "limit", "+"+limitPct(lim)),
			}, v})
		case ended && pct < -s.cfg.UnderBudgetPct:
			lim := s.cfg.UnderBudgetPct
			sev := reports.SevInfo
			if pct < -2*lim {
				sev = reports.SevWarn
			}
			out = append(out, ranked{reports.Finding{
				Code: CodeUnderBudget, Severity: sev, Subject: subj, Value: round(pct), Limit: -lim, Unit: "pct",
				Message: s.lang.T("analysis.finding.under_budget", "subject", subj, "actual", s.lang.Money(a.Actual),
					"budget", s.lang.Money(a.Budget), "pct", s.lang.SignedPct(pct), "limit", "-"+limitPct(lim)),
			}, v})
		}
	}
	for _, c := range r.Categories {
		var budgeted []reports.LineResult
		for _, l := range c.Lines {
			if !l.Unbudgeted {
				budgeted = append(budgeted, l)
				check(subject(l.LineKey), l.Amounts)
			}
		}
		if len(c.Lines) > 1 && len(budgeted) > 0 && c.Category != "" {
			before := len(out)
			check(c.Category, c.Amounts)
			// A category over budget because of one line already flagged
			// is that line's finding again: listed, not counted as an alert.
			if len(out) > before && out[before].Code == CodeOverBudget {
				for _, l := range budgeted {
					if lv := l.Variance(); lv > 0 && lv >= out[before].stake.MulRatio(8, 10) && flagged(out[:before], subject(l.LineKey)) {
						out[before].Severity = reports.SevInfo
					}
				}
			}
		}
	}
	for _, l := range r.UnbudgetedLines {
		if abs(l.Actual) < min || l.Actual <= 0 {
			continue
		}
		subj := subject(l.LineKey)
		sev := reports.SevWarn
		if r.Totals.Budget > 0 && pctOf(l.Actual, r.Totals.Budget) > s.cfg.OverBudgetPct {
			sev = reports.SevAlert
		}
		out = append(out, ranked{reports.Finding{
			Code: CodeUnbudgetedSpend, Severity: sev, Subject: subj, Value: l.Actual.Major(), Limit: 0, Unit: "money",
			Message: s.lang.T("analysis.finding.unbudgeted_spend", "subject", subj, "actual", s.lang.Money(l.Actual)),
		}, l.Actual})
	}
	return out
}

// flagged reports whether fs has an over_budget finding about subj.
func flagged(fs []ranked, subj string) bool {
	for _, f := range fs {
		if f.Code == CodeOverBudget && f.Subject == subj {
			return true
		}
	}
	return false
}

// channelSpend returns the spend of each configured channel in the period,
// by canonical key, in config order.
type chanAmt struct {
	key   string
	name  string
	spend reports.Money
}

func (s *state) configuredChannels() []chanAmt {
	var out []chanAmt
	seen := map[string]bool{}
	for _, rule := range s.cfg.Channels {
		k, _ := s.m.canon(rule.Name)
		if seen[k] {
			continue
		}
		seen[k] = true
		var sp reports.Money
		for _, m := range s.scope {
			sp += s.chSpend[k][m]
		}
		out = append(out, chanAmt{k, rule.Name, sp})
	}
	return out
}

func (s *state) channelFindings() []ranked {
	var out []ranked
	L := s.lang
	for _, c := range s.sortedChannels() {
		cp := c.cp
		per := L.T("analysis.per." + cp.Unit)
		switch {
		case cp.Band == reports.BandBelow:
			out = append(out, ranked{reports.Finding{
				Code: CodeBelowInflection, Severity: reports.SevWarn, Subject: cp.Channel, Value: cp.PerUnit.Major(), Limit: cp.Inflection.Major(), Unit: "money",
				Message: L.T("analysis.finding.below_inflection", "subject", cp.Channel, "spend", L.Money(cp.PerUnit), "per", per,
					"limit", L.Money(cp.Inflection), "active", L.Count("analysis.n.active_month", cp.Active)),
			}, cp.Spend})
		case cp.Saturation > 0 && cp.PerUnit > cp.Saturation:
			sev := reports.SevWarn
			if cp.PerUnit > cp.Saturation.MulRatio(3, 2) {
				sev = reports.SevAlert
			}
			excess := c.perMonth(cp.PerUnit - cp.Saturation)
			out = append(out, ranked{reports.Finding{
				Code: CodeAboveSaturation, Severity: sev, Subject: cp.Channel, Value: cp.PerUnit.Major(), Limit: cp.Saturation.Major(), Unit: "money",
				Message: L.T("analysis.finding.above_saturation", "subject", cp.Channel, "spend", L.Money(cp.PerUnit), "per", per,
					"limit", L.Money(cp.Saturation), "excess", L.Money(excess), "active", L.Count("analysis.n.active_month", cp.Active)),
			}, excess.MulRatio(int64(cp.Active), 1)})
		}
	}
	return out
}

// returnFindings judge channels on their returns over the fiscal year to
// date (the plan's tiers): zero_return (spend with funnel rows and no lead
// or revenue, or unbudgeted spend that closed nothing; warn), low_return
// (ROAS below 1; warn), and the tests' verdicts: test_failed (reached its
// inflection, returns below the core median; warn) and test_promote (at or
// above the core median; info).
func (s *state) returnFindings() []ranked {
	var out []ranked
	L := s.lang
	med := s.coreMedian()
	for _, c := range s.sortedChannels() {
		cp := c.cp
		if cp.Overhead || cp.Role == reports.RoleCustomer && !cp.Test {
			continue // customer operations return renewals, not new deals
		}
		f := reports.Finding{Subject: cp.Channel, Unit: "money", Severity: reports.SevWarn, Value: cp.Spend.Major()}
		switch {
		case cp.Test && cp.Verdict == reports.TestPromote:
			f.Code, f.Severity = CodeTestPromote, reports.SevInfo
			f.Message = L.T("analysis.finding.test_promote", "subject", cp.Channel, "value", s.returnText(&cp, med.measure), "median", s.medianText(med))
		case cp.Test && cp.Verdict == reports.TestStop:
			f.Code = CodeTestFailed
			f.Message = L.T("analysis.finding.test_failed", "subject", cp.Channel, "value", s.returnText(&cp, med.measure), "median", s.medianText(med), "spend", L.Money(cp.Level))
		case cp.Test:
			continue
		case s.zeroReturn(c):
			f.Code = CodeZeroReturn
			f.Message = L.T("analysis.finding.zero_return", "subject", cp.Channel, "spend", L.Money(cp.Spend))
		case cp.ROASOK && cp.ROAS < 1:
			f.Code, f.Unit, f.Value, f.Limit = CodeLowReturn, "ratio", round2(cp.ROAS), 1
			f.Message = L.T("analysis.finding.low_return", "subject", cp.Channel, "roas", L.Ratio(cp.ROAS), "spend", L.Money(cp.Spend))
			if cp.ROAS == 0 {
				// Leads but no revenue: "returns 0.00×" reads like a
				// computation; say what happened.
				f.Message = L.T("analysis.finding.no_revenue", "subject", cp.Channel, "spend", L.Money(cp.Spend))
			}
		default:
			continue
		}
		out = append(out, ranked{f, cp.Spend})
	}
	return out
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// returnText formats a channel's return on the median's measure.
func (s *state) returnText(cp *reports.ChannelPlan, measure string) string {
	L := s.lang
	switch measure {
	case "roas":
		return L.T("analysis.measure.roas", "value", ratio(L, cp.ROAS, cp.ROASOK))
	case "cac":
		if cp.CACOK {
			return L.T("analysis.measure.cac", "value", L.Money(cp.CAC))
		}
	}
	if cp.CPLOK {
		return L.T("analysis.measure.cpl", "value", L.Money(cp.CPL))
	}
	return "–"
}

func (s *state) medianText(m median) string {
	L := s.lang
	switch m.measure {
	case "roas":
		return L.T("analysis.measure.roas", "value", L.Ratio(m.roas))
	case "cac":
		return L.T("analysis.measure.cac", "value", L.Money(m.cost))
	}
	return L.T("analysis.measure.cpl", "value", L.Money(m.cost))
}

// satSignal is one month-over-month saturation signal of a channel.
type satSignal struct {
	key, name           string
	from, to            reports.Month
	spendFrom, spendTo  reports.Money
	leadsFrom, leadsTo  int64
	spendGrowth, leadsG float64
}

// saturationSignals finds, per channel, the latest pair of consecutive
// months whose later month lies in the period where spend grew by at least
// saturation_spend_growth_pct while leads grew by less than
// saturation_leads_growth_pct (domain.md §2). Months before the period
// serve as history for its first month. Guards: the extra spend is not a
// one-off — when the month has several ledger rows, its largest exceeds
// one_off_row_pct of the channel's month and the month without that row
// would not have grown by saturation_spend_growth_pct, it is an invoice,
// not a spend level —
// and the channel's return fell (ROAS when either month closed revenue,
// else cost per lead).
func (s *state) saturationSignals() []satSignal {
	keys := make([]string, 0, len(s.chSpend))
	for k := range s.chSpend {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []satSignal
	for _, k := range keys {
		for i := len(s.scope) - 1; i >= 0; i-- {
			to := s.scope[i]
			from := to.Add(-1)
			s1, s2 := s.chSpend[k][from], s.chSpend[k][to]
			l1, l2 := s.chFunnel[k][from].Leads, s.chFunnel[k][to].Leads
			sg, ok1 := growth(float64(s1), float64(s2))
			lg, ok2 := growth(float64(l1), float64(l2))
			if !ok1 || !ok2 {
				continue
			}
			if sg >= s.cfg.SaturationSpendGrowth && lg < s.cfg.SaturationLeadsGrowth &&
				!s.oneOff(k, to, s1, s2) && s.returnFell(k, from, to, s1, s2) {
				out = append(out, satSignal{k, s.m.channelName(k), from, to, s1, s2, l1, l2, sg, lg})
				break
			}
		}
	}
	return out
}

func (s *state) saturationDetected() []ranked {
	var out []ranked
	for _, sg := range s.saturationSignals() {
		if c := s.chs[sg.key]; c != nil && c.cp.Band == reports.BandBelow {
			continue // never both below inflection and saturated
		}
		key, leads := "analysis.finding.saturation_detected", s.lang.SignedPct(sg.leadsG)
		if sg.leadsG < 0 {
			key, leads = "analysis.finding.saturation_detected_fell", s.lang.Pct(-sg.leadsG)
		}
		out = append(out, ranked{reports.Finding{
			Code: CodeSaturationDetected, Severity: reports.SevWarn, Subject: sg.name, Value: round(sg.spendGrowth), Limit: s.cfg.SaturationSpendGrowth, Unit: "pct",
			Message: s.lang.T(key, "subject", sg.name,
				"from", s.lang.MonthName(sg.from), "to", s.lang.MonthName(sg.to),
				"spend_from", s.lang.Money(sg.spendFrom), "spend_to", s.lang.Money(sg.spendTo),
				"spend_growth", s.lang.SignedPct(sg.spendGrowth), "leads_from", s.lang.Int(sg.leadsFrom), "leads_to", s.lang.Int(sg.leadsTo),
				"leads_growth", leads,
				"spend_limit", "+"+limitPct(s.cfg.SaturationSpendGrowth), "leads_limit", "+"+limitPct(s.cfg.SaturationLeadsGrowth)),
		}, sg.spendTo - sg.spendFrom})
	}
	return out
}

func (s *state) overheadFinding() []ranked {
	total := s.amortizedTotal()
	if total <= 0 {
		return nil
	}
	var names []string
	var amt reports.Money
	for _, c := range s.configuredChannels() {
		if r := s.m.rule(c.key); r != nil && r.Overhead {
			names = append(names, c.name)
			amt += c.spend
		}
	}
	if len(names) == 0 {
		return nil
	}
	share := pctOf(amt, total)
	var sev reports.Severity
	lim := s.cfg.OverheadWarnPct
	switch {
	case share > s.cfg.OverheadAlertPct:
		sev, lim = reports.SevAlert, s.cfg.OverheadAlertPct
	case share > s.cfg.OverheadWarnPct:
		sev = reports.SevWarn
	default:
		return nil
	}
	subj := s.lang.Join(names)
	return []ranked{{reports.Finding{
		Code: CodeOverheadShare, Severity: sev, Subject: subj, Value: round(share), Limit: lim, Unit: "pct",
		Message: s.lang.T("analysis.finding.overhead_share", "subject", subj, "share", s.lang.Pct(share),
			"amount", s.lang.Money(amt), "limit", limitPct(lim)),
	}, amt - total.MulRatio(int64(lim*100), 10000)}}
}

func (s *state) revenueFinding() []ranked {
	rev := s.cfg.AnnualRevenue
	ab := s.rep.Forecast.AnnualBudget
	if rev <= 0 || ab <= 0 {
		return nil
	}
	share := pctOf(ab, rev)
	lo, hi := s.cfg.RevenueBand[0], s.cfg.RevenueBand[1]
	if s.cfg.Stage == "startup" && s.cfg.RevenueBandHigh[1] > 0 {
		// A startup buys its growth: judged on the high-growth band.
		lo, hi = s.cfg.RevenueBandHigh[0], s.cfg.RevenueBandHigh[1]
	}
	var sev reports.Severity
	var key string
	var lim float64
	switch {
	case share > hi:
		sev, key, lim = reports.SevWarn, "analysis.finding.budget_to_revenue_high", hi
		if share > hi*1.5 {
			sev = reports.SevAlert
		}
	case share < lo && s.cfg.Stage != "decline": // a declining company is never told to spend more
		sev, key, lim = reports.SevInfo, "analysis.finding.budget_to_revenue_low", lo
	default:
		return nil
	}
	subj := s.lang.PeriodName(reports.YearPeriod(s.p.FiscalYear, s.fy))
	edge := rev.MulRatio(int64(lim*100), 10000)
	return []ranked{{reports.Finding{
		Code: CodeBudgetToRevenue, Severity: sev, Subject: subj, Value: round(share), Limit: lim, Unit: "pct",
		Message: s.lang.T(key, "budget", s.lang.Money(ab), "share", s.lang.Pct(share), "revenue", s.lang.Money(rev),
			"low", limitPct(lo), "high", limitPct(hi)),
	}, ab - edge}}
}

func (s *state) forecastFinding() []ranked {
	f := s.rep.Forecast
	if f.AnnualBudget <= 0 {
		return nil
	}
	subj := s.lang.PeriodName(reports.YearPeriod(s.p.FiscalYear, s.fy))
	lim := s.cfg.OverBudgetPct
	switch {
	case f.Landing > f.AnnualBudget:
		over := f.Landing - f.AnnualBudget
		pct := pctOf(over, f.AnnualBudget)
		sev := reports.SevWarn
		if pct > lim {
			sev = reports.SevAlert
		}
		return []ranked{{reports.Finding{
			Code: CodeForecastOverrun, Severity: sev, Subject: subj, Value: f.Landing.Major(), Limit: f.AnnualBudget.Major(), Unit: "money",
			Message: s.lang.T("analysis.finding.forecast_landing", "landing", s.lang.Money(f.Landing), "budget", s.lang.Money(f.AnnualBudget),
				"over", s.lang.Money(over), "pct", s.lang.SignedPct(pct), "runrate", s.lang.Money(f.RunRate)),
		}, over}}
	case f.RunRate > f.AnnualBudget && f.MonthsElapsed < 12:
		over := f.RunRate - f.AnnualBudget
		pct := pctOf(over, f.AnnualBudget)
		sev := reports.SevInfo
		if pct > lim {
			sev = reports.SevWarn
		}
		return []ranked{{reports.Finding{
			Code: CodeForecastOverrun, Severity: sev, Subject: subj, Value: f.RunRate.Major(), Limit: f.AnnualBudget.Major(), Unit: "money",
			Message: s.lang.T("analysis.finding.forecast_runrate", "runrate", s.lang.Money(f.RunRate), "budget", s.lang.Money(f.AnnualBudget),
				"pct", s.lang.SignedPct(pct), "landing", s.lang.Money(f.Landing)),
		}, over}}
	}
	return nil
}

func (s *state) mixFindings() []ranked {
	var out []ranked
	if s.rep.Totals.Actual <= 0 {
		return nil
	}
	for _, ms := range s.rep.Mix {
		if ms.Role == reports.RoleNone {
			continue
		}
		gap := ms.ActualPct - ms.RecommendedPct
		if gap < 0 {
			gap = -gap
		}
		if gap <= s.cfg.MixGapPoints {
			continue
		}
		sev := reports.SevInfo
		if gap > 2*s.cfg.MixGapPoints {
			sev = reports.SevWarn
		}
		subj := s.lang.RoleChannels(ms.Role)
		out = append(out, ranked{reports.Finding{
			Code: CodeMixGap, Severity: sev, Subject: subj, Value: round(ms.ActualPct), Limit: ms.RecommendedPct, Unit: "pct",
			Message: s.lang.T("analysis.finding.mix_gap", "subject", subj, "actual", s.lang.Pct(ms.ActualPct),
				"amount", s.lang.Money(ms.Actual), "stage", s.lang.T("stage."+s.cfg.Stage), "rec", limitPct(ms.RecommendedPct),
				"gap", s.lang.Money(ms.Gap)),
		}, ms.Gap})
	}
	return out
}

// oneOff reports whether month to's growth is one ledger row: a row above
// one_off_row_pct of the month without which spend would not have grown
// by saturation_spend_growth_pct over from's spend s1.
func (s *state) oneOff(key string, to reports.Month, s1, s2 reports.Money) bool {
	row := s.chMaxRow[key][to]
	// A month of one row is the month's spend level, not a one-off.
	if row <= 0 || s.chRows[key][to] < 2 || float64(row) <= float64(s2)*s.cfg.OneOffRowPct/100 {
		return false
	}
	g, ok := growth(float64(s1), float64(s2-row))
	return ok && g < s.cfg.SaturationSpendGrowth
}

// returnFell reports whether the channel returned less per unit of money in
// month to than in from: ROAS when either month closed revenue, else cost
// per lead (a month without leads has the worst cost per lead).
func (s *state) returnFell(key string, from, to reports.Month, s1, s2 reports.Money) bool {
	f1, f2 := s.chFunnel[key][from], s.chFunnel[key][to]
	if f1.Revenue > 0 || f2.Revenue > 0 {
		return float64(f2.Revenue)*float64(s1) < float64(f1.Revenue)*float64(s2)
	}
	if f2.Leads <= 0 {
		return true
	}
	return float64(s2)*float64(f1.Leads) > float64(s1)*float64(f2.Leads)
}
