package analysis

import (
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/present"
)

const recChannels = `
[[channel]]
name = "百度SEM"
role = "test"
inflection = 50000
saturation = 150000
aliases = ["Baidu SEM"]
[[channel]]
name = "抖音"
role = "test"
inflection = 30000
[[channel]]
name = "客户案例"
role = "consideration"
inflection = 20000
saturation = 300000
[[channel]]
name = "行业峰会"
role = "awareness"
inflection = 100000
`

func recBook() *reports.Book {
	m := ym(2026, 3)
	return newFixture().
		budget("数字广告", "百度SEM", "", "", m, 150000).
		budget("数字广告", "抖音", "", "", m, 30000).
		budget("内容营销", "客户案例", "", "", m, 200000).
		budget("展会", "行业峰会", "", "", m, 400000).
		actual("数字广告", "Baidu SEM", "", m, 250000).
		actual("数字广告", "抖音", "", m, 10000).
		actual("内容营销", "客户案例", "", m, 100000).
		actual("展会", "行业峰会", "", m, 400000).
		funnel("百度SEM", m, reports.Funnel{Leads: 500, MQL: 200, SQL: 80, Opps: 40, POC: 10, Won: 5, Revenue: yuan(1000000)}).
		funnel("客户案例", m, reports.Funnel{Leads: 100, MQL: 60, SQL: 30, Opps: 15, POC: 5, Won: 3, Revenue: yuan(900000)}).b
}

// TestRecommendationMoves: 百度SEM is a test that reached its inflection
// point and returns 4× against the core median of 9× (客户案例): it is
// stopped, its money goes to 客户案例 up to that channel's saturation
// headroom and the rest is cut. 抖音 never reached its inflection: a
// decision, not a stop.
func TestRecommendationMoves(t *testing.T) {
	cfg := testConfig(t, recChannels)
	for _, tag := range []string{"en", "zh-CN"} {
		r := build(t, recBook(), cfg, tag, now, "2026-03")
		checkMessages(t, r)
		var moves []reports.Move
		for _, rc := range r.Recommendations {
			if rc.Move != nil {
				moves = append(moves, *rc.Move)
			}
		}
		want := []reports.Move{
			{From: "百度SEM", Amount: yuan(50000)},
			{From: "百度SEM", To: "客户案例", Amount: yuan(200000)},
		}
		if len(moves) != len(want) {
			t.Fatalf("%s: moves %+v, want %+v", tag, moves, want)
		}
		for i := range want {
			if moves[i] != want[i] {
				t.Errorf("%s: move %d %+v, want %+v", tag, i, moves[i], want[i])
			}
		}
		if r.Recommendations[0].Code != RecStopTest || r.Recommendations[1].Code != RecStopTest {
			t.Errorf("%s: first recommendations %+v", tag, r.Recommendations[:2])
		}
		if d := recOf(r, RecDecideTest); d == nil || d.Move != nil || len(d.Reasons) == 0 || d.Reasons[0].Subject != "抖音" {
			t.Errorf("%s: decide_test %+v", tag, d)
		}
		if e := r.Recommendations[1].Effect; e == nil || e.Revenue != yuan(1000000) {
			// −200,000 at 4× + 200,000 at 9× = +1,000,000 a month.
			t.Errorf("%s: move effect %+v, want revenue +1,000,000", tag, e)
		}
	}
	en := recText(t, build(t, recBook(), cfg, "en", now, "2026-03"))
	if !strings.Contains(en, "The money freed does not go back into 百度SEM") || !strings.Contains(en, "extend it or stop it") {
		t.Errorf("texts:\n%s", en)
	}
}

func TestNoMoveTakesBelowInflection(t *testing.T) {
	// 行业峰会 grew 60% for 2% more leads (saturation detected) but its
	// inflection point is 150,000: only 10,000 of the 60,000 rise may go.
	cfg := testConfig(t, `
[[channel]]
name = "行业峰会"
role = "awareness"
inflection = 150000
[[channel]]
name = "客户案例"
role = "consideration"
inflection = 20000
`)
	jan, feb := ym(2026, 1), ym(2026, 2)
	b := newFixture().
		budgetMonths("展会", "行业峰会", "", jan, 2, 150000).
		budgetMonths("内容", "客户案例", "", jan, 2, 50000).
		actual("展会", "行业峰会", "", jan, 100000).actual("展会", "行业峰会", "", feb, 160000).
		actual("内容", "客户案例", "", jan, 30000).actual("内容", "客户案例", "", feb, 30000).
		funnel("行业峰会", jan, reports.Funnel{Leads: 100}).funnel("行业峰会", feb, reports.Funnel{Leads: 102}).b
	r := build(t, b, cfg, "en", now, "2026-02")
	checkMessages(t, r)
	if len(findCodes(r, CodeSaturationDetected)) != 1 {
		t.Fatalf("want saturation_detected, got %+v", r.Findings)
	}
	spend := map[string]reports.Money{"行业峰会": yuan(160000), "客户案例": yuan(30000)}
	infl := map[string]reports.Money{"行业峰会": yuan(150000), "客户案例": yuan(20000)}
	var moved reports.Money
	for _, rc := range r.Recommendations {
		if rc.Move == nil {
			continue
		}
		spend[rc.Move.From] -= rc.Move.Amount
		moved += rc.Move.Amount
		if s := spend[rc.Move.From]; s != 0 && s < infl[rc.Move.From] {
			t.Errorf("move %+v leaves %s at %v, below its inflection point %v", rc.Move, rc.Move.From, s, infl[rc.Move.From])
		}
	}
	if moved != yuan(10000) {
		t.Errorf("moved %v, want 10,000 (down to the inflection point)", moved)
	}
}

