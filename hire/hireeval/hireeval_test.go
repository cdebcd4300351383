package hireeval

import (
	"math"
	"strings"
	"testing"
)

// A hand-made population: ring r1 (a, b strong; c weak), ring r2 (d, e
// strong), two couples, three plain people, two Korean-heritage people,
// and two planted bad records.
const handTruth = `{"person":"a","ring":"r1","weak":false,"group":"ring","korean_heritage":false}
{"person":"b","ring":"r1","weak":false,"group":"ring","korean_heritage":false}
{"person":"c","ring":"r1","weak":true,"group":"ring","korean_heritage":false}
{"person":"d","ring":"r2","weak":false,"group":"ring","korean_heritage":false}
{"person":"e","ring":"r2","weak":false,"group":"ring","korean_heritage":false}
{"person":"f","ring":null,"weak":false,"group":"couple","korean_heritage":false}
{"person":"g","ring":null,"weak":false,"group":"couple","korean_heritage":true}
{"person":"h","ring":null,"weak":false,"group":"plain","korean_heritage":false}
{"person":"i","ring":null,"weak":false,"group":"plain","korean_heritage":false}
{"person":"j","ring":null,"weak":false,"group":"plain","korean_heritage":false}
{"person":"k","ring":null,"weak":false,"group":"plain","korean_heritage":false}
{"person":"l","ring":null,"weak":false,"group":"korean_heritage","korean_heritage":true}
{"kind":"bad_input","file":"events.jsonl","line":7,"what":"bad date"}
{"kind":"bad_input","file":"people.jsonl","line":3,"what":"malformed JSON"}
`

// The assessment flags a, b, d (ring), misses c and e, flags f (couple),
// g (Korean-heritage couple) and h (plain); e has no line at all. One
// flag (h) has a signal without evidence. Clusters: {a, b, c, x} and
// {d} with e's person line pointing at cluster 7 alone.
const handAssessment = `{"kind":"person","person":"a","risk":0.9,"flagged":true,"signals":[{"code":"shared_phone","weight":0.5,"evidence":{"phone":"+1"},"source":"people"}],"cluster":"c1"}
{"kind":"person","person":"b","risk":0.9,"flagged":true,"signals":[{"code":"shared_phone","weight":0.5,"evidence":"shares +1","source":"people"}],"cluster":"c1"}
{"kind":"person","person":"c","risk":0.2,"flagged":false,"signals":[]}
{"kind":"person","person":"d","risk":0.7,"flagged":true,"signals":[{"code":"astrill","weight":0.4,"evidence":["9 sessions"],"source":"events"}]}
{"kind":"person","person":"f","risk":0.6,"flagged":true,"signals":[{"code":"shared_account","weight":0.4,"evidence":{"with":"g"},"source":"people"}]}
{"kind":"person","person":"g","risk":0.6,"flagged":true,"signals":[{"code":"shared_account","weight":0.4,"evidence":{"with":"f"},"source":"people"}]}
{"kind":"person","person":"h","risk":0.6,"flagged":true,"signals":[{"code":"camera_refused","weight":0.2,"evidence":{"x":1}},{"code":"vague","weight":0.4,"evidence":{}}]}
{"kind":"person","person":"i","risk":0.1,"flagged":false,"signals":[],"extra":"ignored"}
{"kind":"person","person":"zz","risk":0.9,"flagged":true,"signals":[{"code":"x","weight":1,"evidence":"y"}]}
{"kind":"cluster","cluster":"c1","members":["a","b","c","x"],"links":[],"risk":0.9}
{"kind":"cluster","cluster":7,"members":["d"],"links":[],"risk":0.7}
{"kind":"error","file":"/data/in/events.jsonl","line":7,"error":"bad date"}
{"kind":"error","file":"people.jsonl","line":4,"error":"something else"}
not json at all
{"kind":"summary","people":12}
`

func handReport(t *testing.T) *Report {
	t.Helper()
	tr, err := ReadTruth(strings.NewReader(handTruth))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ReadAssessment(strings.NewReader(handAssessment))
	if err != nil {
		t.Fatal(err)
	}
	return Score(tr, a)
}

