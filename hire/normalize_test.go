package hire

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

func TestNormEmailMeetsGmailSpellings(t *testing.T) {
	same := [][2]string{
		{"John.Smith+jobs@gmail.com", "johnsmith@gmail.com"},
		{"j.o.h.n.smith@googlemail.com", "johnsmith@gmail.com"},
		{" Alice+x@Example.com ", "alice@example.com"},
	}
	for _, c := range same {
		if NormEmail(c[0]) != NormEmail(c[1]) {
			t.Errorf("%q and %q should meet: %q vs %q", c[0], c[1], NormEmail(c[0]), NormEmail(c[1]))
		}
	}
	// Dots matter outside Gmail.
	if NormEmail("john.smith@example.com") == NormEmail("johnsmith@example.com") {
		t.Error("dots were dropped for a non-Gmail domain")
	}
	if NormEmail("not an address") != "" {
		t.Error("a text without @ gave an address")
	}
}

func TestNormPhoneReadsNumbersAsTyped(t *testing.T) {
	cases := []struct {
		a, ra, b, rb string
	}{
		{"(312) 555-0147", "US", "+1 312-555-0147", "GB"},
		{"312.555.0147", "US", "13125550147", "US"},
		{"0151 23456789", "DE", "+49 151 23456789", "US"},
		{"010-1234-5678", "KR", "+82 10 1234 5678", "US"},
	}
	for _, c := range cases {
		a, b := NormPhone(c.a, c.ra), NormPhone(c.b, c.rb)
		if a == "" || a != b {
			t.Errorf("%q (%s) and %q (%s) should meet: %q vs %q", c.a, c.ra, c.b, c.rb, a, b)
		}
	}
	if NormPhone("(312) 555-0147", "US") == NormPhone("(312) 555-0148", "US") {
		t.Error("two numbers met")
	}
	if got := NormPhone("(312) 555-0147", "US"); got != "+13125550147" {
		t.Errorf("E.164 = %q", got)
	}
}

func TestNormAddressSameDwellingDifferentUnits(t *testing.T) {
	same := []string{
		"12 Main Street, Apt 4B, Springfield, IL 62701",
		"12 MAIN ST #4B, SPRINGFIELD IL 62701",
		"Attn: IT, 12 Main St. Unit 4B, Springfield, Illinois 62701, USA",
		"12 main st apt 4b springfield il 62701-1234",
	}
	k := NormAddress(same[0]).Key
	for _, s := range same[1:] {
		if got := NormAddress(s).Key; got != k {
			t.Errorf("%q = %q, want %q", s, got, k)
		}
	}
	other := NormAddress("12 Main Street, Apt 5C, Springfield, IL 62701")
	if other.Key == k {
		t.Error("two units of one building are one address")
	}
	if other.Building != NormAddress(same[0]).Building {
		t.Error("two units of one building are not one building")
	}
	if NormAddress("14 Main Street, Apt 4B, Springfield, IL 62701").Key == k {
		t.Error("two house numbers met")
	}
	if !NormAddress(same[2]).Org || NormAddress(same[0]).Org {
		t.Error("Attn: marks an organisation's address, a plain one is not")
	}
	de := []string{"Hauptstraße 12, 10115 Berlin", "Hauptstr. 12, 10115 Berlin, Germany", "HAUPTSTRASSE 12, 10115 BERLIN"}
	for _, s := range de[1:] {
		if NormAddress(s).Key != NormAddress(de[0]).Key {
			t.Errorf("%q = %q, want %q", s, NormAddress(s).Key, NormAddress(de[0]).Key)
		}
	}
}

func TestNormAccountForms(t *testing.T) {
	us := []string{"021000021 123456789012", "021000021-123456789012", "Routing 021000021 / Acct 123456789012", "ABA: 021000021, account no. 123456789012"}
	for _, s := range us[1:] {
		if NormAccount(s) != NormAccount(us[0]) {
			t.Errorf("%q = %q, want %q", s, NormAccount(s), NormAccount(us[0]))
		}
	}
	if NormAccount("021000021 123456789013") == NormAccount(us[0]) {
		t.Error("two accounts met")
	}
	if NormAccount("DE89 3704 0044 0532 0130 00") != "DE89370400440532013000" {
		t.Errorf("IBAN = %q", NormAccount("DE89 3704 0044 0532 0130 00"))
	}
	if NormAccount("Jane.Doe+pay@gmail.com") != "janedoe@gmail.com" {
		t.Error("a PayPal e-mail account is not read as an e-mail")
	}
}

