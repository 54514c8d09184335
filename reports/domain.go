package reports

import (
	"fmt"
	"strings"
	"time"
)

// Month is a calendar month. The zero Month is invalid.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the calendar month that contains t.
func MonthOf(t time.Time) Month { return Month{t.Year(), t.Month()} }

// Valid reports whether m names a real month in a plausible year.
func (m Month) Valid() bool { return m.Year >= 1900 && m.Year <= 9999 && m.Month >= 1 && m.Month <= 12 }

// String formats m as "2026-03".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Index returns a number that increases by one per month, for arithmetic.
func (m Month) Index() int { return m.Year*12 + int(m.Month) - 1 }

// MonthFromIndex is the inverse of Month.Index.
func MonthFromIndex(i int) Month { return Month{i / 12, time.Month(i%12 + 1)} }

// Add returns the month n months after m (n may be negative).
func (m Month) Add(n int) Month { return MonthFromIndex(m.Index() + n) }

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool { return m.Index() < o.Index() }

// First returns the first day of m.
func (m Month) First() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC) }

// Last returns the last day of m.
func (m Month) Last() time.Time { return m.First().AddDate(0, 1, -1) }

// Role is what a budget line buys, in the terms of domain.md §1.
type Role string

// The roles of domain.md §1. RoleNone means the role is not known.
const (
	RoleNone          Role = ""
	RoleAwareness     Role = "awareness"
	RoleConsideration Role = "consideration"
	RoleCustomer      Role = "customer"
	RoleTest          Role = "test"
)

// Roles lists the known roles in presentation order.
var Roles = []Role{RoleConsideration, RoleAwareness, RoleCustomer, RoleTest}

// ParseRole maps a role name in English or Chinese (simplified or
// traditional) onto a Role; ok is false for unknown text.
func ParseRole(s string) (Role, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "awareness", "brand", "认知", "認知", "认知贡献", "認知貢獻", "认知贡献渠道", "認知貢獻渠道", "品牌":
		return RoleAwareness, true
	case "consideration", "考虑", "考慮", "考虑贡献", "考慮貢獻", "考虑贡献渠道", "考慮貢獻渠道":
		return RoleConsideration, true
	case "customer", "customer ops", "customer operations", "retention", "客户运营", "客戶運營", "客户", "客戶", "客户运营渠道", "客戶運營渠道":
		return RoleCustomer, true
	case "test", "testing", "experiment", "测试", "測試", "测试渠道", "測試渠道":
		return RoleTest, true
	case "":
		return RoleNone, true
	}
	return RoleNone, false
}

// Source says where a value came from, for error messages and data notes.
type Source struct {
	File  string // base name of the workbook
	Sheet string
	Row   int // 1-based row number in the sheet
}

// LineKey identifies a budget line. Matching of actuals onto budget lines
// is by normalised Category and Channel, and Region when both sides carry one.
type LineKey struct {
	Category string
	Channel  string
	Region   string
}

// BudgetLine is one month of one budget line.
type BudgetLine struct {
	LineKey
	Role    Role
	Project string
	Month   Month
	Amount  Money
	Source  Source
}

// Entry is one line of actual spend from a ledger. Refunds and credit notes
// are negative amounts.
type Entry struct {
	Date     time.Time
	Category string
	Channel  string
	Region   string
	Campaign string
	Vendor   string
	// Comment is the row's note: a comment column (备注, 说明, Comment,
	// Notes), else the ERP memo (摘要); "" when the ledger has neither.
	Comment string
	Amount  Money
	Source  Source
}

// Funnel holds the counts of the funnel stages of domain.md §5 and the
// revenue they closed.
type Funnel struct {
	Leads   int64
	MQL     int64
	SQL     int64
	Opps    int64
	POC     int64
	Won     int64
	Revenue Money
}

// Add returns f + o.
func (f Funnel) Add(o Funnel) Funnel {
	return Funnel{f.Leads + o.Leads, f.MQL + o.MQL, f.SQL + o.SQL, f.Opps + o.Opps, f.POC + o.POC, f.Won + o.Won, f.Revenue + o.Revenue}
}

// IsZero reports whether f has no counts and no revenue.
func (f Funnel) IsZero() bool { return f == Funnel{} }

// FunnelRow is one row of funnel results: a channel in a month.
type FunnelRow struct {
	Month   Month
	Channel string
	Region  string
	Funnel
	Source Source
}

// RowStatus is what the reader did with one input row.
type RowStatus int

// Every input row ends in exactly one of these states.
const (
	RowUsed RowStatus = iota
	RowSkipped
	RowRejected
)

// Severity orders findings and problems.
type Severity string

// Severities, mildest first.
const (
	SevInfo  Severity = "info"
	SevWarn  Severity = "warn"
	SevAlert Severity = "alert"
)

// Rank orders severities: alert 3, warn 2, info 1.
func (s Severity) Rank() int {
	switch s {
	case SevAlert:
		return 3
	case SevWarn:
		return 2
	case SevInfo:
		return 1
	}
	return 0
}

