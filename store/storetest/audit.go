package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
)

// trail is a database holding a keyed trail of ten records of every kind
// the service writes, and the checkpoint its writer left at close.
type trail struct {
	open       func(clearance.AuditConfig) (clearance.Store, error)
	key        *clearance.AuditKey
	checkpoint string // the checkpoint file
	screening  string // a screening of a subject
	screenSeq  int64  // the seq of its screening.created record
	records    int64
}

// newTrail writes: 3 lists.updated, subject.created (seq 4),
// screening.created (5) with its alert.opened (6), alert.decided (7), an
// ad-hoc screening.created, 2 lists.updated, key.created (11).
func newTrail(t *testing.T, newDB NewDB) *trail {
	t.Helper()
	ctx := context.Background()
	tr := &trail{open: newDB(t), key: TestAuditKey(t), checkpoint: filepath.Join(t.TempDir(), "checkpoints.jsonl")}
	s, err := tr.open(clearance.AuditConfig{Key: tr.key, CheckpointFile: tr.checkpoint, WriteCheckpoints: true})
	must(t, err)
	appendN := func(n int) {
		for i := range n {
			must(t, s.AppendAudit(ctx, &clearance.AuditRecord{Actor: "monitor", Action: clearance.ActionListsUpdated, Object: "lists",
				Data: json.RawMessage(fmt.Sprintf(`{"refresh":%d}`, i))}))
		}
	}
	appendN(3)
	sub := clearance.Subject{Ref: "cust-1", Query: clearance.Query{Name: "Kim Sang Man"}}
	must(t, s.CreateSubject(ctx, "key_analyst", &sub))
	sc := clearance.Screening{SubjectID: sub.ID, Query: sub.Query, Matches: []clearance.Match{match(listed("us_ofac_sdn:1", "KIM, Sang Man", ""), 0.95)},
		Threshold: 0.85, ListVersion: "test@1", By: "key_screen"}
	alerts, err := s.SaveScreening(ctx, &sc, nil)
	must(t, err)
	if len(alerts) != 1 {
		t.Fatalf("the screening opened %d alerts, want 1", len(alerts))
	}
	tr.screening = sc.ID
	_, err = s.DecideAlert(ctx, alerts[0].ID, clearance.Decision{Status: clearance.AlertFalsePositive, Reason: "other DOB", By: "key_analyst"})
	must(t, err)
	adhoc := clearance.Screening{Query: clearance.Query{Name: "Pak Jin Hyok"}, Threshold: 0.85, By: "key_screen"}
	_, err = s.SaveScreening(ctx, &adhoc, nil)
	must(t, err)
	appendN(2)
	must(t, s.CreateAPIKey(ctx, "cli", &clearance.APIKey{Name: "ops", Role: clearance.RoleAdmin, Hash: clearance.HashAPIKey("secret")}))
	must(t, s.Close())
	tr.records, tr.screenSeq = 11, 5
	return tr
}

// verify opens the database as `audit verify` does (checkpoints read,
// none written) and verifies it.
func (tr *trail) verify(t *testing.T, cfg clearance.AuditConfig) clearance.AuditVerification {
	t.Helper()
	s, err := tr.open(cfg)
	must(t, err)
	defer s.Close()
	v, err := s.VerifyAudit(context.Background())
	must(t, err)
	return v
}

// verifyCfg is how `audit verify` opens the trail.
func (tr *trail) verifyCfg() clearance.AuditConfig {
	return clearance.AuditConfig{Key: tr.key, CheckpointFile: tr.checkpoint}
}

// tamper opens the database without key or checkpoints and runs fn on it
// and the raw hook.
func (tr *trail) tamper(t *testing.T, fn func(s clearance.Store, raw RawExecer)) {
	t.Helper()
	s, err := tr.open(clearance.AuditConfig{})
	must(t, err)
	defer s.Close()
	raw, ok := s.(RawExecer)
	if !ok {
		t.Fatalf("%T does not provide the ExecRawForTest hook", s)
	}
	fn(s, raw)
}

