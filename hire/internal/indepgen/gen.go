// Package indepgen is a third, independent generator of remote-hire
// populations, used as a test harness for package hire. It was written from
// the issue text (issue 9) and ../shared/docs/hire-red-flags.md alone, not
// from the detector's rules, with its own name pools, vendors, networks and
// distributions, so that a detector tuned on hire/synth and hire/gen.go is
// measured on data it was not shaped by.
//
// It writes the input formats (person and event JSONL records, in
// several files, unsorted, with bad lines) and a truth.jsonl in the format
// hire/hireeval reads, so `clearance hire eval` scores an assessment of it.
package indepgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Config says what to generate.
type Config struct {
	People          int     `json:"people"`
	Seed            uint64  `json:"seed"`
	EventsPerPerson int     `json:"events_per_person"` // mean over working people
	RingShare       float64 `json:"ring_share"`
	WeakShare       float64 `json:"weak_share"` // of members beyond the first two
	Days            int     `json:"days"`
	BadLines        int     `json:"bad_lines"`
	// Behaviour scales how often ring personas show their team's habits
	// (Asian hours, Astrill, remote tools, refusals...): below 1 the
	// rings are quieter and must be found by their links.
	Behaviour float64 `json:"behaviour"`
}

// DefaultConfig is the hidden-population size: 5,000 people and
// about 300k events.
func DefaultConfig() Config {
	return Config{People: 5000, Seed: 1, EventsPerPerson: 68, RingShare: 0.035, WeakShare: 0.35, Days: 49, BadLines: 12, Behaviour: 1}
}

// Stats says what was written.
type Stats struct {
	People, Events, Rings, RingMembers, Weak, Bad int
}

var start = time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC) // a Monday; US DST ends 1 Nov, EU 25 Oct

type trip struct {
	from, to int // day indexes
	country  string
	tz       string
}

type homeNet struct {
	v6     bool
	prefix string // IPv6 /64 as four groups, or an IPv4 address
	alt    string // a second IPv4 after a DHCP renewal
	isp    asn
}

func (h homeNet) ip(r *rand.Rand) string {
	if h.v6 {
		host := fmt.Sprintf("%x:%x:%x:%x", r.IntN(65536), r.IntN(65536), r.IntN(65536), r.IntN(65536))
		s := h.prefix + ":" + host
		if r.IntN(6) == 0 {
			s = strings.ToUpper(s)
		}
		return s
	}
	if h.alt != "" && r.IntN(3) == 0 {
		return h.alt
	}
	return h.prefix
}

func newHomeNet(r *rand.Rand, isp asn) homeNet {
	if r.IntN(3) == 0 {
		return homeNet{v6: true, isp: isp, prefix: fmt.Sprintf("2601:%x:%x:%x", 0x100+r.IntN(0xe00), r.IntN(65536), r.IntN(65536))}
	}
	first := []int{73, 98, 24, 67, 71, 76, 174, 108, 99, 47}[r.IntN(10)]
	h := homeNet{isp: isp, prefix: fmt.Sprintf("%d.%d.%d.%d", first, r.IntN(256), r.IntN(256), 1+r.IntN(254))}
	if r.IntN(5) == 0 {
		h.alt = fmt.Sprintf("%d.%d.%d.%d", first, r.IntN(256), r.IntN(256), 1+r.IntN(254))
	}
	return h
}

// sim is one person as the generator knows them (truth and behaviour).
type sim struct {
	id, group string
	ring      int
	weak      bool
	korean    bool
	rec       personJ
	claimTZ   string
	claimCC   string
	workTZ    string // where the hours are actually kept
	startH    float64
	lenH      float64
	night     bool
	onCall    bool
	shifts    bool // a persona worked in shifts by several people
	weekend   float64
	dev       bool
	devTZ     string // the zone the laptop's clock is set to
	lang      string
	ua        string
	events    int
	trips     []trip
	home      homeNet
	netW      map[string]float64 // network kind -> weight
	corpIP    []string
	farm      *homeNet
	device    string
	remoteApp string
	visitKR   bool
}

type personJ struct {
	Kind        string      `json:"kind"`
	ID          string      `json:"id,omitempty"`
	Role        string      `json:"role,omitempty"`
	Org         string      `json:"org,omitempty"`
	Title       string      `json:"title,omitempty"`
	LegalName   string      `json:"legal_name,omitempty"`
	Names       []string    `json:"names,omitempty"`
	DOB         string      `json:"dob,omitempty"`
	Emails      []string    `json:"emails,omitempty"`
	Phones      []string    `json:"phones,omitempty"`
	Claimed     *claimedJ   `json:"claimed,omitempty"`
	HomeAddress any         `json:"home_address,omitempty"`
	ShipTo      any         `json:"ship_to,omitempty"`
	Payouts     []payoutJ   `json:"payouts,omitempty"`
	ResumeText  string      `json:"resume_text,omitempty"`
	PhotoPHash  string      `json:"photo_phash,omitempty"`
	GitHub      string      `json:"github,omitempty"`
	ReferredBy  string      `json:"referred_by,omitempty"`
	Interview   *interviewJ `json:"interview,omitempty"`
	Devices     []deviceJ   `json:"devices,omitempty"`
	// Fields the issue does not name: the assessor must ignore them.
	HRISID    string         `json:"hris_id,omitempty"`
	StartDate string         `json:"start_date,omitempty"`
	Custom    map[string]any `json:"custom_fields,omitempty"`
}

type claimedJ struct {
	Country  string `json:"country,omitempty"`
	City     string `json:"city,omitempty"`
	Timezone string `json:"timezone,omitempty"`
}

type payoutJ struct {
	Method     string `json:"method,omitempty"`
	HolderName string `json:"holder_name,omitempty"`
	Account    string `json:"account,omitempty"`
	Bank       string `json:"bank,omitempty"`
	Country    string `json:"country,omitempty"`
	Wallet     string `json:"wallet,omitempty"`
	ChangedAt  string `json:"changed_at,omitempty"`
}

type interviewJ struct {
	CameraRefused   bool   `json:"camera_refused,omitempty"`
	InPersonRefused bool   `json:"in_person_refused,omitempty"`
	Notes           string `json:"notes,omitempty"`
}

type deviceJ struct {
	ID              string   `json:"id,omitempty"`
	Software        []string `json:"software,omitempty"`
	USB             []string `json:"usb,omitempty"`
	Locale          string   `json:"locale,omitempty"`
	Timezone        string   `json:"timezone,omitempty"`
	KeyboardLayouts []string `json:"keyboard_layouts,omitempty"`
}

type eventJ struct {
	Kind           string `json:"kind"`
	Person         string `json:"person"`
	At             string `json:"at"`
	Type           string `json:"type,omitempty"`
	IP             string `json:"ip,omitempty"`
	Country        string `json:"country,omitempty"`
	ASN            int    `json:"asn,omitempty"`
	ASNOrg         string `json:"asn_org,omitempty"`
	UserAgent      string `json:"user_agent,omitempty"`
	AcceptLanguage string `json:"accept_language,omitempty"`
	TZOffset       string `json:"tz_offset,omitempty"`
	Device         string `json:"device,omitempty"`
	App            string `json:"app,omitempty"`
	Session        string `json:"session_id,omitempty"` // not in the issue: ignored
}

type truthJ struct {
	Person         string  `json:"person"`
	Ring           *string `json:"ring"`
	Weak           bool    `json:"weak"`
	Group          string  `json:"group"`
	KoreanHeritage bool    `json:"korean_heritage"`
}

type gen struct {
	cfg    Config
	r      *rand.Rand
	people []*sim
	n      int
	// shared pools
	cgnat     []string
	privacy   []string
	astrill   []string
	orgs      []string
	orgOffice map[string]addr
	orgPhone  map[string]phone
	orgVPN    map[string][]string
	orgVPNASN map[string]asn
	kindRR    int
	mailboxes map[string]bool
}

// Generate writes a population into dir: people-*.jsonl and events-*.jsonl
// (the input) and truth.jsonl.
func Generate(cfg Config, dir string) (Stats, error) {
	if cfg.People < 200 {
		return Stats{}, fmt.Errorf("indepgen: people %d: want at least 200", cfg.People)
	}
	if cfg.Days <= 0 {
		cfg.Days = 49
	}
	if cfg.EventsPerPerson <= 0 {
		cfg.EventsPerPerson = 68
	}
	if cfg.Behaviour <= 0 {
		cfg.Behaviour = 1
	}
	g := &gen{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))}
	g.setup()
	g.populate()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, err
	}
	return g.write(dir)
}

