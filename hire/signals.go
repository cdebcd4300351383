package hire

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // claimed zones resolve on machines without a zone database
	"unicode"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/names"
)

// Signal families. Evidence within a family is one kind of observation;
// a flag needs two families (or one hard signal), so that one odd habit —
// night shifts, travel, a privacy VPN — never flags anyone on its own.
const (
	famIdentity  = "identity"    // shared phones, e-mails, accounts, wallets, devices
	famAddress   = "co_location" // shared home address or home network
	famShipping  = "shipping"    // laptop ship-to
	famDocuments = "documents"   // shared resumes, photos
	famPayout    = "payout"
	famSanctions = "sanctions"
	famRemote    = "remote_control"
	famNetwork   = "network" // login egress and countries, shared home network
	famTime      = "time"    // activity hours, sessions
	famDevice    = "device"  // device and commit time zones, locale
	famInterview = "interview"
	famReferral  = "referral"
	famLinked    = "linked" // risk inherited through links
	famStructure = "structure"
)

// Sources, as hire-red-flags.md keys them.
const (
	srcShared    = "hire-red-flags.md A4, D2, F1; H#1 [MAND-REG, PSA25-SUM, DOJ-CHAPMAN, GEOCOMPLY, DOJ-JUN25]"
	srcShipTo    = "hire-red-flags.md E1; H#2 [DOJ-KNOOT, DOJ-CHAPMAN, DOJ-JUN25, MAND-XY, PSA25]"
	srcPayee     = "hire-red-flags.md F1; H#3 [PSA25-SUM, ADV22-BM, DOJ-JAN25-KAI, STAFFING]"
	srcCrypto    = "hire-red-flags.md F2, A9 [SEAL-TTP, ADV22-BM]"
	srcSanctions = "hire-red-flags.md A10, F2; H#8 [dprk-facts.md §1, OFAC-NOV25]"
	srcRemote    = "hire-red-flags.md D5; H#4 [DOJ-KNOOT, DOJ-JAN25-KAI, DOJ-JUN25, MAND-XY, U42, KUBOID]"
	srcNetwork   = "hire-red-flags.md D3; H#5 [MAND-XY, U42, SEAL-TTP, PSA25]"
	srcHours     = "hire-red-flags.md D4; H#6 [SEAL-TTP, GFA-analyze, DTEX]"
	srcLocale    = "hire-red-flags.md A7; H#7 [PSA23-YNA, SEAL-TTP]"
	srcResume    = "hire-red-flags.md A3; H#10 [ADV22-HN, MAND-SCW, MSFT, OKTA]"
	srcPhoto     = "hire-red-flags.md A6; H#10 [KB4, MSFT, PSA23-YNA, SEAL-TTP]"
	srcInterview = "hire-red-flags.md B1 [PSA23, SEAL-TTP, PSA25-SCW]"
	srcReferral  = "hire-red-flags.md B4 (runners-up: referral-graph propagation) [SEAL-TTP]"
	srcGraph     = "hire-red-flags.md A4 (graph links between identities) [SEAL-TTP, U42, MAND, DOJ-JUN25]"
)

// pstate is one person under assessment.
type pstate struct {
	p       *Person
	g       *Aggregate
	region  string         // claimed country, alpha-2
	loc     *time.Location // claimed zone, nil when unknown
	surname string         // romanisation key of the legal surname
	signals []Signal
	payees  [][2]string // third-party payees (facilitators): normalised name, as written
	// intermediated holds the normalised accounts of payroll providers,
	// employers of record and staffing agencies the person is paid through.
	intermediated map[string]bool
	risk          float64
	flagged       bool
	cluster       string
	idx           int
}

func newPState(p *Person, g *Aggregate) *pstate {
	s := &pstate{p: p, g: g, region: CountryCode(p.Claimed.Country)}
	if g == nil {
		s.g = &Aggregate{}
	}
	if p.Claimed.Timezone != "" {
		if l, err := loadZone(p.Claimed.Timezone); err == nil {
			s.loc = l
		} else if m, ok := ParseOffset(p.Claimed.Timezone); ok {
			s.loc = time.FixedZone(p.Claimed.Timezone, m*60)
		}
	}
	s.surname = surnameKey(p.LegalName)
	return s
}

