package hire

import (
	"net/netip"
	"sort"
	"strings"
)

// Aggregate is what a person's events add up to, kept small enough to hold
// for every person at once and serialisable as JSON, so that a service can
// store it and fold in new events later. Sets are capped: past the cap only
// the values already held are counted (and Overflow says so). The fields
// updated on every event are short slices searched in order, not maps: a
// person has a few countries, networks and devices.
type Aggregate struct {
	Events uint32 `json:"events"`
	// HourMonth counts events by UTC hour within each month of the year,
	// so that the claimed zone's daylight-saving offset can be applied to
	// each month.
	HourMonth [12][24]uint32 `json:"hour_month"`
	// CommitOffsets counts commits by git author UTC offset (minutes).
	CommitOffsets map[int16]uint32 `json:"commit_offsets,omitempty"`
	// ClientOffsets counts the UTC offsets browsers and agents reported.
	ClientOffsets map[int16]uint32 `json:"client_offsets,omitempty"`
	// Countries counts events by country of a direct (not VPN or hosting)
	// egress.
	Countries Counts `json:"countries,omitempty"`
	// Egress counts events by class of network: "astrill", "hosting",
	// "privacy_vpn", "corporate_vpn", "mobile", "direct".
	Egress Counts `json:"egress,omitempty"`
	// VPNOrgs counts events per VPN or hosting network name, so that an
	// egress many colleagues share (a corporate VPN) can be told apart.
	VPNOrgs Counts `json:"vpn_orgs,omitempty"`
	// Nets counts events by home network (IPv4 /32, IPv6 /64) of direct
	// non-mobile egress.
	Nets []NetCount `json:"nets,omitempty"`
	// Active holds a bit per active UTC hour.
	Active Bits `json:"active"`
	// DayCountries holds, per UTC day, a bit per country of CountryOrder.
	DayCountries DayBits  `json:"day_countries"`
	CountryOrder []string `json:"country_order,omitempty"`
	// Languages counts the first Accept-Language tag.
	Languages Counts `json:"languages,omitempty"`
	Devices   Counts `json:"devices,omitempty"`
	// RemoteApps counts events from remote-control applications.
	RemoteApps Counts `json:"remote_apps,omitempty"`
	Overflow   bool   `json:"overflow,omitempty"`
}

// Count is one value and how often it was seen.
type Count struct {
	K string `json:"k"`
	N uint32 `json:"n"`
}

// Counts is a small multiset.
type Counts []Count

// Get returns how often k was seen.
func (c Counts) Get(k string) uint32 {
	for _, x := range c {
		if x.K == k {
			return x.N
		}
	}
	return 0
}

// Map returns the counts as a map, for evidence.
func (c Counts) Map() map[string]uint32 {
	m := make(map[string]uint32, len(c))
	for _, x := range c {
		m[x.K] += x.N
	}
	return m
}

// Keys returns the values seen, sorted.
func (c Counts) Keys() []string {
	out := make([]string, 0, len(c))
	for _, x := range c {
		out = append(out, x.K)
	}
	sort.Strings(out)
	return out
}

// add counts k n times; a new k is copied (it may point into a reader's
// buffer) unless the set is full.
func (c *Counts) add(k string, n uint32, limit int, overflow *bool) {
	for i := range *c {
		if (*c)[i].K == k {
			(*c)[i].N += n
			return
		}
	}
	if len(*c) >= limit {
		*overflow = true
		return
	}
	*c = append(*c, Count{strings.Clone(k), n})
}

// NetCount is a network and how many events came from it.
type NetCount struct {
	Prefix netip.Prefix `json:"prefix"`
	N      uint32       `json:"n"`
}

// Bits is a bitset over consecutive UTC hours, from word Base (64 hours a
// word).
type Bits struct {
	Base  int32    `json:"base"`
	Words []uint64 `json:"words,omitempty"`
}

// set marks hour h; false when the set would grow past limit words.
func (b *Bits) set(h int64, limit int) bool {
	return b.or(int32(h>>6), 1<<uint(h&63), limit)
}

// or merges a word of bits at word index w.
func (b *Bits) or(w int32, bits uint64, limit int) bool {
	return orAt(&b.Base, &b.Words, w, bits, limit, 4)
}

// DayBits holds a 16-bit mask per UTC day, from day Base.
type DayBits struct {
	Base int32    `json:"base"`
	Days []uint16 `json:"days,omitempty"`
}

func (d *DayBits) or(day int32, bits uint16, limit int) bool {
	return orAt(&d.Base, &d.Days, day, bits, limit, 8)
}

