package main

import (
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=…" (make
// build does). A binary made by `go install …@v1.2.3` has no ldflags; its
// version comes from the module's build info instead.
var version = "dev"

// versionString returns the version with the VCS revision when known:
// "v1.2.3", "v1.2.3 (rev 0123abcd…)", "dev (rev 0123abcd, modified)".
func versionString() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	return versionFrom(version, bi)
}

func versionFrom(stamped string, bi *debug.BuildInfo) string {
	v := stamped
	if (v == "" || v == "dev") && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if v == "" {
		v = "dev"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		return v + " (rev " + rev + ", modified)"
	}
	return v + " (rev " + rev + ")"
}
