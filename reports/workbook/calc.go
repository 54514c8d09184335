package workbook

import (
	"errors"

	"github.com/budgetlens/budgetlens/reports/excel"
)

// Formulas without a cached value. Excel stores the value of every
// formula beside it; openpyxl, many ERP exporters and scripts store only
// the formula ("=D2*2"), and a reader of values sees an empty cell. Such a
// cell is calculated with excelize through package excel (arithmetic, SUM and the other
// functions budgets use, referenced formulas in turn), and when that is
// not possible the row is rejected naming the cell: never read as 0 or as
// "empty".
//
// The stream reader does not keep a sheet in memory, so excelize opens the
// workbook on the first such cell, and only small workbooks: a file whose
// sheets unpack to more than maxCalcXML, or more than maxCalcCells such
// cells, is refused cell by cell instead.
const (
	maxCalcXML   = xmlInMemory
	maxCalcCells = 20_000
)

// calculator evaluates the formulas of one workbook, opening it with
// excel.OpenCalculator on first use, within the bounds above.
type calculator struct {
	path    string
	xmlSize int64 // total unpacked size of the worksheets
	f       *excel.Calculator
	err     error // why the workbook cannot be opened for calculation
	n       int   // cells evaluated
}

// errCalcLimit says a formula was not calculated because of a bound.
var errCalcLimit = errors.New("calculation limit")

// value returns the value of the formula in cell of sheet and its text.
func (c *calculator) value(sheet, cell string, maxUnzip int64) (val, formula string, err error) {
	if c.xmlSize > maxCalcXML || c.n >= maxCalcCells {
		return "", "", errCalcLimit
	}
	c.n++
	if c.f == nil && c.err == nil {
		c.f, c.err = excel.OpenCalculator(c.path, excel.Limits{MaxUnzip: maxUnzip, MaxXML: maxCalcXML})
	}
	if c.err != nil {
		return "", "", c.err
	}
	return c.f.Calc(sheet, cell) // #DIV/0!, #VALUE!, #REF! come back as errors
}

func (c *calculator) close() {
	if c.f != nil {
		c.f.Close()
	}
}

// calcCells replaces the formulas without a cached value in cells (columns
// cols) by their values. The row stays as it came when there is nothing
// to calculate. A formula that cannot be calculated is remembered in
// sr.uncalc, so that the row is rejected if the sheet reads that column.
func (sr *sheetReader) calcCells(rowNo int, cells []string, cols []int) []string {
	out := append([]string(nil), cells...)
	for _, col := range cols {
		cell := cellName(col+1, rowNo)
		v, formula, err := sr.calc.value(sr.sheet, cell, sr.opt.MaxUnzipSize)
		if err == nil {
			out[col] = v
			continue
		}
		if sr.uncalc == nil {
			sr.uncalc = map[int]string{}
		}
		switch {
		case errors.Is(err, errCalcLimit):
			sr.uncalc[col] = sr.lang.T("workbook.err.formula_limit", "cells", maxCalcCells, "size", byteSize(maxCalcXML))
		case formula != "":
			sr.uncalc[col] = sr.lang.T("workbook.err.formula", "formula", truncRunes(formula, 100), "err", oneLine(err.Error()))
		default:
			sr.uncalc[col] = sr.lang.T("workbook.err.formula_open", "err", oneLine(err.Error()))
		}
	}
	return out
}

// readCols keeps of cols those the sheet reads once its header is known
// (all of them above it): a formula in a column nobody reads is not worth
// a calculation, nor a place under maxCalcCells.
func (sr *sheetReader) readCols(cols []int) []int {
	if len(cols) == 0 || sr.h == nil {
		return cols
	}
	out := cols[:0]
	for _, i := range cols {
		for _, c := range sr.h.cols {
			if c.index == i && !c.noteOnly() {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// rejectUncalculated rejects the current row, naming the cell, when a
// column the sheet reads holds a formula that could not be calculated.
func (sr *sheetReader) rejectUncalculated(rowNo int) bool {
	if len(sr.uncalc) == 0 {
		return false
	}
	for _, c := range sr.h.cols {
		if msg, ok := sr.uncalc[c.index]; ok && !c.noteOnly() {
			sr.bad(rowNo, c.index, msg)
		}
	}
	return sr.rowBad
}

// noteOnly reports whether a column is free text read only as a note (the
// comment column): a formula there that cannot be calculated costs the
// note, never the row.
func (c column) noteOnly() bool { return c.kind == colField && c.field == "comment" }
