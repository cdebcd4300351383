package names

import "testing"

func TestLatinArabicScriptForms(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"contextual presentation forms are the letters", "ﻤﺤﻤﺪ ﻛﺮﻴﻡ", "mhmd krym"},
		{"Urdu heh goal ends Allah, joined like Arabic", "ثناء اللہ غفاری", "thnaallh ghfary"},
		{"Pashto letters", "ښکلی", "shkly"},
		{"and-the split off a following word", "نصرة الإسلام والمسلمين", "nsra al islam w al mslmyn"},
		{"a short word after و is a name (Wali)", "عبد والي", "bd waly"},
		{"Arabic-Indic digits", "كتيبة ١٢", "ktyba 12"},
	}
	for _, tt := range tests {
		if got := Latin(tt.in); got != tt.want {
			t.Errorf("%s: Latin(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestAbjadNoiseIsTheScriptsOwn(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // texts, "!" marking noise
	}{
		{"a name that spells a Latin title is a name (عمر = mr)", "عمر سبعاوي", []string{"mr", "sbawy"}},
		{"Adam is not Adm.", "آدم خان", []string{"adm", "khan"}},
		{"haji is a title, limited a legal form", "حاجی راحت لمتد", []string{"!hajy", "raht", "!ltd"}},
		{"Pashto company, and, of", "د بصیر او کمپنی", []string{"!d", "bsyr", "!aw", "!co"}},
		{"Latin titles stay titles in Latin", "Mr Omar", []string{"!mr", "omar"}},
	}
	for _, tt := range tests {
		ts := Tokenize(tt.in)
		var got []string
		for _, x := range ts {
			s := x.Text
			if x.Noise {
				s = "!" + s
			}
			got = append(got, s)
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: %q -> %v, want %v", tt.name, tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: %q -> %v, want %v", tt.name, tt.in, got, tt.want)
				break
			}
		}
	}
}

func TestIzafatDropped(t *testing.T) {
	if got := Texts(Tokenize("Tehrik-e-Taliban Pakistan")); got != "tehrik taliban pakistan" {
		t.Errorf("Tehrik-e-Taliban Pakistan -> %q", got)
	}
	if got := Texts(Tokenize("Lashkar-I-Jhangvi")); got != "lashkar jhangvi" {
		t.Errorf("Lashkar-I-Jhangvi -> %q", got)
	}
	if got := Texts(Tokenize("Jean-Eric Dupont")); got != "jean eric dupont" {
		t.Errorf("Jean-Eric Dupont -> %q", got)
	}
}

func TestSkeletonsMeet(t *testing.T) {
	tests := []struct {
		name          string
		abjad, abjad2 string
		listed        string
		want          bool
	}{
		{"French ch for sh: علوش = Alouche", "lwsh", "", "alouche", true},
		{"French ch, doubled k: عكاشة = Akkacha", "kasha", "", "akkacha", true},
		{"German ch for kh: بريخ = Barich", "brykh", "", "barich", true},
		{"Egyptian g for j: رجب = Ragab", "rjb", "", "ragab", true},
		{"Persian s for th: ثاقب = Saqib", "thaqb", "", "saqib", true},
		{"ta marbuta read t: عصبة = Asbat", "sba", "", "asbat", true},
		{"sun letter after a prefix: بالدم = Biddam", "baldm", "", "biddam", true},
		{"two words read as one: ما يشو = Maychou", "ma", "yshw", "maychou", true},
		{"j is not a plain k: رجب is not Rakib", "rjb", "", "rakib", false},
		{"a consonant more is another name", "lwsh", "", "alouchek", false},
		{"final t needs a vowel before it", "sba", "", "asbt", false},
		{"one consonant says too little", "ly", "", "ali", false},
	}
	for _, tt := range tests {
		if got := SkeletonsMeet(tt.abjad, tt.abjad2, tt.listed); got != tt.want {
			t.Errorf("%s: SkeletonsMeet(%q, %q, %q) = %v, want %v", tt.name, tt.abjad, tt.abjad2, tt.listed, got, tt.want)
		}
	}
}

