package intel

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

func TestEmbeddedListIsTheGeneratorsOutput(t *testing.T) {
	d, err := Build(os.DirFS("sources"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, embedded) {
		t.Fatal("intel.json is not the output of the sources: run 'go generate ./lure/intel'")
	}
}

func TestEveryRecordCitesAReport(t *testing.T) {
	db := Embedded()
	if db.Len() < 100 {
		t.Fatalf("only %d records", db.Len())
	}
	cited := map[string]bool{}
	for _, r := range db.Data().Records {
		if r.Report == "" || r.Campaign == "" {
			t.Errorf("%s %s: no report or campaign", r.Ecosystem, r.Name)
		}
		if r.OSV != "" && !strings.HasPrefix(r.OSV, "MAL-") {
			t.Errorf("%s: OSV id %q is not a MAL- record", r.Name, r.OSV)
		}
		cited[r.Report] = true
	}
	for _, rep := range db.Data().Reports {
		if !cited[rep.Key] && rep.Key != "PHY-23" { // PHY-23 backs GH-23's pairs; cited in the title only
			t.Errorf("report %s is cited by no record", rep.Key)
		}
	}
}

func TestLookup(t *testing.T) {
	db := Embedded()
	tests := []struct {
		eco, name, version string
		want               bool
		source             string
	}{
		{"npm", "passports-js", "", true, "MAL-2024-8868"},
		{"npm", "Tailwind-Magic", "1.0.2", true, "MAL-2025-48584"},
		{"npm", "binance-prices", "", true, "GitHub 2023-07-18 [GH-23]"},
		{"pypi", "GraphAlgo", "", true, "RL-26"},
		{"pypi", "py_crypto_env", "", false, ""}, // a different PEP 503 name from pycryptoenv
		{"pypi", "pycryptoenv", "", true, "JPCERT-24"},
		{"npm", "express", "", false, ""},
		{"pypi", "passports-js", "", false, ""}, // right name, wrong ecosystem
	}
	for _, tt := range tests {
		hit, ok := db.Lookup(tt.eco, tt.name, tt.version)
		if ok != tt.want {
			t.Errorf("Lookup(%s, %s) = %v, want %v", tt.eco, tt.name, ok, tt.want)
			continue
		}
		if ok && !strings.Contains(hit.Source, tt.source) {
			t.Errorf("Lookup(%s, %s).Source = %q, want it to mention %q", tt.eco, tt.name, hit.Source, tt.source)
		}
		if ok && (hit.Reference == "" && strings.HasPrefix(tt.source, "MAL-")) {
			t.Errorf("Lookup(%s, %s): no reference", tt.eco, tt.name)
		}
	}
	if db.Date() != "2026-12-05" {
		t.Errorf("Date = %s", db.Date())
	}
}

func TestPopularListsHoldTheImitatedNames(t *testing.T) {
	db := Embedded()
	for eco, names := range map[string][]string{
		"npm":  {"express", "hardhat", "react", "axios", "lodash", "ethers"},
		"pypi": {"requests", "flask", "boto3"},
	} {
		have := map[string]bool{}
		for _, n := range db.Popular(eco) {
			have[n] = true
		}
		for _, n := range names {
			if !have[n] {
				t.Errorf("popular %s lacks %s", eco, n)
			}
		}
		if _, ok := db.Lookup(eco, names[0], ""); ok {
			t.Errorf("%s is both popular and listed", names[0])
		}
	}
}

// bigCSV is a list of n records dated date, the first of them named name.
func bigCSV(date string, n int, name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# date: %s\necosystem,name,campaign,report,osv\n", date)
	fmt.Fprintf(&b, "npm,%s,Contagious Interview,SOCK-2507,\n", name)
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "npm,synthetic-listed-%d,test,,\n", i)
	}
	return b.String()
}

