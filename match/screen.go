package match

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unsafe"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/country"
	"github.com/clearance-screening/clearance/internal/faults"
	"github.com/clearance-screening/clearance/names"
	"github.com/clearance-screening/clearance/wallet"
)

// query is a clearance.Query prepared for screening.
type query struct {
	tokens  []names.Token
	weights []float32
	unseen  []bool // no listed name has the token, spelled as it is
	// patronym is the position of the "bin" in "X bin Y", or -1.
	patronym int
	concat   []string
	// joins are, for two Hangul syllables side by side, the keys of their
	// spellings written as one word (재 + 원: jaewon, chaewon, ...).
	joins [][]string
	// skel is the whole name's consonant skeleton, for names written in a
	// script without vowels (empty otherwise).
	skel string
	// coreSkel is skel without titles and particles (see nameSkeleton).
	coreSkel string
	typ      clearance.EntityType
	dob      clearance.Date
	hasDOB   bool
	country  string
	gender   string
	// shape is the syllabic languages the name is spelled like
	// (names.NameShape): Korean, Chinese, both or neither.
	shape uint8
	// nameShare is how common the whole name is (names.CommonShare),
	// taken when a date of birth is given.
	nameShare float64
	// freq holds each token's population shares, as surname or given
	// name and as a given-name syllable, taken at the first candidate the
	// common-name rule weighs (see commonName).
	freq []tokenFreq
}

// tokenFreq is one query token's shares in each population.
type tokenFreq struct {
	part, given [len(names.PopulationNames)]float64
}

// scratch holds the per-query buffers, pooled so that screening a name
// allocates little.
type scratch struct {
	// slot, by name ordinal, says whether retrieval touched the name in
	// this query and where its credit is kept (see slotEpochBits). The
	// credits live in a dense array, so that retrieval reads one random
	// 4-byte word per posting and the selection after it reads none.
	slot    []uint32
	touched []touch // the names touched, in the order first touched
	epoch   uint32
	pairs   []pairing
	chosen  []pairing
	swapped []pairing
	cands   []cand
	tops    []top
	simRows []simEntry
	// tokStamp[id] == simEpoch when tokRow[id] holds the row of simRows
	// for the index's token id in this query.
	tokStamp []uint32
	tokRow   []int32
	simEpoch uint32
	swapBuf  []byte        // a query token with two letters swapped
	keyBuf   []byte        // its key
	lt       []names.Token // the listed name being aligned
}

// resetSims forgets the token similarities of the previous query.
func (s *scratch) resetSims() {
	s.simRows = s.simRows[:0]
	s.simEpoch++
	if s.simEpoch == 0 {
		clear(s.tokStamp)
		s.simEpoch = 1
	}
}

// A name's slot is the query's epoch (slotEpochBits), the last query
// unit that credited the name (6 bits), and the name's place in touched
// (slotIdxBits). The epoch changes with every query, and the slots are
// cleared when it wraps: a slot whose epoch is not the query's is a name
// the query has not touched.
const (
	slotIdxBits   = 18
	slotEpochBits = 8
	slotIdxMask   = 1<<slotIdxBits - 1
	// maxTouched is how many names one query may credit: names first met
	// after that many are left out. No query of the real lists comes near
	// (they touch about a thousand); it bounds a pathological query on a
	// synthetic index of millions.
	maxTouched = 1 << slotIdxBits
)

// touch is a name retrieval credited, and how much. syl has bit k set for
// each query token k < 8, a Hangul syllable, that met the name by one of
// its spellings exactly.
type touch struct {
	name uint32
	acc  float32
	syl  uint8
}

// top is an entity's best-scoring name among the candidates.
type top struct {
	entity int32
	name   uint32
	score  float64
}

type cand struct {
	name  uint32
	score float32 // retrieval credit
	size  float32 // the name's total token weight
}

func newScratch(n, tokens int) *scratch {
	return &scratch{slot: make([]uint32, n),
		tokStamp: make([]uint32, tokens), tokRow: make([]int32, tokens), simEpoch: 1}
}

// Retrieval budget: how many candidate names are scored in full, and how
// long a posting list may be before it is left out of retrieval (a key
// that common cannot single out a candidate; the rarer tokens must).
const (
	maxCandidates = 64
	maxPosting    = 4096
)

