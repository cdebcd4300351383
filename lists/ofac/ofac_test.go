package ofac

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

// openSet opens the four files of an OFAC set found by path.
func openSet(tb testing.TB, path func(name string) string, source string) Files {
	tb.Helper()
	n := namesFor(source)
	open := func(name string) *os.File {
		f, err := os.Open(path(name))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { f.Close() })
		return f
	}
	return Files{Main: open(n.main), Addresses: open(n.addresses), Aliases: open(n.aliases), Comments: open(n.comments)}
}

type parsed struct {
	es  []clearance.Entity
	rep clearance.ParseReport
}

var (
	parsedMu    sync.Mutex
	parsedCache = map[string]parsed{}
)

// parseReal parses a real list from the shared data folder, once per test
// binary: the tests only read the result.
func parseReal(tb testing.TB, source string) ([]clearance.Entity, clearance.ParseReport) {
	tb.Helper()
	parsedMu.Lock()
	defer parsedMu.Unlock()
	if p, ok := parsedCache[source]; ok {
		return p.es, p.rep
	}
	files := openSet(tb, func(name string) string { return sharedfiles.Lists(tb, source, name) }, source)
	es, rep, err := Parse(source, files)
	if err != nil {
		tb.Fatalf("Parse(%s): %v", source, err)
	}
	parsedCache[source] = parsed{es, rep}
	return es, rep
}

func byID(es []clearance.Entity) map[string]*clearance.Entity {
	m := make(map[string]*clearance.Entity, len(es))
	for i := range es {
		m[es[i].ID] = &es[i]
	}
	return m
}

func mustEntity(t *testing.T, m map[string]*clearance.Entity, id string) *clearance.Entity {
	t.Helper()
	e, ok := m[id]
	if !ok {
		t.Fatalf("entity %s not parsed", id)
	}
	return e
}

// skipsByFile counts skipped rows per file and reason.
func skipsByFile(rep clearance.ParseReport) map[string]int {
	m := map[string]int{}
	for _, s := range rep.Skipped {
		file, _, _ := strings.Cut(s.Where, " ")
		m[file+": "+s.Reason]++
	}
	return m
}

func TestParseSDNCountsMatchTheManifest(t *testing.T) {
	es, rep := parseReal(t, "us_ofac_sdn")

	types := map[clearance.EntityType]int{}
	programs := map[string]int{}
	for _, e := range es {
		types[e.Type]++
		for _, p := range e.Programs {
			programs[p]++
		}
		if !strings.HasPrefix(e.ID, "us_ofac_sdn:") || len(e.Names) == 0 || e.Names[0].Kind != clearance.Primary {
			t.Errorf("%s: malformed entity (names %v)", e.ID, e.Names)
		}
	}
	if len(es) != 14965 {
		t.Errorf("entities = %d, want 14965", len(es))
	}
	wantTypes := map[clearance.EntityType]int{
		clearance.Person: 6854, clearance.Organization: 6884, clearance.Vessel: 851, clearance.Aircraft: 376,
	}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("types = %v, want %v", types, wantTypes)
	}
	for p, want := range map[string]int{"DPRK": 57, "DPRK2": 111, "DPRK3": 147, "DPRK4": 174, "CYBER2": 243} {
		if programs[p] != want {
			t.Errorf("program %s: %d entries, want %d", p, programs[p], want)
		}
	}
	if want := 14965 + 22641 + 19486 + 21; rep.Records != want {
		t.Errorf("records = %d, want %d", rep.Records, want)
	}
	// The add/alt/comments files are eight months newer than sdn.csv
	// (MANIFEST section 1): their rows for later designations have no parent.
	wantSkips := map[string]int{
		"add.csv: no such entry in sdn.csv":          2474,
		"alt.csv: no such entry in sdn.csv":          1468,
		"sdn_comments.csv: no such entry in sdn.csv": 2,
	}
	if got := skipsByFile(rep); !reflect.DeepEqual(got, wantSkips) {
		t.Errorf("skips = %v, want %v", got, wantSkips)
	}
	if !slices.Contains(rep.Notes, "87 entries without address rows") {
		t.Errorf("notes %q do not count the 87 entries without addresses", rep.Notes)
	}
}

