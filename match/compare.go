package match

import (
	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/names"
)

// Compare scores a query against one entity, listed or not, with the
// token statistics of this index (so that common names weigh little).
// It returns the match even when it scores below the threshold.
func (ix *Index) Compare(cq clearance.Query, e *clearance.Entity) (clearance.Match, error) {
	q, err := ix.prepare(cq)
	if err != nil {
		return clearance.Match{}, err
	}
	best := ix.newMatch(e, 0)
	s := ix.pool.Get().(*scratch)
	s.resetSims()
	defer ix.pool.Put(s)
	found := false
	for ni, n := range e.Names {
		ln := listedName{nameIdx: int16(ni), weak: n.Weak, tokens: names.Tokenize(n.Full)}
		if len(ln.tokens) == 0 || len(q.tokens) == 0 {
			continue
		}
		ln.weights = make([]float32, len(ln.tokens))
		for j, t := range ln.tokens {
			ln.weights[j] = ix.weight(t)
		}
		for i := 0; i+1 < len(ln.tokens); i++ {
			ln.concat = append(ln.concat, names.Key(ln.tokens[i].Text+ln.tokens[i+1].Text))
		}
		a := align(q, &ln, s)
		score := a.score * nameCeiling
		if ln.weak {
			score *= weakFactor
		}
		if !found || float64(score) > best.Score {
			found = true
			best.Score = float64(score)
			best.MatchedName = n.Full
			best.Reasons = explainName(q, &ln, a, n.Full, score)
		}
	}
	best.Score = adjust(q, e, best.Score, &best.Reasons)
	return best, nil
}
