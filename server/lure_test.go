package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/clearance-screening/clearance/internal/browsertest"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lure/synth"
)

// lureArchive generates one synthetic case (defanged: .invalid names and
// TEST-NET addresses only) and zips it; it returns the zip and the case.
func lureArchive(t *testing.T, only string) ([]byte, synth.Case) {
	t.Helper()
	dir := t.TempDir()
	m, err := synth.Generate(dir, synth.Options{Seed: 1, Only: []string{only}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Cases) != 1 {
		t.Fatalf("%s: %d cases", only, len(m.Cases))
	}
	c := m.Cases[0]
	root := filepath.Join(dir, filepath.FromSlash(c.Dir))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		w, err := zw.Create("take-home/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), c
}

// multipartBody wraps data as the form field "archive".
func multipartBody(t *testing.T, name string, data []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, err := mw.CreateFormFile("archive", name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func (f *fixture) lurePost(path, ctype string, body io.Reader, role clearance.Role) (int, []byte) {
	f.t.Helper()
	req, err := http.NewRequest("POST", f.ts.URL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+f.keys[role])
	}
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// checkLureSchema validates an answer against the schema openapi.json
// declares for the operation and status.
func checkLureSchema(t *testing.T, op string, status int, data []byte) {
	t.Helper()
	d := loadDoc(t)
	o, ok := d.operations()[op]
	if !ok {
		t.Fatalf("%s not in openapi.json", op)
	}
	resp, ok := o["responses"].(map[string]any)[itoa(status)].(map[string]any)
	if !ok {
		t.Fatalf("%s: status %d not documented", op, status)
	}
	resp, _ = d.deref(resp)
	js := resp["content"].(map[string]any)["application/json"].(map[string]any)
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if err := d.validate(js["schema"].(map[string]any), v, op); err != nil {
		t.Errorf("%s %d: %v\n%s", op, status, err, data)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// A defanged synthetic lure uploaded as a form or as a raw body comes
// back malicious with its top finding in the infected file; the clean
// template of the same project does not; an oversized upload gets 413
// and something that is no archive 400, both with a code and a reason.
func TestLureScanEndpoint(t *testing.T) {
	f := newFixture(t, Config{})
	bad, c := lureArchive(t, "remote-eval/route/express")
	var primary string
	for _, inf := range c.Infected {
		if inf.Primary {
			primary = "take-home/" + inf.File
		}
	}

	body, ctype := multipartBody(t, "take-home.zip", bad)
	status, data := f.lurePost("/v1/lure/scan", ctype, body, clearance.RoleAnalyst)
	if status != http.StatusOK {
		t.Fatalf("multipart: %d %s", status, data)
	}
	checkLureSchema(t, "POST /v1/lure/scan", status, data)
	var res lureScanned
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	if res.Verdict.String() != "malicious" || len(res.Findings) == 0 || res.Findings[0].File != primary {
		t.Fatalf("verdict %s, top %+v; want malicious in %s", res.Verdict, res.Findings, primary)
	}
	if res.Archive != "take-home.zip" || len(res.SHA256) != 64 {
		t.Errorf("archive %q sha256 %q", res.Archive, res.SHA256)
	}
	for _, fd := range res.Findings {
		if strings.Contains(fd.Evidence, "http://") || strings.Contains(fd.Evidence, "https://") || len(fd.Evidence) > 200 {
			t.Errorf("evidence not defanged or too long: %q", fd.Evidence)
		}
	}

	// the raw body, named by ?name=
	status, data = f.lurePost("/v1/lure/scan?name=take-home.zip", "application/zip", bytes.NewReader(bad), clearance.RoleAnalyst)
	if status != http.StatusOK || !strings.Contains(string(data), `"verdict":"malicious"`) {
		t.Fatalf("raw body: %d %s", status, data)
	}

	good, _ := lureArchive(t, "lookalike/clean/express")
	body, ctype = multipartBody(t, "clean.zip", good)
	status, data = f.lurePost("/v1/lure/scan", ctype, body, clearance.RoleAnalyst)
	checkLureSchema(t, "POST /v1/lure/scan", status, data)
	if err := json.Unmarshal(data, &res); err != nil || status != 200 || res.Verdict.String() != "clean" && res.Verdict.String() != "review" {
		t.Fatalf("benign template: %d %s", status, data)
	}

	status, data = f.lurePost("/v1/lure/scan?name=big.zip", "application/zip", bytes.NewReader(make([]byte, LureMaxUpload+1)), clearance.RoleAnalyst)
	if status != http.StatusRequestEntityTooLarge || errorCode(t, data) != "too_large" || !strings.Contains(string(data), "32 MiB") {
		t.Errorf("oversized: %d %s", status, data)
	}
	checkLureSchema(t, "POST /v1/lure/scan", status, data)
	status, data = f.lurePost("/v1/lure/scan?name=x.zip", "application/zip", strings.NewReader("this is not a zip file at all"), clearance.RoleAnalyst)
	if status != http.StatusBadRequest || errorCode(t, data) != "bad_archive" {
		t.Errorf("not an archive: %d %s", status, data)
	}
	checkLureSchema(t, "POST /v1/lure/scan", status, data)
	status, _ = f.lurePost("/v1/lure/scan", "application/zip", bytes.NewReader(bad), "")
	if status != http.StatusUnauthorized {
		t.Errorf("no key: %d", status)
	}
	status, _ = f.lurePost("/v1/lure/scan", "application/zip", bytes.NewReader(bad), clearance.RoleScreen)
	if status != http.StatusForbidden {
		t.Errorf("screen key: %d", status)
	}
}

// A malicious verdict attached to a subject is an audit record on
// subject:ID, listed on the subject; a clean verdict, a forged summary
// and an unknown subject are refused.
func TestLureAttachToSubject(t *testing.T) {
	f := newFixture(t, Config{})
	bad, _ := lureArchive(t, "remote-eval/controller/express")
	status, data := f.lurePost("/v1/lure/scan?name=assignment.zip", "application/zip", bytes.NewReader(bad), clearance.RoleAnalyst)
	if status != 200 {
		t.Fatalf("scan: %d %s", status, data)
	}
	var res lureScanned
	json.Unmarshal(data, &res)
	var created subjectScreened
	f.call("POST", "/v1/subjects?screen=false", clearance.RoleAnalyst, `{"ref":"recruiter-9","query":{"name":"Jonathan Veltrix","type":"person"}}`, http.StatusCreated, &created)
	id := created.Subject.ID

	in := lureAttachInput{Scan: res.summary(), Note: "sent on LinkedIn as a take-home"}
	status, data = f.do("POST", "/v1/subjects/"+id+"/lure", clearance.RoleAnalyst, in)
	if status != http.StatusCreated {
		t.Fatalf("attach: %d %s", status, data)
	}
	checkLureSchema(t, "POST /v1/subjects/{id}/lure", status, data)
	// by the caller's reference too
	f.call("POST", "/v1/subjects/recruiter-9/lure", clearance.RoleAnalyst, in, http.StatusCreated, nil)

	var list struct {
		Subject string           `json:"subject"`
		Items   []lureAttachment `json:"items"`
	}
	status, data = f.do("GET", "/v1/subjects/"+id+"/lure", clearance.RoleAnalyst, nil)
	checkLureSchema(t, "GET /v1/subjects/{id}/lure", status, data)
	json.Unmarshal(data, &list)
	if len(list.Items) != 2 || list.Items[0].Scan.SHA256 != res.SHA256 || list.Items[0].Note != in.Note || list.Items[0].Scan.Verdict.String() != "malicious" {
		t.Fatalf("attached: %s", data)
	}
	recs, err := f.store.ListAudit(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Action == ActionLureVerdict && r.Object == "subject:"+id && strings.Contains(r.Actor, f.keyID(clearance.RoleAnalyst)) {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d lure.verdict audit records on subject:%s", n, id)
	}
	if v, err := f.store.VerifyAudit(context.Background()); err != nil || v.FirstBroken != 0 {
		t.Errorf("audit chain after attaching: %+v %v", v, err)
	}

	clean := in
	clean.Scan.Verdict = 0
	status, data = f.do("POST", "/v1/subjects/"+id+"/lure", clearance.RoleAnalyst, clean)
	if status != 400 || errorCode(t, data) != "bad_lure" {
		t.Errorf("clean verdict: %d %s", status, data)
	}
	checkLureSchema(t, "POST /v1/subjects/{id}/lure", status, data)
	forged := in
	forged.Scan.SHA256 = "abc"
	if status, data = f.do("POST", "/v1/subjects/"+id+"/lure", clearance.RoleAnalyst, forged); status != 400 {
		t.Errorf("bad sha256: %d %s", status, data)
	}
	status, data = f.do("POST", "/v1/subjects/sub_nope/lure", clearance.RoleAnalyst, in)
	if status != 404 {
		t.Errorf("unknown subject: %d %s", status, data)
	}
	checkLureSchema(t, "POST /v1/subjects/{id}/lure", status, data)
}

// Every lure API route is documented with its role, and the page routes
// are not API routes.
func TestLureRoutesDocumented(t *testing.T) {
	ops := loadDoc(t).operations()
	srv := New(Config{})
	seen := 0
	for _, r := range srv.routes {
		if !strings.Contains(r.Path, "lure") {
			continue
		}
		seen++
		op, ok := ops[r.Method+" "+r.Path]
		if r.API != ok {
			t.Errorf("%s %s: API %v, documented %v", r.Method, r.Path, r.API, ok)
		}
		if ok && !strings.Contains(op["summary"].(string), "Role: "+string(r.Role)+".") {
			t.Errorf("%s %s: summary does not name role %s", r.Method, r.Path, r.Role)
		}
	}
	if seen != 7 {
		t.Errorf("%d lure routes", seen)
	}
}

// An analyst uploads a take-home on /ui/lure in Chromium, reads the
// verdict, findings and the addresses to screen, attaches the verdict to
// a subject and finds it listed on the subject.
func TestLurePageInABrowser(t *testing.T) {
	b := browsertest.Start(t, "lure", 1280, 1000, 90*time.Second)
	f := newFixture(t, Config{})
	var created subjectScreened
	f.call("POST", "/v1/subjects?screen=false", clearance.RoleAnalyst, `{"ref":"recruiter-41","query":{"name":"Veltrix Capital","type":"organization"}}`, http.StatusCreated, &created)
	bad, c := lureArchive(t, "remote-child-process/route/express")
	up := filepath.Join(t.TempDir(), "take-home.zip")
	if err := os.WriteFile(up, bad, 0o644); err != nil {
		t.Fatal(err)
	}

	shot, do := b.Shot, b.Do
	text := b.Text

	do("sign in",
		chromedp.Navigate(f.ts.URL+"/lure"),
		chromedp.Click(chromedp.CSS("details.login summary")), // the API key form, under the user's
		chromedp.WaitVisible(chromedp.ID("key")),
		chromedp.SendKeys(chromedp.ID("key"), f.keys[clearance.RoleAnalyst]),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("nav-lure")),
		chromedp.Click(chromedp.ID("nav-lure")),
		chromedp.WaitVisible(chromedp.ID("archive")))
	do("upload",
		chromedp.SetUploadFiles(chromedp.CSS("#archive"), []string{up}),
		chromedp.Click(chromedp.ID("scan")),
		chromedp.WaitVisible(chromedp.ID("verdict")))
	shot("verdict")
	verdict, findings := text("#verdict"), text("#findings")
	var primary string
	for _, inf := range c.Infected {
		if inf.Primary {
			primary = inf.File
		}
	}
	if verdict != "malicious" || !strings.Contains(findings, "remote-code-exec") || !strings.Contains(findings, primary) {
		t.Fatalf("verdict %q, findings:\n%s", verdict, findings)
	}
	if ind := text("#indicators"); !strings.Contains(ind, "search the lists") {
		t.Errorf("indicators: %s", ind)
	}
	do("attach",
		chromedp.SendKeys(chromedp.ID("subject"), "recruiter-41"),
		chromedp.SendKeys(chromedp.ID("note"), "sent by a recruiter on LinkedIn"),
		chromedp.Click(chromedp.ID("attach")),
		chromedp.WaitVisible(chromedp.ID("attached")))
	shot("attached")
	if att, flash := text("#attached"), text("#flash"); !strings.Contains(att, "take-home.zip") || !strings.Contains(att, "malicious") || !strings.Contains(att, "sent by a recruiter") || !strings.Contains(flash, created.Subject.ID) {
		t.Errorf("attached:\n%s\nflash: %s", att, flash)
	}
}
