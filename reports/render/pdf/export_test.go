package pdf

import (
	"io"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// Layout is what a test can learn about a rendered document: the texts
// cut with "…" to fit their box and the height filled on each page.
type Layout struct {
	Cuts []string
	Fill []float64 // millimetres of content per page, from the top margin
}

// RenderLayout renders like RenderPage and reports the layout.
func (r *Renderer) RenderLayout(w io.Writer, pg *present.Page, rep *reports.Report, lang *i18n.Lang) (Layout, error) {
	d, err := r.render(w, pg, rep, lang)
	if err != nil {
		return Layout{}, err
	}
	return Layout{Cuts: d.cuts, Fill: d.fill_}, nil
}
