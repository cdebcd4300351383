package names

import "testing"

func TestNameShapeNeedsSyllablesAndASurname(t *testing.T) {
	tests := []struct {
		name string
		want uint8
	}{
		{"Gim Young-soo", ShapeKorean},
		{"Wang Zhiying", ShapeChinese},
		{"Yang Liu", ShapeKorean | ShapeChinese},
		{"Hongdan Xu", ShapeChinese},
		{"Hala Banking Corporation Ltd", 0},
		{"Noser Al-Ali", 0},
		{"Kim", 0}, // one word says nothing of the name's shape
		{"김정은", 0},
	}
	for _, tt := range tests {
		if got := NameShape(Tokenize(tt.name)); got != tt.want {
			t.Errorf("NameShape(%q) = %b, want %b", tt.name, got, tt.want)
		}
	}
}

func TestOtherSyllables(t *testing.T) {
	tests := []struct {
		a, b  string
		shape uint8
		want  bool
	}{
		// Pinyin spells each syllable one way: Liu is not Yu, Li not Yi.
		{"liu", "yu", ShapeChinese, true},
		{"liang", "yang", ShapeChinese, true},
		{"li", "yi", ShapeChinese, true},
		{"zhiying", "zhiqing", ShapeChinese, true},
		// Wade-Giles drops the aspiration; older spellings write Xi as Si.
		{"zhang", "chang", ShapeChinese, false},
		{"deng", "teng", ShapeChinese, false},
		{"xi", "si", ShapeChinese, false},
		// A word no pinyin: not for this rule to say.
		{"shu", "ssu", ShapeChinese, false},
		// Korean: one syllable by two romanisations, or two syllables.
		{"myung", "myong", ShapeKorean, false},
		{"young", "hyong", ShapeKorean, false}, // an initial h softened
		{"woo", "u", ShapeKorean, false},
		{"myung", "yong", ShapeKorean, true},
		{"miyoung", "myong", ShapeKorean, true}, // Mi-young is two syllables, Myong one
		{"liu", "yu", ShapeKorean, false},       // 류 is Ryu, Yu and Liu
	}
	for _, tt := range tests {
		if got := OtherSyllables(tt.a, tt.b, tt.shape); got != tt.want {
			t.Errorf("OtherSyllables(%q, %q, %b) = %v, want %v", tt.a, tt.b, tt.shape, got, tt.want)
		}
	}
}

func TestOtherJoin(t *testing.T) {
	tests := []struct {
		whole, a, b string
		shape       uint8
		want        bool
	}{
		{"sangman", "sang", "man", ShapeKorean, false},
		{"yongsu", "yong", "su", ShapeKorean, false},
		{"youngsoo", "yong", "su", ShapeKorean, false},
		{"jonghoon", "jong", "chon", ShapeKorean, true},
		{"hyok", "hye", "ok", ShapeKorean, true}, // one syllable is not two
		{"zhiying", "zhi", "ying", ShapeChinese, false},
		{"jianlin", "jian", "ping", ShapeChinese, true},
	}
	for _, tt := range tests {
		if got := OtherJoin(tt.whole, tt.a, tt.b, tt.shape); got != tt.want {
			t.Errorf("OtherJoin(%q, %q, %q, %b) = %v, want %v", tt.whole, tt.a, tt.b, tt.shape, got, tt.want)
		}
	}
}
