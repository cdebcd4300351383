package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"

	"github.com/clearance-screening/clearance/queue"
)

func runWorker(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("worker", "--queue nats://HOST:PORT [--lists DIR]", "Screen chunks of distributed batch jobs ('clearance batch --queue') until stopped. Chunks of a job submitted against other lists than this worker's are refused, with a note the submitter reports.")
	url := fs.String("queue", "", "nats://HOST:PORT of the NATS server with JetStream")
	parallel := fs.Int("parallel", runtime.GOMAXPROCS(0), "screening goroutines")
	name := fs.String("name", "", "this worker's name in notes and logs (default HOST-PID)")
	quiet := fs.Bool("quiet", false, "no line per chunk on stderr")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the worker's run (after the lists are loaded, until it is stopped) to this file, for go tool pprof")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *url == "" {
		fs.Usage()
		return errUsage
	}
	batchScheduling() // as the submitter (submit.go); best effort
	if *name == "" {
		host, _ := os.Hostname()
		*name = host + "-" + strconv.Itoa(os.Getpid())
	}
	snap, err := e.loadSnapshot()
	if err != nil {
		return err
	}
	c, err := queue.Connect(ctx, *url, queue.Config{})
	if err != nil {
		return err
	}
	defer c.Close()
	w := &queue.Worker{Client: c, Screener: snap.Index, ListVersion: snap.Version, Name: *name, Parallel: *parallel}
	if !*quiet {
		w.Log = e.stderr
	}
	fmt.Fprintf(e.stderr, "clearance: worker %s on %s, lists %s, %d entities\n", *name, *url, snap.Version, snap.Index.Len())
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	return w.Run(ctx)
}
