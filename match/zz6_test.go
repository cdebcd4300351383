package match

import (
	"encoding/csv"
	"fmt"
	"os"
	"testing"

	"github.com/clearance-screening/clearance"
)

func TestZZKor2(t *testing.T) {
	if os.Getenv("ZZK") == "" {
		t.Skip()
	}
	f, _ := os.Open("/work/shared/eval/peers/wikidata_korean_person_names.tsv")
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	rows, _ := r.ReadAll()
	var es []clearance.Entity
	for i, row := range rows[1:] {
		es = append(es, clearance.Entity{ID: fmt.Sprint(i), Type: clearance.Person, Names: []clearance.Name{{Full: row[0]}}})
	}
	ix := Build(es, Options{})
	q, _ := ix.prepare(clearance.Query{Name: "장의종"})
	s := ix.pool.Get().(*scratch)
	s.resetSims()
	for i, c := range ix.candidates(q, s) {
		if i > 5 {
			break
		}
		ts := ix.tokens.tokens(&ix.names[c.name], nil)
		fmt.Println(c, ts[0].Text, ts[1:])
	}
	for _, tk := range []string{"jank", "oi", "jonk", "i"} {
		fmt.Println(tk, len(ix.posting(hashKey(nsKey, tk, -1))), len(ix.posting(hashKey(nsDelete, tk, -1))))
	}
}
