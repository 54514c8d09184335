package sfnt

import "math/bits"

// Set is a set of characters of the Basic Multilingual Plane, the ones a
// TrueType cmap of format 4 can map.
type Set [0x10000 / 64]uint64

// Has reports whether r is in s.
func (s *Set) Has(r rune) bool {
	return r >= 0 && r <= 0xFFFF && s[r>>6]&(1<<(uint(r)&63)) != 0
}

// Add puts r in s; characters outside the BMP are left out.
func (s *Set) Add(r rune) {
	if r >= 0 && r <= 0xFFFF {
		s[r>>6] |= 1 << (uint(r) & 63)
	}
}

// AddString puts every character of str in s.
func (s *Set) AddString(str string) {
	for _, r := range str {
		s.Add(r)
	}
}

// Union adds every character of t to s.
func (s *Set) Union(t *Set) {
	for i := range s {
		s[i] |= t[i]
	}
}

// Contains reports whether every character of t is in s.
func (s *Set) Contains(t *Set) bool {
	for i := range s {
		if t[i]&^s[i] != 0 {
			return false
		}
	}
	return true
}

// Len is the number of characters in s.
func (s *Set) Len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// Runes lists the characters of s in ascending order.
func (s *Set) Runes() []rune {
	out := make([]rune, 0, s.Len())
	for i, w := range s {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			out = append(out, rune(i*64+b))
			w &^= 1 << uint(b)
		}
	}
	return out
}

// Covered returns the BMP characters the font's Unicode cmap maps to a
// glyph other than .notdef.
func Covered(font []byte) (*Set, error) {
	t, err := readTables(font)
	if err != nil {
		return nil, err
	}
	var s Set
	err = cmapEach(t["cmap"], func(r rune, g int) {
		if g > 0 {
			s.Add(r)
		}
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}
