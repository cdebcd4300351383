package hire

import (
	"net/netip"
	"strings"
)

// Aggregate is what a person's events add up to, kept small enough to hold
// for every person at once and serialisable as JSON, so that a service can
// store it and fold in new events later. Sets are capped: past the cap only
// the values already held are counted (and Overflow says so).
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
	Countries map[string]uint32 `json:"countries,omitempty"`
	// Egress counts events by class of network: "astrill", "hosting",
	// "privacy_vpn", "corporate_vpn", "mobile", "direct".
	Egress map[string]uint32 `json:"egress,omitempty"`
	// VPNOrgs counts events per VPN or hosting network name, so that an
	// egress many colleagues share (a corporate VPN) can be told apart.
	VPNOrgs map[string]uint32 `json:"vpn_orgs,omitempty"`
	ASNs    map[uint32]uint32 `json:"asns,omitempty"`
	// Nets counts events by home network (IPv4 /32, IPv6 /64) of direct
	// non-mobile egress.
	Nets map[netip.Prefix]uint32 `json:"nets,omitempty"`
	// Active holds a bit per active UTC hour, 64 hours a word.
	Active map[int32]uint64 `json:"active,omitempty"`
	// DayCountries holds, per UTC day, a bit per country of CountryOrder.
	DayCountries map[int32]uint16 `json:"day_countries,omitempty"`
	CountryOrder []string         `json:"country_order,omitempty"`
	// Languages counts the first Accept-Language tag (primary subtag).
	Languages map[string]uint32 `json:"languages,omitempty"`
	Devices   map[string]uint32 `json:"devices,omitempty"`
	// RemoteApps counts events from remote-control applications.
	RemoteApps map[string]uint32 `json:"remote_apps,omitempty"`
	Overflow   bool              `json:"overflow,omitempty"`
}

const (
	capCountries = 24
	capNets      = 16
	capSmall     = 12
	capASNs      = 48
	capDays      = 400
	capActive    = 400
)

// incStr is inc for keys that may point into a reader's buffer: a new key
// is copied before it is kept.
func incStr(m *map[string]uint32, k string, limit int, overflow *bool) {
	if *m != nil {
		if _, ok := (*m)[k]; ok {
			(*m)[k]++
			return
		}
	}
	inc(m, strings.Clone(k), limit, overflow)
}

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
	hour := int32(unix / 3600)
	if len(g.Active) < capActive || g.Active[hour>>6] != 0 {
		if g.Active == nil {
			g.Active = make(map[int32]uint64, 8)
		}
		g.Active[hour>>6] |= 1 << uint(hour&63)
	} else {
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
	if e.ASN != 0 {
		inc(&g.ASNs, e.ASN, capASNs, &g.Overflow)
	}
	if e.IP != "" || e.ASNOrg != "" || e.Country != "" {
		inc(&g.Egress, class, 8, &g.Overflow)
		switch class {
		case egressDirect, egressMobile:
			if e.Country != "" {
				cc := countryOf(e.Country)
				inc(&g.Countries, cc, capCountries, &g.Overflow)
				g.dayCountry(int32(unix/86400), cc)
			}
			if class == egressDirect && e.IP != "" {
				if p, ok := NetKey(e.IP); ok {
					inc(&g.Nets, p, capNets, &g.Overflow)
				}
			}
		default:
			if e.ASNOrg != "" {
				incStr(&g.VPNOrgs, strings.ToLower(e.ASNOrg), capSmall, &g.Overflow)
			}
		}
	}
	if e.AcceptLanguage != "" {
		incStr(&g.Languages, primaryLanguage(e.AcceptLanguage), capSmall, &g.Overflow)
	}
	if e.Device != "" {
		incStr(&g.Devices, e.Device, capSmall, &g.Overflow)
	}
	if e.App != "" {
		if tool := remoteTool(e.App); tool != "" {
			inc(&g.RemoteApps, tool, capSmall, &g.Overflow)
		}
	}
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
		g.CountryOrder = append(g.CountryOrder, cc)
		idx = len(g.CountryOrder) - 1
	}
	if g.DayCountries == nil {
		g.DayCountries = make(map[int32]uint16, 8)
	}
	if _, ok := g.DayCountries[day]; !ok && len(g.DayCountries) >= capDays {
		g.Overflow = true
		return
	}
	g.DayCountries[day] |= 1 << uint(idx)
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

// merge folds another aggregate of the same person into g (events of one
// person read by two goroutines, or stored and new).
func (g *Aggregate) merge(o *Aggregate) {
	g.Events += o.Events
	for m := range g.HourMonth {
		for h := range g.HourMonth[m] {
			g.HourMonth[m][h] += o.HourMonth[m][h]
		}
	}
	mergeMap(&g.CommitOffsets, o.CommitOffsets)
	mergeMap(&g.ClientOffsets, o.ClientOffsets)
	mergeMap(&g.Countries, o.Countries)
	mergeMap(&g.Egress, o.Egress)
	mergeMap(&g.VPNOrgs, o.VPNOrgs)
	mergeMap(&g.ASNs, o.ASNs)
	mergeMap(&g.Nets, o.Nets)
	mergeMap(&g.Languages, o.Languages)
	mergeMap(&g.Devices, o.Devices)
	mergeMap(&g.RemoteApps, o.RemoteApps)
	for k, v := range o.Active {
		if g.Active == nil {
			g.Active = map[int32]uint64{}
		}
		g.Active[k] |= v
	}
	for day, bits := range o.DayCountries {
		for i, cc := range o.CountryOrder {
			if bits&(1<<uint(i)) != 0 {
				g.dayCountry(day, cc)
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
