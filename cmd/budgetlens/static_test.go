package main

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestStaticBinary builds the binary the Dockerfile builds (CGO_ENABLED=0,
// -trimpath, stripped) and runs it on the samples from an empty folder: it
// must be a static executable (no ELF interpreter, nothing dynamic) that
// needs no file besides its config and inputs — templates, strings and
// the font are embedded.
func TestStaticBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary:", err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "budgetlens")
	build := exec.Command(goTool, "build", "-trimpath", "-ldflags", "-s -w -X main.version=v0.0.0-static", "-o", bin, "./cmd/budgetlens")
	build.Dir = filepath.Join("..", "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	if runtime.GOOS == "linux" {
		f, err := elf.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
				t.Errorf("the binary is dynamically linked (%v): the scratch image could not run it", p.Type)
			}
		}
		f.Close()
	}

	inbox, err := filepath.Abs(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(tmp, "work")
	os.Mkdir(work, 0o755)
	cfg := writeConfig(t, work, inbox, filepath.Join(work, "outputs"), "zh-CN")
	cmd := exec.Command(bin, "run", "-config", cfg)
	cmd.Dir = work // nothing of the repository around it
	cmd.Env = []string{"SOURCE_DATE_EPOCH=1790000000", "TZ=UTC"}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("static binary run: %v\n%s", err, out)
	}
	for _, name := range []string{"report-2026-03.pdf", "report-2026-Q1.html", "report-2026.pdf", "index.html", "summary.json", "manifest.json"} {
		if info, err := os.Stat(filepath.Join(work, "outputs", name)); err != nil || info.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	v, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.Contains(string(v), "v0.0.0-static") {
		t.Errorf("version: %q %v", v, err)
	}
}
