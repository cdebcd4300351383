package names

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Token is one word of a name, in every form the matcher compares.
type Token struct {
	Text string // Latin form: "sang", "110", "ltd"
	Key  string // romanisation key (see Key)
	Skel string // consonant skeleton (see Skeleton)
	// Alts are the spellings a token written in Hangul takes in the
	// romanisation systems and in common use (정 → jeong, jong, jung,
	// chung, ...), sorted (see Spellings). Set only for Hangul; such a
	// token meets a listed one by these spellings, not by its key, which
	// would fold 정 onto 전. A pointer, and the fields after it small,
	// so that a Token is 64 bytes: one cache line, where the screening
	// engine reads tens of listed tokens a query.
	Alts *[]string
	// Noise marks a word that says little about identity: a title or
	// honorific (Mr, Col., Sheikh), a legal form (Ltd, LLC, JSC), an
	// article or particle (the, al, bin). It may be missing on either side
	// at little cost, and adds little when present.
	Noise bool
	// Abjad marks a token transliterated from Arabic or Hebrew script:
	// its short vowels were never written, so only its skeleton is reliable.
	Abjad bool
	// Gloss is the glossary entry of an Arabic-script word of
	// organisation names (شبكة → network), 0 for none: see GlossWords.
	Gloss uint16
	// Familiar marks a familiar form of a given name (Bill, Sasha): see
	// FormalNames.
	Familiar bool
}

// Spellings are the token's Hangul spellings (Alts), nil for a token
// not written in Hangul.
func (t *Token) Spellings() []string {
	if t.Alts == nil {
		return nil
	}
	return *t.Alts
}

// WordSet is a name's distinctive words (noise left out) in sorted order,
// joined by spaces: a name and its reordering are one ("KIM, Sang Man" =
// "Sang Man Kim").
func WordSet(name string) string {
	var ws []string
	for _, t := range Tokenize(name) {
		if !t.Noise {
			ws = append(ws, t.Text)
		}
	}
	slices.Sort(ws)
	return strings.Join(ws, " ")
}

// Tokenize splits a name into tokens. Word order is kept; commas and other
// punctuation only separate words. Legal forms are spelled one way
// ("Company" → "co", "Limited" → "ltd") and ordinals lose their suffix
// ("110th" → "110"). A Hangul word of two to four syllables is split into
// surname and given name, as Korean names are written without a space.
func Tokenize(name string) []Token {
	return AppendTokens(nil, name)
}

// AppendTokens appends the tokens of name to dst, for callers that reuse a
// buffer.
func AppendTokens(dst []Token, name string) []Token {
	if hasHangul(name) {
		return appendHangulTokens(dst, name)
	}
	return appendLatinTokens(dst, name)
}

// appendLatinTokens tokenises a name that holds no Hangul: it is read
// through Latin and split at the spaces Latin leaves.
func appendLatinTokens(dst []Token, name string) []Token {
	start := len(dst)
	abjad := HasAbjad(name)
	name = joinAcronyms(name)
	name = dropIzafat(name)
	latin := Latin(name)
	for len(latin) > 0 {
		var w string
		if i := strings.IndexByte(latin, ' '); i >= 0 {
			w, latin = latin[:i], latin[i+1:]
		} else {
			w, latin = latin, ""
		}
		if w == "" {
			continue
		}
		w = stripOrdinal(w)
		if d, ok := numberWords[w]; ok {
			w = d
		}
		w = unLeet(w)
		t := Token{Text: w}
		if abjad {
			// Transliterated without short vowels, a name word can spell a
			// Latin title by chance (عمر = "mr", آدم = "adm"): only the
			// script's own titles, particles and legal forms are noise.
			if canon, ok := abjadNoise[w]; ok {
				t.Noise = true
				if canon != "" {
					t.Text = canon
				}
			}
		} else if canon, ok := legalForms[w]; ok && !syllableInName(dst[start:], w, latin) {
			t.Text = canon
			t.Noise = true
		} else if noiseWords[w] {
			t.Noise = true
		} else if canon, ok := misspeltLegalForm(w); ok {
			t.Text = canon
			t.Noise = true
		}
		t.Key = share(Key(t.Text), t.Text)
		t.Skel = share(Skeleton(t.Text), t.Key)
		t.Abjad = abjad && !isDigits(w)
		t.Familiar = !t.Noise && formalNames[t.Text] != nil
		if t.Abjad {
			t.Gloss = Gloss(w)
		}
		// Tens then units ("forty four", "40 4") read as one number.
		if n := len(dst); n > 0 && len(t.Text) == 1 && isDigits(t.Text) && t.Text != "0" {
			if p := dst[n-1].Text; len(p) == 2 && p[1] == '0' && isDigits(p) && p != "10" {
				dst[n-1].Text = p[:1] + t.Text
				dst[n-1].Key, dst[n-1].Skel = dst[n-1].Text, dst[n-1].Text
				continue
			}
		}
		dst = append(dst, t)
	}
	return joinLegalPhrases(dst, start)
}

