package queue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/batchio"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
	"github.com/klauspost/compress/s2"
	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The tests run the real engine on the built-in list set, a real NATS
// server embedded with file storage in a temporary folder, and compare
// every distributed output byte for byte with a single-process batch of
// the same input.

var (
	indexOnce sync.Once
	index     *match.Index
)

func builtinIndex(t *testing.T) *match.Index {
	t.Helper()
	indexOnce.Do(func() {
		ds, err := lists.Builtin()
		if err != nil {
			t.Fatal(err)
		}
		index = match.Build(ds.Entities, match.Options{})
	})
	return index
}

const testLists = "builtin@test"

// natsServer is an embedded server that can be stopped and started again
// on the same port and store.
type natsServer struct {
	t    *testing.T
	dir  string
	port int
	s    *natsserver.Server
}

func startNATS(t *testing.T) *natsServer {
	t.Helper()
	ns := &natsServer{t: t, dir: t.TempDir(), port: -1}
	ns.start()
	ns.port = ns.s.Addr().(*net.TCPAddr).Port
	t.Cleanup(ns.stop)
	return ns
}

func (ns *natsServer) start() {
	ns.t.Helper()
	s, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: ns.port, JetStream: true, StoreDir: ns.dir, NoSigs: true, NoLog: true})
	if err != nil {
		ns.t.Fatal(err)
	}
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		ns.t.Fatal("nats-server not ready")
	}
	ns.s = s
}

func (ns *natsServer) stop() {
	if ns.s != nil {
		ns.s.Shutdown()
		ns.s.WaitForShutdown()
		ns.s = nil
	}
}

func (ns *natsServer) url() string { return "nats://127.0.0.1:" + strconv.Itoa(ns.port) }

var fastConfig = Config{AckWait: 700 * time.Millisecond, MaxDeliver: 10, RefuseDelay: 100 * time.Millisecond, Poll: 10 * time.Millisecond, InFlight: 8}

