// Command mkxlsx writes the hand-made workbooks of this directory: minimal
// SpreadsheetML zips with the features other producers use and excelize
// does not write (the 1904 date system as saved by WPS and old Mac Excel,
// inline strings, shared formulas with cached values, merged cells left
// empty below their first cell, a hidden empty sheet, error cells). Run from the repository root:
//
//	go run ./reports/workbook/testdata/handmade
//
// The output is byte-for-byte reproducible.
package main

import (
	"archive/zip"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const dir = "reports/workbook/testdata/handmade"

func main() {
	write("wps-budget-long-1904.xlsx", true, []sheet{{"预算", budgetSheet}}, []string{"月份", "类别", "渠道", "角色", "项目", "预算（元）", "内容营销", "白皮书", "案例", "考虑", "P1", "consideration", "小计"})
	write("actuals-2026-03-excel-style.xlsx", false, []sheet{{"说明", notesSheet}, {"支出明细", ledgerSheet}, {"漏斗", funnelSheet}}, nil)
	write("gsheets-actuals-2026-03.xlsx", false, []sheet{{"Read me", readMeSheet}, {"Sheet2", `<sheetData/>`}, {"Ledger", gsheetsLedger}}, nil)
}

type sheet struct {
	name string
	xml  string
}

// hiddenSheets are written with state="hidden", as a user hides a scratch
// sheet.
var hiddenSheets = map[string]bool{"Sheet2": true}

// budgetSheet is a long budget whose months are date cells in the 1904
// system (2026-01-01 is 44561 there, 46023 in the 1900 system) and whose
// category is merged down B2:B4.
const budgetSheet = `<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>
<row r="2"><c r="A2" s="1"><v>44561</v></c><c r="B2" t="s"><v>6</v></c><c r="C2" t="s"><v>7</v></c><c r="D2" t="s"><v>11</v></c><c r="E2" t="s"><v>10</v></c><c r="F2"><v>5000</v></c></row>
<row r="3"><c r="A3" s="1"><v>44592</v></c><c r="B3"/><c r="C3" t="s"><v>7</v></c><c r="F3"><v>5000</v></c></row>
<row r="4"><c r="A4" s="1"><v>44620</v></c><c r="B4"/><c r="C4" t="s"><v>8</v></c><c r="D4" t="s"><v>9</v></c><c r="F4"><v>3000.5</v></c></row>
<row r="5"><c r="B5" t="s"><v>12</v></c><c r="F5"><f>SUM(F2:F4)</f><v>13000.5</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="B2:B4"/></mergeCells>`

const readMeSheet = `<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>How to fill in: one line per invoice. Amounts in USD thousands.</t></is></c></row>
</sheetData>`

// gsheetsLedger is a ledger as a shared Google Sheet exports it after
// people typed into it: inline strings, dates as text in several forms, a
// "*" marking required headers, amounts in thousands ("USD k"), a trailing
// minus, channel names with trailing and full-width letters, an error cell.
const gsheetsLedger = `<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c><c r="B1" t="inlineStr"><is><t>*Channel</t></is></c><c r="C1" t="inlineStr"><is><t>*Category</t></is></c><c r="D1" t="inlineStr"><is><t>Amount (USD k)</t></is></c><c r="E1" t="inlineStr"><is><t>Notes</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>2026-03-02</t></is></c><c r="B2" t="inlineStr"><is><t>Google Ads  </t></is></c><c r="C2" t="inlineStr"><is><t>Digital</t></is></c><c r="D2"><v>1.5</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>2026-03-09 14:30:00</t></is></c><c r="B3" t="inlineStr"><is><t>Ｇｏｏｇｌｅ Ａｄｓ</t></is></c><c r="C3" t="inlineStr"><is><t>Digital</t></is></c><c r="D3" t="inlineStr"><is><t>2.25</t></is></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>09-Mar-2026</t></is></c><c r="B4" t="inlineStr"><is><t>LinkedIn Ads</t></is></c><c r="C4" t="inlineStr"><is><t>Digital</t></is></c><c r="D4" t="inlineStr"><is><t>0.3-</t></is></c><c r="E4" t="inlineStr"><is><t>credit</t></is></c></row>
<row r="5"><c r="A5" t="inlineStr"><is><t>2026-03-20</t></is></c><c r="B5" t="inlineStr"><is><t>LinkedIn Ads</t></is></c><c r="C5" t="inlineStr"><is><t>Digital</t></is></c><c r="D5" t="e"><f>VLOOKUP(E5,Rates!A:B,2,0)</f><v>#N/A</v></c></row>
<row r="6"><c r="A6" t="inlineStr"><is><t>Mar 31, 2026</t></is></c><c r="B6" t="inlineStr"><is><t>Meetup</t></is></c><c r="C6" t="inlineStr"><is><t>Events</t></is></c><c r="D6"><v>2</v></c></row>
</sheetData>`

const notesSheet = `<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>填写说明</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>日期列请填写日期，金额列请填写数字。</t></is></c></row>
</sheetData>`

// ledgerSheet uses inline strings, date cells, a shared formula with cached
// values and text amounts and dates of several kinds.
const ledgerSheet = `<sheetData>
<row r="1">` + `<c r="A1" t="inlineStr"><is><t>日期</t></is></c><c r="B1" t="inlineStr"><is><t>类别</t></is></c><c r="C1" t="inlineStr"><is><t>渠道</t></is></c><c r="D1" t="inlineStr"><is><t>单价</t></is></c><c r="E1" t="inlineStr"><is><t>数量</t></is></c><c r="F1" t="inlineStr"><is><t>金额</t></is></c></row>
<row r="2"><c r="A2" s="1"><v>46082</v></c><c r="B2" t="inlineStr"><is><t>展会</t></is></c><c r="C2" t="inlineStr"><is><t>行业展会</t></is></c><c r="D2"><v>100</v></c><c r="E2"><v>30</v></c><c r="F2"><f t="shared" ref="F2:F3" si="0">D2*E2</f><v>3000</v></c></row>
<row r="3"><c r="A3" s="1"><v>46083</v></c><c r="B3" t="inlineStr"><is><t>展会</t></is></c><c r="C3" t="inlineStr"><is><t>行业展会</t></is></c><c r="D3"><v>100</v></c><c r="E3"><v>20</v></c><c r="F3"><f t="shared" si="0"/><v>2000</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>15/03/2026</t></is></c><c r="B4" t="inlineStr"><is><t>数字广告</t></is></c><c r="C4" t="inlineStr"><is><t>SEM</t></is></c><c r="F4" t="inlineStr"><is><t>１２，０００</t></is></c></row>
<row r="5"><c r="A5" t="inlineStr"><is><t>3/4/2026</t></is></c><c r="B5" t="inlineStr"><is><t>数字广告</t></is></c><c r="C5" t="inlineStr"><is><t>SEM</t></is></c><c r="F5" t="inlineStr"><is><t>RMB 3,000</t></is></c></row>
<row r="6"><c r="A6" t="inlineStr"><is><t>2026年3月20日</t></is></c><c r="B6" t="inlineStr"><is><t>数字广告</t></is></c><c r="C6" t="inlineStr"><is><t>信息流</t></is></c><c r="F6" t="inlineStr"><is><t>RMB 3,000</t></is></c></row>
</sheetData>`

const funnelSheet = `<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>月份</t></is></c><c r="B1" t="inlineStr"><is><t>渠道</t></is></c><c r="C1" t="inlineStr"><is><t>线索</t></is></c><c r="D1" t="inlineStr"><is><t>MQL</t></is></c><c r="E1" t="inlineStr"><is><t>SQL</t></is></c><c r="F1" t="inlineStr"><is><t>商机</t></is></c><c r="G1" t="inlineStr"><is><t>POC</t></is></c><c r="H1" t="inlineStr"><is><t>赢单</t></is></c><c r="I1" t="inlineStr"><is><t>收入</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>3月</t></is></c><c r="B2" t="inlineStr"><is><t>SEM</t></is></c><c r="C2"><v>10</v></c><c r="D2"><v>5</v></c><c r="E2"><v>2</v></c><c r="F2"><v>1</v></c><c r="G2"><v>0</v></c><c r="H2"><v>1</v></c><c r="I2" t="inlineStr"><is><t>¥50,000</t></is></c></row>
</sheetData>`

func write(name string, date1904 bool, sheets []sheet, sst []string) {
	var b strings.Builder
	zw := zip.NewWriter(&writerTo{&b})
	stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(path, body string) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: path, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			log.Fatal(err)
		}
		if _, err := w.Write([]byte(xmlHead + body)); err != nil {
			log.Fatal(err)
		}
	}
	ct := `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`
	for i := range sheets {
		ct += fmt.Sprintf(`<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	if sst != nil {
		ct += `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
	}
	add("[Content_Types].xml", ct+`</Types>`)
	add("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	pr := ""
	if date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	wb := `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` + pr + `<sheets>`
	rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	for i, s := range sheets {
		state := ""
		if hiddenSheets[s.name] {
			state = ` state="hidden"`
		}
		wb += fmt.Sprintf(`<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, s.name, i+1, state, i+1)
		rels += fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	n := len(sheets)
	rels += fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, n+1)
	if sst != nil {
		rels += fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, n+2)
	}
	add("xl/workbook.xml", wb+`</sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", rels+`</Relationships>`)
	add("xl/styles.xml", `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`)
	for i, s := range sheets {
		add(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+s.xml+`</worksheet>`)
	}
	if sst != nil {
		x := fmt.Sprintf(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(sst), len(sst))
		for _, s := range sst {
			x += "<si><t>" + s + "</t></si>"
		}
		add("xl/sharedStrings.xml", x+`</sst>`)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

type writerTo struct{ b *strings.Builder }

func (w *writerTo) Write(p []byte) (int, error) { return w.b.Write(p) }
