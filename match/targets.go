package match

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/names"
	"github.com/clearance-screening/clearance/wallet"
)

// A target is one real-world person, organisation or vessel that several
// lists designate: PAK Bong Nam listed by OFAC, the UN and the UK is one
// target with three listings. Build links listings into targets by strong
// evidence only, so that a screening raises one alert per target, with
// every listing in it:
//
//   - the publisher's own tie (SameAs: the EU's UN reference, the
//     built-in set's OFAC entries) or a UN reference cited in another
//     list's remarks (the UK's "UN Ref KPi.067");
//   - the same passport or national identity number (with the same
//     issuing country where both give one), the same IMO number, the
//     same wallet address;
//   - the same name (its words in any order) with the same full date of
//     birth and a nationality in common.
//
// Two listings are never linked when they are of different types, when
// both give full dates of birth and none agrees (a father and son share
// a name and may share a document number typed by a clerk), or, for an
// identifier, a wallet or a cited reference, when their names do not
// agree (two words in common for a person: a company and its owner may
// share a wallet, a clerk may mistype a reference), or when years of
// birth lie apart.
type targetSet struct {
	// root is each entity's target: the ordinal of the target's first
	// member in canonical order.
	root []int32
	// members lists each target's entities by its root, for targets of
	// more than one listing.
	members map[int32][]int32
	// why says what tied each linked entity to its target.
	why map[int32][]string
}

// TargetLink is what Index.Targets reports of one linked target.
type TargetLink struct {
	Target   string   `json:"target"`
	Entities []string `json:"entities"`
	Why      []string `json:"why"`
}

var unRefPattern = regexp.MustCompile(`(?i)\bUN\.?\s*Ref(?:erence)?\.?\s*(?:No\.?\s*)?:?\s*([A-Z]{2}[IE])\.\s?(\d{2,3})\b`)

// sourceOrder ranks sources for a target's ID: the UN first, whose
// reference other lists cite, then the others by key.
func sourceOrder(src string) int {
	switch src {
	case "un_sc_sanctions":
		return 0
	case "clearance_dprk":
		return 2
	}
	return 1
}

// entityWords returns a function giving each entity's distinctive name
// words (over all its names) by key, with the index's weight of each: its
// rarity among listed names.
func (ix *Index) entityWords() func(int32) map[string]float32 {
	first := make([]int32, len(ix.entities)+1)
	for i := range first {
		first[i] = -1
	}
	for n := len(ix.names) - 1; n >= 0; n-- {
		first[ix.names[n].entity] = int32(n)
	}
	return func(ei int32) map[string]float32 {
		m := map[string]float32{}
		if first[ei] < 0 {
			return m
		}
		for n := int(first[ei]); n < len(ix.names) && ix.names[n].entity == ei; n++ {
			for _, id := range ix.names[n].ids {
				if t := &ix.tokens.toks[id]; !t.Noise && len(t.Key) > 1 {
					m[t.Key] = ix.tokens.weights[id]
				}
			}
		}
		return m
	}
}

