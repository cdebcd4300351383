package builtin

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

func entities(t *testing.T) []clearance.Entity {
	t.Helper()
	es, rep, err := Entities()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) > 0 {
		t.Fatalf("dprk.json has unusable entities: %v", rep.Skipped)
	}
	return es
}

func find(t *testing.T, es []clearance.Entity, primary string) clearance.Entity {
	t.Helper()
	for _, e := range es {
		if e.PrimaryName() == primary {
			return e
		}
	}
	t.Fatalf("no entity named %q", primary)
	return clearance.Entity{}
}

func hasName(e clearance.Entity, full string) bool {
	for _, n := range e.Names {
		if n.Full == full {
			return true
		}
	}
	return false
}

// The counts pin the content: change them when entries are added or
// removed on purpose.
func TestEntitiesDecodeWithNothingSkipped(t *testing.T) {
	es, rep, err := Entities()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("Skipped = %v, want none", rep.Skipped)
	}
	if rep.Records != 75 || len(es) != 75 {
		t.Errorf("Records = %d, entities = %d; want 75 and 75", rep.Records, len(es))
	}
	if _, err := clearance.ParseDate(rep.Published); err != nil || len(rep.Published) != 10 {
		t.Errorf("Published = %q, want the file's as_of date", rep.Published)
	}
	var persons, orgs, ofacTied, rokOnly int
	for _, e := range es {
		switch e.Type {
		case clearance.Person:
			persons++
		case clearance.Organization:
			orgs++
		}
		if len(e.SameAs) > 0 {
			ofacTied++
		}
		if slices.Equal(e.Programs, []string{"ROK"}) {
			rokOnly++
		}
	}
	if persons != 47 || orgs != 28 {
		t.Errorf("persons, organizations = %d, %d; want 47, 28", persons, orgs)
	}
	if ofacTied != 28 {
		t.Errorf("%d entities tied to an OFAC entity number, want 28", ofacTied)
	}
	// Section 2 of the fact sheet: 6 ROK-only names of May 2023, 16 of Dec 2024.
	if rokOnly != 22 {
		t.Errorf("%d ROK-only designations, want 22", rokOnly)
	}
}

func TestEveryEntityIsWellFormed(t *testing.T) {
	es := entities(t)
	ids := map[string]bool{}
	for _, e := range es {
		t.Run(e.ID, func(t *testing.T) {
			if ids[e.ID] {
				t.Errorf("duplicate ID")
			}
			ids[e.ID] = true
			if !isSlug(strings.TrimPrefix(e.ID, Source+":")) || !strings.HasPrefix(e.ID, Source+":") {
				t.Errorf("ID is not %q + a lower-case slug", Source+":")
			}
			if e.Source != Source {
				t.Errorf("Source = %q", e.Source)
			}
			if len(e.Programs) == 0 {
				t.Errorf("no program")
			}
			names := map[string]bool{}
			for i, n := range e.Names {
				if strings.TrimSpace(n.Full) == "" || n.Full != strings.TrimSpace(n.Full) {
					t.Errorf("name %d %q is empty or padded", i, n.Full)
				}
				if names[n.Full] {
					t.Errorf("name %q repeated", n.Full)
				}
				names[n.Full] = true
				if want := clearance.AKA; i == 0 {
					if n.Kind != clearance.Primary || n.Weak {
						t.Errorf("first name %v is not a strong primary", n)
					}
				} else if n.Kind != want {
					t.Errorf("alias %q has kind %q, want aka", n.Full, n.Kind)
				}
				if s := nonLatin(n.Full); s != n.Script {
					t.Errorf("name %q has script %q, want %q", n.Full, n.Script, s)
				}
			}
			if e.ListedOn != "" {
				if _, err := clearance.ParseDate(e.ListedOn); err != nil || len(e.ListedOn) != 10 {
					t.Errorf("ListedOn %q is not YYYY-MM-DD", e.ListedOn)
				}
			}
			for _, b := range e.BirthDates {
				if _, err := clearance.ParseDate(b.Date.String()); err != nil {
					t.Errorf("birth date %v: %v", b, err)
				}
			}
			for _, c := range e.Countries() {
				if !isAlpha2(c) {
					t.Errorf("country %q is not an upper-case ISO alpha-2 code", c)
				}
			}
			for _, id := range e.Identifiers {
				if id.Type == "" || id.Number == "" || (id.Country != "" && !isAlpha2(id.Country)) {
					t.Errorf("identifier %+v incomplete", id)
				}
			}
			for _, w := range e.Wallets {
				if !validWallet(w) {
					t.Errorf("wallet %+v is malformed", w)
				}
			}
			for _, s := range e.SameAs {
				ds, ref, ok := strings.Cut(s, ":")
				_, numErr := strconv.Atoi(ref)
				if !ok || ds != "us_ofac_sdn" || numErr != nil || strings.HasPrefix(ref, "0") {
					t.Errorf("SameAs %q is not us_ofac_sdn:<ent_num>", s)
				}
			}
			if !strings.Contains(e.Remarks, "Sources: ") {
				t.Errorf("remarks cite no sources: %q", e.Remarks)
			}
		})
	}
}

