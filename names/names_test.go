package names

import (
	"slices"
	"strings"
	"testing"
)

func TestLatin(t *testing.T) {
	tests := []struct{ in, want string }{
		{"KIM, Sang Man", "kim sang man"},
		{"HAN, Ch'o'l-man", "han chol man"},
		{"Biljana PLAVŠIC", "biljana plavsic"},
		{"Ri Tŏk Jin", "ri tok jin"},
		{"ʿAlī FAHRADI", "ali fahradi"},
		{"Straße & Söhne", "strasse and sohne"},
		{"김정은", "gim jeong eun"},
		{"Андреев Виталий Сергеевич", "andreev vitaliy sergeevich"},
		{"Евгений", "yevgeniy"},
		{"صدام حسين التكريتي", "sdam hsyn al tkryty"},
		{"  AGHA  Sayyed  ", "agha sayyed"},
		{"Բարակ Օբամա", "barak obama"},
		{"ბარაკ ობამა", "barak obama"},
		{"バラク・オバマ", "baraku obama"},
	}
	for _, tt := range tests {
		in := tt.in
		if strings.ContainsRune(in, '김') {
			in = splitHangulNames(in)
		}
		if got := Latin(in); got != tt.want {
			t.Errorf("Latin(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKeyMakesRomanisationVariantsMeet(t *testing.T) {
	groups := [][]string{
		{"kim", "gim", "kym"},
		{"pak", "park", "bak"},
		{"ri", "rhee", "lee", "yi", "i", "li"},
		{"choe", "choi", "choy"},
		{"jong", "jung", "chong", "chung", "cheong", "jeong"},
		{"chol", "cheol", "chul"},
		{"hyok", "hyeok", "hyuk"},
		{"myong", "myeong", "myung"},
		{"song", "seong", "sung"},
		{"kum", "keum", "geum", "gum"},
		{"yevgeny", "evgeny"},
		{"yevgeniy", "evgenii", "yevgeni"},
		{"usama", "osama"},
		{"qadhafi", "gaddafi", "kadhafi"},
		{"yun", "yoon", "youn"},
		{"an", "ahn"},
		{"o", "oh"},
		{"sin", "shin"},
		{"pyong", "phyong", "pyeong"},
		{"xi", "hsi", "si", "shi"}, // Chinese: pinyin, Wade-Giles
		{"ze", "tse"}, {"xu", "hsu"},
		{"dong", "tung", "tong"},
		{"bin", "ben", "ibn"}, // one Arabic word
	}
	for _, g := range groups {
		want := Key(g[0])
		for _, s := range g[1:] {
			if got := Key(s); got != want {
				t.Errorf("Key(%q) = %q, want %q (as Key(%q))", s, got, want, g[0])
			}
		}
	}
	distinct := [][2]string{{"kim", "kin"}, {"pak", "paek"}, {"han", "kang"}, {"smith", "schmidt"}}
	for _, d := range distinct {
		if Key(d[0]) == Key(d[1]) {
			t.Errorf("Key(%q) = Key(%q) = %q; want them apart", d[0], d[1], Key(d[0]))
		}
	}
}

func TestSkeletonMatchesArabicScript(t *testing.T) {
	pairs := [][2]string{{"محمد", "Mohammed"}, {"حسين", "Hussein"}, {"التكريتي", "al-Tikriti"}, {"صدام", "Saddam"}}
	for _, p := range pairs {
		a, l := Tokenize(p[0]), Tokenize(p[1])
		if len(a) != len(l) {
			t.Fatalf("Tokenize(%q) = %v, Tokenize(%q) = %v: token counts differ", p[0], a, p[1], l)
		}
		for i := range a {
			if a[i].Skel != l[i].Skel {
				t.Errorf("%q ~ %q: skeleton %q != %q", p[0], p[1], a[i].Skel, l[i].Skel)
			}
			if !a[i].Abjad || l[i].Abjad {
				t.Errorf("%q: Abjad flags %v %v, want true false", p[0], a[i].Abjad, l[i].Abjad)
			}
		}
	}
}

func TestTokenizeNormalisesLegalFormsAndOrdinals(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Korea Co., Ltd.", "KOREA COMPANY LIMITED"},
		{"110th Research Center", "110 RESEARCH CENTER"},
		{"OOO Yupel", "Yupel LLC"},
		{"Limited Liabilty Company Polyus", "Polyus LLC"},
		{"Polyus Limited Cliability Company", "Polyus LLC"},
		{"Nexign Oint Stock Company", "Nexign JSC"},
		{"Management Gcompany Polyus", "Management Co Polyus"},
		{"Faberlic Europe Sp. z o.o.", "Faberlic Europe Spolka z o.o."},
	}
	for _, tt := range tests {
		ka, kb := texts(Tokenize(tt.a)), texts(Tokenize(tt.b))
		for _, w := range ka {
			if !contains(kb, w) {
				t.Errorf("%q and %q: token %q of the first is missing in the second (%v vs %v)", tt.a, tt.b, w, ka, kb)
			}
		}
	}
	if ts := Tokenize("Mr. John Smith Ltd"); !ts[0].Noise || ts[1].Noise || !ts[3].Noise {
		t.Errorf("noise flags wrong: %+v", ts)
	}
}

func TestHangulSurnameSplit(t *testing.T) {
	got := texts(Tokenize("남궁민수"))
	if len(got) != 3 || got[0] != "namgung" {
		t.Errorf("Tokenize(남궁민수) = %v, want the compound surname apart", got)
	}
	got = texts(Tokenize("리관명"))
	if len(got) != 3 || got[0] != "ri" || got[1] != "gwan" || got[2] != "myeong" {
		t.Errorf("Tokenize(리관명) = %v", got)
	}
}

func texts(ts []Token) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Text)
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"KIM, Sang Man", "김정은", "صدام حسين", "Co., Ltd.", "110th", "\xff\xfe", "", "(김정은)", "김0&0000", "Kim김정은", "Mr.김정은", "\x00김", "김\u200b정"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokenize(s) {
			if tok.Text == "" || strings.ContainsRune(tok.Text, ' ') {
				t.Fatalf("Tokenize(%q): bad token %+v", s, tok)
			}
		}
	})
}

func TestTokenizeReadsDigitsForLettersInWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ig0r Sech1n", "igor sechin"},
		{"KUM SONG 3", "kum song 3"},
		{"110th Research Center", "110 research center"},
		{"JSC 60 ARSENAL", "jsc 60 arsenal"},
		{"A320", "a320"},
	}
	for _, tt := range tests {
		if got := Texts(Tokenize(tt.in)); got != tt.want {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKoreanSyllable(t *testing.T) {
	tests := []struct {
		token string
		want  bool
	}{
		{"hong", true}, {"jeon", true}, {"seung", true}, {"gwang", true}, {"won", true}, {"hyok", true}, {"choe", true}, {"ri", true},
		{"ladin", false}, {"abd", false}, {"chanu", false}, {"nuristani", false}, {"smith", false}, {"", false},
	}
	for _, tt := range tests {
		if got := KoreanSyllable(tt.token); got != tt.want {
			t.Errorf("KoreanSyllable(%q) = %v, want %v", tt.token, got, tt.want)
		}
	}
}

func TestShortLegalFormsInsideAPersonsName(t *testing.T) {
	tests := []struct {
		name  string
		want  []string
		noise []bool
	}{
		{"Kim Too-man", []string{"kim", "too", "man"}, []bool{false, false, false}},
		{"Kim Doo Han", []string{"kim", "doo", "han"}, []bool{false, false, false}},
		{"Yupel Too", []string{"yupel", "llc"}, []bool{false, true}},
		{"Korea Co Ltd", []string{"korea", "co", "ltd"}, []bool{false, true, true}},
		{"Too Yupel", []string{"llc", "yupel"}, []bool{true, false}},
		{"Fincimex S.A. de C.V.", []string{"fincimex", "sa", "de", "cv"}, []bool{false, true, true, true}},
	}
	for _, tt := range tests {
		ts := Tokenize(tt.name)
		if got := texts(ts); !slices.Equal(got, tt.want) {
			t.Errorf("Tokenize(%q) = %v, want %v", tt.name, got, tt.want)
			continue
		}
		for i := range ts {
			if ts[i].Noise != tt.noise[i] {
				t.Errorf("Tokenize(%q): token %q noise %v, want %v", tt.name, ts[i].Text, ts[i].Noise, tt.noise[i])
			}
		}
	}
}

func TestSameGivenName(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"bill", "william", true},
		{"william", "bill", true},
		{"bob", "rob", true},
		{"ted", "theodore", true},
		{"ted", "edward", true},
		{"sasha", "aleksandr", true},
		{"bill", "robert", false},
		{"william", "william", false}, // not a familiar form: the caller's exact match
		{"ben", "benjamin", false},    // ben is also the Arabic patronymic particle
	}
	for _, tt := range tests {
		if got := SameGivenName(tt.a, tt.b); got != tt.want {
			t.Errorf("SameGivenName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// Ukrainian forms of given names meet the Russian forms lists write for
// the same person (OFAC's Serhiy is the UK's Sergey).
func TestSameGivenNameAcrossUkrainianAndRussianForms(t *testing.T) {
	for _, p := range [][2]string{{"serhiy", "sergey"}, {"oleksandr", "aleksandr"}, {"volodymyr", "vladimir"}, {"fedor", "fyodor"}, {"olena", "yelena"}} {
		if !SameGivenName(p[0], p[1]) || !SameGivenName(p[1], p[0]) {
			t.Errorf("SameGivenName(%q, %q) = false, want the same given name", p[0], p[1])
		}
	}
	if SameGivenName("serhiy", "vladimir") {
		t.Error("Serhiy and Vladimir are not one name")
	}
}
