package clearance

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestScoresAreWrittenWithFourDecimals(t *testing.T) {
	const raw = 0.9399999976158142 // float32(0.94) as float64
	if got := RoundScore(raw); got != 0.94 {
		t.Errorf("RoundScore(%v) = %v, want 0.94", raw, got)
	}
	if got := RoundScore(0.12345); got != 0.1235 {
		t.Errorf("RoundScore(0.12345) = %v, want 0.1235", got)
	}
	sc := Screening{Matches: []Match{{EntityID: "x", Name: "A & B <Ltd>", Score: raw, Reasons: []Reason{{Field: "name", How: "exact", Score: raw}, {Field: "dob", How: "conflict", Score: -0.15000000596046448}}}}}
	b, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if strings.Contains(s, "0.93999") || strings.Contains(s, "0.15000") {
		t.Errorf("unrounded score in %s", s)
	}
	for _, want := range []string{`"name":"A \u0026 B \u003cLtd\u003e","score":0.94,"reasons"`, `"how":"exact","score":0.94}`, `"score":-0.15}`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON %s lacks %s", s, want)
		}
	}
	var back Screening
	if err := json.Unmarshal(b, &back); err != nil || back.Matches[0].Score != 0.94 || back.Matches[0].Name != "A & B <Ltd>" {
		t.Errorf("read back %+v, %v", back.Matches, err)
	}
}
