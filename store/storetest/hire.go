package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
)

// RunHire runs the remote-hire part of the suite (clearance.HireStore)
// against stores that implement it.
func RunHire(t *testing.T, newDB NewDB) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s clearance.Store, hs clearance.HireStore, reopen func() clearance.Store)
	}{
		{"hire people, aggregates and results are upserted and survive reopening", testHirePeople},
		{"the identifier index is replaced per person and finds holders", testHireIdentifiers},
		{"clusters are upserted and deleted", testHireClusters},
		{"a newly flagged person opens one hire alert, audited, decided and sent to webhooks", testHireAlerts},
		{"a write with a bad person changes nothing", testHireInvalid},
		{"a write from a stale population is refused and changes nothing", testHireVersion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			open := keyed(t, newDB)
			s, err := open()
			must(t, err)
			cur := s
			t.Cleanup(func() { cur.Close() })
			hs, ok := s.(clearance.HireStore)
			if !ok {
				t.Fatalf("%T does not implement clearance.HireStore", s)
			}
			reopen := func() clearance.Store {
				must(t, cur.Close())
				n, err := open()
				must(t, err)
				cur = n
				return n
			}
			tt.fn(t, s, hs, reopen)
		})
	}
}

func hirePerson(id string, risk float64, flagged bool) clearance.HirePerson {
	return clearance.HirePerson{ID: id, Record: json.RawMessage(`{"id":"` + id + `","legal_name":"Person ` + id + `"}`),
		Aggregate: json.RawMessage(`{"events":3}`), Result: json.RawMessage(`{"person":"` + id + `"}`), Risk: risk, Flagged: flagged}
}

func testHirePeople(t *testing.T, s clearance.Store, hs clearance.HireStore, reopen func() clearance.Store) {
	ctx := context.Background()
	_, err := hs.GetHirePerson(ctx, "p1")
	wantErr(t, err, clearance.ErrNotFound, "a person never saved")
	a, b := hirePerson("p1", 0.1, false), hirePerson("p2", 0.2, false)
	b.Aggregate, b.Result = nil, nil
	_, err = saveHire(ctx, hs, &clearance.HireWrite{People: []clearance.HirePerson{a, b}})
	must(t, err)
	a.Aggregate = json.RawMessage(`{"events":7}`)
	a.Risk, a.Flagged, a.Cluster = 0.7, true, "hc_x"
	_, err = saveHire(ctx, hs, &clearance.HireWrite{People: []clearance.HirePerson{a}})
	must(t, err)
	hs = reopen().(clearance.HireStore)
	got, err := hs.GetHirePerson(ctx, "p1")
	must(t, err)
	if string(got.Aggregate) != `{"events":7}` || got.Risk != 0.7 || !got.Flagged || got.Cluster != "hc_x" || string(got.Record) != string(a.Record) || got.UpdatedAt.IsZero() {
		t.Fatalf("p1 read back as %+v", got)
	}
	var ids []string
	must(t, hs.EachHirePerson(ctx, func(p clearance.HirePerson) error {
		ids = append(ids, p.ID)
		if p.ID == "p2" && (p.Aggregate != nil || p.Result != nil) {
			t.Errorf("p2 without aggregate or result read back with %s / %s", p.Aggregate, p.Result)
		}
		return nil
	}))
	if !reflect.DeepEqual(ids, []string{"p1", "p2"}) {
		t.Fatalf("EachHirePerson gave %v", ids)
	}
}

func testHireIdentifiers(t *testing.T, s clearance.Store, hs clearance.HireStore, _ func() clearance.Store) {
	ctx := context.Background()
	phone := clearance.HireIdentifier{Kind: "phone", Value: "+12065550100"}
	idents := func(person string, vs ...clearance.HireIdentifier) []clearance.HireIdentifier {
		for i := range vs {
			vs[i].Person = person
		}
		return vs
	}
	_, err := saveHire(ctx, hs, &clearance.HireWrite{
		People: []clearance.HirePerson{hirePerson("a", 0, false), hirePerson("b", 0, false), hirePerson("c", 0, false)},
		Identifiers: map[string][]clearance.HireIdentifier{
			"a": idents("a", phone, clearance.HireIdentifier{Kind: "email", Value: "a@x.com"}, phone), // a duplicate is kept once
			"b": idents("b", phone),
			"c": idents("c", clearance.HireIdentifier{Kind: "email", Value: "c@x.com"}),
		}})
	must(t, err)
	holders, err := hs.HireHolders(ctx, "phone", "+12065550100")
	must(t, err)
	if !reflect.DeepEqual(holders, []string{"a", "b"}) {
		t.Fatalf("phone holders %v", holders)
	}
	// b changes phone: only b's identifiers are replaced.
	_, err = saveHire(ctx, hs, &clearance.HireWrite{Identifiers: map[string][]clearance.HireIdentifier{
		"b": idents("b", clearance.HireIdentifier{Kind: "phone", Value: "+12065550199"})}})
	must(t, err)
	holders, err = hs.HireHolders(ctx, "phone", "+12065550100")
	must(t, err)
	if !reflect.DeepEqual(holders, []string{"a"}) {
		t.Fatalf("after b's change, phone holders %v", holders)
	}
	of, err := hs.HireIdentifiersOf(ctx, "a")
	must(t, err)
	want := []clearance.HireIdentifier{{Kind: "email", Value: "a@x.com", Person: "a"}, {Kind: "phone", Value: "+12065550100", Person: "a"}}
	if !reflect.DeepEqual(of, want) {
		t.Fatalf("identifiers of a: %v, want %v", of, want)
	}
	// An empty list removes them all.
	_, err = saveHire(ctx, hs, &clearance.HireWrite{Identifiers: map[string][]clearance.HireIdentifier{"a": nil}})
	must(t, err)
	if of, _ := hs.HireIdentifiersOf(ctx, "a"); len(of) != 0 {
		t.Fatalf("identifiers of a after removal: %v", of)
	}
}

