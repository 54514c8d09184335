// Command budgetlens turns a marketing team's budget and actuals workbooks
// into PDF and HTML reports per month, quarter and fiscal year.
//
// Usage:
//
//	budgetlens run   [-config FILE] [-inbox DIR] [-out DIR] [-period ID] [-force] [-no-deliver] [-log text|json] [-v]
//	budgetlens check [-config FILE] FILE|FOLDER…
//	budgetlens watch [-config FILE] [-once] [-no-deliver] [-log text|json] [-v]
//	budgetlens init  [-company NAME] [-lang en|zh-CN] [-year YYYY] DIR
//	budgetlens consolidate [-config group.toml] [-out DIR] [-force] [-v]
//	budgetlens deliver [-config FILE] [-to ADDRESS] [-log text|json] [-v]   (resend the latest reports)
//	budgetlens version
//
// Exit codes: 0 success, 1 input problems (reports are still written for
// everything readable), 2 usage or config errors, 3 another run holds the
// lock, 4 a write failed, 5 delivery failed (see exit.go).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `budgetlens turns budget and actuals workbooks into PDF and HTML reports.

Usage:
  budgetlens run   [-config FILE] [-inbox DIR] [-out DIR] [-period ID] [-force] [-no-deliver] [-log text|json] [-v]
  budgetlens check [-config FILE] FILE|FOLDER...
  budgetlens watch [-config FILE] [-once] [-no-deliver] [-log text|json] [-v]
  budgetlens init  [-company NAME] [-lang en|zh-CN] [-year YYYY] DIR
  budgetlens consolidate [-config group.toml] [-out DIR] [-force] [-v]
  budgetlens deliver [-config FILE] [-to ADDRESS] [-log text|json] [-v]   (resend the latest reports)
  budgetlens version

Run "budgetlens COMMAND -h" for a command's flags.
Exit codes: 0 success, 1 input problems (reports written), 2 usage or config
errors, 3 another run holds the lock, 4 a write failed, 5 delivery failed.
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
	case "consolidate":
		err = cmdConsolidate(ctx, args[1:], stdout, stderr)
	case "deliver":
		err = cmdDeliver(ctx, args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "budgetlens", versionString())
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "budgetlens: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	if msg := message(err); msg != "" {
		fmt.Fprintln(stderr, "budgetlens:", msg)
	}
	return exitCode(err)
}
