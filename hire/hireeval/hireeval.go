// Package hireeval scores a remote-hire assessment against the truth of a
// synthetic population (package synth): how many ring personas it flags,
// strongly and weakly linked; how many benign people it flags, overall and
// per look-alike group; whether it flags Korean-heritage staff more than
// plain staff; whether every flag carries evidence; whether each ring
// comes out as one cluster; and whether the planted bad records were
// reported. It also computes the issue's reference baseline ("flag whoever
// shares a phone, account, wallet or ship-to with anyone") from the
// population itself.
package hireeval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"
)

// TruthPerson is what the truth says of one person.
type TruthPerson struct {
	Person         string  `json:"person"`
	Ring           *string `json:"ring"`
	Weak           bool    `json:"weak"`
	Group          string  `json:"group"`
	KoreanHeritage bool    `json:"korean_heritage"`
}

// BadInput is a planted bad record the assessor should have reported.
type BadInput struct {
	File string `json:"file"`
	Line int    `json:"line"`
	What string `json:"what"`
}

// Truth is a population's truth.jsonl.
type Truth struct {
	People []TruthPerson
	Bad    []BadInput
}

// ReadTruth reads truth.jsonl: person lines and "bad_input" lines.
func ReadTruth(r io.Reader) (*Truth, error) {
	t := &Truth{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	seen := map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var raw struct {
			Kind string `json:"kind"`
			TruthPerson
			BadInput
		}
		if err := json.Unmarshal(line, &raw); err != nil {
			return nil, fmt.Errorf("truth line %d: %w", n, err)
		}
		switch raw.Kind {
		case "bad_input":
			t.Bad = append(t.Bad, raw.BadInput)
		case "", "person":
			if raw.Person == "" {
				return nil, fmt.Errorf("truth line %d: no person", n)
			}
			if seen[raw.Person] {
				return nil, fmt.Errorf("truth line %d: person %s twice", n, raw.Person)
			}
			seen[raw.Person] = true
			t.People = append(t.People, raw.TruthPerson)
		default:
			return nil, fmt.Errorf("truth line %d: unknown kind %q", n, raw.Kind)
		}
	}
	return t, sc.Err()
}

// Signal is one reason an assessor gives for a person's risk.
type Signal struct {
	Code     string          `json:"code"`
	Weight   float64         `json:"weight"`
	Evidence json.RawMessage `json:"evidence"`
	Source   string          `json:"source"`
}

// PersonResult is an assessor's verdict on one person.
type PersonResult struct {
	Person  string          `json:"person"`
	Risk    float64         `json:"risk"`
	Flagged bool            `json:"flagged"`
	Signals []Signal        `json:"signals"`
	Cluster json.RawMessage `json:"cluster,omitempty"`
}

// Cluster is a group of people the assessor links.
type Cluster struct {
	Cluster json.RawMessage `json:"cluster"`
	Members []string        `json:"members"`
	Links   json.RawMessage `json:"links"`
	Risk    float64         `json:"risk"`
}

