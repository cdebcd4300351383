package match

import (
	"fmt"
	"testing"

	"github.com/clearance-screening/clearance"
)

func TestZZArabic(t *testing.T) {
	es := []clearance.Entity{{ID: "a", Type: clearance.Person, Names: []clearance.Name{{Full: "UDAY SADDAM HUSSEIN AL-TIKRITI"}}}, {ID: "b", Type: clearance.Person, Names: []clearance.Name{{Full: "TARIQ AZIZ"}}}}
	ix := Build(es, Options{})
	for _, qs := range []string{"عدي صدام حسين التكريتي", "طارق عزيز"} {
		q, _ := ix.prepare(clearance.Query{Name: qs})
		fmt.Printf("%+v\n", q.tokens)
		s := ix.pool.Get().(*scratch)
		s.resetSims()
		for _, c := range ix.candidates(q, s) {
			a := align(q, &ix.names[c.name], &ix.tokens, s)
			fmt.Println(c, a.listed, a.score, a.pairs)
		}
	}
}
