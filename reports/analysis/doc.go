// Package analysis turns a reports.Book into one reports.Report per period:
// it matches actual spend onto budget lines, rolls budgets and actuals up
// per line, category and month, forecasts the fiscal year's landing, runs
// the threshold checks of domain.md §2–3, computes funnel economics (§4–5),
// compares the channel mix with the stage's recommended mix (§1) and
// derives ranked recommendations with concrete reallocation moves (§1, §6,
// §8, §9).
//
// Everything here is a pure function of its Input: no I/O, no clock other
// than Input.Now, no map iteration order leaking into results. Money is
// summed exactly in reports.Money; floats are used only for ratios and
// percentages.
//
// Periods. A fiscal year is named by the calendar year it starts in (with
// fiscal_year_start = 4, FY2026 runs April 2026 – March 2027) and its
// quarters count from its first month. A month with data is complete once
// it has ended before Now; a quarter or year is complete when its last
// month has data and has ended. Otherwise it is reported to date: Through
// is its last month with data.
package analysis