func TestScoreCountsEveryFigureOnAHandMadeAssessment(t *testing.T) {
	r := handReport(t)
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if r.People != 12 || r.Assessed != 8 || r.Unassessed != 4 || r.Strangers != 1 || r.Unreadable != 2 {
		t.Errorf("counts: people %d assessed %d unassessed %d strangers %d unreadable %d", r.People, r.Assessed, r.Unassessed, r.Strangers, r.Unreadable)
	}
	near("ring recall", r.RingRecall, 3.0/5)
	near("strong recall", r.StrongRecall, 3.0/4)
	near("weak recall", r.WeakRecall, 0)
	near("benign rate", r.BenignRate, 3.0/7) // f, g, h of f..l
	groups := map[string]GroupRate{}
	for _, g := range r.Groups {
		groups[g.Group] = g
	}
	near("couple rate", groups["couple"].Rate, 1)
	near("plain rate", groups["plain"].Rate, 1.0/4)
	near("korean_heritage group rate", groups["korean_heritage"].Rate, 0)
	// Korean heritage: g flagged, l not → 1/2; plain (non-Korean): h of
	// h, i, j, k → 1/4; ratio 2.
	near("Korean rate", r.KoreanRate, 0.5)
	near("plain rate", r.PlainRate, 0.25)
	near("Korean ratio", r.KoreanRatio, 2)
	// Within groups: g is expected to be flagged as often as the other
	// couple (f: 1), l as often as plain people (1/4): observed 1 of
	// expected 1.25.
	near("Korean ratio within groups", r.KoreanWithinGroups, 1/1.25)
	// Flags: a, b, d, f, g, h, zz = 7; h's second signal has empty evidence.
	if r.Flags != 7 || r.WithEvidence != 6 {
		t.Errorf("flags %d with evidence %d, want 7 and 6", r.Flags, r.WithEvidence)
	}
	// Cohesion: r1 has a, b, c in c1 → 3/3; r2 has d in cluster 7 and e
	// nowhere → 1/2. Mean 0.75.
	near("cohesion", r.Cohesion, 0.75)
	if r.BadInputs != 2 || r.BadReported != 1 || len(r.BadMissed) != 1 || r.BadMissed[0].File != "people.jsonl" {
		t.Errorf("bad inputs %d reported %d missed %v", r.BadInputs, r.BadReported, r.BadMissed)
	}
	pass := map[string]bool{}
	for _, b := range r.Bars {
		pass[b.Name] = b.Pass
	}
	for name, want := range map[string]bool{"ring-member recall": false, "weakly linked recall": false, "benign flag rate": false,
		"Korean-heritage / plain flag rate": false, "flags with evidence": false, "ring cohesion": false} {
		if got, ok := pass[name]; !ok || got != want {
			t.Errorf("bar %q pass = %v (present %v), want %v", name, got, ok, want)
		}
	}
	if r.Pass() {
		t.Error("report passes with every bar failed")
	}
}

