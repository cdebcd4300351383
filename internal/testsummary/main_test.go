package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestSummariseListsSkipsWithReasons(t *testing.T) {
	in := `{"Action":"start","Package":"x/store/postgres"}
{"Action":"run","Package":"x/store/postgres","Test":"TestStore"}
{"Action":"output","Package":"x/store/postgres","Test":"TestStore","Output":"=== RUN   TestStore\n"}
{"Action":"output","Package":"x/store/postgres","Test":"TestStore","Output":"    postgres_test.go:31: PostgreSQL not reachable: set CLEARANCE_TEST_POSTGRES\n"}
{"Action":"output","Package":"x/store/postgres","Test":"TestStore","Output":"--- SKIP: TestStore (0.00s)\n"}
{"Action":"skip","Package":"x/store/postgres","Test":"TestStore"}
{"Action":"run","Package":"x/store/postgres","Test":"TestOK"}
{"Action":"output","Package":"x/store/postgres","Test":"TestOK","Output":"=== RUN   TestOK\n"}
{"Action":"pass","Package":"x/store/postgres","Test":"TestOK"}
{"Action":"output","Package":"x/store/postgres","Output":"ok  \tx/store/postgres\t0.01s\n"}
{"Action":"pass","Package":"x/store/postgres"}
{"Action":"run","Package":"x/a","Test":"TestBad"}
{"Action":"output","Package":"x/a","Test":"TestBad","Output":"    a_test.go:9: got 1, want 2\n"}
{"Action":"output","Package":"x/a","Test":"TestBad","Output":"--- FAIL: TestBad (0.00s)\n"}
{"Action":"fail","Package":"x/a","Test":"TestBad"}
{"Action":"output","Package":"x/a","Output":"FAIL\tx/a\t0.01s\n"}
{"Action":"fail","Package":"x/a"}
`
	var out bytes.Buffer
	s, err := summarise(strings.NewReader(in), &out)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"ok  \tx/store/postgres\t0.01s\n",
		"a_test.go:9: got 1, want 2\n--- FAIL: TestBad",
		"FAIL\tx/a\t0.01s\n",
		"  SKIP x/store/postgres TestStore: PostgreSQL not reachable: set CLEARANCE_TEST_POSTGRES\n",
		"\n1 passed, 1 failed, 1 skipped\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "=== RUN   TestOK") {
		t.Errorf("a passing test's output is shown:\n%s", got)
	}
	if s.failed != 1 || len(s.failedPkgs) != 1 {
		t.Errorf("failed %d tests, %d packages; want 1, 1", s.failed, len(s.failedPkgs))
	}
}

// The real thing: go test -json of a package whose test skips.
func TestSummariseReadsGoTestJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs go test")
	}
	cmd := exec.Command("go", "test", "-json", "-run", "TestSummariseSkips", ".")
	cmd.Env = append(cmd.Environ(), "TESTSUMMARY_INNER=1")
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("go test -json: %v\n%s", err, b)
	}
	var out bytes.Buffer
	s, err := summarise(bytes.NewReader(b), &out)
	if err != nil {
		t.Fatal(err)
	}
	if s.skipped != 1 || !strings.Contains(out.String(), "TestSummariseSkips: inner run: skipped on purpose") {
		t.Errorf("want the one skip with its reason:\n%s", out.String())
	}
}

func TestSummariseSkips(t *testing.T) {
	if os.Getenv("TESTSUMMARY_INNER") != "1" {
		return // passes, but for the inner run of the test above
	}
	t.Skip("inner run: skipped on purpose")
}
