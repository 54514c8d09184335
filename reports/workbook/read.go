package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/xlsxstream"
)

// Options configures reading.
type Options struct {
	HeaderAliases map[string][]string // extra header names per field, from config [aliases]; field names = config.HeaderFields
	FYStart       time.Month          // fiscal year start month (for month headers like "3月"/"Mar" without a year)
	Year          int                 // default calendar year for month-only headers, 0 = infer from the file name (e.g. budget-2026.xlsx) or other headers
	Lang          *i18n.Lang          // messages in this language; nil = English
	MaxUnzipSize  int64               // 0 = a safe default (e.g. 256 MiB)
	// Currency is the company's ISO 4217 code; amounts in another currency
	// are rejected (see currency.go). "" accepts any.
	Currency string
	// Now anchors the plausible dates of a file that names no year (see
	// plausibleYears); zero = no such check.
	Now time.Time
	// HiddenSheets reads sheets Excel hides (state hidden or veryHidden).
	// By default they are skipped with a warning naming them: what the
	// user sees in Excel is what gets reported.
	HiddenSheets bool
	// DecimalComma reads amounts typed as text as 1.234,56 (config
	// [input] decimal = "comma"); number cells are unaffected.
	DecimalComma bool
	// ChannelCategory returns the configured category of a channel
	// ([[channel]] category), "" when none, for sheets without a category
	// column; nil means every such line's category is its channel.
	ChannelCategory func(channel string) string
}

// Limits that keep hostile files bounded in time and memory.
const (
	// DefaultMaxUnzipSize is the total unpacked size of a workbook accepted
	// when Options.MaxUnzipSize is 0.
	DefaultMaxUnzipSize = 256 << 20
	// xmlInMemory is the size above which a sheet is not read through up
	// front but only checked while it is streamed.
	xmlInMemory = 16 << 20
	// maxParts bounds the number of entries of the zip archive.
	maxParts = 10000
	// maxCells bounds the cells a workbook may present to the reader (a
	// stray cell in column XFD makes every row 16,384 cells wide).
	maxCells = 200_000_000
	// maxColumns is the widest header recognised; cells further right are
	// ignored.
	maxColumns = 1024
	// headerScanRows is how far down a sheet the header row is searched.
	headerScanRows = 50
	// maxSheetProblems bounds the messages kept per sheet; the rows are
	// still counted.
	maxSheetProblems = 200
)

// reader holds what every sheet of one file shares.
type reader struct {
	ctx      context.Context
	file     string
	opt      Options
	lang     *i18n.Lang
	aliases  *aliasTable
	sink     reports.Sink
	date1904 bool
	fileFY   int // fiscal year from the file name, 0 = none
	cells    int64
	abs      reports.Money // sum of the absolute amounts read, ≤ reports.MaxTotal
	calc     *calculator
	fr       *reports.FileReport
	// commentsKept counts the commentary rows of the file (see
	// reports.MaxCommentary).
	commentsKept int
}

// ReadFile reads one workbook, sends every accepted row to sink and returns the
// accounting of every row plus every problem. It never panics; a file that cannot
// be read at all has FileReport.Err set (a *reports.CellError naming the file).
func ReadFile(ctx context.Context, path string, opt Options, sink reports.Sink) (fr reports.FileReport) {
	fr = reports.FileReport{Name: filepath.Base(path), Path: path}
	lang := opt.Lang
	if lang == nil {
		lang = englishLang()
	}
	if opt.FYStart < 1 || opt.FYStart > 12 {
		opt.FYStart = time.January
	}
	if opt.MaxUnzipSize <= 0 {
		opt.MaxUnzipSize = DefaultMaxUnzipSize
	}
	r := &reader{ctx: ctx, file: fr.Name, opt: opt, lang: lang, sink: sink, fr: &fr,
		aliases: newAliasTable(opt.HeaderAliases)}
	r.fileFY = yearFromName(fr.Name, opt.FYStart)
	defer func() {
		if p := recover(); p != nil {
			fr.Err = r.fileError(lang.T("workbook.err.internal", "err", fmt.Sprint(p)), nil)
		}
	}()
	if err := r.read(path); err != nil {
		fr.Err = err
	}
	if f, ok := sink.(reports.Flusher); ok {
		f.Flush()
	}
	return fr
}

// fileError builds the error of a file that cannot be read at all.
func (r *reader) fileError(msg string, cause error) *reports.CellError {
	return &reports.CellError{File: r.file, Severity: reports.SevAlert, Err: &message{text: msg, cause: cause}}
}

// message is a localized problem text; it unwraps to the cause, if any.
type message struct {
	text  string
	cause error
}

func (m *message) Error() string { return m.text }
func (m *message) Unwrap() error { return m.cause }

