package names

import "strings"

// Key folds a Latin token (as produced by Latin) into a romanisation key:
// spellings of one sound in the romanisation systems used for Korean
// (Revised, McCune-Reischauer, DPRK, informal), Russian (BGN/PCGN, ISO,
// informal) and Arabic names meet. Pak, Park and Bak fold to "pak"; Chol,
// Cheol and Chul to "jor"; Ri, Rhee, Lee and Yi to "i"; Yevgeny and
// Evgenii to "evkeni"; Usama and Osama to "osama".
//
// A key is a fuzzy identity, not a spelling: two tokens with equal keys
// are "romanisation variants" and score below an exact match.
func Key(t string) string {
	// One letter is an initial or a one-letter surname (O, U): folding it
	// would make O and U, or I and Y, one name.
	if len(t) < 2 || isDigits(t) {
		return t
	}
	if k, ok := wholeTokenKeys[t]; ok {
		return k
	}
	var buf [64]byte
	return string(foldKey(buf[:0], t))
}

// appendKey appends Key(t) to dst.
func appendKey(dst []byte, t string) []byte {
	if len(t) < 2 || isDigits(t) {
		return append(dst, t...)
	}
	if k, ok := wholeTokenKeys[t]; ok {
		return append(dst, k...)
	}
	return foldKey(dst, t)
}

// foldKey appends the key of t, two letters or more, to b.
func foldKey(b []byte, t string) []byte {
	n := len(t)
	for i := 0; i < n; {
		rest := t[i:]
		if m, out := digraph(rest); m > 0 {
			b = append(b, out...)
			i += m
			continue
		}
		c := t[i]
		switch c {
		case 'g', 'q':
			c = 'k'
		case 'c':
			if i+1 < n && (t[i+1] == 'e' || t[i+1] == 'i' || t[i+1] == 'y') {
				c = 's'
			} else {
				c = 'k'
			}
		case 'd':
			c = 't'
		case 'b':
			c = 'p'
		case 'l':
			c = 'r'
		case 'y':
			c = 'i'
		case 'u':
			c = 'o'
		case 'x':
			b = append(b, 'k')
			c = 's'
		}
		b = append(b, c)
		i++
	}
	// h survives only word-initially or between vowels (Oh = O, Ahn = An,
	// Noh = No); double letters collapse (Mohammed = Mohamed).
	out := b[:0]
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == 'h' && i > 0 && !(isVowel(b[i-1]) && i+1 < len(b) && isVowel(b[i+1])) {
			continue
		}
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	b = out
	// Initial liquid before i is dropped (Ri = Yi = Li = I); initial w
	// before o is dropped (Woo = U, Wu = U).
	if len(b) > 1 && b[0] == 'r' && b[1] == 'i' {
		b = b[1:]
	}
	if len(b) > 1 && b[0] == 'w' && b[1] == 'o' {
		b = b[1:]
	}
	// Initial "ie" is the iotated e of Cyrillic (Yevgeny = Evgeny).
	if len(b) > 2 && b[0] == 'i' && b[1] == 'e' {
		b = b[1:]
	}
	// Post-vocalic r before a final consonant is silent in the English-style
	// spellings of Korean syllables (Park = Pak, Bark = Bak); elsewhere it
	// is a letter like any other (Warta is not Wata).
	if n := len(b); n >= 3 && b[n-2] == 'r' && isVowel(b[n-3]) && !isVowel(b[n-1]) && b[n-1] != 'r' {
		b = append(b[:n-2], b[n-1])
	}
	return b
}

// wholeTokenKeys are Korean one-vowel syllables, whose spellings the
// letter rules would fold onto another syllable's (Woo would become O).
var wholeTokenKeys = map[string]string{
	"woo": "u", "wu": "u", "oo": "u", "ou": "u",
	"oh": "o", "ohh": "o",
	"eu": "u", "eun": "un", "un": "un", "woon": "un", "oon": "un",
}

// digraph folds the multi-letter spellings at the start of s, returning
// how many bytes it consumed and what they fold to.
func digraph(s string) (int, string) {
	if len(s) < 2 {
		return 0, ""
	}
	switch s[0] {
	case 's':
		if strings.HasPrefix(s, "shch") {
			return 4, "s"
		}
		if s[1] == 'h' {
			return 2, "s"
		}
	case 't':
		if strings.HasPrefix(s, "tch") || strings.HasPrefix(s, "tsh") {
			return 3, "j"
		}
		if s[1] == 'h' {
			return 2, "t"
		}
	case 'd':
		if strings.HasPrefix(s, "dzh") {
			return 3, "j"
		}
		if s[1] == 'h' {
			return 2, "t"
		}
	case 'c':
		if s[1] == 'h' {
			return 2, "j"
		}
		if s[1] == 'k' {
			return 2, "k"
		}
	case 'z', 'j':
		if s[1] == 'h' {
			return 2, "j"
		}
	case 'k', 'g':
		if s[1] == 'h' {
			return 2, "k"
		}
	case 'p', 'b':
		if s[1] == 'h' {
			return 2, "p"
		}
	case 'r':
		if s[1] == 'h' {
			return 2, "r"
		}
	case 'e':
		switch s[1] {
		case 'o':
			return 2, "o"
		case 'u':
			return 2, "o"
		case 'e':
			return 2, "i"
		case 'i':
			return 2, "e"
		}
	case 'o':
		switch s[1] {
		case 'o', 'u':
			return 2, "o"
		case 'i', 'y':
			return 2, "oe"
		}
	case 'a':
		switch s[1] {
		case 'e', 'i':
			return 2, "e"
		}
	case 'u':
		if s[1] == 'i' {
			return 2, "i"
		}
	case 'i':
		if s[1] == 'y' || s[1] == 'i' || s[1] == 'j' {
			return 2, "i"
		}
	}
	return 0, ""
}

// Skeleton is a Latin token's consonants, each folded to its class
// (k for c, g, k, q, kh, gh; t for d, t, th, dh, z; p for b, p, ph; s for s,
// sh; j for j, ch, zh), without vowels, w, y and h, doubles collapsed:
// what survives when a name is written in a script without short vowels.
// محمد and Mohammed share the skeleton "mmt"; طارق and Tariq "trk".
func Skeleton(t string) string {
	if isDigits(t) {
		return t
	}
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == 'd' && i+1 < len(t) && t[i+1] == 'j' {
			continue // French dj is j (Djamel = Jamal)
		}
		if c == 'c' && i+1 < len(t) && (t[i+1] == 'e' || t[i+1] == 'i' || t[i+1] == 'y') {
			c = 's' // soft c (Lounici)
		}
		if i+1 < len(t) && t[i+1] == 'h' {
			switch c {
			case 'k', 'g':
				c = 'k'
			case 't', 'd':
				c = 't'
			case 'p', 'b':
				c = 'p'
			case 's':
				c = 's'
			case 'c', 'z':
				c = 'j'
			}
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'h':
			continue
		case 'c', 'g', 'q':
			c = 'k'
		case 'd', 'z':
			// Arabic ض ظ ذ are written d, dh, z or th: one class.
			c = 't'
		case 'b':
			c = 'p'
		case 'l':
			c = 'r'
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
