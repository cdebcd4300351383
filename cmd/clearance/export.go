package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/export"
)

// runExport writes alerts, decisions or the audit trail as CSV or as a
// PDF report, reading the store as serve does.
func runExport(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("export", "alerts|decisions|audit --db FILE-or-URL [--format csv|pdf] [--out FILE] [--since T] [--until T] [--status S] [--alert ID]",
		"Export what was decided, for an examiner: alerts (a row per alert; in PDF a page per case with its match, reasons, history and list versions),\ndecisions (a row per audit record on an alert after it opened: decisions, reviews, comments) or the audit trail, as CSV or PDF.")
	dsn := fs.String("db", e.getenv("CLEARANCE_DB"), "SQLite file or postgres:// URL ($CLEARANCE_DB)")
	format := fs.String("format", "", "csv or pdf (default: from --out's extension, else csv)")
	out := fs.String("out", "-", "output file; - for stdout")
	since := fs.String("since", "", "from this date (2026-12-01) or RFC 3339 time: alerts opened, records written")
	until := fs.String("until", "", "before this time, or to the end of this date")
	status := fs.String("status", "", "alerts and decisions: only cases whose alert now stands at this status (open, true_match, false_positive)")
	alert := fs.String("alert", "", "alerts and decisions: only this alert's case")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	kind, err := export.ParseKind(pos[0])
	if err != nil {
		return err
	}
	f := *format
	if f == "" {
		f = "csv"
		if strings.EqualFold(filepath.Ext(*out), ".pdf") {
			f = "pdf"
		}
	}
	ff, err := export.ParseFormat(f)
	if err != nil {
		return err
	}
	filter, err := export.ParseFilter(*since, *until, *status, *alert)
	if err != nil {
		return err
	}
	if kind == export.Audit && (filter.Status != "" || filter.Alert != "") {
		return fmt.Errorf("export audit: --status and --alert select cases; the audit trail is filtered by --since and --until")
	}
	st, err := openStore(ctx, *dsn, clearance.AuditConfig{})
	if err != nil {
		return err
	}
	defer st.Close()
	if *out == "-" {
		bw := bufio.NewWriterSize(e.stdout, 1<<16)
		if err := export.Write(ctx, bw, st, kind, ff, filter); err != nil {
			return err
		}
		return bw.Flush()
	}
	// Written beside the target and renamed into place when whole: a
	// failed export leaves no file that looks complete.
	tmp, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<16)
	err = export.Write(ctx, bw, st, kind, ff, filter)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), *out)
}
