package lists

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzParseMeta: the cache record judges every next download, so a
// record it accepts must be one an Updater could have written: read back
// after writing, it is the same; its counts and dates are sane.
func FuzzParseMeta(f *testing.F) {
	f.Add([]byte(`{"key":"us_ofac_sdn","fetched":"2026-12-05T10:00:00Z","updated":"2026-12-01T10:00:00Z","entities":14965,"published":"2024-05-03","date_from":"last-modified","files":{"sdn.csv":{"url":"https://www.treasury.gov/ofac/downloads/sdn.csv","etag":"\"abc\"","last_modified":"Fri, 03 May 2024 18:43:23 GMT","size":3909739,"sha256":"210c"}}}`))
	f.Add([]byte(`{"key":"un_sc_sanctions","entities":1003,"published":"2026-02-27","files":{}}`))
	f.Add([]byte(`{"entities":-1}`))
	f.Add([]byte(`{"published":"27/02/2026"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseMeta(data)
		if err != nil {
			return
		}
		if m.Entities < 0 {
			t.Fatalf("accepted a negative count: %+v", m)
		}
		for _, fm := range m.Files {
			if fm.Size < 0 {
				t.Fatalf("accepted a negative size: %+v", m)
			}
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("a record read cannot be written: %v", err)
		}
		again, err := parseMeta(out)
		if err != nil {
			t.Fatalf("a record written cannot be read: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(normal(m), normal(again)) {
			t.Fatalf("round trip changed the record:\n%+v\n%+v", m, again)
		}
	})
}

// normal drops what JSON cannot tell apart: a nil map from an empty one,
// and the monotonic and location parts of times.
func normal(m cacheMeta) cacheMeta {
	if len(m.Files) == 0 {
		m.Files = nil
	}
	m.Fetched, m.Updated = m.Fetched.UTC(), m.Updated.UTC()
	return m
}
