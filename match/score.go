package match

import (
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/clearance-screening/clearance/names"
)

// How a query token met a listed token, best first.
const (
	howExact        = "exact"
	howRomanisation = "romanisation"  // equal romanisation keys: Pak = Park
	howJoined       = "joined"        // Sang Man = Sangman
	howConsonants   = "consonants"    // Arabic script: same consonant skeleton
	howEdit         = "edit_distance" // typos
	howInitial      = "initial"       // S. = Saleh
	howAcronym      = "acronym"       // PLA = People's Liberation Army
	howNasal        = "final_nasal"   // Kim = King, San = Sang
	howNickname     = "nickname"      // Bill = William, Sasha = Aleksandr
	howTranslation  = "translation"   // Arabic script: شبكة = Network
	howNone         = ""
)

// Similarities by kind of agreement. An exact token counts fully; a
// romanisation variant nearly so (it is the same name written by another
// system); a typo loses more with every edit.
const (
	simRomanisation = 0.95
	simJoinedExact  = 0.97
	simConsonants   = 0.90
	// simConsonantVariant is a skeleton met through a letter that the
	// languages writing Arabic names in Latin spell differently (French
	// ch for ش, Egyptian g for ج, Persian s for ث).
	simConsonantVariant = 0.88
	// simConsonantsJoined is a skeleton met by two tokens read as one
	// (عبد ال = Abdul): as good as one token's, but just below it, so that
	// two tokens each met one to one are preferred (أيوب بشير is Ayub
	// Bashar, not Bashar); preferJoins takes a join that covers more.
	simConsonantsJoined = simConsonants - 0.005
	simInitial          = 0.75
	// simInitialVouched is an initial in a name otherwise spelled exactly.
	simInitialVouched = 0.85
	// simTranslation is an Arabic-script word of organisation names met
	// by the English word lists translate it by (names.Gloss): the same
	// word, though not the same spelling, so just below a romanisation.
	simTranslation = 0.92
	simAcronym     = 0.85
	simNasal       = 0.85
	// simNickname is a familiar form of a given name met by its formal
	// form: the same name, though another word.
	simNickname       = 0.9
	unseenEditFactor  = 0.5
	unseenEditFactor2 = 0.75 // two typos in a word of eight letters or more
	keyEditFactor     = 0.97
	simHangulVariant  = 0.8
	hangulOrderFactor = 0.75
	// variantTypoFactor scales a typo between two Korean syllables in a
	// name otherwise met by romanisation.
	variantTypoFactor = 0.7
	// replacedFactor scales the query's coverage when both names keep a
	// word the other lacks.
	replacedFactor = 0.9
	// patronymSwapFactor: the query's "X bin Y" is the listed "Y bin X".
	patronymSwapFactor = 0.7
	editCost           = 0.6 // similarity lost per edit, spread over the token's length
	firstLetterCost    = 0.1
)

// A name score is the product of the query's and the listed name's
// weighted coverage, each raised to a power. Listed names often carry
// parts a query leaves out (patronymics, second surnames, legal forms),
// so listed coverage counts less than query coverage: a query part that
// matches nothing is stronger evidence of another person.
const (
	coverQExp = 0.7
	coverLExp = 0.3
	// coverLExpSubset applies when the query is a subset of the listed name.
	coverLExpSubset = 0.2
	// coverQExpSuperset applies when the listed name is a subset of the query.
	coverQExpSuperset      = 0.4
	coverQExpSupersetExact = coverLExpSubset // as the mirror case, a query inside a listed name
	// supersetMinCover is the share of the query's weight a listed name
	// wholly inside it must hold.
	supersetMinCover = 0.3
	// subsetMinCover is the share of the listed name's weight a subset
	// query must hold: the parts left out may not be most of the name.
	subsetMinCover = 0.5
)

// chosenListed returns the pairings with the sides swapped, so that
// subset can be asked of the listed name.
func chosenListed(chosen []pairing, s *scratch) []pairing {
	out := s.swapped[:0]
	for _, p := range chosen {
		out = append(out, pairing{q: p.l, l: p.q, sim: p.sim, how: p.how, qi: p.li, li: p.qi, qn: p.ln, ln: p.qn})
	}
	s.swapped = out
	return out
}

// subset reports whether every non-noise query token met a listed token
// exactly or as a romanisation variant.
func subset(qt []names.Token, chosen []pairing) bool {
	var met uint64
	distinctive, all := 0, 0
	for _, p := range chosen {
		if p.sim >= simRomanisation && p.qn == 1 && p.ln == 1 {
			all++
			if !qt[p.qi].Noise {
				met |= p.q
				distinctive++
			}
		}
	}
	// Two parts in common, one of them at least distinctive: "Invention
	// SL" is a subset of "Invention Bridge SL", "Kim" of nothing.
	if distinctive < 1 || all < 2 {
		return false
	}
	for i := range qt {
		if !qt[i].Noise && met&(1<<i) == 0 {
			return false
		}
	}
	return true
}

// tokenSim compares a query token with a listed token.
func tokenSim(q, l *names.Token) (float32, string) {
	sim, how := spellingSim(q, l)
	if sim < simTranslation && (q.Gloss != 0 || l.Gloss != 0) && (glossed(q.Gloss, l.Text) || glossed(l.Gloss, q.Text)) {
		return simTranslation, howTranslation
	}
	return sim, how
}

// glossed reports whether t is one of the English words of the
// glossary entry g.
func glossed(g uint16, t string) bool {
	gloss := names.GlossWords(g)
	for i := range gloss {
		if gloss[i].Text == t {
			return true
		}
	}
	return false
}

// glossedPhrase reports whether a then b is one of the two-word English
// phrases of the glossary entry g.
func glossedPhrase(g uint16, a, b string) bool {
	gloss := names.GlossWords(g)
	for i := range gloss {
		if gloss[i].Phrase(a, b) {
			return true
		}
	}
	return false
}

