package match

// Retrieval keys are 64-bit FNV-1a hashes of a namespace byte and a token
// key. Postings are found by binary search over the sorted hashes (a CSR
// layout), which keeps a million-entity index compact; a hash collision
// only adds a candidate that the scorer then rejects.

const (
	nsKey     = 'k' // a token's romanisation key, exactly
	nsDelete  = 'd' // the key and each of its one-letter deletions
	nsSkel    = 's' // a token's consonant skeleton
	nsPrefix  = 'p' // the first affixLen letters of a long token's key
	nsSuffix  = 'x' // the last affixLen letters
	nsAcronym = 'a' // the initials of a name's words (PLA)
	nsText    = 't' // a listed token's spelling (Index.texts, not a posting)
)

// affixLen is the length of the prefix and suffix keys that find tokens
// with two or more typos (which the deletion keys miss) by their
// undamaged end. Only tokens of minAffixToken letters or more have them.
const (
	affixLen      = 5
	minAffixToken = 7
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashKey hashes ns+key.
func hashKey[S string | []byte](ns byte, key S) uint64 {
	h := uint64(fnvOffset)
	h ^= uint64(ns)
	h *= fnvPrime
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= fnvPrime
	}
	return h
}

// hashDelete hashes key without its letter at i in the deletion namespace.
// Keys never hold a letter twice in a row (Key collapses them), so when the
// deletion brings two equal letters together the second goes too: "strera"
// (Strela) less its e is "stra", the key of "Strla".
func hashDelete(key string, i int) uint64 {
	h := uint64(fnvOffset)
	h ^= uint64(nsDelete)
	h *= fnvPrime
	collapse := i > 0 && i+1 < len(key) && key[i-1] == key[i+1]
	for j := 0; j < len(key); j++ {
		if j == i || collapse && j == i+1 {
			continue
		}
		h ^= uint64(key[j])
		h *= fnvPrime
	}
	return h
}

// hashKey2 is hashKey(ns, a+b) without joining the strings.
func hashKey2(ns byte, a, b string) uint64 {
	h := uint64(fnvOffset)
	h ^= uint64(ns)
	h *= fnvPrime
	for i := 0; i < len(a); i++ {
		h ^= uint64(a[i])
		h *= fnvPrime
	}
	for i := 0; i < len(b); i++ {
		h ^= uint64(b[i])
		h *= fnvPrime
	}
	return h
}

// minDeleteLen is the shortest key whose one-letter deletions are indexed:
// deleting from a three-letter key leaves two letters that half the index shares.
const minDeleteLen = 4

// forEachKey calls fn with the hash of every retrieval key of a token key
// as it is indexed: the exact key, the key in the deletion namespace with
// its one-letter deletions, and the skeleton.
//
// Keys of two tokens read as one (concatenations) get no affix keys: their
// prefix is just their first token's.
func forEachListedKey(key, skel string, affixes bool, fn func(h uint64)) {
	fn(hashKey(nsKey, key))
	fn(hashKey(nsDelete, key))
	if len(key) >= minDeleteLen {
		for i := 0; i < len(key); i++ {
			if i > 0 && key[i] == key[i-1] {
				continue // same deletion as the previous one
			}
			fn(hashDelete(key, i))
		}
	}
	if len(skel) >= 1 {
		fn(hashKey(nsSkel, skel))
	}
	if affixes && len(key) >= minAffixToken {
		fn(hashKey(nsPrefix, key[:affixLen]))
		fn(hashKey(nsSuffix, key[len(key)-affixLen:]))
	}
}

// How much a retrieval hit credits a candidate, by how the key met: the
// same key, one letter apart, or only a shared prefix or suffix.
const (
	creditExact  = 1.0
	creditDelete = 0.8
	creditAffix  = 0.5
)

// forEachQueryKey calls fn with the hashes a query token looks up: its key
// in the deletion namespace (finds listed keys equal to it or one letter
// longer) and each of its deletions (one letter shorter, or one letter
// different). Tokens from a script without vowels also look up their skeleton.
//
// The strongest keys come first; a candidate is credited once per query
// token, by the first key that finds it. Two tokens read as one (single
// false) look up only their key and the listed keys one letter longer:
// joined names are rarely also misspelt, and their long keys would cost
// a lookup per letter.
func forEachQueryKey(key, skel string, abjad, single bool, fn func(h uint64, credit float32)) {
	fn(hashKey(nsKey, key), creditExact)
	if abjad && len(skel) >= 1 {
		fn(hashKey(nsSkel, skel), creditExact)
	}
	fn(hashKey(nsDelete, key), creditDelete)
	if single && len(key) >= minDeleteLen {
		for i := 0; i < len(key); i++ {
			if i > 0 && key[i] == key[i-1] {
				continue
			}
			fn(hashDelete(key, i), creditDelete)
		}
	}
	if single && len(key) >= minAffixToken {
		fn(hashKey(nsPrefix, key[:affixLen]), creditAffix)
		fn(hashKey(nsSuffix, key[len(key)-affixLen:]), creditAffix)
	}
}
