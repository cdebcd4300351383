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
		min := set.MinScore
		if min == 0 {
			min = -1 // every match scored; ScreenOptions reads 0 as "the default"
		}
		var ms []clearance.Match
		ms, err = s.Screen(q, clearance.ScreenOptions{MinScore: min, Limit: set.Limit})
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

// Run reads lines with next, screens them on workers goroutines with
// screen, and calls emit with every row in input order. Blank lines are
// not rows. At most a few hundred rows are between reading and emit, so a
// file of any size runs in constant memory. Run returns next's error
// other than io.EOF, emit's first error, or ctx's, after emitting the rows
// read before it.
func Run(ctx context.Context, next func() (Line, error), workers int, screen func(Line) Row, emit func(Row) error) error {
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		seq int
		l   Line
	}
	type done struct {
		seq int
		r   Row
	}
	window := make(chan struct{}, workers*64)
	jobs := make(chan job, workers*4)
	results := make(chan done, workers*4)
	var readErr error
	go func() {
		defer close(jobs)
		for seq := 0; ; {
			l, err := next()
			if err != nil {
				if !isEOF(err) {
					readErr = err
				}
				return
			}
			if l.Blank() {
				continue
			}
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			jobs <- job{seq, l}
			seq++
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				results <- done{j.seq, screen(j.l)}
			}
		})
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int]Row{}
	nextSeq := 0
	var emitErr error
	for d := range results {
		pending[d.seq] = d.r
		for {
			r, ok := pending[nextSeq]
			if !ok {
				break
			}
			delete(pending, nextSeq)
			nextSeq++
			<-window
			if emitErr == nil {
				if emitErr = emit(r); emitErr != nil {
					cancel() // stop reading; drain what is in flight
				}
			}
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
