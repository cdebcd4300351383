package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

// The tests run the command in process through run, with the environment
// a map, so that nothing leaks in from the machine's own $CLEARANCE_LISTS
// or user cache. Commands that load the real lists spend seconds building
// the index, so those tests run in parallel.

// runCLI runs clearance with args and the given environment variables and
// returns what it wrote.
func runCLI(t *testing.T, vars map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, stdin: strings.NewReader(stdin), getenv: func(k string) string { return vars[k] }}
	err = run(t.Context(), e, args)
	return out.String(), errb.String(), err
}

// builtinOnly is an environment with no lists and an empty cache, so that
// commands fall back to the built-in DPRK set.
func builtinOnly(t *testing.T) map[string]string {
	return map[string]string{"CLEARANCE_CACHE": t.TempDir()}
}

// realLists is an environment pointing $CLEARANCE_LISTS at the shared
// official lists (failing the test when they are missing).
func realLists(t *testing.T) map[string]string {
	t.Helper()
	sharedfiles.Lists(t, "us_ofac_sdn", "sdn.csv")
	return map[string]string{"CLEARANCE_LISTS": sharedfiles.ListsDir(), "CLEARANCE_CACHE": t.TempDir()}
}

func mustRun(t *testing.T, vars map[string]string, stdin string, args ...string) (stdout, stderr string) {
	t.Helper()
	stdout, stderr, err := runCLI(t, vars, stdin, args...)
	// An alert is screen's exit status 1, not a failure.
	if err != nil && !errors.Is(err, errAlert) {
		t.Fatalf("clearance %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr)
	}
	return stdout, stderr
}

// runBatch runs a batch command and returns its exit status as main
// would give it: 0, 1 (some row alerted) or 2 (some row failed). Other
// errors fail the test.
func runBatchCLI(t *testing.T, vars map[string]string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	stdout, stderr, err := runCLI(t, vars, stdin, args...)
	var st *exitStatus
	switch {
	case err == nil:
	case errors.As(err, &st) && st.err == nil:
		code = st.code
	default:
		t.Fatalf("clearance %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr)
	}
	return stdout, stderr, code
}

// matchLine is one numbered match line of screen's text output:
// "! 1. 0.97  KIM, Sang Man  [us_ofac_sdn:43377]  person ...".
var matchLine = regexp.MustCompile(`^([! ]) (\d+)\. (\d\.\d\d)  (.+?)  \[([^\]]+)\]`)

type printedMatch struct {
	alert    bool
	rank     int
	score    float64
	name, id string
	reasons  []string // the indented lines below the match line
}

// parseScreenText reads screen's text output back into its matches.
func parseScreenText(t *testing.T, out string) []printedMatch {
	t.Helper()
	var ms []printedMatch
	for _, line := range strings.Split(out, "\n") {
		if m := matchLine.FindStringSubmatch(line); m != nil {
			rank, _ := strconv.Atoi(m[2])
			score, _ := strconv.ParseFloat(m[3], 64)
			ms = append(ms, printedMatch{alert: m[1] == "!", rank: rank, score: score, name: m[4], id: m[5]})
			continue
		}
		if strings.HasPrefix(line, "      ") && len(ms) > 0 {
			ms[len(ms)-1].reasons = append(ms[len(ms)-1].reasons, strings.TrimSpace(line))
		}
	}
	if len(ms) == 0 {
		t.Fatalf("no match lines in output:\n%s", out)
	}
	return ms
}

func hasReason(reasons []string, prefix string) bool {
	return slices.ContainsFunc(reasons, func(r string) bool { return strings.HasPrefix(r, prefix) })
}

const builtinNotice = "using the built-in DPRK set"

func TestScreenWithTheBuiltinSetFindsAMisspelledName(t *testing.T) {
	stdout, stderr := mustRun(t, builtinOnly(t), "", "screen", "King San Man")
	ms := parseScreenText(t, stdout)
	first := ms[0]
	if first.rank != 1 || first.name != "KIM, Sang Man" || first.id != "clearance_dprk:kim-sang-man" {
		t.Errorf("first match = %+v, want KIM, Sang Man [clearance_dprk:kim-sang-man]", first)
	}
	if first.score < reviewFloor || first.score > 1 {
		t.Errorf("score %.2f, want within [%.2f, 1]", first.score, reviewFloor)
	}
	if !hasReason(first.reasons, "name ") || !hasReason(first.reasons, "tokens: ") {
		t.Errorf("reasons %q: want a name line and a tokens line", first.reasons)
	}
	if !strings.Contains(stdout, `for "King San Man"`) {
		t.Errorf("output does not name the subject:\n%s", stdout)
	}
	if !strings.Contains(stderr, builtinNotice) {
		t.Errorf("stderr does not say the built-in set is used:\n%s", stderr)
	}
}

func TestScreenRealListsAlertsOnKimSangManBornIn1965(t *testing.T) {
	t.Parallel()
	vars := realLists(t)
	delete(vars, "CLEARANCE_LISTS") // the flag, not the variable, this time
	stdout, stderr := mustRun(t, vars, "", "--lists", sharedfiles.ListsDir(), "screen", "Kim Sang Man", "--dob", "1965")
	ms := parseScreenText(t, stdout)
	if ms[0].id != "us_ofac_sdn:43377" || !ms[0].alert {
		t.Fatalf("first match = %+v, want an alert on us_ofac_sdn:43377\n%s", ms[0], stdout)
	}
	if !hasReason(ms[0].reasons, "dob +") {
		t.Errorf("reasons %q: want the matching birth year to add to the score", ms[0].reasons)
	}
	for i, m := range ms {
		if m.rank != i+1 || (i > 0 && m.score > ms[i-1].score) {
			t.Errorf("match %d = %+v: want ranks in order, best first", i+1, m)
		}
	}
	if strings.Contains(stderr, builtinNotice) {
		t.Errorf("stderr says the built-in set is used although --lists was given:\n%s", stderr)
	}
}

// The CLI screens what serve screens: the built-in designations the
// official lists lack stand beside them (SONG Kum Hyok was designated
// after the 2024 files), unless --no-builtin.
func TestScreenWithListsAlsoScreensTheBuiltinSupplement(t *testing.T) {
	t.Parallel()
	vars := realLists(t)
	stdout, _ := mustRun(t, vars, "", "screen", "Song Kum Hyok")
	if ms := parseScreenText(t, stdout); ms[0].id != "clearance_dprk:song-kum-hyok" || !ms[0].alert {
		t.Fatalf("first match = %+v, want an alert on clearance_dprk:song-kum-hyok\n%s", ms[0], stdout)
	}
	stdout, _ = mustRun(t, vars, "", "screen", "Song Kum Hyok", "--no-builtin")
	if strings.Contains(stdout, "clearance_dprk:") {
		t.Errorf("--no-builtin still screens the built-in set:\n%s", stdout)
	}
}

// One-letter words are rare as listed tokens but say little: they must
// not crowd the name they go with out of retrieval (V. V. Putin once found
// only names with a V. in them).
func TestScreenInitialsDoNotCrowdOutTheirName(t *testing.T) {
	t.Parallel()
	stdout, _ := mustRun(t, realLists(t), "", "screen", "V. V. Putin")
	if ms := parseScreenText(t, stdout); ms[0].id != "us_ofac_sdn:35096" || !ms[0].alert {
		t.Fatalf("first match = %+v, want an alert on PUTIN, Vladimir Vladimirovich (us_ofac_sdn:35096)\n%s", ms[0], stdout)
	}
}

func TestScreenJSONWithFlagsAroundTheNameParsesBack(t *testing.T) {
	t.Parallel()
	// --dob before the name, --json after it, and the name in two words.
	stdout, _ := mustRun(t, realLists(t), "", "screen", "--dob", "1965", "Kim", "Sang Man", "--json")
	var res screenResult
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("output is not a screen result: %v\n%s", err, stdout)
	}
	if res.Query.Name != "Kim Sang Man" || res.Query.DOB != "1965" {
		t.Errorf("query = %+v, want name Kim Sang Man, dob 1965", res.Query)
	}
	if res.Threshold <= 0 || res.Threshold >= 1 {
		t.Errorf("threshold %v, want the engine's, in (0, 1)", res.Threshold)
	}
	if len(res.Matches) == 0 {
		t.Fatal("no matches")
	}
	m := res.Matches[0]
	if m.EntityID != "us_ofac_sdn:43377" || m.Source != "us_ofac_sdn" || m.Type != clearance.Person || m.Score < res.Threshold {
		t.Errorf("first match = %+v, want us_ofac_sdn:43377, a person, at or above %v", m, res.Threshold)
	}
	fields := map[string]bool{}
	for _, r := range m.Reasons {
		fields[r.Field] = true
	}
	if !fields["name"] || !fields["dob"] {
		t.Errorf("reasons %+v: want name and dob", m.Reasons)
	}
}

const kimSangManWallet = "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"

func TestScreenWalletFindsItsHolder(t *testing.T) {
	tests := []struct {
		name string
		vars func(*testing.T) map[string]string
		want string
	}{
		{"the built-in set lists Kim Sang Man's bitcoin address", builtinOnly, "clearance_dprk:kim-sang-man"},
		{"OFAC lists Kim Sang Man's bitcoin address", realLists, "us_ofac_sdn:43377"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			stdout, _ := mustRun(t, tt.vars(t), "", "screen", "--wallet", kimSangManWallet)
			ms := parseScreenText(t, stdout)
			if ms[0].id != tt.want || ms[0].name != "KIM, Sang Man" || ms[0].score != 1 || !ms[0].alert {
				t.Errorf("first match = %+v, want an alert scoring 1.00 on %s", ms[0], tt.want)
			}
			if !hasReason(ms[0].reasons, "wallet 1.00: "+kimSangManWallet) {
				t.Errorf("reasons %q: want the exact wallet", ms[0].reasons)
			}
		})
	}
}

