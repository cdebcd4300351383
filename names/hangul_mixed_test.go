package names

import (
	"strings"
	"testing"
)

// A character touching Hangul once sent tokenising into endless recursion
// (the word "(김정은" went back and forth between the Hangul and Latin
// paths) and killed the process with a stack overflow.
func TestTokenizeHangulTouchingOtherCharacters(t *testing.T) {
	plain := texts(Tokenize("김정은"))
	for _, name := range []string{"(김정은)", `"김정은"`, "[김정은]", "김정은.", "«김정은»"} {
		if got := texts(Tokenize(name)); strings.Join(got, " ") != strings.Join(plain, " ") {
			t.Errorf("Tokenize(%q) = %q, want %q as for 김정은 alone", name, got, plain)
		}
	}
	for _, tc := range []struct{ name, want string }{
		{"Kim김정은", "kim gim jeong eun"},
		{"Mr.김정은", "mr gim jeong eun"},
		{"김0&0000", "gim 0 and 0000"},
		{"김정은 Co., Ltd.", "gim jeong eun co ltd"},
		{"조선 Limited Liability Company 은행", "jo seon llc eun haeng"},
	} {
		if got := strings.Join(texts(Tokenize(tc.name)), " "); got != tc.want {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
