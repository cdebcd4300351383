package server

import (
	"crypto/rand"
	"encoding/base64"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// Guessing keys: every API key is 256 random bits, so guessing one is
// hopeless, but a client that keeps presenting wrong keys is either broken
// or probing, and each wrong key costs a database lookup. Failed attempts
// (a wrong or revoked bearer key, a wrong key in the sign-in form) are
// counted per client address in a token bucket: failBurst failures at
// once, then one more every failRefill (failBurst a minute). A client out
// of tokens gets 429 with Retry-After for every attempt, right keys
// included, so that a guesser learns nothing from the answers meanwhile.
const (
	failBurst  = 10
	failRefill = time.Minute / failBurst
	// maxFailClients bounds the table: past it, buckets that have refilled
	// (clients that stopped failing) are dropped.
	maxFailClients = 10000
)

type failBucket struct {
	tokens float64
	at     time.Time // when tokens was last brought up to date
}

// failLimiter is the per-client table of failed attempts.
type failLimiter struct {
	mu sync.Mutex
	m  map[netip.Prefix]*failBucket
}

// level brings b up to now and returns its tokens.
func (b *failBucket) level(now time.Time) float64 {
	if d := now.Sub(b.at); d > 0 {
		b.tokens = math.Min(failBurst, b.tokens+float64(d)/float64(failRefill))
		b.at = now
	}
	return b.tokens
}

// wait returns how long the client must wait before its next attempt; 0
// if it may try now.
func (l *failLimiter) wait(client netip.Prefix, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.m[client]
	if b == nil {
		return 0
	}
	if t := b.level(now); t < 1 {
		return time.Duration((1 - t) * float64(failRefill))
	}
	return 0
}

// fail counts a failed attempt by the client.
func (l *failLimiter) fail(client netip.Prefix, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[netip.Prefix]*failBucket{}
	}
	b := l.m[client]
	if b == nil {
		if len(l.m) >= maxFailClients {
			for c, o := range l.m {
				if o.level(now) >= failBurst {
					delete(l.m, c)
				}
			}
		}
		b = &failBucket{tokens: failBurst, at: now}
		l.m[client] = b
	}
	b.tokens = math.Max(0, b.level(now)-1)
}

// clientOf is the client a request counts against: its remote address,
// or for IPv6 the address's /64, which one host usually holds whole. The
// address is the connection's: behind a reverse proxy every client is the
// proxy, which then needs limiting of its own.
func clientOf(r *http.Request) netip.Prefix {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{}
	}
	a = a.Unmap()
	if a.Is4() {
		return netip.PrefixFrom(a, 32)
	}
	p, _ := a.WithZone("").Prefix(64)
	return p
}

// refuseIfLimited answers 429 and returns true when the request's client
// has failed too often; api selects a JSON answer over a page.
func (s *Server) refuseIfLimited(w http.ResponseWriter, r *http.Request, api bool) bool {
	wait := s.fails.wait(clientOf(r), s.cfg.now())
	if wait <= 0 {
		return false
	}
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	msg := "too many failed sign-in attempts from this address; try again in " + strconv.Itoa(secs) + " s"
	if api {
		writeError(w, http.StatusTooManyRequests, "too_many_failures", msg)
	} else {
		s.render(w, r, http.StatusTooManyRequests, "login", pageData{Error: "Too many failed attempts from this address; try again in " + strconv.Itoa(secs) + " seconds.", Data: "/ui/"})
	}
	return true
}

// The web page's session: the cookie carries an opaque random ID, never
// the API key, so a cookie that leaks (a log, a shared machine's profile)
// ends with its session, and the server can end a session (sign-out,
// expiry) without revoking the key. Sessions are kept in this process's
// memory: a restart signs everyone out, and instances behind one address
// need sticky sessions.
const (
	sessionCookie = "clearance_session"
	sessionTTL    = 12 * time.Hour
	maxSessions   = 100000
)

type session struct {
	keyHash string // clearance.HashAPIKey of the key signed in with
	userID  string // or the clearance.User signed in (see users.go)
	expires time.Time
}

type sessionTable struct {
	mu sync.Mutex
	m  map[string]session
}

// create starts a session for the key and returns its ID.
func (t *sessionTable) create(keyHash string, now time.Time) string {
	return t.start(session{keyHash: keyHash}, now)
}

// start starts the session and returns its ID.
func (t *sessionTable) start(sess session, now time.Time) string {
	var b [32]byte
	rand.Read(b[:])
	id := base64.RawURLEncoding.EncodeToString(b[:])
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]session{}
	}
	if len(t.m) >= maxSessions {
		for id, s := range t.m {
			if !now.Before(s.expires) {
				delete(t.m, id)
			}
		}
	}
	sess.expires = now.Add(sessionTTL)
	t.m[id] = sess
	return id
}

// lookup returns a live session.
func (t *sessionTable) lookup(id string, now time.Time) (session, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.m[id]
	if ok && !now.Before(s.expires) {
		delete(t.m, id)
		ok = false
	}
	return s, ok
}

// end ends the session.
func (t *sessionTable) end(id string) {
	t.mu.Lock()
	delete(t.m, id)
	t.mu.Unlock()
}