func TestParseConsCountsMatchTheManifest(t *testing.T) {
	es, rep := parseReal(t, "us_ofac_cons")
	types := map[clearance.EntityType]int{}
	var addresses, names int
	for _, e := range es {
		types[e.Type]++
		addresses += len(e.Addresses)
		names += len(e.Names)
		if !strings.HasPrefix(e.ID, "us_ofac_cons:") {
			t.Errorf("ID %s lacks the source prefix", e.ID)
		}
	}
	if len(es) != 442 {
		t.Errorf("entities = %d, want 442", len(es))
	}
	if want := (map[clearance.EntityType]int{clearance.Person: 79, clearance.Organization: 363}); !reflect.DeepEqual(types, want) {
		t.Errorf("types = %v, want %v", types, want)
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("skipped %d rows of a consistent set, first %v", len(rep.Skipped), rep.Skipped[0])
	}
	if want := 442 + 574 + 1073 + 10; rep.Records != want {
		t.Errorf("records = %d, want %d", rep.Records, want)
	}
	// 574 address rows of which 52 are all-null placeholders.
	if addresses != 574-52 {
		t.Errorf("addresses = %d, want %d", addresses, 574-52)
	}
	if names < 442+1073 {
		t.Errorf("names = %d, want at least primaries plus alt rows (%d)", names, 442+1073)
	}
}

func TestKimSangManHasEverythingTheRemarksSay(t *testing.T) {
	es, _ := parseReal(t, "us_ofac_sdn")
	e := mustEntity(t, byID(es), "us_ofac_sdn:43377")

	if e.Type != clearance.Person || e.PrimaryName() != "KIM, Sang Man" {
		t.Errorf("type %q name %q, want person KIM, Sang Man", e.Type, e.PrimaryName())
	}
	wantNames := []clearance.Name{{Full: "KIM, Sang Man", Kind: clearance.Primary}, {Full: "KIM, Sangman", Kind: clearance.AKA}}
	if !reflect.DeepEqual(e.Names, wantNames) {
		t.Errorf("names = %+v, want %+v", e.Names, wantNames)
	}
	if !reflect.DeepEqual(e.Programs, []string{"DPRK4"}) {
		t.Errorf("programs = %v", e.Programs)
	}
	if len(e.BirthDates) != 1 || e.BirthDates[0].String() != "1965-04-25" {
		t.Errorf("birth dates = %v, want [1965-04-25]", e.BirthDates)
	}
	if !reflect.DeepEqual(e.Nationalities, []string{"KP"}) || e.Gender != "male" {
		t.Errorf("nationalities %v gender %q, want [KP] male", e.Nationalities, e.Gender)
	}
	if !reflect.DeepEqual(e.BirthPlaces, []string{"North Pyongan Province, North Korea"}) {
		t.Errorf("birth places = %v", e.BirthPlaces)
	}
	wantIDs := []clearance.Identifier{
		{Type: "passport", Number: "109420132", Country: "KP", Note: "issued 16 Oct 2019 expires 16 Oct 2024"},
		{Type: "passport", Number: "827220538", Country: "KP"},
		{Type: "passport", Number: "563220082", Country: "KP"},
	}
	if !reflect.DeepEqual(e.Identifiers, wantIDs) {
		t.Errorf("identifiers = %+v, want %+v", e.Identifiers, wantIDs)
	}
	wantWallets := []clearance.WalletAddress{
		{Currency: "XBT", Address: "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"},
		{Currency: "XBT", Address: "1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z"},
		{Currency: "ETH", Address: "0x97b1043abd9e6fc31681635166d430a458d14f9c"},
		{Currency: "ETH", Address: "0xb6f5ec1a0a9cd1526536d3f0426c429529471f40"},
		{Currency: "USDT", Address: "0xb6f5ec1a0a9cd1526536d3f0426c429529471f40"},
		{Currency: "USDC", Address: "0xb6f5ec1a0a9cd1526536d3f0426c429529471f40"},
	}
	if !reflect.DeepEqual(e.Wallets, wantWallets) {
		t.Errorf("wallets = %+v, want %+v", e.Wallets, wantWallets)
	}
	if got := e.Countries(); !reflect.DeepEqual(got, []string{"KP", "RU"}) {
		t.Errorf("countries = %v, want [KP RU] (nationality, then the Russia and North Korea address rows)", got)
	}
	if !strings.HasPrefix(e.Remarks, "DOB 25 Apr 1965; POB") || !strings.HasSuffix(e.Remarks, "alt. Passport 563220082 (Korea, North).") {
		t.Errorf("remarks not kept whole: %q", e.Remarks)
	}
}

