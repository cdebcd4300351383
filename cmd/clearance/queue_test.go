package main

import (
	"bufio"
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
)

// testDistributedBatchKilled runs the built command as separate processes
// on an embedded nats-server: a worker is killed with SIGKILL mid-job,
// then the submitter is, and the resumed job's output equals the local
// batch's byte for byte.
func testDistributedBatchKilled(t *testing.T, bin string) {
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	ns.Start()
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	url := "nats://127.0.0.1:" + strconv.Itoa(ns.Addr().(*net.TCPAddr).Port)
	dir := t.TempDir()
	in := subjectsFile(t, dir, "subjects.csv", 20000)
	local, dist := filepath.Join(dir, "local.csv"), filepath.Join(dir, "dist.csv")
	env := append(withoutClearanceVars(os.Environ()), "CLEARANCE_CACHE="+t.TempDir())
	command := func(args ...string) *exec.Cmd {
		cmd := exec.CommandContext(t.Context(), bin, args...)
		cmd.Env = env
		return cmd
	}
	if err := command("batch", "--in", in, "--out", local).Run(); exitCode(err) != exitFailed {
		t.Fatalf("local batch: %v, want exit status 2 (bad rows)", err)
	}
	want, _ := os.ReadFile(local)

	worker := func(name string) *exec.Cmd {
		cmd := command("worker", "--queue", url, "--name", name, "--parallel", "1", "--quiet")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd
	}
	submit := func(extra ...string) (*exec.Cmd, *bytes.Buffer) {
		var stderr bytes.Buffer
		cmd := command(append([]string{"batch", "--in", in, "--out", dist, "--queue", url, "--chunk-rows", "300", "--ack-wait", "1s"}, extra...)...)
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd, &stderr
	}
	// waitFor polls until the output holds at least n bytes.
	waitFor := func(n int64) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			if fi, err := os.Stat(dist); err == nil && fi.Size() >= n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the output never reached %d bytes", n)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}

	doomed := worker("doomed")
	sub, stderr := submit()
	waitFor(int64(len(want) / 10))
	doomed.Process.Signal(syscall.SIGKILL)
	worker("survivor")
	waitFor(int64(len(want) / 3))
	sub.Process.Signal(syscall.SIGKILL)
	sub.Wait()
	job := regexp.MustCompile(`--resume (j[0-9a-f-]+)`).FindStringSubmatch(stderr.String())
	if job == nil {
		t.Fatalf("the submitter did not name its job:\n%s", stderr.String())
	}
	if b, _ := os.ReadFile(dist); len(b) >= len(want) {
		t.Skip("the job finished before the submitter was killed")
	}

	sub, stderr = submit("--resume", job[1])
	err = sub.Wait()
	if exitCode(err) != exitFailed {
		t.Fatalf("resumed submitter: %v\n%s", err, stderr.String())
	}
	got, _ := os.ReadFile(dist)
	if !bytes.Equal(got, want) {
		t.Fatalf("distributed output (%d bytes) differs from the local batch (%d bytes) at byte %d", len(got), len(want), firstDiff(got, want))
	}
	sc := bufio.NewScanner(stderr)
	summary := ""
	for sc.Scan() {
		if m := summaryCounts.FindString(sc.Text()); m != "" {
			summary = m
		}
	}
	if summary == "" || summary[:len("20000 rows read")] != "20000 rows read" {
		t.Errorf("summary %q, want every one of 20000 rows counted once", summary)
	}
	jobs, err := command("jobs", "--queue", url).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(job[1] + `\s+done\s+67/67\s+0\s+20000\s`).Match(jobs) {
		t.Errorf("clearance jobs:\n%s\nwant %s done, 67 of 67 chunks, 20000 rows", jobs, job[1])
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
