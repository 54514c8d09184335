// Package sfnt cuts a TrueType font down to the glyphs of a set of
// characters, for the HTML report's embedded web font (Subset) and for
// the font handed to the PDF renderer (Cut). Outlines and metrics are
// those of the full font.
package sfnt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
)

// Subset returns a TrueType font with only the glyphs of runes (and
// the components of composite glyphs) from font. Glyph ids are kept, so
// composite glyphs need no rewriting: unused glyphs become empty, loca is
// rewritten in the long format, cmap maps just the runes, and tables a
// browser does not need for this (layout, vertical metrics, glyph names)
// are dropped. Browsers sanitise web fonts (OTS) and refuse a font
// whose tables disagree, which the browser test checks.
func Subset(font []byte, runes []rune) ([]byte, error) { return cut(font, runes, false) }

// Cut is Subset with the kept glyphs renumbered 0, 1, 2 … in the order of
// their ids in font (composite glyphs' components rewritten to match), so
// that the hmtx, loca and glyph count are as small as the cut: a program
// that reads the whole metrics table (fpdf does, for every document)
// reads only the cut's. Every glyph keeps its outline, advance and left
// side bearing, and glyphs keep their order.
func Cut(font []byte, runes []rune) ([]byte, error) { return cut(font, runes, true) }

func cut(font []byte, runes []rune, compact bool) ([]byte, error) {
	tables, err := readTables(font)
	if err != nil {
		return nil, err
	}
	for _, tag := range []string{"head", "maxp", "loca", "glyf", "cmap", "hhea", "hmtx"} {
		if _, ok := tables[tag]; !ok {
			return nil, fmt.Errorf("font has no %s table", tag)
		}
	}
	head, maxp, loca, glyf := tables["head"], tables["maxp"], tables["loca"], tables["glyf"]
	if len(head) < 54 || len(maxp) < 6 {
		return nil, errors.New("font head or maxp too short")
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	long := binary.BigEndian.Uint16(head[50:]) == 1
	offset := func(g int) (int, bool) {
		if long {
			if 4*g+4 > len(loca) {
				return 0, false
			}
			return int(binary.BigEndian.Uint32(loca[4*g:])), true
		}
		if 2*g+2 > len(loca) {
			return 0, false
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*g:])), true
	}
	glyph := func(g int) []byte {
		a, ok1 := offset(g)
		b, ok2 := offset(g + 1)
		if !ok1 || !ok2 || a > b || b > len(glyf) {
			return nil
		}
		return glyf[a:b]
	}
	lookup, err := cmapLookup(tables["cmap"])
	if err != nil {
		return nil, err
	}
	keep := map[int]bool{0: true}
	gids := map[rune]int{}
	var add func(g int)
	add = func(g int) {
		if g <= 0 || g >= numGlyphs || keep[g] {
			return
		}
		keep[g] = true
		data := glyph(g)
		if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
			return
		}
		// A composite glyph: keep its components.
		eachComponent(data, func(at int) { add(int(binary.BigEndian.Uint16(data[at:]))) })
	}
	for _, r := range runes {
		if g := lookup(r); g > 0 && r <= 0xFFFF {
			gids[r] = g
			add(g)
		}
	}
	if compact {
		return compacted(tables, numGlyphs, keep, gids, glyph)
	}
	// glyf and loca (long format) with only the kept glyphs.
	var newGlyf []byte
	newLoca := make([]byte, 4*(numGlyphs+1))
	for g := 0; g < numGlyphs; g++ {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if keep[g] {
			newGlyf = append(newGlyf, glyph(g)...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*numGlyphs:], uint32(len(newGlyf)))
	newHead := slices.Clone(head)
	binary.BigEndian.PutUint16(newHead[50:], 1)
	binary.BigEndian.PutUint32(newHead[8:], 0) // checkSumAdjustment, set below
	out := map[string][]byte{
		"head": newHead, "maxp": maxp, "hhea": tables["hhea"], "hmtx": tables["hmtx"],
		"loca": newLoca, "glyf": newGlyf, "cmap": cmap4(gids),
	}
	return finish(tables, out), nil
}

