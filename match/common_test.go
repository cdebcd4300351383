package match

import (
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
)

// A partial or loose match of a name common in some population is held
// under the threshold, with a reason, and alerts again with a matching
// date of birth; rare names, whole names met by romanisation, and exact
// listed names keep their alerts.
func TestCommonNamesAlertOnlyWithCorroboration(t *testing.T) {
	person := func(id, name, dob string) clearance.Entity {
		e := clearance.Entity{ID: "t:" + id, Source: "t", Type: clearance.Person, Names: []clearance.Name{{Full: name, Kind: clearance.Primary}}}
		if dob != "" {
			d, _ := clearance.ParseDate(dob)
			e.BirthDates = []clearance.BirthDate{{Date: d}}
		}
		return e
	}
	es := append(testEntities(),
		person("ahmed", "ALI, Ahmed Mohammed Hamed", "1960-03-02"),
		person("weizunyi", "WEI, Zun Yi", ""),
		person("pak", "PAK, Jin Hyok", ""),
		person("khanani", "KHANANI, Obaid Altaf", ""),
		person("lisi", "LI, Si", ""),
	)
	ix := Build(es, Options{})
	top := func(q clearance.Query) clearance.Match {
		t.Helper()
		ms, err := ix.Screen(q, clearance.ScreenOptions{Limit: 1, MinScore: new(0.5)})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 {
			return clearance.Match{}
		}
		return ms[0]
	}
	tests := []struct {
		name, query, dob, want string
		alert                  bool
	}{
		{"a common name inside a longer listed one", "Mohammed Ali", "", "t:ahmed", false},
		{"the same with the listed date of birth", "Mohammed Ali", "1960-03-02", "t:ahmed", true},
		{"a rare name inside a longer listed one", "Obaid Khanani", "", "t:khanani", true},
		{"a whole Korean name by another romanisation", "Park Jin Hyok", "", "t:pak", true},
		{"a listed name spelled exactly", "Li Si", "", "t:lisi", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := top(clearance.Query{Name: tt.query, DOB: tt.dob})
			if m.EntityID != tt.want {
				t.Fatalf("%q: top match %q (%.3f), want %s", tt.query, m.EntityID, m.Score, tt.want)
			}
			if got := m.Score >= ix.Threshold(); got != tt.alert {
				t.Errorf("%q: score %.3f, alert %v, want %v; reasons %+v", tt.query, m.Score, got, tt.alert, m.Reasons)
			}
			common := false
			for _, r := range m.Reasons {
				common = common || strings.HasPrefix(r.How, "common name")
			}
			if wantReason := tt.query == "Mohammed Ali"; common != wantReason {
				t.Errorf("%q: common-name reason %v, want %v: %+v", tt.query, common, wantReason, m.Reasons)
			}
		})
	}
}

// A date of birth that differs weighs more for a name thousands bear: Li
// Wei born on another day of the listed year is a namesake, where a rare
// name so met still alerts for a look.
func TestCommonNameDifferingDOBWeighsMore(t *testing.T) {
	person := func(id, name, dob string) clearance.Entity {
		d, _ := clearance.ParseDate(dob)
		return clearance.Entity{ID: "t:" + id, Source: "t", Type: clearance.Person,
			Names: []clearance.Name{{Full: name, Kind: clearance.Primary}}, BirthDates: []clearance.BirthDate{{Date: d}}}
	}
	ix := Build(append(testEntities(),
		person("liwei", "LI, Wei", "1970-05-01"),
		person("khanani", "KHANANI, Obaid Altaf", "1970-05-01"),
	), Options{})
	for _, tt := range []struct {
		query, want string
		alert       bool
	}{
		{"Li Wei", "t:liwei", false},
		{"Obaid Altaf Khanani", "t:khanani", true},
	} {
		ms, err := ix.Screen(clearance.Query{Name: tt.query, DOB: "1970-08-12"}, clearance.ScreenOptions{Limit: 1, MinScore: new(0.5)})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].EntityID != tt.want {
			t.Fatalf("%q: %+v, want %s", tt.query, ms, tt.want)
		}
		if got := ms[0].Score >= ix.Threshold(); got != tt.alert {
			t.Errorf("%q born on another day: score %.3f, alert %v, want %v; %+v", tt.query, ms[0].Score, got, tt.alert, ms[0].Reasons)
		}
	}
}
