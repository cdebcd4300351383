package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
)

// webhookReceiver records signed messages; it fails the first fail
// deliveries, as a receiver that is down would.
type webhookReceiver struct {
	t      *testing.T
	secret string
	fail   atomic.Int32
	mu     sync.Mutex
	events []clearance.WebhookEvent
	got    chan struct{}
}

func (wr *webhookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if !VerifySignature(wr.secret, r.Header.Get(SignatureHeader), body, time.Now(), 5*time.Minute) {
		wr.t.Errorf("webhook with a bad signature %q", r.Header.Get(SignatureHeader))
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if wr.fail.Add(-1) >= 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	var ev clearance.WebhookEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		wr.t.Errorf("webhook body %s: %v", body, err)
	}
	wr.mu.Lock()
	wr.events = append(wr.events, ev)
	wr.mu.Unlock()
	wr.got <- struct{}{}
}

func TestRefreshRescreensSubjectsAgainstWhatChanged(t *testing.T) {
	newcomer := clearance.Entity{ID: "test_list:4", Source: "test_list", Type: clearance.Person,
		Names: []clearance.Name{{Full: "SMITH, Johnathan Quincy", Kind: clearance.Primary}}, Programs: []string{"DPRK3"}}
	var mu sync.Mutex
	extra := []clearance.Entity{}
	load := func(context.Context) ([]lists.Dataset, error) {
		mu.Lock()
		defer mu.Unlock()
		return testDatasets(t, extra...), nil
	}
	recv := &webhookReceiver{t: t, secret: "s3cret", got: make(chan struct{}, 10)}
	recv.fail.Store(2)
	hook := httptest.NewServer(recv)
	defer hook.Close()
	f := newFixture(t, Config{Review: &clearance.ReviewPolicy{}, Load: load, Webhooks: []string{hook.URL}, WebhookSecret: "s3cret"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.srv.RunWebhooks(ctx, WebhookOptions{Backoff: 20 * time.Millisecond, Poll: 10 * time.Millisecond})

	var smith, other subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"c-smith","query":{"name":"Johnathan Quincy Smith","type":"person"}}`, http.StatusCreated, &smith)
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"c-other","query":{"name":"Maria Gonzales Ortega"}}`, http.StatusCreated, &other)
	if len(smith.Alerts)+len(other.Alerts) != 0 {
		t.Fatalf("alerts before the listing: %+v %+v", smith.Alerts, other.Alerts)
	}

	var rep RefreshReport
	f.call("POST", "/v1/lists/refresh", clearance.RoleAdmin, nil, http.StatusOK, &rep)
	if !rep.Unchanged || rep.Rescreened != 0 {
		t.Errorf("refresh of the same lists: %+v", rep)
	}

	mu.Lock()
	extra = append(extra, newcomer)
	mu.Unlock()
	old := f.srv.Snapshot().Version
	f.call("POST", "/v1/lists/refresh", clearance.RoleAdmin, nil, http.StatusOK, &rep)
	if rep.Added != 1 || rep.Changed != 0 || rep.Removed != 0 || rep.Rescreened != 2 || rep.Alerts != 1 || rep.PreviousVersion != old || f.srv.Snapshot().Version == old {
		t.Fatalf("refresh: %+v", rep)
	}
	var alerts page[clearance.Alert]
	f.call("GET", "/v1/alerts?status=open&subject_id="+smith.Subject.ID, clearance.RoleAnalyst, nil, http.StatusOK, &alerts)
	if len(alerts.Items) != 1 || alerts.Items[0].EntityID != newcomer.ID {
		t.Fatalf("alerts: %+v", alerts)
	}
	// The monitor's score is the score a full screening gives.
	var full subjectScreened
	f.call("POST", "/v1/subjects/"+smith.Subject.ID+"/screen", clearance.RoleAnalyst, nil, http.StatusOK, &full)
	if len(full.Screening.Matches) == 0 || full.Screening.Matches[0].Score != alerts.Items[0].Score {
		t.Errorf("monitor scored %v, a full screening %+v", alerts.Items[0].Score, full.Screening.Matches)
	}

	select {
	case <-recv.got:
	case <-time.After(5 * time.Second):
		t.Fatal("no webhook delivered")
	}
	recv.mu.Lock()
	if recv.events[0].Event != "alert.opened" || recv.events[0].Alert.ID != alerts.Items[0].ID || recv.fail.Load() >= 0 {
		t.Errorf("webhook: %+v (failures left %d)", recv.events, recv.fail.Load())
	}
	recv.mu.Unlock()

	// A false positive stays decided until the listing changes.
	f.call("POST", "/v1/alerts/"+alerts.Items[0].ID+"/decision", clearance.RoleAnalyst, `{"status":"false_positive","reason":"different person"}`, http.StatusOK, nil)
	mu.Lock()
	extra[0].BirthDates = []clearance.BirthDate{{Date: clearance.Date{Year: 1979}}}
	mu.Unlock()
	f.call("POST", "/v1/lists/refresh", clearance.RoleAdmin, nil, http.StatusOK, &rep)
	if rep.Changed != 1 || rep.Alerts != 1 {
		t.Fatalf("refresh after the listing changed: %+v", rep)
	}
	f.call("GET", "/v1/alerts?status=open", clearance.RoleAnalyst, nil, http.StatusOK, &alerts)
	if len(alerts.Items) != 1 || alerts.Items[0].EntityVersion != clearance.EntityVersion(&extra[0]) {
		t.Fatalf("open alerts after the change: %+v", alerts)
	}

	mu.Lock()
	extra = nil
	mu.Unlock()
	f.call("POST", "/v1/lists/refresh", clearance.RoleAdmin, nil, http.StatusOK, &rep)
	if rep.Removed != 1 || rep.Rescreened != 0 {
		t.Errorf("refresh after a delisting: %+v", rep)
	}
}

