package hire

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// GenConfig sizes a generated population.
type GenConfig struct {
	People          int
	EventsPerPerson int
	Seed            uint64
	// RingShare is the share of people who are ring personas (default 4%).
	RingShare float64
}

// GenTruth is what a generated population really is.
type GenTruth struct {
	Ring    map[string]string // person → ring id (core and weakly linked members)
	Weak    map[string]bool   // members tied to their ring by one identifier only
	Korean  map[string]bool   // staff of Korean heritage with consistent records
	Benign  map[string]string // person → look-alike kind ("plain", "couple", "night_shift", ...)
	Persons int
	Events  int
}

// Generate writes a small-world population with rings and the benign
// look-alikes of rings, as JSONL (people first, then events in no order
// of time or person). It is the test and benchmark data of this package:
// simple, fast and independent of the hire/synth generator, so that the
// engine is not tuned to one generator.
func Generate(w io.Writer, cfg GenConfig) (*GenTruth, error) {
	g := &gen{r: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5bd1e995)), bw: bufio.NewWriterSize(w, 1<<20), cfg: cfg}
	if g.cfg.RingShare == 0 {
		g.cfg.RingShare = 0.04
	}
	g.truth = &GenTruth{Ring: map[string]string{}, Weak: map[string]bool{}, Korean: map[string]bool{}, Benign: map[string]string{}}
	g.people()
	g.events()
	return g.truth, g.bw.Flush()
}

type gperson struct {
	id, name, surname, country, tz, city string
	org, title                           string
	home, ship                           string
	phone, email, account, holder        string
	payCountry, method, wallet           string
	resume, photo                        string
	ip                                   string
	ip6                                  bool
	workOffset                           int // hour offset of the real working day, UTC
	travel, astrill                      bool
	privacyVPN, corpVPN, korean, kvm     bool
	commitOffset                         string
	remote, locale, keyboard, deviceTZ   string
	device, referredBy                   string
	camera                               bool
	loginCountry                         string
}

type gen struct {
	r     *rand.Rand
	bw    *bufio.Writer
	cfg   GenConfig
	ps    []*gperson
	truth *GenTruth
	buf   []byte
}

var (
	genGiven    = []string{"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Maria", "Ahmed", "Fatima", "Wei", "Priya", "Raj", "Anna", "Lukas", "Sofia", "Mateo", "Olivia", "Noah", "Emma", "Liam", "Ava", "Ethan", "Mia", "Daniel", "Grace", "Kevin", "Rachel"}
	genSurname  = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "Allen", "Wright", "Patel", "Nguyen", "Chen", "Mueller", "Schmidt", "Rossi", "Silva", "Kowalski", "Novak", "Cohen"}
	genKGiven   = []string{"Min-jun", "Seo-yeon", "Ji-hoon", "Ha-eun", "Do-yun", "Ji-woo", "Eun-ji", "Hyun-woo", "Soo-jin", "Jae-won", "Daniel", "Grace", "Sarah", "David"}
	genKSurname = []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Shin"}
	genStreets  = []string{"Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Main", "Sunset", "River", "Church", "Highland", "Forest", "Meadow", "Spring", "Willow", "Jefferson", "Lincoln"}
	genTypes    = [][2]string{{"Street", "St"}, {"Avenue", "Ave"}, {"Road", "Rd"}, {"Drive", "Dr"}, {"Lane", "Ln"}, {"Boulevard", "Blvd"}}
	genCities   = []struct{ city, state, zip, tz, area string }{
		{"Springfield", "IL", "62701", "America/Chicago", "217"}, {"Austin", "TX", "78701", "America/Chicago", "512"},
		{"Denver", "CO", "80202", "America/Denver", "303"}, {"Seattle", "WA", "98101", "America/Los_Angeles", "206"},
		{"Boston", "MA", "02108", "America/New_York", "617"}, {"Atlanta", "GA", "30303", "America/New_York", "404"},
		{"Phoenix", "AZ", "85004", "America/Phoenix", "602"}, {"Columbus", "OH", "43215", "America/New_York", "614"},
		{"Portland", "OR", "97204", "America/Los_Angeles", "503"}, {"Nashville", "TN", "37203", "America/Chicago", "615"},
	}
	genSkills = []string{"Go", "Python", "React", "Kubernetes", "PostgreSQL", "AWS", "TypeScript", "Rust", "Java", "Terraform", "Kafka", "Redis", "GraphQL", "Docker", "Node.js", "Django", "Spark", "Swift", "Kotlin", "Vue"}
	genWords  = strings.Fields("built designed led migrated shipped scaled maintained automated optimised refactored integrated mentored reviewed launched monitored secured tested deployed documented analysed the a an our their new legacy internal customer payments search billing platform service pipeline dashboard api backend frontend mobile data team system cluster feature reporting onboarding checkout inventory analytics latency throughput reliability cost coverage release")
)

