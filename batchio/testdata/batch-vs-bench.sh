#!/bin/sh
# Compares `clearance batch` with `clearance bench` on the same queries, N
# times alternated (the host's speed drifts from minute to minute, so each
# pair is compared, not one run of each). Each line gives bench's
# queries/s and batch's rows/s, batch as a share of bench, and each
# command's CPU-seconds (start-up, loading the lists, included in both).
#
# Usage (from the repository root):
#   go build -o /tmp/clearance ./cmd/clearance
#   CLEARANCE_BIN=/tmp/clearance batchio/testdata/batch-vs-bench.sh QUERIES.jsonl [N] [LISTS-DIR]
set -eu
in=$1
n=${2:-5}
lists=${3:-../shared/data/lists}
bin=${CLEARANCE_BIN:-clearance}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cpu() { tail -n 1 "$1" | awk '{print $1 + $2}'; }
for i in $(seq "$n"); do
	/usr/bin/time -f "%U %S" -o "$dir/bench.cpu" "$bin" --lists "$lists" bench --in "$in" --rounds 1 >"$dir/bench.log" 2>&1
	q=$(awk '/^throughput/ {print $2}' "$dir/bench.log")
	/usr/bin/time -f "%U %S" -o "$dir/batch.cpu" "$bin" --lists "$lists" batch --in "$in" --out "$dir/out.jsonl" --no-progress >"$dir/batch.log" 2>&1 || true
	r=$(grep -o '[0-9]* rows/s' "$dir/batch.log" | head -n 1 | grep -o '[0-9]*')
	echo "bench $q queries/s, batch $r rows/s: $(awk -v q="$q" -v r="$r" 'BEGIN {printf "%.0f%%", 100*r/q}'); CPU-s bench $(cpu "$dir/bench.cpu"), batch $(cpu "$dir/batch.cpu")"
done
