// Package xlsxstream reads the cells of large .xlsx worksheets fast and in
// bounded memory. It streams a worksheet part out of the zip archive and
// scans its XML with a purpose-built tokenizer instead of encoding/xml,
// resolving shared strings and date styles once per workbook; inflating,
// scanning and the caller's work run on separate goroutines.
//
// Its values are excelize's raw cell values (excelize.Options{RawCellValue:
// true}), row for row; a differential test in reports/workbook holds the
// two readers to that. Where excelize silently returns part of a damaged
// sheet (truncated archive or XML, checksum mismatch, malformed XML, rows
// out of order), Rows.Err reports an error instead.
//
// It uses the standard library and, for inflating, the inflater of
// github.com/klauspost/compress (faster than compress/flate, same output).
package xlsxstream
