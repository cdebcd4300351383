package server

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readyz reads a process's /readyz: its status code and whether it leads.
func readyz(url string) (int, bool, error) {
	resp, err := http.Get(url + "/readyz")
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	var body struct {
		Leader bool `json:"leader"`
	}
	err = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Leader, err
}

// TestKilledLeaderProcessIsReplacedWithinSeconds runs two `clearance serve`
// processes on one PostgreSQL schema, kills the leader with SIGKILL (no
// shutdown: PostgreSQL sees its connections drop) and times the other's
// takeover.
func TestKilledLeaderProcessIsReplacedWithinSeconds(t *testing.T) {
	db := pgSchema(t)
	bin := cliBinary(t)
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "audit-key")
	if err := os.WriteFile(keyFile, []byte(strings.Repeat("5a", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var procs []*process
	for _, name := range []string{"a", "b"} {
		procs = append(procs, startServe(t, bin, dir, db, "--audit-key", keyFile, "--audit-checkpoints", filepath.Join(dir, name+".jsonl")))
	}
	leader := -1
	waitFor(t, 10*time.Second, "one leader", func() bool {
		n := 0
		for i, p := range procs {
			if code, lead, err := readyz(p.url); err == nil && code == 200 && lead {
				leader, n = i, n+1
			}
		}
		return n == 1
	})
	other := procs[1-leader]
	if code, lead, err := readyz(other.url); err != nil || code != 200 || lead {
		t.Fatalf("the other process: %d leader=%v %v", code, lead, err)
	}
	if err := procs[leader].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	procs[leader].cmd.Wait()
	took := waitFor(t, 5*time.Second, "the other process leads", func() bool {
		_, lead, err := readyz(other.url)
		return err == nil && lead
	})
	t.Logf("the follower led %v after the leader was killed", took.Round(time.Millisecond))
	resp, err := http.Get(other.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if m := string(b); !strings.Contains(m, "\nclearance_leader 1\n") || !strings.Contains(m, "clearance_lists_version_info{version=") {
		t.Errorf("the new leader's metrics lack clearance_leader 1 or the lists version")
	}
}
