# The project's checks. `make test` is what CI runs (see .ci/run).
STATICCHECK_VERSION ?= v0.8.2
GO ?= go

.PHONY: test lint unit bench eval fuzz-short fuzz-long

test: lint unit fuzz-short

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
	./lists/hmt:FuzzParse
# Seconds of fuzzing shared by all targets in fuzz-short (at least 5 each).
FUZZ_BUDGET ?= 120
FUZZTIME_LONG ?= 10m
# Minimising a failing input is bounded, so a long campaign's time goes to
# finding, not shrinking.
FUZZMINIMIZE ?= 30s

fuzz-short:
	@per=$$(( $(FUZZ_BUDGET) / $(words $(FUZZ_TARGETS)) )); [ $$per -ge 5 ] || per=5; \
	for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name for $${per}s"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $${per}s -fuzzminimizetime 10s $$pkg || exit 1; \
	done

fuzz-long:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name for $(FUZZTIME_LONG)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME_LONG) -fuzzminimizetime $(FUZZMINIMIZE) $$pkg || exit 1; \
	done

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

unit:
	$(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./names ./match

eval:
	$(GO) run ./cmd/clearance --lists $${CLEARANCE_LISTS:-../shared/data/lists} batch --in $${CLEARANCE_EVAL:-../shared/eval}/dev.jsonl --out /tmp/clearance-dev-results.jsonl --min-score 0.5 --no-progress
	python3 $${CLEARANCE_EVAL:-../shared/eval}/score.py $${CLEARANCE_EVAL:-../shared/eval}/dev.jsonl /tmp/clearance-dev-results.jsonl
