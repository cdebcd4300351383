package names

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// appendHangulTokens tokenises a name that contains Hangul: each Hangul
// name word of two to four syllables becomes a surname token and one
// token per given-name syllable (김정은 → kim, jeong, eun), each with the
// spellings that syllable takes in romanisation; other words go through
// the Latin path.
func appendHangulTokens(dst []Token, name string) []Token {
	name = splitHangulNames(name)
	words := strings.Fields(name)
	first := true
	// Words without Hangul are tokenised together, run by run, so that a
	// legal phrase or a number written in words between Hangul names reads
	// as it would alone. splitHangulNames leaves no word that mixes scripts,
	// so this never comes back here.
	latin := -1
	for k, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !IsHangul(r) {
			if latin < 0 {
				latin = k
			}
			continue
		}
		if latin >= 0 {
			dst = appendLatinTokens(dst, strings.Join(words[latin:k], " "))
			latin = -1
		}
		t := Token{Text: Latin(w)}
		t.Key = Key(t.Text)
		t.Skel = Skeleton(t.Text)
		// The given name's syllables are said as one word: a syllable's
		// sounds depend on its neighbours there (석민 is said Seongmin).
		var prev, next rune
		if !first {
			if k > 1 {
				prev = givenSyllable(words[k-1])
			}
			if k+1 < len(words) {
				next = givenSyllable(words[k+1])
			}
		}
		if alts := hangulAlternativesIn(w, first, prev, next); alts != nil {
			t.Alts = &alts
		}
		first = false
		dst = append(dst, t)
	}
	if latin >= 0 {
		dst = appendLatinTokens(dst, strings.Join(words[latin:], " "))
	}
	return dst
}

// givenSyllable is w's syllable if w is one Hangul syllable, else 0.
func givenSyllable(w string) rune {
	r, n := utf8.DecodeRuneInString(w)
	if !IsHangul(r) || n != len(w) {
		return 0
	}
	return r
}

// Spellings of the jamo in the romanisation systems (RR, McCune-Reischauer,
// the DPRK's) and in common informal use.
var (
	altInitial = [19][]string{
		{"g", "k"}, {"kk", "gg", "k", "g"}, {"n"}, {"d", "t"}, {"tt", "dd", "t", "d"}, {"r", "l", "n", ""},
		{"m"}, {"b", "p"}, {"pp", "bb", "p", "b"}, {"s", "sh"}, {"ss", "s", "sh"}, {""}, {"j", "ch", "z"},
		{"jj", "tch", "ch", "j"}, {"ch", "c", "j"}, {"k", "kh"}, {"t", "th"}, {"p", "ph"}, {"h"},
	}
	altVowel = [21][]string{
		{"a", "ah"}, {"ae", "ai", "e"}, {"ya"}, {"yae", "ye"}, {"eo", "o", "u", "uh"}, {"e", "ae"},
		{"yeo", "yo", "yu", "you"}, {"ye"}, {"o", "oh"}, {"wa"}, {"wae", "we"}, {"oe", "oi", "we", "wi"},
		{"yo"}, {"u", "oo", "ou"}, {"wo", "weo", "wu"}, {"we"}, {"wi", "wee"}, {"yu", "yoo", "you"},
		{"eu", "u", "ue"}, {"ui", "eui", "i", "ee", "ei"}, {"i", "ee", "y"},
	}
	altFinal = [28][]string{
		{""}, {"k", "g"}, {"k"}, {"k"}, {"n"}, {"n"}, {"n"}, {"t", "d"}, {"l", "r"}, {"k"}, {"m"}, {"l"},
		{"l"}, {"l"}, {"p"}, {"l"}, {"m"}, {"p", "b"}, {"p"}, {"t", "s"}, {"t"}, {"ng"}, {"t"}, {"t"},
		{"k"}, {"t"}, {"p"}, {"t"},
	}
)

