package hire_test

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"sort"
	"testing"

	"github.com/clearance-screening/clearance/hire"
	"github.com/clearance-screening/clearance/hire/synth"
)

// TestHireEngineMatchesBatchOnSynthPopulation repeats the batch
// comparison on a population of the other generator (hire/synth), with
// its messy input: bad lines and events for people who do not exist are
// refused by the Engine as the batch reports them, and the rest, posted
// in three batches, is assessed as the batch assesses it.
func TestHireEngineMatchesBatchOnSynthPopulation(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and assesses a population")
	}
	dir := t.TempDir()
	cfg := synth.DefaultConfig()
	cfg.People, cfg.Seed, cfg.EventsPerPerson, cfg.Workers = 800, 3, 15, 1
	if _, err := synth.Generate(context.Background(), cfg, dir); err != nil {
		t.Fatal(err)
	}
	files, err := hire.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	a := hire.NewAssessor(hire.Options{})
	if err := a.Read(context.Background(), files, nil); err != nil {
		t.Fatal(err)
	}
	batch := a.Assess()

	// All records, people before events, in file order; three batches.
	var people, events [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range bytes.Split(data, []byte("\n")) {
			switch {
			case bytes.Contains(l, []byte(`"kind":"person"`)) || bytes.Contains(l, []byte(`"kind": "person"`)):
				people = append(people, l)
			case len(bytes.TrimSpace(l)) > 0:
				events = append(events, l)
			}
		}
	}
	e := hire.NewEngine(hire.Options{})
	refused := 0
	for k := 0; k < 3; k++ {
		part := func(s [][]byte) []byte { return bytes.Join(s[k*len(s)/3:(k+1)*len(s)/3], []byte("\n")) }
		if err := e.Records(bytes.NewReader(part(people)), "", func(pos hire.RecordError, p *hire.Person, ev *hire.Event, err error) {
			if err == nil && p != nil {
				e.PutPerson(p)
			}
		}); err != nil {
			t.Fatal(err)
		}
		e.Assess()
	}
	for k := 0; k < 3; k++ {
		part := events[k*len(events)/3 : (k+1)*len(events)/3]
		if err := e.Records(bytes.NewReader(bytes.Join(part, []byte("\n"))), "", func(pos hire.RecordError, p *hire.Person, ev *hire.Event, err error) {
			switch {
			case err != nil:
				refused++
			case p != nil:
				e.PutPerson(p)
			default:
				if e.AddEvent(ev) != nil {
					refused++
				}
			}
		}); err != nil {
			t.Fatal(err)
		}
		e.Assess()
	}
	if refused == 0 || len(batch.Errors) == 0 {
		t.Fatalf("the population has no bad input (%d refused, %d batch errors): the test would not test it", refused, len(batch.Errors))
	}
	codes := func(r hire.PersonResult) []string {
		var out []string
		for _, s := range r.Signals {
			out = append(out, s.Code)
		}
		sort.Strings(out)
		return out
	}
	stable := map[string]string{}
	for _, c := range batch.Clusters {
		stable[c.Cluster] = hire.ClusterID(c.Members)
	}
	flagged := 0
	for _, want := range batch.People {
		got, ok := e.Result(want.Person)
		if !ok || got.Flagged != want.Flagged || got.Risk != want.Risk || !reflect.DeepEqual(codes(got), codes(want)) || got.Cluster != stable[want.Cluster] {
			t.Errorf("%s: incremental %v %v %v %q; batch %v %v %v %q", want.Person, got.Flagged, got.Risk, codes(got), got.Cluster, want.Flagged, want.Risk, codes(want), stable[want.Cluster])
		}
		if want.Flagged {
			flagged++
		}
	}
	for _, want := range batch.Clusters {
		got, ok := e.Cluster(hire.ClusterID(want.Members))
		if !ok || len(got.Members) != len(want.Members) || got.Risk != want.Risk {
			t.Errorf("cluster %v: incremental %+v", want.Members, got)
		}
	}
	t.Logf("%d people (%d flagged, %d clusters), %d records refused, %d batch error records: incremental equals batch", len(batch.People), flagged, len(batch.Clusters), refused, len(batch.Errors))
}