// finish adds the tables both cuts copy as they are, and the directory.
func finish(tables, out map[string][]byte) []byte {
	for _, tag := range []string{"name", "OS/2", "cvt ", "fpgm", "prep", "gasp"} {
		if t, ok := tables[tag]; ok {
			out[tag] = t
		}
	}
	if post, ok := tables["post"]; ok && len(post) >= 32 {
		p := slices.Clone(post[:32])
		binary.BigEndian.PutUint32(p, 0x00030000) // no glyph names
		out["post"] = p
	}
	font2 := writeSFNT(out)
	// head.checkSumAdjustment makes the whole font sum to 0xB1B0AFBA.
	if i := findTable(font2, "head"); i >= 0 {
		binary.BigEndian.PutUint32(font2[i+8:], 0xB1B0AFBA-checksum(font2))
	}
	return font2
}

// compacted writes the cut with glyph ids renumbered (see Cut).
func compacted(tables map[string][]byte, numGlyphs int, keep map[int]bool, gids map[rune]int, glyph func(int) []byte) ([]byte, error) {
	hhea, hmtx := tables["hhea"], tables["hmtx"]
	if len(hhea) < 36 {
		return nil, errors.New("font hhea too short")
	}
	nh := int(binary.BigEndian.Uint16(hhea[34:]))
	if nh < 1 || len(hmtx) < 4*nh+2*(numGlyphs-nh) {
		return nil, errors.New("font hmtx too short")
	}
	old := make([]int, 0, len(keep))
	for g := range keep {
		old = append(old, g)
	}
	sort.Ints(old)
	renum := make(map[int]int, len(old))
	for i, g := range old {
		renum[g] = i
	}
	be := binary.BigEndian
	var glyf []byte
	loca := make([]byte, 4*(len(old)+1))
	metrics := make([]byte, 4*len(old))
	for i, g := range old {
		be.PutUint32(loca[4*i:], uint32(len(glyf)))
		data := slices.Clone(glyph(g))
		if len(data) >= 10 && int16(be.Uint16(data)) < 0 {
			// A composite glyph: point its components at their new ids.
			eachComponent(data, func(at int) { be.PutUint16(data[at:], uint16(renum[int(be.Uint16(data[at:]))])) })
		}
		glyf = append(glyf, data...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		// Glyphs past the long metrics share the last advance.
		copy(metrics[4*i:], hmtx[4*min(g, nh-1):4*min(g, nh-1)+2])
		if g < nh {
			copy(metrics[4*i+2:], hmtx[4*g+2:4*g+4])
		} else {
			copy(metrics[4*i+2:], hmtx[4*nh+2*(g-nh):4*nh+2*(g-nh)+2])
		}
	}
	be.PutUint32(loca[4*len(old):], uint32(len(glyf)))
	head := slices.Clone(tables["head"])
	be.PutUint16(head[50:], 1)
	be.PutUint32(head[8:], 0)
	maxp := slices.Clone(tables["maxp"])
	be.PutUint16(maxp[4:], uint16(len(old)))
	newHhea := slices.Clone(hhea)
	be.PutUint16(newHhea[34:], uint16(len(old)))
	newGids := make(map[rune]int, len(gids))
	for r, g := range gids {
		newGids[r] = renum[g]
	}
	out := map[string][]byte{
		"head": head, "maxp": maxp, "hhea": newHhea, "hmtx": metrics,
		"loca": loca, "glyf": glyf, "cmap": cmap4(newGids),
	}
	return finish(tables, out), nil
}

func readTables(font []byte) (map[string][]byte, error) {
	if len(font) < 12 {
		return nil, errors.New("not a TrueType font")
	}
	n := int(binary.BigEndian.Uint16(font[4:]))
	if len(font) < 12+16*n {
		return nil, errors.New("truncated table directory")
	}
	out := map[string][]byte{}
	for i := 0; i < n; i++ {
		rec := font[12+16*i:]
		off := int(binary.BigEndian.Uint32(rec[8:]))
		size := int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || size < 0 || off+size > len(font) {
			return nil, fmt.Errorf("table %q lies beyond the end of the font", rec[:4])
		}
		out[string(rec[:4])] = font[off : off+size]
	}
	return out, nil
}

// cmapLookup returns rune → glyph id from the font's Unicode cmap
// (format 12 preferred, else format 4).
func cmapLookup(cmap []byte) (func(rune) int, error) {
	f4, f12, err := cmapSubtables(cmap)
	if err != nil {
		return nil, err
	}
	if f12 != nil {
		groups := int(binary.BigEndian.Uint32(f12[12:]))
		return func(r rune) int {
			for i := 0; i < groups && 16+12*i+12 <= len(f12); i++ {
				g := f12[16+12*i:]
				s, e := rune(binary.BigEndian.Uint32(g)), rune(binary.BigEndian.Uint32(g[4:]))
				if r >= s && r <= e {
					return int(binary.BigEndian.Uint32(g[8:])) + int(r-s)
				}
			}
			return 0
		}, nil
	}
	seg := f4.segments()
	return func(r rune) int {
		c := int(r)
		for i := 0; i < seg; i++ {
			if c > f4.end(i) {
				continue
			}
			if c < f4.start(i) {
				return 0
			}
			return f4.glyph(i, c)
		}
		return 0
	}, nil
}

// cmapEach calls fn with every character the cmap lookup maps and its
// glyph id, in ascending order of characters.
func cmapEach(cmap []byte, fn func(r rune, g int)) error {
	f4, f12, err := cmapSubtables(cmap)
	if err != nil {
		return err
	}
	if f12 != nil {
		// Groups are sorted and do not overlap (the format requires it).
		groups := int(binary.BigEndian.Uint32(f12[12:]))
		for i := 0; i < groups && 16+12*i+12 <= len(f12); i++ {
			g := f12[16+12*i:]
			s, e := rune(binary.BigEndian.Uint32(g)), rune(binary.BigEndian.Uint32(g[4:]))
			for r := s; r <= e && r <= 0x10FFFF; r++ {
				fn(r, int(binary.BigEndian.Uint32(g[8:]))+int(r-s))
			}
		}
		return nil
	}
	prev := -1
	for i := 0; i < f4.segments(); i++ {
		// A segment that overlaps an earlier one maps only what the
		// lookup (first segment whose end is not below c) gives it.
		for c := max(f4.start(i), prev+1); c <= f4.end(i); c++ {
			fn(rune(c), f4.glyph(i, c))
		}
		prev = max(prev, f4.end(i))
	}
	return nil
}

// cmapSubtables finds the Unicode subtables of format 4 and 12.
func cmapSubtables(cmap []byte) (format4, []byte, error) {
	if len(cmap) < 4 {
		return nil, nil, errors.New("cmap too short")
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	var f4, f12 []byte
	for i := 0; i < n && 4+8*i+8 <= len(cmap); i++ {
		rec := cmap[4+8*i:]
		pid, eid := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if off+4 > len(cmap) || !(pid == 3 && (eid == 1 || eid == 10) || pid == 0) {
			continue
		}
		sub := cmap[off:]
		switch binary.BigEndian.Uint16(sub) {
		case 4:
			f4 = sub
		case 12:
			f12 = sub
		}
	}
	if len(f12) >= 16 {
		return nil, f12, nil
	}
	if len(f4) < 14 {
		return nil, nil, errors.New("font has no Unicode cmap")
	}
	seg := int(binary.BigEndian.Uint16(f4[6:])) / 2
	if len(f4) < 16+8*seg {
		return nil, nil, errors.New("cmap format 4 too short")
	}
	return format4(f4), nil, nil
}

// format4 is a cmap subtable of format 4 (segment mapping to delta values).
type format4 []byte

func (f format4) u16(p int) int {
	if p < 0 || p+2 > len(f) {
		return 0
	}
	return int(binary.BigEndian.Uint16(f[p:]))
}

func (f format4) segments() int     { return f.u16(6) / 2 }
func (f format4) end(i int) int     { return f.u16(14 + 2*i) }
func (f format4) start(i int) int   { return f.u16(16 + 2*f.segments() + 2*i) }
func (f format4) delta(i int) int   { return f.u16(16 + 4*f.segments() + 2*i) }
func (f format4) rangeAt(i int) int { return 16 + 6*f.segments() + 2*i }

// glyph is the glyph of c in segment i (start(i) ≤ c ≤ end(i)).
func (f format4) glyph(i, c int) int {
	ro := f.u16(f.rangeAt(i))
	if ro == 0 {
		return (c + f.delta(i)) & 0xFFFF
	}
	g := f.u16(f.rangeAt(i) + ro + 2*(c-f.start(i)))
	if g == 0 {
		return 0
	}
	return (g + f.delta(i)) & 0xFFFF
}

// cmap4 builds a cmap with one format 4 subtable (Windows Unicode BMP):
// one segment per rune, idDelta = glyph − code modulo 65536.
func cmap4(gids map[rune]int) []byte {
	codes := make([]int, 0, len(gids))
	for r := range gids {
		codes = append(codes, int(r))
	}
	sort.Ints(codes)
	seg := len(codes) + 1
	sr, es := 1, 0
	for sr*2 <= seg {
		sr *= 2
		es++
	}
	sr *= 2
	length := 16 + 8*seg
	b := make([]byte, 12+length)
	be := binary.BigEndian
	be.PutUint16(b[2:], 1)  // one subtable
	be.PutUint16(b[4:], 3)  // Windows
	be.PutUint16(b[6:], 1)  // Unicode BMP
	be.PutUint32(b[8:], 12) // offset
	s := b[12:]
	be.PutUint16(s, 4)
	be.PutUint16(s[2:], uint16(length))
	be.PutUint16(s[6:], uint16(2*seg))
	be.PutUint16(s[8:], uint16(sr))
	be.PutUint16(s[10:], uint16(es))
	be.PutUint16(s[12:], uint16(2*seg-sr))
	ends, starts, deltas := 14, 16+2*seg, 16+4*seg
	for i, c := range append(codes, 0xFFFF) {
		be.PutUint16(s[ends+2*i:], uint16(c))
		be.PutUint16(s[starts+2*i:], uint16(c))
		d := 1
		if c != 0xFFFF || i < len(codes) {
			d = gids[rune(c)] - c
		}
		be.PutUint16(s[deltas+2*i:], uint16(d))
	}
	return b
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// writeSFNT writes tables with a sorted directory, each 4-byte aligned.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	sr, es := 1, 0
	for sr*2 <= n {
		sr *= 2
		es++
	}
	out := make([]byte, 12+16*n)
	be := binary.BigEndian
	be.PutUint32(out, 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(sr*16))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(n*16-sr*16))
	for i, t := range tags {
		data := tables[t]
		rec := out[12+16*i:]
		copy(rec, t)
		be.PutUint32(rec[4:], checksum(data))
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(data)))
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// findTable returns the offset of table tag in font, or −1.
func findTable(font []byte, tag string) int {
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := 0; i < n; i++ {
		rec := font[12+16*i:]
		if string(rec[:4]) == tag {
			return int(binary.BigEndian.Uint32(rec[8:]))
		}
	}
	return -1
}

// eachComponent calls f with the offset of each component's glyph index
// in a composite glyph's data (TrueType glyf: flags, glyph index, then
// arguments and a transform whose sizes the flags give).
func eachComponent(data []byte, f func(at int)) {
	for p := 10; p+4 <= len(data); {
		flags := binary.BigEndian.Uint16(data[p:])
		f(p + 2)
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			return
		}
	}
}
