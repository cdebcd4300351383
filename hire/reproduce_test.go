package hire_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance/hire"
	"github.com/clearance-screening/clearance/hire/synth"
)

// TestAssessReproducible: the same input gives byte-identical JSONL
// whatever the number of reading goroutines and from run to run. The
// population is synth's (messy records, people sharing two networks or
// phones equally rare, three event files of several chunks each), with a
// person given three times in two files, so that which record is used and
// the error records about it cannot depend on arrival order.
func TestAssessReproducible(t *testing.T) {
	dir := t.TempDir()
	cfg := synth.DefaultConfig()
	cfg.People, cfg.Seed, cfg.EventFiles, cfg.EventsPerPerson = 1500, 11, 3, 40
	cfg.NamesDir = filepath.Join(dir, "no-names") // the built-in fallback lists: no dependency on shared data
	if _, err := synth.Generate(context.Background(), cfg, dir); err != nil {
		t.Fatal(err)
	}
	// The first person again, once at the end of people.jsonl and once at
	// the end of the last event file, each a little different.
	first := firstLine(t, filepath.Join(dir, "people.jsonl"))
	appendLine(t, filepath.Join(dir, "people.jsonl"), strings.Replace(first, `"kind":"person"`, `"kind":"person","title":"second record"`, 1))
	appendLine(t, filepath.Join(dir, "events-03.jsonl"), strings.Replace(first, `"kind":"person"`, `"kind":"person","title":"third record"`, 1))

	files, err := hire.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	run := func(procs int) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		a := hire.NewAssessor(hire.Options{})
		if err := a.Read(context.Background(), files, nil); err != nil {
			t.Fatal(err)
		}
		res := a.Assess()
		var b bytes.Buffer
		if err := hire.WriteJSONL(&b, &res); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	want := run(1)
	if n := bytes.Count(want, []byte("appears again")); n != 2 {
		t.Fatalf("%d error records for the repeated person, want 2", n)
	}
	for _, procs := range []int{4, 2, 4} {
		got := run(procs)
		if !bytes.Equal(got, want) {
			t.Fatalf("output with %d workers differs from one worker's: %s", procs, firstDiff(want, got))
		}
	}
}

func firstLine(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() {
		t.Fatalf("%s is empty", path)
	}
	return sc.Text()
}

func appendLine(t *testing.T, path, line string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(line + "\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// firstDiff shows the first line that differs.
func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < min(len(la), len(lb)); i++ {
		if !bytes.Equal(la[i], lb[i]) {
			return "line " + strconv.Itoa(i+1) + ":\n" + clip(la[i]) + "\n" + clip(lb[i])
		}
	}
	return "lengths " + strconv.Itoa(len(la)) + " and " + strconv.Itoa(len(lb))
}

func clip(b []byte) string {
	if len(b) > 400 {
		b = b[:400]
	}
	return string(b)
}
