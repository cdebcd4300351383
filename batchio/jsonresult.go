package batchio

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/clearance-screening/clearance"
)

// appendResultJSON appends a result as one JSON line, byte for byte what
// encoding/json with SetEscapeHTML(false) writes for it (appendResultStd),
// without reflection or allocation: the same field order and omitempty,
// scores rounded as Match's and Reason's MarshalJSON round them, floats
// and strings formatted as encoding/json formats them. Matches is never
// nil here (AppendResult makes it empty). A result with a score that is
// not a finite number is written by appendResultStd, which turns it into
// an error line. TestAppendResultJSONMatchesEncodingJSON compares the two
// on random results with every field of every type filled, and fails when
// a type gains a field written here by no one.
func appendResultJSON(b []byte, r *clearance.Result) []byte {
	if !finiteScores(r) {
		return appendResultStd(b, *r)
	}
	b = appendStringField(b, `{"id":`, r.ID)
	b = append(b, `,"alert":`...)
	b = strconv.AppendBool(b, r.Alert)
	b = appendJSONArray(append(b, `,"matches":`...), r.Matches, appendMatchJSON)
	b = appendOptString(b, `,"error":`, r.Error)
	b = appendOptStrings(b, `,"warnings":`, r.Warnings)
	return append(b, '}', '\n')
}

// finiteScores tells whether every score of a result, rounded as it is
// written, is a finite number, which JSON can hold (rounding a huge one
// overflows).
func finiteScores(r *clearance.Result) bool {
	for i := range r.Matches {
		m := &r.Matches[i]
		if !finite(clearance.RoundScore(m.Score)) {
			return false
		}
		for j := range m.Reasons {
			if !finite(clearance.RoundScore(m.Reasons[j].Score)) {
				return false
			}
		}
	}
	return true
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func appendMatchJSON(b []byte, m *clearance.Match) []byte {
	b = appendStringField(b, `{"entity_id":`, m.EntityID)
	b = appendStringField(b, `,"source":`, m.Source)
	b = appendStringField(b, `,"name":`, m.Name)
	b = appendOptString(b, `,"type":`, string(m.Type))
	b = appendOptStrings(b, `,"programs":`, m.Programs)
	b = append(b, `,"score":`...)
	b = appendJSONFloat(b, clearance.RoundScore(m.Score))
	b = appendOptString(b, `,"matched_name":`, m.MatchedName)
	b = append(b, `,"reasons":`...)
	if m.Reasons == nil {
		b = append(b, "null"...)
	} else {
		b = appendJSONArray(b, m.Reasons, appendReasonJSON)
	}
	b = appendOptString(b, `,"target":`, m.Target)
	if len(m.Listings) > 0 {
		b = appendJSONArray(append(b, `,"listings":`...), m.Listings, appendListingJSON)
	}
	return append(b, '}')
}

func appendReasonJSON(b []byte, r *clearance.Reason) []byte {
	b = appendStringField(b, `{"field":`, r.Field)
	b = appendOptString(b, `,"query":`, r.Query)
	b = appendOptString(b, `,"listed":`, r.Listed)
	b = appendStringField(b, `,"how":`, r.How)
	b = append(b, `,"score":`...)
	b = appendJSONFloat(b, clearance.RoundScore(r.Score))
	return append(b, '}')
}

func appendListingJSON(b []byte, l *clearance.Listing) []byte {
	b = appendStringField(b, `{"entity_id":`, l.EntityID)
	b = appendStringField(b, `,"source":`, l.Source)
	b = appendStringField(b, `,"name":`, l.Name)
	b = appendOptStrings(b, `,"programs":`, l.Programs)
	b = appendOptString(b, `,"listed_on":`, l.ListedOn)
	b = appendOptStrings(b, `,"why":`, l.Why)
	return append(b, '}')
}

// appendStringField appends key (the field's name with its quotes, colon
// and the separator before it: `,"name":`) and s as a JSON string.
func appendStringField(b []byte, key, s string) []byte {
	return appendJSONString(append(b, key...), s)
}

// appendOptString is appendStringField for an omitempty field: nothing
// when s is empty.
func appendOptString(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendStringField(b, key, s)
}

// appendOptStrings appends an omitempty string slice field: nothing when
// ss is empty.
func appendOptStrings(b []byte, key string, ss []string) []byte {
	if len(ss) == 0 {
		return b
	}
	return appendJSONStrings(append(b, key...), ss)
}

// appendJSONArray appends xs as a JSON array, each element by elem.
func appendJSONArray[T any](b []byte, xs []T, elem func([]byte, *T) []byte) []byte {
	b = append(b, '[')
	for i := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, &xs[i])
	}
	return append(b, ']')
}

// appendJSONStrings appends a non-nil string slice as a JSON array.
func appendJSONStrings(b []byte, ss []string) []byte {
	return appendJSONArray(b, ss, func(b []byte, s *string) []byte { return appendJSONString(b, *s) })
}

// appendJSONFloat formats a finite float64 as encoding/json's floatEncoder
// does: like ES6, 'f' unless the magnitude is below 1e-6 or at least
// 1e21, then 'e' with a one-digit negative exponent's zero dropped
// (1e-07 is 1e-7).
func appendJSONFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// jsonSafe tells the ASCII bytes encoding/json writes as they are when it
// does not escape HTML: everything from space on but '"' and '\\'.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string as encoding/json writes it
// without HTML escaping: '"' and '\\' escaped, control characters as \n,
// \r, \t, \b, \f or \u00XX, each byte of invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 escaped (JavaScript reads them as line ends).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendResultStd appends a result as one JSON line with encoding/json,
// as AppendResult did before appendResultJSON: the reference the fast
// appender is tested against, and its fallback.
func appendResultStd(dst []byte, r clearance.Result) []byte {
	b := bytes.NewBuffer(dst)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if r.Matches == nil {
		r.Matches = []clearance.Match{}
	}
	if err := enc.Encode(r); err != nil { // a score that is not a finite number
		enc.Encode(clearance.Result{ID: r.ID, Matches: []clearance.Match{}, Error: err.Error()})
	}
	return b.Bytes()
}
