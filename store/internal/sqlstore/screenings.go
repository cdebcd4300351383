package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/clearance-screening/clearance"
)

const screeningCols = "id, subject_id, query, matches, threshold, list_version, entity_versions, created_at, by_key"

func scanScreening(r scanner) (clearance.Screening, error) {
	var sc clearance.Screening
	var query, matches, versions string
	var created sql.NullInt64
	if err := r.Scan(&sc.ID, &sc.SubjectID, &query, &matches, &sc.Threshold, &sc.ListVersion, &versions, &created, &sc.By); err != nil {
		return sc, err
	}
	for _, f := range []struct {
		name string
		text string
		dst  any
	}{{"query", query, &sc.Query}, {"matches", matches, &sc.Matches}, {"entity_versions", versions, &sc.EntityVersions}} {
		if err := json.Unmarshal([]byte(f.text), f.dst); err != nil {
			return sc, fmt.Errorf("screening %s: %s: %v", sc.ID, f.name, err)
		}
	}
	sc.CreatedAt = fromMicros(created)
	return sc, nil
}

// screeningAudit is what the trail keeps of a screening: enough to show
// what was asked and what came back without the full reasons, and the hash
// of the stored row (see rowHash), so a screening row changed or removed
// after the fact breaks verification.
type screeningAudit struct {
	ID          string          `json:"id"`
	RowHash     string          `json:"row_hash"`
	SubjectID   string          `json:"subject_id,omitempty"`
	Query       clearance.Query `json:"query"`
	Threshold   float64         `json:"threshold"`
	ListVersion string          `json:"list_version"`
	Matches     []matchAudit    `json:"matches"`
}

// auditPrefix is how mustJSON begins a screeningAudit with no ID and no
// row hash.
const auditPrefix = `{"id":"","row_hash":""`

// withoutID encodes the record, but for its ID and row hash, outside the
// writer: both are known only in the writer and spliced in by withID.
func (r screeningAudit) withoutID() []byte {
	r.ID, r.RowHash = "", ""
	return []byte(mustJSON(r))[len(auditPrefix):]
}

// withID returns the JSON of the record withoutID encoded, with the ID and
// row hash (both plain ASCII: no escaping needed).
func withID(rest []byte, id, rh string) []byte {
	b := make([]byte, 0, len(auditPrefix)+len(id)+len(rh)+len(rest))
	b = append(append(append(b, `{"id":"`...), id...), `","row_hash":"`...)
	return append(append(append(b, rh...), '"'), rest...)
}

// screeningRow is a screenings row as stored, text for text.
type screeningRow struct {
	ID, SubjectID, Query, Matches string
	Threshold                     float64
	ListVersion, EntityVersions   string
	CreatedAt                     int64
	By                            string
}

// bodyHash hashes the columns known before the writer assigns ID and time,
// so the writer only hashes a few dozen bytes more per screening. Every
// field is length-prefixed: no two rows hash alike by moving bytes between
// fields.
func (r *screeningRow) bodyHash() [sha256.Size]byte {
	h := sha256.New()
	for _, f := range []string{r.SubjectID, r.Query, r.Matches, strconv.FormatFloat(r.Threshold, 'g', -1, 64), r.ListVersion, r.EntityVersions, r.By} {
		h.Write([]byte(strconv.Itoa(len(f)) + ":" + f))
	}
	var sum [sha256.Size]byte
	return [sha256.Size]byte(h.Sum(sum[:0]))
}

