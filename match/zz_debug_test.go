package match

import (
	"fmt"
	"os"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/lists"
)

func TestZZDebug(t *testing.T) {
	q0 := os.Getenv("ZZQ")
	if q0 == "" {
		t.Skip()
	}
	ds, _ := lists.LoadDir(sharedfiles.ListsDir(), nil)
	var all []clearance.Entity
	for _, d := range ds {
		all = append(all, d.Entities...)
	}
	ix := Build(all, Options{})
	q, _ := ix.prepare(clearance.Query{Name: q0})
	s := ix.pool.Get().(*scratch)
	fmt.Println(q.tokens, q.weights)
	for i, c := range ix.candidates(q, s) {
		if i > 8 {
			break
		}
		ln := &ix.names[c.name]
		a := align(q, ln, s)
		fmt.Println(c, ix.entities[ln.entity].Names[ln.nameIdx].Full, a.score)
	}
}