func (g *gen) setup() {
	r := g.r
	for i := 0; i < 40; i++ {
		g.cgnat = append(g.cgnat, fmt.Sprintf("172.58.%d.%d", 100+r.IntN(40), 1+r.IntN(254)))
	}
	for i := 0; i < 30; i++ {
		g.privacy = append(g.privacy, fmt.Sprintf("%d.%d.%d.%d", []int{185, 146, 193, 89}[r.IntN(4)], r.IntN(256), r.IntN(256), 1+r.IntN(254)))
	}
	for i := 0; i < 14; i++ {
		g.astrill = append(g.astrill, fmt.Sprintf("%d.%d.%d.%d", []int{38, 45, 104}[r.IntN(3)], r.IntN(256), r.IntN(256), 1+r.IntN(254)))
	}
	g.orgs = append(append([]string{}, orgNames...), marketplaces...)
	g.orgOffice = map[string]addr{}
	g.orgPhone = map[string]phone{}
	g.orgVPN = map[string][]string{}
	g.orgVPNASN = map[string]asn{}
	for _, o := range g.orgs {
		c := usCities[r.IntN(len(usCities))]
		a := newAddr(r, c, false)
		a.unit = fmt.Sprint(100 * (2 + r.IntN(20)))
		g.orgOffice[o] = a
		g.orgPhone[o] = newPhone(r, c, false)
		g.orgVPN[o] = []string{fmt.Sprintf("165.225.%d.%d", r.IntN(256), 1+r.IntN(254)), fmt.Sprintf("165.225.%d.%d", r.IntN(256), 1+r.IntN(254))}
		g.orgVPNASN[o] = corpVPNs[r.IntN(len(corpVPNs))]
	}
}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// newSim makes an ordinary person of a role living in a city.
func (g *gen) newSim(group string, c city) *sim {
	r := g.r
	g.n++
	s := &sim{id: fmt.Sprintf("W%05d", 10000+g.n*7%90000+g.n/90000), group: group, ring: -1}
	s.id = fmt.Sprintf("W%05d", g.n)
	if r.IntN(10) < 3 {
		s.id = fmt.Sprintf("ats-%06d", 400000+g.n)
	}
	female := r.IntN(2) == 0
	first := g.pick(givenM)
	if female {
		first = g.pick(givenF)
	}
	last := g.pick(surnames)
	s.rec = personJ{Kind: "person", ID: s.id, LegalName: first + " " + last}
	roles := []string{"employee", "employee", "employee", "contractor", "contractor", "freelancer", "applicant"}
	s.rec.Role = roles[r.IntN(len(roles))]
	s.rec.Org = g.pick(orgNames)
	if s.rec.Role == "freelancer" {
		s.rec.Org = g.pick(marketplaces)
	}
	s.dev = r.IntN(3) != 0
	if s.dev {
		s.rec.Title = g.pick(devTitles)
	} else {
		s.rec.Title = g.pick(otherTitles)
	}
	s.claimCC = c.country
	s.claimTZ = c.tz
	s.workTZ = c.tz
	s.devTZ = c.tz
	s.startH = 7.5 + r.Float64()*3
	s.lenH = 7 + r.Float64()*2.5
	s.weekend = 0.05
	s.lang = langFor(c.country)
	s.ua = []string{uaChrome, uaMac, uaMac, uaLinux}[r.IntN(4)]
	s.rec.DOB = fmt.Sprintf("%d-%02d-%02d", 1965+r.IntN(38), 1+r.IntN(12), 1+r.IntN(28))
	s.rec.Emails = []string{g.personalEmail(first, last)}
	if s.rec.Role != "applicant" && r.IntN(2) == 0 {
		s.rec.Emails = append(s.rec.Emails, g.workEmail(first, last, s.rec.Org))
	}
	s.rec.Phones = []string{newPhone(r, c, true).format(r)}
	home := newAddr(r, c, r.IntN(3) == 0)
	s.rec.HomeAddress = home.format(r, true)
	isp := usISPs[r.IntN(len(usISPs))]
	if c.country != "US" {
		isp = countryISP[c.country]
	}
	s.home = newHomeNet(r, isp)
	s.netW = map[string]float64{"home": 1, "mobile": 0.12}
	s.rec.Claimed = &claimedJ{Country: c.country, City: c.name, Timezone: c.tz}
	s.rec.Payouts = []payoutJ{g.ownPayout(s, c.country)}
	s.rec.ResumeText = g.resume(s, "")
	s.rec.PhotoPHash = hexHash(r, r.Uint64())
	if s.dev && r.IntN(2) == 0 {
		s.rec.GitHub = githubHandle(r, first, last)
	}
	s.rec.Interview = &interviewJ{}
	if g.chance(0.02) {
		s.rec.Interview.CameraRefused = true
		s.rec.Interview.Notes = "Joined by phone; said webcam was broken that day."
	}
	if g.chance(0.06) {
		s.rec.Interview.InPersonRefused = true
	}
	if s.rec.Role != "applicant" {
		s.device = deviceID(r)
		d := deviceJ{ID: s.device, Software: g.someOf(benignSoftware, 4+r.IntN(5)), USB: g.someOf(benignUSB, r.IntN(3)), Locale: localeFor(c.country, r), Timezone: c.tz, KeyboardLayouts: []string{keyboardFor(c.country, r)}}
		if r.IntN(5) == 0 {
			d.Timezone = ""
		}
		s.rec.Devices = []deviceJ{d}
	}
	switch s.rec.Role {
	case "applicant":
		s.events = r.IntN(6)
	case "freelancer":
		s.events = int(float64(g.cfg.EventsPerPerson) * (0.5 + r.Float64()*0.6))
	default:
		s.events = int(float64(g.cfg.EventsPerPerson) * (0.7 + r.Float64()*0.7))
	}
	return s
}

func (g *gen) workEmail(first, last, org string) string {
	base := strings.ToLower(first[:1] + strings.ReplaceAll(last, "'", ""))
	e := base + "@" + domainOf(org)
	for i := 2; g.mailboxes[e]; i++ {
		e = fmt.Sprintf("%s%d@%s", base, i, domainOf(org))
	}
	if g.mailboxes == nil {
		g.mailboxes = map[string]bool{}
	}
	g.mailboxes[e] = true
	return e
}

func domainOf(org string) string {
	f := strings.Fields(strings.ToLower(org))
	return strings.Trim(f[0], "&,.") + ".com"
}

func langFor(cc string) string {
	switch cc {
	case "US", "CA":
		return "en-US,en;q=0.9"
	case "GB":
		return "en-GB,en;q=0.9"
	case "DE":
		return "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7"
	case "KR":
		return "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"
	case "JP":
		return "ja-JP,ja;q=0.9,en;q=0.8"
	case "IN", "PH", "NG", "PK":
		return "en-IN,en;q=0.9"
	case "UA":
		return "uk-UA,uk;q=0.9,en;q=0.8,ru;q=0.7"
	case "BR":
		return "pt-BR,pt;q=0.9,en;q=0.8"
	case "VN":
		return "vi-VN,vi;q=0.9,en;q=0.8"
	case "PL":
		return "pl-PL,pl;q=0.9,en;q=0.8"
	case "AR":
		return "es-AR,es;q=0.9,en;q=0.8"
	case "CN":
		return "zh-CN,zh;q=0.9,en;q=0.8"
	case "HK":
		return "zh-HK,zh;q=0.9,en;q=0.8"
	case "RU":
		return "ru-RU,ru;q=0.9,en;q=0.8"
	}
	return "en-US,en;q=0.9"
}

func localeFor(cc string, r *rand.Rand) string {
	l := map[string]string{"US": "en_US", "CA": "en_CA", "GB": "en_GB", "DE": "de_DE", "KR": "ko_KR", "JP": "ja_JP", "IN": "en_IN", "PH": "en_PH", "UA": "uk_UA", "PK": "en_PK", "BR": "pt_BR", "NG": "en_NG", "VN": "vi_VN", "PL": "pl_PL", "AR": "es_AR", "CN": "zh_CN", "HK": "zh_HK", "RU": "ru_RU"}[cc]
	if l == "" {
		l = "en_US"
	}
	if r.IntN(4) == 0 {
		l = strings.ReplaceAll(l, "_", "-")
	}
	return l
}

func keyboardFor(cc string, r *rand.Rand) string {
	switch cc {
	case "GB":
		return []string{"British", "com.apple.keylayout.British", "00000809"}[r.IntN(3)]
	case "DE":
		return []string{"German", "com.apple.keylayout.German", "00000407"}[r.IntN(3)]
	case "KR":
		return []string{"2-Set Korean", "com.apple.inputmethod.Korean.2SetKorean", "00000412", "Korean (Microsoft IME)"}[r.IntN(4)]
	case "JP":
		return []string{"Japanese - Romaji", "com.apple.inputmethod.Kotoeri.RomajiTyping.Japanese", "00000411"}[r.IntN(3)]
	case "UA":
		return []string{"Ukrainian", "00000422"}[r.IntN(2)]
	case "CN":
		return []string{"Pinyin - Simplified", "com.apple.inputmethod.SCIM.ITABC", "00000804"}[r.IntN(3)]
	case "RU":
		return "Russian"
	case "PL":
		return "Polish Pro"
	case "BR":
		return "Brazilian"
	}
	return []string{"U.S.", "US", "com.apple.keylayout.US", "00000409", "ABC"}[r.IntN(5)]
}

func (g *gen) someOf(xs []string, k int) []string {
	idx := g.r.Perm(len(xs))
	out := make([]string, 0, k)
	for i := 0; i < k && i < len(xs); i++ {
		out = append(out, xs[idx[i]])
	}
	return out
}

func deviceID(r *rand.Rand) string {
	const al = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	b := make([]byte, 10)
	for i := range b {
		b[i] = al[r.IntN(len(al))]
	}
	switch r.IntN(3) {
	case 0:
		return "C02" + string(b[:9])
	case 1:
		return "PF" + string(b[:6])
	}
	return "LAP-" + string(b[:6])
}

