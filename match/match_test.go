package match

import (
	"fmt"
	"slices"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/names"
)

// testEntities is a small hand-made index: names in the shapes the
// official lists use.
func testEntities() []clearance.Entity {
	p := func(id, name string, aliases ...string) clearance.Entity {
		e := clearance.Entity{ID: "t:" + id, Source: "t", Type: clearance.Person, Names: []clearance.Name{{Full: name, Kind: clearance.Primary}}}
		for _, a := range aliases {
			e.Names = append(e.Names, clearance.Name{Full: a, Kind: clearance.AKA})
		}
		return e
	}
	o := func(id, name string) clearance.Entity {
		e := p(id, name)
		e.Type = clearance.Organization
		return e
	}
	kim := p("kim", "KIM, Sang Man", "KIM, Sangman")
	kim.BirthDates = []clearance.BirthDate{{Date: clearance.Date{Year: 1965, Month: 4, Day: 25}}}
	kim.Nationalities = []string{"KP"}
	kim.Identifiers = []clearance.Identifier{{Type: "passport", Number: "109420132", Country: "KP"}}
	kim.Wallets = []clearance.WalletAddress{{Currency: "XBT", Address: "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"}, {Currency: "ETH", Address: "0x97b1043abd9e6fc31681635166d430a458d14f9c"}}
	es := []clearance.Entity{
		kim,
		p("pak", "PAK, Jin Hyok", "PAK, Jin-Hek", "PARK, Jin Hyok"),
		p("ri", "RI, Jong Won"),
		p("choe", "CHOE, Song Chol"),
		p("saddam", "SADDAM HUSSEIN AL-TIKRITI"),
		o("chinyong", "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY"),
		o("110", "110TH RESEARCH CENTER"),
		o("silverstar", "YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD."),
	}
	// Common-name filler so that Kim, Pak and Ri are common, as in the lists.
	for i, n := range []string{"KIM, Chol", "KIM, Yong Il", "KIM, Tong Myong", "PAK, Song Il", "RI, Chol Ho", "KIM, Su Gwang", "KIM, Il Su", "RI, Song Hyok", "KIM, Kyong Il", "PAK, Il Kyu"} {
		es = append(es, p("filler"+string(rune('a'+i)), n))
	}
	for i, n := range []string{"KOREA INFORMATION CENTER", "PYONGYANG TECHNOLOGY TRADING COMPANY", "INFORMATION SERVICES COMPANY", "GENERAL TECHNOLOGY COMPANY", "SOBAEKSU TECHNOLOGY COOPERATION COMPANY", "NATIONAL INFORMATION TRADING COMPANY"} {
		es = append(es, o("orgfiller"+string(rune('a'+i)), n))
	}
	return es
}

func TestScreenFindsSpellingVariants(t *testing.T) {
	ix := Build(testEntities(), Options{})
	tests := []struct {
		name, query, want string
	}{
		{"press misspelling: final nasals confused", "King San Man", "t:kim"},
		{"given name joined", "Kim Sangman", "t:kim"},
		{"given name hyphenated, order reversed", "Sang-Man Kim", "t:kim"},
		{"South Korean spelling of the surname", "Park Jin Hyok", "t:pak"},
		{"RR spelling of every part", "Bak Jin Hyeok", "t:pak"},
		{"Lee for Ri", "Lee Jong Won", "t:ri"},
		{"Choi and Cheol", "Choi Song Cheol", "t:choe"},
		{"given name joined and surname last", "Songchol Choe", "t:choe"},
		{"Arabic script", "صدام حسين التكريتي", "t:saddam"},
		{"legal form abbreviated", "Yanbian Silverstar Network Technology Company Limited", "t:silverstar"},
		{"ordinal spelled without suffix", "110 Research Center", "t:110"},
		{"typo", "Chinyong Informaton Technology Cooperation Co", "t:chinyong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := ix.Screen(clearance.Query{Name: tt.query}, clearance.ScreenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) == 0 || ms[0].EntityID != tt.want {
				t.Fatalf("Screen(%q) = %v, want %s first", tt.query, summary(ms), tt.want)
			}
			if len(ms[0].Reasons) == 0 {
				t.Errorf("match without reasons")
			}
		})
	}
}