func TestScreenMalformedWalletIsAnError(t *testing.T) {
	tests := []struct {
		name, wallet, want string
	}{
		{"a changed last character breaks the checksum", kimSangManWallet[:len(kimSangManWallet)-1] + "K", "bad checksum"},
		{"a dropped tail is the wrong length", kimSangManWallet[:31], "length 31 decodes to 23 bytes, want 25"},
		{"an EVM address one digit short is the wrong length", "0x098B716B8Aaf21512996dC57EB0615e2383E2f9", "length 41, want 42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, err := runCLI(t, builtinOnly(t), "", "screen", "--wallet", tt.wallet)
			if err == nil || errors.Is(err, errUsage) {
				t.Fatalf("err = %v, want an error about the address\nstdout:\n%s", err, stdout)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.wallet) {
				t.Errorf("err = %q, want it to name the address and say %q", err, tt.want)
			}
			if stdout != "" {
				t.Errorf("printed results for an invalid address:\n%s", stdout)
			}
		})
	}
}

func TestScreenPassportNumberFindsKimSangMan(t *testing.T) {
	t.Parallel()
	stdout, _ := mustRun(t, realLists(t), "", "screen", "--id", "passport:109420132")
	ms := parseScreenText(t, stdout)
	if ms[0].id != "us_ofac_sdn:43377" || !ms[0].alert {
		t.Fatalf("first match = %+v, want an alert on us_ofac_sdn:43377", ms[0])
	}
	if !hasReason(ms[0].reasons, "identifier ") || !strings.Contains(strings.Join(ms[0].reasons, "\n"), "109420132") {
		t.Errorf("reasons %q: want the passport number", ms[0].reasons)
	}
}

