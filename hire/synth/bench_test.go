package synth_test

import (
	"context"
	"testing"

	"github.com/clearance-screening/clearance/hire/synth"
)

// BenchmarkGenerate measures a 2,000-person population with 100 events
// each; divide by 200,000 for the cost of an event.
func BenchmarkGenerate(b *testing.B) {
	c := testConfig(2000, 1)
	c.EventsPerPerson = 100
	c.Workers = 1
	dir := b.TempDir()
	for b.Loop() {
		if _, err := synth.Generate(context.Background(), c, dir); err != nil {
			b.Fatal(err)
		}
	}
}
