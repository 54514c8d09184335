package reports

// NeutraliseFormula defuses spreadsheet formula injection (CSV injection)
// in text written to a CSV or xlsx cell: text starting with = + - or @,
// which Excel, LibreOffice and Google Sheets run as a formula, or with a
// tab or carriage return, which some of them strip before looking, gets a
// leading single quote so it stays text. Only text goes through it:
// numbers the exporters write, negative ones included, stay numbers.
func NeutraliseFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
