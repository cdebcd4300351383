// Package server is clearance's screening service over HTTP: the JSON API
// (screen, subjects, alerts, audit, lists), the analysts' web page, health
// and metrics endpoints, and the monitor that re-screens stored subjects
// when the lists change and tells webhooks about the alerts it opens.
//
// A Server screens against an immutable Snapshot of the lists held in an
// atomic pointer: a refresh builds the next snapshot beside the current one
// and swaps it in, so requests never lock and never see half a list. All
// state worth keeping (subjects, screenings, alerts, decisions, the audit
// trail, API keys, the webhook outbox) lives in a clearance.Store.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// Config is what a Server runs with. Store is required; the rest has
// defaults.
type Config struct {
	Store  clearance.Store
	Logger *slog.Logger

	// Load reads the lists for a refresh (from a folder, or after an
	// Updater has filled the cache). Nil disables refreshing.
	Load func(ctx context.Context) ([]lists.Dataset, error)
	// LoadCached, if set, is what a follower (see Cluster) loads the
	// leader's version with: Load without downloading, since the leader
	// downloaded into the shared cache. Nil means Load.
	LoadCached func(ctx context.Context) ([]lists.Dataset, error)
	// IndexOptions are used for every snapshot a refresh builds.
	IndexOptions match.Options
	// Checks are the plausibility checks each refreshed source must pass
	// against the version the store last recorded (shrink, older date);
	// a source that fails keeps its previous version.
	Checks lists.Checks
	// MaxListAge is the data age past which a list is reported stale;
	// zero means lists.DefaultMaxAge.
	MaxListAge time.Duration

	// Webhooks receive a signed POST for each alert opened.
	Webhooks []string
	// WebhookSecret keys the HMAC-SHA256 signature of webhook bodies.
	WebhookSecret string

	// MaxBodyBytes caps a request body; zero means 4 MiB.
	MaxBodyBytes int64
	// MaxBatch caps the queries of one batch request; zero means 1000.
	MaxBatch int
	// RecordScreenings stores every screening made through /v1/screen and
	// /v1/screen/batch (not only those of stored subjects) before
	// answering, so the record holds every answer the service gave.
	RecordScreenings bool

	// Cluster, when several instances share the database, elects the one
	// that refreshes the lists; nil means this instance is alone.
	Cluster Cluster

	// SecureCookies marks the web page's session cookie Secure (set it
	// when the service is reached over HTTPS), and makes form posts need
	// an https Origin (or Referer) even where the TLS ends before this
	// server.
	SecureCookies bool

	// Review says which closing decisions need a second person with the
	// reviewer role; nil means clearance.DefaultReviewPolicy().
	Review *clearance.ReviewPolicy

	// Version is the build's version, as MCP clients are told it.
	Version string

	// now replaces time.Now in tests.
	now func() time.Time
}

// Server is the screening service. It is an http.Handler.
type Server struct {
	cfg     Config
	store   clearance.Store
	log     *slog.Logger
	snap    atomic.Pointer[Snapshot]
	mux     *http.ServeMux
	routes  []route
	metrics *metrics

	keys      keyCache
	fails     failLimiter  // failed sign-ins per client
	sessions  sessionTable // the web page's
	auth      authState    // named users' sign-in (users.go, oidc.go)
	refreshMu sync.Mutex   // one refresh at a time
	refused   atomic.Pointer[[]SourceRefusal]
	sync      atomic.Pointer[listSync] // against the leader's version
	wake      chan struct{}
	hire      *hireService // remote-hire population (hire.go)
}

// New returns a server with no lists loaded: /readyz fails and screening
// answers 503 until Swap installs a snapshot.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 4 << 20
	}
	if cfg.MaxBatch == 0 {
		cfg.MaxBatch = 1000
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	s := &Server{cfg: cfg, store: cfg.Store, log: cfg.Logger, mux: http.NewServeMux(), wake: make(chan struct{}, 1)}
	s.metrics = newMetrics(s)
	s.registerRoutes()
	return s
}

// Swap installs snap as the lists screened against and returns the one it
// replaces (nil at first).
func (s *Server) Swap(snap *Snapshot) *Snapshot {
	old := s.snap.Swap(snap)
	s.log.Info("lists swapped in", "version", snap.Version, "entities", snap.Index.Len())
	// What the index left out is a bug in the engine, not in the lists:
	// said loudly and counted, but the other names are screened.
	for _, sk := range snap.Index.Skipped() {
		s.metrics.panicked("build")
		s.log.Error("screening engine panicked indexing a listed name; it is left out", "where", sk.Where, "reason", sk.Reason)
	}
	return old
}

// Snapshot returns the lists currently screened against, nil before the
// first Swap.
func (s *Server) Snapshot() *Snapshot { return s.snap.Load() }

// ServeHTTP serves the API, the web page and the operational endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// NewHTTPServer wraps h in an http.Server with timeouts fit for the API:
// slow clients cannot hold connections open, and a batch has time to run.
func NewHTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// route is one registered endpoint. The OpenAPI test walks them.
type route struct {
	Method, Path string
	// Role is the least role that may call it; "" means no key needed.
	Role clearance.Role
	// API routes are documented in openapi.json; the web page's are not.
	API bool
}

