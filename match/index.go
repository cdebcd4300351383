// Package match indexes listed entities and screens queries against them:
// candidate retrieval from an inverted index of romanisation keys, their
// one-letter deletions and consonant skeletons, then scoring of each
// candidate with the reasons for its score.
//
// An Index is built once from a slice of entities and never changes; a
// list update builds a new Index and swaps a pointer, so readers never lock.
package match

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

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

	// texts is an open-addressing set of the hashes of every distinct
	// listed token text, at most half full: a query word that is in none
	// is likely misspelt (see query.unseen).
	texts []uint64

	threshold float64
	pool      sync.Pool
}

// listedName is one name of one entity, pre-tokenised for scoring.
type listedName struct {
	entity  int32
	nameIdx int16
	weak    bool
	// acronymLeftOff marks the listed name without the acronym the list
	// appends to it (names.TrailingAcronym).
	acronymLeftOff bool
	tokens         []names.Token
	weights        []float32
	concat         []string // Key of tokens[i]+tokens[i+1], for joined/split names
	skel           string   // the whole name's consonant skeleton
	// coreSkel is skel without titles and particles (see nameSkeleton).
	coreSkel string
	wrap     string   // Key of the last token + the first, for names listed surname first
	ids      []uint32 // each token's ordinal in the index's token dictionary
	total    float32  // the sum of weights
}

// acronym is the initials of a name of two to five words, particles and
// legal forms left out ("People's Liberation Army" → "pla"), or "".
func acronym(ts []names.Token) string {
	var b [maxAcronym]byte
	n := 0
	for _, t := range ts {
		if t.Noise {
			continue
		}
		if n == maxAcronym || t.Text[0] < 'a' || t.Text[0] > 'z' {
			return ""
		}
		b[n] = t.Text[0]
		n++
	}
	if n < 2 {
		return ""
	}
	return string(b[:n])
}

// maxAcronym is the longest acronym matched.
const maxAcronym = 5

// nameSkeleton joins the tokens' skeletons: "Abd al-Rahman", "Abdul Rahman"
// and عبد الرحمن all read "ptrrmn". With core set, titles and particles are
// left out: the article is written apart, joined or not at all ("Saif
// al-Din" = "Saifuddin"), and a title may be dropped ("Sayed Ghias").
// It returns other when the skeleton is the same, to share its storage.
func nameSkeleton(ts []names.Token, core bool, other string) string {
	n := 0
	for _, t := range ts {
		n += len(t.Skel)
	}
	b := make([]byte, 0, n)
	for _, t := range ts {
		if core && t.Noise {
			continue
		}
		b = appendSkel(b, t.Skel)
	}
	if string(b) == other {
		return other
	}
	return string(b)
}

// nameSkeletons returns nameSkeleton(ts, false, "") and
// nameSkeleton(ts, true, ...) in one allocation: each query prepares both.
func nameSkeletons(ts []names.Token) (skel, core string) {
	var buf, cbuf [64]byte
	b, c := buf[:0], cbuf[:0]
	for _, t := range ts {
		b = appendSkel(b, t.Skel)
		if !t.Noise {
			c = appendSkel(c, t.Skel)
		}
	}
	if string(b) == string(c) {
		skel = string(b)
		return skel, skel
	}
	both := string(append(b, c...))
	return both[:len(b)], both[len(b):]
}

