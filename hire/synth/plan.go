package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/clearance-screening/clearance/lists/builtin"
)

// Group codes index groupNames; slots hold the code.
const (
	gPlain uint8 = iota
	gRing
	gFirstLookalike
)

var groupNames = append([]string{GroupPlain, GroupRing}, LookalikeGroups...)

func groupCode(name string) uint8 {
	for i, n := range groupNames {
		if n == name {
			return uint8(i)
		}
	}
	panic("unknown group " + name)
}

// slot is what the plan decides about one person before anything is
// generated: which group and unit, and its place in it.
type slot struct {
	group  uint8
	member uint8
	weak   bool
	korean bool
	unit   int32 // index into gen.rings or gen.units
}

// The kinds of identifier a ring's personas share.
const (
	lPhone = iota
	lEmail
	lPayout
	lWallet
	lShipTo
	lHomeIP
	lPhoto
	lResume
	lReferral
	nLinks
)

// ring is one team running several personas, and what its personas share.
type ring struct {
	id      string
	members []int32
	weak    []bool
	roles   []string
	links   []uint16 // per member, bit set of the identifiers it shares
	// referrer[i] is the member (index into members) that referred member
	// i, or -1.
	referrer []int

	claim       *country
	team        string // IANA zone the team works in
	orgs        []*org
	phone       phone
	emailLocal  string
	payout      account
	payoutName  string
	payoutCC    string
	wallet      string
	farm        address
	farmKey     int
	facilitator string
	photo       uint64
	resume      string
	listedName  string // a sanctioned payee name, or ""
	listedWall  string // a sanctioned wallet, or ""
	title       string
}

// unit is a benign group's shared part: a household, a building, an
// office, a coworking space, a recruiter's referrals, a template.
type unit struct {
	members  []int32
	addr     address
	homeKey  int
	org      *org
	template int
	joint    bool
	account  account
}

// org is an employer.
type org struct {
	name, domain string
	office       address
	vpnApp       string
	vpnExit      asn
	vpnKey       int
}

// listed holds sanctioned payee names and wallets from the built-in list,
// for the rings that pay them.
type listed struct {
	names   []string
	wallets []string
}

func loadListed() listed {
	var l listed
	ents, _, err := builtin.Entities()
	if err != nil {
		return l
	}
	for _, e := range ents {
		for _, w := range e.Wallets {
			l.wallets = append(l.wallets, w.Address)
		}
		// Fronts and bankers are who payouts go to; a designated IT worker
		// rarely applies under his own name.
		rem := strings.ToLower(e.Remarks)
		if len(e.Names) > 0 && (string(e.Type) == "organization" && (strings.Contains(rem, "front") || strings.Contains(rem, "bank")) ||
			strings.Contains(rem, "banker") || strings.Contains(rem, "representative")) {
			l.names = append(l.names, e.Names[0].Full)
		}
	}
	return l
}

func (g *gen) plan() {
	c := &g.cfg
	r := rand.New(rand.NewPCG(c.Seed, 0x706c616e))
	n := c.People
	g.slots = make([]slot, n)
	next := 0
	take := func(k int) []int32 {
		m := make([]int32, 0, k)
		for range k {
			m = append(m, int32(next))
			next++
		}
		return m
	}

	norgs := max(6, n/400)
	for i := range norgs {
		g.orgs = append(g.orgs, g.newOrg(r, i))
	}

	// Rings first, so their share holds even in small populations.
	target := int(float64(n)*c.RingShare + 0.5)
	for target-(next) >= c.RingSizeMin {
		size := c.RingSizeMin + r.IntN(c.RingSizeMax-c.RingSizeMin+1)
		size = min(size, target-next)
		rg := g.newRing(r, len(g.rings), take(size))
		for i, m := range rg.members {
			g.slots[m] = slot{group: gRing, member: uint8(i), weak: rg.weak[i], unit: int32(len(g.rings))}
		}
		g.rings = append(g.rings, rg)
	}

	for _, name := range LookalikeGroups {
		code := groupCode(name)
		want := int(float64(n)*c.Lookalikes[name] + 0.5)
		lo, hi := unitSize(name)
		for want >= lo && next+lo <= n {
			size := min(lo+r.IntN(hi-lo+1), want, n-next)
			if size < lo {
				break
			}
			u := g.newUnit(r, name, take(size))
			korean := name == GroupKoreanHeritage
			if !korean && (name == GroupCouple || name == GroupNeighbours || name == GroupNightShift) && r.Float64() < c.KoreanElsewhere {
				korean = true // Korean-American households and workers outside the heritage group
			}
			for i, m := range u.members {
				g.slots[m] = slot{group: code, member: uint8(i), unit: int32(len(g.units)), korean: korean}
			}
			g.units = append(g.units, u)
			want -= size
		}
	}
	for i := next; i < n; i++ {
		g.slots[i] = slot{group: gPlain, unit: -1}
	}
	g.order = make([]int32, n)
	for i := range g.order {
		g.order[i] = int32(i)
	}
	r.Shuffle(n, func(i, j int) { g.order[i], g.order[j] = g.order[j], g.order[i] })
}

