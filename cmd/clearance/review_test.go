package main

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeReviewFlags: a review level outside 0..1 is refused, naming
// the flag, before anything is opened or served.
func TestServeReviewFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	for _, v := range []string{"1.5", "-0.1", "NaN"} {
		_, _, err := runCLI(t, nil, "", "serve", "--db", db, "--addr", "127.0.0.1:0", "--review-min-score", v)
		if err == nil || !strings.Contains(err.Error(), "--review-min-score") {
			t.Errorf("--review-min-score %s: %v", v, err)
		}
	}
	f := addReviewFlags(newTestFlagSet())
	p, err := f.policy()
	if err != nil || !p.TrueMatches || p.FalsePositiveMinScore != 0.9 {
		t.Fatalf("default policy %+v %v", p, err)
	}
}

func newTestFlagSet() *flag.FlagSet { return flag.NewFlagSet("t", flag.ContinueOnError) }
