package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/present"
	"github.com/budgetlens/budgetlens/reports/render/sfnt"
	"github.com/budgetlens/budgetlens/templates"
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
// document and only reads the Renderer, apart from its cache of cut fonts).
//
// fpdf keeps parsed fonts per document and has no way to share one: it
// parses the font it is given for every document and again to write the
// subset it embeds, and parsing the whole CJK face (28,000 characters) was
// most of a render's time. So each document gets a font cut down to the
// characters it can show (see cutFor), which fpdf parses in a fraction of
// the time. Glyph ids, outlines and metrics are the whole font's, so every
// width, line break and glyph on the page is the same as with the whole
// font (TestCutFontDrawsTheSamePage).
type Renderer struct {
	font []byte
	// covered holds the characters the font has a glyph for; base the
	// characters every cut font keeps (Latin-1 and the report strings).
	covered, base *sfnt.Set
	// whole hands fpdf the whole font, as before cut fonts (tests).
	whole bool

	mu   sync.Mutex
	cuts map[sfnt.Set][]byte // cut fonts by their characters
}

// New returns a Renderer that embeds font, the bytes of a TrueType font
// (templates.FS, templates.FontFile), as a subset into every PDF. It returns
// an error when fpdf cannot use the font.
func New(font []byte) (*Renderer, error) {
	if err := checkSFNT(font); err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	covered, err := sfnt.Covered(font)
	if err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	r := &Renderer{font: font, covered: covered, base: baseRunes(covered), cuts: map[sfnt.Set][]byte{}}
	if err := r.probe(); err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	return r, nil
}

// baseRunes are the characters every cut font keeps: U+0000–U+00FF
// (fpdf writes the widths of all of them that the font has into every
// PDF, used or not, and always embeds the glyph of U+0000) and every character of the report strings of every
// language, so that a report's own words rarely need a second pass.
func baseRunes(covered *sfnt.Set) *sfnt.Set {
	var s sfnt.Set
	for c := rune(0); c <= 0xFF; c++ {
		s.Add(c)
	}
	s.AddString("…" + nbAlias)
	fs.WalkDir(templates.FS, "strings", func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if b, err := fs.ReadFile(templates.FS, path); err == nil {
				s.AddString(string(b))
			}
		}
		return nil
	})
	return intersect(&s, covered)
}

func intersect(s, t *sfnt.Set) *sfnt.Set {
	var out sfnt.Set
	for i := range out {
		out[i] = s[i] & t[i]
	}
	return &out
}

// cutFor returns the font cut to the characters of need the font has,
// and those characters. Cuts are kept for the Renderer's life: the
// reports of one run mostly share them.
func (r *Renderer) cutFor(need *sfnt.Set) ([]byte, *sfnt.Set, error) {
	set := intersect(need, r.covered)
	set.Union(r.base)
	r.mu.Lock()
	font, ok := r.cuts[*set]
	r.mu.Unlock()
	if ok {
		return font, set, nil
	}
	font, err := sfnt.Cut(r.font, set.Runes())
	if err != nil {
		return nil, nil, err
	}
	r.mu.Lock()
	if len(r.cuts) >= 64 { // a long-lived renderer (watch) keeps the recent ones
		clear(r.cuts)
	}
	r.cuts[*set] = font
	r.mu.Unlock()
	return font, set, nil
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

// probe builds a one-line document with the font, cut as documents get
// it. fpdf reports a font it cannot parse only on stdout, and the failure
// surfaces as an undefined font when it is selected, so the probe looks
// at pdf.Error.
func (r *Renderer) probe() (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("unusable: %v", p)
		}
	}()
	var probe sfnt.Set
	probe.AddString("Budget 预算 1234M")
	font, _, err := r.cutFor(&probe)
	if err != nil {
		return err
	}
	p := r.newPDF(font)
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

func (r *Renderer) newPDF(font []byte) *fpdf.Fpdf {
	p := fpdf.New("P", "mm", "A4", "")
	// The alias must be set before the font is added: fpdf sizes the
	// font's initial subset by it.
	p.AliasNbPages(nbAlias)
	p.AddUTF8FontFromBytes(fontFamily, "", font)
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

func (r *Renderer) render(w io.Writer, pg *present.Page, rep *reports.Report, lang *i18n.Lang) (*doc, error) {
	if pg == nil || rep == nil || lang == nil {
		return nil, errors.New("render pdf: nil page, report or language")
	}
	if r.whole {
		d, out, err := r.build(r.font, nil, pg, rep, lang)
		if err != nil {
			return nil, err
		}
		return d, r.write(w, out)
	}
	// The cut holds the characters of the page's text. A character the
	// layout meets that the cut lacks (text the PDF adds of its own) is
	// added and the page built again, so the cut never changes what is
	// drawn; the cut depends only on the page, so the bytes neither.
	need := pageRunes(pg, rep)
	for {
		font, have, err := r.cutFor(need)
		if err != nil {
			return nil, fmt.Errorf("render pdf: %w", err)
		}
		d, out, err := r.build(font, have, pg, rep, lang)
		if err != nil {
			return nil, err
		}
		if d.missing == nil {
			return d, r.write(w, out)
		}
		need.Union(d.missing)
	}
}

func (r *Renderer) write(w io.Writer, out []byte) error {
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// build lays out the document with font, whose characters are have (nil:
// the whole font), and returns its bytes. Characters the font has but
// have lacks, met while measuring or drawing text, are in d.missing.
func (r *Renderer) build(font []byte, have *sfnt.Set, pg *present.Page, rep *reports.Report, lang *i18n.Lang) (d *doc, out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("render pdf: %v", p)
		}
	}()
	p := r.newPDF(font)
	p.SetCreationDate(rep.Generated)
	p.SetModificationDate(rep.Generated)
	p.SetProducer("budgetlens", true)
	d = &doc{pdf: p, rep: rep, pg: pg, l: lang, have: have, covered: r.covered}
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
		return nil, nil, fmt.Errorf("render pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil { // draws the last footer too
		return nil, nil, fmt.Errorf("render pdf: %w", err)
	}
	if d.missing != nil {
		return d, nil, nil // to be built again with a fuller cut
	}
	out = buf.Bytes()
	if bytes.Count(out, fpdfFontName) == 3 {
		out = bytes.ReplaceAll(out, fpdfFontName, taggedFontName)
	}
	return d, out, nil
}

// pageRunes collects the characters of every string of the page (and the
// company, which the header shows), as cleaned for fpdf.
func pageRunes(pg *present.Page, rep *reports.Report) *sfnt.Set {
	var s sfnt.Set
	s.AddString(clean(rep.Company))
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			s.AddString(clean(v.String()))
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				return
			}
			if v.Kind() == reflect.Pointer {
				if seen[v.Pointer()] {
					return
				}
				seen[v.Pointer()] = true
			}
			walk(v.Elem())
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Key())
				walk(it.Value())
			}
		}
	}
	walk(reflect.ValueOf(pg))
	return &s
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
