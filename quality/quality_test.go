package quality

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// floors is what the engine must keep reaching on the shared eval sets:
// each figure (named as Reports.Figures names it) must stay at or above
// its floor, or, for false-alert figures (HigherIsBetter false), at or
// below its ceiling. They were set a little short of what the engine
// reached when this file was written (the baseline in each comment, at
// threshold 0.80); raise them when the engine improves, and never lower
// one without saying why in the commit.
var floors = map[string]float64{
	// Dev set, score.py's figures at the index's alert threshold.
	"dev.recall": 0.99,  // 0.993
	"dev.top1":   0.982, // 0.987
	"dev.fpr":    0.007, // 0.004 (ceiling)
	// The bars on false alerts: at most 1% of unlisted people and
	// companies, at most 5% of namesakes born apart.
	"dev.fp.negative_person":          0.008, // 0.0043 (ceiling)
	"dev.fp.negative_company":         0.01,  // 0.0048 (ceiling)
	"dev.fp.namesake_conflicting_dob": 0.05,  // 0 (ceiling)
	"dev.matches_per_query":           1.3,   // 1.22 (ceiling)
	// Dev set, best recall one threshold reaches within a false-alert budget.
	"dev.sweep_all.recall_at_0.5pct":       0.984, // 0.990
	"dev.sweep_all.recall_at_1pct":         0.986, // 0.992
	"dev.sweep_all.recall_at_5pct":         0.99,  // 0.995
	"dev.sweep_name_only.recall_at_0.5pct": 0.984, // 0.990
	"dev.sweep_name_only.recall_at_1pct":   0.986, // 0.992
	"dev.sweep_name_only.recall_at_5pct":   0.99,  // 0.995
	// Dev set, recall of the hardest variant categories.
	// 0.973 until a whole name met by romanisation variants only, of a
	// name not spelled like Korean or Chinese syllables and borne by 1 in
	// 2,000 or more, stopped alerting on the name alone (issue 10): the
	// dev set's MUHAMMAD SSAEED for SAEED, Muhammad (1 in 540 Arabic
	// names) went under the threshold, as Nur Muhammad for NUR, Mohammad.
	"dev.found.typo": 0.965, // 0.970
	// A partial match of a name common in its population (Roberto Perez
	// for PEREZ ..., Roberto) no longer alerts on the name alone (issue
	// 10): 0.983 before that rule, 0.961 after.
	"dev.found.missing_token": 0.955, // 0.961
	"dev.found.legal_form":    0.99,  // 1.000
	// nomenklatura name bench at the index's threshold (logic-v2: P 0.762, R 0.821, F1 0.790).
	"bench.precision": 0.925, // 0.932
	"bench.recall":    0.865, // 0.871
	"bench.f1":        0.898, // 0.900
	// Cross-script: Hangul and Arabic/Cyrillic queries against Latin names.
	"korean_wikidata.recall":                    0.862, // 0.866
	"korean_wikidata.aligned_recall":            0.91,  // 0.914 (one Latin word per syllable)
	"korean_wikidata.false_alerts_per_query":    0.11,  // 0.101 (ceiling)
	"un_original_script.recall":                 0.97,  // 0.976
	"un_original_script.false_alerts_per_query": 0.08,  // 0.071 (ceiling)
	// False alerts on people who are on no list.
	"negatives.fpr": 0.005, // 0 (ceiling)
	"congress.fpr":  0.005, // 0.0008 (ceiling)
	// Common full names drawn by population frequency (namesakes.go),
	// name alone and with a date of birth apart from the listed one.
	"namesakes.rate.us":           0.01,  // 0.001 (ceiling)
	"namesakes.rate.hispanic":     0.01,  // 0.003 (ceiling)
	"namesakes.rate.chinese":      0.015, // 0.010 (0.028 before romanisation by language)
	"namesakes.rate.korean":       0.018, // 0.012 (0.031 before romanisation by language)
	"namesakes.rate.russian":      0.02,  // 0.012 (ceiling)
	"namesakes.rate.arabic":       0.015, // 0.008 (0.017 before the stricter romanised-name share)
	"namesakes.rate_dob.chinese":  0.005, // 0 (0.005 before)
	"namesakes.rate_dob.korean":   0.005, // 0.002 (0.012 before)
	"namesakes.rate_dob.arabic":   0.005, // 0.001 (ceiling)
	"namesakes.rate_dob.hispanic": 0.005, // 0.001 (ceiling)
	// Spellings across authorities, name alone (issue 10's bars: 0.90 and 0.98).
	"authorities.one_list.recall":  0.96, // 0.970
	"authorities.all_lists.recall": 0.97, // 0.976
	// yente's UN positives: own UN entry at the threshold.
	"un_positives.untreated.recall": 0.98, // 1.000
	"un_positives.treated.recall":   0.98, // 0.996
	"un_positives.mangled.recall":   0.95, // 0.982
}

