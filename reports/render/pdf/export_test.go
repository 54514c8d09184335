package pdf

import (
	"io"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// Layout is what a test can learn about a rendered document: the texts
// cut with "…" to fit their box, the height filled on each page and where
// each heading landed.
type Layout struct {
	Cuts     []string
	Fill     []float64 // millimetres of content per page, from the top margin
	Headings []Heading
	Usable   float64 // the height a page can hold, in millimetres
}

// Heading is a section, sub-section or table title in a rendered document.
type Heading struct {
	Page  int
	Text  string
	Below float64 // millimetres of its content on its page
	Broke bool    // its content runs on to the next page
}

// MinKeep is the least content the renderer keeps under a heading whose
// content runs on to the next page.
const MinKeep = minKeep

// RenderLayout renders like RenderPage and reports the layout.
func (r *Renderer) RenderLayout(w io.Writer, pg *present.Page, rep *reports.Report, lang *i18n.Lang) (Layout, error) {
	d, err := r.render(w, pg, rep, lang)
	if err != nil {
		return Layout{}, err
	}
	lay := Layout{Cuts: d.cuts, Fill: d.fill_, Usable: bottom - top}
	for _, m := range d.marks {
		lay.Headings = append(lay.Headings, Heading{Page: m.page, Text: m.text, Below: m.below, Broke: m.broke})
	}
	return lay, nil
}
