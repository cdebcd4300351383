#!/bin/sh
# Measures the two-worker bar (two worker processes with GOMAXPROCS=1
# against one) with the host's drift cancelled as far as it can be: the
# same nats-server and the same two workers serve every job, and each
# round runs one job with the second worker stopped (SIGSTOP, after its
# pending pull requests have expired, so that it holds no chunk) and one
# with both, in alternating order. A round takes some 20 s on 100,000
# rows, against some 70 s for a round of bench-queue.sh, which starts
# every process afresh: the host's speed, which drifts by ±15% from one
# minute to the next here, moves less within a round. Prints each
# round's rows/s and ratio, then the median and quartiles of the ratios.
#
# Usage (from the repository root):
#   go build -o /tmp/clearance ./cmd/clearance
#   go build -o /tmp/nats-server github.com/nats-io/nats-server/v2
#   CLEARANCE_BIN=/tmp/clearance NATS_SERVER=/tmp/nats-server \
#     queue/testdata/two-vs-one.sh QUERIES.jsonl ROUNDS [LISTS-DIR]
# NATS_SCHED=normal runs nats-server in the default scheduling class
# (default: SCHED_BATCH, as README's deployment section advises where it
# shares cores with workers).
set -eu
in=$1
rounds=$2
lists=${3:-../shared/data/lists}
bin=${CLEARANCE_BIN:-clearance}
dir=$(mktemp -d)
port=${PORT:-14334}
url=nats://127.0.0.1:$port
. "$(dirname "$0")/nats.sh"
start_nats
w1="" w2=""
trap 'kill -CONT $w2 2>/dev/null; kill -INT $w1 $w2 2>/dev/null; kill $nats 2>/dev/null; wait; rm -rf "$dir"' EXIT
sleep 1
GOMAXPROCS=1 "$bin" --lists "$lists" worker --queue "$url" --quiet --name w1 2>"$dir/w1.log" &
w1=$!
GOMAXPROCS=1 "$bin" --lists "$lists" worker --queue "$url" --quiet --name w2 2>"$dir/w2.log" &
w2=$!
for i in 1 2; do
	until grep -q "worker w$i on" "$dir/w$i.log" 2>/dev/null; do sleep 0.2; done
done
job() { # prints the job's rows/s
	rm -f "$dir/out.jsonl.checkpoint"
	GOMAXPROCS=1 "$bin" --lists "$lists" batch --in "$in" --out "$dir/out.jsonl" --queue "$url" --no-progress 2>"$dir/job.log" || true
	grep -q "0 failed" "$dir/job.log" || { cat "$dir/job.log" >&2; exit 1; }
	grep -o '[0-9]* rows/s' "$dir/job.log" | grep -o '[0-9]*'
}
one() { # the worker pulls for 2 s at a time: wait those out before the job
	kill -STOP $w2
	sleep 3
	r=$(job)
	kill -CONT $w2
	echo "$r"
}
two() { sleep 0.5; job; }
job >/dev/null # warm-up: both workers' first chunks
rs=""
for k in $(seq "$rounds"); do
	if [ $((k % 2)) = 1 ]; then a=$(one); b=$(two); else b=$(two); a=$(one); fi
	r=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b/a}')
	echo "round $k: 1 worker $a rows/s, 2 workers $b rows/s: ${r}x"
	rs="$rs $r"
done
echo "$rs" | tr ' ' '\n' | sort -n | awk 'NF {v[n++] = $1} END {
	printf "2 workers / 1 over %d rounds: median %.2f (quartiles %.2f and %.2f; lowest %.2f, highest %.2f; bar 1.8)\n", n, (n % 2 ? v[(n-1)/2] : (v[n/2-1] + v[n/2]) / 2), v[int(n/4)], v[int(3*n/4)], v[0], v[n-1]
}'
