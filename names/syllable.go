package names

import (
	"slices"
	"sync"
)

// koreanSyllables holds every Latin spelling of a Korean syllable the
// jamo tables make: an initial, a vowel and a final (some 13,000 words of
// seven letters or fewer), built once. A lookup is what every token of
// every name asks, at build and per query.
var koreanSyllables struct {
	once sync.Once
	set  map[uint64]struct{} // by shortWord
}

// KoreanSyllable reports whether a Latin token (as Latin produces it) is
// spelled like one Korean syllable in some romanisation: an initial, a
// vowel and a final from the jamo tables (Hong, Jeon, Seung, Gwang, Won).
// Such short words a letter apart are usually other syllables, not typos.
func KoreanSyllable(t string) bool {
	k, ok := shortWord(t)
	if !ok {
		return false
	}
	p := &koreanSyllables
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
			return out
		}
		initials, vowels, finals := flat(altInitial[:]), flat(altVowel[:]), flat(altFinal[:])
		p.set = make(map[uint64]struct{}, len(initials)*len(vowels)*len(finals))
		for _, i := range initials {
			for _, v := range vowels {
				for _, f := range finals {
					if k, ok := shortWord(i + v + f); ok {
						p.set[k] = struct{}{}
					}
				}
			}
		}
	})
	_, ok = p.set[k]
	return ok
}