func TestNetKeyGroupsIPv6ByPrefix(t *testing.T) {
	a, _ := NetKey("2600:1700:abcd:1234:1111:2222:3333:4444")
	b, _ := NetKey("2600:1700:abcd:1234:9999:aaaa:bbbb:cccc")
	c, _ := NetKey("2600:1700:abcd:1235:1111:2222:3333:4444")
	if a != b || a == c {
		t.Errorf("/64 grouping: %v %v %v", a, b, c)
	}
	x, _ := NetKey("73.12.4.5")
	y, _ := NetKey("73.12.4.6")
	if x == y {
		t.Error("two IPv4 addresses met")
	}
	if _, ok := NetKey("not-an-ip"); ok {
		t.Error("garbage parsed as an address")
	}
}

func TestSimilarPhotosFindsAllPairsWithinRadius(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var hs []uint64
	for i := 0; i < 400; i++ {
		hs = append(hs, r.Uint64())
	}
	// Near copies at distances 0..8 of a few originals.
	for d := 0; d <= 8; d++ {
		h := hs[d]
		for _, b := range r.Perm(64)[:d] {
			h ^= 1 << uint(b)
		}
		hs = append(hs, h)
	}
	has := make([]bool, len(hs))
	for i := range has {
		has[i] = true
	}
	got := map[[2]int]bool{}
	for _, p := range similarPhotos(hs, has) {
		got[[2]int{p.a, p.b}] = true
	}
	want := 0
	for i := range hs {
		for j := i + 1; j < len(hs); j++ {
			if bits.OnesCount64(hs[i]^hs[j]) <= photoRadius {
				want++
				if !got[[2]int{i, j}] {
					t.Errorf("pair %d,%d at distance %d missed", i, j, bits.OnesCount64(hs[i]^hs[j]))
				}
			}
		}
	}
	if len(got) != want || want < 7 {
		t.Errorf("found %d pairs, brute force %d", len(got), want)
	}
}

func TestSimilarResumesDiscountsTemplates(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	body := func() string {
		s := ""
		for i := 0; i < 80; i++ {
			s += genWords[r.IntN(len(genWords))] + " "
		}
		return s
	}
	template := "Professional summary. Results-driven software engineer with a passion for clean code and a proven track record of delivering scalable solutions in fast-paced agile environments and teams. "
	var texts []string
	for i := 0; i < 60; i++ {
		texts = append(texts, template+template+body()) // a popular template, own words
	}
	copied := body()
	texts = append(texts, "Jane Roe. "+copied, "John Doe, john@example.com, 2019-2024. "+copied+" Rust")
	pairs := similarResumes(texts)
	if len(pairs) != 1 || pairs[0].a != 60 || pairs[0].b != 61 {
		t.Fatalf("pairs = %+v, want only the copied resume (60, 61)", pairs)
	}
	if pairs[0].sim < 0.8 {
		t.Errorf("similarity %.2f", pairs[0].sim)
	}
}

