package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/clearance-screening/clearance/match"
)

// runTargets reports the listings linked into targets across sources: how
// many targets, by number of sources and kind of evidence, and a sample
// to check by hand.
func runTargets(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("targets", "[--sample N] [--seed S]", "Report the targets that several lists designate: how many, by kind of evidence, and a random sample of them to check by hand.")
	sample := fs.Int("sample", 20, "how many multi-source targets to list for checking")
	seed := fs.Uint64("seed", 1, "seed of the sample")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	l, err := e.load()
	if err != nil {
		return err
	}
	ts := l.index.Targets()
	type sampled struct {
		Target   string   `json:"target"`
		Why      []string `json:"why"`
		Listings []string `json:"listings"` // "id: primary name (DOB; nationality)"
	}
	rep := struct {
		Targets      int            `json:"targets"` // of two listings or more
		MultiSource  int            `json:"multi_source"`
		BySources    map[int]int    `json:"by_sources"`
		ByEvidence   map[string]int `json:"by_evidence"`
		Sample       []sampled      `json:"sample"`
		SameSourceOf int            `json:"same_source"` // targets with two listings in one source
	}{Targets: len(ts), BySources: map[int]int{}, ByEvidence: map[string]int{}}
	var multi []match.TargetLink
	for _, t := range ts {
		srcs := map[string]int{}
		for _, id := range t.Entities {
			src, _, _ := strings.Cut(id, ":")
			srcs[src]++
		}
		for _, n := range srcs {
			if n > 1 {
				rep.SameSourceOf++
				break
			}
		}
		rep.BySources[len(srcs)]++
		if len(srcs) > 1 {
			rep.MultiSource++
			multi = append(multi, t)
		}
		for _, w := range t.Why {
			rep.ByEvidence[evidenceKind(w)]++
		}
	}
	r := rand.New(rand.NewPCG(*seed, *seed))
	r.Shuffle(len(multi), func(i, j int) { multi[i], multi[j] = multi[j], multi[i] })
	for _, t := range multi[:min(*sample, len(multi))] {
		s := sampled{Target: t.Target, Why: t.Why}
		for _, id := range t.Entities {
			en, _ := l.index.Entity(id)
			var dobs []string
			for _, d := range en.BirthDates {
				dobs = append(dobs, d.String())
			}
			s.Listings = append(s.Listings, fmt.Sprintf("%s: %s (%s; %s)", id, en.PrimaryName(), strings.Join(dobs, ", "), strings.Join(en.Nationalities, ", ")))
		}
		rep.Sample = append(rep.Sample, s)
	}
	if e.json {
		return writeJSON(e.stdout, rep)
	}
	w := e.stdout
	fmt.Fprintf(w, "%d targets of two listings or more in %s; %d span several sources, %d hold two listings of one source\n", rep.Targets, l.origin, rep.MultiSource, rep.SameSourceOf)
	ns := make([]int, 0, len(rep.BySources))
	for n := range rep.BySources {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	for _, n := range ns {
		fmt.Fprintf(w, "  in %d source(s): %d\n", n, rep.BySources[n])
	}
	fmt.Fprintln(w, "by evidence (a target may count under several):")
	kinds := make([]string, 0, len(rep.ByEvidence))
	for k := range rep.ByEvidence {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-44s %d\n", k, rep.ByEvidence[k])
	}
	fmt.Fprintf(w, "\na sample of %d multi-source targets to check by hand (seed %d):\n", len(rep.Sample), *seed)
	for _, s := range rep.Sample {
		fmt.Fprintf(w, "\n%s  [%s]\n", s.Target, strings.Join(s.Why, "; "))
		for _, x := range s.Listings {
			fmt.Fprintf(w, "  %s\n", x)
		}
	}
	return nil
}

// evidenceKind is a link's reason without its value: "passport", not
// "passport 109420132".
func evidenceKind(why string) string {
	for _, k := range []string{"passport", "national id", "imo", "wallet", "UN reference", "listed as the same target"} {
		if strings.HasPrefix(why, k) {
			return k
		}
	}
	return why
}