// Retrieval credit bounds which candidates are scored: at least
// minScored, then only those credited with creditFloor of the best's.
const (
	minScored   = 8
	creditFloor = 0.5
	// initialCreditFactor scales the retrieval credit of a one-letter
	// query word.
	initialCreditFactor = 0.2
)

// ErrEmptyQuery is returned for a query with neither a name, an
// identifier nor a wallet.
var ErrEmptyQuery = errors.New("query has no name, identifier or wallet")

// Screen returns the listed entities the query looks like, best first,
// each with the reasons for its score. A panic in the engine is returned
// as a *PanicError (wrapping ErrInternal), never passed on to the caller.
func (ix *Index) Screen(cq clearance.Query, opts clearance.ScreenOptions) (ms []clearance.Match, err error) {
	defer recoverTo("screen", queryInput(cq), &err)
	faults.Screen(cq.Name)
	return ix.screen(cq, opts)
}

// queryInput names a query in a PanicError: its name, else its wallet.
func queryInput(cq clearance.Query) string {
	if cq.Name != "" {
		return cq.Name
	}
	return cq.Wallet
}

func (ix *Index) screen(cq clearance.Query, opts clearance.ScreenOptions) ([]clearance.Match, error) {
	minScore := ix.threshold
	if opts.MinScore != nil {
		minScore = *opts.MinScore
	}
	limit := opts.Limit
	if limit == 0 {
		limit = 10
	}
	q, err := ix.prepare(cq)
	if err != nil {
		return nil, err
	}
	best := map[int32]*clearance.Match{}
	keep := func(ei int32, m clearance.Match) {
		if old, ok := best[ei]; !ok || m.Score > old.Score {
			best[ei] = &m
		}
	}
	if cq.Wallet != "" {
		canonical, how := "", howExact
		if a, err := wallet.Parse(cq.Wallet); err == nil {
			canonical = a.Canonical
		} else {
			// A value a list carries is screenable even when it is no
			// valid address (OFAC lists a 64-hex-digit "XMR address"): it
			// matches as listed, with the problem said. Only a value no
			// list carries is refused as malformed.
			canonical = wallet.Canonical("", cq.Wallet)
			if len(ix.wallets[canonical]) == 0 {
				return nil, err // the wallet package names the address and the problem
			}
			how = howExact + " as listed; not a valid address: " + err.Error()
		}
		for _, ei := range ix.wallets[canonical] {
			e := &ix.entities[ei]
			m := ix.newMatch(e, 1)
			m.Reasons = append(m.Reasons, clearance.Reason{Field: "wallet", Query: cq.Wallet, Listed: listedWallet(e, canonical), How: how, Score: 1})
			keep(ei, m)
		}
	}
	for _, id := range cq.Identifiers {
		n := normalizeIdentifier(id.Number)
		for _, ei := range ix.idents[n] {
			e := &ix.entities[ei]
			m := ix.newMatch(e, 0.99)
			m.Reasons = append(m.Reasons, clearance.Reason{Field: "identifier", Query: id.Number, Listed: listedIdentifier(e, n), How: howExact, Score: 0.99})
			keep(ei, m)
		}
	}
	if len(q.tokens) > 0 {
		s := ix.pool.Get().(*scratch)
		s.resetSims()
		// Score every candidate without explaining it, keeping each
		// entity's best name; explain only what will be returned.
		tops := s.tops[:0]
		for _, c := range ix.candidates(q, s) {
			ln := &ix.names[c.name]
			a := align(q, ln, &ix.tokens, s)
			score := nameScore(q, ln, a, &ix.entities[ln.entity])
			if float64(score) < minScore-maxBonus {
				continue
			}
			adj := adjust(q, &ix.entities[ln.entity], float64(score), nil)
			found := false
			for i := range tops {
				if tops[i].entity == ln.entity {
					found = true
					if adj > tops[i].score || adj == tops[i].score && c.name < tops[i].name {
						tops[i] = top{ln.entity, c.name, adj}
					}
					break
				}
			}
			if !found {
				tops = append(tops, top{ln.entity, c.name, adj})
			}
		}
		slices.SortFunc(tops, func(a, b top) int {
			if a.score != b.score {
				if a.score > b.score {
					return -1
				}
				return 1
			}
			return int(a.name) - int(b.name)
		})
		// Explain the best listing of each target, up to the limit: the
		// others are named in its Listings.
		explained := 0
		var seen []int32
		for _, t := range tops {
			if explained >= limit || t.score < minScore {
				break
			}
			if r := ix.targets.root[t.entity]; slices.Contains(seen, r) {
				continue
			} else {
				seen = append(seen, r)
			}
			explained++
			ln := &ix.names[t.name]
			a := align(q, ln, &ix.tokens, s)
			e := &ix.entities[ln.entity]
			score := nameScore(q, ln, a, e)
			m := ix.newMatch(e, float64(score))
			m.MatchedName = e.Names[ln.nameIdx].Full
			m.Reasons = explainName(q, ln, a, m.MatchedName, score)
			if score == commonCap {
				if common, share, pop := commonName(q, a, e); common {
					m.Reasons = append(m.Reasons, commonReason(share, pop, a.score*nameCeiling*ln.factor(), score))
				}
			}
			m.Score = adjust(q, e, m.Score, &m.Reasons)
			if prev, ok := best[ln.entity]; ok && prev.Score >= m.Score {
				// An identifier or wallet hit already stands for this
				// entity; keep its name reasons too.
				prev.MatchedName = m.MatchedName
				prev.Reasons = append(prev.Reasons, m.Reasons...)
				continue
			}
			keep(ln.entity, m)
		}
		s.tops = tops
		ix.pool.Put(s)
	}
	out := make([]clearance.Match, 0, len(best))
	for _, m := range best {
		if m.Score >= minScore {
			out = append(out, *m)
		}
	}
	slices.SortFunc(out, func(a, b clearance.Match) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.EntityID, b.EntityID)
	})
	// One match per target, the best-scoring listing's, with the others.
	kept := out[:0]
	var seen []int32
	for _, m := range out {
		ei := int32(ix.byID[m.EntityID])
		r := ix.targets.root[ei]
		if slices.Contains(seen, r) {
			continue
		}
		seen = append(seen, r)
		if len(ix.targets.members[r]) > 0 {
			m.Target = ix.targetID(ei)
			m.Listings = ix.listings(ei)
		}
		kept = append(kept, m)
	}
	out = kept
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// weakFactor discounts a match on a weak (low-quality) alias: such an
// alias alone should not raise an alert unless everything else agrees.
const weakFactor = 0.85

