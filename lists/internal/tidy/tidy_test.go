package tidy

import "testing"

func TestCleanCollapsesWhitespace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  KIM  Sang\n Man\t", "KIM Sang Man"},
		{"A\u00a0B", "A B"},
		{"plain", "plain"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJoinNonEmptySkipsEmptyParts(t *testing.T) {
	if got := JoinNonEmpty(", ", "", "Pyongyang", "", "KP"); got != "Pyongyang, KP" {
		t.Errorf("JoinNonEmpty = %q", got)
	}
}
