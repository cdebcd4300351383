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
	"github.com/clearance-screening/clearance/internal/faults"
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
	tokens   tokenTable
	byID     map[string]int

	// CSR postings. A retrieval key's hash keeps its top hashBits bits;
	// the top dirBits of those pick a directory slot, dir[d]:dir[d+1] the
	// run of hashes (their low lowBits bits, sorted) that share them, and
	// postings[hashes[i].off:hashes[i+1].off] are the name ordinals for
	// hashes[i].
	//
	// The postings are kept in one array per bucket, the hash's top
	// bucketBits bits; offsets count from the first bucket's first,
	// postBase[b] is where bucket b's start.
	dir []uint32
	// hashes[i] is the i-th hash (its low lowBits bits) with the offset
	// of its postings, side by side: a lookup reads one cache line where
	// two arrays would cost two. A last entry holds the end offset.
	hashes   []hashEntry
	postings [1 << bucketBits][]uint32
	postBase [1<<bucketBits + 1]uint32

	nNames int
	// totals[n] is the sum of names[n]'s token weights, kept densely:
	// retrieval reads it to break ties in credit (cand.better), some
	// hundred names a query, most of which it will not score.
	totals  []float32
	wallets map[string][]int32 // canonical address -> entity ordinals
	idents  map[string][]int32 // normalised identifier number -> entity ordinals
	targets targetSet          // listings of one target in several lists

	// texts is an open-addressing set of the hashes of every distinct
	// listed token text, at most half full: a query word that is in none
	// is likely misspelt (see query.unseen).
	texts []uint64

	threshold float64
	pool      sync.Pool

	// skipped are the listed names (and wallets and identifiers) Build
	// left out because indexing them panicked.
	skipped []clearance.Skip
}

// Skipped lists what Build left out of the index because indexing it
// panicked — a bug, not bad input, but one listed name must not keep the
// lists from loading. Callers report these as they report a parser's
// skipped rows. Nil when nothing was left out.
func (ix *Index) Skipped() []clearance.Skip { return ix.skipped }

// listedName is one name of one entity, pre-tokenised for scoring. Its
// tokens are ordinals in a tokenTable: a million entities share a few
// hundred thousand distinct words, and a token in full (three strings, its
// Hangul spellings) would cost twenty times its ordinal in every name.
type listedName struct {
	entity  int32
	nameIdx int16
	weak    bool
	// acronymLeftOff marks the listed name without the acronym the list
	// appends to it (names.TrailingAcronym).
	acronymLeftOff bool
	ids            []uint32 // the tokens, as ordinals in the token table
	concat         []string // Key of tokens[i]+tokens[i+1], for joined/split names
	skel           string   // the whole name's consonant skeleton
	// coreSkel is skel without titles and particles (see nameSkeleton).
	coreSkel string
	wrap     string // Key of the last token + the first, for names listed surname first
	// shape is the syllabic languages the name is spelled like
	// (names.NameShape), narrowed by the entity's nationality.
	shape uint8
}

// tokenTable holds each distinct listed token once, with its weight.
type tokenTable struct {
	toks    []names.Token
	weights []float32 // inverse document frequency of the token's key
	// local marks a table of names outside the index (Compare): its
	// ordinals are not the index's, so the per-query similarity cache,
	// which goes by ordinal, is not used.
	local bool

	byToken map[tokenKey]uint32 // only while building
	byText  map[string]struct{} // the distinct texts, only while building
}

// tokenKey is what tells listed tokens apart: of a Hangul token's
// spellings only whether it has them matters on the listed side.
type tokenKey struct {
	text, key, skel     string
	noise, abjad, alted bool
	gloss               uint16
}

func newTokenTable() tokenTable {
	return tokenTable{byToken: map[tokenKey]uint32{}, byText: map[string]struct{}{}}
}