// acronymLeftOffFactor discounts a match on a listed name without the
// acronym the list appends to it (see names.TrailingAcronym) just enough
// that the name as listed, or another listing of it without an acronym,
// ranks first when it matches as well.
const acronymLeftOffFactor = 0.99

// factor is what a match on the name is discounted by.
func (ln *listedName) factor() float32 {
	f := float32(1)
	if ln.weak {
		f *= weakFactor
	}
	if ln.acronymLeftOff {
		f *= acronymLeftOffFactor
	}
	return f
}

// nameScore is the score an alignment with a listed name of e earns on the
// name alone.
func nameScore(q *query, ln *listedName, a alignment, e *clearance.Entity) float32 {
	score := a.score * nameCeiling * ln.factor()
	var usedQ, usedL uint64
	for _, p := range a.pairs {
		usedQ |= p.q
		usedL |= p.l
	}
	// Words left unmatched on either side, and how many are numerals;
	// the tokens first: the entity's record is a cache miss.
	qWords, qNumerals := unmatched(q.tokens, usedQ, 0)
	lWords, lNumerals := unmatched(a.listed, usedL, 0)
	if a.score < 1 && allExact(a.pairs) && qNumerals+lNumerals > 0 && qWords == qNumerals && lWords == lNumerals &&
		(q.typ == clearance.Vessel || e.Type == clearance.Vessel) {
		// A ship's number is added, dropped or changed as its owners
		// rename it (VICTORY, VICTORY 3): the name is what identifies it
		// to a screener, the number the IMO check.
		score = float32(math.Pow(float64(a.coverQ*a.coverL), coverLExpSubset)) * nameCeiling * ln.factor()
	}
	if qualifierLeft(q.tokens, usedQ) || qualifierLeft(a.listed, usedL) {
		if q.typ == clearance.Organization || e.Type == clearance.Organization {
			score *= qualifierFactor
		}
	}
	if score > commonCap {
		if common, _, _ := commonName(q, a, e); common {
			score = commonCap
		}
	}
	return score
}

