package names

// Distance is the optimal string alignment distance between a and b (the
// Levenshtein distance with adjacent transpositions as one edit), computed
// without allocating for strings up to 48 bytes. It stops early and
// returns limit+1 once the distance must exceed limit.
//
// Only the band of cells within limit of the diagonal is computed (an
// alignment costing at most limit never leaves it); the cells beside the
// band count as beyond the limit.
func Distance[S ~string | ~[]byte](a, b S, limit int) int {
	if len(a) > 48 || len(b) > 48 || limit < 0 {
		return limit + 1
	}
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	const far = 100 // beyond any limit: distances here are at most 48
	var rows [3][50]uint8
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = uint8(j)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		if lo == 1 {
			cur[0] = uint8(i)
		} else {
			cur[lo-1] = far
		}
		best := uint8(far)
		if lo == 1 {
			best = cur[0]
		}
		for j := lo; j <= hi; j++ {
			cost := uint8(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if hi+1 <= len(b) {
			// The next row reads this cell, which is outside this band.
			cur[hi+1] = far
		}
		if int(best) > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(int(prev[len(b)]), limit+1)
}
