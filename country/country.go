// Package country maps the many ways lists and users write a country
// ("Korea, North", "DPRK", "Democratic People's Republic of Korea", "KP",
// "North Korean") to ISO 3166-1 alpha-2 codes, so that nationalities and
// addresses from different publishers can be compared.
//
// The data is one table (table.go) of codes, English short names, official
// and list-style long forms, former names and nationality adjectives. Kosovo
// is XK, the user-assigned code the lists use; dissolved states (USSR,
// Yugoslavia, Czechoslovakia, Netherlands Antilles, East Germany) keep their
// former ISO codes rather than being guessed into a successor.
package country

import (
	"strings"
	"unicode/utf8"
)

// row is one table line: alpha-2, alpha-3, English short name, then aliases.
type row []string

// Code returns the ISO 3166-1 alpha-2 code (upper case) for a country name,
// alias, nationality adjective or code, or "" when it is not recognised.
//
// Alpha-2 and alpha-3 codes are recognised only in upper case, as lists and
// ISO write them: in lower case "in", "no", "to", "can" and "and" are words.
// Qualifiers the lists attach are ignored: "Pakistan (at time of listing)",
// "Region: Crimea", "Kuwaiti citizenship", "Possibly Ethiopian". Text that
// names several countries ("(1) Iraq (2) Syria") has no single code; use
// Codes. Text naming one country in several ways ("Afghanistan, Afghanistan")
// or one country after a place ("Latakia Province, Syria") gives that one.
func Code(name string) string {
	if c := lookup(name); c != "" {
		return c
	}
	if cs := Codes(name); len(cs) == 1 {
		return cs[0]
	}
	return ""
}

// Name returns the English short name for an alpha-2 code (any case), or "".
func Name(code string) string {
	return names[strings.ToUpper(strings.TrimSpace(code))]
}

// Alpha3 returns the ISO 3166-1 alpha-3 code for an alpha-2 code, or "".
func Alpha3(code string) string {
	return alpha3[strings.ToUpper(strings.TrimSpace(code))]
}

// Codes returns the distinct codes of every country named in list-style
// text, in order of first mention: "1) Saudi Arabia 2) Qatar" gives SA, QA;
// "Iraq, Syria" gives IQ, SY; "Korea, North" gives KP alone because the
// whole text, and then the longest run of comma-separated parts, is tried
// before the single parts. Parts that name no country are skipped.
func Codes(text string) []string {
	if c := lookup(text); c != "" {
		return []string{c}
	}
	var out []string
	add := func(c string) {
		for _, o := range out {
			if o == c {
				return
			}
		}
		out = append(out, c)
	}
	for _, seg := range splitEnumeration(text) {
		if c := lookup(seg); c != "" {
			add(c)
			continue
		}
		parts := splitParts(seg)
		// Longest run first, so "Bosnia and Herzegovina" wins over
		// "Bosnia" and "Korea, North" over "Korea". No name spans more
		// than maxRun parts ("Bonaire, Sint Eustatius and Saba" is 3),
		// which keeps long text linear.
		for i := 0; i < len(parts); {
			j := min(len(parts), i+maxRun) - 1
			for ; j >= i; j-- {
				if c := lookup(seg[parts[i].start:parts[j].end]); c != "" {
					add(c)
					break
				}
			}
			if j < i {
				j = i
			}
			i = j + 1
		}
	}
	return out
}

// lookup recognises text that names exactly one country: first as written,
// then with the lists' qualifiers taken off.
func lookup(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if c := byCode[s]; c != "" {
		return c
	}
	if c := byKey[key(s)]; c != "" {
		return c
	}
	w := qualifiersRemoved(words(withoutParentheses(s)))
	if len(w) == 0 {
		return ""
	}
	return byKey[strings.Join(w, "")]
}

// cutAt words start a trailing remark: "Syria as of September 2015",
// "Kuwaiti citizenship withdrawn in 2002".
var cutAt = set("as", "since", "from", "between", "until", "till", "withdrawn", "revoked", "also", "currently", "believed")

// leading and trailing words qualify a country without changing it.
var (
	leading  = set("region", "possibly", "probably", "reportedly", "now", "in", "former", "formerly", "the", "citizen", "national", "of")
	trailing = set("citizenship", "citizen", "citizens", "nationality", "nationalities", "national", "nationals", "by", "birth", "origin", "descent", "dual", "previous", "previously", "address", "domicile", "passport", "the", "province", "governorate")
)

func qualifiersRemoved(w []string) []string {
	for i, x := range w {
		if cutAt[x] {
			w = w[:i]
			break
		}
	}
	for len(w) > 0 && (trailing[w[len(w)-1]] || isDigits(w[len(w)-1])) {
		w = w[:len(w)-1]
	}
	for len(w) > 0 && leading[w[0]] {
		w = w[1:]
	}
	return w
}

// key folds case, diacritics, punctuation and spacing so that
// "Korea, North", "korea north" and "KOREA-NORTH" meet, as do "Côte d'Ivoire"
// and "Cote d Ivoire". Apostrophes vanish ("People's" = "Peoples") and "&"
// reads "and".
func key(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r == '&':
			b.WriteString("and")
		case r >= 0x80:
			b.WriteString(fold[r])
		}
	}
	return b.String()
}

