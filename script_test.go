package clearance

import "testing"

func TestScriptOfNamesTheScriptMostLettersAreIn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"KIM JONG UN", ""},
		{"Kim Cho’ng-sik", ""},
		{"김정은", "Hangul"},
		{"金正恩", "Han"},
		{"Эмират Кавказ", "Cyrillic"},
		{"صدام حسين", "Arabic"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ScriptOf(tt.in); got != tt.want {
			t.Errorf("ScriptOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
