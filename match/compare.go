package match

import (
	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/faults"
)

// Compare scores a query against one entity, listed or not, with the
// token statistics of this index (so that common names weigh little).
// It returns the match even when it scores below the threshold. A panic
// in the engine is returned as a *PanicError, as Screen returns it.
func (ix *Index) Compare(cq clearance.Query, e *clearance.Entity) (m clearance.Match, err error) {
	defer recoverTo("compare", queryInput(cq), &err)
	faults.Screen(cq.Name)
	return ix.compare(cq, e)
}

func (ix *Index) compare(cq clearance.Query, e *clearance.Entity) (clearance.Match, error) {
	q, err := ix.prepare(cq)
	if err != nil {
		return clearance.Match{}, err
	}
	best := ix.newMatch(e, 0)
	s := ix.pool.Get().(*scratch)
	s.resetSims()
	defer ix.pool.Put(s)
	found := false
	// The entity's names are prepared as the index prepares its own, so
	// that Compare and Screen score a pair alike.
	lns, tt := listedNames(0, e)
	ix.weighTable(&tt)
	for _, ln := range lns {
		if len(q.tokens) == 0 {
			break
		}
		full := e.Names[ln.nameIdx].Full
		a := align(q, &ln, &tt, s)
		score := nameScore(q, &ln, a, e)
		if !found || float64(score) > best.Score {
			found = true
			best.Score = float64(score)
			best.MatchedName = full
			best.Reasons = explainName(q, &ln, a, full, score)
		}
	}
	best.Score = adjust(q, e, best.Score, &best.Reasons)
	return best, nil
}