// qualifierFactor scales the name score of an organisation whose name
// keeps, on one side only and after its first word, a series numeral:
// another member of the same group (Bowne Global Solutions II is not Bowne
// Global Solutions). A country would say the same (Banco Santander Mexico),
// but queries leave out the country of a listed name too often (Taibah
// Offices for TAIBAH INTERNATIONAL-BOSNIA OFFICES). Vessels are exempt:
// a renamed ship keeps its number or drops it.
const qualifierFactor = 0.88

// qualifierLeft reports whether a name keeps a series numeral unmatched
// after its first word.
func qualifierLeft(ts []names.Token, used uint64) bool {
	_, numerals := unmatched(ts, used, 1)
	return numerals > 0
}

func (ix *Index) newMatch(e *clearance.Entity, score float64) clearance.Match {
	return clearance.Match{
		EntityID: e.ID, Source: e.Source, Name: e.PrimaryName(), Type: e.Type,
		Programs: e.Programs, Score: score, Entity: e,
	}
}

// prepare tokenises and weighs the query.
func (ix *Index) prepare(cq clearance.Query) (*query, error) {
	if err := cq.CheckLimits(); err != nil {
		return nil, err
	}
	// Placeholders ("U", "unknown", "XX", "0000-00-00") are absent values,
	// never a conflict: see clearance.IsPlaceholder.
	q := &query{typ: cq.Type, gender: clearance.NormalizeGender(cq.Gender)}
	if cq.DOB != "" {
		d, err := clearance.ParseDOB(cq.DOB)
		if err != nil {
			return nil, fmt.Errorf("dob: %w", err)
		}
		q.dob, q.hasDOB = d, !d.IsZero()
	}
	if cq.Country != "" && !clearance.IsPlaceholder(cq.Country) {
		if c := country.Code(cq.Country); clearance.IsCountryCode(c) {
			q.country = c
		}
	}
	q.tokens = names.Tokenize(cq.Name)
	if len(q.tokens) == 0 && cq.Wallet == "" && len(cq.Identifiers) == 0 {
		return nil, ErrEmptyQuery
	}
	if names.TrailingAcronym(cq.Name, q.tokens) {
		// An acronym appended to the name it abbreviates is an alias,
		// which a listed name may leave off.
		q.tokens[len(q.tokens)-1].Noise = true
	}
	q.weights = make([]float32, len(q.tokens))
	q.unseen = make([]bool, len(q.tokens))
	var heaviest float32
	for i, t := range q.tokens {
		q.weights[i] = ix.weight(t)
		q.unseen[i] = !t.Noise && !ix.hasText(t.Text)
		heaviest = max(heaviest, q.weights[i])
	}
	// Every syllable of a Korean name typed in Hangul is essential: common
	// syllables (Kim, Jae, Hyun) would otherwise weigh so little that a
	// name with one of them different still looked alike.
	for i, t := range q.tokens {
		if t.Alts != nil {
			q.weights[i] = heaviest
		}
	}
	q.patronym = patronymic(q.tokens)
	q.shape = names.NameShape(q.tokens)
	if q.hasDOB {
		q.nameShare, _ = names.CommonShare(q.tokens)
	}
	if len(q.tokens) > 0 && q.tokens[0].Abjad {
		q.skel, q.coreSkel = nameSkeletons(q.tokens)
	}
	if len(q.tokens) > 1 {
		q.concat = make([]string, len(q.tokens)-1)
		for i := 0; i+1 < len(q.tokens); i++ {
			q.concat[i] = names.Key(q.tokens[i].Text + q.tokens[i+1].Text)
		}
		q.joins = hangulJoins(q.tokens)
	}
	return q, nil
}

// hangulJoins lists, for each pair of adjacent given-name syllables of a
// name typed in Hangul, the distinct keys of their spellings joined, or
// nil for another pair. The surname is written apart from the given name
// (Kim Jaewon, not Kimjae Won).
func hangulJoins(ts []names.Token) [][]string {
	var out [][]string
	for i := 1; i+1 < len(ts); i++ {
		a, b := ts[i].Spellings(), ts[i+1].Spellings()
		if a == nil || b == nil {
			continue
		}
		if out == nil {
			out = make([][]string, len(ts)-1)
		}
		out[i] = names.HangulJoinKeys(a, b)
	}
	return out
}

