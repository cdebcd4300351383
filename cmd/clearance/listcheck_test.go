package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/lists/liststest"
)

// caseNamed returns the broken-list case of that name.
func caseNamed(t *testing.T, name string) liststest.Case {
	t.Helper()
	for _, c := range liststest.Cases(t) {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no case %q", name)
	return liststest.Case{}
}

func TestABrokenListInAFolderStopsScreeningLoudly(t *testing.T) {
	t.Parallel()
	c := caseNamed(t, "header-only UK file")
	dir := t.TempDir()
	liststest.CopySource(t, dir, "us_ofac_cons")
	liststest.CopySource(t, dir, c.Key)
	c.Break(t, dir)
	vars := map[string]string{"CLEARANCE_LISTS": dir, "CLEARANCE_CACHE": t.TempDir()}

	_, stderr, err := runCLI(t, vars, "", "screen", "Kim Sang Man")
	if err == nil || !strings.Contains(err.Error(), "gb_hmt_sanctions refused (empty)") {
		t.Errorf("screen: err = %v, want a refusal naming gb_hmt_sanctions", err)
	}
	if !strings.Contains(stderr, "REFUSED") {
		t.Errorf("stderr does not shout the refusal:\n%s", stderr)
	}

	stdout, _, err := runCLI(t, vars, "", "lists")
	if err == nil {
		t.Errorf("lists exited cleanly with a source refused")
	}
	if !strings.Contains(stdout, "gb_hmt_sanctions   REFUSED (empty), not screened") || !strings.Contains(stdout, "us_ofac_cons") {
		t.Errorf("lists output does not show the refused source beside the loaded one:\n%s", stdout)
	}
}

// update fetches from a mirror that answers 200 with a list shrunk to a
// tenth: refused, the cached copy kept and used, the refusal shown; and a
// folder given by --lists is judged against the cache's record too.
func TestAShrunkenListIsRefusedByUpdateAndAgainstTheCache(t *testing.T) {
	t.Parallel()
	c := caseNamed(t, "non-SDN list shrunk to a tenth")
	good := t.TempDir()
	liststest.CopySource(t, good, c.Key)
	broken := t.TempDir()
	liststest.CopySource(t, broken, c.Key)
	c.Break(t, broken)
	serve := good
	mirror := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(serve, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/"))))
	}))
	defer mirror.Close()
	cache := t.TempDir()
	vars := map[string]string{"CLEARANCE_CACHE": cache}
	mustRun(t, vars, "", "update", "--mirror", mirror.URL, c.Key)

	serve = broken
	// The broken files must look new to the conditional request.
	for _, f := range []string{"cons_prim.csv"} {
		if err := os.Chtimes(filepath.Join(broken, c.Key, f), timeNowPlusDay(), timeNowPlusDay()); err != nil {
			t.Fatal(err)
		}
	}
	stdout, _, err := runCLI(t, vars, "", "update", "--mirror", mirror.URL, c.Key)
	if err == nil || !strings.Contains(stdout, "refused") || !strings.Contains(stdout, "90% fewer than the 442") {
		t.Errorf("update of the shrunken list: err %v, output:\n%s", err, stdout)
	}
	stdout, _, _ = runCLI(t, vars, "", "update", "--json", "--mirror", mirror.URL, c.Key)
	if !regexp.MustCompile(`"reason": ?"shrunk"`).MatchString(stdout) {
		t.Errorf("update --json does not give the refusal's reason:\n%s", stdout)
	}
	stdout, stderr := mustRun(t, vars, "", "lists")
	if !strings.Contains(stdout, "442 entities") || !strings.Contains(stderr, "was refused (shrunk)") {
		t.Errorf("after the refusal the cache should still hold 442 entities and say why it did not move:\n%s\n%s", stdout, stderr)
	}

	// A folder by hand is judged against the cache's record...
	_, _, err = runCLI(t, vars, "", "--lists", broken, "screen", "Kim")
	if err == nil || !strings.Contains(err.Error(), "us_ofac_cons refused (shrunk)") {
		t.Errorf("--lists with the shrunken list: err = %v, want it refused against the cache", err)
	}
	// ...and --force accepts it.
	stdout, _ = mustRun(t, vars, "", "--lists", broken, "--force", "lists")
	if !strings.Contains(stdout, "44 entities") {
		t.Errorf("--force did not load the shrunken list:\n%s", stdout)
	}
}

func TestListsShowsDataDatesAndWarnsOfStaleAndRetiredLists(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	liststest.CopySource(t, dir, "us_ofac_cons")
	liststest.CopySource(t, dir, "gb_hmt_sanctions")
	vars := map[string]string{"CLEARANCE_LISTS": dir, "CLEARANCE_CACHE": t.TempDir()}
	stdout, stderr := mustRun(t, vars, "", "lists")
	for _, want := range []string{
		"published 2018-04-13;", // the UK file's own "Last Updated", not the copy's file time
		"WARNING: stale: data dated 2018-04-13",
		"WARNING: retired: HM Treasury stopped the OFSI Consolidated List on 28 January 2026",
		"data date unknown (files written", // OFAC's legacy CSV states none
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("lists output lacks %q", want)
		}
	}
	if !strings.Contains(stderr, "clearance: warning: gb_hmt_sanctions: stale") {
		t.Errorf("stderr does not warn of the stale list:\n%s", stderr)
	}
	// The limit is the user's.
	stdout, _ = mustRun(t, vars, "", "--max-age", "100000h", "lists")
	if strings.Contains(stdout, "WARNING: stale") {
		t.Errorf("--max-age 100000h still calls a 2018 list stale:\n%s", stdout)
	}
	if t.Failed() {
		t.Logf("stdout:\n%s", stdout)
	}
}

func timeNowPlusDay() time.Time { return time.Now().Add(24 * time.Hour) }

// serve's loader hands the server the sources that loaded and, beside
// them, the refusals, so that the server keeps the refused source's
// previous version instead of failing the whole refresh.
func TestServeLoaderReturnsRefusalsBesideTheLoadedLists(t *testing.T) {
	t.Parallel()
	c := caseNamed(t, "empty UN file")
	dir := t.TempDir()
	liststest.CopySource(t, dir, "us_ofac_cons")
	liststest.CopySource(t, dir, c.Key)
	c.Break(t, dir)
	e := &env{listsDir: dir, getenv: func(string) string { return "" }}
	log, _ := newLogger(io.Discard, "text", "error")
	ds, err := e.serveLoader(log, false, true)(t.Context())
	refs, other := lists.Refusals(err)
	if other != nil || len(refs) != 1 || refs[0].Key != c.Key || refs[0].Reason != c.Reason {
		t.Fatalf("error %v, want only %s refused as %s", err, c.Key, c.Reason)
	}
	var keys []string
	for _, d := range ds {
		keys = append(keys, d.Source.Key)
	}
	if strings.Join(keys, ",") != "us_ofac_cons,clearance_dprk" {
		t.Errorf("loaded %v, want the non-SDN list and the built-in set", keys)
	}
}