// ErrorLine is an input record the assessor rejected.
type ErrorLine struct {
	File  string `json:"file"`
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// Assessment is an assessor's whole output.
type Assessment struct {
	People   map[string]*PersonResult
	Clusters []Cluster
	Errors   []ErrorLine
	// Unreadable counts output lines that were not JSON or of no known kind.
	Unreadable int
}

// ReadAssessment reads the assessor's JSONL output. Unknown fields are
// passed over; lines that cannot be read are counted, not fatal.
func ReadAssessment(r io.Reader) (*Assessment, error) {
	a := &Assessment{People: map[string]*PersonResult{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var k struct {
			Kind string `json:"kind"`
		}
		if json.Unmarshal(line, &k) != nil {
			a.Unreadable++
			continue
		}
		var err error
		switch k.Kind {
		case "person":
			var p PersonResult
			if err = json.Unmarshal(line, &p); err == nil {
				a.People[p.Person] = &p
			}
		case "cluster":
			var c Cluster
			if err = json.Unmarshal(line, &c); err == nil {
				a.Clusters = append(a.Clusters, c)
			}
		case "error":
			var e ErrorLine
			if err = json.Unmarshal(line, &e); err == nil {
				a.Errors = append(a.Errors, e)
			}
		default:
			a.Unreadable++
		}
		if err != nil {
			a.Unreadable++
		}
	}
	return a, sc.Err()
}

// GroupRate is how often the people of one group were flagged.
type GroupRate struct {
	Group   string  `json:"group"`
	People  int     `json:"people"`
	Flagged int     `json:"flagged"`
	Rate    float64 `json:"rate"`
}

// Bar is one of the acceptance bars.
type Bar struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Op     string  `json:"op"` // ">=" or "<="
	Target float64 `json:"target"`
	Pass   bool    `json:"pass"`
}

// Report holds every figure.
type Report struct {
	People     int `json:"people"`
	Assessed   int `json:"assessed"`     // truth people with a person line
	Unassessed int `json:"unassessed"`   // truth people without one (count as not flagged)
	Strangers  int `json:"not_in_truth"` // person lines for no truth person
	Unreadable int `json:"unreadable_lines"`

	RingMembers  int     `json:"ring_members"`
	RingFlagged  int     `json:"ring_flagged"`
	RingRecall   float64 `json:"ring_recall"`
	Strong       int     `json:"strong_members"`
	StrongFound  int     `json:"strong_flagged"`
	StrongRecall float64 `json:"strong_recall"`
	Weak         int     `json:"weak_members"`
	WeakFound    int     `json:"weak_flagged"`
	WeakRecall   float64 `json:"weak_recall"`

	Benign        int         `json:"benign"`
	BenignFlagged int         `json:"benign_flagged"`
	BenignRate    float64     `json:"benign_rate"`
	Groups        []GroupRate `json:"groups"`

	Korean        int     `json:"korean_heritage"`
	KoreanFlagged int     `json:"korean_heritage_flagged"`
	KoreanRate    float64 `json:"korean_heritage_rate"`
	Plain         int     `json:"plain"`
	PlainFlagged  int     `json:"plain_flagged"`
	PlainRate     float64 `json:"plain_rate"`
	// KoreanRatio is KoreanRate / PlainRate; 1 when both are 0, and
	// MaxRatio when only the plain rate is 0.
	KoreanRatio float64 `json:"korean_ratio"`
	// KoreanWithinGroups compares each Korean-heritage person with the
	// non-Korean people of the same look-alike group (plain people for the
	// korean_heritage group): flags observed / flags expected. It separates
	// bias against heritage from the risk of the groups Korean-heritage
	// people happen to be in (a Korean-American couple is still a couple).
	KoreanWithinGroups float64 `json:"korean_ratio_within_groups"`

	Flags        int     `json:"flags"`
	WithEvidence int     `json:"flags_with_evidence"`
	Evidence     float64 `json:"evidence_share"`

	Rings    int     `json:"rings"`
	Cohesion float64 `json:"cohesion"`

	BadInputs   int        `json:"bad_inputs"`
	BadReported int        `json:"bad_inputs_reported"`
	BadMissed   []BadInput `json:"bad_inputs_missed,omitempty"`

	Bars []Bar `json:"bars"`
}

// MaxRatio stands for an unbounded fairness ratio (Korean-heritage staff
// flagged while no plain person is), so that the report stays valid JSON.
const MaxRatio = 999

// The bars.
const (
	BarRingRecall = 0.95
	BarWeakRecall = 0.85
	BarBenign     = 0.02
	BarKorean     = 1.2
	BarEvidence   = 1.0
	BarCohesion   = 0.90
)

// Score measures a against t.
func Score(t *Truth, a *Assessment) *Report {
	rep := &Report{People: len(t.People), Unreadable: a.Unreadable}
	inTruth := make(map[string]bool, len(t.People))
	groups := map[string]*GroupRate{}
	rings := map[string][]string{}
	for _, p := range t.People {
		inTruth[p.Person] = true
		res := a.People[p.Person]
		flagged := res != nil && res.Flagged
		if res != nil {
			rep.Assessed++
		} else {
			rep.Unassessed++
		}
		if p.Ring != nil {
			rings[*p.Ring] = append(rings[*p.Ring], p.Person)
			rep.RingMembers++
			if p.Weak {
				rep.Weak++
			} else {
				rep.Strong++
			}
			if flagged {
				rep.RingFlagged++
				if p.Weak {
					rep.WeakFound++
				} else {
					rep.StrongFound++
				}
			}
			continue
		}
		rep.Benign++
		g := groups[p.Group]
		if g == nil {
			g = &GroupRate{Group: p.Group}
			groups[p.Group] = g
		}
		g.People++
		if flagged {
			rep.BenignFlagged++
			g.Flagged++
		}
		if p.KoreanHeritage {
			rep.Korean++
			if flagged {
				rep.KoreanFlagged++
			}
		} else if p.Group == "plain" {
			rep.Plain++
			if flagged {
				rep.PlainFlagged++
			}
		}
	}
	for id := range a.People {
		if !inTruth[id] {
			rep.Strangers++
		}
	}
	rep.RingRecall = ratio(rep.RingFlagged, rep.RingMembers)
	rep.StrongRecall = ratio(rep.StrongFound, rep.Strong)
	rep.WeakRecall = ratio(rep.WeakFound, rep.Weak)
	rep.BenignRate = ratio(rep.BenignFlagged, rep.Benign)
	for _, g := range groups {
		g.Rate = ratio(g.Flagged, g.People)
		rep.Groups = append(rep.Groups, *g)
	}
	sort.Slice(rep.Groups, func(i, j int) bool { return rep.Groups[i].Group < rep.Groups[j].Group })
	rep.KoreanRate = ratio(rep.KoreanFlagged, rep.Korean)
	rep.PlainRate = ratio(rep.PlainFlagged, rep.Plain)
	switch {
	case rep.PlainRate > 0:
		rep.KoreanRatio = math.Min(MaxRatio, rep.KoreanRate/rep.PlainRate)
	case rep.KoreanRate > 0:
		rep.KoreanRatio = MaxRatio
	default:
		rep.KoreanRatio = 1
	}

	// The same ratio, standardised by group.
	type tally struct{ n, flagged int }
	nonKorean := map[string]*tally{}
	for _, p := range t.People {
		if p.Ring != nil || p.KoreanHeritage {
			continue
		}
		x := nonKorean[p.Group]
		if x == nil {
			x = &tally{}
			nonKorean[p.Group] = x
		}
		x.n++
		if res := a.People[p.Person]; res != nil && res.Flagged {
			x.flagged++
		}
	}
	expected := 0.0
	for _, p := range t.People {
		if p.Ring != nil || !p.KoreanHeritage {
			continue
		}
		if x := nonKorean[p.Group]; x != nil && x.n > 0 && p.Group != "korean_heritage" {
			expected += ratio(x.flagged, x.n)
		} else {
			expected += rep.PlainRate
		}
	}
	switch {
	case expected > 0:
		rep.KoreanWithinGroups = math.Min(MaxRatio, float64(rep.KoreanFlagged)/expected)
	case rep.KoreanFlagged > 0:
		rep.KoreanWithinGroups = MaxRatio
	default:
		rep.KoreanWithinGroups = 1
	}

	// Evidence: every flag must name at least one signal, and every signal
	// must carry evidence.
	for _, res := range a.People {
		if !res.Flagged {
			continue
		}
		rep.Flags++
		if hasEvidence(res.Signals) {
			rep.WithEvidence++
		}
	}
	rep.Evidence = ratio(rep.WithEvidence, rep.Flags)
	if rep.Flags == 0 {
		rep.Evidence = 1
	}

	// Cohesion: for each ring, the share of its members in the one output
	// cluster that holds most of them.
	clusterOf := map[string]map[string]bool{}
	add := func(person, cluster string) {
		if cluster == "" {
			return
		}
		if clusterOf[person] == nil {
			clusterOf[person] = map[string]bool{}
		}
		clusterOf[person][cluster] = true
	}
	for i, c := range a.Clusters {
		id := rawID(c.Cluster)
		if id == "" {
			id = fmt.Sprintf("#%d", i)
		}
		for _, m := range c.Members {
			add(m, id)
		}
	}
	for id, res := range a.People {
		add(id, rawID(res.Cluster))
	}
	rep.Rings = len(rings)
	sum := 0.0
	for _, members := range rings {
		count := map[string]int{}
		best := 0
		for _, m := range members {
			for c := range clusterOf[m] {
				count[c]++
				best = max(best, count[c])
			}
		}
		sum += float64(best) / float64(len(members))
	}
	if rep.Rings > 0 {
		rep.Cohesion = sum / float64(rep.Rings)
	}

	// Bad inputs: reported when an error line names the same file (by base
	// name) and line.
	reported := map[string]bool{}
	for _, e := range a.Errors {
		reported[fmt.Sprintf("%s:%d", filepath.Base(e.File), e.Line)] = true
	}
	rep.BadInputs = len(t.Bad)
	for _, b := range t.Bad {
		if reported[fmt.Sprintf("%s:%d", filepath.Base(b.File), b.Line)] {
			rep.BadReported++
		} else {
			rep.BadMissed = append(rep.BadMissed, b)
		}
	}

	rep.Bars = []Bar{
		atLeast("ring-member recall", rep.RingRecall, BarRingRecall),
		atLeast("weakly linked recall", rep.WeakRecall, BarWeakRecall),
		atMost("benign flag rate", rep.BenignRate, BarBenign),
		atMost("Korean-heritage / plain flag rate", rep.KoreanRatio, BarKorean),
		atLeast("flags with evidence", rep.Evidence, BarEvidence),
		atLeast("ring cohesion", rep.Cohesion, BarCohesion),
	}
	return rep
}

// Pass says whether every bar is met.
func (r *Report) Pass() bool {
	for _, b := range r.Bars {
		if !b.Pass {
			return false
		}
	}
	return true
}

func atLeast(name string, v, target float64) Bar {
	return Bar{Name: name, Value: v, Op: ">=", Target: target, Pass: v >= target-1e-12}
}

func atMost(name string, v, target float64) Bar {
	return Bar{Name: name, Value: v, Op: "<=", Target: target, Pass: v <= target+1e-12}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func hasEvidence(sigs []Signal) bool {
	if len(sigs) == 0 {
		return false
	}
	for _, s := range sigs {
		if !nonEmpty(s.Evidence) {
			return false
		}
	}
	return true
}

// nonEmpty says whether a JSON value says something: not missing, null,
// "", [] or {}.
func nonEmpty(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	switch s {
	case "", "null", `""`, "[]", "{}":
		return false
	}
	return true
}

// rawID reads a cluster identifier written as a string or a number.
func rawID(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return ""
	}
	var str string
	if json.Unmarshal(raw, &str) == nil {
		return str
	}
	return s
}

// WriteText prints the report for a reader.
func (r *Report) WriteText(w io.Writer) {
	pct := func(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }
	fmt.Fprintf(w, "people %d, assessed %d, not assessed %d, not in truth %d, unreadable lines %d\n", r.People, r.Assessed, r.Unassessed, r.Strangers, r.Unreadable)
	fmt.Fprintf(w, "ring-member recall      %6s  (%d/%d)\n", pct(r.RingRecall), r.RingFlagged, r.RingMembers)
	fmt.Fprintf(w, "  strong                %6s  (%d/%d)\n", pct(r.StrongRecall), r.StrongFound, r.Strong)
	fmt.Fprintf(w, "  weakly linked         %6s  (%d/%d)\n", pct(r.WeakRecall), r.WeakFound, r.Weak)
	fmt.Fprintf(w, "benign flag rate        %6s  (%d/%d)\n", pct(r.BenignRate), r.BenignFlagged, r.Benign)
	for _, g := range r.Groups {
		fmt.Fprintf(w, "  %-21s %6s  (%d/%d)\n", g.Group, pct(g.Rate), g.Flagged, g.People)
	}
	ratio := fmt.Sprintf("%.2f", r.KoreanRatio)
	if r.KoreanRatio >= MaxRatio {
		ratio = "unbounded"
	}
	fmt.Fprintf(w, "Korean heritage         %6s  (%d/%d) vs plain %s (%d/%d): ratio %s\n", pct(r.KoreanRate), r.KoreanFlagged, r.Korean, pct(r.PlainRate), r.PlainFlagged, r.Plain, ratio)
	within := fmt.Sprintf("%.2f", r.KoreanWithinGroups)
	if r.KoreanWithinGroups >= MaxRatio {
		within = "unbounded"
	}
	fmt.Fprintf(w, "  within their groups   ratio %s (flags observed / expected from non-Korean people of the same groups)\n", within)
	fmt.Fprintf(w, "flags with evidence     %6s  (%d/%d)\n", pct(r.Evidence), r.WithEvidence, r.Flags)
	fmt.Fprintf(w, "ring cohesion           %6s  (%d rings)\n", pct(r.Cohesion), r.Rings)
	fmt.Fprintf(w, "bad inputs reported     %d/%d\n", r.BadReported, r.BadInputs)
	for _, b := range r.BadMissed {
		fmt.Fprintf(w, "  missed %s:%d (%s)\n", b.File, b.Line, b.What)
	}
	fmt.Fprintln(w, "bars:")
	for _, b := range r.Bars {
		verdict := "FAIL"
		if b.Pass {
			verdict = "pass"
		}
		fmt.Fprintf(w, "  %-4s %-34s %.3f %s %.2f\n", verdict, b.Name, b.Value, b.Op, b.Target)
	}
}
