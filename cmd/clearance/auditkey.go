package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
)

// auditFlags are the flags of the commands that open the store: where the
// audit key and the checkpoints are. Beside an SQLite file both default to
// files next to it; a PostgreSQL database has no "beside", so there they
// must be given (the key file, the same on every instance).
type auditFlags struct {
	key, checkpoints string
}

func (e *env) addAuditFlags(fs *flag.FlagSet, checkpointsFlag string) *auditFlags {
	a := &auditFlags{}
	fs.StringVar(&a.key, "audit-key", e.getenv("CLEARANCE_AUDIT_KEY_FILE"),
		"file holding the audit trail's HMAC key, kept outside the database (default: DB.audit-key beside an SQLite file; required with PostgreSQL) ($CLEARANCE_AUDIT_KEY_FILE)")
	fs.StringVar(&a.checkpoints, checkpointsFlag, e.getenv("CLEARANCE_AUDIT_CHECKPOINTS"),
		"append-only JSONL file of signed audit checkpoints (default: DB.audit-checkpoints.jsonl beside an SQLite file) ($CLEARANCE_AUDIT_CHECKPOINTS)")
	return a
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// paths fills in the defaults beside an SQLite file.
func (a *auditFlags) paths(dsn string) (key, checkpoints string) {
	key, checkpoints = a.key, a.checkpoints
	if !isPostgres(dsn) && dsn != "" {
		if key == "" {
			key = dsn + ".audit-key"
		}
		if checkpoints == "" {
			checkpoints = dsn + ".audit-checkpoints.jsonl"
		}
	}
	return key, checkpoints
}

// config returns the audit configuration for a command that writes
// (serve, keys): the key file is created if missing, and checkpoints are
// written. The second result says the key file was created.
func (a *auditFlags) config(dsn string) (clearance.AuditConfig, bool, error) {
	keyPath, cps := a.paths(dsn)
	if keyPath == "" {
		return clearance.AuditConfig{}, false, errors.New("--audit-key FILE (or $CLEARANCE_AUDIT_KEY_FILE) is required with a PostgreSQL database: the key must live outside it, the same file on every instance")
	}
	key, created, err := loadAuditKey(keyPath, true)
	if err != nil {
		return clearance.AuditConfig{}, false, err
	}
	return clearance.AuditConfig{Key: key, CheckpointFile: cps, WriteCheckpoints: true}, created, nil
}

// verifyConfig returns the audit configuration for `audit verify`: the
// key if its file exists (nil otherwise: the verification says what it
// could not prove), checkpoints read, never written.
func (a *auditFlags) verifyConfig(dsn string) (clearance.AuditConfig, error) {
	keyPath, cps := a.paths(dsn)
	cfg := clearance.AuditConfig{CheckpointFile: cps}
	if keyPath == "" {
		return cfg, nil
	}
	key, _, err := loadAuditKey(keyPath, false)
	if errors.Is(err, fs.ErrNotExist) && a.key == "" {
		return cfg, nil // the default beside the db: an unkeyed trail
	}
	if err != nil {
		return cfg, err
	}
	cfg.Key = key
	return cfg, nil
}

// loadAuditKey reads the hex secret in the file at path, creating the file
// (mode 0600, a new random 256-bit secret) if create is set and there is
// none. A key file others may read is refused: the key is all that stands
// between a copy of the database and a rewritten trail.
func loadAuditKey(path string, create bool) (*clearance.AuditKey, bool, error) {
	b, err := os.ReadFile(path)
	created := false
	if errors.Is(err, fs.ErrNotExist) && create {
		var secret [32]byte
		rand.Read(secret[:])
		f, cerr := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(cerr, fs.ErrExist) {
			return loadAuditKey(path, false) // another process made it first
		}
		if cerr != nil {
			return nil, false, fmt.Errorf("create audit key %s: %v", path, cerr)
		}
		text := hex.EncodeToString(secret[:]) + "\n"
		if _, werr := f.WriteString(text); werr != nil {
			f.Close()
			return nil, false, fmt.Errorf("write audit key %s: %v", path, werr)
		}
		if serr := f.Sync(); serr != nil {
			f.Close()
			return nil, false, fmt.Errorf("write audit key %s: %v", path, serr)
		}
		if cerr := f.Close(); cerr != nil {
			return nil, false, fmt.Errorf("write audit key %s: %v", path, cerr)
		}
		b, err, created = []byte(text), nil, true
	}
	if err != nil {
		return nil, false, fmt.Errorf("audit key: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, false, fmt.Errorf("audit key %s: mode %v lets others read it; chmod 600 it", path, fi.Mode().Perm())
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, false, fmt.Errorf("audit key %s: not hex: %v", path, err)
	}
	key, err := clearance.NewAuditKey(secret)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %v", path, err)
	}
	return key, created, nil
}

// openAuditedStore opens the store a writing command uses, keyed and
// checkpointing, and says on stderr when it made a new key file.
func (e *env) openAuditedStore(ctx context.Context, dsn string, a *auditFlags, every int64, interval time.Duration, adjust func(*clearance.AuditConfig)) (clearance.Store, error) {
	if dsn == "" {
		return nil, errNoDB
	}
	cfg, created, err := a.config(dsn)
	if err != nil {
		return nil, err
	}
	cfg.CheckpointEvery, cfg.CheckpointInterval = every, interval
	if adjust != nil {
		adjust(&cfg)
	}
	if created {
		keyPath, _ := a.paths(dsn)
		fmt.Fprintf(e.stderr, "clearance: created the audit key %s (mode 0600); keep it, and a copy, away from the database: without it the trail cannot be verified\n", keyPath)
	}
	return openStore(ctx, dsn, cfg)
}
