package names

import (
	"math/rand/v2"
	"testing"
	"unsafe"
)

// osaFull is the optimal string alignment distance by the whole table,
// the reference Distance's banded computation must agree with.
func osaFull(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestDistanceMatchesTheFullTable compares Distance with the whole-table
// computation on random strings over small alphabets (so that repeats,
// swaps and near misses are common), at every limit from 0 to 5: the
// distance itself when within the limit, more than the limit otherwise.
func TestDistanceMatchesTheFullTable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	word := func(alpha string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alpha[r.IntN(len(alpha))]
		}
		return string(b)
	}
	mutate := func(s string, alpha string) string {
		b := []byte(s)
		for range r.IntN(4) {
			switch k := r.IntN(4); {
			case k == 0 && len(b) > 0: // delete
				i := r.IntN(len(b))
				b = append(b[:i], b[i+1:]...)
			case k == 1: // insert
				i := r.IntN(len(b) + 1)
				b = append(b[:i], append([]byte{alpha[r.IntN(len(alpha))]}, b[i:]...)...)
			case k == 2 && len(b) > 0: // substitute
				b[r.IntN(len(b))] = alpha[r.IntN(len(alpha))]
			case k == 3 && len(b) > 1: // swap neighbours
				i := r.IntN(len(b) - 1)
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
		return string(b)
	}
	for n := 0; n < 200000; n++ {
		alpha := []string{"ab", "abc", "abcdefgh", "aeiouknmrst"}[n%4]
		a := word(alpha, r.IntN(14))
		b := mutate(a, alpha)
		if n%5 == 0 {
			b = word(alpha, r.IntN(14))
		}
		want := osaFull(a, b)
		for limit := 0; limit <= 5; limit++ {
			got := Distance(a, b, limit)
			if want <= limit && got != want || want > limit && got <= limit {
				t.Fatalf("Distance(%q, %q, %d) = %d, the full table gives %d", a, b, limit, got, want)
			}
			if gotB := Distance([]byte(a), []byte(b), limit); gotB != got {
				t.Fatalf("Distance of bytes (%q, %q, %d) = %d, of strings %d", a, b, limit, gotB, got)
			}
		}
	}
	long := word("ab", 49)
	if got := Distance(long, long, 3); got != 4 {
		t.Errorf("a 49-byte string: Distance = %d, want limit+1 (refused)", got)
	}
}

// TestTokenFitsACacheLine keeps a Token at 64 bytes: the screening engine
// copies tens of listed tokens per query, and a field added or widened
// would make each straddle two cache lines.
func TestTokenFitsACacheLine(t *testing.T) {
	if n := unsafe.Sizeof(Token{}); n > 64 {
		t.Errorf("a Token is %d bytes, more than a 64-byte cache line", n)
	}
}
