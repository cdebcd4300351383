package match

import (
	"testing"

	"github.com/clearance-screening/clearance"
)

// TestScreenFindsJoinedGivenNamesFromHangul checks that a name typed in
// Hangul finds listings whose given name is written as one word, among
// more listings sharing the surname and a syllable than are scored.
func TestScreenFindsJoinedGivenNamesFromHangul(t *testing.T) {
	var es []clearance.Entity
	add := func(id, name string) {
		es = append(es, clearance.Entity{ID: id, Type: clearance.Person, Names: []clearance.Name{{Full: name, Kind: clearance.Primary}}})
	}
	// Kim Jae-X and Kim X-won namesakes outnumber the candidates scored.
	var syll []string
	for _, a := range []string{"b", "ch", "d", "g", "h", "j", "k", "m", "n", "p", "s", "t"} {
		for _, b := range []string{"ae", "eon", "ong", "un", "ik", "yeong", "o"} {
			syll = append(syll, a+b)
		}
	}
	for _, s := range syll {
		add("jae"+s, "Kim Jae-"+s)
		add(s+"won", "Kim "+s+"-won")
		add("ji"+s, "Lee Ji-"+s)
		add(s+"su", "Lee "+s+"-soo")
	}
	add("want", "Kim Jaewon")
	add("want2", "Jisoo Lee")
	add("want3", "Kim Jeong-hyun")
	add("near", "Cho Chung-yun")
	ix := Build(es, Options{})
	tests := []struct {
		why, query, want string
	}{
		{"given name joined, RR", "김재원", "want"},
		{"given name joined, informal, surname last", "이지수", "want2"},
		{"syllables apart are found even when another listing joins to the same key", "김정현", "want3"},
	}
	for _, tt := range tests {
		ms, err := ix.Screen(clearance.Query{Name: tt.query, Type: clearance.Person}, clearance.ScreenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range ms {
			found = found || m.EntityID == tt.want
		}
		if !found {
			t.Errorf("%s: %s did not alert on %s: %+v", tt.why, tt.query, tt.want, ms)
		}
	}
}