func githubHandle(r *rand.Rand, first, last string) string {
	switch r.IntN(4) {
	case 0:
		return strings.ToLower(first + last)
	case 1:
		return strings.ToLower(first[:1] + last + fmt.Sprint(1970+r.IntN(35)))
	case 2:
		return strings.ToLower(first + "-" + last)
	}
	return strings.ToLower(last) + "dev"
}

func (g *gen) personalEmail(first, last string) string {
	r := g.r
	f, l := strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, "'", ""))
	if g.mailboxes == nil {
		g.mailboxes = map[string]bool{}
	}
	// A mailbox has one owner: namesakes get a number, as providers make them.
	for tries := 0; ; tries++ {
		ll := l
		if tries > 0 {
			ll = l + fmt.Sprint(r.IntN(10000))
		}
		var e string
		switch r.IntN(6) {
		case 0, 1:
			e = gmailVariant(r, f+"."+ll)
		case 2:
			e = f + "." + ll + fmt.Sprint(r.IntN(100)) + "@outlook.com"
		case 3:
			e = f[:1] + ll + "@yahoo.com"
		case 4:
			e = f + "_" + ll + "@icloud.com"
		default:
			e = ll + "." + f + "@proton.me"
		}
		key := mailboxKey(e)
		if !g.mailboxes[key] {
			g.mailboxes[key] = true
			return e
		}
	}
}