// spellingSim compares a query token with a listed token by their
// spellings, keys and skeletons.
func spellingSim(q, l *names.Token) (float32, string) {
	if q.Text == l.Text {
		return 1, howExact
	}
	if q.Alts != nil {
		return hangulSim(q, l)
	}
	if q.Noise != l.Noise && q.Abjad && len(q.Skel) >= 2 && q.Skel == l.Skel {
		// Titles that are also names (سيد = Sayyid or Said, امير = Amir)
		// are not noise in Arabic script; they meet a listed title by their
		// consonants, two at least: علي (ly) is not the article al.
		return simConsonants, howConsonants
	}
	if q.Noise != l.Noise {
		// A title, legal form or particle stands only for itself: letting
		// "Amal" pass for "al" would lend a name the weight of a particle.
		// Only a plain typo of a long enough one counts ("Profesosr").
		if len(q.Text) >= 4 && len(l.Text) >= 4 && names.Distance(q.Text, l.Text, 1) == 1 && (max(len(q.Text), len(l.Text)) >= 5 || typoWeight(q.Text, l.Text) < 1) {
			return editSim(q.Text, l.Text), howEdit
		}
		return 0, howNone
	}
	if q.Key == l.Key {
		return simRomanisation, howRomanisation
	}
	if q.Abjad != l.Abjad && (q.Text[0] == 'h') != (l.Text[0] == 'h') {
		// A skeleton drops h, which Latin spellings add or leave out
		// within a word; but an initial ح or ه is always written h:
		// حمد (Hamad) is not Ahmad, هانيه (Haniyeh) not Aouani.
		return 0, howNone
	}
	if (q.Abjad || l.Abjad) && q.Skel == "" && l.Skel == "" && q.Text[0] == l.Text[0] {
		// All vowels and glides (يحيى, Yahia): only the glides are left.
		if sameGlides(q.Text, l.Text) {
			return simConsonants, howConsonants
		}
		return simConsonants * 0.9, howConsonants
	}
	if (q.Abjad || l.Abjad) && len(q.Skel) >= 1 && q.Skel == l.Skel {
		return simConsonants, howConsonants
	}
	if q.Abjad && !l.Abjad && names.SkeletonsMeet(q.Text, "", l.Text) {
		return simConsonantVariant, howConsonants
	}
	if len(q.Text) == 1 || len(l.Text) == 1 {
		if q.Text[0] == l.Text[0] && !q.Noise && !l.Noise {
			return simInitial, howInitial
		}
		return 0, howNone
	}
	// Korean syllables end in one of three nasals that the ear and the
	// press confuse: King San Man is KIM, Sang Man.
	if nasalStem(q.Text) != "" && nasalStem(q.Text) == nasalStem(l.Text) {
		return simNasal, howNasal
	}
	// A familiar form of a given name stands for the formal one (Bill,
	// William), and two forms of one name for each other (Bob, Rob).
	if (q.Familiar || l.Familiar) && names.SameGivenName(q.Text, l.Text) {
		return simNickname, howNickname
	}
	// The typo may show better in the spelling or in the key: "gladiotor"
	// is one letter from "gladiator"; "Zgqng" is nearer "Zhang" by key.
	s := max(editSim(q.Text, l.Text), editSim(q.Key, l.Key)*keyEditFactor)
	if s > 0 {
		return s, howEdit
	}
	return 0, howNone
}

// hangulSim compares a token typed in Hangul with a listed one by the
// syllable's known spellings, allowing one typo in spellings of four
// letters or more.
func hangulSim(q, l *names.Token) (float32, string) {
	if _, ok := slices.BinarySearch(q.Spellings(), l.Text); ok {
		return simRomanisation, howRomanisation
	}
	// A final l or n doubled is a spelling, not a typo: Pill, Gill, Binn.
	if n := len(l.Text); n >= 3 && (l.Text[n-1] == 'l' || l.Text[n-1] == 'n') && l.Text[n-2] == l.Text[n-1] {
		if _, ok := slices.BinarySearch(q.Spellings(), l.Text[:n-1]); ok {
			return simRomanisation, howRomanisation
		}
	}
	// Beyond the known spellings, only a letter added or dropped (Hang for
	// 한, Ill for 일): a letter changed makes another syllable.
	for _, a := range q.Spellings() {
		if extraLetter(a, l.Text) || extraLetter(l.Text, a) {
			return simHangulVariant, howEdit
		}
	}
	return 0, howNone
}

// inOrder reports whether the Hangul syllables after the first (the
// given name) met listed tokens in their own order.
func inOrder(qt []names.Token, chosen []pairing) bool {
	last := -1
	for i := 1; i < len(qt); i++ {
		for _, p := range chosen {
			if int(p.qi) == i && p.qn == 1 {
				if int(p.li) < last {
					return false
				}
				last = int(p.li)
			}
		}
	}
	return true
}

// extraLetter reports whether long is short with one letter added that
// doubles its neighbour or is an h: Ill = Il, Ahnn = Ahn, Sahng = Sang.
func extraLetter(long, short string) bool {
	if len(long) != len(short)+1 || len(short) < 2 {
		return false
	}
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	if long[i+1:] != short[i:] {
		return false
	}
	c := long[i]
	return c == 'h' && i > 0 && strings.IndexByte("aeiou", long[i-1]) >= 0 || i > 0 && long[i-1] == c || i+1 < len(long) && long[i+1] == c
}