// candidates gathers the names that share retrieval keys with the query,
// each credited once per query token with that token's weight, and
// returns the best maxCandidates.
func (ix *Index) candidates(q *query, s *scratch) []cand {
	s.epoch++
	if s.epoch >= 1<<slotEpochBits {
		clear(s.slot)
		s.epoch = 1
	}
	s.touched = s.touched[:0]
	epoch := s.epoch
	visit := func(tok int, w float32, post []uint32) {
		mark := (epoch<<6 | uint32(tok&63)) << slotIdxBits
		for _, n := range post {
			st := s.slot[n]
			if st>>(6+slotIdxBits) != epoch {
				if len(s.touched) < maxTouched {
					s.slot[n] = mark | uint32(len(s.touched))
					s.touched = append(s.touched, touch{name: n, acc: w})
				}
			} else if st&^slotIdxMask != mark {
				s.slot[n] = mark | st&slotIdxMask
				s.touched[st&slotIdxMask].acc += w
			}
		}
	}
	// visitJoin is visit for Hangul syllables second-1 and second
	// written as one word: it skips the names that either met exactly,
	// which have the syllables apart (their own joined pair hits the
	// same key) or only one of them (Chung Yun for 정 + 현 as "junghyun").
	// It is a copy of visit rather than visit with a skip of 0: visit is
	// the innermost loop of retrieval, and the syllable test would cost
	// every posting a load.
	visitJoin := func(tok, second int, w float32, post []uint32) {
		mark := (epoch<<6 | uint32(tok&63)) << slotIdxBits
		var skip uint8
		if second < 8 {
			skip = 3 << (second - 1)
		}
		for _, n := range post {
			st := s.slot[n]
			if st>>(6+slotIdxBits) != epoch {
				if len(s.touched) < maxTouched {
					s.slot[n] = mark | uint32(len(s.touched))
					s.touched = append(s.touched, touch{name: n, acc: w})
				}
			} else if st&^slotIdxMask != mark && s.touched[st&slotIdxMask].syl&skip == 0 {
				s.slot[n] = mark | st&slotIdxMask
				s.touched[st&slotIdxMask].acc += w
			}
		}
	}
	// Each query token, and each pair of adjacent tokens read as one.
	units := len(q.tokens) + len(q.concat)
	for u := 0; u < units && u < 63; u++ {
		var key, skel string
		var abjad, affixes bool
		var w float32
		if u < len(q.tokens) {
			t := &q.tokens[u]
			if t.Noise {
				continue
			}
			key, skel, abjad, affixes, w = t.Key, t.Skel, t.Abjad, true, q.weights[u]
			if len(t.Text) == 1 && t.Alts == nil {
				// An initial is rare as a listed token, and so weighs
				// much, but says little: V. V. Putin must find PUTIN,
				// Vladimir Vladimirovich before every name with a V.
				w *= initialCreditFactor
			}
		} else {
			i := u - len(q.tokens)
			key, w = q.concat[i], (q.weights[i]+q.weights[i+1])/2
			if q.joins != nil && q.joins[i] != nil {
				continue // looked up with the pair's second syllable
			}
		}
		if u < len(q.tokens) && q.tokens[u].Alts != nil {
			// A Hangul syllable looks up only the keys of its own spellings:
			// its RR key alone would find every syllable that folds alike
			// (의 → "ui" → the key of Lee).
			for _, a := range q.tokens[u].Spellings() {
				k := names.Key(a)
				if post := ix.posting(hashKey(nsKey, k)); len(post) <= maxPosting {
					visit(u, w, post)
					if u < 8 {
						for _, n := range post {
							if st := s.slot[n]; st>>(6+slotIdxBits) == epoch {
								s.touched[st&slotIdxMask].syl |= 1 << u
							}
						}
					}
				}
				if post := ix.posting(hashKey(nsDelete, k)); len(post) <= maxPosting {
					visit(u, w*creditDelete, post)
				}
			}
			if u >= 1 && q.joins != nil && q.joins[u-1] != nil {
				// The given-name syllable before and this one written as one
				// word (Jaewon) stand for both: such a listing is credited
				// as much as one with the syllables apart, which gets a
				// credit for each and one for the surname's pair with the
				// first (Kim Jae, read as one).
				unit, jw := len(q.tokens)+u-1, (q.weights[u-1]+w)*1.5
				for _, k := range q.joins[u-1] {
					if post := ix.posting(hashKey(nsKey, k)); len(post) <= maxPosting {
						visitJoin(unit, u, jw, post)
					}
				}
			}
			continue
		}
		forEachQueryKey(key, skel, abjad, affixes, func(h uint64, credit float32) {
			post := ix.posting(h)
			if len(post) > maxPosting {
				return
			}
			visit(u, w*credit, post)
		})
		if u < len(q.tokens) {
			// An Arabic-script word of organisation names looks up the
			// English it translates to, credited as that word is common.
			for _, g := range names.GlossWords(q.tokens[u].Gloss) {
				if post := ix.posting(hashKey(nsKey, g.Key)); len(post) > 0 && len(post) <= maxPosting {
					visit(u, min(w, ix.idf(len(post))), post)
				}
			}
		}
		if u < len(q.tokens) {
			// A familiar form of a given name looks up its formal name,
			// under which listed familiar forms are indexed too.
			for _, f := range names.FormalNames(q.tokens[u].Text) { // nil unless Familiar
				s.keyBuf = names.AppendKey(s.keyBuf[:0], f)
				if post := ix.posting(hashKey(nsKey, s.keyBuf)); len(post) <= maxPosting {
					visit(u, w*creditDelete, post)
				}
			}
		}
		if u < len(q.tokens) && q.unseen[u] && len(ix.posting(hashKey(nsKey, key))) == 0 {
			// A word no listed name spells that way, nor any spelling of
			// it, may be misspelt by a swap.
			ix.transposed(q.tokens[u], func(h uint64) {
				if post := ix.posting(h); len(post) <= maxPosting {
					visit(u, w*creditDelete, post)
				}
			}, s)
		}
		if abjad && u < len(q.tokens) {
			// The skeleton as the listing may have read its letters: ث as
			// s, ش as a French ch, ج as an Egyptian g (see SkeletonsMeet).
			var buf [64]byte
			if v := names.AppendSkeletonVariant(buf[:0], q.tokens[u].Text); len(v) > 0 && string(v) != skel {
				if post := ix.posting(hashKey(nsSkel, v)); len(post) <= maxPosting {
					visit(u, w*creditDelete, post)
				}
			}
		}
	}
	// A short word may be the acronym of a listed name (PLA).
	for i, t := range q.tokens {
		if !t.Noise && len(t.Text) >= 2 && len(t.Text) <= maxAcronym && units+8+i < 63 {
			if post := ix.posting(hashKey(nsAcronym, t.Text)); len(post) <= maxPosting {
				visit(units+8+i, q.weights[i], post)
			}
		}
	}
	// A name written without vowels may split where the listing joins
	// (عبد الله = Abdallah): look up the skeletons of runs of two and three
	// tokens too, against listed tokens and pairs of tokens.
	if q.skel != "" {
		u := units
		for n := 2; n <= 3; n++ {
			for i := 0; i+n <= len(q.tokens) && u < 63; i++ {
				var w float32
				var buf, vbuf, tbuf [64]byte
				sk, vk := buf[:0], vbuf[:0]
				for _, t := range q.tokens[i : i+n] {
					sk = appendSkel(sk, t.Skel)
					vk = appendSkel(vk, string(names.AppendSkeletonVariant(tbuf[:0], t.Text)))
				}
				for _, x := range q.weights[i : i+n] {
					w += x
				}
				if post := ix.posting(hashKey(nsSkel, sk)); len(sk) > 0 && len(post) <= maxPosting {
					visit(u, w*creditDelete, post)
				}
				if string(vk) != string(sk) {
					if post := ix.posting(hashKey(nsSkel, vk)); len(vk) > 0 && len(post) <= maxPosting {
						visit(u, w*creditDelete, post)
					}
				}
				u++
			}
		}
	}
	return ix.selectCandidates(s)
}