// rowHash is the hex SHA-256 of the row's ID, time and bodyHash.
func rowHash(id string, createdAt int64, body [sha256.Size]byte) string {
	b := make([]byte, 0, 128)
	b = append(strconv.AppendInt(b, int64(len(id)), 10), ':')
	b = append(b, id...)
	b = append(strconv.AppendInt(append(b, '\n'), createdAt, 10), '\n')
	b = append(b, body[:]...)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

type matchAudit struct {
	EntityID string  `json:"entity_id"`
	Version  string  `json:"version,omitempty"`
	Score    float64 `json:"score"`
}

// SaveScreening implements clearance.Store.
func (s *Store) SaveScreening(ctx context.Context, sc *clearance.Screening, notify []string) ([]clearance.Alert, error) {
	// Everything that does not need the transaction is done here, in the
	// caller's goroutine, not in the single writer's: hashing entities and
	// encoding matches with their reasons are most of a screening's CPU.
	prepared := *sc
	if prepared.Matches == nil {
		prepared.Matches = []clearance.Match{}
	}
	prepared.EntityVersions = make(map[string]string, len(sc.Matches))
	for k, v := range sc.EntityVersions {
		prepared.EntityVersions[k] = v
	}
	for _, m := range prepared.Matches {
		if _, ok := prepared.EntityVersions[m.EntityID]; !ok && m.Entity != nil {
			prepared.EntityVersions[m.EntityID] = clearance.EntityVersion(m.Entity)
		}
		if m.Score < prepared.Threshold || prepared.SubjectID == "" {
			continue
		}
		// An alert is on the target: its other listings' versions decide
		// whether a false positive decided on one of them still holds.
		for _, l := range m.Listings {
			if _, ok := prepared.EntityVersions[l.EntityID]; !ok && l.Entity != nil {
				prepared.EntityVersions[l.EntityID] = clearance.EntityVersion(l.Entity)
			}
		}
	}
	queryJSON, matchesJSON, versionsJSON := mustJSON(prepared.Query), mustJSON(prepared.Matches), mustJSON(prepared.EntityVersions)
	rec := screeningAudit{SubjectID: prepared.SubjectID, Query: prepared.Query, Threshold: prepared.Threshold, ListVersion: prepared.ListVersion, Matches: []matchAudit{}}
	for _, m := range prepared.Matches {
		rec.Matches = append(rec.Matches, matchAudit{m.EntityID, prepared.EntityVersions[m.EntityID], clearance.RoundScore(m.Score)})
	}
	recRest := rec.withoutID()
	body := (&screeningRow{SubjectID: prepared.SubjectID, Query: queryJSON, Matches: matchesJSON, Threshold: prepared.Threshold,
		ListVersion: prepared.ListVersion, EntityVersions: versionsJSON, By: prepared.By}).bodyHash()

	var opened []clearance.Alert
	err := s.write(ctx, func(t *tx) error {
		opened = nil
		saved := prepared
		saved.ID = newID("scr", t.now)
		saved.CreatedAt = t.now
		if saved.SubjectID != "" {
			var one int
			if err := t.queryRow("SELECT 1 FROM subjects WHERE id = ?", saved.SubjectID).Scan(&one); err != nil {
				return fmt.Errorf("subject %s: %w", saved.SubjectID, notFound(err))
			}
		}
		if saved.By == clearance.MonitorActor && saved.SubjectID != "" && saved.ListVersion != "" {
			// A subject is re-screened once per list version, however many
			// instances try: a leader killed part way through its re-screen
			// leaves some subjects done, and the next leader re-screens the
			// same change. Every write transaction holds the audit head's
			// lock (see commit), so this check and the insert below are
			// one step for every writer of the database.
			var one int
			err := t.queryRow("SELECT 1 FROM screenings WHERE subject_id = ? AND list_version = ? AND by_key = ? LIMIT 1",
				saved.SubjectID, saved.ListVersion, clearance.MonitorActor).Scan(&one)
			if err == nil {
				return fmt.Errorf("%w: subject %s was already re-screened against %s", clearance.ErrConflict, saved.SubjectID, saved.ListVersion)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if _, err := t.exec("INSERT INTO screenings ("+screeningCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			saved.ID, saved.SubjectID, queryJSON, matchesJSON, saved.Threshold, saved.ListVersion,
			versionsJSON, micros(saved.CreatedAt), saved.By); err != nil {
			return err
		}
		if err := t.auditJSON(saved.By, clearance.ActionScreeningCreated, "screening:"+saved.ID, withID(recRest, saved.ID, rowHash(saved.ID, saved.CreatedAt.UnixMicro(), body))); err != nil {
			return err
		}
		if saved.SubjectID != "" {
			seen := map[string]bool{}
			for _, m := range saved.Matches {
				if m.Score < saved.Threshold || seen[m.EntityID] {
					continue
				}
				seen[m.EntityID] = true
				a, err := t.openAlert(&saved, m, notify)
				if err != nil {
					return err
				}
				if a != nil {
					opened = append(opened, *a)
				}
			}
		}
		*sc = saved
		return nil
	})
	return opened, s.wrap("save screening", err)
}

// openAlert opens an alert for the match unless the subject has one open
// for the entity or another listing of its target, or decided one of them,
// as it still stands, a false positive.
// It returns nil when no alert is opened.
func (t *tx) openAlert(sc *clearance.Screening, m clearance.Match, notify []string) (*clearance.Alert, error) {
	version := sc.EntityVersions[m.EntityID]
	// One alert per target: an alert open on any of the target's
	// listings, or a false positive decided on one of them as it still
	// stands, covers the match.
	cond := "entity_id = ? AND (status = 'open' OR (status = 'false_positive' AND entity_version = ?))"
	where, args := cond, []any{sc.SubjectID, m.EntityID, version}
	for _, l := range m.Listings {
		where += " OR " + cond
		args = append(args, l.EntityID, sc.EntityVersions[l.EntityID])
	}
	var n int
	if err := t.queryRow(`SELECT COUNT(*) FROM alerts WHERE subject_id = ? AND (`+where+`)`, args...).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	a := clearance.Alert{
		ID: newID("alt", t.now), SubjectID: sc.SubjectID, ScreeningID: sc.ID,
		EntityID: m.EntityID, EntityVersion: version, Score: clearance.RoundScore(m.Score),
		Status: clearance.AlertOpen, CreatedAt: t.now,
	}
	if err := t.recordOpened(sc.By, &a, notify); err != nil {
		return nil, err
	}
	return &a, nil
}

// recordOpened stores a new alert, screening or hire: the row, its audit
// record and a webhook delivery queued for each URL in notify, all in
// the transaction.
func (t *tx) recordOpened(actor string, a *clearance.Alert, notify []string) error {
	if _, err := t.insertAlert(a); err != nil {
		return err
	}
	if err := t.auditData(actor, clearance.ActionAlertOpened, "alert:"+a.ID, *a); err != nil {
		return err
	}
	payload := mustJSON(clearance.WebhookEvent{Event: clearance.ActionAlertOpened, Alert: *a})
	for _, url := range notify {
		d := clearance.WebhookDelivery{URL: url, Payload: json.RawMessage(payload)}
		if err := t.s.enqueue(t.exec, &d, t.now); err != nil {
			return err
		}
	}
	return nil
}

// GetScreening implements clearance.Store.
func (s *Store) GetScreening(ctx context.Context, id string) (clearance.Screening, error) {
	sc, err := scanScreening(s.db.QueryRowContext(ctx, s.q("SELECT "+screeningCols+" FROM screenings WHERE id = ?"), id))
	return sc, s.wrap("screening "+id, notFound(err))
}

// ListScreenings implements clearance.Store.
func (s *Store) ListScreenings(ctx context.Context, subjectID string, opts clearance.ListOptions) ([]clearance.Screening, error) {
	query := "SELECT " + screeningCols + " FROM screenings WHERE id > ?"
	args := []any{opts.After}
	if subjectID != "" {
		// The second condition lets the planner use the partial index of
		// subjects' screenings (it cannot know the parameter is not '').
		query += " AND subject_id = ? AND subject_id <> ''"
		args = append(args, subjectID)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+" ORDER BY id LIMIT ?"), append(args, limit(opts.Limit))...)
	if err != nil {
		return nil, s.wrap("list screenings", err)
	}
	defer rows.Close()
	var out []clearance.Screening
	for rows.Next() {
		sc, err := scanScreening(rows)
		if err != nil {
			return nil, s.wrap("list screenings", err)
		}
		out = append(out, sc)
	}
	return out, s.wrap("list screenings", rows.Err())
}

const alertCols = "id, subject_id, screening_id, entity_id, entity_version, score, status, created_at, decided_at, decided_by, reason, kind, person_id"

func scanAlert(r scanner) (clearance.Alert, error) {
	var a clearance.Alert
	var status string
	var created, decided sql.NullInt64
	if err := r.Scan(&a.ID, &a.SubjectID, &a.ScreeningID, &a.EntityID, &a.EntityVersion, &a.Score, &status, &created, &decided, &a.DecidedBy, &a.Reason, &a.Kind, &a.PersonID); err != nil {
		return a, err
	}
	a.Status = clearance.AlertStatus(status)
	a.CreatedAt, a.DecidedAt = fromMicros(created), fromMicros(decided)
	return a, nil
}

// ListAlerts implements clearance.Store.
func (s *Store) ListAlerts(ctx context.Context, f clearance.AlertFilter) ([]clearance.Alert, error) {
	query := "SELECT " + alertCols + " FROM alerts WHERE id > ?"
	args := []any{f.After}
	if f.Status != "" {
		query += " AND status = ?"
		args = append(args, string(f.Status))
	}
	if f.SubjectID != "" {
		query += " AND subject_id = ?"
		args = append(args, f.SubjectID)
	}
	if f.Kind != "" {
		query += " AND kind = ?"
		args = append(args, strings.TrimPrefix(f.Kind, "screening"))
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+" ORDER BY id LIMIT ?"), append(args, limit(f.Limit))...)
	if err != nil {
		return nil, s.wrap("list alerts", err)
	}
	defer rows.Close()
	var out []clearance.Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, s.wrap("list alerts", err)
		}
		out = append(out, a)
	}
	return out, s.wrap("list alerts", rows.Err())
}