// editSim scores two keys by their optimal-string-alignment distance,
// allowing one edit in keys of up to three letters, two up to eleven,
// three from twelve. Each edit costs less the longer the token: one typo in a
// nine-letter name leaves it recognisable, one in a three-letter syllable
// makes another syllable. It returns 0 beyond the allowance.
func editSim(a, b string) float32 {
	la, lb := len(a), len(b)
	longer := max(la, lb)
	allowed := 1
	switch {
	case longer >= 12:
		allowed = 3
	case longer >= 4:
		allowed = 2
	}
	if la-lb > allowed || lb-la > allowed || longer > 48 || longer < 2 {
		return 0
	}
	// Each edit changes at most two letters of the set of letters used:
	// most pairs are told apart here, without the distance computation.
	if bits.OnesCount32(letterSet(a)^letterSet(b)) > 2*allowed {
		return 0
	}
	d := names.Distance(a, b, allowed)
	if d > allowed {
		return 0
	}
	edits := float64(d)
	if d == 1 {
		edits = typoWeight(a, b)
	} else if d == 2 {
		edits = typoCost(a, b)
	}
	sim := simRomanisation - edits*editCost/(float64(longer)-1.5)
	if a[0] != b[0] {
		// A changed first letter is rarer as a typo than as another name
		// (Hong and Jong are two Korean surnames).
		sim -= firstLetterCost
	}
	return float32(max(sim, 0.01))
}

// typoWeight prices a single edit by how often typing makes it: two
// letters swapped, a letter doubled or a neighbouring key struck cost
// less than a letter changed at random.
func typoWeight(a, b string) float64 {
	if len(a) == len(b) {
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] {
			return 0.5 // transposition
		}
		if i < len(a) && keyboardNeighbours(a[i], b[i]) {
			return 0.7
		}
		return 1
	}
	long, short := a, b
	if len(b) > len(a) {
		long, short = b, a
	}
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	// The extra letter repeats its neighbour: "Abddul", "Commpany".
	if i > 0 && long[i] == long[i-1] || i+1 < len(long) && long[i] == long[i+1] {
		return 0.6
	}
	return 1
}

// typoCost is the optimal string alignment distance with each edit priced
// as typoWeight prices a single one: "Bleunorff" is a swap and a dropped
// letter from "Bluenoroff", cheaper than two letters changed at random.
// Strings are at most 48 bytes (editSim's bound).
func typoCost(a, b string) float64 {
	var rows [3][50]float32
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	// doubled reports whether s[i] repeats a neighbour, so that adding
	// or dropping it is the cheap slip of a doubled key.
	doubled := func(s string, i int) bool {
		return i > 0 && s[i] == s[i-1] || i+1 < len(s) && s[i] == s[i+1]
	}
	indel := func(s string, i int) float32 {
		if doubled(s, i) {
			return 0.6
		}
		return 1
	}
	prev[0] = 0
	for j := 1; j <= len(b); j++ {
		prev[j] = prev[j-1] + indel(b, j-1)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = prev[0] + indel(a, i-1)
		for j := 1; j <= len(b); j++ {
			var sub float32
			if a[i-1] != b[j-1] {
				sub = 1
				if keyboardNeighbours(a[i-1], b[j-1]) {
					sub = 0.7
				}
			}
			v := min(prev[j]+indel(a, i-1), cur[j-1]+indel(b, j-1), prev[j-1]+sub)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] && a[i-1] != a[i-2] {
				v = min(v, prev2[j-2]+0.5)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return float64(prev[len(b)])
}

// qwerty rows, for keyboardNeighbours.
var qwerty = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// keyboardNeighbours reports whether x and y are adjacent keys on a
// QWERTY keyboard (same row, next to each other, or diagonally below).
func keyboardNeighbours(x, y byte) bool {
	px, py := keyPositions[x], keyPositions[y]
	if px == 0 || py == 0 {
		return false
	}
	dr, dc := int(px>>4)-int(py>>4), int(px&15)-int(py&15)
	return (dr == 0 && (dc == 1 || dc == -1)) || ((dr == 1 || dr == -1) && (dc >= -1 && dc <= 1))
}

// keyPositions holds each letter's QWERTY row+1 in the high nibble and
// column in the low one; 0 for other bytes.
var keyPositions = func() (t [256]uint8) {
	for r, row := range qwerty {
		for c := 0; c < len(row); c++ {
			t[row[c]] = uint8(r+1)<<4 | uint8(c)
		}
	}
	return t
}()

// nasalStem is a syllable-like token without its final m, n or ng, or ""
// when it ends otherwise or is too short to say.
func nasalStem(t string) string {
	n := len(t)
	switch {
	case n >= 4 && t[n-2:] == "ng":
		return t[:n-2]
	case n >= 3 && (t[n-1] == 'm' || t[n-1] == 'n'):
		return t[:n-1]
	}
	return ""
}

// letterSet has bit c-'a' set for each letter c of s (digits share a bit).
func letterSet(s string) uint32 {
	var m uint32
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			m |= 1 << (c - 'a')
		} else {
			m |= 1 << 26
		}
	}
	return m
}

// pairing is a candidate alignment of a query unit with a listed unit.
type pairing struct {
	q, l uint64 // token masks
	sim  float32
	how  string
	qi   int8 // first query token
	li   int8 // first listed token
	qn   int8 // tokens covered on each side (1 or 2)
	ln   int8
}

// maxTokens bounds the tokens of a name that take part in alignment.
const maxTokens = 32

// alignment is the outcome of aligning a query name with a listed name.
type alignment struct {
	score   float32 // 0..1
	coverQ  float32
	coverL  float32
	matched int // non-noise listed tokens matched
	pairs   []pairing
	listed  []names.Token // all the listed name's tokens, until the next align
}

