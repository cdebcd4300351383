package hire

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
	"github.com/clearance-screening/clearance/names"
)

// Link kinds and how much one shared value of each says that two people
// are one operation, before rarity and household discounts. A bank
// account, wallet or mailbox is rarely shared by unrelated people; a home
// address or network is shared by every couple and roommate.
var kindWeight = map[string]float64{
	"email":        0.9,
	"account":      0.9,
	"wallet":       0.9,
	"device":       0.85,
	"photo":        0.85,
	"phone":        0.8,
	"resume":       0.75,
	"payee":        0.6, // paid to the same third party (a facilitator)
	"referral":     0.35,
	"ship_to":      0.7, // two hires' laptops to one address that is neither's home
	"ship_to_home": 0.6, // a laptop to another hire's home
	"address":      0.35,
	"network":      0.25,
}

var kindFamily = map[string]string{
	"email": famIdentity, "account": famIdentity, "wallet": famIdentity, "device": famIdentity, "phone": famIdentity,
	"photo": famDocuments, "resume": famDocuments, "payee": famIdentity, "referral": famReferral,
	"ship_to": famShipping, "ship_to_home": famShipping,
	"address": famAddress, "network": famAddress,
}

var kindSource = map[string]string{
	"photo": srcPhoto, "resume": srcResume, "payee": srcPayee, "referral": srcReferral, "ship_to": srcShipTo, "ship_to_home": srcShipTo,
}

// strongLink is the link weight at which sharing with a flagged person
// flags on its own: one phone, account, wallet, mailbox, device or photo.
const strongLink = 0.6

// clusterLink is the weakest link that joins two people in a cluster.
const clusterLink = 0.2

// personal weighs a person's share of an edge as their own signal: a
// shared value is evidence about both, but not proof about either.
const personal = 0.6

type population struct {
	people    []*pstate
	byID      map[string]int
	names     *match.Index
	screener  *match.Index
	threshold float64

	corporateVPN map[string]bool
	nameOnce     sync.Once
	givenN       map[string]int   // people by first given name key
	surnameN     map[string]int   // people by surname key
	payeeN       int              // third-party payees in all
	homeKey      []string         // normalised home address per person
	homes        map[string][]int // home address → people
	homeNets     [][]string       // home networks per person
	referrers    map[string]bool  // ids that referred someone
	nets         map[string][]int // home network → people
	accountN     map[string]int   // normalised account → people paid into it
	edges        map[[2]int32]*edge
	adj          [][]int32
	clusters     []Cluster
}

type edge struct {
	kinds map[string]float64 // kind → weight after discounts
	// raw is kind → weight before the household discount: what the link
	// would weigh if the people sharing the home were not a household.
	raw    map[string]float64
	values map[string]string // kind → shared value (display)
	weight float64
}

// ident is one normalised identifier a person holds.
type ident struct {
	kind, key, display string
	role               string // for addresses: "home" or "ship"
	org                bool   // an organisation's address
}

func (pop *population) assess() {
	pop.findCorporateVPNs()
	pop.findHomes()
	for i, s := range pop.people {
		s.idx = i
	}
	parallelFor(len(pop.people), func(i int) {
		s := pop.people[i]
		s.remoteSignals()
		s.interviewSignals()
		s.payoutSignals(pop)
		s.networkSignals(pop)
		s.timeSignals()
		s.deviceSignals()
		pop.sanctionSignals(s)
	})
	pop.link()
	pop.linkSignals()
	for _, s := range pop.people {
		s.decide(pop.threshold)
	}
	pop.propagate()
	pop.cluster()
}

// findCorporateVPNs marks VPN and hosting networks that most users of
// which belong to one organisation: that organisation's VPN egress.
func (pop *population) findCorporateVPNs() {
	users := map[string]map[string]int{} // network → org → people
	total := map[string]int{}
	for _, s := range pop.people {
		for _, n := range s.g.VPNOrgs.Keys() {
			if users[n] == nil {
				users[n] = map[string]int{}
			}
			users[n][strings.ToLower(s.p.Org)]++
			total[n]++
		}
	}
	pop.corporateVPN = map[string]bool{}
	for n, orgs := range users {
		for org, c := range orgs {
			if org != "" && c >= 4 && float64(c) >= 0.6*float64(total[n]) {
				pop.corporateVPN[n] = true
			}
		}
	}
}