// surnameKey is the romanisation key of a name's last word ("Robert
// Smith" → smith key; "SMITH, Robert" → smith key).
func surnameKey(name string) string {
	if i := strings.IndexByte(name, ','); i > 0 {
		name = name[:i]
	} else if f := strings.Fields(name); len(f) > 0 {
		name = f[len(f)-1]
	}
	ts := names.Tokenize(name)
	if len(ts) == 0 {
		return ""
	}
	return names.Key(ts[len(ts)-1].Text)
}

func (s *pstate) add(sig Signal) {
	sig.Weight = math.Round(sig.Weight*1000) / 1000
	if sig.Evidence == nil {
		sig.Evidence = map[string]any{}
	}
	s.signals = append(s.signals, sig)
}

// score combines the signals: within a family and across families by
// noisy-OR, as independent chances that the evidence is not innocent. It
// returns the risk, whether a hard signal is present, and how many families
// carry real weight.
func score(sigs []Signal) (risk float64, hard bool, families int) {
	fam := map[string]float64{}
	for _, s := range sigs {
		if s.Hard {
			hard = true
		}
		fam[s.Family] = 1 - (1-fam[s.Family])*(1-s.Weight)
	}
	keep := 1.0
	for f, v := range fam {
		if c, ok := familyCap[f]; ok && v > c {
			v = c
		}
		keep *= 1 - v
		if v >= minFamily {
			families++
		}
	}
	return 1 - keep, hard, families
}

// familyCap bounds what a family of common, innocent-looking evidence can
// add however much of it there is: living with someone (a shared home and
// network) and an awkward interview are each one fact, seen several ways.
var familyCap = map[string]float64{famAddress: 0.25, famInterview: 0.3}

// minFamily is the weight a family must reach to count as corroboration.
const minFamily = 0.15

func (s *pstate) decide(threshold float64) {
	risk, hard, fams := score(s.signals)
	s.risk = risk
	s.flagged = hard || (risk >= threshold && fams >= 2)
	if hard && s.risk < threshold {
		s.risk = math.Max(s.risk, 0.9)
	}
}

func (s *pstate) result() PersonResult {
	sort.SliceStable(s.signals, func(i, j int) bool {
		if s.signals[i].Hard != s.signals[j].Hard {
			return s.signals[i].Hard
		}
		return s.signals[i].Weight > s.signals[j].Weight
	})
	sigs := s.signals
	if sigs == nil {
		sigs = []Signal{}
	}
	return PersonResult{Kind: "person", Person: s.p.ID, Risk: math.Round(s.risk*1000) / 1000, Flagged: s.flagged, Signals: sigs, Cluster: s.cluster}
}

// ---- remote control ----

func (s *pstate) remoteSignals() {
	it := itStaff(s.p.Title)
	tools := map[string][]string{} // tool → where seen
	kvms := map[string][]string{}
	for _, d := range s.p.Devices {
		for _, sw := range d.Software {
			if t := remoteTool(sw); t != "" {
				tools[t] = append(tools[t], fmt.Sprintf("device %s: %s", d.ID, sw))
			}
		}
		for _, u := range d.USB {
			if k := ipKVM(u); k != "" {
				kvms[k] = append(kvms[k], fmt.Sprintf("device %s: USB %s", d.ID, u))
			}
		}
	}
	for _, t := range s.g.RemoteApps {
		tools[t.K] = append(tools[t.K], fmt.Sprintf("%d events from %s", t.N, t.K))
	}
	if len(kvms) > 0 {
		w, hard := 0.9, true
		reason := "an IP-KVM is plugged into a company laptop: someone elsewhere can drive it as if at its keyboard, the laptop-farm set-up"
		if it {
			w, hard = 0.2, false
			reason = "an IP-KVM on a company laptop; the title is IT work that may need one, so it weighs little"
		}
		s.add(Signal{Code: "ip_kvm", Family: famRemote, Weight: w, Hard: hard, Source: srcRemote, Reason: reason,
			Evidence: map[string]any{"devices": kvms, "title": s.p.Title, "it_staff": it}})
	}
	if len(tools) > 0 {
		w := 0.35
		reason := "remote-desktop or RMM software on a company laptop, as found on laptop-farm machines"
		if it {
			w = 0.04
			reason = "remote-control software on the laptop of IT staff whose job needs it"
		}
		names := make([]string, 0, len(tools))
		for t := range tools {
			names = append(names, t)
		}
		sort.Strings(names)
		s.add(Signal{Code: "remote_control_software", Family: famRemote, Weight: w, Source: srcRemote, Reason: reason,
			Evidence: map[string]any{"tools": names, "seen": tools, "title": s.p.Title, "it_staff": it}})
	}
}

