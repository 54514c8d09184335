// Package xlsxwrite writes xlsx workbooks: a small, deterministic writer
// (Book) for the sample generator, the init command's templates and tests,
// and variance.xlsx, the formatted twin of variance.csv. Reading workbooks
// is package workbook's job; the two share no code.
//
// Everything it writes is deterministic: document times are fixed and the
// zip entries are written in a fixed order without modification times, so
// the same content always gives the same bytes.
package xlsxwrite