// lit quotes s as an SQL string literal.
func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func records(t *testing.T, s clearance.Store) []clearance.AuditRecord {
	t.Helper()
	recs, err := s.ListAudit(context.Background(), 0, 1000)
	must(t, err)
	return recs
}

// rewriteUnkeyed changes record from with change and recomputes the plain
// SHA-256 hashes and links of it and every record after up to upto (0: to
// the end, and the head too, with head's extra assignments), as someone who
// can write the database but has not the key can.
func rewriteUnkeyed(t *testing.T, s clearance.Store, raw RawExecer, from, upto int64, change func(*clearance.AuditRecord), head string) {
	t.Helper()
	ctx := context.Background()
	recs := records(t, s)
	prev := ""
	if from > 1 {
		prev = recs[from-2].Hash
	}
	if upto == 0 {
		upto = int64(len(recs))
	}
	for _, r := range recs[from-1 : upto] {
		if r.Seq == from {
			change(&r)
		}
		r.PrevHash = prev
		r.Hash = r.ComputeHash()
		must(t, raw.ExecRawForTest(ctx, fmt.Sprintf("UPDATE audit SET actor = %s, data = %s, prev_hash = %s, hash = %s WHERE seq = %d",
			lit(r.Actor), lit(string(r.Data)), lit(r.PrevHash), lit(r.Hash), r.Seq)))
		prev = r.Hash
	}
	if upto == int64(len(recs)) {
		must(t, raw.ExecRawForTest(ctx, fmt.Sprintf("UPDATE audit_head SET hash = %s%s WHERE id = 1", lit(prev), head)))
	}
}

