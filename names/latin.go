// Package names turns a name as written anywhere (any case, script,
// diacritics, punctuation, word order) into tokens that can be compared:
// each token in a normalised Latin form, a romanisation-folded key that
// makes Korean, Cyrillic and Arabic spelling variants meet (Pak = Park =
// Bak, Chol = Cheol = Chul, Yevgeny = Evgenii), and a consonant skeleton
// for names whose vowels were never written (Arabic script).
//
// There is one normaliser: the index and the query both go through
// Tokenize, so the two sides always agree on what a token is.
package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Latin returns s in lower-case ASCII: non-Latin scripts transliterated
// (Hangul, Cyrillic, Greek, Arabic, Hebrew), diacritics removed, special
// letters spelled out (ß → ss, æ → ae). Apostrophes and the like are
// dropped (Ch'o'l → chol); every other non-alphanumeric rune becomes a
// space. Runs of spaces are kept single; no leading or trailing space.
func Latin(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	space := true // suppress leading space
	emit := func(t string) {
		for i := 0; i < len(t); i++ {
			c := t[i]
			if c == ' ' {
				if !space {
					b.WriteByte(' ')
					space = true
				}
				continue
			}
			b.WriteByte(c)
			space = false
		}
	}
	// Fast path: plain ASCII needs no decomposition.
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		if hasPresentationForms(s) {
			// Arabic written in its contextual letter shapes (ﻤﺤﻤﺪ) is
			// the same letters: the compatibility decomposition finds them.
			s = norm.NFKC.String(s)
		} else {
			s = norm.NFC.String(s)
		}
		// Names ending in Allah are written as one word in Latin
		// (هدايت الله = Hidayatullah, خير الله = Khayrallah); Urdu
		// writes its final h with the heh goal (ثناء اللہ = Sanaullah).
		if strings.Contains(s, " الل") || strings.Contains(s, "اللہ") {
			s = allah.Replace(s) // a Replacer allocates even when nothing matches
		}
		// So are the compounds in ad-Din (جلال الدين = Jalaluddin) and
		// the Persian -zadeh (آخوند زاده = Akhundzada).
		s = adDin.Replace(s)
	}
	arabicWord := false
	wawArticle := -1 // where the article after a split-off و starts
	for i, r := range s {
		if r < utf8.RuneSelf {
			arabicWord = false
			switch {
			case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
				b.WriteByte(byte(r))
				space = false
			case r >= 'A' && r <= 'Z':
				b.WriteByte(byte(r) + 'a' - 'A')
				space = false
			case r == '\'' || r == '`':
				// elided: O'Brien = OBrien, Ch'o'l = Chol
			case r == '&':
				emit(" and ")
			default:
				emit(" ")
			}
			continue
		}
		if t, ok := special[r]; ok {
			emit(t)
			continue
		}
		switch {
		case r >= 0xAC00 && r <= 0xD7A3:
			emit(hangulSyllable(r))
		case r >= 0x0400 && r <= 0x04FF:
			emit(cyrillic(r, s, i))
		case r >= 0x0370 && r <= 0x03FF:
			emit(greek[r])
		case r >= 0x0600 && r <= 0x06FF || r >= 0xFB50 && r <= 0xFEFF:
			// The definite article is written joined (التكريتي); the
			// Latin lists write it apart (AL-TIKRITI), so split it off.
			// So is "and the" (والمسلمين = wa al-Muslimin), when a word of
			// three letters at least follows: والي is Wali.
			if r == 'و' && !arabicWord && strings.HasPrefix(s[i:], "وال") && wordRunes(s[i+len("وال"):]) >= 3 && !strings.HasPrefix(s[i:], "والله") {
				emit("w ")
				wawArticle = i + len("و")
				continue
			}
			if r == 'ا' && !arabicWord && strings.HasPrefix(s[i:], "ال") && utf8.RuneCountInString(s[i:]) > 3 && !strings.HasPrefix(s[i:], "الله") {
				emit("a")
				arabicWord = true
				continue
			}
			if r == 'ل' && arabicWord && i >= 2 && strings.HasPrefix(s[i-2:], "ال") && (isWordStart(s, i-2) || wawArticle == i-2) && !strings.HasPrefix(s[i-2:], "الله") {
				emit("l ")
				continue
			}
			arabicWord = unicode.IsLetter(r)
			emit(arabic[r])
		case r >= 0x0590 && r <= 0x05FF:
			emit(hebrew[r])
		case r >= 0x0530 && r <= 0x058F:
			emit(armenian[unicode.ToLower(r)])
		case r >= 0x10A0 && r <= 0x10FF:
			emit(georgian[r])
		case r >= 0x3040 && r <= 0x30FF:
			emit(kana(r))
		case unicode.Is(unicode.Mn, r):
			// a combining mark left after NFC: drop it
		case r == '\u2019' || r == '\u2018' || r == '\u02BB' || r == '\u02BC' || r == '\u02BF' || r == '\u02BE' || r == '\u00B4':
			// typographic apostrophes and ʿayn/hamza signs: elided like '
		default:
			// Decompose and keep the base letter: é → e, ŏ → o, ḥ → h.
			d := norm.NFD.String(string(r))
			kept := false
			for _, c := range d {
				if c < utf8.RuneSelf {
					if c >= 'A' && c <= 'Z' {
						c += 'a' - 'A'
					}
					if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
						b.WriteByte(byte(c))
						space = false
						kept = true
					}
				}
			}
			if !kept {
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					// A letter of a script we do not transliterate
					// (Han, Thai, ...): keep it, lower-cased, so exact
					// matches in that script still work.
					b.WriteRune(unicode.ToLower(r))
					space = false
				} else {
					emit(" ")
				}
			}
		}
	}
	out := b.String()
	return strings.TrimRight(out, " ")
}

