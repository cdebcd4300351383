package batchio

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// agree checks decodeFast against encoding/json on one row: whatever the
// fast path decodes, encoding/json decodes without error to the same.
func agree(t testing.TB, row []byte) bool {
	var fast, slow rawQuery
	ok := decodeFast(row, &fast)
	err := json.Unmarshal(row, &slow)
	if ok && err != nil {
		t.Fatalf("%q: fast path decoded %+v, encoding/json refused it: %v", row, fast, err)
	}
	if ok && !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%q:\nfast          %#v\nencoding/json %#v", row, fast, slow)
	}
	return ok
}

// Pieces of query rows: usual and unusual keys and values, in and outside
// the fast path's subset.
var (
	rowKeys = []string{
		"id", "name", "type", "dob", "country", "gender", "wallet", "identifiers",
		"id", "name", "name", "type", "dob", // the usual, more often
		"expect", "category", "notes", "x", "",
		"Name", "NAME", "Dob", "iD", "Identifiers", // other letter cases
		"nåme", "name\u017f", "\u212aey", `n\u0061me`, `na\"me`, // not ASCII, escaped
	}
	rowStrings = []string{
		`""`, `"Kim Jong Un"`, `"KIM, Sang Man"`, `"1965-09-08"`, `"person"`, `"vessel"`, `"KP"`,
		`"김정은"`, `"Пак Чен Хёк"`, `"محمد"`, `"José"`,
		`"Jos\u00e9"`, `"\u00e9\u0000x"`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\uD83D\uDE00"`, `"\ud800"`, `"\uDFFF x"`,
		`"bad \x escape"`, `"\u12"`, `"\u12g4"`, "\"\xff\xfe\"", "\"a\x01b\"", "\"tab\tinside\"", `"unterminated`,
	}
	rowOthers = []string{
		`1`, `-0`, `0`, `12345`, `1.5e3`, `-2.25E-2`, `01`, `1.`, `.5`, `-`, `1e`, `1e400`, `+1`, `123456789012345678901234567890`,
		`true`, `false`, `null`, `nul`, `tru`,
		`[]`, `["a","b"]`, `[1,[2,[3]]]`, `[1,]`, `[`, `{}`, `{"a":1}`, `{"a":{"b":[true,null]}}`, `{"a"}`, `{1:2}`,
		`[{"type":"passport","number":"X123"}]`, `[{"type":"passport","number":"X123","country":"KP","note":"n"},{"number":"7"}]`,
		`[{}]`, `[{"Type":"passport"}]`, `[{"type":"a","type":"b"}]`, `[{"serial":"1"}]`, `[{"type":1}]`, `[null]`,
	}
	rowSpace = []string{"", "", "", " ", "\t", "\n ", "\r\n"}
)

func randomRow(r *rand.Rand) []byte {
	var b strings.Builder
	sp := func() { b.WriteString(rowSpace[r.IntN(len(rowSpace))]) }
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	if r.IntN(40) == 0 {
		b.WriteString(pick(rowOthers)) // not an object at all
		return []byte(b.String())
	}
	sp()
	b.WriteString("{")
	for i, n := 0, r.IntN(7); i < n; i++ {
		if i > 0 {
			sp()
			b.WriteString(",")
		}
		sp()
		b.WriteString(`"` + pick(rowKeys) + `"`)
		sp()
		b.WriteString(":")
		sp()
		switch r.IntN(4) {
		case 0:
			b.WriteString(pick(rowOthers))
		default:
			b.WriteString(pick(rowStrings))
		}
	}
	sp()
	b.WriteString("}")
	sp()
	s := b.String()
	switch r.IntN(30) {
	case 0:
		s = s[:r.IntN(len(s)+1)] // cut short
	case 1:
		s += pick([]string{"x", "{}", ",", " 1"}) // something after the object
	case 2:
		i := r.IntN(len(s) + 1)
		s = s[:i] + string(rune(r.IntN(128))) + s[i:] // a stray character
	}
	return []byte(s)
}

func TestDecodeFastAgreesWithEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fast, n := 0, 200000
	for range n {
		if agree(t, randomRow(r)) {
			fast++
		}
	}
	t.Logf("%d of %d random rows took the fast path", fast, n)
	// Both sides of the test are exercised: many rows take the fast path
	// (and agree), many leave it.
	if fast < n/10 || fast > n*9/10 {
		t.Errorf("%d of %d random rows took the fast path; the test exercises too little of one side", fast, n)
	}
}

// The rows batches are made of take the fast path.
func TestDecodeFastTakesTheUsualRows(t *testing.T) {
	for _, row := range []string{
		`{"id": "r0-dev-00001", "name": "Joo Seo-yeon", "type": "person", "expect": [], "category": "negative_person"}`,
		`{"id":"c-17","name":"KIM, Sang Man","dob":"1950-03-07","country":"KP"}`,
		`{"id": 17, "name": "Pak Jin Hyok", "type": "person", "gender": "male"}`,
		`{"name": "Jos\u00e9 \"Pepe\" Garc\u00eda"}`,
		`{"name":"KOREA KWANGSON BANKING CORP","type":"organization","identifiers":[{"type":"swift","number":"KKBCKPPY"}]}`,
		`{"wallet":"0x098B716B8Aaf21512996dC57EB0615e2383E2f96"}`,
		`{"id":"v1","name":"CHON MYONG","type":"vessel","identifiers":[{"type":"imo","number":"8712362","country":"KP","note":"flag"}]}`,
		`  {"name":"김정은"}  `,
	} {
		if !agree(t, []byte(row)) {
			t.Errorf("%s left the fast path", row)
		}
	}
}

// Rows where a fast path that took them would have to do as encoding/json
// does in ways easy to miss.
func TestDecodeFastOnTrickyRows(t *testing.T) {
	for _, row := range []string{
		// encoding/json decodes a repeated list into the first one's
		// elements: the second identifier keeps the first's number and note.
		`{"identifiers":[{"type":"a","number":"1","note":"x"}],"identifiers":[{"type":"b"}]}`,
		`{"name":"a","name":"b"}`,
		`{"name":"a","Name":"b"}`,
		`{"id":"1","ID":2}`,
		`{"name":"K"}`,
		`{"Key":"x","name":"y"}`,
		`{"name":null}`,
		`{"id":null,"name":"x"}`,
		`{"id":true,"name":"x"}`,
		`{"name":"x"}{"name":"y"}`,
		`{"name":"x",}`,
		`null`,
	} {
		agree(t, []byte(row))
	}
}

func FuzzDecodeFast(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		f.Add(randomRow(r))
	}
	f.Add([]byte(`{"id": 1e2, "name": "x", "identifiers": [{"type":"a","number":"1"}], "expect": [{"a":[1,2,{"b":null}]}]}`))
	f.Fuzz(func(t *testing.T, row []byte) { agree(t, row) })
}
