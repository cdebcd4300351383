package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/clearance-screening/clearance"
)

// apiError is the body of every error answer: a code callers may branch
// on (it never changes for a given condition) and a message for people.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var e apiError
	e.Error.Code, e.Error.Message = code, msg
	writeJSON(w, status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decodeBody reads one JSON value from a size-limited body. It answers
// the client itself and returns false when the body cannot be used.
// Unknown fields are ignored; handlers that answer with warnings use
// decodeBodyFields.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	_, ok := s.decodeBodyFields(w, r, v)
	return ok
}

// decodeBodyFields is decodeBody that also returns a warning for each
// member of the body v has no field for (see unknownFields).
func (s *Server) decodeBodyFields(w http.ResponseWriter, r *http.Request, v any) (warnings []string, ok bool) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	data, err := io.ReadAll(r.Body)
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(data))
		err = dec.Decode(v)
		if err == nil {
			if _, terr := dec.Token(); terr != io.EOF {
				err = errors.New("trailing data after the JSON value")
			}
		}
	}
	if err == nil {
		return unknownFields(data, v), true
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf("request body over %d bytes", tooBig.Limit))
	case errors.Is(err, io.EOF):
		writeError(w, http.StatusBadRequest, "bad_json", "empty request body; want a JSON value")
	default:
		writeError(w, http.StatusBadRequest, "bad_json", "request body: "+err.Error())
	}
	return nil, false
}

type ctxKey int

const keyCtx ctxKey = 0

// reqInfo is filled in as a request passes the middleware, so that the
// access log, outermost, can name the key the innermost layer checked.
type reqInfo struct {
	key  clearance.APIKey
	user *clearance.User // the user of a web session; nil for a key
}

// caller returns the API key the request was made with.
func caller(ctx context.Context) clearance.APIKey {
	if ri, _ := ctx.Value(keyCtx).(*reqInfo); ri != nil {
		return ri.key
	}
	return clearance.APIKey{}
}

// actor names the caller in audit records: "user:alice" for a user
// signed in to the web page, "key:key_x (alice)" for a key and its owner.
func actor(ctx context.Context) string {
	if ri, _ := ctx.Value(keyCtx).(*reqInfo); ri != nil && ri.user != nil {
		return ri.user.Actor()
	}
	if k := caller(ctx); k.ID != "" {
		return clearance.KeyActor(k)
	}
	return "anonymous"
}

// Keys are cached so that a screening does not cost a database lookup of
// its key. A key revoked through this process (DELETE /v1/keys/{id}) is
// forgotten at once. A key revoked by another process — `clearance keys
// revoke`, another instance on the same database — keeps working here for
// at most keyRecheck: that often, one request asks the store how many keys
// are revoked, and a changed count empties the cache. keyCacheTTL is the
// backstop should that check keep failing.
const (
	keyRecheck  = time.Second
	keyCacheTTL = 30 * time.Second
)

type cachedKey struct {
	key     clearance.APIKey
	expires time.Time
}

type keyCache struct {
	mu sync.Mutex
	m  map[string]cachedKey
	// gen counts the times the cache was emptied: a lookup that began
	// before does not store what it found, which may be a revoked key.
	gen uint64
	// revoked is the store's count of revoked keys when last checked.
	revoked  int64
	checked  time.Time
	checking bool
}

// forgetKeys empties the key cache.
func (s *Server) forgetKeys() {
	s.keys.mu.Lock()
	s.keys.m = nil
	s.keys.gen++
	s.keys.mu.Unlock()
}

// checkRevocations empties the key cache if keys were revoked since the
// last check, checking at most once per keyRecheck (the first request due
// checks; the others go on with the cache meanwhile).
func (s *Server) checkRevocations(ctx context.Context, now time.Time) {
	s.keys.mu.Lock()
	if s.keys.checking || now.Sub(s.keys.checked) < keyRecheck {
		s.keys.mu.Unlock()
		return
	}
	s.keys.checking = true
	s.keys.mu.Unlock()
	n, err := s.store.APIKeyRevocations(ctx)
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	s.keys.checking = false
	if err != nil {
		s.log.Warn("check for revoked API keys", "err", err)
		return
	}
	s.keys.checked = now
	if n != s.keys.revoked {
		s.keys.revoked = n
		s.keys.m = nil
		s.keys.gen++
	}
}

// lookupKey resolves a secret to its key, through the cache.
func (s *Server) lookupKey(ctx context.Context, secret string) (clearance.APIKey, error) {
	return s.lookupHash(ctx, clearance.HashAPIKey(secret))
}

// lookupHash resolves a key's hash to the key, through the cache.
func (s *Server) lookupHash(ctx context.Context, h string) (clearance.APIKey, error) {
	now := s.cfg.now()
	s.checkRevocations(ctx, now)
	s.keys.mu.Lock()
	c, ok := s.keys.m[h]
	gen := s.keys.gen
	s.keys.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.key, nil
	}
	k, err := s.store.APIKeyByHash(ctx, h)
	if err != nil {
		return k, err
	}
	s.keys.mu.Lock()
	if s.keys.gen == gen {
		if s.keys.m == nil || len(s.keys.m) > 10000 {
			s.keys.m = map[string]cachedKey{}
		}
		s.keys.m[h] = cachedKey{k, now.Add(keyCacheTTL)}
	}
	s.keys.mu.Unlock()
	return k, nil
}

// requireKey admits requests bearing a valid key whose role allows need.
func (s *Server) requireKey(need clearance.Role, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		secret, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || strings.TrimSpace(secret) == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="clearance"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "missing API key: send Authorization: Bearer <key>")
			return
		}
		if s.refuseIfLimited(w, r, true) {
			return
		}
		k, err := s.lookupKey(r.Context(), strings.TrimSpace(secret))
		if errors.Is(err, clearance.ErrNotFound) {
			s.fails.fail(clientOf(r), s.cfg.now())
			w.Header().Set("WWW-Authenticate", `Bearer realm="clearance", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "unknown or revoked API key")
			return
		}
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		if !k.Role.Allows(need) {
			writeError(w, http.StatusForbidden, "forbidden", fmt.Sprintf("this key's role %q may not do this; it needs %q", k.Role, need))
			return
		}
		if ri, _ := r.Context().Value(keyCtx).(*reqInfo); ri != nil {
			ri.key = k
		} else {
			r = r.WithContext(context.WithValue(r.Context(), keyCtx, &reqInfo{key: k}))
		}
		h.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func slogLevel(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs each request and counts it in the metrics, under the
// route's pattern (not the raw path, whose IDs would explode the label set).
func (s *Server) observe(name string, h http.Handler) http.Handler {
	quiet := name == "GET /healthz" || name == "GET /readyz" || name == "GET /metrics"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), keyCtx, &reqInfo{}))
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "route", name, "panic", fmt.Sprint(p))
				if sw.status == 0 {
					writeError(sw, http.StatusInternalServerError, "internal", "internal error; see the server log")
				}
			}
			took := time.Since(start)
			s.metrics.request(name, sw.status, took)
			if quiet && sw.status < 400 {
				return
			}
			lvl := slogLevel(sw.status)
			s.log.Log(r.Context(), lvl, "request", "method", r.Method, "path", r.URL.Path, "route", name,
				"status", sw.status, "ms", float64(took.Microseconds())/1000, "key", caller(r.Context()).ID, "remote", r.RemoteAddr)
		}()
		h.ServeHTTP(sw, r)
	})
}

func newJSONLines(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}
