package workbook

import (
	"context"
	"errors"

	"github.com/budgetlens/budgetlens/reports/xlsxstream"
)

// The reader takes its rows from reports/xlsxstream, a streaming worksheet
// scanner over archive/zip that does not go through encoding/xml: on a
// million-row ledger it reads at the speed of unzip where excelize's Rows
// iterator is fifteen times slower. excelize stays the reference: the
// differential test (stream_diff_test.go) requires both to give identical
// cell values over testdata/ and the POI corpus; package excel writes
// every xlsx with it.

// rowIterator is the shape of a sheet's rows the sheet reader consumes.
type rowIterator interface {
	Next() bool
	Columns() ([]string, error)
	UncachedCols() []int // formulas without a cached value in the current row
	// IsText and IsDate tell, for a column of the current row, whether its
	// cell holds text and whether it is a number with a date format.
	IsText(col int) bool
	IsDate(col int) bool
	Error() error
	Close() error
}

// streamBook opens the sheets of one workbook for the sheet reader.
type streamBook struct {
	ctx context.Context
	wb  *xlsxstream.Workbook
}

func (b streamBook) Rows(name string) (rowIterator, error) {
	rows, err := b.wb.Rows(b.ctx, name)
	if err != nil {
		return nil, err
	}
	// The sheet reader keeps no row past the next but the few above the
	// header, which it copies (readSheet).
	rows.ReuseValues()
	return streamRows{rows}, nil
}

type streamRows struct{ r *xlsxstream.Rows }

func (s streamRows) Next() bool                 { return s.r.Next() }
func (s streamRows) Columns() ([]string, error) { return s.r.Values(), nil }
func (s streamRows) UncachedCols() []int        { return s.r.UncachedCols() }
func (s streamRows) IsText(col int) bool        { return s.r.IsText(col) }
func (s streamRows) IsDate(col int) bool        { return s.r.IsDate(col) }
func (s streamRows) Error() error               { return s.r.Err() }
func (s streamRows) Close() error               { return s.r.Close() }

// streamLimits bounds what xlsxstream holds in memory: the shared strings
// and the small parts read whole count against MaxUnzipSize; sheets are
// streamed, so they may be larger (a million-row ledger unpacks to ~400 MB)
// and are bounded by row and column counts and a total of 4 GiB instead.
func streamLimits(opt Options) xlsxstream.Limits {
	return xlsxstream.Limits{MaxSharedStrings: opt.MaxUnzipSize, MaxPartSize: 2 << 30, MaxTotalSize: 4 << 30}
}

func isStreamTooLarge(err error) bool { return errors.Is(err, xlsxstream.ErrTooLarge) }