// unitSize is how many people make one unit of a look-alike group.
func unitSize(group string) (lo, hi int) {
	switch group {
	case GroupCouple:
		return 2, 2
	case GroupRoommates:
		return 2, 4
	case GroupCoworking:
		return 3, 10
	case GroupOfficeShipTo:
		return 5, 25
	case GroupRecruiter:
		return 5, 13 // the recruiter and the people referred
	case GroupNeighbours:
		return 3, 8
	case GroupCorporateVPN:
		return 5, 40
	case GroupResumeTemplate:
		return 5, 30
	}
	return 1, 1
}

var (
	orgWords1 = []string{"Blue", "North", "Bright", "Cedar", "Summit", "Harbor", "Pixel", "Quantum", "Atlas", "Nimbus", "Vertex", "Lumen", "Orbit", "Granite", "Signal", "Copper", "Redwood", "Beacon", "Kestrel", "Meridian"}
	orgWords2 = []string{"Labs", "Systems", "Software", "Analytics", "Health", "Pay", "Logistics", "Robotics", "Cloud", "Networks", "Finance", "Games", "Data", "Security", "Commerce"}
	orgForms  = []string{"Inc.", "LLC", "Inc", "", "Corp.", "Ltd"}
)

func (g *gen) newOrg(r *rand.Rand, i int) *org {
	w1, w2 := pick(r, orgWords1), pick(r, orgWords2)
	name := w1 + " " + w2
	if f := pick(r, orgForms); f != "" {
		name += " " + f
	}
	us := countries["US"]
	o := &org{name: name, domain: strings.ToLower(w1+w2) + fmt.Sprint(i) + ".com", office: newAddress(r, us, &us.cities[r.IntN(len(us.cities))])}
	o.office.unit = fmt.Sprint(100 * (1 + r.IntN(30)))
	o.office.unitKind = 1
	o.office.company = name
	v := corporateVPNs[r.IntN(len(corporateVPNs))]
	o.vpnApp, o.vpnExit, o.vpnKey = v.app, v.exit, i
	return o
}

var (
	coworkingBrands = []string{"WeWork", "Regus", "Industrious", "Spaces", "Impact Hub", "Venture X", "Serendipity Labs", "The Hive Coworking", "Launchpad Workspace", "Workbar", "Common Desk", "Novel Coworking", "Office Evolution", "Thrive Collective", "The Yard", "Level Office"}
	teamZones       = []string{"Asia/Shanghai", "Asia/Shanghai", "Asia/Pyongyang", "Asia/Shanghai", "Asia/Pyongyang", "Asia/Vladivostok", "Asia/Vientiane"}
	ringTitles      = []string{"Full Stack Developer", "Senior Software Engineer", "Blockchain Developer", "Mobile Developer", "Backend Developer", "Frontend Developer", "Smart Contract Engineer", "React Developer"}
	shellWords      = []string{"Brightpath", "Nexa", "Vali", "Tagg", "Cloudrise", "Pinnacle", "Evergreen", "Silverline", "Apex"}
)

func (g *gen) newUnit(r *rand.Rand, group string, members []int32) *unit {
	u := &unit{members: members, homeKey: -1}
	us := countries["US"]
	ct := &us.cities[r.IntN(len(us.cities))]
	switch group {
	case GroupCouple, GroupRoommates, GroupSpousePayee:
		u.addr = newAddress(r, us, ct)
		u.homeKey = g.newNetKey()
		u.joint = group == GroupCouple && r.IntN(10) < 4
		if u.joint {
			u.account = newBankAccount(r, us)
		}
	case GroupNeighbours:
		u.addr = newAddress(r, us, ct)
		u.addr.unit = ""
	case GroupCoworking:
		u.addr = newAddress(r, us, ct)
		if r.IntN(10) < 7 {
			u.addr.company = pick(r, coworkingBrands) // the rest give the street address only
		}
		u.addr.unit = fmt.Sprint(100 + r.IntN(1900))
		u.addr.unitKind = 1
	case GroupOfficeShipTo, GroupCorporateVPN:
		u.org = g.orgs[r.IntN(len(g.orgs))]
	case GroupResumeTemplate:
		u.template = r.IntN(len(resumeTemplates))
	case GroupRecruiter:
		u.org = g.orgs[r.IntN(len(g.orgs))]
	}
	return u
}

