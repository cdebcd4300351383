package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/clearance-screening/clearance"
)

const webhookCols = "id, url, payload, attempts, next_attempt, delivered_at, last_error, created_at"

func scanWebhook(r scanner) (clearance.WebhookDelivery, error) {
	var d clearance.WebhookDelivery
	var payload string
	var next, delivered, created sql.NullInt64
	if err := r.Scan(&d.ID, &d.URL, &payload, &d.Attempts, &next, &delivered, &d.LastError, &created); err != nil {
		return d, err
	}
	d.Payload = []byte(payload)
	d.NextAttempt, d.DeliveredAt, d.CreatedAt = fromMicros(next), fromMicros(delivered), fromMicros(created)
	return d, nil
}

func (s *Store) enqueue(exec func(query string, args ...any) (sql.Result, error), d *clearance.WebhookDelivery, now time.Time) error {
	if d.URL == "" {
		return fmt.Errorf("%w: no URL", clearance.ErrInvalid)
	}
	d.ID = newID("whk", now)
	d.CreatedAt = now
	if d.NextAttempt.IsZero() {
		d.NextAttempt = now
	}
	d.NextAttempt = d.NextAttempt.UTC().Truncate(time.Microsecond)
	if _, err := exec("INSERT INTO webhooks ("+webhookCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		d.ID, d.URL, string(d.Payload), d.Attempts, micros(d.NextAttempt), micros(d.DeliveredAt), d.LastError, micros(d.CreatedAt)); err != nil {
		return err
	}
	return nil
}

// EnqueueWebhook implements clearance.Store.
func (s *Store) EnqueueWebhook(ctx context.Context, d *clearance.WebhookDelivery) error {
	err := s.write(ctx, func(t *tx) error {
		queued := *d
		if err := s.enqueue(t.exec, &queued, t.now); err != nil {
			return err
		}
		*d = queued
		return nil
	})
	return s.wrap("enqueue webhook", err)
}

// ClaimWebhooks implements clearance.Store. One UPDATE both selects and
// leases the messages; in PostgreSQL SKIP LOCKED lets claimers in other
// processes take different messages instead of waiting for each other.
func (s *Store) ClaimWebhooks(ctx context.Context, now time.Time, n int, lease time.Duration) ([]clearance.WebhookDelivery, error) {
	var out []clearance.WebhookDelivery
	err := s.write(ctx, func(t *tx) error {
		out = nil
		rows, err := t.tx.QueryContext(t.ctx, s.q(`UPDATE webhooks SET attempts = attempts + 1, next_attempt = ?
			WHERE id IN (SELECT id FROM webhooks WHERE delivered_at IS NULL AND next_attempt <= ? ORDER BY next_attempt, id LIMIT ?`+s.d.SkipLocked+`)
			RETURNING `+webhookCols), micros(now.Add(lease)), micros(now), limit(n))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanWebhook(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, s.wrap("claim webhooks", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID }) // RETURNING does not keep the subquery's order
	return out, nil
}

// MarkWebhookDelivered implements clearance.Store.
func (s *Store) MarkWebhookDelivered(ctx context.Context, id string, at time.Time) error {
	return s.wrap("mark webhook "+id+" delivered", s.update(ctx, "UPDATE webhooks SET delivered_at = ?, last_error = '' WHERE id = ?", micros(at.UTC()), id))
}

// MarkWebhookFailed implements clearance.Store.
func (s *Store) MarkWebhookFailed(ctx context.Context, id string, errText string, next time.Time) error {
	return s.wrap("mark webhook "+id+" failed", s.update(ctx, "UPDATE webhooks SET last_error = ?, next_attempt = ? WHERE id = ? AND delivered_at IS NULL", errText, micros(next.UTC()), id))
}

// update runs a one-row UPDATE outside the audit chain; ErrNotFound if no row changed.
func (s *Store) update(ctx context.Context, query string, args ...any) error {
	return s.write(ctx, func(t *tx) error {
		res, err := t.exec(query, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return clearance.ErrNotFound
		}
		return nil
	})
}
