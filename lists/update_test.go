package lists

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
)

// fakeSource is a source in a trivial format, one entity per line, so the
// download machinery can be tested apart from the real parsers. A line
// "BAD" is a parse error. roster.txt is required, notes.txt optional.
func fakeSource() Source {
	return Source{
		Key:   "fake_list",
		Title: "Fake list",
		Files: []File{
			{Name: "roster.txt", URL: "http://publisher.invalid/roster.txt"},
			{Name: "notes.txt", URL: "http://publisher.invalid/notes.txt", Optional: true},
		},
		parse: func(files map[string]io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
			data, err := io.ReadAll(files["roster.txt"])
			if err != nil {
				return nil, clearance.ParseReport{}, err
			}
			var ents []clearance.Entity
			var rep clearance.ParseReport
			for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				if line == "" {
					continue
				}
				if line == "BAD" {
					return ents, rep, fmt.Errorf("roster.txt line %d: bad record", i+1)
				}
				rep.Records++
				ents = append(ents, clearance.Entity{ID: "fake_list:" + line, Source: "fake_list", Names: []clearance.Name{{Full: line}}})
			}
			return ents, rep, nil
		},
	}
}

// roster returns a roster of n entities.
func roster(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "E%d\n", i)
	}
	return b.Bytes()
}

// publisher is a fake list publisher: it serves files at /<key>/<name>
// with ETag and Last-Modified and answers conditional requests, and lets
// a test break it (fail, stall, truncate) through hook.
type publisher struct {
	mu      sync.Mutex
	files   map[string][]byte // path -> content
	modTime time.Time
	reqs    []http.Header // headers of every request, in order
	paths   []string
	hook    func(w http.ResponseWriter, r *http.Request) bool // true: handled
}

func newPublisher(t *testing.T) (*publisher, *httptest.Server) {
	t.Helper()
	p := &publisher{files: map[string][]byte{}, modTime: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv
}

func (p *publisher) set(path string, data []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files[path] = data
	p.modTime = p.modTime.Add(24 * time.Hour)
}

func (p *publisher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.reqs = append(p.reqs, r.Header.Clone())
	p.paths = append(p.paths, r.URL.Path)
	hook, data, ok, mod := p.hook, p.files[r.URL.Path], p.files[r.URL.Path] != nil, p.modTime
	p.mu.Unlock()
	if hook != nil && hook(w, r) {
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("ETag", fmt.Sprintf(`"%x"`, sha256.Sum256(data)))
	http.ServeContent(w, r, filepath.Base(r.URL.Path), mod, bytes.NewReader(data))
}

func (p *publisher) requests() ([]string, []http.Header) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.paths...), append([]http.Header(nil), p.reqs...)
}

func (p *publisher) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reqs, p.paths = nil, nil
}

func testUpdater(t *testing.T, srv *httptest.Server, srcs ...Source) *Updater {
	t.Helper()
	return &Updater{
		CacheDir:    t.TempDir(),
		Mirror:      srv.URL,
		Backoff:     time.Millisecond,
		FileTimeout: 5 * time.Second,
		catalogue:   srcs,
		Logf:        t.Logf,
	}
}

func update1(t *testing.T, u *Updater, key string) UpdateResult {
	t.Helper()
	res, err := u.Update(context.Background(), key)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if len(res) != 1 || res[0].Key != key {
		t.Fatalf("Update returned %+v, want one result for %s", res, key)
	}
	t.Logf("%s: %s: %s", key, res[0].Status, res[0].Message)
	return res[0]
}

// snapshot reads every file below dir, so a test can assert that a failed
// or refused update left the cache exactly as it was.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		fi, _ := d.Info()
		m[rel] = fmt.Sprintf("%s|%v", b, fi.ModTime().UnixNano())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// seeded returns a publisher serving a 10-entity fake list and an updater
// whose cache already holds it.
func seeded(t *testing.T) (*publisher, *Updater, map[string]string) {
	t.Helper()
	p, srv := newPublisher(t)
	p.set("/fake_list/roster.txt", roster(10))
	p.set("/fake_list/notes.txt", []byte("notes\n"))
	u := testUpdater(t, srv, fakeSource())
	if r := update1(t, u, "fake_list"); r.Status != Updated || r.Entities != 10 {
		t.Fatalf("first download: %+v", r)
	}
	p.reset()
	return p, u, snapshot(t, filepath.Join(u.CacheDir, "fake_list"))
}

