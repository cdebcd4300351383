# The project's checks. `make test` is what CI runs (see .ci/run).
STATICCHECK_VERSION ?= v0.8.2
GO ?= go

.PHONY: test lint unit bench eval

test: lint unit

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
	$(GO) build -o /tmp/clearance-eval ./cmd/clearance
	# batch exits 1 when some row alerted, which the dev set's do; 2 is a failure
	status=0; /tmp/clearance-eval --lists $${CLEARANCE_LISTS:-../shared/data/lists} batch --in $${CLEARANCE_EVAL:-../shared/eval}/dev.jsonl --out /tmp/clearance-dev-results.jsonl --min-score 0.5 --no-progress || status=$$?; [ $$status -le 1 ]
	python3 $${CLEARANCE_EVAL:-../shared/eval}/score.py $${CLEARANCE_EVAL:-../shared/eval}/dev.jsonl /tmp/clearance-dev-results.jsonl