// selectCandidates returns the candidates worth scoring, in no order:
// the names credited with at least creditFloor of the best credit, at
// most maxCandidates of them (the best, by cand.better), and never fewer
// than minScored while there are that many; one credited with far less
// of the query cannot score near the best. It reads only the dense
// credits until it knows which names it keeps.
func (ix *Index) selectCandidates(s *scratch) []cand {
	cs := s.cands[:0]
	defer func() { s.cands = cs }()
	var best float32
	for _, t := range s.touched {
		best = max(best, t.acc)
	}
	floor := best * creditFloor
	// Most queries have between minScored and maxCandidates names above
	// the floor: collect them in one pass, and only when there turn out
	// to be more or fewer, choose among them by credit.
	for _, t := range s.touched {
		if t.acc >= floor {
			if len(cs) == maxCandidates {
				// A common token can credit thousands of names alike: keep
				// the best maxCandidates in a min-heap rather than sort
				// them all.
				cs = ix.bestCandidates(s, cs[:0], maxCandidates, floor)
				return cs
			}
			cs = append(cs, cand{name: t.name, score: t.acc, size: ix.totals[t.name]})
		}
	}
	if len(cs) < minScored {
		// Fewer above the floor than minScored: the minScored best.
		cs = ix.bestCandidates(s, cs[:0], minScored, 0)
	}
	return cs
}

