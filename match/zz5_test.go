package match

import (
	"fmt"
	"testing"

	"github.com/clearance-screening/clearance"
)

func TestZZOne(t *testing.T) {
	es := []clearance.Entity{{ID: "a", Type: clearance.Person, Names: []clearance.Name{{Full: "Chang Eui-jong"}}}, {ID: "b", Type: clearance.Person, Names: []clearance.Name{{Full: "Chang Kuo-tung"}}}}
	ix := Build(es, Options{})
	for _, qs := range []string{"장의종", "장국동"} {
		q, _ := ix.prepare(clearance.Query{Name: qs})
		for _, t := range q.tokens {
			fmt.Println(t.Text, t.Alts)
		}
		ms, err := ix.Screen(clearance.Query{Name: qs}, clearance.ScreenOptions{MinScore: -1})
		fmt.Println(ms, err)
	}
}
