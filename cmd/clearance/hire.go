package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/clearance-screening/clearance/hire"
)

const hireUsage = `Usage: clearance hire SUBCOMMAND [flags]

Remote-hire risk: which of these people are one operation wearing several
faces, and why?

Subcommands:
  assess --in PATH --out PATH [--threshold T] [--lists DIR]
         assess people and events (JSONL, a file or a directory of files)
  explain --in PATH PERSON
         print one person's signals and cluster as a person would read them
  report --in PATH --out DIR [--flagged-only]
         assess, then write HTML pages: index, flagged people, clusters
  bench [--people N] [--events N]
         generate a population, assess it end to end, report throughput
  synth --people N --seed S --out DIR
         write a synthetic population with planted rings, look-alikes and a truth file
  eval --truth DIR/truth.jsonl (--assessments FILE | --baseline)
         score assessments against a population's truth: ring recall, benign flags, fairness
`

// runHire dispatches "clearance hire SUBCOMMAND".
func runHire(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, hireUsage)
		return errUsage
	}
	switch args[0] {
	case "assess":
		return runHireAssess(ctx, e, args[1:])
	case "explain":
		return runHireExplain(ctx, e, args[1:])
	case "report":
		return runHireReport(ctx, e, args[1:])
	case "bench":
		return runHireBench(ctx, e, args[1:])
	case "synth":
		return runHireSynth(ctx, e, args[1:])
	case "eval":
		return runHireEval(ctx, e, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(e.stderr, hireUsage)
		return nil
	}
	fmt.Fprintf(e.stderr, "clearance hire: unknown subcommand %q\n", args[0])
	fmt.Fprint(e.stderr, hireUsage)
	return errUsage
}

// limitMemory sets a soft memory limit for the big runs unless the user
// set GOMEMLIMIT: the garbage collector then works harder near 2.5 GiB
// instead of letting the heap double.
func (e *env) limitMemory() {
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(5 << 29)
	}
}

// hireAssessor loads the sanctions lists (as every command does: --lists,
// else the cache, else the built-in set) and returns an assessor screening
// against them. --threshold is the hire flag threshold here, not the
// screening alert threshold.
func (e *env) hireAssessor() (*hire.Assessor, error) {
	if e.threshold == 0 {
		e.threshold = hire.DefaultThreshold // unset: the hire flag threshold
	}
	e.limitMemory()
	th := e.threshold
	e.threshold = 0
	l, err := e.load()
	e.threshold = th
	if err != nil {
		return nil, err
	}
	return hire.NewAssessor(hire.Options{Threshold: th, Screener: l.index}), nil
}

func (e *env) readHire(ctx context.Context, a *hire.Assessor, in string, showProgress bool) (*hire.ReadStats, time.Duration, error) {
	files, err := hire.Files(in)
	if err != nil {
		return nil, 0, err
	}
	var size int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			size += fi.Size()
		}
	}
	stats := &hire.ReadStats{}
	start := time.Now()
	done := make(chan struct{})
	if showProgress {
		prog := &progress{w: e.stderr, total: size, start: start}
		go func() {
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					prog.finish(stats.Lines.Load())
					return
				case <-t.C:
					prog.update(stats.People.Load()+stats.Events.Load()+stats.Errored.Load(), stats.Bytes.Load())
				}
			}
		}()
	}
	err = a.Read(ctx, files, stats)
	stats.Lines.Store(stats.People.Load() + stats.Events.Load() + stats.Errored.Load())
	close(done)
	if showProgress {
		time.Sleep(20 * time.Millisecond) // let the bar finish its line
	}
	return stats, time.Since(start), err
}

