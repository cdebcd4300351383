package clearance

// This file holds what makes the audit trail hard to shorten or rewrite
// quietly: the key its hashes are made with, the signed checkpoints kept
// outside the database, and the one check of a trail against both that
// the stores and `clearance audit verify` share.

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"strconv"
	"time"
)

// AuditKey keys the audit trail. The hashes of records are HMAC-SHA256
// under a key derived from the secret, and checkpoints are signed under
// another, so that someone who can write the database but has not the
// secret cannot recompute a changed record's hash, and cannot forge a
// checkpoint. The secret lives outside the database (a key file).
type AuditKey struct {
	chain, checkpoint []byte
}

// MinAuditSecret is the shortest secret NewAuditKey accepts (256 bits).
const MinAuditSecret = 32

// NewAuditKey derives the trail's keys from secret.
func NewAuditKey(secret []byte) (*AuditKey, error) {
	if len(secret) < MinAuditSecret {
		return nil, fmt.Errorf("audit key: %d bytes, want at least %d", len(secret), MinAuditSecret)
	}
	derive := func(purpose string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(purpose))
		return m.Sum(nil)
	}
	return &AuditKey{chain: derive("clearance audit chain v1"), checkpoint: derive("clearance audit checkpoint v1")}, nil
}

// NewChainMAC returns a fresh HMAC of the chain key, for callers that hash
// many records and would rather Reset one than allocate each time.
func (k *AuditKey) NewChainMAC() hash.Hash { return hmac.New(sha256.New, k.chain) }

// ComputeMAC returns the keyed hash the record carries once the trail has
// a key: hex HMAC-SHA256 of what ComputeHash covers.
func (r *AuditRecord) ComputeMAC(k *AuditKey) string {
	m := k.NewChainMAC()
	m.Write(r.AppendCanonical(nil))
	return hex.EncodeToString(m.Sum(nil))
}

// AuditCheckpoint is a signed statement that the trail held record Seq
// with hash Hash at Time. Checkpoints are written outside the database (an
// append-only file and the log), so a trail cut short and its head moved
// back, which the chain alone cannot show, is caught by the record a
// checkpoint saw and the database no longer holds.
type AuditCheckpoint struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	Time time.Time `json:"time"`
	MAC  string    `json:"mac"` // hex HMAC-SHA256 under the checkpoint key
}

func (c *AuditCheckpoint) mac(k *AuditKey) string {
	m := hmac.New(sha256.New, k.checkpoint)
	m.Write([]byte(strconv.FormatInt(c.Seq, 10) + "\n" + c.Hash + "\n" + c.Time.UTC().Format(time.RFC3339Nano)))
	return hex.EncodeToString(m.Sum(nil))
}

// Sign sets c's MAC.
func (k *AuditKey) Sign(c *AuditCheckpoint) {
	c.Time = c.Time.UTC()
	c.MAC = c.mac(k)
}

// Signed reports whether c's MAC is right under k.
func (k *AuditKey) Signed(c AuditCheckpoint) bool {
	return hmac.Equal([]byte(c.MAC), []byte(c.mac(k)))
}

// ReadAuditCheckpoints reads a checkpoint file (one JSON checkpoint a
// line) and checks every signature. A last line without its newline is a
// write cut short and is skipped; any other unreadable or wrongly signed
// line is an error naming the line, since a forged checkpoint must not
// pass for a missing one.
func ReadAuditCheckpoints(r io.Reader, k *AuditKey) ([]AuditCheckpoint, error) {
	br := bufio.NewReader(r)
	var out []AuditCheckpoint
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return out, nil // a partial last line, if any, was being written
		}
		if err != nil {
			return out, fmt.Errorf("checkpoint line %d: %v", line, err)
		}
		if len(b) <= 1 {
			continue
		}
		var c AuditCheckpoint
		if err := json.Unmarshal(b, &c); err != nil {
			return out, fmt.Errorf("checkpoint line %d: %v", line, err)
		}
		if !k.Signed(c) {
			return out, fmt.Errorf("checkpoint line %d (record %d): the signature does not match: forged, or signed with another audit key", line, c.Seq)
		}
		out = append(out, c)
	}
}

