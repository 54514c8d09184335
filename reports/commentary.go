package reports

// MaxCommentaryRunes bounds the text kept of one commentary row: a note
// beside a variance, not a document. The reader cuts longer cells at the
// same length, with a warning.
const MaxCommentaryRunes = 1000

// MaxCommentary bounds the commentary rows read from one file, so a
// hostile commentary sheet of a million rows cannot grow the Book; the
// reader warns when a file goes beyond and rejects the rest.
const MaxCommentary = 5000

// Commentary is one row of a commentary sheet (Period | Line | Comment):
// what a person says explains a line's variance in a period. The line is
// matched to budget lines, categories and channels only when the reports
// are built (see analysis.Commentary), when every budget is known.
type Commentary struct {
	// Period is the month, fiscal quarter or fiscal year the comment is
	// about.
	Period Period
	// Line is the line as written in a Line (or Project) column: a
	// category or channel name. Category and Channel are set instead
	// when the sheet names them in columns of their own.
	Line              string
	Category, Channel string
	Text              string
	Source            Source
	// PeriodCell and LineCell name the cells warnings point at ("A5").
	PeriodCell, LineCell string
}

// Subject is the line as the commentary row names it: "Events / Trade
// show", "Trade show".
func (c Commentary) Subject() string {
	if c.Line != "" {
		return c.Line
	}
	switch {
	case c.Category != "" && c.Channel != "":
		return c.Category + " / " + c.Channel
	case c.Channel != "":
		return c.Channel
	}
	return c.Category
}

// CommentSink is implemented by sinks that keep commentary rows. Readers
// ask for it once per commentary sheet, so Sink stays as it is and ledger
// rows cost nothing more.
type CommentSink interface {
	Comment(Commentary)
}

// Comment keeps one commentary row.
func (b *Book) Comment(c Commentary) {
	c.Text = clipRunes(c.Text, MaxCommentaryRunes)
	b.Comments = append(b.Comments, c)
}

// LineComment is a commentary row matched to one line of a report: it is
// shown beside that line's variance.
type LineComment struct {
	LineKey
	Unbudgeted bool
	// Whole is set when the comment names a category: it is about the
	// category as a whole (LineKey holds the category only).
	Whole bool
	// Period is the comment's own period; in a quarter or year report a
	// month's comment is shown with its month.
	Period Period
	Text   string
	Source Source
}
