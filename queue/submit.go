package queue

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clearance-screening/clearance/batchio"
	"github.com/klauspost/compress/s2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// encodingS2 is Job.Encoding for outputs compressed with S2.
const encodingS2 = "s2"

// jobUpdateEvery is how often the submitter updates the job's record
// while it merges.
const jobUpdateEvery = 250 * time.Millisecond

// maxChunkBytes bounds a chunk message well under the server's default
// 1 MB payload limit, whatever the rows' length.
const maxChunkBytes = 512 << 10

// Submission is a job to run: its input and where its output goes.
type Submission struct {
	Job *Job
	// In reads the input from Start, the first line after a CSV header.
	In    io.Reader
	Start batchio.Pos
	// Out is the output, positioned after the chunks already merged
	// (Merged of them, counted in Stats, by the checkpoint).
	Out    *batchio.Output
	Merged int
	Stats  batchio.Stats
	// Checkpoint is the file recording the merge; Ident identifies the
	// input in it. "" for none.
	Checkpoint string
	Ident      batchio.Checkpoint
	// Errw gets the unreadable rows and the workers' notes.
	Errw io.Writer
	// Progress, if set, is called after each chunk merged with the rows
	// merged and the input offset they reach.
	Progress func(rows, offset int64)
	// Resume republishes the chunks that have no output yet; a new job
	// publishes every chunk without looking.
	Resume bool
}

// ErrStuck is the submitter's error when a chunk was delivered the
// maximum number of times without an output.
var ErrStuck = errors.New("chunk delivered the maximum number of times without an output")

// Submit publishes the job's chunks and merges their outputs in order
// into s.Out. It returns when every chunk is merged, ctx ends, or a chunk
// is stuck; the job can then be resumed with s.Resume.
func (c *Client) Submit(ctx context.Context, s *Submission) (batchio.Stats, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if _, err := c.js.CreateOrUpdateConsumer(ctx, ChunkStream, c.consumerConfig()); err != nil {
		return s.Stats, fmt.Errorf("consumer %s: %w", WorkerConsumer, err)
	}
	job := s.Job
	// The record says what this run starts from: a worker skips a chunk
	// the record says is merged, and a resumed job whose checkpoint was
	// lost merges from the start again.
	job.Problem, job.Done, job.Merged, job.Stats = "", false, s.Merged, s.Stats
	job.Encoding = encodingS2     // this submitter reads both; a job resumed from an older one's switches
	job.Outputs = OutputsOnStream // and reads outputs from both places
	if err := c.putJob(ctx, job); err != nil {
		return s.Stats, fmt.Errorf("job %s: %w", job.ID, err)
	}
	var published sync.Map // stream sequences of the chunks this run published
	var ends sync.Map      // chunk -> input offset after it
	stuck, err := c.watchStuck(job.ID, &published, cancel)
	if err != nil {
		return s.Stats, err
	}
	defer stuck.Unsubscribe()

	var total atomic.Int64 // chunks, once all are published
	total.Store(-1)
	var merged atomic.Int64
	merged.Store(int64(s.Merged))
	mergedCh := make(chan struct{}, 1)
	var pubErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		n, err := c.publish(ctx, s, &merged, mergedCh, &published, &ends)
		if err != nil {
			pubErr = err
			cancel(err)
			return
		}
		total.Store(int64(n))
		job.Chunks, job.Published = n, true
		c.putJob(ctx, job)
	})
	err = c.merge(ctx, s, &total, &merged, mergedCh, &ends)
	cancel(err)
	wg.Wait()
	if err == nil {
		err = pubErr
	}
	if err != nil {
		if cause := context.Cause(ctx); errors.Is(cause, ErrStuck) {
			err = cause
		}
		job.Problem = err.Error()
		c.putJob(context.Background(), job)
		return s.Stats, err
	}
	job.Done = true
	if err := c.putJob(context.Background(), job); err != nil {
		return s.Stats, err
	}
	return s.Stats, nil
}

