package quality

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// DevLimit is how many matches DevSet asks Screen for per query: the
// engine's own default, so that matches/q means what a user would see.
const DevLimit = 10

// Budgets are the false-alert rates at which the sweep reports recall,
// as score.py does.
var Budgets = []float64{0.005, 0.01, 0.05}

// Tally counts one group of dev-set queries as score.py does.
type Tally struct {
	Queries     int `json:"queries"`
	Positives   int `json:"positives"`
	Found       int `json:"found"` // positives with an expected id among the counted matches
	Top1        int `json:"top1"`  // positives whose best counted match is expected
	Negatives   int `json:"negatives"`
	FalseAlerts int `json:"false_alerts"` // negatives with any counted match
	Matches     int `json:"matches"`      // counted matches, all queries
}

// Recall is the share of positives found.
func (t Tally) Recall() float64 { return ratio(t.Found, t.Positives) }

// Top1Rate is the share of positives whose best match is expected.
func (t Tally) Top1Rate() float64 { return ratio(t.Top1, t.Positives) }

// FPR is the share of negatives with a false alert.
func (t Tally) FPR() float64 { return ratio(t.FalseAlerts, t.Negatives) }

// MatchesPerQuery is the mean number of counted matches.
func (t Tally) MatchesPerQuery() float64 { return ratio(t.Matches, t.Queries) }

func (t *Tally) add(positive, found, top1, anyMatch bool, matches int) {
	t.Queries++
	t.Matches += matches
	if positive {
		t.Positives++
		t.Found += b2i(found)
		t.Top1 += b2i(top1)
	} else {
		t.Negatives++
		t.FalseAlerts += b2i(anyMatch)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CategoryTally is the tally of one query category.
type CategoryTally struct {
	Category string `json:"category"`
	Tally
}

// SweepPoint is the recall one score threshold reaches while keeping the
// false-alert rate within Budget: the lowest threshold that does.
type SweepPoint struct {
	Budget float64 `json:"budget"`
	// Reached is false when no returned score keeps the rate within the
	// budget (score.py prints "none"); Threshold is then 0.
	Reached   bool    `json:"reached"`
	Threshold float64 `json:"threshold"`
	Recall    float64 `json:"recall"`
	FPR       float64 `json:"fpr"`
}

// Scored is one returned match, reduced to what score.py reads.
type Scored struct {
	EntityID string  `json:"entity_id"`
	Score    float64 `json:"score"`
}

// DevResult is the engine's answer to one dev-set query.
type DevResult struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Category string   `json:"category"`
	Positive bool     `json:"positive"`
	Found    bool     `json:"found"` // positives: an expected id at or above the threshold
	Alert    bool     `json:"alert"` // some match at or above the threshold
	Matches  []Scored `json:"matches"`
	Error    string   `json:"error,omitempty"`
}

// DevReport is what DevSet measures: score.py's figures at the index's
// threshold and its single-threshold sweep.
type DevReport struct {
	Threshold  float64         `json:"threshold"`
	MinScore   float64         `json:"min_score"`
	Overall    Tally           `json:"overall"`
	Categories []CategoryTally `json:"categories"` // categories with positives first, then by name, as score.py prints them
	// Sweep is over all negatives; SweepNameOnly over the negatives that
	// are not namesake_* (which only a birth date can clear). SweepNameOnly
	// is nil when that set is empty or equals all negatives, as score.py
	// then leaves it out.
	Sweep         []SweepPoint `json:"sweep"`
	SweepNameOnly []SweepPoint `json:"sweep_name_only,omitempty"`
	NameOnlyNegs  int          `json:"name_only_negatives"`
	// LowestScore is the lowest score returned (+Inf if none; not in JSON).
	LowestScore float64       `json:"-"`
	Unreadable  int           `json:"unreadable_lines"`
	Errors      int           `json:"errors"` // queries Screen refused (they count as answered with nothing)
	Results     []DevResult   `json:"-"`
	Elapsed     time.Duration `json:"elapsed_ns"`
}

// devQuery is one line of dev.jsonl.
type devQuery struct {
	ID          json.RawMessage `json:"id"`
	Name        string          `json:"name"`
	Type        string          `json:"type"`
	DOB         string          `json:"dob"`
	Country     string          `json:"country"`
	Expect      []string        `json:"expect"`
	ExpectOther []string        `json:"expect_other"`
	Category    string          `json:"category"`
}

// idString renders a JSON id as Python's str() would for the strings and
// integers the sets use.
func idString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}

// DevSet screens every query of a dev-set file (dev.jsonl's format) with
// minScore as Screen's minimum and DevLimit matches, in parallel, and
// scores the answers exactly as ../shared/eval/score.py does with
// --threshold set to the index's threshold. Give a minScore below the
// threshold so that the sweep has scores to work with.
func DevSet(ix *match.Index, path string, minScore float64) (DevReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return DevReport{}, err
	}
	defer f.Close()
	return devSet(ix, f, path, minScore)
}