// ---- interview ----

func (s *pstate) interviewSignals() {
	iv := s.p.Interview
	if iv.CameraRefused {
		s.add(Signal{Code: "camera_refused", Family: famInterview, Weight: 0.2, Source: srcInterview,
			Reason: "refused to appear on camera at interview", Evidence: map[string]any{"camera_refused": true, "notes": iv.Notes}})
	}
	if iv.InPersonRefused {
		s.add(Signal{Code: "in_person_refused", Family: famInterview, Weight: 0.2, Source: srcInterview,
			Reason: "refused in-person onboarding or identity check", Evidence: map[string]any{"in_person_refused": true, "notes": iv.Notes}})
	}
}

// ---- shipping ----

func (s *pstate) shipToSignal(home, ship Address) {
	if ship.Key == "" || home.Key == "" || ship.Key == home.Key {
		return
	}
	w := 0.12
	reason := "the company laptop ships to an address other than the home address"
	if ship.Org {
		w = 0.03
		reason = "the laptop ships to an office or coworking address, which is common"
	}
	s.add(Signal{Code: "ship_to_not_home", Family: famShipping, Weight: w, Source: srcShipTo, Reason: reason,
		Evidence: map[string]any{"home_address": s.p.HomeAddress, "ship_to": s.p.ShipTo, "org_address": ship.Org}})
}

// ---- payouts ----

// highRiskPayoutCountries are payout countries the sources tie to IT-worker
// revenue [ADV22-BM, DOJ-JAN25-KAI, OFAC-NOV25]: China, Hong Kong, Russia,
// the UAE, and the DPRK itself, with Laos and Macau where delegations and
// fronts sit [dprk-facts.md §1].
var highRiskPayoutCountries = map[string]bool{"CN": true, "HK": true, "RU": true, "AE": true, "KP": true, "LA": true, "MO": true}

var companyWords = []string{" llc", " l.l.c", " inc", " ltd", " limited", " gmbh", " corp", " co.", " company", " consulting",
	" solutions", " technologies", " technology", " tech", " labs", " studio", " services", " group", " holdings", " s.a", " ooo", " pte", " bv", " ug", " sarl", " s.r.l", " sp. z o.o"}

func isCompany(n string) bool {
	return containsAny(" "+strings.ToLower(n)+" ", companyWords)
}

// holderRelation says how a payee's name relates to the person: "self",
// "household" (someone who shares their home or home network, by name),
// "own_company", "family" (same surname), "company" or "stranger". A joint
// holder ("Michael and Patricia Jang") that includes the person is self.
func (s *pstate) holderRelation(pop *population, holder string) (string, float64) {
	if strings.TrimSpace(holder) == "" {
		return "self", 1
	}
	// "Gusto FBO Jane Doe", "ADP f/b/o JANE DOE": a provider's account
	// for the benefit of the person is the person's pay.
	if m := beneficiary.FindStringSubmatch(holder); m != nil {
		if sc := s.nameScore(pop, m[1], s.p.LegalName, s.p.Names); sc >= 0.8 {
			return "self", sc
		}
	}
	best := s.nameScore(pop, holder, s.p.LegalName, s.p.Names)
	if best < 0.8 && payIntermediary(holder) {
		return "intermediary", best
	}
	if best < 0.8 {
		for _, part := range jointHolders(holder) {
			best = math.Max(best, s.nameScore(pop, part, s.p.LegalName, s.p.Names))
		}
	}
	if best >= 0.8 {
		return "self", best
	}
	for _, j := range pop.coResidents(s.idx, true) {
		o := pop.people[j].p
		if s.nameScore(pop, holder, o.LegalName, o.Names) >= 0.8 {
			return "household", best
		}
	}
	if isCompany(holder) {
		// The person's own company carries their surname or given name.
		lw := strings.Fields(strings.ToLower(s.p.LegalName))
		hl := " " + strings.ToLower(holder) + " "
		for _, w := range lw {
			w = strings.Trim(w, ",.")
			if len(w) >= 3 && strings.Contains(hl, " "+w+" ") {
				return "own_company", best
			}
		}
		return "company", best
	}
	if s.surname != "" && surnameKey(holder) == s.surname {
		return "family", best
	}
	return "stranger", best
}