func TestTheDPRK5DesignationsAreAllParsed(t *testing.T) {
	m := byID(func() []clearance.Entity { es, _ := parseReal(t, "us_ofac_sdn"); return es }())
	for _, tc := range []struct {
		id, name string
		aliases  int
	}{
		{"us_ofac_sdn:43336", "PYONGYANG UNIVERSITY OF AUTOMATION", 10},
		{"us_ofac_sdn:43337", "TECHNICAL RECONNAISSANCE BUREAU", 4},
		{"us_ofac_sdn:43338", "110TH RESEARCH CENTER", 0},
		{"us_ofac_sdn:43377", "KIM, Sang Man", 1},
		{"us_ofac_sdn:43379", "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY", 1},
	} {
		e := mustEntity(t, m, tc.id)
		if !strings.HasPrefix(e.PrimaryName(), tc.name) {
			t.Errorf("%s: name %q, want %q", tc.id, e.PrimaryName(), tc.name)
		}
		var strong int
		for _, n := range e.Names[1:] {
			if !n.Weak {
				strong++
			}
		}
		if strong != tc.aliases {
			t.Errorf("%s: %d alt.csv aliases, want %d", tc.id, strong, tc.aliases)
		}
		if len(e.Addresses) == 0 {
			t.Errorf("%s: no addresses", tc.id)
		}
	}
}

func TestVesselAndAircraftFields(t *testing.T) {
	m := byID(func() []clearance.Entity { es, _ := parseReal(t, "us_ofac_sdn"); return es }())

	vessel := mustEntity(t, m, "us_ofac_sdn:15036") // ARTAVIL
	wantVessel := clearance.VesselInfo{CallSign: "T2EU4", Type: "Crude/Oil Products Tanker", Tonnage: "99,144", GRT: "56,068", Flag: "IR"}
	if vessel.Type != clearance.Vessel || vessel.Vessel == nil || *vessel.Vessel != wantVessel {
		t.Errorf("ARTAVIL: type %q vessel %+v, want %+v", vessel.Type, vessel.Vessel, wantVessel)
	}
	wantIDs := []clearance.Identifier{{Type: "call_sign", Number: "T2EU4"}, {Type: "imo", Number: "9187629"}, {Type: "mmsi", Number: "572469210"}}
	if !reflect.DeepEqual(vessel.Identifiers, wantIDs) {
		t.Errorf("ARTAVIL identifiers = %+v, want %+v", vessel.Identifiers, wantIDs)
	}
	if n := vessel.Names[len(vessel.Names)-1]; n != (clearance.Name{Full: "ALPHA", Kind: clearance.FKA, Weak: true}) {
		t.Errorf("ARTAVIL: last name %+v, want the weak f.k.a. 'ALPHA' from the remarks", n)
	}

	// The DPRK vessel flag is spelled out in full in sdn.csv.
	if e := mustEntity(t, m, "us_ofac_sdn:17069"); e.Vessel == nil || e.Vessel.Flag != "KP" || e.Vessel.Type != "General Cargo" {
		t.Errorf("CHONG CHON GANG vessel = %+v, want General Cargo flag KP", e.Vessel)
	}

	for _, tc := range []struct {
		id   string
		want clearance.AircraftInfo
	}{
		{"us_ofac_sdn:18150", clearance.AircraftInfo{Model: "Airbus A340-642", Serial: "391", Registration: "EP-MMH", Built: "2002"}},
		// The manufacturer's serial number wins over the construction number listed before it.
		{"us_ofac_sdn:15431", clearance.AircraftInfo{Model: "IL76-TD", Operator: "YAS AIR", Serial: "1023409321", Built: "1992"}},
		{"us_ofac_sdn:20540", clearance.AircraftInfo{Model: "AN24-RV", Operator: "Air Koryo", Built: "1974"}},
	} {
		e := mustEntity(t, m, tc.id)
		if e.Type != clearance.Aircraft || e.Aircraft == nil || *e.Aircraft != tc.want {
			t.Errorf("%s: type %q aircraft %+v, want %+v", tc.id, e.Type, e.Aircraft, tc.want)
		}
	}
	if got := mustEntity(t, m, "us_ofac_sdn:15431").Identifiers; !slices.Contains(got, clearance.Identifier{Type: "aircraft_serial", Number: "8401", Note: "construction number"}) {
		t.Errorf("EP-GOM identifiers %+v lack the construction number", got)
	}
	if got := mustEntity(t, m, "us_ofac_sdn:18151").Identifiers; !slices.Contains(got, clearance.Identifier{Type: "aircraft_registration", Number: "YI-NAE", Note: "previous"}) {
		t.Errorf("MSN 449 identifiers %+v lack the previous tail number", got)
	}
}

