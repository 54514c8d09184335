package xlsxstream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// errShort reports that the unit being parsed runs past the buffered
// input; the caller refills and parses the unit again from its start.
var errShort = errors.New("xlsxstream: short buffer")

// maxDepth bounds element nesting; real sheets nest five deep.
const maxDepth = 1000

// scanner is a forward-only XML tokenizer over a refillable buffer. It is
// not a general XML parser: it finds tags, checks that they nest, and
// decodes the text of the few elements a worksheet's cells need, with the
// same rules encoding/xml applies (entities, CDATA, \r\n, character range)
// so values come out byte-identical to excelize's.
type scanner struct {
	r      io.Reader
	buf    []byte
	pos    int // start of the unit being parsed
	end    int // end of buffered input
	eof    bool
	rerr   error // read error other than io.EOF
	maxBuf int

	stack []uint64 // FNV-1a hashes of the open elements' qualified names
	attrs []attr   // attributes of the last start tag (slices of buf)

	// Scratch buffers for decoded text.
	text, tText, runT, rich []byte
}

// attr is an attribute of a start tag; both slices point into the buffer.
type attr struct {
	local []byte
	val   []byte // raw, still escaped
}

// tag is the result of parsing one markup construct at the buffer position.
type tag struct {
	kind  byte // tagStart, tagEnd, tagSkip (comment, PI, directive), tagCDATA
	qname []byte
	local []byte
	empty bool   // <x/>
	cdata []byte // raw content of a CDATA section
}

const (
	tagStart = iota + 1
	tagEnd
	tagSkip
	tagCDATA
)

func newScanner(r io.Reader, bufSize, maxBuf int) *scanner {
	return &scanner{r: r, buf: make([]byte, bufSize), maxBuf: maxBuf}
}

// fill makes more input available after s.pos, keeping s.buf[s.pos:s.end].
// It returns an error when the input ended (io.ErrUnexpectedEOF unless the
// reader failed) or when a single unit outgrows maxBuf.
func (s *scanner) fill() error {
	if s.eof {
		if s.rerr != nil {
			return s.rerr
		}
		return fmt.Errorf("truncated XML: %w", io.ErrUnexpectedEOF)
	}
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= s.maxBuf {
			return fmt.Errorf("an XML element is larger than %d bytes", s.maxBuf)
		}
		nb := make([]byte, min(2*len(s.buf), s.maxBuf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
			if n > 0 {
				return nil
			}
			if s.rerr != nil {
				return s.rerr
			}
			return fmt.Errorf("truncated XML: %w", io.ErrUnexpectedEOF)
		}
		if n > 0 {
			return nil
		}
	}
}

func syntaxError(msg string) error { return fmt.Errorf("XML syntax error: %s", msg) }

// nextMarkup skips text up to the next '<', checking it, and leaves s.pos
// at the '<'. It returns io.EOF at a clean end of input.
func (s *scanner) nextMarkup() error {
	for {
		b := s.buf[s.pos:s.end]
		i := bytes.IndexByte(b, '<')
		if i >= 0 {
			if i > 0 {
				if err := checkText(b[:i]); err != nil {
					return err
				}
			}
			s.pos += i
			return nil
		}
		// No markup buffered: check and drop the text, except a trailing
		// entity or multi-byte character that may continue in the next read.
		keep := 0
		if j := bytes.LastIndexByte(b, '&'); j >= 0 && len(b)-j < 16 {
			keep = len(b) - j
		} else if len(b) > 0 && b[len(b)-1] >= 0x80 {
			keep = min(len(b), 3)
		}
		if s.eof {
			keep = 0
		}
		if err := checkText(b[:len(b)-keep]); err != nil {
			return err
		}
		s.pos = s.end - keep
		if s.eof {
			if len(s.stack) > 0 {
				return fmt.Errorf("truncated XML: %w", io.ErrUnexpectedEOF)
			}
			return io.EOF
		}
		if err := s.fill(); err != nil && !(s.eof && s.rerr == nil) {
			return err
		}
	}
}

// checkText validates character data the way encoding/xml does.
func checkText(b []byte) error {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if class[c]&clPlain != 0 || c == '\r' {
			continue
		}
		_, err := decodeText(nil, b, false)
		return err
	}
	return nil
}

