// Package match indexes listed entities and screens queries against them:
// candidate retrieval from an inverted index of romanisation keys, their
// one-letter deletions and consonant skeletons, then scoring of each
// candidate with the reasons for its score.
//
// An Index is built once from a slice of entities and never changes; a
// list update builds a new Index and swaps a pointer, so readers never lock.
package match

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/names"
	"github.com/clearance-screening/clearance/wallet"
)

// DefaultThreshold is the score at or above which a match is an alert.
// It was chosen on the development set (see the README's "Matching"
// section): it keeps false alerts on unlisted names near 1% while finding
// the listed spelling variants.
const DefaultThreshold = 0.80

// Index is an immutable, concurrency-safe screening index.
type Index struct {
	entities []clearance.Entity
	names    []listedName
	byID     map[string]int

	// CSR postings: hashes sorted, postings[offsets[i]:offsets[i+1]] are
	// the name ordinals for hashes[i].
	hashes   []uint64
	offsets  []uint32
	postings []uint32
	dir      []uint32 // see posting

	nNames  int
	wallets map[string][]int32 // canonical address -> entity ordinals
	idents  map[string][]int32 // normalised identifier number -> entity ordinals

	threshold float64
	pool      sync.Pool
}

// listedName is one name of one entity, pre-tokenised for scoring.
type listedName struct {
	entity  int32
	nameIdx int16
	weak    bool
	tokens  []names.Token
	weights []float32
	concat  []string // Key of tokens[i]+tokens[i+1], for joined/split names
}

// Options tune an Index. The zero value is the default.
type Options struct {
	// Threshold overrides DefaultThreshold.
	Threshold float64
}

// Build indexes entities. The slice is kept (not copied); the caller must
// not change it afterwards.
func Build(entities []clearance.Entity, opts Options) *Index {
	ix := &Index{
		entities:  entities,
		byID:      make(map[string]int, len(entities)),
		wallets:   map[string][]int32{},
		idents:    map[string][]int32{},
		threshold: opts.Threshold,
	}
	if ix.threshold == 0 {
		ix.threshold = DefaultThreshold
	}
	type pair struct {
		h    uint64
		name uint32
	}
	var pairs []pair
	for ei := range entities {
		e := &entities[ei]
		ix.byID[e.ID] = ei
		for ni, n := range e.Names {
			toks := names.Tokenize(n.Full)
			if len(toks) == 0 {
				continue
			}
			ln := listedName{entity: int32(ei), nameIdx: int16(ni), weak: n.Weak, tokens: toks}
			if len(toks) > 1 {
				ln.concat = make([]string, len(toks)-1)
				for i := 0; i+1 < len(toks); i++ {
					ln.concat[i] = names.Key(toks[i].Text + toks[i+1].Text)
				}
			}
			id := uint32(len(ix.names))
			ix.names = append(ix.names, ln)
			add := func(h uint64) { pairs = append(pairs, pair{h, id}) }
			for _, t := range toks {
				if t.Noise {
					continue
				}
				forEachListedKey(t.Key, t.Skel, true, add)
			}
			for _, c := range ln.concat {
				forEachListedKey(c, "", false, add)
			}
		}
		for _, w := range e.Wallets {
			c := wallet.Canonical(w.Currency, w.Address)
			if c != "" && !slices.Contains(ix.wallets[c], int32(ei)) {
				ix.wallets[c] = append(ix.wallets[c], int32(ei))
			}
		}
		for _, id := range e.Identifiers {
			if n := normalizeIdentifier(id.Number); len(n) >= 5 && !slices.Contains(ix.idents[n], int32(ei)) {
				ix.idents[n] = append(ix.idents[n], int32(ei))
			}
		}
	}
	ix.nNames = len(ix.names)
	slices.SortFunc(pairs, func(a, b pair) int {
		if a.h != b.h {
			if a.h < b.h {
				return -1
			}
			return 1
		}
		return int(a.name) - int(b.name)
	})
	pairs = slices.Compact(pairs)
	ix.postings = make([]uint32, len(pairs))
	for i, p := range pairs {
		ix.postings[i] = p.name
		if i == 0 || p.h != pairs[i-1].h {
			ix.hashes = append(ix.hashes, p.h)
			ix.offsets = append(ix.offsets, uint32(i))
		}
	}
	ix.offsets = append(ix.offsets, uint32(len(pairs)))
	ix.buildDir()
	// Token weights: inverse document frequency of the exact key, so that
	// "Kim" or "Mohammed" count for little and a rare surname for much.
	for i := range ix.names {
		ln := &ix.names[i]
		ln.weights = make([]float32, len(ln.tokens))
		for j, t := range ln.tokens {
			ln.weights[j] = ix.weight(t)
		}
	}
	ix.pool.New = func() any { return newScratch(ix.nNames) }
	return ix
}

// noiseWeight is the weight of titles, legal forms and particles.
const noiseWeight = 0.15

// weight is the inverse document frequency of a token's key.
func (ix *Index) weight(t names.Token) float32 {
	if t.Noise {
		return noiseWeight
	}
	df := len(ix.posting(hashKey(nsKey, t.Key, -1)))
	return ix.idf(df)
}

func (ix *Index) idf(df int) float32 {
	n := float64(ix.nNames) + 1
	if df == 0 {
		df = 1
	}
	w := math.Log(n / float64(df))
	// Digits-only and one-letter tokens identify little on their own.
	if w < 0.5 {
		w = 0.5
	}
	return float32(w)
}

// posting returns the name ordinals stored under hash h.
func (ix *Index) posting(h uint64) []uint32 {
	// The directory narrows the search to the hashes that share h's top
	// dirBits bits: a handful, even in a large index.
	d := h >> (64 - dirBits)
	lo, hi := ix.dir[d], ix.dir[d+1]
	i, ok := slices.BinarySearch(ix.hashes[lo:hi], h)
	if !ok {
		return nil
	}
	i += int(lo)
	return ix.postings[ix.offsets[i]:ix.offsets[i+1]]
}

// dirBits sizes the directory over the sorted hashes: 2^18 entries, 1 MiB.
const dirBits = 18

// buildDir fills the directory: dir[d] is the first hash whose top bits are >= d.
func (ix *Index) buildDir() {
	ix.dir = make([]uint32, 1<<dirBits+1)
	j := 0
	for d := range 1 << dirBits {
		for j < len(ix.hashes) && ix.hashes[j]>>(64-dirBits) < uint64(d) {
			j++
		}
		ix.dir[d] = uint32(j)
	}
	ix.dir[1<<dirBits] = uint32(len(ix.hashes))
}

// Len is the number of entities indexed.
func (ix *Index) Len() int { return len(ix.entities) }

// Entities returns the indexed entities; the caller must not change them.
func (ix *Index) Entities() []clearance.Entity { return ix.entities }

// Entity returns the entity with the given ID.
func (ix *Index) Entity(id string) (*clearance.Entity, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return nil, false
	}
	return &ix.entities[i], true
}

// Threshold is the alert threshold this index screens with.
func (ix *Index) Threshold() float64 { return ix.threshold }

// normalizeIdentifier keeps the letters and digits of a document number,
// upper-cased: "No. 109-420 132" and "109420132" meet.
func normalizeIdentifier(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
			b.WriteByte(c)
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		}
	}
	return b.String()
}
