package batchio

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
)

// TestAppendResultJSONMatchesEncodingJSON holds the JSONL appender to
// encoding/json, byte for byte, on random results in which every field of
// every type reached from Result is filled by reflection: a field added
// to Result, Match, Reason or Listing (or a type they come to hold) that
// the appender does not write makes the outputs differ, and a field of a
// kind the filler does not know fails here by name.
func TestAppendResultJSONMatchesEncodingJSON(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, uint64(len(t.Name()))))
	n := 20000
	if testing.Short() {
		n = 3000
	}
	for i := range n {
		var r clearance.Result
		f := filler{rnd: rnd, full: i%4 == 0} // every field non-empty in one of four
		f.fill(t, reflect.ValueOf(&r).Elem(), "Result")
		prefix := []byte(nil)
		if i%3 == 0 {
			prefix = []byte("{\"earlier\":\"row\"}\n")
		}
		want := appendResultStd(bytes.Clone(prefix), r)
		got := AppendResult(bytes.Clone(prefix), JSONL, r)
		if !bytes.Equal(got, want) {
			t.Fatalf("iteration %d: the appender and encoding/json differ\n got: %q\nwant: %q\nresult: %#v", i, got, want, r)
		}
	}
}

// TestAppendResultJSONFullFieldsWritten checks on a result with every
// field filled that the output names every JSON field of every type, so
// that the comparison above cannot pass because both sides drop one.
func TestAppendResultJSONFullFieldsWritten(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var r clearance.Result
	f := filler{rnd: rnd, full: true, plain: true}
	f.fill(t, reflect.ValueOf(&r).Elem(), "Result")
	out := string(AppendResult(nil, JSONL, r))
	var walk func(reflect.Type)
	seen := map[reflect.Type]bool{}
	walk = func(ty reflect.Type) {
		for ty.Kind() == reflect.Slice || ty.Kind() == reflect.Pointer {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] {
			return
		}
		seen[ty] = true
		for i := range ty.NumField() {
			sf := ty.Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name == "-" || !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if !strings.Contains(out, `"`+name+`":`) {
				t.Errorf("%s.%s: no %q in the output %s", ty.Name(), sf.Name, name, out)
			}
			walk(sf.Type)
		}
	}
	walk(reflect.TypeFor[clearance.Result]())
}

// TestAppendResultJSONEdgeCases pins the cases encoding/json treats
// specially: nil against empty slices, omitted empty fields, floats at the
// ends of 'f' formatting, negative zero, scores rounding to a non-finite
// number, and strings needing every kind of escape.
func TestAppendResultJSONEdgeCases(t *testing.T) {
	scores := []float64{0, math.Copysign(0, -1), 1, 0.94, 0.9399999976158142, -0.05, 1e-7, 5e-5, 1e20, 1e21, 9.99999e20, 1.5e-300, 1e300, math.MaxFloat64, math.Inf(1), math.NaN(), 123456789.12345}
	strs := []string{"", "plain", "<a&b>", "quote\" back\\slash", "\x00\x01\x08\x0c\x1f\x7f", "\n\r\t", "\u2028\u2029", "\xff\xfe", "caf\xc3", "\xe2\x80", "한국어 𝄞", "\ufffd"}
	for _, s := range scores {
		for _, str := range strs {
			rs := []clearance.Result{
				{ID: str},
				{ID: str, Matches: []clearance.Match{}},
				{ID: str, Error: str, Warnings: []string{str, ""}, Matches: []clearance.Match{{EntityID: str, Score: s, Reasons: []clearance.Reason{}}}},
				{ID: str, Alert: true, Matches: []clearance.Match{
					{EntityID: str, Source: str, Name: str, Type: clearance.EntityType(str), Programs: []string{}, Score: s, MatchedName: str, Target: str, Listings: []clearance.Listing{}},
					{Reasons: []clearance.Reason{{Field: str, Query: str, Listed: str, How: str, Score: s}}, Listings: []clearance.Listing{{EntityID: str, Programs: []string{str}, ListedOn: str, Why: []string{}}}},
				}},
			}
			for _, r := range rs {
				want := appendResultStd(nil, r)
				if got := AppendResult(nil, JSONL, r); !bytes.Equal(got, want) {
					t.Errorf("score %v, string %q:\n got: %q\nwant: %q", s, str, got, want)
				}
			}
		}
	}
}

// FuzzAppendResultJSON compares the appender with encoding/json on
// results built from fuzzed strings and scores.
//
//	go test ./batchio -run '^$' -fuzz FuzzAppendResultJSON -fuzztime 30s
func FuzzAppendResultJSON(f *testing.F) {
	f.Add("q-1", "KIM Sang Man", "name", "romanisation", 0.9399999976158142, 0.05, true, "<b>&\u2028")
	f.Add("", "\xff\x00", "", "", 1e21, 1e-7, false, "")
	f.Add("id\n", "한국어", "dob", "exact", math.Copysign(0, -1), math.MaxFloat64, true, "\"\\")
	f.Fuzz(func(t *testing.T, id, name, field, how string, score, rscore float64, alert bool, extra string) {
		r := clearance.Result{ID: id, Alert: alert, Error: extra}
		if extra != "" {
			r.Warnings = []string{extra, name}
		}
		if name != "" {
			r.Matches = []clearance.Match{{
				EntityID: id, Source: extra, Name: name, Type: clearance.EntityType(how), Programs: []string{field},
				Score: score, MatchedName: extra, Target: how,
				Reasons:  []clearance.Reason{{Field: field, Query: name, Listed: extra, How: how, Score: rscore}},
				Listings: []clearance.Listing{{EntityID: extra, Source: id, Name: name, Programs: []string{how}, ListedOn: field, Why: []string{extra}}},
			}, {Name: extra, Score: rscore}}
		}
		want := appendResultStd(nil, r)
		if got := AppendResult(nil, JSONL, r); !bytes.Equal(got, want) {
			t.Fatalf("\n got: %q\nwant: %q", got, want)
		}
	})
}

