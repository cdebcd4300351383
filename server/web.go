package server

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// The analysts' web page: server-rendered HTML, no JavaScript needed. It
// signs in with an API key, which starts a server-side session whose
// random ID is kept in an HttpOnly, SameSite=Strict cookie (see
// signin.go), and answers with the same checks as the API: what a key may
// not do over the API it may not do on the page either.

//go:embed web/templates/*.html web/static
var webFiles embed.FS

// webFloor is the lowest score the search page shows: the analyst sees
// the near misses below the alert threshold too, marked as such.
const webFloor = 0.5

// pages are the web page's templates by name, each the layout with its
// content, sharing one set of functions.
var pages = func() map[string]*template.Template {
	funcs := template.FuncMap{
		"join":  strings.Join,
		"query": url.QueryEscape,
		"age":   func(sec int64) string { return humanAge(time.Duration(sec) * time.Second) },
		// evidence writes a hire signal's evidence value as compact JSON
		// (a string without its quotes).
		"evidence": func(v any) string {
			if s, ok := v.(string); ok {
				return s
			}
			b, err := json.Marshal(v)
			if err != nil {
				return fmt.Sprint(v)
			}
			return string(b)
		},
	}
	for k, f := range reviewFuncs() {
		funcs[k] = f
	}
	base := template.Must(template.New("").Funcs(funcs).ParseFS(webFiles, "web/templates/layout.html", "web/templates/reasons.html", "web/templates/case.html"))
	out := map[string]*template.Template{}
	for _, p := range []string{"login", "search", "entity", "alerts", "alert", "sources", "audit", "message", "totp", "print",
		"hire_person", "hire_cluster", "lure"} {
		out[p] = template.Must(template.Must(base.Clone()).ParseFS(webFiles, "web/templates/"+p+".html"))
	}
	return out
}()

