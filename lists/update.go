package lists

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// UpdateStatus says what an update did to one source in the cache.
type UpdateStatus string

// The outcomes of updating a source. Only Updated changes the cache's
// files; NotModified only records the time of the check.
const (
	Updated     UpdateStatus = "updated"
	NotModified UpdateStatus = "not modified"
	// Refused means the download arrived but failed the checks (cut,
	// empty, of the wrong format, unparseable, or far smaller or older
	// than the cached copy); Err is then a *RefusedError saying why.
	Refused UpdateStatus = "refused"
	// Failed means the download itself failed (network, HTTP error,
	// timeout) or the cache could not be written.
	Failed UpdateStatus = "failed"
)

// UpdateResult reports the update of one source.
type UpdateResult struct {
	Key    string
	Status UpdateStatus
	// Entities is the count in the new download (Updated, Refused) or in
	// the cache (NotModified, Failed; 0 when unknown).
	Entities int
	// Previous is the count in the cache before the update; 0 when there
	// was no cached copy.
	Previous int
	// Bytes is how much was downloaded.
	Bytes int64
	// Message says what happened in a sentence, for people.
	Message string
	// Err is set for Refused and Failed.
	Err      error
	Duration time.Duration
}

// Progress reports the download of one file. Total is -1 while unknown.
type Progress struct {
	Key, File   string
	Done, Total int64
}

// Updater downloads the catalogue's sources into a cache folder laid out
// like any list folder (<CacheDir>/<key>/<file>), so LoadDir(CacheDir) reads
// it. A download replaces the cached copy only after it has been parsed
// and found sane; otherwise the cached copy stays as it was, byte for byte.
//
// Each source folder holds a small JSON file (.clearance-fetch.json) with
// the validators (ETag, Last-Modified) and SHA-256 of every file, so the
// next run asks the publisher only for what changed.
//
// Downloads go to <CacheDir>/.tmp-<key>-*, which is parsed and checked and
// then renamed into place with every file of the source at once; the old
// folder is renamed aside to .old-<key> for the moment of the swap (a
// LoadDir in that moment misses the source; the next Update puts back a
// folder a crash left aside). A refused download is kept in
// .refused/<key> for inspection. LoadDir ignores all of these.
//
// One Updater should work on a cache folder at a time: two updating the
// same source at once can collide on .old-<key>.
type Updater struct {
	CacheDir string
	// Client makes the requests. Nil means a client whose transport times
	// out slow connects and slow response headers; whole downloads are
	// bounded by FileTimeout.
	Client *http.Client
	// Mirror, if set, is a base URL serving the same layout as a list
	// folder: files are fetched from Mirror/<key>/<file> instead of the
	// publishers' URLs. Tests and air-gapped installs use it.
	Mirror string
	// FileTimeout bounds one attempt at one file. Zero means 10 minutes.
	FileTimeout time.Duration
	// Attempts is how many times a file is tried on network errors,
	// timeouts and 5xx or 429 answers. Zero means 3.
	Attempts int
	// Backoff is the wait before the first retry, doubled before each
	// next one. Zero means 2 seconds.
	Backoff time.Duration
	// Checks are the plausibility checks a download must pass against the
	// cached copy, the version last accepted: it may not lose more than
	// Checks.MaxShrink of its entities (DefaultMaxShrink, 20%, when zero)
	// nor carry an older data date, unless Checks.Force is set.
	Checks Checks
	// MaxBytes caps one file's size. Zero means 512 MiB.
	MaxBytes int64
	// UserAgent is sent with every request. Empty means "clearance".
	UserAgent string
	// Progress, if set, is called as each file downloads, from the
	// goroutine updating its source.
	Progress func(Progress)
	// Logf, if set, receives one line per notable event (retries, swaps).
	Logf func(format string, args ...any)

	// catalogue overrides Catalogue() in tests.
	catalogue []Source
}

const metaName = ".clearance-fetch.json"

