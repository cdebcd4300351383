package hire

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

type rec = map[string]any

// person is a consistent US employee; fields override the defaults.
func person(id string, fields rec) rec {
	p := rec{
		"kind": "person", "id": id, "role": "employee", "org": "Acme", "title": "Software Engineer",
		"legal_name": "Person " + strings.ToUpper(id[:1]) + id[1:] + "son", "emails": []string{id + "@example.com"},
		"phones":  []string{fmt.Sprintf("+1 415 555 %04d", len(id)*37%10000)},
		"claimed": rec{"country": "US", "city": "Chicago", "timezone": "America/Chicago"},
		"payouts": []rec{{"method": "bank", "account": "021000021 " + fmt.Sprint(1000000+len(id)*7919), "country": "US"}},
	}
	p["phones"] = []string{"+1 415 555 " + fmt.Sprintf("%04d", hashID(id)%10000)}
	p["home_address"] = fmt.Sprintf("%d Oak St, Chicago, IL 60601", 100+hashID(id)%900)
	p["payouts"].([]rec)[0]["account"] = fmt.Sprintf("021000021 %d", 1000000+hashID(id))
	p["payouts"].([]rec)[0]["holder_name"] = p["legal_name"]
	for k, v := range fields {
		p[k] = v
	}
	return p
}

func hashID(s string) int {
	h := 7
	for _, c := range s {
		h = h*31 + int(c)
	}
	if h < 0 {
		h = -h
	}
	return h % 1000003
}

// workEvents are logins in local working hours of zone tz over 60 days.
func workEvents(id, tz string, n int, extra rec) []rec {
	loc, _ := time.LoadLocation(tz)
	var out []rec
	start := time.Date(2025, 1, 6, 9, 0, 0, 0, loc)
	for i := 0; i < n; i++ {
		at := start.AddDate(0, 0, i%120).Add(time.Duration(i%8) * time.Hour)
		e := rec{"kind": "event", "person": id, "at": at.Format(time.RFC3339), "type": "login", "ip": fmt.Sprintf("73.1.%d.%d", hashID(id)%250, 1+hashID(id)/250%250), "country": "US", "asn": 7922, "asn_org": "Comcast Cable"}
		for k, v := range extra {
			e[k] = v
		}
		out = append(out, e)
	}
	return out
}

var (
	builtinOnce  sync.Once
	builtinIndex *match.Index
)

func builtin(t *testing.T) *match.Index {
	t.Helper()
	builtinOnce.Do(func() {
		ds, err := lists.Builtin()
		if err != nil {
			t.Fatal(err)
		}
		builtinIndex = match.Build(ds.Entities, match.Options{})
	})
	return builtinIndex
}