// bestCandidates appends to h the k best touched names credited with at
// least floor, found with a min-heap of the k best so far.
func (ix *Index) bestCandidates(s *scratch, h candHeap, k int, floor float32) candHeap {
	for _, t := range s.touched {
		n, score := t.name, t.acc
		if score < floor || len(h) == k && score < h[0].score {
			continue // decided without reading the name, a cache miss
		}
		c := cand{name: n, score: score, size: ix.totals[n]}
		if len(h) < k {
			h.push(c)
		} else if c.better(h[0]) {
			h[0] = c
			h.down(0)
		}
	}
	return h
}

// transposed calls fn with the deletion-namespace hash of the key of the
// token's text with each pair of neighbouring letters swapped, the typo
// typing makes most. Swapped in the spelling, not the key: the key folds
// letter groups (ai, ay, ri) that a swap breaks or makes, so "Qarwai" is
// two key letters from "Qarawi" but one swap. Only words no listed name
// has are looked up this way: they are the ones likely misspelt.
func (ix *Index) transposed(t names.Token, fn func(h uint64), s *scratch) {
	if len(t.Text) < 3 || len(t.Text) > 32 {
		return
	}
	s.swapBuf = append(s.swapBuf[:0], t.Text...)
	b := s.swapBuf
	for j := 0; j+1 < len(b); j++ {
		if b[j] == b[j+1] {
			continue
		}
		b[j], b[j+1] = b[j+1], b[j]
		// The swapped bytes are read only while they are left as they are.
		s.keyBuf = names.AppendKey(s.keyBuf[:0], unsafe.String(&b[0], len(b)))
		b[j], b[j+1] = b[j+1], b[j]
		if len(s.keyBuf) == 0 || string(s.keyBuf) == t.Key {
			continue
		}
		fn(hashKey(nsDelete, s.keyBuf))
	}
}

// better orders candidates: higher credit first, then lower name ordinal,
// so that equal credits rank the same on every run.
func (c cand) better(o cand) bool {
	if c.score != o.score {
		return c.score > o.score
	}
	// Equally credited, the name with less left unmatched scores higher:
	// a common prefix credits "Intersection LLC" and "International
	// Trading Group" alike.
	if c.size != o.size {
		return c.size < o.size
	}
	return c.name < o.name
}

// candHeap is a min-heap of candidates, the worst at the root.
type candHeap []cand

func (h *candHeap) push(c cand) {
	*h = append(*h, c)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s[p].better(s[i]) {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
}

func (h candHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		w := l
		if r := l + 1; r < len(h) && h[l].better(h[r]) {
			w = r
		}
		if !h[i].better(h[w]) {
			return
		}
		h[i], h[w] = h[w], h[i]
		i = w
	}
}

func listedWallet(e *clearance.Entity, canonical string) string {
	for _, w := range e.Wallets {
		if wallet.Canonical(w.Currency, w.Address) == canonical {
			return w.Currency + " " + w.Address
		}
	}
	return canonical
}

func listedIdentifier(e *clearance.Entity, n string) string {
	for _, id := range e.Identifiers {
		if normalizeIdentifier(id.Number) == n {
			s := id.Type + " " + id.Number
			if id.Country != "" {
				s += " (" + id.Country + ")"
			}
			return s
		}
	}
	return n
}
