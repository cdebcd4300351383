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

// errAuditBroken makes "audit verify" exit non-zero on a broken chain, and
// errAuditUnproven on one it could not prove (no key, or unkeyed records
// nothing seals).
var (
	errAuditBroken   = errors.New("audit trail broken")
	errAuditUnproven = errors.New("audit trail not proven")
)

// runAudit proves or exports the audit trail: "verify" checks the keyed
// hash chain in the database (or in an exported JSONL file), every audited
// screening row, and the signed checkpoints, and names the first broken
// record; "export" writes the trail as JSON lines.
func runAudit(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("audit", "verify|export --db FILE-or-URL [--audit-key FILE] [--checkpoints FILE] [--file TRAIL.jsonl] [--out FILE]", "Verify the audit trail's keyed hash chain against the signed checkpoints, or export it as JSON lines.")
	dsn := fs.String("db", e.getenv("CLEARANCE_DB"), "SQLite file or postgres:// URL ($CLEARANCE_DB)")
	file := fs.String("file", "", "verify an exported JSONL trail instead of the database")
	out := fs.String("out", "-", "export: output file; - for stdout")
	audit := e.addAuditFlags(fs, "checkpoints")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "verify" && pos[0] != "export") {
		fs.Usage()
		return errUsage
	}
	if pos[0] == "verify" && *file != "" {
		return e.verifyFile(*file, *dsn, audit)
	}
	if pos[0] == "export" {
		st, err := openStore(ctx, *dsn, clearance.AuditConfig{})
		if err != nil {
			return err
		}
		defer st.Close()
		return e.export(ctx, st, *out)
	}
	cfg, err := audit.verifyConfig(*dsn)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *dsn, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	return e.reportVerification(v)
}

func (e *env) export(ctx context.Context, st clearance.Store, out string) error {
	var w io.Writer = e.stdout
	if out != "-" {
		f, err := os.Create(out)
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

// verifyFile verifies an exported trail with the key and checkpoints the
// flags name (beside --db if given).
func (e *env) verifyFile(path, dsn string, audit *auditFlags) error {
	cfg, err := audit.verifyConfig(dsn)
	if err != nil {
		return err
	}
	var cps []clearance.AuditCheckpoint
	if cfg.Key != nil && cfg.CheckpointFile != "" {
		f, err := os.Open(cfg.CheckpointFile)
		if err != nil && !os.IsNotExist(err) {
			return err
		}
		if err == nil {
			cps, err = clearance.ReadAuditCheckpoints(f, cfg.Key)
			f.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", cfg.CheckpointFile, err)
			}
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	v, err := verifyTrail(f, cfg.Key, cps)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return e.reportVerification(v)
}

func (e *env) reportVerification(v clearance.AuditVerification) error {
	if e.json {
		if err := writeJSON(e.stdout, v); err != nil {
			return err
		}
	} else {
		switch {
		case v.FirstBroken != 0:
			fmt.Fprintf(e.stdout, "audit trail BROKEN at record %d: %s (%d records checked)\n", v.FirstBroken, v.Problem, v.Records)
		case v.Unproven != "":
			fmt.Fprintf(e.stdout, "audit trail NOT PROVEN (%d records, nothing found broken): %s\n", v.Records, v.Unproven)
		default:
			fmt.Fprintf(e.stdout, "audit trail intact: %d records, keyed from record %d, %d checkpoints compared (latest: record %d)\n", v.Records, v.KeyedFrom, v.Checkpoints, v.LatestCheckpoint)
		}
		for _, n := range v.Notes {
			fmt.Fprintf(e.stdout, "note: %s\n", n)
		}
	}
	if v.FirstBroken != 0 {
		return fmt.Errorf("%w at record %d", errAuditBroken, v.FirstBroken)
	}
	if v.Unproven != "" {
		return errAuditUnproven
	}
	return nil
}

// verifyTrail checks an exported trail line by line, as the store checks
// its own, but for the screening rows and the head, which it has not.
func verifyTrail(r io.Reader, key *clearance.AuditKey, cps []clearance.AuditCheckpoint) (clearance.AuditVerification, error) {
	c := clearance.NewAuditChecker(key, cps)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 16<<20)
	line := int64(0)
	for sc.Scan() && !c.Broken() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		line++
		var rec clearance.AuditRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			c.Fail(line, "not a JSON audit record: "+err.Error())
			break
		}
		c.Add(rec)
	}
	if err := sc.Err(); err != nil {
		return clearance.AuditVerification{}, err
	}
	return c.Finish(false, 0, ""), nil
}
