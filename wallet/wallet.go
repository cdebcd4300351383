// Package wallet recognises and validates cryptocurrency addresses and puts
// them in the form they are compared in, so that an address a user screens
// meets the same address as a sanctions list writes it.
//
// Each chain family has its own encoding and checksum: EIP-55 hex for EVM
// chains, base58check with version bytes for Bitcoin-style chains, TRON,
// Zcash transparent and XRP, bech32/bech32m for segwit, cashaddr for
// Bitcoin Cash, Monero's block base58 with a Keccak checksum, and bare
// base58 for Solana. Parse is strict, so a typo is caught; Canonical is
// lenient, because a listed address must be stored even when it is odd.
package wallet

import (
	"errors"
	"fmt"
	"strings"
)

// Chain is a chain or, for tokens listed under their own ticker (USDT,
// USDC), the currency. Bitcoin is BTC; OFAC writes it XBT (see ChainFor).
type Chain string

// The chains and currencies the sanctions lists use.
const (
	BTC  Chain = "BTC"
	BCH  Chain = "BCH"
	BSV  Chain = "BSV"
	BTG  Chain = "BTG"
	LTC  Chain = "LTC"
	DASH Chain = "DASH"
	ZEC  Chain = "ZEC"
	DOGE Chain = "DOGE"
	XVG  Chain = "XVG"
	XMR  Chain = "XMR"
	XRP  Chain = "XRP"
	TRX  Chain = "TRX"
	SOL  Chain = "SOL"
	ETH  Chain = "ETH"
	ETC  Chain = "ETC"
	BSC  Chain = "BSC"
	ARB  Chain = "ARB"
	USDT Chain = "USDT"
	USDC Chain = "USDC"
)

// ChainFor reads a currency ticker as lists and users write it: "XBT" and
// "bitcoin" are BTC; others are upper-cased.
func ChainFor(ticker string) Chain {
	t := strings.ToUpper(strings.TrimSpace(ticker))
	switch t {
	case "XBT", "BITCOIN":
		return BTC
	case "ETHEREUM":
		return ETH
	case "BNB":
		return BSC
	}
	return Chain(t)
}

// Address is a recognised, validated address.
type Address struct {
	// Chain is the chain the format most likely belongs to; Chains lists
	// every one it could be on.
	Chain Chain
	// Canonical is the form addresses are compared in (see Canonical).
	Canonical string
	// Original is the text as given.
	Original string
}

// Chains returns every chain or listed currency the address could be on:
// the same 0x address is valid on every EVM chain and for ERC-20 tokens, a
// legacy "1…" address on Bitcoin and its forks, and for Tether on the Omni
// layer (OFAC lists USDT under such addresses).
func (a Address) Chains() []Chain {
	first := byte(0)
	if a.Canonical != "" {
		first = a.Canonical[0]
	}
	switch a.Chain {
	case ETH:
		return []Chain{ETH, ETC, BSC, ARB, USDT, USDC}
	case TRX:
		return []Chain{TRX, USDT, USDC}
	case SOL:
		return []Chain{SOL, USDT, USDC}
	case BTC:
		switch first {
		case '1':
			return []Chain{BTC, BCH, BSV, USDT}
		case '3':
			// Litecoin used version 5 for P2SH before it moved to M.
			return []Chain{BTC, BCH, BSV, LTC, USDT}
		}
	case DOGE:
		return []Chain{DOGE, XVG}
	}
	return []Chain{a.Chain}
}

// Kinds of parse failure, for errors.Is.
var (
	ErrFormat    = errors.New("unrecognised address format")
	ErrCharacter = errors.New("invalid character")
	ErrLength    = errors.New("bad length")
	ErrChecksum  = errors.New("bad checksum")
)

// ParseError says why an address is not valid.
type ParseError struct {
	Addr   string
	Format string // "base58check", "bech32", "EIP-55", ...; "" when unrecognised
	Kind   error  // ErrFormat, ErrCharacter, ErrLength or ErrChecksum
	Detail string // "length 33, want 34"; empty when Kind says it all
}

func (e *ParseError) Error() string {
	msg := e.Kind.Error()
	if e.Detail != "" {
		msg = e.Detail
	}
	if e.Format == "" {
		return fmt.Sprintf("wallet: address %q: %s", e.Addr, msg)
	}
	return fmt.Sprintf("wallet: %s address %q: %s", e.Format, e.Addr, msg)
}

func (e *ParseError) Unwrap() error { return e.Kind }

func fail(addr, format string, kind error, detail string, args ...any) error {
	if len(args) > 0 {
		detail = fmt.Sprintf(detail, args...)
	}
	return &ParseError{Addr: addr, Format: format, Kind: kind, Detail: detail}
}

