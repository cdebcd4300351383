package names

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

//go:generate go run ./internal/namefreqgen -in ../../shared/data/names -out namefreq.tsv

// namefreqTable is the population name-frequency table: per romanisation
// key, the share of each population bearing a name part with that key
// (surname or given name, whichever is commoner), in parts per million.
// Built from the US Census and SSA, Spain's INE, Chinese, Taiwanese and
// Korean census shares, Russian registries and Muslim given names (see
// shared/data/names/MANIFEST.md and README "Name frequencies").
//
//go:embed namefreq.tsv
var namefreqTable string

// The populations of namefreq.tsv, in its column order.
const (
	PopUS = iota
	PopHispanic
	PopChinese
	PopKorean
	PopRussian
	PopArabic
	numPops
)

// PopulationNames name the populations for reasons and reports.
var PopulationNames = [numPops]string{"US", "Hispanic", "Chinese", "Korean", "Russian", "Arabic"}

// syllableShare is the share of people of a population whose given name
// holds a given Korean or Chinese syllable, where the tables (which hold
// surnames only for these populations) cannot say: a few hundred
// syllables make up most given names, the common ones each borne by one
// person in a hundred or so.
const syllableShare = 1.0 / 150

// patronymicShare is a Russian patronymic's share: fathers' names are as
// common as given names, and the commonest are borne by some 2-5% of men.
const patronymicShare = 0.02

// rareShare stands for a part the tables do not hold in a population.
const rareShare = 1e-6

var freq struct {
	once sync.Once
	m    map[string][numPops]float32
}

func loadFreq() {
	freq.m = make(map[string][numPops]float32, 30000)
	for line := range strings.Lines(namefreqTable) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != numPops+1 {
			continue
		}
		var v [numPops]float32
		for i := range numPops {
			n, _ := strconv.Atoi(f[i+1])
			v[i] = float32(n) / 1e6
		}
		freq.m[f[0]] = v
	}
}

// FrequencyKey is the form a name part is counted under in the frequency
// table: its romanisation key, and for Arabic names its first letter and
// consonants, as Arabic names are written in Latin every which way
// (Muhammad, Mohammed, Mohamad).
func FrequencyKey(t Token, arabic bool) string {
	if !arabic || len(t.Key) < 2 {
		return t.Key
	}
	b := []byte{'~', t.Key[0]}
	for i := 1; i < len(t.Key); i++ {
		if strings.IndexByte("aeiouyw", t.Key[i]) < 0 {
			b = append(b, t.Key[i])
		}
	}
	return string(b)
}

// PartShare is the share of population pop that bears the name part t
// (as surname or given name). For Korean and Chinese names, whose tables
// hold surnames only, it is the surname's share; GivenShare is the share
// of a given-name syllable.
func PartShare(t Token, pop int) float64 {
	freq.once.Do(loadFreq)
	share := float64(freq.m[FrequencyKey(t, pop == PopArabic)][pop])
	if pop == PopRussian && RussianPatronymic(t.Text) {
		share = max(share, patronymicShare)
	}
	return max(share, rareShare)
}

// GivenShare is the share of population pop whose given name holds the
// syllable t, for the populations whose given names are made of
// syllables (Korean, Chinese), else 0.
func GivenShare(t Token, pop int) float64 {
	var syllable func(string) bool
	switch pop {
	case PopKorean:
		syllable = KoreanSyllable
	case PopChinese:
		syllable = pinyinSyllable
	default:
		return 0
	}
	if syllable(t.Text) {
		return syllableShare
	}
	// A given name of two syllables written as one word (Minjun,
	// Zhiying): both syllables.
	for i := 1; i < len(t.Text); i++ {
		if syllable(t.Text[:i]) && syllable(t.Text[i:]) {
			return syllableShare * syllableShare
		}
	}
	return 0
}

// NameShare accumulates the share of a population bearing a name, part by
// part: the product of the parts' shares, taken as independent. A Korean
// or Chinese name has one surname: its commonest part counts as the
// surname and the others as given-name syllables (Jeong is a surname
// borne by 4% of Koreans, but in Kim Jeong Eun a syllable of the given
// name).
type NameShare struct {
	pop           int
	prod          float64 // the parts' shares, each as surname or given name
	syll          float64 // the parts' shares as given-name syllables
	bestSurname   float64 // max over parts of surname share / syllable share
	parts, sylls  int
	syllablesOnly bool
}

// NewNameShare starts a name's share in population pop.
func NewNameShare(pop int) NameShare {
	return NameShare{pop: pop, prod: 1, syll: 1, syllablesOnly: true}
}

// Add counts one more part of the name. A given-name syllable met only
// loosely (by a typo, a final n for ng) stands for every syllable that
// close to it, most of them other names' (Mingjing and Minjing): loose
// multiplies its share.
func (n *NameShare) Add(t Token, loose float64) {
	n.AddShares(PartShare(t, n.pop), GivenShare(t, n.pop), loose)
}

// AddShares is Add for a part whose PartShare and GivenShare in the
// population are already known (a screener keeps them per query token).
func (n *NameShare) AddShares(p, given, loose float64) {
	n.prod *= p
	n.parts++
	if g := min(1, given*loose); g > 0 {
		n.syll *= g
		n.sylls++
		n.bestSurname = max(n.bestSurname, p/g)
	} else {
		n.syllablesOnly = false
	}
}

// Share is the share of the population bearing all the parts added.
func (n *NameShare) Share() float64 {
	if n.parts == 0 {
		return 0
	}
	if n.syllablesOnly && (n.pop == PopKorean || n.pop == PopChinese) {
		// One part the surname, the rest syllables of the given name;
		// a name of one part is a surname, or a given name on its own.
		if n.parts == 1 {
			return max(n.prod, n.syll)
		}
		return n.syll * max(n.bestSurname, 1)
	}
	return n.prod
}

// CommonShare estimates how common a person's name made of the parts ts
// is: the largest share, over the populations, of people whose name holds
// all these parts, and that population. Noise (titles, particles) is left
// out. "Li Wei" is borne by about one Chinese in 2,000; "Pak Jin Hyok" by
// one Korean in 270,000; "Obaid Khanani" by nobody the tables know.
func CommonShare(ts []Token) (share float64, pop int) {
	best, bestPop := 0.0, 0
	for p := range numPops {
		n := NewNameShare(p)
		for _, t := range ts {
			if !t.Noise {
				n.Add(t, 1)
			}
		}
		if s := n.Share(); s > best {
			best, bestPop = s, p
		}
	}
	return best, bestPop
}

// pinyinSyllable reports whether t is a syllable of Mandarin pinyin
// (without tones), the shape of Chinese given names' parts.
func pinyinSyllable(t string) bool {
	if len(t) == 0 || len(t) > 6 {
		return false
	}
	for _, in := range pinyinInitials {
		if rest, ok := strings.CutPrefix(t, in); ok && pinyinFinals[rest] {
			return true
		}
	}
	return false
}

var pinyinInitials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w", ""}

var pinyinFinals = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields("a o e i u v ai ei ao ou an en ang eng ong er ia ie iao iu ian in iang ing iong ua uo uai ui uan un uang ue van vn ve u") {
		m[f] = true
	}
	return m
}()

// RussianPatronymic reports whether t has a Russian patronymic's ending
// (Sergeyevich, Ivanovna).
func RussianPatronymic(t string) bool {
	for _, suf := range []string{"ovich", "evich", "ovna", "evna", "ich", "ichna"} {
		if len(t) > len(suf)+2 && strings.HasSuffix(t, suf) {
			return true
		}
	}
	return false
}
