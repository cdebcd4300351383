package server

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/store/postgres"
)

// These tests run several in-process instances on one PostgreSQL schema,
// as `clearance serve` runs them on one database: each with its own store
// (connection pool), its own leader-lock and listen connections, its own
// HTTP server on 127.0.0.1.

// pgSchema returns $CLEARANCE_TEST_POSTGRES with search_path set to a new
// schema, dropped when the test ends.
func pgSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("CLEARANCE_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CLEARANCE_TEST_POSTGRES is not set: CI must start PostgreSQL")
		}
		t.Skip("CLEARANCE_TEST_POSTGRES is not set; run store/postgres/ci-setup.sh and export the URL it prints to test several instances on one database")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var r [6]byte
	rand.Read(r[:])
	schema := "test_" + hex.EncodeToString(r[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("CLEARANCE_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

type node struct {
	t     testing.TB
	name  string
	cp    string // its checkpoint file
	srv   *Server
	store *postgres.DB
	ts    *httptest.Server
	stop  context.CancelFunc
	done  chan struct{}
}

type cluster struct {
	t     testing.TB
	url   string
	key   *clearance.AuditKey
	admin string // an admin API key, valid on every instance
	nodes []*node
	poll  time.Duration // the next instances' ClusterOptions.Poll
}

func newCluster(t testing.TB) *cluster {
	key, err := clearance.NewAuditKey([]byte("cluster tests' audit key, 32 bytes or more"))
	if err != nil {
		t.Fatal(err)
	}
	return &cluster{t: t, url: pgSchema(t), key: key, poll: 500 * time.Millisecond}
}

// start adds an instance with the given loader and config.
func (c *cluster) start(load func(context.Context) ([]lists.Dataset, error), cfg Config) *node {
	t := c.t
	t.Helper()
	name := fmt.Sprintf("n%d", len(c.nodes))
	cp := filepath.Join(t.TempDir(), name+".checkpoints.jsonl")
	st, err := postgres.OpenWith(context.Background(), c.url, clearance.AuditConfig{Key: c.key, CheckpointFile: cp, WriteCheckpoints: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.admin == "" {
		if c.admin, _, err = CreateKey(context.Background(), st, "test", "cluster admin", clearance.RoleAdmin); err != nil {
			t.Fatal(err)
		}
	}
	cl := postgres.NewCluster(c.url, postgres.ClusterOptions{Retry: 100 * time.Millisecond})
	cfg.Store, cfg.Load, cfg.Cluster = st, load, cl
	n := &node{t: t, name: name, cp: cp, srv: New(cfg), store: st, done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	n.stop = cancel
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); cl.Run(ctx) }()
	go func() {
		defer wg.Done()
		n.srv.RunCluster(ctx, ClusterOptions{Poll: c.poll, Retry: 200 * time.Millisecond})
	}()
	go func() { wg.Wait(); close(n.done) }()
	n.ts = httptest.NewServer(n.srv)
	t.Cleanup(n.kill)
	c.nodes = append(c.nodes, n)
	return n
}

// kill stops the instance: its lock and listen connections close (which
// gives up the lock, as a dead process's would), then its store.
func (n *node) kill() {
	select {
	case <-n.done:
		return
	default:
	}
	n.stop()
	<-n.done
	n.ts.Close()
	n.store.Close()
}

func (n *node) alive() bool {
	select {
	case <-n.done:
		return false
	default:
		return true
	}
}

func (c *cluster) call(n *node, method, path, body string) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, n.ts.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.admin)
	resp, err := n.ts.Client().Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// leaders returns the live instances that lead.
func (c *cluster) leaders() []*node {
	var out []*node
	for _, n := range c.nodes {
		if n.alive() && n.srv.IsLeader() {
			out = append(out, n)
		}
	}
	return out
}

// waitFor polls cond every 20 ms for up to d.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > d {
			t.Fatalf("%s: not after %v", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

// inSync reports whether every live instance screens against version v.
func (c *cluster) inSync(v string) bool {
	for _, n := range c.nodes {
		if !n.alive() {
			continue
		}
		if s := n.srv.Snapshot(); s == nil || s.Version != v {
			return false
		}
	}
	return true
}

func countAudit(t *testing.T, st clearance.Store, action string) int {
	t.Helper()
	n := 0
	after := int64(0)
	for {
		recs, err := st.ListAudit(context.Background(), after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.Action == action {
				n++
			}
		}
		if len(recs) < 1000 {
			return n
		}
		after = recs[len(recs)-1].Seq
	}
}

func metricLine(t *testing.T, n *node, name string) string {
	t.Helper()
	rec := httptestDo(n.srv, "GET", "/metrics")
	for _, l := range strings.Split(rec.Body.String(), "\n") {
		if strings.HasPrefix(l, name+" ") || strings.HasPrefix(l, name+"{") {
			return l
		}
	}
	return ""
}

func TestClusterElectsOneLeaderWhichAloneRefreshesAndIsReplacedWhenItDies(t *testing.T) {
	c := newCluster(t)
	newcomer := clearance.Entity{ID: "test_list:4", Source: "test_list", Type: clearance.Person,
		Names: []clearance.Name{{Full: "SMITH, Johnathan Quincy", Kind: clearance.Primary}}, Programs: []string{"DPRK3"}}
	second := clearance.Entity{ID: "test_list:5", Source: "test_list", Type: clearance.Person,
		Names: []clearance.Name{{Full: "GONZALES ORTEGA, Maria", Kind: clearance.Primary}}, Programs: []string{"DPRK3"}}
	var mu sync.Mutex
	var extra []clearance.Entity
	// One folder of lists all instances read (--lists, or the shared cache).
	load := func(context.Context) ([]lists.Dataset, error) {
		mu.Lock()
		defer mu.Unlock()
		return testDatasets(t, extra...), nil
	}
	for range 3 {
		c.start(load, Config{})
	}
	waitFor(t, 10*time.Second, "one leader and every instance on the leader's lists", func() bool {
		ls := c.leaders()
		return len(ls) == 1 && ls[0].srv.Snapshot() != nil && c.inSync(ls[0].srv.Snapshot().Version)
	})
	for i := 0; i < 10; i++ { // and only one, for a while
		if ls := c.leaders(); len(ls) != 1 {
			t.Fatalf("%d leaders", len(ls))
		}
		time.Sleep(20 * time.Millisecond)
	}
	leader := c.leaders()[0]
	var follower *node
	for _, n := range c.nodes {
		if n != leader {
			follower = n
		}
		body := httptestDo(n.srv, "GET", "/readyz").Body.String()
		want := fmt.Sprintf(`"leader":%v`, n == leader)
		if !strings.Contains(body, want) || !strings.Contains(body, `"lists_in_sync":true`) {
			t.Errorf("%s /readyz: %s; want %s and in sync", n.name, body, want)
		}
		gauge := fmt.Sprintf("clearance_leader %d", map[bool]int{true: 1, false: 0}[n == leader])
		if got := metricLine(t, n, "clearance_leader"); got != gauge {
			t.Errorf("%s: %q, want %q", n.name, got, gauge)
		}
	}
	if updates := countAudit(t, leader.store, clearance.ActionListsUpdated); updates != 1 {
		t.Errorf("%d lists.updated records after three instances started, want 1 (the leader's first load)", updates)
	}

	// A subject stored through a follower; then the lists change, and
	// every instance is asked to refresh at once: the leader re-screens,
	// the followers only load what it recorded.
	if status, body := c.call(follower, "POST", "/v1/subjects", `{"ref":"c-smith","query":{"name":"Johnathan Quincy Smith","type":"person"}}`); status != http.StatusCreated {
		t.Fatalf("create a subject on a follower: %d %s", status, body)
	}
	mu.Lock()
	extra = append(extra, newcomer)
	mu.Unlock()
	var wg sync.WaitGroup
	for _, n := range c.nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, body := c.call(n, "POST", "/v1/lists/refresh", ""); status != http.StatusOK {
				t.Errorf("%s refresh: %d %s", n.name, status, body)
			}
		}()
	}
	wg.Wait()
	v1 := leader.srv.Snapshot().Version
	took := waitFor(t, 5*time.Second, "followers on the leader's new lists", func() bool { return c.inSync(v1) })
	t.Logf("followers on the new version %v after the leader's refresh", took)
	if updates := countAudit(t, leader.store, clearance.ActionListsUpdated); updates != 2 {
		t.Errorf("%d lists.updated records after one change, want 2", updates)
	}
	scs, err := leader.store.ListScreenings(context.Background(), "", clearance.ListOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	monitor := 0
	for _, sc := range scs {
		if sc.By == "monitor" {
			monitor++
		}
	}
	if monitor != 1 {
		t.Errorf("%d re-screenings by the monitor for one change and one matching subject, want 1", monitor)
	}

	// The alert the leader's re-screen opened is seen on one follower and
	// decided on another.
	var others []*node
	for _, n := range c.nodes {
		if n != leader {
			others = append(others, n)
		}
	}
	status, data := c.call(others[0], "GET", "/v1/alerts?status=open", "")
	var open page[clearance.Alert]
	if err := json.Unmarshal(data, &open); status != http.StatusOK || err != nil || len(open.Items) != 1 || open.Items[0].EntityID != newcomer.ID {
		t.Fatalf("open alerts on %s: %d %s", others[0].name, status, data)
	}
	if status, data := c.call(others[1], "POST", "/v1/alerts/"+open.Items[0].ID+"/decision", `{"status":"true_match","reason":"same person"}`); status != http.StatusOK {
		t.Fatalf("decide on %s: %d %s", others[1].name, status, data)
	}
	if status, data := c.call(leader, "GET", "/v1/alerts/"+open.Items[0].ID, ""); status != http.StatusOK || !strings.Contains(string(data), `"true_match"`) {
		t.Errorf("the decided alert on the leader: %d %s", status, data)
	}

	// The leader dies (its lock connection closes): another takes over
	// within seconds and refreshes from then on.
	killed := time.Now()
	leader.kill()
	took = waitFor(t, 5*time.Second, "a new leader", func() bool { return len(c.leaders()) == 1 })
	t.Logf("a new leader %v after the leader died", time.Since(killed).Round(time.Millisecond))
	_ = took
	next := c.leaders()[0]
	mu.Lock()
	extra = append(extra, second)
	mu.Unlock()
	if status, body := c.call(next, "POST", "/v1/lists/refresh", ""); status != http.StatusOK || !strings.Contains(string(body), `"added":1`) {
		t.Fatalf("the new leader's refresh: %d %s", status, body)
	}
	v2 := next.srv.Snapshot().Version
	waitFor(t, 5*time.Second, "the follower on the new leader's lists", func() bool { return c.inSync(v2) })
	if updates := countAudit(t, next.store, clearance.ActionListsUpdated); updates != 3 {
		t.Errorf("%d lists.updated records after two changes, want 3", updates)
	}
	if v, err := next.store.VerifyAudit(context.Background()); err != nil || v.FirstBroken != 0 || !v.Keyed {
		t.Errorf("audit verify: %+v %v", v, err)
	}
}

func TestClusterFollowerThatCannotLoadTheLeadersListsSaysSo(t *testing.T) {
	c := newCluster(t)
	newcomer := clearance.Entity{ID: "test_list:4", Source: "test_list", Type: clearance.Person,
		Names: []clearance.Name{{Full: "SMITH, Johnathan Quincy", Kind: clearance.Primary}}, Programs: []string{"DPRK3"}}
	var mu sync.Mutex
	var extra []clearance.Entity
	shared := func(context.Context) ([]lists.Dataset, error) {
		mu.Lock()
		defer mu.Unlock()
		return testDatasets(t, extra...), nil
	}
	// The other's files never change (a --lists folder not kept up to date).
	stale := func(context.Context) ([]lists.Dataset, error) { return testDatasets(t), nil }
	a := c.start(shared, Config{})
	waitFor(t, 5*time.Second, "the first instance leads, on its lists", func() bool { return a.srv.IsLeader() && a.srv.Snapshot() != nil })
	b := c.start(stale, Config{})
	v0 := a.srv.Snapshot().Version
	waitFor(t, 5*time.Second, "the second on the same lists", func() bool { return c.inSync(v0) })

	mu.Lock()
	extra = append(extra, newcomer)
	mu.Unlock()
	if _, err := a.srv.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the follower out of sync", func() bool { return metricLine(t, b, "clearance_lists_in_sync") == "clearance_lists_in_sync 0" })
	rec := httptestDo(b.srv, "GET", "/readyz")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"out_of_sync"`) || !strings.Contains(rec.Body.String(), a.srv.Snapshot().Version) {
		t.Errorf("/readyz of a follower without the leader's lists: %d %s", rec.Code, rec.Body)
	}
	if got := b.srv.Snapshot().Version; got != v0 {
		t.Errorf("the follower screens against %s, want its own %s kept whole", got, v0)
	}
}

func TestClusterKeepsOneAuditChainUnderConcurrentWriters(t *testing.T) {
	c := newCluster(t)
	load := func(context.Context) ([]lists.Dataset, error) { return testDatasets(t), nil }
	a := c.start(load, Config{RecordScreenings: true})
	b := c.start(load, Config{RecordScreenings: true})
	waitFor(t, 5*time.Second, "both loaded", func() bool {
		return a.srv.Snapshot() != nil && b.srv.Snapshot() != nil
	})
	const perWriter = 40
	var wg sync.WaitGroup
	for i, n := range []*node{a, b, a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range perWriter {
				body := fmt.Sprintf(`{"name":"Pak Jin Hyok %d-%d"}`, i, j)
				path := "/v1/screen"
				if j%10 == 0 {
					body = fmt.Sprintf(`{"ref":"w%d-%d","query":{"name":"Kim Su Il %d"}}`, i, j, j)
					path = "/v1/subjects"
				}
				if status, data := c.call(n, "POST", path, body); status/100 != 2 {
					t.Errorf("%s %s: %d %s", n.name, path, status, data)
					return
				}
			}
		}()
	}
	wg.Wait()
	// Both stores' last checkpoints are written when they close.
	a.kill()
	b.kill()
	// Verified against each instance's checkpoints, as `clearance audit
	// verify --checkpoints` does: each signed the one chain's heads.
	for _, n := range []*node{a, b} {
		st, err := postgres.OpenWith(context.Background(), c.url, clearance.AuditConfig{Key: c.key, CheckpointFile: n.cp})
		if err != nil {
			t.Fatal(err)
		}
		v, err := st.VerifyAudit(context.Background())
		st.Close()
		if err != nil || v.FirstBroken != 0 || !v.Keyed || v.Unproven != "" || v.Checkpoints == 0 {
			t.Fatalf("audit verify after two writers, with %s's checkpoints: %+v %v", n.name, v, err)
		}
		if v.Records < 6*perWriter {
			t.Errorf("%d records, want at least %d", v.Records, 6*perWriter)
		}
		t.Logf("%d records by two instances, one chain; %d of %s's checkpoints compared", v.Records, v.Checkpoints, n.name)
	}
}

func TestClusterDeliversEachWebhookOnceWithTwoInstancesDraining(t *testing.T) {
	c := newCluster(t)
	var mu sync.Mutex
	got := map[string]int{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		got[r.Header.Get("Clearance-Delivery")]++
		mu.Unlock()
	}))
	defer hook.Close()
	load := func(context.Context) ([]lists.Dataset, error) { return testDatasets(t), nil }
	a := c.start(load, Config{WebhookSecret: "s"})
	b := c.start(load, Config{WebhookSecret: "s"})
	const n = 120
	for i := range n {
		d := &clearance.WebhookDelivery{URL: hook.URL, Payload: []byte(fmt.Sprintf(`{"n":%d}`, i))}
		if err := a.store.EnqueueWebhook(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, nd := range []*node{a, b} {
		go nd.srv.RunWebhooks(ctx, WebhookOptions{Poll: 10 * time.Millisecond})
	}
	waitFor(t, 10*time.Second, "every message delivered", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == n
	})
	time.Sleep(300 * time.Millisecond) // time for a second delivery, were there one
	mu.Lock()
	defer mu.Unlock()
	for id, k := range got {
		if k != 1 {
			t.Errorf("%s delivered %d times", id, k)
		}
	}
	var byA, byB float64
	fmt.Sscanf(strings.TrimPrefix(metricLine(t, a, `clearance_webhook_attempts_total`), `clearance_webhook_attempts_total{result="delivered"} `), "%g", &byA)
	fmt.Sscanf(strings.TrimPrefix(metricLine(t, b, `clearance_webhook_attempts_total`), `clearance_webhook_attempts_total{result="delivered"} `), "%g", &byB)
	t.Logf("delivered by the two instances: %v and %v", byA, byB)
	if byA+byB != n {
		t.Errorf("the instances count %v+%v deliveries, want %d", byA, byB, n)
	}
}

func TestClusterFollowersPollWhenNotificationsAreLost(t *testing.T) {
	c := newCluster(t)
	newcomer := clearance.Entity{ID: "test_list:4", Source: "test_list", Type: clearance.Person,
		Names: []clearance.Name{{Full: "SMITH, Johnathan Quincy", Kind: clearance.Primary}}, Programs: []string{"DPRK3"}}
	var mu sync.Mutex
	var extra []clearance.Entity
	load := func(context.Context) ([]lists.Dataset, error) {
		mu.Lock()
		defer mu.Unlock()
		return testDatasets(t, extra...), nil
	}
	a := c.start(load, Config{})
	waitFor(t, 5*time.Second, "the first instance leads, on its lists", func() bool { return a.srv.IsLeader() && a.srv.Snapshot() != nil })
	b := c.start(load, Config{})
	waitFor(t, 5*time.Second, "the second on the same lists", func() bool { return c.inSync(a.srv.Snapshot().Version) })
	// No more notifications: only the poll (every 500 ms here) tells b.
	raw, err := sql.Open("pgx", c.url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("DROP TRIGGER list_state_notify ON list_state"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	extra = append(extra, newcomer)
	mu.Unlock()
	if _, err := a.srv.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	took := waitFor(t, 3*time.Second, "the follower on the new lists by polling", func() bool { return c.inSync(a.srv.Snapshot().Version) })
	t.Logf("followed by polling after %v", took)
	if b.srv.IsLeader() {
		t.Error("two leaders")
	}
}

func TestClusterFollowersHearOfChangesAtOnce(t *testing.T) {
	c := newCluster(t)
	newcomer := clearance.Entity{ID: "test_list:4", Source: "test_list", Type: clearance.Person,
		Names: []clearance.Name{{Full: "SMITH, Johnathan Quincy", Kind: clearance.Primary}}, Programs: []string{"DPRK3"}}
	var mu sync.Mutex
	var extra []clearance.Entity
	load := func(context.Context) ([]lists.Dataset, error) {
		mu.Lock()
		defer mu.Unlock()
		return testDatasets(t, extra...), nil
	}
	a := c.start(load, Config{})
	waitFor(t, 5*time.Second, "the first instance leads, on its lists", func() bool { return a.srv.IsLeader() && a.srv.Snapshot() != nil })
	c.poll = time.Hour // the follower learns of changes only by notification
	c.start(load, Config{})
	waitFor(t, 5*time.Second, "the second on the same lists", func() bool { return c.inSync(a.srv.Snapshot().Version) })
	mu.Lock()
	extra = append(extra, newcomer)
	mu.Unlock()
	if _, err := a.srv.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	took := waitFor(t, 3*time.Second, "the follower on the new lists", func() bool { return c.inSync(a.srv.Snapshot().Version) })
	t.Logf("followed by notification after %v", took)
}

// BenchmarkClusterScreen measures recorded screenings over HTTP from 16
// clients spread over one or two instances on one PostgreSQL schema (all
// on this machine's cores, PostgreSQL included).
func BenchmarkClusterScreen(b *testing.B) {
	for _, instances := range []int{1, 2} {
		b.Run(fmt.Sprintf("instances=%d", instances), func(b *testing.B) {
			c := newCluster(b)
			load := func(context.Context) ([]lists.Dataset, error) { return testDatasets(b), nil }
			for range instances {
				c.start(load, Config{RecordScreenings: true})
			}
			waitFor(b, 10*time.Second, "lists loaded", func() bool {
				ls := c.leaders()
				return len(ls) == 1 && ls[0].srv.Snapshot() != nil && c.inSync(ls[0].srv.Snapshot().Version)
			})
			const clients = 16
			work := make(chan int, clients)
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for k := range clients {
				n := c.nodes[k%instances]
				wg.Go(func() {
					for i := range work {
						if status, data := c.call(n, "POST", "/v1/screen", fmt.Sprintf(`{"name":"Pak Jin Hyok %d"}`, i)); status != http.StatusOK {
							b.Errorf("%d %s", status, data)
							return
						}
					}
				})
			}
			for i := range b.N {
				work <- i
			}
			close(work)
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
		})
	}
}

func TestClusterLeaderWhoseLockSessionIsTerminatedStepsDown(t *testing.T) {
	c := newCluster(t)
	load := func(context.Context) ([]lists.Dataset, error) { return testDatasets(t), nil }
	a := c.start(load, Config{})
	waitFor(t, 5*time.Second, "the first instance leads", a.srv.IsLeader)
	c.start(load, Config{})
	raw, err := sql.Open("pgx", c.url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// The session holding this schema's leader lock, ended by the server
	// (an administrator, a failover of the database, a dropped network).
	var pid int
	if err := raw.QueryRow(`SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
		AND l.objid::bigint = (hashtext('clearance leader ' || current_schema())::bigint & 4294967295)`).Scan(&pid); err != nil {
		t.Fatalf("find the leader's lock session: %v", err)
	}
	start := time.Now()
	if _, err := raw.Exec("SELECT pg_terminate_backend($1)", pid); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the leader steps down", func() bool { return !a.srv.IsLeader() })
	waitFor(t, 5*time.Second, "one leader again", func() bool { return len(c.leaders()) == 1 })
	t.Logf("a leader again %v after its lock session was terminated (now %v)", time.Since(start).Round(time.Millisecond), c.leaders()[0].name)
	for i := 0; i < 20; i++ {
		if n := len(c.leaders()); n != 1 {
			t.Fatalf("%d leaders", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