func testAuditTampering(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	cases := []struct {
		name string
		// tamper changes the database; it returns the record that must be
		// named first (0: the first record a checkpoint saw).
		tamper func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64
	}{
		{"a changed byte in a record's data", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			r := records(t, s)[2]
			data := strings.Replace(string(r.Data), "2", "7", 1) // {"refresh":2} -> {"refresh":7}
			if data == string(r.Data) {
				t.Fatalf("record 3's data %s has no 2 to change", r.Data)
			}
			must(t, raw.ExecRawForTest(ctx, "UPDATE audit SET data = "+lit(data)+" WHERE seq = 3"))
			return 3
		}},
		{"a deleted middle record", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			must(t, raw.ExecRawForTest(ctx, "DELETE FROM audit WHERE seq = 6"))
			return 6
		}},
		{"a deleted tail with the head moved back", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			r := records(t, s)[6]
			must(t, raw.ExecRawForTest(ctx, "DELETE FROM audit WHERE seq > 7"))
			must(t, raw.ExecRawForTest(ctx, "DELETE FROM api_keys")) // and what the removed records made
			must(t, raw.ExecRawForTest(ctx, fmt.Sprintf("UPDATE audit_head SET seq = 7, hash = %s WHERE id = 1", lit(r.Hash))))
			return 8
		}},
		{"a record rewritten with its hash and every later one recomputed unkeyed", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			rewriteUnkeyed(t, s, raw, 4, 0, func(r *clearance.AuditRecord) { r.Actor = "mallory" }, "")
			return 4
		}},
		{"the whole trail rewritten unkeyed and the head told no record is keyed", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			rewriteUnkeyed(t, s, raw, 1, 0, func(r *clearance.AuditRecord) { r.Data = json.RawMessage(`{"refresh":9}`) }, ", keyed_from = 0")
			// Every hash is a valid plain one now: only the checkpoints,
			// which saw records keyed, can tell; the earliest names it.
			return 0
		}},
		{"an edited screening row", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			must(t, raw.ExecRawForTest(ctx, "UPDATE screenings SET matches = '[]' WHERE id = "+lit(tr.screening)))
			return tr.screenSeq
		}},
		{"a deleted screening row", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			must(t, raw.ExecRawForTest(ctx, "DELETE FROM screenings WHERE id = "+lit(tr.screening)))
			return tr.screenSeq
		}},
		{"a decision changed in the alerts table", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			must(t, raw.ExecRawForTest(ctx, "UPDATE alerts SET status = 'true_match', reason = 'confirmed'"))
			return 7
		}},
		{"a deleted subject row", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			must(t, raw.ExecRawForTest(ctx, "DELETE FROM subjects"))
			return 4
		}},
		{"an API key's hash swapped for one of a chosen secret", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			must(t, raw.ExecRawForTest(ctx, "UPDATE api_keys SET hash = "+lit(clearance.HashAPIKey("mallory's secret"))))
			return 11
		}},
		{"an API key added behind the store's back", func(t *testing.T, tr *trail, s clearance.Store, raw RawExecer) int64 {
			must(t, raw.ExecRawForTest(ctx, "INSERT INTO api_keys (id, name, role, hash, created_at) VALUES ('key_mallory', 'x', 'admin', "+
				lit(clearance.HashAPIKey("mallory's secret"))+", 1)"))
			return tr.records + 1
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // each case has a database of its own
			tr := newTrail(t, newDB)
			if v := tr.verify(t, tr.verifyCfg()); v.FirstBroken != 0 || v.Unproven != "" || v.Records != tr.records || v.Checkpoints == 0 || v.LatestCheckpoint != tr.records {
				t.Fatalf("before tampering: %+v", v)
			}
			var want int64
			tr.tamper(t, func(s clearance.Store, raw RawExecer) { want = c.tamper(t, tr, s, raw) })
			v := tr.verify(t, tr.verifyCfg())
			if want == 0 && (v.FirstBroken == 0 || !strings.Contains(v.Problem, "checkpoint")) {
				t.Fatalf("verify = %+v, want a checkpointed record named", v)
			}
			if want != 0 && (v.FirstBroken != want || v.Problem == "") {
				t.Fatalf("verify = %+v, want record %d named first", v, want)
			}
			t.Logf("record %d: %s", v.FirstBroken, v.Problem)
		})
	}

	t.Run("without checkpoints a cut tail does not show, and the verification says so", func(t *testing.T) {
		t.Parallel()
		tr := newTrail(t, newDB)
		tr.tamper(t, func(s clearance.Store, raw RawExecer) {
			r := records(t, s)[6]
			must(t, raw.ExecRawForTest(ctx, "DELETE FROM audit WHERE seq > 7"))
			must(t, raw.ExecRawForTest(ctx, "DELETE FROM api_keys"))
			must(t, raw.ExecRawForTest(ctx, fmt.Sprintf("UPDATE audit_head SET seq = 7, hash = %s WHERE id = 1", lit(r.Hash))))
		})
		v := tr.verify(t, clearance.AuditConfig{Key: tr.key})
		if v.FirstBroken != 0 || !strings.Contains(strings.Join(v.Notes, " "), "no checkpoints") {
			t.Fatalf("verify without checkpoints = %+v, want intact with a note that a cut tail cannot show", v)
		}
	})
	t.Run("a forged checkpoint line is an error, not a pass", func(t *testing.T) {
		t.Parallel()
		tr := newTrail(t, newDB)
		f, err := os.OpenFile(tr.checkpoint, os.O_APPEND|os.O_WRONLY, 0)
		must(t, err)
		_, err = f.WriteString(`{"seq":3,"hash":"00","time":"2025-01-01T00:00:00Z","mac":"00"}` + "\n")
		must(t, err)
		must(t, f.Close())
		s, err := tr.open(tr.verifyCfg())
		must(t, err)
		defer s.Close()
		if _, err := s.VerifyAudit(ctx); err == nil || !strings.Contains(err.Error(), "signature") {
			t.Fatalf("verify with a forged checkpoint: %v, want an error about its signature", err)
		}
	})
}

