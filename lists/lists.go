// Package lists is the catalogue of official sanctions lists clearance
// screens against: where each publisher puts its files, how to load them
// from a folder, and how to download them into a cache without ever
// replacing a good copy by a bad one.
//
// Every folder it reads or writes has one layout: <dir>/<dataset key>/<file>,
// for example lists/us_ofac_sdn/sdn.csv. The shared data folder, a cache
// filled by an Updater and a mirror served over HTTP all look the same, so a
// folder of lists can be copied, served or loaded without conversion.
//
// The parsers live in one subpackage per publisher format (ofac, un, hmt,
// eu) and the hand-kept DPRK set in builtin; this package only wires them.
package lists

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/clearance-screening/clearance"
)

// Source is one published list: its dataset key, who publishes it and the
// files that make it up.
type Source struct {
	// Key is the dataset key: the folder name and the prefix of entity IDs.
	Key       string
	Title     string
	Publisher string
	// Format names the publisher's file format, for people.
	Format string
	Files  []File

	// Retired, when set, says that the publisher no longer issues the
	// list and what replaced it; loading the source warns with it.
	Retired string

	// parse turns the source's files, keyed by File.Name, into entities.
	// Optional files that are absent are absent from the map.
	parse func(files map[string]io.Reader) ([]clearance.Entity, clearance.ParseReport, error)
}

// File is one file of a source.
type File struct {
	// Name is the file's name in a list folder and the name a download is
	// saved under.
	Name string
	// URL is where the publisher serves the file.
	URL string
	// Optional files may be missing from a folder or from the publisher;
	// the source loads without them.
	Optional bool
	// Aliases are other names accepted when loading from a folder, such as
	// the UK list's pre-2022 name sanctionsconlist.csv.
	Aliases []string

	// check tells a complete file of the right format from a cut or
	// foreign one before it is parsed (nil: no check).
	check fileCheck
}

// Lookup returns the catalogue source with the given key.
func Lookup(key string) (Source, bool) {
	for _, s := range Catalogue() {
		if s.Key == key {
			return s, true
		}
	}
	return Source{}, false
}

// Keys lists the dataset keys of the catalogue, in catalogue order.
func Keys() []string {
	var keys []string
	for _, s := range Catalogue() {
		keys = append(keys, s.Key)
	}
	return keys
}

// Dataset is one source loaded: its entities and what the parser said.
type Dataset struct {
	Source   Source
	Entities []clearance.Entity
	Report   clearance.ParseReport
	// FileDate is the newest modification time of the files read. Files
	// an Updater downloaded carry the publisher's Last-Modified date. It
	// says when the files were written here, not how old the list is:
	// DataDate does.
	FileDate time.Time
	// DataDate is the list's publication date: the one the file states
	// (Report.Published), else the publisher's Last-Modified date the
	// Updater recorded; zero when neither is known (an OFAC legacy CSV
	// copied in by hand states none). DateFrom says which: "file",
	// "last-modified" or "".
	DataDate time.Time
	DateFrom string
	// Fetched is when an Updater last heard from the publisher about this
	// source (zero for a folder not filled by an Updater).
	Fetched time.Time
	// Dir is the folder the files were read from ("" for the built-in set).
	Dir string
	// LoadTime is how long reading and parsing took.
	LoadTime time.Duration
}

// Load reads the source's files from <dir>/<key>/ and parses them. A
// missing required file is an error naming it; missing optional files are
// left out.
func (s Source) Load(dir string) (Dataset, error) {
	folder := filepath.Join(dir, s.Key)
	ds, err := s.loadFolder(folder)
	if err != nil {
		var re *RefusedError
		if errors.As(err, &re) {
			re.Err = fmt.Errorf("%s: %w", folder, re.Err)
			return ds, re
		}
		return ds, fmt.Errorf("%s (%s): %w", s.Key, folder, err)
	}
	if m, err := readMeta(folder); err == nil && m.Key == s.Key {
		ds.Fetched = m.Fetched
		if ds.DataDate.IsZero() && m.DateFrom == dateFromLastModified {
			if t, err := time.Parse(time.DateOnly, m.Published); err == nil {
				ds.DataDate, ds.DateFrom = t, dateFromLastModified
			}
		}
	}
	return ds, nil
}

// loadFolder parses the files directly in folder and checks them: every
// required file there, not empty, ending where its format says it ends,
// parsing to at least one entity. The Updater uses it on a download before
// it may replace the cache, so both paths check alike. A failed check is
// a *RefusedError naming the source but not the folder; other errors (a
// file that cannot be read) leave naming the source to the caller.
func (s Source) loadFolder(folder string) (Dataset, error) {
	start := time.Now()
	ds := Dataset{Source: s, Dir: folder}
	files := make(map[string]io.Reader, len(s.Files))
	for _, f := range s.Files {
		path, err := findFile(folder, f)
		if errors.Is(err, fs.ErrNotExist) && f.Optional {
			continue
		}
		if errors.Is(err, fs.ErrNotExist) {
			return ds, &RefusedError{Key: s.Key, Reason: ReasonMissing, Err: err}
		}
		if err != nil {
			return ds, err
		}
		// Reading whole files first keeps I/O errors apart from parse
		// errors and hands the parsers an in-memory reader, which both
		// encoding/csv and encoding/xml read fastest. The largest list
		// (the EU's, ~25 MB) is small next to the entities built from it.
		data, err := os.ReadFile(path)
		if err != nil {
			return ds, &RefusedError{Key: s.Key, Reason: ReasonUnreadable, Err: err}
		}
		if len(data) == 0 && !f.Optional {
			return ds, refused(s.Key, ReasonEmpty, "%s is empty", filepath.Base(path))
		}
		if f.check != nil && len(data) > 0 {
			if re := f.check(filepath.Base(path), data); re != nil {
				re.Key = s.Key
				return ds, re
			}
		}
		if fi, err := os.Stat(path); err == nil && fi.ModTime().After(ds.FileDate) {
			ds.FileDate = fi.ModTime()
		}
		files[f.Name] = bytes.NewReader(data)
	}
	ents, rep, err := s.parse(files)
	ds.Entities, ds.Report = ents, rep
	ds.LoadTime = time.Since(start)
	if err != nil {
		return ds, refused(s.Key, ReasonUnparseable, "parse: %w", err)
	}
	if len(ents) == 0 {
		return ds, refused(s.Key, ReasonEmpty, "the files hold no entities (%d records read)", rep.Records)
	}
	if t, err := time.Parse(time.DateOnly, rep.Published); err == nil {
		ds.DataDate, ds.DateFrom = t, dateFromFile
	}
	return ds, nil
}