func runHireAssess(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("hire assess", "--in PATH --out PATH [flags]", "Assess people and their events for the signs of IT-worker personas. Bad lines become error records; the rest is assessed.")
	in := fs.String("in", "", "JSONL input: a file or a directory of files")
	out := fs.String("out", "-", "JSONL output: person lines, then clusters, then errors; - for stdout")
	noProgress := fs.Bool("no-progress", false, "no progress bar even on a terminal")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *in == "" {
		fs.Usage()
		return errUsage
	}
	a, err := e.hireAssessor()
	if err != nil {
		return err
	}
	stats, readTook, err := e.readHire(ctx, a, *in, !*noProgress && isTerminal(e.stderr))
	if err != nil {
		return err
	}
	start := time.Now()
	res := a.Assess()
	assessTook := time.Since(start)
	var w io.Writer = e.stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := hire.WriteJSONL(w, &res); err != nil {
		return err
	}
	summary := map[string]any{
		"people": len(res.People), "events": stats.Events.Load(), "errors": len(res.Errors),
		"flagged": res.Flagged(), "clusters": len(res.Clusters), "threshold": e.threshold,
		"read_seconds": readTook.Seconds(), "assess_seconds": assessTook.Seconds(),
	}
	if e.json {
		return json.NewEncoder(e.stderr).Encode(summary)
	}
	fmt.Fprintf(e.stderr, "clearance hire: %d people, %d events read in %.1fs; assessed in %.1fs\n", len(res.People), stats.Events.Load(), readTook.Seconds(), assessTook.Seconds())
	fmt.Fprintf(e.stderr, "clearance hire: %d flagged at threshold %.2f; %d clusters (%d with a flagged member)\n", res.Flagged(), e.threshold, len(res.Clusters), flaggedClusters(res.Clusters))
	if len(res.Errors) > 0 {
		fmt.Fprintf(e.stderr, "clearance hire: %d input lines could not be used (error records in the output); first: %s:%d: %s\n", len(res.Errors), res.Errors[0].File, res.Errors[0].Line, res.Errors[0].Error)
	}
	return nil
}

func flaggedClusters(cs []hire.Cluster) int {
	n := 0
	for _, c := range cs {
		if c.Flagged > 0 {
			n++
		}
	}
	return n
}

func runHireExplain(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("hire explain", "--in PATH PERSON", "Assess the input and explain one person's result: each signal with its evidence and source, and their cluster.")
	in := fs.String("in", "", "JSONL input: a file or a directory of files")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	if *in == "" || len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	a, err := e.hireAssessor()
	if err != nil {
		return err
	}
	if _, _, err := e.readHire(ctx, a, *in, false); err != nil {
		return err
	}
	res := a.Assess()
	id := pos[0]
	var pr *hire.PersonResult
	for i := range res.People {
		if res.People[i].Person == id {
			pr = &res.People[i]
		}
	}
	if pr == nil {
		return fmt.Errorf("no person %q in %s", id, *in)
	}
	var cl *hire.Cluster
	for i := range res.Clusters {
		if res.Clusters[i].Cluster == pr.Cluster {
			cl = &res.Clusters[i]
		}
	}
	if e.json {
		return json.NewEncoder(e.stdout).Encode(map[string]any{"person": pr, "cluster": cl})
	}
	explainPerson(e.stdout, pr, cl, e.threshold)
	return nil
}

func explainPerson(w io.Writer, pr *hire.PersonResult, cl *hire.Cluster, threshold float64) {
	verdict := "not flagged"
	if pr.Flagged {
		verdict = "FLAGGED"
	}
	fmt.Fprintf(w, "%s: %s, risk %.2f (threshold %.2f; a flag needs a hard signal or evidence from two independent families)\n", pr.Person, verdict, pr.Risk, threshold)
	if len(pr.Signals) == 0 {
		fmt.Fprintln(w, "\nNo signals: the records are consistent and tie this person to no one.")
	}
	for i, s := range pr.Signals {
		hard := ""
		if s.Hard {
			hard = ", flags on its own"
		}
		fmt.Fprintf(w, "\n%d. %s (%s, weight %.2f%s)\n   %s\n", i+1, s.Code, s.Family, s.Weight, hard, s.Reason)
		keys := make([]string, 0, len(s.Evidence))
		for k := range s.Evidence {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v, _ := json.Marshal(s.Evidence[k])
			fmt.Fprintf(w, "   - %s: %s\n", strings.ReplaceAll(k, "_", " "), v)
		}
		fmt.Fprintf(w, "   source: %s\n", s.Source)
	}
	if cl != nil {
		fmt.Fprintf(w, "\nCluster %s: %d people (%d flagged), risk %.2f: %s\n", cl.Cluster, len(cl.Members), cl.Flagged, cl.Risk, strings.Join(cl.Members, ", "))
		for _, l := range cl.Links {
			if l.A == pr.Person || l.B == pr.Person {
				fmt.Fprintf(w, "   %s — %s: %s %s (weight %.2f)\n", l.A, l.B, l.Kind, l.Value, l.Weight)
			}
		}
	}
}