func TestAPerfectAssessmentPassesEveryBar(t *testing.T) {
	tr, err := ReadTruth(strings.NewReader(handTruth))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, p := range tr.People {
		flagged := p.Ring != nil
		cluster := ""
		if p.Ring != nil {
			cluster = `,"cluster":"` + *p.Ring + `"`
		}
		b.WriteString(`{"kind":"person","person":"` + p.Person + `","risk":0.5,"flagged":` + map[bool]string{true: "true", false: "false"}[flagged] +
			`,"signals":[{"code":"s","weight":1,"evidence":"e","source":"t"}]` + cluster + "}\n")
	}
	b.WriteString(`{"kind":"error","file":"events.jsonl","line":7,"error":"x"}` + "\n")
	b.WriteString(`{"kind":"error","file":"people.jsonl","line":3,"error":"x"}` + "\n")
	a, err := ReadAssessment(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	r := Score(tr, a)
	if !r.Pass() || r.Cohesion != 1 || r.BadReported != 2 || r.KoreanRatio != 1 {
		var sb strings.Builder
		r.WriteText(&sb)
		t.Errorf("a perfect assessment fails:\n%s", sb.String())
	}
}

func TestKoreanRatioWhenNoPlainPersonIsFlagged(t *testing.T) {
	truth := `{"person":"k","ring":null,"weak":false,"group":"korean_heritage","korean_heritage":true}
{"person":"p","ring":null,"weak":false,"group":"plain","korean_heritage":false}
`
	tr, _ := ReadTruth(strings.NewReader(truth))
	for _, c := range []struct {
		out  string
		want float64
	}{
		{`{"kind":"person","person":"k","flagged":true,"signals":[{"code":"x","evidence":"y"}]}`, MaxRatio},
		{`{"kind":"person","person":"k","flagged":false}`, 1},
	} {
		a, _ := ReadAssessment(strings.NewReader(c.out))
		if got := Score(tr, a).KoreanRatio; got != c.want {
			t.Errorf("%s: ratio %v, want %v", c.out, got, c.want)
		}
	}
}

func TestReadTruthRejectsBrokenTruth(t *testing.T) {
	for _, bad := range []string{
		`{"person":"a","group":"plain"}` + "\n" + `{"person":"a","group":"plain"}`,
		`{"ring":null}`,
		`{"kind":"other","person":"a"}`,
		`not json`,
	} {
		if _, err := ReadTruth(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadTruth(%q) accepted it", bad)
		}
	}
}

func TestNormalisers(t *testing.T) {
	for _, c := range []struct{ in, country, want string }{
		{"(415) 555-0142", "US", "14155550142"},
		{"415.555.0142", "US", "14155550142"},
		{"1-415-555-0142", "US", "14155550142"},
		{"+1 415 555 0142", "GB", "14155550142"},
		{"0044 7700 900123", "US", "447700900123"},
		{"07700 900123", "GB", "447700900123"},
		{"151 23456789", "DE", "4915123456789"},
	} {
		if got := NormPhone(c.in, c.country); got != c.want {
			t.Errorf("NormPhone(%q, %s) = %q, want %q", c.in, c.country, got, c.want)
		}
	}
	same := func(f func(string) string, a, b string, want bool) {
		t.Helper()
		if got := f(a) == f(b); got != want {
			t.Errorf("%q ~ %q: %v (%q vs %q), want %v", a, b, got, f(a), f(b), want)
		}
	}
	same(NormAccount, "021000021 123456789", "Routing 021000021 / Acct 123456789", true)
	same(NormAccount, "021000021-123456789", "ABA 021000021 acct# 123456789", true)
	same(NormAccount, "DE89 3704 0044 0532 0130 00", "de89370400440532013000", true)
	same(NormAccount, "021000021 123456789", "021000021 123456780", false)
	same(NormAccount, "Jane@Example.com", "jane@example.com", true)
	same(NormWallet, "0x97B1043ABD9E6FC31681635166D430A458D14F9C", "0x97b1043abd9e6fc31681635166d430a458d14f9c", true)
	same(NormWallet, "TS16yuuKxyrWhQffeMz4D7uddhY9FeRZSt", "ts16yuukxyrwhqffemz4d7uddhy9ferzst", false)
	same(NormAddress, "5274 Washington Lane, Salt Lake City, UT 84179", "5274 WASHINGTON LN., SALT LAKE CITY, UT 84179-6206", true)
	same(NormAddress, "Attn: IT, 500 Market Street, Suite 300, San Francisco, CA 94105", "500 Market St Ste 300, San Francisco, California 94105, USA", true)
	same(NormAddress, "c/o Jane Roe, 12 N Oak Ave #4B, Austin, TX 78701", "12 North Oak Avenue, Apt 4B, Austin, TX 78701", true)
	same(NormAddress, "12 N Oak Ave #4B, Austin, TX 78701", "12 N Oak Ave #5B, Austin, TX 78701", false)
}

func TestBaselineFlagsWhoeverSharesAndReportsBadLines(t *testing.T) {
	people := `{"kind":"person","id":"p1","phones":["(415) 555-0142"],"claimed":{"country":"US"},"payouts":[]}
{"kind":"person","id":"p2","phones":["+1 415 555 0142"],"claimed":{"country":"US"},"payouts":[]}
{"kind":"person","id":"p3","phones":["415-555-9999"],"claimed":{"country":"US"},"ship_to":"Attn: IT, 500 Market Street, Suite 300, San Francisco, CA 94105","payouts":[]}
{"kind":"person","id":"p4","phones":[],"claimed":{"country":"US"},"ship_to":"500 MARKET ST STE 300, SAN FRANCISCO, CA 94105-1234","payouts":[{"method":"crypto","holder_name":"x","account":"0xAbC0000000000000000000000000000000000001","country":"US","wallet":"0xAbC0000000000000000000000000000000000001"}]}
{"kind":"person","id":"p5","phones":[],"claimed":{"country":"US"},"payouts":[{"method":"crypto","holder_name":"y","account":"0xabc0000000000000000000000000000000000001","country":"US"}]}
{"kind":"person","id":"p6","phones":["415-555-0000"],"claimed":{"country":"US"},"payouts":[{"method":"bank","holder_name":"z","account":"021000021 123456789","country":"US"}]}
{"kind":"person","id":"p7","phones":["415-555-0001"],"claimed":{"country":"US"},"payouts":[{"method":"bank","holder_name":"w","account":"021000021 987654321","country":"US"}]}
{"kind":"person","id":"p8","phones":["415-555-0001"
`
	a, err := Baseline(strings.NewReader(people), "people.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[string]bool{}
	for id, p := range a.People {
		if p.Flagged {
			flagged[id] = true
			if !hasEvidence(p.Signals) {
				t.Errorf("%s flagged without evidence", id)
			}
		}
	}
	want := map[string]bool{"p1": true, "p2": true, "p3": true, "p4": true, "p5": true}
	for id := range want {
		if !flagged[id] {
			t.Errorf("%s not flagged", id)
		}
	}
	for id := range flagged {
		if !want[id] {
			t.Errorf("%s flagged but shares nothing", id)
		}
	}
	// p3 and p4 share a ship-to, p4 and p5 a wallet: one cluster of three.
	if len(a.Clusters) != 2 {
		t.Errorf("%d clusters, want 2: %+v", len(a.Clusters), a.Clusters)
	}
	if string(a.People["p3"].Cluster) != string(a.People["p5"].Cluster) {
		t.Error("p3 and p5 should be in one cluster through p4")
	}
	if len(a.Errors) != 1 || a.Errors[0].Line != 8 {
		t.Errorf("errors %+v, want line 8", a.Errors)
	}
}