// align matches the query's tokens with a listed name's tokens one to one
// (or two to one, for names joined on one side and split on the other),
// greedily by similarity, and scores the share of each side's weight
// that found a partner.
func align(q *query, ln *listedName, tt *tokenTable, s *scratch) alignment {
	s.lt = tt.tokens(ln, s.lt)
	qt, lt := q.tokens, s.lt
	if len(qt) > maxTokens {
		qt = qt[:maxTokens]
	}
	if len(lt) > maxTokens {
		lt = lt[:maxTokens]
	}
	ps := s.pairs[:0]
	for j := range lt {
		var row []simEntry
		if !tt.local {
			row = s.simRowByID(q, qt, &lt[j], ln.ids[j])
		} else {
			row = s.simRow(q, qt, &lt[j])
		}
		for i := range qt {
			if e := row[i]; e.sim > 0 {
				ps = append(ps, pairing{q: 1 << i, l: 1 << j, sim: e.sim, how: e.how, qi: int8(i), li: int8(j), qn: 1, ln: 1})
			}
		}
	}
	// Joined on one side, split on the other: "Sangman" = "Sang Man".
	for i, c := range q.concat {
		if i+1 >= len(qt) {
			break
		}
		for j := range lt {
			var sim float32
			if qt[i].Alts != nil {
				sim = joinHangul(&qt[i], &qt[i+1], &lt[j])
			} else if sim = joinSim(c, lt[j].Key); sim > 0 && !joinedTextsAgree(qt[i].Text, qt[i+1].Text, lt[j].Text) {
				sim = 0
			}
			how := howJoined
			if sim < simConsonantsJoined && qt[i].Abjad && !qt[i].Noise && !lt[j].Abjad {
				// Written without vowels, compounds split where Latin joins
				// them (جلال الدين = Jalaluddin, ولی جان = Walijan).
				if skelJoins(lt[j].Skel, qt[i].Skel, qt[i+1].Skel) {
					sim, how = simConsonantsJoined, howConsonants
				} else if v := float32(simConsonantVariant * simJoinedExact); sim < v && names.SkeletonsMeet(qt[i].Text, qt[i+1].Text, lt[j].Text) {
					sim, how = v, howConsonants
				}
			}
			if sim < simTranslation && lt[j].Gloss != 0 && glossedPhrase(lt[j].Gloss, qt[i].Text, qt[i+1].Text) {
				sim, how = simTranslation, howTranslation
			}
			if sim > 0 {
				ps = append(ps, pairing{q: 3 << i, l: 1 << j, sim: sim, how: how, qi: int8(i), li: int8(j), qn: 2, ln: 1})
			}
		}
	}
	for j, c := range ln.concat {
		if j+1 >= len(lt) {
			break
		}
		for i := range qt {
			if qt[i].Alts != nil {
				continue // a Hangul syllable is never two listed words
			}
			if sim := joinSim(qt[i].Key, c); sim > 0 && joinedTextsAgree(lt[j].Text, lt[j+1].Text, qt[i].Text) {
				ps = append(ps, pairing{q: 1 << i, l: 3 << j, sim: sim, how: howJoined, qi: int8(i), li: int8(j), qn: 1, ln: 2})
			} else if qt[i].Gloss != 0 && glossedPhrase(qt[i].Gloss, lt[j].Text, lt[j+1].Text) {
				// صرافة is "Money Exchange".
				ps = append(ps, pairing{q: 1 << i, l: 3 << j, sim: simTranslation, how: howTranslation, qi: int8(i), li: int8(j), qn: 1, ln: 2})
			} else if qt[i].Abjad && !lt[j].Noise && skelJoins(qt[i].Skel, lt[j].Skel, lt[j+1].Skel) {
				ps = append(ps, pairing{q: 1 << i, l: 3 << j, sim: simConsonantsJoined, how: howConsonants, qi: int8(i), li: int8(j), qn: 1, ln: 2})
			}
		}
	}
	// A name listed surname first ("FATTAH, Jum'a Abdul") reads, in its
	// natural order, its last word then its first ("Abdul Fattah"): a query
	// may join those two.
	if n := len(lt); ln.wrap != "" && n <= maxTokens {
		for i := range qt {
			if qt[i].Alts != nil {
				continue
			}
			if sim := joinSim(qt[i].Key, ln.wrap); sim > 0 && joinedTextsAgree(lt[n-1].Text, lt[0].Text, qt[i].Text) {
				ps = append(ps, pairing{q: 1 << i, l: 1<<(n-1) | 1, sim: sim, how: howJoined, qi: int8(i), li: 0, qn: 1, ln: 2})
			}
		}
	}
	// A short word may be the initials of the other side's words:
	// "PLA" = "People's Liberation Army", "U.S." = "United States".
	ps = acronymPairs(ps, qt, lt, false)
	ps = acronymPairs(ps, lt, qt, true)
	slices.SortFunc(ps, func(a, b pairing) int {
		if a.sim != b.sim {
			if a.sim > b.sim {
				return -1
			}
			return 1
		}
		// Prefer the pairing that covers more tokens, then the earlier.
		if a.qn+a.ln != b.qn+b.ln {
			return int(b.qn+b.ln) - int(a.qn+a.ln)
		}
		return int(a.qi)*64 + int(a.li) - (int(b.qi)*64 + int(b.li))
	})
	var usedQ, usedL uint64
	chosen := s.chosen[:0]
	for _, p := range ps {
		if p.q&usedQ != 0 || p.l&usedL != 0 {
			continue
		}
		usedQ |= p.q
		usedL |= p.l
		chosen = append(chosen, p)
	}
	chosen, usedQ, usedL = preferJoins(ps, chosen, usedQ, usedL)
	s.pairs = ps
	s.chosen = chosen
	loneTypo(q, qt, lt, chosen, usedQ, usedL)
	vouchedInitials(qt, lt, chosen, usedQ, usedL)
	variantAndTypo(qt, lt, chosen)
	otherSyllables(q, ln.shape, qt, lt, chosen)

	// A matched pair weighs what its listed tokens weigh, on both sides:
	// a misspelt "Kimm" is as common as the "Kim" it stands for, however
	// rare the misspelling. Unmatched tokens weigh their own rarity.
	var totalQ, totalL, gotQ, gotL float32
	for j := range lt {
		totalL += tt.weights[ln.ids[j]]
	}
	matched := 0
	for _, p := range chosen {
		var w float32
		for m := p.l; m != 0; m &= m - 1 {
			j := bits.TrailingZeros64(m)
			w += tt.weights[ln.ids[j]]
			if !lt[j].Noise {
				matched++
			}
		}
		gotL += p.sim * w
		gotQ += p.sim * w
		totalQ += w
	}
	for i := range qt {
		if usedQ&(1<<i) == 0 {
			totalQ += q.weights[i]
		}
	}
	if totalQ == 0 || totalL == 0 {
		return alignment{pairs: chosen, listed: s.lt}
	}
	cq, cl := gotQ/totalQ, gotL/totalL
	if unmatchedBoth(qt, lt, usedQ, usedL) {
		cq *= replacedFactor
	}
	if len(qt) > 0 && qt[0].Alts != nil && !inOrder(qt, chosen) {
		// A Korean given name read in another order is another name
		// (영규 is not 규영).
		cq *= hangulOrderFactor
	}
	if q.shape&names.ShapeKorean != 0 && !allExact(chosen) && !inOrderLatin(chosen) {
		// Likewise in Latin, when the name is not spelled as listed:
		// Su-myung I is not RI, Myong Su.
		cq *= hangulOrderFactor
	}
	if q.patronym > 0 && patronymSwapped(q.patronym, lt, chosen) {
		cq *= patronymSwapFactor
	}
	if q.skel != "" {
		// Written without vowels, a name may split and join differently
		// (عبد الله = Abdallah): compare the whole skeletons too.
		sk := skeletonSim(q.skel, ln.skel)
		if q.coreSkel != q.skel || ln.coreSkel != ln.skel {
			sk = max(sk, skeletonSim(q.coreSkel, ln.coreSkel))
		}
		if sk > cq && sk > cl {
			return alignment{score: sk, coverQ: sk, coverL: sk, matched: matched, pairs: chosen, listed: s.lt}
		}
	}
	// A query whose every distinctive part is in the listed name, spelled
	// the same, is a listed name with parts left out: the parts it lacks
	// count for less.
	lexp := coverLExp
	switch {
	case len(qt) > 0 && qt[0].Alts != nil:
		// A name typed in Hangul is whole: a listed name with a syllable
		// more is another person's.
		lexp = coverQExp
	case cl >= subsetMinCover && subset(qt, chosen):
		lexp = coverLExpSubset
	}
	// Likewise a listed name (often a short alias) whose every part is in a
	// longer query: "UMAR PATEK" listed, "Umar Patek Abdullah Anshori" asked.
	qexp := coverQExp
	if lexp == coverLExp && cq >= supersetMinCover && subset(lt, chosenListed(chosen, s)) {
		qexp = coverQExpSuperset
		if allExact(chosen) {
			// Spelled exactly, the listed alias is the query's own name
			// with parts left off (Janan Agha in Janan Mohammad Ahmed
			// Agha); romanisation variants could be two people's (Song
			// Won, Won Sung-hun).
			qexp = coverQExpSupersetExact
		}
	}
	// cq^qexp · cl^lexp, as one Exp of two Logs: half the work of two
	// Pows, and the same float32 on every one of 45,700 queries' matches.
	return alignment{
		score:   float32(math.Exp(qexp*math.Log(float64(cq)) + lexp*math.Log(float64(cl)))),
		coverQ:  cq,
		coverL:  cl,
		matched: matched,
		pairs:   chosen,
		listed:  s.lt,
	}
}