func (r *reader) read(path string) error {
	fh, err := os.Open(path)
	if err != nil {
		return r.fileError(r.lang.T("workbook.err.open", "err", err.Error()), err)
	}
	defer fh.Close()
	r.calc = &calculator{path: path}
	defer r.calc.close()
	st, err := fh.Stat()
	if err != nil {
		return r.fileError(r.lang.T("workbook.err.open", "err", err.Error()), err)
	}
	if !st.Mode().IsRegular() {
		return r.fileError(r.lang.T("workbook.err.notfile"), nil)
	}
	h := sha256.New()
	n, err := io.Copy(h, fh)
	if err != nil {
		return r.fileError(r.lang.T("workbook.err.open", "err", err.Error()), err)
	}
	r.fr.Size = n
	r.fr.SHA256 = hex.EncodeToString(h.Sum(nil))

	if err := r.checkContainer(fh, n); err != nil {
		return err
	}
	if err := r.ctx.Err(); err != nil {
		return r.fileError(r.lang.T("workbook.err.canceled"), err)
	}
	f, err := xlsxstream.Open(path, streamLimits(r.opt))
	if err != nil {
		return r.openError(err)
	}
	defer f.Close()
	r.date1904 = f.Date1904()
	sheets := f.Sheets()
	if len(sheets) == 0 {
		return r.fileError(r.lang.T("workbook.err.nosheets"), nil)
	}
	for _, name := range sheets {
		if err := r.ctx.Err(); err != nil {
			return r.fileError(r.lang.T("workbook.err.canceled"), err)
		}
		if st := f.SheetState(name); st != "" && !r.opt.HiddenSheets {
			if err := r.skipHidden(streamBook{r.ctx, f}, name, st); err != nil {
				return err
			}
			continue
		}
		if err := r.readSheet(streamBook{r.ctx, f}, name); err != nil {
			return err
		}
	}
	if r.fr.Version == "" {
		r.fr.Version = docVersion(fh, n)
	}
	return nil
}

// skipHidden accounts for a sheet Excel hides: it is read into nothing,
// and if it holds rows that would have been used or rejected, a note
// says what was left out. An empty hidden sheet is listed, not reported.
func (r *reader) skipHidden(f streamBook, name, state string) error {
	fr, sink, abs, kept := r.fr, r.sink, r.abs, r.commentsKept
	var tmp reports.FileReport
	r.fr, r.sink = &tmp, discard{}
	err := r.readSheet(f, name)
	r.fr, r.sink, r.abs, r.commentsKept = fr, sink, abs, kept
	if err != nil {
		return err
	}
	fr.Sheets = append(fr.Sheets, reports.SheetReport{Sheet: name, Kind: reports.KindUnknown})
	for _, sh := range tmp.Sheets {
		if sh.Used+sh.Rejected > 0 {
			// A note, not a warning: the report shows what Excel shows.
			fr.Problems = append(fr.Problems, &reports.CellError{File: r.file, Sheet: name, Severity: reports.SevInfo,
				Err: &message{text: r.lang.T("workbook.warn.hidden", "state", state, "rows", r.lang.Count("workbook.n.row", sh.Used+sh.Rejected), "total", fmtAmount(sh.Total))}})
		}
	}
	return nil
}

// discard is a Sink that keeps nothing.
type discard struct{}

func (discard) Budget(reports.BudgetLine)   {}
func (discard) Actual(reports.Entry)        {}
func (discard) FunnelRow(reports.FunnelRow) {}
func (discard) Comment(reports.Commentary)  {}

func (r *reader) openError(err error) error {
	switch {
	case errors.Is(err, xlsxstream.ErrEncrypted):
		return r.fileError(r.lang.T("workbook.err.encrypted"), err)
	case errors.Is(err, zip.ErrFormat):
		return r.fileError(r.lang.T("workbook.err.notxlsx"), err)
	case isStreamTooLarge(err), strings.Contains(err.Error(), "unzip size") || strings.Contains(err.Error(), "exceeds"):
		return r.fileError(r.lang.T("workbook.err.toobig", "limit", byteSize(r.opt.MaxUnzipSize)), err)
	}
	return r.fileError(r.lang.T("workbook.err.excelize", "err", oneLine(err.Error())), err)
}

// Magic numbers of the formats users save under an .xlsx name by mistake.
var (
	zipMagic      = []byte("PK\x03\x04")
	emptyZipMagic = []byte("PK\x05\x06")
	cfbMagic      = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// An encrypted OOXML workbook is a compound file with these streams.
	encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
)

