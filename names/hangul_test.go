package names

import (
	"slices"
	"testing"
)

// hangulAlts returns the spellings of syllable i (0 is the surname) of a
// Hangul name as Tokenize gives them.
func hangulAlts(t *testing.T, name string, i int) []string {
	t.Helper()
	ts := Tokenize(name)
	if i >= len(ts) || ts[i].Alts == nil {
		t.Fatalf("Tokenize(%s) = %+v: no Hangul syllable %d", name, ts, i)
	}
	return ts[i].Spellings()
}

func TestHangulSpellings(t *testing.T) {
	tests := []struct {
		why      string
		name     string
		syllable int
		want     string
	}{
		{"이 in a given name is written Yi (Jeong Yi-kyeong)", "정이경", 1, "yi"},
		{"and like the surname (Kang Lee-seul)", "강이슬", 1, "lee"},
		{"인 is Yin beside In", "김인수", 1, "yin"},
		{"ㅖ after a consonant is said e: 혜 as Hae (Yoo Eun-hae)", "유은혜", 2, "hae"},
		{"계 as Gae (Lee Gae-byok)", "이계벽", 1, "gae"},
		{"ㅐ as ea (Lee Tea-young)", "이태영", 1, "tea"},
		{"ㅔ as ei (Won Sei-hoon)", "원세훈", 1, "sei"},
		{"ㅓ as ou (Yoon Soung-min)", "윤성민", 1, "soung"},
		{"ㅟ as ui (Yang Gui-ja)", "양귀자", 1, "gui"},
		{"a final ㄱ as ck (Seo Jae-duck)", "서재덕", 2, "duck"},
		{"ㅎ before w as wh (Kang Kyung-wha)", "강경화", 2, "wha"},
		{"ㅎ before u as wh (Chung Myung-whun)", "정명훈", 2, "whun"},
		{"a final ㄱ before m is said ng (석민: Seongmin)", "하석민", 1, "seong"},
		{"and written so in the English way (Sungmin)", "하석민", 1, "sung"},
		{"a final ㅂ before n is said m (갑남: Gamnam)", "김갑남", 1, "gam"},
		{"ㄹ after a final ng is said n (정례: Jeongnye)", "김정례", 2, "nye"},
		{"ㄴ before ㄹ is said l (진라: Jilla)", "김진라", 1, "jil"},
		{"ㄴ after ㄹ is said l (설남: Seollam)", "김설남", 2, "lam"},
		{"ㄹ after l is written once (필립: Philip)", "김필립", 2, "ip"},
	}
	for _, tt := range tests {
		if alts := hangulAlts(t, tt.name, tt.syllable); !slices.Contains(alts, tt.want) {
			t.Errorf("%s: syllable %d of %s lacks %q: %v", tt.why, tt.syllable, tt.name, tt.want, alts)
		}
	}
}

func TestHangulSoundChangesNeedTheirNeighbour(t *testing.T) {
	tests := []struct {
		why      string
		name     string
		syllable int
		not      string
	}{
		{"석 before a vowel keeps its k (석우 is not Seongu)", "하석우", 1, "seong"},
		{"a surname does not change before the given name (박민 is not Pangmin)", "박민수", 0, "pang"},
		{"ㄹ after a vowel is not said n (보라 is not Bona)", "김보라", 2, "na"},
		{"의 alone is not I", "김의성", 1, "i"},
	}
	for _, tt := range tests {
		if alts := hangulAlts(t, tt.name, tt.syllable); slices.Contains(alts, tt.not) {
			t.Errorf("%s: syllable %d of %s has %q: %v", tt.why, tt.syllable, tt.name, tt.not, alts)
		}
	}
}

func TestSyllableKeys(t *testing.T) {
	tests := []struct {
		spelling string
		want     bool
	}{
		{"hyeun", true}, // 혜 + 은 joined folds onto Hyun
		{"jeoo", true},  // 재 + 우 folds onto Jo
		{"jaewon", false},
		{"jisoo", false},
	}
	for _, tt := range tests {
		if got := isSyllableKey(Key(tt.spelling)); got != tt.want {
			t.Errorf("isSyllableKey(Key(%q) = %q) = %v, want %v", tt.spelling, Key(tt.spelling), got, tt.want)
		}
	}
}
