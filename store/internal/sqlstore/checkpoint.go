package sqlstore

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/clearance-screening/clearance"
)

// Default checkpoint spacing: at thousands of screenings a second a
// checkpoint every 1000 records is a few file appends a second; on a quiet
// service the minute bounds what can be cut from the end unseen.
const (
	defaultCheckpointEvery    = 1000
	defaultCheckpointInterval = time.Minute
)

// checkpointer writes signed checkpoints of the head this store committed
// to the checkpoint file and the log, off the writer's path: the writer
// only records the head it committed and, every CheckpointEvery records,
// wakes it.
type checkpointer struct {
	cfg  clearance.AuditConfig
	log  *slog.Logger
	wake chan struct{}
	quit chan struct{}
	done chan struct{}

	mu       sync.Mutex
	seq      int64  // the head this store last committed
	hash     string // and its hash
	written  int64  // the seq of the last checkpoint written
	wakeSent bool
}

func newCheckpointer(cfg clearance.AuditConfig) *checkpointer {
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = defaultCheckpointEvery
	}
	if cfg.CheckpointInterval <= 0 {
		cfg.CheckpointInterval = defaultCheckpointInterval
	}
	c := &checkpointer{cfg: cfg, log: cfg.Logger, wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	go c.run()
	return c
}

// committed records the head after a commit.
func (c *checkpointer) committed(seq int64, hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq <= c.seq {
		return
	}
	c.seq, c.hash = seq, hash
	// The first commit since the store opened is checkpointed at once:
	// the trail may have grown a lot since the last checkpoint.
	if !c.wakeSent && (c.written == 0 || seq-c.written >= c.cfg.CheckpointEvery) {
		c.wakeSent = true
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	tick := time.NewTicker(c.cfg.CheckpointInterval)
	defer tick.Stop()
	for {
		select {
		case <-c.quit:
			c.write()
			return
		case <-c.wake:
		case <-tick.C:
		}
		c.write()
	}
}

// write appends a checkpoint of the last committed head if it is new.
func (c *checkpointer) write() {
	c.mu.Lock()
	cp := clearance.AuditCheckpoint{Seq: c.seq, Hash: c.hash, Time: time.Now().UTC()}
	due := c.seq > 0 && c.seq != c.written
	c.wakeSent = false
	c.mu.Unlock()
	if !due {
		return
	}
	c.cfg.Key.Sign(&cp)
	c.log.Info("audit checkpoint", "seq", cp.Seq, "hash", cp.Hash, "time", cp.Time.Format(time.RFC3339Nano), "mac", cp.MAC)
	if c.cfg.CheckpointFile != "" {
		if err := appendCheckpoint(c.cfg.CheckpointFile, cp); err != nil {
			c.log.Error("audit checkpoint", "file", c.cfg.CheckpointFile, "err", err)
			return // try again at the next wake or tick
		}
	}
	c.mu.Lock()
	c.written = cp.Seq
	c.mu.Unlock()
}

// appendCheckpoint appends one line to the file and syncs it, so a
// checkpoint reported written survives a crash.
func appendCheckpoint(path string, cp clearance.AuditCheckpoint) error {
	line, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("append to %s: %v", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %v", path, err)
	}
	return f.Close()
}

// close writes the last checkpoint and stops.
func (c *checkpointer) close() {
	close(c.quit)
	<-c.done
}

// readCheckpoints reads and checks the store's checkpoint file; a file
// not there yet holds none.
func (s *Store) readCheckpoints() ([]clearance.AuditCheckpoint, bool, error) {
	path := s.audit.CheckpointFile
	if path == "" || s.audit.Key == nil {
		return nil, false, nil
	}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	cps, err := clearance.ReadAuditCheckpoints(f, s.audit.Key)
	if err != nil {
		return nil, true, fmt.Errorf("%s: %v", path, err)
	}
	return cps, true, nil
}
