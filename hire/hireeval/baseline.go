package hireeval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// baselinePerson is the part of a person record the baseline reads.
type baselinePerson struct {
	Kind    string   `json:"kind"`
	ID      string   `json:"id"`
	Phones  []string `json:"phones"`
	ShipTo  string   `json:"ship_to"`
	Claimed struct {
		Country string `json:"country"`
	} `json:"claimed"`
	Payouts []struct {
		Method  string `json:"method"`
		Account string `json:"account"`
		Wallet  string `json:"wallet"`
	} `json:"payouts"`
}

// Baseline applies the reference rule to a population: flag
// whoever shares a phone, payout account, wallet or ship-to address with
// anyone else, after simple normalisation (digits of phones with the
// claimed country's code, account text without punctuation or labels,
// lower-cased wallets, ship-to without "Attn"/"c/o" lines, punctuation,
// street-type words and ZIP+4). Clusters are the connected groups of
// people sharing such values. Lines that are not person records are
// reported as errors, as an assessor would.
func Baseline(people io.Reader, file string) (*Assessment, error) {
	a := &Assessment{People: map[string]*PersonResult{}}
	holders := map[string][]string{} // normalised value → people
	sc := bufio.NewScanner(people)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var p baselinePerson
		if err := json.Unmarshal(line, &p); err != nil {
			a.Errors = append(a.Errors, ErrorLine{File: file, Line: n, Error: err.Error()})
			continue
		}
		if p.Kind != "person" || p.ID == "" {
			a.Errors = append(a.Errors, ErrorLine{File: file, Line: n, Error: "not a person record with an id"})
			continue
		}
		if _, dup := a.People[p.ID]; dup {
			continue
		}
		a.People[p.ID] = &PersonResult{Person: p.ID}
		keys := map[string]bool{}
		for _, ph := range p.Phones {
			if k := NormPhone(ph, p.Claimed.Country); k != "" {
				keys["phone "+k] = true
			}
		}
		for _, po := range p.Payouts {
			if po.Wallet != "" {
				keys["wallet "+NormWallet(po.Wallet)] = true
			}
			if po.Method == "crypto" {
				if po.Wallet == "" && po.Account != "" {
					keys["wallet "+NormWallet(po.Account)] = true
				}
				continue
			}
			if k := NormAccount(po.Account); k != "" {
				keys["account "+k] = true
			}
		}
		if k := NormAddress(p.ShipTo); k != "" {
			keys["ship_to "+k] = true
		}
		for k := range keys {
			holders[k] = append(holders[k], p.ID)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}

	// Union the holders of every shared value; the evidence names the
	// value and the others holding it.
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		parent[x] = find(p)
		return parent[x]
	}
	vals := make([]string, 0, len(holders))
	for k := range holders {
		vals = append(vals, k)
	}
	sort.Strings(vals)
	for _, k := range vals {
		ids := holders[k]
		if len(ids) < 2 {
			continue
		}
		kind, value, _ := strings.Cut(k, " ")
		for _, id := range ids {
			res := a.People[id]
			res.Flagged = true
			res.Risk = 1
			others := make([]string, 0, len(ids)-1)
			for _, o := range ids {
				if o != id {
					others = append(others, o)
				}
			}
			ev, _ := json.Marshal(map[string]any{"value": value, "shared_with": others})
			res.Signals = append(res.Signals, Signal{Code: "shared_" + kind, Weight: 1, Evidence: ev, Source: "baseline"})
			parent[find(id)] = find(ids[0])
		}
	}
	groups := map[string][]string{}
	for id, res := range a.People {
		if res.Flagged {
			root := find(id)
			groups[root] = append(groups[root], id)
		}
	}
	roots := make([]string, 0, len(groups))
	for r := range groups {
		roots = append(roots, r)
	}
	sort.Strings(roots)
	for i, r := range roots {
		id := fmt.Sprintf("baseline-%d", i+1)
		raw, _ := json.Marshal(id)
		members := groups[r]
		sort.Strings(members)
		for _, m := range members {
			a.People[m].Cluster = raw
		}
		a.Clusters = append(a.Clusters, Cluster{Cluster: raw, Members: members, Risk: 1})
	}
	return a, nil
}

var dialCodes = map[string]string{"US": "1", "CA": "1", "GB": "44", "DE": "49", "NL": "31", "ES": "34", "PT": "351", "PL": "48", "UA": "380", "IN": "91", "PK": "92", "PH": "63", "BR": "55", "MX": "52", "AR": "54", "VN": "84", "NG": "234", "KR": "82", "JP": "81", "CN": "86", "HK": "852", "RU": "7", "LA": "856", "TH": "66", "ID": "62", "AE": "971"}

