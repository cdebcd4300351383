package wallet

import "strings"

const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

var charsetRev = func() (r [256]int8) {
	for i := range r {
		r[i] = -1
	}
	for i := 0; i < len(charset); i++ {
		r[charset[i]] = int8(i)
	}
	return r
}()

// inCharset reports whether every byte of lower-case s is a bech32 digit.
func inCharset(s string) bool {
	for i := 0; i < len(s); i++ {
		if charsetRev[s[i]] < 0 {
			return false
		}
	}
	return s != ""
}

// segwitHRPs are the human-readable parts of segwit addresses and the chain
// of each (tb and bcrt are Bitcoin test networks, read as BTC).
var segwitHRPs = []struct {
	hrp   string
	chain Chain
}{
	{"bc", BTC}, {"tb", BTC}, {"bcrt", BTC}, {"ltc", LTC}, {"tltc", LTC},
}

// segwitHRP returns the segwit human-readable part s starts with, followed
// by the separator "1", in any case; or "".
func segwitHRP(s string) string {
	for _, h := range segwitHRPs {
		if len(s) > len(h.hrp) && s[len(h.hrp)] == '1' && hasPrefixFold(s, h.hrp) {
			return h.hrp
		}
	}
	return ""
}

// The checksum constants of BIP-173 (bech32) and BIP-350 (bech32m).
const (
	bech32Const  = 1
	bech32mConst = 0x2bc830a3
)

func bech32Polymod(hrp string, data []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	step := func(v byte) {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if top>>i&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	for i := 0; i < len(hrp); i++ {
		step(hrp[i] >> 5)
	}
	step(0)
	for i := 0; i < len(hrp); i++ {
		step(hrp[i] & 31)
	}
	for _, d := range data {
		step(d)
	}
	return chk
}

// parseSegwit validates a segwit address (BIP-173, BIP-350): bech32 for
// witness version 0, bech32m for 1 to 16, a 2- to 40-byte program, and
// for version 0 a 20-byte key hash or 32-byte script hash.
func parseSegwit(orig string) (Address, error) {
	const format = "segwit"
	lower := strings.ToLower(orig)
	if !singleCase(orig) {
		return Address{}, fail(orig, format, ErrCharacter, "mixed case")
	}
	hrp := segwitHRP(lower)
	if len(lower) > 90 {
		return Address{}, fail(orig, format, ErrLength, "length %d, want at most 90", len(lower))
	}
	body := lower[len(hrp)+1:]
	data := make([]byte, len(body))
	for i := 0; i < len(body); i++ {
		v := charsetRev[body[i]]
		if v < 0 {
			return Address{}, fail(orig, format, ErrCharacter, "invalid character %s at position %d (not bech32)", quote(orig[len(hrp)+1+i]), len(hrp)+2+i)
		}
		data[i] = byte(v)
	}
	if len(data) < 7 {
		return Address{}, fail(orig, format, ErrLength, "length %d, too short", len(orig))
	}
	ver := data[0]
	// Version 0 programs are 20 or 32 bytes, so the whole address has one
	// of two lengths; saying so beats "bad checksum" for a dropped character.
	if ver == 0 {
		short, long := len(hrp)+1+1+32+6, len(hrp)+1+1+52+6
		if len(lower) != short && len(lower) != long {
			return Address{}, fail(orig, format, ErrLength, "length %d, want %d or %d", len(lower), short, long)
		}
	}
	var want uint32 = bech32Const
	if ver > 0 {
		want = bech32mConst
	}
	switch got := bech32Polymod(hrp, data); {
	case got == want:
	case ver == 0 && got == bech32mConst:
		return Address{}, fail(orig, format, ErrChecksum, "witness version 0 must use bech32, not bech32m")
	case ver > 0 && got == bech32Const:
		return Address{}, fail(orig, format, ErrChecksum, "witness version %d must use bech32m, not bech32", ver)
	default:
		return Address{}, fail(orig, format, ErrChecksum, "")
	}
	if ver > 16 {
		return Address{}, fail(orig, format, ErrFormat, "witness version %d, want 0 to 16", ver)
	}
	prog, ok := convertBits(data[1:len(data)-6], 5, 8, false)
	if !ok {
		return Address{}, fail(orig, format, ErrFormat, "bad padding in witness program")
	}
	if len(prog) < 2 || len(prog) > 40 {
		return Address{}, fail(orig, format, ErrLength, "witness program of %d bytes, want 2 to 40", len(prog))
	}
	chain := BTC
	for _, h := range segwitHRPs {
		if h.hrp == hrp {
			chain = h.chain
		}
	}
	return Address{Chain: chain, Canonical: lower}, nil
}

// convertBits regroups bits, from 5-bit bech32 digits to bytes and back.
// Without padding, leftover bits must be fewer than from and all zero.
func convertBits(data []byte, from, to uint, pad bool) ([]byte, bool) {
	acc, bits := uint(0), uint(0)
	maxv := uint(1)<<to - 1
	out := make([]byte, 0, len(data)*int(from)/int(to)+1)
	for _, d := range data {
		if uint(d)>>from != 0 {
			return nil, false
		}
		acc = acc<<from | uint(d)
		bits += from
		for bits >= to {
			bits -= to
			out = append(out, byte(acc>>bits&maxv))
		}
	}
	if pad {
		if bits > 0 {
			out = append(out, byte(acc<<(to-bits)&maxv))
		}
	} else if bits >= from || acc<<(to-bits)&maxv != 0 {
		return nil, false
	}
	return out, true
}
