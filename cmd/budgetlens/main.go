// Command budgetlens turns a marketing team's budget and actuals workbooks
// into PDF and HTML reports per month, quarter and fiscal year.
//
// Usage:
//
//	budgetlens run   [-config FILE] [-inbox DIR] [-out DIR] [-period ID] [-force] [-v]
//	budgetlens check [-config FILE] FILE…
//	budgetlens watch [-config FILE] [-once] [-v]
//	budgetlens init  [-company NAME] [-lang en|zh-CN] [-year YYYY] DIR
//	budgetlens version
//
// Exit codes: 0 success, 1 input problems (reports are still written for
// everything readable), 2 usage or config errors (and any other failure).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit codes, as documented in the README.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errProblems marks a command that finished but found input problems.
var errProblems = errors.New("input problems")

// usageError marks a bad command line or config.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

const usage = `budgetlens turns budget and actuals workbooks into PDF and HTML reports.

Usage:
  budgetlens run   [-config FILE] [-inbox DIR] [-out DIR] [-period ID] [-force] [-v]
  budgetlens check [-config FILE] FILE...
  budgetlens watch [-config FILE] [-once] [-v]
  budgetlens init  [-company NAME] [-lang en|zh-CN] [-year YYYY] DIR
  budgetlens version

Run "budgetlens COMMAND -h" for a command's flags.
Exit codes: 0 success, 1 input problems, 2 usage or config errors.
`

// run is main without the process: the end-to-end tests call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "run":
		err = cmdRun(ctx, args[1:], stdout, stderr)
	case "check":
		err = cmdCheck(ctx, args[1:], stdout, stderr)
	case "watch":
		err = cmdWatch(ctx, args[1:], stdout, stderr)
	case "init":
		err = cmdInit(ctx, args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "budgetlens", version)
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "budgetlens: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errProblems):
		return exitProblems
	case errors.As(err, &ue):
		if ue.err != nil && !errors.Is(ue.err, errHelp) {
			fmt.Fprintln(stderr, "budgetlens:", ue.err)
		}
		if errors.Is(ue.err, errHelp) {
			return exitOK
		}
		return exitUsage
	default:
		fmt.Fprintln(stderr, "budgetlens:", err)
		return exitUsage
	}
}