// readTag parses the markup at s.pos (a '<') without consuming it; n is
// its length. It returns errShort when the buffer ends inside it.
func (s *scanner) readTag(t *tag) (n int, err error) {
	b := s.buf[s.pos:s.end]
	if len(b) < 2 {
		return 0, errShort
	}
	switch b[1] {
	case '/':
		i := 2
		for i < len(b) && !isDelim(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, errShort
		}
		t.kind, t.qname = tagEnd, b[2:i]
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, errShort
		}
		if b[i] != '>' {
			return 0, syntaxError("invalid characters between </" + string(t.qname) + " and >")
		}
		local, ok := localName(t.qname)
		if !ok {
			return 0, syntaxError("invalid element name")
		}
		t.local = local
		return i + 1, nil
	case '?':
		i := bytes.Index(b[2:], []byte("?>"))
		if i < 0 {
			return 0, errShort
		}
		if err := checkProcInst(b[2 : 2+i]); err != nil {
			return 0, err
		}
		t.kind = tagSkip
		return i + 4, nil
	case '!':
		if len(b) < 4 {
			return 0, errShort
		}
		if b[2] == '-' && b[3] == '-' {
			i := bytes.Index(b[4:], []byte("--"))
			if i < 0 || 4+i+2 >= len(b) {
				return 0, errShort
			}
			if b[4+i+2] != '>' {
				return 0, syntaxError(`invalid sequence "--" not allowed in comments`)
			}
			t.kind = tagSkip
			return 4 + i + 3, nil
		}
		if b[2] == '[' {
			if len(b) < 9 {
				return 0, errShort
			}
			if string(b[2:9]) != "[CDATA[" {
				return 0, syntaxError("invalid <![ sequence")
			}
			i := bytes.Index(b[9:], []byte("]]>"))
			if i < 0 {
				return 0, errShort
			}
			t.kind, t.cdata = tagCDATA, b[9:9+i]
			return 9 + i + 3, nil
		}
		// A directive such as <!DOCTYPE ...>, possibly with an internal
		// subset; skip it, honouring quotes and nested brackets.
		depth, quote := 1, byte(0)
		for i := 2; i < len(b); i++ {
			c := b[i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '<':
				depth++
			case c == '>':
				depth--
				if depth == 0 {
					t.kind = tagSkip
					return i + 1, nil
				}
			}
		}
		return 0, errShort
	}
	// Start tag.
	i := 1
	for i < len(b) && !isDelim(b[i]) {
		i++
	}
	if i == len(b) {
		return 0, errShort
	}
	t.kind, t.qname, t.empty = tagStart, b[1:i], false
	local, ok := localName(t.qname)
	if !ok {
		return 0, syntaxError("expected element name after <")
	}
	t.local = local
	s.attrs = s.attrs[:0]
	// Fast path for the attributes every cell has: ` name="plain value"`.
	for i < len(b) && b[i] == ' ' {
		j := i + 1
		k := j
		for k < len(b) && (b[k]|0x20 >= 'a' && b[k]|0x20 <= 'z') {
			k++
		}
		if k == j || k+1 >= len(b) || b[k] != '=' || b[k+1] != '"' {
			break
		}
		e := bytes.IndexByte(b[k+2:], '"')
		if e < 0 {
			break
		}
		val := b[k+2 : k+2+e]
		plain := true
		for _, c := range val {
			if class[c]&clPlain == 0 {
				plain = false
				break
			}
		}
		if !plain {
			break
		}
		s.attrs = append(s.attrs, attr{local: b[j:k], val: val})
		i = k + 2 + e + 1
	}
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return 0, errShort
		}
		switch b[i] {
		case '>':
			return i + 1, nil
		case '/':
			if i+1 == len(b) {
				return 0, errShort
			}
			if b[i+1] != '>' {
				return 0, syntaxError("expected /> in element")
			}
			t.empty = true
			return i + 2, nil
		}
		j := i
		for j < len(b) && !isDelim(b[j]) {
			j++
		}
		if j == len(b) {
			return 0, errShort
		}
		alocal, ok := localName(b[i:j])
		if !ok {
			return 0, syntaxError("expected attribute name in element")
		}
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j == len(b) {
			return 0, errShort
		}
		if b[j] != '=' {
			return 0, syntaxError("attribute name without = in element")
		}
		j++
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j == len(b) {
			return 0, errShort
		}
		q := b[j]
		if q != '"' && q != '\'' {
			return 0, syntaxError("unquoted or missing attribute value in element")
		}
		k := bytes.IndexByte(b[j+1:], q)
		if k < 0 {
			return 0, errShort
		}
		val := b[j+1 : j+1+k]
		for _, c := range val {
			if class[c]&clPlain == 0 {
				if bytes.IndexByte(val, '<') >= 0 {
					return 0, syntaxError("unescaped < inside quoted string")
				}
				if _, err := decodeAttr(s.text[:0], val); err != nil {
					return 0, err
				}
				break
			}
		}
		s.attrs = append(s.attrs, attr{local: alocal, val: val})
		i = j + 1 + k + 1
	}
}