func (g *gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *gen) address(num int, street, typ [2]string, unit string, c int) (written string) {
	city := genCities[c]
	st := street[0]
	switch g.r.IntN(4) {
	case 0:
		written = fmt.Sprintf("%d %s %s", num, st, typ[0])
	case 1:
		written = fmt.Sprintf("%d %s %s", num, st, typ[1])
	case 2:
		written = strings.ToUpper(fmt.Sprintf("%d %s %s", num, st, typ[1]))
	default:
		written = fmt.Sprintf("%d %s %s.", num, st, typ[1])
	}
	if unit != "" {
		switch g.r.IntN(3) {
		case 0:
			written += " Apt " + unit
		case 1:
			written += " #" + unit
		default:
			written += ", Unit " + unit
		}
	}
	return written + fmt.Sprintf(", %s, %s %s", city.city, city.state, city.zip)
}

func (g *gen) newAddress(c int) string {
	unit := ""
	if g.r.IntN(2) == 0 {
		unit = strconv.Itoa(1 + g.r.IntN(40))
	}
	return g.address(10+g.r.IntN(9000), [2]string{g.pick(genStreets)}, genTypes[g.r.IntN(len(genTypes))], unit, c)
}

func (g *gen) phone(c int) string {
	n := fmt.Sprintf("%s%03d%04d", genCities[c].area, 200+g.r.IntN(700), g.r.IntN(10000))
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("(%s) %s-%s", n[:3], n[3:6], n[6:])
	case 1:
		return "+1 " + n[:3] + "-" + n[3:6] + "-" + n[6:]
	}
	return n[:3] + "." + n[3:6] + "." + n[6:]
}

func (g *gen) resume(templ int) string {
	var b strings.Builder
	if templ >= 0 {
		// A popular template: the same headings and stock phrases.
		b.WriteString("Professional summary. Results-driven software engineer with a passion for clean code and a proven track record of delivering scalable solutions in fast-paced agile environments. Core competencies include problem solving, teamwork, communication and continuous learning. ")
	}
	for s := 0; s < 8; s++ {
		for w := 0; w < 10; w++ {
			b.WriteString(g.pick(genWords))
			b.WriteByte(' ')
		}
		b.WriteString(g.pick(genSkills))
		b.WriteString(". ")
	}
	return b.String()
}