// loneTypo prices the one misspelt word of a name whose every other word
// is spelled exactly as listed as the typo it most likely is: the rest of
// the name vouches for it. "Chol Mi Choe" is CHOE, Chol Min with a letter
// dropped, where "Chol Mi" alone might be another name. Two such slips
// count too when both words are long enough not to be other syllables
// (Salih al-Qarawa, AL QARAWI, Saleh). Romanisation variants do not vouch
// (Hong So-yeong is not JONG, Yong Su), and neither does a name with a
// word unaccounted for on either side.
func loneTypo(q *query, qt, lt []names.Token, chosen []pairing, usedQ, usedL uint64) {
	var typos [2]int
	n, exact := 0, 0
	for k, p := range chosen {
		switch {
		case p.sim >= 1:
			if p.qn == 1 && !qt[p.qi].Noise {
				exact++
			}
		case p.how == howEdit && p.qn == 1 && p.ln == 1 && n < len(typos):
			typos[n] = k
			n++
		default:
			return
		}
	}
	if n == 0 || exact == 0 && n < 2 {
		return
	}
	if leftOver(qt, usedQ) || leftOver(lt, usedL) {
		return
	}
	for _, k := range typos[:n] {
		p := &chosen[k]
		a, b := qt[p.qi].Text, lt[p.li].Text
		// One slip of the finger, not a first letter changed: Ji and Ri,
		// Jafari and Safari are other names. Two slips, with no word
		// spelled right to vouch for them, only in words long enough not
		// to be other syllables.
		if a[0] != b[0] || names.Distance(a, b, 1) > 1 || exact == 0 && (len(a) < 4 || len(b) < 4 || names.KoreanSyllable(a) || names.KoreanSyllable(b)) {
			return
		}
	}
	for _, k := range typos[:n] {
		if p := &chosen[k]; !q.unseen[p.qi] {
			p.sim = simRomanisation - (simRomanisation-p.sim)*unseenEditFactor
		}
	}
}

// leftOver reports whether a name keeps a distinctive word unmatched.
func leftOver(ts []names.Token, used uint64) bool {
	words, _ := unmatched(ts, used, 0)
	return words > 0
}

// unmatched counts the distinctive words of ts, from position from on and
// within maxTokens, that used leaves unmatched, and how many of them are
// series numerals.
func unmatched(ts []names.Token, used uint64, from int) (words, numerals int) {
	for i := from; i < len(ts) && i < maxTokens; i++ {
		if used&(1<<i) != 0 || ts[i].Noise {
			continue
		}
		words++
		if names.SeriesNumeral(ts[i].Text) {
			numerals++
		}
	}
	return words, numerals
}

