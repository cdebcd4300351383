package names

// Distance is the optimal string alignment distance between a and b (the
// Levenshtein distance with adjacent transpositions as one edit), computed
// without allocating for strings up to 48 bytes. It stops early and
// returns limit+1 once the distance must exceed limit.
func Distance[S ~string | ~[]byte](a, b S, limit int) int {
	if len(a) > 48 || len(b) > 48 {
		return limit + 1
	}
	var rows [3][50]uint8
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = uint8(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = uint8(i)
		best := cur[0]
		for j := 1; j <= len(b); j++ {
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
		if int(best) > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(prev[len(b)])
}