// real is the engine on the real lists and every measure on the shared
// eval sets, taken once for all tests.
var real struct {
	once    sync.Once
	ix      *match.Index
	reports Reports
	load    time.Duration
	err     error
}

func realReports(t *testing.T) (*match.Index, Reports) {
	t.Helper()
	// Fail, not skip, when the files are missing: these tests exist to
	// measure the real data.
	sharedfiles.Lists(t, "un_sc_sanctions", "consolidated.xml")
	sharedfiles.Eval(t, DevFile)
	real.once.Do(func() {
		start := time.Now()
		ds, errs := lists.LoadDir(sharedfiles.ListsDir(), nil)
		if len(errs) > 0 {
			real.err = fmt.Errorf("loading lists: %v", errs)
			return
		}
		var all []clearance.Entity
		for _, d := range ds {
			all = append(all, d.Entities...)
		}
		real.ix = match.Build(all, match.Options{})
		real.load = time.Since(start)
		real.reports, real.err = Run(real.ix, sharedfiles.EvalDir(), DefaultDevMinScore)
	})
	if real.err != nil {
		t.Fatal(real.err)
	}
	return real.ix, real.reports
}

func TestEngineMeetsTheFloors(t *testing.T) {
	ix, r := realReports(t)
	var buf bytes.Buffer
	r.WriteText(&buf)
	t.Logf("lists loaded and indexed in %v (%d entities); measures took %v\n%s", real.load.Round(time.Millisecond), ix.Len(), took(r), buf.String())

	figs := map[string]Figure{}
	var tab strings.Builder
	for i, f := range r.Figures() {
		figs[f.Name] = f
		mark := " "
		if _, ok := floors[f.Name]; ok {
			mark = "*"
		}
		fmt.Fprintf(&tab, "%s%-44s %7.4f", mark, f.Name, f.Value)
		if i%2 == 1 {
			tab.WriteString("\n")
		} else {
			tab.WriteString("   ")
		}
	}
	t.Logf("figures (* = held to a floor):\n%s", tab.String())
	names := make([]string, 0, len(floors))
	for n := range floors {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f, ok := figs[n]
		if !ok {
			t.Errorf("floor %q names no figure the reports produce", n)
			continue
		}
		limit := floors[n]
		switch {
		case f.HigherIsBetter && f.Value < limit:
			t.Errorf("%s = %.4f, below its floor %.4f", n, f.Value, limit)
		case !f.HigherIsBetter && f.Value > limit:
			t.Errorf("%s = %.4f, above its ceiling %.4f", n, f.Value, limit)
		}
	}
	if r.Dev.Errors > 0 || r.Bench.Errors > 0 {
		t.Errorf("the engine refused %d dev queries and %d bench pairs", r.Dev.Errors, r.Bench.Errors)
	}
}

func took(r Reports) time.Duration {
	var d time.Duration
	for _, v := range r.Took {
		d += v
	}
	return d.Round(time.Millisecond)
}

