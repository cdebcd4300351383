package quality

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/clearance-screening/clearance/internal/namefreq"
	"github.com/clearance-screening/clearance/match"
)

// The eval files Run reads, relative to the eval folder.
const (
	DevFile            = "dev.jsonl"
	NameBenchFile      = "peers/nomenklatura_name_bench_cases.csv"
	LogicV2File        = "peers/nomenklatura_logicv2_frozen_scores.csv"
	KoreanFile         = "peers/wikidata_korean_person_names.tsv"
	UNScriptFile       = "peers/un_sc_original_script_pairs.csv"
	UNUntreatedFile    = "peers/yente_positives_un_untreated.csv"
	UNTreatedFile      = "peers/yente_positives_un_treated.csv"
	NegativesGlobal    = "peers/yente_negatives_global_sample.csv"
	NegativesUS        = "peers/yente_negatives_us_sample.csv"
	CongressFile       = "peers/yente_positives_us_congress_untreated.csv"
	DefaultDevMinScore = 0.5
)

// Reports holds every measure, as Run takes them.
type Reports struct {
	Dev DevReport `json:"dev"`
	// Bench is the engine on the name bench; LogicV2 the frozen logic-v2
	// scores; BenchShared and LogicV2Shared both on the cases the two
	// files share.
	Bench         PairReport        `json:"name_bench"`
	LogicV2       PairReport        `json:"logic_v2"`
	BenchShared   PairReport        `json:"name_bench_shared"`
	LogicV2Shared PairReport        `json:"logic_v2_shared"`
	Korean        CrossScriptReport `json:"korean"`
	UNScript      CrossScriptReport `json:"un_original_script"`
	Negatives     NegativeReport    `json:"negatives"`
	// Congress is US Congress members: public figures, on no sanctions
	// list, with common American names; every alert is a false one.
	Congress  NegativeReport  `json:"congress"`
	Positives PositivesReport `json:"un_positives"`
	// Namesakes is common full names of six populations, drawn by
	// frequency from the name tables: every alert on them is a false one.
	Namesakes NamesakeReport `json:"namesakes"`
	// Authorities is spellings across authorities: a target's listing
	// found from another list's spelling of its name.
	Authorities AuthoritiesReport        `json:"authorities"`
	Took        map[string]time.Duration `json:"took_ns"`
}

// Run takes every measure on the standard files below evalDir (the
// shared eval folder), the dev set with devMinScore as Screen's minimum.
func Run(ix *match.Index, evalDir string, devMinScore float64) (Reports, error) {
	var r Reports
	r.Took = map[string]time.Duration{}
	p := func(rel string) string { return filepath.Join(evalDir, filepath.FromSlash(rel)) }
	step := func(name string, f func() error) error {
		start := time.Now()
		err := f()
		r.Took[name] = time.Since(start)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	var err error
	steps := []struct {
		name string
		f    func() error
	}{
		{"dev", func() error { r.Dev, err = DevSet(ix, p(DevFile), devMinScore); return err }},
		{"name_bench", func() error {
			if r.Bench, err = NameBench(ix, p(NameBenchFile)); err != nil {
				return err
			}
			if r.LogicV2, err = LogicV2(p(LogicV2File)); err != nil {
				return err
			}
			r.BenchShared, r.LogicV2Shared = SharedCases(r.Bench, r.LogicV2)
			return nil
		}},
		{"korean", func() error { r.Korean, err = CrossScript(ix, p(KoreanFile), KoreanWikidata); return err }},
		{"un_script", func() error { r.UNScript, err = CrossScript(ix, p(UNScriptFile), UNOriginalScript); return err }},
		{"negatives", func() error { r.Negatives, err = Negatives(ix, p(NegativesGlobal), p(NegativesUS)); return err }},
		{"congress", func() error { r.Congress, err = Negatives(ix, p(CongressFile)); return err }},
		{"un_positives", func() error { r.Positives, err = Positives(ix, p(UNUntreatedFile), p(UNTreatedFile)); return err }},
		{"namesakes", func() error { r.Namesakes, err = Namesakes(ix, NamesDir(evalDir)); return err }},
		{"authorities", func() error { r.Authorities = Authorities(ix); return nil }},
	}
	for _, s := range steps {
		if err := step(s.name, s.f); err != nil {
			return r, err
		}
	}
	return r, nil
}

// Figure is one headline number.
type Figure struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	// HigherIsBetter is false for false-alert rates and counts.
	HigherIsBetter bool `json:"higher_is_better"`
}