func humanAge(d time.Duration) string {
	switch {
	case d < 2*time.Minute:
		return "just now"
	case d < 2*time.Hour:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d hours", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

// pageData is what every page template gets.
type pageData struct {
	Page         string
	Key          clearance.APIKey
	Snap         *Snapshot
	Flash, Error string
	Data         any
	SSO          bool // single sign-on is offered (oidc.go)
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, d pageData) {
	d.Page = page
	d.Key = caller(r.Context())
	d.Snap = s.Snapshot()
	d.SSO = s.auth.sso != nil
	if d.Flash == "" {
		d.Flash = r.URL.Query().Get("flash")
	}
	var buf bytes.Buffer
	if err := pages[page].ExecuteTemplate(&buf, "layout", d); err != nil {
		s.log.Error("render", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// web wraps a page handler: it signs the visitor in from the cookie, sends
// strangers to the login form and refuses a role that may not see the page.
func (s *Server) web(need clearance.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		var k clearance.APIKey
		var u *clearance.User
		if err == nil {
			k, u, err = s.signedIn(r.Context(), c.Value) // users.go
		}
		if err != nil {
			if !errors.Is(err, http.ErrNoCookie) && !errors.Is(err, clearance.ErrNotFound) {
				s.log.Error("web sign-in", "err", err)
			}
			if r.Method != http.MethodGet {
				http.Error(w, "sign in first", http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, "/ui/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if ri, _ := r.Context().Value(keyCtx).(*reqInfo); ri != nil {
			ri.key, ri.user = k, u
		}
		if r.Method == http.MethodPost && !s.sameOrigin(r) {
			http.Error(w, "cross-origin form refused", http.StatusForbidden)
			return
		}
		if !k.Role.Allows(need) {
			s.render(w, r, http.StatusForbidden, "message", pageData{Data: fmt.Sprintf("Your key's role (%s) may not see this page; it needs %s.", k.Role, need)})
			return
		}
		h(w, r)
	}
}

// sameOrigin checks a form post's Origin (or, failing that, its Referer)
// against this server's scheme and host: with the SameSite cookie it
// keeps other sites from deciding alerts in an analyst's name, and a page
// on plain http of the same host from posting to the https site. A post
// with neither header comes from no browser, which is not what CSRF is.
func (s *Server) sameOrigin(r *http.Request) bool {
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	same := func(v string) bool {
		u, err := url.Parse(v)
		return err == nil && u.Scheme == scheme && strings.EqualFold(u.Host, r.Host) && u.User == nil
	}
	if o := r.Header.Get("Origin"); o != "" {
		return o != "null" && same(o)
	}
	if ref := r.Header.Get("Referer"); ref != "" {
		return same(ref)
	}
	return true
}

func (s *Server) registerWeb() {
	static, _ := fs.Sub(webFiles, "web/static")
	s.handle("GET", "/ui/static/", "", false, http.StripPrefix("/ui/static/", http.FileServerFS(static)).ServeHTTP)
	s.handle("GET", "/{$}", "", false, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ui/", http.StatusFound)
	})
	s.handle("GET", "/ui/login", "", false, s.loginPage)
	s.handle("POST", "/ui/login", "", false, s.login)
	s.handle("POST", "/ui/logout", "", false, s.logout)
	s.handle("GET", "/ui/{$}", "", false, s.web(clearance.RoleScreen, s.searchPage))
	s.handle("GET", "/ui/entities/{id}", "", false, s.web(clearance.RoleScreen, s.entityPage))
	s.handle("GET", "/ui/sources", "", false, s.web(clearance.RoleScreen, s.sourcesPage))
	s.handle("GET", "/ui/alerts", "", false, s.web(clearance.RoleAnalyst, s.alertsPage))
	s.handle("GET", "/ui/alerts/{id}", "", false, s.web(clearance.RoleAnalyst, s.alertPage))
	s.handle("POST", "/ui/alerts/{id}/decision", "", false, s.web(clearance.RoleAnalyst, s.decidePage))
	s.handle("GET", "/ui/audit", "", false, s.web(clearance.RoleAdmin, s.auditPage))
	s.handle("GET", "/ui/audit/export", "", false, s.web(clearance.RoleAdmin, s.exportAudit))
}

// safeNext returns where to go after signing in: next if it is a path of
// the web page (under /ui/) on this site, else /ui/. A redirect to
// "//evil.example", "/\evil.example" (browsers read \ as /) or
// "/\t/evil.example" (browsers drop tabs and newlines) would leave the site
// with the analyst's trust; anything odd is therefore refused rather than
// repaired, and what passes is rebuilt from its parsed, cleaned path.
func safeNext(next string) string {
	const home = "/ui/"
	if len(next) > 2048 || !strings.HasPrefix(next, "/ui/") {
		return home
	}
	for _, c := range next {
		if c < 0x21 || c == 0x7f || c == '\\' || !unicode.IsPrint(c) {
			return home
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || strings.ContainsAny(u.Path, "\\\x00") {
		return home
	}
	p := path.Clean(u.Path)
	if !strings.HasPrefix(p+"/", "/ui/") {
		return home
	}
	if strings.HasSuffix(u.Path, "/") && p != "/" {
		p += "/"
	}
	return (&url.URL{Path: p, RawQuery: u.RawQuery}).String()
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", pageData{Data: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	secret := strings.TrimSpace(r.PostFormValue("key"))
	next := safeNext(r.PostFormValue("next"))
	if !s.sameOrigin(r) {
		http.Error(w, "cross-origin form refused", http.StatusForbidden)
		return
	}
	if s.refuseIfLimited(w, r, false) {
		return
	}
	if r.PostFormValue("username") != "" {
		s.passwordLogin(w, r, next) // users.go
		return
	}
	k, err := s.lookupKey(r.Context(), secret)
	if err != nil || secret == "" {
		if err != nil && !errors.Is(err, clearance.ErrNotFound) {
			s.log.Error("web sign-in", "err", err)
		} else {
			s.fails.fail(clientOf(r), s.cfg.now())
		}
		s.render(w, r, http.StatusUnauthorized, "login", pageData{Error: "Unknown or revoked key.", Data: next})
		return
	}
	if old, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.end(old.Value) // no session fixation: a sign-in starts a new one
	}
	id := s.sessions.create(k.Hash, s.cfg.now())
	s.clearLegacyCookie(w)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/ui/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: int(sessionTTL.Seconds())})
	s.log.Info("web sign-in", "key", k.ID, "role", k.Role)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if !s.sameOrigin(r) {
		http.Error(w, "cross-origin form refused", http.StatusForbidden)
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.end(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/ui/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	s.clearLegacyCookie(w)
	http.Redirect(w, r, "/ui/login", http.StatusSeeOther)
}

// clearLegacyCookie deletes the cookie earlier versions kept the API key
// itself in, so browsers do not go on holding the key.
func (s *Server) clearLegacyCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: "clearance_key", Value: "", Path: "/ui/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

type searchData struct {
	Query            clearance.Query
	Types            []clearance.EntityType
	Searched         bool
	Matches          []clearance.Match
	Threshold, Floor float64
	Filter           searchFilter
	Sources          []string
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	d := searchData{Types: []clearance.EntityType{clearance.Person, clearance.Organization, clearance.Vessel, clearance.Aircraft}, Floor: webFloor}
	d.Query = clearance.Query{Name: strings.TrimSpace(v.Get("q")), DOB: strings.TrimSpace(v.Get("dob")), Country: strings.TrimSpace(v.Get("country")), Wallet: strings.TrimSpace(v.Get("wallet"))}
	t, terr := clearance.ParseEntityType(v.Get("type"))
	d.Query.Type = t
	snap := s.Snapshot()
	if snap == nil {
		s.render(w, r, http.StatusServiceUnavailable, "search", pageData{Error: "No lists loaded yet.", Data: d})
		return
	}
	d.Threshold = snap.Index.Threshold()
	d.Filter, d.Sources = searchFilter{Source: strings.TrimSpace(v.Get("source")), Program: strings.TrimSpace(v.Get("program"))}, sourceKeys(snap)
	if d.Query.Name == "" && d.Query.Wallet == "" {
		s.render(w, r, http.StatusOK, "search", pageData{Data: d})
		return
	}
	wq := wireQuery{Query: d.Query, Type: string(t)}
	q, err := wq.toQuery()
	if err == nil {
		err = terr
	}
	if err == nil {
		var res clearance.Result
		limit := 20
		if d.Filter.active() {
			limit = 100 // filtered below, down to 20
		}
		res, err = s.screenOne(snap, q, clearance.ScreenOptions{MinScore: new(min(webFloor, d.Threshold)), Limit: limit})
		d.Matches, d.Searched = d.Filter.apply(res.Matches, 20), true
	}
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, match.ErrInternal) {
			status = http.StatusInternalServerError
		}
		s.render(w, r, status, "search", pageData{Error: err.Error(), Data: d})
		return
	}
	s.render(w, r, http.StatusOK, "search", pageData{Data: d})
}

func (s *Server) entityPage(w http.ResponseWriter, r *http.Request) {
	snap := s.Snapshot()
	if snap == nil {
		s.render(w, r, http.StatusServiceUnavailable, "message", pageData{Data: "No lists loaded yet."})
		return
	}
	v, ok := snap.entityView(r.PathValue("id"))
	if !ok {
		s.render(w, r, http.StatusNotFound, "message", pageData{Data: "No listed entity " + r.PathValue("id") + " in the loaded lists."})
		return
	}
	s.render(w, r, http.StatusOK, "entity", pageData{Data: &v})
}

func (s *Server) sourcesPage(w http.ResponseWriter, r *http.Request) {
	snap := s.Snapshot()
	if snap == nil {
		s.render(w, r, http.StatusServiceUnavailable, "message", pageData{Data: "No lists loaded yet."})
		return
	}
	s.render(w, r, http.StatusOK, "sources", pageData{Data: s.sourcesView(snap)})
}

func (s *Server) decidePage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	in := decisionInput{Status: clearance.AlertStatus(r.PostFormValue("status")), Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	id := r.PathValue("id")
	if err := in.check(); err != nil {
		s.alertAgain(w, r, http.StatusBadRequest, err.Error())
		return
	}
	c, err := s.decide(r.Context(), id, clearance.Decision{Status: in.Status, Reason: in.Reason, By: actor(r.Context())})
	if err != nil {
		s.webError(w, r, err)
		return
	}
	http.Redirect(w, r, "/ui/alerts/"+url.PathEscape(id)+"?flash="+url.QueryEscape(decidedFlash(c.Case)), http.StatusSeeOther)
}

func (s *Server) webError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, clearance.ErrNotFound):
		s.render(w, r, http.StatusNotFound, "message", pageData{Data: "Not found."})
	case errors.Is(err, clearance.ErrConflict):
		s.render(w, r, http.StatusConflict, "message", pageData{Data: "This was changed meanwhile (already decided?). Reload the page."})
	default:
		s.log.Error("web", "path", r.URL.Path, "err", err)
		s.render(w, r, http.StatusInternalServerError, "message", pageData{Data: "Internal error; see the server log."})
	}
}