func TestRemarksAreJoinedWithTheirContinuation(t *testing.T) {
	m := byID(func() []clearance.Entity { es, _ := parseReal(t, "us_ofac_sdn"); return es }())

	// sdn.csv cuts this address after "...YvkMm"; the comments file goes on "3QvmR; ...".
	blender := mustEntity(t, m, "us_ofac_sdn:37070")
	if !slices.Contains(blender.Wallets, clearance.WalletAddress{Currency: "XBT", Address: "3F6bbvS1krsc1qR8FsbTDfYQyvkMm3QvmR"}) {
		t.Errorf("BLENDER.IO: the address split across the two files is missing")
	}
	// The main remarks end with "XBT " and the comment starts with the address.
	if e := mustEntity(t, m, "us_ofac_sdn:39593"); !slices.Contains(e.Wallets, clearance.WalletAddress{Currency: "XBT", Address: "194xmrZA53UBsZau2PnJLdmVVW9m5feeS"}) {
		t.Errorf("39593: the address that starts the continuation is missing")
	}
	// Weak aliases that only the continuation has.
	if e := mustEntity(t, m, "us_ofac_sdn:27307"); !slices.Contains(e.Names, clearance.Name{Full: "APPLEWORM", Kind: clearance.AKA, Weak: true}) {
		t.Errorf("LAZARUS GROUP: weak alias APPLEWORM from the comments file is missing")
	}
	// The comments file is newer and cut elsewhere: its text overlaps the
	// end of the main remarks by 108 characters, which must not repeat.
	sber := mustEntity(t, m, "us_ofac_sdn:17018")
	if n := strings.Count(sber.Remarks, "Listing Date (EO 14024 Directive 3): 24 Feb 2022"); n != 1 {
		t.Errorf("SBERBANK: the directive 3 listing date appears %d times, want once:\n%s", n, sber.Remarks)
	}
	if !strings.HasSuffix(sber.Remarks, "a.k.a. 'SBERBANK MUMBAI'.") {
		t.Errorf("SBERBANK: remarks lack the continuation: %q", sber.Remarks)
	}
	// This comment row repeats an end the main file already has.
	if e := mustEntity(t, m, "us_ofac_sdn:34682"); strings.Count(e.Remarks, "1027700067328") != 1 {
		t.Errorf("34682: the repeated registration number was appended again: %q", e.Remarks)
	}
}