// orAt ors bits into element i of a window of elements starting at *base,
// growing the window at either end (at the front with slack to spare, as
// events come in any order) up to limit elements; it reports false, and
// changes nothing, when i lies beyond the limit.
func orAt[T uint16 | uint64](base *int32, s *[]T, i int32, bits T, limit, slack int) bool {
	if len(*s) == 0 {
		*base = i
	}
	if i < *base {
		grow := int(*base - i)
		if len(*s)+grow > limit {
			return false
		}
		grow += min(len(*s)/2+slack, limit-len(*s)-grow)
		*s = append(make([]T, grow, grow+len(*s)), *s...)
		*base -= int32(grow)
	}
	k := int(i - *base)
	if k >= len(*s) {
		if k >= limit {
			return false
		}
		*s = append(*s, make([]T, k+1-len(*s))...)
	}
	(*s)[k] |= bits
	return true
}

const (
	capCountries = 24
	capNets      = 16
	capSmall     = 12
	capDays      = 800 // days of country bits (a little over two years)
	capActive    = 300 // 64-hour words of activity bits (about two years)
)

func inc[K comparable](m *map[K]uint32, k K, limit int, overflow *bool) {
	if *m == nil {
		*m = make(map[K]uint32, 4)
	}
	if _, ok := (*m)[k]; !ok && len(*m) >= limit {
		*overflow = true
		return
	}
	(*m)[k]++
}

// Network classes of an event's egress.
const (
	egressDirect       = "direct"
	egressMobile       = "mobile"
	egressAstrill      = "astrill"
	egressHosting      = "hosting"
	egressPrivacyVPN   = "privacy_vpn"
	egressCorporateVPN = "corporate_vpn"
)

var (
	hostingWords = []string{"amazon", "aws", "google cloud", "googlecloud", "azure", "digitalocean", "digital ocean",
		"linode", "akamai", "vultr", "choopa", "ovh", "hetzner", "leaseweb", "m247", "datacamp", "cdn77",
		"contabo", "scaleway", "hostinger", "alibaba", "aliyun", "tencent", "oracle", "packethub", "hosting",
		"datacenter", "data center", "dedicated", "server", "colocation", "colo ", "cloud", "vps", "host "}
	privacyVPNWords = []string{"nordvpn", "nord vpn", "expressvpn", "express vpn", "mullvad", "proton", "surfshark",
		"private internet access", "cyberghost", "ipvanish", "windscribe", "tunnelbear", "hide.me", "purevpn",
		"hotspot shield", "vyprvpn", "torguard", " vpn", "vpn "}
	corporateVPNWords = []string{"zscaler", "globalprotect", "palo alto", "prisma", "netskope", "cisco anyconnect",
		"anyconnect", "cloudflare", "fortinet", "forticlient", "corporate", "corp vpn", "company vpn", "okta"}
	mobileWords = []string{"mobile", "wireless", "cellular", "lte", "5g", "t-mobile", "verizon wireless", "mobility"}
)

// egressClass names the kind of network an autonomous system's name
// describes. Astrill stands alone: it is the VPN the sources tie to North
// Korean IT workers above all others [MAND-XY, U42, SEAL-TTP].
func egressClass(asnOrg, eventType string) string {
	o := " " + strings.ToLower(asnOrg) + " "
	switch {
	case strings.Contains(o, "astrill"):
		return egressAstrill
	case containsAny(o, corporateVPNWords):
		return egressCorporateVPN
	case containsAny(o, privacyVPNWords):
		if eventType == "vpn" {
			return egressCorporateVPN
		}
		return egressPrivacyVPN
	case containsAny(o, hostingWords):
		if eventType == "vpn" {
			return egressCorporateVPN
		}
		return egressHosting
	case containsAny(o, mobileWords):
		return egressMobile
	}
	if eventType == "vpn" {
		return egressCorporateVPN
	}
	return egressDirect
}

