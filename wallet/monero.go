package wallet

import (
	"bytes"
	"math/bits"
)

// Monero encodes in base58 blocks: each 8 bytes become 11 characters, and a
// short final block takes the length in encodedSize.
var encodedSize = [9]int{0, 2, 3, 5, 6, 7, 9, 10, 11}

// moneroNetworks are the mainnet network bytes: standard addresses and
// integrated ones (with an 8-byte payment ID) start with 4, subaddresses 8.
var moneroNetworks = map[byte]int{0x12: 69, 0x13: 77, 0x2a: 69}

// parseMonero validates a Monero mainnet address: 95 characters (106 for
// an integrated address), network byte, spend and view keys, and the first
// 4 bytes of keccak256 of the rest as checksum.
func parseMonero(s string) (Address, error) {
	const format = "XMR"
	if err := bitcoin58.badChar(s, "base58"); err != nil {
		return Address{}, err
	}
	var b []byte
	for i := 0; i < len(s); i += 11 {
		block := s[i:min(i+11, len(s))]
		size := -1
		for n, e := range encodedSize {
			if e == len(block) {
				size = n
			}
		}
		if size < 0 {
			return Address{}, fail(s, format, ErrLength, "length %d, want 95 or 106", len(s))
		}
		var num uint64
		for j := 0; j < len(block); j++ {
			hi, lo := bits.Mul64(num, 58)
			num = lo + uint64(bitcoin58.value[block[j]])
			if hi != 0 || num < lo {
				return Address{}, fail(s, format, ErrFormat, "base58 block %d overflows", i/11+1)
			}
		}
		if size < 8 && num>>(8*size) != 0 {
			return Address{}, fail(s, format, ErrFormat, "base58 block %d overflows", i/11+1)
		}
		for k := size - 1; k >= 0; k-- {
			b = append(b, byte(num>>(8*k)))
		}
	}
	want, ok := moneroNetworks[b[0]]
	if !ok {
		return Address{}, fail(s, format, ErrFormat, "network byte %#02x is not Monero mainnet", b[0])
	}
	if len(b) != want {
		return Address{}, fail(s, format, ErrLength, "length %d, want %d for this address type", len(s), map[int]int{69: 95, 77: 106}[want])
	}
	if !bytes.Equal(keccak256(b[:len(b)-4])[:4], b[len(b)-4:]) {
		return Address{}, fail(s, format, ErrChecksum, "")
	}
	return Address{Chain: XMR, Canonical: s}, nil
}
