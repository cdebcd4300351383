package synth

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// Public first octets for synthetic addresses; each network draws from
// its own few, and the rest of the address comes from a bijection of a
// network key, so two homes never share an address by accident.
var publicOctets = []byte{24, 45, 50, 63, 64, 66, 67, 68, 69, 71, 72, 73, 74, 75, 76, 96, 97, 98, 99, 104, 107, 108, 135, 136, 142, 173, 174, 184, 185, 187, 189, 190, 201, 203, 211, 213, 217}

// Key ranges above any person's index for addresses that are shared by
// design: mobile carrier NAT, VPN exits, corporate egress, hotel Wi-Fi.
const (
	keyHotel   = 16_000_000
	keyCGNAT   = 16_600_000
	keyExit    = 16_650_000
	keyCorpVPN = 16_700_000
	maxPeople  = keyHotel - 1_000_000
)

func mix24(x uint32) uint32 {
	const mask = 1<<24 - 1
	x &= mask
	x = (x * 0x5bd1e9) & mask
	x ^= x >> 13
	x = (x * 0x27d4eb) & mask
	x ^= x >> 11
	return x
}

func appendV4(b []byte, a asn, key int) []byte {
	o := publicOctets[mix32(uint32(a.num))%uint32(len(publicOctets))]
	v := mix24(uint32(key))
	b = strconv.AppendUint(b, uint64(o), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(v>>16), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(v>>8&0xff), 10)
	b = append(b, '.')
	return strconv.AppendUint(b, uint64(v&0xff), 10)
}

// appendV6 writes an address in the /64 of a home network; the host part
// changes from event to event, as privacy addressing does.
func appendV6(b []byte, r *rand.Rand, a asn, key int) []byte {
	h := mix32(uint32(a.num) * 2654435761)
	b = append(b, "2a0"...)
	b = strconv.AppendUint(b, uint64(h>>28), 16)
	b = append(b, ':')
	b = strconv.AppendUint(b, uint64(h&0xffff), 16)
	k := mix32(uint32(key) ^ 0x5f3759df)
	for _, part := range []uint64{uint64(k >> 16), uint64(k & 0xffff), r.Uint64() & 0xffff, r.Uint64() & 0xffff, r.Uint64() & 0xffff, r.Uint64() & 0xffff} {
		b = append(b, ':')
		b = strconv.AppendUint(b, part, 16)
	}
	return b
}

