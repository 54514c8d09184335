// Package export writes the machine-readable outputs of a run:
// summary.json (a versioned, stable interface for schedulers, BI tools and
// checks) and variance.csv (one row per period and line, for spreadsheets).
// The formatted variance.xlsx is written by package workbook, the only
// importer of excelize.
//
// Both outputs are deterministic: the same reports give the same bytes.
// Amounts are presented in major units rounded half away from zero to two
// decimals (reports.Money.Round2); ratios that are undefined (a zero
// budget, a zero count) are null in JSON and empty in CSV, never NaN.
package export
