#!/bin/sh
# Measures the distributed batch against the local one on this machine:
#   local batch, GOMAXPROCS=2 and =1
#   queue, one worker process with GOMAXPROCS=1, then two of them
#   queue, one worker with GOMAXPROCS=2 (the same cores as the local batch)
# Each line gives the rows/s (wall clock: meaningful only on a quiet
# machine) and the CPU every process used after its start-up (loading the
# lists), in CPU-seconds and CPU-µs a row: the local batch, the workers,
# nats-server and the submitter. CPU time is much less disturbed by other
# work on the machine than rows/s. The last lines give the ratios the
# issue's bars are about.
#
# Usage (from the repository root):
#   go build -o /tmp/clearance ./cmd/clearance
#   go build -o /tmp/nats-server github.com/nats-io/nats-server/v2
#   CLEARANCE_BIN=/tmp/clearance NATS_SERVER=/tmp/nats-server \
#     queue/testdata/bench-queue.sh QUERIES.jsonl [LISTS-DIR]
# CHUNK_ROWS sets the submitter's --chunk-rows (4000); PAIRS, below;
# NATS_SCHED=normal runs nats-server in the default scheduling class.
set -eu
in=$1
lists=${2:-../shared/data/lists}
bin=${CLEARANCE_BIN:-clearance}
dir=$(mktemp -d)
port=${PORT:-14333}
url=nats://127.0.0.1:$port
t="/usr/bin/time -f %U+%S"
hz=$(getconf CLK_TCK)

cpu() { awk -F+ '{s+=$1+$2} END {printf "%.2f", s}' "$@"; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }     # user+system CPU of a live process, in ticks
secs() { awk -v t="$1" -v hz="$hz" 'BEGIN {printf "%.2f", t/hz}'; }
perrow() { awk -v s="$1" -v n="$2" 'BEGIN {if (n > 0) printf "%.1f", s*1e6/n; else print "?"}'; }
rate() { grep -o '[0-9]* rows/s' "$1" | grep -o '[0-9]*'; }
rows() { grep -o '[0-9]* rows read' "$1" | grep -o '[0-9]*'; }

. "$(dirname "$0")/nats.sh"
start_nats
trap 'kill $nats 2>/dev/null; rm -rf "$dir"' EXIT
sleep 1

# Start-up: a batch of one row loads the lists as every run below does.
head -n 1 "$in" >"$dir/one.jsonl"
$t -o "$dir/one.cpu" "$bin" --lists "$lists" batch --in "$dir/one.jsonl" --out "$dir/one.out.jsonl" --no-progress 2>/dev/null || true
startup=$(cpu "$dir/one.cpu")
echo "start-up (loading the lists, one row): $startup CPU-s, left out of the figures below"

for procs in 2 1; do
	GOMAXPROCS=$procs $t -o "$dir/local.cpu" "$bin" --lists "$lists" batch --in "$in" --out "$dir/local.jsonl" --no-progress 2>"$dir/local.log" || true
	n=$(rows "$dir/local.log")
	s=$(awk -v a="$(cpu "$dir/local.cpu")" -v b="$startup" 'BEGIN {printf "%.2f", a-b}')
	echo "local batch GOMAXPROCS=$procs: $(rate "$dir/local.log") rows/s, $s CPU-s ($(perrow "$s" "$n") µs a row)"
	eval "local$procs=$(rate "$dir/local.log")"
done