// checkContainer tells encrypted workbooks, legacy .xls, CSV and other
// files apart from a zip, then reads every entry of the zip but large
// sheets through once: that verifies each entry's CRC (a truncated sheet
// must not be read in part), refuses zip bombs by their real unpacked size,
// and never trusts the sizes the archive declares. Large sheets get the
// same checks from xlsxstream while they are streamed.
func (r *reader) checkContainer(fh *os.File, size int64) error {
	head := make([]byte, 512)
	k, _ := fh.ReadAt(head, 0)
	head = head[:k]
	switch {
	case bytes.HasPrefix(head, cfbMagic):
		if r.cfbEncrypted(fh, size) {
			return r.fileError(r.lang.T("workbook.err.encrypted"), nil)
		}
		return r.fileError(r.lang.T("workbook.err.xls"), nil)
	case bytes.HasPrefix(head, emptyZipMagic):
		return r.fileError(r.lang.T("workbook.err.notxlsx"), nil)
	case !bytes.HasPrefix(head, zipMagic):
		if looksLikeText(head) {
			return r.fileError(r.lang.T("workbook.err.text"), nil)
		}
		return r.fileError(r.lang.T("workbook.err.notxlsx"), nil)
	}
	zr, err := zip.NewReader(fh, size)
	if err != nil {
		return r.fileError(r.lang.T("workbook.err.zip", "err", oneLine(err.Error())), err)
	}
	if len(zr.File) > maxParts {
		return r.fileError(r.lang.T("workbook.err.parts", "n", len(zr.File), "limit", maxParts), nil)
	}
	names := map[string]bool{}
	for _, e := range zr.File {
		names[strings.ToLower(e.Name)] = true
	}
	switch {
	case names["mimetype"] && names["content.xml"]:
		return r.fileError(r.lang.T("workbook.err.ods"), nil)
	case names["xl/workbook.bin"]:
		return r.fileError(r.lang.T("workbook.err.xlsb"), nil)
	case !names["xl/workbook.xml"] && !names["[content_types].xml"]:
		return r.fileError(r.lang.T("workbook.err.notxlsx"), nil)
	}
	var total int64
	buf := make([]byte, 32<<10)
	for _, e := range zr.File {
		if err := r.ctx.Err(); err != nil {
			return r.fileError(r.lang.T("workbook.err.canceled"), err)
		}
		if e.Flags&0x1 != 0 {
			return r.fileError(r.lang.T("workbook.err.encrypted"), nil)
		}
		if strings.HasSuffix(e.Name, "/") {
			continue
		}
		if strings.HasPrefix(e.Name, "xl/worksheets/") {
			r.calc.xmlSize += int64(min(e.UncompressedSize64, 1<<62))
		}
		if strings.HasPrefix(e.Name, "xl/worksheets/") && e.UncompressedSize64 > xmlInMemory {
			// Large sheets are streamed: xlsxstream checks their CRC and
			// unpacked size as it reads them, and a damaged sheet rejects
			// the file (see readSheet), so reading them twice buys nothing.
			continue
		}
		rc, err := e.Open()
		if err != nil {
			return r.fileError(r.lang.T("workbook.err.damaged", "part", e.Name, "err", oneLine(err.Error())), err)
		}
		left := r.opt.MaxUnzipSize - total
		n, err := io.CopyBuffer(io.Discard, io.LimitReader(rc, left+1), buf)
		rc.Close()
		total += n
		if total > r.opt.MaxUnzipSize {
			return r.fileError(r.lang.T("workbook.err.toobig", "limit", byteSize(r.opt.MaxUnzipSize)), nil)
		}
		if err != nil {
			return r.fileError(r.lang.T("workbook.err.damaged", "part", e.Name, "err", oneLine(err.Error())), err)
		}
	}
	return nil
}

// cfbEncrypted reports whether a compound file holds an EncryptionInfo
// stream, i.e. is a password-protected OOXML workbook rather than an .xls.
// The directory sits near the start of such files; 1 MiB is plenty.
func (r *reader) cfbEncrypted(fh *os.File, size int64) bool {
	buf := make([]byte, min(size, 1<<20))
	k, _ := fh.ReadAt(buf, 0)
	return bytes.Contains(buf[:k], encryptionInfo)
}

// looksLikeText reports whether head is valid UTF-8 (or a UTF-16 BOM)
// without control characters other than white space: CSV, TSV, HTML.
func looksLikeText(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return true
	}
	// The 512 bytes may end inside a multi-byte character.
	for i := 0; i < 3 && !utf8.Valid(head) && len(head) > 0; i++ {
		head = head[:len(head)-1]
	}
	if !utf8.Valid(head) {
		return false
	}
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// yearRe finds a year in a file name, optionally followed by a month:
// "budget-2026.xlsx", "actuals-2026-03.xlsx", "预算2026年.xlsx". Only
// 2000–2099: "…-1904.xlsx" names the 1904 date system, not a plan year.
var yearRe = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})(?:[-_.年 ]?([01][0-9])(?:[^0-9]|$)|[^0-9]|$)`)

// yearFromName returns the fiscal year a file name points at, or 0. A name
// with a month ("actuals-2026-03") yields the fiscal year containing it.
func yearFromName(name string, fyStart time.Month) int {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	m := yearRe.FindStringSubmatch(base)
	if m == nil {
		return 0
	}
	y, _ := strconv.Atoi(m[1])
	if m[2] != "" {
		if mo, _ := strconv.Atoi(m[2]); mo >= 1 && mo <= 12 {
			return reports.FiscalYearOf(reports.Month{Year: y, Month: time.Month(mo)}, fyStart)
		}
	}
	return y
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// oneLine keeps an error message on one line and reasonably short.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:200]) + "…"
	}
	return s
}

// englishLang loads the English strings; if even that fails (a broken
// build), messages fall back to their keys, which still name the problem.
func englishLang() *i18n.Lang {
	l, err := i18n.Load("en", "")
	if err != nil {
		return &i18n.Lang{Tag: "en"}
	}
	return l
}
