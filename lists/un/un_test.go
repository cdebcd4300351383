package un

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

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
	es, rep := parseFile(t, sharedfiles.Lists(t, "un_sc_sanctions", "consolidated.xml"))
	counts := map[clearance.EntityType]int{}
	programs := map[string]int{}
	ids := map[string]bool{}
	for _, e := range es {
		counts[e.Type]++
		for _, p := range e.Programs {
			programs[p]++
		}
		if ids[e.ID] {
			t.Errorf("ID %s appears twice", e.ID)
		}
		ids[e.ID] = true
	}
	checks := []struct {
		what      string
		got, want int
	}{
		{"records read", rep.Records, 1003},
		{"entities", len(es), 1003},
		{"individuals", counts[clearance.Person], 730},
		{"entities of type organization", counts[clearance.Organization], 273},
		{"DPRK program", programs["DPRK"], 155},
		{"Al-Qaida program", programs["Al-Qaida"], 341},
		{"records skipped", len(rep.Skipped), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.what, c.got, c.want)
		}
	}
	if rep.Published != "2026-02-27" {
		t.Errorf("Published = %q, want 2026-02-27", rep.Published)
	}
	if len(rep.Notes) != 0 {
		t.Errorf("notes on the real list: %q", rep.Notes)
	}
}