// payIntermediaries are payroll providers, employers of record (EOR) and
// pay-card issuers: an account in their name pays a company's ordinary
// staff and contractors, one account for many of them (the employer's own
// payroll, hire-red-flags.md F1: the flag is pay routed to an unrelated
// person or abroad, not pay through a payroll service).
var payIntermediaries = []string{"deel", "remote technology", "remote com", "oyster hr", "papaya global", "multiplier",
	"velocity global", "globalization partners", "rippling", "gusto", "adp", "paychex", "justworks", "trinet",
	"insperity", "paylocity", "paycom", "safeguard global", "atlas hq", "omnipresent", "playroll", "workmotion",
	"boundless hq", "upwork escrow", "toptal", "employer of record", "payroll services", "pay card"}

// staffingWords name a staffing agency or payroll firm; with one account
// paying several people they read as that agency, not a facilitator.
var staffingWords = []string{"staffing", "talent", "workforce", "payroll", "recruit", "recruiting", "recruitment",
	"personnel", "manpower", "placement", "peo", "eor", "employer of record"}

// beneficiary reads "X FBO Name", "X f/b/o Name", "for the benefit of Name".
var beneficiary = regexp.MustCompile(`(?i)(?:^|[\s,(])(?:fbo|f/b/o|for the benefit of|for benefit of|ffc)[:\s]+(.+)$`)

