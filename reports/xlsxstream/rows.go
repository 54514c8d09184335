package xlsxstream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Sizes of the pipeline between the goroutines of one Rows.
const (
	chunkSize    = 256 << 10 // inflated bytes per chunk
	chunksAhead  = 4         // chunks in flight
	batchRows    = 512       // rows per batch handed to Next
	batchesAhead = 4
	internMax    = 4096 // distinct inline strings interned per sheet
	internLen    = 64   // longest interned inline string
)

// Rows iterates over the rows of one worksheet. Like excelize's Rows it
// yields every row number from 1 to the last row, gaps included (as rows
// without values). Values are positioned by column: a missing cell is "".
//
// A worksheet is parsed by two goroutines besides the caller's: one
// inflates the part into chunks, one scans the chunks into batches of rows.
// Close must be called to release them.
type Rows struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	batches chan *batch
	free    chan *batch // batches done with, for the parser to fill again (see ReuseValues)
	reuse   bool
	perr    error // the parser's final error, read after batches is closed

	cur   *batch
	idx   int // next row of cur
	row   int // current row number
	vals  []string
	flags []uint8 // per cell: flagDate, flagUncached, flagText
	err   error
	done  bool
}

// batch is a run of parsed rows: row k has number nums[k] and values
// vals[ends[k-1]:ends[k]], each with its flags.
type batch struct {
	nums  []int
	ends  []int
	vals  []string
	flags []uint8
	// Numbers are collected in arena and made into strings once per batch
	// (one allocation instead of one per cell): fix says which values
	// are which bytes of it.
	arena []byte
	fix   []arenaVal
}

// arenaVal is value vals[idx] = arena[start:end].
type arenaVal struct{ idx, start, end int }

// Cell flags.
const (
	flagDate     uint8 = 1 << iota // a date or time number format
	flagUncached                   // a formula without a cached value
	flagText                       // a string (shared, inline or a formula's), not a number
)

// Rows opens the named worksheet (matched exactly, else case-insensitively
// as excelize does) for iteration.
func (w *Workbook) Rows(ctx context.Context, sheet string) (*Rows, error) {
	ref, ok := sheetRef{}, false
	for _, s := range w.sheets {
		if s.name == sheet {
			ref, ok = s, true
			break
		}
	}
	if !ok {
		for _, s := range w.sheets {
			if strings.EqualFold(s.name, sheet) {
				ref, ok = s, true
				break
			}
		}
	}
	if !ok || ref.part == "" {
		return nil, fmt.Errorf("sheet %q: %w", sheet, ErrNoSheet)
	}
	sst, err := w.sharedStrings()
	if err != nil {
		return nil, err
	}
	rc, err := w.open(w.part(ref.part))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &Rows{ctx: ctx, cancel: cancel, batches: make(chan *batch, batchesAhead), free: make(chan *batch, batchesAhead+2)}
	chunks := make(chan chunk, chunksAhead)
	free := make(chan []byte, chunksAhead+2)
	r.wg.Add(2)
	go func() {
		defer r.wg.Done()
		defer rc.Close()
		inflate(ctx, rc, chunks, free)
	}()
	p := &sheetParser{
		sst: sst, dateXF: w.dateXF, lim: w.limits,
		s:      newScanner(&chunkReader{ctx: ctx, chunks: chunks, free: free}, 512<<10, w.limits.MaxElement),
		intern: map[string]string{},
		out:    r.batches,
		free:   r.free,
		slow:   w.slow,
		ctx:    ctx,
	}
	go func() {
		defer r.wg.Done()
		r.perr = p.run()
		close(r.batches)
	}()
	return r, nil
}

// chunk is a piece of inflated worksheet, or the error that ended it.
type chunk struct {
	b   []byte
	err error
}