func TestMovesRespectSaturationHeadroom(t *testing.T) {
	cfg := testConfig(t, `
[[channel]]
name = "SEM"
role = "awareness"
saturation = 100000
[[channel]]
name = "案例"
role = "consideration"
saturation = 120000
`)
	m := ym(2026, 3)
	b := newFixture().budget("A", "SEM", "", "", m, 100000).budget("B", "案例", "", "", m, 100000).
		actual("A", "SEM", "", m, 400000).actual("B", "案例", "", m, 100000).
		funnel("SEM", m, reports.Funnel{Leads: 400}).funnel("案例", m, reports.Funnel{Leads: 200}).b
	r := build(t, b, cfg, "en", now, "2026-03")
	var in reports.Money
	for _, rc := range r.Recommendations {
		if rc.Move != nil && rc.Move.To == "案例" {
			in += rc.Move.Amount
		}
	}
	if in != yuan(20000) {
		t.Errorf("moved %v into 案例, want its 20,000 headroom: %+v", in, r.Recommendations)
	}
	if len(findCodes(r, CodeAboveSaturation)) != 1 {
		t.Errorf("findings %+v", r.Findings)
	}
	var cut bool
	for _, rc := range r.Recommendations {
		if rc.Code == RecCut && rc.Move.From == "SEM" && rc.Move.Amount == yuan(280000) {
			cut = true
		}
	}
	if !cut {
		t.Errorf("the excess with nowhere to go should become a cut: %+v", r.Recommendations)
	}
}

func TestRecommendationsFitStageAndSituation(t *testing.T) {
	tests := []struct {
		name, cfg, want string
	}{
		{"startup", "stage = \"startup\"\n", "at least 7 touches"},
		{"growth", "", "3–7 touches"},
		{"mature", "stage = \"mature\"\n", "1–2 touches"},
		{"downturn", "situation = \"downturn\"\n", "postpone large events"},
		{"launch", "situation = \"launch\"\n", "KOL reviews"},
		{"policy", "situation = \"policy\"\n", "compliance content"},
		{"recovery", "situation = \"recovery\"\n", "new verticals"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := build(t, recBook(), testConfig(t, tt.cfg+recChannels), "en", now, "2026-03")
			checkMessages(t, r)
			if all := recText(t, r); !strings.Contains(all, tt.want) {
				t.Errorf("no recommendation mentions %q:\n%s", tt.want, all)
			}
			zh := build(t, recBook(), testConfig(t, tt.cfg+recChannels), "zh-CN", now, "2026-03")
			checkMessages(t, zh)
		})
	}
}

func TestFunnelDiagnosisAndEmphasis(t *testing.T) {
	cfg := testConfig(t, strings.Replace(recChannels, `role = "test"`, `role = "consideration"`, 1))
	r := build(t, recBook(), cfg, "en", now, "2026-03")
	codes := map[string]string{}
	l := testLang(t, "en")
	for _, rc := range r.Recommendations {
		title, body := present.RecommendationText(rc, r, l)
		codes[rc.Code] = title + " | " + body
	}
	// Total funnel: 600 → 260 → 110 → 55 → 15 → 8; the weakest is opps → POC.
	if d := codes[RecDiagnosis]; !strings.Contains(d, "Opportunities → POC") || !strings.Contains(d, "conversion gap") {
		t.Errorf("diagnosis %q", d)
	}
	// By ROAS 客户案例 (9×) beats 百度SEM (4×), which is above saturation anyway.
	if c := codes[RecChannelROI]; !strings.Contains(c, "toward 客户案例, away from 百度SEM") {
		t.Errorf("channel ROI %q", c)
	}
	q := build(t, recBook(), cfg, "en", now, "2026-Q1")
	var mix bool
	for _, rc := range q.Recommendations {
		mix = mix || rc.Code == RecMixReview
		if rc.Code == RecChannelROI {
			t.Errorf("quarterly report should not carry the monthly channel comparison")
		}
	}
	if !mix {
		t.Errorf("quarterly report lacks a mix review: %+v", q.Recommendations)
	}
}

// TestNoTrivialSaturationMoves checks that a channel a hair above its
// saturation threshold (within materialPct) is not a source of moves,
// while a material excess is.
func TestNoTrivialSaturationMoves(t *testing.T) {
	cfg := testConfig(t, recChannels)
	m := ym(2026, 3)
	tests := []struct {
		name  string
		spend int64 // 百度SEM, saturation 150,000
		moved bool
	}{
		{"hair above", 151100, false},
		{"at the margin", 157500, false},
		{"material", 180000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newFixture().
				budget("数字广告", "百度SEM", "", "", m, 150000).
				budget("内容营销", "客户案例", "", "", m, 200000).
				budget("展会", "行业峰会", "", "", m, 400000).
				actual("数字广告", "百度SEM", "", m, tt.spend).
				actual("内容营销", "客户案例", "", m, 100000).
				actual("展会", "行业峰会", "", m, 400000).b
			r := build(t, b, cfg, "en", now, "2026-03")
			moved := false
			for _, rc := range r.Recommendations {
				if rc.Move != nil && rc.Move.From == "百度SEM" {
					moved = true
				}
			}
			if moved != tt.moved {
				t.Errorf("spend %d: money taken from 百度SEM = %v, want %v (%+v)", tt.spend, moved, tt.moved, r.Recommendations)
			}
			if len(findCodes(r, CodeAboveSaturation)) != 1 {
				t.Errorf("spend %d: want the above_saturation finding either way", tt.spend)
			}
		})
	}
}