// wordRunes counts the letters at the start of s.
func wordRunes(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			break
		}
		n++
	}
	return n
}

func isWordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r)
}

var allah = strings.NewReplacer(" الله", "الله", " اللہ", "الله", "اللہ", "الله")

// hasPresentationForms reports whether s holds letters that only the
// compatibility decomposition reads: Arabic presentation forms
// (U+FB50-U+FDFF, U+FE70-U+FEFF), fullwidth, mathematical and enclosed
// Latin letters.
func hasPresentationForms(s string) bool {
	for _, r := range s {
		if r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF ||
			// Fullwidth Latin (ＫＩＭ), mathematical letters (𝐊𝐢𝐦) and
			// circled or parenthesised ones (Ⓚ) are the same letters too;
			// left alone they would spell nothing and let a listed name
			// through unscreened.
			r >= 0xFF01 && r <= 0xFF5E || r >= 0x1D400 && r <= 0x1D7FF || r >= 0x2460 && r <= 0x24FF {
			return true
		}
	}
	return false
}

var adDin = strings.NewReplacer(" الدين", "uddyn", " الدین", "uddyn", " زاده", "zadh", " زادہ", "zadh")

// special spells out letters that do not decompose into a base letter.
var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŋ': "ng", 'ĸ': "k", 'ſ': "s",
	'\u00A0': " ", '\u2010': " ", '\u2011': " ", '\u2012': " ", '\u2013': " ", '\u2014': " ",
	'\u00B7': " ", '\u3000': " ",
}

// Revised Romanisation of Hangul jamo. The romanisation-folded keys make
// RR, McCune-Reischauer and informal spellings meet, so one table serves.
var (
	hangulInitial = [...]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulVowel   = [...]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulFinal   = [...]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

func hangulSyllable(r rune) string {
	n := int(r - 0xAC00)
	i, v, f := n/(21*28), (n%(21*28))/28, n%28
	return hangulInitial[i] + hangulVowel[v] + hangulFinal[f]
}

// IsHangul reports whether r is a precomposed Hangul syllable.
func IsHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

var cyrillicMap = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'ј': "j", 'љ': "lj",
	'њ': "nj", 'ћ': "c", 'ђ': "dj", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz", 'қ': "k", 'ң': "n", 'ү': "u",
	'ұ': "u", 'ө': "o", 'һ': "h", 'ә': "a", 'ғ': "g",
}

