package sqlstore

import (
	"encoding/json"
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
