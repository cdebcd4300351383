package batchio

import "testing"

// BenchmarkParseJSONL reads a typical JSONL query row.
//
//	go test ./batchio -run '^$' -bench ParseJSONL
func BenchmarkParseJSONL(b *testing.B) {
	p, _ := NewParser(JSONL, nil)
	l := Line{No: 5, Text: []byte(`{"id": "dev-00005-r0", "name": "ALMAZIDIH Akram Turki Hishan", "type": "person", "dob": "1965-09-08", "country": "Syria", "expect": ["us_ofac_sdn:12345"], "category": "exact"}`)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Parse(l); err != nil {
			b.Fatal(err)
		}
	}
}
