package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/clearance-screening/clearance"
)

// VerifyAudit implements clearance.Store. Besides the chain (see
// clearance.AuditChecker) and the store's checkpoint file it checks the
// tables the trail speaks for: each audited screening's row against the
// row hash its record holds, and each subject, alert and API key row
// against the state its last record gave it (a row no record made, or one
// a record removed, is broken too). It reads in one read-only snapshot, so
// writes going on meanwhile are neither seen half nor mistaken for
// tampering, and blocks no writer. It never writes: verifying a trail must
// not seal or checkpoint what it finds.
func (s *Store) VerifyAudit(ctx context.Context) (clearance.AuditVerification, error) {
	cps, haveFile, err := s.readCheckpoints()
	if err != nil {
		return clearance.AuditVerification{}, s.wrap("verify audit: checkpoints", err)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return clearance.AuditVerification{}, s.wrap("verify audit", err)
	}
	defer conn.Close()
	begin := s.d.Snapshot
	if begin == "" {
		begin = "BEGIN"
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		return clearance.AuditVerification{}, s.wrap("verify audit: begin", err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK") //nolint:errcheck // read-only: nothing to keep
	v, err := s.verifyIn(ctx, conn, cps)
	if err != nil {
		return v, s.wrap("verify audit", err)
	}
	if s.audit.CheckpointFile != "" && s.audit.Key != nil && !haveFile && v.Records > 0 {
		v.Notes = append(v.Notes, "the checkpoint file "+s.audit.CheckpointFile+" does not exist")
	}
	return v, nil
}

// auditPage is how many records VerifyAudit reads a query: the snapshot's
// one connection must be free again before the rows are looked up.
const auditPage = 1000

func (s *Store) verifyIn(ctx context.Context, conn *sql.Conn, cps []clearance.AuditCheckpoint) (clearance.AuditVerification, error) {
	var headSeq, keyedFrom int64
	var headHash string
	if err := conn.QueryRowContext(ctx, "SELECT seq, hash, keyed_from FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash, &keyedFrom); err != nil {
		return clearance.AuditVerification{}, fmt.Errorf("read head: %v", err)
	}
	c := clearance.NewAuditChecker(s.audit.Key, cps)
	c.KeyedFromHint(keyedFrom)
	rc := &rowChecker{s: s, conn: conn, c: c, states: map[string]rowState{}}
	after := int64(0)
	for after < headSeq && !c.Broken() {
		page, err := s.auditPage(ctx, conn, after, headSeq)
		if err != nil {
			return clearance.AuditVerification{}, err
		}
		if len(page) == 0 {
			break
		}
		for _, r := range page {
			c.Add(r)
			if c.Broken() {
				break
			}
			if err := rc.add(ctx, r); err != nil {
				return clearance.AuditVerification{}, err
			}
		}
		after = page[len(page)-1].Seq
	}
	if !c.Broken() {
		if err := rc.flush(ctx); err != nil {
			return clearance.AuditVerification{}, err
		}
		if err := rc.compareTables(ctx, headSeq); err != nil {
			return clearance.AuditVerification{}, err
		}
	}
	v := c.Finish(true, headSeq, headHash)
	if rc.unhashed > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("%d screenings were audited before records held their row's hash: their rows were not compared", rc.unhashed))
	}
	return v, nil
}