func (g *gen) base(i int) *gperson {
	c := g.r.IntN(len(genCities))
	p := &gperson{id: fmt.Sprintf("p%06d", i), country: "US", tz: genCities[c].tz, city: genCities[c].city}
	given, sur := g.pick(genGiven), g.pick(genSurname)
	p.name, p.surname = given+" "+sur, sur
	p.org = fmt.Sprintf("Org%d", g.r.IntN(40))
	p.title = "Software Engineer"
	p.home = g.newAddress(c)
	p.phone = g.phone(c)
	p.email = fmt.Sprintf("%s.%s%d@gmail.com", strings.ToLower(given), strings.ToLower(sur), g.r.IntN(1000))
	p.account = fmt.Sprintf("%09d %010d", 21000000+g.r.IntN(9000000), g.r.Int64N(1e10))
	p.holder = p.name
	p.payCountry = "US"
	p.method = "bank"
	p.resume = g.resume(-1)
	p.photo = fmt.Sprintf("%016x", g.r.Uint64())
	p.ip = fmt.Sprintf("%d.%d.%d.%d", 24+g.r.IntN(150), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
	p.ip6 = g.r.IntN(4) == 0
	if p.ip6 {
		p.ip = fmt.Sprintf("2600:%x:%x:%x", g.r.IntN(65536), g.r.IntN(65536), g.r.IntN(65536))
	}
	p.workOffset = zoneOffsetHours(p.tz)
	p.device = fmt.Sprintf("LT-%08X", g.r.Uint32())
	p.locale, p.keyboard, p.deviceTZ = "en-US", "US", p.tz
	p.loginCountry = "US"
	return p
}

func zoneOffsetHours(tz string) int {
	l, err := loadZone(tz)
	if err != nil {
		return 0
	}
	_, off := time.Date(refYear, 3, 1, 12, 0, 0, 0, l).Zone()
	return off / 3600
}

func (g *gen) people() {
	n := g.cfg.People
	rings := int(float64(n) * g.cfg.RingShare)
	i := 0
	ringN := 0
	for i < rings {
		size := min(3+g.r.IntN(6), rings-i)
		if size < 2 {
			break
		}
		g.ring(ringN, i, size)
		i += size
		ringN++
	}
	for ; i < n; i++ {
		p := g.base(i)
		kind := "plain"
		switch x := g.r.IntN(100); {
		case x < 6 && i+1 < n:
			// A couple: one home, network, phone (landline) and account.
			q := g.base(i + 1)
			q.surname = p.surname
			q.name = g.pick(genGiven) + " " + p.surname
			q.home, q.ip, q.ip6, q.tz, q.city, q.workOffset = p.home, p.ip, p.ip6, p.tz, p.city, p.workOffset
			if g.r.IntN(2) == 0 {
				q.account = p.account
				q.holder = p.name
			}
			g.ps = append(g.ps, p)
			g.truth.Benign[p.id], g.truth.Benign[q.id] = "couple", "couple"
			p, kind = q, "couple"
			i++
		case x < 9 && i+1 < n:
			// Roommates: one home and network, different everything else.
			q := g.base(i + 1)
			q.home, q.ip, q.ip6, q.tz, q.workOffset = p.home, p.ip, p.ip6, p.tz, p.workOffset
			g.ps = append(g.ps, p)
			g.truth.Benign[p.id], g.truth.Benign[q.id] = "roommates", "roommates"
			p, kind = q, "roommates"
			i++
		case x < 13:
			kind = "office_ship_to"
			p.ship = fmt.Sprintf("Attn: IT, %s HQ, 500 Market St, Suite 300, San Francisco, CA 94105", p.org)
		case x < 16:
			kind = "it_staff"
			p.title = "IT Support Technician"
			p.remote = "TeamViewer 15"
		case x < 20:
			kind = "night_shift"
			p.workOffset += 12
		case x < 24:
			kind = "traveller"
			p.travel = true
		case x < 28:
			kind = "corporate_vpn"
			p.corpVPN = true
		case x < 31:
			kind = "privacy_vpn"
			p.privacyVPN = true
		case x < 36:
			kind = "template_resume"
			p.resume = g.resume(1)
		case x < 39:
			kind = "freelancer_abroad"
			p.country, p.tz, p.workOffset, p.loginCountry, p.payCountry = "DE", "Europe/Berlin", 1, "DE", "DE"
			p.deviceTZ, p.locale, p.keyboard = "Europe/Berlin", "de-DE", "German"
			p.home = fmt.Sprintf("Hauptstraße %d, 10115 Berlin", 1+g.r.IntN(200))
			p.phone = fmt.Sprintf("030 %08d", g.r.IntN(1e8))
		case x < 42:
			kind = "spouse_payee"
			p.holder = g.pick(genGiven) + " " + p.surname
		case x < 44:
			kind = "recruiter_referral"
			p.referredBy = "p999999"
		case x < 52:
			kind = "korean_heritage"
			p.korean = true
			given, sur := g.pick(genKGiven), g.pick(genKSurname)
			p.name, p.surname, p.holder = given+" "+sur, sur, given+" "+sur
			p.keyboard = "Korean"
			if g.r.IntN(2) == 0 {
				p.locale = "ko-KR"
			}
			p.resume += " Languages: English, Korean (native). "
			if g.r.IntN(3) == 0 {
				// Lives in Korea and says so.
				p.country, p.tz, p.workOffset, p.loginCountry, p.payCountry, p.deviceTZ = "KR", "Asia/Seoul", 9, "KR", "KR", "Asia/Seoul"
				p.home = fmt.Sprintf("%d Teheran-ro, Gangnam-gu, Seoul 06234", 100+g.r.IntN(500))
				p.phone = fmt.Sprintf("010-%04d-%04d", g.r.IntN(10000), g.r.IntN(10000))
			} else {
				p.travel = g.r.IntN(3) == 0 // family visits to Korea
			}
			g.truth.Korean[p.id] = true
		}
		g.truth.Benign[p.id] = kind
		g.ps = append(g.ps, p)
	}
	g.truth.Persons = len(g.ps)
	for _, p := range g.ps {
		g.writePerson(p)
	}
}

// ring makes one team's personas: they share phones, accounts, a laptop
// ship-to and a network, work Asian hours, and pay abroad; the last member
// is tied by one identifier only.
func (g *gen) ring(ringN, start, size int) {
	rid := fmt.Sprintf("ring%d", ringN)
	c := g.r.IntN(len(genCities))
	farm := g.newAddress(c)
	farmIP := fmt.Sprintf("%d.%d.%d.%d", 24+g.r.IntN(150), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
	phone := g.phone(c)
	account := fmt.Sprintf("%09d-%010d", 21000000+g.r.IntN(9000000), g.r.Int64N(1e10))
	facilitator := g.pick(genGiven) + " " + g.pick(genSurname)
	resume := g.resume(-1)
	photo := g.r.Uint64()
	off := 8 + g.r.IntN(2)
	for k := 0; k < size; k++ {
		p := g.base(start + k)
		g.truth.Ring[p.id] = rid
		if k == size-1 && size >= 3 {
			// Weakly linked: one shared identifier, nothing else odd.
			g.truth.Weak[p.id] = true
			switch g.r.IntN(3) {
			case 0:
				p.phone = phone
			case 1:
				p.ship = farm
			default:
				p.account = account
				p.holder = facilitator
			}
			g.ps = append(g.ps, p)
			continue
		}
		p.workOffset = off
		p.ship = farm
		p.ip = farmIP
		p.ip6 = false
		if g.r.IntN(2) == 0 {
			p.phone = phone
		}
		if g.r.IntN(2) == 0 {
			p.account, p.holder = account, facilitator
		}
		if g.r.IntN(3) == 0 {
			p.payCountry = "CN"
		}
		if g.r.IntN(4) == 0 {
			p.method, p.wallet = "crypto", fmt.Sprintf("0x%040x", g.r.Uint64())
		}
		p.astrill = g.r.IntN(2) == 0
		if g.r.IntN(2) == 0 {
			p.remote = "AnyDesk"
		}
		p.kvm = g.r.IntN(6) == 0
		if g.r.IntN(2) == 0 {
			p.commitOffset = fmt.Sprintf("+%02d:00", off)
		}
		if g.r.IntN(2) == 0 {
			p.resume = resume + " " + g.pick(genSkills)
		}
		if g.r.IntN(3) == 0 {
			p.photo = fmt.Sprintf("%016x", photo^(1<<uint(g.r.IntN(64))))
		}
		p.camera = g.r.IntN(3) == 0
		g.ps = append(g.ps, p)
	}
}

func (g *gen) writePerson(p *gperson) {
	b := g.buf[:0]
	b = append(b, `{"kind":"person","id":`...)
	b = strconv.AppendQuote(b, p.id)
	b = append(b, `,"role":"employee","org":`...)
	b = strconv.AppendQuote(b, p.org)
	b = append(b, `,"title":`...)
	b = strconv.AppendQuote(b, p.title)
	b = append(b, `,"legal_name":`...)
	b = strconv.AppendQuote(b, p.name)
	b = append(b, `,"names":[],"emails":[`...)
	b = strconv.AppendQuote(b, p.email)
	b = append(b, `],"phones":[`...)
	b = strconv.AppendQuote(b, p.phone)
	b = append(b, `],"claimed":{"country":`...)
	b = strconv.AppendQuote(b, p.country)
	b = append(b, `,"city":`...)
	b = strconv.AppendQuote(b, p.city)
	b = append(b, `,"timezone":`...)
	b = strconv.AppendQuote(b, p.tz)
	b = append(b, `},"home_address":`...)
	b = strconv.AppendQuote(b, p.home)
	if p.ship != "" {
		b = append(b, `,"ship_to":`...)
		b = strconv.AppendQuote(b, p.ship)
	}
	b = append(b, `,"payouts":[{"method":`...)
	b = strconv.AppendQuote(b, p.method)
	b = append(b, `,"holder_name":`...)
	b = strconv.AppendQuote(b, p.holder)
	b = append(b, `,"account":`...)
	b = strconv.AppendQuote(b, p.account)
	b = append(b, `,"country":`...)
	b = strconv.AppendQuote(b, p.payCountry)
	if p.wallet != "" {
		b = append(b, `,"wallet":`...)
		b = strconv.AppendQuote(b, p.wallet)
	}
	b = append(b, `}],"resume_text":`...)
	b = strconv.AppendQuote(b, p.resume)
	b = append(b, `,"photo_phash":`...)
	b = strconv.AppendQuote(b, p.photo)
	if p.referredBy != "" {
		b = append(b, `,"referred_by":`...)
		b = strconv.AppendQuote(b, p.referredBy)
	}
	b = append(b, `,"interview":{"camera_refused":`...)
	b = strconv.AppendBool(b, p.camera)
	b = append(b, `},"devices":[{"id":`...)
	b = strconv.AppendQuote(b, p.device)
	b = append(b, `,"software":["Slack","Zoom"`...)
	if p.remote != "" {
		b = append(b, ',')
		b = strconv.AppendQuote(b, p.remote)
	}
	b = append(b, `],"usb":[`...)
	if p.kvm {
		b = append(b, `"1d6b:0104 Linux Foundation Multifunction Composite Gadget"`...)
	}
	b = append(b, `],"locale":`...)
	b = strconv.AppendQuote(b, p.locale)
	b = append(b, `,"timezone":`...)
	b = strconv.AppendQuote(b, p.deviceTZ)
	b = append(b, `,"keyboard_layouts":[`...)
	b = strconv.AppendQuote(b, p.keyboard)
	b = append(b, "]}]}\n"...)
	g.buf = b
	g.bw.Write(b)
}

var travelCountries = []string{"GB", "FR", "DE", "JP", "KR", "MX", "ES", "TH"}

func (g *gen) events() {
	n := g.cfg.EventsPerPerson
	if n == 0 {
		return
	}
	start := time.Date(refYear, 1, 6, 0, 0, 0, 0, time.UTC).Unix()
	total := n * len(g.ps)
	for e := 0; e < total; e++ {
		p := g.ps[g.r.IntN(len(g.ps))]
		day := int64(g.r.IntN(180))
		hour := 9 + g.r.IntN(9) - p.workOffset
		at := start + day*86400 + int64(hour)*3600 + int64(g.r.IntN(3600))
		country, asn, org, ip := p.loginCountry, 7922, "Comcast Cable", p.ip
		if p.ip6 {
			ip = fmt.Sprintf("%s:%x:%x:%x:%x", p.ip, g.r.IntN(65536), g.r.IntN(65536), g.r.IntN(65536), g.r.IntN(65536))
		}
		typ := "login"
		switch x := g.r.IntN(10); {
		case x < 3:
			typ = "commit"
		case x < 4:
			typ = "message"
		}
		switch {
		case p.astrill && g.r.IntN(3) == 0:
			country, asn, org, ip = "US", 9009, "Astrill VPN", fmt.Sprintf("185.%d.%d.%d", g.r.IntN(256), g.r.IntN(256), g.r.IntN(256))
		case p.corpVPN && g.r.IntN(2) == 0:
			country, asn, org, ip = "US", 53813, "Zscaler, Inc.", fmt.Sprintf("165.225.%d.%d", g.r.IntN(256), g.r.IntN(256))
		case p.privacyVPN && g.r.IntN(2) == 0:
			country, asn, org, ip = g.pick(travelCountries), 212238, "NordVPN (Datacamp Limited)", fmt.Sprintf("89.187.%d.%d", g.r.IntN(256), g.r.IntN(256))
		case p.travel && day%30 < 5:
			country, asn, org, ip = g.pick(travelCountries), 4766, "Local ISP", fmt.Sprintf("121.%d.%d.%d", g.r.IntN(256), g.r.IntN(256), g.r.IntN(256))
		case g.r.IntN(20) == 0:
			asn, org, ip = 21928, "T-Mobile USA", fmt.Sprintf("172.58.%d.%d", g.r.IntN(256), g.r.IntN(256))
		}
		b := g.buf[:0]
		b = append(b, `{"kind":"event","person":"`...)
		b = append(b, p.id...)
		b = append(b, `","at":"`...)
		offset := zoneOffsetHours(p.tz)
		if typ == "commit" && p.commitOffset != "" {
			offset = p.workOffset
		}
		b = time.Unix(at, 0).In(fixedZone(offset)).AppendFormat(b, time.RFC3339)
		b = append(b, `","type":"`...)
		b = append(b, typ...)
		b = append(b, `","ip":"`...)
		b = append(b, ip...)
		b = append(b, `","country":"`...)
		b = append(b, country...)
		b = append(b, `","asn":`...)
		b = strconv.AppendInt(b, int64(asn), 10)
		b = append(b, `,"asn_org":`...)
		b = strconv.AppendQuote(b, org)
		b = append(b, `,"user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/126.0","accept_language":"`...)
		b = append(b, p.locale...)
		b = append(b, `,en;q=0.8","device":"`...)
		b = append(b, p.device...)
		b = append(b, "\"}\n"...)
		g.buf = b
		g.bw.Write(b)
	}
	g.truth.Events = total
}

var zones = map[int]*time.Location{}

func fixedZone(h int) *time.Location {
	h = ((h+12)%24+24)%24 - 12
	if l, ok := zones[h]; ok {
		return l
	}
	l := time.FixedZone("", h*3600)
	zones[h] = l
	return l
}
