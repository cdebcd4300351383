package batchio

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"

	"github.com/clearance-screening/clearance"
)

// csvHeader is the first line of CSV (and XLSX) output. Columns added
// later go at the end, so that a script reading columns by position goes
// on working.
var csvHeader = []string{"id", "rank", "entity_id", "score", "name", "matched_name", "source", "type", "programs", "alert", "error", "matched_alias", "reasons"}

// Header returns what output of the format starts with: the CSV header
// line (XLSX output is written as CSV to an XLSXWriter), nothing for JSONL.
func Header(f Format) []byte {
	if f != CSV && f != XLSX {
		return nil
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(csvHeader)
	w.Flush()
	return b.Bytes()
}

// AppendResult appends a result in the format: one JSON line, or one CSV
// row per match (one row without a match when there is none). XLSX is
// rendered as CSV, for an XLSXWriter to turn into cells.
func AppendResult(dst []byte, f Format, r clearance.Result) []byte {
	if f != CSV && f != XLSX {
		if r.Matches == nil {
			r.Matches = []clearance.Match{}
		}
		if cap(dst)-len(dst) < 1024 { // most rows fit: one allocation, not one per doubling
			dst = slices.Grow(dst, 1024)
		}
		return appendResultJSON(dst, &r)
	}
	b := bytes.NewBuffer(dst)
	w := csv.NewWriter(b)
	if len(r.Matches) == 0 {
		w.Write([]string{r.ID, "", "", "", "", "", "", "", "", "false", r.Error, "", ""})
	}
	for i, m := range r.Matches {
		w.Write([]string{r.ID, strconv.Itoa(i + 1), m.EntityID, FormatScore(m.Score), m.Name, m.MatchedName, m.Source, string(m.Type), strings.Join(m.Programs, ";"), strconv.FormatBool(r.Alert), r.Error, MatchedAlias(m), ReasonsText(m.Reasons)})
	}
	w.Flush()
	return b.Bytes()
}

// FormatScore writes a score as CSV and XLSX output give it: rounded to
// clearance.ScoreDecimals decimals, all of them written (0.9400).
func FormatScore(s float64) string {
	return strconv.FormatFloat(clearance.RoundScore(s), 'f', clearance.ScoreDecimals, 64)
}

// MatchedAlias is the alias of the listed entity the query matched, or ""
// when it matched the entity's primary name.
func MatchedAlias(m clearance.Match) string {
	if m.MatchedName == "" || m.MatchedName == m.Name {
		return ""
	}
	return m.MatchedName
}

// ReasonsText writes a match's reasons in one cell, one reason after
// another separated by "; ": the field, how it met the listed value, the
// score (signed for adjustments), and the two values when given, e.g.
// `name romanisation 0.9400 (King San Man ~ KIM Sang Man); dob exact +0.0500 (1965 ~ 1965-03-11)`.
func ReasonsText(rs []clearance.Reason) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(r.Field)
		b.WriteByte(' ')
		b.WriteString(r.How)
		b.WriteByte(' ')
		switch r.Field {
		case "name", "name_token", "wallet", "identifier":
			b.WriteString(FormatScore(r.Score))
		default:
			if r.Score >= 0 {
				b.WriteByte('+')
			}
			b.WriteString(FormatScore(r.Score))
		}
		if r.Query != "" || r.Listed != "" {
			b.WriteString(" (")
			b.WriteString(r.Query)
			b.WriteString(" ~ ")
			b.WriteString(r.Listed)
			b.WriteByte(')')
		}
	}
	return b.String()
}