// Figures flattens the reports into their headline numbers, the ones a
// test holds floors on. Names are stable.
func (r Reports) Figures() []Figure {
	var fs []Figure
	up := func(n string, v float64) { fs = append(fs, Figure{n, v, true}) }
	down := func(n string, v float64) { fs = append(fs, Figure{n, v, false}) }
	d := r.Dev
	up("dev.recall", d.Overall.Recall())
	up("dev.top1", d.Overall.Top1Rate())
	down("dev.fpr", d.Overall.FPR())
	down("dev.matches_per_query", d.Overall.MatchesPerQuery())
	for _, c := range d.Categories {
		if c.Positives > 0 {
			up("dev.found."+c.Category, c.Recall())
		} else {
			down("dev.fp."+c.Category, c.FPR())
		}
	}
	for _, s := range d.Sweep {
		up(fmt.Sprintf("dev.sweep_all.recall_at_%s", pct(s.Budget)), s.Recall)
	}
	for _, s := range d.SweepNameOnly {
		up(fmt.Sprintf("dev.sweep_name_only.recall_at_%s", pct(s.Budget)), s.Recall)
	}
	for _, b := range []struct {
		name string
		r    PairReport
	}{{"bench", r.Bench}, {"bench_shared", r.BenchShared}, {"logicv2_shared", r.LogicV2Shared}} {
		up(b.name+".precision", b.r.Overall.Precision())
		up(b.name+".recall", b.r.Overall.Recall())
		up(b.name+".f1", b.r.Overall.F1())
	}
	for _, g := range r.Bench.Groups() {
		up("bench.f1."+g, r.Bench.ByGroup[g].F1())
	}
	for _, q := range r.Bench.Qualities() {
		up("bench.f1."+strings.ToLower(q), r.Bench.ByQuality[q].F1())
	}
	for _, c := range []CrossScriptReport{r.Korean, r.UNScript} {
		up(c.Kind+".recall", c.Recall())
		if c.Aligned > 0 {
			up(c.Kind+".aligned_recall", c.AlignedRecall())
		}
		down(c.Kind+".false_alerts_per_query", c.FalseAlertsPerQuery())
	}
	for _, f := range r.Negatives.Files {
		down("negatives.fpr."+strings.TrimSuffix(f.File, ".csv"), f.FPR())
	}
	down("negatives.fpr", r.Negatives.Total.FPR())
	down("congress.fpr", r.Congress.Total.FPR())
	up("un_positives.resolved", ratio(r.Positives.Resolved, r.Positives.Rows))
	up("un_positives.untreated.recall", r.Positives.Untreated.Recall())
	up("un_positives.treated.recall", r.Positives.Treated.Recall())
	up("un_positives.mangled.recall", r.Positives.Mangled.Recall())
	up("authorities.one_list.recall", r.Authorities.OneListAll.Recall())
	up("authorities.all_lists.recall", r.Authorities.AllListsAll.Recall())
	for _, pop := range namefreq.Populations {
		if t := r.Namesakes.ByPopulation[pop]; t != nil {
			down("namesakes.rate."+pop, t.Rate())
			down("namesakes.rate_dob."+pop, t.RateDOB())
		}
	}
	return fs
}

// pct writes a budget as a name part: 0.005 -> "0.5pct".
func pct(b float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", b*100), "0"), ".") + "pct"
}