func TestFirstDownloadFillsTheCache(t *testing.T) {
	p, srv := newPublisher(t)
	p.set("/fake_list/roster.txt", roster(10))
	p.set("/fake_list/notes.txt", []byte("notes\n"))
	u := testUpdater(t, srv, fakeSource())
	var progress []Progress
	var mu sync.Mutex
	u.Progress = func(pr Progress) { mu.Lock(); progress = append(progress, pr); mu.Unlock() }

	r := update1(t, u, "fake_list")
	if r.Status != Updated || r.Entities != 10 || r.Previous != 0 || r.Err != nil {
		t.Fatalf("got %+v, want updated with 10 entities and none before", r)
	}
	if want := int64(len(roster(10)) + len("notes\n")); r.Bytes != want {
		t.Errorf("Bytes = %d, want %d", r.Bytes, want)
	}
	folder := filepath.Join(u.CacheDir, "fake_list")
	got, err := os.ReadFile(filepath.Join(folder, "roster.txt"))
	if err != nil || !bytes.Equal(got, roster(10)) {
		t.Errorf("cached roster.txt = %q, %v", got, err)
	}
	fi, err := os.Stat(filepath.Join(folder, "roster.txt"))
	if err != nil || !fi.ModTime().Equal(p.modTime) {
		t.Errorf("cached file time = %v, want the publisher's Last-Modified %v", fi.ModTime(), p.modTime)
	}
	meta, err := readMeta(folder)
	if err != nil || meta.Entities != 10 || meta.Files["roster.txt"].ETag == "" || meta.Files["roster.txt"].LastModified == "" {
		t.Errorf("fetch record = %+v, %v; want 10 entities with ETag and Last-Modified", meta, err)
	}
	last := progress[len(progress)-1]
	if last.Key != "fake_list" || last.Done != last.Total || last.Done == 0 {
		t.Errorf("last progress report %+v, want a whole file done", last)
	}
	leftovers, _ := filepath.Glob(filepath.Join(u.CacheDir, ".tmp-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
	ds, err := fakeSource().Load(u.CacheDir)
	if err != nil || len(ds.Entities) != 10 || !ds.FileDate.Equal(p.modTime) {
		t.Errorf("loading the cache: %d entities, file date %v, %v", len(ds.Entities), ds.FileDate, err)
	}
}

func TestSecondRunAsksConditionallyAndKeepsTheCache(t *testing.T) {
	p, u, before := seeded(t)
	metaBefore, _ := readMeta(filepath.Join(u.CacheDir, "fake_list"))
	time.Sleep(10 * time.Millisecond)

	r := update1(t, u, "fake_list")
	if r.Status != NotModified || r.Entities != 10 || r.Previous != 10 || r.Bytes != 0 {
		t.Fatalf("got %+v, want not modified, 10 entities, nothing downloaded", r)
	}
	paths, hdrs := p.requests()
	if len(hdrs) != 2 {
		t.Fatalf("requests %v, want one per file", paths)
	}
	for i, h := range hdrs {
		if h.Get("If-None-Match") == "" || h.Get("If-Modified-Since") == "" {
			t.Errorf("request for %s sent If-None-Match %q and If-Modified-Since %q; want both", paths[i], h.Get("If-None-Match"), h.Get("If-Modified-Since"))
		}
	}
	after := snapshot(t, filepath.Join(u.CacheDir, "fake_list"))
	delete(before, metaName)
	delete(after, metaName)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("list files changed on a not-modified run")
	}
	metaAfter, _ := readMeta(filepath.Join(u.CacheDir, "fake_list"))
	if !metaAfter.Fetched.After(metaBefore.Fetched) || !metaAfter.Updated.Equal(metaBefore.Updated) {
		t.Errorf("fetched %v -> %v, updated %v -> %v; want only the fetch time to move", metaBefore.Fetched, metaAfter.Fetched, metaBefore.Updated, metaAfter.Updated)
	}
}

func TestAChangedFileReplacesTheCache(t *testing.T) {
	p, u, _ := seeded(t)
	p.set("/fake_list/roster.txt", roster(12))
	r := update1(t, u, "fake_list")
	if r.Status != Updated || r.Entities != 12 || r.Previous != 10 {
		t.Fatalf("got %+v, want updated from 10 to 12", r)
	}
	got, _ := os.ReadFile(filepath.Join(u.CacheDir, "fake_list", "roster.txt"))
	if !bytes.Equal(got, roster(12)) {
		t.Errorf("cache holds %q, want the new roster", got)
	}
	if _, err := os.Stat(filepath.Join(u.CacheDir, "fake_list", "notes.txt")); err != nil {
		t.Errorf("the unchanged file was not carried over: %v", err)
	}
}

func TestABadDownloadLeavesTheCacheUntouched(t *testing.T) {
	tests := []struct {
		name       string
		roster     []byte
		hook       func(w http.ResponseWriter, r *http.Request) bool
		maxShrink  float64
		fileTime   time.Duration
		wantStatus UpdateStatus
		wantErr    string
		wantReqs   int // requests for roster.txt; 0 means do not check
	}{
		{
			name:       "a file that does not parse is refused",
			roster:     append(roster(10), "BAD\n"...),
			wantStatus: Refused,
			wantErr:    "roster.txt line 11: bad record",
		},
		{
			name:       "an empty file is refused",
			roster:     []byte{},
			wantStatus: Refused,
			wantErr:    "roster.txt is empty",
		},
		{
			name:       "a list that lost more than a fifth of its entries is refused",
			roster:     roster(7),
			wantStatus: Refused,
			wantErr:    "7 entities, 30% fewer than the 10 of the version last accepted",
		},
		{
			name:       "a stricter limit refuses a smaller drop",
			roster:     roster(9),
			maxShrink:  0.05,
			wantStatus: Refused,
			wantErr:    "9 entities, 10% fewer than the 10",
		},
		{
			name: "a server error is retried, then fails",
			hook: func(w http.ResponseWriter, r *http.Request) bool {
				http.Error(w, "upstream broken", http.StatusInternalServerError)
				return true
			},
			wantStatus: Failed,
			wantErr:    "500 Internal Server Error (after 3 attempts)",
			wantReqs:   3,
		},
		{
			name: "a missing required file fails at once",
			hook: func(w http.ResponseWriter, r *http.Request) bool {
				if strings.HasSuffix(r.URL.Path, "roster.txt") {
					http.NotFound(w, r)
					return true
				}
				return false
			},
			wantStatus: Failed,
			wantErr:    "404 Not Found",
			wantReqs:   1,
		},
		{
			name: "a body cut short of its Content-Length fails",
			hook: func(w http.ResponseWriter, r *http.Request) bool {
				w.Header().Set("Content-Length", "1000")
				w.WriteHeader(http.StatusOK)
				w.Write([]byte("E1\nE2\n"))
				return true
			},
			wantStatus: Failed,
			wantErr:    "unexpected EOF",
			wantReqs:   3,
		},
		{
			name: "a server that stalls times out",
			hook: func(w http.ResponseWriter, r *http.Request) bool {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				return true
			},
			fileTime:   50 * time.Millisecond,
			wantStatus: Failed,
			wantErr:    "context deadline exceeded",
			wantReqs:   3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, u, before := seeded(t)
			if tt.roster != nil {
				p.set("/fake_list/roster.txt", tt.roster)
			}
			p.hook = tt.hook
			u.Checks.MaxShrink = tt.maxShrink
			u.Checks.MinLoss = -1 // the fake list is small
			if tt.fileTime != 0 {
				u.FileTimeout = tt.fileTime
			}
			start := time.Now()
			r := update1(t, u, "fake_list")
			if r.Status != tt.wantStatus || r.Err == nil || !strings.Contains(r.Err.Error(), tt.wantErr) {
				t.Fatalf("got %s with error %v, want %s with %q", r.Status, r.Err, tt.wantStatus, tt.wantErr)
			}
			if r.Previous != 10 {
				t.Errorf("Previous = %d, want the cached 10", r.Previous)
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("update took %v", time.Since(start))
			}
			if after := snapshot(t, filepath.Join(u.CacheDir, "fake_list")); !reflect.DeepEqual(before, after) {
				t.Errorf("cache changed:\nbefore %v\nafter  %v", before, after)
			}
			if tt.wantReqs > 0 {
				paths, _ := p.requests()
				n := 0
				for _, path := range paths {
					if strings.HasSuffix(path, "roster.txt") {
						n++
					}
				}
				if n != tt.wantReqs {
					t.Errorf("roster.txt was requested %d times, want %d", n, tt.wantReqs)
				}
			}
			if tt.wantStatus == Refused {
				if _, err := os.Stat(filepath.Join(u.CacheDir, ".refused", "fake_list", "roster.txt")); err != nil {
					t.Errorf("the refused download was not kept for inspection: %v", err)
				}
			}
			ds, err := fakeSource().Load(u.CacheDir)
			if err != nil || len(ds.Entities) != 10 {
				t.Errorf("cache loads %d entities, %v; want the old 10", len(ds.Entities), err)
			}
		})
	}
}

