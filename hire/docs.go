package hire

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// ---- resumes: MinHash over word shingles, with boilerplate discounted ----

const (
	shingleWords = 5
	minhashPerms = 64
	lshRows      = 2 // rows per band: 32 bands of 2, so that pairs sharing a
	// third of their rare shingles are found nineteen times in twenty
	// resumeSimilar is the share of the shorter resume's rare shingles the
	// other must hold for two resumes to be one text reused. The sources
	// suggest Jaccard 0.6 on all shingles [hire-red-flags.md A3]; with the
	// boilerplate removed what is left is the part that was written once,
	// and personas made from one text keep about half of it after words
	// are swapped and sections shuffled.
	resumeSimilar = 0.4
	// resumeShared is the fewest rare shingles two resumes must share.
	resumeShared = 8
	minShingles  = 8
)

// shingles hashes a text's word 5-grams. Numbers, e-mails and URLs are
// dropped so that dates and contact lines do not hide a copy.
func shingles(text string) []uint64 {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '@' || r == '.' || r == '+' || r == '#')
	}) {
		w = strings.Trim(w, ".")
		if w == "" || strings.ContainsAny(w, "@") || strings.HasPrefix(w, "http") || strings.HasPrefix(w, "www") {
			continue
		}
		if allDigits(w) {
			continue
		}
		words = append(words, w)
	}
	if len(words) < shingleWords {
		return nil
	}
	out := make([]uint64, 0, len(words)-shingleWords+1)
	for i := 0; i+shingleWords <= len(words); i++ {
		h := uint64(14695981039346656037)
		for _, w := range words[i : i+shingleWords] {
			for j := 0; j < len(w); j++ {
				h ^= uint64(w[j])
				h *= 1099511628211
			}
			h ^= ' '
			h *= 1099511628211
		}
		out = append(out, h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// countMin is a count-min sketch of shingle document frequencies: fixed
// memory however many resumes there are.
type countMin struct {
	rows [4][]uint16
	mask uint64
}

func newCountMin(bitsPerRow uint) *countMin {
	c := &countMin{mask: 1<<bitsPerRow - 1}
	for i := range c.rows {
		c.rows[i] = make([]uint16, 1<<bitsPerRow)
	}
	return c
}

func (c *countMin) add(h uint64) {
	for i := range c.rows {
		j := mix(h, uint64(i)) & c.mask
		if c.rows[i][j] < 65535 {
			c.rows[i][j]++
		}
	}
}

func (c *countMin) count(h uint64) int {
	n := 65535
	for i := range c.rows {
		n = min(n, int(c.rows[i][mix(h, uint64(i))&c.mask]))
	}
	return n
}

func mix(h, seed uint64) uint64 {
	h ^= seed*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb93fe5c4e5c7
	h ^= h >> 33
	return h
}

// resumePair is two resumes found to be one text.
type resumePair struct {
	a, b int
	sim  float64
}

// similarResumes finds near-duplicate resumes among texts (indexed by
// person). Shingles that appear in more than maxDF resumes are a template's
// boilerplate and weigh nothing; what is left is compared by MinHash with
// banded LSH, and the candidates by exact Jaccard.
func similarResumes(texts []string) []resumePair {
	sets := make([][]uint64, len(texts))
	parallelFor(len(texts), func(i int) {
		if texts[i] != "" {
			sets[i] = shingles(texts[i])
		}
	})
	n := 0
	for _, t := range texts {
		if t != "" {
			n++
		}
	}
	if n < 2 {
		return nil
	}
	df := newCountMin(20)
	for _, s := range sets {
		for _, h := range s {
			df.add(h)
		}
	}
	maxDF := max(16, n/300)
	buckets := map[[2]uint64][]int32{}
	for i, s := range sets {
		kept := s[:0]
		for _, h := range s {
			if df.count(h) <= maxDF {
				kept = append(kept, h)
			}
		}
		sets[i] = kept
		if len(kept) < minShingles {
			continue
		}
		var sig [minhashPerms]uint64
		for p := range sig {
			sig[p] = ^uint64(0)
		}
		for _, h := range kept {
			for p := range sig {
				if v := mix(h, uint64(p)+17); v < sig[p] {
					sig[p] = v
				}
			}
		}
		for b := 0; b < minhashPerms/lshRows; b++ {
			key := uint64(b)
			for r := 0; r < lshRows; r++ {
				key = mix(key^sig[b*lshRows+r], 3)
			}
			k := [2]uint64{uint64(b), key}
			buckets[k] = append(buckets[k], int32(i))
		}
	}
	seen := map[[2]int32]bool{}
	var out []resumePair
	for _, ids := range buckets {
		if len(ids) < 2 || len(ids) > 200 {
			continue
		}
		for x := 0; x < len(ids); x++ {
			for y := x + 1; y < len(ids); y++ {
				k := [2]int32{ids[x], ids[y]}
				if seen[k] {
					continue
				}
				seen[k] = true
				if c, inter := containment(sets[ids[x]], sets[ids[y]]); c >= resumeSimilar && inter >= resumeShared {
					out = append(out, resumePair{int(ids[x]), int(ids[y]), c})
				}
			}
		}
	}
	return out
}

// containment is the share of the smaller sorted set that the other holds,
// and the size of the intersection.
func containment(a, b []uint64) (float64, int) {
	inter := intersect(a, b)
	if m := min(len(a), len(b)); m > 0 {
		return float64(inter) / float64(m), inter
	}
	return 0, 0
}

func intersect(a, b []uint64) int {
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return inter
}

// ---- photos: multi-index hashing of 64-bit perceptual hashes ----

// photoRadius is the Hamming distance within which two photo hashes are one
// photo (resized, recompressed, lightly edited) [hire-red-flags.md A6 uses
// 10; 6 keeps unrelated faces of one pose apart].
const photoRadius = 6

// parsePHash reads a 64-bit hash in hex ("0x" optional).
func parsePHash(s string) (uint64, bool) {
	s = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "0x"), "0X")
	if s == "" || len(s) > 16 {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 16, 64)
	return v, err == nil
}

