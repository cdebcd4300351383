package hmt

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

const dprk = "North Korea (Democratic People's Republic of Korea)"

func parseFile(t testing.TB, path string) ([]clearance.Entity, clearance.ParseReport) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es, rep, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return es, rep
}

func byID(t *testing.T, es []clearance.Entity, id string) clearance.Entity {
	t.Helper()
	for _, e := range es {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no entity %s", id)
	return clearance.Entity{}
}

func TestParseRealListCounts(t *testing.T) {
	es, rep := parseFile(t, sharedfiles.Lists(t, "gb_hmt_sanctions", "sanctionsconlist.csv"))
	types := map[clearance.EntityType]int{}
	dprkGroups := 0
	for _, e := range es {
		types[e.Type]++
		for _, p := range e.Programs {
			if p == dprk {
				dprkGroups++
			}
		}
		if e.Names[0].Kind != clearance.Primary {
			t.Errorf("%s: first name %+v is not primary", e.ID, e.Names[0])
		}
	}
	checks := []struct {
		what      string
		got, want int
	}{
		{"name rows read", rep.Records, 9487},
		{"targets (Group IDs)", len(es), 2106},
		{"individuals", types[clearance.Person], 1426},
		{"entities", types[clearance.Organization], 680},
		{"groups under the North Korea regime", dprkGroups, 242},
		{"rows skipped", len(rep.Skipped), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.what, c.got, c.want)
		}
	}
	if rep.Published != "2018-04-13" {
		t.Errorf("Published = %q, want 2018-04-13", rep.Published)
	}
	if len(rep.Notes) != 0 {
		t.Errorf("Notes = %q", rep.Notes)
	}
}