func TestATransientServerErrorIsRetried(t *testing.T) {
	p, u, _ := seeded(t)
	p.set("/fake_list/roster.txt", roster(11))
	var mu sync.Mutex
	failures := 1
	p.hook = func(w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		defer mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "roster.txt") && failures > 0 {
			failures--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return true
		}
		return false
	}
	if r := update1(t, u, "fake_list"); r.Status != Updated || r.Entities != 11 {
		t.Fatalf("got %+v, want updated to 11 after one retry", r)
	}
}

func TestAnOptionalFileMayBeMissing(t *testing.T) {
	p, srv := newPublisher(t)
	p.set("/fake_list/roster.txt", roster(3))
	u := testUpdater(t, srv, fakeSource())
	if r := update1(t, u, "fake_list"); r.Status != Updated || r.Entities != 3 {
		t.Fatalf("got %+v, want updated without notes.txt", r)
	}
	if _, err := os.Stat(filepath.Join(u.CacheDir, "fake_list", "notes.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("notes.txt in cache: %v", err)
	}
}

func TestACancelledUpdateFailsAndKeepsTheCache(t *testing.T) {
	p, u, before := seeded(t)
	p.set("/fake_list/roster.txt", roster(11))
	ctx, cancel := context.WithCancel(context.Background())
	p.hook = func(w http.ResponseWriter, r *http.Request) bool {
		cancel()
		<-r.Context().Done()
		return true
	}
	res, err := u.Update(ctx)
	if err != nil || len(res) != 1 || res[0].Status != Failed || !errors.Is(res[0].Err, context.Canceled) {
		t.Fatalf("got %+v, %v; want one failed result wrapping context.Canceled", res, err)
	}
	if paths, _ := p.requests(); len(paths) != 1 {
		t.Errorf("requests after cancel: %v, want no retries", paths)
	}
	if after := snapshot(t, filepath.Join(u.CacheDir, "fake_list")); !reflect.DeepEqual(before, after) {
		t.Errorf("cache changed")
	}
}

func TestAnInterruptedSwapIsRecovered(t *testing.T) {
	p, u, before := seeded(t)
	folder := filepath.Join(u.CacheDir, "fake_list")
	// A crash between the two renames of a swap leaves the old copy aside.
	if err := os.Rename(folder, filepath.Join(u.CacheDir, ".old-fake_list")); err != nil {
		t.Fatal(err)
	}
	p.hook = func(w http.ResponseWriter, r *http.Request) bool {
		http.Error(w, "down", http.StatusBadGateway)
		return true
	}
	u.Attempts = 1
	if r := update1(t, u, "fake_list"); r.Status != Failed || r.Previous != 10 {
		t.Fatalf("got %+v, want failed with the recovered 10 entities as previous", r)
	}
	if after := snapshot(t, folder); !reflect.DeepEqual(before, after) {
		t.Errorf("recovered cache differs from the original")
	}
}

func TestAHandMadeCacheFolderIsProtectedToo(t *testing.T) {
	p, srv := newPublisher(t)
	u := testUpdater(t, srv, fakeSource())
	folder := filepath.Join(u.CacheDir, "fake_list")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "roster.txt"), roster(10), 0o644); err != nil {
		t.Fatal(err)
	}
	p.set("/fake_list/roster.txt", roster(2))
	u.Checks.MinLoss = -1 // the fake list is small
	if r := update1(t, u, "fake_list"); r.Status != Refused || r.Previous != 10 {
		t.Fatalf("got %+v, want refused against the 10 entities of the folder without a fetch record", r)
	}
}

