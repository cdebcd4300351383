package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// The MCP (Model Context Protocol) tools let an analyst's assistant screen
// as the API does. They are defined once, here, and served two ways:
// over stdio by "clearance mcp" (NewMCPServer, the lists loaded once) and
// over streamable HTTP at /mcp by the service (the current snapshot, the
// same API keys as /v1/screen, and every screening recorded as
// /v1/screen records it). Each tool's structured result is the JSON body
// the HTTP API answers for the same question.

// MCPScreenInput is the screen tool's arguments.
type MCPScreenInput struct {
	Name    string `json:"name,omitempty" jsonschema:"the subject's name, in any script and order"`
	DOB     string `json:"dob,omitempty" jsonschema:"date of birth: YYYY, YYYY-MM or YYYY-MM-DD"`
	Country string `json:"country,omitempty" jsonschema:"nationality, residence or registration country (name or ISO code)"`
	Type    string `json:"type,omitempty" jsonschema:"person, organization, vessel or aircraft"`
	Gender  string `json:"gender,omitempty" jsonschema:"male or female"`
	// ID is an identifier such as passport:109420132 (TYPE:NUMBER).
	ID       string   `json:"id,omitempty" jsonschema:"an identifier TYPE:NUMBER, e.g. passport:109420132; a match on its own"`
	Wallet   string   `json:"wallet,omitempty" jsonschema:"a crypto address; an exact match on its canonical form"`
	Limit    int      `json:"limit,omitempty" jsonschema:"most matches to return, 1 to 100 (default 10)"`
	MinScore *float64 `json:"min_score,omitempty" jsonschema:"lowest score returned, 0 to 1 (default the alert threshold; 0 returns every candidate)"`
}

// MCPEntityInput is the entity tool's arguments.
type MCPEntityInput struct {
	ID string `json:"id" jsonschema:"a listed entity's ID as matches name it, e.g. us_ofac_sdn:43377"`
}

// mcpTools is what the tools need of where they run.
type mcpTools struct {
	snapshot func() *Snapshot
	sources  func(*Snapshot) sourcesView
	// screen answers a query; the service also records the screening.
	screen func(ctx context.Context, req *mcp.CallToolRequest, snap *Snapshot, q clearance.Query, opts clearance.ScreenOptions) (batchResult, error)
}

var errNotReady = errors.New("no lists loaded yet; try again shortly")

// newMCP returns an MCP server with the three tools.
func (t mcpTools) newMCP(version string) *mcp.Server {
	srv := mcp.NewServer(&mcp.Implementation{Name: "clearance", Title: "clearance sanctions screening", Version: version}, &mcp.ServerOptions{
		Instructions: "Screen people, organisations, vessels and crypto wallets against the official sanctions lists (OFAC, UN, EU, UK) and clearance's built-in DPRK designations. " +
			"A match at or above the threshold is an alert, to be reviewed by a person; every score comes with its reasons.",
	})
	mcp.AddTool(srv, &mcp.Tool{
		Name:        "screen",
		Title:       "Screen a subject",
		Description: "Screen a person, organisation, vessel or wallet against the loaded sanctions lists. Returns the matches best first, each with its score (0 to 1), the reasons behind it, the target it is a listing of and that target's other listings; alert is true when a match reaches the alert threshold. Give at least a name, a wallet or an identifier.",
		Annotations: &mcp.ToolAnnotations{ReadOnlyHint: true, OpenWorldHint: new(false)},
	}, t.screenTool)
	mcp.AddTool(srv, &mcp.Tool{
		Name:        "entity",
		Title:       "Show a listed entity",
		Description: "Return one listed entity with all its fields (names, dates of birth, identifiers, addresses, programmes, remarks) and the list it comes from.",
		Annotations: &mcp.ToolAnnotations{ReadOnlyHint: true, OpenWorldHint: new(false)},
	}, t.entityTool)
	mcp.AddTool(srv, &mcp.Tool{
		Name:        "list_status",
		Title:       "Show the loaded lists",
		Description: "Return the loaded sources: each list's key, publisher, data date, age, version and entity count, with warnings (stale, of no known date, retired, refused).",
		Annotations: &mcp.ToolAnnotations{ReadOnlyHint: true, OpenWorldHint: new(false)},
	}, t.listStatusTool)
	return srv
}

