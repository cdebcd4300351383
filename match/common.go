package match

import (
	"fmt"
	"math/bits"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/names"
)

// A name made of parts that are common in some population carries little
// evidence when it only partly matches a listed name, or matches it only
// through romanisation: thousands of people bear "Li Wei" or "Kim Young",
// and a listed LI Wei Ming or KIM Yong Chol is not one of them on the
// name's strength alone. Such a match is held below the alert threshold
// (commonCap), so that it alerts only with corroboration (a matching date
// of birth or country). A full, exact match of a listed name or alias is
// left alone: that the screener must see whatever the name.
//
// The share of a population bearing a name is estimated from census and
// registry name frequencies (names.CommonShare; README "Name
// frequencies"). Partial matches are held back from one bearer in 200,000
// (commonPartialShare): "Samuel Leon" for LEON ALVARADO, Samuel. A match
// of the whole name is held back only when a part met its partner by less
// than a romanisation variant (a typo, an initial, a final n for ng), from
// one bearer in 20,000 (commonVariantShare), the loosely met part counting
// for every name as close (looseShareFactor); and when the whole name met
// by romanisation variants only, from one in 500 (commonRomanisedShare):
// romanisation variants are how a listed name is written by other hands
// (Park Jin Hyok must find PAK, Jin Hyok). That last cut is one in 2,000
// (commonRomanisedOtherShare) for a name not spelled like Korean or
// Chinese syllables: lists write those in systems their bearers do not
// use (McCune-Reischauer, Wade-Giles), where a Muhammad Nur for NUR,
// Mohammad is the name as thousands write it.
const (
	commonPartialShare   = 5e-6
	commonVariantShare   = 5e-5
	commonRomanisedShare = 2e-3
	// commonRomanisedOtherShare is commonRomanisedShare for names not
	// spelled like Korean or Chinese syllables (names.NameShape).
	commonRomanisedOtherShare = 5e-4
	// looseShareFactor widens the share of a part met by less than a
	// romanisation variant: a typo of Minjun stands for every name one
	// letter from it.
	looseShareFactor = 1
	// commonCap is where a common name's weak match is held: under the
	// default threshold 0.80 by what an exact date of birth adds (0.06),
	// so that with it the match alerts again.
	commonCap = 0.78
)

// commonName reports whether a person's name match is a partial or
// variant match of a name common in some population, and if so how common
// (the share of that population bearing the matched parts) and where.
func commonName(q *query, a alignment, e *clearance.Entity) (common bool, share float64, pop int) {
	if e.Type != clearance.Person || q.typ != clearance.Unknown && q.typ != clearance.Person || len(a.pairs) == 0 {
		return false, 0, 0
	}
	var usedQ, usedL uint64
	for _, p := range a.pairs {
		usedQ |= p.q
		usedL |= p.l
	}
	qWords, _ := unmatched(q.tokens, usedQ, 0)
	lWords, _ := unmatched(a.listed, usedL, 0)
	lWords -= listedPatronymicsLeft(a.listed, usedL)
	partial := qWords > 0 || lWords > 0
	limit := commonVariantShare
	switch {
	case partial:
		limit = commonPartialShare
	case allExact(a.pairs):
		return false, 0, 0
	case !weakPairing(a.pairs):
		// The whole name by another romanisation system: that is how
		// listed names are written by other hands, held back only when
		// very common (Nur Muhammad for NUR, Mohammad).
		limit = commonRomanisedShare
		if q.shape == 0 && (len(q.tokens) == 0 || q.tokens[0].Alts == nil) {
			limit = commonRomanisedOtherShare
		}
	}
	if q.freq == nil {
		q.freq = make([]tokenFreq, len(q.tokens))
		for i, t := range q.tokens {
			for p := range names.PopulationNames {
				q.freq[i].part[p] = names.PartShare(t, p)
				q.freq[i].given[p] = names.GivenShare(t, p)
			}
		}
	}
	// The matched query parts, in the population where they are commonest.
	for p := range names.PopulationNames {
		n := names.NewNameShare(p)
		for _, pr := range a.pairs {
			loose := 1.0
			if pr.sim < simRomanisation {
				loose = looseShareFactor
			}
			for m := pr.q; m != 0; m &= m - 1 {
				i := bits.TrailingZeros64(m)
				if !q.tokens[i].Noise {
					n.AddShares(q.freq[i].part[p], q.freq[i].given[p], loose)
				}
			}
		}
		if s := n.Share(); s > share {
			share, pop = s, p
		}
	}
	return share >= limit, share, pop
}

// weakPairing reports whether a part met its partner by less than a
// romanisation variant: a typo, an initial, a final n for ng.
func weakPairing(ps []pairing) bool {
	for _, p := range ps {
		if p.sim < simRomanisation {
			return true
		}
	}
	return false
}

// listedPatronymicsLeft counts the Russian patronymics a listed name keeps
// unmatched: they are left out as often as written (Sergey Lavrov is
// Sergey Viktorovich Lavrov), so leaving one out is not a partial match.
func listedPatronymicsLeft(ts []names.Token, used uint64) int {
	n := 0
	for i := 0; i < len(ts) && i < maxTokens; i++ {
		if used&(1<<i) == 0 && !ts[i].Noise && names.RussianPatronymic(ts[i].Text) {
			n++
		}
	}
	return n
}

// commonReason explains a capped common-name match.
func commonReason(share float64, pop int, before, after float32) clearance.Reason {
	return clearance.Reason{
		Field: "name",
		How:   fmt.Sprintf("common name: about 1 in %s of %s names bear these parts; a partial or variant match of it alerts only with a date of birth or country", roundCount(1/share), names.PopulationNames[pop]),
		Score: round3(float64(after - before)),
	}
}

// roundCount writes a large number to two significant figures: 1 in 1,800.
func roundCount(x float64) string {
	if x < 100 {
		return fmt.Sprintf("%.0f", x)
	}
	p := 1.0
	for x/p >= 100 {
		p *= 10
	}
	n := int64(x/p+0.5) * int64(p)
	s := fmt.Sprint(n)
	out := []byte{}
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
