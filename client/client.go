// Package client calls clearance's screening service over HTTP: screen
// one subject or a batch, keep subjects under monitoring, list and decide
// alerts, and read the loaded lists and listed entities. It speaks the
// JSON API that server/openapi.json documents and answers in the domain's
// own types (clearance.Query, clearance.Result, clearance.Alert...).
//
// Errors the service answers come back as *Error, which errors.Is matches
// against ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound and
// ErrRateLimited, so that callers branch without reading status codes:
//
//	c := client.New("http://127.0.0.1:8080", os.Getenv("CLEARANCE_API_KEY"))
//	res, err := c.Screen(ctx, clearance.Query{Name: "Park Jin Hyok"}, client.ScreenOptions{})
//	if errors.Is(err, client.ErrUnauthorized) { ... }
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
)

// Client calls one clearance service with one API key. It is safe for
// concurrent use.
type Client struct {
	base string
	key  string
	// HTTPClient sends the requests; http.DefaultClient when nil.
	HTTPClient *http.Client
}

// New returns a client of the service at baseURL (e.g.
// "http://127.0.0.1:8080") that sends key as its bearer token.
func New(baseURL, key string) *Client {
	return &Client{base: strings.TrimRight(baseURL, "/"), key: key}
}

// The kinds of error a caller branches on; errors.Is(err, ErrNotFound)
// holds for an *Error of status 404, and so on.
var (
	ErrBadRequest   = errors.New("bad request")              // 400: a bad query, parameter or body
	ErrUnauthorized = errors.New("unauthorized")             // 401: no key, or an unknown or revoked one
	ErrForbidden    = errors.New("forbidden")                // 403: the key's role may not do this
	ErrNotFound     = errors.New("not found")                // 404
	ErrRateLimited  = errors.New("too many failed attempts") // 429: wait Error.RetryAfter
)

// Error is an answer of the service other than success.
type Error struct {
	StatusCode int
	// Code is the service's stable error code ("bad_query", "not_found"...);
	// Message says what went wrong, for people.
	Code, Message string
	// RetryAfter is how long to wait before trying again (429).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	return fmt.Sprintf("clearance: %d %s: %s", e.StatusCode, e.Code, e.Message)
}

// Is matches the error's kind by its status code.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	}
	return false
}

// do sends a request and decodes a successful answer into out (unless
// nil). It returns the answer's headers.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) (http.Header, error) {
	var r io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(data)
	}
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, r)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return resp.Header, answerError(resp)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		io.Copy(io.Discard, resp.Body) //nolint:errcheck // draining for reuse only
		return resp.Header, nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return resp.Header, fmt.Errorf("clearance: %s %s: decoding the answer: %w", method, path, err)
	}
	return resp.Header, nil
}

// answerError reads the service's error body: {"error":{"code","message"}}.
func answerError(resp *http.Response) error {
	e := &Error{StatusCode: resp.StatusCode}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(data, &body) == nil && body.Error.Code != "" {
		e.Code, e.Message = body.Error.Code, body.Error.Message
	} else {
		e.Code, e.Message = strings.ReplaceAll(strings.ToLower(http.StatusText(resp.StatusCode)), " ", "_"), strings.TrimSpace(string(data))
	}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
		e.RetryAfter = time.Duration(s) * time.Second
	}
	return e
}

// ScreenOptions bound the matches of a screening; zero values leave the
// service's defaults (the alert threshold, 10 matches).
type ScreenOptions struct {
	MinScore float64 // lowest score returned; may be below the alert threshold, for review
	Limit    int     // most matches, 1 to 100
}

func (o ScreenOptions) values() url.Values {
	v := url.Values{}
	if o.MinScore != 0 {
		v.Set("min_score", strconv.FormatFloat(o.MinScore, 'f', -1, 64))
	}
	if o.Limit != 0 {
		v.Set("limit", strconv.Itoa(o.Limit))
	}
	return v
}

// ScreenResult is the answer to one screening.
type ScreenResult struct {
	clearance.Result
	// ScreeningID names the stored screening, when the service records
	// every screening (the default).
	ScreeningID string `json:"screening_id,omitempty"`
	// ListsVersion names the lists screened against.
	ListsVersion string `json:"-"`
}

// Screen screens one subject (POST /v1/screen). Role: screen.
func (c *Client) Screen(ctx context.Context, q clearance.Query, opts ScreenOptions) (*ScreenResult, error) {
	var res ScreenResult
	h, err := c.do(ctx, "POST", "/v1/screen", opts.values(), q, &res.Result)
	if err != nil {
		return nil, err
	}
	res.ScreeningID = h.Get("Clearance-Screening-Id")
	res.ListsVersion = h.Get("Clearance-Lists-Version")
	return &res, nil
}

