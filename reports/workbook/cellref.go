package workbook

import "strconv"

// cellName returns the A1 reference of a 1-based column and row, e.g.
// cellName(5, 12) == "E12"; "" when either is out of range.
func cellName(col, row int) string {
	if col < 1 || row < 1 {
		return ""
	}
	var b [8]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:]) + strconv.Itoa(row)
}
