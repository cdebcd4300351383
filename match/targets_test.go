package match

import (
	"slices"
	"testing"

	"github.com/clearance-screening/clearance"
)

func TestTargetsLinkListingsByStrongEvidenceOnly(t *testing.T) {
	d := func(y, m, day int) []clearance.BirthDate {
		return []clearance.BirthDate{{Date: clearance.Date{Year: y, Month: m, Day: day}}}
	}
	person := func(id, name string, dob []clearance.BirthDate, nat ...string) clearance.Entity {
		src, _, _ := cut(id)
		return clearance.Entity{ID: id, Source: src, Type: clearance.Person, Names: []clearance.Name{{Full: name}}, BirthDates: dob, Nationalities: nat}
	}
	pass := func(e clearance.Entity, n, c string) clearance.Entity {
		e.Identifiers = append(e.Identifiers, clearance.Identifier{Type: "passport", Number: n, Country: c})
		return e
	}
	es := []clearance.Entity{
		// One man by three lists: a cited UN reference, a passport.
		pass(person("un_sc_sanctions:KPi.073", "PAK BONG NAM", d(1969, 5, 6), "KP"), "290410121", ""),
		func() clearance.Entity {
			e := person("gb_hmt_sanctions:1", "NAM, Pak Bong", nil)
			e.Remarks = "Annex XIII. UN Listing. UN. REF.KPI.073."
			return e
		}(),
		pass(person("us_ofac_sdn:1", "PAK, Bong Nam", nil), "290410121", "KP"),
		pass(person("eu_fsf:1", "Pak Pong Nam", nil), "290-410-121", "KP"),
		// Father and son: one name, one (clerk-typed) passport number,
		// birth dates apart.
		pass(person("us_ofac_sdn:2", "AL-RAWI, Salman", d(1950, 2, 3), "IQ"), "A1234567", "IQ"),
		pass(person("gb_hmt_sanctions:2", "AL-RAWI, Salman", d(1978, 9, 9), "IQ"), "A1234567", "IQ"),
		// Namesakes born the same year.
		person("us_ofac_sdn:3", "KIM, Chol", d(1970, 0, 0), "KP"),
		person("gb_hmt_sanctions:3", "KIM, Chol", d(1970, 0, 0), "KP"),
		// A company and its owner share a wallet: two targets.
		{ID: "us_ofac_sdn:4", Source: "us_ofac_sdn", Type: clearance.Organization, Names: []clearance.Name{{Full: "SINBAD IO"}}, Wallets: []clearance.WalletAddress{{Currency: "XBT", Address: "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"}}},
		{ID: "us_ofac_sdn:5", Source: "us_ofac_sdn", Type: clearance.Person, Names: []clearance.Name{{Full: "DOE, John"}}, Wallets: []clearance.WalletAddress{{Currency: "XBT", Address: "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"}}},
		// The same passport number issued by two countries.
		pass(person("us_ofac_sdn:6", "LEE, Min", nil), "M7654321", "KR"),
		pass(person("gb_hmt_sanctions:6", "LEE, Min", nil), "M7654321", "CN"),
	}
	ix := Build(es, Options{})
	groups := map[string][]string{}
	for _, tl := range ix.Targets() {
		groups[tl.Target] = tl.Entities
	}
	if got := groups["un_sc_sanctions:KPi.073"]; len(got) != 4 {
		t.Errorf("PAK Bong Nam's target holds %v, want the UN, UK, OFAC and EU listings", got)
	}
	for _, id := range []string{"us_ofac_sdn:2", "us_ofac_sdn:3", "us_ofac_sdn:4", "us_ofac_sdn:5", "us_ofac_sdn:6"} {
		for tgt, ids := range groups {
			if slices.Contains(ids, id) {
				t.Errorf("%s linked into %s %v: father and son, namesakes, a company and a person, or documents of two countries are not one target", id, tgt, ids)
			}
		}
	}
	ms, err := ix.Screen(clearance.Query{Name: "Pak Bong Nam"}, clearance.ScreenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 {
		t.Fatalf("Screen gave %d matches, want one match for the one target: %+v", len(ms), ms)
	}
	if ms[0].Target != "un_sc_sanctions:KPi.073" || len(ms[0].Listings) != 3 {
		t.Errorf("match %s target %q with %d listings, want target un_sc_sanctions:KPi.073 with the 3 other listings", ms[0].EntityID, ms[0].Target, len(ms[0].Listings))
	}
	for _, l := range ms[0].Listings {
		if len(l.Why) == 0 {
			t.Errorf("listing %s says not why it is linked", l.EntityID)
		}
	}
	if ms, _ := Build(es, Options{NoTargets: true}).Screen(clearance.Query{Name: "Pak Bong Nam"}, clearance.ScreenOptions{}); len(ms) != 4 {
		t.Errorf("with NoTargets, %d matches, want each of the 4 listings", len(ms))
	}
}

func cut(id string) (string, string, bool) {
	for i := range id {
		if id[i] == ':' {
			return id[:i], id[i+1:], true
		}
	}
	return id, "", false
}
