package quality

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

func TestZZBench(t *testing.T) {
	if os.Getenv("ZZB") == "" {
		t.Skip()
	}
	ds, _ := lists.LoadDir(sharedfiles.ListsDir(), nil)
	var all []clearance.Entity
	for _, d := range ds {
		all = append(all, d.Entities...)
	}
	ix := match.Build(all, match.Options{})
	r, _ := NameBench(ix, filepath.Join(sharedfiles.EvalDir(), "peers", "nomenklatura_name_bench_cases.csv"))
	for _, c := range r.Wrong() {
		fmt.Printf("%v %.3f %s | %s | %s | %s %s\n", c.IsMatch, c.Score, c.Schema, c.Name1, c.Name2, c.Group, c.Quality)
	}
}
