package eu

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

// The fixture is hand-written (see the package doc): no real FSF file was
// available. Its records are invented.
const fixture = "testdata/fsf_sample.xml"

func parseFixture(t *testing.T) ([]clearance.Entity, clearance.ParseReport) {
	t.Helper()
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	es, rep, err := Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Parse(%s): %v", fixture, err)
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
	t.Fatalf("entity %s not found", id)
	return clearance.Entity{}
}

func TestParseFixtureCountsAndReport(t *testing.T) {
	es, rep := parseFixture(t)
	if rep.Records != 5 {
		t.Errorf("Records = %d, want 5", rep.Records)
	}
	if len(es) != 4 {
		t.Errorf("got %d entities, want 4", len(es))
	}
	if rep.Published != "2026-03-02" {
		t.Errorf("Published = %q, want 2026-03-02 (date part of generationDate)", rep.Published)
	}
	want := []clearance.Skip{{Where: "sanctionEntity logicalId 9005 (line 76)", Reason: "no name"}}
	if !reflect.DeepEqual(rep.Skipped, want) {
		t.Errorf("Skipped = %v, want %v", rep.Skipped, want)
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "logicalId 9004") || !strings.Contains(rep.Notes[0], "19x5") {
		t.Errorf("Notes = %q, want one note naming logicalId 9004 and the bad year 19x5", rep.Notes)
	}
}

func TestParseFixturePerson(t *testing.T) {
	es, _ := parseFixture(t)
	e := byID(t, es, "eu_fsf:9001")

	wantNames := []clearance.Name{
		{Full: "Pak Chol Su", Kind: clearance.Primary},
		{Full: "PAK Cho'l-su", Kind: clearance.AKA},
		{Full: "Pak Chol-Soo", Kind: clearance.AKA, Weak: true},
		{Full: "박철수", Kind: clearance.AKA, Script: "Hangul"},
		{Full: "Пак Чхоль Су", Kind: clearance.AKA, Script: "Cyrillic"},
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"the source is eu_fsf", e.Source, Source},
		{"subjectType person is a Person", e.Type, clearance.Person},
		{"aliases repeated per regulation collapse, strong=false is weak, non-Latin names carry a script", e.Names, wantNames},
		{"programmes repeated across regulations collapse", e.Programs, []string{"PRK"}},
		{"designationDate wins over the regulations' dates", e.ListedOn, "2017-08-05"},
		{"a lower-case countryIso2Code is upper-cased", e.Nationalities, []string{"KP"}},
		{"gender M is male", e.Gender, "male"},
		{"the function becomes the title", e.Title, "Representative of Korea Example Trading Corporation"},
		{"exact, circa, partial and range birthdates are kept", e.BirthDates, []clearance.BirthDate{
			{Date: clearance.Date{Year: 1968, Month: 3, Day: 15}},
			{Date: clearance.Date{Year: 1970}, Circa: true},
			{Date: clearance.Date{Year: 1966, Month: 4}},
			{Date: clearance.Date{Year: 1963}, Until: clearance.Date{Year: 1965}, Circa: true},
		}},
		{"birth places join city, region and country, UNKNOWN dropped", e.BirthPlaces, []string{"Pyongyang, NORTH KOREA", "Sinuiju, North Pyongan, NORTH KOREA"}},
		{"an address of only UNKNOWN is dropped", e.Addresses, []clearance.Address{{
			Street: "12 Example Road", City: "Dandong", Region: "Liaoning", PostalCode: "118000", Country: "CN",
			Full: "12 Example Road, Dandong, Liaoning, 118000, CHINA",
		}}},
		{"a repeated passport is kept once and a number of \"-\" is dropped", e.Identifiers, []clearance.Identifier{{
			Type: "passport", Number: "836410035", Country: "KP",
			Note: "name on document Pak Chol Su; issued 2016-05-12; Expires 2021-05-12.",
		}}},
		{"no unitedNationId means no SameAs", len(e.SameAs), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %#v\nwant %#v", tt.got, tt.want)
			}
		})
	}
	for _, part := range []string{"Fictional test record", "Travels between Dandong and Pyongyang", "EU reference number EU.9001.11"} {
		if !strings.Contains(e.Remarks, part) {
			t.Errorf("Remarks %q lack %q", e.Remarks, part)
		}
	}
}

