// Package output is the list of files a run writes. Each period's report
// is written once per Format (report-2026-03.pdf, report-2026-03.html);
// then come the run's own Files, written once from every report
// (config-suggestions.toml, summary.json, variance.csv, variance.xlsx and,
// last, index.html). A Set holds both lists: the pipeline and consolidate
// write what it lists, the index and every HTML report link what it lists,
// and the manifest records what it wrote.
//
// Adding an output format touches three places: the format's own package
// (a type with the two methods of Format), its strings (output.<name> and
// output.<name>.link in templates/strings/<lang>/output.json, every
// language) and one registration (pipeline.Outputs).
package output
