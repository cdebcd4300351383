package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// hostileNames are names meant to break a screener: mixed scripts, Hangul
// against punctuation and digits, control and invisible characters,
// direction marks, invalid UTF-8, and lengths at and over the limit. The
// real names among them must still be found.
func hostileNames() []string {
	ns := []string{
		// Hangul touching punctuation, digits, Latin and itself.
		"(김정은)", `"김정은"`, "Kim김정은", "Mr.김정은", "김0&0000", "김정은!", "!김정은", "김.정.은", "김-정-은", "김_정_은",
		"김/정/은", "김,정은", "김정은,", "[김정은]", "{김정은}", "<김정은>", "김정은123", "123김정은", "김1정2은3", "김\t정\n은",
		"김정은김정은김정은", "ㄱㄴㄷ", "김ㅈ은", "김", "김\u0301", "Park진혁", "박Jin혁", "박 진 혁", "박진혁", "박\u00a0진혁",
		// Other scripts, mixed.
		"صدام حسين", "Saddam حسين", "Ким Сан Ман", "Kим Sang Мan", "金正恩", "キム・ジョンウン", "김正恩", "Κιμ Σανγκ", "קים סאנג", "Ким김Kim金",
		"ﷺ", "ﷻ", "\u200d👨\u200d👩\u200d👧", "🇰🇵", "Kim 🙂 Sang", "𝐊𝐢𝐦 𝐒𝐚𝐧𝐠", "ＫＩＭ　ＳＡＮＧ", "K̶i̶m̶", "Z̷̢͉͇̈́a̵l̸g̶o̵", "ǅǈǋ",
		// Control, invisible and direction characters.
		"Kim\x00Sang", "Kim\x01\x02\x03", "\x7f\x1b[31mKim", "Kim\u200bSang\u200bMan", "\u200b\u200c\u200d\ufeff", "\u202eKIM Sang Man", "Kim\u202dSang\u202cMan",
		"\u2066Kim\u2069", "\u061cصدام", "Kim\u2028Sang\u2029Man", "Kim\u00adSang", "\ufffd\ufffd", "\ufffe\uffff", "Kim\U000E0001Sang", "\u180eKim",
		// Invalid UTF-8 (JSON encoding turns it into U+FFFD; the engine sees it raw).
		"\xff\xfe", "Kim\xc3(Sang", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "김\xec\x95", "\x80\x80\x80Kim",
		// Shapes: punctuation only, spaces, repetition, numbers.
		"", " ", "\t\n", "!!!", "...", "-", "'", "\"", "\\", "%s%s%n", "${jndi:ldap://x}", "'; DROP TABLE subjects;--",
		"<script>alert(1)</script>", "../../etc/passwd", "0", "1e308", "NaN", "null", "true", "[]", "{}", "-1",
		"A", "a b c d e f g h i j k l m n o p q r s t u v w x y z", strings.Repeat("Kim ", 64), strings.Repeat("K", 999), strings.Repeat("김", 1000),
		strings.Repeat("김", 1001), strings.Repeat("a ", 500), strings.Repeat("Kim Sang Man ", 100), strings.Repeat("x", 10000), strings.Repeat("\u200b", 2000),
		strings.Repeat("(", 1000), strings.Repeat("김0", 500), "Mc'Donald-O'Brien", "O'Neil", "D'Artagnan", "al-Baghdadi", "bin Laden bin", "bin bin bin",
		"Co., Ltd. LLC GmbH S.A. de C.V.", "The The The", "Mr Mrs Dr Prof", "Fund II III IV", "110th 110th", "M/V CHON MA SAN", "Jin Hyok Park (a.k.a. PAK)",
	}
	return ns
}

