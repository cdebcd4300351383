package match

import (
	"bufio"
	"encoding/json"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/names"
)

var (
	realOnce     sync.Once
	realEntities []clearance.Entity
	realIndex    *Index
	devQueries   []clearance.Query
	stageQueries []*query
)

// loadReal loads the official lists, indexes them and reads the dev
// queries, once per test binary, for the benchmarks.
func loadReal(b testing.TB) {
	b.Helper()
	realOnce.Do(func() {
		ds, errs := lists.LoadDir(sharedfiles.ListsDir(), nil)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		for _, d := range ds {
			realEntities = append(realEntities, d.Entities...)
		}
		realIndex = Build(realEntities, Options{})
		f, err := os.Open(sharedfiles.Eval(b, "dev.jsonl"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var q struct {
				clearance.Query
				Type string `json:"type"`
			}
			if json.Unmarshal(sc.Bytes(), &q) != nil {
				continue
			}
			q.Query.Type, _ = clearance.ParseEntityType(q.Type)
			devQueries = append(devQueries, q.Query)
			if p, err := realIndex.prepare(q.Query); err == nil && len(p.tokens) > 0 {
				stageQueries = append(stageQueries, p)
			}
		}
	})
}

// stageSetup is loadReal for the benchmarks of the two stages of Screen.
func stageSetup(b *testing.B) (*Index, []*query) {
	loadReal(b)
	return realIndex, stageQueries
}

func BenchmarkBuild(b *testing.B) {
	loadReal(b)
	b.ReportAllocs()
	for b.Loop() {
		Build(realEntities, Options{})
	}
}

// BenchmarkScreen measures a whole screening of a dev-set query.
func BenchmarkScreen(b *testing.B) {
	loadReal(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		realIndex.Screen(devQueries[i%len(devQueries)], clearance.ScreenOptions{})
		i++
	}
}

// BenchmarkScreenParallel is BenchmarkScreen on every core at once, as
// clearance bench runs it: with the cores sharing caches and memory
// bandwidth, memory traffic costs more than it does on one.
func BenchmarkScreenParallel(b *testing.B) {
	loadReal(b)
	b.ReportAllocs()
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			realIndex.Screen(devQueries[int(i)%len(devQueries)], clearance.ScreenOptions{})
		}
	})
}

// BenchmarkTokenize measures normalisation of a dev-set name.
func BenchmarkTokenize(b *testing.B) {
	loadReal(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		names.Tokenize(devQueries[i%len(devQueries)].Name)
		i++
	}
}

// BenchmarkCandidates measures retrieval alone: key lookups, crediting
// and the top-k selection.
func BenchmarkCandidates(b *testing.B) {
	ix, qs := stageSetup(b)
	s := ix.pool.Get().(*scratch)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ix.candidates(qs[i%len(qs)], s)
		i++
	}
}

// BenchmarkAlign measures scoring alone: aligning a query with each of
// its candidates. It must not allocate.
func BenchmarkAlign(b *testing.B) {
	ix, qs := stageSetup(b)
	s := ix.pool.Get().(*scratch)
	type work struct {
		q     *query
		names []uint32
	}
	var ws []work
	for _, q := range qs {
		w := work{q: q}
		for _, c := range ix.candidates(q, s) {
			w.names = append(w.names, c.name)
		}
		ws = append(ws, w)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		w := ws[i%len(ws)]
		s.resetSims()
		for _, n := range w.names {
			align(w.q, &ix.names[n], &ix.tokens, s)
		}
		i++
	}
}