// intern returns the ordinal of t, adding it if new.
func (tt *tokenTable) intern(t *names.Token) uint32 {
	k := tokenKey{t.Text, t.Key, t.Skel, t.Noise, t.Abjad, t.Alts != nil, t.Gloss}
	if id, ok := tt.byToken[k]; ok {
		return id
	}
	// Copies of their own: a token's strings may be slices of its whole
	// name's transliteration, which would otherwise stay alive.
	c := *t
	c.Text = strings.Clone(t.Text)
	c.Key = cloneShared(t.Key, t.Text, c.Text)
	switch {
	case t.Skel == t.Key:
		c.Skel = c.Key
	default:
		c.Skel = cloneShared(t.Skel, t.Text, c.Text)
	}
	id := uint32(len(tt.toks))
	tt.toks = append(tt.toks, c)
	tt.byToken[tokenKey{c.Text, c.Key, c.Skel, c.Noise, c.Abjad, c.Alts != nil, c.Gloss}] = id
	tt.byText[c.Text] = struct{}{}
	return id
}

// cloneShared copies s, or returns the copy of other when s equals it.
func cloneShared(s, other, otherCopy string) string {
	if s == other {
		return otherCopy
	}
	return strings.Clone(s)
}

// tokens returns a listed name's tokens, copied into the scratch buffer buf.
func (tt *tokenTable) tokens(ln *listedName, buf []names.Token) []names.Token {
	buf = buf[:0]
	for _, id := range ln.ids {
		buf = append(buf, tt.toks[id])
	}
	return buf
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

// appendNameSkeleton appends the tokens' skeletons joined to b: "Abd
// al-Rahman", "Abdul Rahman" and عبد الرحمن all read "ptrrmn". With core
// set, titles and particles are left out: the article is written apart,
// joined or not at all ("Saif al-Din" = "Saifuddin"), and a title may be
// dropped ("Sayed Ghias").
func appendNameSkeleton(b []byte, ts []names.Token, core bool) []byte {
	start := len(b)
	for _, t := range ts {
		if core && t.Noise {
			continue
		}
		sk := t.Skel
		if len(b) > start && len(sk) > 0 && b[len(b)-1] == sk[0] {
			sk = sk[1:]
		}
		b = append(b, sk...)
	}
	return b
}

// nameSkeletons returns the skeletons appendNameSkeleton makes with core
// unset and set, in one allocation: each query prepares both.
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
	// NoTargets leaves listings unlinked: each entity is its own target,
	// and a person listed by three lists is three matches.
	NoTargets bool
}

// buildChunk is how many entities a build worker tokenises at a time.
const buildChunk = 512

