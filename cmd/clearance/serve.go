package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
	"github.com/clearance-screening/clearance/server"
	"github.com/clearance-screening/clearance/store/postgres"
	"github.com/clearance-screening/clearance/store/sqlite"
)

var errNoDB = errors.New("--db is required (an SQLite file, or a postgres:// URL; or set $CLEARANCE_DB)")

// openStore opens the database a --db flag names: a postgres:// URL, or
// else an SQLite file (created if missing), with its audit trail kept as
// audit says.
func openStore(ctx context.Context, dsn string, audit clearance.AuditConfig) (clearance.Store, error) {
	if dsn == "" {
		return nil, errNoDB
	}
	if isPostgres(dsn) {
		return postgres.OpenWith(ctx, dsn, audit)
	}
	return sqlite.OpenWith(dsn, audit)
}

// envOr returns the environment variable's value, or def when unset.
func (e *env) envOr(name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

// runServe runs the screening service until ctx ends (SIGINT, SIGTERM),
// then drains requests in flight and closes the database.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("serve", "--db FILE-or-URL [--addr HOST:PORT] [--lists DIR] [flags]", "Serve the screening API and the analysts' web page.")
	addr := fs.String("addr", e.envOr("CLEARANCE_ADDR", "127.0.0.1:8080"), "listen address ($CLEARANCE_ADDR)")
	dsn := fs.String("db", e.getenv("CLEARANCE_DB"), "SQLite file or postgres:// URL ($CLEARANCE_DB)")
	update := fs.Bool("update", e.getenv("CLEARANCE_UPDATE") == "1", "download the official lists into the cache at each refresh ($CLEARANCE_UPDATE=1)")
	every := fs.Duration("refresh-every", 0, "reload the lists this often, e.g. 1h; 0 only at start and on POST /v1/lists/refresh ($CLEARANCE_REFRESH_EVERY)")
	var hooks stringList
	fs.Var(&hooks, "webhook", "URL to POST each opened alert to; repeatable ($CLEARANCE_WEBHOOKS, comma-separated)")
	secret := fs.String("webhook-secret", e.getenv("CLEARANCE_WEBHOOK_SECRET"), "HMAC-SHA256 key for the Clearance-Signature header ($CLEARANCE_WEBHOOK_SECRET)")
	record := fs.Bool("record-screenings", e.envOr("CLEARANCE_RECORD_SCREENINGS", "true") == "true", "store every screening answered by /v1/screen and /v1/screen/batch, not only those of subjects ($CLEARANCE_RECORD_SCREENINGS)")
	maxBody := fs.Int64("max-body", 4<<20, "largest request body in bytes")
	maxBatch := fs.Int("max-batch", 1000, "most queries in one batch request")
	logFormat := fs.String("log-format", e.envOr("CLEARANCE_LOG_FORMAT", "json"), "json or text ($CLEARANCE_LOG_FORMAT)")
	logLevel := fs.String("log-level", e.envOr("CLEARANCE_LOG_LEVEL", "info"), "debug, info, warn or error ($CLEARANCE_LOG_LEVEL)")
	review := addReviewFlags(fs)
	secure := fs.Bool("secure-cookies", false, "mark the web page's cookie Secure and expect https in the Origin of form posts (behind HTTPS)")
	sso := e.addOIDCFlags(fs) // users.go
	audit := e.addAuditFlags(fs, "audit-checkpoints")
	cpEvery := fs.Int64("audit-checkpoint-every", 1000, "write a signed audit checkpoint every this many records")
	cpInterval := fs.Duration("audit-checkpoint-interval", time.Minute, "and at least this often while records are written")
	if v := e.getenv("CLEARANCE_REFRESH_EVERY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("$CLEARANCE_REFRESH_EVERY: %w", err)
		}
		*every = d
	}
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	reviewPolicy, err := review.policy()
	if err != nil {
		return err
	}
	if len(hooks) == 0 && e.getenv("CLEARANCE_WEBHOOKS") != "" {
		hooks = strings.Split(e.getenv("CLEARANCE_WEBHOOKS"), ",")
	}
	if len(hooks) > 0 && *secret == "" {
		return errors.New("--webhook needs --webhook-secret (or $CLEARANCE_WEBHOOK_SECRET) to sign the messages")
	}
	logs := newLogWriter(e.stderr, 100*time.Millisecond)
	defer logs.Close()
	log, err := newLogger(logs, *logFormat, *logLevel)
	if err != nil {
		return err
	}
	st, err := e.openAuditedStore(ctx, *dsn, audit, *cpEvery, *cpInterval, func(c *clearance.AuditConfig) { c.Logger = log })
	if err != nil {
		return err
	}
	// Closing the store writes the last checkpoint.
	defer st.Close()
	keyPath, cpPath := audit.paths(*dsn)
	if cpPath == "" {
		log.Warn("no --audit-checkpoints file: audit checkpoints go to this log only; keep it, or records cut from the end of the trail will not show")
	}
	log.Info("audit trail", "key_file", keyPath, "checkpoints", cpPath, "checkpoint_every", *cpEvery, "checkpoint_interval", cpInterval.String())

	// Several instances on one PostgreSQL database elect one leader, which
	// alone refreshes the lists and re-screens the subjects; the others
	// load the version it records. An SQLite file has one instance.
	var cluster *postgres.Cluster
	var clusterCfg server.Cluster
	if isPostgres(*dsn) {
		cluster = postgres.NewCluster(*dsn, postgres.ClusterOptions{Logger: log})
		clusterCfg = cluster
	}
	srv := server.New(server.Config{
		Store: st, Logger: log, Version: buildInfo().short(), Cluster: clusterCfg,
		Load:         e.serveLoader(log, *update, !e.noBuiltin),
		LoadCached:   e.serveLoader(log, false, !e.noBuiltin),
		IndexOptions: match.Options{Threshold: e.threshold},
		Checks:       lists.Checks{Force: e.force},
		MaxListAge:   e.maxAge,
		Webhooks:     hooks, WebhookSecret: *secret,
		MaxBodyBytes: *maxBody, MaxBatch: *maxBatch,
		RecordScreenings: *record, SecureCookies: *secure,
		Review: reviewPolicy,
	})
	if err := sso.enable(ctx, srv); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := server.NewHTTPServer(*addr, srv, log)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	// Tools and tests read this line for the address (with --addr :0).
	fmt.Fprintf(e.stderr, "clearance: serving on http://%s\n", ln.Addr())
	log.Info("listening", "addr", ln.Addr().String(), "db", redact(*dsn), "record_screenings", *record, "webhooks", len(hooks))

	bg, stopBG := context.WithCancel(context.Background())
	defer stopBG()
	var clusterDone chan struct{}
	if cluster != nil {
		clusterDone = make(chan struct{})
		go func() {
			defer close(clusterDone)
			cluster.Run(bg)
		}()
		go srv.RunCluster(bg, server.ClusterOptions{})
		if *every > 0 {
			go srv.RunRefresher(bg, *every)
		}
	} else {
		go func() {
			// Listening first lets /healthz answer (and /readyz say "not yet")
			// while the lists load.
			for {
				if _, err := srv.Refresh(bg); err == nil || bg.Err() != nil {
					break
				}
				select {
				case <-bg.Done():
					return
				case <-time.After(30 * time.Second):
				}
			}
			if *every > 0 {
				srv.RunRefresher(bg, *every)
			}
		}()
	}
	go srv.RunWebhooks(bg, server.WebhookOptions{})

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests")
	stopBG()
	if clusterDone != nil {
		<-clusterDone // the leader's lock is given up at once, not when the process ends
	}
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// serveLoader loads the lists for a refresh: from --lists, else from the
// cache (downloading into it first with --update), else the built-in set
// alone. The sources that fail to load or are refused come back as errors
// beside the datasets that loaded: the server keeps their previous
// version and says so. A download the Updater refused is reported the
// same way, with the cached copy (the previous version) loaded.
func (e *env) serveLoader(log *slog.Logger, update, builtin bool) func(context.Context) ([]lists.Dataset, error) {
	return func(ctx context.Context) ([]lists.Dataset, error) {
		var updateRefused []error
		dir := e.listsDir
		if dir == "" && e.cacheDir != "" {
			if update {
				if err := os.MkdirAll(e.cacheDir, 0o755); err != nil {
					return nil, err
				}
				u := &lists.Updater{CacheDir: e.cacheDir, Checks: lists.Checks{Force: e.force}, Logf: func(f string, a ...any) { log.Info(fmt.Sprintf(f, a...)) }}
				res, err := u.Update(ctx)
				if err != nil {
					return nil, err
				}
				for _, r := range res {
					log.Info("list update", "key", r.Key, "status", string(r.Status), "entities", r.Entities, "message", r.Message)
					var re *lists.RefusedError
					if errors.As(r.Err, &re) {
						updateRefused = append(updateRefused, re)
					}
				}
			}
			if e.cachePresent() {
				dir = e.cacheDir
			}
		}
		var ds []lists.Dataset
		errs := updateRefused
		if dir != "" {
			var lerrs []error
			ds, lerrs = lists.LoadDir(dir, nil)
			errs = append(errs, lerrs...)
		}
		if dir != "" && dir == e.cacheDir {
			// A download refused before this refresh (by an earlier run, or
			// by 'clearance update') is still news: the cache is behind.
			seen := map[string]bool{}
			for _, err := range updateRefused {
				var re *lists.RefusedError
				if errors.As(err, &re) {
					seen[re.Key] = true
				}
			}
			for _, st := range lists.CacheStatus(dir) {
				if st.RefusedReason != "" && !seen[st.Key] {
					errs = append(errs, &lists.RefusedError{Key: st.Key, Reason: st.RefusedReason, Err: errors.New(st.Refused)})
				}
			}
		}
		if builtin || len(ds) == 0 {
			b, err := lists.Builtin()
			if err != nil {
				return nil, err
			}
			// Only what the official lists lack: one alert per target.
			ds = append(ds, lists.Supplement(b, ds))
		}
		return ds, errors.Join(errs...)
	}
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want json or text", format)
}

// redact hides a database URL's password in logs.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.LastIndex(dsn, "@"); at > i {
			if colon := strings.Index(dsn[i+3:at], ":"); colon >= 0 {
				return dsn[:i+3+colon] + ":***" + dsn[at:]
			}
		}
	}
	return dsn
}

// stringList collects a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// logWriter buffers log lines and writes them out every so often. The
// service logs every request; a write to stderr for each line cost about
// a tenth of the CPU of a screening at thousands a second. A line waits at
// most the flush interval (the audit trail, not the log, is the record
// that must survive a crash), and Close writes out the rest.
type logWriter struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newLogWriter(w io.Writer, every time.Duration) *logWriter {
	lw := &logWriter{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(lw.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-lw.stop:
				return
			case <-t.C:
				lw.flush()
			}
		}
	}()
	return lw
}

func (lw *logWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.w.Write(p)
}

func (lw *logWriter) flush() {
	lw.mu.Lock()
	lw.w.Flush() //nolint:errcheck // nowhere to report a failing stderr
	lw.mu.Unlock()
}

// Close stops the flusher and writes out what is buffered.
func (lw *logWriter) Close() {
	close(lw.stop)
	<-lw.done
	lw.flush()
}
