package match

import (
	"fmt"
	"testing"

	"github.com/clearance-screening/clearance"
)

func TestZZArabic2(t *testing.T) {
	es := []clearance.Entity{{ID: "a", Type: clearance.Person, Names: []clearance.Name{{Full: "ADIL ABDALLAH MAHDI"}}}, {ID: "b", Type: clearance.Person, Names: []clearance.Name{{Full: "DJAMEL LOUNICI"}}}}
	ix := Build(es, Options{})
	for _, qs := range []string{"عادل عبد الله مهدي", "جمال لونيسي"} {
		q, _ := ix.prepare(clearance.Query{Name: qs})
		fmt.Printf("%+v %s\\n", q.tokens, q.skel)
		s := ix.pool.Get().(*scratch)
		s.resetSims()
		for _, c := range ix.candidates(q, s) {
			a := align(q, &ix.names[c.name], &ix.tokens, s)
			fmt.Println(c, a.listed, ix.names[c.name].skel, a.score, a.pairs)
		}
	}
}