// inflate reads the part into chunks until its end, where archive/zip
// checks the size and CRC: the final chunk carries io.EOF or that error.
func inflate(ctx context.Context, rc io.Reader, chunks chan<- chunk, free chan []byte) {
	defer close(chunks)
	for {
		var b []byte
		select {
		case b = <-free:
		default:
			b = make([]byte, chunkSize)
		}
		n, err := io.ReadFull(rc, b[:chunkSize])
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		select {
		case chunks <- chunk{b: b[:n], err: err}:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}

// chunkReader is the io.Reader end of the inflating goroutine.
type chunkReader struct {
	ctx    context.Context
	chunks <-chan chunk
	free   chan<- []byte
	cur    []byte
	full   []byte
	err    error
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.cur) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		if c.full != nil {
			select {
			case c.free <- c.full[:cap(c.full)]:
			default:
			}
			c.full = nil
		}
		select {
		case ch, ok := <-c.chunks:
			if !ok {
				if err := c.ctx.Err(); err != nil {
					return 0, err
				}
				return 0, io.ErrUnexpectedEOF
			}
			c.cur, c.full, c.err = ch.b, ch.b, ch.err
		case <-c.ctx.Done():
			return 0, c.ctx.Err()
		}
	}
	n := copy(p, c.cur)
	c.cur = c.cur[n:]
	return n, nil
}

// Next advances to the next row. It returns false at the end of the sheet
// or on an error (see Err).
func (r *Rows) Next() bool {
	if r.done {
		return false
	}
	if r.cur == nil || r.idx >= len(r.cur.nums) {
		if r.reuse && r.cur != nil {
			select {
			case r.free <- r.cur:
			default:
			}
			r.cur = nil
		}
		b, ok := <-r.batches
		if !ok {
			r.done = true
			r.vals, r.flags = nil, nil
			if r.perr != nil {
				r.err = r.perr
			}
			return false
		}
		r.cur, r.idx = b, 0
	}
	r.row++
	if n := r.cur.nums[r.idx]; n > r.row {
		r.vals, r.flags = nil, nil // a row without cells
		return true
	}
	start := 0
	if r.idx > 0 {
		start = r.cur.ends[r.idx-1]
	}
	end := r.cur.ends[r.idx]
	r.vals = r.cur.vals[start:end:end]
	r.flags = r.cur.flags[start:end:end]
	r.idx++
	return true
}

// ReuseValues lets the iterator fill the memory of rows already read
// with later ones: the slice Values returns is then valid only until the
// next call to Next, and a caller that keeps a row copies it (the strings
// in it stay valid). On a million-row sheet this saves allocating and
// collecting the cells' slots, about 16 bytes a cell. Call it before the
// first Next.
func (r *Rows) ReuseValues() { r.reuse = true }

// Row returns the 1-based number of the current row.
func (r *Rows) Row() int { return r.row }

// Values returns the cell values of the current row, positioned by column
// (index 0 is column A), as excelize's raw cell values: numbers as stored,
// shared and inline strings resolved, booleans as stored ("1"/"0"), error
// values like "#DIV/0!", formulas by their cached value. The slice stays
// valid after Next; do not modify it.
func (r *Rows) Values() []string { return r.vals }

// IsDate reports whether the cell in column col (0-based) of the current
// row has a date or time number format.
func (r *Rows) IsDate(col int) bool {
	return col >= 0 && col < len(r.flags) && r.flags[col]&flagDate != 0
}

// IsText reports whether the cell in column col (0-based) of the current
// row holds text (a shared or inline string, or a formula's string result)
// rather than a number: "1.234" typed as text is not the number 1.234.
func (r *Rows) IsText(col int) bool {
	return col >= 0 && col < len(r.flags) && r.flags[col]&flagText != 0
}

// Uncached reports whether the cell in column col (0-based) of the current
// row holds a formula without a cached value, as openpyxl and many
// exporters write them: Values has "" there, which is not what Excel
// shows. The caller evaluates it or refuses it.
func (r *Rows) Uncached(col int) bool {
	return col >= 0 && col < len(r.flags) && r.flags[col]&flagUncached != 0
}

