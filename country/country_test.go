package country

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

func TestCode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"the short name is recognised", "North Korea", "KP"},
		{"the OFAC inversion is recognised", "Korea, North", "KP"},
		{"the UN official form is recognised", "Democratic People's Republic of Korea", "KP"},
		{"a curly apostrophe is the same as a straight one", "Democratic People\u2019s Republic of Korea", "KP"},
		{"the ISO inversion is recognised", "Korea, Democratic People's Republic of", "KP"},
		{"DPRK is North Korea", "DPRK", "KP"},
		{"the demonym is recognised", "North Korean", "KP"},
		{"South Korea is not North Korea", "Korea, South", "KR"},
		{"the UN Iran form is recognised", "Iran (Islamic Republic of)", "IR"},
		{"a stray full stop does not matter", "Iran (Islamic Republic of.) ", "IR"},
		{"Syrian Arab Republic is Syria", "Syrian Arab Republic", "SY"},
		{"Russian Federation is Russia", "Russian Federation", "RU"},
		{"the ISO Venezuela form is recognised", "Venezuela, Bolivarian Republic of", "VE"},
		{"the OFAC DRC form is recognised", "Congo, Democratic Republic of the", "CD"},
		{"DRC is the Democratic Republic", "DRC", "CD"},
		{"plain Congo is the Republic of the Congo", "Congo", "CG"},
		{"Burma is Myanmar", "Burma", "MM"},
		{"Myanmar is Myanmar", "Myanmar", "MM"},
		{"Côte d'Ivoire with accent", "Côte d'Ivoire", "CI"},
		{"Cote d Ivoire without accent or apostrophe", "Cote d Ivoire", "CI"},
		{"Türkiye with diaeresis", "Türkiye", "TR"},
		{"Turkey", "Turkey", "TR"},
		{"UK", "UK", "GB"},
		{"Great Britain", "Great Britain", "GB"},
		{"the long UK form", "United Kingdom of Great Britain and Northern Ireland", "GB"},
		{"West Bank is Palestine", "West Bank", "PS"},
		{"Gaza Strip is Palestine", "Gaza Strip", "PS"},
		{"Palestinian is Palestine", "Palestinian", "PS"},
		{"Kosovo has the user-assigned code", "Kosovo", "XK"},
		{"OFAC's Crimea region is Ukraine", "Region: Crimea", "UA"},
		{"OFAC's Gaza region is Palestine", "Region: Gaza", "PS"},
		{"an alpha-3 code in upper case", "PRK", "KP"},
		{"an alpha-2 code in upper case", "IR", "IR"},
		{"a lower-case two-letter word is not a code", "na", ""},
		{"a lower-case three-letter word is not a code", "and", ""},
		{"an Emirati", "Emirati", "AE"},
		{"an Iranian", "Iranian", "IR"},
		{"a Syrian", "Syrian", "SY"},
		{"a Russian", "Russian", "RU"},
		{"a Chinese national", "Chinese", "CN"},
		{"a Lebanese", "Lebanese", "LB"},
		{"an Iraqi", "Iraqi", "IQ"},
		{"an Afghan", "Afghan", "AF"},
		{"a Pakistani", "Pakistani", "PK"},
		{"a Yemeni", "Yemeni", "YE"},
		{"case does not matter for names", "AFGHANISTAN", "AF"},
		{"a parenthesised remark is ignored", "Pakistan (at time of listing)", "PK"},
		{"a trailing date remark is ignored", "Syrian Arab Republic as of September 2015", "SY"},
		{"citizenship wording is ignored", "Kuwaiti citizenship withdrawn in 2002", "KW"},
		{"a hedge is ignored", "Possibly Ethiopian", "ET"},
		{"a postcode is ignored", "Crimea 295000", "UA"},
		{"a place before the country gives the country", "Latakia Province, Syria", "SY"},
		{"the same country twice is one country", "(1) Afghanistan (2) Afghanistan", "AF"},
		{"two countries have no single code", "(1) Iraq (2) Syria", ""},
		{"the USSR keeps its former code", "USSR", "SU"},
		{"former Yugoslavia keeps its former code", "former Yugoslavia", "YU"},
		{"a Soviet republic is its successor state", "Ukrainian SSR", "UA"},
		{"Hong Kong has its own code", "China, Hong Kong Special Administrative Region", "HK"},
		{"the UN Tanzania form", "United Republic of Tanzania", "TZ"},
		{"an ampersand reads and", "Bosnia & Herzegovina", "BA"},
		{"an empty string is unknown", "", ""},
		{"a continent is unknown", "Africa", ""},
		{"nonsense is unknown", "Atlantis", ""},
		{"undetermined is unknown", "undetermined", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Code(tt.in); got != tt.want {
				t.Errorf("Code(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCodes(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"numbered items without parentheses", "1) Saudi Arabia 2) Qatar", []string{"SA", "QA"}},
		{"a comma list", "Iraq, Syria", []string{"IQ", "SY"}},
		{"an inverted name with a comma stays whole", "Korea, North", []string{"KP"}},
		{"an inverted name inside a comma list stays whole", "Iraq, Korea, North, Syria", []string{"IQ", "KP", "SY"}},
		{"a country with and in its name stays whole", "Bosnia and Herzegovina and Serbia", []string{"BA", "RS"}},
		{"repeats are dropped and order kept", "(1) Pakistan (2) Afghanistan (3) Afghanistan (4) Afghanistan", []string{"PK", "AF"}},
		{"ranges of markers", "(1)-(2) Tunisia (3) Libya (4) Algeria (5) Morocco (6) Lebanon", []string{"TN", "LY", "DZ", "MA", "LB"}},
		{"a marker range written with to", "(1) to (6) Algeria (7) Morocco", []string{"DZ", "MA"}},
		{"letter markers", "(a) Jordanian (b) American", []string{"JO", "US"}},
		{"letter markers without parentheses", "a) French, b) Tunisian", []string{"FR", "TN"}},
		{"the Islamic Republic parenthesis is no marker", "Iran (Islamic Republic of)", []string{"IR"}},
		{"two nationalities joined by and", "Iranian national and US national/citizen", []string{"IR", "US"}},
		{"nationalities in plural", "DRC and Belgian nationalities", []string{"CD", "BE"}},
		{"a sentence after the country", "United States of America. Also believed to hold Syrian nationality", []string{"US"}},
		{"a city before the country", "Isfahan, Iran (Islamic Republic of).", []string{"IR"}},
		{"a dissolved state beside a country", "(1) Tunisia  (2) former Yugoslavia", []string{"TN", "YU"}},
		{"nothing recognised", "Damascus Countryside", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Codes(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Codes(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEveryCodeRoundTrips(t *testing.T) {
	seen := map[string]bool{}
	for _, rows := range [][]row{table, historical} {
		for _, r := range rows {
			a2, a3 := r[0], r[1]
			if len(a2) != 2 || len(a3) != 3 || strings.ToUpper(a2+a3) != a2+a3 {
				t.Errorf("row %q: malformed codes", r)
			}
			if seen[a2] {
				t.Errorf("%s appears twice", a2)
			}
			seen[a2] = true
			if got := Code(Name(a2)); got != a2 {
				t.Errorf("Code(Name(%s) = %q) = %q", a2, Name(a2), got)
			}
			if got := Code(a2); got != a2 {
				t.Errorf("Code(%q) = %q", a2, got)
			}
			if got := Code(a3); got != a2 {
				t.Errorf("Code(%q) = %q, want %s", a3, got, a2)
			}
			if got := Alpha3(strings.ToLower(a2)); got != a3 {
				t.Errorf("Alpha3(%q) = %q, want %s", a2, got, a3)
			}
		}
	}
	// 249 officially assigned ISO 3166-1 codes plus XK.
	if n := len(table); n != 250 {
		t.Errorf("table has %d countries, want 250", n)
	}
}

// TestAliasesDoNotCollide catches an alias that folds to the key of another
// country's name, which would silently win or lose depending on table order.
func TestAliasesDoNotCollide(t *testing.T) {
	for _, rows := range [][]row{table, historical} {
		for _, r := range rows {
			for _, alias := range r[2:] {
				if got := Code(alias); got != r[0] {
					t.Errorf("Code(%q) = %q, want %s", alias, got, r[0])
				}
			}
		}
	}
}

func TestNameOfUnknownCodeIsEmpty(t *testing.T) {
	for _, c := range []string{"", "ZZ", "KPX", "North Korea"} {
		if got := Name(c); got != "" {
			t.Errorf("Name(%q) = %q, want empty", c, got)
		}
	}
}

// blank are the lists' ways of saying there is no value.
var blank = set("", "-0-", "na", "n/a", "none", "unknown", "undetermined")

// TestCoverageOfRealLists reads the nationality and country values the UN,
// UK and OFAC files actually use, with deliberately simple local code (the
// list parsers are separate work), and checks that nearly all are
// recognised.
func TestCoverageOfRealLists(t *testing.T) {
	values := map[string]int{}
	for _, v := range unValues(t) {
		values[strings.TrimSpace(v)]++
	}
	for _, v := range ukValues(t) {
		values[strings.TrimSpace(v)]++
	}
	for _, v := range ofacValues(t) {
		values[strings.TrimSpace(v)]++
	}
	var distinct, missed []string
	for v := range values {
		if blank[strings.ToLower(v)] {
			continue
		}
		distinct = append(distinct, v)
		if len(Codes(v)) == 0 {
			missed = append(missed, v)
		}
	}
	sort.Strings(missed)
	t.Logf("%d distinct values, %d not recognised:", len(distinct), len(missed))
	for _, m := range missed {
		t.Logf("  %q (%d rows)", m, values[m])
	}
	if len(distinct) < 300 {
		t.Fatalf("only %d distinct values read; the readers are broken", len(distinct))
	}
	if share := float64(len(distinct)-len(missed)) / float64(len(distinct)); share < 0.98 {
		t.Errorf("%.1f%% of distinct values recognised, want at least 98%%", 100*share)
	}
}

// unValues returns the text of NATIONALITY/VALUE and COUNTRY elements.
func unValues(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(sharedfiles.Lists(t, "un_sc_sanctions", "consolidated.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	var stack []string
	d := xml.NewDecoder(bufio.NewReader(f))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			n := len(stack)
			if n > 0 && stack[n-1] == "COUNTRY" || n > 1 && stack[n-1] == "VALUE" && stack[n-2] == "NATIONALITY" {
				out = append(out, string(tok))
			}
		}
	}
	if len(out) < 1000 {
		t.Fatalf("UN: only %d values", len(out))
	}
	return out
}

// ukValues returns the Nationality and Country columns of the Windows-1252
// UK file.
func ukValues(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(sharedfiles.Lists(t, "gb_hmt_sanctions", "sanctionsconlist.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(windows1252(raw)))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := rows[1] // line 1 is "Last Updated,date"
	nat, ctry := indexOf(header, "Nationality"), indexOf(header, "Country")
	if nat < 0 || ctry < 0 {
		t.Fatalf("UK header %q lacks Nationality or Country", header)
	}
	var out []string
	for _, row := range rows[2:] {
		if len(row) > ctry {
			out = append(out, row[nat], row[ctry])
		}
	}
	return out
}

// ofacValues returns the country column of the SDN add.csv.
func ofacValues(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(sharedfiles.Lists(t, "us_ofac_sdn", "add.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimRight(raw, "\x1a\r\n")))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out []string
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(row) >= 5 {
			out = append(out, row[4])
		}
	}
	if len(out) < 10000 {
		t.Fatalf("OFAC: only %d rows", len(out))
	}
	return out
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

// windows1252 decodes Windows-1252: Latin-1 except for 0x80-0x9F.
func windows1252(b []byte) string {
	const high = "€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ"
	hi := []rune(high)
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xA0:
			sb.WriteRune(hi[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

func BenchmarkCode(b *testing.B) {
	in := []string{"Korea, North", "Iran (Islamic Republic of)", "Pakistani", "Region: Crimea", "(1) Iraq (2) Syria"}
	for i := 0; b.Loop(); i++ {
		Code(in[i%len(in)])
	}
}

func FuzzCodes(f *testing.F) {
	for _, s := range []string{"1) Saudi Arabia 2) Qatar", "Korea, North", "(1)-(2) Tunisia (3) Libya", "Côte d'Ivoire", "a)", "(", ")(", "\xff", "Region: Crimea 295000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs := Codes(s)
		seen := map[string]bool{}
		for _, c := range cs {
			if Name(c) == "" || seen[c] {
				t.Fatalf("Codes(%q) = %q: unknown or repeated code %q", s, cs, c)
			}
			seen[c] = true
		}
		if c := Code(s); c != "" && Name(c) == "" {
			t.Fatalf("Code(%q) = %q, which has no name", s, c)
		}
	})
}

func ExampleCodes() {
	fmt.Println(Codes("(1) Iraq (2) Korea, North"))
	fmt.Println(Code("Iran (Islamic Republic of)"), Name("KP"))
	// Output:
	// [IQ KP]
	// IR North Korea
}

func TestCodesOfLongTextIsFast(t *testing.T) {
	long := strings.Repeat("Iraq, nowhere and ", 5000)
	start := time.Now()
	if got := Codes(long); !reflect.DeepEqual(got, []string{"IQ"}) {
		t.Errorf("Codes(long) = %q, want [IQ]", got)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Codes of %d bytes took %v", len(long), d)
	}
}
