package clearance

import (
	"bytes"
	"encoding/json"
	"math"
)

// ScoreDecimals is how many decimals a score is written with, wherever it
// is written: JSON (the API, batch output, stored screenings), CSV, XLSX,
// exports. Scores are computed in float32, so unrounded they print as
// 0.9399999976158142; four decimals tell every score that matters apart.
const ScoreDecimals = 4

// RoundScore rounds a score to ScoreDecimals decimals (half away from
// zero), so that 0.9399999976158142 is 0.94. Non-finite values are
// returned as they are.
func RoundScore(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	const scale = 1e4 // 10^ScoreDecimals
	return math.Round(f*scale) / scale
}

// MarshalJSON writes the match with its score rounded (RoundScore); its
// reasons round theirs.
func (m Match) MarshalJSON() ([]byte, error) {
	type plain Match // without this method
	p := plain(m)
	p.Score = RoundScore(p.Score)
	return marshalNoEscape(p)
}

// MarshalJSON writes the reason with its score rounded (RoundScore).
func (r Reason) MarshalJSON() ([]byte, error) {
	type plain Reason
	p := plain(r)
	p.Score = RoundScore(p.Score)
	return marshalNoEscape(p)
}

// marshalNoEscape encodes v without escaping <, > and &: the encoder that
// called MarshalJSON escapes them or not, as it was told, so a match is
// written as it was before it had a MarshalJSON of its own.
func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
