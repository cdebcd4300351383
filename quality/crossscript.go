package quality

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// CrossScriptKind names a cross-script pair file's layout.
type CrossScriptKind int

const (
	// KoreanWikidata is wikidata_korean_person_names.tsv: latin_name and
	// hangul_name of people, tab-separated.
	KoreanWikidata CrossScriptKind = iota + 1
	// UNOriginalScript is un_sc_original_script_pairs.csv: a UN entry's
	// latin_name, good_aliases ("|"-separated) and original_script_name.
	UNOriginalScript
)

func (k CrossScriptKind) String() string {
	switch k {
	case KoreanWikidata:
		return "korean_wikidata"
	case UNOriginalScript:
		return "un_original_script"
	}
	return "CrossScriptKind(" + strconv.Itoa(int(k)) + ")"
}

// CrossScriptLimit caps the matches asked for per query; false alerts
// beyond it are not counted.
const CrossScriptLimit = 50

// CrossScriptReport is recall and false alerts of original-script queries
// screened against the Latin names of the same file.
type CrossScriptReport struct {
	Kind      string  `json:"kind"`
	Threshold float64 `json:"threshold"`
	Queries   int     `json:"queries"`
	Found     int     `json:"found"` // queries whose own row (or a row with the same Latin name) alerted
	// FalseAlerts are alerts on rows with another Latin name and another
	// original-script name. Rows written the same in the original script
	// are namesakes no engine can tell apart; they are counted apart.
	FalseAlerts      int `json:"false_alerts"`
	QueriesWithFalse int `json:"queries_with_false_alerts"`
	NamesakeAlerts   int `json:"namesake_alerts"`
	// Aligned and AlignedFound count, for Hangul queries, the rows whose
	// Latin name has as many words as the Hangul name has syllables: the
	// rows most surely one name in two scripts. The others are given names
	// written as one word (Kim Yuna), and the rows that pair a Hangul name
	// with a Western given name, a Chinese reading or a name without its
	// surname, which no transliteration finds.
	Aligned      int               `json:"aligned,omitempty"`
	AlignedFound int               `json:"aligned_found,omitempty"`
	Errors       int               `json:"errors"`
	Misses       []CrossScriptCase `json:"-"` // queries not found, in file order
	Confusions   []CrossScriptCase `json:"-"` // queries with false alerts, in file order
}

// Recall is the share of queries found.
func (r CrossScriptReport) Recall() float64 { return ratio(r.Found, r.Queries) }

// AlignedRecall is the share of the aligned rows found (0 when none).
func (r CrossScriptReport) AlignedRecall() float64 { return ratio(r.AlignedFound, r.Aligned) }

// FalseAlertsPerQuery is the mean number of false alerts per query.
func (r CrossScriptReport) FalseAlertsPerQuery() float64 { return ratio(r.FalseAlerts, r.Queries) }

// FalseAlertRate is the share of queries with at least one false alert.
func (r CrossScriptReport) FalseAlertRate() float64 { return ratio(r.QueriesWithFalse, r.Queries) }

// CrossScriptCase is one row's outcome.
type CrossScriptCase struct {
	Query    string   `json:"query"`
	Expected string   `json:"expected"`
	Found    bool     `json:"found"`
	Best     float64  `json:"best"`         // score of the best correct row, 0 if not returned
	False    []string `json:"false_alerts"` // Latin names of the false alerts
	Error    string   `json:"error,omitempty"`
}

// crossRow is one row: the Latin names indexed and the original-script query.
type crossRow struct {
	latin  []string // primary first
	query  string
	typ    clearance.EntityType
	schema string
}

