package hmt

import (
	"bytes"
	"os"
	"testing"

	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(sharedfiles.Lists(b, "gb_hmt_sanctions", "sanctionsconlist.csv"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