// checkProcInst rejects what encoding/xml rejects in <?xml ...?>: another
// version than 1.0, and (for us, without a charset reader) another
// encoding than UTF-8.
func checkProcInst(b []byte) error {
	if !bytes.HasPrefix(b, []byte("xml")) || (len(b) > 3 && !isSpace(b[3])) {
		return nil
	}
	if v := procInstParam(b, "version"); v != "" && v != "1.0" {
		return syntaxError("unsupported version " + strconv.Quote(v) + "; only version 1.0 is supported")
	}
	if enc := procInstParam(b, "encoding"); enc != "" && !bytes.EqualFold([]byte(enc), []byte("utf-8")) {
		return fmt.Errorf("unsupported XML encoding %q", enc)
	}
	return nil
}

func procInstParam(b []byte, name string) string {
	i := bytes.Index(b, []byte(name))
	if i < 0 {
		return ""
	}
	b = bytes.TrimLeft(b[i+len(name):], " \t\r\n")
	if len(b) == 0 || b[0] != '=' {
		return ""
	}
	b = bytes.TrimLeft(b[1:], " \t\r\n")
	if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
		return ""
	}
	j := bytes.IndexByte(b[1:], b[0])
	if j < 0 {
		return ""
	}
	return string(b[1 : 1+j])
}

// Byte classes, looked up in the tokenizer's inner loops.
const (
	clSpace = 1 << iota // XML white space
	clDelim             // ends a name: space > / = <
	clPlain             // text that needs no decoding or checking
)

var class = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\r") {
		t[c] |= clSpace | clDelim
	}
	for _, c := range []byte(">/=<") {
		t[c] |= clDelim
	}
	for c := 0x20; c < 0x80; c++ {
		if c != '&' && c != '<' && c != ']' {
			t[c] |= clPlain
		}
	}
	t['\t'] |= clPlain
	t['\n'] |= clPlain
	return t
}()

func isSpace(c byte) bool { return class[c]&clSpace != 0 }

func isDelim(c byte) bool { return class[c]&clDelim != 0 }

// localName returns the part of a qualified name after its prefix, with
// encoding/xml's rules: at most one colon; a leading or trailing colon is
// part of the local name.
func localName(q []byte) ([]byte, bool) {
	if len(q) == 0 {
		return nil, false
	}
	c := q[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80) {
		return nil, false
	}
	colon := bytes.IndexByte(q, ':')
	if colon < 0 {
		return q, true
	}
	if bytes.IndexByte(q[colon+1:], ':') >= 0 {
		return nil, false
	}
	if colon > 0 && colon < len(q)-1 {
		return q[colon+1:], true
	}
	return q, true
}

// push records an open element; pop checks the matching end tag.
func (s *scanner) push(qname []byte) error {
	if len(s.stack) >= maxDepth {
		return syntaxError("elements nested too deeply")
	}
	s.stack = append(s.stack, hashName(qname))
	return nil
}

func (s *scanner) pop(qname []byte) error {
	if len(s.stack) == 0 {
		return syntaxError("unexpected end element </" + string(qname) + ">")
	}
	if s.stack[len(s.stack)-1] != hashName(qname) {
		return syntaxError("element closed by </" + string(qname) + ">")
	}
	s.stack = s.stack[:len(s.stack)-1]
	return nil
}

func hashName(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// decodeText appends the character data b, unescaped as encoding/xml does
// (the five predefined entities, character references, \r\n → \n), to
// dst. In a CDATA section (cdata true) only \r\n is rewritten. Decoded text
// must be valid UTF-8 in the XML character range.
func decodeText(dst, b []byte, cdata bool) ([]byte, error) {
	return decode(dst, b, cdata, false)
}

// decodeAttr is decodeText for an attribute value, where "]]>" is allowed.
func decodeAttr(dst, b []byte) ([]byte, error) {
	return decode(dst, b, false, true)
}

func decode(dst, b []byte, cdata, attr bool) ([]byte, error) {
	start := len(dst)
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\r':
			dst = append(dst, '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		case c == ']' && !cdata && !attr && i+2 < len(b) && b[i+1] == ']' && b[i+2] == '>':
			return dst, syntaxError("unescaped ]]> not in CDATA section")
		case c == '&' && !cdata:
			j := bytes.IndexByte(b[i:], ';')
			if j < 0 {
				return dst, syntaxError("invalid character entity (no semicolon)")
			}
			ent := b[i+1 : i+j]
			r, ok := entityRune(ent)
			if !ok {
				return dst, syntaxError("invalid character entity &" + string(ent) + ";")
			}
			dst = utf8.AppendRune(dst, r)
			i += j
		default:
			dst = append(dst, c)
		}
	}
	for p := dst[start:]; len(p) > 0; {
		c := p[0]
		if c >= 0x20 && c < 0x80 || c == '\n' || c == '\t' || c == '\r' {
			p = p[1:]
			continue
		}
		r, size := utf8.DecodeRune(p)
		if r == utf8.RuneError && size == 1 {
			return dst, syntaxError("invalid UTF-8")
		}
		if !inCharRange(r) {
			return dst, syntaxError(fmt.Sprintf("illegal character code %U", r))
		}
		p = p[size:]
	}
	return dst, nil
}