func testAuditSealsUnkeyedRecords(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	open := newDB(t)
	key := TestAuditKey(t)
	// A database written before keys existed: three unkeyed records.
	old, err := open(clearance.AuditConfig{})
	must(t, err)
	for range 3 {
		must(t, old.AppendAudit(ctx, &clearance.AuditRecord{Actor: "cli", Action: clearance.ActionListsUpdated, Object: "lists"}))
	}
	v, err := old.VerifyAudit(ctx)
	must(t, err)
	if v.FirstBroken != 0 || v.Unkeyed != 3 || !strings.Contains(v.Unproven, "without a key") {
		t.Fatalf("an unkeyed trail verified without a key: %+v, want intact but unproven", v)
	}
	must(t, old.Close())

	keyedCfg := clearance.AuditConfig{Key: key}
	s, err := open(keyedCfg)
	must(t, err)
	v, err = s.VerifyAudit(ctx)
	must(t, err)
	if v.FirstBroken != 0 || !strings.Contains(v.Unproven, "none of the 3 records is keyed") {
		t.Fatalf("the unsealed trail verified with the key: %+v, want unproven, saying why", v)
	}
	r := clearance.AuditRecord{Actor: "cli", Action: clearance.ActionListsUpdated, Object: "lists"}
	must(t, s.AppendAudit(ctx, &r))
	if r.Seq != 5 {
		t.Fatalf("the first keyed write got seq %d, want 5 (after the seal)", r.Seq)
	}
	recs := records(t, s)
	seal := recs[3]
	if seal.Action != clearance.ActionAuditKeyed || seal.Hash != seal.ComputeMAC(key) || !strings.Contains(string(seal.Data), recs[2].Hash) {
		t.Fatalf("record 4 is %+v, want the keyed seal naming the unkeyed head", seal)
	}
	v = verifyOK(t, s)
	if v.Unkeyed != 3 || v.KeyedFrom != 4 || len(v.Notes) == 0 || !strings.Contains(v.Notes[0], "written before the audit key existed") {
		t.Fatalf("the sealed trail: %+v, want 3 unkeyed records sealed by record 4, and a note saying so", v)
	}
	must(t, s.Close())

	// A store without the key may no longer write to the trail.
	old, err = open(clearance.AuditConfig{})
	must(t, err)
	err = old.AppendAudit(ctx, &clearance.AuditRecord{Actor: "cli", Action: clearance.ActionListsUpdated, Object: "lists"})
	if err == nil || !strings.Contains(err.Error(), "audit key") {
		t.Fatalf("an unkeyed write to a keyed trail: %v, want refused for want of the key", err)
	}
	// A changed unkeyed record is still caught: the seal holds its hash.
	raw := old.(RawExecer)
	must(t, raw.ExecRawForTest(ctx, "UPDATE audit SET actor = 'mallory' WHERE seq = 2"))
	must(t, old.Close())
	s, err = open(keyedCfg)
	must(t, err)
	defer s.Close()
	v, err = s.VerifyAudit(ctx)
	must(t, err)
	if v.FirstBroken != 2 {
		t.Fatalf("after changing unkeyed record 2: %+v, want it named", v)
	}
	// Recomputing the unkeyed hashes after it moves the break to the seal,
	// whose keyed hash covers the old head.
	rewriteUnkeyed(t, s, raw2(t, s), 2, 3, func(r *clearance.AuditRecord) {}, "")
	v, err = s.VerifyAudit(ctx)
	must(t, err)
	if v.FirstBroken != 4 {
		t.Fatalf("after rewriting unkeyed records 2 and 3: %+v, want the seal (4) named", v)
	}
	// Rewriting the seal and all after it unkeyed too leaves no keyed
	// record: with the key that is not proven (checkpoints would name it).
	rewriteUnkeyed(t, s, raw2(t, s), 2, 0, func(r *clearance.AuditRecord) {}, ", keyed_from = 0")
	v, err = s.VerifyAudit(ctx)
	must(t, err)
	if v.FirstBroken != 0 || !strings.Contains(v.Unproven, "none of the 5 records is keyed") {
		t.Fatalf("after rewriting records 2 to 5 unkeyed: %+v, want unproven", v)
	}
}

