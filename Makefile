# The project's checks. `make test` is what CI runs (see .ci/run).
STATICCHECK_VERSION ?= v0.8.2
GO ?= go
# What unit tests; TESTFLAGS adds go test flags (-short, -run X).
PKGS ?= ./...
TESTFLAGS ?=

.PHONY: test lint unit bench eval fuzz-short fuzz-long

test: lint unit fuzz-short

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# The unit and integration tests, as go test prints them (a line per
# package, failed tests' output), then a tally and every skipped test with
# its reason (PostgreSQL not reachable, no browser, -short: README "Tests
# that skip"). Fails when go test or a test fails.
unit:
	@tmp=$$(mktemp -d); \
	$(GO) build -o $$tmp/testsummary ./internal/testsummary || exit 1; \
	{ $(GO) test -count=1 -json $(TESTFLAGS) $(PKGS); echo $$? > $$tmp/rc; } | $$tmp/testsummary; sum=$$?; \
	rc=$$(cat $$tmp/rc); rm -rf $$tmp; \
	[ "$$rc" = 0 ] && [ "$$sum" = 0 ]

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./names ./match

eval:
	$(GO) build -o /tmp/clearance-eval ./cmd/clearance
	# batch exits 1 when some row alerted, which the dev set's do; 2 is a failure
	status=0; /tmp/clearance-eval --lists $${CLEARANCE_LISTS:-../shared/data/lists} batch --in $${CLEARANCE_EVAL:-../shared/eval}/dev.jsonl --out /tmp/clearance-dev-results.jsonl --min-score 0.5 --no-progress || status=$$?; [ $$status -le 1 ]
	python3 $${CLEARANCE_EVAL:-../shared/eval}/score.py $${CLEARANCE_EVAL:-../shared/eval}/dev.jsonl /tmp/clearance-dev-results.jsonl

# Fuzz targets, as package:Target, one per word. Add yours here: fuzz-short
# divides FUZZ_BUDGET among them, so the total stays within CI's budget
# however many there are, and fuzz-long runs each for FUZZTIME_LONG.
FUZZ_TARGETS ?= \
	./names:FuzzTokenize \
	.:FuzzParseDOB \
	.:FuzzQueryFields \
	./match:FuzzScreen \
	./server:FuzzScreenAPI \
	./lists/builtin:FuzzDecode \
	./wallet:FuzzParse \
	./country:FuzzCodes \
	./lists/ofac:FuzzParse \
	./lists/un:FuzzParse \
	./lists/eu:FuzzParse \
	./lists/hmt:FuzzParse \
	./lists/fcdo:FuzzParseXML \
	./lists/fcdo:FuzzParseCSV \
	./lists:FuzzParseMeta \
	./batchio:FuzzJSONLReader \
	./batchio:FuzzCSVReader \
	./batchio:FuzzCSVLine \
	./batchio:FuzzAppendResultJSON \
	./batchio:FuzzDecodeFast \
	./hire:FuzzHireRecords
# Seconds of fuzzing shared by all targets in fuzz-short (at least 5 each).
FUZZ_BUDGET ?= 120
FUZZTIME_LONG ?= 10m
# Minimising a failing input is bounded, so a long campaign's time goes to
# finding, not shrinking.
FUZZMINIMIZE ?= 30s

# A fuzz run that ends "context deadline exceeded" without writing a failing
# input to testdata/fuzz is Go's own coordinator racing its deadline on a
# loaded machine (golang/go#75804, fixed in Go 1.27), not a finding: it is
# reported and the run goes on. Anything else that fails, fails.
FUZZ_RUN = dir=$$pkg/testdata/fuzz/$$name; before=$$(ls $$dir 2>/dev/null | wc -l); \
	out=$$($(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $$time -fuzzminimizetime $$minimize $$pkg 2>&1); rc=$$?; \
	if [ $$rc -eq 0 ]; then echo "$$out" | tail -1; \
	elif [ "$$(ls $$dir 2>/dev/null | wc -l)" -eq "$$before" ] && echo "$$out" | grep -q 'context deadline exceeded'; then \
		echo "warning: $$name: Go's fuzz deadline race (golang/go\#75804), no failing input; not a failure"; \
	else echo "$$out"; exit 1; fi

fuzz-short:
	@per=$$(( $(FUZZ_BUDGET) / $(words $(FUZZ_TARGETS)) )); [ $$per -ge 5 ] || per=5; \
	for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; time=$${per}s; minimize=10s; \
		echo "fuzz $$pkg $$name for $$time"; \
		$(FUZZ_RUN); \
	done

fuzz-long:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; time=$(FUZZTIME_LONG); minimize=$(FUZZMINIMIZE); \
		echo "fuzz $$pkg $$name for $$time"; \
		$(FUZZ_RUN); \
	done
