// Package pdf renders a reports.Report as an A4 PDF for executives: an
// executive summary on page 1, vector charts, the variance table, findings,
// recommendations and data notes. It is the only package that imports fpdf.
//
// Rendering is deterministic: with Report.Generated fixed, the same report
// and language give identical bytes. The package never reads the clock and
// never iterates a map unsorted.
package pdf
