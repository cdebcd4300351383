package wallet

import "strings"

// looksCashAddr reports whether s is a cashaddr without its prefix: 42
// bech32 digits starting with q (P2PKH) or p (P2SH), in one case.
func looksCashAddr(s string) bool {
	if len(s) != 42 {
		return false
	}
	if !singleCase(s) {
		return false
	}
	l := strings.ToLower(s)
	return (l[0] == 'q' || l[0] == 'p') && inCharset(l)
}

func cashPolymod(prefix string, data []byte) uint64 {
	c := uint64(1)
	step := func(d byte) {
		c0 := byte(c >> 35)
		c = (c&0x07ffffffff)<<5 ^ uint64(d)
		if c0&0x01 != 0 {
			c ^= 0x98f2bc8e61
		}
		if c0&0x02 != 0 {
			c ^= 0x79b76d99e2
		}
		if c0&0x04 != 0 {
			c ^= 0xf33e5fb3c4
		}
		if c0&0x08 != 0 {
			c ^= 0xae2eabe2a8
		}
		if c0&0x10 != 0 {
			c ^= 0x1e4f43e470
		}
	}
	for i := 0; i < len(prefix); i++ {
		step(prefix[i] & 0x1f)
	}
	step(0)
	for _, d := range data {
		step(d)
	}
	return c ^ 1
}

// parseCashAddr validates a Bitcoin Cash cashaddr, with or without its
// prefix (mainnet "bitcoincash:" is assumed when absent): a 40-bit BCH
// checksum over prefix and payload, then a version byte whose size bits
// must agree with the hash length. The canonical form drops the mainnet
// prefix, as lists do.
func parseCashAddr(orig string) (Address, error) {
	const format = "cashaddr"
	lower := strings.ToLower(orig)
	if !singleCase(orig) {
		return Address{}, fail(orig, format, ErrCharacter, "mixed case")
	}
	prefix, body := "bitcoincash", lower
	if i := strings.IndexByte(lower, ':'); i >= 0 {
		prefix, body = lower[:i], lower[i+1:]
	}
	data := make([]byte, len(body))
	for i := 0; i < len(body); i++ {
		v := charsetRev[body[i]]
		if v < 0 {
			return Address{}, fail(orig, format, ErrCharacter, "invalid character %s at position %d (not cashaddr)", quote(orig[len(orig)-len(body)+i]), len(orig)-len(body)+i+1)
		}
		data[i] = byte(v)
	}
	// P2PKH and P2SH with a 160-bit hash are 42 digits; longer hashes are
	// allowed by the spec but unused.
	if len(body) < 42 {
		return Address{}, fail(orig, format, ErrLength, "length %d, want 42 after the prefix", len(body))
	}
	if cashPolymod(prefix, data) != 0 {
		return Address{}, fail(orig, format, ErrChecksum, "")
	}
	payload, ok := convertBits(data[:len(data)-8], 5, 8, false)
	if !ok || len(payload) == 0 {
		return Address{}, fail(orig, format, ErrFormat, "bad padding")
	}
	sizes := [8]int{20, 24, 28, 32, 40, 48, 56, 64}
	if ver := payload[0]; ver&0x80 != 0 || sizes[ver&7] != len(payload)-1 {
		return Address{}, fail(orig, format, ErrFormat, "version byte %#02x does not fit a %d-byte hash", ver, len(payload)-1)
	}
	canonical := lower
	if prefix == "bitcoincash" {
		canonical = body
	}
	return Address{Chain: BCH, Canonical: canonical}, nil
}