// legalPhrases are legal forms written out in several words, in their
// tokens' canonical spellings, and the one token each stands for:
// "Limited Liability Company" = "LLC" = "OOO".
var legalPhrases = []struct {
	words []string
	canon string
}{
	{[]string{"obshchestvo", "s", "ogranichennoi", "otvetstvennostyu"}, "llc"},
	{[]string{"gesellschaft", "mit", "beschrankter", "haftung"}, "gmbh"},
	{[]string{"societatea", "cu", "raspundere", "ltd"}, "srl"},
	{[]string{"public", "joint", "stock", "co"}, "jsc"},
	{[]string{"closed", "joint", "stock", "co"}, "jsc"},
	{[]string{"open", "joint", "stock", "co"}, "jsc"},
	{[]string{"ltd", "liability", "co"}, "llc"},
	{[]string{"joint", "stock", "co"}, "jsc"},
	{[]string{"jsc", "obshchestvo"}, "jsc"},
	{[]string{"public", "jsc"}, "jsc"},
	{[]string{"sp", "z", "oo"}, "spzoo"}, // Polish sp. z o.o.
	{[]string{"spolka", "z", "oo"}, "spzoo"},
	{[]string{"sociedad", "anonima"}, "sa"},
	{[]string{"societe", "anonyme"}, "sa"},
}

// joinLegalPhrases replaces each written-out legal form among ts[start:]
// by its one token.
func joinLegalPhrases(ts []Token, start int) []Token {
	out := ts[:start]
	for i := start; i < len(ts); {
		matched := false
		for _, p := range legalPhrases {
			if i+len(p.words) > len(ts) {
				continue
			}
			ok := true
			for k, w := range p.words {
				if !phraseWord(ts[i+k].Text, w) {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, Token{Text: p.canon, Key: Key(p.canon), Skel: Skeleton(p.canon), Noise: true})
				i += len(p.words)
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, ts[i])
			i++
		}
	}
	return out
}

// syllableInName reports whether w, a short legal form that is also
// spelled like a Korean syllable (Too, Doo, Sa), stands inside a name
// between two words that are not legal forms: Kim Too-man is a person,
// not an LLP; "Yupel Too" and "Korea Co Ltd" keep their legal forms. done
// holds the name's tokens so far; rest is the text after w.
func syllableInName(done []Token, w, rest string) bool {
	if len(w) > 3 || len(done) == 0 || done[len(done)-1].Noise || !KoreanSyllable(w) {
		return false
	}
	next, _, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
	if next == "" {
		return false
	}
	next = stripOrdinal(next)
	_, legal := legalForms[next]
	return !legal && !noiseWords[next] // "S.A. de C.V."
}

