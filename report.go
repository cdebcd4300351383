package clearance

import "fmt"

// Skip is one input record a parser left out, and why.
type Skip struct {
	// Where locates the record: "sdn.csv line 1234", "INDIVIDUAL DATAID 6907993".
	Where  string `json:"where"`
	Reason string `json:"reason"`
}

func (s Skip) String() string { return fmt.Sprintf("%s: %s", s.Where, s.Reason) }

// ParseReport is what a parser says of its input besides the entities.
type ParseReport struct {
	// Published is the publication date the file states (YYYY-MM-DD), or "".
	Published string `json:"published,omitempty"`
	// Records is how many input records (rows, elements) were read.
	Records int    `json:"records"`
	Skipped []Skip `json:"skipped,omitempty"`
	// Notes are things worth saying that skipped nothing, e.g. "87 entries without addresses".
	Notes []string `json:"notes,omitempty"`
}

// Skip records a skipped record.
func (r *ParseReport) Skip(where, format string, args ...any) {
	r.Skipped = append(r.Skipped, Skip{Where: where, Reason: fmt.Sprintf(format, args...)})
}

// SkipReasons counts skipped records by reason, for a short summary.
func (r *ParseReport) SkipReasons() map[string]int {
	m := map[string]int{}
	for _, s := range r.Skipped {
		m[s.Reason]++
	}
	return m
}