func TestParseRealListEntries(t *testing.T) {
	es, _ := parseFile(t, sharedfiles.Lists(t, "gb_hmt_sanctions", "sanctionsconlist.csv"))
	tests := []struct {
		name  string
		id    string
		check func(t *testing.T, e clearance.Entity)
	}{
		{"a DPRK banker's rows make one person with his DOB, passport and address", "gb_hmt_sanctions:13562", func(t *testing.T, e clearance.Entity) {
			wantNames := []clearance.Name{
				{Full: "IL, Kim Kyong", Kind: clearance.Primary},
				{Full: "KYO'NG-IL, Kim", Kind: clearance.AKA},
			}
			if !reflect.DeepEqual(e.Names, wantNames) {
				t.Errorf("Names = %+v, want %+v", e.Names, wantNames)
			}
			if want := []clearance.BirthDate{{Date: clearance.Date{Year: 1979, Month: 8, Day: 1}}}; !reflect.DeepEqual(e.BirthDates, want) {
				t.Errorf("BirthDates = %+v, want %+v", e.BirthDates, want)
			}
			if want := []clearance.Identifier{{Type: "passport", Number: "836210029", Note: "Passport No. 836210029"}}; !reflect.DeepEqual(e.Identifiers, want) {
				t.Errorf("Identifiers = %+v, want %+v", e.Identifiers, want)
			}
			if want := []clearance.Address{{Country: "LY", Full: "Libya"}}; !reflect.DeepEqual(e.Addresses, want) {
				t.Errorf("Addresses = %+v, want %+v", e.Addresses, want)
			}
			if e.Type != clearance.Person || e.ListedOn != "2017-12-22" || !reflect.DeepEqual(e.Programs, []string{dprk}) {
				t.Errorf("Type, ListedOn, Programs = %q, %q, %q", e.Type, e.ListedOn, e.Programs)
			}
			if e.Title != "Foreign Trade Bank deputy chief representative in Libya" || e.Remarks != "Annex XIII. UN Listing. UN Ref.KPI.067." {
				t.Errorf("Title, Remarks = %q, %q", e.Title, e.Remarks)
			}
		}},
		{"a DPRK diplomat keeps both dates of birth, his aliases and a diplomatic passport", "gb_hmt_sanctions:13327", func(t *testing.T, e clearance.Entity) {
			wantNames := []clearance.Name{
				{Full: "JANG, Bom Su", Kind: clearance.Primary},
				{Full: "JANG, Hyon U", Kind: clearance.AKA},
				{Full: "JANG, Pom Su", Kind: clearance.AKA},
			}
			if !reflect.DeepEqual(e.Names, wantNames) {
				t.Errorf("Names = %+v, want %+v", e.Names, wantNames)
			}
			wantDOB := []clearance.BirthDate{
				{Date: clearance.Date{Year: 1958, Month: 2, Day: 22}},
				{Date: clearance.Date{Year: 1957, Month: 4, Day: 15}},
			}
			if !reflect.DeepEqual(e.BirthDates, wantDOB) {
				t.Errorf("BirthDates = %+v, want %+v", e.BirthDates, wantDOB)
			}
			if len(e.Identifiers) != 1 || e.Identifiers[0].Number != "836110034" || e.Identifiers[0].Type != "passport" {
				t.Errorf("Identifiers = %+v", e.Identifiers)
			}
			if !reflect.DeepEqual(e.Nationalities, []string{"KP"}) {
				t.Errorf("Nationalities = %q, want [KP]", e.Nationalities)
			}
		}},
		{"two passport numbers in one field are two identifiers", "gb_hmt_sanctions:13415", func(t *testing.T, e clearance.Entity) {
			var nums []string
			for _, id := range e.Identifiers {
				nums = append(nums, id.Number)
			}
			if want := []string{"381420565", "654120219"}; !reflect.DeepEqual(nums, want) {
				t.Errorf("passport numbers = %q, want %q", nums, want)
			}
			if e.PrimaryName() != "KIM, SONG CHOL" {
				t.Errorf("PrimaryName = %q", e.PrimaryName())
			}
		}},
		{"a numbered nationality list and 00 date parts are read", "gb_hmt_sanctions:13349", func(t *testing.T, e clearance.Entity) {
			if !reflect.DeepEqual(e.Nationalities, []string{"SA", "QA"}) {
				t.Errorf("Nationalities = %q, want [SA QA]", e.Nationalities)
			}
			wantDOB := []clearance.BirthDate{{Date: clearance.Date{Year: 1980}}, {Date: clearance.Date{Year: 1981}}}
			if !reflect.DeepEqual(e.BirthDates, wantDOB) {
				t.Errorf("BirthDates = %+v, want %+v", e.BirthDates, wantDOB)
			}
			want := []clearance.Identifier{{Type: "passport", Number: "592667", Country: "QA", Note: "Passport No: 592667 (Qatari passport issued on 3 May 2007)."}}
			if !reflect.DeepEqual(e.Identifiers, want) {
				t.Errorf("Identifiers = %+v, want %+v", e.Identifiers, want)
			}
			if e.Addresses[0].Country != "AF" {
				t.Errorf("address country = %q, want AF from %q", e.Addresses[0].Country, e.Addresses[0].Full)
			}
		}},
		{"a Windows-1252 0x91 is decoded to a left curly quote", "gb_hmt_sanctions:13191", func(t *testing.T, e clearance.Entity) {
			found := false
			for _, n := range e.Names {
				found = found || n.Full == "AL-HUTHI, \u2018Abd al-Khaliq Badr al-Din"
			}
			if !found {
				t.Errorf("no name AL-HUTHI, \u2018Abd al-Khaliq Badr al-Din in %+v", e.Names)
			}
		}},
		{"an alias row before the primary row does not lead", "gb_hmt_sanctions:11036", func(t *testing.T, e clearance.Entity) {
			if e.PrimaryName() != "PAK, Jae-Gyong" || e.Names[1].Full != "CHAE-KYONG" {
				t.Errorf("Names = %+v", e.Names)
			}
		}},
		{"a DPRK ship listed as an entity keeps its trimmed name", "gb_hmt_sanctions:13650", func(t *testing.T, e clearance.Entity) {
			if e.PrimaryName() != "SAM JONG 1" || e.Type != clearance.Organization {
				t.Errorf("PrimaryName, Type = %q, %q", e.PrimaryName(), e.Type)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, byID(t, es, tt.id)) })
	}
}

