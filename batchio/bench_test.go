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

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/batchio"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// BenchmarkBatchVsScreen compares the batch pipeline (read, parse, screen
// on every core, render, write in order) with screening alone, as
// 'clearance bench' measures it, on the dev set against the real lists.
// Compare the two rows/s figures; run the pair several times on a busy
// machine (-count 5), since both share its cores with whatever else runs:
//
//	go test ./batchio -run '^$' -bench BatchVsScreen -benchtime 30000x -count 5
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

	b.Run("screen", func(b *testing.B) {
		var next atomic.Int64
		var wg sync.WaitGroup
		b.ResetTimer()
		for range workers {
			wg.Go(func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= b.N {
						return
					}
					ix.Screen(queries[i%len(queries)], clearance.ScreenOptions{})
				}
			})
		}
		wg.Wait()
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("batch", func(b *testing.B) {
		// The dev file over and over, as one long input.
		var input bytes.Buffer
		for input.Len() == 0 || bytes.Count(input.Bytes(), []byte("\n")) < b.N {
			input.Write(dev)
		}
		lines := bytes.SplitAfterN(input.Bytes(), []byte("\n"), b.N+1)
		in := bytes.Join(lines[:b.N], nil)
		b.ResetTimer()
		lr := batchio.NewLineReader(bytes.NewReader(in), batchio.Pos{})
		out := batchio.StreamOutput(io.Discard)
		err := batchio.Run(context.Background(), lr.Next, workers, func(l batchio.Line) batchio.Row {
			return batchio.ScreenLine(ix, p, set, l)
		}, func(r batchio.Row) error { _, err := out.Write(r.Out); return err })
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