// ScreenBatch screens many subjects in one request (POST
// /v1/screen/batch; at most the service's --max-batch, 1000 by default).
// A bad query is answered in its place with Error set; the others are
// screened. Results come in the order of qs. Role: screen.
func (c *Client) ScreenBatch(ctx context.Context, qs []clearance.Query, opts ScreenOptions) ([]ScreenResult, error) {
	var res []ScreenResult
	h, err := c.do(ctx, "POST", "/v1/screen/batch", opts.values(), qs, &res)
	if err != nil {
		return nil, err
	}
	for i := range res {
		res[i].ListsVersion = h.Get("Clearance-Lists-Version")
	}
	return res, nil
}

// Page is one page of a listing; Next is the cursor of the next page
// (ListOptions.After), "" at the end.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// ListOptions pages through a listing: up to Limit items (1 to 1000,
// default 100) after the item whose ID is After.
type ListOptions struct {
	After string
	Limit int
}

func (o ListOptions) values() url.Values {
	v := url.Values{}
	if o.After != "" {
		v.Set("after", o.After)
	}
	if o.Limit != 0 {
		v.Set("limit", strconv.Itoa(o.Limit))
	}
	return v
}

// SubjectScreened is the answer to a subject created, updated or
// screened: the subject as stored, its screening and the alerts it opened.
type SubjectScreened struct {
	Subject   clearance.Subject    `json:"subject"`
	Screening *clearance.Screening `json:"screening,omitempty"`
	Alerts    []clearance.Alert    `json:"alerts"`
}

type subjectInput struct {
	Ref   string          `json:"ref"`
	Query clearance.Query `json:"query"`
}

