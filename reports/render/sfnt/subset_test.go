package sfnt

import (
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
