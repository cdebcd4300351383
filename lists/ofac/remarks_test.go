package ofac

import (
	"reflect"
	"testing"

	"github.com/clearance-screening/clearance"
)

func TestParseBirthDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // BirthDate.String(), "" for not understood
	}{
		{"25 Apr 1965", "1965-04-25"},
		{"Apr 1965", "1965-04"},
		{"1965", "1965"},
		{"1960 to 1962", "1960 to 1962"},
		{"01 Jan 1961 to 31 Dec 1962", "1961-01-01 to 1962-12-31"},
		{"Mar 1962 to Feb 1963", "1962-03 to 1963-02"},
		{"circa 1965", "circa 1965"},
		{"circa 07 Jul 1966", "circa 1966-07-07"},
		{"circa 1979-1982", "circa 1979 to 1982"},
		{"10 October 1969", "1969-10-10"},
		{"", ""},
		{"unknown", ""},
		{"32 Apr 1965", ""},
		{"25 Foo 1965", ""},
		{"1965 to", ""},
		{"65", ""},
	} {
		got := ""
		if b, ok := parseBirthDate(tc.in); ok {
			got = b.String()
		}
		if got != tc.want {
			t.Errorf("parseBirthDate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseIdentifierKeepsCountryAndDatesApart(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want clearance.Identifier
	}{
		{"109420132 (Korea, North) issued 16 Oct 2019 expires 16 Oct 2024",
			clearance.Identifier{Number: "109420132", Country: "KP", Note: "issued 16 Oct 2019 expires 16 Oct 2024"}},
		{"D366 871 (Jordan).", clearance.Identifier{Number: "D366 871", Country: "JO"}},
		{"C 1415363 - 16/2/1421H issued 21 May 2000", clearance.Identifier{Number: "C 1415363 - 16/2/1421H", Note: "issued 21 May 2000"}},
		{"HRA 738077 (Stuttgart) (Germany)", clearance.Identifier{Number: "HRA 738077", Country: "DE", Note: "(Stuttgart)"}},
		{"818178-2 (Cali).", clearance.Identifier{Number: "818178-2", Note: "(Cali)"}},
		{"(5777731)", clearance.Identifier{Number: "5777731"}},
		{"CNIC: 35202-5400413-9 (Pakistan)", clearance.Identifier{Number: "35202-5400413-9", Country: "PK", Note: "CNIC"}},
		{"T04338017, expired 08 May 2013", clearance.Identifier{Number: "T04338017", Note: "expired 08 May 2013"}},
		{"V487440 (Thailand) expires May 2007", clearance.Identifier{Number: "V487440", Country: "TH", Note: "expires May 2007"}},
		{"", clearance.Identifier{}},
	} {
		if got := parseIdentifier(tc.in); got != tc.want {
			t.Errorf("parseIdentifier(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestSplitRemarksRespectsParentheses(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"DOB 1965; POB Pyongyang", []string{"DOB 1965", "POB Pyongyang"}},
		{"a (b; c); d", []string{"a (b; c)", "d"}},
		// An unclosed parenthesis does not swallow the facts after it.
		{"Listing Date (EO 14024 Direct; DOB 1965; POB X", []string{"Listing Date (EO 14024 Direct", "DOB 1965", "POB X"}},
		{"Telephone (98)(21)(66153220); Fax (98)", []string{"Telephone (98)(21)(66153220)", "Fax (98)"}},
		{"a.k.a. 'X;Y'; b", []string{"a.k.a. 'X;Y'", "b"}},
	} {
		if got := splitRemarks(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitRemarks(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestContinueRemarks(t *testing.T) {
	for _, tc := range []struct {
		name, main, more, want string
		kind                   joinKind
	}{
		{"a cut mid-word is continued as is", "Address - XBT 3F6bb", "vS1kr; Linked To: X.", "Address - XBT 3F6bbvS1kr; Linked To: X.", appended},
		{"a space on either side of the cut is kept", "Address - XBT ", "194xmr.", "Address - XBT 194xmr.", appended},
		{"a comment repeating the end is not added twice", "Registration Number 1027700067328 (Russia).", "67328 (Russia).", "Registration Number 1027700067328 (Russia).", alreadyThere},
		{"a comment overlapping the end is merged", "Listing Date (EO 14024 Directive 3)", "(EO 14024 Directive 3): 24 Feb 2022.", "Listing Date (EO 14024 Directive 3): 24 Feb 2022.", overlapped},
		{"a short chance overlap is not merged", "ends with s", "s - ETH 0x1", "ends with ss - ETH 0x1", appended},
		{"a comment for empty remarks is the remarks", "", "DOB 1965.", "DOB 1965.", appended},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, kind := continueRemarks(tc.main, tc.more)
			if got != tc.want || kind != tc.kind {
				t.Errorf("continueRemarks(%q, %q) = %q, %d; want %q, %d", tc.main, tc.more, got, kind, tc.want, tc.kind)
			}
		})
	}
}

func TestApplyRemarksFacts(t *testing.T) {
	for _, tc := range []struct {
		name    string
		remarks string
		check   func(e *clearance.Entity) bool
	}{
		{"weak aliases keep their inner apostrophes", "a.k.a. 'ABU 'ABDALLAH'.", func(e *clearance.Entity) bool {
			return len(e.Names) == 2 && e.Names[1] == clearance.Name{Full: "ABU 'ABDALLAH", Kind: clearance.AKA, Weak: true}
		}},
		{"a weak alias repeating a strong one is dropped", "a.k.a. 'kim, sang man'", func(e *clearance.Entity) bool { return len(e.Names) == 1 }},
		{"n.k.a. is a now-known-as", "n.k.a. 'NEW NAME'", func(e *clearance.Entity) bool { return e.Names[1].Kind == clearance.NKA && e.Names[1].Weak }},
		{"alt. facts add to the first", "DOB 1965; alt. DOB 1966; nationality Russia; alt. nationality Korea, North", func(e *clearance.Entity) bool {
			return len(e.BirthDates) == 2 && reflect.DeepEqual(e.Nationalities, []string{"RU", "KP"})
		}},
		{"citizen is not Citizen's Card Number", "Citizen's Card Number 211226197812154256 (China); citizen China", func(e *clearance.Entity) bool {
			return reflect.DeepEqual(e.Citizenships, []string{"CN"}) && e.Identifiers[0].Type == "national_id"
		}},
		{"a company IMO number is an IMO number", "Identification Number IMO 5342883.", func(e *clearance.Entity) bool {
			return e.Identifiers[0] == clearance.Identifier{Type: "imo", Number: "5342883"}
		}},
		{"contacts take the first word and drop the full stop", "Website www.alturath.org. Revival Society Offices; Email Address info@x.ps.; Telephone No. (218) 21 2733.", func(e *clearance.Entity) bool {
			return reflect.DeepEqual(e.Websites, []string{"www.alturath.org"}) && reflect.DeepEqual(e.Emails, []string{"info@x.ps"}) && reflect.DeepEqual(e.Phones, []string{"(218) 21 2733"})
		}},
		{"a wallet at the end of the remarks loses the full stop", "alt. Digital Currency Address - BCH qz9f2vz3033sg5.", func(e *clearance.Entity) bool {
			return e.Wallets[0] == clearance.WalletAddress{Currency: "BCH", Address: "qz9f2vz3033sg5"}
		}},
		{"gender with a full stop", "Gender Female.", func(e *clearance.Entity) bool { return e.Gender == "female" }},
		{"unknown facts change nothing", "Linked To: LAZARUS GROUP.; Secondary sanctions risk: North Korea", func(e *clearance.Entity) bool {
			return len(e.Names) == 1 && e.Identifiers == nil && e.Wallets == nil
		}},
		{"a label is a whole word", "SSNX 12", func(e *clearance.Entity) bool { return e.Identifiers == nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &clearance.Entity{Names: []clearance.Name{{Full: "KIM, Sang Man", Kind: clearance.Primary}}}
			var st remarkStats
			applyRemarks(e, tc.remarks, &st)
			if !tc.check(e) {
				t.Errorf("remarks %q gave %+v", tc.remarks, e)
			}
		})
	}
}