// WriteText prints every figure for a person: a few compact tables.
func (r Reports) WriteText(w io.Writer) {
	d := r.Dev
	fmt.Fprintf(w, "dev set (threshold %.2f, min score %.2f, %d queries, %d refused, %v)\n", d.Threshold, d.MinScore, d.Overall.Queries, d.Errors, d.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "  %-32s %5s %7s %7s %5s %7s %9s\n", "category", "n", "found", "top1", "neg", "FP", "matches/q")
	row := func(name string, t Tally) {
		fmt.Fprintf(w, "  %-32s %5d %7s %7s %5d %7s %9.2f\n", name, t.Queries, pctOf(t.Found, t.Positives), pctOf(t.Top1, t.Positives), t.Negatives, pctOf(t.FalseAlerts, t.Negatives), t.MatchesPerQuery())
	}
	for _, c := range d.Categories {
		row(c.Category, c.Tally)
	}
	row("ALL", d.Overall)
	sweeps := func(label string, n int, ps []SweepPoint) {
		if len(ps) == 0 {
			return
		}
		fmt.Fprintf(w, "  sweep, %s (%d):", label, n)
		for _, p := range ps {
			th := "none"
			if p.Reached {
				th = fmt.Sprintf("%.4f", p.Threshold)
			}
			fmt.Fprintf(w, "  FPR<=%.1f%%: recall %.1f%% at %s", p.Budget*100, p.Recall*100, th)
		}
		fmt.Fprintln(w)
	}
	sweeps("all negatives", d.Overall.Negatives, d.Sweep)
	sweeps("negatives but namesake_*", d.NameOnlyNegs, d.SweepNameOnly)

	fmt.Fprintf(w, "\nname bench (threshold %.2f; logic-v2 at 0.70 from its frozen scores; the first row's logic-v2 figures are over its own file)\n", r.Bench.Threshold)
	fmt.Fprintf(w, "  %-22s %5s %6s %6s %6s   %-22s\n", "", "n", "P", "R", "F1", "logic-v2 P / R / F1")
	conf := func(name string, c Confusion, lv *Confusion) {
		fmt.Fprintf(w, "  %-22s %5d %6.3f %6.3f %6.3f", name, c.N(), c.Precision(), c.Recall(), c.F1())
		if lv != nil {
			fmt.Fprintf(w, "   %.3f / %.3f / %.3f (n %d)", lv.Precision(), lv.Recall(), lv.F1(), lv.N())
		}
		fmt.Fprintln(w)
	}
	conf("all bench cases", r.Bench.Overall, &r.LogicV2.Overall)
	conf("cases both scored", r.BenchShared.Overall, &r.LogicV2Shared.Overall)
	for _, g := range r.BenchShared.Groups() {
		lv := r.LogicV2Shared.ByGroup[g]
		conf("  group "+g, r.BenchShared.ByGroup[g], &lv)
	}
	for _, q := range r.BenchShared.Qualities() {
		lv := r.LogicV2Shared.ByQuality[q]
		conf("  quality "+q, r.BenchShared.ByQuality[q], &lv)
	}

	fmt.Fprintf(w, "\ncross-script (own index per file, threshold %.2f)\n", r.Korean.Threshold)
	for _, c := range []CrossScriptReport{r.Korean, r.UNScript} {
		fmt.Fprintf(w, "  %-20s %5d queries  recall %5.1f%%  false alerts/query %.3f  queries with a false alert %5.1f%%  namesake alerts %d\n",
			c.Kind, c.Queries, c.Recall()*100, c.FalseAlertsPerQuery(), c.FalseAlertRate()*100, c.NamesakeAlerts)
		if c.Aligned > 0 {
			fmt.Fprintf(w, "  %-20s %5d of them with one Latin word per Hangul syllable: recall %5.1f%%\n", "", c.Aligned, c.AlignedRecall()*100)
		}
	}

	fmt.Fprintf(w, "\nfalse alerts on people on no list (threshold %.2f)\n", r.Negatives.Threshold)
	for _, f := range append(append(append([]NegativeFile(nil), r.Negatives.Files...), r.Negatives.Total), r.Congress.Files...) {
		fmt.Fprintf(w, "  %-44s %5d rows  %4d alerted  FPR %5.2f%%\n", f.File, f.Rows, f.Alerted, f.FPR()*100)
	}
	worst := append(append([]Offender(nil), r.Negatives.Worst...), r.Congress.Worst...)
	if len(worst) > 0 {
		fmt.Fprintln(w, "  worst offenders:")
		for i, o := range worst {
			if i == 10 {
				break
			}
			fmt.Fprintf(w, "    %.3f  %-30q -> %s %q (%s line %d)\n", o.Score, o.Query.Name, o.EntityID, o.MatchedName, o.File, o.Line)
		}
	}

	fmt.Fprintf(w, "\ncommon full names drawn by population frequency (%d each; queries equal to a listed name left out; threshold %.2f)\n", NamesakesPerPopulation, r.Negatives.Threshold)
	fmt.Fprintf(w, "  %-10s %6s %8s %9s %14s\n", "population", "n", "excluded", "alerted", "alerted w/ DOB")
	for _, pop := range namefreq.Populations {
		t := r.Namesakes.ByPopulation[pop]
		if t == nil {
			continue
		}
		fmt.Fprintf(w, "  %-10s %6d %8d %8.2f%% %13.2f%%\n", pop, t.Queries, t.Excluded, t.Rate()*100, t.RateDOB()*100)
	}
	for _, pop := range namefreq.Populations {
		if t := r.Namesakes.ByPopulation[pop]; t != nil {
			for _, o := range t.Worst {
				fmt.Fprintf(w, "    %.3f  %-30q -> %s %q\n", o.Score, o.Query.Name, o.EntityID, o.MatchedName)
			}
		}
	}

	a := r.Authorities
	fmt.Fprintf(w, "\nspellings across authorities, name alone (targets as the full index links them)\n")
	fmt.Fprintf(w, "  one list loaded: %d of %d listings found from another list's spelling (%.1f%%)\n", a.OneListAll.Found, a.OneListAll.Pairs, a.OneListAll.Recall()*100)
	for _, p := range a.OneList {
		fmt.Fprintf(w, "    %-18s -> %-18s %5d  %5.1f%%\n", p.Query, p.Listed, p.Pairs, p.Recall()*100)
	}
	fmt.Fprintf(w, "  every other list loaded, targets on: %d of %d found (%.1f%%)\n", a.AllListsAll.Found, a.AllListsAll.Pairs, a.AllListsAll.Recall()*100)
	for i, o := range a.Misses {
		if i == 12 {
			break
		}
		fmt.Fprintf(w, "    missed: %-40q (%s) -> %s %q\n", o.Query.Name, o.File, o.EntityID, o.MatchedName)
	}

	ps := r.Positives
	fmt.Fprintf(w, "\nUN positives (own UN entry at threshold %.2f; %d/%d rows resolved to one entry)\n", ps.Threshold, ps.Resolved, ps.Rows)
	for _, p := range []struct {
		name string
		t    PositiveTally
	}{{"untreated", ps.Untreated}, {"treated", ps.Treated}, {"treated, name mangled", ps.Mangled}} {
		fmt.Fprintf(w, "  %-22s %4d rows  recall %5.1f%%  top1 %5.1f%%\n", p.name, p.t.Rows, p.t.Recall()*100, ratio(p.t.Top1, p.t.Rows)*100)
	}
}

func pctOf(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}