// words splits s into folded lower-case alphanumeric words.
func words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r == '\'' || r == '\u2019' || r == '\u2018' || r == '`':
			// "People's" = "Peoples"
		case r == '&':
			flush()
			out = append(out, "and")
		case fold[r] != "":
			b.WriteString(fold[r])
		default:
			flush()
		}
	}
	flush()
	return out
}

// fold maps the accented letters of country names and list transliterations
// to ASCII (lower case), without pulling in a Unicode normaliser.
var fold = func() map[rune]string {
	m := map[rune]string{}
	for _, p := range []struct{ from, to string }{
		{"àáâãäåāăąÀÁÂÃÄÅĀĂĄ", "a"}, {"çćĉċčÇĆĈĊČ", "c"}, {"ďđĎĐ", "d"},
		{"èéêëēĕėęěÈÉÊËĒĔĖĘĚ", "e"}, {"ĝğġģĜĞĠĢ", "g"}, {"ĥħĤĦ", "h"},
		{"ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ", "i"}, {"ĵĴ", "j"}, {"ķĶ", "k"}, {"ĺļľŀłĹĻĽĿŁ", "l"},
		{"ñńņňÑŃŅŇ", "n"}, {"òóôõöøōŏőÒÓÔÕÖØŌŎŐ", "o"}, {"ŕŗřŔŖŘ", "r"},
		{"śŝşšșŚŜŞŠȘ", "s"}, {"ţťŧțŢŤŦȚ", "t"}, {"ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ", "u"},
		{"ŵŴ", "w"}, {"ýÿŷÝŸŶ", "y"}, {"źżžŹŻŽ", "z"},
		{"æÆ", "ae"}, {"œŒ", "oe"}, {"ßẞ", "ss"}, {"þÞ", "th"}, {"ðÐ", "d"},
	} {
		for _, r := range p.from {
			m[r] = p.to
		}
	}
	return m
}()

// withoutParentheses drops parenthesised remarks, including an unclosed one
// that runs to the end: "Iraq (previous)", "Kuwait (residence as at Mar 2009".
func withoutParentheses(s string) string {
	if !strings.ContainsAny(s, "([") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
			b.WriteByte(' ')
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// splitEnumeration cuts list-style numbering out of text, returning the
// pieces between markers such as "(1)", "2)", "(a)", "b)" and "(iii)".
// "(1)-(2) Tunisia (3) Libya" gives "", "-", " Tunisia ", " Libya".
func splitEnumeration(s string) []string {
	var segs []string
	last := 0
	for i := 0; i < len(s); {
		if n := markerLen(s, i); n > 0 {
			segs = append(segs, s[last:i])
			i += n
			last = i
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return append(segs, s[last:])
}

// markerLen returns the length of an enumeration marker starting at s[i],
// or 0. A marker begins the text or follows a space or separator, so the
// "f)" of "Republic of)" is not one.
func markerLen(s string, i int) int {
	if i > 0 && !strings.ContainsRune(" \t,;:-(", rune(s[i-1])) {
		return 0
	}
	j := i
	if s[j] == '(' {
		j++
	}
	k := j
	for k < len(s) && k-j < 4 && (s[k] >= '0' && s[k] <= '9' || s[k] >= 'a' && s[k] <= 'z') {
		k++
	}
	if k == j || k >= len(s) || s[k] != ')' {
		return 0
	}
	tok := s[j:k]
	if !isDigits(tok) && len(tok) > 1 && strings.Trim(tok, "ivx") != "" {
		return 0 // a word, not a letter or roman numeral
	}
	return k + 1 - i
}

type span struct{ start, end int }

// maxRun is the most separator-delimited parts one country name spans.
const maxRun = 4

// splitParts returns the spans of s between separators: commas, semicolons,
// slashes, ampersands, sentence ends and the word "and".
func splitParts(s string) []span {
	var out []span
	start := 0
	cut := func(end, next int) {
		if strings.TrimSpace(s[start:end]) != "" {
			out = append(out, span{start, end})
		}
		start = next
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ',' || c == ';' || c == '/' || c == '&' || c == '|' || c == '\n':
			cut(i, i+1)
		case c == '.' && (i+1 == len(s) || s[i+1] == ' '):
			cut(i, i+1)
		case (c == 'a' || c == 'A') && i > 0 && s[i-1] == ' ' && i+3 < len(s) && s[i+3] == ' ' && strings.EqualFold(s[i:i+3], "and"):
			cut(i, i+3)
			i += 2
		}
	}
	cut(len(s), len(s))
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// names, alpha3, byCode (upper-case alpha-2 and alpha-3 as written) and
// byKey (folded names and aliases) are built once from the table.
var (
	names  = map[string]string{}
	alpha3 = map[string]string{}
	byCode = map[string]string{}
	byKey  = map[string]string{}
)

func init() {
	for _, rows := range [][]row{table, historical} {
		for _, r := range rows {
			a2 := r[0]
			names[a2] = r[2]
			alpha3[a2] = r[1]
			byCode[a2] = a2
			byCode[r[1]] = a2
			for _, n := range r[2:] {
				byKey[key(n)] = a2
			}
		}
	}
}