// appendSkel appends the skeleton sk to b, a consonant at the seam that
// ends b and starts sk counted once, as within a word: عبد الرحمن and
// "Abdurrahman" both read "ptrmn", with one r.
func appendSkel(b []byte, sk string) []byte {
	if len(b) > 0 && len(sk) > 0 && b[len(b)-1] == sk[0] {
		sk = sk[1:]
	}
	return append(b, sk...)
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
	// Tokenising is most of the work and independent per entity: spread
	// it over the cores, in chunks, keeping the entities' order.
	perEntity := make([][]listedName, len(entities))
	workers := runtime.GOMAXPROCS(0)
	const chunk = 512
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(entities) {
					return
				}
				for ei := lo; ei < min(lo+chunk, len(entities)); ei++ {
					perEntity[ei] = listedNames(int32(ei), &entities[ei])
				}
			}
		})
	}
	wg.Wait()
	total := 0
	for _, lns := range perEntity {
		total += len(lns)
	}
	if total >= 1<<nameBits {
		panic(fmt.Sprintf("match: %d names; the index holds at most %d", total, 1<<nameBits))
	}
	ix.names = make([]listedName, 0, total)
	for ei := range entities {
		ix.names = append(ix.names, perEntity[ei]...)
		e := &entities[ei]
		ix.byID[e.ID] = ei
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
	perEntity = nil
	ix.nNames = len(ix.names)
	if total > bigBuild/20 {
		runtime.GC() // the per-entity slices, copied into ix.names
	}

	// Each (key, name) pair is packed into one uint64, the key's hash in
	// the high bits and the name ordinal in the low nameBits, so that a
	// plain integer sort groups the postings.
	// Two passes over the names: one to count the pairs, one to fill an
	// array of exactly that size, which at a million entities saves
	// hundreds of megabytes of slack at the build's peak.
	emit := func(fn func(id int, h uint64)) {
		for id := range ix.names {
			ln := &ix.names[id]
			add := func(h uint64) { fn(id, h) }
			for _, t := range ln.tokens {
				if !t.Noise {
					forEachListedKey(t.Key, t.Skel, true, add)
					// An Arabic-script word of an organisation's name is
					// found by the English it translates to (شبكة, Network).
					for _, g := range names.GlossWords(t.Gloss) {
						add(hashKey(nsKey, g.Key, -1))
					}
				}
			}
			for _, c := range ln.concat {
				forEachListedKey(c, "", false, add)
			}
			for i := 0; i+1 < len(ln.tokens); i++ {
				var buf [64]byte
				if sk := appendSkel(appendSkel(buf[:0], ln.tokens[i].Skel), ln.tokens[i+1].Skel); len(sk) >= 3 {
					add(hashKey(nsSkel, sk, -1))
				}
			}
			if a := acronym(ln.tokens); a != "" {
				add(hashKey(nsAcronym, a, -1))
			}
		}
	}
	n := 0
	emit(func(int, uint64) { n++ })
	pairs := make([]uint64, 0, n)
	emit(func(id int, h uint64) { pairs = append(pairs, h>>nameBits<<nameBits|uint64(id)) })
	radixSort(pairs)
	pairs = slices.Compact(pairs)
	if len(pairs) > bigBuild {
		// Return the sort's buffer and the tokenising garbage before the
		// postings are allocated: at a million entities this is the
		// difference between the peak and a gigabyte more.
		runtime.GC()
	}
	ix.postings = make([]uint32, len(pairs))
	const nameMask = 1<<nameBits - 1
	distinct := 0
	for i, p := range pairs {
		if i == 0 || p>>nameBits != pairs[i-1]>>nameBits {
			distinct++
		}
	}
	ix.hashes = make([]uint64, 0, distinct)
	ix.offsets = make([]uint32, 0, distinct+1)
	for i, p := range pairs {
		ix.postings[i] = uint32(p & nameMask)
		if h := p >> nameBits; i == 0 || h != pairs[i-1]>>nameBits {
			ix.hashes = append(ix.hashes, h)
			ix.offsets = append(ix.offsets, uint32(i))
		}
	}
	ix.offsets = append(ix.offsets, uint32(len(pairs)))
	ix.buildDir()
	// Token weights: inverse document frequency of the exact key, so that
	// "Kim" or "Mohammed" count for little and a rare surname for much.
	for i := range ix.names {
		ix.weigh(&ix.names[i])
	}
	// A dictionary of the distinct token texts lets a query cache its
	// token similarities in arrays rather than a map.
	dict := map[string]uint32{}
	for i := range ix.names {
		ln := &ix.names[i]
		ln.ids = make([]uint32, len(ln.tokens))
		for j, t := range ln.tokens {
			id, ok := dict[t.Text]
			if !ok {
				id = uint32(len(dict))
				dict[t.Text] = id
			}
			ln.ids[j] = id
		}
	}
	nTokens := len(dict)
	ix.texts = make([]uint64, max(16, 1<<bits.Len(uint(2*len(dict)))))
	for t := range dict {
		h := textHash(t)
		for i := h & uint64(len(ix.texts)-1); ; i = (i + 1) & uint64(len(ix.texts)-1) {
			if ix.texts[i] == 0 || ix.texts[i] == h {
				ix.texts[i] = h
				break
			}
		}
	}
	ix.pool.New = func() any { return newScratch(ix.nNames, nTokens) }
	return ix
}

