package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/clearance-screening/clearance"
)

// errAuditBroken makes "audit verify" exit non-zero on a broken chain.
var errAuditBroken = errors.New("audit trail broken")

// runAudit proves or exports the audit trail: "verify" recomputes the hash
// chain in the database (or in an exported JSONL file) and names the first
// broken record; "export" writes the trail as JSON lines.
func runAudit(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("audit", "verify|export --db FILE-or-URL [--file TRAIL.jsonl] [--out FILE]", "Verify the audit trail's hash chain, or export it as JSON lines.")
	dsn := fs.String("db", e.getenv("CLEARANCE_DB"), "SQLite file or postgres:// URL ($CLEARANCE_DB)")
	file := fs.String("file", "", "verify an exported JSONL trail instead of the database")
	out := fs.String("out", "-", "export: output file; - for stdout")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "verify" && pos[0] != "export") {
		fs.Usage()
		return errUsage
	}
	if pos[0] == "verify" && *file != "" {
		f, err := os.Open(*file)
		if err != nil {
			return err
		}
		defer f.Close()
		v, err := verifyTrail(f)
		if err != nil {
			return fmt.Errorf("%s: %w", *file, err)
		}
		return e.reportVerification(v)
	}
	st, err := openStore(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if pos[0] == "verify" {
		v, err := st.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		return e.reportVerification(v)
	}
	var w io.Writer = e.stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := st.ExportAudit(ctx, bw); err != nil {
		return err
	}
	return bw.Flush()
}

func (e *env) reportVerification(v clearance.AuditVerification) error {
	if e.json {
		if err := writeJSON(e.stdout, v); err != nil {
			return err
		}
	} else if v.FirstBroken == 0 {
		fmt.Fprintf(e.stdout, "audit trail intact: %d records\n", v.Records)
	} else {
		fmt.Fprintf(e.stdout, "audit trail BROKEN at record %d: %s (%d records checked)\n", v.FirstBroken, v.Problem, v.Records)
	}
	if v.FirstBroken != 0 {
		return fmt.Errorf("%w at record %d", errAuditBroken, v.FirstBroken)
	}
	return nil
}

// verifyTrail checks an exported trail line by line, as the store checks
// its own: sequence without gaps, each record linked to the one before,
// each hash recomputed.
func verifyTrail(r io.Reader) (clearance.AuditVerification, error) {
	var v clearance.AuditVerification
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 16<<20)
	prev := ""
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var rec clearance.AuditRecord
		v.Records++
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			v.FirstBroken, v.Problem = v.Records, "not a JSON audit record: "+err.Error()
			return v, nil
		}
		switch {
		case rec.Seq != v.Records:
			v.Problem = fmt.Sprintf("sequence number %d where %d was due (a record removed or inserted)", rec.Seq, v.Records)
		case rec.PrevHash != prev:
			v.Problem = "prev_hash does not match the previous record's hash"
		case rec.Hash != rec.ComputeHash():
			v.Problem = "hash does not match the record's content (changed after the fact)"
		}
		if v.Problem != "" {
			v.FirstBroken = v.Records
			return v, nil
		}
		prev = rec.Hash
	}
	return v, sc.Err()
}