// filler sets every exported, JSON-visible field to random values.
type filler struct {
	rnd   *rand.Rand
	full  bool // no empty strings or slices, no nil pointers
	plain bool // only finite floats (for checking field names)
}

func (f *filler) fill(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString(f.str())
	case reflect.Bool:
		v.SetBool(f.rnd.IntN(2) == 0)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(f.float())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(f.rnd.Int64N(2000) - 1000)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(f.rnd.Uint64N(2000))
	case reflect.Slice:
		k := f.rnd.IntN(6)
		if !f.full && k == 0 {
			v.SetZero() // nil
			return
		}
		n := k - 1
		if f.full || n < 0 {
			n = 1 + f.rnd.IntN(3)
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			f.fill(t, s.Index(i), path+"[]")
		}
		v.Set(s)
	case reflect.Pointer:
		if !f.full && f.rnd.IntN(3) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		f.fill(t, p.Elem(), path)
		v.Set(p)
	case reflect.Struct:
		ty := v.Type()
		for i := range ty.NumField() {
			sf := ty.Field(i)
			if !sf.IsExported() || sf.Tag.Get("json") == "-" {
				continue
			}
			f.fill(t, v.Field(i), path+"."+sf.Name)
		}
	default:
		t.Fatalf("%s: the filler does not know %s; teach it, and the JSONL appender this field", path, v.Type())
	}
}

// pieces of strings: plain text, what JSON escapes, what encoding/json
// replaces or escapes beyond JSON (invalid UTF-8, U+2028, U+2029), and
// what HTML escaping would change (which batch output does not do).
var pieces = []string{
	"a", "Kim", " ", "Sang-Man", "0x97b1", "é", "한", "𝄞", "ß", "Ω",
	"<", ">", "&", "\"", "\\", "/", "\x00", "\x01", "\b", "\f", "\n", "\r", "\t", "\x1f", "\x7f",
	"\u2028", "\u2029", "\ufffd", "\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\u200b",
}

func (f *filler) str() string {
	n := f.rnd.IntN(8)
	if f.full && n == 0 {
		n = 1
	}
	var b strings.Builder
	for range n {
		b.WriteString(pieces[f.rnd.IntN(len(pieces))])
	}
	return b.String()
}

func (f *filler) float() float64 {
	switch k := f.rnd.IntN(12); {
	case k == 0:
		return 0
	case k == 1:
		return math.Copysign(0, -1)
	case k == 2 && !f.plain:
		switch f.rnd.IntN(4) { // rare: non-finite, or finite but huge enough that rounding overflows
		case 0:
			return math.NaN()
		case 1:
			return math.Inf(1 - 2*f.rnd.IntN(2))
		default:
			return math.MaxFloat64 / float64(1+f.rnd.IntN(1000))
		}
	case k < 6:
		return f.rnd.Float64() // a score
	case k < 8:
		return float64(f.rnd.IntN(20001)-10000) / 1e4 // exactly four decimals
	default: // any magnitude, either sign
		m := f.rnd.Float64() * math.Pow(10, float64(f.rnd.IntN(620)-310))
		if f.rnd.IntN(2) == 0 {
			m = -m
		}
		return m
	}
}

// BenchmarkAppendResultJSON writes a typical alerting row (one match,
// five reasons, about 760 bytes) with the appender and with encoding/json.
//
//	go test ./batchio -run '^$' -bench AppendResultJSON
func BenchmarkAppendResultJSON(b *testing.B) {
	r := clearance.Result{ID: "dev-00009-r0", Alert: true, Matches: []clearance.Match{{
		EntityID: "us_ofac_sdn:43263", Source: "us_ofac_sdn", Name: "JOINT STOCK COMPANY 60 ARSENAL", Type: "organization",
		Programs: []string{"RUSSIA-EO14024"}, Score: 0.9351999759674072, MatchedName: "JOINT STOCK COMPANY 60 ARSENAL",
		Reasons: []clearance.Reason{
			{Field: "name", Query: "jsc 60 arsensl", Listed: "JOINT STOCK COMPANY 60 ARSENAL", How: "token alignment", Score: 0.9049999713897705},
			{Field: "name_token", Query: "jsc", Listed: "jsc", How: "exact", Score: 1},
			{Field: "name_token", Query: "60", Listed: "60", How: "exact", Score: 1},
			{Field: "name_token", Query: "arsensl", Listed: "arsenal", How: "edit_distance", Score: 0.9120000004768372},
			{Field: "country", Query: "RU", Listed: "RU", How: "agrees", Score: 0.03},
		},
	}}}
	b.Run("appender", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			AppendResult(nil, JSONL, r)
		}
	})
	b.Run("appender-reused-buffer", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 4096)
		for b.Loop() {
			buf = AppendResult(buf[:0], JSONL, r)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			appendResultStd(nil, r)
		}
	})
}
