package hire

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

type metrics struct {
	ringRecall, weakRecall, benignRate, koreanRate, plainRate, clusterShare float64
	unexplained                                                             int
}

func measure(t *testing.T, truth *GenTruth, res *Result) metrics {
	t.Helper()
	var m metrics
	flag := map[string]bool{}
	cluster := map[string]string{}
	for _, p := range res.People {
		flag[p.Person] = p.Flagged
		cluster[p.Person] = p.Cluster
		if p.Flagged && len(p.Signals) == 0 {
			m.unexplained++
		}
	}
	var core, coreHit, weak, weakHit, benign, benignHit, kor, korHit, plain, plainHit float64
	for id, kind := range truth.Benign {
		benign++
		if flag[id] {
			benignHit++
		}
		if truth.Korean[id] {
			kor++
			if flag[id] {
				korHit++
			}
		} else if kind == "plain" {
			plain++
			if flag[id] {
				plainHit++
			}
		}
	}
	rings := map[string][]string{}
	for id, r := range truth.Ring {
		rings[r] = append(rings[r], id)
		if truth.Weak[id] {
			weak++
			if flag[id] {
				weakHit++
			}
		} else {
			core++
			if flag[id] {
				coreHit++
			}
		}
	}
	share := 0.0
	for _, ids := range rings {
		count := map[string]int{}
		best := 0
		for _, id := range ids {
			if c := cluster[id]; c != "" {
				count[c]++
				best = max(best, count[c])
			}
		}
		share += float64(best) / float64(len(ids))
	}
	m.ringRecall = (coreHit + weakHit) / (core + weak)
	m.weakRecall = weakHit / weak
	m.benignRate = benignHit / benign
	m.koreanRate = korHit / kor
	m.plainRate = plainHit / plain
	m.clusterShare = share / float64(len(rings))
	return m
}

func generated(t *testing.T, cfg GenConfig) (*GenTruth, *Result) {
	t.Helper()
	var buf bytes.Buffer
	truth, err := Generate(&buf, cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "pop.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	a := NewAssessor(Options{})
	if err := a.Read(context.Background(), []string{path}, nil); err != nil {
		t.Fatal(err)
	}
	res := a.Assess()
	return truth, &res
}

func TestGeneratedPopulation(t *testing.T) {
	truth, res := generated(t, GenConfig{People: 1200, EventsPerPerson: 25, Seed: 7})
	m := measure(t, truth, res)
	t.Logf("%+v flagged=%d errors=%d", m, res.Flagged(), len(res.Errors))
	if len(res.Errors) != 0 {
		t.Errorf("clean input gave %d error records, first %+v", len(res.Errors), res.Errors[0])
	}
	if m.ringRecall < 0.95 || m.weakRecall < 0.85 || m.benignRate > 0.02 || m.unexplained > 0 || m.clusterShare < 0.9 {
		t.Errorf("bars missed: %+v", m)
	}
	if m.koreanRate > 1.2*m.plainRate+0.005 {
		t.Errorf("Korean-heritage staff flagged at %.3f, plain staff at %.3f", m.koreanRate, m.plainRate)
	}
}

// Staff of Korean heritage whose records are consistent (a Korean keyboard
// or locale, Korean in the resume, family visits to Korea, living in Korea
// and saying so) must not read as riskier than anyone else.
func TestKoreanHeritageIsNotASignal(t *testing.T) {
	truth, res := generated(t, GenConfig{People: 1200, EventsPerPerson: 20, Seed: 11})
	var kr, plain, krRisk, plainRisk, krFlag, plainFlag float64
	for _, p := range res.People {
		switch {
		case truth.Korean[p.Person]:
			kr++
			krRisk += p.Risk
			if p.Flagged {
				krFlag++
			}
			for _, s := range p.Signals {
				if s.Code == "locale_unexplained" || s.Code == "locale_kp" {
					t.Errorf("%s: consistent Korean settings gave %s: %s", p.Person, s.Code, s.Reason)
				}
			}
		case truth.Benign[p.Person] == "plain":
			plain++
			plainRisk += p.Risk
			if p.Flagged {
				plainFlag++
			}
		}
	}
	if kr < 50 {
		t.Fatalf("only %v Korean-heritage people generated", kr)
	}
	t.Logf("Korean heritage: %v people, mean risk %.3f, flagged %v; plain: %v people, mean risk %.3f, flagged %v", kr, krRisk/kr, krFlag, plain, plainRisk/plain, plainFlag)
	if krFlag/kr > 1.2*plainFlag/plain+1/kr {
		t.Errorf("Korean-heritage flag rate %.3f vs plain %.3f", krFlag/kr, plainFlag/plain)
	}
	if krRisk/kr > 1.2*plainRisk/plain+0.02 {
		t.Errorf("Korean-heritage mean risk %.3f vs plain %.3f", krRisk/kr, plainRisk/plain)
	}
}
