package queue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/batchio"
	"github.com/klauspost/compress/s2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Worker screens chunks.
type Worker struct {
	Client   *Client
	Screener clearance.Screener
	// ListVersion is the version of the lists Screener holds; chunks of a
	// job submitted against another are refused.
	ListVersion string
	Name        string    // in notes and logs
	Parallel    int       // screening goroutines per chunk
	Log         io.Writer // a line per chunk; nil for none

	// stopAt, set by tests, is asked at each point of a chunk's handling;
	// true makes the worker stop there, as a killed process would: no
	// acknowledgement, no progress report, nothing more.
	stopAt func(point string) bool

	ackWait   time.Duration
	screening chan struct{} // one chunk screened at a time
}

// errStopped is Run's error after stopAt stopped the worker.
var errStopped = errors.New("worker stopped by the test hook")

// chunkBuffer holds a chunk's lines as decoded and its output, plain and
// compressed.
type chunkBuffer struct {
	in  []byte
	out bytes.Buffer
	enc []byte
}

// chunkBuffers are kept for the next chunks; a worker handles two at a
// time at most.
var chunkBuffers = sync.Pool{New: func() any { return new(chunkBuffer) }}

// Run pulls and screens chunks until ctx ends.
//
// A worker holds two chunks at a time: while one is stored and
// acknowledged, the next is screened, so that its cores do not wait on
// the network between chunks. Only one is screened at a time, on all the
// worker's goroutines, as a local batch screens its rows.
func (w *Worker) Run(ctx context.Context) error {
	if w.Parallel < 1 {
		w.Parallel = 1
	}
	w.ackWait = w.Client.cfg.AckWait
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	slots := make(chan struct{}, 2)
	w.screening = make(chan struct{}, 1)
	var handling sync.WaitGroup
	defer handling.Wait()
	var cons jetstream.Consumer
	for ctx.Err() == nil {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		// Wait for a free slot before pulling: a chunk pulled into a busy
		// worker would spend its ack wait waiting. The slot is taken again
		// below, at once, as only handlers free slots.
		<-slots
		if cons == nil {
			var err error
			cons, err = w.Client.js.Consumer(ctx, ChunkStream, WorkerConsumer)
			if errors.Is(err, jetstream.ErrConsumerNotFound) {
				cons, err = w.Client.js.CreateConsumer(ctx, ChunkStream, w.Client.consumerConfig())
			}
			if err != nil {
				cons = nil
				w.logf("waiting for the queue: %v", err)
				sleep(ctx, time.Second)
				continue
			}
			// The submitter sets the ack wait; report progress well within it.
			if aw := cons.CachedInfo().Config.AckWait; aw > 0 {
				w.ackWait = aw
			}
		}
		pull, done := context.WithTimeout(ctx, 2*time.Second)
		msg, err := cons.Next(jetstream.FetchContext(pull))
		done()
		if errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) {
			continue
		}
		if err != nil {
			if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrConsumerDeleted) {
				cons = nil
			}
			sleep(ctx, 250*time.Millisecond) // the server may be restarting
			continue
		}
		slots <- struct{}{}
		handling.Go(func() {
			defer func() { <-slots }()
			if err := w.handle(ctx, msg); err != nil {
				if errors.Is(err, errStopped) {
					cancel(err) // the whole worker dies, its other chunk unacknowledged
					return
				}
				if ctx.Err() == nil {
					w.logf("%v", err)
				}
			}
		})
	}
	handling.Wait()
	if err := context.Cause(ctx); errors.Is(err, errStopped) {
		return err
	}
	return nil
}

func (w *Worker) stop(point string) bool { return w.stopAt != nil && w.stopAt(point) }

func (w *Worker) logf(format string, args ...any) {
	if w.Log != nil {
		fmt.Fprintf(w.Log, "clearance worker %s: %s\n", w.Name, fmt.Sprintf(format, args...))
	}
}

