package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

// leaderKillRounds is how many times TestClusterSurvivesLeaderKillsDuring
// Refresh kills the leader: $CLEARANCE_LEADER_KILLS, else 3 (CI). The
// issue's bar is 20; README gives the command.
func leaderKillRounds(t *testing.T) int {
	v := os.Getenv("CLEARANCE_LEADER_KILLS")
	if v == "" {
		return 3
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("CLEARANCE_LEADER_KILLS=%q: want a positive number", v)
	}
	return n
}

// killNames are invented names, one list change each: rare enough that a
// subject matches its own entity and nothing else in the lists.
var killSurnames = []string{"VARNOSTRE", "QUELLIMAR", "ZORTHENBY", "KALDWEISS", "MOROVANTE", "TRESSILAN", "UDRANKEL", "PELLOWICZ",
	"SANDROVEL", "YBARREKIN", "FOLMANDER", "GRISTOVEN", "HALVORIND", "JASPERLOT", "NEVILLARD", "ORMSKETTLE", "RUDDLEMAN", "WESTRAVEN",
	"BRACKENLY", "CORVADINE", "DUNSEVERN", "ELMSTRAND", "FENWARREL", "GOLDRAVEN"}
var killGiven = []string{"Aurelio", "Bastien", "Cyprian", "Desmond", "Evander", "Florian", "Gideon", "Horatio", "Ignatius", "Jericho",
	"Leopold", "Maximus", "Nikodem", "Octavio", "Peregrin", "Quillon", "Rufino", "Severin", "Tiberio", "Ulrich", "Valerian", "Wendell"}

func killName(i int) (surname, given string) {
	return killSurnames[i%len(killSurnames)], killGiven[(i*7+3)%len(killGiven)] + " " + killGiven[(i*11+5)%len(killGiven)]
}

