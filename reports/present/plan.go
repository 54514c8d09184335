// Package present turns the structured analysis of a report into the
// sentences readers see, in the report's language. Analysis stores codes,
// amounts and reasons only; every renderer (PDF, HTML) calls this package
// for the words, so the two never disagree.
package present

import (
	"math"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// channel returns the plan's assessment of a channel by name.
func channel(rep *reports.Report, name string) (reports.ChannelPlan, bool) {
	for _, c := range rep.Plan.Channels {
		if c.Channel == name {
			return c, true
		}
	}
	return reports.ChannelPlan{}, false
}

// finding returns the finding a reason names.
func finding(rep *reports.Report, r reports.Reason) (reports.Finding, bool) {
	for _, f := range rep.Findings {
		if f.Code == r.Code && f.Subject == r.Subject {
			return f, true
		}
	}
	return reports.Finding{}, false
}

// step returns the plan step a money recommendation comes from.
func step(rep *reports.Report, m *reports.Move) (reports.PlanStep, bool) {
	if m == nil {
		return reports.PlanStep{}, false
	}
	for _, st := range rep.Plan.Steps {
		if st.Move == *m {
			return st, true
		}
	}
	return reports.PlanStep{}, false
}

// whys returns the messages of the findings a recommendation answers,
// except the year's forecast (the gap sentence says that), at most two.
func whys(rep *reports.Report, rs []reports.Reason) []string {
	var out []string
	for _, r := range rs {
		if r.Code == "forecast_overrun" {
			continue
		}
		if f, ok := finding(rep, r); ok && f.Message != "" && len(out) < 2 {
			out = append(out, f.Message)
		}
	}
	return out
}

func hasReason(rs []reports.Reason, code string) bool {
	for _, r := range rs {
		if r.Code == code {
			return true
		}
	}
	return false
}

// returnText is a channel's return in one phrase: ROAS, else CAC, else
// cost per lead, else "not tracked".
func returnText(c reports.ChannelPlan, l *i18n.Lang) string {
	switch {
	case c.ROASOK && c.ROAS == 0:
		return l.T("plan.return.no_revenue")
	case c.ROASOK:
		return l.T("plan.return.roas", "value", l.Ratio(c.ROAS))
	case c.CACOK:
		return l.T("plan.return.cac", "value", l.Money(c.CAC))
	case c.CPLOK:
		return l.T("plan.return.cpl", "value", l.Money(c.CPL))
	}
	return l.T("plan.return.none")
}

// EffectText renders an expected monthly effect; "" for nil.
//
// Leads and won deals are counts of people and deals, so they are shown
// as whole numbers (rounded half away from zero) with a sign; summary.json
// keeps the exact values. A count that is not zero but rounds to zero
// (0.4 deals) reads "<1" with its sign ("+<1", "-<1"), never "0", so a
// small effect is not presented as none.
func EffectText(e *reports.Effect, l *i18n.Lang) string {
	if e == nil {
		return ""
	}
	return l.T("plan.effect", "leads", signedCount(l, e.Leads), "won", signedCount(l, e.Won), "revenue", signedMoney(l, e.Revenue))
}

// signedCount formats an expected change in a count as a signed whole
// number; see EffectText for the rule.
func signedCount(l *i18n.Lang, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	r := math.Round(v)
	sign := ""
	switch {
	case v > 0:
		sign = "+"
	case v < 0:
		sign = "-"
	}
	if r == 0 {
		if v == 0 {
			return "0"
		}
		return sign + "<1"
	}
	return sign + l.Int(int64(math.Abs(r)))
}

func signedMoney(l *i18n.Lang, m reports.Money) string {
	if m > 0 {
		return "+" + l.Money(m)
	}
	return l.Money(m)
}

// RecommendationText renders a recommendation's title and body in the
// report's language from its fields and the report's plan and findings.
func RecommendationText(r reports.Recommendation, rep *reports.Report, l *i18n.Lang) (title, body string) {
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	pl := rep.Plan
	m := r.Move
	switch r.Code {
	case "cut", "stop_test":
		c, _ := channel(rep, m.From)
		st, _ := step(rep, m)
		switch {
		case r.Code == "stop_test":
			title = l.T("plan.rec.stop_test.title", "from", m.From, "amount", l.Money(m.Amount))
		case c.Level > 0 && m.Amount >= roundDown(c.Level):
			title = l.T("plan.rec.stop.title", "from", m.From, "amount", l.Money(m.Amount))
		default:
			title = l.T("plan.rec.cut.title", "from", m.From, "amount", l.Money(m.Amount))
		}
		for _, w := range whys(rep, r.Reasons) {
			add(w)
		}
		switch st.Tier {
		case "core":
			add(l.T("plan.rec.cut.core", "from", m.From, "return", returnText(c, l)))
		case "stage":
			add(l.T("plan.rec.cut.decline"))
		}
		if hasReason(r.Reasons, "forecast_overrun") && pl.Months > 0 {
			add(l.T("plan.rec.cut.gap", "amount", l.Money(m.Amount), "months", pl.Months,
				"total", l.Money(m.Amount*reports.Money(pl.Months)), "gap", l.Money(pl.Gap)))
		} else {
			add(l.T("plan.rec.cut.reserve", "amount", l.Money(m.Amount)))
		}
		if r.Code == "stop_test" {
			add(l.T("plan.rec.stop_test.never_back", "from", m.From))
		}
	case "move":
		title = l.T("plan.rec.move.title", "from", m.From, "to", m.To, "amount", l.Money(m.Amount))
		for _, w := range whys(rep, r.Reasons) {
			add(w)
		}
		to, _ := channel(rep, m.To)
		if to.Band == reports.BandBelow {
			add(l.T("plan.rec.move.lift", "to", m.To, "return", returnText(to, l), "limit", l.Money(to.Inflection)))
		} else if to.Saturation > 0 {
			add(l.T("plan.rec.move.to", "to", m.To, "return", returnText(to, l), "headroom", l.Money(to.Headroom)))
		} else {
			add(l.T("plan.rec.move.to_unknown", "to", m.To, "return", returnText(to, l)))
		}
	case "promote_test":
		title = l.T("plan.rec.promote_test.title", "to", m.To, "amount", l.Money(m.Amount))
		for _, w := range whys(rep, r.Reasons) {
			add(w)
		}
		add(l.T("plan.rec.promote_test", "to", m.To, "amount", l.Money(m.Amount)))
	case "decide_test":
		name := ""
		if len(r.Reasons) > 0 {
			name = r.Reasons[0].Subject
		}
		c, _ := channel(rep, name)
		title = l.T("plan.rec.decide_test.title", "channel", name)
		for _, w := range whys(rep, r.Reasons) {
			add(w)
		}
		add(l.T("plan.rec.decide_test", "channel", name, "limit", l.Money(c.Inflection), "per", l.T("analysis.per."+unitOr(c.Unit))))
	case "gap_open":
		title = l.T("plan.rec.gap_open.title")
		waste := pl.CutTotal - pl.CoreCut
		if pl.Shortfall > 0 {
			add(l.T("plan.rec.gap_open.shortfall", "gap", l.Money(pl.Gap), "covered", l.Money(pl.Covered), "shortfall", l.Money(pl.Shortfall), "best", bestName(rep)))
		}
		if pl.CoreCut > 0 {
			add(l.T("plan.rec.gap_open.core", "gap", l.Money(pl.Gap), "waste", l.Money(waste), "core", l.Money(pl.CoreCut), "months", pl.Months))
		}
	case "channel_roi":
		var best, worst string
		for _, rs := range r.Reasons {
			switch rs.Code {
			case "best_return":
				best = rs.Subject
			case "worst_return":
				worst = rs.Subject
			}
		}
		bc, _ := channel(rep, best)
		wc, _ := channel(rep, worst)
		title = l.T("plan.rec.channel_roi.title", "best", best, "worst", worst)
		add(l.T("plan.rec.channel_roi", "best", best, "best_return", returnText(bc, l), "worst", worst, "worst_return", returnText(wc, l)))
	case "mix_review":
		title = l.T("plan.rec.mix_review.title", "stage", l.T("stage."+rep.Stage))
		for _, ms := range rep.Mix {
			if len(r.Reasons) > 0 && l.RoleChannels(ms.Role) == r.Reasons[0].Subject {
				add(l.T("plan.rec.mix_review", "role", l.RoleChannels(ms.Role), "actual", l.Pct(ms.ActualPct), "rec", target0(l, ms.RecommendedPct),
					"gap", l.Money(ms.Gap), "stage", l.T("stage."+rep.Stage)))
			}
		}
	case "funnel_diagnosis":
		d := rep.Plan.Funnel
		if d == nil {
			d = &reports.FunnelDiagnosis{}
			if len(r.Reasons) > 0 {
				d.From, d.To, _ = strings.Cut(r.Reasons[0].Subject, "→")
			}
			for _, c := range rep.Funnel.Conversions {
				if c.From == d.From && c.To == d.To {
					d.Rate = c.Rate
				}
			}
		}
		diag := "conversion"
		switch d.From {
		case "leads":
			diag = "quality" // a lead-quality problem is not answered with awareness spend
		case "mql":
			diag = "consideration"
		}
		args := []any{"from", l.T("funnel." + d.From), "to", l.T("funnel." + d.To), "rate", l.Pct(d.Rate)}
		title = l.T("plan.rec.diagnosis.title", args...)
		add(l.T("plan.rec.diagnosis."+diag, args...))
		if d.Bench > 0 {
			add(l.T("plan.rec.diagnosis.bench."+d.Source, "bench", l.Pct(d.Bench)))
		}
	case "overhead_review":
		title = l.T("plan.rec.overhead_review.title")
		for _, w := range whys(rep, r.Reasons) {
			add(w)
		}
		add(l.T("plan.rec.overhead_review"))
	case "core_test":
		core, test := rep.CoreTest[0], rep.CoreTest[1]
		testPct, _ := reports.Pct(test, core+test)
		target := 100 - rep.CoreTargetPc
		title = l.T("plan.rec.core_test.title", "core", target0(l, rep.CoreTargetPc), "test", target0(l, target))
		key := "plan.rec.core_test.more"
		if testPct > target {
			key = "plan.rec.core_test.less"
		}
		add(l.T(key, "test", l.Pct(testPct), "target", target0(l, target), "amount", l.Money(test)))
	case "budget_unbudgeted":
		var subs []string
		for _, rs := range r.Reasons {
			subs = append(subs, rs.Subject)
		}
		title = l.T("plan.rec.unbudgeted.title")
		add(l.T("plan.rec.unbudgeted", "lines", l.List(subs)))
	case "budget_to_revenue":
		title = l.T("plan.rec.budget_to_revenue.title")
		for _, w := range whys(rep, r.Reasons) {
			add(w)
		}
		add(l.T("plan.rec.budget_to_revenue." + stageOr(rep.Stage)))
	case "stage":
		title = l.T("plan.rec.stage.title", "stage", l.T("stage."+stageOr(rep.Stage)))
		add(l.T("plan.rec.stage." + stageOr(rep.Stage)))
		add(l.T("plan.rec.tier."+budgetTier(rep.Forecast.AnnualBudget), "budget", l.Money(rep.Forecast.AnnualBudget)))
	default:
		if sit, ok := strings.CutPrefix(r.Code, "situation_"); ok {
			title = l.T("plan.rec.situation." + sit + ".title")
			add(l.T("plan.rec.situation." + sit))
		} else {
			title = r.Code
		}
	}
	add(EffectText(r.Effect, l))
	sep := " "
	if l.Zh() {
		sep = "" // Chinese sentences end in 。 and take no space between them
	}
	return title, strings.Join(parts, sep)
}

// MoveLine is the move line shown under a recommendation: its MoveText,
// or "" when the title already names the move's channels and amount (the
// line would only repeat the heading).
func MoveLine(title string, r reports.Recommendation, l *i18n.Lang) string {
	mt := MoveText(r, l)
	if mt == "" {
		return ""
	}
	m := r.Move
	for _, s := range []string{m.From, m.To, l.Money(m.Amount)} {
		if s != "" && !strings.Contains(title, s) {
			return mt
		}
	}
	return ""
}

// MoveText is the one-line form of a recommendation's move ("" for none).
func MoveText(r reports.Recommendation, l *i18n.Lang) string {
	m := r.Move
	switch {
	case m == nil:
		return ""
	case m.To == "":
		return l.T("plan.line.cut", "from", m.From, "amount", l.Money(m.Amount))
	case m.From == "":
		return l.T("plan.line.fund", "to", m.To, "amount", l.Money(m.Amount))
	}
	return l.T("plan.line.move", "from", m.From, "to", m.To, "amount", l.Money(m.Amount))
}

// PlanSummary returns the plan for page 1, a line each: the gap and what
// the cuts cover of it, the cuts, the moves and the expected effect.
//
// A period with nothing to cut or move and no overrun has no plan lines.
func PlanSummary(rep *reports.Report, l *i18n.Lang) []string {
	pl := rep.Plan
	if len(pl.Steps) == 0 && pl.Overrun <= 0 {
		return nil
	}
	var out []string
	switch {
	case pl.Gap > 0 && pl.Shortfall > 0:
		out = append(out, l.T("plan.summary.gap_short", "gap", l.Money(pl.Gap), "cut", l.Money(pl.CutTotal), "months", pl.Months,
			"covered", l.Money(pl.Covered), "shortfall", l.Money(pl.Shortfall)))
	case pl.Gap > 0 && pl.CoreCut > 0:
		out = append(out, l.T("plan.summary.gap_core", "gap", l.Money(pl.Gap), "cut", l.Money(pl.CutTotal), "months", pl.Months,
			"covered", l.Money(pl.Covered), "core", l.Money(pl.CoreCut)))
	case pl.Gap > 0:
		out = append(out, l.T("plan.summary.gap", "gap", l.Money(pl.Gap), "cut", l.Money(pl.CutTotal), "months", pl.Months,
			"covered", l.Money(pl.Covered)))
	case pl.Overrun > 0 && pl.Months == 0:
		out = append(out, l.T("plan.summary.closed", "overrun", l.Money(pl.Overrun)))
	case pl.Overrun > 0:
		out = append(out, l.T("plan.summary.immaterial", "overrun", l.Money(pl.Overrun)))
	default:
		out = append(out, l.T("plan.summary.within"))
	}
	var cuts, moves []string
	for _, st := range pl.Steps {
		if st.To == "" {
			cuts = append(cuts, l.T("plan.item.cut", "from", st.From, "amount", l.Money(st.Amount)))
		} else {
			moves = append(moves, l.T("plan.item.move", "from", st.From, "to", st.To, "amount", l.Money(st.Amount)))
		}
	}
	// A total is shown only for two or more items: for one it repeats it.
	switch len(cuts) {
	case 0:
	case 1:
		out = append(out, l.T("plan.summary.cut_one", "items", cuts[0]))
	default:
		out = append(out, l.T("plan.summary.cuts", "items", l.Join(cuts), "total", l.Money(pl.CutTotal)))
	}
	switch len(moves) {
	case 0:
	case 1:
		out = append(out, l.T("plan.summary.move_one", "items", moves[0]))
	default:
		out = append(out, l.T("plan.summary.moves", "items", l.Join(moves), "total", l.Money(pl.MoveTotal)))
	}
	if len(pl.Steps) == 0 {
		out = append(out, l.T("plan.summary.none"))
	}
	if e := EffectText(pl.Effect, l); e != "" {
		out = append(out, e)
	}
	return out
}

// target0 formats a configured percentage without a trailing ".0": "15%".
func target0(l *i18n.Lang, v float64) string {
	return strings.Replace(l.Pct(v), ".0%", "%", 1)
}

func bestName(rep *reports.Report) string {
	for _, c := range rep.Plan.Channels {
		if c.Best {
			return c.Channel
		}
	}
	return "–"
}

func unitOr(u string) string {
	if u == "" {
		return "month"
	}
	return u
}

func stageOr(s string) string {
	switch s {
	case "startup", "growth", "mature", "decline":
		return s
	}
	return "growth"
}

// roundDown mirrors analysis: per-month amounts of 1,000 or more are
// rounded down to 100 units.
func roundDown(m reports.Money) reports.Money {
	if m >= 1000*reports.Unit {
		return m / (100 * reports.Unit) * (100 * reports.Unit)
	}
	return m
}

// budgetTier names the budget-size tier of seed 001 §1.2.5 for an annual
// budget: near-zero below 500,000, small below 1,000,000, medium below
// 100,000,000, large from there.
func budgetTier(annual reports.Money) string {
	switch {
	case annual < 500_000*reports.Unit:
		return "zero"
	case annual < 1_000_000*reports.Unit:
		return "small"
	case annual < 100_000_000*reports.Unit:
		return "medium"
	}
	return "large"
}
