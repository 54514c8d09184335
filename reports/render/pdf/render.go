package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
)

// fontFamily is the name the embedded font is registered under in each
// document. There is one face only: hierarchy comes from size, colour and
// rules, never from bold.
const fontFamily = "wqymicrohei"

// fpdf names the embedded font after the family without the subset tag
// that PDF readers expect on a subset font ("ABCDEF+Name"). Render renames
// it in place; both names have the same length, so no offset moves.
var (
	fpdfFontName   = []byte("/utf8" + fontFamily + "\n")
	taggedFontName = []byte("/BLSUBS+MicroHei\n")
)

// Page geometry in millimetres (A4 portrait).
const (
	pageW    = 210.0
	pageH    = 297.0
	marginX  = 15.0
	top      = 24.0  // first content line, below the header
	bottom   = 280.0 // last content line, above the footer
	contentW = pageW - 2*marginX
)

// Renderer renders reports to PDF. New checks the font once; it is safe
// for concurrent use by several goroutines (each Render builds its own fpdf
// document and only reads the Renderer). fpdf keeps parsed fonts per
// document and has no way to share one, so each Render hands it the same
// bytes again; that re-read is most of a render's time.
type Renderer struct {
	font []byte
}

// New returns a Renderer that embeds font, the bytes of a TrueType font
// (templates.FS, templates.FontFile), as a subset into every PDF. It returns
// an error when fpdf cannot use the font.
func New(font []byte) (*Renderer, error) {
	if err := checkSFNT(font); err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	r := &Renderer{font: font}
	if err := r.probe(); err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	return r, nil
}

// checkSFNT checks the sfnt header and that the tables fpdf reads are all
// present and inside the data, so that wrong or truncated bytes are refused
// before fpdf prints its complaint to stdout or reads past the end.
func checkSFNT(b []byte) error {
	if len(b) < 12 {
		return errors.New("not a TrueType font")
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true":
	default:
		return errors.New("not a TrueType font")
	}
	n := int(binary.BigEndian.Uint16(b[4:6]))
	if len(b) < 12+16*n {
		return errors.New("truncated table directory")
	}
	found := map[string]bool{}
	for i := 0; i < n; i++ {
		rec := b[12+16*i:]
		off := uint64(binary.BigEndian.Uint32(rec[8:12]))
		size := uint64(binary.BigEndian.Uint32(rec[12:16]))
		if off+size > uint64(len(b)) {
			return fmt.Errorf("table %q lies beyond the end of the font", rec[:4])
		}
		found[string(rec[:4])] = true
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "cmap", "loca", "glyf", "post"} {
		if !found[tag] {
			return fmt.Errorf("no %q table", tag)
		}
	}
	return nil
}

// probe builds a one-line document with the font. fpdf reports a font it
// cannot parse only on stdout, and the failure surfaces as an undefined
// font when it is selected, so the probe looks at pdf.Error.
func (r *Renderer) probe() (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("unusable: %v", p)
		}
	}()
	p := r.newPDF()
	p.AddPage()
	p.SetFont(fontFamily, "", 10)
	p.CellFormat(50, 5, "Budget 预算 1234", "", 0, "L", false, 0, "")
	if err := p.Error(); err != nil {
		return err
	}
	if p.GetStringWidth("M") <= 0 {
		return errors.New("no glyph widths")
	}
	return p.Output(io.Discard)
}

func (r *Renderer) newPDF() *fpdf.Fpdf {
	p := fpdf.New("P", "mm", "A4", "")
	// The alias must be set before the font is added: fpdf sizes the
	// font's initial subset by it.
	p.AliasNbPages(nbAlias)
	p.AddUTF8FontFromBytes(fontFamily, "", r.font)
	p.SetAutoPageBreak(false, 0)
	p.SetMargins(marginX, top, marginX)
	p.SetCellMargin(0)
	p.SetCatalogSort(true)
	p.SetCompression(true)
	return p
}

// nbAlias stands for the total page count in the footer.
const nbAlias = "{nb}"

// Render writes the PDF of rep in language lang to w. Nothing is written
// when rendering fails.
func (r *Renderer) Render(w io.Writer, rep *reports.Report, lang *i18n.Lang) error {
	if rep == nil || lang == nil {
		return errors.New("render pdf: nil report or language")
	}
	return r.RenderPage(w, present.Build(rep, lang), rep, lang)
}

// RenderPage writes the PDF of page pg, built from rep, to w. The text
// comes from pg; rep gives the charts their series.
func (r *Renderer) RenderPage(w io.Writer, pg *present.Page, rep *reports.Report, lang *i18n.Lang) error {
	_, err := r.render(w, pg, rep, lang)
	return err
}

func (r *Renderer) render(w io.Writer, pg *present.Page, rep *reports.Report, lang *i18n.Lang) (d *doc, err error) {
	if pg == nil || rep == nil || lang == nil {
		return nil, errors.New("render pdf: nil page, report or language")
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("render pdf: %v", p)
		}
	}()
	p := r.newPDF()
	p.SetCreationDate(rep.Generated)
	p.SetModificationDate(rep.Generated)
	p.SetProducer("budgetlens", true)
	d = &doc{pdf: p, rep: rep, pg: pg, l: lang}
	p.SetTitle(clean(lang.T("pdf.title", "company", rep.Company, "period", lang.PeriodName(rep.Period))), true)
	p.SetAuthor(clean(rep.Company), true)
	p.SetSubject(clean(pg.Kind+" · "+pg.Period), true)
	p.SetCreator("budgetlens", true)
	p.SetHeaderFunc(d.header)
	p.SetFooterFunc(d.footer)
	d.build()
	d.closeMark()
	d.fill_ = append(d.fill_, d.y-top)
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	out := buf.Bytes()
	if bytes.Count(out, fpdfFontName) == 3 {
		out = bytes.ReplaceAll(out, fpdfFontName, taggedFontName)
	}
	if _, err := w.Write(out); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return d, nil
}

// clean makes s safe for fpdf: valid UTF-8, no control characters and
// nothing above U+FFFF (fpdf panics on such runes; emoji become U+FFFD).
func clean(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for _, c := range s {
			if c > 0xFFFF || c < ' ' || c == 0x7F || (c >= 0x80 && c < 0xA0) {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	for _, c := range s {
		switch {
		case c > 0xFFFF:
			b.WriteRune('\uFFFD')
		case c == '\n' || c == '\r' || c == '\t':
			b.WriteRune(' ')
		case unicode.IsControl(c):
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
