package sfnt

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/budgetlens/budgetlens/templates"
)

// TestSubsetKeepsTheGlyphs cuts the report font to a few characters,
// among them composite glyphs (逐, 部), and checks that the cut font maps
// each to the same glyph with the same outline, and is much smaller.
func TestSubsetKeepsTheGlyphs(t *testing.T) {
	font, err := templates.FS.ReadFile(templates.FontFile)
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune("预算逐部金销长闭（）：")
	sub, err := Subset(font, runes)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) > len(font)/4 {
		t.Errorf("subset is %d bytes of %d", len(sub), len(font))
	}
	orig, _ := readTables(font)
	cut, err := readTables(sub)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := cmapLookup(orig["cmap"])
	after, err := cmapLookup(cut["cmap"])
	if err != nil {
		t.Fatal(err)
	}
	loca := cut["loca"]
	for _, r := range runes {
		g := after(r)
		if g == 0 || g != before(r) {
			t.Errorf("%c: glyph %d in the subset, %d in the font", r, g, before(r))
			continue
		}
		a, b := binary.BigEndian.Uint32(loca[4*g:]), binary.BigEndian.Uint32(loca[4*g+4:])
		if b <= a {
			t.Errorf("%c: glyph %d is empty in the subset", r, g)
		}
	}
	if after('A') != 0 {
		t.Errorf("A is mapped, but was not asked for")
	}
}

// TestCoveredAgreesWithTheLookup: every BMP character the cmap maps is
// in Covered, and nothing else.
func TestCoveredAgreesWithTheLookup(t *testing.T) {
	font, err := templates.FS.ReadFile(templates.FontFile)
	if err != nil {
		t.Fatal(err)
	}
	set, err := Covered(font)
	if err != nil {
		t.Fatal(err)
	}
	tabs, _ := readTables(font)
	lookup, _ := cmapLookup(tabs["cmap"])
	n := 0
	for r := rune(0); r <= 0xFFFF; r++ {
		if (lookup(r) > 0) != set.Has(r) {
			t.Fatalf("U+%04X: glyph %d, covered %v", r, lookup(r), set.Has(r))
		}
		if set.Has(r) {
			n++
		}
	}
	if n != set.Len() || n < 20000 || !set.Has('预') || !set.Has('A') || set.Has(0xAC00) {
		t.Errorf("%d characters covered (Len %d); want the font's Latin and Chinese, no Hangul", n, set.Len())
	}
	if got := len(set.Runes()); got != n {
		t.Errorf("Runes lists %d, want %d", got, n)
	}
}

// TestCutRenumbersAndKeepsMetrics: Cut keeps only the glyphs needed,
// numbered in their original order, each with its advance and (for a
// simple glyph) its outline bytes; composite glyphs point at their
// renumbered components.
func TestCutRenumbersAndKeepsMetrics(t *testing.T) {
	font, err := templates.FS.ReadFile(templates.FontFile)
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune("A预算逐部金（）：é")
	sub, err := Cut(font, runes)
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := readTables(font)
	cut, err := readTables(sub)
	if err != nil {
		t.Fatal(err)
	}
	be := binary.BigEndian
	n := int(be.Uint16(cut["maxp"][4:]))
	if n > 40 || int(be.Uint16(cut["hhea"][34:])) != n || len(cut["hmtx"]) != 4*n || len(cut["loca"]) != 4*(n+1) {
		t.Fatalf("%d glyphs, hmtx %d bytes, loca %d bytes", n, len(cut["hmtx"]), len(cut["loca"]))
	}
	before, _ := cmapLookup(orig["cmap"])
	after, _ := cmapLookup(cut["cmap"])
	nh := int(be.Uint16(orig["hhea"][34:]))
	advance := func(hmtx []byte, g, nh int) uint16 { return be.Uint16(hmtx[4*min(g, nh-1):]) }
	glyph := func(tabs map[string][]byte, g int) []byte {
		if be.Uint16(tabs["head"][50:]) == 1 {
			return tabs["glyf"][be.Uint32(tabs["loca"][4*g:]):be.Uint32(tabs["loca"][4*g+4:])]
		}
		return tabs["glyf"][2*int(be.Uint16(tabs["loca"][2*g:])) : 2*int(be.Uint16(tabs["loca"][2*g+2:]))]
	}
	for _, r := range runes {
		g0, g1 := before(r), after(r)
		if g1 <= 0 || g1 >= n {
			t.Errorf("%c: glyph %d of %d", r, g1, n)
			continue
		}
		if advance(orig["hmtx"], g0, nh) != advance(cut["hmtx"], g1, n) {
			t.Errorf("%c: advance %d, was %d", r, advance(cut["hmtx"], g1, n), advance(orig["hmtx"], g0, nh))
		}
		a, b := glyph(orig, g0), glyph(cut, g1)
		if len(a) >= 2 && int16(be.Uint16(a)) >= 0 && !bytes.Equal(a, b[:len(a)]) {
			t.Errorf("%c: outline differs", r)
		}
		if len(a) >= 2 && int16(be.Uint16(a)) < 0 {
			comp := int(be.Uint16(b[12:]))
			if comp <= 0 || comp >= n {
				t.Errorf("%c: first component %d of %d glyphs", r, comp, n)
			}
		}
	}
}