// nameWords is a name lower-cased with every non-alphanumeric run as one
// space, padded, for whole-word matching.
func nameWords(n string) string {
	return " " + strings.Join(strings.FieldsFunc(strings.ToLower(n), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ") + " "
}

func payIntermediary(holder string) bool {
	w := nameWords(holder)
	for _, p := range payIntermediaries {
		if strings.Contains(w, " "+p+" ") {
			return true
		}
	}
	return false
}

func staffingName(holder string) bool {
	w := nameWords(holder)
	for _, p := range staffingWords {
		if strings.Contains(w, " "+p+" ") {
			return true
		}
	}
	return false
}

// payeeKey is a payee name in a form that spelling and word order do not
// change: romanisation keys of its words, sorted.
func payeeKey(name string) string {
	var ks []string
	for _, t := range names.Tokenize(name) {
		if k := names.Key(t.Text); k != "" {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}

// nameScore compares a payee name with a person's legal name and other
// names by clearance's name engine (Bob Smith = Robert Smith, SMITH, Robert
// = Robert Smith, romanisation variants).
func (s *pstate) nameScore(pop *population, holder, legal string, other []string) float64 {
	ent := &clearance.Entity{Type: clearance.Person, Names: []clearance.Name{{Full: legal}}}
	for _, n := range other {
		ent.Names = append(ent.Names, clearance.Name{Full: n})
	}
	m, err := pop.names.Compare(clearance.Query{Name: holder}, ent)
	if err != nil {
		return 0
	}
	return m.Score
}

// jointHolders splits "Michael and Patricia Jang" or "M. Jang & P. Jang"
// into the names of each holder, giving a shared surname to the first.
func jointHolders(h string) []string {
	l := strings.ToLower(h)
	var sep string
	for _, x := range []string{" and ", " & ", " + ", " or "} {
		if strings.Contains(l, x) {
			sep = x
			break
		}
	}
	if sep == "" {
		return nil
	}
	i := strings.Index(l, sep)
	a, b := strings.TrimSpace(h[:i]), strings.TrimSpace(h[i+len(sep):])
	if fa, fb := strings.Fields(a), strings.Fields(b); len(fa) == 1 && len(fb) > 1 {
		a = a + " " + fb[len(fb)-1]
	}
	return []string{a, b}
}

func (s *pstate) payoutSignals(pop *population) {
	var changes []time.Time
	for i, po := range s.p.Payouts {
		rel, sim := s.holderRelation(pop, po.HolderName)
		acct := NormAccount(po.Account)
		if rel == "company" && acct != "" {
			// A company account paying many of the population's people
			// is an employer's payroll, an EOR or a staffing agency: a
			// staffing name and three people, or nine people whatever
			// the name (more than the 2-8 personas a team runs, H#1).
			if n := pop.accountN[acct]; (n >= 3 && staffingName(po.HolderName)) || n >= 9 {
				rel = "intermediary"
			}
		}
		if rel == "intermediary" && acct != "" {
			if s.intermediated == nil {
				s.intermediated = map[string]bool{}
			}
			s.intermediated[acct] = true
		}
		ev := map[string]any{"payout": i, "method": po.Method, "holder_name": po.HolderName, "legal_name": s.p.LegalName, "name_similarity": math.Round(sim*100) / 100, "relation": rel}
		if rel == "stranger" || rel == "company" {
			if k := payeeKey(po.HolderName); k != "" {
				s.payees = append(s.payees, [2]string{k, po.HolderName})
			}
		}
		switch rel {
		case "stranger":
			s.add(Signal{Code: "payee_not_self", Family: famPayout, Weight: 0.38, Source: srcPayee, Evidence: ev,
				Reason: fmt.Sprintf("paid into an account held by %q, a name unlike the legal name %q", po.HolderName, s.p.LegalName)})
		case "company":
			s.add(Signal{Code: "payee_company", Family: famPayout, Weight: 0.3, Source: srcPayee, Evidence: ev,
				Reason: fmt.Sprintf("paid into a company account (%q) that does not carry the person's name", po.HolderName)})
		case "intermediary":
			s.add(Signal{Code: "payee_intermediary", Family: famPayout, Weight: 0.03, Source: srcPayee, Evidence: ev,
				Reason: fmt.Sprintf("paid through %q, a payroll provider, employer of record or staffing agency (weighs little)", po.HolderName)})
		case "household":
			s.add(Signal{Code: "payee_household", Family: famPayout, Weight: 0.04, Source: srcPayee, Evidence: ev,
				Reason: fmt.Sprintf("paid to %q, who lives with the person (same home or home network) and is on record (weighs little)", po.HolderName)})
		case "family":
			s.add(Signal{Code: "payee_family", Family: famPayout, Weight: 0.05, Source: srcPayee, Evidence: ev,
				Reason: fmt.Sprintf("paid to %q, who shares the surname (a spouse or relative; weighs little)", po.HolderName)})
		case "own_company":
			s.add(Signal{Code: "payee_own_company", Family: famPayout, Weight: 0.04, Source: srcPayee, Evidence: ev,
				Reason: fmt.Sprintf("paid to the person's own company %q (weighs little)", po.HolderName)})
		}
		if pc := CountryCode(po.Country); pc != "" && s.region != "" && pc != s.region {
			w, why := 0.15, "a payout country other than the claimed country"
			if highRiskPayoutCountries[pc] {
				w, why = 0.5, "a payout to a country where IT-worker revenue is routed (China, Hong Kong, Russia, UAE and others)"
			}
			s.add(Signal{Code: "payout_country", Family: famPayout, Weight: w, Source: srcPayee,
				Reason:   fmt.Sprintf("%s: paid in %s while claiming %s", why, pc, s.region),
				Evidence: map[string]any{"payout": i, "payout_country": pc, "claimed_country": s.region, "bank": po.Bank, "account": po.Account}})
		}
		if strings.EqualFold(po.Method, "crypto") || po.Wallet != "" {
			s.add(Signal{Code: "crypto_payout", Family: famPayout, Weight: 0.2, Source: srcCrypto,
				Reason:   "asks to be paid in cryptocurrency",
				Evidence: map[string]any{"payout": i, "method": po.Method, "wallet": po.Wallet}})
		}
		if po.ChangedAt != "" {
			if t, err := parseLooseTime(po.ChangedAt); err == nil {
				changes = append(changes, t)
			}
		}
	}
	// Frequent changes: three or more payout accounts set within 180 days.
	sort.Slice(changes, func(i, j int) bool { return changes[i].Before(changes[j]) })
	for i := 0; i+2 < len(changes); i++ {
		if changes[i+2].Sub(changes[i]) <= 180*24*time.Hour {
			dates := make([]string, len(changes))
			for j, c := range changes {
				dates[j] = c.Format("2006-01-02")
			}
			s.add(Signal{Code: "payout_changes", Family: famPayout, Weight: 0.25, Source: srcPayee,
				Reason:   fmt.Sprintf("%d payout accounts set, three within 180 days", len(changes)),
				Evidence: map[string]any{"changed_at": dates}})
			break
		}
	}
}

func parseLooseTime(s string) (time.Time, error) {
	for _, l := range []string{time.RFC3339, "2006-01-02", "2006-01-02 15:04:05", "2006-01"} {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unparseable date %q", s)
}

// ---- network ----

func (s *pstate) networkSignals(pop *population) {
	g := s.g
	if g.Events == 0 {
		return
	}
	egress := g.Egress.Map()
	// A VPN or hosting network most of one organisation's people use is
	// that organisation's VPN.
	var corp []string
	for _, vo := range g.VPNOrgs {
		org, n := vo.K, vo.N
		if pop.corporateVPN[org] {
			cls := egressClass(org, "")
			if cls == egressAstrill {
				continue
			}
			if egress[cls] >= n {
				egress[cls] -= n
				egress[egressCorporateVPN] += n
			}
			corp = append(corp, org)
		}
	}
	netEvents := uint32(0)
	for _, v := range egress {
		netEvents += v
	}
	if netEvents == 0 {
		return
	}
	if n := egress[egressAstrill]; n >= 2 {
		s.add(Signal{Code: "astrill_vpn", Family: famNetwork, Weight: 0.5, Source: srcNetwork,
			Reason:   fmt.Sprintf("%d of %d logins came through Astrill VPN, the VPN North Korean IT workers are reported to use above all", n, netEvents),
			Evidence: map[string]any{"astrill_events": n, "network_events": netEvents, "vpn_networks": g.VPNOrgs.Keys()}})
	}
	if n := egress[egressHosting]; n >= 3 && float64(n) >= 0.25*float64(netEvents) {
		s.add(Signal{Code: "hosting_egress", Family: famNetwork, Weight: 0.15, Source: srcNetwork,
			Reason:   fmt.Sprintf("%d of %d logins came from hosting providers (VPS or relay), not a home or office", n, netEvents),
			Evidence: map[string]any{"hosting_events": n, "network_events": netEvents, "networks": g.VPNOrgs.Keys(), "corporate_vpn": corp}})
	}
	if n := egress[egressPrivacyVPN]; n >= 3 && float64(n) >= 0.25*float64(netEvents) {
		s.add(Signal{Code: "privacy_vpn", Family: famNetwork, Weight: 0.05, Source: srcNetwork,
			Reason:   "logs in through a consumer privacy VPN (common and usually innocent; weighs little)",
			Evidence: map[string]any{"vpn_events": n, "network_events": netEvents, "networks": g.VPNOrgs.Keys()}})
	}
	direct := uint32(0)
	countries := g.Countries.Map()
	for _, v := range countries {
		direct += v
	}
	// Direct logins from China, Russia or North Korea.
	for _, cc := range []string{"KP", "CN", "RU"} {
		n := countries[cc]
		if n < 2 || cc == s.region {
			continue
		}
		w, hard := 0.45, false
		reason := fmt.Sprintf("%d logins straight from %s (no VPN), while claiming %s", n, cc, s.region)
		ev := map[string]any{"country": cc, "events": n, "claimed_country": s.region, "countries": countries}
		if cc == "KP" {
			w, hard = 0.95, true
		} else if days, span, mixed := g.stay(cc); days > 0 && 2*days >= span && mixed <= max(2, days/5) {
			// Dense days there and seldom anywhere else on them (the
			// travel days) is a trip (a business trip, a family visit); a
			// persona's slips come on scattered days between the farm's
			// logins (D3).
			w = 0.1
			reason = fmt.Sprintf("%d logins straight from %s on %d days within %d, and from elsewhere on only %d of them: a trip (weighs little)", n, cc, days, span, mixed)
			ev["days"], ev["span_days"], ev["days_also_elsewhere"] = days, span, mixed
		}
		s.add(Signal{Code: "login_from_" + strings.ToLower(cc), Family: famNetwork, Weight: w, Hard: hard, Source: srcNetwork,
			Reason: reason, Evidence: ev})
	}
	if direct >= 10 && s.region != "" {
		top, topN := "", uint32(0)
		for c, n := range countries {
			if n > topN || n == topN && c < top {
				top, topN = c, n
			}
		}
		if top != s.region && float64(topN) >= 0.6*float64(direct) && countries[s.region] < direct/10+1 {
			s.add(Signal{Code: "login_country_mismatch", Family: famNetwork, Weight: 0.25, Source: srcNetwork,
				Reason:   fmt.Sprintf("most logins come from %s, not the claimed %s", top, s.region),
				Evidence: map[string]any{"countries": countries, "claimed_country": s.region}})
		}
	}
	// Several countries within one day, again and again: a persona used
	// from two places at once (a laptop farm and the worker's VPN).
	multi, days := 0, 0
	for _, bits := range g.DayCountries.Days {
		if bits != 0 {
			days++
		}
		if bits&(bits-1) != 0 {
			multi++
		}
	}
	if multi >= 3 && float64(multi) >= 0.15*float64(days) {
		s.add(Signal{Code: "many_countries_per_day", Family: famNetwork, Weight: 0.3, Source: srcNetwork,
			Reason:   fmt.Sprintf("logins from two or more countries within one day on %d of %d days", multi, days),
			Evidence: map[string]any{"days_multi_country": multi, "active_days": days, "countries": countries}})
	}
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ---- time ----

// workWeight is how typical each local hour is of a working day.
var workWeight = [24]float64{7: 0.3, 8: 0.7, 9: 1, 10: 1, 11: 1, 12: 1, 13: 1, 14: 1, 15: 1, 16: 1, 17: 1, 18: 0.7, 19: 0.3, 20: 0.3}

// refYear is the year daylight-saving rules are read for.
const refYear = 2025

// monthOffsets is a zone's UTC offset (minutes) in the middle of each month.
func monthOffsets(loc *time.Location) [12]int {
	var o [12]int
	for m := 0; m < 12; m++ {
		_, off := time.Date(refYear, time.Month(m+1), 15, 12, 0, 0, 0, loc).Zone()
		o[m] = off / 60
	}
	return o
}

// workShare is the share of events inside working hours if the person
// lived at the given offsets (one per month).
func workShare(hm *[12][24]uint32, offs [12]int) (share float64, local [24]uint32) {
	total := 0.0
	for m := 0; m < 12; m++ {
		for h := 0; h < 24; h++ {
			n := hm[m][h]
			if n == 0 {
				continue
			}
			lh := ((h*60+offs[m])%1440 + 1440) % 1440 / 60
			local[lh] += n
			share += float64(n) * workWeight[lh]
			total += float64(n)
		}
	}
	if total == 0 {
		return 0, local
	}
	return share / total, local
}

func fmtOffset(min int) string {
	sign := '+'
	if min < 0 {
		sign = '-'
		min = -min
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, min/60, min%60)
}

func (s *pstate) timeSignals() {
	g := s.g
	if g.Events < 30 || s.loc == nil {
		return
	}
	claimedOffs := monthOffsets(s.loc)
	claimed, local := workShare(&g.HourMonth, claimedOffs)
	best, bestOff := -1.0, 0
	for o := -12 * 60; o <= 14*60; o += 60 {
		var offs [12]int
		for m := range offs {
			offs[m] = o
		}
		sh, _ := workShare(&g.HourMonth, offs)
		if sh > best+1e-9 {
			best, bestOff = sh, o
		}
	}
	gap := best - claimed
	if claimed < 0.5 && gap >= 0.3 && offsetDistance(bestOff, claimedOffs[0]) >= 4*60 {
		w := 0.25 + 0.15*math.Min(1, (gap-0.3)/0.3)
		s.add(Signal{Code: "activity_hours", Family: famTime, Weight: w, Source: srcHours,
			Reason: fmt.Sprintf("works at night in the claimed zone %s (%.0f%% of activity in local working hours); the hours fit %s best (%.0f%%)",
				s.p.Claimed.Timezone, claimed*100, fmtOffset(bestOff), best*100),
			Evidence: map[string]any{"claimed_zone": s.p.Claimed.Timezone, "hours_local_to_claimed_zone": local[:],
				"share_working_hours_claimed": math.Round(claimed*100) / 100, "best_fit_offset": fmtOffset(bestOff),
				"share_working_hours_best": math.Round(best*100) / 100, "events": g.Events}})
	}
	// Long unbroken activity: several people sharing one persona in shifts.
	runs, longest := longRuns(&g.Active, 16)
	if runs >= 2 {
		s.add(Signal{Code: "long_sessions", Family: famTime, Weight: 0.15, Source: srcHours,
			Reason:   fmt.Sprintf("%d stretches of 16 or more hours of unbroken activity (longest %d h)", runs, longest),
			Evidence: map[string]any{"runs_16h_or_more": runs, "longest_hours": longest}})
	}
}

// offsetDistance is the distance between two UTC offsets around the clock.
func offsetDistance(a, b int) int {
	d := (a - b) % 1440
	if d < 0 {
		d += 1440
	}
	return min(d, 1440-d)
}

// longRuns counts the runs of at least n consecutive active hours.
func longRuns(b *Bits, n int) (runs, longest int) {
	run := 0
	for _, w := range b.Words {
		for bit := 0; bit < 64; bit++ {
			if w&(1<<uint(bit)) != 0 {
				run++
				longest = max(longest, run)
				continue
			}
			if run >= n {
				runs++
			}
			run = 0
		}
	}
	if run >= n {
		runs++
	}
	return runs, longest
}

// ---- device ----

// claimedOffsetsSet is the set of UTC offsets the claimed zone uses.
func (s *pstate) claimedOffsetsSet() map[int]bool {
	set := map[int]bool{}
	for _, o := range monthOffsets(s.loc) {
		set[o] = true
	}
	return set
}

func nearestDistance(o int, set map[int]bool) int {
	d := 1440
	for c := range set {
		d = min(d, offsetDistance(o, c))
	}
	return d
}

func (s *pstate) deviceSignals() {
	if s.loc != nil {
		set := s.claimedOffsetsSet()
		// Git author offsets: the zone the committing machine is set to.
		if off, n, total := dominant16(s.g.CommitOffsets); total >= 5 && float64(n) >= 0.6*float64(total) && nearestDistance(int(off), set) >= 120 {
			s.add(Signal{Code: "commit_offset", Family: famDevice, Weight: 0.35, Source: srcHours,
				Reason:   fmt.Sprintf("%d of %d commits carry the author offset %s, not an offset of the claimed zone %s", n, total, fmtOffset(int(off)), s.p.Claimed.Timezone),
				Evidence: map[string]any{"commit_offsets": offsetsMap(s.g.CommitOffsets), "claimed_zone": s.p.Claimed.Timezone}})
		}
		if off, n, total := dominant16(s.g.ClientOffsets); total >= 5 && float64(n) >= 0.6*float64(total) && nearestDistance(int(off), set) >= 120 {
			s.add(Signal{Code: "client_timezone", Family: famDevice, Weight: 0.25, Source: srcLocale,
				Reason:   fmt.Sprintf("the browser or agent reports %s on %d of %d events, not the claimed zone %s", fmtOffset(int(off)), n, total, s.p.Claimed.Timezone),
				Evidence: map[string]any{"client_offsets": offsetsMap(s.g.ClientOffsets), "claimed_zone": s.p.Claimed.Timezone}})
		}
		for _, d := range s.p.Devices {
			if d.Timezone == "" {
				continue
			}
			var offs map[int]bool
			if l, err := loadZone(d.Timezone); err == nil {
				offs = map[int]bool{}
				for _, o := range monthOffsets(l) {
					offs[o] = true
				}
			} else if m, ok := ParseOffset(d.Timezone); ok {
				offs = map[int]bool{m: true}
			}
			far := len(offs) > 0
			for o := range offs {
				if nearestDistance(o, set) < 120 {
					far = false
				}
			}
			if far {
				s.add(Signal{Code: "device_timezone", Family: famDevice, Weight: 0.3, Source: srcLocale,
					Reason:   fmt.Sprintf("device %s is set to %s, hours away from the claimed zone %s", d.ID, d.Timezone, s.p.Claimed.Timezone),
					Evidence: map[string]any{"device": d.ID, "device_timezone": d.Timezone, "claimed_zone": s.p.Claimed.Timezone}})
				break
			}
		}
	}
	s.localeSignals()
}

func dominant16(m map[int16]uint32) (key int16, n, total uint32) {
	for k, v := range m {
		total += v
		if v > n || v == n && k < key {
			key, n = k, v
		}
	}
	return
}

func offsetsMap(m map[int16]uint32) map[string]uint32 {
	out := map[string]uint32{}
	for k, v := range m {
		out[fmtOffset(int(k))] += v
	}
	return out
}

var zoneCache sync.Map // name → *time.Location (nil when unknown)

// loadZone is time.LoadLocation with a cache: zone files are read once.
func loadZone(name string) (*time.Location, error) {
	if v, ok := zoneCache.Load(name); ok {
		if v == nil {
			return nil, errUnknownZone
		}
		return v.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		zoneCache.Store(name, nil)
		return nil, errUnknownZone
	}
	zoneCache.Store(name, l)
	return l, nil
}

var errUnknownZone = errors.New("unknown time zone")