// surnameAlts are the customary spellings of common surnames, which the
// jamo rules do not produce (Park, Lee, Choi, Rhee).
var surnameAlts = map[string][]string{
	"이":  {"lee", "yi", "rhee", "ri", "li", "i", "y", "e", "ee", "rhie", "yie"},
	"리":  {"ri", "lee", "li", "rhee", "yi", "i"},
	"박":  {"park", "pak", "bak", "bark", "pahk", "bahk"},
	"김":  {"kim", "gim", "ghim", "kym"},
	"최":  {"choi", "choe", "chey", "choy", "chwe", "tsoi", "tsoy"},
	"정":  {"jung", "jeong", "chung", "chong", "jong", "cheong", "joung", "jeung"},
	"조":  {"cho", "jo", "joe", "zo", "chough"},
	"강":  {"kang", "gang", "khang"},
	"노":  {"noh", "roh", "no", "ro", "rho", "nho"},
	"로":  {"ro", "roh", "noh", "no", "rho"},
	"오":  {"oh", "o", "auh"},
	"우":  {"woo", "wu", "u"},
	"유":  {"yu", "yoo", "you", "ryu", "yoo", "lyu"},
	"류":  {"ryu", "yu", "yoo", "lyu", "rhyu", "ryoo", "you"},
	"임":  {"lim", "im", "rim", "yim", "leem"},
	"림":  {"rim", "lim", "im", "yim", "leem"},
	"신":  {"shin", "sin", "shinn"},
	"안":  {"ahn", "an"},
	"한":  {"han", "hahn"},
	"문":  {"moon", "mun", "moun"},
	"손":  {"son", "sohn"},
	"허":  {"heo", "hur", "huh", "ho", "her"},
	"배":  {"bae", "pae", "bai", "pai"},
	"백":  {"baek", "paik", "paek", "baik", "back", "pack"},
	"전":  {"jeon", "chun", "jun", "chon", "jon", "cheon"},
	"서":  {"seo", "suh", "so", "sur", "soh"},
	"황":  {"hwang", "whang"},
	"양":  {"yang", "ryang"},
	"량":  {"ryang", "yang"},
	"명":  {"myung", "myong", "myeong", "myoung"},
	"현":  {"hyun", "hyeon", "hyon"},
	"구":  {"ku", "koo", "gu", "goo"},
	"심":  {"shim", "sim", "sheem"},
	"곽":  {"kwak", "gwak"},
	"성":  {"sung", "seong", "song"},
	"주":  {"joo", "ju", "chu", "choo"},
	"진":  {"jin", "chin"},
	"지":  {"ji", "chi"},
	"염":  {"yeom", "yum", "yom", "ryom"},
	"렴":  {"ryom", "yeom", "yum", "yom"},
	"남궁": {"namgung", "namkung", "nam-gung"},
	"황보": {"hwangbo", "hwangpo"},
	"제갈": {"jegal", "chegal"},
	"선우": {"sunwoo", "seonu", "sonu"},
}

// hangulAlternatives lists the spellings of one Hangul syllable (or a
// compound surname) said alone, without repeats.
func hangulAlternatives(syl string, surname bool) []string {
	return hangulAlternativesIn(syl, surname, 0, 0)
}

// Jamo by their index in a precomposed syllable.
const (
	initialR  = 5  // ㄹ
	initialNg = 11 // ㅇ, silent as an initial
	finalK    = 1  // ㄱ
	finalN    = 4  // ㄴ
	finalL    = 8  // ㄹ
	finalM    = 16 // ㅁ
	finalP    = 17 // ㅂ
	finalNg   = 21 // ㅇ
)

// jamo splits a syllable into its initial, vowel and final indexes.
func jamo(r rune) (i, v, f int) {
	n := int(r - 0xAC00)
	return n / (21 * 28), (n % (21 * 28)) / 28, n % 28
}

