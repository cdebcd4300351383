package server

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
)

// SignatureHeader carries the HMAC of a webhook body: "t=<unix seconds>,
// v1=<hex HMAC-SHA256 of "<t>.<body>">". Signing the time too lets a
// receiver refuse replays of an old message.
const SignatureHeader = "Clearance-Signature"

// Sign returns the SignatureHeader value for body sent at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// VerifySignature checks a SignatureHeader value, for receivers and tests.
// maxAge bounds how old the signed time may be (zero: any age).
func VerifySignature(secret, header string, body []byte, now time.Time, maxAge time.Duration) bool {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		if v, ok := strings.CutPrefix(part, "t="); ok {
			ts = v
		} else if v, ok := strings.CutPrefix(part, "v1="); ok {
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return false
	}
	t := time.Unix(sec, 0)
	if maxAge > 0 && (now.Sub(t) > maxAge || t.Sub(now) > maxAge) {
		return false
	}
	want := Sign(secret, t, body)
	return hmac.Equal([]byte(want), []byte("t="+ts+",v1="+sig))
}

// WebhookOptions tune delivery. The zero value is the default.
type WebhookOptions struct {
	// Client sends the requests; nil means one with a 10 s timeout.
	Client *http.Client
	// Backoff is the wait after the first failed attempt, doubled after
	// each next one up to MaxBackoff. Zero means 5 s.
	Backoff, MaxBackoff time.Duration
	// Poll is how often the outbox is checked when nothing wakes the
	// worker. Zero means 2 s.
	Poll time.Duration
}

// Wake tells the webhook worker there may be messages to send now.
func (s *Server) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// RunWebhooks delivers the outbox until ctx ends. Messages are claimed
// with a lease, so several server processes on one database send each
// message once at a time, and a message whose sender died is sent again
// when its lease ends: delivery is at least once.
func (s *Server) RunWebhooks(ctx context.Context, o WebhookOptions) {
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if o.Backoff == 0 {
		o.Backoff = 5 * time.Second
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = time.Hour
	}
	if o.Poll == 0 {
		o.Poll = 2 * time.Second
	}
	t := time.NewTicker(o.Poll)
	defer t.Stop()
	for {
		for s.deliverDue(ctx, o) {
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

// deliverDue sends one claim's worth of due messages and reports whether
// there may be more.
func (s *Server) deliverDue(ctx context.Context, o WebhookOptions) bool {
	const batch = 20
	lease := o.Client.Timeout + 30*time.Second
	ds, err := s.store.ClaimWebhooks(ctx, s.cfg.now(), batch, lease)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("webhook outbox", "err", err)
		}
		return false
	}
	for _, d := range ds {
		err := s.deliver(ctx, o.Client, d)
		if ctx.Err() != nil {
			// Shutting down: the lease runs out and the message is sent
			// after the restart.
			return false
		}
		if err == nil {
			s.metrics.webhook("delivered")
			if err := s.store.MarkWebhookDelivered(ctx, d.ID, s.cfg.now()); err != nil {
				s.log.Error("webhook outbox", "id", d.ID, "err", err)
			}
			continue
		}
		s.metrics.webhook("failed")
		wait := backoff(o.Backoff, o.MaxBackoff, d.Attempts)
		s.log.Warn("webhook failed", "id", d.ID, "url", d.URL, "attempt", d.Attempts, "retry_in", wait.String(), "err", err)
		if err := s.store.MarkWebhookFailed(ctx, d.ID, err.Error(), s.cfg.now().Add(wait)); err != nil {
			s.log.Error("webhook outbox", "id", d.ID, "err", err)
		}
	}
	return len(ds) == batch
}

// backoff is the wait after the given number of failed attempts.
func backoff(base, max time.Duration, attempts int) time.Duration {
	d := base
	for i := 1; i < attempts && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

func (s *Server) deliver(ctx context.Context, c *http.Client, d clearance.WebhookDelivery) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "clearance-webhook")
	req.Header.Set("Clearance-Delivery", d.ID)
	req.Header.Set(SignatureHeader, Sign(s.cfg.WebhookSecret, s.cfg.now(), d.Payload))
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	return nil
}
