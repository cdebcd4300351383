package quality

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// Confusion counts binary match decisions against labels.
type Confusion struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	TN int `json:"tn"`
	FN int `json:"fn"`
}

func (c *Confusion) add(label, predicted bool) {
	switch {
	case label && predicted:
		c.TP++
	case label:
		c.FN++
	case predicted:
		c.FP++
	default:
		c.TN++
	}
}

// N is the number of cases counted.
func (c Confusion) N() int { return c.TP + c.FP + c.TN + c.FN }

// Precision is TP/(TP+FP), 0 when nothing was predicted a match.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 0 when no case is a match.
func (c Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Confusion) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

// Accuracy is the share of cases decided right.
func (c Confusion) Accuracy() float64 { return ratio(c.TP+c.TN, c.N()) }

// PairCase is one labelled name pair and the score it got.
type PairCase struct {
	Group     string  `json:"case_group"`
	Schema    string  `json:"schema"`
	Name1     string  `json:"name1"`
	Name2     string  `json:"name2"`
	IsMatch   bool    `json:"is_match"`
	Quality   string  `json:"quality"`
	Score     float64 `json:"score"`
	Predicted bool    `json:"predicted"`
	Error     string  `json:"error,omitempty"`
}

// key identifies a case across the bench file and the frozen scores.
// The case group is left out: the frozen file files some bench cases
// under other group names.
func (c PairCase) key() string {
	return c.Schema + "\x00" + c.Name1 + "\x00" + c.Name2 + "\x00" + strconv.FormatBool(c.IsMatch)
}

// PairReport is precision and recall on labelled name pairs at one
// threshold, overall and per case group and quality tier.
type PairReport struct {
	Threshold float64              `json:"threshold"`
	Overall   Confusion            `json:"overall"`
	ByGroup   map[string]Confusion `json:"by_group"`
	ByQuality map[string]Confusion `json:"by_quality"`
	Errors    int                  `json:"errors"` // pairs the engine could not score (counted as no match)
	Cases     []PairCase           `json:"-"`
}

func (r *PairReport) tally() {
	r.Overall = Confusion{}
	r.ByGroup, r.ByQuality = map[string]Confusion{}, map[string]Confusion{}
	r.Errors = 0
	for _, c := range r.Cases {
		r.Overall.add(c.IsMatch, c.Predicted)
		g, q := r.ByGroup[c.Group], r.ByQuality[c.Quality]
		g.add(c.IsMatch, c.Predicted)
		q.add(c.IsMatch, c.Predicted)
		r.ByGroup[c.Group], r.ByQuality[c.Quality] = g, q
		if c.Error != "" {
			r.Errors++
		}
	}
}

// Groups returns the case groups in name order.
func (r PairReport) Groups() []string { return slices.Sorted(maps.Keys(r.ByGroup)) }

// Qualities returns the quality tiers in name order.
func (r PairReport) Qualities() []string { return slices.Sorted(maps.Keys(r.ByQuality)) }