// hangulAlternativesIn lists the spellings of one Hangul syllable (or a
// compound surname), without repeats. prev and next are the given name's
// syllables around it (0 for none, and always for a surname): spellings
// that follow the spoken name write the sound changes at the seams.
func hangulAlternativesIn(syl string, surname bool, prev, next rune) []string {
	var out []string
	if surname {
		out = append(out, surnameAlts[syl]...)
	}
	if utf8.RuneCountInString(syl) != 1 {
		return out
	}
	r, _ := utf8.DecodeRuneInString(syl)
	i, v, f := jamo(r)
	vowels := altVowel[v]
	switch {
	case i == initialNg && v == 19:
		// 의 alone: Ui or Eui; as "I" or "Ee" it would be 이.
		vowels = []string{"ui", "eui", "ei"}
	case i == initialNg && v == 20:
		// 이, 인, 일: Yi, Yin, Yil beside I, In, Il.
		vowels = append(vowels[:len(vowels):len(vowels)], "yi")
	case v == 7 && i != initialNg && i != initialR:
		// ㅖ after a consonant is said e: 혜 is Hye or Hae, 계 Gye or Gae.
		vowels = append(vowels[:len(vowels):len(vowels)], "ae", "ai", "ea")
	case v == 1:
		vowels = append(vowels[:len(vowels):len(vowels)], "ea") // 태: Tea
	case v == 5:
		vowels = append(vowels[:len(vowels):len(vowels)], "ei") // 세: Sei
	case v == 4:
		vowels = append(vowels[:len(vowels):len(vowels)], "ou") // 성, 정: Soung, Joung
	case v == 16 && i != initialNg:
		vowels = append(vowels[:len(vowels):len(vowels)], "ui") // 귀: Gui
	case v == 16:
		vowels = append(vowels[:len(vowels):len(vowels)], "wui") // 위: Wui
	}
	initials := altInitial[i]
	if i == initialR && prev != 0 {
		// Inside a given name ㄹ is said n after a final m, ng, k or p
		// (정례 Jeongnye, 백린 Baengnin), l after l; it is dropped as at
		// the start of a word in the South's spellings (원룡 Won-yong),
		// and after l it is written once (필립 Philip).
		initials = []string{"r", "l", ""}
		if _, _, pf := jamo(prev); pf == finalM || pf == finalNg || pf == finalK || pf == finalP {
			initials = append(initials, "n")
		}
	}
	if i == 2 && prev != 0 {
		if _, _, pf := jamo(prev); pf == finalL {
			initials = []string{"n", "l"} // 설남: Seollam
		}
	}
	finals := altFinal[f]
	if f == finalK {
		finals = []string{"k", "g", "ck"} // 덕, 학, 옥: Duck, Hack, Ock
	}
	if next != 0 {
		// A final before n, m or r is said as a nasal (석민 Seongmin,
		// 갑민 Gammin, 곧남 Gonnam), and n before r as l (진라 Jilla).
		ni, _, _ := jamo(next)
		if ni == 2 || ni == 6 || ni == initialR {
			switch {
			case f == finalK:
				finals = append(finals[:len(finals):len(finals)], "ng")
			case f == finalP:
				finals = append(finals[:len(finals):len(finals)], "m")
			case f == 7 || f == 19 || f == 20 || f == 22 || f == 23 || f == 25 || f == 27:
				finals = append(finals[:len(finals):len(finals)], "n")
			case f == finalN && ni == initialR:
				finals = append(finals[:len(finals):len(finals)], "l")
			}
		}
	}
	for _, a := range initials {
		for _, b := range vowels {
			for _, c := range finals {
				out = append(out, a+b+c)
				switch {
				case a == "" && v == 13:
					out = append(out, "w"+b+c) // 우: woo, wu; 욱: wook
				case a == "h" && (b[0] == 'w' || v == 13):
					out = append(out, "wh"+strings.TrimPrefix(b, "w")+c) // 화, 훈: Wha, Whun
				}
			}
		}
	}
	if i == initialNg && v == 20 && f == 0 && !surname {
		out = append(out, "lee") // 이 in a given name is spelt like the surname too
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var (
	syllableKeysOnce sync.Once
	syllableKeys     map[string]bool
)

// isSyllableKey reports whether k is the key of a spelling of some single
// Hangul syllable. Two syllables written as one whose key is also one
// syllable's ("hye" + "eun" → "hyeun", the key of Hyun) cannot be told
// from that syllable.
func isSyllableKey(k string) bool {
	syllableKeysOnce.Do(func() {
		syllableKeys = map[string]bool{}
		var buf [4]byte
		for r := rune(0xAC00); r <= 0xD7A3; r++ {
			for _, a := range hangulAlternatives(string(buf[:utf8.EncodeRune(buf[:], r)]), false) {
				syllableKeys[Key(a)] = true
			}
		}
	})
	return syllableKeys[k]
}

// HangulJoinKeys lists the distinct keys of the spellings a and b of two
// Hangul syllables written as one word (재, 원: jaewon, chaewon, ...),
// leaving out those that fold onto one syllable's key: keys fold vowels
// together, and such a join has lost one (재 + 우 as "jeoo" folds to "jo",
// the key of every Jo and Joo; 혜 + 은 to Hyun's).
func HangulJoinKeys(a, b []string) []string {
	isSyllableKey("") // builds the table
	var out []string
	var buf [64]byte
	for _, x := range a {
		for _, y := range b {
			k := AppendKey(buf[:0], x+y)
			if syllableKeys[string(k)] || slices.ContainsFunc(out, func(s string) bool { return s == string(k) }) {
				continue
			}
			out = append(out, string(k))
		}
	}
	return out
}
