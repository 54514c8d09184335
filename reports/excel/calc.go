package excel

import (
	"errors"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Calculator calculates the formulas of one workbook that was saved
// without their values (openpyxl, ERP exporters and scripts store only
// "=D2*2"). Bounding how many cells and how large a workbook is worth a
// calculation is the caller's job (package workbook); Calculator only
// opens the file with excelize and evaluates.
type Calculator struct {
	f *excelize.File
}

// Limits bound what OpenCalculator unpacks: the whole file and each sheet's XML.
type Limits struct {
	MaxUnzip int64 // total unpacked size; 0 = excelize's default
	MaxXML   int64 // unpacked size of one sheet's XML held in memory; 0 = excelize's default
}

// OpenCalculator opens the workbook at path for calculation.
func OpenCalculator(path string, lim Limits) (*Calculator, error) {
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: lim.MaxUnzip, UnzipXMLSizeLimit: lim.MaxXML})
	if err != nil {
		return nil, err
	}
	return &Calculator{f: f}, nil
}

// Calc returns the value of the formula in cell (A1 reference) of sheet,
// as its raw text, and the formula itself. An error value the formula
// evaluates to (#DIV/0!, #VALUE!, #REF!) is returned as an error.
func (c *Calculator) Calc(sheet, cell string) (val, formula string, err error) {
	formula, _ = c.f.GetCellFormula(sheet, cell)
	val, err = c.f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err == nil && strings.HasPrefix(val, "#") {
		err = errors.New(val)
	}
	if err != nil {
		return "", formula, err
	}
	return val, formula, nil
}

// Close releases the workbook.
func (c *Calculator) Close() error {
	return c.f.Close()
}