func TestHostileNamesThroughTheAPIAndTheEngine(t *testing.T) {
	f := newFixture(t, Config{})
	ix := f.srv.Snapshot().Index
	names := hostileNames()
	if len(names) < 100 {
		t.Fatalf("%d hostile names; the catalogue promises at least 100", len(names))
	}
	for i, name := range names {
		// The engine, with the name exactly as given (invalid UTF-8 too).
		ms, err := ix.Screen(clearance.Query{Name: name}, clearance.ScreenOptions{MinScore: new(0.0)})
		if errors.Is(err, match.ErrInternal) {
			t.Errorf("name %d %q: the engine panicked: %v", i, clip(name), err)
		}
		for _, m := range ms {
			if m.Score < 0 || m.Score > 1 || m.Score != m.Score {
				t.Errorf("name %d %q: score %v", i, clip(name), m.Score)
			}
		}
		// The API: 200, or 400 naming the field.
		body, _ := json.Marshal(map[string]string{"name": name})
		status, data := f.do("POST", "/v1/screen", clearance.RoleScreen, body)
		switch status {
		case http.StatusOK:
			var res clearance.Result
			if json.Unmarshal(data, &res) != nil {
				t.Errorf("name %d %q: 200 with %s", i, clip(name), data)
			}
		case http.StatusBadRequest:
			var e apiError
			json.Unmarshal(data, &e)
			if e.Error.Code != "bad_query" || !strings.Contains(e.Error.Message, "name") {
				t.Errorf("name %d %q: 400 whose message does not name the field: %s", i, clip(name), data)
			}
		default:
			t.Errorf("name %d %q: status %d %s", i, clip(name), status, data)
		}
	}
	// Hostile company among the real: the listed names are still found.
	for _, q := range []struct{ name, want string }{
		{"(박진혁)", "test_list:1"}, {"Park진혁", "test_list:1"}, {"\u202ePark Jin Hyok", "test_list:1"}, {"Park\u200bJin\u200bHyok", "test_list:1"},
		{"PARK, Jin Hyok\x00", "test_list:1"}, {"Jin Hyok Park (a.k.a. PAK)", "test_list:1"}, {"M/V CHON MA SAN", "test_list:3"},
		{"ＰＡＲＫ Ｊｉｎ Ｈｙｏｋ", "test_list:1"}, {"𝐏𝐚𝐫𝐤 𝐉𝐢𝐧 𝐇𝐲𝐨𝐤", "test_list:1"}, {"Ｐａｒｋ진혁", "test_list:1"}, {"P\u00adark Jin\u2060Hyok", "test_list:1"},
	} {
		var res clearance.Result
		body, _ := json.Marshal(map[string]string{"name": q.name})
		f.call("POST", "/v1/screen", clearance.RoleScreen, body, http.StatusOK, &res)
		if q.want != "" && (len(res.Matches) == 0 || res.Matches[0].EntityID != q.want) {
			t.Errorf("%q: %+v; want %s first", q.name, res.Matches, q.want)
		}
	}
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + fmt.Sprintf("…(%d bytes)", len(s))
	}
	return s
}