// findHomes indexes where people live (home address and home network), so
// that a household — a couple, roommates — can be told from a ring.
func (pop *population) findHomes() {
	pop.homeKey = make([]string, len(pop.people))
	pop.homeNets = make([][]string, len(pop.people))
	pop.homes = map[string][]int{}
	pop.referrers = map[string]bool{}
	for _, s := range pop.people {
		if s.p.ReferredBy != "" {
			pop.referrers[s.p.ReferredBy] = true
		}
	}
	pop.nets = map[string][]int{}
	pop.accountN = map[string]int{}
	for _, s := range pop.people {
		seen := map[string]bool{}
		for _, po := range s.p.Payouts {
			if k := NormAccount(po.Account); k != "" && !seen[k] {
				seen[k] = true
				pop.accountN[k]++
			}
		}
	}
	for i, s := range pop.people {
		k := NormAddress(s.p.HomeAddress).Key
		pop.homeKey[i] = k
		if k != "" {
			pop.homes[k] = append(pop.homes[k], i)
		}
		pop.homeNets[i] = homeNets(s.g)
		for _, n := range pop.homeNets[i] {
			pop.nets[n] = append(pop.nets[n], i)
		}
	}
}

// householdMax is the most people one home holds before sharing it stops
// reading as a household (a couple, roommates) and starts reading as a
// drop address.
const householdMax = 4

// coResidents are the other people who share a person's home address, and
// with nets its home network, when few do. A shared network alone does not
// discount links (a laptop farm is one network), but it does explain a
// payee on record who lives there.
func (pop *population) coResidents(i int, nets bool) []int {
	var out []int
	if k := pop.homeKey[i]; k != "" && len(pop.homes[k]) <= householdMax {
		for _, j := range pop.homes[k] {
			if j != i {
				out = append(out, j)
			}
		}
	}
	for _, n := range pop.homeNets[i] {
		if nets && len(pop.nets[n]) <= householdMax {
			for _, j := range pop.nets[n] {
				if j != i && !slices.Contains(out, j) {
					out = append(out, j)
				}
			}
		}
	}
	return out
}

// homeNets are the direct, non-mobile networks carrying a real share of a
// person's logins.
func homeNets(g *Aggregate) []string {
	var total uint32
	for _, n := range g.Nets {
		total += n.N
	}
	var out []string
	for _, n := range g.Nets {
		if n.N >= 3 && float64(n.N) >= 0.15*float64(total) {
			out = append(out, n.Prefix.String())
		}
	}
	sort.Strings(out)
	return out
}

// idents lists a person's normalised identifiers.
func (pop *population) idents(s *pstate) []ident {
	p := s.p
	var out []ident
	add := func(kind, key, display string) {
		if key != "" {
			out = append(out, ident{kind: kind, key: key, display: display})
		}
	}
	for _, e := range p.Emails {
		add("email", NormEmail(e), e)
	}
	for _, ph := range p.Phones {
		add("phone", NormPhone(ph, s.region), ph)
	}
	for _, po := range p.Payouts {
		if po.Account != "" && walletKey(po.Account) == "" {
			k := NormAccount(po.Account)
			if s.intermediated[k] {
				// a payroll provider's or agency's account: its many
				// payees are its clients, as an office's people are
				out = append(out, ident{kind: "account", key: k, display: po.Account, org: true})
			} else {
				add("account", k, po.Account)
			}
		}
		if po.Wallet != "" {
			add("wallet", NormWallet(po.Wallet), po.Wallet)
		}
		if po.Account != "" && (walletKey(po.Account) != "" || strings.EqualFold(po.Method, "crypto")) && po.Account != po.Wallet {
			add("wallet", NormWallet(po.Account), po.Account)
		}
	}
	devs := map[string]bool{}
	for _, d := range p.Devices {
		if d.ID != "" && !devs[d.ID] {
			devs[d.ID] = true
			add("device", d.ID, d.ID)
		}
	}
	for _, d := range s.g.Devices.Keys() {
		if !devs[d] {
			devs[d] = true
			add("device", d, d)
		}
	}
	home := NormAddress(p.HomeAddress)
	ship := NormAddress(p.ShipTo)
	// An address that names the person's own employer ("Acme Corp
	// Reception, 12 Main St") is the employer's.
	if org := strings.ToLower(strings.TrimSpace(p.Org)); len(org) >= 4 {
		if strings.Contains(strings.ToLower(p.HomeAddress), org) {
			home.Org = true
		}
		if strings.Contains(strings.ToLower(p.ShipTo), org) {
			ship.Org = true
		}
	}
	if home.Key != "" {
		out = append(out, ident{kind: "addr", key: home.Key, display: p.HomeAddress, role: "home", org: home.Org})
	}
	if ship.Key != "" && ship.Key != home.Key {
		out = append(out, ident{kind: "addr", key: ship.Key, display: p.ShipTo, role: "ship", org: ship.Org})
	}
	s.shipToSignal(home, ship)
	for _, n := range pop.homeNets[s.idx] {
		add("network", n, strings.TrimSuffix(n, "/32"))
	}
	for _, k := range s.payees {
		add("payee", k[0], k[1])
	}
	// A referral ties the referee to the referrer, and people referred by
	// one person to each other; a recruiter's many referrals weigh little
	// by rarity, as any value many share does.
	if r := s.p.ReferredBy; r != "" {
		add("referral", r, "referred by "+r)
	}
	if _, referrer := pop.referrers[p.ID]; referrer {
		add("referral", p.ID, "referrer "+p.ID)
	}
	return out
}

