package main

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"
)

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// progress draws a one-line bar on a terminal, at most ten times a second.
type progress struct {
	w     io.Writer
	total int64 // bytes, or -1 when unknown
	start time.Time
	last  time.Time
}

func (p *progress) update(rows int, bytes int64) {
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	rate := float64(rows) / now.Sub(p.start).Seconds()
	if p.total > 0 {
		frac := min(float64(bytes)/float64(p.total), 1)
		bar := strings.Repeat("=", int(frac*30)) + strings.Repeat(" ", 30-int(frac*30))
		fmt.Fprintf(p.w, "\r[%s] %3.0f%%  %d rows  %.0f/s ", bar, frac*100, rows, rate)
		return
	}
	fmt.Fprintf(p.w, "\r%d rows  %.0f/s ", rows, rate)
}

func (p *progress) finish(rows int) {
	p.last = time.Time{}
	p.update(rows, p.total)
	fmt.Fprintln(p.w)
}