// TestClusterSurvivesLeaderKillsDuringRefresh runs three `clearance serve`
// processes on one PostgreSQL schema, reading one lists folder, with a
// webhook receiver on 127.0.0.1 and a client screening all along. Each
// round adds one listed person whom one stored subject matches, asks the
// leader to refresh and SIGKILLs it at a random moment of that refresh,
// then starts a replacement. Whatever moment the kill lands on, each list
// change must be recorded once (one lists.updated record), re-screen each
// subject once, open one alert for its subject and deliver each webhook
// once; the client, retrying on another instance, must never fail; and the
// audit chain must verify.
func TestClusterSurvivesLeaderKillsDuringRefresh(t *testing.T) {
	db := pgSchema(t)
	bin := cliBinary(t)
	rounds := leaderKillRounds(t)
	if rounds >= len(killSurnames) {
		t.Fatalf("at most %d rounds", len(killSurnames)-1)
	}
	dir := t.TempDir()

	// The smallest real list, copied; each round appends one entity to it.
	listsDir := filepath.Join(dir, "lists")
	consDir := filepath.Join(listsDir, "us_ofac_cons")
	if err := os.MkdirAll(consDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"cons_prim.csv", "cons_add.csv", "cons_alt.csv"} {
		b, err := os.ReadFile(sharedfiles.Lists(t, "us_ofac_cons", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(consDir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	prim := filepath.Join(consDir, "cons_prim.csv")
	addEntity := func(i int) {
		b, err := os.ReadFile(prim)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.TrimSuffix(b, []byte{0x1a}) // OFAC's end-of-file marker stays last
		surname, given := killName(i)
		b = append(b, fmt.Sprintf("%d,\"%s, %s\",\"individual\",\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1971.\"\r\n\x1a", 990001+i, surname, given)...)
		// Written beside and renamed, as a download is: no instance reads
		// half a file.
		tmp := prim + ".tmp"
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, prim); err != nil {
			t.Fatal(err)
		}
	}

	// The webhook receiver counts each delivery and each alert it is told of.
	var hookMu sync.Mutex
	deliveries, alertsHeard := map[string]int{}, map[string]int{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev clearance.WebhookEvent
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Errorf("webhook body: %v: %s", err, body)
		}
		hookMu.Lock()
		deliveries[r.Header.Get("Clearance-Delivery")]++
		alertsHeard[ev.Alert.ID]++
		hookMu.Unlock()
	}))
	defer hook.Close()

	keyFile := filepath.Join(dir, "audit-key")
	if err := os.WriteFile(keyFile, []byte(strings.Repeat("6b", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(cliEnv(dir), "CLEARANCE_LISTS="+listsDir)
	var procMu sync.Mutex
	var live []*process
	started := 0
	start := func() {
		started++
		p := startServeEnv(t, bin, env, db, "--no-builtin", "--audit-key", keyFile,
			"--audit-checkpoints", filepath.Join(dir, fmt.Sprintf("cp-%d.jsonl", started)), "--webhook", hook.URL, "--webhook-secret", "leader-kill-test")
		procMu.Lock()
		live = append(live, p)
		procMu.Unlock()
	}
	for range 3 {
		start()
	}
	key := func(role string) string {
		return cliKeyEnv(t, bin, env, db, role, "--audit-key", keyFile, "--audit-checkpoints", filepath.Join(dir, "cp-keys.jsonl"))
	}
	admin, screenKey := key("admin"), key("screen")
	client := &http.Client{Timeout: 10 * time.Second}
	call := func(p *process, method, path, body string) (int, []byte) {
		code, data, err := apiCall(client, p.url, admin, method, path, body)
		if err != nil {
			return 0, []byte(err.Error())
		}
		return code, data
	}
	leader := func() *process {
		procMu.Lock()
		defer procMu.Unlock()
		var found *process
		for _, p := range live {
			if code, lead, err := readyz(p.url); err == nil && code == 200 && lead {
				if found != nil {
					return nil // two leaders at this instant: wait
				}
				found = p
			}
		}
		return found
	}
	var lp *process
	waitFor(t, 20*time.Second, "one leader", func() bool { lp = leader(); return lp != nil })

	subjects := make([]string, rounds)
	for i := range rounds {
		surname, given := killName(i)
		code, data := call(lp, "POST", "/v1/subjects", fmt.Sprintf(`{"ref":"kill-%d","query":{"name":"%s %s","type":"person"}}`, i, given, surname))
		var created subjectScreened
		if err := json.Unmarshal(data, &created); code != http.StatusCreated || err != nil {
			t.Fatalf("create subject %d: %d %s", i, code, data)
		}
		if len(created.Alerts) != 0 {
			t.Fatalf("subject %d alerted before its entity was listed: %+v", i, created.Alerts)
		}
		subjects[i] = created.Subject.ID
	}

	// A client screens all along, retrying a failed request on another
	// instance, as one behind a load balancer would.
	stop := make(chan struct{})
	var screened, failed atomic.Int64
	var clientDone sync.WaitGroup
	clientDone.Add(1)
	go func() {
		defer clientDone.Done()
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			procMu.Lock()
			ps := append([]*process(nil), live...)
			procMu.Unlock()
			ok := false
			for try := range len(ps) {
				p := ps[(n+try)%len(ps)]
				code, _, err := apiCall(client, p.url, screenKey, "POST", "/v1/screen", `{"name":"Jericho Varnostre","type":"person"}`)
				if err == nil && code == http.StatusOK {
					ok = true
					break
				}
			}
			screened.Add(1)
			if !ok {
				failed.Add(1)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()

	// A first change, not killed, times a refresh on this machine: the
	// kills below land within that time of the leader being asked.
	addEntity(rounds)
	began := time.Now()
	if code, data := call(lp, "POST", "/v1/lists/refresh", ""); code != http.StatusOK || !strings.Contains(string(data), `"added":1`) {
		t.Fatalf("the timing refresh: %d %s", code, data)
	}
	took := time.Since(began)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	answered := 0
	for i := range rounds {
		waitFor(t, 20*time.Second, "one leader", func() bool { lp = leader(); return lp != nil })
		addEntity(i)
		delay := time.Duration(rng.Int64N(int64(took)))
		refreshed := make(chan int, 1)
		go func() {
			code, _ := call(lp, "POST", "/v1/lists/refresh", "")
			refreshed <- code
		}()
		time.Sleep(delay)
		if err := lp.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		lp.cmd.Wait()
		if code := <-refreshed; code == http.StatusOK {
			answered++
		}
		procMu.Lock()
		for j, p := range live {
			if p == lp {
				live = append(live[:j], live[j+1:]...)
				break
			}
		}
		procMu.Unlock()
		start()
		// The change is done when every instance is on one version and the
		// round's subject has its alert.
		waitFor(t, 30*time.Second, fmt.Sprintf("round %d: one leader, every instance in sync, the subject alerted", i), func() bool {
			if leader() == nil {
				return false
			}
			procMu.Lock()
			ps := append([]*process(nil), live...)
			procMu.Unlock()
			version := ""
			for _, p := range ps {
				var rz struct {
					Version string `json:"lists_version"`
					InSync  bool   `json:"lists_in_sync"`
				}
				code, data := call(p, "GET", "/readyz", "")
				if code != 200 || json.Unmarshal(data, &rz) != nil || !rz.InSync || (version != "" && rz.Version != version) {
					return false
				}
				version = rz.Version
			}
			code, data := call(ps[0], "GET", "/v1/alerts?subject_id="+subjects[i], "")
			var as page[clearance.Alert]
			return code == 200 && json.Unmarshal(data, &as) == nil && len(as.Items) > 0
		})
	}
	close(stop)
	clientDone.Wait()
	t.Logf("%d leaders killed within %v (a refresh's time) of being asked to refresh (%d after answering); %d screenings by the client, %d failed after retrying",
		rounds, took.Round(time.Millisecond), answered, screened.Load(), failed.Load())

	procMu.Lock()
	p := live[0]
	procMu.Unlock()
	// Every alert, one per subject, for its own entity.
	code, data := call(p, "GET", "/v1/alerts?limit=1000", "")
	var all page[clearance.Alert]
	if err := json.Unmarshal(data, &all); code != 200 || err != nil {
		t.Fatalf("alerts: %d %s", code, data)
	}
	perSubject := map[string][]clearance.Alert{}
	for _, a := range all.Items {
		perSubject[a.SubjectID] = append(perSubject[a.SubjectID], a)
	}
	for i, sub := range subjects {
		want := "us_ofac_cons:" + strconv.Itoa(990001+i)
		if as := perSubject[sub]; len(as) != 1 || as[0].EntityID != want {
			t.Errorf("subject %d: alerts %+v, want one on %s", i, as, want)
		}
	}
	if len(all.Items) != rounds {
		t.Errorf("%d alerts, want %d (one per list change)", len(all.Items), rounds)
	}
	// Each subject re-screened once per version it was re-screened against.
	for i, sub := range subjects {
		code, data := call(p, "GET", "/v1/subjects/"+sub+"/screenings?limit=1000", "")
		var scs page[clearance.Screening]
		if err := json.Unmarshal(data, &scs); code != 200 || err != nil {
			t.Fatalf("screenings of subject %d: %d %s", i, code, data)
		}
		seen := map[string]int{}
		for _, sc := range scs.Items {
			if sc.By == clearance.MonitorActor {
				seen[sc.ListVersion]++
			}
		}
		for v, n := range seen {
			if n != 1 {
				t.Errorf("subject %d re-screened %d times against %s", i, n, v)
			}
		}
	}
	// Each list change recorded once: one lists.updated record with a
	// difference for the first load, the timing change and each round's.
	// (An instance that takes over with older lists in memory than the
	// version its dead predecessor recorded also records its own load of
	// that version, with nothing added, removed or changed: no change and
	// no re-screen.)
	code, data = call(p, "GET", "/v1/audit", "")
	if code != 200 {
		t.Fatalf("audit: %d %s", code, data)
	}
	changes, loads := 0, 0
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var r clearance.AuditRecord
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		if r.Action != clearance.ActionListsUpdated {
			continue
		}
		var rep RefreshReport
		if err := json.Unmarshal(r.Data, &rep); err != nil {
			t.Fatalf("lists.updated data %s: %v", r.Data, err)
		}
		if rep.Added+rep.Removed+rep.Changed > 0 {
			changes++
		} else {
			loads++
			if rep.Rescreened > 0 || rep.Alerts > 0 {
				t.Errorf("a load without a change re-screened: %s", r.Data)
			}
		}
	}
	if changes != rounds+2 {
		t.Errorf("%d lists.updated records with a change, want %d (the first load, the timing change and one per change)", changes, rounds+2)
	}
	t.Logf("%d list changes recorded, %d loads of an already recorded version", changes, loads)
	code, data = call(p, "GET", "/v1/audit/verify", "")
	var v clearance.AuditVerification
	if err := json.Unmarshal(data, &v); code != 200 || err != nil || v.FirstBroken != 0 || !v.Keyed {
		t.Errorf("audit verify: %d %s", code, data)
	}
	// Every alert's webhook arrives, once. A message the killed leader had
	// claimed (its poll runs during the refresh) is sent by another
	// instance when the claim's lease ends: the HTTP timeout (10 s) and
	// 30 s.
	waitFor(t, 90*time.Second, "a webhook for every alert", func() bool {
		hookMu.Lock()
		defer hookMu.Unlock()
		return len(alertsHeard) >= rounds
	})
	time.Sleep(500 * time.Millisecond) // a late second delivery would land now
	hookMu.Lock()
	for id, n := range deliveries {
		if n != 1 {
			t.Errorf("webhook delivery %s received %d times", id, n)
		}
	}
	for id, n := range alertsHeard {
		if n != 1 {
			t.Errorf("alert %s delivered %d times", id, n)
		}
	}
	hookMu.Unlock()
	if f := failed.Load(); f > 0 {
		t.Errorf("%d of %d screenings failed on every instance", f, screened.Load())
	}
}