// TestRestartRescreensSubjectsAgainstWhatChangedWhileDown stops a server
// (drops it), changes the lists, and starts another on the same database:
// its first load must find the change against the state the first server
// left in the store, and alert on the subject the new listing matches.
func TestRestartRescreensSubjectsAgainstWhatChangedWhileDown(t *testing.T) {
	newcomer := clearance.Entity{ID: "test_list:4", Source: "test_list", Type: clearance.Person,
		Names: []clearance.Name{{Full: "SMITH, Johnathan Quincy", Kind: clearance.Primary}}, Programs: []string{"DPRK3"}}
	f := newFixture(t, Config{})
	var smith, other subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"c-smith","query":{"name":"Johnathan Quincy Smith","type":"person"}}`, http.StatusCreated, &smith)
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"c-other","query":{"name":"Maria Gonzales Ortega"}}`, http.StatusCreated, &other)
	before := f.srv.Snapshot().Version
	saved, err := f.store.LoadListState(context.Background())
	if err != nil || saved.Version != before || len(saved.Entities) != f.srv.Snapshot().Index.Len() {
		t.Fatalf("list state after the first load: %v, %d entities (%v); want version %s", saved.Version, len(saved.Entities), err, before)
	}

	restart := func(extra ...clearance.Entity) (*Server, RefreshReport) {
		t.Helper()
		srv := New(Config{Store: f.store, Load: func(context.Context) ([]lists.Dataset, error) { return testDatasets(t, extra...), nil }})
		rep, err := srv.Refresh(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return srv, rep
	}
	_, rep := restart(newcomer)
	if rep.PreviousVersion != before || rep.Added != 1 || rep.Changed+rep.Removed != 0 || rep.Rescreened != 2 || rep.Alerts != 1 {
		t.Fatalf("first load after a restart with a new listing: %+v", rep)
	}
	alerts, err := f.store.ListAlerts(context.Background(), clearance.AlertFilter{Status: clearance.AlertOpen})
	if err != nil || len(alerts) != 1 || alerts[0].SubjectID != smith.Subject.ID || alerts[0].EntityID != newcomer.ID {
		t.Fatalf("open alerts: %+v (%v)", alerts, err)
	}

	// Restarting again on the same lists finds nothing to do and leaves
	// the stored state as it was.
	state, _ := f.store.LoadListState(context.Background())
	srv, rep := restart(newcomer)
	if rep.Added+rep.Changed+rep.Removed+rep.Rescreened+rep.Alerts != 0 || rep.PreviousVersion != rep.Version || srv.Snapshot() == nil {
		t.Fatalf("restart on unchanged lists: %+v", rep)
	}
	if again, _ := f.store.LoadListState(context.Background()); !again.SavedAt.Equal(state.SavedAt) {
		t.Errorf("unchanged lists rewrote the state (saved %v, then %v)", state.SavedAt, again.SavedAt)
	}
	recs, err := f.store.ListAudit(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	updates := 0
	for _, r := range recs {
		if r.Action == clearance.ActionListsUpdated {
			updates++
		}
	}
	if updates != 3 {
		t.Errorf("%d lists.updated records, want one per load (3)", updates)
	}
}

func TestWebhookSignature(t *testing.T) {
	body := []byte(`{"event":"alert.opened"}`)
	now := time.Unix(1_750_000_000, 0)
	sig := Sign("k", now, body)
	tests := []struct {
		name   string
		secret string
		header string
		body   []byte
		at     time.Time
		want   bool
	}{
		{"the signature verifies", "k", sig, body, now, true},
		{"another secret fails", "k2", sig, body, now, false},
		{"a changed body fails", "k", sig, []byte(`{"event":"alert.closed"}`), now, false},
		{"an old message fails", "k", sig, body, now.Add(time.Hour), false},
		{"garbage fails", "k", "v1=abc", body, now, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VerifySignature(tt.secret, tt.header, tt.body, tt.at, 5*time.Minute); got != tt.want {
				t.Fatalf("got %v", got)
			}
		})
	}
	if got := backoff(time.Second, time.Minute, 1); got != time.Second {
		t.Errorf("first backoff %v", got)
	}
	if got := backoff(time.Second, time.Minute, 4); got != 8*time.Second {
		t.Errorf("fourth backoff %v", got)
	}
	if got := backoff(time.Second, time.Minute, 40); got != time.Minute {
		t.Errorf("capped backoff %v", got)
	}
}

