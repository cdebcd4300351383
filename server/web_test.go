package server

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
)

// webClient signs in to the page with the role's key and keeps the cookie.
func (f *fixture) webClient(role clearance.Role) *http.Client {
	f.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(f.ts.URL+"/ui/login", url.Values{"key": {f.keys[role]}, "next": {"/ui/"}})
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/ui/" {
		f.t.Fatalf("sign-in as %s: %d at %s", role, resp.StatusCode, resp.Request.URL)
	}
	return c
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestWebPages(t *testing.T) {
	f := newFixture(t, Config{})
	var created subjectScreened
	f.call("POST", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"cust-9","query":{"name":"Park Jin Hyok","dob":"1984-08-15"}}`, http.StatusCreated, &created)
	alertID := created.Alerts[0].ID

	t.Run("strangers are sent to the login form", func(t *testing.T) {
		status, body := get(t, http.DefaultClient, f.ts.URL+"/ui/alerts")
		if status != 200 || !strings.Contains(body, `id="key"`) {
			t.Fatalf("%d %s", status, body)
		}
	})
	t.Run("a wrong key is refused", func(t *testing.T) {
		resp, err := http.PostForm(f.ts.URL+"/ui/login", url.Values{"key": {"clk_wrong"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Fatalf("%d", resp.StatusCode)
		}
	})
	analyst := f.webClient(clearance.RoleAnalyst)
	pages := []struct {
		name, path string
		want       []string
	}{
		{"the search shows name parts side by side", "/ui/?q=Pak+Jin+Hyok", []string{"PAK, Jin Hyok", `class="reasons"`, "<td>jin</td>", "alert"}},
		{"the entity page shows every field", "/ui/entities/test_list:1", []string{"Jin Hyok Park", "1984-08-15", "CYBER2", "test_list@", "Hand-made test list"}},
		{"the alert queue lists the open alert", "/ui/alerts", []string{"/ui/alerts/" + alertID, "Park Jin Hyok (cust-9)", "PAK, Jin Hyok"}},
		{"the alert page shows subject and entity", "/ui/alerts/" + alertID, []string{`id="decide"`, "Park Jin Hyok", "PAK, Jin Hyok", "1984-08-15"}},
		{"the lists page shows ages", "/ui/sources", []string{"test_list", "clearance_dprk", "days", "2025-01-02"}},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			status, body := get(t, analyst, f.ts.URL+p.path)
			if status != 200 {
				t.Fatalf("%d %s", status, body)
			}
			for _, w := range p.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
	t.Run("an analyst may not see the audit trail", func(t *testing.T) {
		if status, _ := get(t, analyst, f.ts.URL+"/ui/audit"); status != 403 {
			t.Fatalf("%d", status)
		}
	})
	t.Run("a decision is recorded and audited", func(t *testing.T) {
		resp, err := analyst.PostForm(f.ts.URL+"/ui/alerts/"+alertID+"/decision", url.Values{"status": {"true_match"}, "reason": {"same passport"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), "Decision recorded") || !strings.Contains(string(b), "same passport") {
			t.Fatalf("%d %s", resp.StatusCode, b)
		}
		admin := f.webClient(clearance.RoleAdmin)
		status, body := get(t, admin, f.ts.URL+"/ui/audit")
		if status != 200 || !strings.Contains(body, "alert.decided") || !strings.Contains(body, "Chain intact") || !strings.Contains(body, "same passport") {
			t.Fatalf("%d %s", status, body)
		}
	})
	t.Run("a cross-site form post is refused", func(t *testing.T) {
		req, _ := http.NewRequest("POST", f.ts.URL+"/ui/alerts/"+alertID+"/decision", strings.NewReader("status=false_positive&reason=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		resp, err := analyst.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Fatalf("%d", resp.StatusCode)
		}
	})
}
