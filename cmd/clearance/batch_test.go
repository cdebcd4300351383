package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// subjectsFile writes n rows, a few of them bad, and returns its path.
func subjectsFile(t *testing.T, dir, name string, n int) string {
	t.Helper()
	names := []string{"Kim Sang Man", "John Smith", "Lazarus Group", "Jong Song Hwa", "Park Jin Hyok", "Maria Lopez"}
	var b strings.Builder
	csv := strings.HasSuffix(name, ".csv")
	if csv {
		b.WriteString("id,name,dob\n")
	}
	for i := range n {
		id := "r" + strconv.Itoa(i)
		switch {
		case i%997 == 13 && csv:
			b.WriteString(id + ",\"" + names[i%len(names)] + ",1965\n") // a quote that never closes
		case i%997 == 13:
			b.WriteString(`{"id":"` + id + `","name":` + "\n")
		case csv:
			b.WriteString(id + "," + names[i%len(names)] + ",\n")
		default:
			b.WriteString(`{"id":"` + id + `","name":"` + names[i%len(names)] + `"}` + "\n")
		}
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func buildClearance(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "clearance")
	if out, err := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestBatchProcessesKilled builds the command once and kills its
// processes with SIGKILL: a local batch, then the processes of a
// distributed one.
func TestBatchProcessesKilled(t *testing.T) {
	bin := buildClearance(t)
	t.Run("a local batch resumes", func(t *testing.T) { testLocalBatchKilled(t, bin) })
	t.Run("a distributed batch loses a worker and its submitter", func(t *testing.T) { testDistributedBatchKilled(t, bin) })
}

// testLocalBatchKilled kills a batch process with SIGKILL after its first
// checkpoints, runs the same command again, and compares the output byte
// for byte with a batch that was never interrupted.
func testLocalBatchKilled(t *testing.T, bin string) {
	for _, name := range []string{"subjects.jsonl", "subjects.csv"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			in := subjectsFile(t, dir, name, 12000)
			ext := filepath.Ext(name)
			whole, resumed := filepath.Join(dir, "whole"+ext), filepath.Join(dir, "resumed"+ext)
			env := append(withoutClearanceVars(os.Environ()), "CLEARANCE_CACHE="+t.TempDir())
			batch := func(out string) *exec.Cmd {
				cmd := exec.CommandContext(t.Context(), bin, "batch", "--in", in, "--out", out, "--checkpoint-every", "300", "--workers", "2")
				cmd.Env = env
				return cmd
			}
			var wholeErr bytes.Buffer
			cmd := batch(whole)
			cmd.Stderr = &wholeErr
			if err := cmd.Run(); exitCode(err) != exitFailed {
				t.Fatalf("uninterrupted batch: %v, want exit status 2 (bad rows)", err)
			}
			counts := summaryCounts.FindString(wholeErr.String())
			if !strings.HasPrefix(counts, "12000 rows read") || strings.HasSuffix(counts, " 0 failed") {
				t.Fatalf("uninterrupted batch: summary %q, want 12000 rows, some failed\n%s", counts, wholeErr.String())
			}

			cmd = batch(resumed)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			ck := resumed + ".checkpoint"
			deadline := time.Now().Add(20 * time.Second)
			for {
				if fi, err := os.Stat(ck); err == nil && fi.Size() > 0 {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("no checkpoint within 20 s")
				}
				time.Sleep(time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			before, _ := os.ReadFile(resumed)
			wholeOut, _ := os.ReadFile(whole)
			if len(before) >= len(wholeOut) {
				t.Skip("the batch finished before it was killed; nothing to resume")
			}

			var stderr bytes.Buffer
			cmd = batch(resumed)
			cmd.Stderr = &stderr
			if err := cmd.Run(); exitCode(err) != exitFailed {
				t.Fatalf("resumed batch: %v\n%s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "clearance: resuming "+in+" after line ") {
				t.Errorf("the second run did not resume:\n%s", stderr.String())
			}
			if got := summaryCounts.FindString(stderr.String()); got != counts {
				t.Errorf("resumed summary %q, want the uninterrupted %q: every row counted once", got, counts)
			}
			got, _ := os.ReadFile(resumed)
			if !bytes.Equal(got, wholeOut) {
				t.Errorf("resumed output (%d bytes) differs from the uninterrupted one (%d bytes); %d bytes were written when killed", len(got), len(wholeOut), len(before))
			}
			if _, err := os.Stat(ck); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("checkpoint left after the batch completed: %v", err)
			}
		})
	}
}

var summaryCounts = regexp.MustCompile(`\d+ rows read, \d+ screened, \d+ alerted, \d+ failed`)

func exitCode(err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestBatchInterruptedResumes cancels a batch in process (as Ctrl-C does),
// then runs it again: the output is the uninterrupted one.
func TestBatchInterruptedResumes(t *testing.T) {
	dir := t.TempDir()
	in := subjectsFile(t, dir, "subjects.jsonl", 5000)
	whole, resumed := filepath.Join(dir, "whole.jsonl"), filepath.Join(dir, "resumed.jsonl")
	vars := builtinOnly(t)
	runBatchCLI(t, vars, "", "batch", "--in", in, "--out", whole)

	ctx, cancel := context.WithCancel(t.Context())
	var errb bytes.Buffer
	e := &env{stdout: &bytes.Buffer{}, stderr: &errb, stdin: strings.NewReader(""), getenv: func(k string) string { return vars[k] }}
	batchRowHook = func(n int64) {
		if n == 1234 {
			cancel()
		}
	}
	err := run(ctx, e, []string{"batch", "--in", in, "--out", resumed, "--checkpoint-every", "100000"})
	batchRowHook = nil
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "run the same command again to resume") {
		t.Fatalf("interrupted batch: %v, want it canceled and resumable", err)
	}
	_, stderr, code := runBatchCLI(t, vars, "", "batch", "--in", in, "--out", resumed)
	if code != exitFailed || !strings.Contains(stderr, "5000 rows read") {
		t.Errorf("resumed: exit %d\n%s", code, stderr)
	}
	a, _ := os.ReadFile(whole)
	b, _ := os.ReadFile(resumed)
	if !bytes.Equal(a, b) {
		t.Errorf("resumed output (%d bytes) differs from the uninterrupted one (%d bytes)", len(b), len(a))
	}
}

func TestBatchRefusesACheckpointOfOtherSettings(t *testing.T) {
	dir := t.TempDir()
	in := subjectsFile(t, dir, "subjects.jsonl", 10)
	out := filepath.Join(dir, "out.jsonl")
	os.WriteFile(out+".checkpoint", []byte(`{"input":"/elsewhere.jsonl","in":{"offset":10,"line":1},"out":5}`), 0o644)
	_, _, err := runCLI(t, builtinOnly(t), "", "batch", "--in", in, "--out", out)
	if err == nil || !strings.Contains(err.Error(), "cannot resume this batch") || !strings.Contains(err.Error(), "remove it to start over") {
		t.Errorf("err = %v, want the checkpoint refused", err)
	}
}
