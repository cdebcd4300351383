package sqlstore

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
)

func TestAuditHashIsComputeHash(t *testing.T) {
	at := time.Date(2025, 6, 1, 12, 30, 45, 123456789, time.FixedZone("CEST", 2*3600))
	tests := []struct {
		name string
		rec  clearance.AuditRecord
	}{
		{"a plain record", clearance.AuditRecord{Seq: 1, Time: at, Actor: "key_1", Action: clearance.ActionScreeningCreated, Object: "screening:scr_1", Data: json.RawMessage(`{"id":"scr_1","matches":[]}`)}},
		{"a record without data", clearance.AuditRecord{Seq: 2, Time: at, Actor: "monitor", Action: clearance.ActionListsUpdated, Object: "lists", PrevHash: "ab"}},
		{"a record at a whole second", clearance.AuditRecord{Seq: 3, Time: at.Truncate(time.Second), Actor: "cli", Action: "x", Object: "y", Data: json.RawMessage(`1`)}},
		{"names with quotes, HTML and accents", clearance.AuditRecord{Seq: 99, Time: at, Actor: `a "b" <c> & d`, Action: "é\u2028\n", Object: "tab\there\x01", Data: json.RawMessage(`{"q":"Kim \"Sang\" Man\u003c"}`)}},
		{"data with non-ASCII names", clearance.AuditRecord{Seq: 1000000, Time: at, Actor: "k", Action: "a", Object: "o", Data: json.RawMessage(mustJSON(map[string]string{"name": "김상만 Ñúñez"}))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !marshalled(tt.rec.Data) {
				t.Fatalf("test data %s is not in marshalled form", tt.rec.Data)
			}
			if got, want := auditHash(&tt.rec, nil), tt.rec.ComputeHash(); got != want {
				t.Fatalf("auditHash = %s, ComputeHash = %s", got, want)
			}
		})
	}
}

func TestAuditHashWithAKeyIsComputeMAC(t *testing.T) {
	key, err := clearance.NewAuditKey([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	r := clearance.AuditRecord{Seq: 7, Time: time.Now(), Actor: "k", Action: "a", Object: "o", PrevHash: "ab", Data: json.RawMessage(`{"x":"y"}`)}
	mac := key.NewChainMAC()
	for range 2 { // the HMAC is reset between records
		if got, want := auditHash(&r, mac), r.ComputeMAC(key); got != want {
			t.Fatalf("auditHash with the key = %s, ComputeMAC = %s", got, want)
		}
	}
	if auditHash(&r, mac) == r.ComputeHash() {
		t.Fatal("the keyed hash equals the unkeyed one")
	}
}

func TestMarshalledRejectsWhatMarshalWouldEscape(t *testing.T) {
	for _, data := range []string{`{"a":"<b>"}`, `{"a":"x&y"}`, "{\"a\":\"\u2028\"}", "{\"a\":\"\u2029\"}"} {
		if marshalled([]byte(data)) {
			t.Errorf("marshalled(%s) = true; json.Marshal would escape it and change the hash", data)
		}
	}
}

func TestScreeningAuditSplicesTheIDWhereMarshalPutsIt(t *testing.T) {
	rec := screeningAudit{SubjectID: "sub_1", Query: clearance.Query{Name: "Kim <Sang> Man"}, Threshold: 0.8, ListVersion: "v", Matches: []matchAudit{{"e:1", "abc", 0.9}}}
	rest := rec.withoutID()
	rec.ID, rec.RowHash = "scr_0123456789abcdef", "00ff"
	if got, want := string(withID(rest, rec.ID, rec.RowHash)), mustJSON(rec); got != want {
		t.Fatalf("spliced\n%s\nwant\n%s", got, want)
	}
}

// BenchmarkChainingCost measures what keying the chain and hashing the
// screening row add to a screening, against the plain hash it had before:
// the record's hash (in the single writer) and the row hashes (the body in
// the caller, ID and time in the writer), for a screening of three
// matches with reasons as the API stores it.
func BenchmarkChainingCost(b *testing.B) {
	key, err := clearance.NewAuditKey([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		b.Fatal(err)
	}
	var ms []clearance.Match
	for i := range 3 {
		ms = append(ms, clearance.Match{EntityID: fmt.Sprintf("us_ofac_sdn:%d", i), Name: "KIM, Sang Man", Score: 0.9,
			Reasons: []clearance.Reason{{Field: "name", Query: "Kim Sang Man", Listed: "KIM, Sang Man", How: "exact", Score: 0.94}, {Field: "dob", Query: "1965", Listed: "1965-04-25", How: "year", Score: 0.03}}})
	}
	rec := screeningAudit{Query: clearance.Query{Name: "Kim Sang Man", DOB: "1965"}, Threshold: 0.8, ListVersion: "us_ofac_sdn@2025-06-01", Matches: []matchAudit{{"us_ofac_sdn:0", "ab", 0.9}}}
	r := clearance.AuditRecord{Seq: 123456, Time: time.Now(), Actor: "key_0123", Action: clearance.ActionScreeningCreated, Object: "screening:scr_0661e599b16df2a0f5cb8e12c2",
		PrevHash: strings.Repeat("a", 64), Data: withID(rec.withoutID(), "scr_0661e599b16df2a0f5cb8e12c2", strings.Repeat("b", 64))}
	row := screeningRow{Query: mustJSON(rec.Query), Matches: mustJSON(ms), Threshold: 0.8, ListVersion: rec.ListVersion, EntityVersions: "{}", By: "key_0123"}
	b.Run("record-plain", func(b *testing.B) {
		for b.Loop() {
			auditHash(&r, nil)
		}
	})
	b.Run("record-keyed", func(b *testing.B) {
		mac := key.NewChainMAC()
		for b.Loop() {
			auditHash(&r, mac)
		}
	})
	b.Run("row-hash", func(b *testing.B) {
		for b.Loop() {
			rowHash("scr_0661e599b16df2a0f5cb8e12c2", 1700000000000000, row.bodyHash())
		}
	})
}