func linkTargets(es []clearance.Entity, byID map[string]int, entityWords func(int32) map[string]float32) targetSet {
	parent := make([]int32, len(es))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	why := map[int32][]string{}
	wordsOf := make([]map[string]float32, len(es))
	words := func(i int32) map[string]float32 {
		if wordsOf[i] == nil {
			wordsOf[i] = entityWords(i)
		}
		return wordsOf[i]
	}
	link := func(a, b int32, reason string, needName bool) {
		if a == b || !compatible(&es[a], &es[b]) {
			return
		}
		if needName && !sameBearer(words(a), words(b)) {
			return
		}
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		parent[rb] = ra
		why[a] = appendOnce(why[a], reason)
		why[b] = appendOnce(why[b], reason)
	}
	buckets := map[string][]int32{}
	add := func(key string, i int) {
		if !slices.Contains(buckets[key], int32(i)) {
			buckets[key] = append(buckets[key], int32(i))
		}
	}
	for i := range es {
		e := &es[i]
		for _, id := range e.SameAs {
			if j, ok := byID[id]; ok {
				link(int32(i), int32(j), "listed as the same target ("+id+")", false)
			}
		}
		// The listing's own UN reference is the first its remarks cite
		// ("UN Listing. UN Ref KPi.067."); later ones are of others it
		// is tied to ("owned by Daedong Credit Bank, UN Ref KPe.023").
		if m := unRefPattern.FindStringSubmatch(e.Remarks); m != nil {
			ref := "un_sc_sanctions:" + strings.ToUpper(m[1][:2]) + strings.ToLower(m[1][2:]) + "." + fmt.Sprintf("%03s", m[2])
			if j, ok := byID[ref]; ok && ref != e.ID {
				// A citation can be mistyped: the listing cited must
				// also bear the name.
				link(int32(i), int32(j), "UN reference "+ref[len("un_sc_sanctions:"):]+" cited", true)
			}
		}
		for _, id := range e.Identifiers {
			kind := identityKind(id.Type)
			if n := normalizeIdentifier(id.Number); kind != "" && len(n) >= 5 {
				add(kind+"|"+n, i)
			}
		}
		for _, w := range e.Wallets {
			if c := wallet.Canonical(w.Currency, w.Address); c != "" {
				add("wallet|"+c, i)
			}
		}
		if e.Type == clearance.Person {
			for _, d := range e.BirthDates {
				if d.Day == 0 || d.Month == 0 || d.Circa || !d.Until.IsZero() {
					continue
				}
				for _, n := range e.Names {
					add(fmt.Sprintf("name|%s|%s", names.WordSet(n.Full), d.Date.String()), i)
				}
			}
		}
	}
	keys := make([]string, 0, len(buckets))
	for k, b := range buckets {
		if len(b) > 1 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys) // links, and so reasons, in a fixed order
	for _, k := range keys {
		b := buckets[k]
		kind, value, _ := strings.Cut(k, "|")
		for x := 0; x < len(b); x++ {
			for y := x + 1; y < len(b); y++ {
				a, c := b[x], b[y]
				switch kind {
				case "name":
					if why, ok := sameNameAndBirth(&es[a], &es[c], value); ok {
						link(a, c, why, false)
					}
				case "wallet":
					link(a, c, "wallet "+value, true)
				default:
					if sameIssuer(&es[a], &es[c], kind, value) {
						link(a, c, strings.ReplaceAll(kind, "_", " ")+" "+value, true)
					}
				}
			}
		}
	}
	ts := targetSet{root: make([]int32, len(es)), members: map[int32][]int32{}, why: why}
	groups := map[int32][]int32{}
	for i := range es {
		r := find(int32(i))
		groups[r] = append(groups[r], int32(i))
	}
	for _, g := range groups {
		slices.SortFunc(g, func(a, b int32) int {
			return cmp.Or(cmp.Compare(sourceOrder(es[a].Source), sourceOrder(es[b].Source)), strings.Compare(es[a].ID, es[b].ID))
		})
		for _, i := range g {
			ts.root[i] = g[0]
		}
		if len(g) > 1 {
			ts.members[g[0]] = g
		}
	}
	return ts
}

// sameNameAndBirth decides a link by the same name and full date of
// birth: with a nationality in common; or, where a list gives none (OFAC
// often does not), for a name rare in every population and a date that
// is not 1 January, the date lists write when they know only the year.
func sameNameAndBirth(a, b *clearance.Entity, value string) (string, bool) {
	na, nb := a.Nationalities, b.Nationalities
	for _, c := range na {
		if slices.Contains(nb, c) {
			return "same name, date of birth and nationality", true
		}
	}
	if len(na) > 0 && len(nb) > 0 {
		return "", false
	}
	name, date, _ := strings.Cut(value, "|")
	if strings.HasSuffix(date, "-01-01") {
		return "", false
	}
	if share, _ := names.CommonShare(names.Tokenize(name)); share >= rareNameShare {
		return "", false
	}
	return "same name and date of birth, a name rare in every population", true
}

// rareNameShare is the share of a population below which a name with the
// same full date of birth identifies one person.
const rareNameShare = 1e-5

// identityKind names the identifiers that tie listings together: the
// documents of a person, a vessel's IMO number.
func identityKind(t string) string {
	t = strings.ToLower(t)
	switch {
	case strings.Contains(t, "passport"):
		return "passport"
	case strings.Contains(t, "national") || strings.Contains(t, "identity card") || t == "id_card":
		return "national_id"
	case t == "imo" || strings.Contains(t, "imo number") || strings.HasPrefix(t, "vessel registration"):
		return "imo"
	}
	return ""
}

// sameIssuer reports whether two listings' documents numbered value, of
// kind, were issued by the same country where both say.
func sameIssuer(a, b *clearance.Entity, kind, value string) bool {
	if kind == "imo" {
		return true
	}
	ca, cb := issuer(a, kind, value), issuer(b, kind, value)
	return ca == "" || cb == "" || ca == cb
}