func raw2(t *testing.T, s clearance.Store) RawExecer {
	t.Helper()
	raw, ok := s.(RawExecer)
	if !ok {
		t.Fatalf("%T does not provide the ExecRawForTest hook", s)
	}
	return raw
}

func testAuditKeyMismatch(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	tr := newTrail(t, newDB)
	other, err := clearance.NewAuditKey([]byte("another audit key of 32 bytes or more"))
	must(t, err)
	s, err := tr.open(clearance.AuditConfig{Key: other})
	must(t, err)
	defer s.Close()
	err = s.AppendAudit(ctx, &clearance.AuditRecord{Actor: "cli", Action: clearance.ActionListsUpdated, Object: "lists"})
	if err == nil || !strings.Contains(err.Error(), "audit key does not match") {
		t.Fatalf("a write with another key: %v, want refused", err)
	}
	v, err := s.VerifyAudit(ctx)
	must(t, err)
	if v.FirstBroken != 1 {
		t.Fatalf("verify with another key: %+v, want record 1 named", v)
	}
	if v := tr.verify(t, tr.verifyCfg()); v.FirstBroken != 0 || v.Records != tr.records {
		t.Fatalf("the refused writes changed the trail: %+v", v)
	}
}

func testAuditCheckpoints(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	open := newDB(t)
	key := TestAuditKey(t)
	file := filepath.Join(t.TempDir(), "cp.jsonl")
	s, err := open(clearance.AuditConfig{Key: key, CheckpointFile: file, WriteCheckpoints: true, CheckpointEvery: 5})
	must(t, err)
	read := func() []clearance.AuditCheckpoint {
		t.Helper()
		f, err := os.Open(file)
		if os.IsNotExist(err) {
			return nil
		}
		must(t, err)
		defer f.Close()
		cps, err := clearance.ReadAuditCheckpoints(f, key)
		must(t, err)
		return cps
	}
	// The first commit is checkpointed at once; the next when 5 more
	// records are committed (the interval, a minute, is not reached).
	for range 11 {
		must(t, s.AppendAudit(ctx, &clearance.AuditRecord{Actor: "cli", Action: clearance.ActionListsUpdated, Object: "lists"}))
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		cps := read()
		if len(cps) > 0 && cps[len(cps)-1].Seq >= 6 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 11 records, checkpoints %+v: want one of record 6 or later within 10s", cps)
		}
		time.Sleep(5 * time.Millisecond)
	}
	for range 12 {
		must(t, s.AppendAudit(ctx, &clearance.AuditRecord{Actor: "cli", Action: clearance.ActionListsUpdated, Object: "lists"}))
	}
	must(t, s.Close())
	cps := read()
	if len(cps) < 2 || cps[len(cps)-1].Seq != 23 {
		t.Fatalf("checkpoints %+v, want the last, written at close, of record 23", cps)
	}
	for i := 1; i < len(cps); i++ {
		if cps[i].Seq <= cps[i-1].Seq {
			t.Fatalf("checkpoints out of order: %+v", cps)
		}
	}
	fi, err := os.Stat(file)
	must(t, err)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("checkpoint file mode %v, want 0600", fi.Mode().Perm())
	}
	// A store opened only to read writes none.
	s, err = open(clearance.AuditConfig{Key: key, CheckpointFile: file})
	must(t, err)
	verifyOK(t, s)
	must(t, s.Close())
	f2, err := os.Open(file)
	must(t, err)
	defer f2.Close()
	again, err := clearance.ReadAuditCheckpoints(f2, key)
	must(t, err)
	if len(again) != len(cps) {
		t.Fatalf("verifying added checkpoints: %d, then %d", len(cps), len(again))
	}
}