func TestParseOffset(t *testing.T) {
	for s, want := range map[string]int{"+08:00": 480, "+0900": 540, "-05:00": -300, "UTC+9": 540, "GMT-03:30": -210, "Z": 0} {
		if got, ok := ParseOffset(s); !ok || got != want {
			t.Errorf("ParseOffset(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	if _, ok := ParseOffset("soon"); ok {
		t.Error("garbage parsed")
	}
}

// The messy forms of issue 9's input, as an independent generator
// (hire/internal/indepgen) writes them: every group holds one value in the
// ways people and exports type it, and must normalise to one key.

func TestNormPhoneMessyForms(t *testing.T) {
	groups := []struct {
		region string
		forms  []string
	}{
		{"US", []string{"(415) 555-0142", "415-555-0142", "415.555.0142", "+1 415 555 0142", "+14155550142", "1-415-555-0142", "001 415 555 0142", "+1 (415) 555-0142", "4155550142", "+1-415-555-0142"}},
		// extensions name a desk on the same line; the line is the identifier
		{"US", []string{"(415) 555-0142 ext. 12", "415-555-0142 x204", "+1 415 555 0142 ext 3", "415.555.0142;ext=17"}},
		// area code 555 is not a real area code: no library validates it, but it is one number
		{"US", []string{"+1 (555) 630-7016", "555-630-7016", "5556307016", "+15556307016", "001 555 630 7016"}},
		{"CA", []string{"(604) 380-3083", "+1 604 380 3083", "604.380.3083"}},
		{"GB", []string{"07700 900123", "+44 7700 900123", "0044 7700 900123", "+44 (0)7700 900123", "+447700900123"}},
		{"DE", []string{"0151 23456789", "+49 151 23456789", "+49 (0)151 2345 6789", "0049 151 23456789", "+49-151-23456789"}},
		{"KR", []string{"010-1234-5678", "+82 10-1234-5678", "+82 (0)10 1234 5678", "01012345678", "+821012345678"}},
		{"JP", []string{"090-1234-5678", "+81 90 1234 5678", "+81-90-1234-5678"}},
	}
	for _, g := range groups {
		want := NormPhone(g.forms[0], g.region)
		if want == "" {
			t.Errorf("%q (%s) gave no key", g.forms[0], g.region)
			continue
		}
		for _, f := range g.forms[1:] {
			if got := NormPhone(f, g.region); got != want {
				t.Errorf("%q (%s) = %q, want %q as for %q", f, g.region, got, want, g.forms[0])
			}
		}
	}
	// A foreign number typed in full is read in its own country whatever the default.
	if NormPhone("+44 7700 900123", "US") != NormPhone("07700 900123", "GB") {
		t.Error("an E.164 number depended on the default region")
	}
	if NormPhone("+1 (555) 630-7016", "US") == NormPhone("+1 (555) 630-7017", "US") {
		t.Error("two 555 numbers met")
	}
}

func TestNormAccountMessyForms(t *testing.T) {
	groups := [][]string{
		{"021000021 123456789", "021000021-123456789", "Routing 021000021 / Acct 123456789", "routing 021000021 / acct 123456789", "Routing: 021000021 Account: 123456789", "ABA 021000021 Acct# 123456789", "RTN 021000021, account 123456789"},
		{"DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "de89 3704 0044 0532 0130 00", "de89370400440532013000", "IBAN: DE89 3704 0044 0532 0130 00"},
		{"GB82 WEST 1234 5698 7654 32", "gb82west12345698765432", "IBAN GB82WEST12345698765432"},
		{"6222 0212 3456 7890 123", "6222021234567890123"},
		{"110-123-456789", "110123456789", "110 123 456789"},
	}
	for _, g := range groups {
		want := NormAccount(g[0])
		if want == "" {
			t.Errorf("%q gave no key", g[0])
			continue
		}
		for _, f := range g[1:] {
			if got := NormAccount(f); got != want {
				t.Errorf("%q = %q, want %q as for %q", f, got, want, g[0])
			}
		}
	}
	if NormAccount("021000021 123456789") == NormAccount("021000021 123456780") {
		t.Error("two accounts at one bank met")
	}
}

func TestNormEmailMessyForms(t *testing.T) {
	same := []string{"connor.lockhart599@gmail.com", "c.onnorlockhart5.99+apply@gmail.com", "ConnorLockhart599+jobs@googlemail.com", "CONNOR.LOCKHART599@GMAIL.COM", " connorlockhart599+2026@Gmail.com "}
	for _, f := range same[1:] {
		if NormEmail(f) != NormEmail(same[0]) {
			t.Errorf("%q = %q, want %q", f, NormEmail(f), NormEmail(same[0]))
		}
	}
}

func TestNormWalletMessyForms(t *testing.T) {
	if NormWallet("0xe26c39386166490bb21fd3b94dbe4dd8bc164942") != NormWallet("0xE26C39386166490BB21FD3B94DBE4DD8BC164942") {
		t.Error("an Ethereum address in upper case did not meet its lower-case form")
	}
	if k := NormWallet(" TF8nC2xnawNxGb4p6csM2Qrv4mzftd8gXb "); k == "" || k != NormWallet("TF8nC2xnawNxGb4p6csM2Qrv4mzftd8gXb") {
		t.Error("a TRON address with spaces around it did not meet itself")
	}
}

func TestNetKeyIPv6HomeByPrefix(t *testing.T) {
	a, okA := NetKey("2601:647:4d00:1a2b:9c1:2e:77:1")
	b, okB := NetKey("2601:647:4D00:1A2B:FFFF:1:2:3")
	c, okC := NetKey("2601:647:4d00:1a2c::1")
	if !okA || !okB || !okC || a != b || a == c {
		t.Errorf("/64 keys: %v %v %v", a, b, c)
	}
}

func TestNormAddressMessyForms(t *testing.T) {
	groups := [][]string{
		{"2549 Meadowlark Court, Unit 803, Plano, TX 75024", "2549 Meadowlark Ct #803, Plano TX 75024-7843", "2549 MEADOWLARK CT. APT 803 PLANO TX 75024", "2549 meadowlark ct, apt. 803\nplano, tx 75024", "2549 Meadowlark Court, APT 803\nPlano TX 75024\nUSA", "2549 Meadowlark Ct Apt 803, Plano, Texas 75024"},
		{"3276 Stonebridge Terrace, APT 7A, Jacksonville, Florida 32202", "3276 STONEBRIDGE TER. #7A JACKSONVILLE FL 32202-2932", "3276 Stonebridge Ter Apt 7A, Jacksonville, FL 32202"},
		{"4428 W Sycamore Lane, Honolulu, HI 96813", "4428 West Sycamore Ln, Honolulu, Hawaii 96813", "4428 W. SYCAMORE LN. HONOLULU HI 96813-1234"},
		{"8361 Magnolia Pkwy, Vancouver BC V6B 1A1", "8361 Magnolia Parkway, Vancouver, British Columbia V6B1A1"},
		{"1502-88 Harbour St, Toronto ON M5V 2T6", "Apt 1502, 88 Harbour Street, Toronto, Ontario M5V2T6", "#1502 88 HARBOUR ST TORONTO ON M5V 2T6", "88 Harbour St Suite 1502, Toronto ON M5V 2T6"},
		{"Flat 9A, 299 Wellington Terrace, London SE1 7PB", "299 WELLINGTON TERR, FLAT 9A, LONDON, SE1 7PB", "Flat 9A, 299 Wellington Tce, London SE1 7PB"},
		{"14 Beaumont Gardens, London SE1 7PB", "14 BEAUMONT GDNS, LONDON, SE1 7PB"},
		{"Flat 3, 27 Kingsley Road, London SE1 7PB", "27 KINGSLEY RD, FLAT 3, LONDON, SE1 7PB", "Flat 3\n27 Kingsley Rd\nLondon\nSE1 7PB\nUnited Kingdom"},
		{"Lindenstraße 12, Whg. 3, 10115 Berlin", "Lindenstr. 12, Whg. 3, 10115 Berlin", "LINDENSTRASSE 12, WHG. 3\n10115 BERLIN\nDeutschland"},
		{"152 Teheran-ro, Apt 1203, Gangnam-gu, Seoul 06236", "152 TEHERAN-RO #1203, GANGNAM-GU, SEOUL, 06236, REPUBLIC OF KOREA"},
		{"1-2-3 Jingumae #201, Shibuya-ku, Tokyo 150-0001", "1-2-3 JINGUMAE #201, SHIBUYA-KU, TOKYO 150-0001"},
		{"196 Lexington Ct Suite 600, Sacramento, CA 95814", "Vellum Legal Tech Reception\n196 Lexington Ct Suite 600, Sacramento, CA 95814", "Attn: IT Department\r\n196 LEXINGTON CT STE 600\r\nSACRAMENTO CA 95814"},
		{"4417 Ridgewood Dr, Hillsboro, OR 97124", "Attn: IT, 4417 Ridgewood Drive, Hillsboro, OR 97124", "c/o Mary Fields, 4417 Ridgewood Dr, Hillsboro OR 97124"},
	}
	for _, g := range groups {
		want := NormAddress(g[0]).Key
		if want == "" {
			t.Errorf("%q gave no key", g[0])
			continue
		}
		for _, f := range g[1:] {
			if got := NormAddress(f).Key; got != want {
				t.Errorf("%q = %q, want %q as for %q", f, got, want, g[0])
			}
		}
	}
	// One building, other units: other dwellings.
	for _, pair := range [][2]string{
		{"2549 Meadowlark Ct Apt 803, Plano, TX 75024", "2549 Meadowlark Ct Apt 804, Plano, TX 75024"},
		{"1502-88 Harbour St, Toronto ON M5V 2T6", "1503-88 Harbour St, Toronto ON M5V 2T6"},
		{"Flat 3, 27 Kingsley Road, London SE1 7PB", "Flat 4, 27 Kingsley Road, London SE1 7PB"},
		{"Lindenstraße 12, Whg. 3, 10115 Berlin", "Lindenstraße 12, Whg. 4, 10115 Berlin"},
	} {
		if NormAddress(pair[0]).Key == NormAddress(pair[1]).Key {
			t.Errorf("%q and %q (other units) met", pair[0], pair[1])
		}
	}
}

func TestPhoneExtension(t *testing.T) {
	for in, want := range map[string]string{
		"(415) 555-0142 ext. 12": "12", "415-555-0142 x204": "204", "+1 415 555 0142 ext 3": "3",
		"415.555.0142;ext=17": "17", "+1 212 555 0100 extension 231": "231", "(415) 555-0142": "", "+14155550142": "",
	} {
		if got := PhoneExtension(in); got != want {
			t.Errorf("PhoneExtension(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormAddressFloridaIsNotAFloor(t *testing.T) {
	if NormAddress("3276 Stonebridge Ter #7A, Jacksonville, FL 32202").Org {
		t.Error("a Florida home read as an office (FL taken for a floor)")
	}
	if !NormAddress("WeWork, 600 California St Fl 11, San Francisco, CA 94108").Org {
		t.Error("an office floor was not read as a workplace")
	}
}

func TestNetKeyAsLogsWriteAddresses(t *testing.T) {
	same := [][]string{
		{"73.1.2.3", " 73.1.2.3 ", "73.1.2.3:52311", "::ffff:73.1.2.3"},
		{"2601:647:4d00:1a2b::1", "[2601:647:4d00:1a2b::9]:443", "2601:0647:4D00:1A2B:0:0:0:7", "fe80::1%eth0"},
	}
	for _, g := range same[:1] {
		want, _ := NetKey(g[0])
		for _, f := range g[1:] {
			if got, ok := NetKey(f); !ok || got != want {
				t.Errorf("NetKey(%q) = %v, want %v", f, got, want)
			}
		}
	}
	want, _ := NetKey(same[1][0])
	for _, f := range same[1][1:3] {
		if got, ok := NetKey(f); !ok || got != want {
			t.Errorf("NetKey(%q) = %v, want %v", f, got, want)
		}
	}
	if _, ok := NetKey(same[1][3]); !ok {
		t.Error("an address with a zone was not read")
	}
	if _, ok := NetKey("not an ip"); ok {
		t.Error("text read as an address")
	}
}

func TestCountryCodeAsPeopleWriteIt(t *testing.T) {
	for in, want := range map[string]string{
		"US": "US", "us": "US", "USA": "US", "United States": "US", "U.S.": "US", "UK": "GB", "Deutschland": "DE",
		"South Korea": "KR", "Republic of Korea": "KR", "Korea": "KR", "korea": "KR", "North Korea": "KP", "Hong Kong": "HK",
	} {
		if got := CountryCode(in); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", in, got, want)
		}
	}
}
