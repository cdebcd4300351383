package server

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/faults"
	"github.com/clearance-screening/clearance/lists"
)

// logBuffer collects a server's log lines, safely across goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func jsonLogger(buf *logBuffer) *slog.Logger { return slog.New(slog.NewJSONHandler(buf, nil)) }

// panicFor panics on one name only: tests beside it run undisturbed.
func panicFor(bad string) func(string) {
	return func(s string) {
		if s == bad {
			panic("injected fault")
		}
	}
}

func metricsText(t *testing.T, f *fixture) string {
	t.Helper()
	status, data := f.do("GET", "/metrics", "", nil)
	if status != 200 {
		t.Fatalf("metrics: %d", status)
	}
	return string(data)
}

func TestAPanicInTheEngineFailsOneScreeningNotTheServer(t *testing.T) {
	var logs logBuffer
	f := newFixture(t, Config{Logger: jsonLogger(&logs), RecordScreenings: true})
	defer faults.OnScreen(panicFor("Boom Jin Hyok"))()

	status, data := f.do("POST", "/v1/screen", clearance.RoleScreen, `{"id":"q1","name":"Boom Jin Hyok"}`)
	if status != http.StatusInternalServerError || errorCode(t, data) != "screen_failed" || !strings.Contains(string(data), "Boom Jin Hyok") {
		t.Fatalf("screen of the panicking query: %d %s; want 500 screen_failed naming the query", status, data)
	}

	// In a batch, the one item fails in its place and the others are answered.
	var batch []batchResult
	f.call("POST", "/v1/screen/batch", clearance.RoleScreen, `[{"name":"Boom Jin Hyok"},{"name":"Park Jin Hyok","dob":"1984-08-15"},{"name":"Boom Jin Hyok"}]`, http.StatusOK, &batch)
	if len(batch) != 3 || !strings.Contains(batch[0].Error, "internal error") || batch[0].ScreeningID != "" ||
		batch[1].Error != "" || !batch[1].Alert || batch[1].ScreeningID == "" || batch[2].Error == "" {
		t.Fatalf("batch answer: %+v", batch)
	}

	// The subject's screening fails with 500 and the subject can be screened again later.
	var sub subjectScreened
	f.call("POST", "/v1/subjects?screen=false", clearance.RoleAnalyst, `{"ref":"boom","query":{"name":"Boom Jin Hyok"}}`, http.StatusCreated, &sub)
	status, data = f.do("POST", "/v1/subjects/"+sub.Subject.ID+"/screen", clearance.RoleAnalyst, nil)
	if status != http.StatusInternalServerError || errorCode(t, data) != "screen_failed" {
		t.Fatalf("subject screen: %d %s", status, data)
	}

	// The web page answers 500 with the message, not a dropped connection.
	if st, _ := f.do("GET", "/ui/?q=Boom+Jin+Hyok", clearance.RoleScreen, nil); st == 0 {
		t.Fatal("web search got no answer")
	}

	m := metricsText(t, f)
	if !strings.Contains(m, `clearance_screen_panics_total{op="screen"} 4`) || !strings.Contains(m, `clearance_screen_panics_total{op="build"} 0`) {
		t.Errorf("metrics do not count 4 screen panics:\n%s", grepLines(m, "panics"))
	}
	var found int
	for _, line := range strings.Split(logs.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "screening engine panicked; the query was answered with an error" {
			continue
		}
		found++
		if rec["level"] != "ERROR" || rec["op"] != "screen" || rec["input"] != `"Boom Jin Hyok"` || !strings.Contains(rec["stack"].(string), "faults") {
			t.Errorf("panic log line lacks level, op, input or stack: %s", line)
		}
	}
	if found != 4 {
		t.Errorf("%d panic log lines, want 4:\n%s", found, logs.String())
	}
	// The server still answers.
	f.call("POST", "/v1/screen", clearance.RoleScreen, `{"name":"Park Jin Hyok"}`, http.StatusOK, nil)
}