run() { # run NAME PROCS-PER-WORKER WORKERS
	pids=""
	for i in $(seq "$3"); do
		GOMAXPROCS=$2 "$bin" --lists "$lists" worker --queue "$url" --quiet --name "w$i" 2>"$dir/w$i.log" &
		pids="$pids $!"
	done
	for i in $(seq "$3"); do
		until grep -q "worker w$i on" "$dir/w$i.log" 2>/dev/null; do sleep 0.2; done
	done
	w0=0
	for p in $pids; do w0=$((w0 + $(ticks "$p"))); done
	n0=$(ticks $nats)
	rm -f "$dir/sub.start"
	GOMAXPROCS=1 $t -o "$dir/sub.cpu" "$bin" --lists "$lists" batch --in "$in" --out "$dir/$1.jsonl" --queue "$url" --chunk-rows "${CHUNK_ROWS:-4000}" --no-progress 2>"$dir/$1.log" &
	sub=$!
	# The submitter's start-up ends when it prints the job's ID.
	(until grep -q "clearance: job" "$dir/$1.log" 2>/dev/null; do sleep 0.05; done
	 p=$(pgrep -P $sub) && ticks "$p" >"$dir/sub.start") &
	watcher=$!
	wait $sub || true
	wait $watcher 2>/dev/null || true
	n1=$(ticks $nats)
	w1=0
	for p in $pids; do w1=$((w1 + $(ticks "$p"))); done
	for p in $pids; do kill -INT "$p"; done
	wait $pids 2>/dev/null || true
	cmp -s "$dir/$1.jsonl" "$dir/local.jsonl" && same="same output as local" || same="OUTPUT DIFFERS"
	n=$(rows "$dir/$1.log")
	ws=$(secs $((w1 - w0)))
	ns=$(secs $((n1 - n0)))
	ss=$(awk -v a="$(cpu "$dir/sub.cpu")" -v b="$(cat "$dir/sub.start" 2>/dev/null || echo 0)" -v hz="$hz" 'BEGIN {printf "%.2f", a-b/hz}')
	echo "$1: $(rate "$dir/$1.log") rows/s; CPU-s (µs a row): workers $ws ($(perrow "$ws" "$n")), nats-server $ns ($(perrow "$ns" "$n")), submitter $ss ($(perrow "$ss" "$n")); $same"
	last=$(rate "$dir/$1.log")
}
run "queue 1 worker x GOMAXPROCS=1" 1 1
one=$last
run "queue 2 workers x GOMAXPROCS=1" 1 2
two=$last
run "queue 1 worker x GOMAXPROCS=2" 2 1
wide=$last
awk -v one="$one" -v two="$two" -v wide="$wide" -v local="$local2" 'BEGIN {
	printf "ratios (wall clock): 2 workers / 1 = %.2fx (bar 1.8x); queue / local batch on 2 cores: 1 worker x GOMAXPROCS=2 %.0f%%, 2 workers x GOMAXPROCS=1 %.0f%% (bar 85%%)\n", two/one, 100*wide/local, 100*two/local
}'

# PAIRS=K: K more rounds, each of one worker, two workers, the local batch
# on 2 cores and one worker with GOMAXPROCS=2, one after the other, so that
# the machine's drift (±15% from minute to minute on a shared host) falls
# on both sides of each ratio alike; the medians of the K ratios are the
# figures to quote.
if [ "${PAIRS:-0}" -gt 0 ]; then
	rs="" qs=""
	for k in $(seq "$PAIRS"); do
		run "round $k, 1 worker x GOMAXPROCS=1" 1 1
		a=$last
		run "round $k, 2 workers x GOMAXPROCS=1" 1 2
		rs="$rs $(awk -v a="$a" -v b="$last" 'BEGIN {printf "%.3f", b/a}')"
		GOMAXPROCS=2 "$bin" --lists "$lists" batch --in "$in" --out "$dir/local.jsonl" --no-progress 2>"$dir/local.log" || true
		l=$(rate "$dir/local.log")
		run "round $k, 1 worker x GOMAXPROCS=2, local batch $l" 2 1
		qs="$qs $(awk -v a="$l" -v b="$last" 'BEGIN {printf "%.3f", b/a}')"
	done
	median() { tr ' ' '\n' | sort -n | awk -v what="$1" -v bar="$2" 'NF {v[n++] = $1} END {
		printf "%s over %d rounds: median %.2f (lowest %.2f, highest %.2f; bar %s)\n", what, n, (n % 2 ? v[(n-1)/2] : (v[n/2-1] + v[n/2]) / 2), v[0], v[n-1], bar
	}'; }
	echo "$rs" | median "2 workers / 1" 1.8
	echo "$qs" | median "queue (1 worker x GOMAXPROCS=2) / local batch" 0.85
fi
