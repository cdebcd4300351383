// Package country maps the many ways lists and users write a country
// ("Korea, North", "DPRK", "Democratic People's Republic of Korea", "KP")
// to ISO 3166-1 alpha-2 codes, so that nationalities and addresses from
// different publishers can be compared.
package country

import "strings"

// Code returns the ISO 3166-1 alpha-2 code (upper case) for a country name,
// alias, demonym or code, or "" when it is not recognised.
func Code(name string) string {
	k := key(name)
	if k == "" {
		return ""
	}
	return byKey[k]
}

// Name returns the English short name for an alpha-2 code, or "".
func Name(code string) string {
	return names[strings.ToUpper(strings.TrimSpace(code))]
}

// key folds case, punctuation and spacing so that "Korea, North" and
// "korea north" meet.
func key(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'' || r == '\u2019':
			// "People's" = "Peoples"
		default:
			space = true
		}
	}
	return b.String()
}

var names = map[string]string{
	"KP": "North Korea",
	"KR": "South Korea",
	"CN": "China",
	"RU": "Russia",
	"US": "United States",
}

var byKey = func() map[string]string {
	m := map[string]string{}
	for code, n := range names {
		m[key(code)] = code
		m[key(n)] = code
	}
	for alias, code := range aliases {
		m[key(alias)] = code
	}
	return m
}()

var aliases = map[string]string{
	"Korea, North": "KP", "DPRK": "KP", "Democratic People's Republic of Korea": "KP", "North Korean": "KP",
	"Korea, South": "KR", "Republic of Korea": "KR", "South Korean": "KR",
	"Chinese": "CN", "Russian Federation": "RU", "Russian": "RU",
	"United States of America": "US", "USA": "US",
}