func TestParseFixtureEnterprises(t *testing.T) {
	es, _ := parseFixture(t)
	org := byID(t, es, "eu_fsf:9002")
	ship := byID(t, es, "eu_fsf:9003")
	tests := []struct {
		name      string
		got, want any
	}{
		{"subjectType enterprise is an Organization", org.Type, clearance.Organization},
		{"unitedNationId ties the entity to the UN list", org.SameAs, []string{"un_sc_sanctions:KPe.990"}},
		{"without designationDate the earliest regulation date is the listing date", org.ListedOn, "2015-03-20"},
		{"regnumber is a registration", org.Identifiers, []clearance.Identifier{{Type: "registration", Number: "KP-REG-0001", Country: "KP"}}},
		{"contactInfo is filed by key", [][]string{org.Phones, org.Emails, org.Websites}, [][]string{
			{"+850 2 000 0000", "+850 2 000 0001"}, {"ketc@example.kp"}, {"www.example.kp"},
		}},
		{"the PO box joins the street", org.Addresses[0].Street, "Sungri Street, P.O. Box 35"},
		{"designationDetails go to the remarks", strings.Contains(org.Remarks, "Subordinate of an example ministry."), true},
		{"an enterprise with an IMO number stays an Organization", ship.Type, clearance.Organization},
		{"the IMO number is kept as an identifier", ship.Identifiers, []clearance.Identifier{{Type: "imo", Number: "9123453"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %#v\nwant %#v", tt.got, tt.want)
			}
		})
	}
}

func TestParseFixtureLatinNameIsPrimaryEvenWhenListedSecond(t *testing.T) {
	es, _ := parseFixture(t)
	e := byID(t, es, "eu_fsf:9004")
	want := []clearance.Name{
		{Full: "Olga Ivanovna Primerova", Kind: clearance.Primary},
		{Full: "Ольга Ивановна Примерова", Kind: clearance.AKA, Script: "Cyrillic"},
	}
	if !reflect.DeepEqual(e.Names, want) {
		t.Errorf("Names = %#v, want %#v", e.Names, want)
	}
	if !reflect.DeepEqual(e.Programs, []string{"UKR", "RUS"}) {
		t.Errorf("Programs = %q, want [UKR RUS]", e.Programs)
	}
	if e.Gender != "female" || e.Title != "Dr" {
		t.Errorf("Gender, Title = %q, %q; want female, Dr", e.Gender, e.Title)
	}
	if !reflect.DeepEqual(e.BirthDates, []clearance.BirthDate{{Date: clearance.Date{Year: 1975}}}) {
		t.Errorf("BirthDates = %v, want only 1975 (19x5 is unreadable)", e.BirthDates)
	}
}