// rarity discounts a value by how many people share it: a value four or
// fewer people share is as telling as it gets; one that tens share is an
// office, a coworking space, a carrier's shared address or a template.
func rarity(n int) float64 {
	if n <= 4 {
		return 1
	}
	return math.Pow(4/float64(n), 0.8)
}

// sharedWorkstation says whether a device is one organisation's shared
// machine: most of its users belong to that organisation and at least half
// of them have a device of their own beside it. An employer issues each
// hire a laptop; one inventoried for three or more of its people, who
// have their own, is a hot desk, a lab or a kiosk; one that is the only
// device of the personas using it is theirs.
func sharedWorkstation(key string, orgs map[string]int, n int, all [][]ident, holder func(int) int32) bool {
	one := false
	for _, c := range orgs {
		if float64(c) >= 0.6*float64(n) {
			one = true
		}
	}
	if !one {
		return false
	}
	withOwn := 0
	for x := 0; x < n; x++ {
		for _, id := range all[holder(x)] {
			if id.kind == "device" && id.key != key {
				withOwn++
				break
			}
		}
	}
	return 2*withOwn >= n
}

// orgShared is, per kind, how many people of one organisation must share
// a value before it reads as the organisation's own (office, VPN, main
// line); kinds not listed are never the organisation's.
var orgShared = map[string]int{"addr": 6, "network": 8, "phone": 8}

// maxShare is the most people one value may join pairwise; beyond it the
// value says nothing about any pair.
const maxShare = 60

