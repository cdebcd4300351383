package client_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/client"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/server"
	"github.com/clearance-screening/clearance/store/sqlite"
)

// startServer runs the real service on a fresh SQLite file with the
// built-in list loaded, and returns its URL and a key per role.
func startServer(t *testing.T) (string, map[clearance.Role]string) {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "clearance.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := server.New(server.Config{
		Store:            st,
		RecordScreenings: true,
		Load: func(context.Context) ([]lists.Dataset, error) {
			b, err := lists.Builtin()
			return []lists.Dataset{b}, err
		},
	})
	if _, err := srv.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys := map[clearance.Role]string{}
	for _, role := range []clearance.Role{clearance.RoleScreen, clearance.RoleAnalyst} {
		secret, _, err := server.CreateKey(context.Background(), st, "test", "client test "+string(role), role)
		if err != nil {
			t.Fatal(err)
		}
		keys[role] = secret
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL, keys
}

const kimSangMan = "clearance_dprk:kim-sang-man"

func TestClientAgainstARunningServer(t *testing.T) {
	base, keys := startServer(t)
	ctx := context.Background()
	screener := client.New(base, keys[clearance.RoleScreen])
	analyst := client.New(base+"/", keys[clearance.RoleAnalyst])

	t.Run("screen answers with matches, reasons and the stored screening", func(t *testing.T) {
		res, err := screener.Screen(ctx, clearance.Query{Name: "Kim Sang Man", Type: clearance.Person}, client.ScreenOptions{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Alert || len(res.Matches) == 0 || res.Matches[0].EntityID != kimSangMan || len(res.Matches[0].Reasons) == 0 {
			t.Fatalf("got %+v", res.Result)
		}
		if res.ScreeningID == "" || res.ListsVersion == "" {
			t.Errorf("screening %q, lists %q", res.ScreeningID, res.ListsVersion)
		}
	})
	t.Run("a batch answers each query in its place", func(t *testing.T) {
		res, err := screener.ScreenBatch(ctx, []clearance.Query{{ID: "a", Name: "Kim Sang Man"}, {ID: "b"}, {ID: "c", Name: "Nobody Anywhere"}}, client.ScreenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 3 || !res[0].Alert || res[1].Error == "" || res[2].Alert || res[0].ScreeningID == "" {
			t.Fatalf("got %+v", res)
		}
	})
	t.Run("entity and sources", func(t *testing.T) {
		e, err := screener.Entity(ctx, kimSangMan)
		if err != nil {
			t.Fatal(err)
		}
		if e.ID != kimSangMan || e.Version == "" || e.List.Key != "clearance_dprk" || len(e.Names) == 0 {
			t.Errorf("entity %+v", e)
		}
		src, err := screener.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(src.Sources) != 1 || src.Sources[0].Key != "clearance_dprk" || src.Entities == 0 || src.Threshold == 0 {
			t.Errorf("sources %+v", src)
		}
	})
	t.Run("subjects, alerts and a decision", func(t *testing.T) {
		sub, err := analyst.CreateSubject(ctx, "cust-1", clearance.Query{Name: "Kim Sang Man", Country: "KP"})
		if err != nil {
			t.Fatal(err)
		}
		if sub.Subject.ID == "" || sub.Screening == nil || len(sub.Alerts) == 0 {
			t.Fatalf("created %+v", sub)
		}
		got, err := analyst.SubjectByRef(ctx, "cust-1")
		if err != nil || got.ID != sub.Subject.ID {
			t.Fatalf("by ref: %+v, %v", got, err)
		}
		if _, err := analyst.SubjectByRef(ctx, "cust-404"); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("an unknown ref: %v", err)
		}
		page, err := analyst.Subjects(ctx, client.ListOptions{Limit: 10})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("subjects: %+v, %v", page, err)
		}
		if _, err := analyst.UpdateSubject(ctx, sub.Subject.ID, "cust-1", clearance.Query{Name: "Kim Sang Man", DOB: "1965"}); err != nil {
			t.Fatal(err)
		}
		if _, err := analyst.ScreenSubject(ctx, sub.Subject.ID); err != nil {
			t.Fatal(err)
		}
		open, err := analyst.Alerts(ctx, client.AlertFilter{Status: clearance.AlertOpen, SubjectID: sub.Subject.ID})
		if err != nil || len(open.Items) == 0 {
			t.Fatalf("open alerts: %+v, %v", open, err)
		}
		id := open.Items[0].ID
		view, err := analyst.Alert(ctx, id)
		if err != nil || view.Match == nil || view.Entity == nil || view.Subject == nil {
			t.Fatalf("alert view: %+v, %v", view, err)
		}
		a, err := analyst.Decide(ctx, id, clearance.AlertTrueMatch, "same person, same date of birth")
		// A true match waits for a second person (four eyes, the default policy).
		if err != nil || a.Status != clearance.AlertPendingReview {
			t.Fatalf("decide: %+v, %v", a, err)
		}
		var ae *client.Error
		if _, err := analyst.Decide(ctx, id, clearance.AlertFalsePositive, "again"); !errors.As(err, &ae) || ae.StatusCode != 409 {
			t.Errorf("deciding twice: %v", err)
		}
		if err := analyst.DeleteSubject(ctx, sub.Subject.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := analyst.Subject(ctx, sub.Subject.ID); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("a deleted subject: %v", err)
		}
	})
	t.Run("errors are typed", func(t *testing.T) {
		_, err := screener.Screen(ctx, clearance.Query{Name: "x", DOB: "15/08/1984"}, client.ScreenOptions{})
		var ae *client.Error
		if !errors.Is(err, client.ErrBadRequest) || !errors.As(err, &ae) || ae.Code != "bad_query" {
			t.Errorf("a bad date: %v", err)
		}
		if _, err := screener.Entity(ctx, "clearance_dprk:nobody"); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("an unknown entity: %v", err)
		}
		if _, err := screener.Alerts(ctx, client.AlertFilter{}); !errors.Is(err, client.ErrForbidden) {
			t.Errorf("alerts with a screen key: %v", err)
		}
		if _, err := client.New(base, "").Sources(ctx); !errors.Is(err, client.ErrUnauthorized) {
			t.Errorf("no key: %v", err)
		}
		// Failed keys from one address are limited: the service answers 429.
		bad := client.New(base, "not-a-key")
		for range 100 {
			_, err = bad.Sources(ctx)
			if !errors.Is(err, client.ErrUnauthorized) {
				break
			}
		}
		if !errors.Is(err, client.ErrRateLimited) || !errors.As(err, &ae) || ae.RetryAfter <= 0 {
			t.Errorf("after many bad keys: %v", err)
		}
	})
}