func runHireBench(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("hire bench", "[--people N] [--events N]", "Generate a population with rings and look-alikes, assess it end to end, and report throughput and heap. Run under /usr/bin/time -v for peak RSS.")
	people := fs.Int("people", 100000, "people to generate")
	events := fs.Int("events", 10000000, "events to generate")
	dir := fs.String("dir", "", "folder for the generated file (default: a temporary folder, removed after)")
	keep := fs.String("data", "", "assess this existing file or folder instead of generating")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the assessment to this file (go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile after reading (before assessing) to this file")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	path := *keep
	var truth *hire.GenTruth
	if path == "" {
		d := *dir
		if d == "" {
			t, err := os.MkdirTemp("", "clearance-hire-bench")
			if err != nil {
				return err
			}
			defer os.RemoveAll(t)
			d = t
		}
		path = filepath.Join(d, "population.jsonl")
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		start := time.Now()
		truth, err = hire.Generate(f, hire.GenConfig{People: *people, EventsPerPerson: max(1, *events / *people), Seed: 1})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		fi, _ := os.Stat(path)
		fmt.Fprintf(e.stderr, "generated %d people, %d events (%.2f GB) in %.1fs\n", truth.Persons, truth.Events, float64(fi.Size())/1e9, time.Since(start).Seconds())
	}
	a, err := e.hireAssessor()
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	start := time.Now()
	stats, readTook, err := e.readHire(ctx, a, path, isTerminal(e.stderr))
	if err != nil {
		return err
	}
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			return err
		}
		runtime.GC()
		err = pprof.WriteHeapProfile(f)
		f.Close()
		if err != nil {
			return err
		}
	}
	t := time.Now()
	res := a.Assess()
	assessTook := time.Since(t)
	werr := hire.WriteJSONL(io.Discard, &res)
	total := time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mb := float64(stats.Bytes.Load()) / 1e6
	fmt.Fprintf(e.stdout, "read+parse+aggregate: %.1fs (%.0f MB/s, %.0f events/s)\n", readTook.Seconds(), mb/readTook.Seconds(), float64(stats.Events.Load())/readTook.Seconds())
	fmt.Fprintf(e.stdout, "assess (signals, links, clusters): %.1fs\n", assessTook.Seconds())
	fmt.Fprintf(e.stdout, "end to end: %.1fs for %d people, %d events; %d flagged, %d clusters, %d errors\n", total.Seconds(), len(res.People), stats.Events.Load(), res.Flagged(), len(res.Clusters), len(res.Errors))
	fmt.Fprintf(e.stdout, "heap in use %.0f MB, runtime peak sys %.0f MB (peak RSS: run under /usr/bin/time -v)\n", float64(ms.HeapInuse)/1e6, float64(ms.Sys)/1e6)
	if truth != nil {
		flag := map[string]bool{}
		for _, p := range res.People {
			flag[p.Person] = p.Flagged
		}
		var ring, ringHit, benign, benignHit int
		for id := range truth.Ring {
			ring++
			if flag[id] {
				ringHit++
			}
		}
		for id := range truth.Benign {
			benign++
			if flag[id] {
				benignHit++
			}
		}
		fmt.Fprintf(e.stdout, "on the generated truth: ring recall %.3f, benign flag rate %.4f\n", float64(ringHit)/float64(max(ring, 1)), float64(benignHit)/float64(max(benign, 1)))
	}
	return werr
}