func (pop *population) link() {
	type holder struct {
		i   int32
		id  ident
		org string
	}
	index := map[string][]holder{}
	all := make([][]ident, len(pop.people))
	parallelFor(len(pop.people), func(i int) { all[i] = pop.idents(pop.people[i]) })
	for i, s := range pop.people {
		for _, id := range all[i] {
			k := id.kind + "\x00" + id.key
			hs := index[k]
			dup := false
			for _, h := range hs {
				if h.i == int32(i) {
					dup = true
					break
				}
			}
			if !dup {
				index[k] = append(hs, holder{int32(i), id, strings.ToLower(s.p.Org)})
			}
		}
	}
	pop.edges = map[[2]int32]*edge{}
	for _, hs := range index {
		n := len(hs)
		if n < 2 || n > maxShare {
			continue
		}
		r := rarity(n)
		r0 := r // before the organisation discounts
		// One organisation's people sharing a value (its office, its
		// switchboard) is the organisation, not a ring.
		orgs := map[string]int{}
		for _, h := range hs {
			if h.org != "" {
				orgs[h.org]++
			}
		}
		// Only for the kinds an organisation gives its people (its
		// address, its network, its switchboard) and only when many share
		// it: a ring hired by one employer still shares its phones.
		kind0 := hs[0].id.kind
		if orgShared[kind0] > 0 && n >= orgShared[kind0] {
			for _, c := range orgs {
				if float64(c) >= 0.6*float64(n) {
					r *= 0.25
				}
			}
		}
		// A device three or more of one organisation's people use beside
		// their own is a shared workstation (a hot desk, a lab machine);
		// a persona's laptop passed between personas is their only one
		// (hire-red-flags.md A4: device serials link identities).
		if kind0 == "device" && n >= 3 && sharedWorkstation(hs[0].id.key, orgs, n, all, func(x int) int32 { return hs[x].i }) {
			r *= 0.25
		}
		// An address two of its holders write as an organisation's
		// ("Attn: IT", the employer's name, a coworking brand) is that
		// organisation's for every holder: the others wrote the same
		// place more briefly. One holder's "Attn:" discounts only that
		// holder's links (a note on one parcel is not an office).
		orgMarked := 0
		for _, h := range hs {
			if h.id.org {
				orgMarked++
			}
		}
		anyOrg := orgMarked >= 2
		for x := 0; x < n; x++ {
			for y := x + 1; y < n; y++ {
				a, b := hs[x], hs[y]
				kind := a.id.kind
				if kind == "addr" {
					switch {
					case a.id.role == "home" && b.id.role == "home":
						kind = "address"
					case a.id.role == "ship" && b.id.role == "ship":
						kind = "ship_to"
					default:
						kind = "ship_to_home"
					}
				}
				w := kindWeight[kind] * r
				if anyOrg || a.id.org || b.id.org {
					w *= 0.25
				}
				// Two extensions of one number are two desks behind one
				// switchboard, as two units are two homes in one building.
				if kind == "phone" {
					if xa, xb := PhoneExtension(a.id.display), PhoneExtension(b.id.display); xa != "" && xb != "" && xa != xb {
						w *= 0.25
					}
				}
				if kind == "payee" {
					w *= pop.nameChance(a.id.display)
				}
				raw := w
				if kind == "address" {
					// A home address many of one employer's people give
					// reads as the employer's; given by members of a
					// flagged ring it is their drop address (propagate).
					raw = kindWeight[kind] * r0
				}
				w *= pop.household(int(a.i), int(b.i), kind)
				pop.addEdge(a.i, b.i, kind, a.id.display, b.id.display, w, raw)
			}
		}
	}
	// Resumes and photos.
	texts := make([]string, len(pop.people))
	hashes := make([]uint64, len(pop.people))
	has := make([]bool, len(pop.people))
	for i, s := range pop.people {
		texts[i] = s.p.ResumeText
		hashes[i], has[i] = parsePHash(s.p.PhotoPHash)
	}
	// A resume near many others is a template's (or a recruiter's): it
	// weighs by rarity, as a value many people share does.
	pairs := similarResumes(texts)
	degree := map[int]int{}
	for _, rp := range pairs {
		degree[rp.a]++
		degree[rp.b]++
	}
	for _, rp := range pairs {
		r := rarity(max(degree[rp.a], degree[rp.b]) + 1)
		raw := kindWeight["resume"] * r * math.Min(1, 0.5+rp.sim/2)
		pop.addEdge(int32(rp.a), int32(rp.b), "resume", fmt.Sprintf("similarity %.2f", rp.sim), "", raw*pop.household(rp.a, rp.b, "resume"), raw)
	}
	for i := range hashes {
		if has[i] && placeholderPHash(hashes[i]) {
			has[i] = false
		}
	}
	photos := similarPhotos(hashes, has)
	pdeg := map[int]int{}
	for _, pp := range photos {
		pdeg[pp.a]++
		pdeg[pp.b]++
	}
	for _, pp := range photos {
		// A picture many people carry is a stock image or a platform's
		// default, weighed by rarity as any value many share.
		w := kindWeight["photo"] * (1 - float64(pp.dist)/20) * rarity(max(pdeg[pp.a], pdeg[pp.b])+1)
		pop.addEdge(int32(pp.a), int32(pp.b), "photo", fmt.Sprintf("%s ~ %s (%d bits apart)", pop.people[pp.a].p.PhotoPHash, pop.people[pp.b].p.PhotoPHash, pp.dist), "", w, w)
	}
	pop.adj = make([][]int32, len(pop.people))
	for k, e := range pop.edges {
		keep := 1.0
		for _, w := range e.kinds {
			keep *= 1 - w
		}
		e.weight = 1 - keep
		pop.adj[k[0]] = append(pop.adj[k[0]], k[1])
		pop.adj[k[1]] = append(pop.adj[k[1]], k[0])
	}
	for i := range pop.adj {
		sort.Slice(pop.adj[i], func(x, y int) bool { return pop.adj[i][x] < pop.adj[i][y] })
	}
}