// hasText reports whether some listed name has a token spelled t.
func (ix *Index) hasText(t string) bool {
	h := textHash(t)
	for i := h & uint64(len(ix.texts)-1); ; i = (i + 1) & uint64(len(ix.texts)-1) {
		switch ix.texts[i] {
		case h:
			return true
		case 0:
			return false
		}
	}
}

// textHash hashes a token's text for Index.texts, where 0 marks a free slot.
func textHash(t string) uint64 {
	return max(hashKey(nsText, t, -1), 1)
}

// radixSort sorts keys in place, eight bits at a time: several times
// faster than a comparison sort on the millions of postings of a large index.
func radixSort(keys []uint64) {
	if len(keys) < 2 {
		return
	}
	buf := make([]uint64, len(keys))
	src, dst := keys, buf
	for shift := uint(0); shift < 64; shift += 8 {
		var count [257]int
		for _, k := range src {
			count[(k>>shift)&0xff+1]++
		}
		if count[1] == len(src) && shift > 0 {
			continue // every key has this digit zero: nothing to move
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for _, k := range src {
			d := (k >> shift) & 0xff
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// bigBuild is the number of postings above which Build collects garbage
// between its phases to keep its peak memory down.
const bigBuild = 10_000_000

// nameBits is how many low bits of a packed posting hold the name
// ordinal; the key hash keeps the other 40, which is ample to tell a few
// tens of millions of keys apart.
const nameBits = 24

// listedNames tokenises an entity's names for the index.
func listedNames(ei int32, e *clearance.Entity) []listedName {
	out := make([]listedName, 0, len(e.Names))
	for ni, n := range e.Names {
		toks := names.Tokenize(n.Full)
		if len(toks) == 0 {
			continue
		}
		toks = slices.Clone(toks) // drop the slack of appending: millions of names
		out = append(out, newListedName(ei, int16(ni), n.Weak, toks))
		if names.TrailingAcronym(n.Full, toks) {
			// "Haqqani Network (HQN)" is also listed as "Haqqani Network":
			// a query without the acronym should not miss it, nor one
			// with it only the full name.
			ln := newListedName(ei, int16(ni), n.Weak, toks[:len(toks)-1:len(toks)-1])
			ln.acronymLeftOff = true
			out = append(out, ln)
		}
	}
	return out
}

func newListedName(ei int32, ni int16, weak bool, toks []names.Token) listedName {
	ln := listedName{entity: ei, nameIdx: ni, weak: weak, tokens: toks, skel: nameSkeleton(toks, false, "")}
	ln.coreSkel = nameSkeleton(toks, true, ln.skel)
	if len(toks) > 1 {
		ln.concat = make([]string, len(toks)-1)
		for i := 0; i+1 < len(toks); i++ {
			ln.concat[i] = names.Key(toks[i].Text + toks[i+1].Text)
		}
	}
	if n := len(toks); n >= 3 {
		ln.wrap = names.Key(toks[n-1].Text + toks[0].Text)
	}
	return ln
}

// weigh sets the weights of a listed name's tokens and their total.
func (ix *Index) weigh(ln *listedName) {
	ln.weights = make([]float32, len(ln.tokens))
	ln.total = 0
	for j, t := range ln.tokens {
		ln.weights[j] = ix.weight(t)
		ln.total += ln.weights[j]
	}
}

// noiseWeight is the weight of titles, legal forms and particles.
const noiseWeight = 0.15

// weight is the inverse document frequency of a token's key.
func (ix *Index) weight(t names.Token) float32 {
	if t.Noise {
		return noiseWeight
	}
	w := ix.idf(len(ix.posting(hashKey(nsKey, t.Key, -1))))
	if t.Gloss != 0 {
		// A word that translates to a common English word (جماعة, Group)
		// is as common as its translation, however rare its Arabic
		// spelling is among Latin names.
		var gw float32
		for _, g := range names.GlossWords(t.Gloss) {
			gw = max(gw, ix.idf(len(ix.posting(hashKey(nsKey, g.Key, -1)))))
		}
		w = min(w, gw)
	}
	return w
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
	h >>= nameBits
	// The directory narrows the search to the hashes that share h's top
	// dirBits bits: a handful, even in a large index.
	d := h >> (64 - nameBits - dirBits)
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
		for j < len(ix.hashes) && ix.hashes[j]>>(64-nameBits-dirBits) < uint64(d) {
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
