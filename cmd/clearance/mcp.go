package main

import (
	"context"
	"io"
	"os"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/clearance-screening/clearance/server"
)

// runMCP serves the MCP tools (screen, entity, list_status) over stdin
// and stdout, for an assistant that starts clearance as a subprocess. The
// lists load once, as screen loads them; notices go to stderr, since
// stdout carries the protocol.
func runMCP(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("mcp", "[--lists DIR]", "Serve the MCP tools screen, entity and list_status over stdio (for Claude Desktop, IDEs and other MCP clients).")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fs.Usage()
		return errUsage
	}
	l, err := e.load()
	if err != nil {
		return err
	}
	srv := server.NewMCPServer(server.SnapshotOf(l.datasets, l.index), e.maxAge, buildInfo().short())
	err = srv.Run(ctx, &mcp.IOTransport{Reader: readCloser(e.stdin), Writer: writeCloser(e.stdout)})
	if ctx.Err() != nil {
		return nil // interrupted: a normal end
	}
	return err
}

func readCloser(r io.Reader) io.ReadCloser {
	if rc, ok := r.(io.ReadCloser); ok {
		return rc
	}
	return io.NopCloser(r)
}

// nopWriteCloser keeps the transport from closing a writer it does not own
// (os.Stdout is closed when the process ends).
type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

func writeCloser(w io.Writer) io.WriteCloser {
	if f, ok := w.(*os.File); ok {
		return f
	}
	return nopWriteCloser{w}
}
