package batchio

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clearance-screening/clearance"
)

// rawQuery is a JSON query row as decoded, before its type is read and the
// query checked. The id may be a string or a number; the outer Type and
// ID hide the Query's own.
type rawQuery struct {
	clearance.Query
	Type string `json:"type"`
	ID   any    `json:"id"`
}

// decodeFast decodes the JSON query rows nearly every batch is made of,
// without reflection: one object whose keys are written exactly as the
// fields are named, whose known fields hold strings (or a number for the
// id, or an array of identifier objects of strings), and whose other keys
// hold any JSON. It reports false, having decided nothing, for everything
// else: another shape, a key written twice or in other letter cases, an
// escaped surrogate, bytes that are not UTF-8, a syntax error. Those rows
// are decoded by encoding/json, which also words their errors. What it
// decodes, it decodes exactly as encoding/json does; a test compares the
// two on random and fuzzed rows. Reading the query was about 3% of a
// batch's CPU with encoding/json.
func decodeFast(b []byte, raw *rawQuery) bool {
	d := jsonScan{b: b}
	d.ws()
	if !d.eat('{') {
		return false
	}
	var seen uint16
	d.ws()
	if d.eat('}') {
		return d.end()
	}
	for {
		key, ok := d.member()
		if !ok {
			return false
		}
		f := queryField(key)
		if f < 0 {
			// Not a field: skipped, unless another letter case of one
			// (encoding/json matches those too).
			if foldsToQueryField(key) || !d.skip(0) {
				return false
			}
		} else {
			if seen&(1<<f) != 0 {
				return false
			}
			seen |= 1 << f
			if !d.field(f, raw) {
				return false
			}
		}
		if end, ok := d.next('}'); !ok || end {
			return ok && d.end()
		}
	}
}

// The query's JSON fields, as encoding/json matches them exactly.
const (
	fID = iota
	fName
	fType
	fDOB
	fCountry
	fGender
	fIdentifiers
	fWallet
)

var queryFields = [...]string{fID: "id", fName: "name", fType: "type", fDOB: "dob", fCountry: "country", fGender: "gender", fIdentifiers: "identifiers", fWallet: "wallet"}

func queryField(key []byte) int {
	for i, f := range queryFields {
		if string(key) == f {
			return i
		}
	}
	return -1
}

// foldsToQueryField reports whether an ASCII key is a field's name in
// other letter cases.
func foldsToQueryField(key []byte) bool {
	for _, f := range queryFields {
		if strings.EqualFold(string(key), f) {
			return true
		}
	}
	return false
}

// field decodes the value of the query field f.
func (d *jsonScan) field(f int, raw *rawQuery) bool {
	if f == fIdentifiers {
		return d.identifiers(&raw.Identifiers)
	}
	if f == fID && d.i < len(d.b) && d.b[d.i] != '"' {
		n, ok := d.number()
		if !ok {
			return false
		}
		v, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return false
		}
		raw.ID = v
		return true
	}
	s, ok := d.str()
	if !ok {
		return false
	}
	switch f {
	case fID:
		raw.ID = s
	case fName:
		raw.Name = s
	case fType:
		raw.Type = s
	case fDOB:
		raw.DOB = s
	case fCountry:
		raw.Country = s
	case fGender:
		raw.Gender = s
	case fWallet:
		raw.Wallet = s
	}
	return true
}

// identifiers decodes an array of identifier objects whose keys are the
// Identifier's fields, each once, with string values.
func (d *jsonScan) identifiers(ids *[]clearance.Identifier) bool {
	if !d.eat('[') {
		return false
	}
	*ids = []clearance.Identifier{} // [] is an empty list, not none
	d.ws()
	if d.eat(']') {
		return true
	}
	for {
		d.ws()
		if !d.eat('{') {
			return false
		}
		var id clearance.Identifier
		var seen uint8
		d.ws()
		if !d.eat('}') {
			for {
				key, ok := d.member()
				if !ok {
					return false
				}
				var f uint8
				var dst *string
				switch string(key) {
				case "type":
					f, dst = 1, &id.Type
				case "number":
					f, dst = 2, &id.Number
				case "country":
					f, dst = 4, &id.Country
				case "note":
					f, dst = 8, &id.Note
				default:
					return false
				}
				if seen&f != 0 {
					return false
				}
				seen |= f
				if *dst, ok = d.str(); !ok {
					return false
				}
				if end, ok := d.next('}'); !ok {
					return false
				} else if end {
					break
				}
			}
		}
		*ids = append(*ids, id)
		if end, ok := d.next(']'); !ok || end {
			return ok
		}
	}
}

// jsonScan reads JSON from b at i.
type jsonScan struct {
	b []byte
	i int
}