// SeriesNumeral reports whether a token's text numbers a series: digits,
// or a Roman numeral from II (I and V are initials as often).
func SeriesNumeral(t string) bool {
	if isDigits(t) {
		return true
	}
	switch t {
	case "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii":
		return true
	}
	return false
}

// phraseWord reports whether token text t is the legal-phrase word w,
// allowing one typo in words of five letters or more: a misspelt word
// ("Limited Liabilty Company") would otherwise break the whole phrase into
// name words that the listed "LLC" does not have.
func phraseWord(t, w string) bool {
	if t == w {
		return true
	}
	if len(w) < 5 || len(t) < 4 || len(t)-len(w) > 1 || len(w)-len(t) > 1 {
		return false
	}
	return Distance(t, w, 1) <= 1
}

// share returns s, or other when they are equal, so that the forms of a
// token that coincide share one string: an index holds millions of them.
func share(s, other string) string {
	if s == other {
		return other
	}
	return s
}

// Texts returns the Latin forms of the tokens joined by spaces: the
// normalised name, as shown in explanations.
func Texts(ts []Token) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// dropIzafat removes the Persian and Urdu izafat written between hyphens
// ("Tehrik-e-Taliban", "Lashkar-i-Taiba"): a listing keeps or drops it,
// and the Arabic script does not write it (تحریک طالبان).
func dropIzafat(s string) string {
	if !strings.Contains(s, "-e-") && !strings.Contains(s, "-i-") && !strings.Contains(s, "-E-") && !strings.Contains(s, "-I-") {
		return s
	}
	return izafat.Replace(s)
}

var izafat = strings.NewReplacer("-e-", " ", "-i-", " ", "-E-", " ", "-I-", " ")

// joinAcronyms removes the dots of dotted abbreviations, so that "S.A. de
// C.V." reads "SA de CV" and "L.L.C." reads "LLC": each letter alone would
// otherwise be a token of its own. A lone initial ("Abdul Rahman S.") keeps
// its dot, and so stays a one-letter token.
func joinAcronyms(s string) string {
	if strings.IndexByte(s, '.') < 0 {
		return s
	}
	b := []byte(s)
	out := b[:0:0]
	isLetter := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	for i := 0; i < len(b); i++ {
		c := b[i]
		// A dot after a lone letter, followed by another lone letter and a dot.
		if c == '.' && i >= 1 && isLetter(b[i-1]) && (i < 2 || !isLetter(b[i-2])) &&
			i+2 < len(b) && isLetter(b[i+1]) && (b[i+2] == '.' || i+3 >= len(b)) {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

// unLeet reads the digits of a word that is mostly letters as the letters
// they stand for (Ig0r Sech1n = Igor Sechin), an old way to slip a name
// past a filter. Numbers and codes of digits are left alone.
func unLeet(w string) string {
	letters, digits := 0, 0
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			digits++
		} else {
			letters++
		}
	}
	if digits == 0 || digits > 2 || letters < 3 {
		return w
	}
	b := []byte(w)
	for i, c := range b {
		if r, ok := leet[c]; ok {
			b[i] = r
		} else if c >= '0' && c <= '9' {
			return w // a digit that stands for no letter: a code, not a word
		}
	}
	return string(b)
}

var leet = map[byte]byte{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g', '8': 'b'}

// numberWords spells numbers as digits, so that "Brigade Forty-Four"
// meets "Brigade 44" token by token (forty → 40, four → 4, then joined).
var numberWords = map[string]string{
	"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
	"ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16",
	"seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fourty": "40",
	"fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
	"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8",
	"ninth": "9", "tenth": "10",
}

// stripOrdinal turns "110th", "1st", "2nd", "3rd" into their digits.
func stripOrdinal(w string) string {
	if len(w) < 3 {
		return w
	}
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i == len(w) {
		return w
	}
	switch w[i:] {
	case "st", "nd", "rd", "th":
		return w[:i]
	}
	return w
}

func hasHangul(s string) bool {
	for _, r := range s {
		if IsHangul(r) {
			return true
		}
	}
	return false
}

// compoundSurnames are the two-syllable Korean surnames.
var compoundSurnames = map[string]bool{
	"남궁": true, "황보": true, "제갈": true, "선우": true, "독고": true, "사공": true, "서문": true, "동방": true, "을지": true,
}

// splitHangulNames sets every run of Hangul apart from the characters
// around it, so that each word it leaves is all Hangul or holds none, and
// writes a Hangul name word of two to four syllables
// as surname and given-name syllables apart (김정은 → 김 정 은): Korean
// names are written without spaces, their romanisations mostly with
// hyphens or spaces between syllables. Joined romanisations ("Jongun")
// still meet them, as two tokens read as one.
func splitHangulNames(s string) string {
	var b strings.Builder
	prevHangul := false
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if !IsHangul(r) {
			if prevHangul {
				// A Hangul run ends against another character: the two
				// are separate words, (김정은) as much as 김정은.
				b.WriteByte(' ')
			}
			prevHangul = false
			b.WriteString(s[:size])
			s = s[size:]
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		prevHangul = true
		end := 0
		var syll []string
		for end < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[end:])
			if !IsHangul(r2) {
				break
			}
			syll = append(syll, s[end:end+sz])
			end += sz
		}
		s = s[end:]
		if len(syll) < 2 || len(syll) > 4 {
			b.WriteString(strings.Join(syll, ""))
			continue
		}
		if len(syll) >= 3 && compoundSurnames[syll[0]+syll[1]] {
			syll = append([]string{syll[0] + syll[1]}, syll[2:]...)
		}
		b.WriteString(strings.Join(syll, " "))
	}
	return b.String()
}

