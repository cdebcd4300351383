package quality

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// yenteQuery makes the screening query of one row of yente's person
// fixtures (full_name, date_of_birth, nationality, ...). A birth date the
// engine cannot read is left out rather than failing the row, and said.
func yenteQuery(t *table, row []string) (q clearance.Query, badDOB bool) {
	q = clearance.Query{Name: t.get(row, "full_name"), Type: clearance.Person, Country: t.get(row, "nationality")}
	if d := t.get(row, "date_of_birth"); d != "" {
		if _, err := clearance.ParseDate(d); err == nil {
			q.DOB = d
		} else {
			badDOB = true
		}
	}
	return q, badDOB
}

// WorstOffenders is how many of the highest-scoring false alerts
// Negatives keeps.
const WorstOffenders = 20

// NegativeFile is the false-alert count of one negatives file.
type NegativeFile struct {
	File    string `json:"file"`
	Rows    int    `json:"rows"`
	Alerted int    `json:"alerted"` // rows with any match at or above the threshold
	BadDOB  int    `json:"bad_dob"` // rows whose birth date was unreadable and left out
	Errors  int    `json:"errors"`
}

// FPR is the share of rows that alerted.
func (f NegativeFile) FPR() float64 { return ratio(f.Alerted, f.Rows) }

// Offender is a false alert: a query that should match nobody and the
// listed entity it matched.
type Offender struct {
	File        string          `json:"file"`
	Line        int             `json:"line"`
	Query       clearance.Query `json:"query"`
	EntityID    string          `json:"entity_id"`
	MatchedName string          `json:"matched_name"`
	Score       float64         `json:"score"`
}

// NegativeReport is the false-alert rate of queries that should match nobody.
type NegativeReport struct {
	Threshold float64        `json:"threshold"`
	Files     []NegativeFile `json:"files"`
	Total     NegativeFile   `json:"total"`
	Worst     []Offender     `json:"worst"` // the highest-scoring alerts, at most WorstOffenders
}

// Negatives screens every row of yente's negative fixtures (synthetic
// people who are on no list: full_name, date_of_birth, nationality, ...)
// against ix and counts the rows with any match at or above its
// threshold: each is a false alert.
func Negatives(ix *match.Index, paths ...string) (NegativeReport, error) {
	rep := NegativeReport{Threshold: ix.Threshold(), Total: NegativeFile{File: "all"}}
	for _, p := range paths {
		t, err := readTable(p, ',')
		if err != nil {
			return rep, err
		}
		if err := t.need("full_name"); err != nil {
			return rep, err
		}
		nf := NegativeFile{File: filepath.Base(p), Rows: len(t.rows)}
		queries := make([]clearance.Query, len(t.rows))
		top := make([]*clearance.Match, len(t.rows))
		errs := make([]bool, len(t.rows))
		for i, row := range t.rows {
			var bad bool
			queries[i], bad = yenteQuery(t, row)
			nf.BadDOB += b2i(bad)
		}
		parallel(len(queries), func(i int) {
			ms, err := ix.Screen(queries[i], clearance.ScreenOptions{MinScore: rep.Threshold, Limit: 1})
			if err != nil {
				errs[i] = true
			} else if len(ms) > 0 {
				top[i] = &ms[0]
			}
		})
		for i, m := range top {
			nf.Errors += b2i(errs[i])
			if m == nil {
				continue
			}
			nf.Alerted++
			rep.Worst = append(rep.Worst, Offender{File: nf.File, Line: line(i), Query: queries[i], EntityID: m.EntityID, MatchedName: m.MatchedName, Score: m.Score})
		}
		rep.Files = append(rep.Files, nf)
		rep.Total.Rows += nf.Rows
		rep.Total.Alerted += nf.Alerted
		rep.Total.BadDOB += nf.BadDOB
		rep.Total.Errors += nf.Errors
	}
	slices.SortStableFunc(rep.Worst, func(a, b Offender) int { return cmp.Compare(b.Score, a.Score) })
	if len(rep.Worst) > WorstOffenders {
		rep.Worst = rep.Worst[:WorstOffenders]
	}
	return rep, nil
}

// unSource is the dataset key of the UN Security Council list, whose
// entries yente's UN positives are.
const unSource = "un_sc_sanctions"

// PositiveTally counts how many rows found their own UN entry.
type PositiveTally struct {
	Rows   int `json:"rows"`  // rows whose own entry is known
	Found  int `json:"found"` // own entry at or above the threshold
	Top1   int `json:"top1"`  // own entry the best match (ties included)
	BadDOB int `json:"bad_dob"`
	Errors int `json:"errors"`
}

// Recall is the share of rows that found their own entry.
func (p PositiveTally) Recall() float64 { return ratio(p.Found, p.Rows) }

// PositiveMiss is a row that did not find its own entry.
type PositiveMiss struct {
	Line     int             `json:"line"`
	Query    clearance.Query `json:"query"`
	Expected string          `json:"expected"` // own entity ID
	Score    float64         `json:"score"`    // own entry's score, 0 if not returned above positiveFloor
	Treated  bool            `json:"treated"`
}

// PositivesReport is recall of UN-listed people screened by their own
// listed particulars, as published (untreated) and mangled (treated).
type PositivesReport struct {
	Threshold float64 `json:"threshold"`
	Rows      int     `json:"rows"`
	// Resolved rows are those whose own UN entry was identified (the files
	// carry no UN reference): the untreated name equals one of the
	// entry's names (order, case and punctuation aside), and where
	// several entries share it, the birth date decides.
	Resolved   int           `json:"resolved"`
	Unresolved []string      `json:"unresolved,omitempty"` // untreated names without a single own entry
	Untreated  PositiveTally `json:"untreated"`
	Treated    PositiveTally `json:"treated"`
	// Mangled counts the treated rows whose name differs from the
	// untreated one: the typo and reorder test proper.
	Mangled PositiveTally  `json:"mangled"`
	Misses  []PositiveMiss `json:"-"`
}