func TestDevSetAgreesWithScorePyOnTheRealSet(t *testing.T) {
	_, r := realReports(t)
	if r.Dev.Overall.Queries != 3000 || r.Dev.Overall.Positives < 1900 {
		t.Fatalf("dev set read as %+v; want 3,000 queries, about 2,000 positive", r.Dev.Overall)
	}
	agreeWithScorePy(t, sharedfiles.Eval(t, DevFile), r.Dev)
}

// miniIndex is a handful of listed entities for the edge-case tests.
func miniIndex() *match.Index {
	ent := func(id string, typ clearance.EntityType, names ...string) clearance.Entity {
		e := clearance.Entity{ID: id, Source: strings.SplitN(id, ":", 2)[0], Type: typ}
		for i, n := range names {
			k := clearance.AKA
			if i == 0 {
				k = clearance.Primary
			}
			e.Names = append(e.Names, clearance.Name{Full: n, Kind: k})
		}
		return e
	}
	kim := ent("t:kim", clearance.Person, "KIM, Sang Man", "Kim Sangman")
	kim.BirthDates = []clearance.BirthDate{{Date: clearance.Date{Year: 1965, Month: 4, Day: 25}}}
	kimU := kim
	kimU.ID, kimU.Source = "u:kim", "u"
	return match.Build([]clearance.Entity{
		kim, kimU,
		ent("t:chinyong", clearance.Organization, "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY"),
		ent("t:pua", clearance.Organization, "PYONGYANG UNIVERSITY OF AUTOMATION"),
		ent("t:trb", clearance.Organization, "TECHNICAL RECONNAISSANCE BUREAU"),
		ent("t:acme", clearance.Organization, "ACME TRADING LTD"),
	}, match.Options{})
}

func TestDevSetFollowsScorePyOnEdgeCases(t *testing.T) {
	rep, err := DevSet(miniIndex(), filepath.Join("testdata", "mini_dev.jsonl"), 0.3)
	if err != nil {
		t.Fatal(err)
	}
	// Two lines are not queries (not JSON; no id); the query without a
	// name is refused by the engine and so has no result line.
	if rep.Unreadable != 2 || rep.Errors != 1 || rep.Overall.Queries != 10 {
		t.Errorf("unreadable %d, refused %d, queries %d; want 2, 1, 10", rep.Unreadable, rep.Errors, rep.Overall.Queries)
	}
	if rep.Overall.Negatives != 4 || rep.Overall.Positives != 6 {
		t.Errorf("%d negatives and %d positives; want 4 and 6", rep.Overall.Negatives, rep.Overall.Positives)
	}
	var cats []string
	for _, c := range rep.Categories {
		cats = append(cats, c.Category)
	}
	// Categories with positives first, then by name; a missing one is "(none)".
	if got, want := strings.Join(cats, " "), "(none) join_split legal_form token_order typo namesake_conflicting_dob negative_company negative_person"; got != want {
		t.Errorf("categories %q, want %q", got, want)
	}
	agreeWithScorePy(t, filepath.Join("testdata", "mini_dev.jsonl"), rep)
}

// agreeWithScorePy writes rep's answers as score.py reads them, runs
// score.py at rep's threshold, and checks every figure it prints against
// rep's, formatted as score.py formats them.
func agreeWithScorePy(t *testing.T, queries string, rep DevReport) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is needed to check the dev-set scores against score.py")
		}
		t.Skip("python3 not found; cannot compare with score.py")
	}
	results := filepath.Join(t.TempDir(), "results.jsonl")
	f, err := os.Create(results)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteResults(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, sharedfiles.Eval(t, "score.py"), queries, results, "--threshold", strconv.FormatFloat(rep.Threshold, 'g', -1, 64))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("score.py: %v\n%s", err, out)
	}
	got := parseScorePy(t, string(out))
	want := expectScorePy(rep)
	if len(got) == 0 {
		t.Fatalf("nothing parsed from score.py's output:\n%s", out)
	}
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("score.py printed no %s (we have %q)", k, w)
		} else if g != w {
			t.Errorf("%s: score.py %q, quality %q", k, g, w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("score.py printed %s = %q, which quality does not have", k, g)
		}
	}
	if t.Failed() {
		t.Logf("score.py output:\n%s", out)
	}
}

