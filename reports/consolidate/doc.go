// Package consolidate builds a group's reports from the summary.json of
// each business unit's ordinary run (budgetlens consolidate): it checks
// that the units can be added up (schema, fiscal-year start, the same unit
// twice, stale summaries), converts every unit into the group's currency at
// stated rates, and turns the periods all units share into reports.Report
// values that the PDF and HTML renderers and the summary.json exporter
// already know. It never reads a ledger: the recommendations are the
// units' own plans, ranked across the group.
package consolidate