func TestUpdateRejectsUnknownKeys(t *testing.T) {
	_, srv := newPublisher(t)
	u := testUpdater(t, srv, fakeSource())
	_, err := u.Update(context.Background(), "fake_list", "no_such_list")
	if err == nil || !strings.Contains(err.Error(), `unknown list "no_such_list"`) {
		t.Fatalf("got %v, want an unknown-list error", err)
	}
	if _, err := os.Stat(filepath.Join(u.CacheDir, "fake_list")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a source was fetched despite the bad key: %v", err)
	}
}

func TestCacheStatusSaysHowOldTheCacheIs(t *testing.T) {
	_, u, _ := seeded(t)
	missing := Source{Key: "other_list", Files: []File{{Name: "x.txt"}}}
	now := time.Now().Add(72 * time.Hour)
	st := cacheStatus(u.CacheDir, []Source{fakeSource(), missing}, now)
	if len(st) != 2 {
		t.Fatalf("got %d statuses, want 2", len(st))
	}
	got := st[0]
	if !got.Present || got.Entities != 10 || got.Fetched.IsZero() || got.Problem != "" {
		t.Errorf("status %+v, want present, 10 entities, fetched", got)
	}
	if s := got.String(); s != "fetched 3 days ago, 10 entities, published 2025-03-03 by the publisher's Last-Modified (the files state no date)" {
		t.Errorf("String() = %q", s)
	}
	if st[1].Present || st[1].String() != "missing" {
		t.Errorf("absent source: %+v", st[1])
	}

	// A file edited after download is flagged.
	if err := os.WriteFile(filepath.Join(u.CacheDir, "fake_list", "roster.txt"), []byte("E1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got = cacheStatus(u.CacheDir, []Source{fakeSource()}, now)[0]
	if !strings.Contains(got.Problem, "roster.txt is 3 bytes, but 30 were downloaded") {
		t.Errorf("Problem = %q, want the size mismatch", got.Problem)
	}
}
