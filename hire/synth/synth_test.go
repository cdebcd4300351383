package synth_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clearance-screening/clearance/hire/hireeval"
	"github.com/clearance-screening/clearance/hire/synth"
	"github.com/clearance-screening/clearance/wallet"
)

// namesDir is the shared name tables beside the repository.
var namesDir = filepath.Join("..", "..", "..", "shared", "data", "names")

func testConfig(people int, seed uint64) synth.Config {
	c := synth.DefaultConfig()
	c.People, c.Seed, c.EventsPerPerson, c.NamesDir = people, seed, 10, namesDir
	return c
}

// population is one generated population, read back.
type population struct {
	dir     string
	people  map[string]personLine
	order   []string
	events  []eventLine
	truth   map[string]synth.Truth
	bad     []synth.BadInput
	badSeen map[string]string // file:line of lines that failed to read → why
	raw     map[string][]string
}

type personLine struct {
	synth.Person
	SourceSystem string          `json:"source_system"`
	UpdatedAt    string          `json:"updated_at"`
	CustomFields json.RawMessage `json:"custom_fields"`
}

type eventLine struct {
	synth.Event
	SessionID string          `json:"session_id"`
	Trace     json.RawMessage `json:"trace"`
	Src       string          `json:"src"`
	file      string
	line      int
}

var (
	popOnce sync.Once
	pop     *population
	popErr  error
)

// shared generates the population most tests read, once.
func shared(t *testing.T) *population {
	t.Helper()
	popOnce.Do(func() {
		dir, err := os.MkdirTemp("", "synth-test-")
		if err != nil {
			popErr = err
			return
		}
		c := testConfig(3000, 7)
		c.EventFiles = 2
		if _, err := synth.Generate(context.Background(), c, dir); err != nil {
			popErr = err
			return
		}
		pop, popErr = readPopulation(dir)
	})
	if popErr != nil {
		t.Fatal(popErr)
	}
	return pop
}

func TestMain(m *testing.M) {
	code := m.Run()
	if pop != nil {
		os.RemoveAll(pop.dir)
	}
	os.Exit(code)
}

