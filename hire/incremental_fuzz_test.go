package hire

import (
	"bytes"
	"testing"

	"github.com/valyala/fastjson"
)

// FuzzHireRecords posts arbitrary bytes to an Engine as a service does:
// nothing panics, every non-blank NDJSON line (or array element) is
// answered exactly once, as a record or as an error, and what was
// accepted can be assessed.
func FuzzHireRecords(f *testing.F) {
	f.Add([]byte(`{"kind":"person","id":"a","legal_name":"Ann Lee","phones":["(206) 555-0100"],"claimed":{"country":"US","timezone":"America/Los_Angeles"},"payouts":[{"method":"crypto","account":"0x52908400098527886E0F7030069857D2E4169EE7"}]}` + "\n" +
		`{"kind":"event","person":"a","at":"2025-03-03T01:00:00+09:00","type":"commit","tz_offset":540,"ip":"2001:db8::1","asn_org":"Astrill"}`))
	f.Add([]byte(`[{"kind":"person","id":"b","ship_to":{"street":"9 Farm Rd","city":"Reno"}}, 7, {"kind":"event","person":"b","at":"x"}]`))
	f.Add([]byte("\n\r\n{\"kind\":\"event\"}\nnot json\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e := NewEngine(Options{})
		calls := 0
		err := e.Records(bytes.NewReader(data), "", func(pos RecordError, p *Person, ev *Event, err error) {
			calls++
			switch {
			case err != nil:
				if pos.Line == 0 && pos.Index == nil {
					t.Fatalf("an error without a position: %v", err)
				}
			case p != nil:
				e.PutPerson(p)
			case ev != nil:
				e.AddEvent(ev) //nolint:errcheck // an unknown person is a fine answer here
			default:
				t.Fatal("a call with neither record nor error")
			}
		})
		trimmed := bytes.TrimLeft(data, " \t\r\n") // as Records skips
		if len(trimmed) > 0 && trimmed[0] == '[' {
			if err == nil {
				var p fastjson.Parser
				v, perr := p.ParseBytes(data)
				if perr == nil {
					if arr, aerr := v.Array(); aerr == nil && len(arr) != calls {
						t.Fatalf("%d array elements, %d answers", len(arr), calls)
					}
				}
			}
		} else if err == nil {
			lines := 0
			for _, l := range bytes.Split(data, []byte("\n")) {
				if len(bytes.TrimSpace(l)) > 0 {
					lines++
				}
			}
			if lines != calls {
				t.Fatalf("%d non-blank lines, %d answers", lines, calls)
			}
		}
		if e.Len() > 0 {
			e.Assess()
		}
	})
}