func TestSpecificEntities(t *testing.T) {
	es := entities(t)
	lazarus := find(t, es, "LAZARUS GROUP")
	var eth int
	for _, w := range lazarus.Wallets {
		if w.Currency == "ETH" {
			eth++
		}
	}
	kim := find(t, es, "KIM, Sang Man")
	wu := find(t, es, "WU, Huihui")
	tests := []struct {
		name string
		ok   bool
	}{
		{"Kim Sang Man has the OFAC alias KIM, Sangman", hasName(kim, "KIM, Sangman")},
		{"Kim Sang Man is tied to OFAC ent 43377", slices.Equal(kim.SameAs, []string{"us_ofac_sdn:43377"})},
		{"Kim Sang Man carries the XBT address of press release jy1498", slices.Contains(kim.Wallets, clearance.WalletAddress{Currency: "XBT", Address: "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"})},
		{"Kim Sang Man has no date of birth, as the fact sheet gives none", len(kim.BirthDates) == 0},
		{"Kim Sang Man is a US and ROK designee", slices.Equal(kim.Programs, []string{"DPRK", "ROK"})},
		{"Chinyong is also known as Jinyong", hasName(find(t, es, "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY"), "Jinyong")},
		{"Lazarus has its 8 published ETH wallets", eth == 8 && len(lazarus.Wallets) == 8},
		{"Lazarus is also known as Hidden Cobra", hasName(lazarus, "Hidden Cobra")},
		{"the Technical Reconnaissance Bureau is tied to OFAC ent 43337", slices.Equal(find(t, es, "TECHNICAL RECONNAISSANCE BUREAU").SameAs, []string{"us_ofac_sdn:43337"})},
		{"the 110th Research Center is present with its Shenyang address", len(find(t, es, "110TH RESEARCH CENTER").Addresses) == 2},
		{"Pyongyang University of Automation is also known as Mirim College", hasName(find(t, es, "PYONGYANG UNIVERSITY OF AUTOMATION"), "Mirim College")},
		{"Wu Huihui has four XBT addresses", len(wu.Wallets) == 4},
		{"Wu Huihui's handles are weak aliases", weakNames(wu) == 2},
		{"Wu Huihui's passport is Chinese", slices.Contains(wu.Identifiers, clearance.Identifier{Type: "passport", Number: "E59165201", Country: "CN", Note: "expires 01 Sep 2025"})},
		{"Jong Song Hwa has his published date of birth", reflect.DeepEqual(find(t, es, "JONG, Song Hwa").BirthDates, []clearance.BirthDate{{Date: clearance.Date{Year: 1970, Month: 2, Day: 5}}})},
		{"O In Chun keeps OFAC's lower-case-L alias", hasName(find(t, es, "O, In Chun"), "O, ln-chun")},
		{"Andreyev's Cyrillic name is marked Cyrillic", slices.Contains(find(t, es, "ANDREYEV, Vitaliy Sergeyevich").Names, clearance.Name{Full: "Андреев Виталий Сергеевич", Kind: clearance.AKA, Script: "Cyrillic"})},
		{"Kim Ryu Sung (ROK spelling) has the DPRK form Kim Ryu Song", hasName(find(t, es, "Kim Ryu Sung"), "Kim Ryu Song")},
		{"the 313 General Bureau is the Korea Computer Center", hasName(find(t, es, "313 GENERAL BUREAU"), "Korea Computer Center")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Fail()
			}
		})
	}
}

func TestEntitiesReturnsFreshValues(t *testing.T) {
	a := entities(t)
	a[0].Names[0].Full = "changed"
	b := entities(t)
	if b[0].Names[0].Full == "changed" {
		t.Error("a change to one call's result showed in the next")
	}
}

func TestDecodeRejectsAndSkips(t *testing.T) {
	const ok = `{"id": "clearance_dprk:a", "source": "clearance_dprk", "type": "person", "names": [{"full": "A", "kind": "primary"}]}`
	tests := []struct {
		name     string
		in       string
		wantErr  bool
		wantSkip string
	}{
		{"a misspelt field is an error", `{"as_of": "2026-01-01", "entities": [{"id": "clearance_dprk:a", "nmaes": []}]}`, true, ""},
		{"data after the object is an error", `{"entities": []} {}`, true, ""},
		{"a syntax error is an error", `{"entities": [`, true, ""},
		{"an entity without a name is skipped", `{"entities": [{"id": "clearance_dprk:b", "source": "clearance_dprk", "type": "person"}]}`, false, "no name"},
		{"a foreign ID prefix is skipped", `{"entities": [{"id": "us_ofac_sdn:1", "source": "clearance_dprk", "type": "person", "names": [{"full": "A", "kind": "primary"}]}]}`, false, "ID must be"},
		{"a repeated ID is skipped", `{"entities": [` + ok + `,` + ok + `]}`, false, "duplicate ID"},
		{"a type spelt as a list would is skipped", `{"entities": [{"id": "clearance_dprk:c", "source": "clearance_dprk", "type": "individual", "names": [{"full": "A", "kind": "primary"}]}]}`, false, "type"},
		{"an alias first is skipped", `{"entities": [{"id": "clearance_dprk:d", "source": "clearance_dprk", "type": "person", "names": [{"full": "A", "kind": "aka"}]}]}`, false, "primary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rep, err := decode([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantSkip != "" && (len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, tt.wantSkip)) {
				t.Errorf("Skipped = %v, want one skip mentioning %q", rep.Skipped, tt.wantSkip)
			}
		})
	}
}