func TestScreenRanksAPressMisspellingFirst(t *testing.T) {
	ix := Build(testEntities(), Options{})
	ms, err := ix.Screen(clearance.Query{Name: "King San Man"}, clearance.ScreenOptions{MinScore: new(0.0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].EntityID != "t:kim" {
		t.Fatalf("Screen(King San Man) = %v, want t:kim first", summary(ms))
	}
	if len(ms) > 1 && ms[1].Score > ms[0].Score-0.1 {
		t.Errorf("runner-up %s scores %.2f, too close to %.2f", ms[1].EntityID, ms[1].Score, ms[0].Score)
	}
}

func TestScreenDoesNotAlertOnCommonNamesAlone(t *testing.T) {
	ix := Build(testEntities(), Options{})
	for _, q := range []string{"Kim", "Pak", "Kim Chol Su Min", "John Smith", "Trading Company Limited"} {
		ms, err := ix.Screen(clearance.Query{Name: q}, clearance.ScreenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) > 0 {
			t.Errorf("Screen(%q) alerted: %v", q, summary(ms))
		}
	}
}

func TestScreenUsesDateOfBirth(t *testing.T) {
	ix := Build(testEntities(), Options{})
	same, _ := ix.Screen(clearance.Query{Name: "Kim Sang Man", DOB: "1965-04-25"}, clearance.ScreenOptions{MinScore: new(0.0)})
	none, _ := ix.Screen(clearance.Query{Name: "Kim Sang Man"}, clearance.ScreenOptions{MinScore: new(0.0)})
	other, _ := ix.Screen(clearance.Query{Name: "Kim Sang Man", DOB: "1995-01-01"}, clearance.ScreenOptions{MinScore: new(0.0)})
	if len(same) == 0 || len(none) == 0 || len(other) == 0 {
		t.Fatalf("no candidates: %v %v %v", same, none, other)
	}
	if !(same[0].Score > none[0].Score && none[0].Score > other[0].Score) {
		t.Errorf("scores with agreeing, no and conflicting DOB: %.3f %.3f %.3f; want decreasing", same[0].Score, none[0].Score, other[0].Score)
	}
	if other[0].Score >= ix.Threshold() {
		t.Errorf("namesake born 30 years apart alerts at %.3f", other[0].Score)
	}
}

func TestScreenByIdentifierAndWallet(t *testing.T) {
	ix := Build(testEntities(), Options{})
	ms, err := ix.Screen(clearance.Query{Name: "Somebody Else", Identifiers: []clearance.Identifier{{Type: "passport", Number: "109 420 132"}}}, clearance.ScreenOptions{})
	if err != nil || len(ms) == 0 || ms[0].EntityID != "t:kim" {
		t.Fatalf("passport: %v %v", summary(ms), err)
	}
	ms, err = ix.Screen(clearance.Query{Wallet: "0x97B1043ABD9E6FC31681635166D430A458D14F9C"}, clearance.ScreenOptions{})
	if err == nil && (len(ms) == 0 || ms[0].EntityID != "t:kim") {
		t.Fatalf("wallet: %v", summary(ms))
	}
	ms, err = ix.Screen(clearance.Query{Wallet: "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"}, clearance.ScreenOptions{})
	if err != nil || len(ms) == 0 || ms[0].EntityID != "t:kim" {
		t.Fatalf("XBT wallet: %v %v", summary(ms), err)
	}
	if _, err := ix.Screen(clearance.Query{Wallet: "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfX"}, clearance.ScreenOptions{}); err == nil {
		t.Errorf("a wallet with a bad checksum was accepted")
	}
}

func summary(ms []clearance.Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.EntityID+" "+m.MatchedName)
	}
	return out
}