// legalForms spells each legal form and its parts one way, so that
// "Co., Ltd." = "Company Limited" and "OOO" = "LLC".
var legalForms = map[string]string{
	"co": "co", "company": "co", "companies": "co", "cie": "co", "compania": "co", "companhia": "co",
	"ltd": "ltd", "limited": "ltd", "ltda": "ltd", "limitada": "ltd",
	"corp": "corp", "corporation": "corp", "korporatsiya": "corp", "corpn": "corp",
	"inc": "inc", "incorporated": "inc",
	"llc": "llc", "ooo": "llc", "too": "llc", "llp": "llp", "lp": "lp",
	"plc": "plc", "pte": "pte", "pvt": "pvt", "private": "pvt",
	"jsc": "jsc", "ojsc": "jsc", "cjsc": "jsc", "pjsc": "jsc", "ao": "jsc", "oao": "jsc", "zao": "jsc", "pao": "jsc", "jscb": "jsc",
	"gmbh": "gmbh", "ag": "ag", "kg": "kg", "kgaa": "kg", "ohg": "ohg", "gbr": "gbr", "sa": "sa", "sal": "sa", "sas": "sas", "sarl": "sarl", "srl": "srl", "spa": "spa",
	"bv": "bv", "nv": "nv", "ab": "ab", "as": "as", "oy": "oy", "fze": "fze", "fzco": "fze", "fzc": "fze", "fzllc": "fze", "dmcc": "dmcc",
	"cv": "cv", "sac": "sac", "ca": "ca", "spr": "spr", "sl": "sl", "sapi": "sapi", "sab": "sab", "eirl": "eirl", "scs": "scs",
	"sdn": "sdn", "bhd": "bhd", "tbk": "tbk", "kft": "kft", "doo": "doo", "ood": "ood", "ead": "ead", "sp": "sp", "zoo": "zoo",
	"liability": "liability", "joint": "joint", "stock": "stock", "public": "public", "closed": "closed", "open": "open",
	"aktsionernoe": "jsc", "aktsionernoye": "jsc", "aktsionerne": "jsc", "obshchestvo": "obshchestvo", "obshestvo": "obshchestvo",
	"tovarystvo": "obshchestvo", "tovarishchestvo": "obshchestvo",
	"ogranichennoi": "ogranichennoi", "ogranichennoy": "ogranichennoi", "otvetstvennostyu": "otvetstvennostyu",
	"zakrytoe": "closed", "otkrytoe": "open", "publichnoe": "public", "publichnoye": "public",
	"aktiengesellschaft": "ag", "aktiengeselschaft": "ag", "gesellschaft": "gesellschaft", "beschrankter": "beschrankter",
	"haftung": "haftung", "mbh": "gmbh", "societatea": "societatea", "raspundere": "raspundere", "limitata": "ltd",
	"sociedad": "sociedad", "anonima": "anonima", "societe": "societe", "anonyme": "anonyme", "responsabilidad": "responsabilidad",
	"sharikat": "co", "shirkat": "co", "sherkat": "co", "establishment": "est", "est": "est",
}

