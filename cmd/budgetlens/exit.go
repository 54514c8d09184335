package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/pipeline"
	"github.com/budgetlens/budgetlens/reports/publish"
)

// Exit codes, as documented in the README's table. Schedulers act on them:
// 1 means "reports written, look at the data notes", 3 can be ignored by
// cron (the other run does the work), 4 and 5 need an operator.
const (
	exitOK       = 0
	exitProblems = 1 // input problems; reports are still written
	exitUsage    = 2 // bad command line or config
	exitLocked   = 3 // another run holds the outputs' lock
	exitWrite    = 4 // an output could not be written
	exitDeliver  = 5 // reports written, but e-mail or chat delivery failed
)

// errProblems marks a command that finished but found input problems.
var errProblems = errors.New("input problems")

// usageError marks a bad command line or config.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// deliveryError marks a run whose reports were written but not all
// delivered; the next run retries.
type deliveryError struct{ err error }

func (e deliveryError) Error() string { return e.err.Error() }
func (e deliveryError) Unwrap() error { return e.err }

// hinted carries the what-to-do-next for an error whose generic hint
// would not fit; message prints it instead.
type hinted struct {
	err  error
	hint string
}

func (e hinted) Error() string { return e.err.Error() }
func (e hinted) Unwrap() error { return e.err }

// withHint attaches hint to err.
func withHint(err error, hint string) error { return hinted{err, hint} }

// errNoConfig marks a config file that does not exist.
var errNoConfig = errors.New("no config file")

// deliveryHandled is a delivery failure already logged: exit 5 without
// printing it again.
type deliveryHandled struct{ err error }

func (e deliveryHandled) Error() string { return e.err.Error() }
func (e deliveryHandled) Unwrap() error { return e.err }

// exitCode maps a command's error to the process exit code.
func exitCode(err error) int {
	var ue usageError
	var de deliveryError
	var we *pipeline.WriteError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, errProblems):
		return exitProblems
	case errors.Is(err, publish.ErrLocked):
		return exitLocked
	case errors.As(err, &we):
		return exitWrite
	case errors.As(err, &de):
		return exitDeliver
	case errors.As(err, &ue):
		return exitUsage
	default:
		return exitUsage
	}
}

// message is the one line printed for err, ending with what to do next;
// "" when the error was already shown (by the flag package) or is no
// error at all (-h, input problems already listed).
func message(err error) string {
	var ue usageError
	if err == nil || errors.Is(err, errHelp) || errors.Is(err, errProblems) {
		return ""
	}
	if errors.As(err, &ue) && ue.err == nil {
		return "" // the flag package printed the problem and the flags
	}
	var dh deliveryHandled
	if errors.As(err, &dh) {
		return "" // logged where it happened
	}
	msg := err.Error()
	var we *pipeline.WriteError
	var de deliveryError
	var h hinted
	switch {
	case errors.As(err, &h):
		return msg + " — " + h.hint
	case errors.Is(err, publish.ErrLocked):
		return msg + " — wait for it to finish; a lock left by a crashed run is taken over automatically (exit 3)"
	case errors.As(err, &we):
		return msg + " — check free space and write permission of the outputs folder, then rerun"
	case errors.As(err, &de):
		return msg + " — the reports are written; fix [deliver] or the server and rerun (undelivered reports are retried), or pass -no-deliver"
	case errors.Is(err, errNoConfig):
		return msg + " — create a starter folder with `budgetlens init DIR`, or pass -config FILE"
	case errors.Is(err, config.ErrConfig):
		return msg + "\nfix the config at the line named above and rerun"
	case errors.Is(err, fs.ErrNotExist):
		return msg + " — create the folder or point [paths] (or -inbox/-out) at the right one"
	case errors.Is(err, context.Canceled):
		return "stopped before finishing; rerun to complete"
	}
	if errors.As(err, &ue) {
		return fmt.Sprintf("%s — run \"budgetlens help\" for the commands and their flags", msg)
	}
	return msg
}