func devSet(ix *match.Index, r io.Reader, path string, minScore float64) (DevReport, error) {
	start := time.Now()
	rep := DevReport{Threshold: ix.Threshold(), MinScore: minScore, LowestScore: math.Inf(1)}
	var queries []devQuery
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var q devQuery
		// score.py skips lines that are not JSON objects or have no id.
		if err := json.Unmarshal(b, &q); err != nil || len(q.ID) == 0 || string(q.ID) == "null" {
			rep.Unreadable++
			continue
		}
		queries = append(queries, q)
	}
	if err := sc.Err(); err != nil {
		return rep, fmt.Errorf("%s: %w", path, err)
	}
	if len(queries) == 0 {
		return rep, fmt.Errorf("%s: no queries", path)
	}

	rep.Results = make([]DevResult, len(queries))
	parallel(len(queries), func(i int) {
		q := &queries[i]
		typ, _ := clearance.ParseEntityType(q.Type)
		cq := clearance.Query{ID: idString(q.ID), Name: q.Name, Type: typ, DOB: q.DOB, Country: q.Country}
		res := &rep.Results[i]
		res.ID, res.Name, res.Category = cq.ID, q.Name, q.Category
		ms, err := ix.Screen(cq, clearance.ScreenOptions{MinScore: minScore, Limit: DevLimit})
		if err != nil {
			res.Error = err.Error()
			return
		}
		res.Matches = make([]Scored, 0, len(ms))
		for _, m := range ms {
			res.Matches = append(res.Matches, Scored{EntityID: m.EntityID, Score: m.Score})
			// As score.py counts them: a match on a target found every
			// listing of that target, at the match's score.
			for _, l := range m.Listings {
				res.Matches = append(res.Matches, Scored{EntityID: l.EntityID, Score: m.Score})
			}
		}
	})

	T := rep.Threshold
	perCat := map[string]*Tally{}
	var posBest, negBest, nameOnlyNeg []float64
	for i := range queries {
		q, res := &queries[i], &rep.Results[i]
		if res.Error != "" {
			rep.Errors++
		}
		cat := q.Category
		if cat == "" {
			cat = "(none)"
		}
		expect := q.Expect
		target := q.ExpectOther
		if len(target) == 0 {
			target = expect
		}
		// "own" ids are expected but set aside for top-1 when
		// expect_other names the ones that must be found.
		own := func(id string) bool { return slices.Contains(expect, id) && !slices.Contains(target, id) }
		matches := res.Matches
		// score.py sorts stably by descending score; Screen's order
		// (score, then id) already is one.
		slices.SortStableFunc(matches, func(a, b Scored) int {
			switch {
			case a.Score > b.Score:
				return -1
			case a.Score < b.Score:
				return 1
			}
			return 0
		})
		positive := len(expect) > 0
		kept, found, top1, ranked := 0, false, false, false
		best := math.Inf(-1)
		for _, m := range matches {
			rep.LowestScore = min(rep.LowestScore, m.Score)
			inTarget := slices.Contains(target, m.EntityID)
			if !positive || inTarget {
				best = max(best, m.Score)
			}
			if m.Score < T {
				continue
			}
			kept++
			found = found || inTarget
			if !ranked && !own(m.EntityID) {
				ranked, top1 = true, inTarget
			}
		}
		res.Positive, res.Found, res.Alert = positive, found, kept > 0
		rep.Overall.add(positive, found, top1, kept > 0, kept)
		t := perCat[cat]
		if t == nil {
			t = &Tally{}
			perCat[cat] = t
		}
		t.add(positive, found, top1, kept > 0, kept)
		if positive {
			posBest = append(posBest, best)
		} else {
			negBest = append(negBest, best)
			if !strings.HasPrefix(cat, "namesake") {
				nameOnlyNeg = append(nameOnlyNeg, best)
			}
		}
	}
	for c, t := range perCat {
		rep.Categories = append(rep.Categories, CategoryTally{Category: c, Tally: *t})
	}
	slices.SortFunc(rep.Categories, func(a, b CategoryTally) int {
		if pa, pb := a.Positives > 0, b.Positives > 0; pa != pb {
			if pa {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Category, b.Category)
	})
	rep.NameOnlyNegs = len(nameOnlyNeg)
	if len(posBest) > 0 && len(negBest) > 0 {
		for _, b := range Budgets {
			rep.Sweep = append(rep.Sweep, sweep(posBest, negBest, b))
		}
		if len(nameOnlyNeg) > 0 && len(nameOnlyNeg) != len(negBest) {
			for _, b := range Budgets {
				rep.SweepNameOnly = append(rep.SweepNameOnly, sweep(posBest, nameOnlyNeg, b))
			}
		}
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// sweep is score.py's sweep: walk the distinct returned scores from the
// top and keep the last (lowest) threshold whose false-alert rate is
// within budget. Positives never matched score -Inf and are never reached.
func sweep(pos, neg []float64, budget float64) SweepPoint {
	p := SweepPoint{Budget: budget}
	var cands []float64
	for _, s := range append(slices.Clone(pos), neg...) {
		if !math.IsInf(s, -1) {
			cands = append(cands, s)
		}
	}
	desc := func(a, b float64) int {
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	}
	slices.SortFunc(cands, desc)
	cands = slices.Compact(cands)
	negS := slices.SortedFunc(slices.Values(neg), desc)
	posS := slices.SortedFunc(slices.Values(pos), desc)
	iNeg, iPos := 0, 0
	for _, t := range cands {
		for iNeg < len(negS) && negS[iNeg] >= t {
			iNeg++
		}
		for iPos < len(posS) && posS[iPos] >= t {
			iPos++
		}
		if float64(iNeg)/float64(len(negS)) > budget {
			break
		}
		p.Reached, p.Threshold = true, t
		p.Recall = float64(iPos) / float64(len(posS))
		p.FPR = float64(iNeg) / float64(len(negS))
	}
	return p
}

// WriteResults writes the answers in the results format score.py reads,
// one line per query in the set's order; a query the engine refused has
// no line, as score.py expects.
func (r *DevReport) WriteResults(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, res := range r.Results {
		if res.Error != "" {
			continue
		}
		ms := res.Matches
		if ms == nil {
			ms = []Scored{}
		}
		if err := enc.Encode(struct {
			ID      string   `json:"id"`
			Matches []Scored `json:"matches"`
		}{res.ID, ms}); err != nil {
			return err
		}
	}
	return bw.Flush()
}