// nameChance discounts a payee name two people share by how likely two
// unrelated payees are to bear it: Mary Jones is paid by many households.
// The chance is read from the population's own legal names.
func (pop *population) nameChance(name string) float64 {
	pop.nameOnce.Do(func() {
		pop.givenN, pop.surnameN = map[string]int{}, map[string]int{}
		for _, s := range pop.people {
			g, f := nameParts(s.p.LegalName)
			pop.givenN[g]++
			pop.surnameN[f]++
			pop.payeeN += len(s.payees)
		}
	})
	g, f := nameParts(name)
	n := float64(len(pop.people))
	if n == 0 {
		return 1
	}
	p := float64(pop.givenN[g]) / n * float64(pop.surnameN[f]) / n
	return math.Max(0.2, math.Min(1, 1-10*p*float64(pop.payeeN)))
}

// nameParts are the romanisation keys of a name's first given name and its
// surname ("SMITH, Robert" and "Robert J. Smith" agree).
func nameParts(name string) (given, surname string) {
	surname = surnameKey(name)
	rest := name
	if i := strings.IndexByte(name, ','); i > 0 {
		rest = name[i+1:]
	}
	for _, t := range names.Tokenize(rest) {
		if k := names.Key(t.Text); k != "" && k != surname {
			return k, surname
		}
	}
	return "", surname
}

// household discounts what living together explains: people at one home
// (same unit, or same home network, three people at most) share its
// address and network, and couples share accounts, phones and payees. One
// surname also explains a shared phone or account (relatives), and a
// mailbox named after both (rjohnson@ for Richard and Robert Johnson).
func (pop *population) household(a, b int, kind string) float64 {
	f := 1.0
	if slices.Contains(pop.coResidents(a, false), b) {
		switch kind {
		case "address", "network", "ship_to", "ship_to_home", "account", "phone":
			f = 0.3
		}
	}
	if pop.people[a].surname != "" && pop.people[a].surname == pop.people[b].surname {
		f *= 0.4
	}
	return f
}

func (pop *population) addEdge(a, b int32, kind, va, vb string, w, raw float64) {
	if a > b {
		a, b = b, a
		va, vb = vb, va
	}
	k := [2]int32{a, b}
	e := pop.edges[k]
	if e == nil {
		e = &edge{kinds: map[string]float64{}, raw: map[string]float64{}, values: map[string]string{}}
		pop.edges[k] = e
	}
	if raw > e.raw[kind] {
		e.raw[kind] = raw
	}
	v := va
	if vb != "" && vb != va {
		v = va + " = " + vb
	}
	// Equal weights (two networks or phones a pair shares, equally rare)
	// keep the smaller value: link() walks a map, so "the first one seen"
	// would differ from run to run and the output would not reproduce.
	if old, ok := e.kinds[kind]; w > old || ok && w == old && v < e.values[kind] {
		e.kinds[kind] = w
		e.values[kind] = v
	}
}

// rawWeight combines the edge's kinds before the household discount.
func (e *edge) rawWeight() float64 {
	keep := 1.0
	for _, w := range e.raw {
		keep *= 1 - w
	}
	return 1 - keep
}

func (pop *population) edgeOf(a, b int) *edge {
	if a > b {
		a, b = b, a
	}
	return pop.edges[[2]int32{int32(a), int32(b)}]
}