func (g *gen) newRing(r *rand.Rand, i int, members []int32) *ring {
	c := &g.cfg
	rg := &ring{id: fmt.Sprintf("ring-%03d", i+1), members: members}
	n := len(members)
	rg.claim = countries["US"]
	if r.IntN(10) == 0 {
		rg.claim = countries[pick(r, []string{"CA", "GB"})]
	}
	rg.team = pick(r, teamZones)
	rg.title = pick(r, ringTitles)
	norg := 1
	if r.Float64() < c.CrossEmployer {
		norg = 2 + r.IntN(3)
	}
	for range norg {
		rg.orgs = append(rg.orgs, g.orgs[r.IntN(len(g.orgs))])
	}
	us := countries["US"]
	rg.phone = newPhone(r, rg.claim, &rg.claim.cities[r.IntN(len(rg.claim.cities))])
	rg.emailLocal = pick(r, []string{"dev", "code", "tech", "smart", "star", "pro", "best"}) + pick(r, []string{"master", "guru", "hub", "works", "ninja", "lead"}) + fmt.Sprint(10+r.IntN(90))
	rg.wallet = newWallet(r)
	rg.photo = r.Uint64()
	rg.resume = ringResume(r, rg.title)

	// The facilitator: a US home that receives the laptops, sometimes one
	// that already serves another ring.
	if i > 0 && r.Float64() < c.SharedFarm {
		other := g.rings[r.IntN(len(g.rings))]
		rg.farm, rg.farmKey, rg.facilitator = other.farm, other.farmKey, other.facilitator
	} else {
		fct := &us.cities[r.IntN(len(us.cities))]
		rg.farm = newAddress(r, us, fct)
		if r.IntN(5) == 0 {
			// A mailbox at a shipping store rather than a home.
			rg.farm.unit, rg.farm.unitKind, rg.farm.pmb = fmt.Sprint(100+r.IntN(400)), 1, fmt.Sprint(1000+r.IntN(9000))
		}
		rg.farmKey = g.newNetKey()
		rg.facilitator = pick(r, g.names.usFemale.names[:min(200, len(g.names.usFemale.names))]) + " " + g.names.usFamily.draw(r)
	}

	// Where the pay goes: a US account in the facilitator's or a shell's
	// name, or an account abroad.
	switch r.IntN(4) {
	case 0, 1:
		rg.payout = newBankAccount(r, us)
		rg.payoutName = rg.facilitator
		if r.IntN(2) == 0 {
			rg.payoutName = pick(r, shellWords) + " " + pick(r, []string{"Tech", "Digital", "Solutions", "Consulting"}) + " LLC"
		}
		rg.payoutCC = "US"
	default:
		cc := pick(r, []string{"CN", "CN", "HK", "RU"})
		rg.payout = newBankAccount(r, countries[cc])
		rg.payoutName = g.foreignHolder(r, cc)
		rg.payoutCC = cc
	}
	if r.Float64() < c.SanctionedRings && len(g.listed.names) > 0 {
		if r.IntN(2) == 0 || len(g.listed.wallets) == 0 {
			rg.listedName = pick(r, g.listed.names)
		} else {
			rg.listedWall = pick(r, g.listed.wallets)
		}
	}

	// Roles first: what a persona can share depends on it (applicants have
	// no payout yet, only employees and contractors get a laptop shipped).
	rg.roles = make([]string, n)
	for m := range n {
		rg.roles[m] = pick(r, []string{"employee", "employee", "employee", "employee", "contractor", "contractor", "contractor", "freelancer", "freelancer", "applicant", "applicant"})
	}
	if n > 0 && rg.roles[0] == "applicant" {
		rg.roles[0] = "employee" // someone was hired first
	}
	allowed := func(m, k int) bool {
		switch k {
		case lShipTo:
			return rg.roles[m] == "employee" || rg.roles[m] == "contractor"
		case lPayout, lWallet:
			return rg.roles[m] != "applicant"
		case lHomeIP:
			return c.EventsPerPerson > 0
		}
		return true
	}
	always := []int{lPhone, lEmail, lPhoto, lResume}

	// Which identifiers each persona shares. The first two are always
	// strong; later ones may be weak (one identifier only).
	rg.weak = make([]bool, n)
	rg.links = make([]uint16, n)
	rg.referrer = make([]int, n)
	probs := [nLinks]float64{c.Links.Phone, c.Links.Email, c.Links.Payout, c.Links.Wallet, c.Links.ShipTo, c.Links.HomeIP, c.Links.Photo, c.Links.Resume, c.Links.Referral}
	var strong []int
	for m := range n {
		rg.referrer[m] = -1
		if m >= 2 && r.Float64() < c.WeakShare {
			rg.weak[m] = true
			continue
		}
		strong = append(strong, m)
		for k := range nLinks {
			if allowed(m, k) && r.Float64() < probs[k] {
				rg.links[m] |= 1 << k
			}
		}
	}
	// A referral links two people; the first persona was hired first, so
	// it refers others and is referred by none.
	rg.links[strong[0]] &^= 1 << lReferral
	for _, m := range strong[1:] {
		if rg.links[m]&(1<<lReferral) != 0 {
			rg.referrer[m] = strong[r.IntN(indexOf(strong, m))]
		}
	}
	// Every strong member shares at least two identifiers, and every
	// shared value is held by at least two strong members.
	for range 20 {
		changed := false
		for _, m := range strong {
			for bits(rg.links[m]) < 2 {
				rg.links[m] |= 1 << pick(r, always)
				changed = true
			}
		}
		for k := range nLinks {
			if k == lReferral {
				continue
			}
			var users, cands []int
			for _, m := range strong {
				if rg.links[m]&(1<<k) != 0 {
					users = append(users, m)
				} else if allowed(m, k) {
					cands = append(cands, m)
				}
			}
			if len(users) != 1 {
				continue
			}
			changed = true
			if len(cands) > 0 {
				rg.links[pick(r, cands)] |= 1 << k
			} else {
				rg.links[users[0]] &^= 1 << k
			}
		}
		if !changed {
			break
		}
	}
	g.connectRing(rg, strong, allowed)
	// Weak members: one identifier, of a kind the strong members share and
	// the weak member's role can hold.
	for m := range n {
		if !rg.weak[m] {
			continue
		}
		kinds := []int{lReferral}
		for k := range nLinks {
			if k == lReferral || !allowed(m, k) {
				continue
			}
			for _, s := range strong {
				if rg.links[s]&(1<<k) != 0 {
					kinds = append(kinds, k)
					break
				}
			}
		}
		k := pick(r, kinds)
		rg.links[m] = 1 << k
		if k == lReferral {
			rg.referrer[m] = pick(r, strong)
		}
	}
	return rg
}