// The shared list files as of this writing: OFAC SDN has 14,965 entries,
// and 3,944 address, alias or comment rows naming no entry in sdn.csv.
const (
	sdnEntities = 14965
	sdnOrphans  = 3944
	sdnOrphan   = "no such entry in sdn.csv"
)

var sdnByType = map[string]int{"person": 6854, "organization": 6884, "vessel": 851, "aircraft": 376}

func TestListsShowsSourcesCountsAndSkips(t *testing.T) {
	t.Parallel()
	stdout, _ := mustRun(t, realLists(t), "", "lists")
	for _, key := range []string{"us_ofac_sdn", "us_ofac_cons", "un_sc_sanctions", "gb_hmt_sanctions"} {
		if !regexp.MustCompile(`(?m)^` + key + ` +\S`).MatchString(stdout) {
			t.Errorf("no line for %s", key)
		}
	}
	want := []string{
		"14965 entities (6854 person, 6884 organization, 851 vessel, 376 aircraft)",
		"3944 skipped:",
		"3944  " + sdnOrphan,
		"published 2026-02-27; 1003 entities", // the UN list states its date
	}
	for _, w := range want {
		if !strings.Contains(stdout, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if !strings.HasPrefix(stdout, "Loaded from lists in "+sharedfiles.ListsDir()) {
		t.Errorf("output does not start by saying where the lists came from:\n%s", stdout)
	}
	if t.Failed() {
		t.Logf("output:\n%s", stdout)
	}
}

func TestListsJSON(t *testing.T) {
	t.Parallel()
	stdout, _ := mustRun(t, realLists(t), "", "--json", "lists")
	var got struct {
		Origin   string          `json:"origin"`
		Sources  []sourceSummary `json:"sources"`
		Entities int             `json:"entities"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	var keys []string
	total := 0
	for _, s := range got.Sources {
		keys = append(keys, s.Key)
		total += s.Entities
		n := 0
		for _, c := range s.ByType {
			n += c
		}
		if n != s.Entities {
			t.Errorf("%s: by_type %v sums to %d, want %d", s.Key, s.ByType, n, s.Entities)
		}
	}
	if want := []string{"us_ofac_sdn", "us_ofac_cons", "un_sc_sanctions", "gb_hmt_sanctions", "clearance_dprk"}; !slices.Equal(keys, want) {
		t.Fatalf("keys %v, want %v", keys, want)
	}
	if total != got.Entities {
		t.Errorf("sources hold %d entities, the index %d", total, got.Entities)
	}
	sdn := got.Sources[0]
	if sdn.Entities != sdnEntities || !mapsEqual(sdn.ByType, sdnByType) {
		t.Errorf("us_ofac_sdn: %d entities %v, want %d %v", sdn.Entities, sdn.ByType, sdnEntities, sdnByType)
	}
	if sdn.Skipped != sdnOrphans || sdn.SkippedBy[sdnOrphan] != sdnOrphans || len(sdn.SkippedBy) != 1 {
		t.Errorf("us_ofac_sdn skipped %d %v, want %d %q", sdn.Skipped, sdn.SkippedBy, sdnOrphans, sdnOrphan)
	}
	if sdn.FileDate == "" || sdn.Title == "" || sdn.Records <= sdn.Entities {
		t.Errorf("us_ofac_sdn summary %+v: want a title, a file date and more records than entities", sdn)
	}
	if un := got.Sources[2]; un.Published != "2026-02-27" || un.Entities != 1003 {
		t.Errorf("un_sc_sanctions: published %q, %d entities; want 2026-02-27, 1003", un.Published, un.Entities)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// readResults reads batch's JSONL output.
func readResults(t *testing.T, out string) []clearance.Result {
	t.Helper()
	var rs []clearance.Result
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var r clearance.Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("output line %d is not a result: %v\n%s", len(rs)+1, err, sc.Text())
		}
		rs = append(rs, r)
	}
	return rs
}

func TestBatchJSONLKeepsOrderAndReportsBadRows(t *testing.T) {
	input := []string{
		`{"id":"kim","name":"Kim Sang Man","dob":"1965","expect":["x"],"category":"passes through"}`,
		`{not json`,
		`{"id":"lazarus","name":"Lazarus Group","type":"organization"}`,
		`{"id":"baddob","name":"Kim Sang Man","dob":"1965-13-45"}`,
		``,
		`{"id":"empty","name":"   "}`,
		`{"id":8,"wallet":"` + kimSangManWallet + `"}`,
		`{"id":"badwallet","wallet":"` + kimSangManWallet[:31] + `"}`,
		`{"name":"John Smith"}`,
	}
	// Enough good rows behind them that the workers finish out of order.
	names := []string{"Kim Sang Man", "John Smith", "Lazarus Group", "Jong Song Hwa"}
	for i := range 300 {
		input = append(input, `{"id":"r`+strconv.Itoa(i)+`","name":"`+names[i%len(names)]+`"}`)
	}
	in := filepath.Join(t.TempDir(), "subjects.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(input, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runBatchCLI(t, builtinOnly(t), "", "batch", "--in", in, "--workers", "8")
	if code != exitFailed {
		t.Errorf("exit status %d, want %d: some rows failed", code, exitFailed)
	}
	rs := readResults(t, stdout)

	wantIDs := []string{"kim", "line-2", "lazarus", "baddob", "empty", "8", "badwallet", "line-9"}
	for i := range 300 {
		wantIDs = append(wantIDs, "r"+strconv.Itoa(i))
	}
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	if !slices.Equal(ids, wantIDs) {
		t.Fatalf("ids out of input order:\n got %v\nwant %v", ids, wantIDs)
	}
	byID := map[string]clearance.Result{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	hits := []struct{ id, entity string }{
		{"kim", "clearance_dprk:kim-sang-man"},
		{"lazarus", "clearance_dprk:lazarus-group"},
		{"8", "clearance_dprk:kim-sang-man"},
	}
	for _, h := range hits {
		r := byID[h.id]
		if !r.Alert || r.Error != "" || len(r.Matches) == 0 || r.Matches[0].EntityID != h.entity {
			t.Errorf("%s: %+v, want an alert on %s", h.id, r, h.entity)
		}
	}
	if r := byID["line-9"]; r.Alert || r.Error != "" || len(r.Matches) != 0 || r.Matches == nil {
		t.Errorf("John Smith: %+v, want no match, written as an empty list", r)
	}
	bad := []struct{ id, line, err string }{
		{"line-2", "2", "not a JSON query object"},
		{"baddob", "4", `dob: date "1965-13-45"`},
		{"empty", "6", "no name, wallet or identifier"},
		{"badwallet", "8", "want 25"},
	}
	for _, b := range bad {
		r := byID[b.id]
		if !strings.Contains(r.Error, b.err) || r.Alert || len(r.Matches) != 0 {
			t.Errorf("%s: %+v, want error %q and no matches", b.id, r, b.err)
		}
		if !strings.Contains(stderr, "subjects.jsonl line "+b.line+" (id \""+b.id+"\")") || !strings.Contains(stderr, b.err) {
			t.Errorf("stderr does not report line %s (%s): %s", b.line, b.id, stderr)
		}
		if n := len(regexp.MustCompile(`\bline `+b.line+`\b`).FindAllString(stderr, -1)); n != 1 {
			t.Errorf("stderr names line %s %d times, want once:\n%s", b.line, n, stderr)
		}
	}
	alerts := 0
	for _, r := range rs {
		if r.Alert {
			alerts++
		}
	}
	if want := "308 rows read, 304 screened, " + strconv.Itoa(alerts) + " alerted, 4 failed"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if alerts != 3+225 { // kim, lazarus, 8, and all r rows but John Smith's
		t.Errorf("%d alerts, want 228", alerts)
	}
}

func TestBatchCSVFromStdinWritesCSV(t *testing.T) {
	input := "id,name,dob,wallet,type\n" +
		"r1,Kim Sang Man,1965,,person\n" +
		"r2,Lazarus Group,,,\n" +
		"r3,,,,\n" +
		"r4,,,\"" + kimSangManWallet + "\",\n" +
		"r5,\"Smith, John\",,,\n" +
		"r6,Kim Sang Man,,,spaceship\n"
	stdout, stderr, code := runBatchCLI(t, builtinOnly(t), input, "batch", "--in", "-", "--format", "csv")
	if code != exitFailed {
		t.Errorf("exit status %d, want %d: rows r3 and r6 failed", code, exitFailed)
	}
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, stdout)
	}
	header := []string{"id", "rank", "entity_id", "score", "name", "matched_name", "source", "type", "programs", "alert", "error", "matched_alias", "reasons"}
	if len(recs) == 0 || !slices.Equal(recs[0], header) {
		t.Fatalf("header %v, want %v", recs[0], header)
	}
	first := map[string][]string{}
	var order []string
	for _, r := range recs[1:] {
		if _, ok := first[r[0]]; !ok {
			first[r[0]] = r
			order = append(order, r[0])
		}
	}
	if want := []string{"r1", "r2", "r3", "r4", "r5", "r6"}; !slices.Equal(order, want) {
		t.Fatalf("subjects %v, want %v in input order", order, want)
	}
	col := func(id, name string) string { return first[id][slices.Index(header, name)] }
	for _, c := range []struct{ id, entity string }{{"r1", "clearance_dprk:kim-sang-man"}, {"r2", "clearance_dprk:lazarus-group"}, {"r4", "clearance_dprk:kim-sang-man"}} {
		if col(c.id, "rank") != "1" || col(c.id, "entity_id") != c.entity || col(c.id, "alert") != "true" || col(c.id, "error") != "" {
			t.Errorf("%s: %v, want rank 1 alert on %s", c.id, first[c.id], c.entity)
		}
		if s, err := strconv.ParseFloat(col(c.id, "score"), 64); err != nil || s <= 0 || s > 1 {
			t.Errorf("%s: score %q, want a number in (0, 1]", c.id, col(c.id, "score"))
		}
	}
	if col("r4", "score") != "1.0000" {
		t.Errorf("wallet row scored %s, want 1.0000", col("r4", "score"))
	}
	if col("r5", "entity_id") != "" || col("r5", "alert") != "false" || col("r5", "error") != "" {
		t.Errorf("r5: %v, want one row without a match", first["r5"])
	}
	for _, c := range []struct{ id, err string }{{"r3", "no name, wallet or identifier"}, {"r6", "spaceship"}} {
		if !strings.Contains(col(c.id, "error"), c.err) || col(c.id, "entity_id") != "" {
			t.Errorf("%s: %v, want error %q", c.id, first[c.id], c.err)
		}
	}
	if !strings.Contains(stderr, `line 4 (id "r3")`) || !strings.Contains(stderr, `line 7 (id "r6")`) {
		t.Errorf("stderr does not report the bad rows by line:\n%s", stderr)
	}
}

func TestBatchOutputOfTheDevSetIsScorable(t *testing.T) {
	t.Parallel()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed; the scorer needs it")
	}
	dev, err := os.ReadFile(sharedfiles.Eval(t, "dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfterN(string(dev), "\n", 201)[:200]
	dir := t.TempDir()
	queries, results := filepath.Join(dir, "dev200.jsonl"), filepath.Join(dir, "results.jsonl")
	if err := os.WriteFile(queries, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runBatchCLI(t, realLists(t), "", "batch", "--in", queries, "--out", results)
	if !strings.Contains(stderr, "200 rows read, 200 screened") || !strings.Contains(stderr, " 0 failed") || code != exitAlert {
		t.Errorf("exit status %d, stderr:\n%s\nwant 200 subjects screened, some alerts and no failed rows", code, stderr)
	}
	out, err := exec.CommandContext(t.Context(), python, filepath.Join(sharedfiles.EvalDir(), "score.py"), queries, results).CombinedOutput()
	if err != nil {
		t.Fatalf("score.py: %v\n%s", err, out)
	}
	report := string(out)
	if !strings.Contains(report, "results for 200; queries without a result line 0; result lines for unknown ids 0; unreadable lines 0") {
		t.Errorf("the scorer did not read a result for every query:\n%s", report)
	}
	m := regexp.MustCompile(`(?m)^recall=([0-9.]+) fpr=([0-9.]+) top1=([0-9.]+)$`).FindStringSubmatch(report)
	if m == nil {
		t.Fatalf("no summary line in:\n%s", report)
	}
	recall, _ := strconv.ParseFloat(m[1], 64)
	fpr, _ := strconv.ParseFloat(m[2], 64)
	// Floors well below what the engine scores, to catch a broken pipeline
	// (ids lost, scores unreadable), not to tune the engine.
	if recall < 0.8 || fpr > 0.1 {
		t.Errorf("recall %.3f, false-alert rate %.3f; want at least 0.8 and at most 0.1\n%s", recall, fpr, report)
	}
	t.Logf("dev[:200]: %s", m[0])
}

func TestCompareTwoNamesFindsARomanisedMatch(t *testing.T) {
	t.Parallel()
	stdout, _ := mustRun(t, realLists(t), "", "compare", "Park Jin Hyok", "PAK, Jin Hyok")
	first, rest, _ := strings.Cut(stdout, "\n")
	score, match, ok := strings.Cut(first, "  ")
	s, err := strconv.ParseFloat(score, 64)
	if !ok || err != nil || match != "match=true" || s < 0.84 || s > 1 {
		t.Fatalf("first line %q, want a score and match=true", first)
	}
	if !strings.Contains(rest, `"park"`) || !strings.Contains(rest, `"pak"`) || !strings.Contains(rest, "romanisation") {
		t.Errorf("reasons do not show park as a romanisation of pak:\n%s", rest)
	}
}

func TestCompareFileAddsScoreAndMatchColumns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "pairs.csv"), filepath.Join(dir, "scores.csv")
	pairs := "name1,name2,schema\n" +
		"Park Jin Hyok,\"PAK, Jin Hyok\",Person\n" +
		"Kim Sang Man,Lazarus Group,\n" +
		"short row\n" +
		"Acme Trading Ltd,ACME TRADING LIMITED,Company\n"
	if err := os.WriteFile(in, []byte(pairs), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr := mustRun(t, realLists(t), "", "compare", "--in", in, "--out", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, b)
	}
	want := []struct {
		name1, name2 string
		match        bool
	}{
		{"Park Jin Hyok", "PAK, Jin Hyok", true},
		{"Kim Sang Man", "Lazarus Group", false},
		{"Acme Trading Ltd", "ACME TRADING LIMITED", true},
	}
	if len(recs) != len(want)+1 || !slices.Equal(recs[0], []string{"name1", "name2", "schema", "score", "match"}) {
		t.Fatalf("output:\n%s\nwant the header with score and match and %d rows", b, len(want))
	}
	for i, w := range want {
		r := recs[i+1]
		s, err := strconv.ParseFloat(r[3], 64)
		if r[0] != w.name1 || r[1] != w.name2 || err != nil || s < 0 || s > 1 || r[4] != strconv.FormatBool(w.match) {
			t.Errorf("row %d = %v, want %s / %s with match=%v", i+1, r, w.name1, w.name2, w.match)
		}
	}
	if !strings.Contains(stderr, "line 4: unreadable row: 1 fields, want name1 and name2") || !strings.Contains(stderr, "1 bad rows") {
		t.Errorf("stderr does not report the short row on line 4:\n%s", stderr)
	}
}

// sdnMirror serves the shared us_ofac_sdn files as <key>/<file>, as a
// list mirror would, and nothing else.
func sdnMirror(t *testing.T) (*httptest.Server, func() []string) {
	t.Helper()
	dir := sharedfiles.ListsDir()
	sharedfiles.Lists(t, "us_ofac_sdn", "sdn.csv")
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		key, file, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if key != "us_ofac_sdn" || file == "" || strings.ContainsAny(file, `/\`) {
			http.NotFound(w, r)
			return
		}
		http.ServeFile(w, r, filepath.Join(dir, key, file))
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(paths)
	}
}

func TestUpdateFromAMirrorThenScreenFromTheCache(t *testing.T) {
	t.Parallel()
	srv, requested := sdnMirror(t)
	cache := t.TempDir()
	stdout, _ := mustRun(t, map[string]string{}, "", "--cache", cache, "update", "--mirror", srv.URL, "us_ofac_sdn")
	if !regexp.MustCompile(`(?m)^us_ofac_sdn +updated .*14965 entities`).MatchString(stdout) {
		t.Errorf("update output:\n%s\nwant us_ofac_sdn updated with 14965 entities", stdout)
	}
	got := requested()
	slices.Sort(got)
	if want := []string{"/us_ofac_sdn/add.csv", "/us_ofac_sdn/alt.csv", "/us_ofac_sdn/sdn.csv", "/us_ofac_sdn/sdn_comments.csv"}; !slices.Equal(got, want) {
		t.Errorf("requested %v, want %v", got, want)
	}

	// A later run with no --lists finds the cache through $CLEARANCE_CACHE.
	stdout, stderr := mustRun(t, map[string]string{"CLEARANCE_CACHE": cache}, "", "screen", "Kim Sang Man", "--dob", "1965")
	if ms := parseScreenText(t, stdout); ms[0].id != "us_ofac_sdn:43377" || !ms[0].alert {
		t.Errorf("first match = %+v, want an alert on us_ofac_sdn:43377", ms[0])
	}
	if !strings.Contains(stderr, "using cache: us_ofac_sdn fetched just now, 14965 entities") {
		t.Errorf("stderr does not say the cache is used and how old it is:\n%s", stderr)
	}
	if strings.Contains(stderr, builtinNotice) {
		t.Errorf("fell back to the built-in set although the cache holds a list:\n%s", stderr)
	}

	// Updating again asks conditionally and keeps the cached copy.
	stdout, _ = mustRun(t, map[string]string{"CLEARANCE_CACHE": cache}, "", "update", "--json", "--mirror", srv.URL, "us_ofac_sdn")
	var res []struct {
		Key, Status string
		Entities    int
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("update --json: %v\n%s", err, stdout)
	}
	if len(res) != 1 || res[0].Key != "us_ofac_sdn" || res[0].Status != "not modified" || res[0].Entities != sdnEntities {
		t.Errorf("second update = %+v, want us_ofac_sdn not modified with %d entities", res, sdnEntities)
	}
}

func TestEntityShowsAListedEntity(t *testing.T) {
	vars := builtinOnly(t)
	stdout, _ := mustRun(t, vars, "", "entity", "clearance_dprk:kim-sang-man")
	var en clearance.Entity
	if err := json.Unmarshal([]byte(stdout), &en); err != nil {
		t.Fatalf("not an entity: %v\n%s", err, stdout)
	}
	if en.ID != "clearance_dprk:kim-sang-man" || en.PrimaryName() != "KIM, Sang Man" || en.Type != clearance.Person {
		t.Errorf("entity %s %q %s, want clearance_dprk:kim-sang-man, KIM, Sang Man, a person", en.ID, en.PrimaryName(), en.Type)
	}
	if _, _, err := runCLI(t, vars, "", "entity", "clearance_dprk:nobody"); err == nil || !strings.Contains(err.Error(), `no entity "clearance_dprk:nobody"`) {
		t.Errorf("unknown id: err = %v, want no entity", err)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no command", nil, "Commands:"},
		{"an unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"an unknown global flag", []string{"--frob", "screen", "x"}, "flag provided but not defined: -frob"},
		{"screen without a subject", []string{"screen", "--dob", "1965"}, "Usage: clearance screen"},
		{"screen with an unknown flag", []string{"screen", "Kim", "--frob"}, "flag provided but not defined: -frob"},
		{"screen with an identifier lacking a number", []string{"screen", "--id", "passport:"}, "want TYPE:NUMBER"},
		{"batch without --in", []string{"batch"}, "Usage: clearance batch"},
		{"compare with one name", []string{"compare", "Park Jin Hyok"}, "Usage: clearance compare"},
		{"entity without an id", []string{"entity"}, "Usage: clearance entity"},
		{"bench without --in", []string{"bench"}, "Usage: clearance bench"},
		{"worker without --queue", []string{"worker"}, "Usage: clearance worker"},
		{"jobs without --queue", []string{"jobs"}, "Usage: clearance jobs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runCLI(t, builtinOnly(t), "", tt.args...)
			if !errors.Is(err, errUsage) {
				t.Errorf("err = %v, want errUsage", err)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout:\n%s\nwant nothing", stdout)
			}
			if strings.Contains(stderr, builtinNotice) {
				t.Errorf("loaded lists before rejecting the arguments")
			}
		})
	}
}

func TestBadArgumentsThatAreNotUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown entity type", []string{"screen", "Kim", "--type", "spaceship"}, "--type: "},
		{"an unknown update source", []string{"update", "nosuchlist"}, `unknown source "nosuchlist"`},
		{"a missing batch input", []string{"batch", "--in", "/nonexistent/subjects.jsonl"}, "/nonexistent/subjects.jsonl"},
		{"a batch input of unknown extension", []string{"batch", "--in", "subjects.txt"}, "subjects.txt: unknown extension, want .jsonl, .csv or .xlsx (or say --format)"},
		{"a lists folder without lists", []string{"--lists", "/nonexistent", "lists"}, "no list could be loaded from /nonexistent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCLI(t, builtinOnly(t), "", tt.args...)
			if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestHelpIsNotAnError(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"screen", "-h"}, {"batch", "--help"}} {
		_, stderr, err := runCLI(t, builtinOnly(t), "", args...)
		if err != nil || !strings.Contains(stderr, "Usage: clearance") {
			t.Errorf("clearance %v: err %v, stderr:\n%s", args, err, stderr)
		}
	}
}

// TestBinary builds the command once and checks what only a process shows:
// exit codes and which stream each message goes to.
func TestBinary(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build clearance: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "clearance")
	if out, err := exec.CommandContext(t.Context(), goBin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"screen prints an alert and exits 1", []string{"screen", "King San Man"}, 1, "KIM, Sang Man  [clearance_dprk:kim-sang-man]", builtinNotice},
		{"screen without an alert exits 0", []string{"screen", "Margaret Thatcher"}, 0, "No match", builtinNotice},
		{"screen with an invalid wallet exits 2", []string{"screen", "--wallet", kimSangManWallet[:31]}, 2, "", "clearance: wallet"},
		{"screen without a subject exits 2", []string{"screen"}, 2, "", "Usage: clearance screen"},
		{"--version prints the build", []string{"--version"}, 0, "clearance ", ""},
		{"an unknown command exits 2", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
	}
	t.Run("mcp answers the SDK's client over the process's stdio", func(t *testing.T) {
		testMCPBinary(t, bin)
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), bin, tt.args...)
			cmd.Env = append(withoutClearanceVars(os.Environ()), "CLEARANCE_CACHE="+t.TempDir())
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) || (tt.stdout == "" && stdout.Len() > 0) {
				t.Errorf("stdout:\n%s\nwant %q", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr:\n%s\nwant %q", stderr.String(), tt.stderr)
			}
		})
	}
}

func withoutClearanceVars(environ []string) []string {
	return slices.DeleteFunc(slices.Clone(environ), func(kv string) bool {
		return strings.HasPrefix(kv, "CLEARANCE_")
	})
}

func TestOutputFilesAreNotHarmedOrFalselyReported(t *testing.T) {
	dir := t.TempDir()
	subjects := filepath.Join(dir, "subjects.jsonl")
	if err := os.WriteFile(subjects, []byte(`{"id":"a","name":"Kim Sang Man"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pairs := filepath.Join(dir, "pairs.csv")
	if err := os.WriteFile(pairs, []byte("name1,name2\nKim Sang Man,\"KIM, Sang Man\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("a batch whose lists fail to load leaves the output file as it was", func(t *testing.T) {
		out := filepath.Join(dir, "previous-results.jsonl")
		if err := os.WriteFile(out, []byte("yesterday's results\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := runCLI(t, builtinOnly(t), "", "--lists", filepath.Join(dir, "no-lists"), "batch", "--in", subjects, "--out", out)
		if err == nil || !strings.Contains(err.Error(), "no list could be loaded") {
			t.Errorf("err = %v, want the lists not loaded", err)
		}
		if b, _ := os.ReadFile(out); string(b) != "yesterday's results\n" {
			t.Errorf("output file now holds %q", b)
		}
	})

	// /dev/full fails every write with ENOSPC, as a full disk would.
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full to simulate a full disk")
	}
	for _, args := range [][]string{
		{"batch", "--in", subjects, "--out", "/dev/full"},
		{"compare", "--in", pairs, "--out", "/dev/full"},
	} {
		t.Run(args[0]+" to a full disk fails", func(t *testing.T) {
			_, _, err := runCLI(t, builtinOnly(t), "", args...)
			if err == nil || !strings.Contains(err.Error(), "no space left on device") {
				t.Errorf("err = %v, want the write failure", err)
			}
		})
	}
}