// TestEveryPeerWalletOfAListedOwnerIsFound checks the parser against the
// independently extracted OFAC address lists (one file per ticker): an
// address whose owner is in this sdn.csv must be among that owner's
// wallets under the same ticker. Addresses of owners designated after
// May 2024 are not in the file and are only counted.
func TestEveryPeerWalletOfAListedOwnerIsFound(t *testing.T) {
	es, _ := parseReal(t, "us_ofac_sdn")
	dir := filepath.Dir(sharedfiles.Eval(t, "peers", "ofac_digital_currency_addresses", "sanctioned_addresses_XBT.txt"))
	files, err := filepath.Glob(filepath.Join(dir, "sanctioned_addresses_*.txt"))
	if err != nil || len(files) != 17 {
		t.Fatalf("want the 17 ticker files in %s, got %d (%v)", dir, len(files), err)
	}
	wallets := map[clearance.WalletAddress]bool{}
	inRemarks := map[string]bool{} // every word of every entry's joined remarks
	for _, e := range es {
		for _, w := range e.Wallets {
			wallets[w] = true
		}
		for _, word := range strings.FieldsFunc(e.Remarks, func(r rune) bool { return r == ' ' || r == ';' }) {
			inRemarks[strings.TrimRight(word, ".")] = true
		}
	}
	var total, present, found int
	for _, file := range files {
		ticker := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "sanctioned_addresses_"), ".txt")
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			addr := strings.TrimSpace(sc.Text())
			if addr == "" {
				continue
			}
			total++
			if !inRemarks[addr] {
				continue
			}
			present++
			if wallets[clearance.WalletAddress{Currency: ticker, Address: addr}] {
				found++
			} else {
				t.Errorf("%s %s: owner is listed but the address was not extracted", ticker, addr)
			}
		}
		f.Close()
	}
	t.Logf("peer addresses: %d, owner in sdn.csv: %d, found: %d", total, present, found)
	// Of the 654 peer addresses, 38 are only in the comment row of ent_num
	// 43421 (designated after this sdn.csv, so the row is skipped) and 17 are
	// in neither file. 5 of the 599 present are cut in two between sdn.csv
	// and the comments file, so a plain text search of either file misses them.
	if total != 654 || present != 599 {
		t.Errorf("total %d present %d, want 654 and 599", total, present)
	}
}