func containsAny(s string, ws []string) bool {
	for _, w := range ws {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// add folds one event into the aggregate. class is the egress class of the
// event's network, computed once per network name by the caller.
func (g *Aggregate) add(e *Event, class string) {
	g.Events++
	u := e.At.UTC()
	g.HourMonth[u.Month()-1][u.Hour()]++
	unix := u.Unix()
	if !g.Active.set(unix/3600, capActive) {
		g.Overflow = true
	}
	if e.Type == "commit" {
		_, off := e.At.Zone()
		if e.TZOffset != nil {
			off = *e.TZOffset * 60
		}
		inc(&g.CommitOffsets, int16(off/60), capSmall, &g.Overflow)
	} else if e.TZOffset != nil {
		inc(&g.ClientOffsets, int16(*e.TZOffset), capSmall, &g.Overflow)
	}
	if e.IP != "" || e.ASNOrg != "" || e.Country != "" {
		g.Egress.add(class, 1, 8, &g.Overflow)
		switch class {
		case egressDirect, egressMobile:
			if e.Country != "" {
				cc := countryOf(e.Country)
				g.Countries.add(cc, 1, capCountries, &g.Overflow)
				g.dayCountry(int32(unix/86400), cc)
			}
			if class == egressDirect && e.IP != "" {
				if p, ok := NetKey(e.IP); ok {
					g.addNet(p, 1)
				}
			}
		default:
			if e.ASNOrg != "" {
				g.VPNOrgs.add(lowerASCII(e.ASNOrg), 1, capSmall, &g.Overflow)
			}
		}
	}
	if e.AcceptLanguage != "" {
		g.Languages.add(primaryLanguage(e.AcceptLanguage), 1, capSmall, &g.Overflow)
	}
	if e.Device != "" {
		g.Devices.add(e.Device, 1, capSmall, &g.Overflow)
	}
	if e.App != "" {
		if tool := remoteTool(e.App); tool != "" {
			g.RemoteApps.add(tool, 1, capSmall, &g.Overflow)
		}
	}
}

func (g *Aggregate) addNet(p netip.Prefix, n uint32) {
	for i := range g.Nets {
		if g.Nets[i].Prefix == p {
			g.Nets[i].N += n
			return
		}
	}
	if len(g.Nets) >= capNets {
		g.Overflow = true
		return
	}
	g.Nets = append(g.Nets, NetCount{p, n})
}

// lowerASCII lower-cases without allocating when nothing changes.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

func (g *Aggregate) dayCountry(day int32, cc string) {
	idx := -1
	for i, c := range g.CountryOrder {
		if c == cc {
			idx = i
			break
		}
	}
	if idx < 0 {
		if len(g.CountryOrder) >= 16 {
			g.Overflow = true
			return
		}
		g.CountryOrder = append(g.CountryOrder, strings.Clone(cc))
		idx = len(g.CountryOrder) - 1
	}
	if !g.DayCountries.or(day, 1<<uint(idx), capDays) {
		g.Overflow = true
	}
}

// stay reads the days of direct logins from one country: on how many days,
// over how many days from the first to the last, and on how many of them
// direct logins also came from another country.
func (g *Aggregate) stay(cc string) (days, span, mixed int) {
	idx := -1
	for i, c := range g.CountryOrder {
		if c == cc {
			idx = i
		}
	}
	if idx < 0 {
		return 0, 0, 0
	}
	bit := uint16(1) << uint(idx)
	first, last := -1, -1
	for i, bits := range g.DayCountries.Days {
		if bits&bit == 0 {
			continue
		}
		days++
		if first < 0 {
			first = i
		}
		last = i
		if bits&^bit != 0 {
			mixed++
		}
	}
	if days == 0 {
		return 0, 0, 0
	}
	return days, last - first + 1, mixed
}

// countryOf turns an event's country into an interned alpha-2 code without
// allocating for the usual two-letter case.
func countryOf(s string) string {
	if len(s) == 2 {
		a, b := s[0]&^0x20, s[1]&^0x20
		if a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z' {
			return alpha2[int(a-'A')*26+int(b-'A')]
		}
	}
	return CountryCode(s)
}

var alpha2 = func() []string {
	out := make([]string, 26*26)
	for i := range out {
		out[i] = string([]byte{byte('A' + i/26), byte('A' + i%26)})
	}
	return out
}()

// primaryLanguage is the first tag's primary subtag with its region:
// "ko-KR,ko;q=0.9,en" gives "ko-KR"; "en" gives "en".
func primaryLanguage(al string) string {
	if i := strings.IndexAny(al, ",;"); i >= 0 {
		al = al[:i]
	}
	al = strings.TrimSpace(al)
	if len(al) > 12 {
		al = al[:12]
	}
	return strings.ReplaceAll(al, "_", "-")
}

// merge folds another aggregate of the same person into g (stored and new
// events).
func (g *Aggregate) merge(o *Aggregate) {
	g.Events += o.Events
	for m := range g.HourMonth {
		for h := range g.HourMonth[m] {
			g.HourMonth[m][h] += o.HourMonth[m][h]
		}
	}
	mergeMap(&g.CommitOffsets, o.CommitOffsets)
	mergeMap(&g.ClientOffsets, o.ClientOffsets)
	for _, set := range []struct{ dst, src *Counts }{
		{&g.Countries, &o.Countries}, {&g.Egress, &o.Egress}, {&g.VPNOrgs, &o.VPNOrgs},
		{&g.Languages, &o.Languages}, {&g.Devices, &o.Devices}, {&g.RemoteApps, &o.RemoteApps},
	} {
		for _, c := range *set.src {
			set.dst.add(c.K, c.N, capCountries, &g.Overflow)
		}
	}
	for _, n := range o.Nets {
		g.addNet(n.Prefix, n.N)
	}
	for i, w := range o.Active.Words {
		if w != 0 && !g.Active.or(o.Active.Base+int32(i), w, capActive) {
			g.Overflow = true
		}
	}
	for i, bits := range o.DayCountries.Days {
		for j, cc := range o.CountryOrder {
			if bits&(1<<uint(j)) != 0 {
				g.dayCountry(o.DayCountries.Base+int32(i), cc)
			}
		}
	}
	g.Overflow = g.Overflow || o.Overflow
}

func mergeMap[K comparable](dst *map[K]uint32, src map[K]uint32) {
	if len(src) == 0 {
		return
	}
	if *dst == nil {
		*dst = make(map[K]uint32, len(src))
	}
	for k, v := range src {
		(*dst)[k] += v
	}
}
