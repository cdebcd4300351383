package names

import (
	"slices"
	"strings"
	"sync"
)

// syllableParts are the distinct Latin spellings of Korean initials,
// vowels and finals, longest first, built once from the jamo tables.
var syllableParts struct {
	once                  sync.Once
	initial, vowel, final []string
}

// KoreanSyllable reports whether a Latin token (as Latin produces it) is
// spelled like one Korean syllable in some romanisation: an initial, a
// vowel and a final from the jamo tables (Hong, Jeon, Seung, Gwang, Won).
// Such short words a letter apart are usually other syllables, not typos.
func KoreanSyllable(t string) bool {
	if len(t) == 0 || len(t) > 7 {
		return false
	}
	p := &syllableParts
	p.once.Do(func() {
		flat := func(sets [][]string) []string {
			var out []string
			for _, s := range sets {
				for _, x := range s {
					if !slices.Contains(out, x) {
						out = append(out, x)
					}
				}
			}
			slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
			return out
		}
		p.initial, p.vowel, p.final = flat(altInitial[:]), flat(altVowel[:]), flat(altFinal[:])
	})
	for _, i := range p.initial {
		rest, ok := strings.CutPrefix(t, i)
		if !ok {
			continue
		}
		for _, v := range p.vowel {
			end, ok := strings.CutPrefix(rest, v)
			if ok && slices.Contains(p.final, end) {
				return true
			}
		}
	}
	return false
}