func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// entityRune resolves the name between & and ;.
func entityRune(ent []byte) (rune, bool) {
	switch string(ent) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	base, digits := 10, ent[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 {
		return 0, false
	}
	for _, c := range digits {
		if !(c >= '0' && c <= '9' || base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(string(digits), base, 64)
	if err != nil || n > utf8.MaxRune {
		return 0, false
	}
	return rune(n), true
}

// nextChild advances to the next child start tag of the current element
// (returning true, the tag pushed unless empty) or consumes the current
// element's end tag (returning false). Character data met on the way is
// appended to dst when keep is set, otherwise only checked.
func (s *scanner) nextChild(t *tag, dst []byte, keep bool) ([]byte, bool, error) {
	for {
		b := s.buf[s.pos:s.end]
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			return dst, false, errShort
		}
		if i > 0 {
			var err error
			if keep {
				dst, err = decodeText(dst, b[:i], false)
			} else {
				err = checkText(b[:i])
			}
			if err != nil {
				return dst, false, err
			}
			s.pos += i
		}
		n, err := s.readTag(t)
		if err != nil {
			return dst, false, err
		}
		s.pos += n
		switch t.kind {
		case tagCDATA:
			if keep {
				dst, err = decodeText(dst, t.cdata, true)
			} else {
				s.text, err = decodeText(s.text[:0], t.cdata, true)
			}
			if err != nil {
				return dst, false, err
			}
		case tagStart:
			if !t.empty {
				if err := s.push(t.qname); err != nil {
					return dst, false, err
				}
			}
			return dst, true, nil
		case tagEnd:
			if err := s.pop(t.qname); err != nil {
				return dst, false, err
			}
			return dst, false, nil
		}
	}
}

// elementText reads the rest of the element whose start tag was just
// consumed, through its end tag, appending its own character data (CDATA
// included, nested elements skipped) to dst — what encoding/xml yields
// when it decodes an element into a string.
func (s *scanner) elementText(t *tag, dst []byte) ([]byte, error) {
	depth := 0
	for {
		var start bool
		var err error
		dst, start, err = s.nextChild(t, dst, depth == 0)
		if err != nil {
			return dst, err
		}
		switch {
		case start && !t.empty:
			depth++
		case start:
		case depth == 0:
			return dst, nil
		default:
			depth--
		}
	}
}

// skipElement consumes the rest of the element whose start tag was just
// consumed.
func (s *scanner) skipElement(t *tag) error {
	_, err := s.elementTextDiscard(t)
	return err
}

func (s *scanner) elementTextDiscard(t *tag) (int, error) {
	depth := 0
	for {
		_, start, err := s.nextChild(t, nil, false)
		if err != nil {
			return 0, err
		}
		switch {
		case start && !t.empty:
			depth++
		case start:
		case depth == 0:
			return 0, nil
		default:
			depth--
		}
	}
}

// richText reads the rest of an <si> or <is> element the way excelize's
// xlsxSI decodes and prints it: the last direct <t>, followed by the last
// <t> of each <r> run, in order; phonetic runs are left out. hasT reports
// whether a direct <t> was present. The result is appended to dst.
func (s *scanner) richText(t *tag, dst []byte) ([]byte, error) {
	s.tText = s.tText[:0]
	runs := dst
	for {
		_, start, err := s.nextChild(t, nil, false)
		if err != nil {
			return dst, err
		}
		if !start {
			// dst = tText + runs; runs was appended after dst's start.
			out := append(s.rich[:0], s.tText...)
			out = append(out, runs[len(dst):]...)
			s.rich = out
			return append(dst, out...), nil
		}
		switch string(t.local) {
		case "t":
			s.tText = s.tText[:0]
			if !t.empty {
				if s.tText, err = s.elementText(t, s.tText); err != nil {
					return dst, err
				}
			}
		case "r":
			if t.empty {
				continue
			}
			s.runT = s.runT[:0]
			for {
				_, start, err := s.nextChild(t, nil, false)
				if err != nil {
					return dst, err
				}
				if !start {
					break
				}
				if string(t.local) == "t" {
					s.runT = s.runT[:0]
					if !t.empty {
						if s.runT, err = s.elementText(t, s.runT); err != nil {
							return dst, err
						}
					}
				} else if !t.empty {
					if err := s.skipElement(t); err != nil {
						return dst, err
					}
				}
			}
			runs = append(runs, s.runT...)
		default:
			if !t.empty {
				if err := s.skipElement(t); err != nil {
					return dst, err
				}
			}
		}
	}
}