// Parse recognises addr's format and validates it. Surrounding white space
// is ignored. The chain is inferred from the form alone; Address.Chains
// lists every chain the form is valid on.
func Parse(addr string) (Address, error) {
	s := strings.TrimSpace(addr)
	a, err := parse(s)
	a.Original = addr
	if err != nil {
		if pe, ok := err.(*ParseError); ok {
			pe.Addr = addr
		}
		return Address{}, err
	}
	return a, nil
}

func parse(s string) (Address, error) {
	a, err := parseFormat(s)
	if err != nil && len(s) >= 32 {
		// A Solana key is any 32 bytes in base58, so it can start like
		// another format ("bc1…", "4…"); it is the fallback, not a rival.
		if sol, solErr := parseBase58(s); solErr == nil && sol.Chain == SOL {
			return sol, nil
		}
	}
	return a, err
}

func parseFormat(s string) (Address, error) {
	switch {
	case s == "":
		return Address{}, fail(s, "", ErrFormat, "empty")
	case len(s) > 128:
		// Longer than any supported form; also bounds base58 decoding work.
		return Address{}, fail(s, "", ErrLength, "length %d, want at most 128", len(s))
	case len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		return parseEVM(s)
	case hasPrefixFold(s, "bitcoincash:") || hasPrefixFold(s, "bchtest:") || hasPrefixFold(s, "bchreg:"):
		return parseCashAddr(s)
	case segwitHRP(s) != "":
		return parseSegwit(s)
	case looksCashAddr(s):
		return parseCashAddr(s)
	case (s[0] == '4' || s[0] == '8') && (len(s) == 95 || len(s) == 106):
		return parseMonero(s)
	case s[0] == 'r' && len(s) <= 35:
		return parseXRP(s)
	}
	return parseBase58(s)
}

// Canonical returns the form an address is compared in, for a currency
// ticker as the lists write it (XBT, ETH, USDT, BCH, ...; may be empty).
// It never fails: a listed address is kept even if it does not validate.
// Hex EVM addresses become lower-case 0x…, bech32 and bech32m lower case,
// cashaddr lower case without the "bitcoincash:" prefix; base58 forms are
// case-sensitive and stay as they are. A URI scheme ("bitcoin:", "ethereum:")
// and query string are dropped, and for an EVM currency a bare 40-digit hex
// address gains its 0x.
func Canonical(currency, addr string) string {
	s := strings.TrimSpace(addr)
	if i := strings.IndexByte(s, '?'); i > 0 {
		s = s[:i]
	}
	for _, scheme := range []string{"bitcoin:", "ethereum:", "litecoin:", "dash:", "zcash:", "monero:", "tron:", "solana:", "ripple:"} {
		if hasPrefixFold(s, scheme) {
			s = s[len(scheme):]
			break
		}
	}
	if i := strings.IndexByte(s, '@'); i > 0 && hasPrefixFold(s, "0x") {
		s = s[:i] // EIP-681 chain id: "0xabc…@56"
	}
	// A valid address has one reading; the rules below are for the rest,
	// and must not contradict it (a Solana key can look like bech32).
	if a, err := parse(s); err == nil {
		return a.Canonical
	}
	switch {
	case len(s) == 42 && hasPrefixFold(s, "0x") && isHex(s[2:]):
		return strings.ToLower(s)
	case hasPrefixFold(s, "bitcoincash:"):
		return strings.ToLower(s[len("bitcoincash:"):])
	case hasPrefixFold(s, "bchtest:") || hasPrefixFold(s, "bchreg:"):
		return strings.ToLower(s)
	case segwitHRP(s) != "" && singleCase(s) && inCharset(strings.ToLower(s[len(segwitHRP(s))+1:])):
		return strings.ToLower(s)
	case looksCashAddr(s) || ChainFor(currency) == BCH && len(s) == 42 && singleCase(s) && inCharset(strings.ToLower(s)):
		return strings.ToLower(s)
	case len(s) == 40 && isHex(s) && isEVM(ChainFor(currency)):
		return "0x" + strings.ToLower(s)
	}
	return s
}

func isEVM(c Chain) bool {
	switch c {
	case ETH, ETC, BSC, ARB, USDT, USDC, "MATIC", "POL", "AVAX", "OP", "BASE", "FTM":
		return true
	}
	return false
}

// singleCase reports whether s has no lower-case letter or no upper-case
// one; bech32 and cashaddr may be either but never both.
func singleCase(s string) bool {
	return strings.ToLower(s) == s || strings.ToUpper(s) == s
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if hexVal(s[i]) < 0 {
			return false
		}
	}
	return true
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// quote shows a byte of an address in an error message.
func quote(c byte) string {
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("%#02x", c)
	}
	return fmt.Sprintf("%q", rune(c))
}