// mailboxKey is the generator's own idea of one mailbox (to keep them
// unique), not the detector's normaliser.
func mailboxKey(e string) string {
	e = strings.ToLower(e)
	at := strings.LastIndexByte(e, '@')
	local, dom := e[:at], e[at+1:]
	if i := strings.IndexByte(local, '+'); i >= 0 {
		local = local[:i]
	}
	if dom == "googlemail.com" || dom == "gmail.com" {
		dom = "gmail.com"
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + dom
}

func (g *gen) ownPayout(s *sim, cc string) payoutJ {
	r := g.r
	holder := s.rec.LegalName
	switch r.IntN(6) {
	case 0:
		f := strings.Fields(holder)
		holder = strings.ToUpper(f[len(f)-1] + " " + strings.Join(f[:len(f)-1], " "))
	case 1:
		f := strings.Fields(holder)
		if n, ok := nick[f[0]]; ok {
			holder = n + " " + strings.Join(f[1:], " ")
		}
	case 2:
		f := strings.Fields(holder)
		holder = f[0] + " " + string(rune('A'+r.IntN(26))) + ". " + strings.Join(f[1:], " ")
	}
	p := payoutJ{Method: "bank", HolderName: holder, Country: cc}
	switch cc {
	case "US":
		p.Account = newUSAccount(r).format(r)
		p.Bank = []string{"Chase", "Wells Fargo", "Bank of America", "US Bank", "PNC", "Ally Bank", "Capital One", "Navy Federal Credit Union"}[r.IntN(8)]
	case "GB", "DE", "PL":
		p.Account = newIBAN(r, cc).format(r)
	case "CA":
		p.Account = fmt.Sprintf("%05d-%03d-%07d", r.IntN(100000), r.IntN(1000), r.IntN(10000000))
		p.Bank = "RBC Royal Bank"
	default:
		p.Account = newLocalAccount(r, cc).format(r)
	}
	if s.rec.Role == "freelancer" && r.IntN(2) == 0 {
		m := []string{"paypal", "payoneer", "wise"}[r.IntN(3)]
		p.Method = m
		if m == "paypal" {
			p.Account = s.rec.Emails[0]
		} else {
			p.Account = fmt.Sprintf("%s-%d", strings.ToUpper(m[:2]), 10000000+r.IntN(89999999))
		}
	}
	if r.IntN(3) == 0 {
		p.ChangedAt = start.AddDate(0, -r.IntN(30), -r.IntN(28)).Format("2006-01-02")
	}
	return p
}

func (g *gen) resume(s *sim, base string) string {
	r := g.r
	if base != "" {
		return base
	}
	var b strings.Builder
	b.WriteString(s.rec.LegalName + ". " + s.rec.Title + ". ")
	for i := 0; i < 3+r.IntN(3); i++ {
		fmt.Fprintf(&b, "At %s I %s %s using %s and %s, %s. ", g.pick(orgNames), g.pick(verbs), g.pick(objects), g.pick(skills), g.pick(skills), g.pick(outcomes))
	}
	fmt.Fprintf(&b, "Education: %s, %d. Skills: %s.", g.pick(schools), 2000+r.IntN(24), strings.Join(g.someOf(skills, 6), ", "))
	return b.String()
}

func (g *gen) usCity() city {
	switch g.r.IntN(40) {
	case 0:
		return deCities[g.r.IntN(len(deCities))]
	case 1:
		return jpCities[g.r.IntN(len(jpCities))]
	}
	if g.r.IntN(12) == 0 {
		return caCities[g.r.IntN(len(caCities))]
	}
	if g.r.IntN(20) == 0 {
		return gbCities[g.r.IntN(len(gbCities))]
	}
	return usCities[g.r.IntN(len(usCities))]
}

func (g *gen) add(s *sim) { g.people = append(g.people, s) }

// populate builds every person: rings first, then the look-alike groups,
// then plain people.
func (g *gen) populate() {
	n := g.cfg.People
	ringTarget := int(math.Round(float64(n) * g.cfg.RingShare))
	ring := 0
	for members := 0; members < ringTarget; ring++ {
		size := 2 + g.r.IntN(7)
		if members+size > ringTarget {
			size = max(2, ringTarget-members)
		}
		g.makeRing(ring, size)
		members += size
	}
	shares := []struct {
		group string
		share float64
		make  func(k int)
	}{
		{"couple", 0.02, g.couples},
		{"roommates", 0.012, g.roommates},
		{"family_phone_plan", 0.008, g.familyPlan},
		{"coworking", 0.015, g.coworking},
		{"office_ship_to", 0.012, g.officeShip},
		{"helpdesk", 0.01, g.helpdesk},
		{"night_shift", 0.015, g.nightShift},
		{"on_call", 0.008, g.onCall},
		{"traveller", 0.015, g.traveller},
		{"corporate_vpn", 0.03, g.corpVPN},
		{"privacy_vpn", 0.015, g.privacyVPN},
		{"resume_template", 0.02, g.templateResume},
		{"recruiter", 0.015, g.recruiter},
		{"freelancer_abroad", 0.03, g.freelancerAbroad},
		{"spouse_payee", 0.015, g.spousePayee},
		{"neighbours", 0.015, g.neighbours},
		{"korean_heritage", 0.03, g.koreanHeritage},
		{"payroll_provider", 0.008, g.payrollProvider},
		{"eor_payout", 0.012, g.eorPayout},
		{"agency_contractor", 0.01, g.agency},
		{"dorm", 0.008, g.dorm},
		{"cgnat", 0.015, g.cgnatUsers},
		{"shared_office_device", 0.008, g.sharedDevice},
		{"default_avatar", 0.01, g.defaultAvatar},
	}
	for _, sh := range shares {
		sh.make(int(math.Round(float64(n) * sh.share)))
	}
	for len(g.people) < n {
		s := g.newSim("plain", g.usCity())
		g.plainOddity(s)
		g.add(s)
	}
	// Korean heritage among other groups' people (a Korean-American couple
	// is still a couple): rename a few after the fact, consistently.
	for _, s := range g.people {
		if s.ring < 0 && !s.korean && (s.group == "couple" || s.group == "night_shift" || s.group == "neighbours" || s.group == "traveller") && g.chance(0.1) {
			g.koreanize(s, false)
		}
	}
}

func (g *gen) plainOddity(s *sim) {
	r := g.r
	switch {
	case r.IntN(50) == 0 && len(s.rec.Devices) > 0:
		s.rec.Devices[0].Software = append(s.rec.Devices[0].Software, "TeamViewer 15") // helps family
	case r.IntN(60) == 0:
		s.rec.Payouts = append(s.rec.Payouts, payoutJ{Method: "crypto", HolderName: s.rec.LegalName, Wallet: ethAddress(r), Country: s.claimCC})
	case r.IntN(25) == 0:
		g.addTrip(s, 1)
	case r.IntN(30) == 0:
		s.weekend = 0.4
		s.lenH = 11
	case r.IntN(40) == 0:
		s.netW["privacy"] = 0.3
	}
}

func (g *gen) addTrip(s *sim, k int) {
	for i := 0; i < k; i++ {
		sp := travelSpots[g.r.IntN(len(travelSpots))]
		from := g.r.IntN(g.cfg.Days - 10)
		s.trips = append(s.trips, trip{from: from, to: from + 5 + g.r.IntN(12), country: sp.country, tz: sp.tz})
	}
}

func (g *gen) koreanize(s *sim, livesInKorea bool) {
	r := g.r
	s.korean = true
	sur := g.pick(koSurnames)
	gi := r.IntN(len(koGiven))
	f := strings.Fields(s.rec.LegalName)
	keepSurname := s.group == "couple" && r.IntN(2) == 0 // the partner's name is left as it was
	if !keepSurname {
		if r.IntN(2) == 0 && !livesInKorea {
			s.rec.LegalName = g.pick(koWestern) + " " + sur
		} else {
			s.rec.LegalName = koGiven[gi] + " " + sur
		}
	}
	oldLast := strings.ToLower(f[len(f)-1])
	for i := range s.rec.Payouts {
		h := strings.ToLower(s.rec.Payouts[i].HolderName)
		if strings.Contains(h, oldLast) && !strings.Contains(h, " & ") && !strings.Contains(h, " and ") && !strings.Contains(h, " or ") {
			s.rec.Payouts[i].HolderName = s.rec.LegalName // the person's own account
		}
	}
	if r.IntN(3) == 0 {
		s.rec.Names = append(s.rec.Names, koHangulSurname[sur]+koGivenHangul[gi])
	}
	if len(s.rec.Payouts) > 0 && s.rec.Payouts[0].Method == "bank" {
		s.rec.Payouts[0].HolderName = s.rec.LegalName
		if r.IntN(3) == 0 {
			s.rec.Payouts[0].HolderName = strings.ToUpper(strings.ReplaceAll(s.rec.LegalName, "-", ""))
		}
	}
	s.rec.ResumeText += " " + g.pick(koreanResumeBits)
	if len(s.rec.Devices) > 0 {
		d := &s.rec.Devices[0]
		if r.IntN(2) == 0 {
			d.KeyboardLayouts = append(d.KeyboardLayouts, keyboardFor("KR", r))
		}
		if r.IntN(4) == 0 {
			d.Locale = "ko_KR"
		}
	}
	if r.IntN(3) == 0 {
		s.lang = "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"
	} else if r.IntN(3) == 0 {
		s.lang = "en-US,en;q=0.9,ko;q=0.8"
	}
	if !livesInKorea && r.IntN(3) == 0 {
		// family visit to Korea
		from := r.IntN(g.cfg.Days - 14)
		s.trips = append(s.trips, trip{from: from, to: from + 7 + r.IntN(8), country: "KR", tz: "Asia/Seoul"})
		s.visitKR = true
	}
}

// ---- rings ----

var teamZones = []string{"Asia/Shanghai", "Asia/Pyongyang", "Asia/Vladivostok", "Asia/Shanghai", "Asia/Pyongyang"}

type ringRes struct {
	phone      phone
	gmail      string
	acct       account
	acctHolder string
	acctCC     string
	acctBank   string
	wallet     string
	farm       addr
	farmNet    homeNet
	device     string
	photo      uint64
	resume     string
	addr       addr
	team       string
}

var linkKinds = []string{"phone", "email", "account", "wallet", "ship_to", "network", "device", "photo", "resume", "address"}

func (g *gen) makeRing(ring, size int) {
	r := g.r
	fc := usCities[r.IntN(len(usCities))]
	res := ringRes{
		phone: newPhone(r, fc, true),
		gmail: strings.ToLower(g.pick(givenM)+"."+g.pick(surnames)) + fmt.Sprint(r.IntN(1000)),
		team:  teamZones[r.IntN(len(teamZones))],
		farm:  newAddr(r, fc, false),
		photo: r.Uint64(),
	}
	res.farmNet = newHomeNet(r, usISPs[r.IntN(len(usISPs))])
	res.addr = newAddr(r, usCities[r.IntN(len(usCities))], r.IntN(2) == 0)
	res.device = deviceID(r)
	switch r.IntN(6) {
	case 0, 1: // a facilitator's own US account
		res.acct = newUSAccount(r)
		res.acctHolder = g.pick(givenF) + " " + g.pick(surnames)
		res.acctCC = "US"
		res.acctBank = "Bank of America"
	case 2: // a shell LLC
		res.acct = newUSAccount(r)
		res.acctHolder = g.pick(shellLLCs)
		res.acctCC = "US"
		res.acctBank = "Mercury"
	case 3:
		res.acct = newLocalAccount(r, "CN")
		res.acctHolder = g.pick(cnHolders)
		res.acctCC = "CN"
		res.acctBank = "Industrial and Commercial Bank of China"
	case 4:
		res.acct = newLocalAccount(r, "HK")
		res.acctHolder = g.pick(cnHolders)
		res.acctCC = "HK"
		res.acctBank = "Bank of China (Hong Kong)"
	default:
		res.acct = newIBAN(r, "GB")
		res.acctHolder = g.pick(shellLLCs)
		res.acctCC = "GB"
		res.acctBank = "Wise Payments Ltd"
	}
	if r.IntN(10) == 0 {
		res.acctHolder = g.pick(sanctionedHolders)
	}
	if r.IntN(2) == 0 {
		res.wallet = tronAddress(r)
	} else {
		res.wallet = ethAddress(r)
	}
	// Members.
	var used []string
	var members []*sim
	orgs := []string{g.pick(orgNames)}
	if r.IntN(3) == 0 {
		orgs = append(orgs, g.pick(orgNames), g.pick(marketplaces))
	}
	for i := 0; i < size; i++ {
		weak := i >= 2 && g.chance(g.cfg.WeakShare)
		s := g.newSim("ring", usCities[r.IntN(len(usCities))])
		if r.IntN(8) == 0 {
			s = g.newSim("ring", caCities[r.IntN(len(caCities))])
		}
		s.ring = ring
		s.weak = weak
		s.rec.Org = orgs[r.IntN(len(orgs))]
		if strings.Contains(s.rec.Org, "Platform") || strings.Contains(s.rec.Org, "Marketplace") {
			s.rec.Role = "freelancer"
		} else if s.rec.Role == "freelancer" {
			s.rec.Role = "contractor"
		}
		s.dev = true
		s.rec.Title = g.pick(devTitles)
		if s.rec.Role == "applicant" && r.IntN(2) == 0 {
			s.rec.Role = "contractor"
		}
		if s.rec.Role != "applicant" && len(s.rec.Devices) == 0 {
			s.device = deviceID(r)
			s.rec.Devices = []deviceJ{{ID: s.device, Software: g.someOf(benignSoftware, 4), Locale: "en_US", Timezone: s.claimTZ, KeyboardLayouts: []string{"US"}}}
			s.events = g.cfg.EventsPerPerson
		}
		var kinds []string
		avail := used
		if s.rec.Role == "applicant" {
			// an applicant leaves no events: no network to share
			avail = nil
			for _, k := range used {
				if k != "network" {
					avail = append(avail, k)
				}
			}
		}
		if weak && len(avail) > 0 {
			kinds = []string{g.weakKind(avail)}
		} else {
			weak, s.weak = false, false
			k := 2 + r.IntN(2)
			// A strong member shares at least two identifiers with those
			// before it (when they have two to share).
			for _, j := range r.Perm(len(avail)) {
				if len(kinds) >= 2 {
					break
				}
				kinds = append(kinds, avail[j])
			}
			for _, j := range r.Perm(len(linkKinds)) {
				if len(kinds) >= k {
					break
				}
				if linkKinds[j] == "network" && s.rec.Role == "applicant" {
					continue
				}
				if !contains(kinds, linkKinds[j]) {
					kinds = append(kinds, linkKinds[j])
				}
			}
			for _, kd := range kinds {
				if !contains(used, kd) {
					used = append(used, kd)
				}
			}
		}
		for _, kd := range kinds {
			g.applyLink(s, &res, kd)
		}
		g.behave(s, &res, weak)
		members = append(members, s)
		g.add(s)
	}
	// Referrals inside the ring, between strong members only.
	for i := 1; i < len(members); i++ {
		if !members[i].weak && !members[0].weak && g.chance(0.25) {
			members[i].rec.ReferredBy = members[0].id
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// weakKind spreads weak links over every kind the ring has used.
func (g *gen) weakKind(used []string) string {
	for i := 0; i < len(linkKinds); i++ {
		k := linkKinds[(g.kindRR+i)%len(linkKinds)]
		if contains(used, k) {
			g.kindRR = (g.kindRR + i + 1) % len(linkKinds)
			return k
		}
	}
	return used[0]
}

func (g *gen) applyLink(s *sim, res *ringRes, kind string) {
	r := g.r
	switch kind {
	case "phone":
		s.rec.Phones = []string{res.phone.format(r)}
	case "email":
		s.rec.Emails = append(s.rec.Emails, gmailVariant(r, res.gmail))
	case "account":
		s.rec.Payouts = []payoutJ{{Method: "bank", HolderName: res.acctHolder, Account: res.acct.format(r), Bank: res.acctBank, Country: res.acctCC}}
		if r.IntN(4) == 0 {
			// opened in the stolen identity's own name by the facilitator
			s.rec.Payouts[0].HolderName = s.rec.LegalName
		}
	case "wallet":
		s.rec.Payouts = append(s.rec.Payouts, payoutJ{Method: "crypto", HolderName: s.rec.LegalName, Wallet: formatWallet(r, res.wallet), Country: s.claimCC})
	case "ship_to":
		s.rec.ShipTo = res.farm.format(r, false)
		if r.IntN(8) == 0 {
			// a note for the parcel, as the messy addresses have
			s.rec.ShipTo = []string{"Attn: IT, ", "ATTN: " + strings.ToUpper(s.rec.LegalName) + ", "}[r.IntN(2)] + s.rec.ShipTo.(string)
		}
		if r.IntN(4) == 0 {
			c := res.farm.c
			dir := ""
			if res.farm.dir >= 0 {
				dir = usDirs[res.farm.dir][0] + " "
			}
			s.rec.ShipTo = map[string]any{"line1": fmt.Sprintf("%d %s%s %s", res.farm.num, dir, usStreets[res.farm.street%len(usStreets)], usSuffixes[res.farm.suf][0]), "city": c.name, "state": c.region, "zip": c.post}
		}
		s.farm = &res.farmNet
	case "network":
		s.farm = &res.farmNet
	case "device":
		if len(s.rec.Devices) == 0 {
			s.rec.Devices = []deviceJ{{Software: g.someOf(benignSoftware, 4)}}
		}
		s.rec.Devices[0].ID = res.device
		s.device = res.device
		if r.IntN(2) == 0 {
			s.device = strings.ToLower(res.device)
		}
	case "photo":
		s.rec.PhotoPHash = hexHash(r, flipBits(r, res.photo, r.IntN(4)))
	case "resume":
		if res.resume == "" {
			res.resume = g.resume(s, "")
			s.rec.ResumeText = res.resume
		} else {
			s.rec.ResumeText = editResume(r, res.resume, s.rec.LegalName)
		}
	case "address":
		s.rec.HomeAddress = res.addr.format(r, false)
	}
}

// editResume lightly edits a ring's shared narrative: the persona's name,
// a few words swapped, a sentence dropped or added.
func editResume(r *rand.Rand, base, name string) string {
	sents := strings.SplitAfter(base, ". ")
	if len(sents) > 2 {
		sents[0] = name + ". "
		sents[1] = strings.Replace(sents[1], ". ", ". ", 1)
	}
	if len(sents) > 4 && r.IntN(2) == 0 {
		i := 2 + r.IntN(len(sents)-3)
		sents = append(sents[:i], sents[i+1:]...)
	}
	out := strings.Join(sents, "")
	for _, sw := range [][2]string{{"built", "developed"}, {"led", "drove"}, {"using", "with"}, {"the ", "our "}} {
		if r.IntN(2) == 0 {
			out = strings.Replace(out, sw[0], sw[1], 1)
		}
	}
	return out
}

// behave gives a persona its team's habits; weak members get fewer.
func (g *gen) behave(s *sim, res *ringRes, weak bool) {
	r := g.r
	f := g.cfg.Behaviour
	if weak {
		f *= 0.5
	}
	p := func(x float64) bool { return r.Float64() < x*f }
	if p(0.75) {
		s.workTZ = res.team
		s.startH = 8 + r.Float64()*2.5
	} else {
		// works the claimed zone's hours, at night at home
		s.startH = 8.5 + r.Float64()*2
	}
	if p(0.15) {
		s.shifts = true
		s.lenH = 15 + r.Float64()*4
	}
	if p(0.35) {
		s.devTZ = res.team
		if len(s.rec.Devices) > 0 {
			s.rec.Devices[0].Timezone = []string{res.team, res.team, "China Standard Time", "UTC+09:00", "Korea Standard Time"}[r.IntN(5)]
		}
	} else if p(0.2) && s.workTZ != s.claimTZ {
		s.devTZ = res.team // the laptop clock leaks only through commits
	}
	if p(0.4) {
		s.netW["astrill"] = 0.3 + r.Float64()
	}
	if p(0.15) {
		s.netW["hosting"] = 0.2 + r.Float64()*0.5
	}
	if p(0.12) {
		s.netW["cn"] = 0.05 + r.Float64()*0.15
	}
	if p(0.04) {
		s.netW["ru"] = 0.1
	}
	if s.farm == nil {
		// no farm: a residential proxy of its own stands in for home
		s.home = newHomeNet(r, usISPs[r.IntN(len(usISPs))])
	}
	if len(s.rec.Devices) > 0 {
		d := &s.rec.Devices[0]
		if p(0.35) {
			tool := g.pick(ringRemoteTools)
			d.Software = append(d.Software, tool)
			s.remoteApp = strings.Fields(tool)[0]
		}
		if p(0.2) {
			d.USB = append(d.USB, g.pick(kvmUSB))
		}
		if p(0.12) {
			d.KeyboardLayouts = append(d.KeyboardLayouts, []string{"Chinese - Simplified (Pinyin)", "00000804", "2-Set Korean", "com.apple.inputmethod.Korean.2SetKorean"}[r.IntN(4)])
		}
		if p(0.08) {
			d.Locale = []string{"zh_CN", "ko_KP", "ko-KR"}[r.IntN(3)]
		}
	}
	if p(0.15) {
		s.lang = []string{"zh-CN,zh;q=0.9,en;q=0.8", "en-US,en;q=0.9,zh-CN;q=0.8", "ko-KP,ko;q=0.9", "ko-KR,ko;q=0.9,en;q=0.8"}[r.IntN(4)]
	}
	// Payouts of their own beyond any shared one.
	if p(0.2) {
		cc := []string{"CN", "HK", "RU", "AE", "SG"}[r.IntN(5)]
		s.rec.Payouts = append(s.rec.Payouts, payoutJ{Method: []string{"payoneer", "wise", "bank"}[r.IntN(3)], HolderName: g.pick(cnHolders), Account: newLocalAccount(r, cc).format(r), Country: cc})
	}
	if p(0.12) {
		s.rec.Payouts = append(s.rec.Payouts, payoutJ{Method: "crypto", Wallet: tronAddress(r), HolderName: s.rec.LegalName})
	}
	if p(0.2) {
		for i := 0; i < 2; i++ {
			q := g.ownPayout(s, "US")
			q.ChangedAt = start.AddDate(0, 0, -10-r.IntN(100)).Format("2006-01-02")
			s.rec.Payouts = append(s.rec.Payouts, q)
		}
	}
	if s.rec.Interview == nil {
		s.rec.Interview = &interviewJ{}
	}
	if p(0.35) {
		s.rec.Interview.CameraRefused = true
		s.rec.Interview.Notes = []string{"Camera 'not working'; audio only.", "Kept camera off, connection issues.", ""}[r.IntN(3)]
	}
	if p(0.45) {
		s.rec.Interview.InPersonRefused = true
	}
	if p(0.4) {
		f := strings.Fields(s.rec.LegalName)
		s.rec.GitHub = strings.ToLower(f[0]) + fmt.Sprint(1000+r.IntN(9000))
	}
	if p(0.2) {
		s.rec.ResumeText += " Education: " + []string{"Harbin Institute of Technology", "Jilin University", "Shenyang University of Technology", "Dalian University of Technology"}[r.IntN(4)] + "."
	}
}

// ---- look-alike groups ----

func (g *gen) couples(k int) {
	for i := 0; i+1 < k; i += 2 {
		c := g.usCity()
		a := g.newSim("couple", c)
		b := g.newSim("couple", c)
		if g.chance(0.5) {
			la := strings.Fields(a.rec.LegalName)
			fb := strings.Fields(b.rec.LegalName)
			b.rec.LegalName = fb[0] + " " + la[len(la)-1]
		}
		home := newAddr(g.r, c, g.chance(0.4))
		a.rec.HomeAddress, b.rec.HomeAddress = home.format(g.r, false), home.format(g.r, false)
		b.home = a.home
		if g.chance(0.4) {
			acct := newUSAccount(g.r)
			joint := a.rec.LegalName + " & " + b.rec.LegalName
			if g.chance(0.5) {
				joint = a.rec.LegalName + " or " + b.rec.LegalName
			}
			a.rec.Payouts = []payoutJ{{Method: "bank", HolderName: joint, Account: acct.format(g.r), Country: c.country, Bank: "Chase"}}
			b.rec.Payouts = []payoutJ{{Method: "bank", HolderName: joint, Account: acct.format(g.r), Country: c.country, Bank: "Chase"}}
		}
		if g.chance(0.3) {
			a.rec.ShipTo = home.format(g.r, false)
			b.rec.ShipTo = home.format(g.r, false)
		}
		g.add(a)
		g.add(b)
	}
}

func (g *gen) roommates(k int) {
	for k > 1 {
		n := min(k, 2+g.r.IntN(3))
		c := g.usCity()
		home := newAddr(g.r, c, true)
		var first *sim
		for j := 0; j < n; j++ {
			s := g.newSim("roommates", c)
			s.rec.HomeAddress = home.format(g.r, false)
			if first == nil {
				first = s
			} else {
				s.home = first.home
			}
			g.add(s)
		}
		k -= n
	}
}

func (g *gen) familyPlan(k int) {
	for k > 1 {
		n := min(k, 2+g.r.IntN(3))
		c := usCities[g.r.IntN(len(usCities))]
		home := newAddr(g.r, c, false)
		landline := newPhone(g.r, c, false)
		var first *sim
		for j := 0; j < n; j++ {
			s := g.newSim("family_phone_plan", c)
			if first != nil {
				f := strings.Fields(s.rec.LegalName)
				lf := strings.Fields(first.rec.LegalName)
				s.rec.LegalName = f[0] + " " + lf[len(lf)-1]
				s.home = first.home
			} else {
				first = s
			}
			s.rec.HomeAddress = home.format(g.r, false)
			s.rec.Phones = append(s.rec.Phones, landline.format(g.r))
			g.add(s)
		}
		k -= n
	}
}

var coworkingSpaces = []struct{ brand, street string }{{"WeWork", "600 California St Fl 11"}, {"Industrious", "1 Beacon St Suite 1500"}, {"Regus", "2450 Louisiana St Ste 400"}, {"Spaces", "1201 Wilson Blvd 27th Floor"}, {"Impact Hub", "2323 Broadway"}}

func (g *gen) coworking(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("coworking", g.usCity())
		cw := coworkingSpaces[g.r.IntN(len(coworkingSpaces))]
		forms := []string{
			cw.brand + ", " + cw.street + ", Attn: " + s.rec.LegalName,
			"c/o " + cw.brand + " " + cw.street,
			cw.street + " (" + cw.brand + ")",
			strings.ToUpper(cw.street),
			"Attn: IT, " + cw.brand + ", " + cw.street,
		}
		s.rec.ShipTo = forms[g.r.IntN(len(forms))]
		g.add(s)
	}
}

func (g *gen) officeShip(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("office_ship_to", g.usCity())
		if s.rec.Role == "freelancer" || s.rec.Role == "applicant" {
			s.rec.Role = "employee"
			s.rec.Org = g.pick(orgNames)
		}
		off := g.orgOffice[s.rec.Org]
		txt := off.format(g.r, false)
		switch g.r.IntN(3) {
		case 0:
			txt = "Attn: IT Department, " + s.rec.Org + ", " + txt
		case 1:
			txt = s.rec.Org + " Reception\n" + txt
		}
		s.rec.ShipTo = txt
		if g.chance(0.3) {
			s.rec.Phones = append(s.rec.Phones, g.orgPhone[s.rec.Org].format(g.r)+fmt.Sprintf(" ext. %d", 100+g.r.IntN(800)))
		}
		g.add(s)
	}
}

func (g *gen) helpdesk(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("helpdesk", g.usCity())
		s.rec.Role = "employee"
		if s.rec.Org == marketplaces[0] || s.rec.Org == marketplaces[1] {
			s.rec.Org = g.pick(orgNames)
		}
		s.rec.Title = g.pick(itTitles)
		if len(s.rec.Devices) == 0 {
			s.device = deviceID(g.r)
			s.rec.Devices = []deviceJ{{ID: s.device}}
		}
		d := &s.rec.Devices[0]
		d.Software = append(d.Software, g.someOf(itRemoteTools, 1+g.r.IntN(3))...)
		if g.chance(0.1) {
			d.USB = append(d.USB, g.pick(serverKVM))
		}
		if g.chance(0.3) {
			s.remoteApp = "ScreenConnect"
		}
		if g.chance(0.3) {
			s.onCall = true
		}
		s.events = g.cfg.EventsPerPerson
		g.add(s)
	}
}

func (g *gen) nightShift(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("night_shift", g.usCity())
		s.rec.Title = g.pick(nightTitles)
		s.rec.Role = "employee"
		s.startH = 21 + g.r.Float64()*2.5
		s.night = true
		s.weekend = 0.3
		s.events = g.cfg.EventsPerPerson
		if g.chance(0.2) {
			s.rec.Interview.InPersonRefused = true
		}
		g.add(s)
	}
}