// appendString writes s as a JSON string.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			clean = false
			break
		}
	}
	if clean {
		b = append(b, s...)
		return append(b, '"')
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

func appendField(b []byte, key, val string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return appendString(b, val)
}

func appendOffset(b []byte, t time.Time, colon bool) []byte {
	_, off := t.Zone()
	if off < 0 {
		b = append(b, '-')
		off = -off
	} else {
		b = append(b, '+')
	}
	h, m := off/3600, off%3600/60
	b = append(b, byte('0'+h/10), byte('0'+h%10))
	if colon {
		b = append(b, ':')
	}
	return append(b, byte('0'+m/10), byte('0'+m%10))
}

// appendAt writes an RFC 3339 time in the zone it was recorded in; UTC
// appears as "Z" or "+00:00", with or without milliseconds.
func appendAt(b []byte, r *rand.Rand, t time.Time) []byte {
	b = append(b, `,"at":"`...)
	b = t.AppendFormat(b, "2006-01-02T15:04:05")
	if r.IntN(5) == 0 {
		b = append(b, '.')
		ms := t.Nanosecond() / 1e6
		b = append(b, byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
	}
	if _, off := t.Zone(); off == 0 && r.IntN(4) > 0 {
		b = append(b, 'Z')
	} else {
		b = appendOffset(b, t, true)
	}
	return append(b, '"')
}

var (
	loginApps = []string{"okta", "okta", "google", "entra", "github", "jira", "aws-console"}
	msgApps   = []string{"slack", "slack", "teams", "zoom-chat"}
	astrillCC = []string{"US", "US", "US", "JP", "SG", "HK", "GB"}
	hostCC    = []string{"US", "US", "DE", "NL", "SG"}
)

// network is where one event came from.
type network struct {
	kind int // netHome, netMobile, ...
	a    asn
	cc   string
	key  int
}

const (
	netHome = iota
	netV6
	netMobile
	netExit
	netForeign
)

func (g *gen) network(r *rand.Rand, p *profile, tr *trip) network {
	if tr != nil {
		if r.IntN(3) == 0 {
			return network{netMobile, pick(r, tr.c.mobiles), tr.c.code, keyCGNAT + r.IntN(256)}
		}
		return network{netHome, pick(r, tr.c.isps), tr.c.code, keyHotel + r.IntN(500_000)}
	}
	x := r.Float64()
	if p.vpnShare > 0 && x < p.vpnShare {
		key := keyExit + 1000 + r.IntN(500)
		if p.vpnKey >= 0 {
			key = keyCorpVPN + p.vpnKey*8 + r.IntN(4)
		}
		return network{netExit, p.vpnExit, p.vpnCC, key}
	}
	x = r.Float64()
	if x < p.astrill {
		return network{netExit, pick(r, astrillExits), pick(r, astrillCC), keyExit + r.IntN(300)}
	}
	x -= p.astrill
	if x < p.hosting {
		return network{netExit, pick(r, hostingASNs), pick(r, hostCC), keyExit + 2000 + r.IntN(5000)}
	}
	x -= p.hosting
	if x < p.foreign {
		return network{netForeign, p.foreignASN, p.foreignCC, p.idx}
	}
	if p.farmKey >= 0 && r.Float64() < p.farmShare {
		if p.v6 && r.IntN(2) == 0 {
			return network{netV6, p.homeASN, "US", p.farmKey}
		}
		return network{netHome, p.homeASN, "US", p.farmKey}
	}
	if r.IntN(8) == 0 {
		return network{netMobile, p.mobileASN, p.homeCC, keyCGNAT + r.IntN(256)}
	}
	if p.v6 && r.IntN(3) > 0 {
		return network{netV6, p.homeASN, p.homeCC, p.homeKey}
	}
	return network{netHome, p.homeASN, p.homeCC, p.homeKey}
}

// events appends the person's event lines to b, recording where each
// line starts.
func (g *gen) events(p *profile, b []byte, starts []int) ([]byte, []int) {
	r := g.rng(p.idx, 4)
	applicant := p.rec.Role == "applicant"
	vpnEvents := p.vpnApp != "" || p.astrill > 0
	for i := range p.events {
		// A laptop-farm persona's first sessions come from the farm, so the
		// shared network the plan gave it shows up even in short histories.
		farm := p.farmKey >= 0 && i < 2
		// When: a day, then an hour of the person's working pattern.
		day := r.IntN(g.cfg.Days)
		var tr *trip
		for i := range p.trips {
			if day >= p.trips[i].from && day < p.trips[i].to {
				tr = &p.trips[i]
			}
		}
		tz := p.workTZ
		if tr != nil {
			tz = tr.tz
		}
		date := g.start.AddDate(0, 0, day)
		if wd := date.Weekday(); (wd == time.Saturday || wd == time.Sunday) && r.Float64() > p.weekend {
			date = date.AddDate(0, 0, 2)
		}
		var hour int
		switch {
		case p.night:
			hour = p.start + r.IntN(9)
		case p.onCall && r.IntN(4) == 0:
			hour = r.IntN(24)
		case r.IntN(8) == 0:
			hour = 18 + r.IntN(5)
		default:
			hour = p.start + r.IntN(9)
		}
		t := time.Date(date.Year(), date.Month(), date.Day(), hour, r.IntN(60), r.IntN(60), r.IntN(1000)*1e6, tz)

		typ := "login"
		x := r.IntN(100)
		switch {
		case farm:
		case applicant:
			if x < 35 {
				typ = "message"
			}
		case p.dev && x < 25:
			typ = "commit"
		case x < 50:
			typ = "message"
		case vpnEvents && x < 60:
			typ = "vpn"
		case x < 64:
			typ = "ticket"
		}

		starts = append(starts, len(b))
		b = append(b, `{"kind":"event","person":`...)
		b = appendString(b, p.id)
		devTime, gitTime := t.In(p.devTZ), t.In(p.gitTZ)
		if tr != nil {
			devTime, gitTime = t, t // the laptop follows the traveller's zone
		}
		switch typ {
		case "commit":
			b = appendAt(b, r, gitTime)
		case "ticket":
			b = appendAt(b, r, t.In(p.claimTZ))
		case "message":
			if r.IntN(3) == 0 {
				b = appendAt(b, r, devTime)
			} else {
				b = appendAt(b, r, t.UTC())
			}
		default:
			if r.IntN(10) == 0 {
				b = appendAt(b, r, t.In(g.loc("America/Los_Angeles"))) // an IdP that logs in its own zone
			} else {
				b = appendAt(b, r, t.UTC())
			}
		}
		b = appendField(b, "type", typ)

		var n network
		if farm {
			n = network{netHome, p.homeASN, "US", p.farmKey}
		} else if typ == "vpn" && p.vpnApp == "" {
			n = network{netExit, pick(r, astrillExits), pick(r, astrillCC), keyExit + r.IntN(300)}
		} else {
			n = g.network(r, p, tr)
		}
		withIP := typ != "commit" || r.IntN(3) == 0
		if typ == "message" && r.IntN(2) == 0 {
			withIP = false
		}
		if withIP {
			b = append(b, `,"ip":"`...)
			if n.kind == netV6 {
				b = appendV6(b, r, n.a, n.key)
			} else {
				b = appendV4(b, n.a, n.key)
			}
			b = append(b, '"')
			if farm || r.IntN(20) > 0 {
				b = appendField(b, "country", n.cc)
			}
			if farm || r.IntN(20) > 0 {
				b = append(b, `,"asn":`...)
				b = strconv.AppendInt(b, int64(n.a.num), 10)
				b = appendField(b, "asn_org", n.a.org)
			}
		}
		switch typ {
		case "commit":
			b = append(b, `,"tz_offset":"`...)
			b = appendOffset(b, gitTime, r.IntN(10) >= 3) // git itself writes "+0900"
			b = append(b, '"')
			b = appendField(b, "app", pick(r, []string{"github", "github", "gitlab"}))
		case "login":
			if r.IntN(10) > 0 {
				b = appendField(b, "user_agent", p.ua)
			}
			if r.IntN(10) < 7 {
				b = appendField(b, "accept_language", p.lang)
			}
			if r.IntN(10) < 6 {
				b = append(b, `,"tz_offset":"`...)
				b = appendOffset(b, devTime, true)
				b = append(b, '"')
			}
			app := pick(r, loginApps)
			if applicant {
				app = "ats-portal"
			}
			b = appendField(b, "app", app)
		case "vpn":
			app := p.vpnApp
			if app == "" || (p.astrill > 0 && r.IntN(2) == 0) {
				app = "Astrill VPN"
			}
			b = appendField(b, "app", app)
		case "message":
			b = appendField(b, "app", pick(r, msgApps))
			if r.IntN(3) == 0 {
				b = append(b, `,"tz_offset":"`...)
				b = appendOffset(b, devTime, true)
				b = append(b, '"')
			}
		case "ticket":
			b = appendField(b, "app", pick(r, []string{"jira", "servicenow"}))
		}
		if len(p.devices) > 0 && typ != "message" && r.IntN(2) == 0 {
			b = appendField(b, "device", pick(r, p.devices))
		}
		switch r.IntN(60) {
		case 0:
			b = appendField(b, "session_id", strconv.FormatUint(r.Uint64(), 36))
		case 1:
			b = append(b, `,"trace":{"span":"`...)
			b = strconv.AppendUint(b, r.Uint64()>>20, 16)
			b = append(b, `","sampled":true}`...)
		case 2:
			b = appendField(b, "src", pick(r, []string{"okta-syslog", "gh-audit", "edr"}))
		}
		b = append(b, '}', '\n')
	}
	return b, starts
}