func (t mcpTools) screenTool(ctx context.Context, req *mcp.CallToolRequest, in MCPScreenInput) (*mcp.CallToolResult, batchResult, error) {
	snap := t.snapshot()
	if snap == nil {
		return nil, batchResult{}, errNotReady
	}
	wq := wireQuery{Query: clearance.Query{Name: in.Name, DOB: in.DOB, Country: in.Country, Gender: in.Gender, Wallet: in.Wallet}, Type: in.Type}
	if in.ID != "" {
		typ, num, ok := strings.Cut(in.ID, ":")
		if !ok {
			typ, num = "", in.ID
		}
		if strings.TrimSpace(num) == "" {
			return nil, batchResult{}, fmt.Errorf("id %q: want TYPE:NUMBER, e.g. passport:109420132", in.ID)
		}
		wq.Identifiers = []clearance.Identifier{{Type: strings.ToLower(strings.TrimSpace(typ)), Number: strings.TrimSpace(num)}}
	}
	q, err := wq.toQuery()
	if err != nil {
		return nil, batchResult{}, err
	}
	opts := clearance.ScreenOptions{MinScore: in.MinScore, Limit: in.Limit}
	if in.Limit < 0 || in.Limit > 100 {
		return nil, batchResult{}, fmt.Errorf("limit %d: want 1 to 100", in.Limit)
	}
	if in.MinScore != nil {
		if err := clearance.CheckMinScore(*in.MinScore); err != nil {
			return nil, batchResult{}, err
		}
	}
	res, err := t.screen(ctx, req, snap, q, opts)
	if err != nil {
		return nil, batchResult{}, err
	}
	return nil, res, nil
}

func (t mcpTools) entityTool(ctx context.Context, req *mcp.CallToolRequest, in MCPEntityInput) (*mcp.CallToolResult, entityView, error) {
	snap := t.snapshot()
	if snap == nil {
		return nil, entityView{}, errNotReady
	}
	v, ok := snap.entityView(strings.TrimSpace(in.ID))
	if !ok {
		return nil, entityView{}, fmt.Errorf("no listed entity %q in the loaded lists", in.ID)
	}
	return nil, v, nil
}

func (t mcpTools) listStatusTool(ctx context.Context, req *mcp.CallToolRequest, _ struct{}) (*mcp.CallToolResult, sourcesView, error) {
	snap := t.snapshot()
	if snap == nil {
		return nil, sourcesView{}, errNotReady
	}
	return nil, t.sources(snap), nil
}

// NewMCPServer returns the MCP server "clearance mcp" runs over stdio:
// the tools screen against snap, which never changes. maxAge is the data
// age past which a list is called stale (zero: lists.DefaultMaxAge).
func NewMCPServer(snap *Snapshot, maxAge time.Duration, version string) *mcp.Server {
	return mcpTools{
		snapshot: func() *Snapshot { return snap },
		sources: func(snap *Snapshot) sourcesView {
			return snap.sourcesView(time.Now(), maxAge, nil)
		},
		screen: func(_ context.Context, _ *mcp.CallToolRequest, snap *Snapshot, q clearance.Query, opts clearance.ScreenOptions) (batchResult, error) {
			res, err := snap.screen(q, opts)
			return batchResult{Result: res}, err
		},
	}.newMCP(version)
}

// SnapshotOf is a snapshot of the datasets screened with an index already
// built from them (by match.Build over their entities, in order), so that
// a command that loaded the lists need not index them twice.
func SnapshotOf(ds []lists.Dataset, ix *match.Index) *Snapshot {
	s := Describe(ds)
	s.Index = ix
	return s
}

// mcpHandler serves the tools over streamable HTTP. It is stateless (no
// session to keep between requests), so that any instance behind a load
// balancer can answer any request. The API key was checked by requireKey.
func (s *Server) mcpHandler() http.Handler {
	srv := mcpTools{
		snapshot: s.Snapshot,
		sources:  s.sourcesView,
		screen:   s.mcpScreen,
	}.newMCP(cmp.Or(s.cfg.Version, "devel"))
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, &mcp.StreamableHTTPOptions{
		Stateless:           true,
		JSONResponse:        true,
		Logger:              s.log,
		MaxRequestBodyBytes: s.cfg.MaxBodyBytes,
		// The SDK refuses, on a loopback address, a Host that is not
		// loopback, against DNS rebinding. That would refuse every request
		// a reverse proxy on the same machine passes on with the public
		// host name (serve listens on 127.0.0.1 by default), and guards
		// nothing here: a rebound page has no API key, and requireKey has
		// answered 401 before this handler runs.
		DisableLocalhostProtection: true,
	})
}

// mcpScreen screens as /v1/screen does: timed in the metrics and, when
// the service records every screening, stored before answering under the
// caller's key.
func (s *Server) mcpScreen(ctx context.Context, req *mcp.CallToolRequest, snap *Snapshot, q clearance.Query, opts clearance.ScreenOptions) (batchResult, error) {
	res, err := s.screenOne(snap, q, opts)
	if err != nil {
		return batchResult{}, err
	}
	out := batchResult{Result: res}
	if s.cfg.RecordScreenings {
		by := "anonymous"
		if req != nil && req.Extra != nil {
			if secret, ok := strings.CutPrefix(req.Extra.Header.Get("Authorization"), "Bearer "); ok {
				if k, err := s.lookupKey(ctx, strings.TrimSpace(secret)); err == nil {
					by = clearance.KeyActor(k)
				}
			}
		}
		sc := newScreening(by, snap, q, res.Matches)
		if _, err := s.store.SaveScreening(ctx, sc, nil); err != nil {
			s.log.Error("store", "tool", "screen", "err", err)
			return batchResult{}, errors.New("the screening could not be recorded; see the server log")
		}
		out.ScreeningID = sc.ID
	}
	return out, nil
}