func cyrillic(r rune, s string, i int) string {
	lower := unicode.ToLower(r)
	t, ok := cyrillicMap[lower]
	if !ok {
		return ""
	}
	// Word-initial е is "ye" in BGN/PCGN (Yevgeny); elsewhere "e".
	if lower == 'е' && isWordStart(s, i) {
		return "ye"
	}
	return t
}

var greek = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k",
	'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t",
	'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
	'Α': "a", 'Β': "v", 'Γ': "g", 'Δ': "d", 'Ε': "e", 'Ζ': "z", 'Η': "i", 'Θ': "th", 'Ι': "i", 'Κ': "k",
	'Λ': "l", 'Μ': "m", 'Ν': "n", 'Ξ': "x", 'Ο': "o", 'Π': "p", 'Ρ': "r", 'Σ': "s", 'Τ': "t", 'Υ': "y",
	'Φ': "f", 'Χ': "ch", 'Ψ': "ps", 'Ω': "o",
	'ά': "a", 'έ': "e", 'ή': "i", 'ί': "i", 'ό': "o", 'ύ': "y", 'ώ': "o", 'ϊ': "i", 'ϋ': "y", 'ΐ': "i", 'ΰ': "y",
}

// arabic transliterates Arabic-script letters (with the Persian and Urdu
// additions). Short vowels are not written in the script, so the Latin
// forms differ from listed names mostly in vowels: tokens from this script
// are compared on consonant skeletons (see Token.Abjad).
var arabic = map[rune]string{
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a", 'ء': "", 'ؤ': "u", 'ئ': "i", 'ب': "b", 'ت': "t",
	'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh",
	'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z", 'ع': "", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ل': "l",
	'م': "m", 'ن': "n", 'ه': "h", 'و': "w", 'ي': "y", 'ى': "a", 'ة': "a", 'پ': "p", 'چ': "ch", 'ژ': "zh",
	'گ': "g", 'ک': "k", 'ی': "y", 'ے': "e", 'ٹ': "t", 'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ھ': "h", 'ۀ': "h",
	'\u064B': "", '\u064C': "", '\u064D': "", '\u064E': "a", '\u064F': "u", '\u0650': "i", '\u0651': "", '\u0652': "",
	'\u0640': "", '،': " ",
	// Urdu, Pashto, Kurdish and Maghrebi letters.
	'ہ': "h", 'ۂ': "h", 'ۃ': "a", 'ە': "a", 'ۓ': "e", 'ې': "y", 'ۍ': "y", 'ێ': "e", 'ۆ': "o", 'ٶ': "u", 'ٸ': "y",
	'ښ': "sh", 'ځ': "dz", 'څ': "ts", 'ټ': "t", 'ډ': "d", 'ړ': "r", 'ږ': "zh", 'ڼ': "n", 'ګ': "g", 'ڤ': "v", 'ڨ': "g",
	'ڭ': "g", 'ڕ': "r", 'ڵ': "l", 'ڠ': "ng", 'ڽ': "ny",
	'٠': "0", '١': "1", '٢': "2", '٣': "3", '٤': "4", '٥': "5", '٦': "6", '٧': "7", '٨': "8", '٩': "9",
	'۰': "0", '۱': "1", '۲': "2", '۳': "3", '۴': "4", '۵': "5", '۶': "6", '۷': "7", '۸': "8", '۹': "9",
}

var hebrew = map[rune]string{
	'א': "", 'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ו': "v", 'ז': "z", 'ח': "kh", 'ט': "t", 'י': "y",
	'כ': "k", 'ך': "k", 'ל': "l", 'מ': "m", 'ם': "m", 'נ': "n", 'ן': "n", 'ס': "s", 'ע': "", 'פ': "p",
	'ף': "f", 'צ': "ts", 'ץ': "ts", 'ק': "k", 'ר': "r", 'ש': "sh", 'ת': "t",
}

// HasAbjad reports whether s contains Arabic or Hebrew script, whose
// transliterations lack the short vowels.
func HasAbjad(s string) bool {
	for _, r := range s {
		if r >= 0x0590 && r <= 0x06FF || r >= 0xFB50 && r <= 0xFEFF {
			return true
		}
	}
	return false
}