// Where a dataset's DataDate comes from.
const (
	dateFromFile         = "file"
	dateFromLastModified = "last-modified"
)

// Warnings says what a user screening against the dataset must know
// although it loaded: that its data is older than maxAge (zero means
// DefaultMaxAge) or of no known date, or that its publisher retired it.
func (d Dataset) Warnings(now time.Time, maxAge time.Duration) []string {
	if d.Source.Key == builtinKey {
		return nil
	}
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	var w []string
	switch {
	case d.DataDate.IsZero():
		w = append(w, "the files state no data date and no download recorded one: how old this list is is unknown")
	case now.Sub(d.DataDate) > maxAge:
		w = append(w, fmt.Sprintf("stale: data dated %s, %d days old, over the %s limit", d.DataDate.Format(time.DateOnly), int(now.Sub(d.DataDate).Hours()/24), days(maxAge)))
	}
	if d.Source.Retired != "" {
		w = append(w, d.Source.Retired)
	}
	return w
}

func days(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d-day", int(d/(24*time.Hour)))
	}
	return d.String()
}

// findFile returns the path of f in folder under its name or one of its
// aliases. The error wraps fs.ErrNotExist when none is there.
func findFile(folder string, f File) (string, error) {
	for _, name := range append([]string{f.Name}, f.Aliases...) {
		p := filepath.Join(folder, name)
		fi, err := os.Stat(p)
		if err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	what := f.Name
	if len(f.Aliases) > 0 {
		what = fmt.Sprintf("%s (or %v)", f.Name, f.Aliases)
	}
	return "", fmt.Errorf("%s missing from %s: %w", what, folder, fs.ErrNotExist)
}

// present reports whether dir has a folder for the source.
func (s Source) present(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, s.Key))
	return err == nil && fi.IsDir()
}

// LoadDir loads every catalogue source that has a folder in dir, in
// parallel, and returns the datasets in catalogue order. A source that
// fails to load or is refused (see LoadOptions) is left out and its error
// (naming the source and file; a *RefusedError when refused) returned; the
// others still load. Sources without a folder are skipped silently: an
// empty dir yields no datasets and no errors, so the caller can fall back
// to the built-in set. A dir that does not exist is an error.
//
// progress, if not nil, is called from the loading goroutines when a
// source starts (done false) and ends (done true).
func LoadDir(dir string, progress func(key string, done bool)) ([]Dataset, []error) {
	return LoadDirWith(dir, LoadOptions{Progress: progress})
}

// LoadOptions say what LoadDirWith checks a folder's sources against.
type LoadOptions struct {
	// Previous holds the version of each source last accepted, by key;
	// each source found is checked against its entry with Checks. A source
	// without one gets the structural checks alone.
	Previous map[string]Accepted
	Checks   Checks
	Progress func(key string, done bool)
}

// LoadDirWith is LoadDir with plausibility checks against the versions
// last accepted.
func LoadDirWith(dir string, opts LoadOptions) ([]Dataset, []error) {
	progress := opts.Progress
	if fi, err := os.Stat(dir); err != nil {
		return nil, []error{fmt.Errorf("lists folder: %w", err)}
	} else if !fi.IsDir() {
		return nil, []error{fmt.Errorf("lists folder %s is not a directory", dir)}
	}
	cat := Catalogue()
	loaded := make([]Dataset, len(cat))
	errs := make([]error, len(cat))
	ok := make([]bool, len(cat))
	var wg sync.WaitGroup
	for i, s := range cat {
		if !s.present(dir) {
			continue
		}
		wg.Go(func() {
			if progress != nil {
				progress(s.Key, false)
			}
			loaded[i], errs[i] = s.Load(dir)
			if prev, has := opts.Previous[s.Key]; has && errs[i] == nil {
				d := loaded[i]
				date := ""
				if d.DateFrom == dateFromFile {
					date = d.Report.Published
				}
				errs[i] = opts.Checks.Plausible(s.Key, prev, len(d.Entities), date)
			}
			ok[i] = errs[i] == nil
			if progress != nil {
				progress(s.Key, true)
			}
		})
	}
	wg.Wait()
	var out []Dataset
	var outErrs []error
	for i := range cat {
		if ok[i] {
			out = append(out, loaded[i])
		}
		if errs[i] != nil {
			outErrs = append(outErrs, errs[i])
		}
	}
	return out, outErrs
}