func TestParse2022Layout(t *testing.T) {
	es, rep := parseFile(t, "testdata/conlist2022.csv")
	if rep.Published != "2022-12-02" || rep.Records != 9 {
		t.Errorf("Published, Records = %q, %d; want 2022-12-02, 9", rep.Published, rep.Records)
	}
	wantSkips := []clearance.Skip{
		{Where: "line 9", Reason: "no Group ID"},
		{Where: "line 10 (Group ID 90003)", Reason: "no name"},
		{Where: "line 11", Reason: "has 3 fields, header has 36"},
	}
	if !reflect.DeepEqual(rep.Skipped, wantSkips) {
		t.Errorf("Skipped = %+v, want %+v", rep.Skipped, wantSkips)
	}
	if len(es) != 3 {
		t.Fatalf("got %d entities, want 3", len(es))
	}
	p := byID(t, es, "gb_hmt_sanctions:90001")
	tests := []struct {
		name      string
		got, want any
	}{
		{"the primary name leads, Low is weak and the Hangul name is marked", p.Names, []clearance.Name{
			{Full: "PAK, Song Chol", Kind: clearance.Primary},
			{Full: "SONG", Kind: clearance.AKA, Weak: true},
			{Full: "박성철", Kind: clearance.AKA, Script: "Hangul"},
			{Full: "PAK, Song-chol", Kind: clearance.AKA},
		}},
		{"dates of birth from every row", p.BirthDates, []clearance.BirthDate{
			{Date: clearance.Date{Year: 1981, Month: 2, Day: 3}},
			{Date: clearance.Date{Year: 1980}},
		}},
		{"number columns give identifiers with the details as note", p.Identifiers, []clearance.Identifier{
			{Type: "passport", Number: "927000001", Note: "Issued 1 Jan 2019. Expires 1 Jan 2024"},
			{Type: "national_id", Number: "101-202", Note: "National ID card numbers"},
			{Type: "national_id", Number: "303-404", Note: "National ID card numbers"},
		}},
		{"the address keeps its lines", p.Addresses, []clearance.Address{{PostalCode: "110000", Country: "CN", Full: "Room 1, Example Building, Shenyang, 110000, China"}}},
		{"nationality is a code", p.Nationalities, []string{"KP"}},
		{"birth place is town and country", p.BirthPlaces, []string{"Pyongyang, North Korea"}},
		{"title and position", p.Title, "Mr; IT worker"},
		{"listed on", p.ListedOn, "2020-05-06"},
		{"a Ship is a vessel", byID(t, es, "gb_hmt_sanctions:90002").Type, clearance.Vessel},
		{"an entity's Cyrillic name is marked", byID(t, es, "gb_hmt_sanctions:90003").Names, []clearance.Name{
			{Full: "NORTHERN STAR LTD", Kind: clearance.Primary},
			{Full: "Северная звезда", Kind: clearance.AKA, Script: "Cyrillic"},
			{Full: "SEVERNAYA ZVEZDA", Kind: clearance.AKA},
		}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}

func TestParseReportsBadRows(t *testing.T) {
	in := "Last Updated,13/04/2018\n" +
		"Name 6,Name 1,Group Type,Alias Type,DOB,Group ID\n" +
		"KIM,Il,Individual,Prime Alias,00/00/1960,1\n" +
		"KIM,\"Il\"x,Individual,AKA,,1\n" +
		"RI,Su,Robot,AKA,31/02/19x,2\n"
	es, rep, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].PrimaryName() != "KIM, Il" {
		t.Errorf("entities = %+v", es)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Where != "line 4" || !strings.Contains(rep.Skipped[0].Reason, "quote") {
		t.Errorf("Skipped = %+v, want the bad quote on line 4", rep.Skipped)
	}
	wantNotes := []string{
		`Group ID 2: unknown entity type "Robot" (want person, organization, vessel or aircraft)`,
		`Group ID 2: DOB "31/02/19x" unreadable`,
		"1 targets have no primary-name row; their first name leads",
	}
	if !reflect.DeepEqual(rep.Notes, wantNotes) {
		t.Errorf("Notes = %q, want %q", rep.Notes, wantNotes)
	}
}

func TestParseWithoutHeaderFails(t *testing.T) {
	for _, in := range []string{"", "Last Updated,13/04/2018\n", "a,b,c\n1,2,3\n"} {
		if _, _, err := Parse(strings.NewReader(in)); err == nil {
			t.Errorf("Parse(%q) gave no error", in)
		}
	}
}

func TestSplitNumbered(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Afghan", []string{"Afghan"}},
		{"1) Saudi Arabia 2) Qatar", []string{"Saudi Arabia", "Qatar"}},
		{"(a) Jordanian (b) American", []string{"Jordanian", "American"}},
		{"(1)-(2) Tunisia (3) Libya", []string{"Tunisia", "Libya"}},
		{"(1) to (6) Algeria (7) Morocco", []string{"Algeria", "Morocco"}},
		{"(1) Afghanistan, (2) Pakistan", []string{"Afghanistan", "Pakistan"}},
		{"a) General b)Major General", []string{"General", "Major General"}},
		{"Iraq (since 2009)", []string{"Iraq (since 2009)"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := splitNumbered(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitNumbered(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumbersIn(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Passport No. 836210029", []string{"836210029"}},
		{"D 000763 (Afghan). Issued on 9 Jan 1997", []string{"D 000763"}},
		{"Qatari passport no.00966737", []string{"00966737"}},
		{"381420565 and 654120219", []string{"381420565", "654120219"}},
		{"381320634 PS 563410163", []string{"381320634", "PS 563410163"}},
		{"TR-P 614 166 (Turkish). Issued on 22 Mar 2006", []string{"TR-P 614 166"}},
		{"OB0260335 (valid from 15.4.2011 until 14.4.2016)", []string{"OB0260335"}},
		{"00754833 issued 20/05/2007", []string{"00754833"}},
		{"(Eqypt). Issued 1993.", nil},
		{"SSN 156-92-9858 (United States of America)", []string{"156-92-9858"}},
	}
	for _, tt := range tests {
		if got, _ := numbersIn(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("numbersIn(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	fixture, err := os.ReadFile("testdata/conlist2022.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fixture)
	f.Add([]byte("Last Updated,13/04/2018\nName 6,Name 1,Group Type,Alias Type,DOB,Passport Details,Nationality,Group ID\n KIM,Il,Individual,Prime Alias,00/00/1960,(1) D 000763 (Afghan) (2) 12345678,1) Afghan 2) Qatar,7\n"))
	f.Add([]byte("Name 6,Group ID\n\x91X\x92,1\n,2\nY,\n\"a\"b,3\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, rep, _ := Parse(bytes.NewReader(data))
		if len(es) > rep.Records {
			t.Errorf("%d entities from %d rows", len(es), rep.Records)
		}
		for _, e := range es {
			if !strings.HasPrefix(e.ID, Source+":") || len(e.ID) == len(Source)+1 {
				t.Errorf("bad ID %q", e.ID)
			}
			if len(e.Names) == 0 || e.Names[0].Full == "" || e.Names[0].Kind != clearance.Primary {
				t.Errorf("%s: bad names %+v", e.ID, e.Names)
			}
			for _, n := range e.Names[1:] {
				if n.Kind == clearance.Primary {
					t.Errorf("%s: second primary name %+v", e.ID, n)
				}
			}
		}
	})
}
