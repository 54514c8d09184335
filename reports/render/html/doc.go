// Package html renders reports as self-contained HTML pages: one file per
// report with the ECharts bundle inlined, interactive charts built with
// go-echarts, a sortable variance table and print styles, plus an
// index.html listing every report.
//
// Nothing on a page loads from the network. Chart options are produced by
// go-echarts as data and handed to html/template, which escapes them inside
// <script type="application/json"> blocks; go-echarts' own page renderer is
// not used because it loads ECharts from a CDN and does not escape text.
// Every piece of report text goes through html/template's contextual
// escaping; the only trusted markup is the embedded ECharts bundle.
package html
