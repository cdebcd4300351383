package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is one instance's part in a group of `clearance serve` instances
// on one database: it elects one leader among them, and tells the
// instance when another one recorded a new list state.
//
// Leadership is a session-level advisory lock (pg_try_advisory_lock) held
// on a connection of its own, outside the store's pool. PostgreSQL releases
// it when that connection ends — the process exits or is killed, its host
// or network goes — and another instance, trying every Retry, takes it.
// The lock's key is derived from the schema, so stores in different schemas
// of one database each have their leader.
//
// List changes come by LISTEN on another connection of its own (migration
// 004 notifies on every write of the list state); a dropped listener is
// reconnected, and the server polls the state as well, so a missed
// notification delays a follower by one poll at most.
type Cluster struct {
	url   string
	log   *slog.Logger
	retry time.Duration

	leading atomic.Bool
	changes chan struct{}
	decided chan struct{} // closed after the first try for the lock
	once    sync.Once
}

// ClusterOptions tune a Cluster. The zero value is the default.
type ClusterOptions struct {
	Logger *slog.Logger
	// Retry is how often a follower tries to take the lock, and how often
	// the leader checks its lock connection. Zero means 1 s.
	Retry time.Duration
}

// NewCluster returns a Cluster for the database at url (the URL the store
// was opened with). It does nothing until Run.
func NewCluster(url string, o ClusterOptions) *Cluster {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Retry <= 0 {
		o.Retry = time.Second
	}
	return &Cluster{url: url, log: o.Logger, retry: o.Retry, changes: make(chan struct{}, 1), decided: make(chan struct{})}
}

// IsLeader reports whether this instance holds the leader's lock.
func (c *Cluster) IsLeader() bool { return c.leading.Load() }

// Decided is closed once this instance has first tried for the lock
// (whether it got it or not), so that an instance about to lead does not
// first start as a follower.
func (c *Cluster) Decided() <-chan struct{} { return c.decided }

func (c *Cluster) decide() { c.once.Do(func() { close(c.decided) }) }

// ListChanges receives when another instance may have saved a new list
// state.
func (c *Cluster) ListChanges() <-chan struct{} { return c.changes }

// Run takes part in the election and listens for list changes until ctx
// ends; then it closes its connections, which gives up the lock.
func (c *Cluster) Run(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.listen(ctx)
	}()
	c.lead(ctx)
	<-done
}

// leaderLock takes the schema's leader lock if it is free.
const leaderLock = "SELECT pg_try_advisory_lock(hashtext('clearance leader ' || current_schema()))"

func (c *Cluster) lead(ctx context.Context) {
	defer c.leading.Store(false)
	defer c.decide()
	for ctx.Err() == nil {
		if err := c.holdLock(ctx); err != nil && ctx.Err() == nil {
			c.decide() // no database: follow (or wait) meanwhile
			c.log.Warn("cluster: leader lock", "err", err)
		}
		sleep(ctx, c.retry)
	}
}

// holdLock connects, tries for the lock until it has it, and holds it
// until the connection fails or ctx ends.
func (c *Cluster) holdLock(ctx context.Context) error {
	conn, err := c.connect(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if c.leading.Swap(false) {
			c.log.Warn("cluster: no longer the leader")
		}
		cctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn.Close(cctx) // ends the session: the lock goes with it
		cancel()
	}()
	// A leader cut off from the database (its host frozen, the network
	// gone) sends no FIN: the server would keep its session, and the lock,
	// until TCP keepalives gave up, by default hours later. The leader's
	// session is never idle for long (it answers a ping every Retry), so
	// an idle timeout ends only a session whose client is gone. Servers
	// before PostgreSQL 14 lack the setting and rely on keepalives.
	if _, err := conn.Exec(ctx, fmt.Sprintf("SET idle_session_timeout = %d", c.idleTimeout().Milliseconds())); err != nil {
		c.log.Debug("cluster: idle_session_timeout not set", "err", err)
	}
	for {
		var ok bool
		if err := c.query(ctx, conn, leaderLock, &ok); err != nil {
			return err
		}
		if ok {
			break
		}
		c.decide()
		if !sleep(ctx, c.retry) {
			return nil
		}
	}
	c.leading.Store(true)
	c.decide()
	c.log.Info("cluster: this instance is the leader")
	for sleep(ctx, c.retry) {
		// The lock is the session's: as long as the session answers, it
		// is held.
		var one int
		if err := c.query(ctx, conn, "SELECT 1", &one); err != nil {
			return err
		}
	}
	return nil
}

// idleTimeout is how long the server keeps a lock session that stopped
// answering: long beside the pings, short beside a takeover.
func (c *Cluster) idleTimeout() time.Duration { return max(5*time.Second, 5*c.retry) }

func (c *Cluster) query(ctx context.Context, conn *pgx.Conn, q string, dst any) error {
	qctx, cancel := context.WithTimeout(ctx, c.retry+2*time.Second)
	defer cancel()
	return conn.QueryRow(qctx, q).Scan(dst)
}

func (c *Cluster) connect(ctx context.Context) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return pgx.Connect(cctx, c.url)
}

func (c *Cluster) listen(ctx context.Context) {
	for ctx.Err() == nil {
		if err := c.listenOnce(ctx); err != nil && ctx.Err() == nil {
			c.log.Warn("cluster: listen for list changes", "err", err)
		}
		sleep(ctx, c.retry)
	}
}

func (c *Cluster) listenOnce(ctx context.Context) error {
	conn, err := c.connect(ctx)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	var schema string
	if err := c.query(ctx, conn, "SELECT current_schema()", &schema); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "LISTEN clearance_lists"); err != nil {
		return err
	}
	// A change may have come while not listening.
	c.signal()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		}
		if s, _, ok := strings.Cut(n.Payload, " "); ok && s == schema {
			c.signal()
		}
	}
}

func (c *Cluster) signal() {
	select {
	case c.changes <- struct{}{}:
	default:
	}
}

// sleep waits d and reports whether ctx is still alive.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
