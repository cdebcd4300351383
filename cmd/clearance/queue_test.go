package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
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

	// worker starts a worker, under nice -n 3 if nice is nice(1)'s path.
	worker := func(name, nice string) *exec.Cmd {
		cmd := command("worker", "--queue", url, "--name", name, "--parallel", "1", "--quiet")
		if nice != "" {
			cmd.Path, cmd.Args = nice, append([]string{nice, "-n", "3"}, cmd.Args...)
		}
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

	doomed := worker("doomed", "")
	sub, stderr := submit()
	waitFor(int64(len(want) / 10))
	doomed.Process.Signal(syscall.SIGKILL)
	nice, _ := exec.LookPath("nice") // "" if there is none
	survivor := worker("survivor", nice)
	waitFor(int64(len(want) / 3))
	// Both run in SCHED_BATCH, so that their wake-ups do not preempt
	// workers on the same cores; the worker started with nice keeps it.
	wantBatchScheduling(t, "submitter", sub.Process.Pid, -1)
	if nice != "" {
		wantBatchScheduling(t, "worker under nice -n 3", survivor.Process.Pid, min(ownNice(t)+3, 19))
	} else {
		wantBatchScheduling(t, "worker", survivor.Process.Pid, -1)
	}
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

// wantBatchScheduling checks, on Linux, that every thread of a process is
// in SCHED_BATCH (sched_linux.go) and, if nice >= 0, has that nice value.
func wantBatchScheduling(t *testing.T, what string, pid, nice int) {
	t.Helper()
	if runtime.GOOS != "linux" {
		return
	}
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, task := range tasks {
		f := threadStat(fmt.Sprintf("/proc/%d/task/%s/stat", pid, task.Name()))
		if f == nil {
			continue // the thread ended
		}
		if f[41] != "3" {
			t.Errorf("%s, thread %s: scheduling policy %s, want 3 (SCHED_BATCH)", what, task.Name(), f[41])
		}
		if nice >= 0 && f[19] != strconv.Itoa(nice) {
			t.Errorf("%s, thread %s: nice %s, want %d", what, task.Name(), f[19], nice)
		}
	}
}

// threadStat reads a /proc stat file into its fields, numbered from 1 as
// in proc(5); nil if it cannot be read.
func threadStat(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	// The command (field 2) may hold spaces; it ends at the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil
	}
	return append([]string{"", "", "comm"}, strings.Fields(string(b[i+1:]))...)
}

// ownNice is this test process's nice value.
func ownNice(t *testing.T) int {
	f := threadStat("/proc/self/stat")
	if f == nil {
		t.Fatal("cannot read /proc/self/stat")
	}
	n, err := strconv.Atoi(f[19])
	if err != nil {
		t.Fatal(err)
	}
	return n
}