// cacheMeta is the per-source record of what the cache holds and where it
// came from.
type cacheMeta struct {
	Key string `json:"key"`
	// Fetched is the last time the publisher was asked and answered (new
	// files or not modified).
	Fetched time.Time `json:"fetched"`
	// Updated is when the files in the cache last changed.
	Updated  time.Time `json:"updated"`
	Entities int       `json:"entities"`
	// Published is the data date (YYYY-MM-DD) of the files: the one they
	// state, or the publisher's Last-Modified date for files that state
	// none (OFAC's legacy CSV), as DateFrom says ("file" or
	// "last-modified"; "" in records from before DateFrom, whose date is
	// the file's or absent).
	Published string              `json:"published,omitempty"`
	DateFrom  string              `json:"date_from,omitempty"`
	Files     map[string]fileMeta `json:"files"`
}

// refusalName is the record of a refused download, kept with it in
// <CacheDir>/.refused/<key>/ so that `clearance lists` can say why the
// cache did not move, while the cached copy stays byte for byte as it was.
// An update that is accepted removes it.
const refusalName = ".clearance-refusal.json"

type refusalRecord struct {
	At      time.Time `json:"at"`
	Reason  string    `json:"reason"`
	Message string    `json:"message"`
}

// accepted is what the record says of the version in the cache.
func (m cacheMeta) accepted() Accepted {
	return Accepted{Entities: m.Entities, DataDate: m.Published}
}

// lastRefusal returns the record of the download of key last refused,
// if there is one.
func lastRefusal(cacheDir, key string) (refusalRecord, bool) {
	var r refusalRecord
	data, err := os.ReadFile(filepath.Join(cacheDir, ".refused", key, refusalName))
	if err != nil || json.Unmarshal(data, &r) != nil || r.Reason == "" {
		return r, false
	}
	return r, true
}

// dateFrom is DateFrom, with records from before it read as "file".
func (m cacheMeta) dateFrom() string {
	if m.DateFrom == "" && m.Published != "" {
		return dateFromFile
	}
	return m.DateFrom
}

