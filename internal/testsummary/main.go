// Command testsummary reads "go test -json" on stdin and writes what a
// plain "go test" run writes (a line per package, the output of failed
// tests, build errors), then a closing tally and every skipped test with
// the reason it gave, so that a run says what it did not test and why.
// It exits 1 when a test, a package or a build failed.
//
//	go test -json ./... | go run ./internal/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of "go test -json" (cmd/test2json).
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string
}

type skip struct{ pkg, test, reason string }

type summary struct {
	passed, failed, skipped int
	failedPkgs              map[string]bool
	skips                   []skip
	out                     map[string][]string // package + test -> its output so far
}

func main() {
	s, err := summarise(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	if s.failed > 0 || len(s.failedPkgs) > 0 {
		os.Exit(1)
	}
}

func summarise(r io.Reader, w io.Writer) (*summary, error) {
	s := &summary{out: map[string][]string{}, failedPkgs: map[string]bool{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(w, "%s\n", line) // not an event: go's own messages
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "build-fail":
			s.failedPkgs[e.ImportPath] = true
		case "output":
			if e.Test == "" {
				// ok/FAIL lines and package-level output; not the bare
				// PASS that plain go test leaves out
				if e.Output != "PASS\n" {
					fmt.Fprint(w, e.Output)
				}
				continue
			}
			s.out[key] = append(s.out[key], e.Output)
		case "pass":
			if e.Test != "" {
				s.passed++
			}
			delete(s.out, key)
		case "fail":
			if e.Test == "" {
				s.failedPkgs[e.Package] = true
				continue
			}
			s.failed++
			for _, o := range s.out[key] {
				fmt.Fprint(w, o)
			}
			delete(s.out, key)
		case "skip":
			if e.Test == "" {
				continue // a package without tests
			}
			s.skipped++
			s.skips = append(s.skips, skip{e.Package, e.Test, reason(s.out[key])})
			delete(s.out, key)
		}
	}
	if err := sc.Err(); err != nil {
		return s, err
	}
	s.report(w)
	return s, nil
}

// reason is what a skipped test logged: its t.Skip message, the lines
// after the test's own "=== RUN" and before "--- SKIP".
func reason(out []string) string {
	var msg []string
	for _, o := range out {
		t := strings.TrimSpace(o)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") {
			continue
		}
		// "file_test.go:12: message": keep the message.
		if i := strings.Index(t, ".go:"); i > 0 && !strings.Contains(t[:i], " ") {
			if j := strings.Index(t[i+4:], ": "); j >= 0 {
				t = t[i+4+j+2:]
			}
		}
		msg = append(msg, t)
	}
	if len(msg) == 0 {
		return "(no reason given)"
	}
	return strings.Join(msg, " / ")
}

func (s *summary) report(w io.Writer) {
	fmt.Fprintln(w)
	if len(s.skips) > 0 {
		fmt.Fprintf(w, "Skipped tests (%d; README \"Tests that skip\" says how to run them):\n", len(s.skips))
		sort.SliceStable(s.skips, func(i, j int) bool {
			if s.skips[i].pkg != s.skips[j].pkg {
				return s.skips[i].pkg < s.skips[j].pkg
			}
			return s.skips[i].test < s.skips[j].test
		})
		for _, k := range s.skips {
			fmt.Fprintf(w, "  SKIP %s %s: %s\n", strings.TrimPrefix(k.pkg, "github.com/clearance-screening/clearance"), k.test, k.reason)
		}
	}
	if n := len(s.failedPkgs); n > 0 {
		fmt.Fprintf(w, "%d packages failed\n", n)
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", s.passed, s.failed, s.skipped)
}
