package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists/liststest"
)

// TestMCPOverStdio runs "clearance mcp" in process on pipes and talks to
// it with the SDK's own client, as an assistant would over the process's
// stdin and stdout.
func TestMCPOverStdio(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var errb strings.Builder
	vars := builtinOnly(t)
	e := &env{stdout: outW, stderr: &errb, stdin: inR, getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, e, []string{"mcp"})
		outW.Close()
		done <- err
	}()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(ctx, &mcp.IOTransport{Reader: outR, Writer: inW}, nil)
	if err != nil {
		t.Fatalf("connect: %v\nstderr:\n%s", err, errb.String())
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "screen", Arguments: map[string]any{"name": "King San Man"}})
	if err != nil || res.IsError {
		t.Fatalf("screen: %v %+v", err, res)
	}
	var got clearance.Result
	data, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if !got.Alert || len(got.Matches) == 0 || got.Matches[0].EntityID != "clearance_dprk:kim-sang-man" || len(got.Matches[0].Reasons) == 0 {
		t.Errorf("screen tool: %s", data)
	}
	// The same query through the screen command, as JSON.
	stdout, _ := mustRun(t, builtinOnly(t), "", "screen", "King San Man", "--json")
	var cli screenResult
	if err := json.Unmarshal([]byte(stdout), &cli); err != nil {
		t.Fatal(err)
	}
	if len(cli.Matches) == 0 || cli.Matches[0].EntityID != got.Matches[0].EntityID || cli.Matches[0].Score != got.Matches[0].Score {
		t.Errorf("the tool and the command disagree: %s vs %s", data, stdout)
	}
	cs.Close()
	inW.Close()
	if err := <-done; err != nil && !errors.Is(err, io.EOF) {
		t.Errorf("clearance mcp: %v", err)
	}
}

func TestVersionNeedsNoLists(t *testing.T) {
	stdout, stderr := mustRun(t, builtinOnly(t), "", "version", "--json")
	var v versionInfo
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Fatalf("%v in %s", err, stdout)
	}
	if v.Module != "github.com/clearance-screening/clearance" || !strings.HasPrefix(v.Go, "go") || v.Lists == nil {
		t.Errorf("version: %+v", v)
	}
	if strings.Contains(stderr, builtinNotice) {
		t.Errorf("version loaded the lists:\n%s", stderr)
	}
}

// testMCPBinary starts the built binary as an MCP client starts it, and
// calls each tool through the SDK's CommandTransport.
func testMCPBinary(t *testing.T, bin string) {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.Command(bin, "mcp")
	cmd.Env = append(withoutClearanceVars(os.Environ()), "CLEARANCE_CACHE="+t.TempDir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatalf("connect: %v\nstderr:\n%s", err, stderr.String())
	}
	defer cs.Close()
	if v := cs.InitializeResult().ServerInfo; v.Name != "clearance" || v.Version == "" {
		t.Errorf("server info %+v", v)
	}
	for _, call := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"screen", map[string]any{"name": "King San Man"}, `"entity_id":"clearance_dprk:kim-sang-man"`},
		{"entity", map[string]any{"id": "clearance_dprk:kim-sang-man"}, `"names":[`},
		{"list_status", map[string]any{}, `"key":"clearance_dprk"`},
	} {
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: call.tool, Arguments: call.args})
		if err != nil || res.IsError {
			t.Fatalf("%s: %v %+v", call.tool, err, res)
		}
		data, _ := json.Marshal(res.StructuredContent)
		if !strings.Contains(string(data), call.want) {
			t.Errorf("%s: %s\nwant %s", call.tool, data, call.want)
		}
	}
}

func TestVersionShowsTheCachedListsWithoutLoadingThem(t *testing.T) {
	cache := t.TempDir()
	liststest.CopySource(t, cache, "un_sc_sanctions")
	start := time.Now()
	stdout, stderr := mustRun(t, map[string]string{"CLEARANCE_CACHE": cache}, "", "version")
	if !strings.Contains(stdout, "un_sc_sanctions") || !strings.Contains(stdout, "go ") {
		t.Errorf("version:\n%s", stdout)
	}
	if strings.Contains(stderr, "using cache") || time.Since(start) > 5*time.Second {
		t.Errorf("version loaded the lists (%v):\n%s", time.Since(start), stderr)
	}
}