// TestPostingsHoldEveryKey checks the slotted postings build against a
// plain map from each retrieval key to the names that have it.
func TestPostingsHoldEveryKey(t *testing.T) {
	var es []clearance.Entity
	for i, n := range []string{
		"Korea Kwangson Banking Corporation", "KIM, Jong Un", "Kim Jong-un", "Ri Son Gwon",
		"Abd al-Rahman al-Tikriti", "عبد الرحمن", "김정은", "People's Liberation Army",
		"Brigade Forty-Four", "Mohammed bin Salman", "Kim Kim Kim", "Chosun Expo LLC",
	} {
		es = append(es, clearance.Entity{ID: fmt.Sprint(i), Type: clearance.Person,
			Names: []clearance.Name{{Full: n}, {Full: n + " Trading Co"}}})
	}
	ix := Build(es, Options{})
	want := map[uint64][]uint32{}
	for id := range ix.names {
		ln := &ix.names[id]
		ts := ix.tokens.tokens(ln, nil)
		add := func(h uint64) {
			h = h >> nameBits << nameBits
			if !slices.Contains(want[h], uint32(id)) {
				want[h] = append(want[h], uint32(id))
			}
		}
		for _, tk := range ts {
			if !tk.Noise {
				forEachListedKey(tk.Key, tk.Skel, true, add)
				for _, g := range names.GlossWords(tk.Gloss) {
					add(hashKey(nsKey, g.Key))
				}
				for _, f := range names.FormalNames(tk.Text) {
					add(hashKey(nsKey, names.Key(f)))
				}
			}
		}
		for _, c := range ln.concat {
			forEachListedKey(c, "", false, add)
		}
		for i := 0; i+1 < len(ts); i++ {
			if sk := appendSkel([]byte(ts[i].Skel), ts[i+1].Skel); len(sk) >= 3 {
				add(hashKey(nsSkel, string(sk)))
			}
		}
		if a := acronym(ts); a != "" {
			add(hashKey(nsAcronym, a))
		}
	}
	total := 0
	for h, ids := range want {
		total += len(ids)
		if got := ix.posting(h); !slices.Equal(got, ids) {
			t.Errorf("posting %x = %v, want %v", h, got, ids)
		}
	}
	if n := int(ix.postBase[len(ix.postBase)-1]); total != n || len(want) != len(ix.hashes)-1 {
		t.Errorf("%d postings under %d hashes, want %d under %d", n, len(ix.hashes)-1, total, len(want))
	}
	if got := ix.posting(hashKey(nsKey, "nosuchname")); got != nil {
		t.Errorf("an unknown key has postings %v", got)
	}
}

// TestTokenTableSharesWords checks that listed names share one entry per
// distinct word, and that explanations still show each name's own words.
func TestTokenTableSharesWords(t *testing.T) {
	ix := Build([]clearance.Entity{
		{ID: "a", Type: clearance.Person, Names: []clearance.Name{{Full: "Kim Jong Un"}}},
		{ID: "b", Type: clearance.Person, Names: []clearance.Name{{Full: "KIM Yo Jong"}}},
	}, Options{})
	if got := len(ix.tokens.toks); got != 4 {
		t.Errorf("%d distinct tokens, want 4 (kim jong un yo)", got)
	}
	if a, b := ix.names[0].ids, ix.names[1].ids; a[0] != b[0] || a[1] != b[2] {
		t.Errorf("kim and jong not shared: %v %v", a, b)
	}
	ms, err := ix.Screen(clearance.Query{Name: "Kim Yo Jong"}, clearance.ScreenOptions{})
	if err != nil || len(ms) == 0 || ms[0].EntityID != "b" {
		t.Fatalf("Kim Yo Jong: %v %v", summary(ms), err)
	}
	var listed []string
	for _, r := range ms[0].Reasons {
		if r.Field == "name_token" {
			listed = append(listed, r.Listed)
		}
	}
	if !slices.Equal(listed, []string{"kim", "yo", "jong"}) && !slices.Equal(listed, []string{"kim", "jong", "yo"}) {
		t.Errorf("listed tokens explained: %q", listed)
	}
}