// vouchedInitials raises the initials of a name written with its given
// names abbreviated (J.-C. Juncker, N. Nazarbayev) when every other word
// is spelled exactly as listed and nothing is left over on either side:
// the convention, not a guess.
func vouchedInitials(qt, lt []names.Token, chosen []pairing, usedQ, usedL uint64) {
	initials, exact := 0, 0
	for _, p := range chosen {
		switch {
		case p.how == howInitial:
			initials++
		case p.sim >= 1:
			if p.qn == 1 && !qt[p.qi].Noise {
				exact++
			}
		default:
			return
		}
	}
	if initials == 0 || exact == 0 {
		return
	}
	if leftOver(qt, usedQ) || leftOver(lt, usedL) {
		return
	}
	for k := range chosen {
		if chosen[k].how == howInitial {
			chosen[k].sim = simInitialVouched
		}
	}
}

// variantAndTypo lowers the similarity of Korean syllables a typo apart
// in a name whose other words met as romanisation variants: someone
// writing a name in another romanisation rarely also mistypes it, and
// syllables a letter apart are most often other syllables (Hong So-yeong
// is not JONG, Yong Su; Jeon Seung-ho is not JONG, Song Ho). Arabic
// vowels vary as romanisation does (Usama bin Ladin, Osama bin Laden):
// only syllables are held to this.
func variantAndTypo(qt, lt []names.Token, chosen []pairing) {
	variant := false
	for _, p := range chosen {
		// A doubled letter folds into the same key, but is a typo
		// (Abddul), not another romanisation.
		if p.how == howRomanisation && p.qn == 1 && p.ln == 1 && !extraLetter(qt[p.qi].Text, lt[p.li].Text) && !extraLetter(lt[p.li].Text, qt[p.qi].Text) {
			variant = true
			break
		}
	}
	if !variant {
		return
	}
	for k := range chosen {
		p := &chosen[k]
		if p.how == howEdit && p.qn == 1 && p.ln == 1 && names.KoreanSyllable(qt[p.qi].Text) && names.KoreanSyllable(lt[p.li].Text) {
			p.sim *= variantTypoFactor
		}
	}
}

// otherSyllableFactor scales the similarity of two words of a Korean or
// Chinese name that are other syllables of the language (see
// names.OtherSyllables): Mi-young for Myong, Jianlin for Jianping, or Liu
// for Yu by a Korean rule applied to a Chinese name.
const otherSyllableFactor = 0.7

// otherSyllables lowers the similarity of the pairs of a Korean- or
// Chinese-shaped query that met by a spelling rule, a loose join or a
// typo but are other syllables of the name's language: in these languages
// each syllable is a morpheme, so a syllable changed makes another name,
// and a romanisation rule of one language does not hold in the other
// (names.OtherSyllables, names.OtherJoin). A Korean one-letter surname (I,
// O) is not an initial. And a Korean-shaped name met by a Chinese-shaped
// one (or the reverse) by anything but exact words is two languages'
// names that happen to fold together: Hongdan Xu is not SO, Hong Chan.
func otherSyllables(q *query, listedShape uint8, qt, lt []names.Token, chosen []pairing) {
	if q.shape == 0 {
		return
	}
	cross := listedShape != 0 && q.shape&listedShape == 0
	for k := range chosen {
		p := &chosen[k]
		if p.sim >= 1 || lt[p.li].Noise {
			continue
		}
		other := cross
		switch {
		case other:
		case p.qn == 1 && p.ln == 1:
			a, b := qt[p.qi].Text, lt[p.li].Text
			switch p.how {
			case howRomanisation:
				other = names.OtherSyllables(a, b, q.shape)
			case howEdit:
				// In pinyin a letter changed may be a typo of the same
				// syllable; two make another (Jianlin for Jianping).
				// Korean syllables are left to the order and join rules:
				// the lists themselves mistype them (JO, Cho Ryong for
				// Chun Ryong), and typo queries meet them so.
				other = names.Distance(a, b, 1) > 1 && names.OtherSyllables(a, b, q.shape&^names.ShapeKorean)
			case howInitial:
				one := a
				if len(b) == 1 {
					one = b
				}
				other = q.shape&names.ShapeKorean != 0 && names.PartShare(names.Token{Text: one, Key: one}, names.PopKorean) >= 1e-3
			}
		case p.how == howJoined && p.qn == 2 && p.ln == 1:
			other = names.OtherJoin(lt[p.li].Text, qt[p.qi].Text, qt[p.qi+1].Text, q.shape)
		case p.how == howJoined && p.qn == 1 && p.ln == 2 && p.l == 3<<p.li:
			other = names.OtherJoin(qt[p.qi].Text, lt[p.li].Text, lt[p.li+1].Text, q.shape)
		}
		if other {
			p.sim *= otherSyllableFactor
		}
	}
}

// inOrderLatin reports whether the listed words a query's words met
// (one to one) follow each other as the query's do, up to moving the
// surname from one end to the other: Yong Su Kim is KIM, Yong Su; Su Yong
// Kim is another name.
func inOrderLatin(chosen []pairing) bool {
	var seq [maxTokens]int8
	n := 0
	var used uint64
	for _, p := range chosen {
		used |= p.q
	}
	// The listed positions in query order.
	for i := 0; i < maxTokens && used>>i != 0; i++ {
		for _, p := range chosen {
			if int(p.qi) == i {
				seq[n] = p.li
				n++
				break
			}
		}
	}
	if n < 3 {
		return true
	}
	descents := 0
	for i := 1; i < n; i++ {
		if seq[i] < seq[i-1] {
			descents++
		}
	}
	return descents == 0 || descents == 1 && seq[n-1] < seq[0]
}