func (s *Store) auditPage(ctx context.Context, conn *sql.Conn, after, upto int64) ([]clearance.AuditRecord, error) {
	rows, err := conn.QueryContext(ctx, s.q("SELECT "+auditCols+" FROM audit WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?"), after, upto, auditPage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []clearance.AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// rowState is what the trail says a row holds, and the record that said
// so last: the SHA-256 of the row's JSON as the store reads it back (a
// million subjects' states fit in a hundred megabytes), gone for a row a
// record removed, and for keys (few, and revoked by a record that holds
// only the ID) the JSON itself.
type rowState struct {
	seq  int64
	sum  [sha256.Size]byte
	gone bool
	key  string
}

func stateOf(seq int64, rowJSON string) rowState {
	return rowState{seq: seq, sum: sha256.Sum256([]byte(rowJSON))}
}

// rowChecker compares audited rows with the tables: screenings a few
// hundred a query as their records come, and subjects, alerts and keys
// once the trail is read.
type rowChecker struct {
	s        *Store
	conn     *sql.Conn
	c        *clearance.AuditChecker
	pending  []pendingRow
	unhashed int
	states   map[string]rowState // "subject:sub_...", "alert:alt_...", "key:key_..."
}

type pendingRow struct {
	seq          int64
	id, wantHash string
}

const rowBatch = 200

// keyAudit is what a key.created record holds: the key without its hash,
// and a digest of the hash, so a key's hash swapped in the table (to let
// in a secret someone chose) shows, while the record gives nothing away.
type keyAudit struct {
	clearance.APIKey
	HashDigest string `json:"hash_digest,omitempty"`
}

func hashDigest(h string) string {
	sum := sha256.Sum256([]byte("clearance api key hash\n" + h))
	return hex.EncodeToString(sum[:])
}

// add takes what record r says about a row.
func (rc *rowChecker) add(ctx context.Context, r clearance.AuditRecord) error {
	bad := func() { rc.c.Fail(r.Seq, fmt.Sprintf("the %s record's data cannot be read", r.Action)) }
	switch r.Action {
	case clearance.ActionScreeningCreated:
		var rec struct {
			ID      string `json:"id"`
			RowHash string `json:"row_hash"`
		}
		if json.Unmarshal(r.Data, &rec) != nil || rec.ID == "" {
			bad()
			return nil
		}
		if rec.RowHash == "" {
			rc.unhashed++
			return nil
		}
		rc.pending = append(rc.pending, pendingRow{r.Seq, rec.ID, rec.RowHash})
		if len(rc.pending) >= rowBatch {
			return rc.flush(ctx)
		}
	case clearance.ActionSubjectCreated, clearance.ActionSubjectUpdated:
		var sub clearance.Subject
		if json.Unmarshal(r.Data, &sub) != nil || sub.ID == "" {
			bad()
			return nil
		}
		rc.states["subject:"+sub.ID] = stateOf(r.Seq, mustJSON(sub))
	case clearance.ActionSubjectDeleted:
		rc.states[r.Object] = rowState{seq: r.Seq, gone: true}
	case clearance.ActionAlertOpened, clearance.ActionAlertDecided, clearance.ActionAlertApproved, clearance.ActionAlertReopened:
		var a clearance.Alert
		if json.Unmarshal(r.Data, &a) != nil || a.ID == "" {
			bad()
			return nil
		}
		rc.states["alert:"+a.ID] = stateOf(r.Seq, mustJSON(a))
	case clearance.ActionKeyCreated:
		var k keyAudit
		if json.Unmarshal(r.Data, &k) != nil || k.ID == "" {
			bad()
			return nil
		}
		j := mustJSON(k)
		st := stateOf(r.Seq, j)
		st.key = j
		rc.states["key:"+k.ID] = st
	case clearance.ActionUserCreated, clearance.ActionUserDisabled, clearance.ActionUserEnabled, clearance.ActionUserUpdated:
		var u userAudit
		if json.Unmarshal(r.Data, &u) != nil || u.ID == "" {
			bad()
			return nil
		}
		u.Change = nil
		rc.states["user:"+u.ID] = stateOf(r.Seq, mustJSON(u))
	case clearance.ActionKeyRevoked:
		st, ok := rc.states[r.Object]
		var k keyAudit
		if !ok || json.Unmarshal([]byte(st.key), &k) != nil {
			rc.c.Fail(r.Seq, "revokes "+r.Object+", which no earlier record created")
			return nil
		}
		k.RevokedAt = r.Time
		j := mustJSON(k)
		st = stateOf(r.Seq, j)
		st.key = j
		rc.states[r.Object] = st
	}
	return nil
}

func (rc *rowChecker) flush(ctx context.Context) error {
	if len(rc.pending) == 0 {
		return nil
	}
	args := make([]any, len(rc.pending))
	for i, p := range rc.pending {
		args[i] = p.id
	}
	query := "SELECT " + screeningCols + " FROM screenings WHERE id IN (?" + strings.Repeat(", ?", len(args)-1) + ")"
	rows, err := rc.conn.QueryContext(ctx, rc.s.q(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	got := make(map[string]string, len(args))
	for rows.Next() {
		var r screeningRow
		var created sql.NullInt64
		if err := rows.Scan(&r.ID, &r.SubjectID, &r.Query, &r.Matches, &r.Threshold, &r.ListVersion, &r.EntityVersions, &created, &r.By); err != nil {
			return err
		}
		got[r.ID] = rowHash(r.ID, created.Int64, r.bodyHash())
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range rc.pending {
		h, ok := got[p.id]
		switch {
		case !ok:
			rc.c.Fail(p.seq, fmt.Sprintf("screening %s is missing from the screenings table", p.id))
		case h != p.wantHash:
			rc.c.Fail(p.seq, fmt.Sprintf("screening %s's row differs from the row this record hashed: the row was changed", p.id))
		}
	}
	rc.pending = rc.pending[:0]
	return nil
}

// compareTables reads the subjects, alerts, users and keys tables and compares
// each row with its last record. A row no record speaks for is named as
// the record after the head: the one that should have made it and is not
// there.
func (rc *rowChecker) compareTables(ctx context.Context, headSeq int64) error {
	seen := map[string]bool{}
	check := func(object, rowJSON string) {
		seen[object] = true
		st, ok := rc.states[object]
		switch {
		case !ok:
			rc.c.Fail(headSeq+1, object+" is in its table but in no audit record: added behind the store's back")
		case st.gone:
			rc.c.Fail(st.seq, object+", which this record removed, is back in its table")
		case st.sum != sha256.Sum256([]byte(rowJSON)):
			rc.c.Fail(st.seq, object+"'s row differs from what this record, its last, says it holds: the row was changed")
		}
	}
	for _, t := range []struct {
		query string
		scan  func(scanner) (string, string, error)
	}{
		{"SELECT " + subjectCols + " FROM subjects", func(r scanner) (string, string, error) {
			sub, err := scanSubject(r)
			return "subject:" + sub.ID, mustJSON(sub), err
		}},
		{"SELECT " + alertCols + " FROM alerts", func(r scanner) (string, string, error) {
			a, err := scanAlert(r)
			return "alert:" + a.ID, mustJSON(a), err
		}},
		{"SELECT " + userCols + " FROM users", func(r scanner) (string, string, error) {
			u, err := scanUser(r)
			return "user:" + u.ID, mustJSON(auditOfUser(u, nil)), err
		}},
		{"SELECT " + keyCols + " FROM api_keys", func(r scanner) (string, string, error) {
			k, err := scanKey(r)
			ka := keyAudit{APIKey: k, HashDigest: hashDigest(k.Hash)}
			if st, ok := rc.states["key:"+k.ID]; ok && !strings.Contains(st.key, `"hash_digest"`) {
				ka.HashDigest = "" // created before records held the digest
			}
			return "key:" + k.ID, mustJSON(ka), err
		}},
	} {
		rows, err := rc.conn.QueryContext(ctx, t.query)
		if err != nil {
			return err
		}
		for rows.Next() {
			object, j, err := t.scan(rows)
			if err != nil {
				rows.Close()
				return err
			}
			check(object, j)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return err
		}
	}
	for object, st := range rc.states {
		if !st.gone && !seen[object] {
			rc.c.Fail(st.seq, object+" is missing from its table, though no record removed it")
		}
	}
	return nil
}
