package names

import "strings"

// GlossWord is an English word an Arabic-script word translates to, in
// its token spelling (Text, legal forms canonical: "establishment" is
// "est") and its romanisation key. A few words translate to two
// ("money exchange"): Text holds both, a space between, and Key is the
// key of the two written as one, as an index keys two listed tokens.
type GlossWord struct {
	Text, Key string
}

// Phrase reports whether g is two words, and is written a then b.
func (g *GlossWord) Phrase(a, b string) bool {
	t := g.Text
	return len(t) == len(a)+1+len(b) && t[len(a)] == ' ' && t[:len(a)] == a && t[len(a)+1:] == b
}

// Gloss returns the glossary entry of w, a token transliterated from
// Arabic script, when it is one of the common words of organisation names,
// or 0 (see GlossWords). The UN and OFAC list such organisations under
// English translations (الجماعة الإسلامية المقاتلة الليبية is the "Libyan
// Islamic Fighting Group"), which no romanisation meets. The word may carry
// a joined preposition or conjunction (للصرافة = "for the exchange", ببلاد
// = "in the lands of"), a feminine ending (ة, or ه as Persian and Urdu
// write it) and the alif of its hamza in any form.
func Gloss(w string) uint16 {
	if g := glossary[glossStem(w)]; g != 0 {
		return g
	}
	for _, p := range glossPrefixes {
		if len(w) >= len(p)+3 && strings.HasPrefix(w, p) {
			if g := glossary[glossStem(w[len(p):])]; g != 0 {
				return g
			}
		}
	}
	return 0
}

// GlossWords returns the English words of a glossary entry (nil for 0).
func GlossWords(g uint16) []GlossWord {
	if g == 0 {
		return nil
	}
	return glossWords[g-1]
}

// glossPrefixes are the prepositions and conjunctions written joined to
// the next word, with the article after them when it is written joined
// too (Latin splits it off only at a word's start): لل (li-l), بال, وال,
// فال, كال, then ل, ب, و, ف, ك alone.
var glossPrefixes = []string{"wll", "ll", "bal", "wal", "fal", "kal", "wb", "wl", "l", "b", "w", "f", "k"}

// glossStemMax bounds the words looked up; the glossary's are shorter.
const glossStemMax = 24

// glossStem is the form of a transliterated word the glossary is keyed
// by: an initial إ read as ا (the hamza is often left unwritten), a final
// ه read as ة, and the feminine ending dropped, so that the masculine and
// feminine of an adjective (إسلامي, الإسلامية) meet in "aslamy".
func glossStem(w string) string {
	if w == "" || len(w) > glossStemMax {
		return ""
	}
	var buf [glossStemMax]byte
	b := append(buf[:0], w...)
	if b[0] == 'i' {
		b[0] = 'a'
	}
	if n := len(b); n > 2 && b[n-1] == 'h' && strings.IndexByte("hskgdtzc", b[n-2]) < 0 {
		// A final ه, not the h of a digraph (ش sh, خ kh, غ gh, ذ dh, ث th, ژ zh).
		b[n-1] = 'a'
	}
	if n := len(b); n > 3 && b[n-1] == 'a' {
		b = b[:n-1]
	}
	return string(b) // the map lookup does not keep it: no allocation
}

