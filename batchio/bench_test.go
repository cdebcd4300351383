package batchio_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/batchio"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// BenchmarkBatchVsScreen compares the batch pipeline (read, parse, screen
// on every core, render, write in order) with screening alone, as
// 'clearance bench' measures it, on the dev set against the real lists.
// Compare the two rows/s figures, or read interleaved's batch%, which
// alternates the two every few thousand rows:
//
//	go test ./batchio -run '^$' -bench BatchVsScreen/interleaved -benchtime 300000x
func BenchmarkBatchVsScreen(b *testing.B) {
	ds, errs := lists.LoadDir(sharedfiles.Lists(b), nil)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	var ents []clearance.Entity
	for _, d := range ds {
		ents = append(ents, d.Entities...)
	}
	ix := match.Build(ents, match.Options{})
	dev, err := os.ReadFile(sharedfiles.Eval(b, "dev.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	p, _ := batchio.NewParser(batchio.JSONL, nil)
	var queries []clearance.Query
	for _, line := range bytes.Split(dev, []byte("\n")) {
		if q, err := p.Parse(batchio.Line{Text: line}); err == nil {
			queries = append(queries, q)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	set := batchio.Settings{Threshold: ix.Threshold(), MinScore: ix.Threshold(), Limit: 10, Out: batchio.JSONL}

	screen := func(n int) {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= n {
						return
					}
					ix.Screen(queries[i%len(queries)], clearance.ScreenOptions{})
				}
			})
		}
		wg.Wait()
	}
	// The dev file over and over, as one long input.
	input := func(n int) []byte {
		var input bytes.Buffer
		for input.Len() == 0 || bytes.Count(input.Bytes(), []byte("\n")) < n {
			input.Write(dev)
		}
		lines := bytes.SplitAfterN(input.Bytes(), []byte("\n"), n+1)
		return bytes.Join(lines[:n], nil)
	}
	batch := func(b *testing.B, in []byte) {
		lr := batchio.NewLineReader(bytes.NewReader(in), batchio.Pos{})
		out := batchio.StreamOutput(io.Discard)
		err := batchio.Run(context.Background(), lr, workers, func(l batchio.Line) batchio.Row {
			return batchio.ScreenLine(ix, p, set, l)
		}, func(r batchio.Row) error { _, err := out.Write(r.Out); return err })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Run("screen", func(b *testing.B) {
		screen(b.N)
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("batch", func(b *testing.B) {
		in := input(b.N)
		b.ResetTimer()
		batch(b, in)
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	// Both in turns of a dev file's rows, so that the machine's drift (on a
	// shared host, ±15% from one minute to the next) falls on both alike:
	// batch's rows/s as a percentage of screening's.
	b.Run("interleaved", func(b *testing.B) {
		turn := len(queries)
		in := input(turn)
		var ts, tb time.Duration
		for done := 0; done < b.N; done += turn {
			t0 := time.Now()
			screen(turn)
			t1 := time.Now()
			batch(b, in)
			ts, tb = ts+t1.Sub(t0), tb+time.Since(t1)
		}
		b.ReportMetric(100*ts.Seconds()/tb.Seconds(), "batch%")
	})
}
