package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/clearance-screening/clearance"
)

// FuzzScreenAPI sends request bodies and parameters through the real
// handler (keys, decoding, checks, the engine over the hand-made list and
// the built-in set, encoding) and checks every answer: a status the API
// documents for a client's mistake or a result, never 500; JSON always;
// results in range, best first, within the limit.
func FuzzScreenAPI(f *testing.F) {
	fx := newFixture(f, Config{})
	key := fx.keys[clearance.RoleScreen]
	threshold := fx.srv.Snapshot().Index.Threshold()
	for _, s := range []struct {
		body          string
		batch         bool
		minScore, lim string
	}{
		{`{"name":"Park Jin Hyok","dob":"1984-08-15","gender":"U","country":"XX"}`, false, "", ""},
		{`{"name":"(김정은)","date_of_birth":"0000-00-00"}`, false, "0", "100"},
		{`[{"name":"Kim김정은"},{"wallet":"0x52908400098527886E0F7030069857D2E4169EE7"},{}]`, true, "0.5", "1"},
		{`{"name":"Mr.김정은","id":1e308,"identifiers":[{"type":"imo","number":"8660313"}]}`, false, "NaN", "0"},
		{`{"name":"김0&0000","type":["person"]}`, false, "-1", "101"},
		{`{"name":"\u202eKIM\u0000","dob":"unknown","gender":{"x":[[[[1]]]]}}`, false, "1", "x"},
		{`[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]`, true, "", ""},
		{`{"name":"a"}{"name":"b"}`, false, "", ""},
		{"\xff\xfe{\"name\":\"\xed\xa0\x80\"}", false, "", ""},
	} {
		f.Add([]byte(s.body), s.batch, s.minScore, s.lim)
	}
	f.Fuzz(func(t *testing.T, body []byte, batch bool, minScore, limit string) {
		path := "/v1/screen"
		if batch {
			path += "/batch"
		}
		v := url.Values{}
		if minScore != "" {
			v.Set("min_score", minScore)
		}
		if limit != "" {
			v.Set("limit", limit)
		}
		req := httptest.NewRequest("POST", path+"?"+v.Encode(), bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		rec := httptest.NewRecorder()
		fx.srv.ServeHTTP(rec, req)
		data := rec.Body.Bytes()
		switch rec.Code {
		case http.StatusOK:
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			var e apiError
			if err := json.Unmarshal(data, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("%s %q: %d with a body that is no error: %s", path, body, rec.Code, data)
			}
			return
		default:
			t.Fatalf("%s %q (min_score %q, limit %q): status %d: %s", path, body, minScore, limit, rec.Code, data)
		}
		var results []clearance.Result
		if batch {
			if err := json.Unmarshal(data, &results); err != nil {
				t.Fatalf("batch answer is no array of results: %v: %s", err, data)
			}
			var items []json.RawMessage
			if json.Unmarshal(body, &items) != nil || len(items) != len(results) {
				t.Fatalf("batch of %q answered with %d results", body, len(results))
			}
		} else {
			var r clearance.Result
			if err := json.Unmarshal(data, &r); err != nil {
				t.Fatalf("answer is no result: %v: %s", err, data)
			}
			results = []clearance.Result{r}
		}
		for _, r := range results {
			if r.Matches == nil {
				t.Fatalf("matches null in %s", data)
			}
			alert := false
			for i, m := range r.Matches {
				if m.Score < 0 || m.Score > 1 || i > 0 && m.Score > r.Matches[i-1].Score || len(m.Reasons) == 0 || m.EntityID == "" {
					t.Fatalf("match %d out of order or range: %+v", i, m)
				}
				alert = alert || m.Score >= threshold
			}
			if len(r.Matches) > 100 || alert != r.Alert {
				t.Fatalf("%d matches, alert %v: %s", len(r.Matches), r.Alert, data)
			}
		}
	})
}
