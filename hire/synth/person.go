package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// identity is a person's name, decided before anything else so that other
// people's records (a spouse, a referrer) can name them.
type identity struct {
	given, middle, family string
	female                bool
}

func (w identity) full() string {
	if w.middle != "" {
		return w.given + " " + w.middle + " " + w.family
	}
	return w.given + " " + w.family
}

// rng returns the random stream of one person's part: a record never
// depends on another person's draws, so blocks can be made in parallel
// and the output is the same for a seed whatever the workers.
func (g *gen) rng(idx int, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.cfg.Seed^0x9e3779b97f4a7c15, uint64(idx)<<3|stream))
}

// id is the person's identifier, in one of three styles of HR and ATS
// exports; mix32 is a bijection, so identifiers never collide.
func (g *gen) id(idx int) string {
	v := mix32(uint32(idx) ^ uint32(g.cfg.Seed*0x2545F491))
	switch v % 3 {
	case 0:
		return fmt.Sprintf("p-%08x", v)
	case 1:
		return fmt.Sprintf("u%d", v)
	default:
		return fmt.Sprintf("cand-%08x", v)
	}
}

func mix32(x uint32) uint32 {
	x ^= x >> 16
	x *= 0x7feb352d
	x ^= x >> 15
	x *= 0x846ca68b
	x ^= x >> 16
	return x
}

// nameCulture is where a person's name comes from.
func (g *gen) nameCulture(idx int) string {
	s := g.slots[idx]
	switch {
	case s.korean:
		return "KR"
	case s.group == gRing:
		return "US" // stolen or borrowed identities of ordinary people
	}
	return g.claimCountry(idx).code
}

func (g *gen) identity(idx int) identity {
	r := g.rng(idx, 0)
	s := g.slots[idx]
	culture := g.nameCulture(idx)
	w := identity{female: r.IntN(2) == 0}
	given := func(country string) string {
		if l, ok := givenByCountry[country]; ok {
			if w.female {
				return pick(r, l[1])
			}
			return pick(r, l[0])
		}
		return ""
	}
	switch culture {
	case "KR":
		w.family = g.names.krFamily.draw(r)
		if r.IntN(2) == 0 || g.claimCountry(idx).code == "KR" {
			w.given = given("KR")
		} else {
			w.given = g.usGiven(r, w.female)
		}
	case "ES", "MX", "AR":
		if w.female {
			w.given = g.names.esFemale.draw(r)
		} else {
			w.given = g.names.esMale.draw(r)
		}
		w.family = g.names.esFamily.draw(r)
		if r.IntN(2) == 0 {
			w.family += " " + g.names.esFamily.draw(r)
		}
	case "RU":
		if w.female {
			w.given = g.names.ruFemale.draw(r)
		} else {
			w.given = g.names.ruMale.draw(r)
		}
		w.family = g.names.ruFamily.draw(r)
		if w.female && !strings.HasSuffix(w.family, "a") && (strings.HasSuffix(w.family, "ov") || strings.HasSuffix(w.family, "ev") || strings.HasSuffix(w.family, "in")) {
			w.family += "a"
		}
	case "CN", "HK":
		w.family = g.names.cnFamily.draw(r)
		w.given = given("CN")
	case "US", "CA", "GB":
		w.given = g.usGiven(r, w.female)
		w.family = g.names.usFamily.draw(r)
		// Stolen identities include Hispanic Americans.
		if s.group == gRing && r.IntN(6) == 0 {
			w.family = g.names.esFamily.draw(r)
		}
		if r.IntN(4) == 0 {
			w.middle = g.usGiven(r, w.female)
		}
	default:
		w.given = given(culture)
		if f, ok := familyByCountry[culture]; ok {
			w.family = pick(r, f)
		}
		if w.given == "" {
			w.given = g.usGiven(r, w.female)
		}
		if w.family == "" {
			w.family = g.names.usFamily.draw(r)
		}
	}
	// Couples: the second often takes the first's family name.
	if s.group == groupCode(GroupCouple) && s.member == 1 && r.IntN(10) < 6 {
		first := g.identity(int(g.units[s.unit].members[0]))
		w.family = first.family
		w.female = !first.female
		w.given = g.usGiven(r, w.female)
	}
	return w
}

func (g *gen) usGiven(r *rand.Rand, female bool) string {
	if female {
		return g.names.usFemale.draw(r)
	}
	return g.names.usMale.draw(r)
}

var plainCountries = []struct {
	code string
	w    int
}{{"US", 62}, {"CA", 5}, {"GB", 5}, {"DE", 3}, {"ES", 2}, {"PL", 3}, {"IN", 4}, {"PH", 3}, {"BR", 3}, {"MX", 3}, {"UA", 2}, {"NL", 2}, {"PT", 1}, {"AR", 2}}

var abroadCountries = []struct {
	code string
	w    int
}{{"IN", 14}, {"PK", 8}, {"PH", 10}, {"UA", 10}, {"PL", 6}, {"BR", 8}, {"MX", 6}, {"AR", 6}, {"VN", 8}, {"NG", 6}, {"CN", 9}, {"HK", 3}, {"RU", 4}, {"KR", 2}}

