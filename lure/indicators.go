package lure

import (
	"regexp"
	"sort"
	"strings"
)

// Indicators are the network addresses and wallets named in a report's
// evidence, refanged, for screening against the sanctions and wallet
// lists. The evidence itself stays defanged.
type Indicators struct {
	Wallets []string `json:"wallets"`
	Domains []string `json:"domains"`
	IPs     []string `json:"ips"`
}

var (
	defangedHostRe = regexp.MustCompile(`[A-Za-z0-9-]+(?:\[\.\][A-Za-z0-9-]+)+`)
	ipv4Re         = regexp.MustCompile(`^(?:\d{1,3}\.){3}\d{1,3}$`)
	walletRes      = []*regexp.Regexp{
		regexp.MustCompile(`\b0x[0-9a-fA-F]{40}\b`),               // Ethereum and EVM chains
		regexp.MustCompile(`\bbc1[02-9ac-hj-np-z]{25,62}\b`),      // Bitcoin bech32
		regexp.MustCompile(`\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b`), // Bitcoin base58
		regexp.MustCompile(`\bT[1-9A-HJ-NP-Za-km-z]{33}\b`),       // TRON
		regexp.MustCompile(`\b0x[0-9a-fA-F]{64}\b`),               // Aptos/Sui accounts
		regexp.MustCompile(`\b[1-9A-HJ-NP-Za-km-z]{43,44}\b`),     // Solana
	}
)

// ExtractIndicators collects the wallets, domains and IP addresses that
// the findings' evidence names. Each list is sorted and without repeats.
func ExtractIndicators(r *Report) Indicators {
	w, d, ip := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, f := range r.Findings {
		for _, h := range defangedHostRe.FindAllString(f.Evidence, -1) {
			h = strings.ToLower(strings.ReplaceAll(h, "[.]", "."))
			if ipv4Re.MatchString(h) {
				ip[h] = true
			} else if i := strings.LastIndexByte(h, '.'); i > 0 && len(h)-i > 2 {
				d[h] = true
			}
		}
		for _, re := range walletRes {
			for _, a := range re.FindAllString(f.Evidence, -1) {
				if mixedDigits(a) {
					w[a] = true
				}
			}
		}
	}
	return Indicators{Wallets: sorted(w), Domains: sorted(d), IPs: sorted(ip)}
}

// mixedDigits keeps base58 look-alikes that are words (all letters) out.
func mixedDigits(s string) bool {
	return strings.ContainsAny(s, "0123456789") && strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) >= 0
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
