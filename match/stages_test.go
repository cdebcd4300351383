package match

import (
	"bufio"
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/lists"
)

var (
	stageOnce    sync.Once
	stageIndex   *Index
	stageQueries []*query
)

// stageSetup builds the index of the real lists and prepares the dev
// queries once, for the benchmarks of the two stages of Screen.
func stageSetup(b *testing.B) (*Index, []*query) {
	b.Helper()
	stageOnce.Do(func() {
		ds, errs := lists.LoadDir(sharedfiles.ListsDir(), nil)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		var all []clearance.Entity
		for _, d := range ds {
			all = append(all, d.Entities...)
		}
		stageIndex = Build(all, Options{})
		f, err := os.Open(sharedfiles.Eval(b, "dev.jsonl"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var q clearance.Query
			if json.Unmarshal(sc.Bytes(), &q) != nil {
				continue
			}
			q.Type = ""
			if p, err := stageIndex.prepare(q); err == nil && len(p.tokens) > 0 {
				stageQueries = append(stageQueries, p)
			}
		}
	})
	return stageIndex, stageQueries
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
			align(w.q, &ix.names[n], s)
		}
		i++
	}
}
