// Package excel is the only importer of excelize: it writes workbooks and
// calculates formulas that were saved without a value.
//
// Writing: a small, deterministic writer (Book) for the sample generator,
// the init command's templates and tests, and variance.xlsx, the formatted
// twin of variance.csv. Calculating: Calculator (OpenCalculator, Calc)
// evaluates a formula cell for package workbook, which reads workbooks
// with its own stream reader and decides which cells are worth a
// calculation and within which bounds.
//
// Everything it writes is deterministic: document times are fixed and the
// zip entries are written in a fixed order without modification times, so
// the same content always gives the same bytes.
package excel