// readPopulation decodes every file strictly: a field outside the format
// (and outside the few planted extras) fails the decode.
func readPopulation(dir string) (*population, error) {
	p := &population{dir: dir, people: map[string]personLine{}, truth: map[string]synth.Truth{}, badSeen: map[string]string{}, raw: map[string][]string{}}
	read := func(name string, fn func(line []byte, n int) error) error {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for n := 1; sc.Scan(); n++ {
			p.raw[name] = append(p.raw[name], sc.Text())
			if err := fn(sc.Bytes(), n); err != nil {
				return err
			}
		}
		return sc.Err()
	}
	strict := func(line []byte, v any) error {
		d := json.NewDecoder(bytes.NewReader(line))
		d.DisallowUnknownFields()
		return d.Decode(v)
	}
	if err := read("truth.jsonl", func(line []byte, n int) error {
		var k struct {
			Kind string `json:"kind"`
		}
		json.Unmarshal(line, &k)
		if k.Kind == "bad_input" {
			var b synth.BadInput
			if err := strict(line, &b); err != nil {
				return fmt.Errorf("truth line %d: %w", n, err)
			}
			p.bad = append(p.bad, b)
			return nil
		}
		var tr synth.Truth
		if err := strict(line, &tr); err != nil {
			return fmt.Errorf("truth line %d: %w", n, err)
		}
		p.truth[tr.Person] = tr
		return nil
	}); err != nil {
		return nil, err
	}
	if err := read("people.jsonl", func(line []byte, n int) error {
		var pl personLine
		if err := strict(line, &pl); err != nil {
			p.badSeen[fmt.Sprintf("people.jsonl:%d", n)] = err.Error()
			return nil
		}
		if pl.ID == "" {
			p.badSeen[fmt.Sprintf("people.jsonl:%d", n)] = "no id"
			return nil
		}
		if _, dup := p.people[pl.ID]; dup {
			return fmt.Errorf("people line %d: id %s twice", n, pl.ID)
		}
		p.people[pl.ID] = pl
		p.order = append(p.order, pl.ID)
		return nil
	}); err != nil {
		return nil, err
	}
	files, _ := filepath.Glob(filepath.Join(dir, "events*.jsonl"))
	for _, f := range files {
		name := filepath.Base(f)
		if err := read(name, func(line []byte, n int) error {
			var ev eventLine
			key := fmt.Sprintf("%s:%d", name, n)
			if err := strict(line, &ev); err != nil {
				p.badSeen[key] = err.Error()
				return nil
			}
			if _, ok := p.people[ev.Person]; !ok {
				p.badSeen[key] = "unknown person"
				return nil
			}
			if _, err := time.Parse(time.RFC3339, ev.At); err != nil {
				p.badSeen[key] = "bad date"
				return nil
			}
			ev.file, ev.line = name, n
			p.events = append(p.events, ev)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func TestSameSeedSameFilesWhateverTheWorkers(t *testing.T) {
	hash := func(seed uint64, workers int) map[string][]byte {
		dir := t.TempDir()
		c := testConfig(300, seed)
		c.Workers = workers
		if _, err := synth.Generate(context.Background(), c, dir); err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, n := range []string{"people.jsonl", "events.jsonl", "truth.jsonl"} {
			b, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil {
				t.Fatal(err)
			}
			out[n] = b
		}
		return out
	}
	a, b, c := hash(11, 1), hash(11, 3), hash(12, 2)
	for n := range a {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s differs between runs of the same seed", n)
		}
		if bytes.Equal(a[n], c[n]) {
			t.Errorf("%s is the same for seeds 11 and 12", n)
		}
	}
}

func TestRecordsDecodeStrictlyAndBadLinesAreExactlyTheListedOnes(t *testing.T) {
	p := shared(t)
	if len(p.people) != 3000 || len(p.truth) != 3000 {
		t.Fatalf("%d people and %d truth lines, want 3000 each", len(p.people), len(p.truth))
	}
	for id := range p.people {
		if _, ok := p.truth[id]; !ok {
			t.Fatalf("person %s has no truth line", id)
		}
	}
	listed := map[string]string{}
	for _, b := range p.bad {
		listed[fmt.Sprintf("%s:%d", b.File, b.Line)] = b.What
	}
	if len(listed) < 8 {
		t.Errorf("only %d bad records planted", len(listed))
	}
	for k, why := range p.badSeen {
		if _, ok := listed[k]; !ok {
			t.Errorf("%s failed to read (%s) but the truth does not list it: %s", k, why, lineOf(p, k))
		}
	}
	for k, what := range listed {
		if _, ok := p.badSeen[k]; !ok {
			t.Errorf("truth lists %s (%s) but it reads as a good record: %s", k, what, lineOf(p, k))
		}
	}
	kinds := map[string]bool{}
	for _, b := range p.bad {
		kinds[b.What] = true
	}
	for _, want := range []string{"bad date", "event for an unknown person", "malformed JSON (truncated line)", "person without id", "malformed JSON (truncated person)"} {
		if !kinds[want] {
			t.Errorf("no planted %q", want)
		}
	}
}

func lineOf(p *population, key string) string {
	file, n, _ := strings.Cut(key, ":")
	i, _ := strconv.Atoi(n)
	if i < 1 || i > len(p.raw[file]) {
		return "?"
	}
	return p.raw[file][i-1]
}

var offsetRE = regexp.MustCompile(`^[+-]\d\d:?\d\d$`)

func TestFieldsFollowTheFormat(t *testing.T) {
	p := shared(t)
	roles := map[string]bool{"applicant": true, "employee": true, "contractor": true, "freelancer": true}
	methods := map[string]bool{"bank": true, "paypal": true, "payoneer": true, "wise": true, "crypto": true}
	hexRE := regexp.MustCompile(`^[0-9a-f]{16}$`)
	for id, pl := range p.people {
		if pl.Kind != "person" || !roles[pl.Role] || pl.LegalName == "" || pl.Claimed.Country == "" {
			t.Fatalf("%s: bad person header %+v", id, pl.Person)
		}
		if pl.PhotoPHash != "" && !hexRE.MatchString(pl.PhotoPHash) {
			t.Errorf("%s: photo hash %q is not 64-bit hex", id, pl.PhotoPHash)
		}
		if pl.ReferredBy != "" {
			if _, ok := p.people[pl.ReferredBy]; !ok {
				t.Errorf("%s referred by unknown %s", id, pl.ReferredBy)
			}
		}
		for _, po := range pl.Payouts {
			if !methods[po.Method] || po.HolderName == "" || po.Account == "" || po.Country == "" {
				t.Errorf("%s: bad payout %+v", id, po)
			}
			if po.Wallet != "" {
				if _, err := wallet.Parse(po.Wallet); err != nil {
					t.Errorf("%s: wallet %s does not parse: %v", id, po.Wallet, err)
				}
			}
		}
	}
	for _, ev := range p.events {
		if ev.Kind != "event" || ev.Type == "" {
			t.Fatalf("%s:%d: bad event %+v", ev.file, ev.line, ev.Event)
		}
		if ev.TZOffset != "" && !offsetRE.MatchString(ev.TZOffset) {
			t.Fatalf("%s:%d: tz_offset %q", ev.file, ev.line, ev.TZOffset)
		}
		if ev.Type == "commit" {
			// A commit's time carries the git author offset.
			off := ev.TZOffset
			if len(off) == 5 {
				off = off[:3] + ":" + off[3:]
			}
			if !strings.HasSuffix(ev.At, off) && !(off == "+00:00" && strings.HasSuffix(ev.At, "Z")) {
				t.Fatalf("%s:%d: commit at %s but tz_offset %s", ev.file, ev.line, ev.At, ev.TZOffset)
			}
		}
	}
}

func TestEveryGroupIsPresentInItsShare(t *testing.T) {
	p := shared(t)
	c := synth.DefaultConfig()
	count := map[string]int{}
	korean := 0
	for _, tr := range p.truth {
		count[tr.Group]++
		if tr.KoreanHeritage {
			korean++
			if tr.Ring != nil {
				t.Errorf("%s: ring persona with Korean heritage; rings use ordinary stolen identities", tr.Person)
			}
		}
		if (tr.Ring != nil) != (tr.Group == synth.GroupRing) {
			t.Errorf("%s: ring %v but group %s", tr.Person, tr.Ring, tr.Group)
		}
	}
	n := float64(len(p.truth))
	check := func(group string, share float64) {
		t.Helper()
		got := float64(count[group]) / n
		// Units come whole (a household, an office), so a group can fall
		// short of its share by less than one unit.
		if got > share+0.002 || got < share*0.75 {
			t.Errorf("%s: %.2f%% of people, want about %.2f%%", group, 100*got, 100*share)
		}
	}
	check(synth.GroupRing, c.RingShare)
	for _, g := range synth.LookalikeGroups {
		check(g, c.Lookalikes[g])
	}
	if count[synth.GroupPlain] < len(p.truth)/2 {
		t.Errorf("only %d plain people", count[synth.GroupPlain])
	}
	if korean < count[synth.GroupKoreanHeritage] {
		t.Errorf("%d Korean-heritage people, fewer than the group's %d", korean, count[synth.GroupKoreanHeritage])
	}
}

// ident is one identifier a person holds, as a detector would normalise it.
type ident struct{ kind, value string }

func identifiers(p *population) map[string][]ident {
	out := map[string][]ident{}
	isp := map[int]bool{}
	for _, c := range synthCountriesISPs() {
		isp[c] = true
	}
	for id, pl := range p.people {
		var ids []ident
		for _, ph := range pl.Phones {
			ids = append(ids, ident{"phone", hireeval.NormPhone(ph, pl.Claimed.Country)})
		}
		for _, e := range pl.Emails {
			ids = append(ids, ident{"email", normEmail(e)})
		}
		for _, po := range pl.Payouts {
			if po.Wallet != "" {
				ids = append(ids, ident{"wallet", hireeval.NormWallet(po.Wallet)})
			} else {
				ids = append(ids, ident{"payout", hireeval.NormAccount(po.Account)})
			}
		}
		if pl.ShipTo != "" {
			ids = append(ids, ident{"ship_to", hireeval.NormAddress(pl.ShipTo)})
		}
		out[id] = ids
	}
	for _, ev := range p.events {
		if ev.IP == "" || !isp[ev.ASN] {
			continue
		}
		ip := ev.IP
		if strings.Contains(ip, ":") {
			g := strings.Split(ip, ":")
			ip = strings.Join(g[:4], ":") + "::/64"
		}
		out[ev.Person] = append(out[ev.Person], ident{"home_ip", ip})
	}
	return out
}

func normEmail(e string) string {
	e = strings.ToLower(e)
	local, dom, _ := strings.Cut(e, "@")
	if dom == "gmail.com" || dom == "googlemail.com" {
		local, _, _ = strings.Cut(local, "+")
		local = strings.ReplaceAll(local, ".", "")
		dom = "gmail.com"
	}
	return local + "@" + dom
}

func synthCountriesISPs() []int { return synth.ResidentialASNs() }

// links lists what a shares with b: identifier kinds, near-duplicate
// photos and resumes, and a referral either way.
func links(p *population, ids map[string][]ident, a, b string) map[string]bool {
	out := map[string]bool{}
	have := map[ident]bool{}
	for _, x := range ids[a] {
		have[x] = true
	}
	for _, y := range ids[b] {
		if have[y] {
			out[y.kind] = true
		}
	}
	pa, pb := p.people[a], p.people[b]
	if pa.PhotoPHash != "" && pb.PhotoPHash != "" {
		x, _ := strconv.ParseUint(pa.PhotoPHash, 16, 64)
		y, _ := strconv.ParseUint(pb.PhotoPHash, 16, 64)
		if bits.OnesCount64(x^y) <= 10 {
			out["photo"] = true
		}
	}
	if pa.ResumeText != "" && pb.ResumeText != "" && jaccard(pa.ResumeText, pb.ResumeText) >= 0.6 {
		out["resume"] = true
	}
	if pa.ReferredBy == b || pb.ReferredBy == a {
		out["referral"] = true
	}
	return out
}

func shingles(s string) map[string]bool {
	w := strings.Fields(strings.ToLower(s))
	out := map[string]bool{}
	for i := 0; i+5 <= len(w); i++ {
		out[strings.Join(w[i:i+5], " ")] = true
	}
	return out
}

func jaccard(a, b string) float64 {
	x, y := shingles(a), shingles(b)
	inter := 0
	for k := range x {
		if y[k] {
			inter++
		}
	}
	if u := len(x) + len(y) - inter; u > 0 {
		return float64(inter) / float64(u)
	}
	return 0
}

func TestRingsAreLinkedAsTheTruthSays(t *testing.T) {
	p := shared(t)
	ids := identifiers(p)
	rings := map[string][]string{}
	for id, tr := range p.truth {
		if tr.Ring != nil {
			rings[*tr.Ring] = append(rings[*tr.Ring], id)
		}
	}
	if len(rings) < 10 {
		t.Fatalf("only %d rings", len(rings))
	}
	weak := 0
	for name, members := range rings {
		sort.Strings(members)
		if len(members) < 2 || len(members) > 8 {
			t.Errorf("%s has %d members, want 2..8", name, len(members))
		}
		var strong []string
		for _, m := range members {
			if !p.truth[m].Weak {
				strong = append(strong, m)
			}
		}
		if len(strong) < 2 {
			t.Errorf("%s has %d strong members", name, len(strong))
		}
		// Strong members form one connected group.
		seen := map[string]bool{strong[0]: true}
		queue := []string{strong[0]}
		for len(queue) > 0 {
			a := queue[0]
			queue = queue[1:]
			for _, b := range strong {
				if !seen[b] && len(links(p, ids, a, b)) > 0 {
					seen[b] = true
					queue = append(queue, b)
				}
			}
		}
		if len(seen) != len(strong) {
			t.Errorf("%s: strong members fall apart: %d of %d reachable", name, len(seen), len(strong))
		}
		for _, m := range strong {
			kinds := map[string]bool{}
			for _, o := range members {
				if o != m {
					for k := range links(p, ids, m, o) {
						kinds[k] = true
					}
				}
			}
			if len(kinds) < 2 {
				t.Errorf("%s: strong member %s shares only %v with its ring", name, m, kinds)
			}
		}
		// A weak member is tied to the ring by exactly one identifier.
		for _, m := range members {
			if !p.truth[m].Weak {
				continue
			}
			weak++
			kinds := map[string]bool{}
			for _, o := range members {
				if o != m {
					for k := range links(p, ids, m, o) {
						kinds[k] = true
					}
				}
			}
			if len(kinds) != 1 {
				t.Errorf("%s: weak member %s shares %v with its ring, want exactly one kind", name, m, kinds)
			}
		}
	}
	if weak == 0 {
		t.Error("no weakly linked members")
	}
}

func TestRingsShowTheTradecraftAndSomePayListedNamesOrWallets(t *testing.T) {
	p := shared(t)
	var asiaCommits, astrill, kvm, remote, foreignPay, listed int
	ring := func(id string) bool { return p.truth[id].Ring != nil }
	for _, ev := range p.events {
		if !ring(ev.Person) {
			continue
		}
		if ev.Type == "commit" && (ev.TZOffset == "+08:00" || ev.TZOffset == "+09:00") {
			asiaCommits++
		}
		if ev.App == "Astrill VPN" {
			astrill++
		}
	}
	for id, pl := range p.people {
		if !ring(id) {
			continue
		}
		for _, d := range pl.Devices {
			for _, u := range d.USB {
				if strings.Contains(u, "KVM") || strings.Contains(u, "TinyPilot") {
					kvm++
				}
			}
			for _, s := range d.Software {
				if strings.HasPrefix(s, "AnyDesk") || strings.HasPrefix(s, "RustDesk") || strings.HasPrefix(s, "TeamViewer") || strings.HasPrefix(s, "Chrome Remote Desktop") {
					remote++
				}
			}
		}
		for _, po := range pl.Payouts {
			if po.Country == "CN" || po.Country == "HK" || po.Country == "RU" {
				foreignPay++
			}
			if isListed(po.HolderName, po.Wallet) {
				listed++
			}
		}
	}
	for what, n := range map[string]int{"+08/+09 commits": asiaCommits, "Astrill sessions": astrill, "IP-KVM devices": kvm, "remote-control tools": remote, "CN/HK/RU payouts": foreignPay, "listed payees or wallets": listed} {
		if n == 0 {
			t.Errorf("no ring member shows %s", what)
		}
	}
}

func isListed(holder, w string) bool {
	for _, x := range synth.ListedPayees() {
		if strings.EqualFold(x, holder) || (w != "" && strings.EqualFold(x, w)) {
			return true
		}
	}
	return false
}

func TestRecordsAreMessyTheWayRealOnesAre(t *testing.T) {
	p := shared(t)
	var all strings.Builder
	for _, line := range p.raw["people.jsonl"] {
		all.WriteString(line)
		all.WriteByte('\n')
	}
	text := all.String()
	for what, re := range map[string]string{
		"US phone in parentheses":    `"\(\d{3}\) \d{3}-\d{4}"`,
		"dotted US phone":            `"\d{3}\.\d{3}\.\d{4}"`,
		"E.164 phone":                `"\+\d{8,15}"`,
		"national phone with trunk":  `"0\d{2,4} \d+"`,
		"#unit address":              `#\d+[A-F]?,`,
		"Apt address":                `Apt\.? \d`,
		"suite":                      `(Suite|Ste\.?) \d`,
		"Attn line":                  `Attn: IT`,
		"c/o line":                   `c/o `,
		"upper-case address":         `"\d+ [A-Z .]+ (ST|AVE|RD|BLVD|DR|LN|CT|PL|WAY|PKWY)\.?[ ,]`,
		"ZIP+4":                      `[A-Z]{2} \d{5}-\d{4}`,
		"routing acct with space":    `"account":"\d{9} \d{8,12}"`,
		"routing-acct":               `"account":"\d{9}-\d{8,12}"`,
		"Routing X / Acct Y":         `"account":"Routing \d{9} / Acct \d+"`,
		"IBAN with spaces":           `"account":"[A-Z]{2}\d{2} [A-Z0-9]{4} `,
		"Gmail plus tag":             `\+(jobs|work|upwork|hr|dev|apply)@(gmail|Gmail|googlemail)\.com`,
		"extra unknown field":        `"source_system":`,
		"upper-case FAMILY, Given":   `"legal_name":"[A-Z]{2,}, [A-Z][a-z]`,
		"payout change dates":        `"changed_at":"2026-`,
		"Korean keyboard":            `Korean \(2-Set\)|2-Beolsik`,
		"IP-KVM on a help-desk desk": `PiKVM`,
	} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("no %s in people.jsonl", what)
		}
	}

	// A Gmail inbox written with dots in one record and without in another.
	byInbox := map[string]map[string]bool{}
	for _, pl := range p.people {
		for _, e := range pl.Emails {
			if strings.Contains(strings.ToLower(e), "gmail") {
				n := normEmail(e)
				if byInbox[n] == nil {
					byInbox[n] = map[string]bool{}
				}
				byInbox[n][e] = true
			}
		}
	}
	variants := 0
	for _, spellings := range byInbox {
		if len(spellings) > 1 {
			variants++
		}
	}
	if variants == 0 {
		t.Error("no Gmail inbox appears under two spellings")
	}

	// IPv6: one home /64 seen with several host parts.
	hosts := map[string]map[string]bool{}
	unsorted, switches, extras := 0, 0, 0
	var last time.Time
	lastPerson := ""
	for _, ev := range p.events {
		if strings.Count(ev.IP, ":") == 7 {
			g := strings.Split(ev.IP, ":")
			k := ev.Person + " " + strings.Join(g[:4], ":")
			if hosts[k] == nil {
				hosts[k] = map[string]bool{}
			}
			hosts[k][strings.Join(g[4:], ":")] = true
		}
		at, _ := time.Parse(time.RFC3339, ev.At)
		if at.Before(last) {
			unsorted++
		}
		last = at
		if ev.Person != lastPerson {
			switches++
		}
		lastPerson = ev.Person
		if ev.SessionID != "" || ev.Trace != nil || ev.Src != "" {
			extras++
		}
	}
	rotating := 0
	for _, h := range hosts {
		if len(h) > 2 {
			rotating++
		}
	}
	if rotating == 0 {
		t.Error("no IPv6 home network whose host part changes")
	}
	if unsorted < len(p.events)/4 || switches < len(p.events)/2 {
		t.Errorf("events look sorted: %d of %d go back in time, %d person switches", unsorted, len(p.events), switches)
	}
	if extras == 0 {
		t.Error("no event carries an unknown extra field")
	}
	missing := 0
	for _, ev := range p.events {
		if ev.IP != "" && (ev.Country == "" || ev.ASN == 0) {
			missing++
		}
	}
	if missing == 0 {
		t.Error("no event lacks its country or ASN")
	}
}

func TestLookalikesCarryTheirTrap(t *testing.T) {
	p := shared(t)
	byGroup := map[string][]personLine{}
	for id, pl := range p.people {
		byGroup[p.truth[id].Group] = append(byGroup[p.truth[id].Group], pl)
	}
	sharedShipTo := func(group string) bool {
		seen := map[string]int{}
		for _, pl := range byGroup[group] {
			if pl.ShipTo != "" {
				seen[hireeval.NormAddress(pl.ShipTo)]++
			}
		}
		for _, n := range seen {
			if n > 1 {
				return true
			}
		}
		return false
	}
	if !sharedShipTo(synth.GroupOfficeShipTo) || !sharedShipTo(synth.GroupCoworking) {
		t.Error("offices and coworking spaces should receive several people's laptops")
	}
	remote := 0
	for _, pl := range byGroup[synth.GroupHelpdesk] {
		for _, d := range pl.Devices {
			for _, s := range d.Software {
				if strings.HasPrefix(s, "AnyDesk") || strings.HasPrefix(s, "TeamViewer") {
					remote++
				}
			}
		}
	}
	if remote == 0 {
		t.Error("help-desk staff should have remote-control tools")
	}
	abroad := map[string]bool{}
	for _, pl := range byGroup[synth.GroupFreelancerAbroad] {
		for _, po := range pl.Payouts {
			if po.Country == pl.Claimed.Country {
				abroad[po.Country] = true
			}
		}
	}
	if !abroad["CN"] && !abroad["HK"] && !abroad["RU"] {
		t.Error("no freelancer abroad who says so is paid in CN, HK or RU")
	}
	inKorea := 0
	for _, pl := range byGroup[synth.GroupKoreanHeritage] {
		if pl.Claimed.Country == "KR" && pl.Claimed.Timezone == "Asia/Seoul" {
			inKorea++
		}
	}
	if inKorea == 0 {
		t.Error("no Korean-heritage person living in Korea and saying so")
	}
}

func TestConfigFileOverridesOnlyTheKnobsItNames(t *testing.T) {
	c := synth.DefaultConfig()
	err := synth.ReadConfig(strings.NewReader(`{"ring_share": 0.05, "signals": {"astrill": 1}, "lookalikes": {"couple": 0.04}}`), &c)
	if err != nil {
		t.Fatal(err)
	}
	d := synth.DefaultConfig()
	if c.RingShare != 0.05 || c.Signals.Astrill != 1 || c.Lookalikes[synth.GroupCouple] != 0.04 {
		t.Errorf("named knobs not set: %+v", c)
	}
	if c.Signals.AsiaHours != d.Signals.AsiaHours || c.Lookalikes[synth.GroupHelpdesk] != d.Lookalikes[synth.GroupHelpdesk] || c.People != d.People {
		t.Error("knobs the file does not name changed")
	}
	if err := synth.ReadConfig(strings.NewReader(`{"ring_shares": 0.05}`), &c); err == nil {
		t.Error("a misspelt knob was accepted")
	}
	bad := synth.DefaultConfig()
	bad.Lookalikes["aliens"] = 0.1
	if _, err := synth.Generate(context.Background(), bad, t.TempDir()); err == nil {
		t.Error("an unknown look-alike group was accepted")
	}
	bad = synth.DefaultConfig()
	bad.RingShare = 0.9
	if _, err := synth.Generate(context.Background(), bad, t.TempDir()); err == nil {
		t.Error("shares adding up to more than everyone were accepted")
	}
}