func testHireClusters(t *testing.T, s clearance.Store, hs clearance.HireStore, _ func() clearance.Store) {
	ctx := context.Background()
	_, err := saveHire(ctx, hs, &clearance.HireWrite{Clusters: []clearance.HireCluster{
		{ID: "hc_1", Members: []string{"a", "b"}, Body: json.RawMessage(`{"risk":0.5}`)},
		{ID: "hc_2", Members: []string{"c", "d"}, Body: json.RawMessage(`{"risk":0.1}`)}}})
	must(t, err)
	_, err = saveHire(ctx, hs, &clearance.HireWrite{DeleteClusters: []string{"hc_2"}, Clusters: []clearance.HireCluster{
		{ID: "hc_1", Members: []string{"a", "b", "e"}, Body: json.RawMessage(`{"risk":0.9}`)}}})
	must(t, err)
	c, err := hs.GetHireCluster(ctx, "hc_1")
	must(t, err)
	if !reflect.DeepEqual(c.Members, []string{"a", "b", "e"}) || string(c.Body) != `{"risk":0.9}` {
		t.Fatalf("hc_1 read back as %+v", c)
	}
	_, err = hs.GetHireCluster(ctx, "hc_2")
	wantErr(t, err, clearance.ErrNotFound, "a deleted cluster")
}

func testHireAlerts(t *testing.T, s clearance.Store, hs clearance.HireStore, _ func() clearance.Store) {
	ctx := context.Background()
	p := hirePerson("ring-1", 0.9, true)
	flag := []clearance.HireFlag{{Person: "ring-1", Risk: 0.9}}
	opened, err := saveHire(ctx, hs, &clearance.HireWrite{Actor: "key_api", People: []clearance.HirePerson{p}, Flagged: flag, Notify: []string{"http://hook.example/a"}})
	must(t, err)
	if len(opened) != 1 || opened[0].Kind != clearance.AlertKindHire || opened[0].PersonID != "ring-1" || opened[0].Score != 0.9 || opened[0].Status != clearance.AlertOpen {
		t.Fatalf("opened %+v", opened)
	}
	// Assessed again while the alert is open: no second alert.
	again, err := saveHire(ctx, hs, &clearance.HireWrite{Actor: "key_api", Flagged: flag, Notify: []string{"http://hook.example/a"}})
	must(t, err)
	if len(again) != 0 {
		t.Fatalf("a second alert for one person: %+v", again)
	}
	// A screening alert and a hire alert list apart by kind.
	sub := clearance.Subject{Ref: "r", Query: clearance.Query{Name: "Kim"}}
	must(t, s.CreateSubject(ctx, "k", &sub))
	_, err = s.SaveScreening(ctx, &clearance.Screening{SubjectID: sub.ID, Threshold: 0.8, Matches: []clearance.Match{match(listed("x:1", "KIM", ""), 0.9)}}, nil)
	must(t, err)
	hires, err := s.ListAlerts(ctx, clearance.AlertFilter{Kind: clearance.AlertKindHire})
	must(t, err)
	screens, err := s.ListAlerts(ctx, clearance.AlertFilter{Kind: "screening"})
	must(t, err)
	if len(hires) != 1 || hires[0].ID != opened[0].ID || len(screens) != 1 || screens[0].Kind != "" {
		t.Fatalf("hire alerts %+v, screening alerts %+v", hires, screens)
	}
	got, err := s.GetAlert(ctx, opened[0].ID)
	must(t, err)
	if got != opened[0] {
		t.Fatalf("GetAlert %+v, opened %+v", got, opened[0])
	}
	decided, err := s.DecideAlert(ctx, got.ID, clearance.Decision{Status: clearance.AlertFalsePositive, Reason: "roommates, checked", By: "key_ana"})
	must(t, err)
	if decided.PersonID != "ring-1" || decided.Kind != clearance.AlertKindHire {
		t.Fatalf("decided %+v", decided)
	}
	// Decided: flagged anew later, the person gets a new alert.
	reopened, err := saveHire(ctx, hs, &clearance.HireWrite{Actor: "key_api", Flagged: flag})
	must(t, err)
	if len(reopened) != 1 || reopened[0].ID == opened[0].ID {
		t.Fatalf("after the decision, flagging again opened %+v", reopened)
	}
	// The webhook went out once, for the first alert.
	ds, err := s.ClaimWebhooks(ctx, time.Now().Add(time.Hour), 10, time.Minute)
	must(t, err)
	if len(ds) != 1 || ds[0].URL != "http://hook.example/a" {
		t.Fatalf("outbox holds %+v, want one message to hook.example", ds)
	}
	var ev clearance.WebhookEvent
	must(t, json.Unmarshal(ds[0].Payload, &ev))
	if ev.Event != clearance.ActionAlertOpened || ev.Alert.ID != opened[0].ID || ev.Alert.PersonID != "ring-1" {
		t.Fatalf("webhook payload %s", ds[0].Payload)
	}
	verifyOK(t, s)
	recs, err := s.ListAudit(ctx, 0, 0)
	must(t, err)
	openedN := 0
	for _, r := range recs {
		if r.Action == clearance.ActionAlertOpened {
			var a clearance.Alert
			must(t, json.Unmarshal(r.Data, &a))
			if a.Kind == clearance.AlertKindHire {
				openedN++
			}
		}
	}
	if openedN != 2 {
		t.Fatalf("%d hire alert.opened audit records, want 2", openedN)
	}
}