// pyPct formats n/d as Python's f"{n/d:6.1%}" (stripped): the division
// first, then the multiplication by 100, as Python does it.
func pyPct(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", float64(n)/float64(d)*100)
}

// expectScorePy is what score.py should print for rep, keyed as
// parseScorePy keys it.
func expectScorePy(rep DevReport) map[string]string {
	m := map[string]string{}
	row := func(name string, t Tally) {
		m["row "+name] = strings.Join([]string{strconv.Itoa(t.Queries), pyPct(t.Found, t.Positives), pyPct(t.Top1, t.Positives),
			strconv.Itoa(t.Negatives), pyPct(t.FalseAlerts, t.Negatives), fmt.Sprintf("%.2f", t.MatchesPerQuery())}, " ")
	}
	for _, c := range rep.Categories {
		row(c.Category, c.Tally)
	}
	row("ALL", rep.Overall)
	m["missing"] = strconv.Itoa(rep.Errors)
	sweeps := func(label string, ps []SweepPoint) {
		for _, p := range ps {
			th := "none"
			if p.Reached {
				th = fmt.Sprintf("%.4f", p.Threshold)
			}
			m[fmt.Sprintf("sweep %s %.1f%%", label, p.Budget*100)] = fmt.Sprintf("%.1f%% %s %.2f%%", p.Recall*100, th, p.FPR*100)
		}
	}
	sweeps("all", rep.Sweep)
	sweeps("name_only", rep.SweepNameOnly)
	m["summary"] = fmt.Sprintf("recall=%.4f fpr=%.4f top1=%.4f", rep.Overall.Recall(), rep.Overall.FPR(), rep.Overall.Top1Rate())
	return m
}

// parseScorePy reads the figures out of score.py's printed report.
func parseScorePy(t *testing.T, out string) map[string]string {
	t.Helper()
	m := map[string]string{}
	dashes, allRow, sweepGroup := 0, false, ""
	for _, ln := range strings.Split(out, "\n") {
		fields := strings.Fields(ln)
		switch {
		case strings.HasPrefix(ln, "queries ") && strings.Contains(ln, "without a result line"):
			_, after, _ := strings.Cut(ln, "queries without a result line ")
			m["missing"] = strings.TrimRight(strings.Fields(after)[0], ";")
		case strings.HasPrefix(ln, "-----"):
			dashes++
			allRow = dashes == 2
		case (dashes == 1 || allRow) && len(fields) >= 7:
			// Category rows stand between the two rules; the ALL row
			// follows the second.
			n := len(fields)
			m["row "+strings.Join(fields[:n-6], " ")] = strings.Join(fields[n-6:], " ")
			allRow = false
		case strings.HasPrefix(ln, " all negatives"):
			sweepGroup = "all"
		case strings.HasPrefix(ln, " negatives without namesake"):
			sweepGroup = "name_only"
		case sweepGroup != "" && strings.HasPrefix(strings.TrimSpace(ln), "FPR <="):
			// "  FPR <=  0.5%: recall  90.1% at threshold 0.8523 (FPR there 0.40%)"
			budget := strings.TrimSuffix(fields[2], ":")
			m["sweep "+sweepGroup+" "+budget] = fields[4] + " " + fields[7] + " " + strings.TrimSuffix(fields[10], ")")
		case strings.HasPrefix(ln, "recall="):
			m["summary"] = strings.TrimSpace(ln)
		}
	}
	return m
}