// unmatchedBoth reports whether both names keep a distinctive word the
// other lacks: a part replaced rather than left out (Noureddine ben
// Mohamed ben Belkassem is not Noureddine ben Ali ben Belkassem).
func unmatchedBoth(qt, lt []names.Token, usedQ, usedL uint64) bool {
	return leftOver(qt, usedQ) && leftOver(lt, usedL)
}

// allExact reports whether every pairing is an exact match.
func allExact(chosen []pairing) bool {
	for _, p := range chosen {
		if p.sim < 1 {
			return false
		}
	}
	return len(chosen) > 0
}

// patronymic returns the position of the first "bin" (ibn, ben, bint,
// ould) that stands between two words of a name, or -1.
func patronymic(ts []names.Token) int {
	for i := 1; i+1 < len(ts) && i < maxTokens; i++ {
		switch ts[i].Text {
		case "bin", "ibn", "ben", "bint", "binti", "ould", "walad":
			return i
		}
	}
	return -1
}

// patronymSwapped reports whether the query's "X bin Y" met the listed
// "Y bin X": the son named for the father, another man (Muhammad bin
// Salman is Salman bin Muhammad's son).
func patronymSwapped(qb int, lt []names.Token, chosen []pairing) bool {
	lb := patronymic(lt)
	if lb < 0 {
		return false
	}
	var before, after bool
	for _, p := range chosen {
		if p.qn != 1 || p.ln != 1 {
			continue
		}
		before = before || int(p.qi) == qb-1 && int(p.li) == lb+1
		after = after || int(p.qi) == qb+1 && int(p.li) == lb-1
	}
	return before && after
}

// preferJoins replaces a chosen one-to-one pairing by a join of consonant
// skeletons that covers its two tokens and a token left unpaired, at
// about the same similarity: أبو بكر is "Abubakar", though بكر alone meets
// it a little better. Joins of Latin spellings are left to the greedy
// choice: a syllable more or less there is another name (Ho is not O Ho).
// It returns the used masks with the join's extra token in them: the
// coverage that follows must not count that token as left over.
func preferJoins(ps, chosen []pairing, usedQ, usedL uint64) ([]pairing, uint64, uint64) {
	for _, p := range ps {
		if p.qn+p.ln != 3 || p.how != howConsonants {
			continue
		}
		// The pairing's extra token (two on one side) must be unpaired,
		// and its other tokens paired together, one to one.
		for k := range chosen {
			c := &chosen[k]
			if c.qn != 1 || c.ln != 1 || c.sim*simJoinedExact > p.sim {
				continue
			}
			if p.qn == 2 && c.l == p.l && c.q&p.q != 0 && (p.q&^c.q)&usedQ == 0 ||
				p.ln == 2 && c.q == p.q && c.l&p.l != 0 && (p.l&^c.l)&usedL == 0 {
				usedQ |= p.q
				usedL |= p.l
				*c = p
				break
			}
		}
	}
	return chosen, usedQ, usedL
}

// joinSim compares the key of two tokens read as one with a single
// token's key.
func joinSim(a, b string) float32 {
	if len(a) != len(b) && (len(a) < 6 || len(b) < 6 || len(a)-len(b) > 1 || len(b)-len(a) > 1) {
		// Told apart by their lengths alone, without reading a letter:
		// the listed key is most often a cache miss away.
		return 0
	}
	if a == b {
		return simJoinedExact
	}
	// A name joined or split keeps its first letter; without this check
	// every pair of tokens would be edit-compared with every joined pair.
	// Joined keys are long and made of short syllables: allow them one
	// typo only, and only when long enough not to make another name.
	if len(a) < 6 || len(b) < 6 || a[0] != b[0] || len(a)-len(b) > 1 || len(b)-len(a) > 1 {
		return 0
	}
	if names.Distance(a, b, 1) > 1 {
		return 0
	}
	if s := editSim(a, b); s > 0 {
		return s * simJoinedExact
	}
	return 0
}

// sameGlides reports whether two tokens without consonants have the same
// glides (y, w, h) in the same order, i read as y: يحيى (yhya) = Yahya.
func sameGlides(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && strings.IndexByte("aeou", a[i]) >= 0 {
			i++
		}
		for j < len(b) && strings.IndexByte("aeou", b[j]) >= 0 {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		x, y := a[i], b[j]
		if x == 'i' {
			x = 'y'
		}
		if y == 'i' {
			y = 'y'
		}
		if x != y {
			return false
		}
		i++
		j++
	}
}

// skeletonSim compares two whole-name skeletons, allowing one edit in
// five consonants.
func skeletonSim(a, b string) float32 {
	// Short skeletons are shared by too many names ("Ava Semsar" and
	// "Shamshiri, Ali" both read smsr): only long ones identify.
	longer := max(len(a), len(b))
	if min(len(a), len(b)) < 5 {
		return 0
	}
	allowed := max(1, longer/5)
	d := names.Distance(a, b, allowed)
	if d > allowed {
		return 0
	}
	return float32(simConsonants * (1 - float64(d)/float64(longer)))
}

// joinedTextsAgree checks two tokens read as one against a single token
// by their spellings too: keys fold away so much that "Keum Hari" and
// "Ghommari" share one. The first letters must agree and the spellings
// be within an edit in three letters.
func joinedTextsAgree(a1, a2, b string) bool {
	if len(a1)+len(a2) > 48 || b == "" {
		return false
	}
	// The first letters may differ only by the initial r, l or n that
	// romanisations drop (Yeon Ha = Ryonha).
	if !sameInitial(a1[0], b[0]) && !(len(b) > 1 && strings.IndexByte("rln", b[0]) >= 0 && b[1] == a1[0]) &&
		!(len(a1) > 1 && strings.IndexByte("rln", a1[0]) >= 0 && a1[1] == b[0]) && !chineseInitials(a1, b) {
		return false
	}
	if chineseInitials(a1, b) {
		// Compare the syllables as pinyin spells their initial.
		if p := chineseInitial(a1); p != 0 {
			a1 = string(p) + a1[2:]
		} else {
			b = string(chineseInitial(b)) + b[2:]
		}
	}
	var buf [48]byte
	joined := append(append(buf[:0], a1...), a2...)
	limit := max(1, max(len(joined), len(b))/3)
	return names.Distance(joined, []byte(b), limit) <= limit
}