func testHireInvalid(t *testing.T, s clearance.Store, hs clearance.HireStore, _ func() clearance.Store) {
	ctx := context.Background()
	good := hirePerson("ok", 0, false)
	_, err := saveHire(ctx, hs, &clearance.HireWrite{People: []clearance.HirePerson{good, {ID: "", Record: json.RawMessage(`{}`)}}})
	wantErr(t, err, clearance.ErrInvalid, "a person without an id")
	_, err = hs.GetHirePerson(ctx, "ok")
	wantErr(t, err, clearance.ErrNotFound, "the good person of a refused write")
}

// saveHire is SaveHire at the population's current version.
func saveHire(ctx context.Context, hs clearance.HireStore, w *clearance.HireWrite) ([]clearance.Alert, error) {
	v, err := hs.HireVersion(ctx)
	if err != nil {
		return nil, err
	}
	w.Version = v
	return hs.SaveHire(ctx, w)
}

func testHireVersion(t *testing.T, s clearance.Store, hs clearance.HireStore, reopen func() clearance.Store) {
	ctx := context.Background()
	v0, err := hs.HireVersion(ctx)
	must(t, err)
	if v0 != 0 {
		t.Fatalf("a new store's hire version is %d", v0)
	}
	// Two writers read version 0; the first writes, the second is refused.
	a := &clearance.HireWrite{People: []clearance.HirePerson{hirePerson("a", 0, false)}}
	b := &clearance.HireWrite{People: []clearance.HirePerson{hirePerson("b", 0.9, true)}, Flagged: []clearance.HireFlag{{Person: "b", Risk: 0.9}}}
	_, err = hs.SaveHire(ctx, a)
	must(t, err)
	if a.Version != 1 {
		t.Fatalf("after one write the writer holds version %d", a.Version)
	}
	opened, err := hs.SaveHire(ctx, b)
	wantErr(t, err, clearance.ErrConflict, "a write at a stale version")
	if len(opened) != 0 {
		t.Fatalf("a refused write opened %+v", opened)
	}
	_, err = hs.GetHirePerson(ctx, "b")
	wantErr(t, err, clearance.ErrNotFound, "the person of a refused write")
	if as, _ := s.ListAlerts(ctx, clearance.AlertFilter{Kind: clearance.AlertKindHire}); len(as) != 0 {
		t.Fatalf("a refused write left alerts %+v", as)
	}
	// The version survives reopening; a writer at it succeeds.
	hs = reopen().(clearance.HireStore)
	v, err := hs.HireVersion(ctx)
	must(t, err)
	if v != 1 {
		t.Fatalf("after reopening the version is %d, want 1", v)
	}
	b.Version = v
	_, err = hs.SaveHire(ctx, b)
	must(t, err)
	if b.Version != 2 {
		t.Fatalf("version %d after the second write", b.Version)
	}
}
