package quality

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/namefreq"
	"github.com/clearance-screening/clearance/match"
	"github.com/clearance-screening/clearance/names"
)

// NamesEnv names the variable that overrides where the population
// name-frequency tables are (default ../shared/data/names).
const NamesEnv = "CLEARANCE_NAMES"

// NamesDir is the folder of the name-frequency tables: $CLEARANCE_NAMES,
// else data/names beside the eval folder.
func NamesDir(evalDir string) string {
	if d := os.Getenv(NamesEnv); d != "" {
		return d
	}
	return filepath.Join(evalDir, "..", "data", "names")
}

// NamesakesPerPopulation is how many common full names the namesake set
// draws for each population.
const NamesakesPerPopulation = 1000

// namesakeSeed fixes the draw, so that figures compare across runs.
const namesakeSeed = 20261205

// Common given-name syllables of Korean and Chinese names, which the
// tables (surnames only, for these populations) do not hold. Each list
// holds the commonest syllables of the era's given names, spelled as
// people write them in Latin.
var (
	koreanGivenSyllables  = strings.Fields("min jun seo ji hyun woo young soo jin eun hye yeon jae sung ho jung hee kyung mi won dong hoon seung sang chul ki tae yoon su na ha yun da in jong kwang myung bo ae ok sook cheol gyu hwa")
	chineseGivenSyllables = strings.Fields("wei fang na min jing li qiang lei jun yang yong yan jie tao ming chao xiu ying hua ping gang hui xin yu hong bin lin feng hao jian guo zhi yi kai dan lan mei juan qing shu")
)

// Namesake is one drawn query.
type Namesake struct {
	Population string          `json:"population"`
	Query      clearance.Query `json:"query"`
}

// NamesakeTally counts one population's alerts.
type NamesakeTally struct {
	Queries int `json:"queries"`
	// Excluded queries equal a listed name or alias (their words, in any
	// order): an alert on them is the screener's duty, not a false alarm.
	Excluded int `json:"excluded"`
	Alerted  int `json:"alerted"` // name alone, among the queries not excluded
	// AlertedDOB counts alerts with a date of birth that differs from the
	// listed one (drawn at random, 1940-2005).
	AlertedDOB int        `json:"alerted_dob"`
	Worst      []Offender `json:"worst,omitempty"`
	// Alerts are every alert, by name alone and with the other date of
	// birth (its Query carries the date), for reading them one by one.
	Alerts []NamesakeAlert `json:"-"`
}

// NamesakeAlert is one alert on a drawn common name: the best match and
// why it scored as it did.
type NamesakeAlert struct {
	Population string `json:"population"`
	Offender
	Reasons []clearance.Reason `json:"reasons"`
}

// Rate and RateDOB are the alert rates over the queries not excluded.
func (t NamesakeTally) Rate() float64    { return ratio(t.Alerted, t.Queries-t.Excluded) }
func (t NamesakeTally) RateDOB() float64 { return ratio(t.AlertedDOB, t.Queries-t.Excluded) }

// NamesakeReport is the namesake set's outcome by population.
type NamesakeReport struct {
	ByPopulation map[string]*NamesakeTally `json:"by_population"`
}

// DrawNamesakes draws n common full names per population by frequency
// from the tables in dir: a given name and a surname each drawn by its
// share (two surnames for half the Hispanic names, a father's name for
// half the Arabic ones, two syllables for Korean and most Chinese given
// names), in the orders people write them.
func DrawNamesakes(dir string, n int, seed uint64) ([]Namesake, error) {
	parts, err := namefreq.Read(dir)
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(ps []namefreq.Part) string {
		// The commonest names, as a population's namesakes are: draw
		// among the 500 commonest by share.
		ps = ps[:min(len(ps), 500)]
		total := 0.0
		for _, p := range ps {
			total += p.Share
		}
		x := r.Float64() * total
		for _, p := range ps {
			if x -= p.Share; x <= 0 {
				return title(p.Name)
			}
		}
		return title(ps[len(ps)-1].Name)
	}
	syll := func(list []string) string { return title(list[r.IntN(len(list))]) }
	var out []Namesake
	for pop, name := range namefreq.Populations {
		p := parts[pop]
		for range n {
			var full string
			switch pop {
			case 0: // US
				full = pick(p.Given) + " " + pick(p.Surnames)
			case 1: // Hispanic
				full = pick(p.Given) + " " + pick(p.Surnames)
				if r.IntN(2) == 0 {
					full += " " + pick(p.Surnames)
				}
			case 2: // Chinese
				given := syll(chineseGivenSyllables)
				if r.IntN(3) > 0 {
					given += strings.ToLower(syll(chineseGivenSyllables))
				}
				full = pick(p.Surnames) + " " + given
				if r.IntN(2) == 0 {
					full = given + " " + pick(p.Surnames)
				}
			case 3: // Korean
				a, b := syll(koreanGivenSyllables), syll(koreanGivenSyllables)
				given := []string{a + "-" + strings.ToLower(b), a + strings.ToLower(b), a + " " + b}[r.IntN(3)]
				full = pick(p.Surnames) + " " + given
				if r.IntN(2) == 0 {
					full = given + " " + pick(p.Surnames)
				}
			case 4: // Russian
				full = pick(p.Given) + " " + pick(p.Surnames)
			case 5: // Arabic
				full = pick(p.Given) + " " + pick(p.Given)
				if r.IntN(2) == 0 {
					full += " " + pick(p.Given)
				}
			}
			out = append(out, Namesake{Population: name, Query: clearance.Query{Name: full, Type: clearance.Person}})
		}
	}
	return out, nil
}

