package match

import (
	"encoding/csv"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clearance-screening/clearance"
)

func TestZZKor(t *testing.T) {
	if os.Getenv("ZZK") == "" {
		t.Skip()
	}
	f, _ := os.Open("/work/shared/eval/peers/wikidata_korean_person_names.tsv")
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	rows, _ := r.ReadAll()
	rows = rows[1:]
	var es []clearance.Entity
	for i, row := range rows {
		es = append(es, clearance.Entity{ID: fmt.Sprint(i), Type: clearance.Person, Names: []clearance.Name{{Full: row[0]}}})
	}
	ix := Build(es, Options{})
	sp := regexp.MustCompile(`[ -]+`)
	n, miss := 0, 0
	for i, row := range rows {
		if len(sp.Split(row[0], -1)) != utf8.RuneCountInString(row[1]) {
			continue
		}
		n++
		ms, _ := ix.Screen(clearance.Query{Name: row[1], Type: clearance.Person}, clearance.ScreenOptions{MinScore: -1, Limit: 50})
		found := -1.0
		for _, m := range ms {
			if strings.EqualFold(m.Name, row[0]) || m.EntityID == fmt.Sprint(i) {
				found = m.Score
				break
			}
		}
		if found < ix.Threshold() {
			miss++
			if miss < 40 {
				q, _ := ix.prepare(clearance.Query{Name: row[1]})
				var alts []string
				for _, t := range q.tokens {
					alts = append(alts, fmt.Sprint(len(t.Alts)))
				}
				fmt.Println(row[1], row[0], found, alts)
			}
		}
	}
	fmt.Println(n, miss)
}
