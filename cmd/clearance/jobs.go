package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/clearance-screening/clearance/queue"
)

func runJobs(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("jobs", "--queue nats://HOST:PORT", "List the distributed batch jobs with their progress.")
	url := fs.String("queue", "", "nats://HOST:PORT of the NATS server with JetStream")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *url == "" {
		fs.Usage()
		return errUsage
	}
	c, err := queue.Connect(ctx, *url, queue.Config{})
	if err != nil {
		return err
	}
	defer c.Close()
	js, err := c.Jobs(ctx)
	if err != nil {
		return err
	}
	if e.json {
		if js == nil {
			js = []queue.JobStatus{}
		}
		return writeJSON(e.stdout, js)
	}
	if len(js) == 0 {
		fmt.Fprintln(e.stdout, "no jobs")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "JOB\tSTATE\tCHUNKS MERGED\tQUEUED\tROWS\tALERTED\tFAILED\tINPUT\tLISTS\tUPDATED")
	for _, j := range js {
		state, chunks := "running", fmt.Sprintf("%d/?", j.Merged)
		if j.Published {
			chunks = fmt.Sprintf("%d/%d", j.Merged, j.Chunks)
		}
		switch {
		case j.Done:
			state = "done"
		case j.Problem != "":
			state = "stopped"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", j.ID, state, chunks, j.Queued, j.Stats.Read, j.Stats.Alerted, j.Stats.Failed, j.Input, j.ListVersion, j.Updated.Format(time.DateTime))
	}
	tw.Flush()
	for _, j := range js {
		if j.Problem != "" && !j.Done {
			fmt.Fprintf(e.stdout, "\n%s stopped: %s\n", j.ID, j.Problem)
		}
		for _, n := range j.Notes {
			fmt.Fprintf(e.stdout, "%s: %s\n", j.ID, n)
		}
	}
	return nil
}