// acronymPairs pairs each word of short (2 to maxAcronym letters) with a
// run of as many non-noise words of long whose initials spell it. swapped
// says short is the listed side.
func acronymPairs(ps []pairing, short, long []names.Token, swapped bool) []pairing {
	for i, t := range short {
		n := len(t.Text)
		if t.Noise || n < 2 || n > maxAcronym || t.Alts != nil {
			continue
		}
		for j := 0; j+n <= len(long) && j+n <= maxTokens; j++ {
			ok := true
			for k := 0; k < n; k++ {
				if w := long[j+k]; w.Noise || w.Text[0] != t.Text[k] || len(w.Text) < 2 {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			p := pairing{q: 1 << i, l: (1<<n - 1) << j, sim: simAcronym, how: howAcronym, qi: int8(i), li: int8(j), qn: 1, ln: int8(n)}
			if swapped {
				p = pairing{q: p.l, l: p.q, sim: p.sim, how: p.how, qi: p.li, li: p.qi, qn: p.ln, ln: p.qn}
			}
			ps = append(ps, p)
		}
	}
	return ps
}

// skelJoins reports whether the skeleton whole is a and b written
// together (a shared consonant at the seam counted once), and long
// enough to mean something.
func skelJoins(whole, a, b string) bool {
	if len(whole) < 3 || a == "" || b == "" {
		return false
	}
	if len(whole) == len(a)+len(b) {
		return whole[:len(a)] == a && whole[len(a):] == b
	}
	return len(whole) == len(a)+len(b)-1 && a[len(a)-1] == b[0] && whole[:len(a)] == a && whole[len(a):] == b[1:]
}

// sameInitial reports whether two first letters are one sound in the
// romanisations: voiced or not (g k, d t, b p, j ch), r or l.
// chineseInitials reports whether a and b start with the Wade-Giles and
// pinyin spellings of one Chinese initial: ts or tz for z (Tse-tung =
// Zedong), hs for x (Hsiao-ping = Xiaoping).
func chineseInitials(a, b string) bool {
	if len(a) < 2 || len(b) < 2 {
		return false
	}
	wa, wb := chineseInitial(a), chineseInitial(b)
	return wa != 0 && wa == b[0] || wb != 0 && wb == a[0]
}

// chineseInitial is the pinyin letter for a word's Wade-Giles initial
// ts, tz or hs, or 0.
func chineseInitial(s string) byte {
	if len(s) < 2 {
		return 0
	}
	switch s[:2] {
	case "ts", "tz":
		return 'z'
	case "hs":
		return 'x'
	}
	return 0
}

func sameInitial(x, y byte) bool {
	if x == y {
		return true
	}
	class := func(c byte) byte {
		switch c {
		case 'g', 'k', 'q':
			return 'k'
		case 'd', 't':
			return 't'
		case 'b', 'p':
			return 'p'
		case 'j', 'c':
			return 'j'
		case 'l', 'r':
			return 'r'
		}
		return c
	}
	return class(x) == class(y)
}

// joinHangul reports whether a listed word is the spellings of two Hangul
// syllables written together ("Hyungjoon" = 형 + 준).
func joinHangul(a, b *names.Token, l *names.Token) float32 {
	listed := l.Text
	for cut := 1; cut < len(listed); cut++ {
		if _, ok := slices.BinarySearch(a.Spellings(), listed[:cut]); !ok {
			continue
		}
		if _, ok := slices.BinarySearch(b.Spellings(), listed[cut:]); ok {
			return simRomanisation * simJoinedExact
		}
	}
	return 0
}

// simEntry is a cached tokenSim result.
type simEntry struct {
	sim float32
	how string
}

// tokenSim compares query token i with a listed token. A query word no
// listed name contains that is one typo away from one that is, most likely
// is that word misspelt: the edit costs half.
func (q *query) tokenSim(i int, l *names.Token) simEntry {
	sim, how := tokenSim(&q.tokens[i], l)
	if how == howEdit && q.unseen[i] {
		switch d := names.Distance(q.tokens[i].Text, l.Text, 2); {
		case d == 1:
			sim = simRomanisation - (simRomanisation-sim)*unseenEditFactor
		case d == 2 && len(l.Text) >= 5:
			sim = simRomanisation - (simRomanisation-sim)*unseenEditFactor2
		}
	}
	return simEntry{sim, how}
}

// simRowByID returns the similarities of every query token with the
// indexed token of ordinal id, computed once per query: the candidates of
// one query share most of their tokens ("Mohammed", "Kim", "Trading").
func (s *scratch) simRowByID(q *query, qt []names.Token, l *names.Token, id uint32) []simEntry {
	if s.tokStamp[id] == s.simEpoch {
		i := int(s.tokRow[id])
		return s.simRows[i : i+len(qt)]
	}
	n := len(s.simRows)
	for i := range qt {
		s.simRows = append(s.simRows, q.tokenSim(i, l))
	}
	s.tokStamp[id] = s.simEpoch
	s.tokRow[id] = int32(n)
	return s.simRows[n : n+len(qt)]
}

// simRow returns the similarities of every query token with a listed
// token outside the index (Compare), computed afresh: such a token has no
// ordinal in the index's table to cache them by, and Compare aligns a few
// names only.
func (s *scratch) simRow(q *query, qt []names.Token, l *names.Token) []simEntry {
	n := len(s.simRows)
	for i := range qt {
		s.simRows = append(s.simRows, q.tokenSim(i, l))
	}
	return s.simRows[n : n+len(qt)]
}
