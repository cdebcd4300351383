package batchio

import (
	"context"
	"sync"

	"github.com/clearance-screening/clearance"
)

// Settings are what rows are screened with. A distributed job carries
// them, so that every worker screens alike whatever its own defaults.
type Settings struct {
	// Threshold is the alert threshold: a row alerts when a match scores at
	// or above it.
	Threshold float64 `json:"threshold"`
	// MinScore is the lowest score written. Zero writes every match scored.
	MinScore float64 `json:"min_score"`
	// Limit caps the matches written per row.
	Limit int `json:"limit"`
	// Out is the output format.
	Out Format `json:"out"`
}

// Row is one input row, screened and rendered.
type Row struct {
	No    int   // line number
	End   int64 // input offset after the row's line
	ID    string
	Out   []byte // the row's output, in Settings.Out
	Alert bool
	Err   string // why the row could not be read or screened; "" if it was
}

// Stats count rows.
type Stats struct {
	Read     int64 `json:"read"`     // rows read (blank lines are not rows)
	Screened int64 `json:"screened"` // rows screened
	Alerted  int64 `json:"alerted"`  // rows with a match at or above the threshold
	Failed   int64 `json:"failed"`   // rows that could not be read or screened
}

// Add counts a row.
func (s *Stats) Add(r Row) {
	s.Read++
	if r.Err != "" {
		s.Failed++
		return
	}
	s.Screened++
	if r.Alert {
		s.Alerted++
	}
}

// Merge adds other's counts.
func (s *Stats) Merge(o Stats) {
	s.Read += o.Read
	s.Screened += o.Screened
	s.Alerted += o.Alerted
	s.Failed += o.Failed
}

// ScreenLine reads a line's query, screens it and renders the result. A
// row that cannot be read or screened is rendered with its error.
func ScreenLine(s clearance.Screener, p *Parser, set Settings, l Line) Row {
	q, err := p.Parse(l)
	res := clearance.Result{ID: q.ID, Matches: []clearance.Match{}}
	if err == nil {
		min := set.MinScore // 0 means 0: every match scored
		var ms []clearance.Match
		ms, err = s.Screen(q, clearance.ScreenOptions{MinScore: &min, Limit: set.Limit})
		if err == nil && ms != nil {
			res.Matches = ms
		}
		for _, m := range ms {
			if m.Score >= set.Threshold {
				res.Alert = true
			}
		}
	}
	if err != nil {
		res.Error = err.Error()
		res.Matches = []clearance.Match{}
		res.Alert = false
	}
	return Row{No: l.No, End: l.End, ID: res.ID, Out: AppendResult(nil, set.Out, res), Alert: res.Alert, Err: res.Error}
}

// Source is what Run reads lines from: a LineReader or an XLSXReader.
type Source interface {
	// Next returns the next line, or io.EOF after the last.
	Next() (Line, error)
}

// SourceFunc makes a function a Source.
type SourceFunc func() (Line, error)

// Next calls f.
func (f SourceFunc) Next() (Line, error) { return f() }

// readySource is a Source that can tell whether its next line is read
// already, so that asking for it will not wait for the input.
type readySource interface {
	Source
	Ready() bool
}

// blockRows is the most rows a worker takes at a time. Handing rows over
// one by one cost the batch about a tenth of its throughput in goroutine
// switches and idle cores.
const blockRows = 64

// Run reads lines from src, screens them on workers goroutines with
// screen, and calls emit with every row in input order. Blank lines are
// not rows. Workers take rows in blocks of up to blockRows; a block ends
// early where the input has no further line at hand (a pipe that waits
// for its writer), so no row waits for the next to arrive. At most a few
// hundred rows are between reading and emit, so a file of any size runs in
// constant memory. Run returns src's error other than io.EOF, emit's first
// error, or ctx's, after emitting the rows read before it.
func Run(ctx context.Context, src Source, workers int, screen func(Line) Row, emit func(Row) error) error {
	if workers < 1 {
		workers = 1
	}
	ready := func() bool { return false }
	if r, ok := src.(readySource); ok {
		ready = r.Ready
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type block struct {
		seq   int
		lines []Line
		rows  []Row
	}
	window := make(chan struct{}, workers*3) // blocks between reading and emit
	jobs := make(chan *block, workers)
	results := make(chan *block, workers*3)
	var readErr error
	go func() {
		defer close(jobs)
		var b *block
		for seq := 0; ; {
			l, err := src.Next()
			if err != nil {
				if b != nil {
					jobs <- b
				}
				if !isEOF(err) {
					readErr = err
				}
				return
			}
			if !l.Blank() {
				if b == nil {
					select {
					case window <- struct{}{}:
					case <-ctx.Done():
						return
					}
					b = &block{seq: seq, lines: make([]Line, 0, blockRows)}
					seq++
				}
				b.lines = append(b.lines, l)
			}
			if b != nil && (len(b.lines) == blockRows || !ready()) {
				jobs <- b
				b = nil
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range jobs {
				b.rows = make([]Row, len(b.lines))
				for i, l := range b.lines {
					b.rows[i] = screen(l)
				}
				b.lines = nil
				results <- b
			}
		})
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int]*block{}
	nextSeq := 0
	var emitErr error
	for d := range results {
		pending[d.seq] = d
		for {
			b, ok := pending[nextSeq]
			if !ok {
				break
			}
			delete(pending, nextSeq)
			nextSeq++
			for _, r := range b.rows {
				if emitErr == nil {
					if emitErr = emit(r); emitErr != nil {
						cancel() // stop reading; drain what is in flight
					}
				}
			}
			<-window
		}
	}
	switch {
	case readErr != nil:
		return readErr
	case emitErr != nil:
		return emitErr
	}
	return context.Cause(ctx)
}
