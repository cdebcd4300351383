// Command namefreqgen writes names/namefreq.tsv from the population
// name-frequency tables (go generate in names runs it).
//
//	go run ./internal/namefreqgen -in ../../shared/data/names -out namefreq.tsv
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/clearance-screening/clearance/internal/namefreq"
)

func main() {
	in := flag.String("in", "../../shared/data/names", "folder of the name-frequency tables")
	out := flag.String("out", "namefreq.tsv", "table to write")
	flag.Parse()
	var b bytes.Buffer
	if err := namefreq.Build(*in, &b); err != nil {
		fmt.Fprintln(os.Stderr, "namefreqgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "namefreqgen:", err)
		os.Exit(1)
	}
}
