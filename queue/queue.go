// Package queue runs a batch on several machines through NATS JetStream.
//
// A submitter cuts the input into chunks of whole lines and publishes each
// on a work-queue stream; workers pull chunks, screen them and store each
// chunk's output under the job and chunk; the submitter
// merges the outputs in input order into one file, as a local batch would
// have written it.
//
//   - Chunks are acknowledged explicitly, after their output is stored. A
//     worker that dies or stalls stops acknowledging and stops reporting
//     progress, and the chunk is delivered again after the ack wait, up to
//     a maximum number of deliveries.
//   - A chunk's output is stored under its job and chunk number, so a chunk
//     screened twice replaces its own output and is merged once: as one
//     message on a stream that keeps one per subject, or, when it is larger
//     than a message may be, as an object in an object store.
//   - A job carries the version of the lists it was submitted against. A
//     worker holding another version refuses its chunks (a negative
//     acknowledgement with a delay, so that a worker with the right lists
//     may take them) and leaves a note the submitter reports. No job is
//     answered from two list versions.
//   - The submitter checkpoints the merged output as a local batch does and
//     can be killed and resumed; job records in a key-value bucket say how
//     far each job is.
package queue

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/clearance-screening/clearance/batchio"
	"github.com/klauspost/compress/s2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The JetStream names clearance uses.
const (
	ChunkStream    = "CLEARANCE_CHUNKS" // work queue of chunks, subjects clearance.chunks.<job>.<chunk>
	WorkerConsumer = "clearance-workers"
	JobsBucket     = "clearance-jobs"    // key-value: <job> -> Job; <job>.note.<worker> -> a refusal
	OutputStream   = "CLEARANCE_OUTPUTS" // a chunk's output, one message on clearance.outputs.<job>.<chunk>
	ResultsBucket  = "clearance-results" // object store: <job>/<chunk> -> a chunk's output too large for a message
	chunkSubject   = "clearance.chunks"
	outputSubject  = "clearance.outputs"
)

// Headers of an output message: its metadata, as an object's metadata
// holds them for an output in the object store.
var outputMeta = []string{"worker", "list_version", "output_bytes", "read", "screened", "alerted", "failed", "encoding"}

func outputHeader(key string) string { return "Clearance-Output-" + key }

// OutputsOnStream is Job.Outputs for outputs stored on the output stream.
const OutputsOnStream = "stream"

// outputRoom is what an output message leaves of the server's payload
// limit for its headers.
const outputRoom = 4 << 10

// Headers of a chunk message.
const (
	hdrJob    = "Clearance-Job"
	hdrChunk  = "Clearance-Chunk"
	hdrLine   = "Clearance-Line"   // lines of the input before the chunk
	hdrOffset = "Clearance-Offset" // byte offset of the chunk's first line
	// hdrEncoding is how the chunk's lines are compressed: "s2", or
	// absent for none (as an older submitter sends them).
	hdrEncoding = "Clearance-Encoding"
)

// decodeBody returns body as it was before it was encoded as enc (a
// chunk's hdrEncoding, an output's "encoding" metadata): body itself for
// "", decoded into *buf for encodingS2, which keeps the decoded bytes (in
// a larger array if they did not fit) for the next body. An encoding this
// build does not know is an error naming it.
func decodeBody(enc string, buf *[]byte, body []byte) ([]byte, error) {
	switch enc {
	case "":
		return body, nil
	case encodingS2:
		out, err := s2.Decode((*buf)[:cap(*buf)], body)
		if err != nil {
			return nil, fmt.Errorf("of %d bytes, encoded as %s: %w", len(body), enc, err)
		}
		*buf = out
		return out, nil
	}
	return nil, fmt.Errorf("encoded as %q, which this build cannot read", enc)
}

// Config tunes redelivery. The submitter sets it on the stream's consumer;
// workers read it from there.
type Config struct {
	// AckWait is how long a chunk may go without an acknowledgement or a
	// progress report before it is delivered to another worker.
	AckWait time.Duration
	// MaxDeliver is how many times a chunk is delivered before the job is
	// reported as stuck.
	MaxDeliver int
	// RefuseDelay is how long a chunk a worker refused waits before it is
	// delivered again.
	RefuseDelay time.Duration
	// InFlight bounds the chunks published and not yet merged, so that
	// the stream (and its disk) holds a window of the input, not all of it.
	InFlight int
	// Poll is how often the submitter looks for the next chunk's output.
	Poll time.Duration
}

func (c Config) withDefaults() Config {
	if c.AckWait <= 0 {
		c.AckWait = 30 * time.Second
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 10
	}
	if c.RefuseDelay <= 0 {
		c.RefuseDelay = 5 * time.Second
	}
	if c.InFlight <= 0 {
		c.InFlight = 256
	}
	if c.Poll <= 0 {
		c.Poll = 50 * time.Millisecond
	}
	return c
}

