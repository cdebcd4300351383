// Command hostcheck tells how much of a second core a process gains on
// this machine, for work of three kinds, so that the two-worker scaling of
// bench-queue.sh can be read against what the host itself allows. Run one
// copy, then two at once, each with GOMAXPROCS=1:
//
//	go build -o /tmp/hostcheck ./queue/testdata/hostcheck
//	GOMAXPROCS=1 /tmp/hostcheck one
//	GOMAXPROCS=1 /tmp/hostcheck twoA & GOMAXPROCS=1 /tmp/hostcheck twoB; wait
//
// Each line gives nanoseconds a step: arithmetic (no memory), a chase of
// dependent loads through 256 KiB (each core's own cache), 8 MiB (the
// shared cache) and 256 MiB (memory). Two copies at the same figures as
// one scale 2×; where the two copies' figures are higher, the cores share
// that resource. Screening is partly memory-bound (its index is larger
// than the shared cache).
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"time"
)

// chase follows a random cycle through n uint32s: one dependent load after
// another, so each step costs the latency of wherever the set fits.
func chase(n, steps int) float64 {
	p := rand.Perm(n)
	next := make([]uint32, n)
	for i := range n {
		next[p[i]] = uint32(p[(i+1)%n])
	}
	t := time.Now()
	j := uint32(0)
	for range steps {
		j = next[j]
	}
	if j == 1<<31 {
		fmt.Println() // keeps the loop
	}
	return float64(time.Since(t).Nanoseconds()) / float64(steps)
}

// arith runs four independent multiply-add chains: the core's own units.
func arith(steps int) float64 {
	t := time.Now()
	a, b, c, d := uint64(1), uint64(2), uint64(3), uint64(4)
	for range steps {
		a = a*6364136223846793005 + 1
		b = b*6364136223846793005 + 3
		c = c*6364136223846793005 + 5
		d = d*6364136223846793005 + 7
	}
	if a+b+c+d == 0 {
		fmt.Println()
	}
	return float64(time.Since(t).Nanoseconds()) / float64(steps)
}

func main() {
	name := "run"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	fmt.Printf("%s: arithmetic %.2f ns, 256 KiB %.1f ns, 8 MiB %.1f ns, 256 MiB %.1f ns a step\n", name,
		arith(1_000_000_000), chase(64<<10, 200_000_000), chase(2<<20, 50_000_000), chase(64<<20, 10_000_000))
}
