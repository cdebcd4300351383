package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"github.com/clearance-screening/clearance/hire/report"
)

// runHireReport is "clearance hire report": assess, then write the pages
// people read (index, flagged people, clusters) into a folder.
func runHireReport(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("hire report", "--in PATH --out DIR [--flagged-only]", "Assess people and events, then write standalone HTML pages into DIR: index.html, one page per flagged person (signals with evidence, the hours chart against the claimed zone, their cluster as a graph) and one per cluster of two or more. No script and no network: the folder opens from disk and prints.")
	in := fs.String("in", "", "JSONL input: a file or a directory of files")
	out := fs.String("out", "", "folder to write the pages into (created if missing)")
	flaggedOnly := fs.Bool("flagged-only", false, "pages only for flagged people and the clusters with a flagged member (by default every member of a cluster gets a page, so every node of a graph links)")
	noProgress := fs.Bool("no-progress", false, "no progress bar even on a terminal")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *in == "" || *out == "" {
		fs.Usage()
		return errUsage
	}
	a, err := e.hireAssessor()
	if err != nil {
		return err
	}
	show := !*noProgress && isTerminal(e.stderr)
	stats, readTook, err := e.readHire(ctx, a, *in, show)
	if err != nil {
		return err
	}
	start := time.Now()
	res := a.Assess()
	assessTook := time.Since(start)
	start = time.Now()
	site := report.Site{Result: &res, Person: a.PersonRecord, Aggregate: a.Aggregate, Threshold: e.threshold,
		Source: filepath.Base(filepath.Clean(*in)), FlaggedOnly: *flaggedOnly}
	if show {
		last := time.Time{}
		site.Progress = func(done, total int) {
			if now := time.Now(); done == total || now.Sub(last) >= 100*time.Millisecond {
				last = now
				fmt.Fprintf(e.stderr, "\rwriting pages %d/%d ", done, total)
				if done == total {
					fmt.Fprintln(e.stderr)
				}
			}
		}
	}
	sum, err := report.WriteSite(*out, site)
	if err != nil {
		return err
	}
	writeTook := time.Since(start)
	if e.json {
		return json.NewEncoder(e.stdout).Encode(map[string]any{
			"people": len(res.People), "events": stats.Events.Load(), "errors": len(res.Errors), "flagged": res.Flagged(),
			"clusters": len(res.Clusters), "threshold": e.threshold, "index": sum.Index, "person_pages": sum.People,
			"cluster_pages": sum.Clusters, "read_seconds": readTook.Seconds(), "assess_seconds": assessTook.Seconds(), "write_seconds": writeTook.Seconds(),
		})
	}
	fmt.Fprintf(e.stderr, "clearance hire: %d people, %d events; %d flagged at threshold %.2f; %d clusters\n", len(res.People), stats.Events.Load(), res.Flagged(), e.threshold, len(res.Clusters))
	fmt.Fprintf(e.stdout, "wrote %d person pages and %d cluster pages; open %s\n", sum.People, sum.Clusters, sum.Index)
	return nil
}
