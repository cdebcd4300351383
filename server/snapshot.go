package server

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// Snapshot is one loaded generation of the lists: the index screened
// against and what the analyst and the auditor need to know of where its
// entities came from. A Snapshot never changes once built; a refresh
// builds a new one and swaps it in.
type Snapshot struct {
	Index *match.Index
	// Version names this generation: a hash of every source's version, so
	// two loads of the same files carry the same version.
	Version string
	Loaded  time.Time
	Sources []SourceInfo

	hashes map[string]string // entity ID -> content hash
	source map[string]int    // dataset key -> index in Sources
}

// SourceInfo is what a snapshot holds of one list.
type SourceInfo struct {
	Key       string    `json:"key"`
	Title     string    `json:"title"`
	Publisher string    `json:"publisher"`
	Published string    `json:"published,omitempty"` // the date the file states
	FileDate  time.Time `json:"file_date,omitzero"`
	// DataDate is the list's own date: the one its files state, else the
	// publisher's Last-Modified date (DateFrom says which); zero when
	// unknown. Ages and staleness warnings count from it, never from
	// FileDate, which only says when the files were written here.
	DataDate time.Time `json:"data_date,omitzero"`
	DateFrom string    `json:"date_from,omitempty"`
	// Fetched is when the update cache last heard from the publisher.
	Fetched time.Time `json:"fetched,omitzero"`
	// Version is the publication or file date plus a hash of the source's
	// entities: it changes exactly when what is screened changes.
	Version  string `json:"version"`
	Entities int    `json:"entities"`
	Skipped  int    `json:"skipped"`
}

// NewSnapshot indexes the datasets. The entities are copied into one
// slice owned by the index, so the datasets may be dropped afterwards.
func NewSnapshot(ds []lists.Dataset, opts match.Options) *Snapshot {
	s, all := describe(ds)
	s.Index = match.Build(all, opts)
	return s
}

// Describe is a snapshot of the datasets without an index (Index is nil):
// their versions and sources, for what needs no screening, such as a
// distributed job's submitter stamping the job with its list versions.
func Describe(ds []lists.Dataset) *Snapshot {
	s, _ := describe(ds)
	return s
}

// describe is a snapshot of the datasets without its index: the versions
// and sources, and the entities to index. A refresh that finds the version
// unchanged stops there, before the costly part.
func describe(ds []lists.Dataset) (*Snapshot, []clearance.Entity) {
	n := 0
	for _, d := range ds {
		n += len(d.Entities)
	}
	all := make([]clearance.Entity, 0, n)
	s := &Snapshot{Loaded: time.Now().UTC(), hashes: make(map[string]string, n), source: map[string]int{}}
	var versions []string
	for _, d := range ds {
		h := sha256.New()
		for i := range d.Entities {
			eh := clearance.EntityVersion(&d.Entities[i])
			s.hashes[d.Entities[i].ID] = eh
			h.Write([]byte(eh))
		}
		all = append(all, d.Entities...)
		date := d.Report.Published
		if date == "" && !d.FileDate.IsZero() {
			date = d.FileDate.UTC().Format(time.DateOnly)
		}
		v := hex.EncodeToString(h.Sum(nil))[:12]
		if date != "" {
			v = date + "-" + v
		}
		versions = append(versions, d.Source.Key+"@"+v)
		s.source[d.Source.Key] = len(s.Sources)
		s.Sources = append(s.Sources, SourceInfo{
			Key: d.Source.Key, Title: d.Source.Title, Publisher: d.Source.Publisher,
			Published: d.Report.Published, FileDate: d.FileDate, Version: v,
			DataDate: d.DataDate, DateFrom: d.DateFrom, Fetched: d.Fetched,
			Entities: len(d.Entities), Skipped: len(d.Report.Skipped),
		})
	}
	s.Version = strings.Join(versions, ",")
	return s, all
}

// EntityVersion returns the content hash of a listed entity, "" if the
// snapshot does not hold it.
func (s *Snapshot) EntityVersion(id string) string { return s.hashes[id] }

// SourceOf returns the source the entity came from.
func (s *Snapshot) SourceOf(e *clearance.Entity) (SourceInfo, bool) {
	i, ok := s.source[e.Source]
	if !ok {
		return SourceInfo{}, false
	}
	return s.Sources[i], true
}

// Diff is what changed between two snapshots, by entity ID and content.
type Diff struct {
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	Changed []string `json:"changed"`
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool { return len(d.Added)+len(d.Removed)+len(d.Changed) == 0 }

// DiffSnapshots compares old (which may be nil) with next.
func DiffSnapshots(old, next *Snapshot) Diff {
	var prev map[string]string
	if old != nil {
		prev = old.hashes
	}
	return diffVersions(prev, next.hashes)
}

// diffVersions compares two maps of entity ID to content hash.
func diffVersions(prev, next map[string]string) Diff {
	var d Diff
	for id, h := range next {
		switch ph, ok := prev[id]; {
		case !ok:
			d.Added = append(d.Added, id)
		case ph != h:
			d.Changed = append(d.Changed, id)
		}
	}
	for id := range prev {
		if _, ok := next[id]; !ok {
			d.Removed = append(d.Removed, id)
		}
	}
	sort.Strings(d.Added)
	sort.Strings(d.Removed)
	sort.Strings(d.Changed)
	return d
}

// deltaIndex indexes only the entities of next that are new or changed,
// with next's threshold, so that re-screening every stored subject after
// a refresh costs as much as the change, not as much as the lists.
func deltaIndex(next *Snapshot, d Diff) *match.Index {
	ids := append(slices.Clone(d.Added), d.Changed...)
	ents := make([]clearance.Entity, 0, len(ids))
	for _, id := range ids {
		if e, ok := next.Index.Entity(id); ok {
			ents = append(ents, *e)
		}
	}
	return match.Build(ents, match.Options{Threshold: next.Index.Threshold()})
}