// placeholderPHash says whether a perceptual hash is that of a blank or
// uniform picture (a default avatar, a solid colour, a flat gradient):
// nearly all bits alike, or one byte or one 16-bit pattern repeated. Such
// a hash names no face, and everyone without a photo shares it
// (hire-red-flags.md A6 is about one face under several names).
func placeholderPHash(h uint64) bool {
	if c := bits.OnesCount64(h); c <= 6 || c >= 58 {
		return true
	}
	b := h & 0xff
	if h == b*0x0101010101010101 {
		return true
	}
	w := h & 0xffff
	return h == w*0x0001000100010001
}

type photoPair struct {
	a, b int
	dist int
}

// similarPhotos finds pairs of hashes within photoRadius without comparing
// all pairs: the hash is split into four 16-bit chunks, and two hashes
// within distance 6 agree to within one bit on at least one chunk
// (pigeonhole), so each hash probes each chunk's table with its chunk and
// the 16 one-bit variants of it.
func similarPhotos(hashes []uint64, has []bool) []photoPair {
	var tables [4]map[uint16][]int32
	for c := range tables {
		tables[c] = map[uint16][]int32{}
	}
	for i, h := range hashes {
		if !has[i] {
			continue
		}
		for c := 0; c < 4; c++ {
			k := uint16(h >> (16 * c))
			tables[c][k] = append(tables[c][k], int32(i))
		}
	}
	seen := map[[2]int32]bool{}
	var out []photoPair
	for i, h := range hashes {
		if !has[i] {
			continue
		}
		for c := 0; c < 4; c++ {
			k := uint16(h >> (16 * c))
			for f := -1; f < 16; f++ {
				probe := k
				if f >= 0 {
					probe ^= 1 << uint(f)
				}
				for _, j := range tables[c][probe] {
					if int(j) <= i {
						continue
					}
					key := [2]int32{int32(i), j}
					if seen[key] {
						continue
					}
					seen[key] = true
					if d := bits.OnesCount64(h ^ hashes[j]); d <= photoRadius {
						out = append(out, photoPair{i, int(j), d})
					}
				}
			}
		}
	}
	return out
}