// UncachedCols returns the columns (0-based) of the current row that hold
// formulas without a cached value, or nil.
func (r *Rows) UncachedCols() []int {
	var out []int
	for i, f := range r.flags {
		if f&flagUncached != 0 {
			out = append(out, i)
		}
	}
	return out
}

// Err returns the error that ended the iteration, if any: a damaged or
// truncated archive or worksheet, malformed XML, or an exceeded limit.
func (r *Rows) Err() error { return r.err }

// Close stops the iteration and waits for its goroutines. It returns Err.
func (r *Rows) Close() error {
	r.cancel()
	for range r.batches {
	}
	r.wg.Wait()
	if !r.done {
		r.done = true
	}
	return r.err
}

// sheetParser turns worksheet XML into batches of rows. It follows
// excelize's row and cell rules (see rowXMLHandler and getValueFrom in
// excelize's rows.go and cell.go) so that values are identical, and is
// stricter where excelize silently returns less: malformed or truncated XML,
// rows out of order and damaged archives are errors.
type sheetParser struct {
	ctx    context.Context
	s      *scanner
	sst    []string
	dateXF []bool
	lim    Limits
	intern map[string]string
	out    chan<- *batch
	free   <-chan *batch
	slow   bool // no fastC (tests compare the two paths)

	b       *batch
	inRow   bool
	rowNum  int // current row (excelize's curRow)
	rowFrom int // index in b.vals where the current row starts
	cellCol int

	v, isText []byte // scratch
	tag       tag
}

func (p *sheetParser) run() error {
	p.b = newBatch()
	err := p.parse()
	if err == nil {
		err = drain(p.s)
	}
	// Rows before an error are delivered, then the error.
	if ferr := p.flush(); err == nil {
		err = ferr
	}
	return err
}

func newBatch() *batch {
	return &batch{
		nums:  make([]int, 0, batchRows),
		ends:  make([]int, 0, batchRows),
		vals:  make([]string, 0, batchRows*8),
		flags: make([]uint8, 0, batchRows*8),
	}
}

func (p *sheetParser) flush() error {
	if len(p.b.nums) == 0 {
		return nil
	}
	b := p.b
	arena, fix := b.arena, b.fix
	b.arena, b.fix = nil, nil
	if len(fix) > 0 {
		str := string(arena)
		for _, f := range fix {
			b.vals[f.idx] = str[f.start:f.end]
		}
	}
	select {
	case p.out <- b:
	case <-p.ctx.Done():
		return p.ctx.Err()
	}
	select {
	case p.b = <-p.free:
		p.b.nums, p.b.ends, p.b.vals, p.b.flags = p.b.nums[:0], p.b.ends[:0], p.b.vals[:0], p.b.flags[:0]
	default:
		p.b = newBatch()
	}
	// The arena's bytes were copied into the batch's string: the next
	// batch reuses it, and the list of its values.
	p.b.arena, p.b.fix = arena[:0], fix[:0]
	return nil
}

// endRow closes the current row, if any.
func (p *sheetParser) endRow() error {
	if !p.inRow {
		return nil
	}
	p.inRow = false
	p.b.nums = append(p.b.nums, p.rowNum)
	p.b.ends = append(p.b.ends, len(p.b.vals))
	if len(p.b.nums) >= batchRows || len(p.b.vals) >= batchRows*16 || len(p.b.arena) >= 4<<20 {
		return p.flush()
	}
	return nil
}