// NormPhone reduces a phone number to international digits: "+" or "00"
// mark an international number; otherwise a national number gets the
// claimed country's code, its trunk "0" dropped.
func NormPhone(s, country string) string {
	s = strings.TrimSpace(s)
	intl := strings.HasPrefix(s, "+")
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "00") {
		return d[2:]
	}
	if intl || d == "" {
		return d
	}
	cc := dialCodes[country]
	switch {
	case cc == "1" && len(d) == 11 && d[0] == '1':
		return d
	case strings.HasPrefix(d, "0"):
		return cc + d[1:]
	}
	return cc + d
}

var accountLabels = regexp.MustCompile(`(?i)\b(routing|acct|account|aba|iban|no|number)\b|#`)

// NormAccount drops labels, spaces and punctuation and lower-cases what is
// left: "Routing 021000021 / Acct 123" and "021000021-123" agree, and so
// do IBANs with and without spaces.
func NormAccount(s string) string {
	s = accountLabels.ReplaceAllString(strings.ToLower(s), " ")
	if strings.Contains(s, "@") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// NormWallet lower-cases 0x addresses (EIP-55 case is a checksum, not part
// of the address); other chains are case-sensitive.
func NormWallet(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(strings.ToLower(s), "0x") {
		return strings.ToLower(s)
	}
	return s
}

var (
	addrAttn   = regexp.MustCompile(`(?i)^\s*(attn|attention|c/o)\b[^,]*,`)
	addrZip4   = regexp.MustCompile(`\b(\d{5})-\d{4}\b`)
	addrTail   = regexp.MustCompile(`(?i),\s*(usa|us|united states)\s*$`)
	addrPunct  = regexp.MustCompile(`[^a-z0-9# ]+`)
	addrSpaces = regexp.MustCompile(`\s+`)
	addrWords  = map[string]string{"street": "st", "avenue": "ave", "road": "rd", "boulevard": "blvd", "drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "parkway": "pkwy", "north": "n", "south": "s", "east": "e", "west": "w", "apartment": "#", "apt": "#", "unit": "#", "suite": "#", "ste": "#", "flat": "#", "pmb": "#"}
)

// NormAddress is the simple address key the baseline compares: lower
// case, no "Attn:" or "c/o" line, no punctuation, short street types,
// unit markers as "#", five-digit ZIP.
func NormAddress(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for addrAttn.MatchString(s) {
		s = addrAttn.ReplaceAllString(s, "")
	}
	s = addrTail.ReplaceAllString(s, "")
	s = addrZip4.ReplaceAllString(s, "$1")
	s = strings.ToLower(s)
	for _, st := range stateNames {
		s = strings.ReplaceAll(s, ", "+st[0]+" ", ", "+st[1]+" ")
	}
	s = addrPunct.ReplaceAllString(s, " ")
	words := strings.Fields(addrSpaces.ReplaceAllString(s, " "))
	out := words[:0]
	for i := 0; i < len(words); i++ {
		w := words[i]
		if r, ok := addrWords[w]; ok {
			w = r
		}
		if w == "#" && i+1 < len(words) {
			w = "#" + strings.TrimPrefix(words[i+1], "#")
			i++
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// stateNames maps US state names to their postal codes, for addresses
// that spell the state out.
var stateNames = [][2]string{{"alabama", "al"}, {"alaska", "ak"}, {"arizona", "az"}, {"arkansas", "ar"}, {"california", "ca"}, {"colorado", "co"}, {"connecticut", "ct"}, {"delaware", "de"}, {"florida", "fl"}, {"georgia", "ga"}, {"hawaii", "hi"}, {"idaho", "id"}, {"illinois", "il"}, {"indiana", "in"}, {"iowa", "ia"}, {"kansas", "ks"}, {"kentucky", "ky"}, {"louisiana", "la"}, {"maine", "me"}, {"maryland", "md"}, {"massachusetts", "ma"}, {"michigan", "mi"}, {"minnesota", "mn"}, {"mississippi", "ms"}, {"missouri", "mo"}, {"montana", "mt"}, {"nebraska", "ne"}, {"nevada", "nv"}, {"new hampshire", "nh"}, {"new jersey", "nj"}, {"new mexico", "nm"}, {"new york", "ny"}, {"north carolina", "nc"}, {"north dakota", "nd"}, {"ohio", "oh"}, {"oklahoma", "ok"}, {"oregon", "or"}, {"pennsylvania", "pa"}, {"rhode island", "ri"}, {"south carolina", "sc"}, {"south dakota", "sd"}, {"tennessee", "tn"}, {"texas", "tx"}, {"utah", "ut"}, {"vermont", "vt"}, {"virginia", "va"}, {"washington", "wa"}, {"west virginia", "wv"}, {"wisconsin", "wi"}, {"wyoming", "wy"}}