// AuditConfig is how a store keys its audit trail and where it keeps
// checkpoints. The zero value keeps the trail as before keys existed:
// plain SHA-256, no checkpoints.
type AuditConfig struct {
	// Key keys the hashes of new records (and signs checkpoints). A store
	// with a key appends an ActionAuditKeyed record to a trail of unkeyed
	// records before its first write; a store without one refuses to write
	// to a keyed trail.
	Key *AuditKey
	// CheckpointFile is the append-only JSONL file of signed checkpoints;
	// VerifyAudit compares the trail with it. "" for none.
	CheckpointFile string
	// WriteCheckpoints makes the store append a checkpoint every
	// CheckpointEvery records it commits (default 1000), every
	// CheckpointInterval when it committed any (default 1m), and at Close.
	// Off for a store opened only to verify.
	WriteCheckpoints   bool
	CheckpointEvery    int64
	CheckpointInterval time.Duration
	// Logger gets a line for each checkpoint written (a second copy
	// outside the database) and checkpoint write errors.
	Logger *slog.Logger
}

// AuditChecker checks a trail one record at a time, in order: sequence
// without gaps, each record linked to the one before, each hash recomputed
// (keyed when it has a key), and each record a checkpoint saw still
// carrying the hash the checkpoint signed. Stores add what only they can
// check (a screening row against its record) through Fail.
type AuditChecker struct {
	key  *AuditKey
	mac  hash.Hash
	cps  map[int64]AuditCheckpoint
	last AuditCheckpoint // the highest checkpoint
	prev AuditRecord
	v    AuditVerification
	buf  []byte
	// hinted says the store told, through KeyedFromHint, where the trail
	// says its keyed records begin (hint; 0 for none).
	hinted bool
	hint   int64
}

// KeyedFromHint tells a checker without a key where the database says the
// keyed records begin (0: none is keyed), so that a record before it whose
// plain hash is wrong counts as broken rather than as possibly keyed. The
// hint proves nothing (whoever can change a record can change it), but
// without a key nothing can be proven anyway; a checker with a key
// ignores it.
func (c *AuditChecker) KeyedFromHint(seq int64) { c.hinted, c.hint = true, seq }

// NewAuditChecker checks against key (nil: unkeyed hashes only) and the
// checkpoints, whose signatures the caller has checked.
func NewAuditChecker(key *AuditKey, checkpoints []AuditCheckpoint) *AuditChecker {
	c := &AuditChecker{key: key, cps: map[int64]AuditCheckpoint{}}
	if key != nil {
		c.mac = key.NewChainMAC()
		c.v.Keyed = true
	}
	for _, cp := range checkpoints {
		c.cps[cp.Seq] = cp
		if cp.Seq > c.last.Seq {
			c.last = cp
		}
	}
	c.v.Checkpoints, c.v.LatestCheckpoint = len(checkpoints), c.last.Seq
	return c
}

// Broken reports whether a broken record was found.
func (c *AuditChecker) Broken() bool { return c.v.FirstBroken != 0 }

// Fail records that the record seq is broken, keeping the earliest.
func (c *AuditChecker) Fail(seq int64, problem string) {
	if c.v.FirstBroken == 0 || seq < c.v.FirstBroken {
		c.v.FirstBroken, c.v.Problem = seq, problem
	}
}

