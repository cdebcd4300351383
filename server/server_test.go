package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
	"github.com/clearance-screening/clearance/store/sqlite"
)

// testEntities is a small hand-made list: a person with a date of birth,
// an organisation with a wallet, a vessel with an IMO number.
func testEntities() []clearance.Entity {
	return []clearance.Entity{
		{ID: "test_list:1", Source: "test_list", Type: clearance.Person,
			Names:         []clearance.Name{{Full: "PAK, Jin Hyok", Kind: clearance.Primary}, {Full: "Jin Hyok Park", Kind: clearance.AKA}},
			Programs:      []string{"CYBER2", "DPRK3"},
			BirthDates:    []clearance.BirthDate{{Date: clearance.Date{Year: 1984, Month: 8, Day: 15}}},
			Nationalities: []string{"KP"}},
		{ID: "test_list:2", Source: "test_list", Type: clearance.Organization,
			Names:    []clearance.Name{{Full: "CHOSUN EXPO JOINT VENTURE", Kind: clearance.Primary}, {Full: "Korea Expo Joint Venture", Kind: clearance.AKA}},
			Programs: []string{"CYBER2"},
			Wallets:  []clearance.WalletAddress{{Currency: "ETH", Address: "0x52908400098527886E0F7030069857D2E4169EE7"}}},
		{ID: "test_list:3", Source: "test_list", Type: clearance.Vessel,
			Names:       []clearance.Name{{Full: "CHON MA SAN", Kind: clearance.Primary}},
			Identifiers: []clearance.Identifier{{Type: "imo", Number: "8660313"}}},
	}
}

func testDatasets(t testing.TB, extra ...clearance.Entity) []lists.Dataset {
	t.Helper()
	b, err := lists.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	ents := append(testEntities(), extra...)
	return []lists.Dataset{
		{Source: lists.Source{Key: "test_list", Title: "Hand-made test list", Publisher: "tests"}, Entities: ents, Report: clearance.ParseReport{Published: "2025-01-02", Records: len(ents)}},
		b,
	}
}

type fixture struct {
	t     testing.TB
	key   *clearance.AuditKey // the trail's
	srv   *Server
	store *sqlite.DB
	ts    *httptest.Server
	keys  map[clearance.Role]string
}

// newFixture starts a server on a fresh SQLite file, with the hand-made
// list and the built-in set loaded, and one key per role.
func newFixture(t testing.TB, cfg Config) *fixture {
	t.Helper()
	dir := t.TempDir()
	key, err := clearance.NewAuditKey([]byte("server tests' audit key, 32 bytes or more"))
	if err != nil {
		t.Fatal(err)
	}
	// Keyed and checkpointed as `clearance serve` opens it.
	st, err := sqlite.OpenWith(filepath.Join(dir, "clearance.db"), clearance.AuditConfig{Key: key, CheckpointFile: filepath.Join(dir, "checkpoints.jsonl"), WriteCheckpoints: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg.Store = st
	if cfg.Load == nil {
		cfg.Load = func(context.Context) ([]lists.Dataset, error) { return testDatasets(t), nil }
	}
	srv := New(cfg)
	if _, err := srv.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, key: key, srv: srv, store: st, keys: map[clearance.Role]string{}}
	for _, role := range []clearance.Role{clearance.RoleScreen, clearance.RoleAnalyst, clearance.RoleAdmin} {
		secret, _, err := CreateKey(context.Background(), st, "test", "test "+string(role), role)
		if err != nil {
			t.Fatal(err)
		}
		f.keys[role] = secret
	}
	f.ts = httptest.NewServer(srv)
	t.Cleanup(f.ts.Close)
	return f
}

// do sends a request with the role's key ("" for none) and returns the
// status and body. A body that is not []byte or string is sent as JSON.
func (f *fixture) do(method, path string, role clearance.Role, body any) (int, []byte) {
	f.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	case string:
		r = bytes.NewReader([]byte(b))
	default:
		data, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, f.ts.URL+path, r)
	if err != nil {
		f.t.Fatal(err)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+f.keys[role])
	}
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp.StatusCode, data
}

// call is do that expects a status and decodes the answer into out.
func (f *fixture) call(method, path string, role clearance.Role, body any, want int, out any) {
	f.t.Helper()
	status, data := f.do(method, path, role, body)
	if status != want {
		f.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, status, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			f.t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
}

func errorCode(t testing.TB, data []byte) string {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(data, &e); err != nil || e.Error.Code == "" {
		t.Fatalf("not an error body: %s", data)
	}
	return e.Error.Code
}

var _ = match.DefaultThreshold

func httptestDo(h http.Handler, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}
