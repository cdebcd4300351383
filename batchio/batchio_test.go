package batchio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
)

// readAll reads every line of input from pos.
func readAll(t testing.TB, input []byte, from Pos) []Line {
	t.Helper()
	lr := NewLineReader(bytes.NewReader(input[from.Offset:]), from)
	var ls []Line
	for {
		l, err := lr.Next()
		if err == io.EOF {
			return ls
		}
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
	}
}

func TestLineReaderCountsLinesAndBytes(t *testing.T) {
	input := "\ufeffa,b\r\nfirst\n\n" + strings.Repeat("x", MaxLine+10) + "\nafter the long one\nno newline at the end"
	ls := readAll(t, []byte(input), Pos{})
	want := []struct {
		text    string
		tooLong bool
	}{{"a,b", false}, {"first", false}, {"", false}, {strings.Repeat("x", MaxLine), true}, {"after the long one", false}, {"no newline at the end", false}}
	if len(ls) != len(want) {
		t.Fatalf("%d lines, want %d", len(ls), len(want))
	}
	var off int64
	for i, l := range ls {
		if string(l.Text) != want[i].text || l.TooLong != want[i].tooLong || l.No != i+1 {
			t.Errorf("line %d: %d %q (too long %v), want %q (too long %v)", i+1, l.No, trunc(l.Text), l.TooLong, trunc([]byte(want[i].text)), want[i].tooLong)
		}
		if l.Offset != off || l.End <= l.Offset {
			t.Errorf("line %d: bytes %d..%d, want to start at %d", i+1, l.Offset, l.End, off)
		}
		off = l.End
	}
	if off != int64(len(input)) {
		t.Errorf("lines end at %d, input at %d", off, len(input))
	}
}

func trunc(b []byte) string {
	if len(b) > 30 {
		return string(b[:30]) + "..."
	}
	return string(b)
}

func TestABrokenQuoteCostsOnlyItsOwnRow(t *testing.T) {
	input := "id,name,dob\n" +
		"r1,Kim Sang Man,1965\n" +
		"r2,\"Kim Sang Man,1965\n" + // the quote never closes
		"r3,Lazarus Group,\n" +
		"r4,Jong \"Song\" Hwa,\n" + // a quote inside an unquoted field
		"r5,\"Park \"\"Jin\"\" Hyok\",\n" +
		"r6,\"Ri\"x,\n"
	ls := readAll(t, []byte(input), Pos{})
	p, err := NewParser(CSV, ls[0].Text)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ id, name, err string }
	var got []row
	for _, l := range ls[1:] {
		q, err := p.Parse(l)
		r := row{id: q.ID, name: q.Name}
		if err != nil {
			r.err = err.Error()
		}
		got = append(got, r)
	}
	want := []row{
		{"r1", "Kim Sang Man", ""},
		{"r2", "", "column 2: unterminated quoted field"},
		{"r3", "Lazarus Group", ""},
		{"r4", "", `column 2: bare " in non-quoted field`},
		{"r5", `Park "Jin" Hyok`, ""},
		{"r6", "", `column 2: extraneous or missing " in quoted field`},
	}
	if len(got) != len(want) {
		t.Fatalf("rows %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i+1, got[i], want[i])
		}
	}
}

func TestFormatOfRefusesUnknownExtensions(t *testing.T) {
	for path, want := range map[string]Format{"a.jsonl": JSONL, "A.CSV": CSV, "x.ndjson": JSONL, "-": JSONL, "Subjects.XLSX": XLSX} {
		if f, err := FormatOf(path); err != nil || f != want {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", path, f, err, want)
		}
	}
	for _, path := range []string{"subjects.txt", "subjects.xls", "subjects.ods", "subjects"} {
		if f, err := FormatOf(path); err == nil {
			t.Errorf("FormatOf(%q) = %q, want an error", path, f)
		}
	}
}

// slowScreener screens in a random time, so that rows finish out of order,
// and counts how many are in flight at once.
type slowScreener struct{ inFlight, most atomic.Int64 }

