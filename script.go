package clearance

import "unicode"

// ScriptOf names the non-Latin script most of the letters of s are written
// in ("Arabic", "Cyrillic", "Han", "Hangul", ...), or "" for Latin text.
// Parsers use it to fill Name.Script.
func ScriptOf(s string) string {
	var counts [len(scripts)]int
	latin := 0
	for _, r := range s {
		if r < 0x80 {
			if unicode.IsLetter(r) {
				latin++
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		found := false
		for i, sc := range scripts {
			if unicode.Is(sc.table, r) {
				counts[i]++
				found = true
				break
			}
		}
		if !found && unicode.Is(unicode.Latin, r) {
			latin++
		}
	}
	best, bestN := "", latin
	for i, n := range counts {
		if n > bestN {
			best, bestN = scripts[i].name, n
		}
	}
	return best
}

var scripts = [...]struct {
	name  string
	table *unicode.RangeTable
}{
	{"Arabic", unicode.Arabic},
	{"Cyrillic", unicode.Cyrillic},
	{"Han", unicode.Han},
	{"Hangul", unicode.Hangul},
	{"Hebrew", unicode.Hebrew},
	{"Greek", unicode.Greek},
	{"Georgian", unicode.Georgian},
	{"Armenian", unicode.Armenian},
	{"Thai", unicode.Thai},
	{"Hiragana", unicode.Hiragana},
	{"Katakana", unicode.Katakana},
}
