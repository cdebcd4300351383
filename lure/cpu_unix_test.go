//go:build unix

package lure

import (
	"syscall"
	"testing"
)

// reportCPU adds the process CPU seconds per operation to a benchmark:
// on a machine shared with other work, wall time says little.
func reportCPU(b *testing.B, f func()) {
	var before, after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	f()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := func(r syscall.Rusage) float64 {
		return float64(r.Utime.Sec+r.Stime.Sec) + float64(r.Utime.Usec+r.Stime.Usec)/1e6
	}
	b.ReportMetric((cpu(after)-cpu(before))/float64(b.N), "cpu-s/op")
}
