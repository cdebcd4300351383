package lists

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// SourceStatus is what a list folder holds of one catalogue source,
// cheaply: it reads file times and the Updater's record, and parses nothing.
type SourceStatus struct {
	Key     string
	Present bool // the folder exists and has every required file
	// Fetched is when an Updater last heard from the publisher about this
	// source; zero when the folder was not filled by an Updater.
	Fetched time.Time
	// Updated is when an Updater last changed the files.
	Updated time.Time
	// Age is the time since Fetched, or since FileDate when never fetched.
	Age time.Duration
	// FileDate is the newest modification time of the source's files.
	FileDate time.Time
	// Entities and Published (the data date, YYYY-MM-DD) are from the
	// Updater's record (0 and "" when there is none).
	Entities  int
	Published string
	// DateFrom says where Published comes from: "file" (the date the
	// files state) or "last-modified" (the publisher's header).
	DateFrom string
	// Refused says why the last download was refused, when one was since
	// the files were last updated: the copy in use is older than the
	// publisher's. RefusedReason is its Reason code.
	Refused, RefusedReason string
	// Problem says what is wrong, when something is: a missing file, or a
	// file whose size no longer matches what was downloaded.
	Problem string
}

// String says in a phrase how fresh the copy is: "fetched 3 days ago,
// 14965 entities" or "missing".
func (st SourceStatus) String() string {
	switch {
	case !st.Present && st.Problem != "":
		return st.Problem
	case !st.Present:
		return "missing"
	}
	var s string
	if !st.Fetched.IsZero() {
		s = "fetched " + ago(st.Age)
	} else {
		s = "files written " + st.FileDate.Format(time.DateOnly) + " (" + ago(st.Age) + ")"
	}
	if st.Entities > 0 {
		s += fmt.Sprintf(", %d entities", st.Entities)
	}
	switch {
	case st.Published != "" && st.DateFrom == dateFromLastModified:
		s += ", published " + st.Published + " by the publisher's Last-Modified (the files state no date)"
	case st.Published != "":
		s += ", data dated " + st.Published
	}
	if st.Problem != "" {
		s += "; " + st.Problem
	}
	if st.Refused != "" {
		s += "; " + st.Refused
	}
	return s
}

func ago(d time.Duration) string {
	switch {
	case d < 2*time.Minute:
		return "just now"
	case d < 2*time.Hour:
		return fmt.Sprintf("%d minutes ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d hours ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

// CacheStatus reports, for every catalogue source in catalogue order, what
// dir holds of it, so a caller can say "using the cache from 3 days ago" or
// fall back to the built-in set.
func CacheStatus(dir string) []SourceStatus {
	return cacheStatus(dir, Catalogue(), time.Now())
}

func cacheStatus(dir string, cat []Source, now time.Time) []SourceStatus {
	out := make([]SourceStatus, 0, len(cat))
	for _, s := range cat {
		st := SourceStatus{Key: s.Key}
		folder := filepath.Join(dir, s.Key)
		if !s.present(dir) {
			out = append(out, st)
			continue
		}
		meta, merr := readMeta(folder)
		if merr == nil && meta.Key == s.Key {
			st.Fetched, st.Updated = meta.Fetched, meta.Updated
			st.Entities, st.Published = meta.Entities, meta.Published
			st.DateFrom = meta.dateFrom()
		}
		if r, ok := lastRefusal(dir, s.Key); ok {
			st.Refused = fmt.Sprintf("the download of %s UTC was refused (%s): %s", r.At.Format(time.DateTime), r.Reason, r.Message)
			st.RefusedReason = r.Reason
		}
		st.Present = true
		for _, f := range s.Files {
			p, err := findFile(folder, f)
			if err != nil {
				if !f.Optional {
					st.Present = false
					st.Problem = err.Error()
				}
				continue
			}
			fi, err := os.Stat(p)
			if err != nil {
				st.Present, st.Problem = false, err.Error()
				continue
			}
			if fi.ModTime().After(st.FileDate) {
				st.FileDate = fi.ModTime()
			}
			if fm, ok := meta.Files[f.Name]; ok && fm.Size != fi.Size() && st.Problem == "" {
				st.Problem = fmt.Sprintf("%s is %d bytes, but %d were downloaded", filepath.Base(p), fi.Size(), fm.Size)
			}
		}
		if !st.Fetched.IsZero() {
			st.Age = now.Sub(st.Fetched)
		} else if !st.FileDate.IsZero() {
			st.Age = now.Sub(st.FileDate)
		}
		out = append(out, st)
	}
	return out
}