// publish cuts the input into chunks and publishes those that need it,
// keeping at most InFlight ahead of the merge. It returns the number of
// chunks.
func (c *Client) publish(ctx context.Context, s *Submission, merged *atomic.Int64, mergedCh <-chan struct{}, published, ends *sync.Map) (int, error) {
	job := s.Job
	run := strconv.FormatInt(time.Now().UnixNano(), 36) // a retried publish is a duplicate; a resumed job's is not
	lr := batchio.NewLineReader(s.In, s.Start)
	var buf bytes.Buffer
	n, rows := 0, 0
	first := s.Start
	flush := func() error {
		if rows == 0 {
			return nil
		}
		ends.Store(n, lr.Pos().Offset)
		defer func() { buf.Reset(); rows = 0; n++ }()
		if n < s.Merged {
			return nil
		}
		for int64(n)-merged.Load() >= int64(c.cfg.InFlight) {
			select {
			case <-ctx.Done():
				return context.Cause(ctx)
			case <-mergedCh:
			case <-time.After(100 * time.Millisecond):
			}
		}
		if s.Resume {
			need, err := c.needsPublishing(ctx, job.ID, n)
			if err != nil || !need {
				return err
			}
		}
		m := nats.NewMsg(chunkSubj(job.ID, n))
		m.Header.Set(hdrJob, job.ID)
		m.Header.Set(hdrChunk, strconv.Itoa(n))
		m.Header.Set(hdrLine, strconv.Itoa(first.Line))
		m.Header.Set(hdrOffset, strconv.FormatInt(first.Offset, 10))
		m.Header.Set(hdrEncoding, encodingS2)
		// Lines shrink 3-4 times: fewer bytes for the server to store
		// and send.
		m.Data = s2.Encode(nil, buf.Bytes())
		return retry(ctx, func() error {
			ack, err := c.js.PublishMsg(ctx, m, jetstream.WithMsgID(job.ID+"."+strconv.Itoa(n)+"."+run))
			if err == nil {
				published.Store(ack.Sequence, n)
			}
			return err
		})
	}
	for {
		l, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("%s: %w", job.Input, err)
		}
		if rows == 0 {
			first = batchio.Pos{Offset: l.Offset, Line: l.No - 1}
		}
		buf.Write(l.Text)
		if l.TooLong {
			buf.WriteByte('.') // still too long where the worker reads it
		}
		buf.WriteByte('\n')
		if !l.Blank() {
			rows++
		}
		if rows >= job.ChunkRows || buf.Len() >= maxChunkBytes {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := flush(); err != nil {
		return 0, err
	}
	return n, nil
}

// needsPublishing reports whether a chunk of a resumed job has neither an
// output nor a live message. A message that was delivered the maximum
// number of times is deleted, to be published afresh.
func (c *Client) needsPublishing(ctx context.Context, job string, n int) (bool, error) {
	if has, err := c.hasOutput(ctx, job, n); has || err != nil {
		return false, err
	}
	m, err := c.chunks.GetLastMsgForSubject(ctx, chunkSubj(job, n))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	// Delete and publish again: a fresh message has its full deliveries.
	if err := c.chunks.DeleteMsg(ctx, m.Sequence); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return false, err
	}
	return true, nil
}