func (g *gen) onCall(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("on_call", g.usCity())
		s.rec.Title = g.pick(nightTitles)
		s.onCall = true
		s.lenH = 10
		s.events = g.cfg.EventsPerPerson
		g.add(s)
	}
}

func (g *gen) traveller(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("traveller", g.usCity())
		g.addTrip(s, 1+g.r.IntN(3))
		if g.chance(0.3) {
			s.netW["privacy"] = 0.5
		}
		if g.chance(0.3) {
			s.rec.Interview.InPersonRefused = true
			s.rec.Interview.Notes = "Travelling full-time; asked for remote onboarding."
		}
		s.events = g.cfg.EventsPerPerson
		g.add(s)
	}
}

func (g *gen) corpVPN(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("corporate_vpn", g.usCity())
		if s.rec.Role == "freelancer" || s.rec.Role == "applicant" {
			s.rec.Role = "employee"
			s.rec.Org = g.pick(orgNames)
		}
		s.netW["corp"] = 3
		s.corpIP = g.orgVPN[s.rec.Org]
		s.events = g.cfg.EventsPerPerson
		g.add(s)
	}
	// Most employees of every organisation also go through its VPN now and then.
	for _, s := range g.people {
		if s.ring < 0 && s.group != "corporate_vpn" && s.rec.Role == "employee" && g.chance(0.3) {
			s.netW["corp"] = 0.3
			s.corpIP = g.orgVPN[s.rec.Org]
		}
	}
}