// GetAlert implements clearance.Store.
func (s *Store) GetAlert(ctx context.Context, id string) (clearance.Alert, error) {
	a, err := scanAlert(s.db.QueryRowContext(ctx, s.q("SELECT "+alertCols+" FROM alerts WHERE id = ?"), id))
	return a, s.wrap("alert "+id, notFound(err))
}

// DecideAlert implements clearance.Store.
func (s *Store) DecideAlert(ctx context.Context, id string, d clearance.Decision) (clearance.Alert, error) {
	var decided clearance.Alert
	if d.Status != clearance.AlertTrueMatch && d.Status != clearance.AlertFalsePositive {
		return decided, s.wrap("decide alert "+id, fmt.Errorf("%w: status %q (want true_match or false_positive)", clearance.ErrInvalid, d.Status))
	}
	if d.Reason == "" {
		return decided, s.wrap("decide alert "+id, fmt.Errorf("%w: a decision needs a reason", clearance.ErrInvalid))
	}
	err := s.write(ctx, func(t *tx) error {
		a, err := scanAlert(t.queryRow("SELECT "+alertCols+" FROM alerts WHERE id = ?", id))
		if err != nil {
			return notFound(err)
		}
		if a.Status != clearance.AlertOpen {
			return fmt.Errorf("%w: already decided %s by %s", clearance.ErrConflict, a.Status, a.DecidedBy)
		}
		if err := t.refusePending(a.ID); err != nil {
			return err
		}
		a.Status, a.Reason, a.DecidedBy, a.DecidedAt = d.Status, d.Reason, d.By, t.now
		if _, err := t.exec("UPDATE alerts SET status = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ?",
			string(a.Status), a.Reason, a.DecidedBy, micros(a.DecidedAt), a.ID); err != nil {
			return err
		}
		if err := t.auditData(d.By, clearance.ActionAlertDecided, "alert:"+a.ID, a); err != nil {
			return err
		}
		decided = a
		return nil
	})
	return decided, s.wrap("decide alert "+id, err)
}

func (t *tx) insertAlert(a *clearance.Alert) (sql.Result, error) {
	return t.exec("INSERT INTO alerts ("+alertCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		a.ID, a.SubjectID, a.ScreeningID, a.EntityID, a.EntityVersion, a.Score, string(a.Status), micros(a.CreatedAt),
		micros(a.DecidedAt), a.DecidedBy, a.Reason, a.Kind, a.PersonID)
}