// hostileBodies are request bodies meant to break the API: wrong types,
// huge and special numbers, deep nesting, duplicate and unknown keys,
// truncation, other encodings. Each gets 200 or a 4xx whose message says
// what is wrong and where.
func hostileBodies() []struct {
	body   string
	status int
	says   string // in the error message, or in a warning for a 200
} {
	deep := `{"name":"Kim","a":` + strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5001)
	deepArr := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	return []struct {
		body   string
		status int
		says   string
	}{
		{`{"name":123}`, 400, "name"},
		{`{"name":["Kim"]}`, 400, "name"},
		{`{"name":{"first":"Kim"}}`, 400, "name"},
		{`{"name":null}`, 400, "no name"},
		{`{"name":true}`, 400, "name"},
		{`{"name":"Kim","dob":19650425}`, 400, "dob"},
		{`{"name":"Kim","dob":"NaN"}`, 200, ""}, // what pandas writes for a missing value: a placeholder
		{`{"name":"Kim","dob":"1965-02-30T00:00"}`, 400, "dob"},
		{`{"name":"Kim","dob":"99999"}`, 400, "dob"},
		{`{"name":"Kim","dob":"unknown"}`, 200, ""},
		{`{"name":"Kim","dob":"00/00/0000","gender":"U","country":"XX","type":"n/a"}`, 200, ""},
		{`{"name":"Kim","type":"alien"}`, 400, "type"},
		{`{"name":"Kim","type":7}`, 400, "type"},
		{`{"name":"Kim","gender":["m"]}`, 400, "gender"},
		{`{"name":"Kim","country":{"code":"KP"}}`, 400, "country"},
		{`{"name":"Kim","id":1e400}`, 400, "1e400"},
		{`{"name":"Kim","id":-0}`, 200, ""},
		{`{"name":"Kim","id":123456789012345678901234567890}`, 200, ""},
		{`{"name":"Kim","id":{"x":1}}`, 400, "id"},
		{`{"name":"Kim","id":"` + strings.Repeat("i", 300) + `"}`, 400, "id: 300 characters"},
		{`{"name":"Kim","identifiers":"passport:1"}`, 400, "identifiers"},
		{`{"name":"Kim","identifiers":[{"type":"passport","number":12345}]}`, 400, "number"},
		{`{"name":"Kim","identifiers":[` + strings.TrimSuffix(strings.Repeat(`{"type":"p","number":"1"},`, 101), ",") + `]}`, 400, "identifiers: 101"},
		{`{"wallet":"not-a-wallet"}`, 400, "wallet"},
		{`{"wallet":"` + strings.Repeat("1", 300) + `"}`, 400, "wallet: 300 characters"},
		{`{"wallet":"5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320"}`, 400, "wallet"},
		{`{"name":"Kim","name":"Park Jin Hyok"}`, 200, ""},
		{`{"name":"Kim","date_of_birth":"1965"}`, 200, `unknown field \"date_of_birth\" (did you mean \"dob\"?)`},
		{`{"NAME":"Park Jin Hyok"}`, 200, ""},
		{`{"name":"Kim"`, 400, "request body"},
		{`{"name":"Kim"}}`, 400, "request body"},
		{`{"name":"Kim"} {"name":"Park"}`, 400, "trailing data"},
		{``, 400, "empty request body"},
		{`null`, 400, "no name"},
		{`[]`, 400, "request body"},
		{`"Kim"`, 400, "request body"},
		{`12`, 400, "request body"},
		{`NaN`, 400, "request body"},
		{`{"name":NaN}`, 400, "request body"},
		{`{"name":"Kim","dob":Infinity}`, 400, "request body"},
		{"\xef\xbb\xbf{\"name\":\"Kim\"}", 400, "request body"},
		{"{\"name\":\"\xff\xfe\"}", 400, "no name"},
		{`{"name":"\ud800"}`, 400, "no name"},
		{`{"name":"\u0000"}`, 400, "no name"},
		{deep, 200, `unknown field \"a\"`},
		{deepArr, 400, "request body"},
		{`{"name":"` + strings.Repeat("x", 5<<20) + `"}`, 413, "over"},
	}
}

func TestHostileBodiesAreAnsweredWithTheFieldAtFault(t *testing.T) {
	f := newFixture(t, Config{})
	bodies := hostileBodies()
	for i, b := range bodies {
		status, data := f.do("POST", "/v1/screen", clearance.RoleScreen, b.body)
		if status != b.status || !strings.Contains(string(data), b.says) {
			t.Errorf("body %d %q: %d %s; want %d saying %q", i, clip(b.body), status, clip(string(data)), b.status, b.says)
		}
		if status >= 500 {
			t.Errorf("body %d: server error", i)
		}
	}
	// The same bodies as batch items are answered in their place.
	var items []string
	for _, b := range bodies {
		if json.Valid([]byte(b.body)) && len(b.body) < 1<<20 {
			items = append(items, b.body)
		}
	}
	var batch []batchResult
	f.call("POST", "/v1/screen/batch", clearance.RoleScreen, "["+strings.Join(items, ",")+"]", http.StatusOK, &batch)
	if len(batch) != len(items) {
		t.Fatalf("batch of %d hostile items answered with %d", len(items), len(batch))
	}
}