func title(s string) string {
	s = strings.ToLower(s)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Namesakes screens the namesake set drawn from the tables in namesDir:
// by name alone, and with a date of birth drawn at random.
func Namesakes(ix *match.Index, namesDir string) (NamesakeReport, error) {
	qs, err := DrawNamesakes(namesDir, NamesakesPerPopulation, namesakeSeed)
	if err != nil {
		return NamesakeReport{}, err
	}
	listed := listedNameSet(ix)
	rep := NamesakeReport{ByPopulation: map[string]*NamesakeTally{}}
	type result struct {
		excluded, alerted, alertedDOB bool
		worst, worstDOB               clearance.Match
	}
	res := make([]result, len(qs))
	r := rand.New(rand.NewPCG(namesakeSeed, 7))
	dobs := make([]string, len(qs))
	for i := range dobs {
		dobs[i] = fmt.Sprintf("%04d-%02d-%02d", 1940+r.IntN(66), 1+r.IntN(12), 1+r.IntN(28))
	}
	parallel(len(qs), func(i int) {
		q := qs[i].Query
		if listed[names.WordSet(q.Name)] {
			res[i].excluded = true
			return
		}
		ms, err := ix.Screen(q, clearance.ScreenOptions{Limit: 1})
		if err == nil && len(ms) > 0 && ms[0].Score >= ix.Threshold() {
			res[i].alerted = true
			res[i].worst = ms[0]
		}
		q.DOB = dobs[i]
		ms, err = ix.Screen(q, clearance.ScreenOptions{Limit: 1})
		if res[i].alertedDOB = err == nil && len(ms) > 0 && ms[0].Score >= ix.Threshold(); res[i].alertedDOB {
			res[i].worstDOB = ms[0]
		}
	})
	for i, q := range qs {
		t := rep.ByPopulation[q.Population]
		if t == nil {
			t = &NamesakeTally{}
			rep.ByPopulation[q.Population] = t
		}
		t.Queries++
		switch {
		case res[i].excluded:
			t.Excluded++
			continue
		case res[i].alerted:
			t.Alerted++
			m := res[i].worst
			o := Offender{File: "namesakes/" + q.Population, Line: i + 1, Query: q.Query, EntityID: m.EntityID, MatchedName: m.MatchedName, Score: m.Score}
			if len(t.Worst) < 5 {
				t.Worst = append(t.Worst, o)
			}
			t.Alerts = append(t.Alerts, NamesakeAlert{Population: q.Population, Offender: o, Reasons: m.Reasons})
		}
		if res[i].alertedDOB {
			t.AlertedDOB++
			m := res[i].worstDOB
			qd := q.Query
			qd.DOB = dobs[i]
			t.Alerts = append(t.Alerts, NamesakeAlert{Population: q.Population, Reasons: m.Reasons,
				Offender: Offender{File: "namesakes/" + q.Population, Line: i + 1, Query: qd, EntityID: m.EntityID, MatchedName: m.MatchedName, Score: m.Score}})
		}
	}
	return rep, nil
}

// listedNameSet holds every listed person's name as a set of words, so a
// query equal to a listed name or alias in any order is known.
func listedNameSet(ix *match.Index) map[string]bool {
	set := map[string]bool{}
	for _, e := range ix.Entities() {
		if e.Type != clearance.Person {
			continue
		}
		for _, n := range e.Names {
			set[names.WordSet(n.Full)] = true
		}
	}
	return set
}
