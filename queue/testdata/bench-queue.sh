#!/bin/sh
# Measures the distributed batch against the local one on this machine:
#   local batch, GOMAXPROCS=2 and =1
#   queue, one worker process with GOMAXPROCS=1, then two of them
#   queue, one worker with GOMAXPROCS=2 (the same cores as the local batch)
# Each line gives the submitter's rows/s and the CPU seconds every process
# used (workers, nats-server, submitter).
#
# Usage (from the repository root):
#   go build -o /tmp/clearance ./cmd/clearance
#   go build -o /tmp/nats-server github.com/nats-io/nats-server/v2
#   CLEARANCE_BIN=/tmp/clearance NATS_SERVER=/tmp/nats-server \
#     queue/testdata/bench-queue.sh QUERIES.jsonl [LISTS-DIR]
set -eu
in=$1
lists=${2:-../shared/data/lists}
bin=${CLEARANCE_BIN:-clearance}
natsd=${NATS_SERVER:-nats-server}
dir=$(mktemp -d)
port=${PORT:-14333}
url=nats://127.0.0.1:$port
t="/usr/bin/time -f %U+%S"

cpu() { awk -F+ '{s+=$1+$2} END {printf "%.1f", s}' "$@"; }

"$natsd" -js -sd "$dir/js" -a 127.0.0.1 -p "$port" 2>"$dir/nats.log" &
nats=$!
trap 'kill $nats 2>/dev/null; rm -rf "$dir"' EXIT
sleep 1

for procs in 2 1; do
	GOMAXPROCS=$procs $t -o "$dir/local.cpu" "$bin" --lists "$lists" batch --in "$in" --out "$dir/local.jsonl" --no-progress 2>"$dir/local.log" || true
	echo "local batch GOMAXPROCS=$procs: $(grep -o '[0-9]* rows/s' "$dir/local.log"), $(cpu "$dir/local.cpu") CPU-s"
done

run() { # run NAME PROCS-PER-WORKER WORKERS
	pids=""
	for i in $(seq "$3"); do
		GOMAXPROCS=$2 $t -o "$dir/w$i.cpu" "$bin" --lists "$lists" worker --queue "$url" --quiet --name "w$i" 2>"$dir/w$i.log" &
		pids="$pids $!"
	done
	for i in $(seq "$3"); do
		until grep -q "worker w$i on" "$dir/w$i.log" 2>/dev/null; do sleep 0.2; done
	done
	before=$(ps -o cputimes= -p $nats)
	GOMAXPROCS=1 $t -o "$dir/sub.cpu" "$bin" --lists "$lists" batch --in "$in" --out "$dir/$1.jsonl" --queue "$url" --no-progress 2>"$dir/$1.log" || true
	after=$(ps -o cputimes= -p $nats)
	for p in $pids; do pkill -INT -P "$p"; done # the worker under time
	wait $pids 2>/dev/null || true
	cmp -s "$dir/$1.jsonl" "$dir/local.jsonl" && same="same output as local" || same="OUTPUT DIFFERS"
	echo "$1: $(grep -o '[0-9]* rows/s' "$dir/$1.log"), workers $(cpu "$dir"/w*.cpu) CPU-s, submitter $(cpu "$dir/sub.cpu") CPU-s, nats-server $((after - before)) CPU-s; $same"
	rm -f "$dir"/w*.cpu
}
run "queue 1 worker x GOMAXPROCS=1" 1 1
run "queue 2 workers x GOMAXPROCS=1" 1 2
run "queue 1 worker x GOMAXPROCS=2" 2 1