func (g *gen) privacyVPN(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("privacy_vpn", g.usCity())
		s.netW["privacy"] = 1 + g.r.Float64()*2
		if g.chance(0.1) {
			s.netW["astrill"] = 0.5 // some ordinary people do buy Astrill
		}
		s.events = g.cfg.EventsPerPerson
		g.add(s)
	}
}

func (g *gen) templateResume(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("resume_template", g.usCity())
		t := templates[g.r.IntN(len(templates))]
		s.rec.ResumeText = t + " EXPERIENCE " + g.resume(s, "")
		g.add(s)
	}
}

func (g *gen) recruiter(k int) {
	for k > 0 {
		rec := g.newSim("recruiter", g.usCity())
		rec.rec.Role = "employee"
		rec.rec.Title = "Technical Recruiter"
		g.add(rec)
		k--
		n := min(k, 4+g.r.IntN(10))
		for j := 0; j < n; j++ {
			s := g.newSim("recruiter", g.usCity())
			s.rec.ReferredBy = rec.id
			s.rec.Org = rec.rec.Org
			g.add(s)
		}
		k -= n
	}
}

func (g *gen) freelancerAbroad(k int) {
	for i := 0; i < k; i++ {
		c := abroadCities[g.r.IntN(len(abroadCities))]
		s := g.newSim("freelancer_abroad", c)
		s.rec.Role = []string{"freelancer", "contractor"}[g.r.IntN(2)]
		if s.rec.Role == "freelancer" {
			s.rec.Org = g.pick(marketplaces)
		}
		s.rec.ResumeText += fmt.Sprintf(" Based in %s; I work remotely with clients in US time zones.", c.name)
		if g.chance(0.5) {
			s.startH = 13 + g.r.Float64()*4 // overlaps US mornings
		}
		if g.chance(0.15) {
			s.rec.Payouts = append(s.rec.Payouts, payoutJ{Method: "crypto", HolderName: s.rec.LegalName, Wallet: tronAddress(g.r), Country: c.country})
		}
		g.add(s)
	}
}

func (g *gen) spousePayee(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("spouse_payee", g.usCity())
		f := strings.Fields(s.rec.LegalName)
		sp := g.pick(givenF)
		if strings.Contains(strings.Join(givenF, " "), f[0]) {
			sp = g.pick(givenM)
		}
		holder := sp + " " + f[len(f)-1]
		switch g.r.IntN(4) {
		case 0:
			holder = s.rec.LegalName + " and " + sp + " " + f[len(f)-1]
		case 1:
			holder = sp + " " + g.pick(surnames)
			s.rec.Interview.Notes = "Salary goes to spouse's account (" + holder + ")."
		}
		s.rec.Payouts[0].HolderName = holder
		s.rec.Payouts[0].Method = "bank"
		g.add(s)
	}
}

func (g *gen) neighbours(k int) {
	for k > 1 {
		n := min(k, 2+g.r.IntN(5))
		c := g.usCity()
		b := newAddr(g.r, c, false)
		for j := 0; j < n; j++ {
			s := g.newSim("neighbours", c)
			u := b
			u.unit = newUnit(g.r)
			s.rec.HomeAddress = u.format(g.r, false)
			if g.chance(0.2) {
				s.rec.ShipTo = u.format(g.r, false)
			}
			g.add(s)
		}
		k -= n
	}
}

func (g *gen) koreanHeritage(k int) {
	for i := 0; i < k; i++ {
		if g.chance(0.3) {
			c := krCities[g.r.IntN(len(krCities))]
			s := g.newSim("korean_heritage", c)
			g.koreanize(s, true)
			s.rec.ResumeText += " I live in " + c.name + " and work remotely for US teams on KST hours."
			if g.chance(0.5) {
				s.startH = 9 + g.r.Float64()*2
			} else {
				s.startH = 7 + g.r.Float64()*2 // early start to overlap US afternoons
			}
			s.rec.Payouts[0].Country = "KR"
			g.add(s)
			continue
		}
		s := g.newSim("korean_heritage", g.usCity())
		g.koreanize(s, false)
		g.add(s)
	}
}

var payrollProviders = []string{"Gusto", "ADP", "Paychex", "Rippling", "Justworks"}

func (g *gen) payrollProvider(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("payroll_provider", g.usCity())
		p := g.pick(payrollProviders)
		forms := []string{p + " FBO " + s.rec.LegalName, p + " Payroll Services", p + ", Inc. f/b/o " + strings.ToUpper(s.rec.LegalName), p + " Pay Card - " + s.rec.LegalName}
		s.rec.Payouts[0].HolderName = forms[g.r.IntN(len(forms))]
		g.add(s)
	}
}

func (g *gen) eorPayout(k int) {
	eors := []struct{ name, cc string }{{"Deel Inc.", "US"}, {"Remote Technology, Inc.", "US"}, {"Oyster HR Inc", "US"}, {"Deel Netherlands B.V.", "NL"}}
	accts := map[string]account{}
	for _, e := range eors {
		if e.cc == "NL" {
			accts[e.name] = newIBAN(g.r, "NL")
		} else {
			accts[e.name] = newUSAccount(g.r)
		}
	}
	for i := 0; i < k; i++ {
		var s *sim
		if g.chance(0.5) {
			s = g.newSim("eor_payout", abroadCities[g.r.IntN(len(abroadCities)-3)])
		} else {
			s = g.newSim("eor_payout", g.usCity())
		}
		s.rec.Role = "contractor"
		e := eors[g.r.IntN(len(eors))]
		s.rec.Payouts = []payoutJ{{Method: "bank", HolderName: e.name, Account: accts[e.name].format(g.r), Country: e.cc, Bank: "JPMorgan Chase"}}
		g.add(s)
	}
}

