package hire

import (
	"net/netip"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/clearance-screening/clearance/country"
	"github.com/clearance-screening/clearance/wallet"
	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/unicode/norm"
)

// NormEmail puts an e-mail address in the form that two spellings of one
// mailbox share: lower case, plus tags dropped, and for Gmail (which
// ignores dots and answers at googlemail.com too) dots dropped.
func NormEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "mailto:")
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return ""
	}
	local, domain := s[:at], s[at+1:]
	if i := strings.IndexByte(local, '+'); i > 0 {
		local = local[:i]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}

// NormPhone puts a phone number as people type it ("(312) 555-0147",
// "0151 2345678", "+82 10-1234-5678") in E.164, reading national numbers
// in the region of the person's claimed country. A number libphonenumber
// cannot read keeps its digits, prefixed by the region, so that the same
// odd number typed twice still meets itself.
func NormPhone(s, region string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	region = strings.ToUpper(region)
	if n, err := phonenumbers.Parse(s, region); err == nil && phonenumbers.IsPossibleNumber(n) {
		return phonenumbers.Format(n, phonenumbers.E164)
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() < 6 {
		return ""
	}
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "00") {
		return "+" + strings.TrimPrefix(b.String(), "00")
	}
	return region + ":" + b.String()
}

// phoneExt finds an extension written after a number: "ext. 12", "x204",
// ";ext=17", "extension 3", "#12".
var phoneExt = regexp.MustCompile(`(?i)(?:;\s*ext=|\bext(?:ension)?\.?\s*|\bx\s*|#\s*)(\d{1,6})\s*$`)

// PhoneExtension is the extension written after a number, or "". The
// number's key (NormPhone) leaves it out: the line is the identifier, and
// holders naming different extensions of one line are desks of one
// switchboard.
func PhoneExtension(s string) string {
	if m := phoneExt.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
		return m[1]
	}
	return ""
}

// PhoneCountry is the region of an E.164 number ("+82..." is KR), or "".
func PhoneCountry(e164 string) string {
	if !strings.HasPrefix(e164, "+") {
		return ""
	}
	n, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return ""
	}
	return phonenumbers.GetRegionCodeForNumber(n)
}