// CellError is a problem with one place in a workbook. It prints as
// "actuals-2026-03.xlsx: 支出明细!E17: "12,3x4" is not an amount"; Cell is
// empty for problems with a whole sheet and Sheet for problems with a file.
type CellError struct {
	File     string
	Sheet    string
	Cell     string // A1 reference, or "" for a whole sheet or row
	Row      int    // 1-based, 0 when not about one row
	Severity Severity
	Err      error
}

func (e *CellError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString(": ")
		b.WriteString(e.Sheet)
		if e.Cell != "" {
			b.WriteString("!")
			b.WriteString(e.Cell)
		} else if e.Row > 0 {
			fmt.Fprintf(&b, " row %d", e.Row)
		}
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *CellError) Unwrap() error { return e.Err }

// FileKind says what a workbook (or sheet) holds.
type FileKind string

// Kinds of input.
const (
	KindBudget     FileKind = "budget"
	KindLedger     FileKind = "ledger"
	KindFunnel     FileKind = "funnel"
	KindCommentary FileKind = "commentary"
	KindUnknown    FileKind = "unknown"
)

// SheetReport accounts for the rows of one sheet.
type SheetReport struct {
	Sheet    string
	Kind     FileKind
	Layout   string // "wide" or "long" for budgets, "" otherwise
	Header   int    // 1-based header row, 0 if none found
	Used     int
	Skipped  int
	Rejected int
	Total    Money      // sum of the amounts of used rows
	First    Month      // earliest month of a used row
	Last     Month      // latest month of a used row
	Skips    SkipCounts // why rows were skipped; adds up to Skipped
	// Refused says, in one line with a hint, why none of the sheet's rows
	// were read (no header, unknown columns, a required column missing);
	// "" when the sheet was read.
	Refused string
}

// SkipCounts says why the skipped rows of a sheet were skipped.
type SkipCounts struct {
	Blank    int // empty rows between data rows
	Title    int // title and note rows above the header
	Subtotal int // subtotal and total rows, cross-checked instead of added
	Heading  int // rows naming only a category, as a group heading
	Note     int // text rows without the values of a data row
	Empty    int // lines whose amounts are all blank
}

// FileReport accounts for one input file: its identity, what was found in
// it and every problem.
type FileReport struct {
	Name      string // base name
	Path      string // as given (not written into reports)
	Size      int64
	SHA256    string
	Modified  time.Time // the file's modification time when it was read; zero if unknown
	Duplicate string    // base name of an identical earlier file, when skipped as a copy
	// Version is the plan version the workbook states itself (a 版本 /
	// Version cell above the header, or the document's version property);
	// "" when it states none.
	Version string
	// Status says whether the file's rows count (see reports/inputs):
	// used (also when ""), superseded by a later version or correction, or
	// duplicate (a byte-identical copy).
	Status InputStatus
	// SupersededBy names the file that replaced this one, or part of it.
	SupersededBy string
	// Decisions are the input decisions about this file, each a sentence
	// in the report's language naming both files (plan versions,
	// corrections); they are warnings, not problems with the file.
	Decisions []string
	// PriorYear is true for a ledger read only as last year's actuals
	// (the prior year, PY, of the fiscal year reported).
	PriorYear bool
	// SetAside is the ledger amount of this file's rows that do not count
	// because a correction replaced the months they fall in.
	SetAside Money
	Sheets   []SheetReport
	Problems []*CellError // rejected rows, cross-check warnings, file errors
	Err      error        // the file could not be read at all
}

// InputStatus is what a run did with an input file as a whole.
type InputStatus string

// Input statuses, as summary.json's sources name them.
const (
	StatusUsed       InputStatus = "used"
	StatusSuperseded InputStatus = "superseded"
	StatusDuplicate  InputStatus = "duplicate"
)

// Rows returns the used, skipped and rejected row counts over all sheets.
func (f *FileReport) Rows() (used, skipped, rejected int) {
	for _, s := range f.Sheets {
		used += s.Used
		skipped += s.Skipped
		rejected += s.Rejected
	}
	return
}

// InputProblems counts what makes a run's inputs "have problems" (exit 1):
// a file that could not be read, and every warning or rejection (a row left
// out, a figure that does not add up, a column not read). Info notes — a
// decision recorded out loud, such as the year taken from a sheet's name,
// month columns placed in fiscal order or a hidden sheet left unread as
// Excel shows it — are not counted: they stay in the data notes and the log,
// so a well-formed workbook does not fail a scheduled run every month.
func (f *FileReport) InputProblems() int {
	n := 0
	if f.Err != nil {
		n++
	}
	for _, p := range f.Problems {
		if p.Severity != SevInfo {
			n++
		}
	}
	return n
}

// Notes counts the info-level problems: decisions the reader made and
// recorded, which do not change the exit code.
func (f *FileReport) Notes() int {
	n := 0
	for _, p := range f.Problems {
		if p.Severity == SevInfo {
			n++
		}
	}
	return n
}

// Flusher is a Sink that holds some of what it is given back, to add it
// up faster (see Tally); a reader calls Flush when it has read a file.
type Flusher interface {
	Flush()
}

// Sink receives the rows a reader accepts. Readers call it in sheet order;
// implementations aggregate instead of keeping rows, so memory stays flat.
type Sink interface {
	Budget(BudgetLine)
	Actual(Entry)
	FunnelRow(FunnelRow)
}