// Build indexes entities. The slice is kept (not copied); the caller must
// not change it afterwards.
func Build(entities []clearance.Entity, opts Options) *Index {
	ix := &Index{
		entities:  entities,
		byID:      make(map[string]int, len(entities)),
		tokens:    newTokenTable(),
		wallets:   map[string][]int32{},
		idents:    map[string][]int32{},
		threshold: opts.AlertThreshold(),
	}
	upper := 0
	for i := range entities {
		upper += len(entities[i].Names)
	}
	ix.names = make([]listedName, 0, upper)

	// Tokenising is most of the work and independent per entity: workers
	// tokenise chunks while this goroutine takes them in order, interning
	// their tokens, so that the table's ordinals do not depend on timing.
	// The chunks' buffers go round: only a few chunks' tokens in full are
	// alive at a time, and they are not allocated anew for each chunk.
	workers := runtime.GOMAXPROCS(0)
	nChunks := (len(entities) + buildChunk - 1) / buildChunk
	outs := make([]*chunkNames, nChunks)
	ready := make([]chan struct{}, nChunks)
	for c := range ready {
		ready[c] = make(chan struct{})
	}
	free := make(chan *chunkNames, 4*workers)
	for range cap(free) {
		free <- &chunkNames{}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				cn := <-free
				c := int(next.Add(1)) - 1
				if c >= nChunks {
					free <- cn
					return
				}
				lo := c * buildChunk
				cn.tokenize(entities[lo:min(lo+buildChunk, len(entities))], int32(lo))
				outs[c] = cn
				close(ready[c])
			}
		})
	}
	for c := range nChunks {
		<-ready[c]
		ix.names = ix.tokens.internChunk(ix.names, outs[c])
		ix.skipped = append(ix.skipped, outs[c].skipped...)
		free <- outs[c]
		outs[c] = nil
		for ei := c * buildChunk; ei < min((c+1)*buildChunk, len(entities)); ei++ {
			ix.addEntity(ei)
		}
	}
	wg.Wait()
	if len(ix.names) >= 1<<nameBits {
		panic(fmt.Sprintf("match: %d names; the index holds at most %d", len(ix.names), 1<<nameBits))
	}
	ix.nNames = len(ix.names)
	ix.texts = make([]uint64, max(16, 1<<bits.Len(uint(2*len(ix.tokens.byText)))))
	for t := range ix.tokens.byText {
		h := textHash(t)
		for i := h & uint64(len(ix.texts)-1); ; i = (i + 1) & uint64(len(ix.texts)-1) {
			if ix.texts[i] == 0 || ix.texts[i] == h {
				ix.texts[i] = h
				break
			}
		}
	}
	ix.tokens.byToken, ix.tokens.byText = nil, nil

	ix.buildPostings(workers)
	// Token weights: inverse document frequency of the exact key, so that
	// "Kim" or "Mohammed" count for little and a rare surname for much.
	ix.weighTable(&ix.tokens)
	ix.totals = make([]float32, len(ix.names))
	for i := range ix.names {
		ix.totals[i] = ix.tokens.total(&ix.names[i])
	}
	if opts.NoTargets {
		ix.targets = targetSet{root: make([]int32, len(entities))}
		for i := range ix.targets.root {
			ix.targets.root[i] = int32(i)
		}
	} else {
		ix.targets = linkTargets(entities, ix.byID, ix.entityWords())
	}
	nTokens := len(ix.tokens.toks)
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
	return max(hashKey(nsText, t), 1)
}