func (p *sheetParser) parse() error {
	s, t := p.s, &p.tag
	for {
		if err := s.nextMarkup(); err != nil {
			if err == io.EOF {
				return p.endRow()
			}
			return err
		}
		if p.inRow && !p.slow {
			if n, ok := p.fastC(s.buf[s.pos:s.end]); ok {
				s.pos += n
				continue
			}
		}
		start, depth, col := s.pos, len(s.stack), p.cellCol
		n, err := s.readTag(t)
		if err == nil {
			s.pos += n
			switch t.kind {
			case tagStart:
				if !t.empty {
					err = s.push(t.qname)
				}
				if err == nil {
					switch {
					case len(t.local) == 1 && t.local[0] == 'c' && p.inRow:
						err = p.cell()
					case len(t.local) == 3 && string(t.local) == "row":
						err = p.startRow()
					case t.empty && string(t.local) == "sheetData":
						return p.endRow()
					}
				}
			case tagEnd:
				if err = s.pop(t.qname); err == nil && string(t.local) == "sheetData" {
					return p.endRow()
				}
			}
		}
		if err == errShort {
			s.pos, s.stack, p.cellCol = start, s.stack[:depth], col
			if err := s.fill(); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
	}
}

// startRow begins a row; its number comes from r (excelize: the last r
// attribute, an unparsable one is an error) or follows the previous row.
func (p *sheetParser) startRow() error {
	if err := p.endRow(); err != nil {
		return err
	}
	if err := p.ctx.Err(); err != nil {
		return err
	}
	num := 0
	for _, a := range p.s.attrs {
		if len(a.local) == 1 && a.local[0] == 'r' {
			if v, ok := smallUint(a.val); ok {
				num = v
				continue
			}
			v, err := strconv.Atoi(attrString(a.val))
			if err != nil {
				return fmt.Errorf("row after row %d: invalid row number %q", p.rowNum, a.val)
			}
			num = v
		}
	}
	if num == 0 {
		num = p.rowNum + 1
	} else if num <= p.rowNum {
		return fmt.Errorf("row %d after row %d: rows out of order", num, p.rowNum)
	}
	if num > p.lim.MaxRows {
		return fmt.Errorf("row %d: row number %w of %d", num, ErrTooLarge, p.lim.MaxRows)
	}
	p.rowNum, p.inRow, p.cellCol, p.rowFrom = num, true, 0, len(p.b.vals)
	return nil
}

// cell parses one <c> element, whose start tag was just consumed, and
// places its value. On errShort the caller restarts the cell.
func (p *sheetParser) cell() error {
	s, t := p.s, &p.tag
	empty := t.empty
	qname := t.qname
	var ref, typ []byte
	style, aborted := 0, false
	for _, a := range s.attrs {
		switch string(a.local) {
		case "r":
			ref = a.val
		case "t":
			typ = attrBytes(a.val)
		case "s":
			v, ok := parseStyle(a.val)
			if !ok {
				// excelize stops decoding the cell at a bad style index:
				// the cell keeps its place but loses its value.
				aborted = true
			}
			style = v
		}
		if aborted {
			break
		}
	}
	p.cellCol++
	if len(ref) > 0 {
		col, ok := fastColumn(ref)
		if !ok {
			var err error
			if col, err = cellColumn(attrString(ref)); err != nil {
				return fmt.Errorf("row %d: %w", p.rowNum, err)
			}
		}
		p.cellCol = col
	}
	if aborted {
		// The cell's children are then read as the row's: nothing to do
		// but leave them to the row loop.
		return nil
	}
	var (
		v, hasF, hasIS = p.v[:0], false, false
		isText         = p.isText[:0]
		err            error
	)
	if !empty && len(qname) == 1 {
		// The common shapes, <v>text</v></c> and <is><t>text</t></is></c>
		// with plain text, without the general tag machinery.
		if n, ok := fastCell(s.buf[s.pos:s.end], "<v>", "</v></c>"); ok {
			v = append(v, s.buf[s.pos+3:s.pos+n-8]...)
			s.pos += n
			empty = true
			s.stack = s.stack[:len(s.stack)-1] // the <c> pushed by parse
		} else if n, ok := fastCell(s.buf[s.pos:s.end], "<is><t>", "</t></is></c>"); ok {
			hasIS = true
			isText = append(isText, s.buf[s.pos+7:s.pos+n-13]...)
			s.pos += n
			empty = true
			s.stack = s.stack[:len(s.stack)-1]
		}
	}
	for !empty {
		var start bool
		_, start, err = s.nextChild(t, nil, false)
		if err != nil {
			return err
		}
		if !start {
			if bytes.Equal(t.qname, qname) {
				break
			}
			continue
		}
		switch string(t.local) {
		case "v":
			v = v[:0]
			if !t.empty {
				v, err = s.elementText(t, v)
			}
		case "f":
			hasF = true
			bad := !formulaAttrsOK(s.attrs)
			if !t.empty {
				err = s.skipElement(t)
			}
			if bad {
				aborted = true
			}
		case "is":
			hasIS = true
			if !t.empty {
				// A second <is> decodes into the same xlsxSI: its <t>
				// replaces, its runs add; good enough to take the last.
				isText, err = s.richText(t, isText[:0])
			}
		}
		if err != nil {
			return err
		}
		if aborted {
			break
		}
	}
	p.v, p.isText = v, isText
	val := p.value(typ, v, hasIS, isText)
	if val == "" && !hasF {
		return nil
	}
	// A formula whose <v> is missing or empty was never calculated by the
	// program that wrote it (openpyxl, exporters), or calculated to "":
	// flagged, so that the reader does not take it for an empty cell.
	return p.place(val, style, hasF && val == "", isTextType(typ))
}

// fastC parses, in one go, a cell of the shapes spreadsheet programs write
// for nearly every cell: <c r="B2" s="1" t="s"><v>13</v></c> (attributes
// r, s and t only, each at most once, in any order, with plain non-empty
// values) or <c r="B2" t="inlineStr"><is><t>text</t></is></c>, with plain
// text (see fastCell). It reports false, having changed nothing, for
// anything else — including a cell cut by the end of the buffer — which
// the general path then reads with the same result.
func (p *sheetParser) fastC(b []byte) (int, bool) {
	if len(b) < 4 || b[1] != 'c' || b[2] != ' ' {
		return 0, false
	}
	var ref, typ, sty []byte
	var seen uint8
	i := 2
	for {
		if i >= len(b) {
			return 0, false
		}
		if b[i] == '>' {
			i++
			break
		}
		if b[i] != ' ' || i+4 >= len(b) || b[i+2] != '=' || b[i+3] != '"' {
			return 0, false
		}
		// The value, up to its quote: short, so a loop beats IndexByte.
		e := i + 4
		for ; e < len(b) && b[e] != '"'; e++ {
			if class[b[e]]&clPlain == 0 {
				return 0, false
			}
		}
		if e == len(b) || e == i+4 {
			return 0, false
		}
		val := b[i+4 : e]
		var bit uint8
		switch b[i+1] {
		case 'r':
			bit, ref = 1, val
		case 's':
			bit, sty = 2, val
		case 't':
			bit, typ = 4, val
		default:
			return 0, false
		}
		if seen&bit != 0 {
			return 0, false
		}
		seen |= bit
		i = e + 1
	}
	var v []byte
	inline := false
	if n, ok := fastCell(b[i:], "<v>", "</v></c>"); ok {
		v = b[i+3 : i+n-8]
		i += n
	} else if n, ok := fastCell(b[i:], "<is><t>", "</t></is></c>"); ok && string(typ) == "inlineStr" {
		v, inline = b[i+7:i+n-13], true
		i += n
	} else {
		return 0, false
	}
	style := 0
	if sty != nil {
		var ok bool
		if style, ok = parseStyle(sty); !ok {
			return 0, false
		}
	}
	col := p.cellCol + 1
	if ref != nil {
		var ok bool
		if col, ok = fastColumn(ref); !ok {
			return 0, false
		}
	}
	if col > p.lim.MaxCols {
		return 0, false
	}
	p.cellCol = col
	var val string
	number := false
	switch {
	case inline:
		if len(v) > 0 {
			val = p.internString(v, true)
		}
	case string(typ) == "s":
		if len(v) > 0 {
			if k := sstIndex(v); k >= 0 && k < len(p.sst) {
				val = p.sst[k]
			}
		}
	case string(typ) == "inlineStr" || string(typ) == "str":
		val = p.internString(v, false)
	default:
		number = len(v) > 0
	}
	if val == "" && !number {
		return i, true
	}
	p.place(val, style, false, isTextType(typ)) // cannot fail: col ≤ MaxCols
	if number {
		bt := p.b
		start := len(bt.arena)
		bt.arena = append(bt.arena, v...)
		bt.fix = append(bt.fix, arenaVal{idx: len(bt.vals) - 1, start: start, end: len(bt.arena)})
	}
	return i, true
}

// fastCell reports whether b starts with open, plain text (no markup,
// entities, \r or characters outside the XML range; valid UTF-8) and
// close, and returns the length of the whole.
func fastCell(b []byte, open, close string) (int, bool) {
	if len(b) < len(open) || string(b[:len(open)]) != open {
		return 0, false
	}
	k := len(open)
	for k < len(b) {
		c := b[k]
		if c == '<' {
			break
		}
		if class[c]&clPlain != 0 {
			k++
			continue
		}
		if c < 0x80 {
			return 0, false
		}
		r, size := utf8.DecodeRune(b[k:])
		if r == utf8.RuneError && size == 1 || !inCharRange(r) {
			return 0, false
		}
		k += size
	}
	rest := b[k:]
	if len(rest) < len(close) || string(rest[:len(close)]) != close {
		return 0, false
	}
	return k + len(close), true
}

// fastColumn parses a plain reference like "AB12" (no $, at most three
// letters, a row within Excel's limit); ok is false for anything else,
// which cellColumn then handles with excelize's full rules.
func fastColumn(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
	}
	if i == 0 || i == len(ref) || len(ref)-i > 7 || col > 16384 {
		return 0, false
	}
	row := 0
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		row = row*10 + int(c-'0')
	}
	if row < 1 || row > 1<<20 {
		return 0, false
	}
	return col, true
}

