// Package quality measures how well the screening engine (package match)
// finds what it should and stays quiet where it should, on the labelled
// sets in the shared eval folder: the development set that score.py
// scores, OpenSanctions' name-pair bench, cross-script name pairs, and
// yente's synthetic negatives and UN positives.
//
// Every measure takes a built *match.Index and a file path, reads the file
// in place, and returns a report of plain numbers, so that a test can hold
// the engine to floors and the CLI can print the same figures.
package quality

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// parallel calls f(0..n-1) on GOMAXPROCS goroutines. Each f writes only
// its own slot of a result slice, so no locking is needed.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// table is a CSV or TSV file read whole, with its header mapped to columns.
type table struct {
	path string
	cols map[string]int
	rows [][]string
}

// readTable reads a delimited file with a header row. Lines starting with
// '#' are comments (watchman's files carry some).
func readTable(path string, comma rune) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseTable(f, path, comma)
}

func parseTable(r io.Reader, path string, comma rune) (*table, error) {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	if comma == '\t' {
		// Names in TSV files carry bare quotes ("Kim \"Jack\" Ri").
		cr.LazyQuotes = true
	}
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	t := &table{path: path, cols: map[string]int{}}
	for i, h := range header {
		t.cols[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		t.rows = append(t.rows, rec)
	}
	return t, nil
}

// need fails unless every named column is in the header.
func (t *table) need(names ...string) error {
	for _, n := range names {
		if _, ok := t.cols[n]; !ok {
			return fmt.Errorf("%s: no %q column in the header", t.path, n)
		}
	}
	return nil
}

// get returns a row's value of a column, "" when the column or cell is missing.
func (t *table) get(row []string, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// line is the file line of data row i (the header is line 1), for messages;
// it is exact for files without comments or multi-line cells.
func line(i int) int { return i + 2 }

// sameName reports whether two names are the same once case, spaces,
// hyphens and punctuation are set aside: "Kim Jong-un" = "KIM Jong Un".
func sameName(a, b string) bool { return foldName(a) == foldName(b) }

func foldName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// ratio is n/d, or 0 when d is 0.
func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