// Job is what a submitter asks: its input, settings and list version,
// and how far it got.
type Job struct {
	ID          string           `json:"id"`
	Input       string           `json:"input"` // the input's name, for messages
	InputSize   int64            `json:"input_size"`
	Format      batchio.Format   `json:"format"`
	Header      string           `json:"header,omitempty"` // CSV header line
	ListVersion string           `json:"list_version"`
	Settings    batchio.Settings `json:"settings"`
	ChunkRows   int              `json:"chunk_rows"`
	// Encoding is how workers compress chunk outputs: "s2" (S2, the
	// Snappy extension), or "" for none, as for a submitter that predates
	// it. Each output says in its metadata how it was stored.
	Encoding string `json:"encoding,omitempty"`
	// Outputs is where workers store chunk outputs: OutputsOnStream for the
	// output stream (an output too large for a message still goes to the
	// object store), or "" for the object store only, which is all a
	// submitter that predates the stream reads.
	Outputs string `json:"outputs,omitempty"`
	// Chunks is the number of chunks, known once all are published.
	Chunks    int           `json:"chunks"`
	Published bool          `json:"published"`
	Merged    int           `json:"merged"` // chunks merged into the output
	Stats     batchio.Stats `json:"stats"`  // of the merged chunks
	Done      bool          `json:"done"`
	Problem   string        `json:"problem,omitempty"` // why the submitter stopped
	Created   time.Time     `json:"created"`
	Updated   time.Time     `json:"updated"`
}

// NewJobID returns a job ID that sorts by time.
func NewJobID() string {
	b := make([]byte, 3)
	rand.Read(b)
	return "j" + time.Now().UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b)
}

// Client is a connection to the JetStream the jobs run on.
type Client struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	chunks  jetstream.Stream
	jobs    jetstream.KeyValue
	results jetstream.ObjectStore
	outputs jetstream.Stream
	cfg     Config
	// maxOutputMsg is the largest output stored as a message; a larger
	// one goes to the object store.
	maxOutputMsg int
}

// Connect connects to url (nats://host:port) and makes sure the stream,
// the workers' consumer and the buckets exist. It reconnects for ever
// after a lost connection, so that a restarted server loses no job.
func Connect(ctx context.Context, url string, cfg Config, opts ...nats.Option) (*Client, error) {
	opts = append([]nats.Option{nats.MaxReconnects(-1), nats.ReconnectWait(250 * time.Millisecond), nats.Name("clearance")}, opts...)
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("queue %s: %w", url, err)
	}
	c := &Client{nc: nc, cfg: cfg.withDefaults(), maxOutputMsg: int(nc.MaxPayload()) - outputRoom}
	if err := c.setUp(ctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("queue %s: %w", url, err)
	}
	return c, nil
}

func (c *Client) setUp(ctx context.Context) error {
	var err error
	if c.js, err = jetstream.New(c.nc); err != nil {
		return err
	}
	c.chunks, err = c.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        ChunkStream,
		Description: "clearance batch chunks waiting for a worker",
		Subjects:    []string{chunkSubject + ".>"},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  2 * time.Minute,
	})
	if err != nil {
		return fmt.Errorf("stream %s: %w", ChunkStream, err)
	}
	if c.jobs, err = c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: JobsBucket, Description: "clearance batch jobs", Storage: jetstream.FileStorage}); err != nil {
		return fmt.Errorf("bucket %s: %w", JobsBucket, err)
	}
	c.outputs, err = c.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        OutputStream,
		Description: "clearance chunk outputs, by job and chunk",
		Subjects:    []string{outputSubject + ".>"},
		Storage:     jetstream.FileStorage,
		// A chunk screened again replaces its own output.
		MaxMsgsPerSubject: 1,
		// The submitter reads each output by its subject.
		AllowDirect: true,
	})
	if err != nil {
		return fmt.Errorf("stream %s: %w", OutputStream, err)
	}
	if c.results, err = c.js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: ResultsBucket, Description: "clearance chunk outputs, by job and chunk", Storage: jetstream.FileStorage}); err != nil {
		return fmt.Errorf("bucket %s: %w", ResultsBucket, err)
	}
	return nil
}

// consumerConfig is the workers' shared pull consumer.
func (c *Client) consumerConfig() jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       WorkerConsumer,
		Description:   "clearance workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.cfg.AckWait,
		MaxDeliver:    c.cfg.MaxDeliver,
		FilterSubject: chunkSubject + ".>",
		MaxAckPending: 10000,
	}
}

// Close closes the connection.
func (c *Client) Close() { c.nc.Close() }

// ErrNoJob is Job's error for an ID the queue does not know.
var ErrNoJob = errors.New("no such job")

// Job returns a job's record.
func (c *Client) Job(ctx context.Context, id string) (*Job, error) {
	e, err := c.jobs.Get(ctx, id)
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrInvalidKey) {
		return nil, fmt.Errorf("%w: %q", ErrNoJob, id)
	}
	if err != nil {
		return nil, err
	}
	var j Job
	if err := json.Unmarshal(e.Value(), &j); err != nil {
		return nil, fmt.Errorf("job %s: %w", id, err)
	}
	return &j, nil
}

func (c *Client) putJob(ctx context.Context, j *Job) error {
	j.Updated = time.Now().UTC()
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	_, err = c.jobs.Put(ctx, j.ID, b)
	return err
}