func (g *gen) agency(k int) {
	for k > 0 {
		n := min(k, 5+g.r.IntN(15))
		name := []string{"Brightpath Staffing LLC", "Summit Talent Partners Inc", "Keystone Technical Staffing", "BlueRiver Consulting Group"}[g.r.IntN(4)]
		acct := newUSAccount(g.r)
		org := g.pick(orgNames)
		for j := 0; j < n; j++ {
			s := g.newSim("agency_contractor", g.usCity())
			s.rec.Role = "contractor"
			s.rec.Org = org
			s.rec.Payouts = []payoutJ{{Method: "bank", HolderName: name, Account: acct.format(g.r), Country: "US", Bank: "Wells Fargo"}}
			g.add(s)
		}
		k -= n
	}
}

func (g *gen) dorm(k int) {
	for k > 0 {
		n := min(k, 4+g.r.IntN(10))
		c := usCities[g.r.IntN(len(usCities))]
		hall := newAddr(g.r, c, false)
		campus := homeNet{prefix: fmt.Sprintf("128.%d.%d.%d", 100+g.r.IntN(100), g.r.IntN(256), 1+g.r.IntN(254)), isp: asn{3582, "University Campus Network", "campus"}}
		for j := 0; j < n; j++ {
			s := g.newSim("dorm", c)
			s.rec.Role = []string{"applicant", "contractor", "employee"}[g.r.IntN(3)]
			s.rec.Title = "Software Engineering Intern"
			s.rec.DOB = fmt.Sprintf("%d-%02d-%02d", 2002+g.r.IntN(4), 1+g.r.IntN(12), 1+g.r.IntN(28))
			txt := hall.format(g.r, false)
			switch g.r.IntN(3) {
			case 0:
				txt = fmt.Sprintf("Room %d, Hadley Residence Hall, %s", 100+g.r.IntN(400), txt)
			case 1:
				txt = "c/o Residential Life Office, " + txt
			}
			s.rec.HomeAddress = txt
			s.home = campus
			s.startH = 11 + g.r.Float64()*4
			g.add(s)
		}
		k -= n
	}
}

func (g *gen) cgnatUsers(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("cgnat", g.usCity())
		s.netW = map[string]float64{"mobile": 1, "home": 0.1}
		g.add(s)
	}
}

func (g *gen) sharedDevice(k int) {
	for k > 0 {
		n := min(k, 3+g.r.IntN(6))
		org := g.pick(orgNames)
		dev := fmt.Sprintf("HOTDESK-%s-%02d", strings.ToUpper(domainOf(org)[:3]), 1+g.r.IntN(20))
		for j := 0; j < n; j++ {
			s := g.newSim("shared_office_device", g.usCity())
			s.rec.Role = "employee"
			s.rec.Org = org
			s.rec.Devices = append(s.rec.Devices, deviceJ{ID: dev, Software: []string{"Microsoft Teams", "Google Chrome"}})
			s.events = g.cfg.EventsPerPerson
			g.add(s)
		}
		k -= n
	}
}

func (g *gen) defaultAvatar(k int) {
	for i := 0; i < k; i++ {
		s := g.newSim("default_avatar", g.usCity())
		s.rec.PhotoPHash = []string{"0000000000000000", "ffffffffffffffff", "8080808080808080"}[g.r.IntN(3)]
		g.add(s)
	}
}

// ---- events ----

func offsetString(sec int, git bool) string {
	sign := '+'
	if sec < 0 {
		sign = '-'
		sec = -sec
	}
	if git {
		return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
	}
	return fmt.Sprintf("%c%02d:%02d", sign, sec/3600, sec%3600/60)
}

var locCache = map[string]*time.Location{}

func loadLoc(name string) *time.Location {
	if l, ok := locCache[name]; ok {
		return l
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		l = time.UTC
	}
	locCache[name] = l
	return l
}

func (g *gen) events(s *sim, emit func(eventJ)) {
	r := g.r
	if s.events == 0 {
		return
	}
	days := g.cfg.Days
	active := 0
	for d := 0; d < days; d++ {
		wd := start.AddDate(0, 0, d).Weekday()
		if wd != time.Saturday && wd != time.Sunday {
			active++
		}
	}
	perDay := float64(s.events) / float64(active)
	for d := 0; d < days; d++ {
		day := start.AddDate(0, 0, d)
		wd := day.Weekday()
		weekend := wd == time.Saturday || wd == time.Sunday
		if weekend && !g.chance(s.weekend) {
			continue
		}
		workTZ, country := s.workTZ, ""
		var tr *trip
		for i := range s.trips {
			if d >= s.trips[i].from && d <= s.trips[i].to {
				tr = &s.trips[i]
			}
		}
		devTZ := s.devTZ
		if tr != nil {
			country = tr.country
			if g.chance(0.7) || s.visitKR {
				workTZ = tr.tz
			}
			devTZ = tr.tz
		}
		loc := loadLoc(workTZ)
		k := int(perDay)
		if g.chance(perDay - float64(k)) {
			k++
		}
		if s.rec.Role == "applicant" {
			k = 0
			if g.chance(float64(s.events) / float64(days)) {
				k = 1
			}
		}
		y, m, dd := day.Date()
		base := time.Date(y, m, dd, 0, 0, 0, 0, loc)
		if s.night && base.Weekday() == time.Monday {
			base = base.Add(-24 * time.Hour) // a Sunday-night shift
		}
		for e := 0; e < k; e++ {
			h := s.startH + r.Float64()*s.lenH
			if s.onCall && g.chance(0.08) {
				h = 24 + 1 + r.Float64()*4
			}
			at := base.Add(time.Duration(h * float64(time.Hour)))
			g.event(s, at, devTZ, country, e == 0, emit)
		}
	}
}

