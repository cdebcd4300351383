package wallet

import (
	"bytes"
	"crypto/sha256"
	"fmt"
)

const (
	bitcoinAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	rippleAlphabet  = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"
)

// alphabet is a base58 digit table: value of each byte, or -1.
type alphabet struct {
	name   string
	digits string
	value  [256]int8
}

func newAlphabet(name, digits string) *alphabet {
	a := &alphabet{name: name, digits: digits}
	for i := range a.value {
		a.value[i] = -1
	}
	for i := 0; i < len(digits); i++ {
		a.value[digits[i]] = int8(i)
	}
	return a
}

var (
	bitcoin58 = newAlphabet("base58", bitcoinAlphabet)
	ripple58  = newAlphabet("XRP base58", rippleAlphabet)
)

// badChar returns an error for the first byte of s outside the alphabet, or nil.
func (a *alphabet) badChar(s, format string) error {
	for i := 0; i < len(s); i++ {
		if a.value[s[i]] < 0 {
			return fail(s, format, ErrCharacter, "invalid character %s at position %d (not %s)", quote(s[i]), i+1, a.name)
		}
	}
	return nil
}

// decode turns base58 text into bytes: leading zero digits are leading zero
// bytes, the rest a big-endian number. The caller has checked the alphabet.
func (a *alphabet) decode(s string) []byte {
	zeros := 0
	for zeros < len(s) && s[zeros] == a.digits[0] {
		zeros++
	}
	// log(58)/log(256) < 0.733, so this many bytes always suffice.
	out := make([]byte, (len(s)-zeros)*733/1000+1)
	for i := zeros; i < len(s); i++ {
		carry := int(a.value[s[i]])
		for j := len(out) - 1; j >= 0; j-- {
			carry += 58 * int(out[j])
			out[j] = byte(carry)
			carry >>= 8
		}
	}
	k := 0
	for k < len(out) && out[k] == 0 {
		k++
	}
	return append(make([]byte, zeros, zeros+len(out)-k), out[k:]...)
}

func checksum4(payload []byte) []byte {
	first := sha256.Sum256(payload)
	second := sha256.Sum256(first[:])
	return second[:4]
}

// version is one base58check address type: its version bytes and the
// chain, with the text length and first characters it always produces.
type version struct {
	bytes  []byte
	chain  Chain
	prefix string // the first characters of every address of this type
	length int    // the text length, or 0 when it varies
}

// versions are the base58check address types of the Bitcoin family and its
// relatives. Pay-to-pubkey-hash "1…" addresses vary in length because each
// leading zero byte of the hash shortens them; the others do not.
var versions = []version{
	{[]byte{0x00}, BTC, "1", 0},
	{[]byte{0x05}, BTC, "3", 34},
	{[]byte{0x30}, LTC, "L", 34},
	{[]byte{0x32}, LTC, "M", 34},
	{[]byte{0x4c}, DASH, "X", 34},
	{[]byte{0x10}, DASH, "7", 34},
	{[]byte{0x26}, BTG, "G", 34},
	{[]byte{0x17}, BTG, "A", 34},
	{[]byte{0x1e}, DOGE, "D", 34},
	{[]byte{0x16}, DOGE, "9", 34}, // also "A"; kept for the version byte
	{[]byte{0x21}, XVG, "E", 34},
	{[]byte{0x41}, TRX, "T", 34},
	{[]byte{0x1c, 0xb8}, ZEC, "t1", 35},
	{[]byte{0x1c, 0xbd}, ZEC, "t3", 35},
}

// parseBase58 reads the Bitcoin-alphabet forms: base58check addresses and
// Solana's bare 32-byte keys.
func parseBase58(s string) (Address, error) {
	if err := bitcoin58.badChar(s, "base58"); err != nil {
		return Address{}, err
	}
	b := bitcoin58.decode(s)
	if len(b) == 32 {
		// Only a Solana key is this long; 25-byte payloads stop at 35 characters.
		return Address{Chain: SOL, Canonical: s}, nil
	}
	// A known prefix with a fixed length gives the clearest error for a
	// dropped or doubled character. The window keeps other formats that
	// happen to start with the same letter out of it.
	if v, ok := versionByPrefix(s); ok && v.length > 0 && len(s) != v.length && len(s) >= v.length-3 && len(s) <= v.length+3 {
		return Address{}, fail(s, "base58check", ErrLength, "length %d, want %d", len(s), v.length)
	}
	if len(b) != 25 && len(b) != 26 {
		if len(s) < 25 || len(s) > 44 {
			return Address{}, fail(s, "", ErrFormat, "")
		}
		return Address{}, fail(s, "base58check", ErrLength, "length %d decodes to %d bytes, want 25", len(s), len(b))
	}
	payload, sum := b[:len(b)-4], b[len(b)-4:]
	if !bytes.Equal(checksum4(payload), sum) {
		return Address{}, fail(s, "base58check", ErrChecksum, "")
	}
	for _, v := range versions {
		if len(payload) == len(v.bytes)+20 && bytes.HasPrefix(payload, v.bytes) {
			return Address{Chain: v.chain, Canonical: s}, nil
		}
	}
	return Address{}, fail(s, "base58check", ErrFormat, "unknown version %s", hexBytes(payload[:len(b)-24]))
}

// versionByPrefix finds the address type whose prefix s starts with,
// preferring the longer prefix ("t1" over a one-letter one).
func versionByPrefix(s string) (version, bool) {
	var best version
	found := false
	for _, v := range versions {
		if len(s) >= len(v.prefix) && s[:len(v.prefix)] == v.prefix && len(v.prefix) > len(best.prefix) {
			best, found = v, true
		}
	}
	return best, found
}

// parseXRP reads a classic XRP account address: base58check in Ripple's
// own alphabet, version 0 (hence the leading "r"), 20-byte account ID.
func parseXRP(s string) (Address, error) {
	const format = "XRP"
	if err := ripple58.badChar(s, format); err != nil {
		return Address{}, err
	}
	b := ripple58.decode(s)
	if len(b) != 25 {
		return Address{}, fail(s, format, ErrLength, "length %d decodes to %d bytes, want 25", len(s), len(b))
	}
	if !bytes.Equal(checksum4(b[:21]), b[21:]) {
		return Address{}, fail(s, format, ErrChecksum, "")
	}
	if b[0] != 0 {
		return Address{}, fail(s, format, ErrFormat, "unknown version %#02x", b[0])
	}
	return Address{Chain: XRP, Canonical: s}, nil
}

func hexBytes(b []byte) string {
	return fmt.Sprintf("0x%x", b)
}