func TestSkeletonVariant(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"ghyathuddyn", "kstn"}, // غياث الدين = Ghiassouddine
		{"lwsh", "rj"},          // علوش = Alouche
		{"rjb", "rkp"},          // رجب = Ragab
	} {
		if got := string(AppendSkeletonVariant(nil, tt.in)); got != tt.want {
			t.Errorf("AppendSkeletonVariant(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGlossTranslatesOrganisationWords(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // one English word of each token's gloss, "" for none
	}{
		{"noun, adjectives and demonym, feminine", "الجماعة الإسلامية المقاتلة الليبية", []string{"", "group", "", "islamic", "", "fighting", "", "libyan"}},
		{"masculine adjective and demonym", "الجهاد الاسلامي المصري", []string{"", "", "", "islamic", "", "egyptian"}},
		{"Persian spelling with a final heh", "شبکه حقانی", []string{"network", ""}},
		{"a joined preposition and article (li-l)", "مكتب حنيفة للصرافة", []string{"office", "", "exchange"}},
		{"a joined preposition (bi)", "ببلاد المغرب", []string{"country", "", "maghreb"}},
		{"in, and", "القاعدة في جزيرة العرب", []string{"", "base", "in", "peninsula", "", "arab"}},
		{"given names are not translated", "نور محمد نصر الدين", []string{"", "", ""}},
		{"Latin words have no gloss", "Islamic Group", []string{"", ""}},
	}
	for _, tt := range tests {
		ts := Tokenize(tt.in)
		if len(ts) != len(tt.want) {
			t.Errorf("%s: %q has %d tokens (%s), want %d", tt.name, tt.in, len(ts), Texts(ts), len(tt.want))
			continue
		}
		for i, x := range ts {
			ws := GlossWords(x.Gloss)
			if tt.want[i] == "" {
				if ws != nil {
					t.Errorf("%s: %q: %q glossed %v, want none", tt.name, tt.in, x.Text, ws)
				}
				continue
			}
			found := false
			for _, w := range ws {
				found = found || w.Text == tt.want[i]
			}
			if !found {
				t.Errorf("%s: %q: %q glossed %v, want %q among them", tt.name, tt.in, x.Text, ws, tt.want[i])
			}
		}
	}
}

func TestGlossPhrases(t *testing.T) {
	ws := GlossWords(Gloss("srafa"))
	ok := false
	for i := range ws {
		ok = ok || ws[i].Phrase("money", "exchange")
	}
	if !ok {
		t.Errorf("صرافة: %v, want the phrase money exchange", ws)
	}
	if ws[0].Phrase("mone", "yexchange") {
		t.Error("Phrase split a word")
	}
}

func TestTrailingAcronym(t *testing.T) {
	tests := []struct {
		name, in string
		want     bool
	}{
		{"initials in parentheses", "MUHAMMAD JAMAL NETWORK (MJN)", true},
		{"after a slash, articles spelled", "AL-ITIHAAD AL-ISLAMIYA / AIAI", true},
		{"particles left out", "JAMA'A NUSRAT UL-ISLAM WA AL-MUSLIMIN (JNIM)", true},
		{"a second letter from within a word", "HAQQANI NETWORK (HQN)", true},
		{"in the, skipped", "AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)", true},
		{"not the initials", "TARIQ GIDAR GROUP (XYZ)", false},
		{"not written apart: a name", "Ali Al Ali", false},
		{"a word, not an acronym", "Bank of Kunlun (Kunlun)", false},
		{"one word is no acronym of words", "Network (N)", false},
	}
	for _, tt := range tests {
		if got := TrailingAcronym(tt.in, Tokenize(tt.in)); got != tt.want {
			t.Errorf("%s: TrailingAcronym(%q) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}
