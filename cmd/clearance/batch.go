package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
	"golang.org/x/term"
)

// batchQuery is one line of batch input: a query plus the input's own
// fields, which pass through unread (expect, category, ...).
type batchQuery struct {
	clearance.Query
	line int
	err  error
}

func runBatch(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("batch", "--in FILE [--out FILE] [flags]", "Screen every subject of a JSONL or CSV file. Bad rows are reported and the rest goes on.")
	in := fs.String("in", "", "input file, JSONL (one query object a line) or CSV with a header; - for stdin")
	out := fs.String("out", "-", "output file (JSONL or CSV); - for stdout")
	format := fs.String("format", "", "jsonl or csv for input and output (default: from the file extensions, else jsonl)")
	outFormat := fs.String("out-format", "", "output format when it differs from the input's")
	var minScore minScoreFlag
	fs.Var(&minScore, "min-score", "lowest score to write, 0 to 1; 0 writes every match scored (default: the alert threshold)")
	limit := fs.Int("limit", 10, "most matches per subject")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "screening goroutines")
	noProgress := fs.Bool("no-progress", false, "no progress bar even on a terminal")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *in == "" {
		fs.Usage()
		return errUsage
	}
	inFmt := pickFormat(*format, *in)
	outFmt := pickFormat(*outFormat, *out)
	if *outFormat == "" && *out == "-" {
		outFmt = inFmt
	}
	if *format != "" && *outFormat == "" {
		outFmt = inFmt
	}
	var r io.Reader = e.stdin
	var size int64 = -1
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		r = f
	}
	counted := &countingReader{r: r}
	// Load before creating the output, so that a failed load leaves an
	// existing output file as it was.
	l, err := e.load()
	if err != nil {
		return err
	}
	var w io.Writer = e.stdout
	var outFile *os.File
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		outFile = f
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var prog *progress
	if !*noProgress && isTerminal(e.stderr) {
		prog = &progress{w: e.stderr, total: size, start: time.Now()}
	}
	stats, err := screenStream(ctx, l.index, counted, inFmt, bw, outFmt, clearance.ScreenOptions{MinScore: minScore.v, Limit: *limit}, *workers, e.stderr, func(n int) {
		if prog != nil {
			prog.update(n, counted.n.Load())
		}
	})
	if prog != nil {
		prog.finish(stats.rows)
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if outFile != nil {
		if cerr := outFile.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("screened %d subjects: %d with alerts, %d bad rows, in %s", stats.rows, stats.alerts, stats.bad, stats.took.Round(time.Millisecond))
	if e.json {
		return writeJSON(e.stderr, map[string]any{"screened": stats.rows, "alerts": stats.alerts, "bad_rows": stats.bad, "seconds": stats.took.Seconds()})
	}
	fmt.Fprintln(e.stderr, "clearance:", msg)
	return nil
}

func pickFormat(explicit, path string) string {
	if explicit != "" {
		return strings.ToLower(explicit)
	}
	if strings.HasSuffix(strings.ToLower(path), ".csv") {
		return "csv"
	}
	return "jsonl"
}

type batchStats struct {
	rows, alerts, bad int
	took              time.Duration
}

// screenStream reads queries, screens them on several goroutines and
// writes the results in input order. A row that cannot be read or
// screened is written with its error, reported on errw, and the stream goes on.
func screenStream(ctx context.Context, ix *match.Index, r io.Reader, inFmt string, w io.Writer, outFmt string, opts clearance.ScreenOptions, workers int, errw io.Writer, onDone func(int)) (batchStats, error) {
	start := time.Now()
	if workers < 1 {
		workers = 1
	}
	type job struct {
		seq int
		q   batchQuery
	}
	type result struct {
		seq int
		res clearance.Result
		q   batchQuery
	}
	jobs := make(chan job, workers*4)
	results := make(chan result, workers*4)
	var readErr error
	go func() {
		defer close(jobs)
		seq := 0
		readErr = readQueries(r, inFmt, func(q batchQuery) bool {
			select {
			case jobs <- job{seq, q}:
				seq++
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				res := clearance.Result{ID: j.q.ID, Matches: []clearance.Match{}}
				if j.q.err != nil {
					res.Error = j.q.err.Error()
				} else if ms, err := ix.Screen(j.q.Query, opts); err != nil {
					res.Error = err.Error()
				} else {
					res.Matches = nonNil(ms)
					for _, m := range ms {
						if m.Score >= ix.Threshold() {
							res.Alert = true
						}
					}
				}
				results <- result{j.seq, res, j.q}
			}
		})
	}
	go func() { wg.Wait(); close(results) }()

	var stats batchStats
	ow := newResultWriter(w, outFmt)
	pending := map[int]result{}
	next := 0
	var writeErr error
	for res := range results {
		pending[res.seq] = res
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			stats.rows++
			if p.res.Error != "" {
				stats.bad++
				fmt.Fprintf(errw, "clearance: line %d (id %q): %s\n", p.q.line, p.res.ID, p.res.Error)
			}
			if p.res.Alert {
				stats.alerts++
			}
			if writeErr == nil {
				writeErr = ow.write(p.res)
			}
			onDone(stats.rows)
		}
	}
	if writeErr == nil {
		writeErr = ow.flush()
	}
	stats.took = time.Since(start)
	if readErr != nil {
		return stats, readErr
	}
	if ctx.Err() != nil {
		return stats, ctx.Err()
	}
	return stats, writeErr
}