func (s *slowScreener) Screen(q clearance.Query, _ clearance.ScreenOptions) ([]clearance.Match, error) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		m := s.most.Load()
		if n <= m || s.most.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
	if q.Name == "boom" {
		return nil, errors.New("cannot screen boom")
	}
	return []clearance.Match{{EntityID: "e:" + q.ID, Score: 0.9}}, nil
}

// countingSource counts the rows read from a LineReader and, if ready,
// tells Run when the next line is at hand (so that Run gathers blocks).
type countingSource struct {
	lr    *LineReader
	read  atomic.Int64
	ready bool
}

func (c *countingSource) Next() (Line, error) {
	l, err := c.lr.Next()
	if err == nil && !l.Blank() {
		c.read.Add(1)
	}
	return l, err
}

func (c *countingSource) Ready() bool { return c.ready && c.lr.Ready() }

func TestRunKeepsInputOrderInBoundedMemory(t *testing.T) {
	var in strings.Builder
	const rows = 3000
	for i := range rows {
		switch {
		case i%500 == 7:
			in.WriteString("{broken\n")
		case i%500 == 9:
			in.WriteString(`{"name":"boom"}` + "\n")
		default:
			in.WriteString(`{"name":"n` + string(rune('a'+i%26)) + `"}` + "\n")
		}
		if i%100 == 0 {
			in.WriteString("\n") // a blank line is not a row
		}
	}
	p, _ := NewParser(JSONL, nil)
	set := Settings{Threshold: 0.8, Limit: 10, Out: JSONL}
	const workers = 8
	// In blocks (the input at hand), and row by row (the input waits).
	for _, ready := range []bool{true, false} {
		t.Run(fmt.Sprintf("ready=%v", ready), func(t *testing.T) {
			s := &slowScreener{}
			src := &countingSource{lr: NewLineReader(strings.NewReader(in.String()), Pos{}), ready: ready}
			var stats Stats
			lastNo, most := 0, int64(0)
			err := Run(context.Background(), src, workers, func(l Line) Row { return ScreenLine(s, p, set, l) }, func(r Row) error {
				if r.No <= lastNo {
					t.Fatalf("row of line %d after line %d", r.No, lastNo)
				}
				lastNo = r.No
				stats.Add(r)
				most = max(most, src.read.Load()-stats.Read)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if stats.Read != rows || stats.Failed != 12 || stats.Alerted != rows-12 {
				t.Errorf("stats %+v, want %d rows, 12 failed, the rest alerted", stats, rows)
			}
			window := int64(workers * 3)
			if ready {
				window *= blockRows
			}
			if most > window+1 {
				t.Errorf("%d rows between reading and writing, want at most the window of %d", most, window)
			}
			if s.most.Load() < 2 {
				t.Errorf("at most %d rows screened at once, want several", s.most.Load())
			}
		})
	}
}

// A row is screened and written while the input waits for the next: Run
// gathers rows into blocks only from input at hand.
func TestRunDoesNotHoldARowForTheNext(t *testing.T) {
	p, _ := NewParser(JSONL, nil)
	pr, pw := io.Pipe()
	emitted := make(chan Row)
	errc := make(chan error, 1)
	go func() {
		errc <- Run(context.Background(), NewLineReader(pr, Pos{}), 4, func(l Line) Row {
			return ScreenLine(&slowScreener{}, p, Settings{Out: JSONL}, l)
		}, func(r Row) error { emitted <- r; return nil })
	}()
	for i := 1; i <= 3; i++ {
		// Two rows at once, then the writer waits for them to be written.
		fmt.Fprintf(pw, "{\"id\":\"a%d\",\"name\":\"x\"}\n{\"id\":\"b%d\",\"name\":\"y\"}\n", i, i)
		for _, want := range []string{fmt.Sprintf("a%d", i), fmt.Sprintf("b%d", i)} {
			select {
			case r := <-emitted:
				if r.ID != want {
					t.Fatalf("row %q, want %q", r.ID, want)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("row %s not written while the input waits", want)
			}
		}
	}
	pw.Close()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

func TestRunStopsOnAWriteErrorAndReturnsIt(t *testing.T) {
	p, _ := NewParser(JSONL, nil)
	input := strings.Repeat(`{"name":"x"}`+"\n", 10000)
	lr := NewLineReader(strings.NewReader(input), Pos{})
	full := errors.New("disk full")
	n := 0
	err := Run(context.Background(), lr, 4, func(l Line) Row { return ScreenLine(&slowScreener{}, p, Settings{Out: JSONL}, l) }, func(Row) error {
		if n++; n == 100 {
			return full
		}
		return nil
	})
	if !errors.Is(err, full) {
		t.Errorf("err = %v, want the write error", err)
	}
	if lr.Pos().Offset == int64(len(input)) {
		t.Errorf("read the whole input after the write failed")
	}
}

func TestCheckpointRoundTripAndMismatch(t *testing.T) {
	path := t.TempDir() + "/out.checkpoint"
	if ck, err := LoadCheckpoint(path); ck != nil || err != nil {
		t.Fatalf("missing checkpoint: %v %v, want nil nil", ck, err)
	}
	ck := Checkpoint{Input: "/in.jsonl", InputSize: 100, ListVersion: "v1", In: Pos{Offset: 50, Line: 3}, Out: 70, Stats: Stats{Read: 3, Screened: 3}}
	if err := ck.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadCheckpoint(path)
	if err != nil || got.In != ck.In || got.Out != 70 || got.Stats != ck.Stats {
		t.Fatalf("loaded %+v, %v; want %+v", got, err, ck)
	}
	if err := got.Same(&Checkpoint{Input: "/in.jsonl", InputSize: 100, ListVersion: "v1"}); err != nil {
		t.Errorf("same run: %v", err)
	}
	for name, other := range map[string]Checkpoint{
		"a changed input": {Input: "/in.jsonl", InputSize: 101, ListVersion: "v1"},
		"other lists":     {Input: "/in.jsonl", InputSize: 100, ListVersion: "v2"},
		"other settings":  {Input: "/in.jsonl", InputSize: 100, ListVersion: "v1", Settings: Settings{Limit: 3}},
	} {
		if err := got.Same(&other); err == nil {
			t.Errorf("%s: resumable, want an error", name)
		}
	}
}

// A checkpoint saved in the background records the output as flushed when
// it started, while rows after it go on being written.
func TestCheckpointerSavesWhatWasFlushed(t *testing.T) {
	dir := t.TempDir()
	out, err := CreateOutput(dir+"/out.jsonl", 0)
	if err != nil {
		t.Fatal(err)
	}
	ck := NewCheckpointer(out, dir+"/out.checkpoint")
	out.Write([]byte("row 1\nrow 2\n"))
	if err := ck.Start(Checkpoint{Input: "in", In: Pos{Offset: 10, Line: 2}}); err != nil {
		t.Fatal(err)
	}
	out.Write([]byte("row 3\n")) // beside the save
	if err := ck.Wait(); err != nil {
		t.Fatal(err)
	}
	if ck.Busy() {
		t.Error("busy after Wait")
	}
	got, err := LoadCheckpoint(dir + "/out.checkpoint")
	if err != nil || got == nil {
		t.Fatalf("checkpoint: %v %v", got, err)
	}
	if got.Out != 12 || got.In.Line != 2 {
		t.Errorf("checkpoint at out %d, line %d; want 12 (the two rows flushed), 2", got.Out, got.In.Line)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	// A save that fails is reported by the next Start or Wait.
	bad := NewCheckpointer(StreamOutput(io.Discard), dir+"/no such folder/out.checkpoint")
	if err := bad.Start(Checkpoint{}); err != nil {
		t.Fatal(err)
	}
	for bad.Busy() {
		time.Sleep(time.Millisecond)
	}
	if err := bad.Start(Checkpoint{}); err == nil {
		t.Error("a failed save was not reported")
	}
}