// glossEntries are the words of the names of armed groups, their fronts
// and the companies sanctions lists name, in the spellings of Arabic,
// Persian and Urdu (space-separated, without the article), with the
// English (and, for the Maghreb, French) words lists translate them by.
// Two English words are joined by "_".
// Words that are also given names or spelled like one once ع is dropped
// (نور, نصر, أمل, هلال, تركي, هند, فلاح; عصبة is سبأ, جامعة جامع,
// مدرسة مدرس) are left out: a person's name is transliterated, not
// translated.
var glossEntries = []struct{ script, english string }{
	// Groups and organisations.
	{"جماعة جماعت جماعه مجموعة مجموعه گروه گروپ", "group groups groupe"},
	{"شبكة شبکه شبكه شبکة", "network"},
	{"جبهة جبهه", "front"},
	{"حركة حرکت حركت تحريك تحریک حرکه", "movement mouvement"},
	{"حزب", "party"},
	{"جيش جیش لشكر لشکر", "army"},
	{"سپاه سپاہ", "army corps"},
	{"تنظيم تنظیم منظمة منظمه سازمان", "organization organisation"},
	{"مؤسسة موسسة مؤسسه موسسه بنیاد بنياد", "foundation institution institute establishment"},
	{"جمعية جمعیت جمعيت جمعیة انجمن", "society association"},
	{"هيئة هیئت هيئه", "authority commission board assembly"},
	{"مجلس", "council assembly"},
	{"لجنة لجنه کمیته", "committee commission"},
	{"لواء", "brigade"},
	{"كتيبة کتیبه كتيبه کتیبة", "battalion brigade"},
	{"كتائب سرايا", "brigades battalions"},
	{"فيلق", "corps legion"},
	{"قوات قوای", "forces"},
	{"قوة قوه نیروی", "force"},
	{"حرس پاسداران", "guard guards guardians"},
	{"أنصار انصار", "supporters partisans followers helpers"},
	{"جند", "soldiers"},
	{"مهاجرين مهاجرین مهاجرون", "emigrants migrants"},
	{"مقاتلين مقاتلون", "fighters combatants"},
	{"مقاتلة مقاتل", "fighting combatant fighter combattant"},
	{"أحرار احرار", "free freemen"},
	{"شباب", "youth"},
	{"دولة دوله دولت", "state"},
	{"إمارة امارة", "emirate"},
	{"ولاية", "province"},
	{"خلافة", "caliphate"},
	{"قاعدة", "base"},
	{"رابطة", "league association"},
	{"اتحاد", "union federation"},
	{"وكالة", "agency"},
	{"مركز", "center centre"},
	{"مكتب دفتر", "office bureau"},
	{"خدمات", "services"},
	{"وزارة وزارت", "ministry"},
	{"حكومة حکومت", "government"},
	{"جمهورية جمهوری", "republic"},
	{"مملكة", "kingdom"},
	// Companies and money.
	{"بنك بانک بانك مصرف", "bank"},
	{"صرافة صرافی صرافي صيرفة صرافه", "exchange changer money_exchange currency_exchange money_changer"},
	{"عقارات عقارية", "realty real_estate"},
	{"تجارة تجارت تجارية تجاري تجاری بازرگانی", "trading trade commercial"},
	{"صناعة صناعات صنایع صناعية صنعتی", "industry industries industrial"},
	{"استثمار استثمارات", "investment investments"},
	{"قابضة", "holding holdings"},
	{"مقاولات", "contracting"},
	{"هندسة هندسية", "engineering"},
	{"نفط نفت", "oil"},
	{"بترول", "petroleum"},
	{"شحن کشتیرانی", "shipping"},
	{"نقل", "transport"},
	{"طيران هواپیمایی", "aviation airlines airline"},
	{"بحرية بحري", "maritime marine naval"},
	{"محدودة", "limited"},
	// Charities and causes.
	{"خيرية خيري خیریه", "charitable charity"},
	{"إغاثة اغاثة", "relief"},
	{"إنسانية انسانية", "humanitarian"},
	{"تنمية", "development"},
	{"وقف أوقاف اوقاف", "endowment endowments"},
	{"شهداء", "martyrs"},
	{"مقاومة مقاومت", "resistance"},
	{"تحرير", "liberation"},
	{"دعوة دعوت", "call propagation"},
	{"توحيد", "monotheism unification unity"},
	{"سلفية سلفي", "salafist salafi"},
	{"دفاع", "defence defense"},
	{"أمن امن", "security"},
	{"استخبارات مخابرات", "intelligence"},
	// Qualities.
	{"إسلامية إسلامي اسلامية اسلامي اسلامی اسلامیه", "islamic islamique"},
	{"عربية عربي عرب", "arab arabian arabic"},
	{"مسلحة", "armed"},
	{"وطنية وطني ملي ملی", "national"},
	{"دولية دولي", "international"},
	{"عالمية عالمي", "world global international"},
	{"متحدة", "united"},
	{"ثورية ثوري انقلابی", "revolutionary"},
	{"ثورة انقلاب", "revolution revolutionary"},
	{"شعبية شعبي", "popular peoples"},
	{"ديمقراطية", "democratic"},
	{"أهل اهل", "people"},
	{"بلاد", "country land lands"},
	{"جزيرة", "peninsula island"},
	{"شمالية شمالي شمال", "north northern"},
	{"جنوبية جنوبي جنوب", "south southern"},
	{"شرقية شرقي شرق", "east eastern"},
	{"غربية غربي غرب", "west western"},
	{"أوسط اوسط", "middle"},
	{"خليج", "gulf"},
	// Places, and the peoples named for them.
	{"شام", "levant syria sham"},
	{"مغرب", "maghreb morocco"},
	{"مغربي مغربية", "moroccan maghrebi marocain"},
	{"مصر", "egypt"},
	{"مصري مصرية", "egyptian"},
	{"ليبيا ليبي ليبية", "libya libyan"},
	{"تونس", "tunisia tunis"},
	{"تونسي تونسية", "tunisian tunisien"},
	{"جزائر", "algeria"},
	{"جزائري جزائرية", "algerian"},
	{"سودان", "sudan"},
	{"سوداني", "sudanese"},
	{"صومال", "somalia"},
	{"صومالي", "somali"},
	{"يمن", "yemen"},
	{"يمني", "yemeni"},
	{"عراق", "iraq"},
	{"عراقي", "iraqi"},
	{"سوريا سورية سوري", "syria syrian"},
	{"لبنان", "lebanon"},
	{"لبناني", "lebanese"},
	{"فلسطين", "palestine"},
	{"فلسطيني", "palestinian"},
	{"أردن اردن", "jordan"},
	{"أردني اردني", "jordanian"},
	{"سعودية سعودي", "saudi"},
	{"كويت", "kuwait"},
	{"كويتي", "kuwaiti"},
	{"إمارات امارات", "emirates"},
	{"إيران ایران", "iran"},
	{"إيراني ایرانی", "iranian"},
	{"أفغانستان افغانستان", "afghanistan"},
	{"أفغاني افغانی", "afghan"},
	{"باكستان پاکستان", "pakistan"},
	{"باكستاني پاکستانی", "pakistani"},
	{"كوريا کره", "korea"},
	{"كوري", "korean"},
	{"روسيا روسیه", "russia"},
	{"صين چین", "china"},
	{"أفريقيا افريقيا إفريقيا", "africa afrique"},
	{"أفريقية افريقية إفريقية", "african"},
	{"كردستان کردستان", "kurdistan"},
	{"قوقاز", "caucasus"},
	{"شيشان", "chechnya chechen"},
	{"رافدين", "mesopotamia rivers"},
	// Particles lists translate or transliterate.
	{"في", "in fi"},
	{"و", "and wa"},
}