// handle screens one chunk and stores its output, then acknowledges it.
func (w *Worker) handle(ctx context.Context, msg jetstream.Msg) error {
	if w.stop("received") {
		return errStopped
	}
	h := msg.Headers()
	jobID := h.Get(hdrJob)
	n, err1 := strconv.Atoi(h.Get(hdrChunk))
	line, err2 := strconv.Atoi(h.Get(hdrLine))
	off, err3 := strconv.ParseInt(h.Get(hdrOffset), 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil || jobID == "" {
		msg.TermWithReason("not a clearance chunk")
		return fmt.Errorf("%s: not a clearance chunk: %v", msg.Subject(), err)
	}
	job, err := w.job(ctx, jobID)
	if err != nil {
		msg.NakWithDelay(w.Client.cfg.RefuseDelay)
		return err
	}
	if job == nil {
		msg.TermWithReason("no such job")
		return fmt.Errorf("chunk %d of job %s: no such job; dropped", n, jobID)
	}
	if job.ListVersion != w.ListVersion {
		note := fmt.Sprintf("worker %s refused job %s: it holds lists %s, the job was submitted against %s", w.Name, jobID, w.ListVersion, job.ListVersion)
		w.Client.jobs.Put(ctx, noteKey(jobID, w.Name), []byte(note))
		msg.NakWithDelay(w.Client.cfg.RefuseDelay)
		return errors.New(note)
	}
	if w.stop("accepted") {
		return errStopped
	}
	if job.Done || job.Merged > n {
		// A redelivered chunk whose first output is merged already.
		msg.Ack()
		return nil
	}

	// Report progress while screening, so that a long chunk is not taken
	// for a dead worker's.
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(max(w.ackWait/3, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				msg.InProgress()
			}
		}
	})
	defer func() { close(done); wg.Wait() }()

	parser, err := batchio.NewParser(job.Format, []byte(job.Header))
	if err != nil {
		msg.TermWithReason(err.Error())
		return fmt.Errorf("job %s: %w", jobID, err)
	}
	// A chunk's lines and output are megabytes: the buffers are kept from
	// chunk to chunk rather than grown from nothing each time (that was
	// about 3% of a worker's CPU, in copying and zeroing).
	bufs := chunkBuffers.Get().(*chunkBuffer)
	defer chunkBuffers.Put(bufs)
	data, derr := decodeBody(h.Get(hdrEncoding), &bufs.in, msg.Data())
	if derr != nil {
		// Delivered again until the submitter reports the job stuck,
		// with this note.
		note := fmt.Sprintf("worker %s refused chunk %d of job %s: lines %v", w.Name, n, jobID, derr)
		w.Client.jobs.Put(ctx, noteKey(jobID, w.Name), []byte(note))
		msg.NakWithDelay(w.Client.cfg.RefuseDelay)
		return errors.New(note)
	}
	rows := bytes.Count(data, []byte("\n"))
	lr := batchio.NewLineReader(bytes.NewReader(data), batchio.Pos{Offset: off, Line: line})
	out := &bufs.out
	out.Reset()
	var errs bytes.Buffer
	var stats batchio.Stats
	stopped := false
	// The other chunk held waits here: its rows are screened after this
	// one's, on all the worker's goroutines, rather than beside them.
	select {
	case w.screening <- struct{}{}:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	err = batchio.Run(ctx, lr, w.Parallel, func(l batchio.Line) batchio.Row {
		return batchio.ScreenLine(w.Screener, parser, job.Settings, l)
	}, func(r batchio.Row) error {
		out.Write(r.Out)
		stats.Add(r)
		if r.Err != "" {
			fmt.Fprintf(&errs, "line %d (id %q): %s\n", r.No, r.ID, r.Err)
		}
		if int(stats.Read) == rows/2 && w.stop("screening") {
			stopped = true
			return errStopped
		}
		return nil
	})
	<-w.screening
	if stopped {
		return errStopped
	}
	if err != nil {
		return err // ctx ended: the chunk goes to another worker
	}
	if w.stop("screened") {
		return errStopped
	}
	meta := map[string]string{
		"worker":       w.Name,
		"list_version": w.ListVersion,
		"output_bytes": strconv.Itoa(out.Len()),
		"read":         strconv.FormatInt(stats.Read, 10),
		"screened":     strconv.FormatInt(stats.Screened, 10),
		"alerted":      strconv.FormatInt(stats.Alerted, 10),
		"failed":       strconv.FormatInt(stats.Failed, 10),
	}
	out.Write(errs.Bytes())
	payload := out.Bytes()
	if job.Encoding == encodingS2 {
		// JSONL and CSV outputs shrink 4-6 times: fewer bytes for the
		// server to store and send, and for the submitter to read.
		bufs.enc = s2.Encode(bufs.enc[:cap(bufs.enc)], payload)
		payload = bufs.enc
		meta["encoding"] = encodingS2
	}
	if err := w.Client.storeOutput(ctx, job, n, meta, payload); err != nil {
		msg.Nak()
		return fmt.Errorf("chunk %d of job %s: storing the output: %w", n, jobID, err)
	}
	if w.stop("stored") {
		return errStopped
	}
	if err := msg.DoubleAck(ctx); err != nil {
		// The output is stored; the chunk may be screened again, and its
		// output then replaces this one.
		return fmt.Errorf("chunk %d of job %s: ack: %w", n, jobID, err)
	}
	w.logf("job %s chunk %d: %d rows, %d alerted, %d failed", jobID, n, stats.Read, stats.Alerted, stats.Failed)
	return nil
}

// job returns a job's record as it is now (nil if there is none): read
// afresh for every chunk, as the submitter updates how far it merged.
func (w *Worker) job(ctx context.Context, id string) (*Job, error) {
	j, err := w.Client.Job(ctx, id)
	if errors.Is(err, ErrNoJob) {
		return nil, nil
	}
	return j, err
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