func TestParseRealListEntries(t *testing.T) {
	es, _ := parseFile(t, sharedfiles.Lists(t, "un_sc_sanctions", "consolidated.xml"))
	tests := []struct {
		name  string
		id    string
		check func(t *testing.T, e clearance.Entity)
	}{
		{"a DPRK banker has his exact DOB, nationality and both passports", "un_sc_sanctions:KPi.068", func(t *testing.T, e clearance.Entity) {
			wantNames := []clearance.Name{
				{Full: "KIM TONG CHOL", Kind: clearance.Primary},
				{Full: "Kim Tong-ch'o'l", Kind: clearance.AKA},
			}
			if !reflect.DeepEqual(e.Names, wantNames) {
				t.Errorf("Names = %+v, want %+v", e.Names, wantNames)
			}
			if e.Type != clearance.Person || e.Gender != "male" || e.ListedOn != "2017-12-22" {
				t.Errorf("Type, Gender, ListedOn = %q, %q, %q", e.Type, e.Gender, e.ListedOn)
			}
			if want := []clearance.BirthDate{{Date: clearance.Date{Year: 1966, Month: 1, Day: 27}}}; !reflect.DeepEqual(e.BirthDates, want) {
				t.Errorf("BirthDates = %+v, want %+v", e.BirthDates, want)
			}
			if want := []string{"KP"}; !reflect.DeepEqual(e.Nationalities, want) {
				t.Errorf("Nationalities = %q, want %q", e.Nationalities, want)
			}
			wantIDs := []clearance.Identifier{
				{Type: "passport", Number: "927234267"},
				{Type: "passport", Number: "108120258", Country: "KP", Note: "issued 2018-02-14; expiration date 14 Feb. 2023"},
			}
			if !reflect.DeepEqual(e.Identifiers, wantIDs) {
				t.Errorf("Identifiers = %+v, want %+v", e.Identifiers, wantIDs)
			}
			if e.Title != "Former overseas Foreign Trade Bank Deputy representative" {
				t.Errorf("Title = %q", e.Title)
			}
		}},
		{"a passport listed in three languages is one identifier", "un_sc_sanctions:KPi.006", func(t *testing.T, e clearance.Entity) {
			want := []clearance.Identifier{{Type: "passport", Number: "381420754", Note: "issued 2011-12-07; Expires on 7 Dec. 2016"}}
			if !reflect.DeepEqual(e.Identifiers, want) {
				t.Errorf("Identifiers = %+v, want %+v", e.Identifiers, want)
			}
		}},
		{"a BETWEEN date of birth is a range", "un_sc_sanctions:KPi.066", func(t *testing.T, e clearance.Entity) {
			want := []clearance.BirthDate{{Date: clearance.Date{Year: 1967}, Until: clearance.Date{Year: 1969}}}
			if !reflect.DeepEqual(e.BirthDates, want) {
				t.Errorf("BirthDates = %+v, want %+v", e.BirthDates, want)
			}
			if e.PrimaryName() != "KIM JONG SIK" {
				t.Errorf("PrimaryName = %q", e.PrimaryName())
			}
		}},
		{"several EXACT dates of birth are all kept", "un_sc_sanctions:KPi.007", func(t *testing.T, e clearance.Entity) {
			want := []clearance.BirthDate{
				{Date: clearance.Date{Year: 1968, Month: 2, Day: 19}},
				{Date: clearance.Date{Year: 1965}},
				{Date: clearance.Date{Year: 1966}},
			}
			if !reflect.DeepEqual(e.BirthDates, want) {
				t.Errorf("BirthDates = %+v, want %+v", e.BirthDates, want)
			}
		}},
		{"a DPRK trading company keeps its aliases and address", "un_sc_sanctions:KPe.001", func(t *testing.T, e clearance.Entity) {
			want := []clearance.Name{
				{Full: "KOREA MINING DEVELOPMENT TRADING CORPORATION", Kind: clearance.Primary},
				{Full: "CHANGGWANG SINYONG CORPORATION", Kind: clearance.AKA},
				{Full: "EXTERNAL TECHNOLOGY GENERAL CORPORATION", Kind: clearance.AKA},
				{Full: "DPRKN MINING DEVELOPMENT TRADING COOPERATION", Kind: clearance.AKA},
				{Full: `"KOMID"`, Kind: clearance.AKA},
			}
			if !reflect.DeepEqual(e.Names, want) {
				t.Errorf("Names = %+v, want %+v", e.Names, want)
			}
			if e.Type != clearance.Organization || len(e.Programs) != 1 || e.Programs[0] != "DPRK" {
				t.Errorf("Type, Programs = %q, %q", e.Type, e.Programs)
			}
			wantAddr := []clearance.Address{{Street: "Central District", City: "Pyongyang", Country: "KP",
				Full: "Central District, Pyongyang, Democratic People's Republic of Korea"}}
			if !reflect.DeepEqual(e.Addresses, wantAddr) {
				t.Errorf("Addresses = %+v, want %+v", e.Addresses, wantAddr)
			}
			if !strings.HasPrefix(e.Remarks, "Primary arms dealer") {
				t.Errorf("Remarks = %q", e.Remarks)
			}
		}},
		{"an entity's f.k.a. alias is FKA", "un_sc_sanctions:KPe.003", func(t *testing.T, e clearance.Entity) {
			var fka []string
			for _, n := range e.Names {
				if n.Kind == clearance.FKA {
					fka = append(fka, n.Full)
				}
			}
			if want := []string{"CHANGGWANG CREDIT BANK", "KOREA CHANGGWANG CREDIT BANK"}; !reflect.DeepEqual(fka, want) {
				t.Errorf("FKA names = %q, want %q", fka, want)
			}
		}},
		{"the original-script name is an alias marked Arabic", "un_sc_sanctions:IQi.001", func(t *testing.T, e clearance.Entity) {
			if len(e.Names) < 2 || e.Names[1] != (clearance.Name{Full: "صدام حسين التكريتي", Kind: clearance.AKA, Script: "Arabic"}) {
				t.Errorf("Names = %+v", e.Names)
			}
		}},
		{"a Cyrillic original-script entity name is marked Cyrillic", "un_sc_sanctions:QDe.131", func(t *testing.T, e clearance.Entity) {
			if len(e.Names) != 2 || e.Names[1].Full != "Эмират Кавказ" || e.Names[1].Script != "Cyrillic" {
				t.Errorf("Names = %+v", e.Names)
			}
		}},
		{"a Low quality alias is weak", "un_sc_sanctions:CDi.003", func(t *testing.T, e clearance.Entity) {
			if len(e.Names) < 3 || e.Names[1] != (clearance.Name{Full: "Rumuli", Kind: clearance.AKA, Weak: true}) || e.Names[2].Weak {
				t.Errorf("Names = %+v", e.Names)
			}
		}},
		{"the name parts are joined in published order", "un_sc_sanctions:CDi.001", func(t *testing.T, e clearance.Entity) {
			if e.PrimaryName() != "ERIC BADEGE" || e.Gender != "male" {
				t.Errorf("PrimaryName, Gender = %q, %q", e.PrimaryName(), e.Gender)
			}
			if want := []clearance.BirthDate{{Date: clearance.Date{Year: 1971}}}; !reflect.DeepEqual(e.BirthDates, want) {
				t.Errorf("BirthDates = %+v, want %+v", e.BirthDates, want)
			}
		}},
		{"a LISTED_ON with a time zone keeps its date", "un_sc_sanctions:SSi.001", func(t *testing.T, e clearance.Entity) {
			if e.ListedOn != "2015-07-01" {
				t.Errorf("ListedOn = %q, want 2015-07-01", e.ListedOn)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, byID(t, es, tt.id)) })
	}
}

