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
	if len(t) < 2 || isDigits(t) {
		return t
	}
	if k, ok := wholeTokenKeys[t]; ok {
		return k
	}
	var buf [64]byte
	return string(AppendKey(buf[:0], t))
}

// AppendKey appends the romanisation key of t to dst: Key without the
// allocation, for retrieval's hot path.
func AppendKey(dst []byte, t string) []byte {
	// One letter is an initial or a one-letter surname (O, U): folding it
	// would make O and U, or I and Y, one name.
	if len(t) < 2 || isDigits(t) {
		return append(dst, t...)
	}
	if k, ok := wholeTokenKeys[t]; ok {
		return append(dst, k...)
	}
	var buf [64]byte
	b := buf[:0]
	n := len(t)
	i := 0
	// Chinese syllables in Wade-Giles and pinyin: Hsi = Xi = Si, Tse = Ze,
	// Tzu = Zi (the apostrophes that told ts' from ts are gone by now).
	if n >= 3 && isVowel(t[2]) && (t[:2] == "hs" || t[:2] == "ts" || t[:2] == "tz") {
		if t[0] == 'h' {
			b = append(b, 's')
		} else {
			b = append(b, 'z')
		}
		i = 2
	} else if n >= 2 && t[0] == 'x' && (t[1] == 'i' || t[1] == 'u') {
		b = append(b, 's')
		i = 1
	}
	for i < n {
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
	return append(dst, b...)
}

// wholeTokenKeys are Korean one-vowel syllables, whose spellings the
// letter rules would fold onto another syllable's (Woo would become O).
var wholeTokenKeys = map[string]string{
	"woo": "u", "wu": "u", "oo": "u", "ou": "u",
	"chwe": "joe",               // Choe, Choi, Chwe (최)
	"ben":  "pin", "ibn": "pin", // بن: Ben Ali = Bin Ali = Ibn Ali
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
	return string(appendSkeleton(buf[:0], t, false))
}

// AppendSkeletonVariant appends to dst the skeleton of a token
// transliterated from Arabic script as a listing in another tradition may
// have spelt it: ث (th) as s (Persian, Urdu), ش (sh) as a French ch, and
// ج (j) as an Egyptian g. Retrieval looks it up beside the plain one.
func AppendSkeletonVariant(dst []byte, t string) []byte {
	if isDigits(t) {
		return dst
	}
	return appendSkeleton(dst, t, true)
}

func appendSkeleton(b []byte, t string, variant bool) []byte {
	start := len(b)
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
			case 't':
				c = 't'
				if variant {
					c = 's'
				}
			case 'd':
				c = 't'
			case 'p', 'b':
				c = 'p'
			case 's':
				c = 's'
				if variant {
					c = 'j'
				}
			case 'c', 'z':
				c = 'j'
			}
		} else if variant && c == 'j' {
			c = 'k'
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
		if len(b) > start && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return b
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

// Letter classes of a skeleton as bit sets, for SkeletonsMeet: bit c-'a'
// stands for the skeleton letter c.
const (
	clsK = 1 << ('k' - 'a')
	clsJ = 1 << ('j' - 'a')
	clsS = 1 << ('s' - 'a')
	clsT = 1 << ('t' - 'a')
)

// maxSkelSets bounds the consonants SkeletonsMeet compares.
const maxSkelSets = 32

// skelSets writes the consonants of t as sets of the skeleton letters each
// may stand for. A token transliterated from Arabic script (abjad) spells
// one letter one way, but ث (th) is s in Persian and Urdu (Saqib, Wasiq);
// a listed token spells the Arabic letters the ways of the languages that
// wrote it: French ch for ش (Alouche, Akkacha), German ch for خ (Barich),
// Egyptian g for ج (Ragab, Gamal). It returns how many sets it wrote, or
// -1 when t has too many consonants.
func skelSets(t string, abjad bool, out *[maxSkelSets]uint32, n int) int {
	if n < 0 {
		return n
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		var set uint32
		next := byte(0)
		if i+1 < len(t) {
			next = t[i+1]
		}
		switch {
		case abjad && c == 'l' && i == 2 && t[1] == 'a' && strings.IndexByte("bwfkl", t[0]) >= 0 && strings.IndexByte("tdrzsln", next) >= 0 && next != 0:
			// The article after a one-letter prefix takes the sound of a
			// sun letter: بالدم (b-al-dm) = Biddam, والشمس = Washshams.
			continue
		case c == 'd' && next == 'j', c == 't' && next == 's' && i+2 < len(t) && t[i+2] == 'h':
			continue // French dj, tsh: the j or sh that follows counts
		case c == 't' && next == 'c' && i+2 < len(t) && t[i+2] == 'h':
			set = clsJ // tch
			i += 2
		case next == 'h' && strings.IndexByte("kgtdpbszc", c) >= 0:
			i++
			switch c {
			case 'k', 'g':
				set = clsK
			case 't':
				set = clsT
				if abjad {
					set |= clsS // ث: Thabit, Sabit
				}
			case 'd':
				set = clsT
			case 'p', 'b':
				set = 1 << ('p' - 'a')
			case 's':
				set = clsS
			case 'z':
				set = clsJ
			case 'c':
				set = clsJ
				if !abjad {
					set |= clsS | clsK
				}
			}
		default:
			switch c {
			case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'h':
				continue
			case 'c':
				if next == 'e' || next == 'i' || next == 'y' {
					set = clsS
				} else {
					set = clsK
				}
			case 'g':
				set = clsK
				if !abjad {
					set |= clsJ
				}
			case 'q', 'k':
				set = clsK
			case 'd', 'z', 't':
				set = clsT
			case 'b', 'p':
				set = 1 << ('p' - 'a')
			case 'l', 'r':
				set = 1 << ('r' - 'a')
			default:
				if c < 'a' || c > 'z' {
					return -1
				}
				set = 1 << (c - 'a')
			}
		}
		if n > 0 && out[n-1] == set {
			continue
		}
		if n == maxSkelSets {
			return -1
		}
		out[n] = set
		n++
	}
	return n
}

// SkeletonsMeet reports whether an abjad token (transliterated from
// Arabic script) and a listed Latin token can be one name written in two
// scripts, allowing the letters that the languages writing Arabic names
// in Latin spell differently (see skelSets), and the ta marbuta that a
// listed name pronounces as t before another word (عصبة = Asbat,
// جزيرة = Jazirat). Both must keep two consonants at least.
//
// abjad2, when not empty, is a second abjad token read together with the
// first: ما يشو = "Maychou".
func SkeletonsMeet(abjad, abjad2, listed string) bool {
	var a, l [maxSkelSets]uint32
	na, nl := skelSets(abjad, true, &a, 0), skelSets(listed, false, &l, 0)
	last := abjad
	if abjad2 != "" {
		na = skelSets(abjad2, true, &a, na)
		last = abjad2
	}
	if na < 2 || nl < 2 {
		return false
	}
	if nl == na+1 && l[nl-1] == clsT && listed[len(listed)-1] == 't' && isVowel(listed[len(listed)-2]) &&
		(last[len(last)-1] == 'a' || last[len(last)-1] == 'h') {
		nl--
	}
	if na != nl {
		return false
	}
	for i := 0; i < na; i++ {
		if a[i]&l[i] == 0 {
			return false
		}
	}
	return true
}