func (s *Server) handle(method, path string, role clearance.Role, api bool, h http.HandlerFunc) {
	s.routes = append(s.routes, route{method, path, role, api})
	var handler http.Handler = h
	if role != "" {
		handler = s.requireKey(role, h)
	}
	pattern := path
	if method != "" {
		pattern = method + " " + path
	}
	s.mux.Handle(pattern, s.observe(method+" "+path, handler))
}

func (s *Server) registerRoutes() {
	const (
		open    = ""
		screen  = clearance.RoleScreen
		analyst = clearance.RoleAnalyst
		admin   = clearance.RoleAdmin
	)
	s.handle("GET", "/healthz", open, true, s.healthz)
	s.handle("GET", "/readyz", open, true, s.readyz)
	s.handle("GET", "/metrics", open, true, s.metrics.serve)
	s.handle("GET", "/openapi.json", open, true, serveOpenAPI)

	s.handle("POST", "/v1/screen", screen, true, s.screen)
	s.handle("POST", "/v1/screen/batch", screen, true, s.screenBatch)
	s.handle("GET", "/v1/entities/{id}", screen, true, s.getEntity)
	s.handle("GET", "/v1/sources", screen, true, s.getSources)
	// The MCP tools over streamable HTTP, for the same keys as /v1/screen.
	s.handle("POST", "/mcp", screen, true, s.mcpHandler().ServeHTTP)

	s.handle("POST", "/v1/subjects", analyst, true, s.createSubject)
	s.handle("GET", "/v1/subjects", analyst, true, s.listSubjects)
	s.handle("GET", "/v1/subjects/{id}", analyst, true, s.getSubject)
	s.handle("PUT", "/v1/subjects/{id}", analyst, true, s.updateSubject)
	s.handle("DELETE", "/v1/subjects/{id}", analyst, true, s.deleteSubject)
	s.handle("POST", "/v1/subjects/{id}/screen", analyst, true, s.screenSubject)
	s.handle("GET", "/v1/subjects/{id}/screenings", analyst, true, s.listSubjectScreenings)
	s.handle("GET", "/v1/screenings/{id}", analyst, true, s.getScreening)

	s.handle("GET", "/v1/alerts", analyst, true, s.listCases)
	s.handle("GET", "/v1/alerts/{id}", analyst, true, s.getAlert)
	s.handle("POST", "/v1/alerts/{id}/decision", analyst, true, s.decideAlert)

	s.handle("GET", "/v1/audit", admin, true, s.exportAudit)
	s.handle("GET", "/v1/audit/verify", admin, true, s.verifyAudit)
	s.handle("POST", "/v1/lists/refresh", admin, true, s.refreshLists)
	s.handle("GET", "/v1/keys", admin, true, s.listKeys)
	s.handle("POST", "/v1/keys", admin, true, s.createKey)
	s.handle("DELETE", "/v1/keys/{id}", admin, true, s.revokeKey)
	s.registerReview()
	s.registerExport()

	s.registerWeb()
	s.registerUsers()
	s.registerHire()
	s.registerLure()
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	snap := s.Snapshot()
	if snap == nil {
		writeError(w, http.StatusServiceUnavailable, "not_ready", "no lists loaded yet")
		return
	}
	// Refused and stale lists leave the service ready (it screens against
	// the versions it has) but are named here for whoever watches it.
	body := map[string]any{"status": "ready", "lists_version": snap.Version, "entities": snap.Index.Len(), "leader": s.IsLeader()}
	if want, reason := s.syncProblem(); reason != "" {
		// A follower that cannot load the version the leader accepted
		// keeps its own, and is taken out of rotation rather than answer
		// from lists no other instance screens against.
		body["status"], body["lists_in_sync"], body["leader_lists_version"], body["sync_error"] = "out_of_sync", false, want, reason
		writeJSON(w, http.StatusServiceUnavailable, body)
		return
	} else if want != "" {
		body["lists_in_sync"] = want == snap.Version
	}
	if refs := s.Refusals(); len(refs) > 0 {
		body["refused"] = refs
	}
	now := s.cfg.now()
	var warnings []string
	for _, si := range snap.Sources {
		for _, w := range si.warnings(now, s.cfg.MaxListAge) {
			warnings = append(warnings, si.Key+": "+w)
		}
	}
	if len(warnings) > 0 {
		body["warnings"] = warnings
	}
	writeJSON(w, http.StatusOK, body)
}

// snapshot returns the current lists or answers 503.
func (s *Server) snapshot(w http.ResponseWriter) *Snapshot {
	snap := s.Snapshot()
	if snap == nil {
		writeError(w, http.StatusServiceUnavailable, "not_ready", "no lists loaded yet; try again shortly")
	}
	return snap
}

// storeError maps the store's sentinel errors to HTTP answers.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, clearance.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", err.Error())
	case errors.Is(err, clearance.ErrConflict):
		writeError(w, http.StatusConflict, "conflict", err.Error())
	case errors.Is(err, clearance.ErrInvalid):
		writeError(w, http.StatusBadRequest, "invalid", err.Error())
	case errors.Is(err, match.ErrInternal): // counted and logged by enginePanicked
		writeError(w, http.StatusInternalServerError, "screen_failed", err.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "timeout", "the request was cancelled or timed out")
	default:
		s.log.Error("store", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "internal error; see the server log")
	}
}