// Wrong returns the cases decided wrongly: false negatives (lowest score
// first), then false positives (highest first).
func (r PairReport) Wrong() []PairCase {
	var fn, fp []PairCase
	for _, c := range r.Cases {
		switch {
		case c.IsMatch && !c.Predicted:
			fn = append(fn, c)
		case !c.IsMatch && c.Predicted:
			fp = append(fp, c)
		}
	}
	slices.SortStableFunc(fn, func(a, b PairCase) int { return cmpFloat(a.Score, b.Score) })
	slices.SortStableFunc(fp, func(a, b PairCase) int { return cmpFloat(b.Score, a.Score) })
	return append(fn, fp...)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// SchemaType maps a FollowTheMoney schema to the entity type the engine
// knows; other schemas are Unknown.
func SchemaType(schema string) clearance.EntityType {
	switch schema {
	case "Person":
		return clearance.Person
	case "Company", "Organization", "LegalEntity", "PublicBody":
		return clearance.Organization
	case "Vessel":
		return clearance.Vessel
	case "Airplane":
		return clearance.Aircraft
	}
	return clearance.Unknown
}

// NameBench scores every pair of nomenklatura's name bench
// (case_group, schema, name1, name2, is_match, quality, ...) with
// ix.Compare, name1 as the query and name2 as the primary name of an
// unlisted entity of the schema's type, and counts a pair a match at or
// above ix.Threshold().
func NameBench(ix *match.Index, path string) (PairReport, error) {
	t, err := readTable(path, ',')
	if err != nil {
		return PairReport{}, err
	}
	if err := t.need("case_group", "schema", "name1", "name2", "is_match"); err != nil {
		return PairReport{}, err
	}
	rep := PairReport{Threshold: ix.Threshold(), Cases: make([]PairCase, len(t.rows))}
	for i, row := range t.rows {
		c, err := pairCase(t, row)
		if err != nil {
			return PairReport{}, fmt.Errorf("%s line %d: %w", path, line(i), err)
		}
		rep.Cases[i] = c
	}
	parallel(len(rep.Cases), func(i int) {
		c := &rep.Cases[i]
		typ := SchemaType(c.Schema)
		e := clearance.Entity{ID: "bench:" + strconv.Itoa(i), Type: typ, Names: []clearance.Name{{Full: c.Name2, Kind: clearance.Primary}}}
		m, err := ix.Compare(clearance.Query{Name: c.Name1, Type: typ}, &e)
		if err != nil {
			c.Error = err.Error()
			return
		}
		c.Score = m.Score
		c.Predicted = m.Score >= rep.Threshold
	})
	rep.tally()
	return rep, nil
}

func pairCase(t *table, row []string) (PairCase, error) {
	c := PairCase{
		Group: t.get(row, "case_group"), Schema: t.get(row, "schema"),
		Name1: t.get(row, "name1"), Name2: t.get(row, "name2"),
		Quality: t.get(row, "quality"),
	}
	var err error
	if c.IsMatch, err = strconv.ParseBool(t.get(row, "is_match")); err != nil {
		return c, fmt.Errorf("is_match: %w", err)
	}
	if c.Quality == "" {
		c.Quality = "(none)"
	}
	return c, nil
}

// LogicV2 reads nomenklatura's frozen logic-v2 scores (the bench's
// columns plus score, predicted_match and outcome) into a PairReport, the
// baseline to compare NameBench with. Its threshold is logic-v2's 0.7;
// the decisions are the file's predicted_match.
func LogicV2(path string) (PairReport, error) {
	t, err := readTable(path, ',')
	if err != nil {
		return PairReport{}, err
	}
	if err := t.need("case_group", "schema", "name1", "name2", "is_match", "score", "predicted_match"); err != nil {
		return PairReport{}, err
	}
	rep := PairReport{Threshold: 0.7, Cases: make([]PairCase, len(t.rows))}
	for i, row := range t.rows {
		c, err := pairCase(t, row)
		if err == nil {
			c.Score, err = strconv.ParseFloat(t.get(row, "score"), 64)
		}
		if err == nil {
			c.Predicted, err = strconv.ParseBool(strings.ToLower(t.get(row, "predicted_match")))
		}
		if err != nil {
			return PairReport{}, fmt.Errorf("%s line %d: %w", path, line(i), err)
		}
		rep.Cases[i] = c
	}
	rep.tally()
	return rep, nil
}

// SharedCases restricts two pair reports to the cases both scored (same
// schema, names and label, each occurrence paired once), so that a
// comparison is like for like: the frozen logic-v2 file lacks some of the
// bench's cases and labels a few differently. Both results carry a's
// groups and quality tiers, with each side's own scores and decisions.
func SharedCases(a, b PairReport) (PairReport, PairReport) {
	pending := map[string][]PairCase{}
	for _, c := range b.Cases {
		pending[c.key()] = append(pending[c.key()], c)
	}
	outA, outB := PairReport{Threshold: a.Threshold}, PairReport{Threshold: b.Threshold}
	for _, c := range a.Cases {
		k := c.key()
		if len(pending[k]) == 0 {
			continue
		}
		other := pending[k][0]
		pending[k] = pending[k][1:]
		outA.Cases = append(outA.Cases, c)
		c.Score, c.Predicted, c.Error = other.Score, other.Predicted, other.Error
		outB.Cases = append(outB.Cases, c)
	}
	outA.tally()
	outB.tally()
	return outA, outB
}
