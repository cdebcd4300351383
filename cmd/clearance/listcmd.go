package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
)

// sourceSummary is what "clearance lists" says of one loaded source.
type sourceSummary struct {
	Key       string `json:"key"`
	Title     string `json:"title"`
	Published string `json:"published,omitempty"`
	// DataDate is the list's own date (DateFrom: "file" when the files
	// state it, "last-modified" when it is the publisher's header); ""
	// when unknown. FileDate only says when the files were written here.
	DataDate  string         `json:"data_date,omitempty"`
	DateFrom  string         `json:"date_from,omitempty"`
	Fetched   string         `json:"fetched,omitempty"`
	FileDate  string         `json:"file_date,omitempty"`
	Warnings  []string       `json:"warnings,omitempty"`
	Dir       string         `json:"dir,omitempty"`
	Entities  int            `json:"entities"`
	ByType    map[string]int `json:"by_type"`
	Records   int            `json:"records"`
	Skipped   int            `json:"skipped"`
	SkippedBy map[string]int `json:"skipped_by_reason,omitempty"`
	Notes     []string       `json:"notes,omitempty"`
	LoadMS    float64        `json:"load_ms"`
}

func runLists(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("lists", "", "Show each loaded source: key, data date, when fetched, entities by type, rows skipped and why, warnings; and the sources refused and why.")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	l, err := e.loadLists()
	if err != nil {
		return err
	}
	now := time.Now()
	var out []sourceSummary
	for _, d := range l.datasets {
		s := sourceSummary{
			Key: d.Source.Key, Title: d.Source.Title, Published: d.Report.Published, Dir: d.Dir,
			Entities: len(d.Entities), ByType: map[string]int{}, Records: d.Report.Records,
			Skipped: len(d.Report.Skipped), Notes: d.Report.Notes, LoadMS: float64(d.LoadTime.Microseconds()) / 1000,
		}
		if !d.FileDate.IsZero() {
			s.FileDate = d.FileDate.Format(time.DateOnly)
		}
		if !d.DataDate.IsZero() {
			s.DataDate, s.DateFrom = d.DataDate.Format(time.DateOnly), d.DateFrom
		}
		if !d.Fetched.IsZero() {
			s.Fetched = d.Fetched.UTC().Format(time.RFC3339)
		}
		s.Warnings = d.Warnings(now, e.maxAge)
		for _, en := range d.Entities {
			t := string(en.Type)
			if en.Type == clearance.Unknown {
				t = "unknown"
			}
			s.ByType[t]++
		}
		if len(d.Report.Skipped) > 0 {
			s.SkippedBy = d.Report.SkipReasons()
		}
		out = append(out, s)
	}
	type refusal struct {
		Key     string `json:"key"`
		Reason  string `json:"reason"`
		Message string `json:"message"`
	}
	var refused []refusal
	for _, r := range l.refused {
		refused = append(refused, refusal{r.Key, r.Reason, r.Err.Error()})
	}
	// A source refused fails the command, after saying everything.
	var failed error
	if l.errs != nil {
		failed = fmt.Errorf("not every source loaded: %w", l.errs)
	}
	if e.json {
		if err := writeJSON(e.stdout, map[string]any{"origin": l.origin, "sources": out, "refused": refused, "load_ms": l.took.Milliseconds(), "index_ms": l.build.Milliseconds(), "entities": l.index.Len()}); err != nil {
			return err
		}
		return failed
	}
	fmt.Fprintf(e.stdout, "Loaded from %s in %s (index built in %s): %d entities.\n\n", l.origin, l.took.Round(time.Millisecond), l.build.Round(time.Millisecond), l.index.Len())
	for _, s := range out {
		var date string
		switch {
		case s.DateFrom == "last-modified":
			date = "published " + s.DataDate + " by the publisher's Last-Modified (the files state no date)"
		case s.DataDate != "":
			date = "published " + s.DataDate
		case s.Published != "":
			date = "published " + s.Published
		default:
			date = "data date unknown (files written " + s.FileDate + ")"
		}
		if s.Fetched != "" {
			date += ", fetched " + s.Fetched
		}
		fmt.Fprintf(e.stdout, "%-18s %s\n", s.Key, s.Title)
		fmt.Fprintf(e.stdout, "%-18s %s; %d entities (%s); %d records read in %.0f ms\n", "", date, s.Entities, byType(s.ByType), s.Records, s.LoadMS)
		if s.Skipped > 0 {
			fmt.Fprintf(e.stdout, "%-18s %d skipped:\n", "", s.Skipped)
			reasons := make([]string, 0, len(s.SkippedBy))
			for r := range s.SkippedBy {
				reasons = append(reasons, r)
			}
			sort.Slice(reasons, func(i, j int) bool { return s.SkippedBy[reasons[i]] > s.SkippedBy[reasons[j]] })
			for _, r := range reasons {
				fmt.Fprintf(e.stdout, "%-18s   %5d  %s\n", "", s.SkippedBy[r], r)
			}
		}
		for _, n := range s.Notes {
			fmt.Fprintf(e.stdout, "%-18s note: %s\n", "", n)
		}
		for _, w := range s.Warnings {
			fmt.Fprintf(e.stdout, "%-18s WARNING: %s\n", "", w)
		}
		fmt.Fprintln(e.stdout)
	}
	for _, r := range refused {
		fmt.Fprintf(e.stdout, "%-18s REFUSED (%s), not screened: %s\n\n", r.Key, r.Reason, r.Message)
	}
	return failed
}