func TestBirthDate(t *testing.T) {
	tests := []struct {
		name    string
		in      birthdate
		want    clearance.BirthDate
		ok      bool
		wantErr bool
	}{
		{"a full birthdate attribute wins over the parts", birthdate{Date: "1960-04-10", Year: "1961"}, clearance.BirthDate{Date: clearance.Date{Year: 1960, Month: 4, Day: 10}}, true, false},
		{"year and month without a day is partial", birthdate{Year: "1965", Month: "3"}, clearance.BirthDate{Date: clearance.Date{Year: 1965, Month: 3}}, true, false},
		{"a range is kept as from and until", birthdate{From: "1953", To: "1958", Circa: "true"}, clearance.BirthDate{Date: clearance.Date{Year: 1953}, Until: clearance.Date{Year: 1958}, Circa: true}, true, false},
		{"only an upper bound becomes circa that year", birthdate{To: "1980"}, clearance.BirthDate{Date: clearance.Date{Year: 1980}, Circa: true}, true, false},
		{"no parts at all is no date and no error", birthdate{City: "Minsk"}, clearance.BirthDate{}, false, false},
		{"a month without a year is an error", birthdate{Month: "3"}, clearance.BirthDate{}, false, true},
		{"a malformed birthdate is an error", birthdate{Date: "15/03/1968"}, clearance.BirthDate{}, false, true},
		{"an inverted range is an error", birthdate{From: "1960", To: "1950"}, clearance.BirthDate{}, false, true},
		{"a month of 13 is an error", birthdate{Year: "1960", Month: "13"}, clearance.BirthDate{}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := tt.in.birthDate()
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("got %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
	}{
		{"empty input is not an FSF file", "", "no <export> element"},
		{"another XML document is not an FSF file", `<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>`, "no <export> element"},
		{"a truncated file names its line", "<export>\n<sanctionEntity logicalId=\"1\">\n<nameAlias wholeName=\"A\"/>", "line"},
		{"mismatched tags fail", `<export><sanctionEntity logicalId="1"></export>`, "sanctionEntity at line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseSkipsRecordWithoutLogicalID(t *testing.T) {
	in := `<export><sanctionEntity><subjectType code="person"/><nameAlias wholeName="No Id"/></sanctionEntity></export>`
	es, rep, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 0 || len(rep.Skipped) != 1 || rep.Skipped[0].Reason != "no logicalId" || !strings.Contains(rep.Skipped[0].Where, "without logicalId") {
		t.Errorf("got %d entities, skipped %v; want 0 and one 'no logicalId' skip", len(es), rep.Skipped)
	}
}

func TestParseNameFromPartsWhenWholeNameIsEmpty(t *testing.T) {
	in := `<export><sanctionEntity logicalId="7"><subjectType code="person"/>` +
		`<nameAlias firstName="Song" middleName="" lastName="Kum Hyok" wholeName="" strong="false"/></sanctionEntity></export>`
	es, _, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []clearance.Name{{Full: "Song Kum Hyok", Kind: clearance.Primary}}
	if len(es) != 1 || !reflect.DeepEqual(es[0].Names, want) {
		t.Errorf("got %v, want one entity named %v (a lone weak alias still becomes the primary)", es, want)
	}
}

func FuzzParse(f *testing.F) {
	b, err := os.ReadFile(fixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(""))
	f.Add([]byte(`<export generationDate="2026-01-01"><sanctionEntity logicalId="1"><nameAlias wholeName="A" strong="false"/><birthdate yearRangeTo="1958"/></sanctionEntity></export>`))
	f.Add([]byte(`<export><sanctionEntity logicalId=" "><nameAlias firstName="x"/></sanctionEntity>`))
	f.Add([]byte(`<export><sanctionEntity logicalId="2"><birthdate year="99999" monthOfYear="0" dayOfMonth="40"/><nameAlias wholeName="&#x10FFFF;"/></sanctionEntity></export>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, rep, err := Parse(bytes.NewReader(data))
		if err == nil && rep.Records != len(es)+len(rep.Skipped) {
			t.Errorf("Records %d != %d entities + %d skipped", rep.Records, len(es), len(rep.Skipped))
		}
		for _, e := range es {
			if !strings.HasPrefix(e.ID, Source+":") || len(e.ID) == len(Source)+1 {
				t.Errorf("bad ID %q", e.ID)
			}
			if len(e.Names) == 0 || e.Names[0].Full == "" || e.Names[0].Kind != clearance.Primary {
				t.Errorf("%s: bad names %v", e.ID, e.Names)
			}
			for _, n := range e.Names[1:] {
				if n.Full == "" || n.Kind == clearance.Primary {
					t.Errorf("%s: bad alias %v", e.ID, n)
				}
			}
			for _, c := range e.Nationalities {
				if c == "" {
					t.Errorf("%s: empty nationality", e.ID)
				}
			}
		}
	})
}

// BenchmarkParse measures a synthetic list of the real file's size order
// (about 5,800 entities), built from the fixture's first record.
func BenchmarkParse(b *testing.B) {
	src, err := os.ReadFile(fixture)
	if err != nil {
		b.Fatal(err)
	}
	s := string(src)
	rec := s[strings.Index(s, "<sanctionEntity") : strings.Index(s, "</sanctionEntity>")+len("</sanctionEntity>")]
	var buf bytes.Buffer
	buf.WriteString(`<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-03-02T00:00:00">`)
	const n = 5800
	for i := range n {
		buf.WriteString(strings.Replace(rec, `logicalId="9001"`, fmt.Sprintf(`logicalId="%d"`, 100000+i), 1))
	}
	buf.WriteString(`</export>`)
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		es, _, err := Parse(bytes.NewReader(data))
		if err != nil || len(es) != n {
			b.Fatalf("got %d entities, err %v", len(es), err)
		}
	}
}

// The real extract (MANIFEST.md §7): 17 entities cut verbatim from the
// FSF export of 5 August 2026.
func realExtract(t *testing.T) ([]clearance.Entity, clearance.ParseReport) {
	t.Helper()
	b, err := os.ReadFile(sharedfiles.Extracts(t, "eu_fsf", "fsf.xml"))
	if err != nil {
		t.Fatal(err)
	}
	es, rep, err := Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return es, rep
}

func TestTheRealExtractParsesWhole(t *testing.T) {
	es, rep := realExtract(t)
	types := map[clearance.EntityType]int{}
	for _, e := range es {
		types[e.Type]++
		if e.Names[0].Kind != clearance.Primary || e.Names[0].Weak || e.Names[0].Script != "" {
			t.Errorf("%s: primary %+v, want a strong Latin-script name", e.ID, e.Names[0])
		}
	}
	if rep.Published != "2026-08-05" || rep.Records != 17 || len(es) != 17 || len(rep.Skipped) != 0 ||
		types[clearance.Person] != 10 || types[clearance.Organization] != 7 {
		t.Errorf("published %q, %d records, %d entities %v, skipped %v; want 2026-08-05, 17 = 10 people + 7 enterprises", rep.Published, rep.Records, len(es), types, rep.Skipped)
	}
	dprk := byID(t, es, "eu_fsf:107840")
	if dprk.PrimaryName() != "Chongchongang Shipping Company" || len(dprk.Identifiers) != 1 || dprk.Identifiers[0] != (clearance.Identifier{Type: "imo", Number: "5342883"}) ||
		len(dprk.Addresses) != 2 || dprk.Addresses[0].Country != "KP" || dprk.Programs[0] != "PRK" {
		t.Errorf("Chongchongang: %+v", dprk)
	}
	// A doubled space inside a published name is tidied.
	if e := byID(t, es, "eu_fsf:6428"); e.PrimaryName() != "Taghtiran Kashan Company" {
		n := e.PrimaryName()
		t.Errorf("6428 primary %q", n)
	}
	// A Cyrillic alias tagged nameLanguage="EN" is still Cyrillic.
	if ns := byID(t, es, "eu_fsf:7300").Names; len(ns) != 2 || ns[1].Script != "Cyrillic" {
		t.Errorf("7300 names %+v", ns)
	}
}

// The real file marks low-quality aliases with a remark (spelt "aliias"
// once) and leaves strong="true" on all of them; screened as strong, "Abu
// Saleh" alone would alert.
func TestLowQualityAliasesInTheRealExtractAreWeak(t *testing.T) {
	es, _ := realExtract(t)
	weak := map[string]bool{}
	for _, n := range byID(t, es, "eu_fsf:6177").Names {
		weak[n.Full] = n.Weak
	}
	for name, want := range map[string]bool{"Abu-Salaah": true, "Abosslah": true, "Abu Saleh": true, "Ibrahim al-'Asiri": false} {
		if got, ok := weak[name]; !ok || got != want {
			t.Errorf("6177 alias %q: weak %v (present %v), want %v", name, got, ok, want)
		}
	}
	for _, n := range byID(t, es, "eu_fsf:514").Names {
		if n.Full == "Abdul Manan" && n.Weak {
			t.Errorf("514 %q is a good quality alias, marked weak", n.Full)
		}
		if n.Full == "Saiyid Abd al-Man" && !n.Weak {
			t.Errorf("514 %q is a low quality alias, not marked weak", n.Full)
		}
	}
}

// A birthdate in the ISLAMIC calendar counts by its Gregorian date, and
// Hijri parts without one are left out, never read as a Gregorian year.
func TestIslamicCalendarBirthdatesInTheRealExtract(t *testing.T) {
	es, rep := realExtract(t)
	var got []string
	for _, b := range byID(t, es, "eu_fsf:6177").BirthDates {
		got = append(got, b.String())
	}
	if want := []string{"1982-04-18", "1982-04-19"}; !reflect.DeepEqual(got, want) {
		t.Errorf("6177 born %v, want %v (the Islamic 24.6.1402 is 1982-04-19)", got, want)
	}
	got = nil
	for _, b := range byID(t, es, "eu_fsf:127388").BirthDates {
		got = append(got, b.String())
	}
	if want := []string{"1965", "1964"}; !reflect.DeepEqual(got, want) {
		t.Errorf("127388 born %v, want %v without the solar Hijri 1343", got, want)
	}
	if want := []string{"logicalId 127388: birthdate in the islamic calendar (year 1343) without a Gregorian date, left out"}; !reflect.DeepEqual(rep.Notes, want) {
		t.Errorf("notes %q, want %q", rep.Notes, want)
	}
}