func TestSmallSetReportsWhatItSkips(t *testing.T) {
	files := openSet(t, func(name string) string { return filepath.Join("testdata", "set", name) }, "us_ofac_sdn")
	es, rep, err := Parse("us_ofac_sdn", files)
	if err != nil {
		t.Fatal(err)
	}
	wantSkips := []clearance.Skip{
		{Where: "sdn.csv line 5", Reason: "has 4 fields, want 12"},
		{Where: "sdn.csv line 6", Reason: `ent_num "abc" is not a positive number`},
		{Where: "sdn.csv line 7 (ent_num 101)", Reason: "duplicate ent_num"},
		{Where: "alt.csv line 3 (ent_num 999)", Reason: "no such entry in sdn.csv"},
		{Where: "add.csv line 4 (ent_num 999)", Reason: "no such entry in sdn.csv"},
		{Where: "sdn_comments.csv line 2 (ent_num 998)", Reason: "no such entry in sdn.csv"},
	}
	if !reflect.DeepEqual(rep.Skipped, wantSkips) {
		t.Errorf("skipped =\n%v\nwant\n%v", rep.Skipped, wantSkips)
	}
	if rep.Records != 7+4+3+2 {
		t.Errorf("records = %d, want 16 (the Ctrl-Z after the last line is not a record)", rep.Records)
	}
	if len(es) != 4 {
		t.Fatalf("entities = %d, want 4", len(es))
	}
	m := byID(es)

	hong := mustEntity(t, m, "us_ofac_sdn:100")
	want := clearance.Entity{
		ID: "us_ofac_sdn:100", Source: "us_ofac_sdn", Type: clearance.Person,
		Names: []clearance.Name{
			{Full: "HONG, Gil Dong", Kind: clearance.Primary},
			{Full: "HONG, Kil Tong", Kind: clearance.AKA},
			{Full: "GILDONG", Kind: clearance.AKA, Weak: true},
		},
		Programs: []string{"DPRK3", "CYBER2"},
		Title:    "Deputy Director",
		Gender:   "male",
		BirthDates: []clearance.BirthDate{
			{Date: clearance.Date{Year: 1979}, Until: clearance.Date{Year: 1982}, Circa: true},
			{Date: clearance.Date{Year: 1965, Month: 4}},
		},
		BirthPlaces:   []string{"Pyongyang, North Korea"},
		Nationalities: []string{"KP"},
		Addresses:     []clearance.Address{{City: "Pyongyang", Country: "KP", Full: "Pyongyang, Korea, North"}},
		Identifiers:   []clearance.Identifier{{Type: "passport", Number: "745310010", Country: "KP", Note: "issued 01 Jan 2015 expires 01 Jan 2020"}},
		Wallets:       []clearance.WalletAddress{{Currency: "XBT", Address: "1AbCdEfGh"}},
		Remarks:       hong.Remarks,
	}
	if !reflect.DeepEqual(*hong, want) {
		t.Errorf("entity 100 =\n%+v\nwant\n%+v", *hong, want)
	}

	org := mustEntity(t, m, "us_ofac_sdn:101")
	if org.Type != clearance.Organization || org.Remarks != "" || len(org.Names) != 2 || org.Names[1].Kind != clearance.FKA {
		t.Errorf("entity 101 = %+v, want an organisation with one f.k.a. and no remarks", org)
	}
	if len(org.Addresses) != 1 || org.Addresses[0].Street != "12 Example Street" || org.Addresses[0].City != "Dandong, Liaoning 118000" {
		t.Errorf("entity 101 addresses = %+v", org.Addresses)
	}
	if e := mustEntity(t, m, "us_ofac_sdn:102"); len(e.Addresses) != 0 {
		t.Errorf("the all-null address row became %+v", e.Addresses)
	}
	plane := mustEntity(t, m, "us_ofac_sdn:103")
	wantWallets := []clearance.WalletAddress{{Currency: "ETH", Address: "0xAAAA0BBBB"}, {Currency: "ETH", Address: "0xCCCC"}}
	if !reflect.DeepEqual(plane.Wallets, wantWallets) {
		t.Errorf("entity 103 wallets = %+v, want %+v (joined across the comments file)", plane.Wallets, wantWallets)
	}
}

func TestParseWithoutTheOptionalFiles(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "set", "sdn.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es, _, err := Parse("us_ofac_sdn", Files{Main: f})
	if err != nil || len(es) != 4 {
		t.Fatalf("Parse with only the main file: %d entities, %v", len(es), err)
	}
}

func TestParseRejectsWhatIsNotAnOFACFile(t *testing.T) {
	for _, tc := range []struct{ name, main string }{
		{"an empty file", ""},
		{"only the Ctrl-Z end marker", "\x1a"},
		{"an XML list", `<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>`},
		{"a CSV with a header and other columns", "Name,DOB,Country\r\nKIM Sang Man,1965-04-25,KP\r\n"},
		{"rows with a non-numeric ent_num", `x,"NAME",-0- ,"DPRK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es, _, err := Parse("us_ofac_sdn", Files{Main: strings.NewReader(tc.main)})
			if err == nil {
				t.Errorf("no error, %d entities", len(es))
			}
		})
	}
	if _, _, err := Parse("us_ofac_sdn", Files{}); err == nil {
		t.Error("no error without a main file")
	}
}

func BenchmarkParseSDN(b *testing.B) {
	var data [4][]byte
	n := namesFor("us_ofac_sdn")
	for i, name := range []string{n.main, n.addresses, n.aliases, n.comments} {
		var err error
		if data[i], err = os.ReadFile(sharedfiles.Lists(b, "us_ofac_sdn", name)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		es, _, err := Parse("us_ofac_sdn", Files{
			Main:      bytes.NewReader(data[0]),
			Addresses: bytes.NewReader(data[1]),
			Aliases:   bytes.NewReader(data[2]),
			Comments:  bytes.NewReader(data[3]),
		})
		if err != nil || len(es) != 14965 {
			b.Fatalf("%d entities, %v", len(es), err)
		}
	}
}
