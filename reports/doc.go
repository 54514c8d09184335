// Package reports holds budgetlens's domain: money, months and periods,
// budget lines, ledger entries, funnel counts, the Book that aggregates them
// and the accounting of input rows. It does no I/O; the subpackages read
// workbooks into it (workbook), analyse it (analysis), render it
// (render/pdf, render/html), export it (export) and publish the files
// (publish), tied together by pipeline.
package reports