// readQueries reads JSONL or CSV queries, calling emit for each row
// (rows that cannot be read carry their error) until emit returns false.
// It returns an error only when the input as a whole cannot be read.
func readQueries(r io.Reader, format string, emit func(batchQuery) bool) error {
	switch format {
	case "jsonl", "json", "ndjson":
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<16), 1<<22)
		line := 0
		for sc.Scan() {
			line++
			text := strings.TrimSpace(sc.Text())
			if text == "" {
				continue
			}
			q := batchQuery{line: line}
			if err := decodeQuery([]byte(text), &q.Query); err != nil {
				q.err = err // the line is reported beside it
			}
			if q.ID == "" {
				q.ID = "line-" + strconv.Itoa(line)
			}
			if !emit(q) {
				return nil
			}
		}
		return sc.Err()
	case "csv":
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		header, err := cr.Read()
		if err != nil {
			return fmt.Errorf("csv header: %w", err)
		}
		col := map[string]int{}
		for i, h := range header {
			col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
		}
		if _, ok := col["name"]; !ok {
			if _, ok := col["wallet"]; !ok {
				return fmt.Errorf("csv header %v: want a name or wallet column", header)
			}
		}
		line := 1
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				return nil
			}
			line++
			q := batchQuery{line: line}
			if err != nil {
				var pe *csv.ParseError
				if !errors.As(err, &pe) {
					return err
				}
				q.err = err
			} else {
				q.err = csvQuery(rec, col, &q.Query)
			}
			if q.ID == "" {
				q.ID = "line-" + strconv.Itoa(line)
			}
			if !emit(q) {
				return nil
			}
		}
	}
	return fmt.Errorf("unknown format %q (want jsonl or csv)", format)
}

// decodeQuery reads one JSON query, checking the fields it knows.
func decodeQuery(b []byte, q *clearance.Query) error {
	var raw struct {
		clearance.Query
		Type string `json:"type"`
		ID   any    `json:"id"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("not a JSON query object: %w", err)
	}
	*q = raw.Query
	switch id := raw.ID.(type) {
	case string:
		q.ID = id
	case float64:
		q.ID = strconv.FormatFloat(id, 'f', -1, 64)
	}
	t, err := clearance.ParseEntityType(raw.Type)
	if err != nil {
		return err
	}
	q.Type = t
	return validateQuery(q)
}

// validateQuery applies the checks the API and screen apply too.
func validateQuery(q *clearance.Query) error { return q.Check() }

func csvQuery(rec []string, col map[string]int, q *clearance.Query) error {
	get := func(k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	q.ID, q.Name, q.DOB, q.Country, q.Gender, q.Wallet = get("id"), get("name"), get("dob"), get("country"), get("gender"), get("wallet")
	t, err := clearance.ParseEntityType(get("type"))
	if err != nil {
		return err
	}
	q.Type = t
	for _, s := range strings.Split(get("identifiers")+";"+get("identifier"), ";") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		var f identifierFlag
		if err := f.Set(s); err != nil {
			return err
		}
		q.Identifiers = append(q.Identifiers, f...)
	}
	return validateQuery(q)
}

// resultWriter writes results as JSONL or CSV.
type resultWriter struct {
	w   io.Writer
	csv *csv.Writer
	enc *json.Encoder
}

func newResultWriter(w io.Writer, format string) *resultWriter {
	rw := &resultWriter{w: w}
	if format == "csv" {
		rw.csv = csv.NewWriter(w)
		rw.csv.Write([]string{"id", "rank", "entity_id", "score", "name", "matched_name", "source", "type", "programs", "alert", "error"})
	} else {
		rw.enc = json.NewEncoder(w)
		rw.enc.SetEscapeHTML(false)
	}
	return rw
}

func (rw *resultWriter) write(r clearance.Result) error {
	if rw.enc != nil {
		return rw.enc.Encode(r)
	}
	if len(r.Matches) == 0 {
		return rw.csv.Write([]string{r.ID, "", "", "", "", "", "", "", "", "false", r.Error})
	}
	for i, m := range r.Matches {
		err := rw.csv.Write([]string{r.ID, strconv.Itoa(i + 1), m.EntityID, strconv.FormatFloat(m.Score, 'f', 4, 64), m.Name, m.MatchedName, m.Source, string(m.Type), strings.Join(m.Programs, ";"), strconv.FormatBool(r.Alert), r.Error})
		if err != nil {
			return err
		}
	}
	return nil
}

func (rw *resultWriter) flush() error {
	if rw.csv != nil {
		rw.csv.Flush()
		return rw.csv.Error()
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