// place appends a value at the current column the way excelize's
// appendSpace does (a cell left of the last one is appended at the end).
func (p *sheetParser) place(val string, style int, uncached, text bool) error {
	if p.cellCol > p.lim.MaxCols {
		return fmt.Errorf("row %d: column %d %w of %d columns", p.rowNum, p.cellCol, ErrTooLarge, p.lim.MaxCols)
	}
	b := p.b
	for blank := p.cellCol - (len(b.vals) - p.rowFrom); blank > 1; blank-- {
		b.vals = append(b.vals, "")
		b.flags = append(b.flags, 0)
	}
	b.vals = append(b.vals, val)
	var fl uint8
	if style > 0 && style < len(p.dateXF) && p.dateXF[style] {
		fl = flagDate
	}
	if uncached {
		fl |= flagUncached
	}
	if text {
		fl |= flagText
	}
	b.flags = append(b.flags, fl)
	return nil
}

// isTextType reports whether a cell of type t holds a string.
func isTextType(t []byte) bool {
	switch string(t) {
	case "s", "inlineStr", "str":
		return true
	}
	return false
}

// value is excelize's getValueFrom with raw values.
func (p *sheetParser) value(typ, v []byte, hasIS bool, isText []byte) string {
	switch string(typ) {
	case "s":
		if len(v) == 0 {
			return ""
		}
		i := sstIndex(v)
		if i < 0 || i >= len(p.sst) {
			return "" // excelize drops the index error
		}
		return p.sst[i]
	case "inlineStr":
		if hasIS {
			if len(isText) == 0 {
				return ""
			}
			return p.internString(isText, true)
		}
		return p.internString(v, false)
	case "str":
		return p.internString(v, false)
	}
	return string(v)
}

