package xlsxstream

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports/xlsxstream/xlsxtest"
)

// TestFastCellsAsGeneral reads cells of the shapes fastC takes and of
// shapes close to them with fastC and with the general path only, and
// requires the same values, flags and errors.
func TestFastCellsAsGeneral(t *testing.T) {
	sst := xlsxtest.SSTXML(`<si><t>Digital</t></si><si><t>Social</t></si>`)
	cells := []string{
		`<c r="A1" t="s"><v>1</v></c>`,
		`<c t="s" r="B1"><v>0</v></c>`,
		`<c r="C1" s="1"><v>46023</v></c>`,
		`<c s="2" r="D1"><v>46023.5</v></c>`,
		`<c r="E1"><v>-1234.50</v></c>`,
		`<c r="F1" t="s"><v>7</v></c>`,       // index out of range
		`<c r="G1" t="s"><v> 1</v></c>`,      // index with space
		`<c r="H1" t="s"><v></v></c>`,        // empty
		`<c r="I1"><v></v></c>`,              // empty number
		`<c r="J1" t="str"><v>x y</v></c>`,   // formula string
		`<c r="K1" t="b"><v>1</v></c>`,       // boolean
		`<c r="L1" t="e"><v>#DIV/0!</v></c>`, // error
		`<c r="M1" t="inlineStr"><is><t>广告 投放</t></is></c>`,
		`<c r="N1" t="inlineStr"><is><t></t></is></c>`,
		`<c r="O1" t="inlineStr"><v>raw</v></c>`,
		`<c r="P1" t="s"><is><t>ignored</t></is></c>`,
		`<c r="Q1" t="inlineStr"><is><t>a_x0041_b</t></is></c>`,
		`<c r="R1" s="x"><v>5</v></c>`, // bad style: value dropped
		`<c r="S1" s=""><v>5</v></c>`,
		`<c r="T1" t=""><v>5</v></c>`,
		`<c r="U1" r="V1"><v>5</v></c>`, // attribute twice
		`<c r="w1"><v>5</v></c>`,        // lower-case reference
		`<c r="$X$1"><v>5</v></c>`,
		`<c r="Y1" cm="1"><v>5</v></c>`, // another attribute
		`<c  r="Z1"><v>5</v></c>`,       // two spaces
		`<c r = "AA1"><v>5</v></c>`,
		`<c r='AB1'><v>5</v></c>`,
		`<c r="AC1"><v>a&amp;b</v></c>`, // entity
		`<c r="AD1"><v>x]y</v></c>`,
		`<c r="AE1"><v><![CDATA[7]]></v></c>`,
		`<c r="AF1"><v>8</v><f>1+7</f></c>`,
		`<c r="AG1"><f>1+8</f><v>9</v></c>`,
		`<c r="AH1"/>`,
		`<c r="AI1" s="1"/>`,
		`<c r="AJ1"><v>1
2</v></c>`,
		`<c r="AK1"><v>tab	x</v></c>`,
		`<c><v>no ref</v></c>`,
		`<c r="AM1" t="s"><v>1</v> </c>`,
		`<c r="AN1"><v>é</v></c>`,
		`<c r="XFD1"><v>last</v></c>`,
	}
	var rows []string
	for i, c := range cells {
		// The reference's row number is not checked against the row's.
		rows = append(rows, fmt.Sprintf(`<row r="%d">%s<c><v>%d</v></c></row>`, i+1, c, i+1))
	}
	// All cells in one row too, and each alone in a sheet of its own, so
	// that a cell also meets the end of the buffer.
	rows = append(rows, `<row r="100">`+strings.Join(cells, "")+`</row>`)
	sheets := []xlsxtest.Sheet{{Name: "All", XML: xlsxtest.SheetXML(strings.Join(rows, ""))}}
	for i, c := range cells {
		sheets = append(sheets, xlsxtest.Sheet{Name: fmt.Sprintf("S%d", i), XML: xlsxtest.SheetXML(`<row r="1">` + c + `</row>`)})
	}
	data := xlsxtest.Book{Sheets: sheets, SharedStrings: sst, Styles: []byte(xlsxtest.Styles)}.Bytes()
	for _, sh := range sheets {
		fast := readCells(t, data, sh.Name, false)
		general := readCells(t, data, sh.Name, true)
		if !reflect.DeepEqual(fast, general) {
			t.Errorf("sheet %s: fast path read\n%q\ngeneral path read\n%q", sh.Name, fast, general)
		}
	}
}

// readCells returns every value with its flags, and the error, as text.
func readCells(t *testing.T, data []byte, sheet string, slow bool) []string {
	t.Helper()
	w, err := OpenReader(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.slow = slow
	rows, err := w.Rows(context.Background(), sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		for i, v := range rows.Values() {
			out = append(out, fmt.Sprintf("%d/%d %q date=%v text=%v uncached=%v", rows.Row(), i, v, rows.IsDate(i), rows.IsText(i), rows.Uncached(i)))
		}
	}
	if err := rows.Close(); err != nil {
		out = append(out, "error: "+err.Error())
	}
	return out
}