func osvZip(t *testing.T, ids ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, id := range ids {
		w, _ := zw.Create(id + ".json")
		fmt.Fprintf(w, `{"id":%q,"modified":"2027-02-0%dT00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"osv-name-%d"}}]}`, id, 1+i%9, i)
	}
	w, _ := zw.Create("GHSA-xxxx.json") // not a MAL- record: ignored
	fmt.Fprint(w, `{"id":"GHSA-xxxx","affected":[{"package":{"ecosystem":"npm","name":"lodash"}}]}`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestUpdateValidatesThenSwaps(t *testing.T) {
	var serve []byte
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status != http.StatusOK {
			http.Error(w, "down", status)
			return
		}
		w.Write(serve)
	}))
	defer srv.Close()
	cache := t.TempDir()
	u := &Updater{CacheDir: cache, Client: srv.Client()}
	ctx := context.Background()
	emb := Embedded().Len()

	// A good, larger, newer list goes in; the embedded attributions stay.
	serve = []byte(bigCSV("2027-01-15", 200, "fresh-lure-name"))
	res := u.Update(ctx, srv.URL+"/list.csv")
	if res.Status != Updated || res.Records != 200 || res.Previous != emb {
		t.Fatalf("good list: %+v", res)
	}
	db, err := Load(cache)
	if err != nil {
		t.Fatal(err)
	}
	if db.Date() != "2027-01-15" {
		t.Errorf("date after update = %s", db.Date())
	}
	if _, ok := db.Lookup("npm", "fresh-lure-name", ""); !ok {
		t.Error("the new name is not found after the update")
	}
	if hit, ok := db.Lookup("npm", "passports-js", ""); !ok || !strings.Contains(hit.Source, "DD-24") {
		t.Errorf("the embedded record is lost after the update: %+v %v", hit, ok)
	}
	if len(db.Popular("npm")) == 0 {
		t.Error("popular names lost")
	}
	before, _ := os.ReadFile(CacheFile(cache))

	refusals := []struct {
		name string
		body string
		want string
	}{
		{"garbage", "<html>maintenance</html>", "does not parse"},
		{"empty", "# date: 2027-02-01\necosystem,name\n", "no records"},
		{"shrunk", bigCSV("2027-02-01", 40, "x"), "under 50%"},
		{"older", bigCSV("2026-01-01", 400, "x"), "older than"},
		{"bad date", bigCSV("soon", 400, "x"), "YYYY-MM-DD"},
	}
	for _, r := range refusals {
		serve = []byte(r.body)
		res := u.Update(ctx, srv.URL)
		if res.Status != Refused || res.Err == nil || !strings.Contains(res.Err.Error(), r.want) {
			t.Errorf("%s: %+v, want refused with %q", r.name, res, r.want)
		}
		after, _ := os.ReadFile(CacheFile(cache))
		if !bytes.Equal(before, after) {
			t.Fatalf("%s: the cached list changed after a refusal", r.name)
		}
	}

	status = http.StatusInternalServerError
	if res := u.Update(ctx, srv.URL); res.Status != Failed {
		t.Errorf("server error: %+v", res)
	}
	status = http.StatusOK

	// OSV malicious records in a zip, newer and larger: accepted.
	ids := make([]string, 150)
	for i := range ids {
		ids[i] = fmt.Sprintf("MAL-2027-%d", i+1)
	}
	serve = osvZip(t, ids...)
	res = u.Update(ctx, srv.URL+"/npm/all.zip")
	if res.Status != Updated || res.Records != 150 {
		t.Fatalf("OSV zip: %+v", res)
	}
	db, _ = Load(cache)
	if hit, ok := db.Lookup("npm", "osv-name-7", ""); !ok || hit.Source != "MAL-2027-8" {
		t.Errorf("OSV record: %+v %v", hit, ok)
	}
	if _, ok := db.Lookup("npm", "lodash", ""); ok {
		t.Error("a non-MAL record was taken")
	}
}

func TestUpdateFromFile(t *testing.T) {
	cache := t.TempDir()
	f := cache + "/list.csv"
	os.WriteFile(f, []byte(bigCSV("2027-03-01", 300, "file-name")), 0o644)
	res := (&Updater{CacheDir: cache}).Update(context.Background(), f)
	if res.Status != Updated {
		t.Fatalf("%+v", res)
	}
	if res := (&Updater{CacheDir: cache}).Update(context.Background(), cache+"/missing.csv"); res.Status != Failed {
		t.Errorf("missing file: %+v", res)
	}
}

func TestACorruptCacheFallsBackToTheEmbeddedList(t *testing.T) {
	cache := t.TempDir()
	os.MkdirAll(cache+"/lure-intel", 0o755)
	os.WriteFile(CacheFile(cache), []byte("{not json"), 0o644)
	db, err := Load(cache)
	if err == nil || db.Len() != Embedded().Len() {
		t.Fatalf("Load = %d records, %v", db.Len(), err)
	}
}