// NormAccount puts a bank or payment account in one form: an IBAN without
// spaces in upper case; a US routing and account number, written
// "routing acct", "routing-acct" or "Routing X / Acct Y", as
// "routing:account"; an e-mail (PayPal, Payoneer, Wise) as NormEmail does.
func NormAccount(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if strings.Contains(s, "@") {
		return NormEmail(s)
	}
	compact := strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '.' {
			return -1
		}
		return r
	}, s))
	if iban(compact) {
		return compact
	}
	// "IBAN: DE89 ..." and "IBAN DE89...": the label is not the account.
	if t := strings.TrimLeft(strings.TrimPrefix(compact, "IBAN"), ":#"); t != compact && iban(t) {
		return t
	}
	if w := walletKey(s); w != "" {
		return w
	}
	// Labels ("Routing", "ABA", "Acct #", "Sort code", "BSB") aside, an
	// account with letters is an identifier of its own (a Payoneer or
	// Wise id, a wallet): kept whole, case and all.
	rest := strings.ToLower(s)
	for _, l := range accountLabels {
		rest = strings.ReplaceAll(rest, l, " ")
	}
	if strings.IndexFunc(rest, unicode.IsLetter) >= 0 {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	// Digit runs, in order; labels ("Routing", "Acct", "ABA", "No.") and
	// separators are dropped.
	var groups []string
	cur := []rune{}
	flush := func() {
		if len(cur) > 0 {
			groups = append(groups, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	switch len(groups) {
	case 0:
		return strings.ToLower(compact)
	case 1:
		return groups[0]
	}
	// A 9-digit group is the US routing number (ABA); the longest other
	// group is the account.
	routing, acct := "", ""
	for _, g := range groups {
		if len(g) == 9 && routing == "" {
			routing = g
		} else if len(g) > len(acct) {
			acct = g
		}
	}
	if routing == "" {
		return strings.Join(groups, "")
	}
	if acct == "" {
		return routing
	}
	return routing + ":" + acct
}

// accountLabels are the words people write around account numbers.
var accountLabels = []string{"routing", "rtn", "aba", "account", "acct", "acc", "number", "no.", "nr", "iban", "swift", "bic",
	"sort code", "sort", "code", "bsb", "transit", "institution", "branch", "checking", "savings", "ach", "wire"}

// walletKey is the canonical form of a text that parses as a crypto
// address, or "".
func walletKey(s string) string {
	a, err := wallet.Parse(strings.TrimSpace(s))
	if err != nil {
		return ""
	}
	return a.Canonical
}

func iban(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	if !(s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9') {
		return false
	}
	for i := 4; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// NormWallet is a crypto address in the form wallet compares it in.
func NormWallet(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if a, err := wallet.Parse(s); err == nil {
		return a.Canonical
	}
	return wallet.Canonical("", s)
}

// NetKey is the home network an IP address stands for: an IPv4 address
// itself, an IPv6 address's /64 (a home router hands out one /64 and the
// host part changes with privacy extensions).
func NetKey(ip string) (netip.Prefix, bool) {
	ip = strings.TrimSpace(ip)
	a, err := netip.ParseAddr(ip)
	if err != nil {
		// Proxy and load-balancer logs write the client's port too:
		// "73.1.2.3:52311", "[2601:647::1]:443".
		ap, err2 := netip.ParseAddrPort(ip)
		if err2 != nil {
			return netip.Prefix{}, false
		}
		a = ap.Addr()
	}
	a = a.WithZone("")
	a = a.Unmap()
	if a.Is4() {
		return netip.PrefixFrom(a, 32), true
	}
	p, err := a.Prefix(64)
	return p, err == nil
}

// CountryCode reads a country as ISO alpha-2 ("US", "us", "United States").
func CountryCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		s = strings.ToUpper(s)
		if s == "UK" {
			return "GB"
		}
		return s
	}
	if c := country.Code(s); c != "" {
		return c
	}
	// "Korea" alone is the Republic of Korea in ordinary use (the North is
	// always named as such: "North Korea", "DPRK"); a Seoul resident who
	// writes "Korea" must not read as claiming an unknown country.
	if strings.EqualFold(strings.Trim(s, " ."), "korea") {
		return "KR"
	}
	return strings.ToUpper(s)
}

// Address is a postal address reduced to what identifies a dwelling.
type Address struct {
	Key string // number, street, unit and locality: one dwelling
	// Building is the key without the unit: neighbours share it.
	Building string
	// Org is true when the text names an organisation or a shared
	// workplace (Attn:, c/o, a coworking brand, Floor, Suite in an office
	// block), which many unrelated people legitimately use.
	Org bool
}

// addrWords maps the spellings of street types, unit markers and
// directions to one form.
var addrWords = map[string]string{
	"street": "st", "str": "st", "strasse": "st", "straße": "st", "st": "st",
	"avenue": "ave", "av": "ave", "ave": "ave", "avda": "ave",
	"road": "rd", "rd": "rd", "boulevard": "blvd", "blvd": "blvd", "bd": "blvd",
	"drive": "dr", "dr": "dr", "lane": "ln", "ln": "ln", "court": "ct", "ct": "ct",
	"place": "pl", "pl": "pl", "square": "sq", "sq": "sq", "highway": "hwy", "hwy": "hwy",
	"parkway": "pkwy", "pkwy": "pkwy", "terrace": "ter", "ter": "ter", "circle": "cir", "cir": "cir",
	"way": "way", "trail": "trl", "trl": "trl", "crescent": "cres", "cres": "cres", "close": "cl",
	// Royal Mail and Canada Post abbreviations
	"terr": "ter", "tce": "ter", "gardens": "gdns", "gdns": "gdns", "cl": "cl", "crt": "ct", "cresc": "cres",
	"grove": "gr", "gr": "gr", "gro": "gr", "mews": "mews", "row": "row", "walk": "wlk", "wlk": "wlk",
	"parade": "pde", "pde": "pde", "esplanade": "esp", "esp": "esp", "avenida": "ave", "chemin": "ch", "ch": "ch", "rue": "rue",
	"north": "n", "south": "s", "east": "e", "west": "w", "n": "n", "s": "s", "e": "e", "w": "w",
	"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
	"mount": "mt", "mt": "mt", "saint": "st", "fort": "ft", "ft": "ft",
}

// unitMarkers introduce the unit within a building.
var unitMarkers = map[string]bool{
	"apt": true, "apartment": true, "unit": true, "suite": true, "ste": true, "flat": true,
	"#": true, "no": false, "rm": true, "room": true, "apto": true, "wohnung": true, "whg": true,
	"bldg": false, "lot": true, "spc": true, "space": true, "box": true, "pmb": true,
}

// floorMarkers introduce a floor, which also tells units apart.
var floorMarkers = map[string]bool{"fl": true, "floor": true, "flr": true, "etage": true, "og": true, "stock": true}

// orgWords mark an address as an organisation's or a shared workplace's.
// "c/o" a person is not among them: a laptop sent in care of a stranger is
// the laptop-farm pattern, not an office.
var orgWords = []string{
	"attn", "attention", "c/o front desk", "c/o reception", "c/o mailroom", "c/o mail room", "front desk",
	"reception", "mailroom", "wework", "regus", "industrious", " spaces", "coworking", "co-working",
	"cowork", "workspace", "workbar", "common desk", "shared office", "impact hub", "servcorp", "knotel", "convene", "serendipity labs", "venture x", "office evolution",
	"the yard", "hq global", "novel coworking", "premier business", "business center", "business centre",
	"office", "headquarters", " hq", "inc.", " inc ", " llc", " ltd", " gmbh", "corp", "pmb", "mailbox",
	"ups store", "po box", "p.o. box", "suite", " ste ", " ste.", "floor",
}

// countryWords are dropped from addresses: the same address is written
// with and without its country.
var countryWords = map[string]bool{
	"usa": true, "us": true, "united": true, "states": true, "america": true, "uk": true,
	"kingdom": true, "deutschland": true, "germany": true, "canada": true, "korea": true,
	"republic": true, "of": true, "the": true, "and": true,
}

// usStates maps US state names to their postal codes.
var usStates = map[string]string{
	"alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
	"colorado": "co", "connecticut": "ct", "delaware": "de", "florida": "fl", "georgia": "ga",
	"hawaii": "hi", "idaho": "id", "illinois": "il", "indiana": "in", "iowa": "ia", "kansas": "ks",
	"kentucky": "ky", "louisiana": "la", "maine": "me", "maryland": "md", "massachusetts": "ma",
	"michigan": "mi", "minnesota": "mn", "mississippi": "ms", "missouri": "mo", "montana": "mt",
	"nebraska": "ne", "nevada": "nv", "ohio": "oh", "oklahoma": "ok", "oregon": "or",
	"pennsylvania": "pa", "tennessee": "tn", "texas": "tx", "utah": "ut", "vermont": "vt",
	"virginia": "va", "washington": "wa", "wisconsin": "wi", "wyoming": "wy",
}

// NormAddress reduces a free-text address, written in any country's style
// ("12 Main Street, Apt 4B", "12 MAIN ST #4B", "Hauptstr. 12, 10115
// Berlin", "Attn: IT, 500 Market St Suite 300") to the dwelling it names.
// The key holds the house number, the street words, the unit and the
// postcode (or, without one, the city), in an order that does not depend
// on how the address was written; two units of one building differ.
func NormAddress(s string) Address {
	var a Address
	if strings.TrimSpace(s) == "" {
		return a
	}
	// A line break separates the parts of an address as a comma does.
	low := strings.ToLower(norm.NFKC.String(strings.NewReplacer("\r\n", ",", "\n", ",", "\r", ",", ";", ",").Replace(s)))
	padded := " " + low + " "
	for _, w := range orgWords {
		if strings.Contains(padded, w) {
			a.Org = true
			break
		}
	}
	// "Fl 11" is a floor of an office block; "FL 32202" is Florida.
	if floorNumber.MatchString(low) {
		a.Org = true
	}
	// Drop "Attn: ..." and "c/o ..." parts: who it is for is not where.
	parts := strings.Split(low, ",")
	kept := parts[:0]
	for _, p := range parts {
		t := strings.TrimSpace(p)
		if strings.HasPrefix(t, "attn") || strings.HasPrefix(t, "attention") || strings.HasPrefix(t, "c/o") || strings.HasPrefix(t, "care of") {
			continue
		}
		kept = append(kept, p)
	}
	low = strings.ReplaceAll(strings.Join(kept, ","), "#", " # ")
	// Canada writes a unit before the house number ("1502-88 Harbour St",
	// Canada Post's addressing guidelines); elsewhere "123-45" is one
	// house number (Queens) or a number range. A Canadian postcode
	// (A1A 1A1) tells which.
	canadian := caPostcode.MatchString(low)
	type word struct {
		w    string
		part int
		typ  bool // a street type (st, ave, ...)
	}
	var words []word
	var nums []string
	numPart := -1
	unit, floor, postcode := "", "", ""
	for pi, part := range strings.Split(low, ",") {
		toks := strings.FieldsFunc(part, func(r rune) bool {
			return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '#' || r == '-' || r == '/')
		})
		for i := 0; i < len(toks); i++ {
			t := fold(strings.ReplaceAll(strings.Trim(toks[i], "-/"), "ß", "ss"))
			if t == "" {
				continue
			}
			next := ""
			if i+1 < len(toks) {
				next = fold(strings.Trim(toks[i+1], "-/"))
			}
			if unitMarkers[t] {
				if next != "" {
					unit = strings.TrimPrefix(next, "#")
					i++
				}
				continue
			}
			// "FL 32202" is Florida and its ZIP code, not floor 32202.
			if t == "fl" && (isZip(next) || len(next) == 10 && next[5] == '-' && isZip(next[:5])) {
				words = append(words, word{"fl", pi, false})
				continue
			}
			if floorMarkers[t] {
				if next != "" {
					floor = next
					i++
				}
				continue
			}
			if next != "" && floorMarkers[next] && hasDigit(t) {
				// "4th floor": the number comes first.
				floor = strings.TrimRight(t, "stndrh")
				i++
				continue
			}
			if strings.HasPrefix(t, "#") && len(t) > 1 {
				unit = t[1:]
				continue
			}
			// German-style "hauptstrasse", "hauptstr": split off the type.
			for _, suf := range []string{"strasse", "str"} {
				if len(t) > len(suf)+2 && strings.HasSuffix(t, suf) {
					words = append(words, word{t[:len(t)-len(suf)], pi, false})
					t = "st"
					break
				}
			}
			if c, ok := addrWords[t]; ok {
				words = append(words, word{c, pi, len(c) > 1 && c != "ne" && c != "nw" && c != "se" && c != "sw"})
				continue
			}
			if c, ok := usStates[t]; ok {
				words = append(words, word{c, pi, false})
				continue
			}
			if countryWords[t] {
				continue
			}
			if !hasDigit(t) {
				words = append(words, word{t, pi, false})
				continue
			}
			switch {
			case isZip(t):
				postcode = t[:5]
			case len(t) == 10 && t[5] == '-' && isZip(t[:5]):
				postcode = t[:5]
			case caFSA(t) && caLDU(next):
				postcode = t + next
				i++
			case len(t) == 6 && caFSA(t[:3]) && caLDU(t[3:]):
				postcode = t
			case ukOutward(t) && ukInward(next):
				postcode = t + next
				i++
			case len(nums) == 0:
				// "12", "12b"; "12/4" is number and unit; "4-12" in
				// some styles is unit 4 of number 12.
				if j := strings.IndexByte(t, '/'); j > 0 && unit == "" {
					unit, t = t[j+1:], t[:j]
				}
				if j := strings.IndexByte(t, '-'); j > 0 && unit == "" && allDigits(t[:j]) && allDigits(t[j+1:]) && (canadian || len(t[:j]) < len(t[j+1:])) {
					unit, t = t[:j], t[j+1:]
				}
				nums = append(nums, t)
				numPart = pi
			case len(t) >= 4 && postcode == "" && allDigits(t) && pi != numPart:
				postcode = t
			default:
				nums = append(nums, t)
			}
		}
	}
	if unit == "" && len(nums) > 1 {
		// "12 Main St 4B": a second number after the street is the unit.
		unit = nums[1]
	}
	unit = strings.TrimLeft(unit, "0")
	number := ""
	if len(nums) > 0 {
		number = nums[0]
	}
	// The street is the words of the part that holds the house number, up
	// to the street type (and a direction after it): what follows in the
	// same part is the city, written or left out. Without a postcode the
	// first word of the next part stands for the locality.
	if numPart < 0 {
		numPart = 0
	}
	var street []string
	cut := false
	locality := postcode
	for i, w := range words {
		if w.part != numPart {
			if locality == "" && w.part > numPart {
				locality = w.w
			}
			continue
		}
		if cut {
			if locality == "" {
				locality = w.w
			}
			continue
		}
		street = append(street, w.w)
		if w.typ {
			cut = true
			if i+1 < len(words) && words[i+1].part == numPart && len(words[i+1].w) <= 2 && strings.Contains("n s e w ne nw se sw", words[i+1].w) {
				street = append(street, words[i+1].w)
				words[i+1].part = -1
			}
		}
	}
	sort.Strings(street)
	street = dedupe(street)
	a.Building = number + "|" + strings.Join(street, " ") + "|" + locality
	u := unit
	if floor != "" {
		u = "f" + floor + "/" + unit
	}
	a.Key = a.Building + "|" + u
	return a
}

func fold(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isZip(s string) bool { return len(s) >= 5 && allDigits(s[:5]) && (len(s) == 5) }

// ukOutward and ukInward recognise the two halves of a UK postcode
// ("sw1a 1aa").
// floorNumber finds "fl 11", "fl. 3", "flr 2" (but not "fl 32202").
var floorNumber = regexp.MustCompile(`(^|[^a-z])fl(r|\.)? ?[0-9]{1,3}(st|nd|rd|th)?([^0-9a-z]|$)`)

// caPostcode finds a Canadian postcode (A1A 1A1) in lower-case text.
var caPostcode = regexp.MustCompile(`(^|[^a-z0-9])[abceghj-nprstvxy][0-9][a-z] ?[0-9][a-z][0-9]([^a-z0-9]|$)`)

// caFSA and caLDU are the two halves of a Canadian postcode.
func caFSA(s string) bool {
	return len(s) == 3 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= '0' && s[1] <= '9' && s[2] >= 'a' && s[2] <= 'z'
}

func caLDU(s string) bool {
	return len(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= 'a' && s[1] <= 'z' && s[2] >= '0' && s[2] <= '9'
}

func ukOutward(s string) bool {
	return len(s) >= 2 && len(s) <= 4 && s[0] >= 'a' && s[0] <= 'z' && hasDigit(s)
}

func ukInward(s string) bool {
	return len(s) == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= 'a' && s[1] <= 'z' && s[2] >= 'a' && s[2] <= 'z'
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, w := range s {
		if i == 0 || w != s[i-1] {
			out = append(out, w)
		}
	}
	return out
}