// TestSameAsNamesMatchOFACFiles catches a wrong entity number: the primary
// name must be the name OFAC's sdn.csv gives that ent_num. Numbers newer
// than this sdn.csv (May 2024) are checked against the aliases alt.csv
// (Jan 2025) holds for them; numbers newer than both cannot be checked
// here and are only logged.
func TestSameAsNamesMatchOFACFiles(t *testing.T) {
	sdn, maxEnt := readOFAC(t, "sdn.csv", 1)
	alt, _ := readOFAC(t, "alt.csv", 3)
	es := entities(t)
	var verified, unverifiable int
	for _, e := range es {
		for _, s := range e.SameAs {
			ref, ok := strings.CutPrefix(s, "us_ofac_sdn:")
			if !ok {
				continue
			}
			ent, err := strconv.Atoi(ref)
			if err != nil {
				t.Errorf("%s: SameAs %q", e.ID, s)
				continue
			}
			switch {
			case len(sdn[ent]) > 0:
				if !sameName(sdn[ent][0], e.PrimaryName()) {
					t.Errorf("%s: ent %d is %q in sdn.csv, not %q", e.ID, ent, sdn[ent][0], e.PrimaryName())
				}
				verified++
			case len(alt[ent]) > 0:
				if !anyNameIn(e, alt[ent]) {
					t.Errorf("%s: no name of %q is among alt.csv's aliases for ent %d %q", e.ID, e.PrimaryName(), ent, alt[ent])
				}
				verified++
			case ent <= maxEnt:
				t.Errorf("%s: ent %d is older than sdn.csv's newest (%d) but not in it: wrong number or delisted", e.ID, ent, maxEnt)
			default:
				unverifiable++
				t.Logf("%s: ent %d is newer than the OFAC files at hand; not checked", e.ID, ent)
			}
		}
	}
	// 18 numbers are in sdn.csv and one (52293) only in alt.csv.
	if verified < 19 {
		t.Errorf("only %d SameAs numbers verified, want at least 19", verified)
	}
	t.Logf("%d verified, %d newer than the files", verified, unverifiable)
}

// readOFAC reads one name column of an OFAC legacy CSV (no header, "-0- "
// for null, a trailing Ctrl-Z line) by ent_num, and the largest ent_num.
func readOFAC(t *testing.T, name string, col int) (map[int][]string, int) {
	t.Helper()
	f, err := os.Open(sharedfiles.Lists(t, "us_ofac_sdn", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	out := map[int][]string{}
	maxEnt := 0
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s line %d: %v", name, line, err)
		}
		if len(rec) <= col {
			continue // the closing Ctrl-Z
		}
		ent, err := strconv.Atoi(strings.TrimSpace(rec[0]))
		if err != nil {
			t.Fatalf("%s line %d: ent_num %q", name, line, rec[0])
		}
		out[ent] = append(out[ent], strings.TrimSpace(rec[col]))
		maxEnt = max(maxEnt, ent)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no rows", name)
	}
	return out, maxEnt
}

func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

func anyNameIn(e clearance.Entity, names []string) bool {
	for _, n := range e.Names {
		for _, m := range names {
			if sameName(n.Full, m) {
				return true
			}
		}
	}
	return false
}

func weakNames(e clearance.Entity) int {
	n := 0
	for _, x := range e.Names {
		if x.Weak {
			n++
		}
	}
	return n
}

func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

func isAlpha2(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// nonLatin names the script of a name written in Cyrillic or Hangul (the
// only non-Latin scripts in the file), else "".
func nonLatin(s string) string {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			return "Cyrillic"
		case unicode.Is(unicode.Hangul, r):
			return "Hangul"
		case r > unicode.MaxLatin1 && unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r):
			return "other"
		}
	}
	return ""
}

func validWallet(w clearance.WalletAddress) bool {
	a := w.Address
	switch w.Currency {
	case "ETH":
		if len(a) != 42 || !strings.HasPrefix(a, "0x") {
			return false
		}
		for _, r := range a[2:] {
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
		return true
	case "XBT":
		// Legacy base58 addresses only: every XBT address in the file is one.
		if len(a) < 26 || len(a) > 35 || (a[0] != '1' && a[0] != '3') {
			return false
		}
		for _, r := range a {
			if !strings.ContainsRune("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", r) {
				return false
			}
		}
		return true
	}
	return false
}