func (g *gen) event(s *sim, at time.Time, devTZ, travelCC string, first bool, emit func(eventJ)) {
	r := g.r
	ev := eventJ{Kind: "event", Person: s.id}
	typ := "login"
	if !first {
		switch x := r.IntN(10); {
		case s.dev && x < 4:
			typ = "commit"
		case x < 7:
			typ = "message"
		case x < 8 && (s.netW["corp"] > 0 || s.netW["privacy"] > 0 || s.netW["astrill"] > 0):
			typ = "vpn"
		case x < 8:
			typ = []string{"file_access", "meeting_join", "sso"}[r.IntN(3)]
		}
	}
	ev.Type = typ
	devLoc := loadLoc(devTZ)
	_, off := at.In(devLoc).Zone()
	if typ == "commit" {
		lt := at.In(devLoc)
		ev.At = lt.Format("2006-01-02T15:04:05-07:00")
		if r.IntN(2) == 0 {
			ev.TZOffset = offsetString(off, true)
		} else {
			ev.TZOffset = offsetString(off, false)
		}
		if s.device != "" && r.IntN(2) == 0 {
			ev.Device = s.device
		}
		emit(ev)
		return
	}
	switch r.IntN(5) {
	case 0, 1:
		ev.At = at.UTC().Format("2006-01-02T15:04:05Z")
	case 2:
		ev.At = at.UTC().Format("2006-01-02T15:04:05.000Z")
	case 3:
		ev.At = at.UTC().Format("2006-01-02T15:04:05+00:00")
	default:
		ev.At = at.In(loadLoc("America/Los_Angeles")).Format(time.RFC3339) // the IdP's own zone
	}
	ev.UserAgent = s.ua
	if r.IntN(6) == 0 {
		ev.UserAgent = uaPhone
	}
	ev.AcceptLanguage = s.lang
	if r.IntN(3) != 0 {
		ev.TZOffset = offsetString(off, false)
	}
	if s.device != "" && r.IntN(3) != 0 {
		ev.Device = s.device
	}
	if s.remoteApp != "" && r.IntN(8) == 0 {
		ev.App = s.remoteApp
	} else if r.IntN(3) == 0 {
		ev.App = []string{"okta", "slack", "github", "jira", "google-workspace"}[r.IntN(5)]
	}
	// network
	kind := "home"
	if travelCC != "" {
		kind = "travel"
		if s.netW["privacy"] > 0 && r.IntN(2) == 0 {
			kind = "privacy"
		}
	} else {
		tot := 0.0
		for _, w := range s.netW {
			tot += w
		}
		x := r.Float64() * tot
		keys := make([]string, 0, len(s.netW))
		for k := range s.netW {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			x -= s.netW[k]
			if x <= 0 {
				kind = k
				break
			}
		}
	}
	if typ == "vpn" && kind == "home" {
		kind = "privacy"
		if s.netW["corp"] > 0 {
			kind = "corp"
		} else if s.netW["astrill"] > 0 {
			kind = "astrill"
		}
	}
	var a asn
	switch kind {
	case "home":
		h := s.home
		if s.farm != nil {
			h = *s.farm
		}
		ev.IP = h.ip(r)
		a = h.isp
		ev.Country = s.claimCC
		if a.kind == "res" && s.claimCC != "US" {
			ev.Country = s.claimCC
		} else if s.farm != nil || s.ring >= 0 {
			ev.Country = "US"
		}
	case "mobile":
		a = usMobile[r.IntN(len(usMobile))]
		if r.IntN(3) == 0 {
			ev.IP = fmt.Sprintf("2607:fb90:%x:%x:%x:%x:%x:%x", r.IntN(65536), r.IntN(65536), r.IntN(65536), r.IntN(65536), r.IntN(65536), r.IntN(65536))
		} else {
			ev.IP = g.cgnat[r.IntN(len(g.cgnat))]
		}
		ev.Country = "US"
		if s.claimCC != "US" {
			a = countryISP[s.claimCC]
			ev.Country = s.claimCC
			ev.IP = fmt.Sprintf("100.%d.%d.%d", 64+r.IntN(64), r.IntN(256), 1+r.IntN(254))
		}
	case "corp":
		a = g.orgVPNASN[s.rec.Org]
		ev.IP = s.corpIP[r.IntN(len(s.corpIP))]
		ev.Country = "US"
	case "privacy":
		a = privacyVPNs[r.IntN(len(privacyVPNs))]
		ev.IP = g.privacy[r.IntN(len(g.privacy))]
		ev.Country = []string{"NL", "CH", "SE", "US", "DE", "GB"}[r.IntN(6)]
	case "astrill":
		a = astrillASNs[r.IntN(len(astrillASNs))]
		ev.IP = g.astrill[r.IntN(len(g.astrill))]
		ev.Country = []string{"US", "US", "JP", "SG", "HK"}[r.IntN(5)]
		if typ == "vpn" || r.IntN(3) == 0 {
			ev.App = "Astrill"
		}
	case "hosting":
		a = hosting[r.IntN(len(hosting))]
		ev.IP = fmt.Sprintf("%d.%d.%d.%d", []int{159, 167, 45, 95}[r.IntN(4)], r.IntN(256), r.IntN(256), 1+r.IntN(254))
		ev.Country = []string{"US", "DE", "NL", "SG"}[r.IntN(4)]
	case "cn":
		a = cnISPs[r.IntN(len(cnISPs))]
		ev.IP = fmt.Sprintf("%d.%d.%d.%d", []int{36, 58, 113, 223}[r.IntN(4)], r.IntN(256), r.IntN(256), 1+r.IntN(254))
		ev.Country = "CN"
	case "ru":
		a = ruISPs[r.IntN(len(ruISPs))]
		ev.IP = fmt.Sprintf("%d.%d.%d.%d", []int{95, 178, 188}[r.IntN(3)], r.IntN(256), r.IntN(256), 1+r.IntN(254))
		ev.Country = "RU"
	case "travel":
		a = countryISP[travelCC]
		if a.n == 0 {
			a = asn{3356, "Level 3 Parent, LLC", "res"}
		}
		ev.IP = fmt.Sprintf("%d.%d.%d.%d", 80+r.IntN(120), r.IntN(256), r.IntN(256), 1+r.IntN(254))
		ev.Country = travelCC
	}
	if r.IntN(12) != 0 {
		ev.ASN = a.n
		ev.ASNOrg = a.org
	}
	if r.IntN(15) == 0 {
		ev.Country = "" // the geo lookup failed
	}
	if r.IntN(20) == 0 {
		ev.Session = fmt.Sprintf("s-%x", r.Uint32())
	}
	emit(ev)
}

// ---- writing ----

type outFile struct {
	name  string
	lines [][]byte
}

func (g *gen) write(dir string) (Stats, error) {
	r := g.r
	st := Stats{People: len(g.people)}
	// Shuffle the order people are written in, so that a ring is not a
	// run of neighbouring lines.
	order := r.Perm(len(g.people))
	hris := &outFile{name: "hris-export.jsonl"}
	ats := &outFile{name: "ats-candidates.jsonl"}
	evFiles := []*outFile{{name: "events-idp.jsonl"}, {name: "events-git.jsonl"}, {name: "events-misc.jsonl"}}
	var truth bytes.Buffer
	rings := map[int]bool{}
	for _, i := range order {
		s := g.people[i]
		g.mess(s)
		b, err := json.Marshal(s.rec)
		if err != nil {
			return st, err
		}
		if s.rec.Role == "applicant" || s.rec.Role == "freelancer" {
			ats.lines = append(ats.lines, b)
		} else {
			hris.lines = append(hris.lines, b)
		}
		t := truthJ{Person: s.id, Group: s.group, Weak: s.weak, KoreanHeritage: s.korean}
		if s.ring >= 0 {
			rid := fmt.Sprintf("ring-%03d", s.ring)
			t.Ring = &rid
			rings[s.ring] = true
			st.RingMembers++
			if s.weak {
				st.Weak++
			}
		}
		tb, _ := json.Marshal(t)
		truth.Write(tb)
		truth.WriteByte('\n')
		g.events(s, func(ev eventJ) {
			eb, _ := json.Marshal(ev)
			f := evFiles[2]
			switch ev.Type {
			case "login", "sso":
				f = evFiles[0]
			case "commit":
				f = evFiles[1]
			}
			f.lines = append(f.lines, eb)
			st.Events++
		})
	}
	st.Rings = len(rings)
	for _, f := range evFiles {
		r.Shuffle(len(f.lines), func(i, j int) { f.lines[i], f.lines[j] = f.lines[j], f.lines[i] })
	}
	files := append([]*outFile{hris, ats}, evFiles...)
	// Bad lines, each recorded in the truth with its file and line.
	type bad struct {
		f    *outFile
		idx  int
		what string
	}
	var bads []bad
	kinds := []string{"truncated", "unknown_person", "bad_date", "no_id", "garbage", "bad_date2"}
	for i := 0; i < g.cfg.BadLines; i++ {
		f := files[r.IntN(len(files))]
		for len(f.lines) == 0 {
			f = files[r.IntN(len(files))]
		}
		kind := kinds[i%len(kinds)]
		var line []byte
		switch kind {
		case "truncated":
			src := f.lines[r.IntN(len(f.lines))]
			line = append([]byte{}, src[:len(src)/2]...)
		case "unknown_person":
			line = []byte(fmt.Sprintf(`{"kind":"event","person":"ghost-%d","at":"2026-10-20T10:00:00Z","type":"login"}`, r.IntN(1000)))
		case "bad_date":
			line = []byte(fmt.Sprintf(`{"kind":"event","person":"%s","at":"10/21/2026 14:22","type":"login"}`, g.people[r.IntN(len(g.people))].id))
		case "bad_date2":
			line = []byte(fmt.Sprintf(`{"kind":"event","person":"%s","at":"2026-13-45T25:61:00Z","type":"commit"}`, g.people[r.IntN(len(g.people))].id))
		case "no_id":
			line = []byte(`{"kind":"person","legal_name":"Nobody Atall","emails":["nobody@example.org"]}`)
		default:
			line = []byte("\x00\x01 not json at all <<<")
		}
		idx := r.IntN(len(f.lines) + 1)
		f.lines = append(f.lines[:idx], append([][]byte{line}, f.lines[idx:]...)...)
		for j := range bads {
			if bads[j].f == f && bads[j].idx >= idx {
				bads[j].idx++
			}
		}
		bads = append(bads, bad{f, idx, kind})
	}
	for _, b := range bads {
		tb, _ := json.Marshal(map[string]any{"kind": "bad_input", "file": b.f.name, "line": b.idx + 1, "what": b.what})
		truth.Write(tb)
		truth.WriteByte('\n')
	}
	st.Bad = len(bads)
	for _, f := range files {
		var buf bytes.Buffer
		for _, l := range f.lines {
			buf.Write(l)
			buf.WriteByte('\n')
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), buf.Bytes(), 0o644); err != nil {
			return st, err
		}
	}
	return st, os.WriteFile(filepath.Join(dir, "truth.jsonl"), truth.Bytes(), 0o644)
}

// mess drops and adds fields as real exports do.
func (g *gen) mess(s *sim) {
	r := g.r
	p := &s.rec
	if r.IntN(7) == 0 {
		p.DOB = ""
	}
	if r.IntN(20) == 0 && s.ring < 0 {
		p.Phones = nil // (a ring member's phone may be its one link: kept)
	}
	if p.Claimed != nil {
		if r.IntN(12) == 0 {
			p.Claimed.Timezone = ""
		}
		if r.IntN(25) == 0 {
			p.Claimed.City = ""
		}
		if r.IntN(30) == 0 && p.Claimed.Country == "US" {
			p.Claimed.Country = []string{"United States", "USA"}[r.IntN(2)]
		}
		if r.IntN(4) == 0 && p.Claimed.Country == "KR" {
			p.Claimed.Country = []string{"Korea", "South Korea", "Republic of Korea"}[r.IntN(3)]
		}
	}
	if r.IntN(4) == 0 && p.Interview != nil && !p.Interview.CameraRefused && !p.Interview.InPersonRefused {
		p.Interview = nil
	}
	if r.IntN(3) == 0 {
		p.HRISID = fmt.Sprintf("WD-%07d", r.IntN(10000000))
	}
	if r.IntN(4) == 0 {
		p.StartDate = start.AddDate(0, -r.IntN(40), 0).Format("2006-01-02")
	}
	if r.IntN(10) == 0 {
		p.Custom = map[string]any{"cost_center": r.IntN(900) + 100, "badge": true, "notes": nil}
	}
}
