package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/clearance-screening/clearance/batchio"
	"github.com/clearance-screening/clearance/match"
	"github.com/clearance-screening/clearance/queue"
)

// runSubmit runs a batch on the workers of a queue: it publishes the
// chunks, merges the outputs in input order and checkpoints as a local
// batch does.
func (e *env) runSubmit(ctx context.Context, f *batchFlags) error {
	fail := func(err error) error { return &exitStatus{exitFailed, err} }
	// A batch merge needs no quick wake-ups; where it shares cores with
	// workers it should not preempt them (sched_linux.go). Best effort:
	// screening is the same without.
	batchScheduling()
	if f.in == "-" {
		return fail(errors.New("--queue needs an input file, not stdin: chunks are cut again on resume"))
	}
	in, err := e.openInput(f.in, f.inFmt)
	if err != nil {
		return fail(err)
	}
	defer in.close()
	if _, err := batchio.NewParser(f.inFmt, in.header); err != nil {
		return fail(fmt.Errorf("%s: %w", in.name, err))
	}
	ckPath := f.checkpoint
	if ckPath == "" && f.out != "-" {
		ckPath = f.out + ".checkpoint"
	}
	ck, err := batchio.LoadCheckpoint(ckPath)
	if err != nil {
		return fail(err)
	}
	c, err := queue.Connect(ctx, f.queue, queue.Config{AckWait: f.ackWait, MaxDeliver: f.maxDeliver})
	if err != nil {
		return fail(err)
	}
	defer c.Close()

	var job *queue.Job
	if f.resume != "" {
		if job, err = c.Job(ctx, f.resume); err != nil {
			return fail(err)
		}
		if job.InputSize != in.ident.InputSize || job.Format != f.inFmt {
			return fail(fmt.Errorf("job %s read %s (%d bytes, %s), not %s (%d bytes, %s)", job.ID, job.Input, job.InputSize, job.Format, in.name, in.ident.InputSize, f.inFmt))
		}
		if ck != nil && ck.Job != job.ID {
			return fail(fmt.Errorf("checkpoint %s belongs to job %q, not %s; remove it to merge %s from the start", ckPath, ck.Job, job.ID, job.ID))
		}
	} else {
		if ck != nil {
			if ck.Job == "" {
				return fail(fmt.Errorf("checkpoint %s is a local batch's: run it without --queue to resume it, or remove it", ckPath))
			}
			return fail(fmt.Errorf("checkpoint %s belongs to job %s: run with --resume %s, or remove it to start over", ckPath, ck.Job, ck.Job))
		}
		// The job is stamped with the submitter's lists: every worker
		// must hold the same. The submitter screens nothing, so it builds
		// no index (that took 2 CPU-seconds a job).
		snap, err := e.loadVersions()
		if err != nil {
			return fail(err)
		}
		threshold := match.Options{Threshold: e.threshold}.AlertThreshold()
		job = &queue.Job{
			ID: queue.NewJobID(), Input: in.name, InputSize: in.ident.InputSize, Format: f.inFmt, Header: string(in.header),
			ListVersion: snap.Version, Settings: f.settings(threshold), ChunkRows: max(f.chunkRows, 1), Created: time.Now().UTC(),
		}
		// Reading the lists for their versions left the parsed lists as
		// garbage. Returned now, it is not returned by the runtime's
		// background scavenger during the job, on cores the workers may
		// share (150 ms of madvise a job in a CPU profile).
		debug.FreeOSMemory()
	}
	s := &queue.Submission{Job: job, In: in.r, Start: in.start, Errw: e.stderr, Resume: f.resume != ""}
	at := int64(0)
	if ck != nil {
		at, s.Merged, s.Stats = ck.Out, ck.Chunk, ck.Stats
	}
	if f.out == "-" {
		s.Out = batchio.StreamOutput(e.stdout)
		ckPath = ""
	} else if s.Out, err = batchio.CreateOutput(f.out, at); err != nil {
		return fail(err)
	}
	if ckPath != "" {
		s.Checkpoint = ckPath
		s.Ident = batchio.Checkpoint{Input: in.ident.Input, InputSize: in.ident.InputSize, InputModTime: in.ident.InputModTime, Format: f.inFmt, ListVersion: job.ListVersion, Settings: job.Settings}
	}
	if at == 0 {
		s.Out.Write(batchio.Header(job.Settings.Out))
	}
	if f.resume != "" {
		fmt.Fprintf(e.stderr, "clearance: resuming job %s after %d chunks (%d rows) on %s\n", job.ID, s.Merged, s.Stats.Read, f.queue)
	} else {
		fmt.Fprintf(e.stderr, "clearance: job %s on %s, lists %s; if stopped, resume with --resume %s\n", job.ID, f.queue, job.ListVersion, job.ID)
	}
	var prog *progress
	if !f.noProgress && isTerminal(e.stderr) && in.ident.InputSize > 0 {
		prog = newProgress(e.stderr, in.ident.InputSize, 0)
		s.Progress = prog.update
	}
	before := s.Stats.Read
	stopProfile, err := startCPUProfile(f.cpuProfile)
	if err != nil {
		s.Out.Close()
		return fail(err)
	}
	start := time.Now()
	stats, err := c.Submit(ctx, s)
	stopProfile()
	if prog != nil {
		prog.finish(stats.Read)
	}
	if err == nil {
		err = s.Out.Sync()
	}
	if cerr := s.Out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(fmt.Errorf("job %s: %w; run the same command with --resume %s to go on", job.ID, err, job.ID))
	}
	if ckPath != "" {
		os.Remove(ckPath)
	}
	return e.batchSummary(in.name, stats, stats.Read-before, time.Since(start))
}

// queueFlags are the redelivery settings the submitter gives the queue.
func (f *batchFlags) queueFlags(fs interface {
	DurationVar(*time.Duration, string, time.Duration, string)
	IntVar(*int, string, int, string)
}) {
	fs.DurationVar(&f.ackWait, "ack-wait", 30*time.Second, "with --queue: a chunk without an ack or a progress report for this long goes to another worker")
	fs.IntVar(&f.maxDeliver, "max-deliver", 10, "with --queue: deliveries of a chunk before the job is reported stuck")
}
