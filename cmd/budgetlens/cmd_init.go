package main

import (
	"context"
	"fmt"
	"io"

	"github.com/budgetlens/budgetlens/reports/starter"
)

type initOptions struct {
	dir      string
	company  string
	language string
	year     int
}

func cmdInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o initOptions
	fs := newFlagSet("init", stderr)
	fs.StringVar(&o.company, "company", "Example Co", "company name written into config.toml")
	fs.StringVar(&o.language, "lang", "en", "report language: en or zh-CN")
	// -language too: it is the config key's name, and what users type.
	fs.StringVar(&o.language, "language", "en", "the same as -lang")
	fs.IntVar(&o.year, "year", clock().Year(), "year of the template workbooks")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{withHint(fmt.Errorf("init needs exactly one DIR, got %d", len(pos)), "usage: budgetlens init [-company NAME] [-lang en|zh-CN] [-year YYYY] DIR")}
	}
	o.dir = pos[0]
	return runInit(o, stdout)
}

func runInit(o initOptions, stdout io.Writer) error {
	written, err := starter.Create(o.dir, o.company, o.language, o.year)
	if err != nil {
		return usageError{withHint(fmt.Errorf("init %s: %w", o.dir, err), "choose a new or empty folder")}
	}
	for _, p := range written {
		fmt.Fprintln(stdout, "created", p)
	}
	fmt.Fprintf(stdout, "next: edit %s/config.toml, put workbooks into %s/inbox, then run: budgetlens run -config %s/config.toml\n", o.dir, o.dir, o.dir)
	return nil
}