// Add checks the next record. Once a record is broken the rest are not
// checked (every later link would be wrong too).
func (c *AuditChecker) Add(r AuditRecord) {
	if c.Broken() {
		return
	}
	c.v.Records++
	prev := c.prev
	c.prev = r
	switch {
	case r.Seq != prev.Seq+1:
		c.Fail(prev.Seq+1, fmt.Sprintf("record %d is missing (the next is %d)", prev.Seq+1, r.Seq))
		return
	case r.PrevHash != prev.Hash:
		c.Fail(r.Seq, "prev_hash does not match the previous record's hash (a record removed, inserted or rewritten)")
		return
	}
	if cp, ok := c.cps[r.Seq]; ok && cp.Hash != r.Hash {
		c.Fail(r.Seq, fmt.Sprintf("hash %.12s differs from %.12s, which the checkpoint of %s signed: the record was rewritten", r.Hash, cp.Hash, cp.Time.Format(time.RFC3339)))
		return
	}
	c.buf = r.AppendCanonical(c.buf[:0])
	keyed := c.v.KeyedFrom != 0
	if c.key != nil {
		c.mac.Reset()
		c.mac.Write(c.buf)
		if r.Hash == hex.EncodeToString(c.mac.Sum(nil)) {
			if !keyed {
				c.v.KeyedFrom = r.Seq
			}
			return
		}
		if keyed {
			c.Fail(r.Seq, "hash is not the record's HMAC under the audit key: the record was changed, or its hash recomputed without the key")
			return
		}
	} else if keyed {
		return // cannot check a keyed hash without the key
	}
	sum := sha256.Sum256(c.buf)
	switch {
	case r.Hash == hex.EncodeToString(sum[:]):
		c.v.Unkeyed++
	case c.key == nil && c.hinted && (c.hint == 0 || r.Seq < c.hint):
		c.Fail(r.Seq, "hash does not match the record's content: the record was changed")
	case c.key == nil:
		c.v.KeyedFrom = r.Seq // keyed, or changed: only the key can tell
	default:
		c.Fail(r.Seq, "hash matches the record's content neither keyed nor unkeyed: the record was changed")
	}
}

// Finish compares the end of the trail with the head the database keeps
// (haveHead false for an exported file, which has none) and with the latest
// checkpoint, and says what was not proven.
func (c *AuditChecker) Finish(haveHead bool, headSeq int64, headHash string) AuditVerification {
	v := &c.v
	last := c.prev
	if !c.Broken() {
		switch {
		case c.last.Seq > last.Seq:
			c.Fail(last.Seq+1, fmt.Sprintf("the trail ends at record %d but the checkpoint of %s saw record %d: records were removed from the end",
				last.Seq, c.last.Time.Format(time.RFC3339), c.last.Seq))
		case haveHead && last.Seq == headSeq && last.Hash != headHash:
			c.Fail(last.Seq, "the last record's hash differs from the head's")
		case haveHead && last.Seq != headSeq:
			c.Fail(last.Seq+1, fmt.Sprintf("the chain ends at record %d but the head says %d (%.12s)", last.Seq, headSeq, headHash))
		}
	}
	if c.Broken() {
		return *v
	}
	switch {
	case v.Records == 0:
	case c.key == nil && v.KeyedFrom != 0:
		v.Unproven = fmt.Sprintf("records %d to %d are keyed (or changed): without the audit key their hashes were not checked", v.KeyedFrom, last.Seq)
	case c.key == nil:
		v.Unproven = fmt.Sprintf("the %d records are hashed without a key, which anyone able to write the database can recompute", v.Records)
	case v.KeyedFrom == 0:
		v.Unproven = fmt.Sprintf("none of the %d records is keyed: written before the audit key existed and not yet sealed (the first write with the key seals them), or rewritten without the key", v.Records)
	case v.Unkeyed > 0:
		v.Notes = append(v.Notes, fmt.Sprintf("records 1 to %d were written before the audit key existed (plain SHA-256); keyed record %d seals them, so they have not changed since it was written, but nothing proves what they held before", v.Unkeyed, v.KeyedFrom))
	}
	if v.Checkpoints == 0 {
		v.Notes = append(v.Notes, "no checkpoints compared: records removed from the end of the trail, with the head moved back, would not show")
	} else if last.Seq > c.last.Seq {
		v.Notes = append(v.Notes, fmt.Sprintf("records after %d, the latest checkpoint, could be removed from the end without showing", c.last.Seq))
	}
	return *v
}
