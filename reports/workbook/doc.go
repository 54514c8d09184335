// Package workbook reads budget, ledger, funnel and commentary workbooks (.xlsx) into
// the domain types of package reports. Rows come from reports/xlsxstream;
// excelize is not imported here: formulas saved without a value are
// calculated through package reports/excel (which also writes xlsx), and
// the tests use excelize as the reference reader.
//
// A sheet is recognised by its header row, the first row naming at least
// two known columns (aliases in English, Simplified and Traditional
// Chinese, extendable from config); a header may span two rows (quarters
// merged above the months). What the sheet holds is decided by a list of
// layouts tried in order (layout.go): a wide budget (one column per
// month), a long budget (one row per line-month), a ledger (spend by date,
// or an ERP voucher export of debits and credits), funnel results (leads
// to won deals per month and channel) and commentary (a note per period
// and line on what explains its variance, commentary.go); layouts.go has the variants finance
// and marketing teams use and the decisions they take. Every
// row is used, skipped with a reason or rejected with a message that points
// at its cell; subtotal, quarter and total cells are not data but are
// checked against the rows they sum.
//
// Hostile files (encrypted, legacy .xls, CSV under an .xlsx name, zip
// bombs, truncated archives) are refused with one clear error in bounded
// time and memory: the archive is verified entry by entry before the
// stream reader sees it, and sheets are streamed row by row.
package workbook
