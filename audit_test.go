package clearance

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func testKey(t *testing.T, secret string) *AuditKey {
	t.Helper()
	k, err := NewAuditKey([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// chain makes n records, the first unkeyed ones unkeyed and the rest
// keyed under k.
func chain(k *AuditKey, n, unkeyed int) []AuditRecord {
	var out []AuditRecord
	prev := ""
	for i := 1; i <= n; i++ {
		r := AuditRecord{Seq: int64(i), Time: time.Unix(1700000000, int64(i)*1000).UTC(), Actor: "cli", Action: ActionListsUpdated, Object: "lists", Data: json.RawMessage(`{"n":1}`), PrevHash: prev}
		if i <= unkeyed {
			r.Hash = r.ComputeHash()
		} else {
			r.Hash = r.ComputeMAC(k)
		}
		out = append(out, r)
		prev = r.Hash
	}
	return out
}

func check(k *AuditKey, cps []AuditCheckpoint, recs []AuditRecord) AuditVerification {
	c := NewAuditChecker(k, cps)
	for _, r := range recs {
		c.Add(r)
	}
	return c.Finish(false, 0, "")
}

func TestAuditCheckerTellsKeyedFromUnkeyedRecords(t *testing.T) {
	k := testKey(t, "0123456789abcdef0123456789abcdef")
	other := testKey(t, "fedcba9876543210fedcba9876543210")
	recs := chain(k, 6, 2)
	if v := check(k, nil, recs); v.FirstBroken != 0 || v.Unproven != "" || v.Unkeyed != 2 || v.KeyedFrom != 3 {
		t.Fatalf("2 unkeyed then 4 keyed records: %+v", v)
	}
	if v := check(other, nil, recs); v.FirstBroken != 3 {
		t.Fatalf("with another key: %+v, want record 3 (the first keyed) named", v)
	}
	if v := check(nil, nil, recs); v.FirstBroken != 0 || !strings.Contains(v.Unproven, "without the audit key") {
		t.Fatalf("without a key: %+v, want unproven", v)
	}
	// A keyed record followed by an unkeyed one: rewritten without the key.
	bad := chain(k, 4, 0)
	bad[2].Actor = "mallory"
	bad[2].Hash = bad[2].ComputeHash()
	bad[3].PrevHash = bad[2].Hash
	bad[3].Hash = bad[3].ComputeHash()
	if v := check(k, nil, bad); v.FirstBroken != 3 {
		t.Fatalf("a keyed trail rewritten unkeyed from record 3: %+v", v)
	}
}

func TestCheckpointsAreSignedAndAPartialLastLineIsSkipped(t *testing.T) {
	k := testKey(t, "0123456789abcdef0123456789abcdef")
	recs := chain(k, 5, 0)
	var buf bytes.Buffer
	for _, seq := range []int{2, 4} {
		cp := AuditCheckpoint{Seq: int64(seq), Hash: recs[seq-1].Hash, Time: time.Now()}
		k.Sign(&cp)
		b, _ := json.Marshal(cp)
		buf.Write(append(b, '\n'))
	}
	buf.WriteString(`{"seq":5,"hash":"ab`) // a write cut short by a crash
	cps, err := ReadAuditCheckpoints(bytes.NewReader(buf.Bytes()), k)
	if err != nil || len(cps) != 2 {
		t.Fatalf("read %d checkpoints, %v; want 2", len(cps), err)
	}
	if v := check(k, cps, recs); v.FirstBroken != 0 || v.LatestCheckpoint != 4 {
		t.Fatalf("the whole trail: %+v", v)
	}
	if v := check(k, cps, recs[:3]); v.FirstBroken != 4 || !strings.Contains(v.Problem, "removed from the end") {
		t.Fatalf("the trail cut after record 3: %+v, want record 4 named", v)
	}
	if _, err := ReadAuditCheckpoints(bytes.NewReader(buf.Bytes()), testKey(t, "fedcba9876543210fedcba9876543210")); err == nil {
		t.Fatal("checkpoints signed with another key were accepted")
	}
	if _, err := NewAuditKey([]byte("short")); err == nil {
		t.Fatal("a 5-byte secret was accepted")
	}
}