func TestAPanicRescreeningOneSubjectLeavesTheOthersScreened(t *testing.T) {
	newcomer := clearance.Entity{ID: "test_list:4", Source: "test_list", Type: clearance.Person,
		Names: []clearance.Name{{Full: "SMITH, Johnathan Quincy", Kind: clearance.Primary}}, Programs: []string{"DPRK3"}}
	var mu sync.Mutex
	extra := []clearance.Entity{}
	load := func(context.Context) ([]lists.Dataset, error) {
		mu.Lock()
		defer mu.Unlock()
		return testDatasets(t, extra...), nil
	}
	var logs logBuffer
	f := newFixture(t, Config{Load: load, Logger: jsonLogger(&logs)})
	// Subjects created in ID order around the one that will panic.
	for _, s := range []string{`{"ref":"a","query":{"name":"Johnathan Smith Quincy"}}`, `{"ref":"boom","query":{"name":"Boom Quincy Smith"}}`, `{"ref":"c","query":{"name":"Johnathan Quincy Smith"}}`} {
		f.call("POST", "/v1/subjects", clearance.RoleAnalyst, s, http.StatusCreated, nil)
	}
	defer faults.OnScreen(panicFor("Boom Quincy Smith"))()
	mu.Lock()
	extra = append(extra, newcomer)
	mu.Unlock()
	var rep RefreshReport
	f.call("POST", "/v1/lists/refresh", clearance.RoleAdmin, nil, http.StatusOK, &rep)
	if rep.Rescreened != 3 || rep.Alerts != 2 {
		t.Fatalf("refresh: %+v; want 3 subjects re-screened and the 2 that did not panic alerted", rep)
	}
	if m := metricsText(t, f); !strings.Contains(m, `clearance_screen_panics_total{op="screen"} 1`) {
		t.Errorf("metrics:\n%s", grepLines(m, "panics"))
	}
	if !strings.Contains(logs.String(), `"input":"\"Boom Quincy Smith\""`) {
		t.Errorf("no log line names the subject's query:\n%s", logs.String())
	}
}

func TestAListedNameThatPanicsIndexingIsLeftOutNotAFailedStart(t *testing.T) {
	defer faults.OnTokenize(panicFor("Korea Expo Joint Venture"))()
	var logs logBuffer
	f := newFixture(t, Config{Logger: jsonLogger(&logs)}) // fails the test if the refresh fails
	if !strings.Contains(logs.String(), `"where":"test_list:2 name 1 \"Korea Expo Joint Venture\""`) {
		t.Errorf("the skipped alias is not logged:\n%s", logs.String())
	}
	if m := metricsText(t, f); !strings.Contains(m, `clearance_screen_panics_total{op="build"} 1`) {
		t.Errorf("metrics:\n%s", grepLines(m, "panics"))
	}
	// The entity is still found by its primary name.
	var res clearance.Result
	f.call("POST", "/v1/screen", clearance.RoleScreen, `{"name":"Chosun Expo Joint Venture"}`, http.StatusOK, &res)
	if len(res.Matches) == 0 || res.Matches[0].EntityID != "test_list:2" {
		t.Errorf("primary name after the skip: %+v", res)
	}
}

func TestNamesThatOnceCrashedTheServerAreAnswered(t *testing.T) {
	f := newFixture(t, Config{})
	for _, name := range []string{"(김정은)", `"김정은"`, "Kim김정은", "Mr.김정은", "김0&0000"} {
		body, _ := json.Marshal(map[string]string{"name": name})
		var res clearance.Result
		f.call("POST", "/v1/screen", clearance.RoleScreen, body, http.StatusOK, &res)
		var batch []batchResult
		f.call("POST", "/v1/screen/batch", clearance.RoleScreen, "["+string(body)+"]", http.StatusOK, &batch)
		if len(batch) != 1 || batch[0].Error != "" {
			t.Errorf("batch of %q: %+v", name, batch)
		}
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