// longLegalForms are the legal-form words long enough to be recognised
// through a typo ("Conpany", "Limkted", "Obshchstvo").
var longLegalForms = func() []string {
	var out []string
	for w := range legalForms {
		if len(w) >= 5 {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}()

// maxLongLegalForm is the length of the longest of longLegalForms.
var maxLongLegalForm = func() int {
	n := 0
	for _, w := range longLegalForms {
		n = max(n, len(w))
	}
	return n
}()

// misspeltLegalForm finds the legal-form word of five letters or more that
// w (of four or more) is one edit from (two for
// words of nine letters or more).
func misspeltLegalForm(w string) (string, bool) {
	if len(w) < 4 {
		return "", false
	}
	allowed := 1
	if len(w) >= 9 {
		allowed = 2
	}
	if len(w) > maxLongLegalForm+allowed {
		return "", false
	}
	for _, lf := range longLegalForms {
		// The first letter or the second must agree, either in place or
		// shifted by a letter added or dropped at the start ("Gcompany").
		if d := len(lf) - len(w); d > allowed || -d > allowed || lf[0] != w[0] && lf[1] != w[1] && lf[0] != w[1] && lf[1] != w[0] {
			continue
		}
		if Distance(w, lf, allowed) <= allowed {
			return legalForms[lf], true
		}
	}
	return "", false
}

// noiseWords are titles, honorifics, articles and particles.
var noiseWords = map[string]bool{
	// titles and honorifics
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "professor": true,
	"sir": true, "dame": true, "lord": true, "lady": true, "hon": true, "rev": true, "jr": true, "sr": true, "snr": true, "jnr": true,
	"col": true, "colonel": true, "gen": true, "general": true, "maj": true, "major": true,
	"capt": true, "captain": true, "lt": true, "lieutenant": true, "sgt": true, "sergeant": true, "brig": true, "brigadier": true,
	"adm": true, "admiral": true, "cmdr": true, "commander": true, "marshal": true, "sheikh": true, "shaykh": true, "sheik": true,
	"shaikh": true, "sayyid": true, "sayyed": true, "seyyed": true, "seyed": true, "sayed": true, "syed": true, "haji": true, "hajji": true, "alhaj": true, "alhaji": true, "mullah": true, "mulla": true, "maulana": true,
	"maulvi": true, "mawlawi": true, "mawlavi": true, "imam": true, "emir": true, "amir": true, "qari": true, "hafiz": true,
	"ayatollah": true, "hojatoleslam": true, "engineer": true, "eng": true, "doctor": true, "ambassador": true,
	"madam": true, "madame": true, "mme": true, "director": true, "esq": true, "esquire": true, "vice": true, "deputy": true,
	"minister": true, "senator": true, "judge": true, "father": true, "brother": true, "sister": true, "saint": true,
	"president": true, "prasident": true, "presidente": true, "prezident": true, "chairman": true, "chancellor": true, "premier": true,
	"mister": true, "herr": true, "frau": true, "monsieur": true, "mlle": true, "senor": true, "senora": true, "signor": true, "signora": true, "gospodin": true,
	"prince": true, "princess": true,
	// articles, particles, connectives
	"the": true, "of": true, "mit": true, "cu": true, "and": true, "for": true, "al": true, "el": true, "ul": true, "ad": true, "ud": true, "ar": true,
	"ur": true, // Shams-ur-Rahman: the article before r, as ud before d
	"de": true, "del": true, "la": true, "le": true,
	"dos": true, "das": true, "van": true, "von": true, "der": true, "den": true,
}

// abjadNoise are the titles, honorifics, particles and legal forms of
// names written in Arabic script, as Latin transliterates them, with the
// Latin word a word stands for ("" keeps the word): حاجي = hajy (Haji),
// ملا = mla (Mullah), مولوی = mwlwy (Mawlawi), و = w (wa, and), Pashto
// او = aw (and) and د = d (of), the Tuareg اغ = agh (Ag,
// son of), لمتد = lmtd (Ltd), کمپنی = kmpny (Company), شركة = shrka.
// Words that are also names are left out, though their Latin spellings
// are titles: سيد (Sayyid) is also سعيد (Said) once ع is dropped, امير
// (Amir) a given name; they meet a listed title by their consonants.
var abjadNoise = map[string]string{
	"al": "", "shykh": "", "hajy": "", "haj": "", "hajj": "", "hjy": "", "alhaj": "", "mla": "", "mlla": "",
	"mwlwy": "", "mwlawy": "", "mwlana": "", "mwlwi": "", "qary": "", "dktwr": "", "mhnds": "",
	"w": "", "aw": "", "d": "", "agh": "ag",
	"lmtd": "ltd", "lymytd": "ltd", "lmytd": "ltd", "kmpny": "co", "kampny": "co", "shrka": "co", "shrkt": "co", "shrkh": "co",
}

// TrailingAcronym reports whether the last of ts, the tokens of name, is
// the acronym of the words before it, written after them in parentheses
// or after a slash: "Haqqani Network (HQN)", "Al-Itihaad al-Islamiya /
// AIAI", "Jama'a Nusrat ul-Islam wa al-Muslimin (JNIM)". Such an acronym
// is an alias the list appends, which a name written out (or in another
// script) leaves off.
func TrailingAcronym(name string, ts []Token) bool {
	n := len(ts)
	if n < 3 || n > 16 {
		return false
	}
	last := ts[n-1].Text
	if len(last) < 2 || len(last) > 6 {
		return false
	}
	end := strings.TrimRight(name, " )")
	if len(end) == len(name) && !strings.Contains(name, "/") {
		return false
	}
	i := strings.LastIndexAny(end, "(/")
	if i < 0 {
		return false
	}
	w := strings.TrimSpace(end[i+1:])
	if len(w) != len(last) {
		return false
	}
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != last[k] {
			return false
		}
	}
	return spellsInitials(last, ts[:n-1], 0)
}

// spellsInitials reports whether the letters of a spell the words of ts
// in order, each word spelling one letter by its initial (or two, the
// second one of its later letters: HQN is Haqqani Network), and every word
// spelling none a particle or a word of three letters at most (ul, wa, in).
// Two words at least must spell letters.
func spellsInitials(a string, ts []Token, spelled int) bool {
	if len(ts) == 0 {
		return a == "" && spelled >= 2
	}
	t := ts[0]
	if (t.Noise || len(t.Text) <= 3) && spellsInitials(a, ts[1:], spelled) {
		return true
	}
	if a == "" || t.Text[0] != a[0] {
		return false
	}
	if spellsInitials(a[1:], ts[1:], spelled+1) {
		return true
	}
	return len(a) >= 2 && strings.IndexByte(t.Text[1:], a[1]) >= 0 && spellsInitials(a[2:], ts[1:], spelled+1)
}
