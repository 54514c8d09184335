package xlsxstream

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
)

// Limits bound the time and memory a hostile workbook can cost. Zero
// fields take the defaults of DefaultLimits.
type Limits struct {
	// MaxPartSize is the largest uncompressed size of a part that is read
	// (a worksheet, the shared strings, styles); both the size the archive
	// declares and the bytes actually inflated are checked.
	MaxPartSize int64
	// MaxTotalSize is the largest sum of the declared uncompressed sizes
	// of all parts.
	MaxTotalSize int64
	// MaxSharedStrings is the largest total size in bytes of the decoded
	// shared strings kept in memory.
	MaxSharedStrings int64
	// MaxRows is the highest row number accepted.
	MaxRows int
	// MaxCols is the highest column number accepted.
	MaxCols int
	// MaxElement is the largest single cell (or shared string) element in
	// bytes of XML.
	MaxElement int
}

// DefaultLimits are the limits used for zero fields of Limits: sizes well
// above a million-row ledger, and Excel's own sheet dimensions.
var DefaultLimits = Limits{
	MaxPartSize:      2 << 30,
	MaxTotalSize:     4 << 30,
	MaxSharedStrings: 256 << 20,
	MaxRows:          1 << 20,
	MaxCols:          16384,
	MaxElement:       16 << 20,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxPartSize > 0 {
		d.MaxPartSize = l.MaxPartSize
	}
	if l.MaxTotalSize > 0 {
		d.MaxTotalSize = l.MaxTotalSize
	}
	if l.MaxSharedStrings > 0 {
		d.MaxSharedStrings = l.MaxSharedStrings
	}
	if l.MaxRows > 0 {
		d.MaxRows = min(l.MaxRows, 1<<20)
	}
	if l.MaxCols > 0 {
		d.MaxCols = min(l.MaxCols, 16384)
	}
	if l.MaxElement > 0 {
		d.MaxElement = l.MaxElement
	}
	return d
}

// Errors a caller may want to tell apart with errors.Is.
var (
	// ErrTooLarge reports that a limit was exceeded.
	ErrTooLarge = errors.New("exceeds limit")
	// ErrNoSheet reports a sheet name that is not in the workbook or whose
	// part is missing.
	ErrNoSheet = errors.New("no such sheet")
	// ErrEncrypted reports a password-protected workbook or an encrypted
	// zip entry.
	ErrEncrypted = errors.New("workbook is encrypted")
)

// Workbook is an open .xlsx file: its sheet list, date system, date styles
// and, loaded on first use, its shared strings.
type Workbook struct {
	file   *os.File
	zr     *zip.Reader
	limits Limits
	parts  map[string]*zip.File // by name with '/' separators

	sheets   []sheetRef
	date1904 bool
	dateXF   []bool // by cell style (xf) index: a date or time format

	slow bool // read every cell by the general path (tests)

	sstOnce sync.Once
	sst     []string
	sstErr  error
}

type sheetRef struct {
	name  string
	part  string // "" when the relationship or the part is missing
	state string // "" (visible), "hidden" or "veryHidden", as in the file
}

// Open opens the workbook at path. Close it when done.
func Open(path string, limits Limits) (*Workbook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	w, err := OpenReader(f, st.Size(), limits)
	if err != nil {
		f.Close()
		return nil, err
	}
	w.file = f
	return w, nil
}