// CrossScript measures cross-script matching on a pair file of the given
// kind. The file's Latin names are not on the sanctions lists, so it
// builds a separate index from the file itself (one entity per row, with
// ix's threshold and nothing else of ix), screens each row's
// original-script name against it, and counts the row found when a row
// with the same Latin name (case, spaces and hyphens aside) alerts.
func CrossScript(ix *match.Index, path string, kind CrossScriptKind) (CrossScriptReport, error) {
	rows, err := readCrossRows(path, kind)
	if err != nil {
		return CrossScriptReport{}, err
	}
	ents := make([]clearance.Entity, len(rows))
	for i, r := range rows {
		e := clearance.Entity{ID: "row:" + strconv.Itoa(i), Type: r.typ}
		for j, n := range r.latin {
			kind := clearance.AKA
			if j == 0 {
				kind = clearance.Primary
			}
			e.Names = append(e.Names, clearance.Name{Full: n, Kind: kind})
		}
		ents[i] = e
	}
	rix := match.Build(ents, match.Options{Threshold: ix.Threshold()})
	T := ix.Threshold()
	out := make([]CrossScriptCase, len(rows))
	namesakes := make([]int, len(rows))
	parallel(len(rows), func(i int) {
		r := &rows[i]
		o := &out[i]
		o.Query, o.Expected = r.query, r.latin[0]
		ms, err := rix.Screen(clearance.Query{Name: r.query, Type: r.typ}, clearance.ScreenOptions{MinScore: &T, Limit: CrossScriptLimit})
		if err != nil {
			o.Error = err.Error()
			return
		}
		for _, m := range ms {
			j, _ := strconv.Atoi(strings.TrimPrefix(m.EntityID, "row:"))
			other := &rows[j]
			switch {
			case j == i || sameName(other.latin[0], r.latin[0]):
				o.Found = true
				o.Best = max(o.Best, m.Score)
			case sameName(other.query, r.query):
				namesakes[i]++
			default:
				o.False = append(o.False, other.latin[0])
			}
		}
	})
	rep := CrossScriptReport{Kind: kind.String(), Threshold: T, Queries: len(rows)}
	for i, o := range out {
		if o.Error != "" {
			rep.Errors++
		}
		if kind == KoreanWikidata && syllableAligned(rows[i]) {
			rep.Aligned++
			if o.Found {
				rep.AlignedFound++
			}
		}
		if o.Found {
			rep.Found++
		} else {
			rep.Misses = append(rep.Misses, o)
		}
		if len(o.False) > 0 {
			rep.FalseAlerts += len(o.False)
			rep.QueriesWithFalse++
			rep.Confusions = append(rep.Confusions, o)
		}
		rep.NamesakeAlerts += namesakes[i]
	}
	return rep, nil
}

// syllableAligned reports whether a row's Latin name has one word per
// Hangul syllable (Kim Jong-un, 김정은).
func syllableAligned(r crossRow) bool {
	words := len(strings.FieldsFunc(r.latin[0], func(c rune) bool { return c == ' ' || c == '-' }))
	syllables := 0
	for _, c := range r.query {
		if c >= 0xAC00 && c <= 0xD7A3 {
			syllables++
		}
	}
	return syllables > 0 && words == syllables
}

func readCrossRows(path string, kind CrossScriptKind) ([]crossRow, error) {
	var rows []crossRow
	switch kind {
	case KoreanWikidata:
		t, err := readTable(path, '\t')
		if err != nil {
			return nil, err
		}
		if err := t.need("latin_name", "hangul_name"); err != nil {
			return nil, err
		}
		for _, row := range t.rows {
			l, h := t.get(row, "latin_name"), t.get(row, "hangul_name")
			if l == "" || h == "" {
				continue
			}
			rows = append(rows, crossRow{latin: []string{l}, query: h, typ: clearance.Person, schema: "Person"})
		}
	case UNOriginalScript:
		t, err := readTable(path, ',')
		if err != nil {
			return nil, err
		}
		if err := t.need("schema", "latin_name", "original_script_name", "good_aliases"); err != nil {
			return nil, err
		}
		for _, row := range t.rows {
			r := crossRow{query: t.get(row, "original_script_name"), schema: t.get(row, "schema")}
			r.typ = SchemaType(r.schema)
			if l := t.get(row, "latin_name"); l != "" {
				r.latin = append(r.latin, l)
			}
			for a := range strings.SplitSeq(t.get(row, "good_aliases"), "|") {
				if a = strings.TrimSpace(a); a != "" && !slices.Contains(r.latin, a) {
					r.latin = append(r.latin, a)
				}
			}
			if len(r.latin) == 0 || r.query == "" {
				continue
			}
			rows = append(rows, r)
		}
	default:
		return nil, fmt.Errorf("%s: unknown cross-script kind %v", path, kind)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no pairs", path)
	}
	return rows, nil
}
