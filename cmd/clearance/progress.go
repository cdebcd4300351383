package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress draws a one-line bar with an ETA on a terminal, at most ten
// times a second.
type progress struct {
	w         io.Writer
	total     int64 // bytes
	from      int64 // bytes done before this run (a resumed batch)
	start     time.Time
	last      time.Time
	lastBytes int64
	lastRows  int64
}

func newProgress(w io.Writer, total, from int64) *progress {
	return &progress{w: w, total: total, from: from, start: time.Now()}
}

func (p *progress) update(rows, bytes int64) {
	now := time.Now()
	p.lastBytes, p.lastRows = bytes, rows
	if now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.draw(now)
}

func (p *progress) draw(now time.Time) {
	elapsed := now.Sub(p.start)
	frac := min(float64(p.lastBytes)/float64(max(p.total, 1)), 1)
	bar := strings.Repeat("=", int(frac*30)) + strings.Repeat(" ", 30-int(frac*30))
	eta := "--"
	if done := p.lastBytes - p.from; done > 0 && elapsed > 0 {
		left := time.Duration(float64(elapsed) * float64(p.total-p.lastBytes) / float64(done))
		eta = left.Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r[%s] %3.0f%%  %d rows  ETA %s ", bar, frac*100, p.lastRows, eta)
}

func (p *progress) finish(rows int64) {
	p.lastRows = rows
	p.draw(time.Now())
	fmt.Fprintln(p.w)
}