// linkSignals turns each person's links into signals: one per kind of
// shared value, naming the value and everyone else who has it; and one
// for being tied strongly to two or more others, the shape of a persona
// ring rather than a couple.
func (pop *population) linkSignals() {
	for i, s := range pop.people {
		type share struct {
			w      float64
			value  string
			others []string
		}
		byKind := map[string]*share{}
		strongTo := map[string]bool{}
		for _, j := range pop.adj[i] {
			e := pop.edgeOf(i, int(j))
			other := pop.people[j].p.ID
			for kind, w := range e.kinds {
				sh := byKind[kind]
				if sh == nil {
					sh = &share{}
					byKind[kind] = sh
				}
				if w > sh.w {
					sh.w, sh.value = w, e.values[kind]
				}
				sh.others = append(sh.others, other)
				// Resumes are left out: a template ties many people. So
				// are ship-to addresses: a place laptops go to is a
				// facilitator's or an office's (shared_ship_to says so),
				// not one operator's identity (A4 vs E1).
				if w >= 0.4 && (kindFamily[kind] == famIdentity || kind == "photo") &&
					pop.people[j].surname != s.surname {
					strongTo[other] = true
				}
			}
		}
		kinds := keysOf(byKind)
		for _, kind := range kinds {
			sh := byKind[kind]
			if sh.w*personal < 0.02 {
				continue
			}
			src := kindSource[kind]
			if src == "" {
				src = srcShared
			}
			sort.Strings(sh.others)
			others := sh.others
			if len(others) > 20 {
				others = others[:20]
			}
			s.add(Signal{Code: "shared_" + kind, Family: kindFamily[kind], Weight: sh.w * personal, Source: src,
				Reason:   fmt.Sprintf("shares a %s (%s) with %d other people: %s", kindLabel(kind), sh.value, len(sh.others), strings.Join(others, ", ")),
				Evidence: map[string]any{"kind": kind, "value": sh.value, "shared_with": others, "shared_with_count": len(sh.others), "link_weight": math.Round(sh.w*1000) / 1000}})
		}
		if len(strongTo) >= 2 {
			others := keysOf(strongTo)
			s.add(Signal{Code: "identity_ring", Family: famStructure, Weight: math.Min(0.25+0.05*float64(len(others)-2), 0.4), Source: srcGraph,
				Reason:   fmt.Sprintf("tied by strong identifiers to %d people of other surnames: one operator behind several identities", len(others)),
				Evidence: map[string]any{"tied_to": others}})
		}
	}
}

func kindLabel(kind string) string {
	switch kind {
	case "ship_to":
		return "laptop ship-to address"
	case "ship_to_home":
		return "laptop ship-to that is another hire's home"
	case "address":
		return "home address"
	case "network":
		return "home network"
	case "account":
		return "payout account"
	case "resume":
		return "resume text"
	case "payee":
		return "third-party payee"
	case "referral":
		return "referral"
	}
	return kind
}

// propagate lets risk flow along links: a person tied to a flagged person
// by a strong identifier is flagged; one tied more weakly to a flagged ring
// (two or more flagged people joined by strong links) is flagged too,
// which is how members who share one identifier with a ring and nothing
// else are found; weaker ties pass on part of the risk. Referrals by
// flagged people count as well. Rounds repeat until nothing changes.
func (pop *population) propagate() {
	for round := 0; round < 6; round++ {
		ring := pop.ringMembers()
		changed := false
		for i, s := range pop.people {
			if s.flagged {
				continue
			}
			added := false
			bestW, bestJ := 0.0, -1
			dropJ := -1
			for _, j := range pop.adj[i] {
				o := pop.people[j]
				if !o.flagged {
					continue
				}
				e := pop.edgeOf(i, int(j))
				if e.weight > bestW {
					bestW, bestJ = e.weight, int(j)
				}
				// A home shared with a member of a flagged ring is not
				// explained by living together: a ring's members give one
				// drop address and network as their homes (A4, D2), so
				// the household discount does not shield the link.
				if ring[j] && dropJ < 0 && e.rawWeight() >= clusterLink {
					dropJ = int(j)
				}
			}
			if bestJ >= 0 && !(bestW >= strongLink || ring[bestJ] && bestW >= clusterLink) && dropJ >= 0 {
				bestJ = dropJ
			}
			// A home network two or more flagged ring members log in from
			// is the ring's laptop farm, however many share it (D2, H#2).
			farmJ := -1
			if bestJ >= 0 && !(bestW >= strongLink || ring[bestJ] && bestW >= clusterLink) && dropJ < 0 {
				farmJ = pop.farmMate(i, ring)
			}
			if bestJ >= 0 && !hasCode(s.signals, "linked_to_flagged") {
				o := pop.people[bestJ]
				e := pop.edgeOf(i, bestJ)
				hard := e.weight >= strongLink || (ring[bestJ] && (e.weight >= clusterLink || e.rawWeight() >= clusterLink))
				w := e.weight * o.risk
				reason := fmt.Sprintf("linked to flagged %s by %s (link %.2f)", o.p.ID, describeEdge(e), e.weight)
				if farmJ >= 0 {
					o, e = pop.people[farmJ], pop.edgeOf(i, farmJ)
					bestJ, hard = farmJ, true
					reason = fmt.Sprintf("logs in from the home network of two or more flagged ring members, among them %s (%s): a laptop farm's network", o.p.ID, describeEdge(e))
				}
				if hard {
					w = math.Max(w, 0.8)
					if e.weight < strongLink && farmJ < 0 {
						reason = fmt.Sprintf("linked to %s, a member of a flagged ring, by %s (link %.2f)", o.p.ID, describeEdge(e), e.weight)
					}
				}
				s.add(Signal{Code: "linked_to_flagged", Family: famLinked, Weight: w, Hard: hard, Source: srcGraph, Reason: reason,
					Evidence: map[string]any{"path": []string{s.p.ID, o.p.ID}, "via": e.values, "link_weight": math.Round(e.weight*1000) / 1000,
						"flagged_person": o.p.ID, "their_signals": codes(o.signals, 6)}})
				added = true
			}
			if ref, ok := pop.byID[s.p.ReferredBy]; ok && s.p.ReferredBy != "" && pop.people[ref].flagged && !hasCode(s.signals, "referred_by_flagged") {
				s.add(Signal{Code: "referred_by_flagged", Family: famReferral, Weight: 0.4, Source: srcReferral,
					Reason:   fmt.Sprintf("referred by %s, who is flagged", s.p.ReferredBy),
					Evidence: map[string]any{"referred_by": s.p.ReferredBy, "their_signals": codes(pop.people[ref].signals, 6)}})
				added = true
			}
			if added {
				s.decide(pop.threshold)
				if s.flagged {
					changed = true
				}
			}
		}
		if !changed {
			return
		}
	}
}

