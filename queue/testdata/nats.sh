# Sourced by bench-queue.sh and two-vs-one.sh: start_nats starts
# nats-server ($NATS_SERVER) with JetStream storing in $dir/js, on
# 127.0.0.1:$port, and leaves its PID in $nats.
#
# nats-server runs in SCHED_BATCH (NATS_SCHED=batch, the default, when
# chrt is there), as README's deployment section advises where it shares
# cores with workers: its wake-ups then stop preempting them. The
# submitter and the workers put themselves in that class.
# NATS_SCHED=normal leaves it in the default class.
start_nats() {
	sched=""
	if [ "${NATS_SCHED:-batch}" = batch ] && command -v chrt >/dev/null; then
		sched="chrt -b 0"
	fi
	echo "nats-server: ${sched:-default scheduling}"
	$sched "${NATS_SERVER:-nats-server}" -js -sd "$dir/js" -a 127.0.0.1 -p "$port" 2>"$dir/nats.log" &
	nats=$!
}
