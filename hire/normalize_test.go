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
