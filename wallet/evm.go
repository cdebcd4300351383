package wallet

import (
	"strings"

	"golang.org/x/crypto/sha3"
)

// parseEVM validates a 0x address. All-lower and all-upper hex carry no
// checksum; mixed case is an EIP-55 checksum and must match.
func parseEVM(s string) (Address, error) {
	const format = "EVM"
	if len(s) != 42 {
		return Address{}, fail(s, format, ErrLength, "length %d, want 42", len(s))
	}
	hex := s[2:]
	lower, upper := false, false
	for i := 0; i < len(hex); i++ {
		c := hex[i]
		if hexVal(c) < 0 {
			return Address{}, fail(s, format, ErrCharacter, "invalid character %s at position %d (not hex)", quote(c), i+3)
		}
		lower = lower || c >= 'a' && c <= 'f'
		upper = upper || c >= 'A' && c <= 'F'
	}
	canonical := "0x" + strings.ToLower(hex)
	if lower && upper && eip55(canonical[2:]) != hex {
		return Address{}, fail(s, format, ErrChecksum, "mixed-case EIP-55 checksum mismatch")
	}
	return Address{Chain: ETH, Canonical: canonical}, nil
}

// eip55 returns the checksummed spelling of 40 lower-case hex digits: a
// letter is upper case where the matching nibble of keccak256 of the
// lower-case text is 8 or more.
func eip55(lowerHex string) string {
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte(lowerHex))
	sum := h.Sum(nil)
	out := []byte(lowerHex)
	for i, c := range out {
		nibble := sum[i/2] >> 4
		if i%2 == 1 {
			nibble = sum[i/2] & 0x0f
		}
		if c >= 'a' && nibble >= 8 {
			out[i] = c - 'a' + 'A'
		}
	}
	return string(out)
}

// ChecksumEVM returns the EIP-55 spelling of a 0x address, or "" when addr
// is not 0x and 40 hex digits.
func ChecksumEVM(addr string) string {
	if len(addr) != 42 || !hasPrefixFold(addr, "0x") || !isHex(addr[2:]) {
		return ""
	}
	return "0x" + eip55(strings.ToLower(addr[2:]))
}

func keccak256(b []byte) []byte {
	h := sha3.NewLegacyKeccak256()
	h.Write(b)
	return h.Sum(nil)
}
