package pdf

import (
	"io"

	"github.com/budgetlens/budgetlens/reports/output"
)

// Name is "pdf": the Renderer is the output.Format of report-<period>.pdf.
func (r *Renderer) Name() string { return "pdf" }

// WriteReport renders r's page as a PDF (output.Format). A PDF links no
// other file.
func (r *Renderer) WriteReport(w io.Writer, rp *output.Report) error {
	return r.RenderPage(w, rp.Page, rp.Report, rp.Lang)
}