func weighted(r *rand.Rand, l []struct {
	code string
	w    int
}) string {
	t := 0
	for _, x := range l {
		t += x.w
	}
	v := r.IntN(t)
	for _, x := range l {
		if v < x.w {
			return x.code
		}
		v -= x.w
	}
	return l[0].code
}

// claimCountry is where the person says they live.
func (g *gen) claimCountry(idx int) *country {
	s := g.slots[idx]
	r := g.rng(idx, 1)
	switch {
	case s.group == gRing:
		return g.rings[s.unit].claim
	case s.group == groupCode(GroupFreelancerAbroad):
		return countries[weighted(r, abroadCountries)]
	case s.group == groupCode(GroupKoreanHeritage):
		if r.IntN(10) < 3 {
			return countries["KR"]
		}
		return countries["US"]
	case s.group == groupCode(GroupTraveller):
		if r.IntN(10) < 3 {
			return countries[pick(r, []string{"PT", "ES", "DE", "GB"})]
		}
		return countries["US"]
	case s.group >= gFirstLookalike:
		switch groupNames[s.group] {
		case GroupCouple, GroupRoommates, GroupSpousePayee, GroupNeighbours, GroupCoworking, GroupOfficeShipTo, GroupCorporateVPN, GroupHelpdesk, GroupNightShift, GroupRecruiter:
			return countries["US"]
		}
	}
	return countries[weighted(r, plainCountries)]
}

// profile is a person's record plus how the person behaves, which the
// events follow.
type profile struct {
	idx     int
	id      string
	rec     Person
	country *country
	claimTZ *time.Location
	workTZ  *time.Location // the zone the person keeps office hours in
	gitTZ   *time.Location // the zone git records commits in
	devTZ   *time.Location // the device's setting, which browsers report
	start   int            // first working hour, local
	night   bool
	onCall  bool
	weekend float64

	homeKey   int
	homeASN   asn
	homeCC    string
	v6        bool
	mobileASN asn
	farmKey   int // the laptop farm's network, or -1
	farmShare float64

	vpnApp     string
	vpnExit    asn
	vpnKey     int // corporate egress pool
	vpnShare   float64
	vpnCC      string
	astrill    float64
	hosting    float64
	foreign    float64
	foreignASN asn
	foreignCC  string
	trips      []trip

	lang    string
	ua      string
	devices []string
	dev     bool // writes code
	events  int
}

// trip is a stretch of days spent elsewhere.
type trip struct {
	from, to int
	c        *country
	tz       *time.Location
}

var titles = []string{"Software Engineer", "Senior Software Engineer", "Backend Developer", "Frontend Developer", "Full Stack Developer", "DevOps Engineer", "Data Engineer", "Mobile Developer", "QA Engineer", "Product Designer", "Data Analyst", "Site Reliability Engineer", "Engineering Manager", "Machine Learning Engineer"}

var (
	baseSoftware = []string{"Google Chrome", "Slack", "Zoom", "Microsoft Teams", "Visual Studio Code", "Docker Desktop", "1Password", "CrowdStrike Falcon Sensor", "Microsoft Office", "iTerm2", "IntelliJ IDEA", "Postman", "Git", "Firefox", "Notion", "Figma"}
	remoteTools  = []string{"AnyDesk", "TeamViewer", "RustDesk", "Chrome Remote Desktop", "Splashtop Streamer", "ScreenConnect Client", "TightVNC Server"}
	helpdeskRMM  = []string{"AnyDesk", "TeamViewer", "ConnectWise ScreenConnect", "Splashtop Business", "BeyondTrust Remote Support", "Microsoft Remote Desktop"}
	baseUSB      = []string{"Logitech USB Receiver (046d:c52b)", "Apple Magic Keyboard (05ac:026c)", "Dell USB-C Dock WD19 (413c:b06e)", "Jabra Evolve2 65 (0b0e:24c9)", "YubiKey 5 NFC (1050:0407)", "SanDisk Ultra USB 3.0 (0781:5591)", "Logitech BRIO (046d:085e)", "CalDigit TS4 (2188:0047)"}
	kvmUSB       = []string{"PiKVM Composite KVM (1d6b:0104)", "TinyPilot Multifunction Composite Gadget (1d6b:0104)", "JetKVM HID Gadget (1d6b:0104)", "Linux Foundation Multifunction Composite Gadget (1d6b:0104)", "PiKVM V4 Mini (1d6b:0104)"}
	benignAV     = []string{"Elgato Cam Link 4K (0fd9:0066)", "Blue Yeti (b58e:9e84)", "Wacom Intuos (056a:0374)"}
	userAgents   = []string{
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
	}
	personalDomains = []string{"gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me", "aol.com"}
	localDomains    = map[string][]string{"DE": {"gmx.de", "web.de"}, "RU": {"yandex.ru", "mail.ru"}, "CN": {"qq.com", "163.com"}, "KR": {"naver.com", "daum.net"}, "IN": {"rediffmail.com"}, "BR": {"uol.com.br"}, "UA": {"ukr.net"}, "PL": {"wp.pl", "onet.pl"}}
)

