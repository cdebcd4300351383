package server

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// bearer adds an API key to every request an MCP client sends.
type bearer struct {
	key  string
	next http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.key)
	return b.next.RoundTrip(r)
}

// connectHTTP connects the SDK's client to the fixture's /mcp with key.
func connectHTTP(t *testing.T, f *fixture, key string) (*mcp.ClientSession, error) {
	t.Helper()
	c := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
	tr := &mcp.StreamableClientTransport{
		Endpoint:             f.ts.URL + "/mcp",
		HTTPClient:           &http.Client{Transport: bearer{key, f.ts.Client().Transport}},
		DisableStandaloneSSE: true,
		MaxRetries:           -1,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return c.Connect(ctx, tr, nil)
}

// connectStdio connects the SDK's client in memory to the server that
// "clearance mcp" runs over stdio, on the fixture's lists.
func connectStdio(t *testing.T, f *fixture) *mcp.ClientSession {
	t.Helper()
	ds := testDatasets(t)
	var all []clearance.Entity
	for _, d := range ds {
		all = append(all, d.Entities...)
	}
	srv := NewMCPServer(SnapshotOf(ds, match.Build(all, match.Options{})), 0, "test")
	st, ct := mcp.NewInMemoryTransports()
	ctx := context.Background()
	ss, err := srv.Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// callTool calls a tool and decodes its structured result into out; it
// returns the error text of a tool error.
func callTool(t *testing.T, cs *mcp.ClientSession, name string, args any, out any) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if res.IsError {
		var msg []string
		for _, c := range res.Content {
			if tc, ok := c.(*mcp.TextContent); ok {
				msg = append(msg, tc.Text)
			}
		}
		return strings.Join(msg, " ")
	}
	data, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("%s: %v in %s", name, err, data)
	}
	return ""
}

func TestMCPToolsAnswerAsTheHTTPAPI(t *testing.T) {
	f := newFixture(t, Config{RecordScreenings: true})
	httpSession, err := connectHTTP(t, f, f.keys[clearance.RoleScreen])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { httpSession.Close() })
	sessions := map[string]*mcp.ClientSession{"stdio": connectStdio(t, f), "http": httpSession}

	queries := []struct {
		name string
		args map[string]any
		body string
	}{
		{"a person by a spelling variant", map[string]any{"name": "Park Jin Hyok", "dob": "1984-08-15", "type": "individual"}, `{"name":"Park Jin Hyok","dob":"1984-08-15","type":"individual"}`},
		{"a wallet alone", map[string]any{"wallet": "0x52908400098527886E0F7030069857D2E4169EE7"}, `{"wallet":"0x52908400098527886E0F7030069857D2E4169EE7"}`},
		{"a vessel by its IMO number", map[string]any{"name": "Some Ship", "id": "imo:8660313"}, `{"name":"Some Ship","identifiers":[{"type":"imo","number":"8660313"}]}`},
		{"a built-in designation, limited", map[string]any{"name": "Kim Sang Man", "country": "KP", "limit": 1}, `{"name":"Kim Sang Man","country":"KP"}`},
	}
	for transport, cs := range sessions {
		t.Run(transport, func(t *testing.T) {
			tools, err := cs.ListTools(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, tl := range tools.Tools {
				names = append(names, tl.Name)
			}
			if strings.Join(names, ",") != "entity,list_status,screen" {
				t.Errorf("tools %v", names)
			}
			for _, q := range queries {
				t.Run(q.name, func(t *testing.T) {
					var want, got batchResult
					path := "/v1/screen"
					if l, ok := q.args["limit"]; ok {
						path += "?limit=" + strings.TrimSpace(jsonText(t, l))
					}
					f.call("POST", path, clearance.RoleScreen, q.body, http.StatusOK, &want)
					if msg := callTool(t, cs, "screen", q.args, &got); msg != "" {
						t.Fatalf("tool error: %s", msg)
					}
					if len(got.Matches) == 0 || !got.Alert || !reflect.DeepEqual(got.Result, want.Result) {
						t.Fatalf("screen tool:\n got %+v\nwant %+v", got.Result, want.Result)
					}
					if (transport == "http") != (got.ScreeningID != "") {
						t.Errorf("screening_id %q over %s", got.ScreeningID, transport)
					}
					if got.ScreeningID != "" {
						// Recorded as /v1/screen records it: under the caller's key.
						sc, err := f.store.GetScreening(context.Background(), got.ScreeningID)
						if err != nil || sc.By == "" || sc.By == "anonymous" || !reflect.DeepEqual(sc.Matches[0].EntityID, want.Matches[0].EntityID) {
							t.Errorf("stored screening %+v, %v", sc, err)
						}
					}
				})
			}
			t.Run("entity", func(t *testing.T) {
				var want, got entityView
				f.call("GET", "/v1/entities/test_list:1", clearance.RoleScreen, nil, http.StatusOK, &want)
				if msg := callTool(t, cs, "entity", map[string]any{"id": "test_list:1"}, &got); msg != "" {
					t.Fatalf("tool error: %s", msg)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("entity tool:\n got %+v\nwant %+v", got, want)
				}
				if msg := callTool(t, cs, "entity", map[string]any{"id": "test_list:404"}, &got); !strings.Contains(msg, "no listed entity") {
					t.Errorf("unknown entity: %q", msg)
				}
			})
			t.Run("list_status", func(t *testing.T) {
				var want, got sourcesView
				f.call("GET", "/v1/sources", clearance.RoleScreen, nil, http.StatusOK, &want)
				if msg := callTool(t, cs, "list_status", map[string]any{}, &got); msg != "" {
					t.Fatalf("tool error: %s", msg)
				}
				if got.Threshold != want.Threshold || got.Entities != want.Entities || len(got.Sources) != len(want.Sources) {
					t.Fatalf("list_status:\n got %+v\nwant %+v", got, want)
				}
				for i := range got.Sources {
					g, w := got.Sources[i].SourceInfo, want.Sources[i].SourceInfo
					// The two snapshots were built apart; the lists are the same.
					if g.Key != w.Key || g.Version != w.Version || g.Entities != w.Entities {
						t.Errorf("source %d: got %+v, want %+v", i, g, w)
					}
				}
			})
			t.Run("a query without a name, wallet or identifier is a tool error", func(t *testing.T) {
				var got batchResult
				if msg := callTool(t, cs, "screen", map[string]any{"dob": "1984"}, &got); !strings.Contains(msg, "no name, wallet or identifier") {
					t.Errorf("got %q", msg)
				}
			})
		})
	}
}

func TestMCPEndpointNeedsAKey(t *testing.T) {
	f := newFixture(t, Config{})
	if _, err := connectHTTP(t, f, ""); err == nil {
		t.Error("connected without a key")
	}
	if _, err := connectHTTP(t, f, "not-a-key"); err == nil {
		t.Error("connected with an unknown key")
	}
	status, _ := f.do("POST", "/mcp", "", `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)
	if status != http.StatusUnauthorized {
		t.Errorf("no key: status %d, want 401", status)
	}
}

// A reverse proxy on the same machine passes requests on to 127.0.0.1
// with the public host name.
func TestMCPEndpointBehindALocalProxy(t *testing.T) {
	f := newFixture(t, Config{})
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}`
	req, err := http.NewRequest("POST", f.ts.URL+"/mcp", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "clearance.example"
	req.Header.Set("Authorization", "Bearer "+f.keys[clearance.RoleScreen])
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status %d, want 200", resp.StatusCode)
	}
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