// merge writes each chunk's output in order as it arrives, checkpointing
// after each.
func (c *Client) merge(ctx context.Context, s *Submission, total, merged *atomic.Int64, mergedCh chan<- struct{}, ends *sync.Map) error {
	job := s.Job
	notes := map[string]bool{}
	lastNotes := time.Now()
	var lastPut time.Time
	var raw bytes.Buffer // an output read from the object store, kept from chunk to chunk
	var plain []byte     // and decoded
	for n := s.Merged; ; n++ {
		if t := total.Load(); t >= 0 && int64(n) >= t {
			return nil
		}
		var stored *storedOutput
		for {
			if t := total.Load(); t >= 0 && int64(n) >= t {
				return nil
			}
			var err error
			if stored, err = c.loadOutput(ctx, job.ID, n, &raw); err == nil {
				break
			}
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			if time.Since(lastNotes) > time.Second {
				c.reportNotes(ctx, job.ID, notes, s.Errw)
				lastNotes = time.Now()
			}
			sleep(ctx, c.cfg.Poll)
		}
		meta := stored.meta
		data, err := decodeBody(meta["encoding"], &plain, stored.body)
		if err != nil {
			return fmt.Errorf("chunk %d: output %w", n, err)
		}
		if v := meta["list_version"]; v != job.ListVersion {
			return fmt.Errorf("chunk %d was screened against lists %s, the job against %s", n, v, job.ListVersion)
		}
		cut, err := strconv.Atoi(meta["output_bytes"])
		if err != nil || cut > len(data) {
			return fmt.Errorf("chunk %d: output of %d bytes says %q", n, len(data), meta["output_bytes"])
		}
		if _, err := s.Out.Write(data[:cut]); err != nil {
			return err
		}
		for _, line := range bytes.SplitAfter(data[cut:], []byte("\n")) {
			if len(line) > 0 {
				fmt.Fprintf(s.Errw, "clearance: %s %s", job.Input, line)
			}
		}
		var st batchio.Stats
		for k, p := range map[string]*int64{"read": &st.Read, "screened": &st.Screened, "alerted": &st.Alerted, "failed": &st.Failed} {
			*p, _ = strconv.ParseInt(meta[k], 10, 64)
		}
		s.Stats.Merge(st)
		if s.Checkpoint != "" {
			if err := s.Out.Sync(); err != nil {
				return err
			}
			ck := s.Ident
			ck.Job, ck.Chunk, ck.Out, ck.Stats = job.ID, n+1, s.Out.Offset(), s.Stats
			if err := ck.Save(s.Checkpoint); err != nil {
				return err
			}
		}
		merged.Store(int64(n + 1))
		select {
		case mergedCh <- struct{}{}:
		default:
		}
		c.dropOutput(ctx, job.ID, n, stored) // merged for good; a leftover is ignored on resume
		job.Merged, job.Stats = n+1, s.Stats
		// The record is for 'clearance jobs' and for workers to skip a
		// chunk merged already: a few updates a second are enough (Submit
		// writes the last one), not one per chunk.
		if time.Since(lastPut) >= jobUpdateEvery {
			c.putJob(ctx, job)
			lastPut = time.Now()
		}
		if s.Progress != nil {
			end, _ := ends.Load(n)
			off, _ := end.(int64)
			s.Progress(s.Stats.Read, off)
		}
	}
}

// reportNotes prints the workers' notes on the job not printed before.
func (c *Client) reportNotes(ctx context.Context, job string, seen map[string]bool, w io.Writer) {
	kl, err := c.jobs.ListKeysFiltered(ctx, job+".note.>")
	if err != nil {
		return
	}
	for k := range kl.Keys() {
		e, err := c.jobs.Get(ctx, k)
		if err != nil || seen[string(e.Value())] {
			continue
		}
		seen[string(e.Value())] = true
		fmt.Fprintf(w, "clearance: %s\n", e.Value())
	}
}

// watchStuck cancels the submission when a chunk of the job reaches the
// maximum number of deliveries, saying which and why. Only the messages
// this run published count: an earlier run's leftovers are published
// afresh.
func (c *Client) watchStuck(job string, published *sync.Map, cancel context.CancelCauseFunc) (*nats.Subscription, error) {
	subj := "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + ChunkStream + "." + WorkerConsumer
	return c.nc.Subscribe(subj, func(m *nats.Msg) {
		var adv struct {
			StreamSeq  uint64 `json:"stream_seq"`
			Deliveries int    `json:"deliveries"`
		}
		if json.Unmarshal(m.Data, &adv) != nil {
			return
		}
		if _, ours := published.Load(adv.StreamSeq); !ours {
			return
		}
		ctx, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		raw, err := c.chunks.GetMsg(ctx, adv.StreamSeq)
		if err != nil || raw.Header.Get(hdrJob) != job {
			return
		}
		var notes bytes.Buffer
		c.reportNotes(ctx, job, map[string]bool{}, &notes)
		why := ""
		if notes.Len() > 0 {
			why = "; the workers said:\n" + notes.String()
		}
		cancel(fmt.Errorf("%w: chunk %s of job %s, %d deliveries%s", ErrStuck, raw.Header.Get(hdrChunk), job, adv.Deliveries, why))
	})
}

// retry calls f until it succeeds or ctx ends, for calls that fail while
// the server restarts.
func retry(ctx context.Context, f func() error) error {
	wait := 50 * time.Millisecond
	for {
		err := f()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		sleep(ctx, wait)
		wait = min(wait*2, 2*time.Second)
	}
}
