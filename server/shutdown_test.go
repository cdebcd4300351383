package server

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
)

// TestServeCheckpointsTheTrailAtShutdown runs `clearance serve`, screens,
// stops it with SIGTERM and finds the last record checkpointed (in the
// file beside the database and in the log), so `audit verify` proves the
// whole trail, up to its last record.
func TestServeCheckpointsTheTrailAtShutdown(t *testing.T) {
	bin := cliBinary(t)
	dir := t.TempDir()
	db := dir + "/clearance.db"
	key := cliKey(t, bin, dir, db, "screen")
	p := startServe(t, bin, dir, db)
	client := &http.Client{Timeout: 10 * time.Second}
	for range 5 {
		if status, data, err := apiCall(client, p.url, key, "POST", "/v1/screen", `{"name":"Kim Sang Man"}`); err != nil || status != 200 {
			t.Fatalf("screen: %d %s %v", status, data, err)
		}
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after SIGTERM: %v\n%s", err, p.logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30 s of SIGTERM")
	}
	time.Sleep(100 * time.Millisecond) // let the log reader take the last lines
	if !strings.Contains(p.logs.String(), "audit checkpoint") {
		t.Errorf("no audit checkpoint in the log:\n%s", p.logs)
	}
	if fi, err := os.Stat(db + ".audit-checkpoints.jsonl"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("checkpoint file beside the database: %v %v", fi, err)
	}
	cmd := exec.Command(bin, "audit", "verify", "--db", db, "--json")
	cmd.Env = cliEnv(dir)
	out, err := cmd.Output()
	var v clearance.AuditVerification
	if err != nil || json.Unmarshal(out, &v) != nil {
		t.Fatalf("audit verify: %v %s", err, out)
	}
	// keys create, 5 screenings, lists.updated at the first load.
	if v.Records < 6 || v.LatestCheckpoint != v.Records || !v.Keyed || v.KeyedFrom != 1 {
		t.Fatalf("after shutdown: %+v, want the last record checkpointed", v)
	}
}
