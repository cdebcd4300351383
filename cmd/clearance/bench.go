package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/batchio"
	"github.com/clearance-screening/clearance/match"
)

// benchReport is what "clearance bench" measures.
type benchReport struct {
	Entities     int     `json:"entities"`
	Synthetic    int     `json:"synthetic_entities,omitempty"`
	LoadSeconds  float64 `json:"load_seconds"`
	BuildSeconds float64 `json:"index_build_seconds"`
	HeapMB       float64 `json:"heap_in_use_mb"`
	Queries      int     `json:"queries"`
	Workers      int     `json:"workers"`
	QPS          float64 `json:"queries_per_second"`
	P50ms        float64 `json:"p50_ms"`
	P99ms        float64 `json:"p99_ms"`
	MaxMS        float64 `json:"max_ms"`
	Alerts       int     `json:"queries_with_alerts"`
}

func runBench(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("bench", "--in QUERIES.jsonl [--synthetic N]", "Load the lists, build the index, screen the queries on all cores, and report build time, heap, throughput and latency.")
	in := fs.String("in", "", "queries, JSONL as for batch")
	synthetic := fs.Int("synthetic", 0, "add N generated entities (real name parts recombined) to test scale")
	rounds := fs.Int("rounds", 3, "times to run the query set")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "screening goroutines")
	memProfile := fs.String("memprofile", "", "write a heap profile after the index build to this file (go tool pprof)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the index build to this file (go tool pprof)")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *in == "" {
		fs.Usage()
		return errUsage
	}
	queries, err := readQueryFile(*in)
	if err != nil {
		return err
	}
	if len(queries) == 0 {
		return fmt.Errorf("%s: no queries", *in)
	}
	rep := benchReport{Queries: len(queries) * *rounds, Workers: *workers}
	threshold := e.threshold
	e.threshold = 0
	l, err := e.load()
	if err != nil {
		return err
	}
	rep.LoadSeconds = l.took.Seconds()
	ents := l.index.Entities()
	if *synthetic > 0 {
		ents = withSynthetic(ents, *synthetic)
		rep.Synthetic = *synthetic
	}
	// Build again on its own, after a collection, to measure the build alone.
	l = nil
	runtime.GC()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpuprofile: %w", err)
		}
	}
	start := time.Now()
	ix := match.Build(ents, match.Options{Threshold: threshold})
	rep.BuildSeconds = time.Since(start).Seconds()
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	rep.Entities = ix.Len()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rep.HeapMB = float64(ms.HeapInuse) / (1 << 20)
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			return err
		}
		err = pprof.WriteHeapProfile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("memprofile: %w", err)
		}
	}

	lat := make([]time.Duration, rep.Queries)
	var next atomic.Int64
	var alerts atomic.Int64
	var wg sync.WaitGroup
	start = time.Now()
	for range *workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(lat) || ctx.Err() != nil {
					return
				}
				t := time.Now()
				m, _ := ix.Screen(queries[i%len(queries)], clearance.ScreenOptions{})
				lat[i] = time.Since(t)
				if len(m) > 0 && i < len(queries) {
					alerts.Add(1)
				}
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	slices.Sort(lat)
	rep.QPS = float64(len(lat)) / wall.Seconds()
	ms2 := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	rep.P50ms = ms2(lat[len(lat)/2])
	rep.P99ms = ms2(lat[len(lat)*99/100])
	rep.MaxMS = ms2(lat[len(lat)-1])
	rep.Alerts = int(alerts.Load())
	if e.json {
		return writeJSON(e.stdout, rep)
	}
	fmt.Fprintf(e.stdout, "entities        %d (%d synthetic)\n", rep.Entities, rep.Synthetic)
	fmt.Fprintf(e.stdout, "list load       %.2f s\n", rep.LoadSeconds)
	fmt.Fprintf(e.stdout, "index build     %.2f s\n", rep.BuildSeconds)
	fmt.Fprintf(e.stdout, "heap in use     %.0f MB\n", rep.HeapMB)
	fmt.Fprintf(e.stdout, "queries         %d on %d workers\n", rep.Queries, rep.Workers)
	fmt.Fprintf(e.stdout, "throughput      %.0f queries/s\n", rep.QPS)
	fmt.Fprintf(e.stdout, "latency         p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", rep.P50ms, rep.P99ms, rep.MaxMS)
	return nil
}

// readQueryFile reads the readable queries of a batch input file.
func readQueryFile(path string) ([]clearance.Query, error) {
	format, err := batchio.FormatOf(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	lr := batchio.NewLineReader(f, batchio.Pos{})
	var p *batchio.Parser
	var queries []clearance.Query
	for {
		l, err := lr.Next()
		if err == io.EOF {
			return queries, nil
		}
		if err != nil {
			return nil, err
		}
		if l.Blank() {
			continue
		}
		if p == nil {
			var header []byte
			if format == batchio.CSV {
				header = l.Text
			}
			if p, err = batchio.NewParser(format, header); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if format == batchio.CSV {
				continue
			}
		}
		if q, err := p.Parse(l); err == nil {
			queries = append(queries, q)
		}
	}
}

// withSynthetic returns the real entities followed by n made by
// recombining their name tokens (a person's surname with another's given
// names, an organisation's words shuffled), so that the token statistics
// resemble the lists' while every name is new. They are made in place, in
// one slice: a million entities copied from a second would cost the
// build's peak memory the size of both.
func withSynthetic(real []clearance.Entity, n int) []clearance.Entity {
	rng := rand.New(rand.NewPCG(1, 2))
	var persons, orgs [][]string
	for _, e := range real {
		parts := splitWords(e.PrimaryName())
		if len(parts) < 2 {
			continue
		}
		if e.Type == clearance.Person {
			persons = append(persons, parts)
		} else {
			orgs = append(orgs, parts)
		}
	}
	out := make([]clearance.Entity, len(real), len(real)+n)
	copy(out, real)
	for i := range n {
		e := clearance.Entity{ID: "synthetic:" + strconv.Itoa(i), Source: "synthetic"}
		var name []string
		if len(orgs) == 0 || len(persons) > 0 && rng.IntN(3) > 0 {
			e.Type = clearance.Person
			a, b := persons[rng.IntN(len(persons))], persons[rng.IntN(len(persons))]
			name = append(name, a[0])
			name = append(name, b[1:]...)
			e.BirthDates = []clearance.BirthDate{{Date: clearance.Date{Year: 1940 + rng.IntN(60), Month: 1 + rng.IntN(12), Day: 1 + rng.IntN(28)}}}
		} else {
			e.Type = clearance.Organization
			a, b := orgs[rng.IntN(len(orgs))], orgs[rng.IntN(len(orgs))]
			name = append(name, a[:1+rng.IntN(len(a))]...)
			name = append(name, b[rng.IntN(len(b)):]...)
		}
		e.Names = []clearance.Name{{Full: joinWords(name), Kind: clearance.Primary}}
		if rng.IntN(2) == 0 {
			alias := slices.Clone(name)
			rng.Shuffle(len(alias), func(i, j int) { alias[i], alias[j] = alias[j], alias[i] })
			e.Names = append(e.Names, clearance.Name{Full: joinWords(alias), Kind: clearance.AKA})
		}
		out = append(out, e)
	}
	return out
}

func splitWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == ',' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

func joinWords(ws []string) string {
	n := 0
	for _, w := range ws {
		n += len(w) + 1
	}
	b := make([]byte, 0, n)
	for i, w := range ws {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
	}
	return string(b)
}
