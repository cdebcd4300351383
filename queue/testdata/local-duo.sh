#!/bin/sh
# Measures what a second core gives two screening processes on this
# machine, without the queue: the ceiling for the two-worker bar.
#
# Two local batches, each with GOMAXPROCS=1, screen the same queries over
# and over (read from a pipe, so they never run out). The second is
# stopped (SIGSTOP) and continued (SIGCONT) in turn, WINDOW seconds each:
# windows with one process running alternate with windows with two. Each
# window's rows/s come from the bytes each process wrote in it
# (/proc/PID/io wchar), which the repeated queries make proportional to
# rows. Each two-process window is compared with the mean of the
# one-process windows either side of it, so that the host's drift (±15%
# from minute to minute on a shared host, which decides any comparison of
# one run with another) falls alike on both sides. Prints each window and
# the median ratio.
#
# Usage (from the repository root):
#   go build -o /tmp/clearance ./cmd/clearance
#   CLEARANCE_BIN=/tmp/clearance queue/testdata/local-duo.sh QUERIES.jsonl [LISTS-DIR]
# WINDOW (seconds, default 4) and PAIRS (default 10) set the windows.
set -eu
in=$1
lists=${2:-../shared/data/lists}
win=${WINDOW:-4}
pairs=${PAIRS:-10}
bin=${CLEARANCE_BIN:-clearance}
dir=$(mktemp -d)

feed() { while cat "$in"; do :; done; }
feed | GOMAXPROCS=1 "$bin" --lists "$lists" batch --in - --format jsonl --out "$dir/a.jsonl" --no-progress 2>"$dir/a.log" &
p1=$!
feed | GOMAXPROCS=1 "$bin" --lists "$lists" batch --in - --format jsonl --out "$dir/b.jsonl" --no-progress 2>"$dir/b.log" &
p2=$!
trap 'kill -CONT $p2 2>/dev/null; kill $p1 $p2 2>/dev/null; rm -rf "$dir"' EXIT

wchar() { awk '/^wchar/ {print $2}' "/proc/$1/io"; }
now() { date +%s.%N; }
# Start-up (loading the lists) ends when both have written output.
until [ "$(wchar $p1)" -gt 1000000 ] && [ "$(wchar $p2)" -gt 1000000 ]; do sleep 0.2; done

kill -STOP $p2
state=one
i=0
while [ $i -lt $((2 * pairs + 1)) ]; do
	a1=$(wchar $p1) a2=$(wchar $p2) t0=$(now)
	sleep "$win"
	b1=$(wchar $p1) b2=$(wchar $p2) t1=$(now)
	echo "$state $a1 $b1 $a2 $b2 $t0 $t1"
	if [ $state = one ]; then kill -CONT $p2; state=two; else kill -STOP $p2; state=one; fi
	i=$((i + 1))
done >"$dir/windows"

awk '
{ s[NR] = $1; t = $7 - $6; r1[NR] = ($3 - $2) / t; r2[NR] = ($5 - $4) / t }
END {
	for (i = 2; i < NR; i++) if (s[i] == "two") {
		solo = (r1[i-1] + r1[i+1]) / 2
		v[n++] = (r1[i] + r2[i]) / solo
		printf "window %d: one process %.1f MB/s, two %.1f MB/s: %.2fx\n", i, solo / 1e6, (r1[i] + r2[i]) / 1e6, v[n-1]
	}
	for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
	printf "two processes / one, GOMAXPROCS=1 each, over %d windows: median %.2fx (lowest %.2f, highest %.2f)\n", n, (n % 2 ? v[(n-1)/2] : (v[n/2-1] + v[n/2]) / 2), v[0], v[n-1]
}' "$dir/windows"