// run assesses records written to a JSONL file (plus raw lines).
func run(t *testing.T, screener *match.Index, recs []rec, raw ...string) (Result, map[string]PersonResult) {
	t.Helper()
	var b strings.Builder
	for _, r := range recs {
		j, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	for _, l := range raw {
		b.WriteString(l + "\n")
	}
	path := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	a := NewAssessor(Options{Screener: screener})
	if err := a.Read(context.Background(), []string{path}, nil); err != nil {
		t.Fatal(err)
	}
	res := a.Assess()
	by := map[string]PersonResult{}
	for _, p := range res.People {
		by[p.Person] = p
	}
	return res, by
}

func signal(p PersonResult, code string) *Signal {
	for i := range p.Signals {
		if p.Signals[i].Code == code {
			return &p.Signals[i]
		}
	}
	return nil
}

func TestSharedPhoneAcrossFormatsNamesTheOthers(t *testing.T) {
	recs := []rec{
		person("a", rec{"phones": []string{"(312) 555-0147"}}),
		person("b", rec{"phones": []string{"+1 312.555.0147"}, "org": "Other"}),
		person("c", nil),
	}
	_, by := run(t, nil, recs)
	s := signal(by["a"], "shared_phone")
	if s == nil {
		t.Fatalf("no shared_phone for a: %+v", by["a"].Signals)
	}
	if fmt.Sprint(s.Evidence["shared_with"]) != "[b]" || !strings.Contains(s.Reason, "b") {
		t.Errorf("evidence %v, reason %q should name b", s.Evidence, s.Reason)
	}
	if !strings.Contains(s.Source, "A4") {
		t.Errorf("source %q", s.Source)
	}
	if signal(by["c"], "shared_phone") != nil {
		t.Error("c shares nothing")
	}
	if by["a"].Cluster == "" || by["a"].Cluster != by["b"].Cluster || by["c"].Cluster != "" {
		t.Errorf("clusters a=%q b=%q c=%q", by["a"].Cluster, by["b"].Cluster, by["c"].Cluster)
	}
}

func TestCoupleSharingAccountWeighsLessThanStrangers(t *testing.T) {
	home := "55 Elm Street Apt 2, Chicago, IL 60601"
	acct := []rec{{"method": "bank", "account": "Routing 021000021 / Acct 99887766", "country": "US", "holder_name": "Ann Miller"}}
	recs := []rec{
		person("ann", rec{"legal_name": "Ann Miller", "home_address": home, "payouts": acct}),
		person("bob", rec{"legal_name": "Bob Miller", "home_address": "55 ELM ST #2, Chicago IL 60601", "payouts": []rec{{"method": "bank", "account": "021000021-99887766", "country": "US", "holder_name": "Ann Miller"}}}),
		person("x", rec{"legal_name": "Xavier Stone", "payouts": []rec{{"method": "bank", "account": "021000021 55443322", "country": "US", "holder_name": "Xavier Stone"}}}),
		person("y", rec{"legal_name": "Yusuf Demir", "org": "Other", "payouts": []rec{{"method": "bank", "account": "021000021-55443322", "country": "US", "holder_name": "Yusuf Demir"}}}),
	}
	_, by := run(t, nil, recs)
	couple, strangers := signal(by["bob"], "shared_account"), signal(by["y"], "shared_account")
	if couple == nil || strangers == nil {
		t.Fatalf("couple %v strangers %v", by["bob"].Signals, by["y"].Signals)
	}
	if couple.Weight >= strangers.Weight/2 {
		t.Errorf("a couple's joint account weighs %.2f, strangers' %.2f", couple.Weight, strangers.Weight)
	}
	pf := signal(by["bob"], "payee_household")
	if pf == nil {
		pf = signal(by["bob"], "payee_family")
	}
	if pf == nil || pf.Weight > 0.1 || signal(by["bob"], "payee_not_self") != nil {
		t.Errorf("paying into the spouse's account: %+v", by["bob"].Signals)
	}
	if by["ann"].Flagged || by["bob"].Flagged {
		t.Error("a couple is flagged")
	}
}

func TestOfficeShipToIsNotALaptopFarm(t *testing.T) {
	var recs []rec
	for i := 0; i < 12; i++ {
		recs = append(recs, person(fmt.Sprintf("o%d", i), rec{"ship_to": "Attn: IT Dept, 500 Market St, Suite 300, San Francisco, CA 94105"}))
	}
	for i, org := range []string{"A", "B", "C"} {
		recs = append(recs, person(fmt.Sprintf("f%d", i), rec{"org": org, "ship_to": []string{"77 Birch Lane, Dover, DE 19901", "77 BIRCH LN, DOVER DE 19901", "77 Birch Ln., Dover, Delaware 19901"}[i]}))
	}
	_, by := run(t, nil, recs)
	farm := signal(by["f0"], "shared_ship_to")
	if farm == nil || farm.Weight < 0.3 {
		t.Fatalf("laptop farm: %+v", by["f0"].Signals)
	}
	if office := signal(by["o0"], "shared_ship_to"); office != nil && office.Weight > farm.Weight/4 {
		t.Errorf("office ship-to weighs %.2f, farm %.2f", office.Weight, farm.Weight)
	}
	if by["o0"].Flagged {
		t.Error("office worker flagged")
	}
}

func TestPayeeNames(t *testing.T) {
	payout := func(holder, country string) []rec {
		return []rec{{"method": "bank", "account": "021000021 " + fmt.Sprint(hashID(holder)), "country": country, "holder_name": holder}}
	}
	recs := []rec{
		person("nick", rec{"legal_name": "Robert Smith", "payouts": payout("Bob Smith", "US")}),
		person("llc", rec{"legal_name": "Robert Smith", "payouts": payout("Smith Consulting LLC", "US")}),
		person("stranger", rec{"legal_name": "Robert Smith", "payouts": payout("Li Wei", "CN")}),
	}
	_, by := run(t, nil, recs)
	for _, code := range []string{"payee_not_self", "payee_company", "payee_family", "payout_country"} {
		if signal(by["nick"], code) != nil {
			t.Errorf("Bob Smith = Robert Smith gave %s", code)
		}
	}
	if s := signal(by["llc"], "payee_own_company"); s == nil || s.Weight > 0.1 {
		t.Errorf("own LLC: %+v", by["llc"].Signals)
	}
	if signal(by["stranger"], "payee_not_self") == nil {
		t.Errorf("stranger payee: %+v", by["stranger"].Signals)
	}
	if s := signal(by["stranger"], "payout_country"); s == nil || s.Weight < 0.4 {
		t.Errorf("CN payout: %+v", by["stranger"].Signals)
	}
}

func TestSanctionsHitOnPayeeOrWalletFlagsAlone(t *testing.T) {
	ix := builtin(t)
	var wallet string
	for _, e := range ix.Entities() {
		if len(e.Wallets) > 0 {
			wallet = e.Wallets[0].Address
			break
		}
	}
	if wallet == "" {
		t.Fatal("built-in set has no wallet")
	}
	recs := []rec{
		person("payee", rec{"payouts": []rec{{"method": "bank", "account": "021000021 1", "country": "US", "holder_name": "Kim Sang Man"}}}),
		person("wallet", rec{"payouts": []rec{{"method": "crypto", "wallet": wallet, "country": "US"}}}),
		// Her own name is Korean and near a listed one: not a hit.
		person("minjun", rec{"legal_name": "Kim Min Jun", "payouts": []rec{{"method": "bank", "account": "021000021 2", "country": "US", "holder_name": "Kim Min Jun"}}}),
	}
	_, by := run(t, ix, recs)
	for _, id := range []string{"payee", "wallet"} {
		s := signal(by[id], "sanctions_match")
		if s == nil || !s.Hard || !by[id].Flagged || s.Evidence["entity_id"] == "" {
			t.Errorf("%s: %+v", id, by[id])
		}
	}
	if signal(by["minjun"], "sanctions_match") != nil || by["minjun"].Flagged {
		t.Errorf("a Korean name near a listed one: %+v", by["minjun"].Signals)
	}
}

func TestRemoteControlDiscountedForITStaff(t *testing.T) {
	dev := func(id, sw, usb string) []rec {
		return []rec{{"id": "d-" + id, "software": []string{"Slack", sw}, "usb": []string{usb}}}
	}
	recs := []rec{
		person("eng", rec{"devices": dev("eng", "AnyDesk 8.0", "")}),
		person("helpdesk", rec{"title": "IT Help Desk Technician", "devices": dev("hd", "AnyDesk 8.0", "")}),
		person("kvm", rec{"devices": dev("kvm", "Zoom", "1d6b:0104 Linux Foundation Multifunction Composite Gadget")}),
		person("itkvm", rec{"title": "Systems Administrator", "devices": dev("it", "Zoom", "PiKVM v4")}),
		// Vendor and product as separate fields of an object.
		person("kvmobj", rec{"devices": []rec{{"id": "d-obj", "usb": []rec{{"vendor_id": "0x1d6b", "product_id": "0x0104"}}}}}),
		person("keyboard", rec{"devices": []rec{{"id": "d-kb", "usb": []string{"046d:c31c Logitech Keyboard", "0104:1d6bff"}}}}),
	}
	_, by := run(t, nil, recs)
	eng, it := signal(by["eng"], "remote_control_software"), signal(by["helpdesk"], "remote_control_software")
	if eng == nil || it == nil || it.Weight >= eng.Weight/4 {
		t.Errorf("engineer %+v, help desk %+v", eng, it)
	}
	if k := signal(by["kvm"], "ip_kvm"); k == nil || !k.Hard || !by["kvm"].Flagged {
		t.Errorf("IP-KVM: %+v", by["kvm"])
	}
	if k := signal(by["kvmobj"], "ip_kvm"); k == nil || !k.Hard {
		t.Errorf("IP-KVM ids as object fields: %+v", by["kvmobj"])
	}
	if signal(by["keyboard"], "ip_kvm") != nil {
		t.Errorf("a keyboard read as an IP-KVM: %+v", by["keyboard"])
	}
	if k := signal(by["itkvm"], "ip_kvm"); k == nil || k.Hard || by["itkvm"].Flagged {
		t.Errorf("sysadmin's IP-KVM: %+v", by["itkvm"])
	}
	if by["eng"].Flagged {
		t.Error("one soft signal flagged")
	}
}

func TestActivityHoursAgainstClaimedZoneWithDST(t *testing.T) {
	var recs []rec
	recs = append(recs, person("local", rec{"claimed": rec{"country": "US", "timezone": "America/New_York"}}))
	recs = append(recs, workEvents("local", "America/New_York", 200, nil)...)
	recs = append(recs, person("asia", rec{"claimed": rec{"country": "US", "timezone": "America/New_York"}}))
	// Working hours in Shanghai, recorded in UTC.
	for _, e := range workEvents("asia", "Asia/Shanghai", 200, nil) {
		at, _ := time.Parse(time.RFC3339, e["at"].(string))
		e["at"] = at.UTC().Format(time.RFC3339)
		recs = append(recs, e)
	}
	_, by := run(t, nil, recs)
	if s := signal(by["local"], "activity_hours"); s != nil {
		t.Errorf("a New Yorker working New York hours through DST: %+v", s)
	}
	s := signal(by["asia"], "activity_hours")
	if s == nil {
		t.Fatalf("Shanghai hours under a New York claim: %+v", by["asia"].Signals)
	}
	if s.Evidence["best_fit_offset"] != "UTC+08:00" {
		t.Errorf("best fit %v", s.Evidence["best_fit_offset"])
	}
	if h, ok := s.Evidence["hours_local_to_claimed_zone"].([]uint32); !ok || len(h) != 24 {
		t.Errorf("histogram %T", s.Evidence["hours_local_to_claimed_zone"])
	}
	if by["asia"].Flagged {
		t.Error("hours alone flagged (night shifts look the same)")
	}
}

func TestCommitOffsetAndNetworkSignals(t *testing.T) {
	var recs []rec
	recs = append(recs, person("dev", nil))
	for i, e := range workEvents("dev", "Asia/Seoul", 12, rec{"type": "commit"}) {
		_ = i
		recs = append(recs, e) // at carries +09:00
	}
	recs = append(recs, workEvents("dev", "America/Chicago", 10, rec{"asn_org": "Astrill VPN", "ip": "185.1.1.1"})...)
	recs = append(recs, workEvents("dev", "America/Chicago", 3, rec{"country": "CN", "ip": "1.2.3.4", "asn_org": "China Telecom"})...)
	_, by := run(t, nil, recs)
	for _, code := range []string{"commit_offset", "astrill_vpn", "login_from_cn"} {
		if signal(by["dev"], code) == nil {
			t.Errorf("no %s: %+v", code, by["dev"].Signals)
		}
	}
	if !by["dev"].Flagged {
		t.Errorf("commit offset + Astrill + CN logins not flagged: risk %.2f", by["dev"].Risk)
	}
}

func TestCorporateVPNIsNotHostingEgress(t *testing.T) {
	var recs []rec
	for i := 0; i < 6; i++ {
		id := fmt.Sprintf("c%d", i)
		recs = append(recs, person(id, nil))
		recs = append(recs, workEvents(id, "America/Chicago", 20, rec{"asn_org": "Acme Cloud Hosting Egress", "ip": fmt.Sprintf("52.0.0.%d", i)})...)
	}
	recs = append(recs, person("solo", rec{"org": "Solo"}))
	recs = append(recs, workEvents("solo", "America/Chicago", 20, rec{"asn_org": "DigitalOcean, LLC", "ip": "159.1.1.1"})...)
	_, by := run(t, nil, recs)
	if s := signal(by["c0"], "hosting_egress"); s != nil {
		t.Errorf("the org's own VPN egress counted as hosting: %+v", s)
	}
	if signal(by["solo"], "hosting_egress") == nil {
		t.Errorf("a VPS egress nobody else uses: %+v", by["solo"].Signals)
	}
}

func TestLocaleExplainedByResumeOrClaim(t *testing.T) {
	dev := func(locale, kb string) []rec {
		return []rec{{"id": "d-" + locale + kb, "locale": locale, "keyboard_layouts": []string{kb}}}
	}
	recs := []rec{
		person("heritage", rec{"resume_text": "Backend engineer. Languages: English, Korean.", "devices": dev("ko-KR", "Korean")}),
		person("seoul", rec{"claimed": rec{"country": "KR", "timezone": "Asia/Seoul"}, "payouts": []rec{{"method": "bank", "account": "110-123-456789", "country": "KR", "holder_name": "Person Seoulson"}}, "devices": dev("ko-KR", "2-Set Korean")}),
		person("kp", rec{"devices": dev("ko-KP", "US")}),
		person("other", rec{"devices": dev("pt-BR", "US")}),
	}
	_, by := run(t, nil, recs)
	for _, id := range []string{"heritage", "seoul"} {
		if len(by[id].Signals) != 0 {
			t.Errorf("%s has signals: %+v", id, by[id].Signals)
		}
	}
	if signal(by["kp"], "locale_kp") == nil {
		t.Errorf("ko-KP: %+v", by["kp"].Signals)
	}
	if s := signal(by["other"], "locale_unexplained"); s == nil || s.Weight > 0.1 {
		t.Errorf("an unexplained language weighs little but is noted: %+v", by["other"].Signals)
	}
}

func TestWeaklyLinkedMemberInheritsThroughTheRing(t *testing.T) {
	ring := func(id string) rec {
		return person(id, rec{
			"org": "Org-" + id, "ship_to": "9 Farm Rd, Reno, NV 89501",
			"payouts":   []rec{{"method": "bank", "account": "021000021 777", "country": "HK", "holder_name": "Li Qiang"}},
			"interview": rec{"camera_refused": true},
		})
	}
	recs := []rec{ring("r1"), ring("r2"), ring("r3"),
		// Shares r1's phone and nothing else.
		person("weak", rec{"org": "Other", "phones": []string{"415-555-" + fmt.Sprintf("%04d", hashID("r1")%10000)}}),
		person("bystander", rec{"org": "Other"}),
	}
	_, by := run(t, nil, recs)
	for _, id := range []string{"r1", "r2", "r3", "weak"} {
		if !by[id].Flagged {
			t.Errorf("%s not flagged: %+v", id, by[id].Signals)
		}
	}
	s := signal(by["weak"], "linked_to_flagged")
	if s == nil {
		t.Fatalf("no path for weak: %+v", by["weak"].Signals)
	}
	if path, _ := s.Evidence["path"].([]string); len(path) != 2 || path[0] != "weak" || !strings.HasPrefix(path[1], "r") {
		t.Errorf("path %v", s.Evidence["path"])
	}
	if by["bystander"].Flagged || by["weak"].Cluster != by["r1"].Cluster {
		t.Errorf("bystander %+v; clusters %q %q", by["bystander"], by["weak"].Cluster, by["r1"].Cluster)
	}
}

func TestBadInputIsReportedAndTheRestAssessed(t *testing.T) {
	recs := []rec{person("a", nil)}
	res, by := run(t, nil, recs,
		`{"kind":"event","person":"a","at":"2025-03-01T10:00:00-06:00","type":"login","unknown_field":{"x":1}}`,
		`{"kind":"person", "id": "broken"`,
		`{"kind":"event","person":"ghost","at":"2025-03-01T10:00:00Z","type":"login"}`,
		`{"kind":"event","person":"a","at":"yesterday","type":"login"}`,
		`{"kind":"person","id":"b","legal_name":"B B","home_address":{"street":"12 Main St","unit":"4","city":"Springfield","state":"IL","postcode":"62701"},"claimed":{"country":"US"}}`,
	)
	if _, ok := by["a"]; !ok {
		t.Fatal("a was not assessed")
	}
	if _, ok := by["b"]; !ok {
		t.Fatal("a person with an address object was not assessed")
	}
	want := map[int]string{3: "malformed JSON", 4: "unknown person", 5: "unparseable date"}
	if len(res.Errors) != len(want) {
		t.Fatalf("errors %+v", res.Errors)
	}
	for _, e := range res.Errors {
		if !strings.Contains(e.Error, want[e.Line]) || !strings.HasSuffix(e.File, "in.jsonl") || e.Kind != "error" {
			t.Errorf("error record %+v", e)
		}
	}
}

func TestAggregateRoundTripsAsJSON(t *testing.T) {
	a := NewAssessor(Options{})
	a.AddPerson(&Person{ID: "p", Claimed: Claimed{Country: "US", Timezone: "America/Chicago"}})
	for _, e := range workEvents("p", "Asia/Shanghai", 100, nil) {
		at, _ := time.Parse(time.RFC3339, e["at"].(string))
		a.AddEvent(&Event{Person: "p", At: at, Type: "login", IP: "2600:1:2:3::9", Country: "US", ASNOrg: "Astrill VPN"}, "x", 1)
	}
	j, err := json.Marshal(a.Aggregate("p"))
	if err != nil {
		t.Fatal(err)
	}
	var g Aggregate
	if err := json.Unmarshal(j, &g); err != nil {
		t.Fatal(err)
	}
	b := NewAssessor(Options{})
	b.AddPerson(&Person{ID: "p", Claimed: Claimed{Country: "US", Timezone: "America/Chicago"}})
	b.SetAggregate("p", &g)
	ra, rb := a.Assess(), b.Assess()
	ja, _ := json.Marshal(ra.People)
	jb, _ := json.Marshal(rb.People)
	if string(ja) != string(jb) || !strings.Contains(string(ja), "astrill_vpn") {
		t.Errorf("stored aggregate assesses differently:\n%s\n%s", ja, jb)
	}
}
