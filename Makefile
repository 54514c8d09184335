# budgetlens — see README.md. Needs only Go; test tools (poppler-utils for
# PDF text checks, chromium for the browser test) are installed from Debian
# by `make test-deps` when missing and this is a root shell with apt-get,
# otherwise the tests that need them skip.

GO        ?= go
BIN       := bin/budgetlens
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
CONFIG    ?= config.toml
FUZZTIME  ?= 30s

.PHONY: all build run test test-deps test-mailpit vet lint samples bench fuzz clean

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# A real SMTP server with an HTTP API for the e-mail delivery tests.
MAILPIT     := github.com/axllent/mailpit@v1.33.1

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/budgetlens

# Build, then generate every report from sample-inputs/ into outputs/.
# Exit code 1 (input problems) still leaves the reports written.
run: build
	./$(BIN) run -config $(CONFIG)

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd reports templates)" || { echo "gofmt needed:"; gofmt -l cmd reports templates; exit 1; }

test: test-deps test-mailpit vet lint
	$(GO) test -race -count=1 -timeout 20m ./...

# staticcheck, pinned; installed from the Go module proxy into bin/. If it
# cannot be installed (no proxy), say so and go on: vet and the tests
# still run. Findings fail the build.
lint:
	@if GOBIN=$(CURDIR)/bin $(GO) install $(STATICCHECK) 2>/dev/null; then \
	  ./bin/staticcheck ./...; \
	else echo "staticcheck could not be installed; skipping lint"; fi

# Mailpit, pinned, installed from the Go module proxy into bin/ once (it
# takes a few minutes to build). Without it the delivery end-to-end test
# skips with a message.
test-mailpit:
	@test -x bin/mailpit || GOBIN=$(CURDIR)/bin $(GO) install $(MAILPIT) 2>/dev/null \
	  || echo "mailpit could not be installed; the e-mail delivery tests will skip"

# Install the Debian packages the tests use, if we can; never fail on it.
test-deps:
	@missing=""; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing test tools:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null) \
	      || echo "could not install$$missing; the tests that need them will skip"; \
	  else echo "missing$$missing (not root or no apt-get); the tests that need them will skip"; fi; \
	fi

# Regenerate sample-inputs/ byte-for-byte from the committed generator.
samples:
	$(GO) run ./cmd/gensamples -out sample-inputs

# Benchmarks: Go micro-benchmarks, then the ledger benchmark: generated
# 10k/100k/1M-row ledgers (in .cache/bench/) measured against the unzip
# floor, the reader alone and `budgetlens run` end to end, and the group
# fan-out (BENCH_FANOUT units x rows, unit runs then consolidate). Limit
# the sizes with BENCH_SIZES=10000,100000 and BENCH_LAYOUTS=finance; skip
# the fan-out with BENCH_FANOUT=.
BENCH_FANOUT ?= 50x100000
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./reports/...
	$(GO) run ./cmd/benchledger -bin $(BIN) -fanout '$(BENCH_FANOUT)'

# Longer fuzzing of every fuzz target, FUZZTIME each.
fuzz:
	@for pkg in $$($(GO) list ./reports/...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin
	find outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