// farmMate is a flagged ring member sharing person i's home network when
// two or more flagged ring members share it, or -1.
func (pop *population) farmMate(i int, ring []bool) int {
	for _, n := range pop.homeNets[i] {
		hs := pop.nets[n]
		if len(hs) > maxShare {
			continue
		}
		first, k := -1, 0
		for _, j := range hs {
			if j != i && ring[j] && pop.people[j].flagged && pop.edgeOf(i, j) != nil {
				k++
				if first < 0 {
					first = j
				}
			}
		}
		if k >= 2 {
			return first
		}
	}
	return -1
}

// ringMembers marks flagged people joined by a strong link to another
// flagged person.
func (pop *population) ringMembers() []bool {
	ring := make([]bool, len(pop.people))
	for k, e := range pop.edges {
		if e.weight >= 0.4 && pop.people[k[0]].flagged && pop.people[k[1]].flagged {
			ring[k[0]], ring[k[1]] = true, true
		}
	}
	return ring
}

func describeEdge(e *edge) string {
	var parts []string
	for _, k := range keysOf(e.kinds) {
		parts = append(parts, fmt.Sprintf("%s %s", kindLabel(k), e.values[k]))
	}
	return strings.Join(parts, "; ")
}

func hasCode(sigs []Signal, code string) bool {
	for _, s := range sigs {
		if s.Code == code {
			return true
		}
	}
	return false
}

func codes(sigs []Signal, n int) []string {
	var out []string
	for _, s := range sigs {
		if s.Code == "linked_to_flagged" {
			continue
		}
		out = append(out, s.Code)
		if len(out) == n {
			break
		}
	}
	return out
}

