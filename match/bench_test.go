package match_test

import (
	"bufio"
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
	"github.com/clearance-screening/clearance/names"
)

var (
	realOnce     sync.Once
	realEntities []clearance.Entity
	devQueries   []clearance.Query
)

// loadReal loads the official lists and the dev queries once per test binary.
func loadReal(tb testing.TB) ([]clearance.Entity, []clearance.Query) {
	tb.Helper()
	realOnce.Do(func() {
		ds, errs := lists.LoadDir(sharedfiles.ListsDir(), nil)
		if len(errs) > 0 {
			tb.Fatal(errs)
		}
		for _, d := range ds {
			realEntities = append(realEntities, d.Entities...)
		}
		f, err := os.Open(sharedfiles.Eval(tb, "dev.jsonl"))
		if err != nil {
			tb.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var q struct {
				clearance.Query
				Type string `json:"type"`
			}
			if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
				tb.Fatal(err)
			}
			q.Query.Type, _ = clearance.ParseEntityType(q.Type)
			devQueries = append(devQueries, q.Query)
		}
	})
	return realEntities, devQueries
}

func BenchmarkBuild(b *testing.B) {
	ents, _ := loadReal(b)
	b.ReportAllocs()
	for b.Loop() {
		match.Build(ents, match.Options{})
	}
}

func BenchmarkScreen(b *testing.B) {
	ents, qs := loadReal(b)
	ix := match.Build(ents, match.Options{})
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		ix.Screen(qs[i%len(qs)], clearance.ScreenOptions{})
		i++
	}
}

func BenchmarkTokenize(b *testing.B) {
	_, qs := loadReal(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		names.Tokenize(qs[i%len(qs)].Name)
		i++
	}
}