// positiveFloor is the minimum score asked for, below the threshold, so
// that a miss says how near its own entry came.
const positiveFloor = 0.4

// Positives screens the rows of yente's UN positives, untreated and
// treated (row-aligned files: full_name, date_of_birth, nationality, ...),
// against ix and counts the rows whose own UN entry matches at or above
// the threshold. The own entry is found by the untreated name among ix's
// UN entities; rows where that is not unambiguous are left out and listed.
func Positives(ix *match.Index, untreated, treated string) (PositivesReport, error) {
	rep := PositivesReport{Threshold: ix.Threshold()}
	ut, err := readTable(untreated, ',')
	if err != nil {
		return rep, err
	}
	tt, err := readTable(treated, ',')
	if err != nil {
		return rep, err
	}
	for _, t := range []*table{ut, tt} {
		if err := t.need("full_name", "date_of_birth"); err != nil {
			return rep, err
		}
	}
	if len(ut.rows) != len(tt.rows) {
		return rep, fmt.Errorf("%s has %d rows and %s %d; they must be row-aligned", untreated, len(ut.rows), treated, len(tt.rows))
	}
	rep.Rows = len(ut.rows)
	res := newUNResolver(ix)
	own := make([]string, len(ut.rows))
	for i, row := range ut.rows {
		own[i] = res.resolve(ut.get(row, "full_name"), ut.get(row, "date_of_birth"))
		if own[i] == "" {
			rep.Unresolved = append(rep.Unresolved, ut.get(row, "full_name"))
		} else {
			rep.Resolved++
		}
	}
	for _, side := range []struct {
		t       *table
		tally   *PositiveTally
		treated bool
	}{{ut, &rep.Untreated, false}, {tt, &rep.Treated, true}} {
		type outcome struct {
			score      float64
			found, top bool
			err        bool
		}
		queries := make([]clearance.Query, len(own))
		bad := make([]bool, len(own))
		outs := make([]outcome, len(own))
		for i, row := range side.t.rows {
			queries[i], bad[i] = yenteQuery(side.t, row)
		}
		parallel(len(own), func(i int) {
			if own[i] == "" {
				return
			}
			ms, err := ix.Screen(queries[i], clearance.ScreenOptions{MinScore: positiveFloor, Limit: 20})
			if err != nil {
				outs[i].err = true
				return
			}
			for _, m := range ms {
				// The UN entry found as another listing of the match's
				// target is found at the match's score.
				if m.EntityID == own[i] || slices.ContainsFunc(m.Listings, func(l clearance.Listing) bool { return l.EntityID == own[i] }) {
					outs[i].score = m.Score
					outs[i].found = m.Score >= rep.Threshold
					// The same person listed by OFAC or the UK often
					// scores the same; a tie for first is first.
					outs[i].top = outs[i].found && m.Score >= ms[0].Score
					break
				}
			}
		})
		for i, o := range outs {
			if own[i] == "" {
				continue
			}
			tallies := []*PositiveTally{side.tally}
			if side.treated && ut.get(ut.rows[i], "full_name") != tt.get(tt.rows[i], "full_name") {
				tallies = append(tallies, &rep.Mangled)
			}
			for _, p := range tallies {
				p.Rows++
				p.Found += b2i(o.found)
				p.Top1 += b2i(o.top)
				p.BadDOB += b2i(bad[i])
				p.Errors += b2i(o.err)
			}
			if !o.found {
				rep.Misses = append(rep.Misses, PositiveMiss{Line: line(i), Query: queries[i], Expected: own[i], Score: o.score, Treated: side.treated})
			}
		}
	}
	return rep, nil
}

// unResolver finds a UN entry by one of its names.
type unResolver struct {
	ix     *match.Index
	byName map[string][]string // token-sorted folded name -> entity IDs
}

func newUNResolver(ix *match.Index) *unResolver {
	r := &unResolver{ix: ix, byName: map[string][]string{}}
	for _, e := range ix.Entities() {
		if e.Source != unSource {
			continue
		}
		for _, n := range e.Names {
			k := sortedFold(n.Full)
			if k != "" && !slices.Contains(r.byName[k], e.ID) {
				r.byName[k] = append(r.byName[k], e.ID)
			}
		}
	}
	return r
}

// sortedFold folds a name's tokens and sorts them, so that "SALEK,
// ABDULHAI" and "Abdulhai Salek" meet.
func sortedFold(s string) string {
	toks := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\u00a0' || r == '\t' })
	var out []string
	for _, t := range toks {
		if f := foldName(t); f != "" {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// resolve returns the one UN entry with this name (and, among several,
// this birth date), or "".
func (r *unResolver) resolve(name, dob string) string {
	ids := r.byName[sortedFold(name)]
	if len(ids) > 1 && dob != "" {
		var same []string
		for _, id := range ids {
			e, _ := r.ix.Entity(id)
			for _, b := range e.BirthDates {
				if strings.HasPrefix(b.Date.String(), dob) || strings.HasPrefix(dob, b.Date.String()) && b.Date.Year != 0 {
					same = append(same, id)
					break
				}
			}
		}
		ids = same
	}
	if len(ids) != 1 {
		return ""
	}
	return ids[0]
}