// OpenReader opens a workbook held by r, of the given size. r must stay
// readable until the Workbook is no longer used.
func OpenReader(r io.ReaderAt, size int64, limits Limits) (*Workbook, error) {
	w := &Workbook{limits: limits.withDefaults(), parts: map[string]*zip.File{}}
	head := make([]byte, 8)
	if n, _ := r.ReadAt(head, 0); n == 8 && bytes.Equal(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return nil, fmt.Errorf("a compound file (legacy .xls or a password-protected workbook): %w", zip.ErrFormat)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	// Inflating is a third of the reader's work on a large sheet;
	// klauspost/compress's inflater does it in about three quarters of the
	// standard library's time, with the same output and errors (archive/zip
	// still checks each part's size and CRC).
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return flate.NewReader(r) })
	w.zr = zr
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(w.limits.MaxTotalSize) {
			return nil, fmt.Errorf("unpacked size %w of %d bytes", ErrTooLarge, w.limits.MaxTotalSize)
		}
		// excelize normalises backslashes the same way.
		w.parts[strings.ReplaceAll(f.Name, `\`, "/")] = f
	}
	if err := w.readStructure(); err != nil {
		return nil, err
	}
	return w, nil
}

// Close releases the file. Rows iterators must be closed first.
func (w *Workbook) Close() error {
	if w.file != nil {
		return w.file.Close()
	}
	return nil
}

// Sheets returns the sheet names in workbook order, as in the file.
func (w *Workbook) Sheets() []string {
	names := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		names[i] = s.name
	}
	return names
}

// SheetPart returns the name of the zip entry holding a sheet, for error
// messages and tests; "" when the sheet or its part is missing.
func (w *Workbook) SheetPart(sheet string) string {
	for _, s := range w.sheets {
		if s.name == sheet {
			return s.part
		}
	}
	return ""
}

// SheetState returns how Excel shows a sheet: "" when visible, else the
// workbook's state attribute ("hidden", "veryHidden").
func (w *Workbook) SheetState(sheet string) string {
	for _, s := range w.sheets {
		if s.name == sheet {
			return s.state
		}
	}
	return ""
}

// Date1904 reports whether the workbook counts dates from 1904.
func (w *Workbook) Date1904() bool { return w.date1904 }

// part returns a part by name, looked up as excelize does: exactly, except
// for the two parts whose names it folds to lower case.
func (w *Workbook) part(name string) *zip.File {
	if f, ok := w.parts[name]; ok {
		return f
	}
	if name == "xl/sharedStrings.xml" || name == "[Content_Types].xml" {
		for n, f := range w.parts {
			if strings.EqualFold(n, name) {
				return f
			}
		}
	}
	return nil
}

// open opens a part for streaming, refusing it by its declared size and
// counting the bytes actually inflated. The returned reader reports the
// archive's checksum error at the end of the part.
func (w *Workbook) open(f *zip.File) (io.ReadCloser, error) {
	if f.Flags&0x1 != 0 {
		return nil, fmt.Errorf("%s: %w", f.Name, ErrEncrypted)
	}
	if f.UncompressedSize64 > uint64(w.limits.MaxPartSize) {
		return nil, fmt.Errorf("%s: size %w of %d bytes", f.Name, ErrTooLarge, w.limits.MaxPartSize)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return &countingReader{rc: rc, name: f.Name, left: w.limits.MaxPartSize}, nil
}

type countingReader struct {
	rc   io.ReadCloser
	name string
	left int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, fmt.Errorf("%s: size %w", c.name, ErrTooLarge)
	}
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%s: %w", c.name, err)
	}
	return n, err
}

func (c *countingReader) Close() error { return c.rc.Close() }

// maxSmallPart bounds the parts read whole into memory: workbook,
// relationships, styles. Real ones are kilobytes.
const maxSmallPart = 64 << 20

// readSmall reads a whole small part (workbook, relationships, styles).
func (w *Workbook) readSmall(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > maxSmallPart {
		return nil, fmt.Errorf("%s: size %w of %d bytes", f.Name, ErrTooLarge, maxSmallPart)
	}
	rc, err := w.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxSmallPart+1))
	if err == nil && len(b) > maxSmallPart {
		err = fmt.Errorf("%s: size %w of %d bytes", f.Name, ErrTooLarge, maxSmallPart)
	}
	return b, err
}

// Relationship types, transitional and strict.
const (
	relOfficeDocument = "/officeDocument"
)

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

func (w *Workbook) readRels(name string) ([]relationship, error) {
	f := w.part(name)
	if f == nil {
		return nil, nil
	}
	b, err := w.readSmall(f)
	if err != nil {
		return nil, err
	}
	var rels struct {
		Rel []relationship `xml:"Relationship"`
	}
	if err := xml.Unmarshal(b, &rels); err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rels.Rel, nil
}

// readStructure reads the workbook part (found through the package
// relationships, like excelize), its relationships and the styles.
func (w *Workbook) readStructure() error {
	rels, err := w.readRels("_rels/.rels")
	if err != nil {
		return err
	}
	wbPath := ""
	for _, r := range rels {
		if strings.HasSuffix(r.Type, relOfficeDocument) {
			wbPath = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	if wbPath == "" {
		return errors.New("_rels/.rels names no workbook part")
	}
	wbRelsPath := path.Join(path.Dir(wbPath), "_rels", path.Base(wbPath)+".rels")
	wbRels, err := w.readRels(wbRelsPath)
	if err != nil {
		return err
	}
	if f := w.part(wbPath); f != nil {
		b, err := w.readSmall(f)
		if err != nil {
			return err
		}
		if err := w.parseWorkbook(b, path.Dir(wbPath), wbRels); err != nil {
			return fmt.Errorf("%s: %w", wbPath, err)
		}
	}
	if f := w.part("xl/styles.xml"); f != nil {
		// Styles only decide IsDate; excelize ignores them for raw values,
		// so a broken styles part costs the date hints, not the workbook.
		if b, err := w.readSmall(f); err == nil {
			w.dateXF = parseDateStyles(b)
		}
	}
	return nil
}

func (w *Workbook) parseWorkbook(b []byte, dir string, rels []relationship) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	inSheets := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "workbookPr":
				for _, a := range t.Attr {
					if a.Name.Local == "date1904" && a.Value != "" {
						v, err := strconv.ParseBool(strings.TrimSpace(a.Value))
						if err != nil {
							return fmt.Errorf("workbookPr date1904: %w", err)
						}
						w.date1904 = v
					}
				}
			case "sheets":
				inSheets = true
			case "sheet":
				if !inSheets {
					continue
				}
				var ref sheetRef
				var id string
				for _, a := range t.Attr {
					switch {
					case a.Name.Local == "name" && a.Name.Space == "":
						ref.name = a.Value
					case a.Name.Local == "state" && a.Name.Space == "":
						if v := strings.TrimSpace(a.Value); v != "visible" {
							ref.state = v
						}
					case a.Name.Local == "id" && a.Name.Space != "":
						id = a.Value
					}
				}
				for _, r := range rels {
					if r.ID == id {
						ref.part = sheetPath(dir, r.Target)
					}
				}
				if w.part(ref.part) == nil {
					ref.part = ""
				}
				w.sheets = append(w.sheets, ref)
			}
		case xml.EndElement:
			if t.Name.Local == "sheets" {
				inSheets = false
			}
		}
	}
}

// sheetPath resolves a relationship target against the workbook's folder,
// as excelize's getWorksheetPath does.
func sheetPath(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(dir+"/"+target), "/")
}

// sharedStrings loads the shared strings once, streaming the part and
// bounding the decoded text by MaxSharedStrings.
func (w *Workbook) sharedStrings() ([]string, error) {
	w.sstOnce.Do(func() {
		f := w.part("xl/sharedStrings.xml")
		if f == nil {
			return
		}
		rc, err := w.open(f)
		if err != nil {
			w.sstErr = err
			return
		}
		defer rc.Close()
		w.sst, w.sstErr = readSST(rc, w.limits)
		if w.sstErr != nil {
			w.sstErr = fmt.Errorf("shared strings: %w", w.sstErr)
		}
	})
	return w.sst, w.sstErr
}

// readSST decodes the shared string table like excelize's xml.Decode into
// xlsxSST: the root must be <sst>, its counts integers, and each direct
// <si> child is one string. The rest of the part is read to verify its
// checksum.
func readSST(r io.Reader, lim Limits) ([]string, error) {
	s := newScanner(r, 64<<10, lim.MaxElement)
	var t tag
	var out []string
	var size int64
	// Root element.
	for {
		if err := s.nextMarkup(); err != nil {
			if err == io.EOF {
				return nil, nil // an empty part: excelize accepts it
			}
			return nil, err
		}
		n, err := s.readTag(&t)
		if err == errShort {
			if err := s.fill(); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		s.pos += n
		if t.kind == tagEnd {
			return nil, syntaxError("unexpected end element")
		}
		if t.kind != tagStart {
			continue
		}
		if string(t.local) != "sst" {
			return nil, fmt.Errorf("expected element <sst>, have <%s>", t.local)
		}
		for _, a := range s.attrs {
			if l := string(a.local); (l == "count" || l == "uniqueCount") && len(a.val) > 0 {
				if _, err := strconv.ParseInt(strings.TrimSpace(attrString(a.val)), 10, 64); err != nil {
					return nil, fmt.Errorf("sst %s: %w", l, err)
				}
			}
		}
		if t.empty {
			return nil, drain(s)
		}
		if err := s.push(t.qname); err != nil {
			return nil, err
		}
		break
	}
	var buf []byte
	for {
		start, depth := s.pos, len(s.stack)
		_, isStart, err := s.nextChild(&t, nil, false)
		if err == nil && isStart && string(t.local) == "si" {
			if t.empty {
				buf = buf[:0]
			} else {
				buf, err = s.richText(&t, buf[:0])
			}
		} else if err == nil && isStart && !t.empty {
			err = s.skipElement(&t)
		}
		if err == errShort {
			s.pos, s.stack = start, s.stack[:depth]
			if err := s.fill(); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if !isStart {
			break // </sst>
		}
		if string(t.local) != "si" {
			continue
		}
		v := bstrUnmarshal(string(buf))
		size += int64(len(v)) + 16
		if size > lim.MaxSharedStrings {
			return nil, fmt.Errorf("size %w of %d bytes", ErrTooLarge, lim.MaxSharedStrings)
		}
		out = append(out, v)
	}
	return out, drain(s)
}

// drain reads the rest of a part so that archive/zip verifies its size and
// checksum.
func drain(s *scanner) error {
	if s.eof {
		return s.rerr
	}
	_, err := io.Copy(io.Discard, s.r)
	return err
}

// attrString unescapes an attribute value.
func attrString(v []byte) string {
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0 {
		return string(v)
	}
	b, _ := decodeAttr(nil, v)
	return string(b)
}

// bstrUnmarshal decodes the _xHHHH_ escapes of OOXML strings exactly as
// excelize does (including its dropping of escapes that name a surrogate).
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	cursor := 0
	for i := 0; i+7 <= len(s); {
		if s[i] == '_' && s[i+1] == 'x' && isHex(s[i+2]) && isHex(s[i+3]) && isHex(s[i+4]) && isHex(s[i+5]) && s[i+6] == '_' {
			b.WriteString(s[cursor:i])
			if s[i:i+7] == "_x005F_" {
				b.WriteByte('_')
			} else {
				v, _ := strconv.Unquote(`"\u` + s[i+2:i+6] + `"`)
				b.WriteString(v)
			}
			i += 7
			cursor = i
			continue
		}
		i++
	}
	b.WriteString(s[cursor:])
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
