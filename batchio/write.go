package batchio

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/clearance-screening/clearance"
)

// csvHeader is the first line of CSV output.
var csvHeader = []string{"id", "rank", "entity_id", "score", "name", "matched_name", "source", "type", "programs", "alert", "error"}

// Header returns what output of the format starts with: the CSV header
// line, nothing for JSONL.
func Header(f Format) []byte {
	if f != CSV {
		return nil
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(csvHeader)
	w.Flush()
	return b.Bytes()
}

// AppendResult appends a result in the format: one JSON line, or one CSV
// row per match (one row without a match when there is none).
func AppendResult(dst []byte, f Format, r clearance.Result) []byte {
	b := bytes.NewBuffer(dst)
	if f != CSV {
		enc := json.NewEncoder(b)
		enc.SetEscapeHTML(false)
		if r.Matches == nil {
			r.Matches = []clearance.Match{}
		}
		if err := enc.Encode(r); err != nil { // cannot happen for a Result's plain fields
			enc.Encode(clearance.Result{ID: r.ID, Matches: []clearance.Match{}, Error: err.Error()})
		}
		return b.Bytes()
	}
	w := csv.NewWriter(b)
	if len(r.Matches) == 0 {
		w.Write([]string{r.ID, "", "", "", "", "", "", "", "", "false", r.Error})
	}
	for i, m := range r.Matches {
		w.Write([]string{r.ID, strconv.Itoa(i + 1), m.EntityID, strconv.FormatFloat(m.Score, 'f', 4, 64), m.Name, m.MatchedName, m.Source, string(m.Type), strings.Join(m.Programs, ";"), strconv.FormatBool(r.Alert), r.Error})
	}
	w.Flush()
	return b.Bytes()
}