// TestScreeningThroughSwaps screens from several goroutines while the
// lists are swapped again and again: no request may fail or come back
// empty.
func TestScreeningThroughSwaps(t *testing.T) {
	f := newFixture(t, Config{})
	snaps := []*Snapshot{f.srv.Snapshot()}
	for i := range 3 {
		snaps = append(snaps, NewSnapshot(testDatasets(t, clearance.Entity{ID: "test_list:x" + string(rune('a'+i)), Source: "test_list", Names: []clearance.Name{{Full: "Extra Entity " + string(rune('A'+i))}}}), f.srv.cfg.IndexOptions))
	}
	stop := make(chan struct{})
	var screened, failed atomic.Int64
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			body := []string{`{"name":"Kim Sang Man"}`, `{"name":"Pak Jin Hyok","dob":"1984"}`}[g%2]
			for {
				select {
				case <-stop:
					return
				default:
				}
				status, data := f.do("POST", "/v1/screen", clearance.RoleScreen, body)
				var res clearance.Result
				if status != 200 || json.Unmarshal(data, &res) != nil || !res.Alert || len(res.Matches) == 0 {
					failed.Add(1)
					t.Errorf("during swaps: %d %s", status, data)
					return
				}
				screened.Add(1)
			}
		})
	}
	for i := range 20 {
		time.Sleep(10 * time.Millisecond)
		f.srv.Swap(snaps[i%len(snaps)])
	}
	close(stop)
	wg.Wait()
	if failed.Load() != 0 || screened.Load() < 50 {
		t.Fatalf("screened %d, failed %d", screened.Load(), failed.Load())
	}
	t.Logf("%d screenings through 20 swaps", screened.Load())
}