func byType(m map[string]int) string {
	var parts []string
	for _, t := range []string{"person", "organization", "vessel", "aircraft", "unknown"} {
		if m[t] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", m[t], t))
		}
	}
	return strings.Join(parts, ", ")
}

func runEntity(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("entity", "ID", "Show one listed entity with all its fields.")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	l, err := e.load()
	if err != nil {
		return err
	}
	en, ok := l.index.Entity(pos[0])
	if !ok {
		return fmt.Errorf("no entity %q in %s", pos[0], l.origin)
	}
	return writeJSON(e.stdout, en)
}

func runUpdate(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("update", "[KEY...]", "Download the official lists into the cache. A download that is cut, empty, of the wrong format, loses more than 20% of its entities or is older than the cached copy is refused and the cached copy kept (--force accepts a shrink or an older date).")
	mirror := fs.String("mirror", "", "base URL serving <key>/<file> instead of the publishers' URLs")
	timeout := fs.Duration("timeout", 10*time.Minute, "time limit per file")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	for _, k := range pos {
		if _, ok := lists.Lookup(k); !ok {
			return fmt.Errorf("unknown source %q (known: %s)", k, strings.Join(lists.Keys(), ", "))
		}
	}
	if e.cacheDir == "" {
		return fmt.Errorf("no cache folder: set --cache or $CLEARANCE_CACHE")
	}
	u := &lists.Updater{CacheDir: e.cacheDir, Mirror: *mirror, FileTimeout: *timeout, Checks: lists.Checks{Force: e.force}}
	tty := isTerminal(e.stderr)
	var lastDraw time.Time
	u.Progress = func(p lists.Progress) {
		if !tty || time.Since(lastDraw) < 100*time.Millisecond && p.Done != p.Total {
			return
		}
		lastDraw = time.Now()
		if p.Total > 0 {
			fmt.Fprintf(e.stderr, "\r%s/%s %5.1f%% of %d KiB   ", p.Key, p.File, 100*float64(p.Done)/float64(p.Total), p.Total>>10)
		} else {
			fmt.Fprintf(e.stderr, "\r%s/%s %d KiB   ", p.Key, p.File, p.Done>>10)
		}
	}
	u.Logf = func(format string, args ...any) {
		if tty {
			fmt.Fprint(e.stderr, "\r")
		}
		fmt.Fprintf(e.stderr, "clearance: "+format+"\n", args...)
	}
	results, err := u.Update(ctx, pos...)
	if tty {
		fmt.Fprintln(e.stderr)
	}
	if e.json {
		type jr struct {
			Key      string  `json:"key"`
			Status   string  `json:"status"`
			Entities int     `json:"entities"`
			Previous int     `json:"previous"`
			Bytes    int64   `json:"bytes"`
			Message  string  `json:"message"`
			Error    string  `json:"error,omitempty"`
			Reason   string  `json:"reason,omitempty"` // why a download was refused: truncated, shrunk, ...
			Seconds  float64 `json:"seconds"`
		}
		var out []jr
		for _, r := range results {
			j := jr{Key: r.Key, Status: string(r.Status), Entities: r.Entities, Previous: r.Previous, Bytes: r.Bytes, Message: r.Message, Seconds: r.Duration.Seconds()}
			if r.Err != nil {
				j.Error = r.Err.Error()
			}
			var re *lists.RefusedError
			if errors.As(r.Err, &re) {
				j.Reason = re.Reason
			}
			out = append(out, j)
		}
		if werr := writeJSON(e.stdout, out); werr != nil {
			return werr
		}
	} else {
		for _, r := range results {
			fmt.Fprintf(e.stdout, "%-18s %-13s %s\n", r.Key, r.Status, r.Message)
		}
	}
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range results {
		if r.Status == lists.Failed || r.Status == lists.Refused {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d sources not updated; the cached copies stay in use", failed, len(results))
	}
	return nil
}