// cluster groups people joined by links of at least clusterLink into
// clusters (connected components of two or more).
func (pop *population) cluster() {
	parent := make([]int32, len(pop.people))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	keys := make([][2]int32, 0, len(pop.edges))
	for k, e := range pop.edges {
		if e.weight >= clusterLink {
			keys = append(keys, k)
			a, b := find(k[0]), find(k[1])
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	comp := map[int32][]int{}
	var roots []int32
	for i := range pop.people {
		r := find(int32(i))
		if len(comp[r]) == 0 {
			roots = append(roots, r)
		}
		comp[r] = append(comp[r], i)
	}
	id := map[int32]string{}
	for _, r := range roots {
		ms := comp[r]
		if len(ms) < 2 {
			continue
		}
		c := Cluster{Kind: "cluster", Cluster: fmt.Sprintf("c%d", len(pop.clusters)+1)}
		id[r] = c.Cluster
		for _, m := range ms {
			s := pop.people[m]
			s.cluster = c.Cluster
			c.Members = append(c.Members, s.p.ID)
			c.Risk = math.Max(c.Risk, s.risk)
			if s.flagged {
				c.Flagged++
			}
		}
		c.Risk = math.Round(c.Risk*1000) / 1000
		pop.clusters = append(pop.clusters, c)
	}
	index := map[string]int{}
	for i, c := range pop.clusters {
		index[c.Cluster] = i
	}
	for _, k := range keys {
		e := pop.edges[k]
		ci := index[id[find(k[0])]]
		for _, kind := range keysOf(e.kinds) {
			pop.clusters[ci].Links = append(pop.clusters[ci].Links, Link{A: pop.people[k[0]].p.ID, B: pop.people[k[1]].p.ID, Kind: kind, Value: e.values[kind], Weight: math.Round(e.kinds[kind]*1000) / 1000})
		}
	}
}

// ---- sanctions ----

// sanctionNameHard is the name score at which a payee or facilitator match
// flags on its own: a name spelled as listed or by a romanisation variant.
// Lower scores (a shared surname and one given-name syllable: "Kim Min Jun"
// meets "KIM Chul Min" at 0.82 with the built-in set) are common among
// Korean names and would flag Korean-heritage staff for their names alone,
// so they count as soft evidence, and not at all for the person's own name.
const sanctionNameHard = 0.93

func (pop *population) sanctionSignals(s *pstate) {
	if pop.screener == nil {
		return
	}
	screen := func(q clearance.Query, what string, own bool) {
		ms, err := pop.screener.Screen(q, clearance.ScreenOptions{Limit: 1})
		if err != nil || len(ms) == 0 {
			return
		}
		m := ms[0]
		hard := m.Score >= sanctionNameHard || q.Wallet != ""
		w := 0.95
		if !hard {
			w = 0.3
		}
		if own && q.Wallet == "" {
			// The person's own name: a namesake unless the date of birth
			// agrees. Listed Korean names are common names; flagging
			// them on the name alone would flag staff for their names.
			if !dobAgrees(m) {
				if m.Score < sanctionNameHard {
					return
				}
				hard, w = false, 0.05
			}
		}
		s.add(Signal{Code: "sanctions_match", Family: famSanctions, Weight: w, Hard: hard, Source: srcSanctions,
			Reason: fmt.Sprintf("%s %q matches the listed %s %q (%s, score %.2f)", what, firstNonEmpty(q.Name, q.Wallet), m.Type, m.Name, m.EntityID, m.Score),
			Evidence: map[string]any{"screened": firstNonEmpty(q.Name, q.Wallet), "field": what, "entity_id": m.EntityID, "entity_name": m.Name,
				"matched_name": m.MatchedName, "programs": m.Programs, "score": math.Round(m.Score*1000) / 1000}})
	}
	seen := map[string]bool{}
	for _, po := range s.p.Payouts {
		if h := strings.TrimSpace(po.HolderName); h != "" && !seen["n"+h] {
			seen["n"+h] = true
			rel, _ := s.holderRelation(pop, h)
			q := clearance.Query{Name: h}
			if rel == "self" {
				q.DOB = s.p.DOB
				q.Type = clearance.Person
			}
			screen(q, "payout holder", rel == "self")
		}
		if b := strings.TrimSpace(po.Bank); b != "" && !seen["b"+b] {
			seen["b"+b] = true
			screen(clearance.Query{Name: b, Type: clearance.Organization}, "payout bank", false)
		}
		for _, wlt := range []string{po.Wallet, walletOf(po)} {
			if wlt != "" && !seen["w"+wlt] {
				seen["w"+wlt] = true
				screen(clearance.Query{Wallet: wlt}, "payout wallet", false)
			}
		}
	}
}

// dobAgrees says whether a match's date of birth was compared and agreed.
func dobAgrees(m clearance.Match) bool {
	for _, r := range m.Reasons {
		if r.Field == "dob" && r.Score > 0 {
			return true
		}
	}
	return false
}

func walletOf(po Payout) string {
	if strings.EqualFold(po.Method, "crypto") && po.Wallet == "" {
		return po.Account
	}
	return ""
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parallelFor runs fn(0..n-1) on every core.
func parallelFor(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/64))
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(64)) - 64
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+64, n); i++ {
					fn(i)
				}
			}
		}()
	}
	wg.Wait()
}
