package server

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Unknown fields in a request body are answered with a warning, not
// ignored in silence and not refused: a client that sends
// "date_of_birth" for "dob" gets an answer screened without the date, and
// must be told so, but a field added by a newer client must not fail
// the request either.

// fieldAliases are names clients use for the fields the API calls
// otherwise; the warning suggests the API's name.
var fieldAliases = map[string]string{
	"date_of_birth": "dob", "dateofbirth": "dob", "birth_date": "dob", "birthdate": "dob", "birthday": "dob", "born": "dob",
	"nationality": "country", "citizenship": "country", "country_code": "country", "residence": "country",
	"sex": "gender", "full_name": "name", "fullname": "name", "entity_name": "name",
	"entity_type": "type", "schema": "type", "kind": "type",
	"address": "wallet", "wallet_address": "wallet", "crypto_address": "wallet",
	"ids": "identifiers", "documents": "identifiers", "passport": "identifiers",
	"value": "number", "id_number": "number", "num": "number", "no": "number", "id_type": "type",
	"comment": "reason", "note": "reason", "notes": "reason", "decision": "status", "verdict": "status",
	"reference": "ref", "customer_id": "ref", "external_id": "ref",
}

// sortedAliases are fieldAliases' keys in order, so that a suggestion
// does not depend on map order.
var sortedAliases = func() []string {
	ks := make([]string, 0, len(fieldAliases))
	for k := range fieldAliases {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}()

// unknownFields lists the members of the JSON object data that a value
// of v's type would not decode into, with a suggestion where one is
// near, at any depth the type describes ("query.date_of_birth",
// "identifiers[0].num"). Matching is case-insensitive, as encoding/json's.
// Data that is not an object, or does not parse, gives none: the decoder
// reports that.
func unknownFields(data []byte, v any) []string {
	var out []string
	walkFields(data, reflect.TypeOf(v), "", &out)
	if len(out) > maxWarnings {
		out = append(out[:maxWarnings], fmt.Sprintf("and %d more unknown fields", len(out)-maxWarnings))
	}
	return out
}

// maxWarnings bounds the warnings of one body: a body of a million
// unknown keys must not be answered with a million warnings.
const maxWarnings = 20

func walkFields(data []byte, t reflect.Type, path string, out *[]string) {
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		if t.Kind() != reflect.Pointer && t.Elem().Kind() != reflect.Uint8 { // []byte is a string
			var items []json.RawMessage
			if json.Unmarshal(data, &items) != nil {
				return
			}
			for i, it := range items {
				walkFields(it, t.Elem(), fmt.Sprintf("%s[%d]", path, i), out)
			}
			return
		}
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct || t == reflect.TypeFor[json.RawMessage]() {
		return
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		return
	}
	known := jsonFields(t)
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys) // warnings in a stable order
	for _, k := range keys {
		ft, ok := lookupField(known, k)
		name := k
		if path != "" {
			name = path + "." + k
		}
		if !ok {
			*out = append(*out, unknownWarning(name, k, known))
			continue
		}
		walkFields(obj[k], ft, name, out)
	}
}

func unknownWarning(name, key string, known map[string]reflect.Type) string {
	msg := fmt.Sprintf("unknown field %q", name)
	if s := suggestField(key, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return msg
}

// jsonFields maps the JSON names of t's fields to their types, embedded
// structs' fields included, the outer field winning as encoding/json has it.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			embedded = append(embedded, f.Type)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f.Type
	}
	for _, et := range embedded {
		for k, v := range jsonFields(et) {
			if _, ok := m[k]; !ok {
				m[k] = v
			}
		}
	}
	return m
}

func lookupField(known map[string]reflect.Type, key string) (reflect.Type, bool) {
	if t, ok := known[key]; ok {
		return t, true
	}
	for k, t := range known {
		if strings.EqualFold(k, key) {
			return t, true
		}
	}
	return nil, false
}

// suggestField names the known field key was likely meant to be: an
// alias clients use, else the one within two edits.
func suggestField(key string, known map[string]reflect.Type) string {
	lk := strings.ToLower(key)
	if a, ok := fieldAliases[lk]; ok {
		if _, ok := known[a]; ok {
			return a
		}
	}
	// A misspelt alias ("nationalty") means what the alias means.
	for _, alias := range sortedAliases {
		a := fieldAliases[alias]
		if _, ok := known[a]; ok && len(alias) > 4 && editDistance(lk, alias, 1) <= 1 {
			return a
		}
	}
	best, bestD := "", 3
	for k := range known {
		if d := editDistance(lk, k, bestD); d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	if bestD > 2 {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, or limit+1 once it
// exceeds limit (names are short; a key may be long and is not worth more).
func editDistance(a, b string, limit int) int {
	if len(a) > 64 || len(b) > 64 || abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
