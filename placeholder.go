package clearance

import (
	"strings"
	"unicode"
)

// The placeholder rule: a value that stands for "not known" — a gender
// "U", a country "XX", a date of birth "00/00/0000" — is absent, never
// evidence. Forms and lists fill fields they cannot fill with such
// stand-ins, and taking one as a value costs a real match its score (a
// gender "U" is not "male": Park Jin Hyok would lose 0.12 and, spelled
// Bak Jin Hyeok, his alert). Every field that adjusts a score reads its
// value through the functions here, on the query side and the listed side.

// placeholders are the stand-ins seen in forms, CSV exports and lists,
// folded by foldPlaceholder (lower case, no spaces, dots or underscores).
// "NA" is not one: it is Namibia.
var placeholders = map[string]bool{
	"": true, "-": true, "--": true, "---": true, "?": true, "??": true, "???": true, "*": true, "/": true,
	"u": true, "unk": true, "unkn": true, "unknown": true, "unknwn": true, "notknown": true,
	"n/a": true, "n/k": true, "nk": true, "notapplicable": true, "notavailable": true,
	"none": true, "null": true, "nil": true, "nan": true, "undefined": true, "undisclosed": true,
	"unspecified": true, "notspecified": true, "notstated": true, "notgiven": true, "notprovided": true,
	"withheld": true, "prefernottosay": true, "tbd": true, "tba": true, "0": true, "x": true, "xx": true,
	"xxx": true, "zz": true, "zzz": true, "000": true, "0000": true,
	"00/00/0000": true, "0000-00-00": true, "00-00-0000": true, "0000/00/00": true, "00/00/00": true,
	"0000-00": true, "00/0000": true, "xx/xx/xxxx": true, "dd/mm/yyyy": true, "yyyy-mm-dd": true,
}

// foldPlaceholder lower-cases s and drops spaces, dots, underscores and
// quotes, so that "Not Known", "N.A." and "not_known" fold alike.
func foldPlaceholder(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '.', r == '_', r == '"', r == '\'', unicode.Is(unicode.Cf, r):
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// IsPlaceholder reports whether s stands for "not known" rather than
// being a value: empty, "unknown", "U", "n/a", "not known", "-", "?",
// "XX", "ZZ", "0000-00-00", "00/00/0000" and the like.
func IsPlaceholder(s string) bool {
	if len(s) > 32 { // no placeholder is long; spare folding a long value
		return false
	}
	return placeholders[foldPlaceholder(s)]
}

// NormalizeGender reads a gender as a query or a list gives it and
// returns "male", "female", or "" for anything that says neither
// ("U", "unknown", "X", "other"): only male against female is a conflict.
func NormalizeGender(s string) string {
	switch foldPlaceholder(s) {
	case "male", "m", "man", "masculine", "men", "boy", "남", "남자", "男", "мужской", "м":
		return "male"
	case "female", "f", "woman", "feminine", "women", "girl", "w", "여", "여자", "女", "женский", "ж":
		return "female"
	}
	return ""
}

// ParseDOB reads a date of birth as a query gives it: what ParseDate
// reads, with a month or day "00" taken as unknown ("1965-00-00" is
// 1965), and a placeholder ("unknown", "0000-00-00", "00/00/0000") read
// as the zero Date: absent, never a conflict.
func ParseDOB(s string) (Date, error) {
	if IsPlaceholder(s) {
		return Date{}, nil
	}
	t := strings.TrimSpace(s)
	for range 2 {
		t = strings.TrimSuffix(t, "-00")
	}
	d, err := ParseDate(t)
	if err != nil {
		return Date{}, err
	}
	return d, nil
}

// IsCountryCode reports whether c is an ISO 3166-1 alpha-2 code that
// names a country: two upper-case letters, not one of the codes ISO
// leaves to users (AA, QM-QZ, XA-XZ, ZZ), which lists and forms use for
// "unknown" or "stateless". Listed countries that are text the country
// table could not read are not codes, and are not evidence either.
func IsCountryCode(c string) bool {
	if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		return false
	}
	switch {
	case c == "AA", c == "ZZ", c[0] == 'X', c[0] == 'Q' && c[1] >= 'M':
		return false
	}
	return true
}
