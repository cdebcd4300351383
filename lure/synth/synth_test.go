package synth

import (
	"bytes"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// seed1 is the whole corpus of seed 1, generated once for the tests that
// only read it.
var seed1 struct {
	sync.Once
	dir string
	m   Manifest
	err error
}

func corpus(t *testing.T) (string, Manifest) {
	t.Helper()
	seed1.Do(func() {
		seed1.dir, seed1.err = os.MkdirTemp("", "synth-test-")
		if seed1.err == nil {
			seed1.m, seed1.err = Generate(seed1.dir, Options{Seed: 1})
		}
	})
	if seed1.err != nil {
		t.Fatal(seed1.err)
	}
	return seed1.dir, seed1.m
}

func TestMain(m *testing.M) {
	code := m.Run()
	if seed1.dir != "" {
		os.RemoveAll(seed1.dir)
	}
	os.Exit(code)
}

func generate(t *testing.T, opt Options) (string, Manifest) {
	t.Helper()
	dir := t.TempDir()
	m, err := Generate(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	return dir, m
}

func TestEveryTechniqueIsGeneratedAndEveryCaseHasItsTruth(t *testing.T) {
	dir, m := corpus(t)
	seen := map[Technique]bool{}
	var holdout, cells int
	cellSeen := map[string]bool{}
	for _, c := range m.Cases {
		if !c.Malicious {
			if len(c.Infected) != 0 {
				t.Errorf("%s: a look-alike lists infected files", c.ID)
			}
			continue
		}
		seen[c.Technique] = true
		if !cellSeen[c.Cell()] {
			cellSeen[c.Cell()] = true
			cells++
			if c.Split == "holdout" {
				holdout++
			}
		}
		primaries := 0
		for _, inf := range c.Infected {
			if inf.Primary {
				primaries++
			}
			b, err := os.ReadFile(filepath.Join(dir, c.Dir, inf.File))
			if err != nil {
				t.Errorf("%s: %v", c.ID, err)
				continue
			}
			lines := strings.Split(string(b), "\n")
			if inf.Line < 1 || inf.Line > len(lines) || strings.TrimSpace(lines[inf.Line-1]) == "" {
				t.Errorf("%s: %s:%d is not a line with content", c.ID, inf.File, inf.Line)
			}
		}
		if primaries != 1 {
			t.Errorf("%s: %d primary files, want 1", c.ID, primaries)
		}
	}
	for _, tech := range allTechniques {
		if !seen[tech] {
			t.Errorf("technique %s generated no case", tech)
		}
	}
	if share := float64(holdout) / float64(cells); share < 0.15 || share > 0.45 {
		t.Errorf("%d of %d cells held out (%.0f%%), want about %.0f%%", holdout, cells, 100*share, 100*HoldoutShare)
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestName)); err != nil {
		t.Error(err)
	}
	back, err := ReadManifest(dir)
	if err != nil || len(back.Cases) != len(m.Cases) {
		t.Errorf("ReadManifest: %d cases, %v", len(back.Cases), err)
	}
}

func TestTheSameSeedWritesTheSameBytes(t *testing.T) {
	opt := Options{Seed: 42, Templates: []string{Express, Vite}, Only: []string{"obfuscated-loader/", "hidden-tail/", "shuffle-loader/", "encoded-url/", "lookalike/wallet"}}
	a, _ := generate(t, opt)
	b, _ := generate(t, opt)
	err := filepath.Walk(a, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with one seed", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, c := generate(t, Options{Seed: 43, Only: opt.Only})
	_, d := generate(t, opt)
	if c.Cases[1].Variant == d.Cases[1].Variant && c.Cases[2].Variant == d.Cases[2].Variant && c.Cases[3].Variant == d.Cases[3].Variant {
		t.Log("seeds 42 and 43 chose the same first variants (possible, but unlikely)")
	}
}

// TestPayloadsAreDefanged checks that every address in the generated lures
// is a reserved .invalid name or a TEST-NET address: the corpus can never
// reach a live server, whatever runs it.
func TestPayloadsAreDefanged(t *testing.T) {
	dir, m := corpus(t)
	urlRE := regexp.MustCompile(`(?:https?|wss?)://[^\s'"\x60)\]]+`)
	ipRE := regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`)
	// Hosts of the benign skeletons and look-alikes, never in a payload.
	benignHosts := map[string]bool{
		"localhost": true, "ipfs.io": true, "vitejs.dev": true, "chromewebstore.google.com": true,
		"ethereum.org": true, "api.jsonbin.io": true, "eth-sepolia.g.alchemy.com": true,
		"www.w3.org": true, "fontawesome.com": true,
	}
	testNets := []string{"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"}
	inTestNet := func(ip string) bool {
		p := net.ParseIP(ip)
		for _, cidr := range testNets {
			_, n, _ := net.ParseCIDR(cidr)
			if n.Contains(p) {
				return true
			}
		}
		return false
	}
	checked := 0
	for _, c := range m.Cases {
		if !c.Malicious {
			continue
		}
		for _, inf := range c.Infected {
			b, err := os.ReadFile(filepath.Join(dir, c.Dir, inf.File))
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range urlRE.FindAllString(string(b), -1) {
				pu, err := url.Parse(strings.TrimRight(u, ",;"))
				if err != nil {
					t.Errorf("%s: %s: unparsable URL %q", c.ID, inf.File, u)
					continue
				}
				h := pu.Hostname()
				checked++
				if !strings.HasSuffix(h, ".invalid") && !inTestNet(h) && !benignHosts[h] {
					t.Errorf("%s: %s: live-looking host %q", c.ID, inf.File, h)
				}
			}
			for _, ip := range ipRE.FindAllString(string(b), -1) {
				if !inTestNet(ip) && !strings.HasPrefix(ip, "0.") {
					t.Errorf("%s: %s: address %s is not in a TEST-NET", c.ID, inf.File, ip)
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d URLs checked", checked)
	}
}

func TestOnlyAndTemplatesFilter(t *testing.T) {
	_, m := generate(t, Options{Seed: 1, Templates: []string{Flask}, Only: []string{"python-exec"}})
	if len(m.Cases) != 1 || m.Cases[0].ID != "python-exec/vendored-python/flask" {
		t.Fatalf("cases: %+v", m.Cases)
	}
	if _, err := Generate(t.TempDir(), Options{Only: []string{"no-such-case"}}); err == nil {
		t.Error("an empty selection is not an error")
	}
}

func TestSplitDependsOnTheCellOnly(t *testing.T) {
	_, a := generate(t, Options{Seed: 1, Templates: []string{Express}, Only: []string{"remote-eval/"}})
	_, b := generate(t, Options{Seed: 99, Templates: []string{Express}, Only: []string{"remote-eval/"}})
	for i := range a.Cases {
		if a.Cases[i].Split != b.Cases[i].Split || a.Cases[i].Split != SplitOf(a.Cases[i].Technique, a.Cases[i].Location) {
			t.Errorf("%s: split %s with seed 1, %s with seed 99", a.Cases[i].ID, a.Cases[i].Split, b.Cases[i].Split)
		}
	}
}