func connect(t *testing.T, ns *natsServer, cfg Config) *Client {
	t.Helper()
	c, err := Connect(t.Context(), ns.url(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// input writes rows of the format, some of them unreadable, and returns
// its path.
func input(t *testing.T, format batchio.Format, rows int) string {
	t.Helper()
	names := []string{"Kim Sang Man", "John Smith", "Lazarus Group", "Jong Song Hwa", "Park Jin Hyok", "Maria Lopez", "Chosun Expo"}
	var b strings.Builder
	if format == batchio.CSV {
		b.WriteString("id,name,dob\n")
	}
	for i := range rows {
		id, name := "r"+strconv.Itoa(i), names[i%len(names)]
		switch {
		case i%101 == 50 && format == batchio.CSV:
			fmt.Fprintf(&b, "%s,\"%s,1965\n", id, name) // a quote that never closes
		case i%101 == 50:
			fmt.Fprintf(&b, "{\"id\":\"%s\",\"name\":\n", id)
		case i%307 == 100:
			b.WriteString(strings.Repeat("x", batchio.MaxLine+5) + "\n")
		case i%53 == 7:
			b.WriteString("\n")
		case format == batchio.CSV:
			fmt.Fprintf(&b, "%s,%s,\n", id, name)
		default:
			fmt.Fprintf(&b, "{\"id\":\"%s\",\"name\":\"%s\"}\n", id, name)
		}
	}
	path := filepath.Join(t.TempDir(), "subjects."+string(format))
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var testSettings = batchio.Settings{Threshold: match.DefaultThreshold, MinScore: 0.5, Limit: 5}

// header reads a CSV input's header line and where the rows start.
func header(t *testing.T, path string, format batchio.Format) ([]byte, batchio.Pos) {
	t.Helper()
	if format != batchio.CSV {
		return nil, batchio.Pos{}
	}
	b, _ := os.ReadFile(path)
	i := bytes.IndexByte(b, '\n')
	return b[:i], batchio.Pos{Offset: int64(i + 1), Line: 1}
}

// localBatch is the single-process batch every distributed output must equal.
func localBatch(t *testing.T, path string, format batchio.Format) []byte {
	t.Helper()
	h, start := header(t, path, format)
	p, err := batchio.NewParser(format, h)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	defer f.Close()
	f.Seek(start.Offset, 0)
	set := testSettings
	set.Out = format
	out := bytes.NewBuffer(batchio.Header(format))
	lr := batchio.NewLineReader(f, start)
	err = batchio.Run(t.Context(), lr, 2, func(l batchio.Line) batchio.Row {
		return batchio.ScreenLine(builtinIndex(t), p, set, l)
	}, func(r batchio.Row) error { out.Write(r.Out); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// submission prepares a job of the input, writing to out from the
// checkpoint, if there is one.
func submission(t *testing.T, path string, format batchio.Format, job *Job, outPath string) *Submission {
	t.Helper()
	h, start := header(t, path, format)
	if job == nil {
		set := testSettings
		set.Out = format
		job = &Job{ID: NewJobID(), Input: filepath.Base(path), Format: format, Header: string(h), ListVersion: testLists, Settings: set, ChunkRows: 40, Created: time.Now()}
	}
	s := &Submission{Job: job, Start: start, Checkpoint: outPath + ".checkpoint", Errw: &bytes.Buffer{}}
	ck, err := batchio.LoadCheckpoint(s.Checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	at := int64(0)
	if ck != nil {
		at, s.Merged, s.Stats, s.Resume = ck.Out, ck.Chunk, ck.Stats, true
	}
	if s.Out, err = batchio.CreateOutput(outPath, at); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Out.Close() })
	if at == 0 {
		s.Out.Write(batchio.Header(format))
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	f.Seek(start.Offset, 0)
	s.In = f
	return s
}

// finish closes the submission's output and compares it with want.
func finish(t *testing.T, s *Submission, outPath string, want []byte) {
	t.Helper()
	if err := s.Out.Close(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(outPath)
	if !bytes.Equal(got, want) {
		t.Fatalf("distributed output (%d bytes) differs from the single-process batch (%d bytes) at byte %d", len(got), len(want), firstDiff(got, want))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// startWorker runs a worker until the test ends or it stops; its Run
// error arrives on the channel.
func startWorker(t *testing.T, c *Client, name, version string, stopAt func(string) bool) <-chan error {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	w := &Worker{Client: c, Screener: builtinIndex(t), ListVersion: version, Name: name, Parallel: 2, stopAt: stopAt}
	done := make(chan error, 1)
	var wg sync.WaitGroup
	wg.Go(func() { done <- w.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	return done
}

func TestDistributedOutputEqualsTheLocalBatch(t *testing.T) {
	ns := startNATS(t)
	for _, format := range []batchio.Format{batchio.JSONL, batchio.CSV} {
		t.Run(string(format), func(t *testing.T) {
			c := connect(t, ns, fastConfig)
			path := input(t, format, 1000)
			want := localBatch(t, path, format)
			startWorker(t, connect(t, ns, fastConfig), "w1", testLists, nil)
			startWorker(t, connect(t, ns, fastConfig), "w2", testLists, nil)
			out := filepath.Join(t.TempDir(), "out."+string(format))
			s := submission(t, path, format, nil, out)
			stats, err := c.Submit(t.Context(), s)
			if err != nil {
				t.Fatal(err)
			}
			finish(t, s, out, want)
			if stats.Read != 1000-1000/53-1 || stats.Failed == 0 || stats.Alerted == 0 || stats.Read != stats.Screened+stats.Failed {
				t.Errorf("stats %+v: want every non-blank row once, some failed, some alerted", stats)
			}
			errs := s.Errw.(*bytes.Buffer).String()
			bad := map[batchio.Format]string{batchio.JSONL: `line 51 (id "line-51"): not a JSON query object`, batchio.CSV: `line 52 (id "r50"): column 2: unterminated quoted field`}[format]
			if !strings.Contains(errs, "clearance: subjects."+string(format)+" "+bad) || !strings.Contains(errs, "line longer than") {
				t.Errorf("unreadable rows not reported with file and line:\n%s", errs)
			}
			if _, err := os.Stat(s.Checkpoint); err != nil {
				t.Errorf("no checkpoint beside the output: %v", err)
			}
			js, err := c.Jobs(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, j := range js {
				if j.ID == s.Job.ID {
					found = true
					if !j.Done || !j.Published || j.Merged != j.Chunks || j.Chunks != 25 || j.Stats != stats || j.Queued != 0 {
						t.Errorf("job status %+v, want done, 25 chunks merged, stats %+v", j, stats)
					}
				}
			}
			if !found {
				t.Errorf("job %s not listed", s.Job.ID)
			}
		})
	}
}

// TestAWorkerDyingAnywhereLosesAndDuplicatesNothing stops a worker, as a
// kill would, at each point of a chunk's handling; its chunk goes to
// another worker after the ack wait.
func TestAWorkerDyingAnywhereLosesAndDuplicatesNothing(t *testing.T) {
	ns := startNATS(t)
	path := input(t, batchio.JSONL, 400)
	want := localBatch(t, path, batchio.JSONL)
	// "stored as an object": an output too large for a message, stored in
	// the object store.
	for _, point := range []string{"received", "accepted", "screening", "screened", "stored", "stored as an object"} {
		t.Run("at "+point, func(t *testing.T) {
			c := connect(t, ns, fastConfig)
			out := filepath.Join(t.TempDir(), "out.jsonl")
			s := submission(t, path, batchio.JSONL, nil, out)
			var stats batchio.Stats
			var err error
			submitted := make(chan struct{})
			go func() { stats, err = c.Submit(t.Context(), s); close(submitted) }()
			var once sync.Once
			died := false
			dc := connect(t, ns, fastConfig)
			stopAt := point
			if point == "stored as an object" {
				dc.maxOutputMsg, stopAt = 100, "stored"
			}
			dying := startWorker(t, dc, "doomed", testLists, func(p string) bool {
				if p != stopAt {
					return false
				}
				once.Do(func() { died = true })
				return died
			})
			select {
			case err := <-dying:
				if !errors.Is(err, errStopped) {
					t.Fatalf("worker: %v, want it stopped at %s", err, point)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("the worker never reached %s", point)
			}
			startWorker(t, connect(t, ns, fastConfig), "survivor", testLists, nil)
			<-submitted
			if err != nil {
				t.Fatal(err)
			}
			finish(t, s, out, want)
			if stats.Read != 400-400/53-1 {
				t.Errorf("%d rows merged, want each of %d once", stats.Read, 400-400/53-1)
			}
		})
	}
}

func TestAKilledSubmitterResumes(t *testing.T) {
	ns := startNATS(t)
	path := input(t, batchio.CSV, 1000)
	want := localBatch(t, path, batchio.CSV)
	startWorker(t, connect(t, ns, fastConfig), "w1", testLists, nil)
	for _, lost := range []bool{false, true} {
		name := "from its checkpoint"
		if lost {
			name = "without its checkpoint, from the start"
		}
		t.Run(name, func(t *testing.T) {
			c := connect(t, ns, fastConfig)
			out := filepath.Join(t.TempDir(), "out.csv")
			s := submission(t, path, batchio.CSV, nil, out)
			ctx, kill := context.WithCancel(t.Context())
			chunks := 0
			s.Progress = func(rows, offset int64) {
				if chunks++; chunks == 9 {
					kill()
				}
			}
			if _, err := c.Submit(ctx, s); !errors.Is(err, context.Canceled) {
				t.Fatalf("submit: %v, want it canceled", err)
			}
			s.Out.Write([]byte("rows written after the last checkpoint, lost in the crash\n"))
			s.Out.Close()
			if lost {
				os.Remove(s.Checkpoint)
			}

			job, err := c.Job(t.Context(), s.Job.ID)
			if err != nil {
				t.Fatal(err)
			}
			if job.Done || job.Problem == "" || job.Merged != 9 {
				t.Errorf("killed job's record %+v: want 9 chunks merged, not done, with the problem", job)
			}
			c2 := connect(t, ns, fastConfig)
			s2 := submission(t, path, batchio.CSV, job, out)
			s2.Resume = true
			if wantMerged := map[bool]int{false: 9, true: 0}[lost]; s2.Merged != wantMerged {
				t.Fatalf("resuming after %d chunks, want after %d", s2.Merged, wantMerged)
			}
			stats, err := c2.Submit(t.Context(), s2)
			if err != nil {
				t.Fatal(err)
			}
			finish(t, s2, out, want)
			if stats.Read != 1000-1000/53-1 {
				t.Errorf("%d rows, want each of %d once", stats.Read, 1000-1000/53-1)
			}
		})
	}
}

func TestTheServerRestartingMidJobLosesNothing(t *testing.T) {
	ns := startNATS(t)
	c := connect(t, ns, fastConfig)
	path := input(t, batchio.JSONL, 1000)
	want := localBatch(t, path, batchio.JSONL)
	startWorker(t, connect(t, ns, fastConfig), "w1", testLists, nil)
	startWorker(t, connect(t, ns, fastConfig), "w2", testLists, nil)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	s := submission(t, path, batchio.JSONL, nil, out)
	restarted := make(chan struct{})
	chunks := 0
	s.Progress = func(rows, offset int64) {
		if chunks++; chunks == 5 {
			go func() {
				ns.stop()
				time.Sleep(300 * time.Millisecond)
				ns.start()
				close(restarted)
			}()
		}
	}
	stats, err := c.Submit(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	<-restarted
	finish(t, s, out, want)
	if stats.Read != 1000-1000/53-1 {
		t.Errorf("%d rows, want each of %d once", stats.Read, 1000-1000/53-1)
	}
}

func TestAWorkerWithOtherListsRefusesTheJob(t *testing.T) {
	ns := startNATS(t)
	cfg := fastConfig
	cfg.MaxDeliver = 3
	c := connect(t, ns, cfg)
	path := input(t, batchio.JSONL, 200)
	want := localBatch(t, path, batchio.JSONL)
	wrong, stopWrong := context.WithCancel(t.Context())
	w := &Worker{Client: connect(t, ns, cfg), Screener: builtinIndex(t), ListVersion: "builtin@other", Name: "stale", Parallel: 1}
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(wrong) })
	out := filepath.Join(t.TempDir(), "out.jsonl")
	s := submission(t, path, batchio.JSONL, nil, out)
	_, err := c.Submit(t.Context(), s)
	stopWrong()
	wg.Wait()
	if !errors.Is(err, ErrStuck) || !strings.Contains(err.Error(), "worker stale refused job "+s.Job.ID+": it holds lists builtin@other, the job was submitted against "+testLists) {
		t.Fatalf("submit: %v, want the job stuck on the refusing worker, saying why", err)
	}
	if b, _ := os.ReadFile(out); len(b) != 0 {
		t.Fatalf("output of a job no worker could screen: %q", b)
	}
	js, _ := c.Jobs(t.Context())
	if len(js) != 1 || len(js[0].Notes) != 1 || js[0].Problem == "" {
		t.Errorf("jobs: %+v, want one with the refusal noted and the problem", js)
	}

	// A worker with the job's lists takes it up on resume.
	startWorker(t, connect(t, ns, cfg), "fresh", testLists, nil)
	s.Out.Close()
	job, _ := c.Job(t.Context(), s.Job.ID)
	s2 := submission(t, path, batchio.JSONL, job, out)
	s2.Resume = true
	if _, err := c.Submit(t.Context(), s2); err != nil {
		t.Fatal(err)
	}
	finish(t, s2, out, want)
}

var _ clearance.Screener = (*match.Index)(nil)

// TestOutputsAreStoredCompressed watches the outputs through a job, as
// messages on the output stream and, for a worker whose outputs do not
// fit in a message, as objects: every output a worker stores is
// S2-compressed and smaller than the output it holds, and the merged
// output is still the local batch's.
func TestOutputsAreStoredCompressed(t *testing.T) {
	ns := startNATS(t)
	path := input(t, batchio.JSONL, 400)
	want := localBatch(t, path, batchio.JSONL)
	for _, asObjects := range []bool{false, true} {
		t.Run(fmt.Sprintf("as objects %v", asObjects), func(t *testing.T) {
			c := connect(t, ns, fastConfig)
			type stored struct {
				name, encoding string
				size, plain    int
			}
			seen := make(chan stored, 100)
			if asObjects {
				w, err := c.results.Watch(t.Context(), jetstream.UpdatesOnly())
				if err != nil {
					t.Fatal(err)
				}
				defer w.Stop()
				go func() {
					for info := range w.Updates() {
						if info != nil && !info.Deleted {
							plain, _ := strconv.Atoi(info.Metadata["output_bytes"])
							seen <- stored{info.Name, info.Metadata["encoding"], int(info.Size), plain}
						}
					}
				}()
			} else {
				sub, err := c.nc.Subscribe(outputSubject+".>", func(m *nats.Msg) {
					plain, _ := strconv.Atoi(m.Header.Get(outputHeader("output_bytes")))
					seen <- stored{m.Subject, m.Header.Get(outputHeader("encoding")), len(m.Data), plain}
				})
				if err != nil {
					t.Fatal(err)
				}
				defer sub.Unsubscribe()
			}
			wc := connect(t, ns, fastConfig)
			if asObjects {
				wc.maxOutputMsg = 100 // every output is larger
			}
			startWorker(t, wc, "w1", testLists, nil)
			out := filepath.Join(t.TempDir(), "out.jsonl")
			s := submission(t, path, batchio.JSONL, nil, out)
			if _, err := c.Submit(t.Context(), s); err != nil {
				t.Fatal(err)
			}
			finish(t, s, out, want)
			for i := range 10 {
				select {
				case o := <-seen:
					if o.encoding != encodingS2 || o.size >= o.plain {
						t.Fatalf("output %s stored as %q, %d bytes for %d of output", o.name, o.encoding, o.size, o.plain)
					}
				case <-time.After(5 * time.Second):
					t.Fatalf("saw %d outputs stored, want 10", i)
				}
			}
		})
	}
}

// TestAnUncompressedOutputIsMerged stores chunk outputs as a worker that
// predates compression does (plain, no encoding in the metadata), and one
// in an encoding the submitter does not know: the first is merged, the
// second stops the job saying why.
func TestAnUncompressedOutputIsMerged(t *testing.T) {
	ns := startNATS(t)
	c := connect(t, ns, fastConfig)
	path := input(t, batchio.JSONL, 30) // one chunk
	want := localBatch(t, path, batchio.JSONL)
	for _, enc := range []string{"", "zstd"} {
		t.Run("encoding "+strconv.Quote(enc), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.jsonl")
			s := submission(t, path, batchio.JSONL, nil, out)
			body := want // the local batch's rows, as an old worker would store them
			meta := map[string]string{"worker": "old", "list_version": testLists, "output_bytes": strconv.Itoa(len(body)), "read": "30"}
			if enc != "" {
				meta["encoding"] = enc
			}
			if _, err := c.results.Put(t.Context(), jetstream.ObjectMeta{Name: resultName(s.Job.ID, 0), Metadata: meta}, bytes.NewReader(body)); err != nil {
				t.Fatal(err)
			}
			_, err := c.Submit(t.Context(), s)
			if enc != "" {
				if err == nil || !strings.Contains(err.Error(), `output encoded as "zstd"`) {
					t.Fatalf("submit: %v, want the unknown encoding named", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			finish(t, s, out, want)
		})
	}
}

// TestChunksAreSentCompressed looks at a chunk on the stream: its lines
// are S2-compressed and say so. The test then puts it back plain, as a
// submitter that predates compression sends it, and the worker screens
// it all the same.
func TestChunksAreSentCompressed(t *testing.T) {
	ns := startNATS(t)
	c := connect(t, ns, fastConfig)
	path := input(t, batchio.JSONL, 300)
	want := localBatch(t, path, batchio.JSONL)
	raw, _ := os.ReadFile(path)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	s := submission(t, path, batchio.JSONL, nil, out)
	submitted := make(chan error, 1)
	go func() { _, err := c.Submit(t.Context(), s); submitted <- err }()
	var m *jetstream.RawStreamMsg
	for deadline := time.Now().Add(10 * time.Second); m == nil; {
		m, _ = c.chunks.GetLastMsgForSubject(t.Context(), chunkSubj(s.Job.ID, 0))
		if m == nil && time.Now().After(deadline) {
			t.Fatal("chunk 0 never published")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if m.Header.Get(hdrEncoding) != encodingS2 {
		t.Fatalf("chunk headers %v: want %s %s", m.Header, hdrEncoding, encodingS2)
	}
	lines, err := s2.Decode(nil, m.Data)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) == 0 || !bytes.HasPrefix(raw, lines) || lines[len(lines)-1] != '\n' || len(m.Data) >= len(lines) {
		t.Fatalf("chunk 0: %d bytes decoding to %d: want the input's first lines, compressed", len(m.Data), len(lines))
	}

	plain := nats.NewMsg(m.Subject)
	for k, v := range m.Header {
		if k != hdrEncoding && k != jetstream.MsgIDHeader { // the same ID would be dropped as a duplicate
			plain.Header[k] = v
		}
	}
	plain.Data = lines
	if err := c.chunks.DeleteMsg(t.Context(), m.Sequence); err != nil {
		t.Fatal(err)
	}
	if _, err := c.js.PublishMsg(t.Context(), plain); err != nil {
		t.Fatal(err)
	}
	startWorker(t, connect(t, ns, fastConfig), "w1", testLists, nil)
	if err := <-submitted; err != nil {
		t.Fatal(err)
	}
	finish(t, s, out, want)
}

// TestOutputsGoWhereTheSubmitterReads stores an output for a job of a
// submitter that reads the output stream, for one that predates it, and
// one too large for a message: each is found where it should be, and
// loadOutput reads every one back with its metadata.
func TestOutputsGoWhereTheSubmitterReads(t *testing.T) {
	ns := startNATS(t)
	c := connect(t, ns, fastConfig)
	c.maxOutputMsg = 1000
	meta := map[string]string{"worker": "w", "list_version": testLists, "output_bytes": "3", "read": "1", "encoding": encodingS2}
	for _, tc := range []struct {
		name, outputs string
		size          int
		inObject      bool
	}{
		{"stream", OutputsOnStream, 1000, false},
		{"older submitter", "", 10, true},
		{"too large for a message", OutputsOnStream, 1001, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			job := &Job{ID: "j" + keySafe(tc.name), Outputs: tc.outputs}
			body := bytes.Repeat([]byte{'x'}, tc.size)
			if err := c.storeOutput(t.Context(), job, 7, meta, body); err != nil {
				t.Fatal(err)
			}
			_, objErr := c.results.GetInfo(t.Context(), resultName(job.ID, 7))
			_, msgErr := c.outputs.GetLastMsgForSubject(t.Context(), outputSubj(job.ID, 7))
			if (objErr == nil) != tc.inObject || (msgErr == nil) == tc.inObject {
				t.Fatalf("object: %v, message: %v; want it in the object store: %v", objErr, msgErr, tc.inObject)
			}
			var buf bytes.Buffer
			o, err := c.loadOutput(t.Context(), job.ID, 7, &buf)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(o.body, body) || o.inObject != tc.inObject || !maps.Equal(o.meta, meta) {
				t.Fatalf("read back %d bytes, in object %v, metadata %v", len(o.body), o.inObject, o.meta)
			}
			if has, err := c.hasOutput(t.Context(), job.ID, 7); !has || err != nil {
				t.Fatalf("hasOutput: %v, %v", has, err)
			}
			c.dropOutput(t.Context(), job.ID, 7, o)
			if has, err := c.hasOutput(t.Context(), job.ID, 7); has || err != nil {
				t.Fatalf("after dropOutput, hasOutput: %v, %v", has, err)
			}
			if _, err := c.loadOutput(t.Context(), job.ID, 7, &buf); !errors.Is(err, errNoOutput) {
				t.Fatalf("after dropOutput, loadOutput: %v", err)
			}
		})
	}
}