// JobStatus is a job's record with what the stream and the notes say.
type JobStatus struct {
	Job
	Queued int      `json:"queued_chunks"` // chunks waiting for or held by a worker
	Notes  []string `json:"notes,omitempty"`
}

// Jobs lists the jobs, oldest first.
func (c *Client) Jobs(ctx context.Context) ([]JobStatus, error) {
	keys, err := c.jobs.Keys(ctx)
	if errors.Is(err, jetstream.ErrNoKeysFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	info, err := c.chunks.Info(ctx, jetstream.WithSubjectFilter(chunkSubject+".>"))
	if err != nil {
		return nil, err
	}
	notes := map[string][]string{}
	var out []JobStatus
	for _, k := range keys {
		if id, _, ok := strings.Cut(k, ".note."); ok {
			if e, err := c.jobs.Get(ctx, k); err == nil {
				notes[id] = append(notes[id], string(e.Value()))
			}
			continue
		}
		j, err := c.Job(ctx, k)
		if err != nil {
			return nil, err
		}
		out = append(out, JobStatus{Job: *j})
	}
	for i := range out {
		prefix := chunkSubject + "." + out[i].ID + "."
		for subj, n := range info.State.Subjects {
			if strings.HasPrefix(subj, prefix) {
				out[i].Queued += int(n)
			}
		}
		out[i].Notes = notes[out[i].ID]
	}
	return out, nil
}

func chunkSubj(job string, n int) string {
	return chunkSubject + "." + job + "." + strconv.Itoa(n)
}

func resultName(job string, n int) string { return job + "/" + strconv.Itoa(n) }

func outputSubj(job string, n int) string {
	return outputSubject + "." + job + "." + strconv.Itoa(n)
}

// storeOutput stores a chunk's output with its metadata: as one message
// if the job's submitter reads them and it fits in one, otherwise in the
// object store, which cuts it into pieces and makes it whole only once all
// are stored.
func (c *Client) storeOutput(ctx context.Context, job *Job, n int, meta map[string]string, body []byte) error {
	if job.Outputs != OutputsOnStream || len(body) > c.maxOutputMsg {
		_, err := c.results.Put(ctx, jetstream.ObjectMeta{Name: resultName(job.ID, n), Metadata: meta}, bytes.NewReader(body))
		return err
	}
	m := nats.NewMsg(outputSubj(job.ID, n))
	for _, k := range outputMeta {
		if v, ok := meta[k]; ok {
			m.Header.Set(outputHeader(k), v)
		}
	}
	m.Data = body
	_, err := c.js.PublishMsg(ctx, m)
	return err
}

// storedOutput is a chunk's output as stored.
type storedOutput struct {
	body     []byte
	meta     map[string]string
	inObject bool // in the object store rather than the stream
}

// errNoOutput is loadOutput's error for a chunk with no output yet.
var errNoOutput = errors.New("no output yet")

// loadOutput returns a chunk's output from the stream or, read into buf,
// for an output too large for a message (or stored by a worker that
// predates the stream), from the object store.
func (c *Client) loadOutput(ctx context.Context, job string, n int, buf *bytes.Buffer) (*storedOutput, error) {
	m, err := c.outputs.GetLastMsgForSubject(ctx, outputSubj(job, n))
	if err == nil {
		o := &storedOutput{meta: map[string]string{}}
		for _, k := range outputMeta {
			if v := m.Header.Get(outputHeader(k)); v != "" {
				o.meta[k] = v
			}
		}
		o.body = m.Data
		return o, nil
	}
	if !errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, err
	}
	res, err := c.results.Get(ctx, resultName(job, n))
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, errNoOutput
	}
	if err != nil {
		return nil, err
	}
	defer res.Close()
	info, err := res.Info()
	if err != nil {
		return nil, err
	}
	buf.Reset()
	if _, err := buf.ReadFrom(res); err != nil {
		return nil, err
	}
	return &storedOutput{body: buf.Bytes(), meta: info.Metadata, inObject: true}, nil
}

// hasOutput reports whether a chunk's output is stored.
func (c *Client) hasOutput(ctx context.Context, job string, n int) (bool, error) {
	_, err := c.outputs.GetLastMsgForSubject(ctx, outputSubj(job, n))
	if err == nil {
		return true, nil
	}
	if !errors.Is(err, jetstream.ErrMsgNotFound) {
		return false, err
	}
	_, err = c.results.GetInfo(ctx, resultName(job, n))
	if err == nil {
		return true, nil
	}
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return false, nil
	}
	return false, err
}

// dropOutput deletes a merged chunk's output. A copy stored after this
// (by a worker that screened the chunk again) is left, and ignored.
func (c *Client) dropOutput(ctx context.Context, job string, n int, o *storedOutput) {
	if o.inObject {
		c.results.Delete(ctx, resultName(job, n))
		return
	}
	c.outputs.Purge(ctx, jetstream.WithPurgeSubject(outputSubj(job, n)))
}

func noteKey(job, worker string) string { return job + ".note." + keySafe(worker) }

// keySafe keeps what a key-value key may hold.
func keySafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}
