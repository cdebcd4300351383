package intel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Update outcomes. Only Updated changes the cache.
const (
	Updated = "updated"
	// Refused: the download arrived but failed the checks (does not
	// parse, empty, shrank, older than the list in use).
	Refused = "refused"
	// Failed: the download itself failed, or the cache could not be
	// written.
	Failed = "failed"
)

// UpdateResult says what an update did.
type UpdateResult struct {
	Status   string
	Records  int    // in the download
	Previous int    // in the list in use before (cached or embedded)
	Date     string // of the download
	Message  string
	Err      error
}

// Updater fetches a newer list into a cache folder, with the same rule as
// the sanctions lists' update (lists.Updater): the download is parsed and
// checked first, and only a good one replaces the cached copy, by an
// atomic rename; a refused one is kept beside it for inspection.
type Updater struct {
	CacheDir string
	// Client fetches URLs; nil means a client with a 2-minute timeout.
	Client *http.Client
	// MinRatio refuses a list with fewer than MinRatio times the records
	// of the list in use. Zero means 0.5; negative disables the check.
	MinRatio float64
	// MaxBytes caps the download. Zero means 256 MiB.
	MaxBytes int64
}

// Update fetches from (an http(s) URL or a file path), checks and
// installs it.
func (u *Updater) Update(ctx context.Context, from string) UpdateResult {
	if u.CacheDir == "" {
		return UpdateResult{Status: Failed, Err: errors.New("no cache folder"), Message: "failed: no cache folder"}
	}
	// The shrink check compares with the cached download alone (the
	// embedded records are merged into every load anyway); an unusable
	// cached list is nothing to protect.
	cur, _ := Load(u.CacheDir)
	prev := Embedded().Len()
	if b, err := os.ReadFile(CacheFile(u.CacheDir)); err == nil {
		if c, err := Parse(b); err == nil {
			prev = c.Len()
		}
	}
	b, err := u.fetch(ctx, from)
	if err != nil {
		return failed(prev, err)
	}
	d, err := ParseAny(b)
	if err != nil {
		return u.refuse(b, prev, 0, fmt.Errorf("the download does not parse: %w", err))
	}
	n := len(d.Records)
	r := u.MinRatio
	if r == 0 {
		r = 0.5
	}
	if r > 0 && float64(n) < r*float64(prev) {
		return u.refuse(b, prev, n, fmt.Errorf("the download has %d records, under %.0f%% of the %d in use; a list does not shrink that fast, so it is more likely truncated or of another kind", n, r*100, prev))
	}
	if d.Date < cur.Date() {
		return u.refuse(b, prev, n, fmt.Errorf("the download is dated %s, older than the list in use (%s)", d.Date, cur.Date()))
	}
	if len(d.Popular) == 0 {
		d.Popular = cur.Data().Popular
	}
	out, err := Marshal(d)
	if err != nil {
		return failed(prev, err)
	}
	if err := writeAtomic(CacheFile(u.CacheDir), out); err != nil {
		return failed(prev, fmt.Errorf("write cache: %w", err))
	}
	return UpdateResult{Status: Updated, Records: n, Previous: prev, Date: d.Date,
		Message: fmt.Sprintf("updated: %d records dated %s (was %d)", n, d.Date, prev)}
}

func failed(prev int, err error) UpdateResult {
	return UpdateResult{Status: Failed, Previous: prev, Err: err, Message: "failed, list in use kept: " + err.Error()}
}

func (u *Updater) refuse(b []byte, prev, n int, err error) UpdateResult {
	msg := "refused, list in use kept: " + err.Error()
	keep := filepath.Join(u.CacheDir, "lure-intel", ".refused")
	if writeAtomic(keep, b) == nil {
		msg += " (the download is kept in " + keep + ")"
	}
	return UpdateResult{Status: Refused, Records: n, Previous: prev, Err: err, Message: msg}
}

func (u *Updater) fetch(ctx context.Context, from string) ([]byte, error) {
	limit := u.MaxBytes
	if limit <= 0 {
		limit = 256 << 20
	}
	var body io.Reader
	if strings.HasPrefix(from, "http://") || strings.HasPrefix(from, "https://") {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, from, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("User-Agent", "clearance")
		c := u.Client
		if c == nil {
			c = &http.Client{Timeout: 2 * time.Minute}
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %s", from, resp.Status)
		}
		body = resp.Body
	} else {
		f, err := os.Open(from)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		body = f
	}
	b, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: larger than the %d-byte limit", from, limit)
	}
	return b, nil
}

// writeAtomic replaces path by data: a reader sees the old file or the
// new one, never part of one.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
