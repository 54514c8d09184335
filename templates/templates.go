// Package templates embeds the files the renderers need at run time: the
// HTML templates, the report strings of each language, the CJK-capable
// TrueType font for PDFs and the ECharts bundle inlined into HTML reports.
// They live at the top of the repository (go:embed cannot reach "../"), so
// this small package only exposes them.
package templates

import "embed"

// FS holds every embedded file, with paths relative to this directory:
// *.tmpl, strings/<lang>/*.json, init/config.toml (the starter config of
// "budgetlens init", a text/template), fonts/*.ttf and js/echarts.min.js.
//
//go:embed *.tmpl strings init fonts/*.ttf js/echarts.min.js
var FS embed.FS

// FontFile is the path in FS of the TrueType font used for PDF reports
// (WenQuanYi Micro Hei, first face of the Debian .ttc; Apache-2.0). It
// covers Latin, Simplified and Traditional Chinese.
const FontFile = "fonts/wqy-microhei.ttf"

// EChartsFile is the path in FS of the ECharts bundle (Apache-2.0, from the
// npm package echarts 5.6.0) inlined into every HTML report.
const EChartsFile = "js/echarts.min.js"
