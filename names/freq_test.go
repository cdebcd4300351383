package names_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/clearance-screening/clearance/internal/namefreq"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/names"
)

// The committed table is what the generator builds from the shared name
// tables: regenerate it (go generate ./names) when they change.
func TestFrequencyTableMatchesItsGenerator(t *testing.T) {
	dir := filepath.Join(sharedfiles.ListsDir(), "..", "names")
	if d := os.Getenv("CLEARANCE_NAMES"); d != "" {
		dir = d
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("name tables %s not found (set CLEARANCE_NAMES): %v", dir, err)
	}
	var b bytes.Buffer
	if err := namefreq.Build(dir, &b); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("namefreq.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), committed) {
		t.Fatalf("names/namefreq.tsv differs from what namefreqgen builds from %s: run go generate ./names", dir)
	}
}

func TestCommonShareTellsCommonNamesFromRareOnes(t *testing.T) {
	tests := []struct {
		name     string
		min, max float64 // the share's bounds
		pop      int
	}{
		{"Li Wei", 1e-4, 1e-2, names.PopChinese},
		{"Wang Wei", 1e-4, 1e-2, names.PopChinese},
		{"Kim Young", 1e-4, 1e-2, names.PopKorean},
		{"Mohammed Ali", 1e-3, 1e-1, names.PopArabic},
		{"Muhammad Ali", 1e-3, 1e-1, names.PopArabic},
		{"John Smith", 1e-4, 1e-2, names.PopUS},
		{"Juan Diaz", 1e-5, 1e-3, names.PopHispanic},
		{"Ivan Petrov", 1e-5, 1e-3, names.PopRussian},
		// A Korean given name's syllables are syllables, even where
		// one is also a surname (Jeong): one surname per name.
		{"Kim Jeong Eun", 1e-6, 5e-5, names.PopKorean},
		{"Pak Jin Hyok", 1e-7, 1e-5, names.PopKorean},
		{"Obaid Khanani", 0, 1e-9, -1},
		{"Sergey Lavrov", 0, 1e-7, -1},
	}
	for _, tt := range tests {
		share, pop := names.CommonShare(names.Tokenize(tt.name))
		if share < tt.min || share > tt.max {
			t.Errorf("CommonShare(%q) = %.2g (%s), want in [%.0g, %.0g]", tt.name, share, names.PopulationNames[pop], tt.min, tt.max)
		}
		if tt.pop >= 0 && pop != tt.pop {
			t.Errorf("CommonShare(%q) population %s, want %s", tt.name, names.PopulationNames[pop], names.PopulationNames[tt.pop])
		}
	}
}