// glossary maps glossStem of each word of glossEntries to its entry in
// glossWords, plus one. A token holds the entry's number rather than the
// words: an index holds millions of tokens.
var glossary, glossWords = func() (map[string]uint16, [][]GlossWord) {
	m := map[string]uint16{}
	var words [][]GlossWord
	for _, e := range glossEntries {
		var ws []GlossWord
		for _, en := range strings.Fields(e.english) {
			t := en
			if c, ok := legalForms[en]; ok {
				t = c
			}
			ws = append(ws, GlossWord{Text: strings.ReplaceAll(t, "_", " "), Key: Key(strings.ReplaceAll(t, "_", ""))})
		}
		for _, s := range strings.Fields(e.script) {
			k := glossStem(Latin(s))
			if g, ok := m[k]; ok {
				// Two words of one stem (كوريا Korea, كوري Korean):
				// either translation.
				for _, w := range ws {
					if !containsGloss(words[g-1], w.Text) {
						words[g-1] = append(words[g-1], w)
					}
				}
				continue
			}
			words = append(words, ws)
			m[k] = uint16(len(words))
		}
	}
	return m, words
}()

func containsGloss(ws []GlossWord, t string) bool {
	for _, w := range ws {
		if w.Text == t {
			return true
		}
	}
	return false
}