// addEntity indexes entity ei's wallets and identifiers. A panic in
// doing so leaves out those not yet indexed, recorded in skipped.
func (ix *Index) addEntity(ei int) {
	e := &ix.entities[ei]
	ix.byID[e.ID] = ei
	defer func() {
		if p := recover(); p != nil {
			ix.skipped = append(ix.skipped, clearance.Skip{Where: e.ID,
				Reason: fmt.Sprintf("%v indexing its wallets and identifiers (%v); some may not be screened", ErrInternal, p)})
		}
	}()
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

// weighTable sets the weights of a token table's tokens.
func (ix *Index) weighTable(tt *tokenTable) {
	tt.weights = make([]float32, len(tt.toks))
	for id := range tt.toks {
		tt.weights[id] = ix.weight(tt.toks[id])
	}
}

// total is the sum of a listed name's token weights.
func (tt *tokenTable) total(ln *listedName) float32 {
	var sum float32
	for _, id := range ln.ids {
		sum += tt.weights[id]
	}
	return sum
}

// chunkNames are the listed names of a run of entities, their tokens
// still in full, and the buffers that made them.
type chunkNames struct {
	names []listedName // ids not yet set
	toks  []names.Token
	ntoks []int // each name's token count
	buf   []names.Token
	arena []byte
	ends  []int
	// skipped are the names left out because tokenising them panicked.
	skipped []clearance.Skip
}

// tokenize tokenises the names of ents (whose first is entity ordinal
// base). The strings the names keep share one allocation: a million
// entities' names would otherwise be millions of small objects.
func (cn *chunkNames) tokenize(ents []clearance.Entity, base int32) {
	cn.names, cn.toks, cn.ntoks = cn.names[:0], cn.toks[:0], cn.ntoks[:0]
	cn.skipped = cn.skipped[:0]
	// arena holds the strings in the order the names take them back;
	// ends[i] is where the i-th ends.
	cn.arena, cn.ends = cn.arena[:0], cn.ends[:0]
	nConcat := 0
	for i := range ents {
		e := &ents[i]
		hint := languageHint(e)
		for ni, n := range e.Names {
			nConcat += cn.addName(base+int32(i), int16(ni), n, e.ID, hint)
		}
	}
	arena, ends := cn.arena, cn.ends
	str := string(arena)
	concat := make([]string, nConcat)
	at, si := 0, 0
	next := func() string {
		s := str[at:ends[si]]
		at = ends[si]
		si++
		return s
	}
	for i := range cn.names {
		ln := &cn.names[i]
		if k := cn.ntoks[i]; k > 1 {
			ln.concat = concat[: k-1 : k-1]
			concat = concat[k-1:]
			for j := range ln.concat {
				ln.concat[j] = next()
			}
		}
		ln.skel = next()
		if ln.coreSkel = next(); ln.coreSkel == ln.skel {
			ln.coreSkel = ln.skel // one string, not two equal ones
		}
		ln.wrap = next()
	}
}

// addName adds the listed name n of entity ei (its ni-th) to the chunk
// and returns how many joined pairs of tokens it keys. A name that panics
// the tokeniser is left out, with what was added of it taken back, and
// recorded in skipped: one bad alias must not stop the lists loading.
func (cn *chunkNames) addName(ei int32, ni int16, n clearance.Name, id string, hint uint8) (nConcat int) {
	names0, toks0, ntoks0, arena0, ends0 := len(cn.names), len(cn.toks), len(cn.ntoks), len(cn.arena), len(cn.ends)
	defer func() {
		if p := recover(); p != nil {
			cn.names, cn.toks, cn.ntoks = cn.names[:names0], cn.toks[:toks0], cn.ntoks[:ntoks0]
			cn.arena, cn.ends = cn.arena[:arena0], cn.ends[:ends0]
			cn.buf = nil // it may hold half a name
			nConcat = 0
			cn.skipped = append(cn.skipped, clearance.Skip{
				Where:  fmt.Sprintf("%s name %d %q", id, ni, clip(n.Full, 80)),
				Reason: fmt.Sprintf("%v tokenising the name (%v); the name is not screened", ErrInternal, p),
			})
		}
	}()
	faults.Tokenize(n.Full)
	toks := names.AppendTokens(cn.buf[:0], n.Full)
	cn.buf = toks
	if len(toks) == 0 {
		return 0
	}
	// "Haqqani Network (HQN)" is also listed as "Haqqani Network":
	// a query without the acronym should not miss it, nor one with
	// it only the full name.
	variants := 1
	if names.TrailingAcronym(n.Full, toks) {
		variants = 2
	}
	arena, ends := cn.arena, cn.ends
	for v := range variants {
		ts := toks[:len(toks)-v]
		shape := names.NameShape(ts)
		if shape&hint != 0 {
			shape &= hint
		}
		cn.names = append(cn.names, listedName{entity: ei, nameIdx: ni, weak: n.Weak, acronymLeftOff: v == 1, shape: shape})
		cn.toks = append(cn.toks, ts...)
		cn.ntoks = append(cn.ntoks, len(ts))
		for j := 0; j+1 < len(ts); j++ {
			arena = append(arena, names.Key(ts[j].Text+ts[j+1].Text)...)
			ends = append(ends, len(arena))
		}
		nConcat += len(ts) - 1
		arena = appendNameSkeleton(arena, ts, false)
		ends = append(ends, len(arena))
		arena = appendNameSkeleton(arena, ts, true)
		ends = append(ends, len(arena))
		if k := len(ts); k >= 3 {
			arena = append(arena, names.Key(ts[k-1].Text+ts[0].Text)...)
		}
		ends = append(ends, len(arena))
	}
	cn.arena, cn.ends = arena, ends
	return nConcat
}

// languageHint is the syllabic language an entity's nationality (or
// citizenship) says its names are in: a name that could be Korean or
// Chinese (Yang Son, Li Song) is Korean for a North or South Korean, and
// Chinese for a citizen of China, Taiwan, Hong Kong or Macao. Programmes
// do not say it: Chinese nationals are listed under the DPRK programmes.
func languageHint(e *clearance.Entity) uint8 {
	var h uint8
	for _, cs := range [][]string{e.Nationalities, e.Citizenships} {
		for _, c := range cs {
			switch c {
			case "KP", "KR":
				h |= names.ShapeKorean
			case "CN", "TW", "HK", "MO":
				h |= names.ShapeChinese
			}
		}
	}
	if h == 0 {
		return names.ShapeKorean | names.ShapeChinese
	}
	return h
}

// internChunk interns a chunk's tokens, sets its names' ordinals and
// appends the names to dst.
func (tt *tokenTable) internChunk(dst []listedName, cn *chunkNames) []listedName {
	ids := make([]uint32, len(cn.toks))
	for i := range cn.toks {
		ids[i] = tt.intern(&cn.toks[i])
	}
	for i := range cn.names {
		k := cn.ntoks[i]
		cn.names[i].ids = ids[:k:k]
		ids = ids[k:]
	}
	return append(dst, cn.names...)
}

// listedNames prepares an entity's names as the index prepares its own,
// with a token table of their own.
func listedNames(ei int32, e *clearance.Entity) ([]listedName, tokenTable) {
	var cn chunkNames
	cn.tokenize([]clearance.Entity{*e}, ei)
	tt := newTokenTable()
	tt.local = true
	lns := tt.internChunk(nil, &cn)
	return lns, tt
}

// emitKeys calls fn with the hash of every retrieval key of listed name
// id. tokenKeys[tokenOff[t]:tokenOff[t+1]] are the keys of token t, which
// the names that share it need not hash again.
func (ix *Index) emitKeys(id int, tokenKeys []uint64, tokenOff []uint32, buf *[]names.Token, fn func(h uint64)) {
	ln := &ix.names[id]
	for _, t := range ln.ids {
		for _, h := range tokenKeys[tokenOff[t]:tokenOff[t+1]] {
			fn(h)
		}
	}
	for _, c := range ln.concat {
		forEachListedKey(c, "", false, fn)
	}
	ts := ix.tokens.tokens(ln, *buf)
	*buf = ts
	for i := 0; i+1 < len(ts); i++ {
		a, b := ts[i].Skel, ts[i+1].Skel
		if len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[0] {
			b = b[1:] // one consonant at the seam, as appendSkel
		}
		if len(a)+len(b) >= 3 {
			fn(hashKey2(nsSkel, a, b))
		}
	}
	if a := acronym(ts); a != "" {
		fn(hashKey(nsAcronym, a))
	}
}

// buildPostings fills the CSR postings from every listed name's keys.
//
// The names' keys are hashed once to count the (key, name) pairs in each
// of 256 buckets by the hash's top byte, and again to place them there,
// name ordinals and the rest of the hash in two arrays; then each bucket,
// a few megabytes, is sorted on its own. Sorting all the pairs as one
// array of uint64 would need it twice over: two gigabytes at a million
// entities.
func (ix *Index) buildPostings(workers int) {
	// The keys of each distinct token, hashed once.
	tokenOff := make([]uint32, len(ix.tokens.toks)+1)
	var tokenKeys []uint64
	for t := range ix.tokens.toks {
		tok := &ix.tokens.toks[t]
		if !tok.Noise {
			forEachListedKey(tok.Key, tok.Skel, true, func(h uint64) { tokenKeys = append(tokenKeys, h) })
			// An Arabic-script word of an organisation's name is found
			// by the English it translates to (شبكة, Network).
			for _, g := range names.GlossWords(tok.Gloss) {
				tokenKeys = append(tokenKeys, hashKey(nsKey, g.Key))
			}
			// A familiar form of a given name is found by its formal one
			// (Bill by William).
			for _, f := range names.FormalNames(tok.Text) {
				tokenKeys = append(tokenKeys, hashKey(nsKey, names.Key(f)))
			}
		}
		tokenOff[t+1] = uint32(len(tokenKeys))
	}

	// The names are split into parts, each counted and placed by one
	// goroutine; a part's pairs follow the previous part's in every
	// bucket, so each bucket holds its pairs in name order, whatever the
	// timing.
	const buckets = 1 << bucketBits
	parts := max(1, min(64, ix.nNames/1024))
	partOf := func(p int) (int, int) { return p * ix.nNames / parts, (p + 1) * ix.nNames / parts }
	counts := make([][buckets]uint64, parts)
	parallel(workers, parts, func(_, p int) {
		cnt := &counts[p]
		var buf []names.Token
		lo, hi := partOf(p)
		for id := lo; id < hi; id++ {
			ix.emitKeys(id, tokenKeys, tokenOff, &buf, func(h uint64) { cnt[h>>(64-bucketBits)]++ })
		}
	})
	// counts[p][b] becomes where part p's first pair in bucket b goes.
	var start [buckets + 1]uint64
	var n uint64
	for b := range buckets {
		start[b] = n
		for p := range parts {
			c := counts[p][b]
			counts[p][b] = n
			n += c
		}
	}
	if n >= 1<<32 {
		panic(fmt.Sprintf("match: %d postings; the index holds at most %d", n, uint64(1)<<32-1))
	}
	start[buckets] = n
	// Each bucket's arrays are allocated on their own: a few megabytes
	// each, they can reuse memory the garbage collector freed, where one
	// array of them all would need a fresh run of pages.
	var postings, low [buckets][]uint32 // low: the hash's bits below the bucket's
	for b := range buckets {
		postings[b] = make([]uint32, start[b+1]-start[b])
		low[b] = make([]uint32, start[b+1]-start[b])
	}
	parallel(workers, parts, func(_, p int) {
		pos := &counts[p]
		var buf []names.Token
		lo, hi := partOf(p)
		for id := lo; id < hi; id++ {
			ix.emitKeys(id, tokenKeys, tokenOff, &buf, func(h uint64) {
				b := h >> (64 - bucketBits)
				i := pos[b] - start[b]
				postings[b][i] = uint32(id)
				low[b][i] = uint32(h >> nameBits)
				pos[b]++
			})
		}
	})
	counts, tokenKeys = nil, nil

	// Sort each bucket by hash, stably (its names are in order already),
	// dropping repeated pairs; distinct[b] counts its hashes.
	var distinct [buckets]uint32
	bufs := make([][2][]uint64, workers)
	parallel(workers, buckets, func(w, b int) {
		ps, ls := postings[b], low[b]
		keys := slices.Grow(bufs[w][0][:0], len(ps))[:len(ps)]
		tmp := slices.Grow(bufs[w][1][:0], len(ps))[:len(ps)]
		bufs[w] = [2][]uint64{keys, tmp}
		for i := range keys {
			keys[i] = uint64(ls[i])<<32 | uint64(ps[i])
		}
		keys = radixSortHigh(keys, tmp)
		m, hs := 0, uint32(0)
		for i, k := range keys {
			if i > 0 && k == keys[i-1] {
				continue
			}
			if i == 0 || k>>32 != keys[i-1]>>32 {
				hs++
			}
			ps[m] = uint32(k)
			ls[m] = uint32(k >> 32)
			m++
		}
		if m < len(ps)-len(ps)/64 {
			ps, ls = slices.Clone(ps[:m]), ls[:m]
		}
		postings[b], low[b], distinct[b] = ps[:m], ls[:m], hs
	})
	bufs = nil

	// Note where each hash's postings start and each directory slot's hashes.
	var nHashes int
	for _, c := range distinct {
		nHashes += int(c)
	}
	const slots = 1 << dirBits
	ix.dir = make([]uint32, slots+1)
	ix.hashes = make([]hashEntry, 0, nHashes+1)
	out := uint32(0)
	d := 0 // the next directory slot to fill
	for b := range buckets {
		ix.postBase[b] = out
		ls := low[b]
		for k, l := range ls {
			if k == 0 || l != ls[k-1] {
				for slot := b<<(dirBits-bucketBits) | int(l>>lowBits); d <= slot; d++ {
					ix.dir[d] = uint32(len(ix.hashes))
				}
				ix.hashes = append(ix.hashes, hashEntry{low: l & lowMask, off: out + uint32(k)})
			}
		}
		out += uint32(len(ls))
		low[b] = nil
	}
	for ; d <= slots; d++ {
		ix.dir[d] = uint32(len(ix.hashes))
	}
	ix.hashes = append(ix.hashes, hashEntry{off: out})
	ix.postBase[buckets] = out
	ix.postings = postings
}

// bucketBits is how many of a hash's top bits pick its bucket in the
// postings build: 256 buckets keep the placing pass's writes in cache.
const bucketBits = 8

// radixSortHigh sorts keys by their high 32 bits, stably, eleven bits at
// a time, using tmp (as long as keys) as the other buffer; it returns
// whichever of the two holds the result.
func radixSortHigh(keys, tmp []uint64) []uint64 {
	src, dst := keys, tmp
	for shift := uint(32); shift < 64; shift += 11 {
		var count [1<<11 + 1]int
		for _, k := range src {
			count[(k>>shift)&(1<<11-1)+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, k := range src {
			dg := (k >> shift) & (1<<11 - 1)
			dst[count[dg]] = k
			count[dg]++
		}
		src, dst = dst, src
	}
	return src
}

// parallel calls fn(w, i) for i in 0 … n-1 on up to workers goroutines,
// w numbering the goroutine.
func parallel(workers, n int, fn func(w, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range min(workers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(w, i)
			}
		})
	}
	wg.Wait()
}

// nameBits is how many low bits of a packed posting hold the name
// ordinal; the key hash keeps the other hashBits, which is ample to tell
// a few tens of millions of keys apart.
const (
	nameBits = 24
	nameMask = 1<<nameBits - 1
	hashBits = 64 - nameBits
	lowBits  = hashBits - dirBits
	lowMask  = 1<<lowBits - 1
)

// noiseWeight is the weight of titles, legal forms and particles.
const noiseWeight = 0.15

// weight is the inverse document frequency of a token's key.
func (ix *Index) weight(t names.Token) float32 {
	if t.Noise {
		return noiseWeight
	}
	w := ix.idf(len(ix.posting(hashKey(nsKey, t.Key))))
	if t.Gloss != 0 {
		// A word that translates to a common English word (جماعة, Group)
		// is as common as its translation, however rare its Arabic
		// spelling is among Latin names.
		var gw float32
		for _, g := range names.GlossWords(t.Gloss) {
			gw = max(gw, ix.idf(len(ix.posting(hashKey(nsKey, g.Key)))))
		}
		w = min(w, gw)
	}
	if russianPatronymic(t.Text) {
		// A Russian patronymic is left out as often as written (Sergey
		// Lavrov for Sergey Viktorovich Lavrov): it tells a person apart
		// less than its rarity says.
		w *= patronymicWeight
	}
	return w
}

// patronymicWeight scales the weight of a Russian patronymic.
const patronymicWeight = 0.5

// russianPatronymic reports whether a Latin token reads as a Russian patronymic
// (Viktorovich, Ilyich, Ivanovna, Kuzminichna).
func russianPatronymic(t string) bool {
	if len(t) < 7 {
		return false
	}
	for _, end := range []string{"ovich", "evich", "ovitch", "evitch", "ovna", "evna", "ichna", "inichna"} {
		if strings.HasSuffix(t, end) {
			return true
		}
	}
	return false
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
	d := h >> lowBits
	lo, hi := ix.dir[d], ix.dir[d+1]
	low := uint32(h & lowMask)
	// A handful of hashes: a scan beats a binary search's branches.
	for i := lo; i < hi; i++ {
		if e := ix.hashes[i]; e.low >= low {
			if e.low != low {
				return nil
			}
			b := d >> (dirBits - bucketBits)
			base := ix.postBase[b]
			return ix.postings[b][e.off-base : ix.hashes[i+1].off-base]
		}
	}
	return nil
}

// hashEntry is a hash's low bits and where its postings start.
type hashEntry struct {
	low, off uint32
}

// dirBits sizes the directory over the sorted hashes: 2^18 entries, 1 MiB.
const dirBits = 18

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

// AlertThreshold is the threshold an index built with these options
// alerts at: Threshold, or DefaultThreshold when it is zero.
func (o Options) AlertThreshold() float64 {
	if o.Threshold == 0 {
		return DefaultThreshold
	}
	return o.Threshold
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
