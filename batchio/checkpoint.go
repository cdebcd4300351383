package batchio

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Checkpoint records how far a batch got: the rows before In of the input
// are the first Out bytes of the output, durably. A run that stops (a
// crash, Ctrl-C, a lost machine) resumes from it: the output is cut back
// to Out and the input read from In, so every row is written exactly once.
type Checkpoint struct {
	// Job is the distributed job's ID, "" for a local batch.
	Job string `json:"job,omitempty"`
	// The input, as it was: a changed file is not resumed.
	Input        string    `json:"input"`
	InputSize    int64     `json:"input_size"`
	InputModTime time.Time `json:"input_mod_time"`
	Format       Format    `json:"format"`
	ListVersion  string    `json:"list_version"`
	Settings     Settings  `json:"settings"`

	In    Pos       `json:"in"`
	Out   int64     `json:"out"`
	Chunk int       `json:"chunk,omitempty"` // distributed: chunks merged
	Stats Stats     `json:"stats"`
	Saved time.Time `json:"saved"`
}

// Same reports why a checkpoint cannot resume the run described by want,
// or nil when it can.
func (c *Checkpoint) Same(want *Checkpoint) error {
	switch {
	case c.Input != want.Input || c.InputSize != want.InputSize || !c.InputModTime.Equal(want.InputModTime):
		return fmt.Errorf("it was made for %s (%d bytes, modified %s), not this input (%d bytes, modified %s)",
			c.Input, c.InputSize, c.InputModTime.Format(time.RFC3339), want.InputSize, want.InputModTime.Format(time.RFC3339))
	case c.ListVersion != want.ListVersion:
		return fmt.Errorf("it was made with lists %s, these are %s", c.ListVersion, want.ListVersion)
	case c.Settings != want.Settings || c.Format != want.Format:
		return fmt.Errorf("it was made with other settings (%+v %s, now %+v %s)", c.Settings, c.Format, want.Settings, want.Format)
	case c.Job != want.Job:
		return fmt.Errorf("it belongs to job %q, not %q", c.Job, want.Job)
	}
	return nil
}

// LoadCheckpoint reads a checkpoint; it returns nil and no error when the
// file does not exist.
func LoadCheckpoint(path string) (*Checkpoint, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c Checkpoint
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return &c, nil
}

// Save writes the checkpoint atomically and durably: to a temporary file,
// synced, renamed over path, and the folder synced, so that a crash leaves
// either the old checkpoint or the new one.
func (c *Checkpoint) Save(path string) error {
	c.Saved = time.Now().UTC()
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("checkpoint: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Output is a batch's output: a file that can be cut back to a checkpoint
// and synced, or a plain stream (standard output) that cannot.
type Output struct {
	f  *os.File
	bw *bufio.Writer
	n  int64
}

// CreateOutput opens path for writing from offset at, cutting off what
// lies beyond: 0 for a new run, a checkpoint's Out to resume.
func CreateOutput(path string, at int64) (*Output, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		if fi.Size() < at {
			f.Close()
			return nil, fmt.Errorf("%s holds %d bytes, fewer than the checkpoint's %d: it was changed since", path, fi.Size(), at)
		}
		if err := f.Truncate(at); err != nil {
			f.Close()
			return nil, err
		}
	}
	if _, err := f.Seek(at, io.SeekStart); err != nil && at > 0 {
		f.Close()
		return nil, err
	}
	return &Output{f: f, bw: bufio.NewWriterSize(f, 1<<16), n: at}, nil
}

// Resumable reports whether the output is a regular file, which can be
// synced and cut back to a checkpoint.
func (o *Output) Resumable() bool {
	if o.f == nil {
		return false
	}
	fi, err := o.f.Stat()
	return err == nil && fi.Mode().IsRegular()
}

// StreamOutput writes to w, which cannot be synced or cut back.
func StreamOutput(w io.Writer) *Output { return &Output{bw: bufio.NewWriterSize(w, 1<<16)} }

func (o *Output) Write(p []byte) (int, error) {
	n, err := o.bw.Write(p)
	o.n += int64(n)
	return n, err
}

// Offset is the number of bytes in the output.
func (o *Output) Offset() int64 { return o.n }

// Sync flushes the output and, for a file, makes it durable.
func (o *Output) Sync() error {
	if err := o.bw.Flush(); err != nil {
		return err
	}
	return o.syncFile()
}

// syncFile makes what was flushed durable. It may run beside Write.
func (o *Output) syncFile() error {
	if o.f == nil {
		return nil
	}
	if err := o.f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) && !isUnsyncable(err) {
		return err
	}
	return nil
}

// Checkpointer saves a batch's checkpoints without stopping it: Start
// flushes the output on the caller's goroutine, then another goroutine
// syncs the output and writes the checkpoint while the batch goes on
// writing rows after the flushed ones. Syncing takes tens of milliseconds
// on a disk; a batch that waited for it every 20,000 rows lost about a
// tenth of its throughput. At most one save is in flight.
type Checkpointer struct {
	out  *Output
	path string
	done chan error // the save in flight, nil when none is
	err  error      // the last save's, until Start or Wait returns it
}

// NewCheckpointer saves checkpoints of out at path.
func NewCheckpointer(out *Output, path string) *Checkpointer {
	return &Checkpointer{out: out, path: path}
}

// Busy reports whether a save is still in flight.
func (c *Checkpointer) Busy() bool {
	if c.done == nil {
		return false
	}
	select {
	case c.err = <-c.done:
		c.done = nil
		return false
	default:
		return true
	}
}

// Start flushes the output and begins saving ck with ck.Out set to the
// flushed length. It first waits for the save in flight and returns the
// last save's error, if it failed; call Busy first not to wait.
func (c *Checkpointer) Start(ck Checkpoint) error {
	if err := c.Wait(); err != nil {
		return err
	}
	if err := c.out.bw.Flush(); err != nil {
		return err
	}
	ck.Out = c.out.Offset()
	c.done = make(chan error, 1)
	go func() {
		err := c.out.syncFile()
		if err == nil {
			err = ck.Save(c.path)
		}
		c.done <- err
	}()
	return nil
}

// Wait waits for the save in flight, if any, and returns the last save's
// error.
func (c *Checkpointer) Wait() error {
	if c.done != nil {
		c.err = <-c.done
		c.done = nil
	}
	err := c.err
	c.err = nil
	return err
}

// Close flushes and closes the output.
func (o *Output) Close() error {
	err := o.bw.Flush()
	if o.f != nil {
		if cerr := o.f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}
