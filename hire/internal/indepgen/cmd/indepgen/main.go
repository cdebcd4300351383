// Command indepgen writes an independent remote-hire population (package
// indepgen) for `clearance hire assess` and `clearance hire eval`:
//
//	go run ./hire/internal/indepgen/cmd/indepgen --people 5000 --seed 1 --out DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/clearance-screening/clearance/hire/internal/indepgen"
)

func main() {
	cfg := indepgen.DefaultConfig()
	flag.IntVar(&cfg.People, "people", cfg.People, "people to generate")
	flag.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed")
	flag.IntVar(&cfg.EventsPerPerson, "events-per-person", cfg.EventsPerPerson, "mean events per working person")
	flag.Float64Var(&cfg.RingShare, "ring-share", cfg.RingShare, "share of people who are ring personas")
	flag.Float64Var(&cfg.Behaviour, "behaviour", cfg.Behaviour, "how often ring personas show their team's habits (1 = default; 0.5 = quieter rings)")
	out := flag.String("out", "", "folder to write (created if missing)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "indepgen: --out is required")
		os.Exit(2)
	}
	st, err := indepgen.Generate(cfg, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "indepgen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "indepgen: %d people (%d ring personas in %d rings, %d weakly linked), %d events, %d bad lines in %s\n",
		st.People, st.RingMembers, st.Rings, st.Weak, st.Events, st.Bad, *out)
}