// CreateSubject registers a subject for ongoing monitoring under the
// caller's own reference, and screens it at once (POST /v1/subjects).
// Role: analyst.
func (c *Client) CreateSubject(ctx context.Context, ref string, q clearance.Query) (*SubjectScreened, error) {
	var out SubjectScreened
	if _, err := c.do(ctx, "POST", "/v1/subjects", nil, subjectInput{ref, q}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateSubject replaces a subject's reference and query and screens it
// again (PUT /v1/subjects/{id}). Role: analyst.
func (c *Client) UpdateSubject(ctx context.Context, id, ref string, q clearance.Query) (*SubjectScreened, error) {
	var out SubjectScreened
	if _, err := c.do(ctx, "PUT", "/v1/subjects/"+url.PathEscape(id), nil, subjectInput{ref, q}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Subject returns a stored subject (GET /v1/subjects/{id}). Role: analyst.
func (c *Client) Subject(ctx context.Context, id string) (*clearance.Subject, error) {
	var out clearance.Subject
	if _, err := c.do(ctx, "GET", "/v1/subjects/"+url.PathEscape(id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SubjectByRef finds a subject by the caller's reference; ErrNotFound
// when there is none. Role: analyst.
func (c *Client) SubjectByRef(ctx context.Context, ref string) (*clearance.Subject, error) {
	var p Page[clearance.Subject]
	if _, err := c.do(ctx, "GET", "/v1/subjects", url.Values{"ref": {ref}}, nil, &p); err != nil {
		return nil, err
	}
	if len(p.Items) == 0 {
		return nil, &Error{StatusCode: http.StatusNotFound, Code: "not_found", Message: fmt.Sprintf("no subject with ref %q", ref)}
	}
	return &p.Items[0], nil
}

// Subjects lists stored subjects in ID order (GET /v1/subjects). Role:
// analyst.
func (c *Client) Subjects(ctx context.Context, o ListOptions) (*Page[clearance.Subject], error) {
	var p Page[clearance.Subject]
	if _, err := c.do(ctx, "GET", "/v1/subjects", o.values(), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// DeleteSubject ends a subject's monitoring (DELETE /v1/subjects/{id});
// its screenings and alerts stay on record. Role: analyst.
func (c *Client) DeleteSubject(ctx context.Context, id string) error {
	_, err := c.do(ctx, "DELETE", "/v1/subjects/"+url.PathEscape(id), nil, nil, nil)
	return err
}

// ScreenSubject screens a stored subject now (POST
// /v1/subjects/{id}/screen). Role: analyst.
func (c *Client) ScreenSubject(ctx context.Context, id string) (*SubjectScreened, error) {
	var out SubjectScreened
	if _, err := c.do(ctx, "POST", "/v1/subjects/"+url.PathEscape(id)+"/screen", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// AlertFilter selects alerts; empty fields do not filter.
type AlertFilter struct {
	Status    clearance.AlertStatus
	SubjectID string
	ListOptions
}

// Alerts lists alerts in ID order (GET /v1/alerts). Role: analyst.
func (c *Client) Alerts(ctx context.Context, f AlertFilter) (*Page[clearance.Alert], error) {
	v := f.values()
	if f.Status != "" {
		v.Set("status", string(f.Status))
	}
	if f.SubjectID != "" {
		v.Set("subject_id", f.SubjectID)
	}
	var p Page[clearance.Alert]
	if _, err := c.do(ctx, "GET", "/v1/alerts", v, nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// AlertView is an alert with what an analyst needs to decide it.
type AlertView struct {
	Alert   clearance.Alert    `json:"alert"`
	Subject *clearance.Subject `json:"subject,omitempty"`
	// Match is the match as screened, with its reasons.
	Match *clearance.Match `json:"match,omitempty"`
	// Entity is the entity as listed now, if it still is; EntityChanged
	// says its listing changed since the screening.
	Entity        *Entity `json:"entity,omitempty"`
	EntityChanged bool    `json:"entity_changed,omitempty"`
}

// Alert returns one alert with its subject, match and entity (GET
// /v1/alerts/{id}). Role: analyst.
func (c *Client) Alert(ctx context.Context, id string) (*AlertView, error) {
	var out AlertView
	if _, err := c.do(ctx, "GET", "/v1/alerts/"+url.PathEscape(id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Decide records an analyst's decision on an open alert (POST
// /v1/alerts/{id}/decision): clearance.AlertTrueMatch or
// clearance.AlertFalsePositive, with the reason the regulator will ask
// for. An alert already decided is an *Error of status 409. Role: analyst.
func (c *Client) Decide(ctx context.Context, id string, status clearance.AlertStatus, reason string) (*clearance.Alert, error) {
	var out clearance.Alert
	body := map[string]string{"status": string(status), "reason": reason}
	if _, err := c.do(ctx, "POST", "/v1/alerts/"+url.PathEscape(id)+"/decision", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SourceInfo is what the service holds of one loaded list.
type SourceInfo struct {
	Key       string    `json:"key"`
	Title     string    `json:"title"`
	Publisher string    `json:"publisher"`
	Published string    `json:"published,omitempty"`
	FileDate  time.Time `json:"file_date,omitzero"`
	// DataDate is the list's own date (DateFrom says where it comes
	// from); zero when unknown.
	DataDate time.Time `json:"data_date,omitzero"`
	DateFrom string    `json:"date_from,omitempty"`
	Fetched  time.Time `json:"fetched,omitzero"`
	Version  string    `json:"version"`
	Entities int       `json:"entities"`
	Skipped  int       `json:"skipped"`
}

// Source is a loaded list with its age and what to know of it.
type Source struct {
	SourceInfo
	AgeSeconds *int64   `json:"age_seconds,omitempty"`
	Warnings   []string `json:"warnings,omitempty"`
	Refused    *Refusal `json:"refused,omitempty"`
}

// Refusal is a source whose new files the last refresh refused.
type Refusal struct {
	Key     string    `json:"key"`
	Reason  string    `json:"reason"`
	Message string    `json:"message"`
	At      time.Time `json:"at"`
	Kept    bool      `json:"kept"`
}

// Sources is the loaded lists: their combined version, the alert
// threshold and each source.
type Sources struct {
	Version   string    `json:"version"`
	Loaded    time.Time `json:"loaded"`
	Threshold float64   `json:"threshold"`
	Entities  int       `json:"entities"`
	Sources   []Source  `json:"sources"`
	Refused   []Refusal `json:"refused,omitempty"`
}

// Sources returns the loaded lists (GET /v1/sources). Role: screen.
func (c *Client) Sources(ctx context.Context) (*Sources, error) {
	var out Sources
	if _, err := c.do(ctx, "GET", "/v1/sources", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Entity is a listed entity with its content version and its list.
type Entity struct {
	clearance.Entity
	Version string     `json:"version"`
	List    SourceInfo `json:"list"`
}

// Entity returns a listed entity by ID, e.g. "us_ofac_sdn:43377" (GET
// /v1/entities/{id}). Role: screen.
func (c *Client) Entity(ctx context.Context, id string) (*Entity, error) {
	var out Entity
	if _, err := c.do(ctx, "GET", "/v1/entities/"+url.PathEscape(id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