// internString returns b as a string, reusing earlier copies of short
// repeated strings (ledger columns repeat a few hundred labels).
func (p *sheetParser) internString(b []byte, bstr bool) string {
	if len(b) > internLen {
		if bstr {
			return bstrUnmarshal(string(b))
		}
		return string(b)
	}
	if s, ok := p.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	key := s
	if bstr {
		s = bstrUnmarshal(s)
	}
	if len(p.intern) < internMax {
		p.intern[key] = s
	}
	return s
}

// sstIndex parses a shared string index as excelize does:
// strconv.Atoi(strings.TrimSpace(v)), 0 when that fails.
func sstIndex(v []byte) int {
	if len(v) <= 9 {
		n := 0
		for _, c := range v {
			if c < '0' || c > '9' {
				goto slow
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
slow:
	n, err := strconv.Atoi(strings.TrimSpace(string(v)))
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return n // out of range either way
		}
		return 0
	}
	return n
}

// attrBytes unescapes an attribute value if it needs it.
func attrBytes(v []byte) []byte {
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0 {
		return v
	}
	b, _ := decodeAttr(nil, v)
	return b
}

// smallUint parses up to nine ASCII digits.
func smallUint(v []byte) (int, bool) {
	if len(v) == 0 || len(v) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseStyle parses a cell's s attribute like excelize's
// strconv.ParseInt(value, 10, 64) (no trimming, empty is an error).
func parseStyle(v []byte) (int, bool) {
	if len(v) > 0 && len(v) <= 9 {
		n := 0
		for _, c := range v {
			if c < '0' || c > '9' {
				goto slow
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
slow:
	n, err := strconv.ParseInt(attrString(v), 10, 64)
	if err != nil {
		return 0, false
	}
	return int(n), true
}

// formulaAttrsOK reports whether encoding/xml can decode <f>'s typed
// attributes into excelize's xlsxF (si is an int, the flags are bools).
func formulaAttrsOK(attrs []attr) bool {
	for _, a := range attrs {
		if len(a.val) == 0 {
			continue
		}
		switch string(a.local) {
		case "si":
			if _, err := strconv.ParseInt(strings.TrimSpace(attrString(a.val)), 10, 64); err != nil {
				return false
			}
		case "aca", "dt2D", "dtr", "del1", "del2", "ca", "bx":
			if _, err := strconv.ParseBool(strings.TrimSpace(attrString(a.val))); err != nil {
				return false
			}
		}
	}
	return true
}

// cellColumn returns the 1-based column of a cell reference like "B7" or
// "$B$7", with excelize's rules (SplitCellName, ColumnNameToNumber).
func cellColumn(ref string) (int, error) {
	isAlpha := func(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '$' }
	if len(ref) == 0 || !isAlpha(ref[0]) {
		return 0, fmt.Errorf("invalid cell reference %q", ref)
	}
	i := len(ref) - 1
	for i >= 0 && !isAlpha(ref[i]) {
		i--
	}
	if i >= len(ref)-1 {
		return 0, fmt.Errorf("invalid cell reference %q", ref)
	}
	row, err := strconv.Atoi(ref[i+1:])
	if err != nil || row <= 0 {
		return 0, fmt.Errorf("invalid cell reference %q", ref)
	}
	if row > 1<<20 {
		return 0, fmt.Errorf("cell reference %q: row number %w", ref, ErrTooLarge)
	}
	name := strings.ReplaceAll(ref[:i+1], "$", "")
	if name == "" {
		return 0, fmt.Errorf("invalid cell reference %q", ref)
	}
	col, multi := 0, 1
	for k := len(name) - 1; k >= 0; k-- {
		c := name[k]
		switch {
		case c >= 'A' && c <= 'Z':
			col += int(c-'A'+1) * multi
		case c >= 'a' && c <= 'z':
			col += int(c-'a'+1) * multi
		default:
			return 0, fmt.Errorf("invalid cell reference %q", ref)
		}
		multi *= 26
	}
	if col > 16384 {
		return 0, fmt.Errorf("cell reference %q: column number %w", ref, ErrTooLarge)
	}
	return col, nil
}