// armenian transliterates the Armenian alphabet (ISO 9985, simplified).
var armenian = map[rune]string{
	'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e", 'ը': "y", 'թ': "t", 'ժ': "zh",
	'ի': "i", 'լ': "l", 'խ': "kh", 'ծ': "ts", 'կ': "k", 'հ': "h", 'ձ': "dz", 'ղ': "gh", 'ճ': "ch", 'մ': "m",
	'յ': "y", 'ն': "n", 'շ': "sh", 'ո': "o", 'չ': "ch", 'պ': "p", 'ջ': "j", 'ռ': "r", 'ս': "s", 'վ': "v",
	'տ': "t", 'ր': "r", 'ց': "ts", 'ւ': "u", 'փ': "p", 'ք': "k", 'օ': "o", 'ֆ': "f", 'և': "ev",
}

// georgian transliterates the Georgian Mkhedruli alphabet (national system).
var georgian = map[rune]string{
	'ა': "a", 'ბ': "b", 'გ': "g", 'დ': "d", 'ე': "e", 'ვ': "v", 'ზ': "z", 'თ': "t", 'ი': "i", 'კ': "k",
	'ლ': "l", 'მ': "m", 'ნ': "n", 'ო': "o", 'პ': "p", 'ჟ': "zh", 'რ': "r", 'ს': "s", 'ტ': "t", 'უ': "u",
	'ფ': "p", 'ქ': "k", 'ღ': "gh", 'ყ': "q", 'შ': "sh", 'ჩ': "ch", 'ც': "ts", 'ძ': "dz", 'წ': "ts", 'ჭ': "ch",
	'ხ': "kh", 'ჯ': "j", 'ჰ': "h",
}

// kana transliterates Hiragana and Katakana (Hepburn) syllable by
// syllable; small ya/yu/yo and the long-vowel mark are approximated,
// which the romanisation keys absorb.
func kana(r rune) string {
	if r >= 0x30A1 && r <= 0x30F6 {
		r -= 0x60 // Katakana to Hiragana
	}
	if r == 0x30FC || r == 0x30FB {
		return " " // ー long vowel, ・ middle dot (a word break in foreign names)
	}
	return hiragana[r]
}

var hiragana = map[rune]string{
	'あ': "a", 'い': "i", 'う': "u", 'え': "e", 'お': "o", 'か': "ka", 'き': "ki", 'く': "ku", 'け': "ke", 'こ': "ko",
	'が': "ga", 'ぎ': "gi", 'ぐ': "gu", 'げ': "ge", 'ご': "go", 'さ': "sa", 'し': "shi", 'す': "su", 'せ': "se", 'そ': "so",
	'ざ': "za", 'じ': "ji", 'ず': "zu", 'ぜ': "ze", 'ぞ': "zo", 'た': "ta", 'ち': "chi", 'つ': "tsu", 'て': "te", 'と': "to",
	'だ': "da", 'ぢ': "ji", 'づ': "zu", 'で': "de", 'ど': "do", 'な': "na", 'に': "ni", 'ぬ': "nu", 'ね': "ne", 'の': "no",
	'は': "ha", 'ひ': "hi", 'ふ': "fu", 'へ': "he", 'ほ': "ho", 'ば': "ba", 'び': "bi", 'ぶ': "bu", 'べ': "be", 'ぼ': "bo",
	'ぱ': "pa", 'ぴ': "pi", 'ぷ': "pu", 'ぺ': "pe", 'ぽ': "po", 'ま': "ma", 'み': "mi", 'む': "mu", 'め': "me", 'も': "mo",
	'や': "ya", 'ゆ': "yu", 'よ': "yo", 'ら': "ra", 'り': "ri", 'る': "ru", 'れ': "re", 'ろ': "ro", 'わ': "wa", 'を': "o",
	'ん': "n", 'ゃ': "ya", 'ゅ': "yu", 'ょ': "yo", 'ぁ': "a", 'ぃ': "i", 'ぅ': "u", 'ぇ': "e", 'ぉ': "o", 'っ': "",
	'ゔ': "vu",
}
