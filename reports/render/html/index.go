package html

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/output"
	"github.com/budgetlens/budgetlens/reports/present"
)

// indexView is the view model of index.html.tmpl.
type indexView struct {
	L           *i18n.Lang
	Lang        string
	CSP         string
	Title       string
	Company     string
	Generated   string
	GeneratedAt string
	Rows        []indexRow
	Exports     []linkView
	FontFace    template.CSS
	// Trend is the last 13 months' actual vs plan, an inline SVG.
	Trend      template.HTML
	TrendTitle string
}

type indexRow struct {
	Period, Kind   string
	HTML           string // the period's link: its HTML page, "" when there is none
	Files          []linkView
	Headline       string
	Landing        string
	Budget, Actual string
	Variance       string
	VarPct         string
	Tone, Icon     string
	ToneText       string
	Alerts         string
	AlertTone      string // "alert", "warn" or ""
	Partial        bool
}

// kindOrder puts, among reports ending in the same month, the widest
// first: the year, then the quarter, then the month. A reader scanning
// down sees each summary before its parts.
var kindOrder = map[reports.PeriodKind]int{reports.KindYear: 0, reports.KindQuarter: 1, reports.KindMonth: 2}

// sortEntries orders entries newest first by the period's last month
// (End), then widest period first, then by period ID, newest first.
func sortEntries(entries []output.Entry) []output.Entry {
	es := make([]output.Entry, 0, len(entries))
	for _, e := range entries {
		if e.Report != nil {
			es = append(es, e)
		}
	}
	slices.SortStableFunc(es, func(a, b output.Entry) int {
		pa, pb := a.Report.Period, b.Report.Period
		if c := cmp.Compare(pb.End.Index(), pa.End.Index()); c != 0 {
			return c
		}
		if c := cmp.Compare(kindOrder[pa.Kind], kindOrder[pb.Kind]); c != 0 {
			return c
		}
		return cmp.Compare(pb.ID, pa.ID)
	})
	return es
}

func newIndexView(company string, entries []output.Entry, l *i18n.Lang, generated time.Time, exports []output.Link) *indexView {
	v := &indexView{
		L:           l,
		Lang:        l.Tag,
		CSP:         csp,
		Title:       l.T("html.index.title", "company", company),
		Company:     company,
		Generated:   l.T("html.generated", "time", generated.Format("2006-01-02 15:04 MST")),
		GeneratedAt: generated.Format("2006-01-02 15:04 MST"),
	}
	for _, e := range exports {
		if href := safeHref(e.Href); href != "" {
			v.Exports = append(v.Exports, linkView{href, e.Label})
		}
	}
	var reps []*reports.Report
	for _, e := range entries {
		reps = append(reps, e.Report)
	}
	tr := present.TrendOf(reps, l)
	v.Trend, v.TrendTitle = trendSVG(tr), tr.Title
	for _, e := range sortEntries(entries) {
		rep := e.Report
		pg := present.Build(rep, l)
		c := cells(pg.Variance.Total, l)
		row := indexRow{
			Period:   l.PeriodName(rep.Period),
			Kind:     l.T("kind." + string(rep.Period.Kind)),
			Headline: pg.Headline,
			Landing:  pg.Landing,
			Budget:   c.Budget.Text,
			Actual:   c.Actual.Text,
			Variance: c.Var.Text,
			VarPct:   c.VarPct.Text,
			Tone:     c.Tone,
			Icon:     c.Icon,
			ToneText: c.ToneText,
			Partial:  !rep.Period.Complete,
		}
		for _, f := range e.Files {
			lk := linkView{Href: safeHref(f.Href), Label: f.Label}
			if lk.Href == "" {
				continue
			}
			row.Files = append(row.Files, lk)
			if row.HTML == "" && strings.HasSuffix(f.Href, ".html") {
				row.HTML = lk.Href
			}
		}
		alerts, warns := rep.Alerts()
		// Only the counts that are not zero: "8 warnings", not "0 alerts, 8 warnings".
		var counts []string
		if alerts > 0 {
			counts = append(counts, l.Count("html.n.alert", alerts))
		}
		if warns > 0 {
			counts = append(counts, l.Count("html.n.warning", warns))
		}
		row.Alerts = l.T("html.index.alerts_none")
		if len(counts) > 0 {
			row.Alerts = l.List(counts)
		}
		switch {
		case alerts > 0:
			row.AlertTone = "alert"
		case warns > 0:
			row.AlertTone = "warn"
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}
