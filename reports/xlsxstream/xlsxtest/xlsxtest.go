// Package xlsxtest builds minimal .xlsx archives in memory for tests,
// fuzz targets and benchmarks of the workbook readers.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
)

// Book is the content of a minimal workbook: one part per sheet, and
// optional shared strings and styles parts (raw XML).
type Book struct {
	Sheets        []Sheet
	SharedStrings []byte // xl/sharedStrings.xml, omitted when nil
	Styles        []byte // xl/styles.xml, omitted when nil
	Date1904      bool
	Store         bool // store parts uncompressed instead of deflating them
}

// Sheet is a worksheet name and its raw XML.
type Sheet struct {
	Name string
	XML  []byte
}

// Styles is a styles part with cell style 1 formatted as a date (numFmt
// 14) and cell style 2 as a custom date-time format.
const Styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd hh:mm"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="4" applyNumberFormat="1"/></cellXfs></styleSheet>`

// SheetXML wraps rows XML in a worksheet document.
func SheetXML(rows string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>` + rows + `</sheetData></worksheet>`)
}

// SSTXML wraps <si> items in a shared strings document.
func SSTXML(items string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + items + `</sst>`)
}

// Bytes returns the .xlsx archive.
func (b Book) Bytes() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		if b.Store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		w.Write(data)
	}
	var ct, rels, sheets bytes.Buffer
	ct.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, s := range b.Sheets {
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.Name, i+1, i+1)
	}
	n := len(b.Sheets)
	if b.SharedStrings != nil {
		ct.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, n+1)
	}
	if b.Styles != nil {
		ct.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, n+2)
	}
	ct.WriteString(`</Types>`)
	rels.WriteString(`</Relationships>`)
	add("[Content_Types].xml", ct.Bytes())
	add("_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	pr := ""
	if b.Date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	add("xl/workbook.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+pr+`<sheets>`+sheets.String()+`</sheets></workbook>`))
	add("xl/_rels/workbook.xml.rels", rels.Bytes())
	for i, s := range b.Sheets {
		add(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), s.XML)
	}
	if b.SharedStrings != nil {
		add("xl/sharedStrings.xml", b.SharedStrings)
	}
	if b.Styles != nil {
		add("xl/styles.xml", b.Styles)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Ledger returns an n-row spend ledger workbook (sheet "Ledger": Date |
// Category | Channel | Region | Campaign | Vendor | Amount, dates in 2026
// with a date style) with its strings shared (as Excel writes them) or
// inline (as excelize's stream writer does), and the sheet's uncompressed
// size. It is deterministic.
func Ledger(n int, inline bool) ([]byte, int) {
	cats := []string{"Digital", "Events", "Content", "Brand", "Sales enablement"}
	chans := []string{"Search", "Social", "Trade shows", "Webinars", "PR", "Partners"}
	regs := []string{"East", "North", "South", "West"}
	var sb strings.Builder
	var sst bytes.Buffer
	idx := map[string]int{}
	str := func(col string, row int, s string) {
		if inline {
			fmt.Fprintf(&sb, `<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, col, row, s)
			return
		}
		i, ok := idx[s]
		if !ok {
			i = len(idx)
			idx[s] = i
			fmt.Fprintf(&sst, `<si><t>%s</t></si>`, s)
		}
		fmt.Fprintf(&sb, `<c r="%s%d" t="s"><v>%d</v></c>`, col, row, i)
	}
	sb.WriteString(`<row r="1">`)
	for k, h := range []string{"Date", "Category", "Channel", "Region", "Campaign", "Vendor", "Amount"} {
		str(string(rune('A'+k)), 1, h)
	}
	sb.WriteString(`</row>`)
	for i := 2; i <= n+1; i++ {
		fmt.Fprintf(&sb, `<row r="%d"><c r="A%d" s="1"><v>%d</v></c>`, i, i, 46023+(i-2)*365/n)
		str("B", i, cats[i%len(cats)])
		str("C", i, chans[i%len(chans)])
		str("D", i, regs[i%len(regs)])
		str("E", i, fmt.Sprintf("Campaign %d", i%50))
		str("F", i, fmt.Sprintf("Vendor %d", i%30))
		fmt.Fprintf(&sb, `<c r="G%d" s="3"><v>%d.%02d</v></c></row>`, i, (i*7919)%100000, i%100)
	}
	sheet := SheetXML(sb.String())
	book := Book{Sheets: []Sheet{{Name: "Ledger", XML: sheet}}, Styles: []byte(Styles)}
	if !inline {
		book.SharedStrings = SSTXML(sst.String())
	}
	return book.Bytes(), len(sheet)
}