func issuer(e *clearance.Entity, kind, value string) string {
	for _, id := range e.Identifiers {
		if identityKind(id.Type) == kind && normalizeIdentifier(id.Number) == value {
			return id.Country
		}
	}
	return ""
}

// compatible reports whether two listings may be one target.
func compatible(a, b *clearance.Entity) bool {
	if a.Type != b.Type && a.Type != clearance.Unknown && b.Type != clearance.Unknown {
		return false
	}
	fa, fb := fullDates(a), fullDates(b)
	if len(fa) > 0 && len(fb) > 0 {
		for _, x := range fa {
			if slices.Contains(fb, x) {
				return true
			}
		}
		return false
	}
	// Years, where a list gives only a year or a range: none within a
	// year of the other's is another person (the UK cites Ri Pyong Chul's
	// UN reference, born 1948, for Ri Chun Song, born 1965).
	if len(a.BirthDates) > 0 && len(b.BirthDates) > 0 {
		for _, x := range a.BirthDates {
			for _, y := range b.BirthDates {
				if yearsOverlap(x, y) {
					return true
				}
			}
		}
		return false
	}
	return true
}

// yearsOverlap reports whether two birth dates' years, with their ranges
// and a year of slack (circa: three), could be one.
func yearsOverlap(x, y clearance.BirthDate) bool {
	span := func(b clearance.BirthDate) (int, int) {
		lo, hi := b.Year, b.Until.Year
		if hi == 0 {
			hi = lo
		}
		slack := 1
		if b.Circa {
			slack = 3
		}
		return lo - slack, hi + slack
	}
	xl, xh := span(x)
	yl, yh := span(y)
	return x.Year == 0 || y.Year == 0 || xl <= yh && yl <= xh
}

func fullDates(e *clearance.Entity) []clearance.Date {
	var out []clearance.Date
	for _, d := range e.BirthDates {
		if d.Day != 0 && d.Month != 0 && !d.Circa && d.Until.IsZero() {
			out = append(out, d.Date)
		}
	}
	return out
}

// sameBearer reports whether two listings' names (their words by key,
// over all their aliases, weighed by rarity) could be one bearer's: the
// words they share must weigh at least half of either side's, so that a
// surname (Ri) or the words of every bank's name (Credit, Bank) do not
// tie two listings a reference or a document number was mistyped for.
func sameBearer(a, b map[string]float32) bool {
	var shared, ta, tb float32
	for k, w := range a {
		ta += w
		if _, ok := b[k]; ok {
			shared += w
		}
	}
	for _, w := range b {
		tb += w
	}
	return shared > 0 && shared >= sameBearerShare*min(ta, tb)
}

// sameBearerShare is the share of the lighter name's weight that two
// listings' shared words must hold.
const sameBearerShare = 0.5

func appendOnce(ss []string, s string) []string {
	if slices.Contains(ss, s) {
		return ss
	}
	return append(ss, s)
}

// TargetID is the stable identifier of entity ei's target: its first
// listing's ID in canonical order (the UN's where the UN lists it).
func (ix *Index) targetID(ei int32) string {
	return ix.entities[ix.targets.root[ei]].ID
}

// listings describes the other listings of entity ei's target.
func (ix *Index) listings(ei int32) []clearance.Listing {
	g := ix.targets.members[ix.targets.root[ei]]
	if len(g) == 0 {
		return nil
	}
	out := make([]clearance.Listing, 0, len(g)-1)
	for _, j := range g {
		if j == ei {
			continue
		}
		e := &ix.entities[j]
		out = append(out, clearance.Listing{EntityID: e.ID, Source: e.Source, Name: e.PrimaryName(), Programs: e.Programs, ListedOn: e.ListedOn, Why: ix.targets.why[j], Entity: e})
	}
	return out
}

// Targets reports every target of more than one listing, for review.
func (ix *Index) Targets() []TargetLink {
	var out []TargetLink
	for root, g := range ix.targets.members {
		t := TargetLink{Target: ix.entities[root].ID}
		for _, i := range g {
			t.Entities = append(t.Entities, ix.entities[i].ID)
			for _, w := range ix.targets.why[i] {
				t.Why = appendOnce(t.Why, w)
			}
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b TargetLink) int { return strings.Compare(a.Target, b.Target) })
	return out
}
