package match

import (
	"testing"

	"github.com/clearance-screening/clearance"
)

// Korean and Chinese names are made of syllables: a romanisation rule of
// one language applied to the other's names, another syllable, a join of
// other syllables or the given name read backwards makes another name,
// while another romanisation of the same syllables, in order, is the
// listed name.
func TestRomanisationByLanguage(t *testing.T) {
	person := func(id, name string, nat ...string) clearance.Entity {
		return clearance.Entity{ID: "t:" + id, Source: "t", Type: clearance.Person, Nationalities: nat,
			Names: []clearance.Name{{Full: name, Kind: clearance.Primary}}}
	}
	es := append(testEntities(),
		person("liyi", "LI, Yi", "CN"),
		person("yuliang", "PAO, Yu Liang"),
		person("sohongchan", "SO, Hong Chan", "KP"),
		person("rimyongsu", "RI, Myong Su", "KP"),
		person("pakjongchon", "PAK, Jong-chon"),
		person("kimcholman", "KIM, Chol Man", "KP"),
		person("xijinping", "XI, Jinping", "CN"),
	)
	ix := Build(es, Options{})
	tests := []struct {
		why, query, want string
		alert            bool
	}{
		{"pinyin Li and Yi are two surnames", "Li Li", "t:liyi", false},
		{"Korean l-dropping does not hold in Chinese", "Yang Liu", "t:yuliang", false},
		{"a Chinese name does not meet a Korean one by folding", "Hongdan Xu", "t:sohongchan", false},
		{"the given name read backwards", "Su-myung I", "t:rimyongsu", false},
		{"the same name in another romanisation, in order", "Myung Soo Lee", "t:rimyongsu", true},
		{"a joined given name of other syllables", "Jonghoon Bak", "t:pakjongchon", false},
		{"a joined given name of the same syllables", "Cholman Gim", "t:kimcholman", true},
		{"an older spelling of a pinyin initial", "Si Jinping", "t:xijinping", true},
	}
	for _, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			ms, err := ix.Screen(clearance.Query{Name: tt.query, Type: clearance.Person}, clearance.ScreenOptions{Limit: 1, MinScore: new(0.5)})
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) == 0 || ms[0].EntityID != tt.want {
				t.Fatalf("%q: top match %+v, want %s", tt.query, ms, tt.want)
			}
			if got := ms[0].Score >= ix.Threshold(); got != tt.alert {
				t.Errorf("%q: score %.3f, alert %v, want %v; reasons %+v", tt.query, ms[0].Score, got, tt.alert, ms[0].Reasons)
			}
		})
	}
}
