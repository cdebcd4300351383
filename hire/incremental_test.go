package hire

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/valyala/fastjson"
)

// TestHireEngineMatchesBatch feeds a population to an Engine in several
// batches (people and events interleaved, assessing after each) and checks
// that its results are those of one batch assessment of the same records:
// every person's flag, risk and signal codes, and the clusters' members.
func TestHireEngineMatchesBatch(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Generate(&buf, GenConfig{People: 600, EventsPerPerson: 20, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pop.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	a := NewAssessor(Options{})
	if err := a.Read(context.Background(), []string{path}, nil); err != nil {
		t.Fatal(err)
	}
	batch := a.Assess()
	if batch.Flagged() == 0 || len(batch.Clusters) == 0 {
		t.Fatalf("the population has %d flagged and %d clusters: nothing to compare", batch.Flagged(), len(batch.Clusters))
	}

	// People in four consecutive quarters; each event goes in the batch
	// of its person or a later one, so that a person's events come in
	// several batches and some arrive for people posted long before.
	// Batch k posts its people, then its events, then assesses.
	var people, events [4][]string
	quarter := map[string]int{}
	var lines []string
	for _, l := range strings.Split(buf.String(), "\n") {
		if strings.Contains(l, `"kind":"person"`) {
			lines = append(lines, l)
		}
	}
	var fp fastjson.Parser
	for i, l := range lines {
		k := i * 4 / len(lines)
		v, err := fp.Parse(l)
		if err != nil {
			t.Fatal(err)
		}
		quarter[string(v.GetStringBytes("id"))] = k
		people[k] = append(people[k], l)
	}
	j := 0
	for _, l := range strings.Split(buf.String(), "\n") {
		if !strings.Contains(l, `"kind":"event"`) {
			continue
		}
		v, err := fp.Parse(l)
		if err != nil {
			t.Fatal(err)
		}
		k := max(quarter[string(v.GetStringBytes("person"))], j%4)
		events[k] = append(events[k], l)
		j++
	}
	e := NewEngine(Options{})
	flagged := map[string]bool{}
	for k := 0; k < 4; k++ {
		if err := e.Records(strings.NewReader(strings.Join(people[k], "\n")), "person", func(pos RecordError, p *Person, _ *Event, err error) {
			if err != nil {
				t.Fatalf("batch %d person line %d: %v", k, pos.Line, err)
			}
			e.PutPerson(p)
		}); err != nil {
			t.Fatal(err)
		}
		// As a JSON array this time, to read both forms.
		if err := e.Records(strings.NewReader("["+strings.Join(events[k], ",")+"]"), "event", func(pos RecordError, _ *Person, ev *Event, err error) {
			if err == nil {
				err = e.AddEvent(ev)
			}
			if err != nil {
				t.Fatalf("batch %d event %d: %v", k, *pos.Index, err)
			}
		}); err != nil {
			t.Fatal(err)
		}
		u := e.Assess()
		if len(u.Touched) == 0 || len(u.Changed) == 0 {
			t.Fatalf("batch %d: touched %d, changed %d", k, len(u.Touched), len(u.Changed))
		}
		for _, id := range u.NewlyFlagged {
			if flagged[id] {
				t.Errorf("%s newly flagged twice without being cleared", id)
			}
			flagged[id] = true
		}
		for _, r := range u.Changed {
			if !r.Flagged {
				delete(flagged, r.Person)
			}
		}
	}
	// One more assessment with nothing new changes nothing.
	if u := e.Assess(); len(u.Changed) != 0 || len(u.NewlyFlagged) != 0 || len(u.Clusters) != 0 || len(u.Removed) != 0 {
		t.Errorf("a second assessment of the same population changed %d results, %d clusters", len(u.Changed), len(u.Clusters))
	}

	if e.Len() != len(batch.People) {
		t.Fatalf("engine holds %d people, batch assessed %d", e.Len(), len(batch.People))
	}
	stable := map[string]string{}
	for _, c := range batch.Clusters {
		stable[c.Cluster] = ClusterID(c.Members)
	}
	nFlagged := 0
	for _, want := range batch.People {
		got, ok := e.Result(want.Person)
		if !ok {
			t.Fatalf("no incremental result for %s", want.Person)
		}
		if got.Flagged != want.Flagged || got.Risk != want.Risk || !reflect.DeepEqual(sigCodes(got), sigCodes(want)) || got.Cluster != stable[want.Cluster] {
			t.Errorf("%s: incremental flagged=%v risk=%v %v cluster %q; batch flagged=%v risk=%v %v cluster %q",
				want.Person, got.Flagged, got.Risk, sigCodes(got), got.Cluster, want.Flagged, want.Risk, sigCodes(want), stable[want.Cluster])
		}
		if want.Flagged {
			nFlagged++
			if !flagged[want.Person] {
				t.Errorf("%s is flagged but was never reported newly flagged", want.Person)
			}
		}
	}
	if len(flagged) != nFlagged {
		t.Errorf("%d people reported newly flagged and still flagged, batch flags %d", len(flagged), nFlagged)
	}
	for _, want := range batch.Clusters {
		got, ok := e.Cluster(ClusterID(want.Members))
		if !ok || !reflect.DeepEqual(sorted(got.Members), sorted(want.Members)) || got.Risk != want.Risk || len(got.Links) != len(want.Links) {
			t.Errorf("cluster %v: incremental %+v", want.Members, got)
		}
	}
	t.Logf("%d people, %d flagged, %d clusters: incremental equals batch", len(batch.People), nFlagged, len(batch.Clusters))
}

func sigCodes(r PersonResult) []string {
	var out []string
	for _, s := range r.Signals {
		out = append(out, s.Code)
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// The index finds who shares an identifier from records alone.
func TestHireEngineIndexesIdentifiers(t *testing.T) {
	e := NewEngine(Options{})
	rec := func(s string) *Person {
		var got *Person
		if err := e.Records(strings.NewReader(s), "person", func(pos RecordError, p *Person, _ *Event, err error) {
			if err != nil {
				t.Fatal(err)
			}
			got = p
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	a := rec(`{"kind":"person","id":"a","legal_name":"Ann Lee","phones":["(206) 555-0100"],"claimed":{"country":"US"},"emails":["Ann.Lee+jobs@gmail.com"]}`)
	b := rec(`{"kind":"person","id":"b","legal_name":"Bo Park","phones":["+1 206 555 0100"],"claimed":{"country":"US"}}`)
	c := rec(`{"kind":"person","id":"c","legal_name":"Cy Dee","emails":["annlee@gmail.com"]}`)
	for _, p := range []*Person{a, b, c} {
		if !e.PutPerson(p) {
			t.Fatalf("a new person's identifiers did not count as changed")
		}
	}
	if got := e.Linked("a"); !reflect.DeepEqual(got, []string{"b", "c"}) {
		t.Fatalf("a is linked to %v, want [b c] (one phone, one mailbox)", got)
	}
	if e.PutPerson(rec(`{"kind":"person","id":"b","legal_name":"Bo Park","phones":["+1 206 555 0100"],"claimed":{"country":"US"},"title":"Engineer"}`)) {
		t.Fatalf("a change of title changed b's identifiers")
	}
	if !e.PutPerson(rec(`{"kind":"person","id":"b","legal_name":"Bo Park","phones":["+1 206 555 0199"],"claimed":{"country":"US"}}`)) {
		t.Fatalf("a new phone did not change b's identifiers")
	}
	if got := e.Linked("a"); !reflect.DeepEqual(got, []string{"c"}) {
		t.Fatalf("after b's new phone, a is linked to %v", got)
	}
	u := e.Assess()
	if len(u.Identifiers) != 3 || u.Assessed != 3 {
		t.Fatalf("first assessment: identifiers of %d people, %d assessed", len(u.Identifiers), u.Assessed)
	}
	err := e.AddEvent(&Event{Person: "ghost"})
	if err == nil || !strings.Contains(err.Error(), `unknown person "ghost"`) {
		t.Fatalf("an event for nobody: %v", err)
	}
}

// Records reads NDJSON lines longer than its buffer, CRLF endings and
// blank lines, and names each bad record by line or array index.
func TestHireRecordsFormsAndErrors(t *testing.T) {
	e := NewEngine(Options{})
	long := strings.Repeat("Go and Kubernetes engineer. ", 10000) // 280 kB
	nd := `{"kind":"person","id":"a","legal_name":"Ann Lee","resume_text":"` + long + "\"}\r\n\r\n" +
		"not json\n" +
		`{"kind":"person","legal_name":"No Id"}` + "\n" +
		`{"kind":"person","id":"b","legal_name":"Bo Park"}`
	type got struct {
		line int
		id   string
		err  string
	}
	var gs []got
	if err := e.Records(strings.NewReader(nd), "person", func(pos RecordError, p *Person, _ *Event, err error) {
		g := got{line: pos.Line}
		if err != nil {
			g.err = err.Error()
		} else {
			g.id = p.ID
			if p.ID == "a" && p.ResumeText != strings.TrimSpace(long) && p.ResumeText != long {
				t.Errorf("a's resume read as %d bytes", len(p.ResumeText))
			}
		}
		gs = append(gs, g)
	}); err != nil {
		t.Fatal(err)
	}
	if len(gs) != 4 || gs[0] != (got{line: 1, id: "a"}) || gs[1].line != 3 || !strings.Contains(gs[1].err, "malformed JSON") ||
		gs[2].line != 4 || !strings.Contains(gs[2].err, `"id"`) || gs[3] != (got{line: 5, id: "b"}) {
		t.Fatalf("records: %+v", gs)
	}
	var idx []int
	if err := e.Records(strings.NewReader(` [{"kind":"event","person":"a","at":"2025-01-01T10:00:00Z"}, 7, {"kind":"event","person":"a","at":"yesterday"}]`), "event",
		func(pos RecordError, _ *Person, ev *Event, err error) {
			if err != nil {
				idx = append(idx, *pos.Index)
			}
		}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(idx, []int{1, 2}) {
		t.Fatalf("bad array elements at %v, want [1 2]", idx)
	}
	if err := e.Records(strings.NewReader(`[{"kind":"event"`), "event", func(RecordError, *Person, *Event, error) {}); err == nil {
		t.Fatal("a cut array read without error")
	}
}

// On a path that says what it takes, "kind" may be left out; where
// either kind is read, a record without one is an error.
func TestHireRecordsKindFromThePath(t *testing.T) {
	e := NewEngine(Options{})
	rec := `{"id":"c","legal_name":"Cy Dee"}`
	var ids, errs []string
	fn := func(pos RecordError, p *Person, ev *Event, err error) {
		if err != nil {
			errs = append(errs, err.Error())
			return
		}
		if p != nil {
			ids = append(ids, p.ID)
		}
		if ev != nil {
			ids = append(ids, "event of "+ev.Person)
		}
	}
	for _, want := range []string{"person", ""} {
		if err := e.Records(strings.NewReader(rec), want, fn); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Records(strings.NewReader(`[{"person":"c","at":"2025-01-01T10:00:00Z"}]`), "event", fn); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids, []string{"c", "event of c"}) || len(errs) != 1 || !strings.Contains(errs[0], `no "kind"`) {
		t.Fatalf("records %v, errors %v", ids, errs)
	}
}
