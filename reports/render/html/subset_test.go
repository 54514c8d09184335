package html

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
	sub, err := subsetTTF(font, runes)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) > len(font)/4 {
		t.Errorf("subset is %d bytes of %d", len(sub), len(font))
	}
	orig, _ := sfntTables(font)
	cut, err := sfntTables(sub)
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
