package lure

import (
	"regexp"
	"sort"
	"strings"
)

// walletExtensions are browser wallet extension IDs that BeaverTail,
// InvisibleFerret and their successors read from "Local Extension
// Settings" (ESET 2025, Socket 2025, decompiled stealer lists).
var walletExtensions = map[string]string{
	"nkbihfbeogaeaoehlefnkodbefgpgknn": "MetaMask",
	"ejbalbakoplchlghecdalmeeeajnimhm": "MetaMask (Edge)",
	"bfnaelmomeimhlpmgjnjophhpkkoljpa": "Phantom",
	"hnfanknocfeofbddgcijnmhnfnkdnaad": "Coinbase Wallet",
	"fhbohimaelbohpjbbldcngcnapndodjp": "Binance Wallet",
	"ibnejdfjmmkpcnlpebklmnkoeoihofec": "TronLink",
	"fnjhmkhhmkbjkkabndcnnogagogbneec": "Ronin",
	"aeachknmefphepccionboohckonoeemg": "Coin98",
	"hifafgmccdpekplomjjkcfgodnhcellj": "Crypto.com",
	"jblndlipeogpafnldhgmapagcccfchpi": "Kaia",
	"acmacodkjbdgmoleebolmdjonilkdbch": "Rabby",
	"dlcobpjiigpikoobohmabehhmhfoodbb": "Argent X",
	"aholpfdialjgjfhomihkjbmgjidlcdno": "Exodus Web3",
	"egjidjbpglichdcondbcbdnbeeppgdph": "Trust Wallet",
	"dmkamcknogkgcdfhhbddcghachkejeap": "Keplr",
	"bhhhlbepdkbapadjdnnojkbgioiodbic": "Solflare",
	"mcohilncbfahbmgdjkbpemcciiolgcge": "OKX",
	"nphplpgoakhhjchkkhmiggakijnkhfnd": "TON",
	"amkmjjmmflddogmhpjloimipbofnfjih": "Wombat",
	"aiifbnbfobpmeekipheeijimdpnlpgpp": "Terra Station",
	"jnlgamecbpmbajjfhmmmlhejkemejdma": "Braavos",
	"ffnbelfdoeiohenkjibnmadjiehjhajb": "Yoroi",
	"hmeobnfnfcmdkdcmlblgagmfpfboieaf": "XDEFI",
	"mfgccjchihfkkindfppnaooecgfneiii": "TokenPocket",
	"bhghoamapcdpbohphigoooaddinpkbai": "Authenticator",
}

// stealerClass groups literal paths by what a stealer takes. Two classes
// in one file, or many wallet IDs, are the stealer's shopping list.
type stealerClass struct {
	name string
	re   *regexp.Regexp
}

var stealerClasses = []stealerClass{
	{"browser profile", regexp.MustCompile(`(?i)(Local Extension Settings|Login Data|Web Data|Local State|key[34]\.db|logins\.json|cookies\.sqlite|BraveSoftware|Brave-Browser|User Data[\\/]+Default)`)},
	{"keychain", regexp.MustCompile(`(?i)(login\.keychain(-db)?|Library/Keychains|\.local/share/keyrings)`)},
	{"desktop wallet", regexp.MustCompile(`(?i)(solana[\\/]+id\.json|exodus[\\/]+exodus\.wallet|Exodus[\\/]|atomic[\\/]+Local Storage|Electrum[\\/]+wallets|\.electrum|Coinomi|Guarda[\\/]|Ledger Live|com\.liberty\.jaxx|wallet\.dat)`)},
	{"developer secret", regexp.MustCompile(`(?i)(\.ssh[\\/]+id_|\.ssh[\\/]*$|\.aws[\\/]+credentials|\.git-credentials|\.config[\\/]+gcloud|\.npmrc$|\.docker[\\/]+config\.json)`)},
	{"dropper artefact", regexp.MustCompile(`(^|[\\/])(\.npl|\.n2[\\/]+(pay|bow)|\.pyp[\\/]+python\.exe|p\.zi|p2\.zip)$`)},
}

var extIDRe = regexp.MustCompile(`\b[a-p]{32}\b`)

// storeURL marks strings where a wallet ID is a link to the extension's
// store page or the extension itself, as wallet-adapter code writes it.
func storeURL(s string) bool {
	return strings.Contains(s, "://") || strings.Contains(s, "webstore") || strings.Contains(s, "chromewebstore")
}

// stealerHits names the classes of stealer paths in string literals and
// the wallet extensions they name (outside store URLs), with the first
// line of each.
type stealerHits struct {
	classes map[string]int // class -> line
	wallets map[string]int // wallet name -> line
	sample  string
}

func findStealerPaths(strs []tok) stealerHits {
	h := stealerHits{classes: map[string]int{}, wallets: map[string]int{}}
	for _, s := range strs {
		if len(s.text) > 4096 {
			continue
		}
		if !storeURL(s.text) {
			for _, id := range extIDRe.FindAllString(s.text, -1) {
				if w, ok := walletExtensions[id]; ok {
					if _, seen := h.wallets[w]; !seen {
						h.wallets[w] = s.line
						if h.sample == "" {
							h.sample = s.text
						}
					}
				}
			}
		}
		for _, c := range stealerClasses {
			if _, seen := h.classes[c.name]; !seen && c.re.MatchString(s.text) {
				h.classes[c.name] = s.line
				if h.sample == "" || len(h.wallets) == 0 {
					h.sample = s.text
				}
			}
		}
	}
	if len(h.wallets) > 0 {
		h.classes["wallet extension"] = minLine(h.wallets)
	}
	return h
}

func minLine(m map[string]int) int {
	l := 0
	for _, v := range m {
		if l == 0 || v < l {
			l = v
		}
	}
	return l
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// stealerFinding turns the hits into a finding, or none: two classes, or
// three wallet IDs, are a stealer's list; one class alone is a note.
func stealerFinding(h stealerHits, exfil bool) (Finding, bool) {
	n := len(h.classes)
	if n == 0 {
		return Finding{}, false
	}
	sev := Low
	switch {
	case n >= 2 && exfil:
		sev = Critical
	case n >= 2, len(h.wallets) >= 3:
		sev = High
	case len(h.wallets) >= 1 && exfil:
		sev = Medium
	}
	if sev == Low && h.classes["wallet extension"] == 0 && n == 1 {
		// one path class, such as ~/.ssh in a deploy script
		sev = Info
	}
	ev := "reads " + strings.Join(sortedKeys(h.classes), ", ")
	if len(h.wallets) > 0 {
		ev += " (wallets: " + strings.Join(sortedKeys(h.wallets), ", ") + ")"
	}
	ev += ": " + h.sample
	return Finding{
		Rule: "stealer-paths", Severity: sev, Line: minLine(h.classes), Evidence: evidence(ev),
		Advice: "This code names the files a wallet and credential stealer reads (browser wallet extensions, saved logins, keychains). Do not run it.",
	}, true
}