// connectRing makes the strong members one connected group, so the ring
// is one cluster to a detector that follows the links.
func (g *gen) connectRing(rg *ring, strong []int, allowed func(m, k int) bool) {
	for {
		parent := map[int]int{}
		var find func(int) int
		find = func(x int) int {
			if p, ok := parent[x]; ok && p != x {
				parent[x] = find(p)
				return parent[x]
			}
			parent[x] = x
			return x
		}
		for _, m := range strong {
			find(m)
			if rg.referrer[m] >= 0 {
				parent[find(m)] = find(rg.referrer[m])
			}
		}
		for k := range nLinks {
			if k == lReferral {
				continue
			}
			first := -1
			for _, m := range strong {
				if rg.links[m]&(1<<k) != 0 {
					if first < 0 {
						first = m
					} else {
						parent[find(m)] = find(first)
					}
				}
			}
		}
		root := find(strong[0])
		lone := -1
		for _, m := range strong {
			if find(m) != root {
				lone = m
				break
			}
		}
		if lone < 0 {
			return
		}
		// Give the stray member a kind the first member uses and the stray
		// one can hold, or a phone to both.
		done := false
		for k := range nLinks {
			if k != lReferral && rg.links[strong[0]]&(1<<k) != 0 && allowed(lone, k) {
				rg.links[lone] |= 1 << k
				done = true
				break
			}
		}
		if !done {
			rg.links[strong[0]] |= 1 << lPhone
			rg.links[lone] |= 1 << lPhone
		}
	}
}

func (g *gen) foreignHolder(r *rand.Rand, cc string) string {
	switch cc {
	case "RU":
		return g.names.ruMale.draw(r) + " " + g.names.ruFamily.draw(r)
	default:
		given := givenByCountry["CN"]
		return strings.ToUpper(g.names.cnFamily.draw(r)) + " " + pick(r, given[r.IntN(2)])
	}
}

func bits(x uint16) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// newNetKey reserves an IP allocation key for a shared home network
// beyond the people's own keys.
func (g *gen) newNetKey() int {
	g.extraKeys++
	return g.cfg.People + g.extraKeys
}