func TestSweepPicksTheLowestThresholdWithinBudget(t *testing.T) {
	inf := math.Inf(-1)
	tests := []struct {
		name     string
		pos, neg []float64
		budget   float64
		want     SweepPoint
	}{
		{"no negative scores lets every returned positive through",
			[]float64{0.9, 0.8, inf}, []float64{inf, inf}, 0.01,
			SweepPoint{Budget: 0.01, Reached: true, Threshold: 0.8, Recall: 2.0 / 3}},
		{"a negative above every positive leaves nothing within a zero budget",
			[]float64{0.8}, []float64{0.95}, 0,
			SweepPoint{Budget: 0}},
		{"the threshold stops just above the first negative past the budget",
			[]float64{0.99, 0.9, 0.7, 0.5}, []float64{0.95, 0.6, inf, inf}, 0.25,
			SweepPoint{Budget: 0.25, Reached: true, Threshold: 0.7, Recall: 0.75, FPR: 0.25}},
		{"ties between a positive and a negative count both",
			[]float64{0.9, 0.8}, []float64{0.9, inf}, 0.5,
			SweepPoint{Budget: 0.5, Reached: true, Threshold: 0.8, Recall: 1, FPR: 0.5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := sweep(tc.pos, tc.neg, tc.budget); got != tc.want {
				t.Errorf("sweep = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestConfusionRates(t *testing.T) {
	tests := []struct {
		name    string
		c       Confusion
		p, r, f float64
	}{
		{"logic-v2's published counts give its published rates", Confusion{TP: 345, FP: 108, TN: 284, FN: 75}, 345.0 / 453, 345.0 / 420, 690.0 / 873},
		{"no predictions give zero precision, not NaN", Confusion{TN: 3, FN: 2}, 0, 0, 0},
		{"an empty confusion is all zeros", Confusion{}, 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.c.Precision() != tc.p || tc.c.Recall() != tc.r || tc.c.F1() != tc.f {
				t.Errorf("P %v R %v F1 %v, want %v %v %v", tc.c.Precision(), tc.c.Recall(), tc.c.F1(), tc.p, tc.r, tc.f)
			}
		})
	}
}

func TestLogicV2ReproducesItsPublishedBaseline(t *testing.T) {
	r, err := LogicV2(sharedfiles.Eval(t, LogicV2File))
	if err != nil {
		t.Fatal(err)
	}
	// The peers README: P 0.762, R 0.821, F1 0.790 over 812 cases.
	o := r.Overall
	if o.N() != 812 || o != (Confusion{TP: 345, FP: 108, TN: 284, FN: 75}) {
		t.Errorf("logic-v2 confusion %+v, want 812 cases TP 345 FP 108 TN 284 FN 75", o)
	}
	if math.Abs(o.F1()-0.790) > 0.0005 {
		t.Errorf("logic-v2 F1 %.4f, want 0.790", o.F1())
	}
}

func TestNameBenchReadsEveryCase(t *testing.T) {
	_, r := realReports(t)
	if r.Bench.Overall.N() != 826 || r.Bench.ByQuality["MEDIUM"].N() != 743 || r.Bench.ByGroup["nk_checks"].N() != 226 {
		t.Errorf("bench read as %d cases, %d MEDIUM, %d nk_checks; want 826, 743, 226",
			r.Bench.Overall.N(), r.Bench.ByQuality["MEDIUM"].N(), r.Bench.ByGroup["nk_checks"].N())
	}
	// The frozen file renames a group and relabels four pairs; the rest
	// pair up with bench cases.
	if n := r.BenchShared.Overall.N(); n < 800 || n != r.LogicV2Shared.Overall.N() {
		t.Errorf("%d bench and %d logic-v2 cases shared; want the same number, at least 800", n, r.LogicV2Shared.Overall.N())
	}
}

func TestCrossScriptCountsSameScriptNamesakesApart(t *testing.T) {
	ix := miniIndex()
	r, err := CrossScript(ix, filepath.Join("testdata", "mini_korean.tsv"), KoreanWikidata)
	if err != nil {
		t.Fatal(err)
	}
	if r.Queries != 5 {
		t.Fatalf("%d queries, want 5", r.Queries)
	}
	// The three rows written 김정은 find each other: "Kim Jong Un" is the
	// same Latin name as "Kim Jong-un" (found), "Kim Jong-eun" another
	// person written alike (a namesake, not a false alert).
	if r.FalseAlerts != 0 {
		t.Errorf("%d false alerts (%+v), want 0", r.FalseAlerts, r.Confusions)
	}
	if r.NamesakeAlerts == 0 {
		t.Errorf("no namesake alerts among three people written 김정은")
	}
	if r.Threshold != ix.Threshold() {
		t.Errorf("threshold %v, want the index's %v", r.Threshold, ix.Threshold())
	}
}

func TestCrossScriptReadsTheRealFiles(t *testing.T) {
	_, r := realReports(t)
	if r.Korean.Queries != 9697 || r.UNScript.Queries < 370 {
		t.Errorf("%d Korean and %d UN original-script queries; want 9,697 and about 377", r.Korean.Queries, r.UNScript.Queries)
	}
}

func TestPositivesResolveTheirOwnUNEntry(t *testing.T) {
	ix, r := realReports(t)
	p := r.Positives
	if p.Rows != 683 || p.Resolved < 670 {
		t.Errorf("%d of %d rows resolved to their UN entry; want nearly all of 683 (unresolved: %q)", p.Resolved, p.Rows, p.Unresolved)
	}
	// Treated names differ from untreated ones in about a quarter of rows.
	if p.Mangled.Rows < 100 || p.Mangled.Rows > 250 {
		t.Errorf("%d mangled rows, want about 25%% of %d", p.Mangled.Rows, p.Resolved)
	}
	// The resolver looks among UN entries only, whatever else shares the name.
	res := newUNResolver(ix)
	if id := res.resolve("THARWAT SALAH SHIHATA", "1960-06-29"); !strings.HasPrefix(id, unSource+":") {
		t.Errorf("THARWAT SALAH SHIHATA resolves to %q, want a UN entry", id)
	}
	if id := res.resolve("SALEK, ABDULHAI", "1965"); id == "" || id != res.resolve("ABDULHAI SALEK", "1965") {
		t.Errorf("name order changes the resolved entry: %q", id)
	}
}

func TestNegativesListTheirWorstOffenders(t *testing.T) {
	_, r := realReports(t)
	if r.Negatives.Total.Rows != 2000 || len(r.Negatives.Files) != 2 || r.Congress.Total.Rows != 1254 {
		t.Errorf("negatives read as %d rows in %d files, congress %d; want 2,000 in 2 and 1,254", r.Negatives.Total.Rows, len(r.Negatives.Files), r.Congress.Total.Rows)
	}
	all := append(append([]Offender(nil), r.Negatives.Worst...), r.Congress.Worst...)
	for _, o := range all {
		if o.Score < r.Negatives.Threshold || o.EntityID == "" {
			t.Errorf("offender %+v is not an alert", o)
		}
	}
	if got := r.Negatives.Total.Alerted + r.Congress.Total.Alerted; len(all) != min(got, WorstOffenders*2) && len(all) < WorstOffenders {
		t.Errorf("%d offenders listed for %d alerts", len(all), got)
	}
}

// Every namesake alert is listed (for clearance eval --namesakes), with its
// reasons, by name alone and with the other date of birth.
func TestNamesakesListEveryAlert(t *testing.T) {
	_, r := realReports(t)
	for pop, tally := range r.Namesakes.ByPopulation {
		withDOB := 0
		for _, a := range tally.Alerts {
			if a.Query.DOB != "" {
				withDOB++
			}
			if a.Population != pop || a.EntityID == "" || len(a.Reasons) == 0 {
				t.Errorf("%s: alert %+v lacks its population, entity or reasons", pop, a)
			}
		}
		if len(tally.Alerts)-withDOB != tally.Alerted || withDOB != tally.AlertedDOB {
			t.Errorf("%s: %d alerts listed (%d with a DOB), counted %d and %d", pop, len(tally.Alerts), withDOB, tally.Alerted, tally.AlertedDOB)
		}
	}
}