func (g *gen) loc(name string) *time.Location {
	if l, ok := g.locs[name]; ok {
		return l
	}
	return time.UTC
}

func (g *gen) person(idx int) *profile {
	s := g.slots[idx]
	r := g.rng(idx, 2)
	grp := groupNames[s.group]
	var rg *ring
	var u *unit
	if s.group == gRing {
		rg = g.rings[s.unit]
	} else if s.unit >= 0 {
		u = g.units[s.unit]
	}
	ring := func(k int) bool { return rg != nil && rg.links[s.member]&(1<<k) != 0 }
	sig := func(p float64) bool {
		if rg == nil {
			return false
		}
		if s.weak {
			p /= 2
		}
		return r.Float64() < p
	}
	sm := g.cfg.Signals

	w := g.identity(idx)
	c := g.claimCountry(idx)
	ct := &c.cities[r.IntN(len(c.cities))]
	p := &profile{idx: idx, id: g.id(idx), country: c, farmKey: -1, homeKey: idx, homeCC: c.code, weekend: 0.08}
	p.claimTZ = g.loc(ct.tz)
	p.workTZ, p.gitTZ, p.devTZ = p.claimTZ, p.claimTZ, p.claimTZ
	p.start = 8 + r.IntN(3)
	p.homeASN = pick(r, c.isps)
	p.mobileASN = pick(r, c.mobiles)
	p.v6 = r.IntN(3) == 0
	p.lang = c.lang
	p.ua = pick(r, userAgents[:5])

	rec := &p.rec
	rec.Kind = "person"
	rec.ID = p.id

	// Role, employer, title.
	switch {
	case rg != nil:
		rec.Role = rg.roles[s.member]
	case grp == GroupFreelancerAbroad:
		rec.Role = pick(r, []string{"freelancer", "freelancer", "contractor"})
	case grp == GroupHelpdesk || grp == GroupNightShift || grp == GroupRecruiter || grp == GroupOfficeShipTo || grp == GroupCorporateVPN:
		rec.Role = "employee"
	default:
		rec.Role = pick(r, []string{"employee", "employee", "employee", "contractor", "freelancer", "applicant", "applicant"})
	}
	var o *org
	switch {
	case rg != nil:
		o = rg.orgs[int(s.member)%len(rg.orgs)]
	case u != nil && u.org != nil:
		o = u.org
	default:
		o = g.orgs[r.IntN(len(g.orgs))]
	}
	if rec.Role != "freelancer" || r.IntN(2) == 0 {
		rec.Org = o.name
	}
	rec.Title = pick(r, titles)
	switch {
	case rg != nil:
		rec.Title = rg.title
	case grp == GroupHelpdesk:
		rec.Title = pick(r, []string{"IT Support Specialist", "Help Desk Technician", "Systems Administrator", "Desktop Support Engineer"})
	case grp == GroupRecruiter && s.member == 0:
		rec.Title = "Technical Recruiter"
	case grp == GroupNightShift:
		rec.Title = pick(r, []string{"Site Reliability Engineer", "NOC Engineer", "Support Engineer (night shift)", "Security Operations Analyst"})
	}
	if r.IntN(15) == 0 {
		rec.Title = ""
	}
	p.dev = strings.Contains(rec.Title, "Engineer") || strings.Contains(rec.Title, "Developer")

	// Names as they appear across systems.
	rec.LegalName = w.full()
	if r.IntN(8) == 0 {
		rec.LegalName = strings.ToUpper(w.family) + ", " + w.given
		if w.middle != "" {
			rec.LegalName += " " + w.middle
		}
	}
	rec.Names = []string{w.given + " " + w.family}
	if strings.Contains(w.given, "-") && r.IntN(2) == 0 {
		rec.Names = append(rec.Names, strings.ReplaceAll(w.given, "-", " ")+" "+w.family)
	}
	if nick, ok := nicknames[w.given]; ok && r.IntN(2) == 0 {
		rec.Names = append(rec.Names, nick+" "+w.family)
	}
	if rg != nil && !s.weak && sig(0.15) {
		// Identity confusion: another persona's name on a profile.
		other := g.identity(int(rg.members[(int(s.member)+1)%len(rg.members)]))
		rec.Names = append(rec.Names, other.given+" "+other.family)
	}

	// Date of birth.
	year := 1965 + r.IntN(38)
	switch r.IntN(20) {
	case 0:
	case 1, 2:
		rec.DOB = fmt.Sprint(year)
	default:
		rec.DOB = fmt.Sprintf("%d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28))
	}

	// E-mail addresses.
	handle4 := sig(sm.HandleDigits) || (rg == nil && r.IntN(7) == 0)
	local := emailLocal(r, w, year, handle4)
	dom := pick(r, personalDomains)
	if l, ok := localDomains[c.code]; ok && r.IntN(2) == 0 {
		dom = pick(r, l)
	}
	if ring(lEmail) {
		local, dom = rg.emailLocal, "gmail.com"
	}
	rec.Emails = []string{gmailVariant(r, local, dom, ring(lEmail))}
	if r.IntN(25) == 0 {
		rec.Emails[0] = strings.ToUpper(rec.Emails[0][:1]) + rec.Emails[0][1:]
	}
	if dom == "gmail.com" && r.IntN(6) == 0 {
		rec.Emails = append(rec.Emails, gmailVariant(r, local, dom, true)) // the same inbox written twice
	}
	if rec.Org != "" && rec.Role != "applicant" && rec.Role != "freelancer" && r.IntN(3) > 0 {
		rec.Emails = append(rec.Emails, strings.ToLower(asciiFold.Replace(w.given))+"."+strings.ToLower(asciiFold.Replace(w.family))+fmt.Sprint(idx%97)+"@"+o.domain)
	}

	// Phones.
	ph := newPhone(r, c, ct)
	if ring(lPhone) {
		ph = rg.phone
	}
	rec.Phones = []string{ph.render(r)}
	if r.IntN(10) == 0 {
		rec.Phones = append(rec.Phones, ph.render(r)) // one number typed two ways
	}
	if r.IntN(12) == 0 {
		rec.Phones = append(rec.Phones, newPhone(r, c, ct).render(r))
	}

	rec.Claimed = Claimed{Country: c.code, City: ct.name, Timezone: ct.tz}
	switch r.IntN(25) {
	case 0:
		rec.Claimed.Timezone = ""
	case 1:
		rec.Claimed.City = ""
	}

	// Home and where the laptop goes.
	home := newAddress(r, c, ct)
	if u != nil && (grp == GroupCouple || grp == GroupRoommates || grp == GroupSpousePayee || grp == GroupNeighbours) {
		home = u.addr
		if grp == GroupNeighbours {
			home.unit = fmt.Sprintf("%d%c", 1+r.IntN(12), 'A'+rune(s.member))
		}
		if grp != GroupNeighbours {
			p.homeKey = u.homeKey
		}
		p.homeASN = pickASN(u.homeKey, c.isps)
	}
	if rec.Role != "applicant" || r.IntN(2) == 0 {
		rec.HomeAddress = home.render(r, "")
	}
	if rec.Role == "employee" || rec.Role == "contractor" {
		switch {
		case ring(lShipTo):
			attn := ""
			if r.IntN(3) == 0 {
				attn = "c/o " + rg.facilitator
			}
			rec.ShipTo = rg.farm.render(r, attn)
		case grp == GroupCoworking:
			rec.ShipTo = u.addr.render(r, pick(r, []string{"Attn: IT", "Attn: " + w.given + " " + w.family, "", "c/o Front Desk"}))
		case grp == GroupOfficeShipTo:
			rec.ShipTo = o.office.render(r, pick(r, []string{"Attn: IT", "Attn: IT Dept", "ATTN: Facilities", ""}))
		case r.IntN(2) == 0:
			rec.ShipTo = home.render(r, "")
		}
	}

	// Payouts.
	p.payouts(r, g, w, c, s, rg, u, grp, home)

	// Resume, photo, GitHub.
	years := 2 + r.IntN(15)
	school := pick(r, usSchools)
	if l, ok := localSchools[c.code]; ok && c.code != "US" {
		school = pick(r, l)
	}
	if sig(sm.ForeignEducation) || (rg == nil && c.code == "US" && r.IntN(12) == 0) {
		school = pick(r, farSchools)
		if rg == nil {
			school = pick(r, []string{"IIT Bombay", "University of Lagos", "Universidade de Sao Paulo", "Seoul National University", "Zhejiang University", "Kyiv Polytechnic Institute"})
		}
	}
	extra := ""
	if s.korean {
		extra = pick(r, []string{"Languages: English (native), Korean (conversational)", "Languages: Korean (native), English (fluent)", "Volunteer: Korean-language tutor at the community center", "Languages: English, Korean (한국어)"})
	}
	tmpl := -1
	if grp == GroupResumeTemplate {
		tmpl = u.template
	}
	if rec.Role != "employee" || r.IntN(3) == 0 {
		rec.ResumeText = writeResume(r, resumeOpts{name: w.full(), title: rec.Title, school: school, years: years, template: tmpl, extra: extra})
	}
	if ring(lResume) {
		rec.ResumeText = nearCopy(r, rg.resume, w.full(), school)
	}
	if r.IntN(5) > 0 || ring(lPhoto) {
		h := r.Uint64()
		if ring(lPhoto) {
			h = rg.photo
			for range r.IntN(5) {
				h ^= 1 << r.IntN(64)
			}
		}
		rec.PhotoPHash = fmt.Sprintf("%016x", h)
	}
	if p.dev && r.IntN(4) > 0 {
		rec.GitHub = handleFor(r, w.given, w.family, handle4)
		if r.IntN(4) == 0 {
			rec.GitHub = "https://github.com/" + rec.GitHub
		}
	}

	// Referrals.
	switch {
	case rg != nil && rg.referrer[s.member] >= 0:
		rec.ReferredBy = g.id(int(rg.members[rg.referrer[s.member]]))
	case grp == GroupRecruiter && s.member > 0:
		rec.ReferredBy = g.id(int(u.members[0]))
	case rg == nil && r.IntN(25) == 0:
		// An ordinary referral from a colleague: an earlier plain hire.
		if other := r.IntN(g.cfg.People); g.slots[other].group == gPlain && other != idx {
			rec.ReferredBy = g.id(other)
		}
	}

	// Interview.
	if sig(sm.CameraRefused) || (rg == nil && r.IntN(40) == 0) {
		rec.Interview.CameraRefused = true
		rec.Interview.Notes = pick(r, cameraNotes)
	}
	if sig(sm.InPersonRefused) || (rg == nil && r.IntN(25) == 0) {
		rec.Interview.InPersonRefused = true
		if rec.Interview.Notes == "" || r.IntN(2) == 0 {
			rec.Interview.Notes = strings.TrimSpace(rec.Interview.Notes + " " + pick(r, onsiteNotes))
		}
	}
	if rec.Interview.Notes == "" && r.IntN(3) == 0 {
		rec.Interview.Notes = pick(r, benignNotes)
	}

	// Where the person really works from, and how.
	if sig(sm.AsiaHours) {
		p.workTZ = g.loc(rg.team)
		p.start = 8 + r.IntN(3)
		p.weekend = 0.3
	}
	if sig(sm.CommitOffset) {
		p.gitTZ = g.loc(rg.team)
	}
	if sig(sm.DeviceTimezone) {
		p.devTZ = g.loc(rg.team)
	}
	if ring(lHomeIP) {
		p.farmKey = rg.farmKey
		p.farmShare = 0.5 + r.Float64()*0.4
		p.homeASN = pickASN(rg.farmKey, countries["US"].isps)
	}
	if sig(sm.Astrill) {
		p.astrill = 0.3 + r.Float64()*0.6
	}
	if sig(sm.Hosting) {
		p.hosting = 0.1 + r.Float64()*0.3
	}
	if sig(sm.ForeignEgress) {
		p.foreign = 0.05 + r.Float64()*0.2
		p.foreignCC = pick(r, []string{"CN", "CN", "RU"})
		p.foreignASN = pick(r, countries[p.foreignCC].isps)
	}
	switch grp {
	case GroupNightShift:
		if r.IntN(3) == 0 {
			p.onCall = true
		} else {
			p.night = true
			p.start = 21 + r.IntN(3)
		}
	case GroupCorporateVPN:
		p.vpnApp, p.vpnExit, p.vpnKey = o.vpnApp, o.vpnExit, o.vpnKey
		p.vpnShare = 0.7 + r.Float64()*0.3
		p.vpnCC = "US"
	case GroupPrivacyVPN:
		v := pick(r, privacyVPNs)
		p.vpnApp, p.vpnExit, p.vpnKey = v.app, v.exit, -1
		p.vpnShare = 0.4 + r.Float64()*0.5
		p.vpnCC = pick(r, []string{"US", "US", "NL", "CH", "SE", "DE", "GB"})
		if r.IntN(8) == 0 {
			p.astrill = 0.5 // expats who kept the VPN they used in China
		}
	case GroupTraveller:
		p.trips = g.trips(r, c)
	case GroupKoreanHeritage:
		if c.code != "KR" {
			if r.IntN(3) == 0 {
				kr := countries["KR"]
				from := r.IntN(max(1, g.cfg.Days-14))
				p.trips = []trip{{from: from, to: from + 7 + r.IntN(10), c: kr, tz: g.loc("Asia/Seoul")}}
			}
			if r.IntN(2) == 0 {
				p.lang = pick(r, []string{"en-US,en;q=0.9,ko;q=0.8", "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"})
			}
		}
	}
	if s.korean && grp != GroupKoreanHeritage && r.IntN(2) == 0 {
		p.lang = "en-US,en;q=0.9,ko;q=0.8"
	}
	if rg != nil && sig(sm.LocaleLeak) {
		p.lang = pick(r, []string{"ko-KR,ko;q=0.9,en-US;q=0.8", "zh-CN,zh;q=0.9,en;q=0.8", "en-US,en;q=0.9,ko;q=0.7"})
	}

	// Devices.
	p.devices = g.devices(r, p, rec, s, rg, grp, sig)

	// How many events: between half and one and a half times the mean,
	// so that N people make about N*K events.
	p.events = int(float64(g.cfg.EventsPerPerson)*(0.5+r.Float64()) + 0.5)
	return p
}

var nicknames = map[string]string{"Robert": "Bob", "William": "Bill", "Richard": "Rick", "James": "Jim", "Michael": "Mike", "Elizabeth": "Liz", "Jennifer": "Jen", "Christopher": "Chris", "Daniel": "Dan", "Matthew": "Matt", "Joseph": "Joe", "Katherine": "Kate", "Alexander": "Alex", "Aleksandr": "Sasha", "Jonathan": "Jon", "Nicholas": "Nick", "Rebecca": "Becky", "Samantha": "Sam"}

// asciiFold turns a name into the letters e-mail addresses and handles
// are made of: "Muñoz" becomes "munoz".
var asciiFold = strings.NewReplacer(" ", "", "-", "", "'", "", "á", "a", "à", "a", "ä", "a", "â", "a", "ã", "a", "å", "a", "é", "e", "è", "e", "ë", "e", "ê", "e",
	"í", "i", "ì", "i", "ï", "i", "î", "i", "ó", "o", "ò", "o", "ö", "o", "ô", "o", "õ", "o", "ø", "o", "ú", "u", "ù", "u", "ü", "u", "û", "u",
	"ñ", "n", "ç", "c", "ł", "l", "ß", "ss", "Ñ", "n", "Ç", "c")

func emailLocal(r *rand.Rand, w identity, year int, digits4 bool) string {
	g := strings.ToLower(asciiFold.Replace(w.given))
	f := strings.ToLower(asciiFold.Replace(w.family))
	if digits4 {
		return g + fmt.Sprint(1000+r.IntN(9000))
	}
	switch r.IntN(6) {
	case 0:
		return g + "." + f + fmt.Sprint(r.IntN(100))
	case 1:
		return g[:1] + f + fmt.Sprint(year%100)
	case 2:
		return g + "_" + f + fmt.Sprint(r.IntN(1000))
	case 3:
		return f + "." + g + fmt.Sprint(10+r.IntN(90))
	case 4:
		return g + f + fmt.Sprint(year)
	default:
		return g + "." + f + "." + fmt.Sprint(r.IntN(1000))
	}
}

// gmailVariant writes a Gmail address with the dots and plus-tags Gmail
// ignores, so that one inbox appears under several spellings.
func gmailVariant(r *rand.Rand, local, dom string, vary bool) string {
	if dom != "gmail.com" || !vary {
		return local + "@" + dom
	}
	plain := strings.ReplaceAll(local, ".", "")
	var b strings.Builder
	for i, ch := range plain {
		if i > 0 && i < len(plain)-1 && r.IntN(5) == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(ch)
	}
	if r.IntN(2) == 0 {
		b.WriteString("+" + pick(r, []string{"jobs", "work", "upwork", "hr", "dev", "apply"}))
	}
	s := b.String()
	if r.IntN(5) == 0 {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s + "@" + pick(r, []string{"gmail.com", "gmail.com", "googlemail.com", "Gmail.com"})
}

func pickASN(key int, l []asn) asn { return l[int(mix32(uint32(key)))%len(l)] }

func (p *profile) payouts(r *rand.Rand, g *gen, w identity, c *country, s slot, rg *ring, u *unit, grp string, home address) {
	rec := &p.rec
	sm := g.cfg.Signals
	holder := w.full()
	switch r.IntN(5) {
	case 0:
		holder = strings.ToUpper(holder)
	case 1:
		holder = strings.ToUpper(w.family) + " " + strings.ToUpper(w.given)
	}
	sig := func(x float64) bool {
		if rg == nil {
			return false
		}
		if s.weak {
			x /= 2
		}
		return r.Float64() < x
	}
	own := func() Payout {
		if rec.Role == "freelancer" && r.IntN(2) == 0 {
			m := pick(r, []string{"paypal", "payoneer", "wise"})
			return Payout{Method: m, HolderName: holder, Account: rec.Emails[0], Country: c.code}
		}
		a := newBankAccount(r, c)
		return Payout{Method: "bank", HolderName: holder, Account: a.text(r), Bank: a.bank, Country: c.code}
	}
	if rec.Role == "applicant" {
		return
	}
	var pay []Payout
	switch {
	case rg != nil:
		ringRouted := rg.links[s.member]&(1<<lPayout) != 0
		ringWallet := rg.links[s.member]&(1<<lWallet) != 0
		cur := own()
		if sig(sm.OtherHolder) {
			cur.HolderName = g.usGiven(r, r.IntN(2) == 0) + " " + g.names.usFamily.draw(r)
		}
		if sig(sm.ForeignPayout) {
			cc := pick(r, []string{"CN", "HK", "RU"})
			a := newBankAccount(r, countries[cc])
			cur = Payout{Method: "bank", HolderName: g.foreignHolder(r, cc), Account: a.text(r), Bank: a.bank, Country: cc}
		}
		// The ring's own destinations replace the persona's; a persona can
		// be paid to both the ring's account and its wallet.
		var ringPay []Payout
		if ringRouted {
			ringPay = append(ringPay, Payout{Method: "bank", HolderName: rg.payoutName, Account: rg.payout.text(r), Bank: rg.payout.bank, Country: rg.payoutCC})
		}
		if ringWallet {
			wl := rg.wallet
			if rg.listedWall != "" {
				wl = rg.listedWall
			}
			ringPay = append(ringPay, Payout{Method: "crypto", HolderName: holder, Account: wl, Country: c.code, Wallet: wl})
		}
		if len(ringPay) == 0 {
			if sig(sm.Crypto) {
				wl := newWallet(r)
				cur = Payout{Method: "crypto", HolderName: holder, Account: wl, Country: c.code, Wallet: wl}
			}
			ringPay = []Payout{cur}
		}
		if rg.listedName != "" && (ringRouted || (!s.weak && r.IntN(2) == 0)) {
			ringPay[0].HolderName = rg.listedName
		}
		if sig(sm.PayoutChanges) {
			// Several changes within months: older accounts of its own.
			for k := 2 + r.IntN(2); k > 0; k-- {
				old := own()
				old.ChangedAt = g.dayString(-30*k - r.IntN(20))
				pay = append(pay, old)
			}
			ringPay[len(ringPay)-1].ChangedAt = g.dayString(-r.IntN(20))
		}
		pay = append(pay, ringPay...)
	case grp == GroupCouple && u.joint:
		partner := g.identity(int(u.members[1-int(s.member)]))
		names := w.given + " and " + partner.given + " " + w.family
		if r.IntN(2) == 0 {
			names = partner.full()
		}
		pay = append(pay, Payout{Method: "bank", HolderName: names, Account: u.account.text(r), Bank: u.account.bank, Country: "US"})
	case grp == GroupSpousePayee:
		sp := g.rng(int(s.unit)+g.cfg.People, 3)
		spouse := identity{given: g.usGiven(sp, !w.female), family: w.family}
		if sp.IntN(10) < 3 {
			spouse.family = g.names.usFamily.draw(sp)
		}
		a := newBankAccount(r, c)
		pay = append(pay, Payout{Method: "bank", HolderName: spouse.full(), Account: a.text(r), Bank: a.bank, Country: c.code})
	case grp == GroupFreelancerAbroad:
		cur := own()
		if r.IntN(8) == 0 {
			wl := newWallet(r)
			cur = Payout{Method: "crypto", HolderName: holder, Account: wl, Country: c.code, Wallet: wl}
		}
		pay = append(pay, cur)
	case grp == GroupKoreanHeritage && c.code == "KR":
		a := newBankAccount(r, c)
		pay = append(pay, Payout{Method: "bank", HolderName: holder, Account: a.text(r), Bank: a.bank, Country: "KR"})
	default:
		if r.IntN(12) == 0 {
			old := own()
			old.ChangedAt = g.dayString(-200 - r.IntN(600))
			pay = append(pay, old)
		}
		pay = append(pay, own())
		if r.IntN(40) == 0 {
			wl := newWallet(r) // some honest people take part of their pay in crypto
			pay = append(pay, Payout{Method: "crypto", HolderName: holder, Account: wl, Country: c.code, Wallet: wl})
		}
	}
	rec.Payouts = pay
}

func (g *gen) dayString(offset int) string {
	return g.end.AddDate(0, 0, offset).Format(time.DateOnly)
}

func (g *gen) trips(r *rand.Rand, home *country) []trip {
	places := []string{"MX", "PT", "ES", "TH", "ID", "JP", "GB", "DE", "BR", "AR", "VN", "AE", "NL", "KR"}
	var ts []trip
	day := r.IntN(5)
	for day < g.cfg.Days-3 {
		cc := pick(r, places)
		if cc == home.code {
			continue
		}
		c := countries[cc]
		ct := &c.cities[r.IntN(len(c.cities))]
		n := 4 + r.IntN(10)
		ts = append(ts, trip{from: day, to: day + n, c: c, tz: g.loc(ct.tz)})
		day += n + r.IntN(6)
	}
	return ts
}

func (g *gen) devices(r *rand.Rand, p *profile, rec *Person, s slot, rg *ring, grp string, sig func(float64) bool) []string {
	if rec.Role == "applicant" {
		return nil
	}
	sm := g.cfg.Signals
	n := 1
	if r.IntN(6) == 0 {
		n = 2
	}
	var ids []string
	for range n {
		d := Device{ID: deviceID(r)}
		if rec.Role == "freelancer" {
			d.ID = fmt.Sprintf("fp-%012x", r.Uint64()>>16)
		}
		for _, sw := range baseSoftware {
			if r.IntN(3) == 0 {
				d.Software = append(d.Software, sw)
			}
		}
		for _, u := range baseUSB {
			if r.IntN(4) == 0 {
				d.USB = append(d.USB, u)
			}
		}
		if d.Software == nil {
			d.Software = []string{"Google Chrome"}
		}
		if d.USB == nil {
			d.USB = []string{}
		}
		switch {
		case grp == GroupHelpdesk:
			d.Software = append(d.Software, pick(r, helpdeskRMM), pick(r, helpdeskRMM))
			if r.IntN(4) == 0 {
				d.USB = append(d.USB, pick(r, benignAV))
			}
			if r.IntN(20) == 0 {
				d.USB = append(d.USB, kvmUSB[0]) // the lab's KVM for the server room
			}
		case rg == nil && r.IntN(40) == 0:
			d.Software = append(d.Software, pick(r, []string{"TeamViewer", "AnyDesk", "Chrome Remote Desktop"})) // helping family
		case rg == nil && r.IntN(30) == 0:
			d.USB = append(d.USB, pick(r, benignAV))
		}
		if sig(sm.RemoteControl) {
			d.Software = append(d.Software, pick(r, remoteTools))
		}
		if sig(sm.IPKVM) {
			d.USB = append(d.USB, pick(r, kvmUSB))
		}
		if p.astrill > 0 {
			d.Software = append(d.Software, "Astrill VPN")
		}
		if p.vpnApp != "" {
			d.Software = append(d.Software, p.vpnApp)
		}
		r.Shuffle(len(d.Software), func(i, j int) { d.Software[i], d.Software[j] = d.Software[j], d.Software[i] })
		switch r.IntN(10) {
		case 0, 1:
			// Inventories that list versions: "AnyDesk 8.1.0".
			for i, sw := range d.Software {
				d.Software[i] = fmt.Sprintf("%s %d.%d.%d", sw, 1+r.IntN(20), r.IntN(10), r.IntN(100))
			}
		case 2:
			// macOS application bundles: "AnyDesk.app".
			for i, sw := range d.Software {
				d.Software[i] = sw + ".app"
			}
		}
		if r.IntN(8) > 0 {
			d.Locale = localeFor(p.lang)
			d.Timezone = p.devTZ.String()
		}
		// Layout names as macOS, Windows and MDM tools report them.
		style := r.IntN(4)
		d.KeyboardLayouts = []string{layoutName(p.country.code, style)}
		if s.korean && p.country.code != "KR" && r.IntN(3) > 0 {
			d.KeyboardLayouts = append(d.KeyboardLayouts, layoutName("KR", style))
			if grp == GroupKoreanHeritage && r.IntN(2) == 0 {
				d.Software = append(d.Software, "KakaoTalk")
			}
		}
		if rg != nil && sig(sm.LocaleLeak) {
			d.KeyboardLayouts = append(d.KeyboardLayouts, layoutName(pick(r, []string{"KR", "CN"}), style))
		}
		if r.IntN(10) == 0 {
			d.KeyboardLayouts = nil
		}
		rec.Devices = append(rec.Devices, d)
		ids = append(ids, d.ID)
	}
	return ids
}

func deviceID(r *rand.Rand) string {
	const al = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	b := make([]byte, 9)
	for i := range b {
		b[i] = al[r.IntN(len(al))]
	}
	switch r.IntN(3) {
	case 0:
		return "C02" + string(b)
	case 1:
		return "5CG" + string(b[:7])
	default:
		return "PF" + string(b[:6])
	}
}

func localeFor(lang string) string {
	l := lang
	if i := strings.IndexByte(l, ','); i > 0 {
		l = l[:i]
	}
	return strings.ReplaceAll(l, "-", "_")
}

// layoutName names a country's keyboard layout in one of four styles:
// macOS display name, macOS identifier, Windows KLID, short MDM name.
func layoutName(cc string, style int) string {
	names, ok := layouts[cc]
	if !ok {
		if style == 3 {
			return cc
		}
		names = layouts["US"]
	}
	return names[style]
}

var layouts = map[string][4]string{
	"US": {"U.S.", "com.apple.keylayout.US", "00000409", "US"},
	"CA": {"Canadian", "com.apple.keylayout.Canadian", "00001009", "CA"},
	"GB": {"British", "com.apple.keylayout.British", "00000809", "GB"},
	"DE": {"German", "com.apple.keylayout.German", "00000407", "DE"},
	"ES": {"Spanish", "com.apple.keylayout.Spanish-ISO", "0000040a", "ES"},
	"PT": {"Portuguese", "com.apple.keylayout.Portuguese", "00000816", "PT"},
	"BR": {"Brazilian", "com.apple.keylayout.Brazilian-ABNT2", "00000416", "BR"},
	"PL": {"Polish Pro", "com.apple.keylayout.PolishPro", "00000415", "PL"},
	"UA": {"Ukrainian", "com.apple.keylayout.Ukrainian", "00000422", "UA"},
	"RU": {"Russian", "com.apple.keylayout.Russian", "00000419", "RU"},
	"NL": {"Dutch", "com.apple.keylayout.Dutch", "00000413", "NL"},
	"MX": {"Latin American", "com.apple.keylayout.LatinAmerican", "0000080a", "LA"},
	"AR": {"Latin American", "com.apple.keylayout.LatinAmerican", "0000080a", "LA"},
	"KR": {"Korean (2-Set)", "com.apple.inputmethod.Korean.2SetKorean", "00000412", "2-Beolsik"},
	"CN": {"Pinyin - Simplified", "com.apple.inputmethod.SCIM.ITABC", "00000804", "Chinese (Simplified) - Pinyin"},
	"JP": {"Kotoeri Romaji", "com.apple.inputmethod.Kotoeri.RomajiTyping", "00000411", "JP"},
	"VN": {"Vietnamese", "com.apple.keylayout.Vietnamese", "0000042a", "VN"},
}
