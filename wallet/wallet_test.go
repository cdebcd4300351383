package wallet

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

func TestParseKnownGood(t *testing.T) {
	tests := []struct {
		name, addr string
		chain      Chain
		canonical  string
	}{
		{"an EIP-55 checksummed address", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", ETH, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"},
		{"another EIP-55 vector", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", ETH, "0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb"},
		{"an all-lower-case hex address has no checksum to check", "0x19aa5fe80d33a56d56c78e82ea5e50e5d80b4dff", ETH, "0x19aa5fe80d33a56d56c78e82ea5e50e5d80b4dff"},
		{"an all-upper-case hex address has no checksum to check", "0x19AA5FE80D33A56D56C78E82EA5E50E5D80B4DFF", ETH, "0x19aa5fe80d33a56d56c78e82ea5e50e5d80b4dff"},
		{"the genesis coinbase address", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", BTC, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{"a P2SH address", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", BTC, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"},
		{"the BIP-173 upper-case P2WPKH vector", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", BTC, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
		{"the BIP-350 taproot vector", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", BTC, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"},
		{"a testnet P2WSH vector", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", BTC, "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"},
		{"a cashaddr with prefix", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", BCH, "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"},
		{"an upper-case cashaddr", "BITCOINCASH:PPM2QSZNHKS23Z7629MMS6S4CWEF74VCWVN0H829PQ", BCH, "ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq"},
		{"a cashaddr without prefix", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", BCH, "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"},
		{"a Litecoin L address", "LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb", LTC, "LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb"},
		{"a Dash address", "XnPFsRWTaSgiVauosEwQ6dEitGYXgwznz2", DASH, "XnPFsRWTaSgiVauosEwQ6dEitGYXgwznz2"},
		{"a Zcash t1 address with its two version bytes", "t1MMXtBrSp1XG38Lx9cePcNUCJj5vdWfUWL", ZEC, "t1MMXtBrSp1XG38Lx9cePcNUCJj5vdWfUWL"},
		{"a TRON address", "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre", TRX, "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre"},
		{"a Bitcoin Gold address", "GPwg61XoHqQPNmAucFACuQ5H9sGCDv9TpS", BTG, "GPwg61XoHqQPNmAucFACuQ5H9sGCDv9TpS"},
		{"a Verge address shares Dogecoin's version byte", "DFFJhnQNZf8rf67tYnesPu7MuGUpYtzv7Z", DOGE, "DFFJhnQNZf8rf67tYnesPu7MuGUpYtzv7Z"},
		{"the XRP genesis account in Ripple's alphabet", "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", XRP, "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"},
		{"a Monero standard address", "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", XMR, "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"},
		{"a Monero subaddress", "884Bz8UH63aYsjVdkfWfScRYWZGGNbjFL7pztqvWNSrtYT4reFSwyvkCj9KEGUtheHhhMUj87ciTBFyzoesrMJ4L1FvSoxL", XMR, "884Bz8UH63aYsjVdkfWfScRYWZGGNbjFL7pztqvWNSrtYT4reFSwyvkCj9KEGUtheHhhMUj87ciTBFyzoesrMJ4L1FvSoxL"},
		{"the SPL token program is a Solana key", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", SOL, "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"},
		{"the Solana system program is 32 zero bytes", "11111111111111111111111111111111", SOL, "11111111111111111111111111111111"},
		{"surrounding white space is ignored", "  1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n", BTC, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.addr)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.addr, err)
			}
			if a.Chain != tt.chain || a.Canonical != tt.canonical || a.Original != tt.addr {
				t.Errorf("Parse(%q) = %+v, want chain %s canonical %s", tt.addr, a, tt.chain, tt.canonical)
			}
			if got := Canonical(string(tt.chain), tt.addr); got != tt.canonical {
				t.Errorf("Canonical(%s, %q) = %q, want %q", tt.chain, tt.addr, got, tt.canonical)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, addr string
		kind       error
		detail     string // substring of the message
	}{
		{"a wrong EIP-55 case", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", ErrChecksum, "mixed-case EIP-55 checksum mismatch"},
		{"a short hex address", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", ErrLength, "length 41, want 42"},
		{"a non-hex digit", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", ErrCharacter, "invalid character 'g' at position 42 (not hex)"},
		{"a changed base58 character", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", ErrChecksum, "bad checksum"},
		{"a dropped character in a fixed-length form", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNL", ErrLength, "length 33, want 34"},
		{"a dropped character in a TRON address", "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLr", ErrLength, "length 33, want 34"},
		{"a dropped character in a Zcash address", "t1MMXtBrSp1XG38Lx9cePcNUCJj5vdWfUW", ErrLength, "length 34, want 35"},
		{"a capital O", "1A1zP1eP5OGefi2DMPTfTL5SLmv7DivfNa", ErrCharacter, "invalid character 'O' at position 10 (not base58)"},
		{"a zero", "3J98t0WpEZ73CNmQviecrnyiWrnqRhWNLy", ErrCharacter, "invalid character '0' at position 6 (not base58)"},
		{"a capital I", "LNf2JDiuunBz7GMDKFYHN4rq5meXWxIwfb", ErrCharacter, "invalid character 'I' at position 31 (not base58)"},
		{"a lower-case l", "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLle", ErrCharacter, "invalid character 'l' at position 33 (not base58)"},
		{"a 0 in an XRP address (Ripple's alphabet has none)", "rHb9CJAWyB4rj91VRWn96DkukG4bwdty0h", ErrCharacter, "(not XRP base58)"},
		{"a changed XRP character", "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTf", ErrChecksum, "bad checksum"},
		{"mixed-case bech32", "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", ErrCharacter, "mixed case"},
		{"a changed bech32 character", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", ErrChecksum, "bad checksum"},
		{"a dropped bech32 character", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t", ErrLength, "length 41, want 42 or 62"},
		{"a b is not bech32", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8fbt4", ErrCharacter, "invalid character 'b' at position 40 (not bech32)"},
		{"taproot with a bech32 checksum (BIP-350)", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", ErrChecksum, "must use bech32m"},
		{"witness v0 with a bech32m checksum (BIP-350)", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", ErrChecksum, "must use bech32, not bech32m"},
		{"a changed cashaddr character", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6c", ErrChecksum, "bad checksum"},
		{"a cashaddr under the wrong prefix", "bchtest:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", ErrChecksum, "bad checksum"},
		{"a changed Monero character", "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3B", ErrChecksum, "bad checksum"},
		{"a Monero address one character short", "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3", ErrFormat, ""},
		{"a transaction hash in hex is not an address", "5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320", ErrCharacter, "not base58"},
		{"an empty string", "", ErrFormat, "empty"},
		{"a word", "hello", ErrCharacter, "'l'"},
		{"short base58", "abc", ErrFormat, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.addr)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tt.addr, a)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("Parse(%q) error %q, want kind %q", tt.addr, err, tt.kind)
			}
			if !strings.Contains(err.Error(), tt.detail) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.addr)) {
				t.Errorf("Parse(%q) error %q, want it to name the address and say %q", tt.addr, err, tt.detail)
			}
		})
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		name, currency, addr, want string
	}{
		{"EVM hex is lower-cased", "ETH", "0x983a81ca6FB1e441266D2FbcB7D8E530AC2E05A2", "0x983a81ca6fb1e441266d2fbcb7d8e530ac2e05a2"},
		{"a wrong EIP-55 case is still lower-cased", "USDT", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"},
		{"a bare hex address gains 0x for an EVM currency", "USDC", "983a81ca6FB1e441266D2FbcB7D8E530AC2E05A2", "0x983a81ca6fb1e441266d2fbcb7d8e530ac2e05a2"},
		{"a bare hex string stays for a non-EVM currency", "XMR", "983a81ca6FB1e441266D2FbcB7D8E530AC2E05A2", "983a81ca6FB1e441266D2FbcB7D8E530AC2E05A2"},
		{"bech32 is lower-cased", "XBT", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
		{"bech32 with a bad checksum is still lower-cased", "LTC", "LTC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T5", "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"},
		{"the cashaddr prefix is stripped", "BCH", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"},
		{"a bare upper-case cashaddr is lower-cased", "BCH", "QPM2QSZNHKS23Z7629MMS6S4CWEF74VCWVY22GDX6A", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"},
		{"base58 keeps its case", "XBT", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{"base58 with a bad checksum is kept as is", "XBT", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"},
		{"a bitcoin URI is reduced to its address", "", "bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.1", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{"an EIP-681 chain id is dropped", "", "ethereum:0x983a81ca6FB1e441266D2FbcB7D8E530AC2E05A2@56", "0x983a81ca6fb1e441266d2fbcb7d8e530ac2e05a2"},
		{"white space is trimmed", "TRX", " TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre ", "TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre"},
		{"garbage is kept as is", "XBT", "not an address", "not an address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Canonical(tt.currency, tt.addr); got != tt.want {
				t.Errorf("Canonical(%q, %q) = %q, want %q", tt.currency, tt.addr, got, tt.want)
			}
		})
	}
}

func TestChainFor(t *testing.T) {
	for in, want := range map[string]Chain{"XBT": BTC, "xbt": BTC, "BTC": BTC, " eth ": ETH, "USDT": USDT, "bnb": BSC} {
		if got := ChainFor(in); got != want {
			t.Errorf("ChainFor(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestChainsOfSharedForms(t *testing.T) {
	tests := []struct {
		addr string
		want []Chain
	}{
		{"0x19aa5fe80d33a56d56c78e82ea5e50e5d80b4dff", []Chain{ETH, ETC, BSC, ARB, USDT, USDC}},
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", []Chain{BTC, BCH, BSV, USDT}},
		{"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", []Chain{BTC, BCH, BSV, LTC, USDT}},
		{"TBHTJqAy4DhHhmT3dNceJYNRz4SdLofLre", []Chain{TRX, USDT, USDC}},
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", []Chain{BTC}},
	}
	for _, tt := range tests {
		a, err := Parse(tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Chains(); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Parse(%q).Chains() = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

// ofacAddress is one line of the OFAC digital-currency address lists.
type ofacAddress struct {
	ticker, addr string
}

func ofacAddresses(tb testing.TB) []ofacAddress {
	tb.Helper()
	dir := sharedfiles.Eval(tb, "peers", "ofac_digital_currency_addresses")
	files, err := filepath.Glob(filepath.Join(dir, "sanctioned_addresses_*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no OFAC address files in %s: %v", dir, err)
	}
	var out []ofacAddress
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		ticker := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "sanctioned_addresses_"), ".txt")
		for _, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				out = append(out, ofacAddress{ticker, line})
			}
		}
	}
	return out
}

// TestOFACAddresses checks every address OFAC lists: it validates, the
// listed currency is among the chains its form allows, and Canonical gives
// the parsed canonical form. OFAC's own slips are listed here: a 64-digit
// hex string listed as XMR, which is no Monero address (it looks like a
// transaction hash or key), and a TRON address listed as XBT.
func TestOFACAddresses(t *testing.T) {
	notAddresses := map[string]bool{
		"XMR 5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320": true,
	}
	wrongCurrency := map[string]bool{
		"XBT TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq": true,
	}
	all := ofacAddresses(t)
	valid := map[string]int{}
	var invalid []string
	for _, o := range all {
		a, err := Parse(o.addr)
		if err != nil {
			invalid = append(invalid, fmt.Sprintf("%s %s", o.ticker, o.addr))
			if !notAddresses[o.ticker+" "+o.addr] {
				t.Errorf("%s %s: %v", o.ticker, o.addr, err)
			}
			if got := Canonical(o.ticker, o.addr); got != o.addr {
				t.Errorf("Canonical(%s, %q) = %q; an unparsable address must be kept as is", o.ticker, o.addr, got)
			}
			continue
		}
		valid[o.ticker]++
		if !hasChain(a.Chains(), ChainFor(o.ticker)) != wrongCurrency[o.ticker+" "+o.addr] {
			t.Errorf("%s %s parses as %v, which does not include the listed currency", o.ticker, o.addr, a.Chains())
		}
		if got := Canonical(o.ticker, o.addr); got != a.Canonical {
			t.Errorf("Canonical(%s, %q) = %q, Parse gives %q", o.ticker, o.addr, got, a.Canonical)
		}
	}
	var tickers []string
	n := 0
	for k, v := range valid {
		tickers = append(tickers, fmt.Sprintf("%s %d", k, v))
		n += v
	}
	sort.Strings(tickers)
	t.Logf("%d of %d OFAC addresses validate (%s); not valid: %q", n, len(all), strings.Join(tickers, ", "), invalid)
	if len(all) < 650 {
		t.Errorf("read %d OFAC addresses, want the 654 the files hold", len(all))
	}
	if len(invalid) != len(notAddresses) {
		t.Errorf("%d invalid, want %d", len(invalid), len(notAddresses))
	}
}

func hasChain(cs []Chain, c Chain) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// TestMutatedOFACAddressesFail changes each checksummed OFAC address in one
// place, to be sure every validator actually checks something.
func TestMutatedOFACAddressesFail(t *testing.T) {
	changed, flipped := 0, 0
	defer func() {
		t.Logf("%d base58/bech32/cashaddr/XMR addresses changed, %d EIP-55 cases flipped", changed, flipped)
		if changed < 450 || flipped < 50 {
			t.Errorf("too few addresses mutated: the test is not testing")
		}
	}()
	for _, o := range ofacAddresses(t) {
		a, err := Parse(o.addr)
		if err != nil {
			continue
		}
		s := o.addr
		mid := len(s) / 2
		switch {
		case a.Chain == ETH:
			if singleCase(s[2:]) {
				continue // no checksum to break
			}
			// Flipping the case of a letter must break EIP-55.
			i := strings.IndexAny(s[2:], "abcdefABCDEF") + 2
			swapped := s[:i] + swapCase(s[i:i+1]) + s[i+1:]
			flipped++
			if _, err := Parse(swapped); !errors.Is(err, ErrChecksum) {
				t.Errorf("%s with one letter's case flipped: got %v, want bad checksum", s, err)
			}
			continue
		case a.Chain == SOL:
			continue
		}
		alpha := bitcoinAlphabet
		switch {
		case a.Chain == XRP:
			alpha = rippleAlphabet
		case a.Chain == BCH && !strings.ContainsAny(s[:1], "13"), strings.HasPrefix(a.Canonical, "bc1"), strings.HasPrefix(a.Canonical, "ltc1"):
			alpha = charset
		}
		c := s[mid]
		repl := alpha[(strings.IndexByte(alpha, c)+1)%len(alpha)]
		if c >= 'A' && c <= 'Z' && alpha == charset {
			repl -= 'a' - 'A'
		}
		changed++
		mutated := s[:mid] + string(repl) + s[mid+1:]
		if _, err := Parse(mutated); !errors.Is(err, ErrChecksum) {
			t.Errorf("%s %s with character %d changed to %q: got %v, want bad checksum", o.ticker, s, mid+1, repl, err)
		}
		dropped := s[:mid] + s[mid+1:]
		if _, err := Parse(dropped); err == nil {
			t.Errorf("%s %s with character %d dropped still parses", o.ticker, s, mid+1)
		} else if v, ok := versionByPrefix(s); ok && v.length > 0 && !errors.Is(err, ErrLength) {
			t.Errorf("%s %s with character %d dropped: got %v, want a length error", o.ticker, s, mid+1, err)
		}
	}
}

func swapCase(s string) string {
	if strings.ToLower(s) == s {
		return strings.ToUpper(s)
	}
	return strings.ToLower(s)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
		"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
		"bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
		"t1MMXtBrSp1XG38Lx9cePcNUCJj5vdWfUWL", "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
		"44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A",
		"884Bz8UH63aYsjVdkfWfScRYWZGGNbjFL7pztqvWNSrtYT4reFSwyvkCj9KEGUtheHhhMUj87ciTBFyzoesrMJ4L1FvSoxL",
		"", "0x", "bc1", "bitcoincash:", "r", "4", "\xff\xfe", "11111111111111111111111111111111",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		canon := Canonical("", s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Kind == nil {
				t.Fatalf("Parse(%q) error %v is not a ParseError with a kind", s, err)
			}
			return
		}
		if a.Canonical == "" || a.Chain == "" || a.Original != s || len(a.Chains()) == 0 {
			t.Fatalf("Parse(%q) = %+v", s, a)
		}
		if canon != a.Canonical {
			t.Fatalf("Canonical(%q) = %q, Parse gives %q", s, canon, a.Canonical)
		}
		again, err := Parse(a.Canonical)
		if err != nil || again.Canonical != a.Canonical {
			t.Fatalf("canonical %q of %q does not parse to itself: %+v, %v", a.Canonical, s, again, err)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	all := ofacAddresses(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Parse(all[i%len(all)].addr)
	}
}

func ExampleCanonical() {
	fmt.Println(Canonical("ETH", "0x983a81ca6FB1e441266D2FbcB7D8E530AC2E05A2"))
	fmt.Println(Canonical("BCH", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"))
	fmt.Println(Canonical("XBT", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"))
	// Output:
	// 0x983a81ca6fb1e441266d2fbcb7d8e530ac2e05a2
	// qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a
	// 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa
}

func ExampleParse() {
	_, err := Parse("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")
	fmt.Println(err)
	// Output: wallet: base58check address "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb": bad checksum
}
