package batchio

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// The fuzz targets hold the readers to what batch promises: every line is
// a row or blank, rows tile the input, a row's position resumes the same
// rest, nothing panics and every row has an ID. Seeds are in
// testdata/fuzz; run one with
//
//	go test ./batchio -run '^$' -fuzz FuzzCSVReader -fuzztime 30s

func FuzzJSONLReader(f *testing.F) {
	for _, s := range []string{
		`{"id":"q-1","name":"Sang Man Kim","type":"person","dob":"1965-04-25","country":"KP"}` + "\n",
		`{"id": 8, "wallet": "0x97b1043abd9e6fc31681635166d430a458d14f9c"}` + "\n{not json\n\n",
		"\ufeff{\"name\":\"x\",\"identifiers\":[{\"type\":\"passport\",\"number\":\"109420132\"}]}\r\n{\"name\":\"y\",\"type\":\"spaceship\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		p, err := NewParser(JSONL, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkReader(t, p, input, Pos{})
	})
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"id,name,dob\nr1,Kim Sang Man,1965\nr2,\"Kim Sang Man,1965\nr3,Lazarus Group,\n",
		"name,wallet,identifiers\n\"Smith, John\",,passport:1;:2\n,1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ,\n",
		"\ufeffID,Name,Type\r\nr1,\"Park \"\"Jin\"\" Hyok\",person\r\nr2,Jong \"S\" Hwa,vessel\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		ls := readAll(t, input, Pos{})
		i := slices.IndexFunc(ls, func(l Line) bool { return !l.Blank() })
		if i < 0 {
			return
		}
		p, err := NewParser(CSV, ls[i].Text)
		if err != nil {
			return // a header without a name or wallet column: the whole input is refused
		}
		checkReader(t, p, input, Pos{Offset: ls[i].End, Line: ls[i].No})
	})
}

// checkReader reads input from start and checks the invariants.
func checkReader(t *testing.T, p *Parser, input []byte, start Pos) {
	ls := readAll(t, input, start)
	off := start.Offset
	for i, l := range ls {
		if l.Offset != off || l.End <= l.Offset || l.No != start.Line+i+1 {
			t.Fatalf("line %d: bytes %d..%d number %d; want to start at %d, number %d", i, l.Offset, l.End, l.No, off, start.Line+i+1)
		}
		if len(l.Text) > MaxLine || int64(len(l.Text)) > l.End-l.Offset {
			t.Fatalf("line %d: %d bytes of text in %d", l.No, len(l.Text), l.End-l.Offset)
		}
		off = l.End
		q, _ := p.Parse(l)
		if q.ID == "" {
			t.Fatalf("line %d: no ID", l.No)
		}
	}
	if off != int64(len(input)) {
		t.Fatalf("lines end at %d, input at %d", off, len(input))
	}
	// Resuming after any line reads the same lines as reading on.
	for _, k := range []int{0, len(ls) / 2, len(ls) - 1} {
		if k < 0 || k >= len(ls) {
			continue
		}
		rest := readAll(t, input, Pos{Offset: ls[k].End, Line: ls[k].No})
		if len(rest) != len(ls)-k-1 {
			t.Fatalf("resuming after line %d reads %d lines, want %d", ls[k].No, len(rest), len(ls)-k-1)
		}
		for j, l := range rest {
			w := ls[k+1+j]
			if l.No != w.No || l.Offset != w.Offset || !bytes.Equal(l.Text, w.Text) {
				t.Fatalf("resumed line %d differs from line %d", l.No, w.No)
			}
		}
	}
}

// FuzzCSVLine holds the one-line CSV splitter to encoding/csv: on a line
// that package reads, the fields are the same; on one it refuses, the
// splitter refuses too.
func FuzzCSVLine(f *testing.F) {
	for _, s := range []string{`a,b,c`, `"a,b",c`, `"a""b",`, `a"b`, `"a`, `"a"b`, `,,`, ` "a"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if line == "" || strings.ContainsAny(line, "\r\n") {
			return
		}
		got, err := splitCSV([]byte(line), nil)
		want, werr := csv.NewReader(strings.NewReader(line)).Read()
		if werr != nil {
			if err == nil {
				t.Fatalf("%q: split into %q, but encoding/csv says %v", line, got, werr)
			}
			return
		}
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("%q: %q, %v; encoding/csv reads %q", line, got, err, want)
		}
	})
}