func (d *jsonScan) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *jsonScan) eat(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// member reads an object member's key and colon, with the white space
// around them.
func (d *jsonScan) member() ([]byte, bool) {
	d.ws()
	key, ok := d.key()
	if !ok {
		return nil, false
	}
	d.ws()
	if !d.eat(':') {
		return nil, false
	}
	d.ws()
	return key, true
}

// next reads what follows an object member or array element: close (the
// end of the object or array) or a comma. ok is false for anything else.
func (d *jsonScan) next(close byte) (end, ok bool) {
	d.ws()
	if d.eat(close) {
		return true, true
	}
	return false, d.eat(',')
}

// end reports whether nothing but white space follows.
func (d *jsonScan) end() bool {
	d.ws()
	return d.i == len(d.b)
}

// key reads an object key written in printable ASCII without escapes.
func (d *jsonScan) key() ([]byte, bool) {
	if !d.eat('"') {
		return nil, false
	}
	start := d.i
	for ; d.i < len(d.b); d.i++ {
		switch c := d.b[d.i]; {
		case c == '"':
			d.i++
			return d.b[start : d.i-1], true
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return nil, false
		}
	}
	return nil, false
}

// str reads a string as encoding/json decodes it, but refuses (rather
// than replacing) bytes that are not UTF-8 and escaped surrogates.
func (d *jsonScan) str() (string, bool) {
	if !d.eat('"') {
		return "", false
	}
	start, ascii := d.i, true
	for ; d.i < len(d.b); d.i++ {
		switch c := d.b[d.i]; {
		case c == '"':
			s := d.b[start:d.i]
			d.i++
			if !ascii && !utf8.Valid(s) {
				return "", false
			}
			return string(s), true
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false
}

// escaped goes on reading, from its first backslash, a string that began
// at start.
func (d *jsonScan) escaped(start int) (string, bool) {
	out := make([]byte, 0, d.i-start+16)
	out = append(out, d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			if !utf8.Valid(out) {
				return "", false
			}
			return string(out), true
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			d.i++
			continue
		}
		r, ok := d.escape()
		if !ok || (0xD800 <= r && r < 0xE000) {
			return "", false
		}
		out = utf8.AppendRune(out, r)
	}
	return "", false
}

// escape reads a backslash escape at d.i and returns what it stands for:
// a character, or a \u escape's code unit (a surrogate is returned as it
// is, for the caller to refuse or skip).
func (d *jsonScan) escape() (rune, bool) {
	if d.i+1 >= len(d.b) {
		return 0, false
	}
	e := d.b[d.i+1]
	d.i += 2
	switch e {
	case '"', '\\', '/':
		return rune(e), true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	case 'u':
		return d.hex4()
	}
	return 0, false
}

// hex4 reads the four hex digits of a \u escape.
func (d *jsonScan) hex4() (rune, bool) {
	if d.i+4 > len(d.b) {
		return 0, false
	}
	var r rune
	for _, c := range d.b[d.i : d.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	d.i += 4
	return r, true
}

// number reads a number in JSON's grammar and returns its text.
func (d *jsonScan) number() ([]byte, bool) {
	start := d.i
	d.eat('-')
	switch {
	case d.eat('0'):
	case d.digits() == 0:
		return nil, false
	}
	if d.eat('.') && d.digits() == 0 {
		return nil, false
	}
	if d.eat('e') || d.eat('E') {
		if !d.eat('+') {
			d.eat('-')
		}
		if d.digits() == 0 {
			return nil, false
		}
	}
	return d.b[start:d.i], true
}

func (d *jsonScan) digits() int {
	start := d.i
	for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
		d.i++
	}
	return d.i - start
}

// skip reads any JSON value, checking its syntax as encoding/json does.
func (d *jsonScan) skip(depth int) bool {
	if d.i >= len(d.b) || depth > 32 {
		return false
	}
	switch c := d.b[d.i]; {
	case c == '"':
		return d.skipString()
	case c == '-' || '0' <= c && c <= '9':
		_, ok := d.number()
		return ok
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '[':
		d.i++
		d.ws()
		if d.eat(']') {
			return true
		}
		for {
			d.ws()
			if !d.skip(depth + 1) {
				return false
			}
			if end, ok := d.next(']'); !ok || end {
				return ok
			}
		}
	case c == '{':
		d.i++
		d.ws()
		if d.eat('}') {
			return true
		}
		for {
			d.ws()
			if !d.skipString() {
				return false
			}
			d.ws()
			if !d.eat(':') {
				return false
			}
			d.ws()
			if !d.skip(depth + 1) {
				return false
			}
			if end, ok := d.next('}'); !ok || end {
				return ok
			}
		}
	}
	return false
}

// skipString reads a string, checking its escapes; like encoding/json, it
// takes any other bytes but control characters.
func (d *jsonScan) skipString() bool {
	if !d.eat('"') {
		return false
	}
	for d.i < len(d.b) {
		switch c := d.b[d.i]; {
		case c == '"':
			d.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if _, ok := d.escape(); !ok {
				return false
			}
		default:
			d.i++
		}
	}
	return false
}

func (d *jsonScan) literal(w string) bool {
	if len(d.b)-d.i >= len(w) && string(d.b[d.i:d.i+len(w)]) == w {
		d.i += len(w)
		return true
	}
	return false
}
