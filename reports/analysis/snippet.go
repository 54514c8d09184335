package analysis

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/budgetlens/budgetlens/reports"
)

// minSnippetMonths is how many months with both spend and leads a channel
// needs before its benchmarks are re-estimated.
const minSnippetMonths = 4

// monthPoint is one month of a channel: spend and leads.
type monthPoint struct {
	m     reports.Month
	spend reports.Money
	leads int64
}

// benchmarks re-estimates a channel's inflection point and saturation
// threshold from its monthly spend and leads (seed 001 §7.3: the annual
// review updates the benchmarks). Only months with spend and leads count.
//
//   - Inflection ≈ the lowest monthly spend that still produced leads at or
//     better than the channel's median cost per lead: below it, no month
//     was efficient.
//   - Saturation ≈ the spend level above which the marginal leads per unit
//     of money (Δleads / Δspend between consecutive spend levels, months
//     sorted by spend) fell below half of the channel's average leads per
//     unit of money. satOK is false when returns never fell that far (or
//     the estimate lies below the inflection point).
//
// ok is false with fewer than minSnippetMonths usable months, or when
// their spend did not vary (highest month under 1.5× the lowest).
func benchmarks(points []monthPoint) (inflection, saturation reports.Money, satOK, ok bool) {
	var pts []monthPoint
	for _, p := range points {
		if p.spend > 0 && p.leads > 0 {
			pts = append(pts, p)
		}
	}
	if len(pts) < minSnippetMonths {
		return 0, 0, false, false
	}
	// The spend must have varied: with the highest month under 1.5× the
	// lowest, every point sits at one level and says nothing about where
	// returns start or stop (issue 10 rule 7).
	lo, hi := pts[0].spend, pts[0].spend
	for _, p := range pts {
		lo, hi = min(lo, p.spend), max(hi, p.spend)
	}
	if hi*2 < lo*3 {
		return 0, 0, false, false
	}
	cpl := func(p monthPoint) float64 { return float64(p.spend) / float64(p.leads) }
	cpls := make([]float64, len(pts))
	for i, p := range pts {
		cpls[i] = cpl(p)
	}
	sort.Float64s(cpls)
	median := cpls[len(cpls)/2]
	if len(cpls)%2 == 0 {
		median = (cpls[len(cpls)/2-1] + cpls[len(cpls)/2]) / 2
	}
	inflection = -1
	for _, p := range pts {
		if cpl(p) <= median && (inflection < 0 || p.spend < inflection) {
			inflection = p.spend
		}
	}
	sort.SliceStable(pts, func(i, j int) bool {
		if pts[i].spend != pts[j].spend {
			return pts[i].spend < pts[j].spend
		}
		return pts[i].m.Before(pts[j].m)
	})
	var sumS reports.Money
	var sumL int64
	for _, p := range pts {
		sumS += p.spend
		sumL += p.leads
	}
	avg := float64(sumL) / float64(sumS)
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		if b.spend == a.spend {
			continue
		}
		marginal := float64(b.leads-a.leads) / float64(b.spend-a.spend)
		if marginal < avg/2 {
			saturation, satOK = a.spend, true
			break
		}
	}
	if satOK && saturation < inflection {
		saturation, satOK = 0, false
	}
	return inflection, saturation, satOK, true
}

// snippet fills ConfigSnippet in annual reports: a [[channel]] entry per
// channel with enough months of data in the fiscal year up to Through,
// keeping its configured role, aliases, overhead flag and loop so it can
// replace the old entry.
func (s *state) snippet() {
	if s.p.Kind != reports.KindYear {
		return
	}
	L := s.lang
	var b strings.Builder
	keys := make([]string, 0, len(s.chSpend))
	for k := range s.chSpend {
		if k != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		var pts []monthPoint
		for _, m := range s.scope {
			pts = append(pts, monthPoint{m, s.chSpend[k][m], s.chFunnel[k][m].Leads})
		}
		infl, sat, satOK, ok := benchmarks(pts)
		if !ok {
			continue
		}
		name := s.m.channelName(k)
		s.estimatedNames = append(s.estimatedNames, name)
		if b.Len() == 0 {
			b.WriteString("# " + L.T("analysis.snippet.header", "period", L.PeriodName(s.p), "months", minSnippetMonths) + "\n")
		}
		rule := s.m.rule(k)
		b.WriteString("\n[[channel]]\n")
		fmt.Fprintf(&b, "name = %s\n", tomlString(name))
		if role := s.roleOfChannel(k); role != reports.RoleNone {
			fmt.Fprintf(&b, "role = %s\n", tomlString(string(role)))
		}
		fmt.Fprintf(&b, "inflection = %s%s\n", wholeUnits(infl), was(rule != nil && rule.Inflection > 0, func() reports.Money { return rule.Inflection }, L))
		if satOK {
			fmt.Fprintf(&b, "saturation = %s%s\n", wholeUnits(sat), was(rule != nil && rule.Saturation > 0, func() reports.Money { return rule.Saturation }, L))
		} else {
			b.WriteString("# " + L.T("analysis.snippet.no_saturation") + "\n")
			if rule != nil && rule.Saturation > 0 {
				fmt.Fprintf(&b, "saturation = %s\n", wholeUnits(rule.Saturation))
			}
		}
		if rule != nil {
			if rule.Overhead {
				b.WriteString("overhead = true\n")
			}
			if rule.Loop != "" {
				fmt.Fprintf(&b, "loop = %s\n", tomlString(rule.Loop))
			}
			if len(rule.Aliases) > 0 {
				q := make([]string, len(rule.Aliases))
				for i, a := range rule.Aliases {
					q[i] = tomlString(a)
				}
				fmt.Fprintf(&b, "aliases = [%s]\n", strings.Join(q, ", "))
			}
		}
	}
	s.rep.ConfigSnippet = b.String()
}

func was(ok bool, v func() reports.Money, L interface{ T(string, ...any) string }) string {
	if !ok {
		return ""
	}
	return "  # " + L.T("analysis.snippet.was", "value", wholeUnits(v()))
}

// wholeUnits formats m in whole major units, rounded half away from zero.
func wholeUnits(m reports.Money) string {
	return strconv.FormatInt(int64(m.MulRatio(1, int64(reports.Unit))), 10)
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
