package main

import (
	"flag"
	"fmt"
	"math"

	"github.com/clearance-screening/clearance"
)

// reviewFlags are serve's four-eyes flags.
type reviewFlags struct {
	minScore    *float64
	trueMatches *bool
}

func addReviewFlags(fs *flag.FlagSet) reviewFlags {
	def := clearance.DefaultReviewPolicy()
	return reviewFlags{
		minScore: fs.Float64("review-min-score", def.FalsePositiveMinScore,
			"a false positive on an alert scoring this or more waits for a second person with the reviewer role (four eyes); 0 reviews none, 1 only perfect scores"),
		trueMatches: fs.Bool("review-true-matches", def.TrueMatches,
			"every true match waits for a second person with the reviewer role; --review-true-matches=false closes them at once"),
	}
}

// policy returns the review policy the flags give, or an error naming
// the flag.
func (f reviewFlags) policy() (*clearance.ReviewPolicy, error) {
	if math.IsNaN(*f.minScore) || *f.minScore < 0 || *f.minScore > 1 {
		return nil, fmt.Errorf("--review-min-score %v: want a score from 0 to 1", *f.minScore)
	}
	return &clearance.ReviewPolicy{TrueMatches: *f.trueMatches, FalsePositiveMinScore: *f.minScore}, nil
}