func TestParseSample(t *testing.T) {
	es, rep := parseFile(t, "testdata/sample.xml")
	if rep.Published != "2025-01-02" || rep.Records != 5 {
		t.Errorf("Published, Records = %q, %d; want 2025-01-02, 5", rep.Published, rep.Records)
	}
	wantSkips := []clearance.Skip{
		{Where: "INDIVIDUAL DATAID 1002 (line 38)", Reason: "no REFERENCE_NUMBER"},
		{Where: "INDIVIDUAL DATAID 1003 (line 43)", Reason: "no name"},
	}
	if !reflect.DeepEqual(rep.Skipped, wantSkips) {
		t.Errorf("Skipped = %+v, want %+v", rep.Skipped, wantSkips)
	}
	if want := []string{`KPi.901: DOB "sometime" unreadable`}; !reflect.DeepEqual(rep.Notes, want) {
		t.Errorf("Notes = %q, want %q", rep.Notes, want)
	}
	if len(es) != 3 {
		t.Fatalf("got %d entities, want 3", len(es))
	}

	p := byID(t, es, "un_sc_sanctions:KPi.901")
	tests := []struct {
		name      string
		got, want any
	}{
		{"names keep order, drop case-insensitive repeats and mark Hangul", p.Names, []clearance.Name{
			{Full: "PAK SONG CHOL", Kind: clearance.Primary},
			{Full: "박성철", Kind: clearance.AKA, Script: "Hangul"},
			{Full: "Pak Song-chol", Kind: clearance.AKA},
			{Full: "Song", Kind: clearance.AKA, Weak: true},
			{Full: "Park Sung Chul", Kind: clearance.AKA},
		}},
		{"exact, approximate, range and alias dates of birth are read", p.BirthDates, []clearance.BirthDate{
			{Date: clearance.Date{Year: 1981, Month: 2, Day: 3}},
			{Date: clearance.Date{Year: 1980}, Circa: true},
			{Date: clearance.Date{Year: 1979}, Until: clearance.Date{Year: 1983}},
			{Date: clearance.Date{Year: 1982, Month: 3, Day: 4}},
		}},
		{"places of birth include the alias's", p.BirthPlaces, []string{"Pyongyang, Democratic People's Republic of Korea", "Sinuiju"}},
		{"gender comes from the comments when GENDER is absent", p.Gender, "male"},
		{"title and designation are joined with their whitespace collapsed", p.Title, "Dr.; Deputy director"},
		{"a zoned LISTED_ON keeps its date", p.ListedOn, "2020-05-06"},
		{"empty addresses are dropped", len(p.Addresses), 1},
		{"documents are merged by number and typed", p.Identifiers, []clearance.Identifier{
			{Type: "passport", Number: "927000001", Country: "KP", Note: "issued 2019-01-01; Expires 1 Jan. 2024"},
			{Type: "national_id", Number: "12345", Note: "Ration card number"},
		}},
		{"a document without a number is left in the remarks", p.Remarks,
			"Works abroad as a software developer. Gender: male\nPassport: Chinese passport number E0000002"},
		{"a Han name is marked Han", byID(t, es, "un_sc_sanctions:KPi.903").Names, []clearance.Name{{Full: "金 正日", Kind: clearance.Primary, Script: "Han"}}},
		{"GENDER is read", byID(t, es, "un_sc_sanctions:KPi.903").Gender, "female"},
		{"an entity's aliases keep their kind", byID(t, es, "un_sc_sanctions:KPe.901").Names, []clearance.Name{
			{Full: "KORYO EXAMPLE TRADING COMPANY", Kind: clearance.Primary},
			{Full: "KORYO EXAMPLE", Kind: clearance.AKA},
			{Full: "OLD EXAMPLE CORPORATION", Kind: clearance.FKA},
		}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}

func TestParseBrokenXMLSaysWhere(t *testing.T) {
	data, err := os.ReadFile("testdata/sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(data, []byte("<ENTITIES>"))
	es, _, err := Parse(bytes.NewReader(data[:cut+30]))
	if err == nil || !strings.Contains(err.Error(), "line ") {
		t.Fatalf("err = %v, want an error naming the line", err)
	}
	if len(es) != 2 {
		t.Errorf("got %d entities before the break, want the 2 read", len(es))
	}
}

func FuzzParse(f *testing.F) {
	sample, err := os.ReadFile("testdata/sample.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add([]byte(`<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>a</REFERENCE_NUMBER><FIRST_NAME>b</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`))
	f.Add([]byte(`<ENTITY><REFERENCE_NUMBER>e</REFERENCE_NUMBER><ENTITY_ALIAS><ALIAS_NAME>z</ALIAS_NAME></ENTITY_ALIAS></ENTITY>`))
	f.Add([]byte(`<INDIVIDUAL><REFERENCE_NUMBER>r</REFERENCE_NUMBER><FIRST_NAME>n</FIRST_NAME><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1990</FROM_YEAR><TO_YEAR>1980</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>`))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, rep, _ := Parse(bytes.NewReader(data))
		if len(es)+len(rep.Skipped) > rep.Records {
			t.Errorf("%d entities and %d skips from %d records", len(es), len(rep.Skipped), rep.Records)
		}
		for _, e := range es {
			if !strings.HasPrefix(e.ID, Source+":") || len(e.ID) == len(Source)+1 {
				t.Errorf("bad ID %q", e.ID)
			}
			if len(e.Names) == 0 || e.Names[0].Full == "" || e.Names[0].Kind != clearance.Primary {
				t.Errorf("%s: bad names %+v", e.ID, e.Names)
			}
			for _, b := range e.BirthDates {
				if b.Year == 0 {
					t.Errorf("%s: birth date without a year %+v", e.ID, b)
				}
			}
		}
	})
}