type fileMeta struct {
	URL          string `json:"url"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	Size         int64  `json:"size"`
	SHA256       string `json:"sha256"`
}

func readMeta(folder string) (cacheMeta, error) {
	path := filepath.Join(folder, metaName)
	data, err := os.ReadFile(path)
	if err != nil {
		return cacheMeta{}, err
	}
	m, err := parseMeta(data)
	if err != nil {
		return cacheMeta{}, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// parseMeta reads a cache record. A record is trusted to judge the next
// download by, so one that says what no Updater writes (a negative count,
// a date that is not a date) is an error, not a record.
func parseMeta(data []byte) (cacheMeta, error) {
	var m cacheMeta
	if err := json.Unmarshal(data, &m); err != nil {
		return cacheMeta{}, err
	}
	if m.Entities < 0 {
		return cacheMeta{}, fmt.Errorf("entities %d is negative", m.Entities)
	}
	if m.Published != "" {
		if _, err := time.Parse(time.DateOnly, m.Published); err != nil {
			return cacheMeta{}, fmt.Errorf("published %q is not a YYYY-MM-DD date", m.Published)
		}
	}
	switch m.DateFrom {
	case "", dateFromFile, dateFromLastModified:
	default:
		return cacheMeta{}, fmt.Errorf("date_from %q is not file or last-modified", m.DateFrom)
	}
	for name, f := range m.Files {
		if f.Size < 0 {
			return cacheMeta{}, fmt.Errorf("file %s: size %d is negative", name, f.Size)
		}
	}
	return m, nil
}

// CacheRecords returns, for each source the cache in dir holds, what its
// Updater accepted last. A --lists folder is judged against it.
func CacheRecords(dir string) map[string]Accepted {
	out := map[string]Accepted{}
	if dir == "" {
		return out
	}
	for _, s := range Catalogue() {
		m, err := readMeta(filepath.Join(dir, s.Key))
		if err == nil && m.Key == s.Key && m.dateFrom() == dateFromFile {
			out[s.Key] = m.accepted()
		} else if err == nil && m.Key == s.Key {
			// A Last-Modified date says nothing of a folder's files.
			out[s.Key] = Accepted{Entities: m.Entities}
		}
	}
	return out
}

// writeMeta replaces the meta file atomically, so a crash leaves the old
// record or the new one, never half of one.
func writeMeta(folder string, m cacheMeta) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(folder, metaName+".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(append(data, '\n'))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(folder, metaName)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func (u *Updater) sources() []Source {
	if u.catalogue != nil {
		return u.catalogue
	}
	return Catalogue()
}

func (u *Updater) logf(format string, args ...any) {
	if u.Logf != nil {
		u.Logf(format, args...)
	}
}

// Update brings the cached copy of each named source (all catalogue
// sources when none are named) up to date, in parallel. It returns one
// result per source, in the order asked. The error is only for what stops
// every source: an unknown key or an unusable cache folder; a source that
// fails is reported in its result and the others go on.
func (u *Updater) Update(ctx context.Context, keys ...string) ([]UpdateResult, error) {
	if u.CacheDir == "" {
		return nil, errors.New("update: no cache folder")
	}
	var srcs []Source
	if len(keys) == 0 {
		srcs = u.sources()
	}
	for _, k := range keys {
		s, ok := u.lookup(k)
		if !ok {
			return nil, fmt.Errorf("update: unknown list %q (known: %s)", k, strings.Join(u.keys(), ", "))
		}
		srcs = append(srcs, s)
	}
	if err := os.MkdirAll(u.CacheDir, 0o755); err != nil {
		return nil, fmt.Errorf("update: cache folder: %w", err)
	}
	results := make([]UpdateResult, len(srcs))
	var wg sync.WaitGroup
	for i, s := range srcs {
		wg.Go(func() {
			start := time.Now()
			results[i] = u.updateSource(ctx, s)
			results[i].Key = s.Key
			results[i].Duration = time.Since(start)
		})
	}
	wg.Wait()
	return results, nil
}

func (u *Updater) lookup(key string) (Source, bool) {
	for _, s := range u.sources() {
		if s.Key == key {
			return s, true
		}
	}
	return Source{}, false
}

func (u *Updater) keys() []string {
	var ks []string
	for _, s := range u.sources() {
		ks = append(ks, s.Key)
	}
	return ks
}

func (u *Updater) url(s Source, f File) string {
	if u.Mirror != "" {
		return strings.TrimRight(u.Mirror, "/") + "/" + s.Key + "/" + f.Name
	}
	return f.URL
}

func (u *Updater) updateSource(ctx context.Context, s Source) UpdateResult {
	folder := filepath.Join(u.CacheDir, s.Key)
	if err := recoverSwap(u.CacheDir, s.Key); err != nil {
		return failed(0, fmt.Errorf("%s: recover interrupted update: %w", s.Key, err))
	}
	cached, prev := u.cachedState(s, folder)

	tmp, err := os.MkdirTemp(u.CacheDir, ".tmp-"+s.Key+"-")
	if err != nil {
		return failed(prev, fmt.Errorf("%s: %w", s.Key, err))
	}
	defer os.RemoveAll(tmp) // a no-op once tmp has been renamed into place

	meta := cacheMeta{Key: s.Key, Files: map[string]fileMeta{}}
	var bytes int64
	changed := false
	for _, f := range s.Files {
		var have *fileMeta
		cachedPath, err := findFile(folder, f)
		if err == nil {
			if fm, ok := cached.Files[f.Name]; ok && u.url(s, f) == fm.URL {
				have = &fm
			}
		}
		fm, status, err := u.fetch(ctx, s.Key, f, u.url(s, f), filepath.Join(tmp, f.Name), have)
		bytes += fm.Size
		switch {
		case status == http.StatusNotFound && f.Optional:
			u.logf("%s: optional %s not published, going on without it", s.Key, f.Name)
			if cachedPath != "" {
				changed = true // the file went away
			}
			continue
		case err != nil:
			r := failed(prev, fmt.Errorf("%s: %w", s.Key, err))
			r.Bytes = bytes
			return r
		case status == http.StatusNotModified || (have != nil && fm.SHA256 == have.SHA256):
			// Unchanged: carry the cached file over so the new folder is
			// complete and the swap moves every file of the source at once.
			if err := linkOrCopy(cachedPath, filepath.Join(tmp, f.Name)); err != nil {
				return failed(prev, fmt.Errorf("%s: carry over %s: %w", s.Key, f.Name, err))
			}
			if status == http.StatusNotModified {
				fm = *have
			}
		default:
			changed = true
		}
		meta.Files[f.Name] = fm
	}
	now := time.Now().UTC()
	if !changed && cached.Key != "" {
		cached.Fetched = now
		cached.Files = meta.Files // validators may have been refreshed
		if err := writeMeta(folder, cached); err != nil {
			return failed(prev, fmt.Errorf("%s: record check: %w", s.Key, err))
		}
		return UpdateResult{Status: NotModified, Entities: prev, Previous: prev, Bytes: bytes,
			Message: fmt.Sprintf("not modified since %s; %d entities", cached.Updated.Format(time.DateOnly), prev)}
	}

	// Checks on the download, before it may replace anything: the
	// structural ones in loadFolder, then the plausibility ones against
	// the cached copy.
	ds, err := s.loadFolder(tmp)
	n := len(ds.Entities)
	var re *RefusedError
	if errors.As(err, &re) {
		re.Err = fmt.Errorf("the download: %w", re.Err)
		return u.refuse(s, tmp, n, prev, bytes, re)
	}
	if err != nil {
		return failed(prev, fmt.Errorf("%s: read the download: %w", s.Key, err))
	}
	date, from := ds.Report.Published, dateFromFile
	if ds.DataDate.IsZero() {
		date, from = "", ""
		if fm, ok := meta.Files[s.Files[0].Name]; ok {
			if t, err := http.ParseTime(fm.LastModified); err == nil {
				date, from = t.UTC().Format(time.DateOnly), dateFromLastModified
			}
		}
	}
	acc := Accepted{Entities: prev}
	if cached.Key != "" && cached.dateFrom() == from {
		acc.DataDate = cached.Published
	}
	if err := u.Checks.Plausible(s.Key, acc, n, date); err != nil {
		errors.As(err, &re)
		re.Err = fmt.Errorf("the download: %w", re.Err)
		return u.refuse(s, tmp, n, prev, bytes, re)
	}

	meta.Fetched, meta.Updated = now, now
	meta.Entities = n
	meta.Published, meta.DateFrom = date, from
	if err := writeMeta(tmp, meta); err != nil {
		return failed(prev, fmt.Errorf("%s: %w", s.Key, err))
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return failed(prev, fmt.Errorf("%s: %w", s.Key, err))
	}
	if err := swapIn(u.CacheDir, s.Key, tmp); err != nil {
		return failed(prev, fmt.Errorf("%s: replace cached copy: %w", s.Key, err))
	}
	os.RemoveAll(filepath.Join(u.CacheDir, ".refused", s.Key)) // no longer news
	u.logf("%s: cache updated, %d entities (was %d)", s.Key, n, prev)
	msg := fmt.Sprintf("updated: %d entities", n)
	if prev > 0 {
		msg += fmt.Sprintf(" (was %d)", prev)
	}
	return UpdateResult{Status: Updated, Entities: n, Previous: prev, Bytes: bytes, Message: msg}
}

// cachedState returns the cache's record for a source and its entity
// count. A folder without a record (say, copied in by hand) is parsed to
// count it, so the shrink check still protects it; a folder that does not
// parse counts as nothing to protect.
func (u *Updater) cachedState(s Source, folder string) (cacheMeta, int) {
	if _, err := os.Stat(folder); err != nil {
		return cacheMeta{}, 0
	}
	m, err := readMeta(folder)
	if err == nil && m.Key == s.Key {
		return m, m.Entities
	}
	ds, err := s.loadFolder(folder)
	if err != nil {
		u.logf("%s: the cached copy does not load, it will be replaced: %v", s.Key, err)
		return cacheMeta{}, 0
	}
	return cacheMeta{}, len(ds.Entities)
}

func failed(prev int, err error) UpdateResult {
	return UpdateResult{Status: Failed, Entities: prev, Previous: prev, Err: err,
		Message: "failed, cached copy kept: " + err.Error()}
}

// refuse keeps the refused download beside the cache for inspection
// (<CacheDir>/.refused/<key>, replacing an older one), notes the refusal in
// the cached copy's record, and reports it.
func (u *Updater) refuse(s Source, tmp string, n, prev int, bytes int64, err *RefusedError) UpdateResult {
	msg := "refused, cached copy kept: " + err.Error()
	keep := filepath.Join(u.CacheDir, ".refused", s.Key)
	if os.MkdirAll(filepath.Dir(keep), 0o755) == nil && os.RemoveAll(keep) == nil && os.Rename(tmp, keep) == nil {
		msg += " (the download is kept in " + keep + ")"
	} else {
		os.MkdirAll(keep, 0o755)
	}
	rec, _ := json.Marshal(refusalRecord{At: time.Now().UTC(), Reason: err.Reason, Message: err.Err.Error()})
	if werr := os.WriteFile(filepath.Join(keep, refusalName), rec, 0o644); werr != nil {
		u.logf("%s: record the refusal: %v", s.Key, werr)
	}
	u.logf("%s", msg)
	return UpdateResult{Status: Refused, Entities: n, Previous: prev, Bytes: bytes, Err: err, Message: msg}
}

// swapIn replaces <cacheDir>/<key> by the folder next. Renames within one
// file system are atomic, but there is no portable way to exchange two
// folders, so the old one is first renamed aside: for a moment no folder
// is in place. recoverSwap undoes a crash in that moment.
func swapIn(cacheDir, key, next string) error {
	folder := filepath.Join(cacheDir, key)
	aside := filepath.Join(cacheDir, ".old-"+key)
	if err := os.RemoveAll(aside); err != nil {
		return err
	}
	hadOld := true
	if err := os.Rename(folder, aside); errors.Is(err, fs.ErrNotExist) {
		hadOld = false
	} else if err != nil {
		return err
	}
	if err := os.Rename(next, folder); err != nil {
		if hadOld {
			if rerr := os.Rename(aside, folder); rerr != nil {
				return fmt.Errorf("%w; and restoring the old copy from %s failed: %v", err, aside, rerr)
			}
		}
		return err
	}
	if hadOld {
		return os.RemoveAll(aside)
	}
	return nil
}

// recoverSwap puts back a folder left aside by a swap that did not finish.
func recoverSwap(cacheDir, key string) error {
	folder := filepath.Join(cacheDir, key)
	aside := filepath.Join(cacheDir, ".old-"+key)
	if _, err := os.Stat(aside); err != nil {
		return nil
	}
	if _, err := os.Stat(folder); err == nil {
		return os.RemoveAll(aside) // the swap finished; only the clean-up did not
	}
	return os.Rename(aside, folder)
}

func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	if fi, err := in.Stat(); err == nil {
		return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
	}
	return nil
}

// httpError is an HTTP answer other than 200 or 304.
type httpError struct {
	URL    string
	Status int
	Text   string
}

func (e *httpError) Error() string {
	return fmt.Sprintf("GET %s: %s", e.URL, e.Text)
}

func (e *httpError) temporary() bool {
	return e.Status >= 500 || e.Status == http.StatusTooManyRequests || e.Status == http.StatusRequestTimeout
}

// fetch downloads one file to dst, retrying what may pass. It returns the
// HTTP status (200, 304, 404 or 0) with the error, so the caller can treat
// a missing optional file as absence rather than failure.
func (u *Updater) fetch(ctx context.Context, key string, f File, url, dst string, have *fileMeta) (fileMeta, int, error) {
	attempts := u.Attempts
	if attempts <= 0 {
		attempts = 3
	}
	wait := u.Backoff
	if wait <= 0 {
		wait = 2 * time.Second
	}
	for attempt := 1; ; attempt++ {
		fm, status, err := u.fetchOnce(ctx, key, f, url, dst, have)
		if err == nil || attempt >= attempts || ctx.Err() != nil || !retryable(err) {
			if err != nil && attempt > 1 {
				err = fmt.Errorf("%w (after %d attempts)", err, attempt)
			}
			return fm, status, err
		}
		u.logf("%s: %v; retrying in %s", key, err, wait) // err names the file
		select {
		case <-ctx.Done():
			return fm, status, fmt.Errorf("%s: %w", f.Name, ctx.Err())
		case <-time.After(wait):
		}
		wait *= 2
	}
}

func retryable(err error) bool {
	var he *httpError
	if errors.As(err, &he) {
		return he.temporary()
	}
	var tooBig *tooBigError
	return !errors.As(err, &tooBig) // network errors, timeouts, short bodies
}

type tooBigError struct{ limit int64 }

func (e *tooBigError) Error() string {
	return fmt.Sprintf("file larger than the %d-byte limit", e.limit)
}

func (u *Updater) fetchOnce(ctx context.Context, key string, f File, url, dst string, have *fileMeta) (fileMeta, int, error) {
	fm := fileMeta{URL: url}
	timeout := u.FileTimeout
	if timeout <= 0 {
		timeout = 10 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fm, 0, fmt.Errorf("%s: %w", f.Name, err)
	}
	ua := u.UserAgent
	if ua == "" {
		ua = "clearance"
	}
	req.Header.Set("User-Agent", ua)
	if have != nil {
		if have.ETag != "" {
			req.Header.Set("If-None-Match", have.ETag)
		}
		if have.LastModified != "" {
			req.Header.Set("If-Modified-Since", have.LastModified)
		}
	}
	resp, err := u.client().Do(req)
	if err != nil {
		return fm, 0, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && have != nil:
		return fm, resp.StatusCode, nil
	case resp.StatusCode != http.StatusOK:
		return fm, resp.StatusCode, fmt.Errorf("%s: %w", f.Name, &httpError{URL: url, Status: resp.StatusCode, Text: resp.Status})
	}
	fm.ETag = resp.Header.Get("ETag")
	fm.LastModified = resp.Header.Get("Last-Modified")

	out, err := os.Create(dst)
	if err != nil {
		return fm, 0, fmt.Errorf("%s: %w", f.Name, err)
	}
	limit := u.MaxBytes
	if limit <= 0 {
		limit = 512 << 20
	}
	h := sha256.New()
	pw := &progressWriter{u: u, p: Progress{Key: key, File: f.Name, Total: resp.ContentLength}}
	pw.report()
	n, err := io.Copy(io.MultiWriter(out, h, pw), io.LimitReader(resp.Body, limit+1))
	fm.Size = n
	if err == nil && n > limit {
		err = &tooBigError{limit}
	}
	// A body shorter than its Content-Length already fails io.Copy with
	// io.ErrUnexpectedEOF; this also catches a transport that does not.
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = fmt.Errorf("got %d of %d bytes", n, resp.ContentLength)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fm, 0, fmt.Errorf("%s: download: %w", f.Name, err)
	}
	pw.report()
	fm.SHA256 = hex.EncodeToString(h.Sum(nil))
	// The file's time is the publisher's: FileDate then says how old the
	// list is, not when it was fetched.
	if t, err := http.ParseTime(fm.LastModified); err == nil {
		_ = os.Chtimes(dst, t, t)
	}
	return fm, http.StatusOK, nil
}

func (u *Updater) client() *http.Client {
	if u.Client != nil {
		return u.Client
	}
	return defaultClient
}

var defaultClient = &http.Client{Transport: &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	TLSHandshakeTimeout:   30 * time.Second,
	ResponseHeaderTimeout: 2 * time.Minute,
	ForceAttemptHTTP2:     true,
	MaxIdleConns:          10,
	IdleConnTimeout:       90 * time.Second,
}}

// progressWriter reports download progress at most every 256 KiB.
type progressWriter struct {
	u    *Updater
	p    Progress
	last int64
}

func (w *progressWriter) Write(b []byte) (int, error) {
	w.p.Done += int64(len(b))
	if w.p.Done-w.last >= 256<<10 {
		w.report()
	}
	return len(b), nil
}

func (w *progressWriter) report() {
	w.last = w.p.Done
	if w.u.Progress != nil {
		w.u.Progress(w.p)
	}
}
