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
	first := true
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if !IsHangul(r) {
			dst = AppendTokens(dst, w)
			continue
		}
		t := Token{Text: Latin(w)}
		t.Key = Key(t.Text)
		t.Skel = Skeleton(t.Text)
		t.Alts = hangulAlternatives(w, first)
		first = false
		dst = append(dst, t)
	}
	return dst
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
// compound surname), without repeats.
func hangulAlternatives(syl string, surname bool) []string {
	var out []string
	if surname {
		out = append(out, surnameAlts[syl]...)
	}
	if utf8.RuneCountInString(syl) != 1 {
		return out
	}
	r, _ := utf8.DecodeRuneInString(syl)
	n := int(r - 0xAC00)
	i, v, f := n/(21*28), (n%(21*28))/28, n%28
	vowels := altVowel[v]
	switch {
	case i == 11 && v == 19:
		// 의 alone: Ui or Eui; as "I" or "Ee" it would be 이.
		vowels = []string{"ui", "eui", "ei"}
	case i == 11 && v == 20:
		// 이, 인, 일: Yi, Yin, Yil beside I, In, Il.
		vowels = append(vowels[:len(vowels):len(vowels)], "yi")
	case v == 7 && i != 11 && i != 5:
		// ㅖ after a consonant is said e: 혜 is Hye, Hae or He, 계 Gye or Gae.
		vowels = append(vowels[:len(vowels):len(vowels)], "e", "ae", "ai", "ea")
	case v == 1:
		vowels = append(vowels[:len(vowels):len(vowels)], "ea") // 태: Tea
	case v == 5:
		vowels = append(vowels[:len(vowels):len(vowels)], "ei") // 세: Sei
	case v == 4:
		vowels = append(vowels[:len(vowels):len(vowels)], "ou") // 성, 정: Soung, Joung
	case v == 16 && i != 11:
		vowels = append(vowels[:len(vowels):len(vowels)], "ui") // 귀: Gui
	case v == 16:
		vowels = append(vowels[:len(vowels):len(vowels)], "wui") // 위: Wui
	}
	finals := altFinal[f]
	if f == 1 {
		finals = []string{"k", "g", "ck"} // 덕, 학, 옥: Duck, Hack, Ock
	}
	for _, a := range altInitial[i] {
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
	if i == 11 && (v == 2 || v == 3 || v == 6 || v == 7 || v == 12 || v == 17 || v == 20) {
		// The South drops a first ㄹ before i and y that the North writes
		// (룡 is 용 in Seoul, Ryong in Pyongyang): a syllable typed the
		// southern way may be listed the northern way.
		for _, b := range altVowel[v] {
			for _, c := range finals {
				out = append(out, "r"+b+c)
			}
		}
	}
	if i == 11 && v == 20 && f == 0 && !surname {
		out = append(out, "lee") // 이 in a given name is spelt like the surname too
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var (
	syllableKeysOnce sync.Once
	syllableKeys     map[string]bool
)

// IsSyllableKey reports whether k is the key of a spelling of some single
// Hangul syllable. Two syllables written as one whose key is also one
// syllable's ("hye" + "eun" → "hyeun", the key of Hyun) cannot be told
// from that syllable.
func IsSyllableKey(k string) bool {
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
