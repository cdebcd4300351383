package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance/hire"
)

// element is one parsed SVG element: its name, attributes and the text
// directly inside it.
type element struct {
	name  string
	attrs map[string]string
	text  string
}

// parseSVG parses a drawing as strict XML (so anything unescaped fails)
// and returns its elements in document order.
func parseSVG(t *testing.T, svg string) []*element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	d.Strict = true
	var out, stack []*element
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the drawing is not well-formed XML: %v\n%s", err, svg)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			e := &element{name: tk.Name.Local, attrs: map[string]string{}}
			for _, a := range tk.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			out = append(out, e)
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tk)
			}
		}
	}
	return out
}

func find(es []*element, name, class string) []*element {
	var out []*element
	for _, e := range es {
		if e.name == name && (class == "" || hasClass(e, class)) {
			out = append(out, e)
		}
	}
	return out
}

func hasClass(e *element, c string) bool {
	for _, f := range strings.Fields(e.attrs["class"]) {
		if f == c {
			return true
		}
	}
	return false
}

// bars reads the chart's bars of a panel: count by hour, and the share of
// events in bars marked inside working hours.
func bars(t *testing.T, es []*element, class string) (counts [24]int, inHours float64) {
	t.Helper()
	total, in := 0, 0
	bs := find(es, "rect", class)
	if len(bs) != 24 {
		t.Fatalf("%d %s bars, want 24", len(bs), class)
	}
	for _, b := range bs {
		h, _ := strconv.Atoi(b.attrs["data-hour"])
		n, _ := strconv.Atoi(b.attrs["data-count"])
		counts[h] = n
		total += n
		if b.attrs["data-in-hours"] == "true" {
			in += n
		}
	}
	if total == 0 {
		return counts, 0
	}
	return counts, float64(in) / float64(total)
}

// team is the aggregate of a team working 09:00–18:00 at UTC+9 all year:
// 00:00–09:00 UTC.
func team() *hire.Aggregate {
	g := &hire.Aggregate{}
	for m := 0; m < 12; m++ {
		for h := 0; h < 9; h++ {
			g.HourMonth[m][h] = 5
			g.Events += 5
		}
	}
	return g
}

func TestHoursChartUTC9TeamClaimingLosAngeles(t *testing.T) {
	svg := string(HoursChart(team(), "America/Los_Angeles"))
	es := parseSVG(t, svg)
	root := es[0]
	if root.name != "svg" || root.attrs["role"] != "img" || !strings.Contains(root.attrs["aria-label"], "America/Los_Angeles") {
		t.Fatalf("root %v", root.attrs)
	}
	if len(find(es, "title", "")) == 0 || !strings.Contains(find(es, "title", "")[0].text, "America/Los_Angeles") {
		t.Fatal("no <title> naming the claimed zone")
	}
	if len(find(es, "rect", "work-hours")) == 0 {
		t.Fatal("working hours are not shaded")
	}
	counts, in := bars(t, es, "bar")
	if in > 0.2 {
		t.Errorf("%.0f%% of a UTC+9 team's activity falls in Los Angeles working hours; want almost none", in*100)
	}
	// 00–09 UTC is 16:00–01:00 in Los Angeles in winter, 17:00–02:00 in summer.
	if counts[3] != 0 || counts[12] != 0 || counts[17] == 0 || counts[23] == 0 {
		t.Errorf("hours in Los Angeles: %v", counts)
	}
	if root.attrs["data-fit"] != "UTC+09:00" {
		t.Errorf("best fit %q, want UTC+09:00", root.attrs["data-fit"])
	}
	if _, fitIn := bars(t, es, "fitbar"); fitIn != 1 {
		t.Errorf("at the best fit %.0f%% in working hours, want 100%%", fitIn*100)
	}

	// The same team saying it is in Seoul: everything in working hours,
	// and no second panel (the fit is the claimed zone).
	es = parseSVG(t, string(HoursChart(team(), "Asia/Seoul")))
	if _, in := bars(t, es, "bar"); in != 1 {
		t.Errorf("claimed Seoul: %.0f%% in working hours, want 100%%", in*100)
	}
	if n := len(find(es, "rect", "fitbar")); n != 0 {
		t.Errorf("%d best-fit bars when the fit is the claimed zone", n)
	}
}

func TestHoursChartNamedFit(t *testing.T) {
	es := parseSVG(t, string(HoursChartFit(team(), "America/Chicago", "UTC+08:00")))
	if es[0].attrs["data-fit"] != "UTC+08:00" || !strings.Contains(es[0].attrs["aria-label"], "the engine's best fit UTC+08:00") {
		t.Errorf("named fit not used: %v", es[0].attrs)
	}
}

// Daylight saving: the same UTC hour is an hour later in local summer
// time, north and south of the equator.
func TestHoursChartDaylightSaving(t *testing.T) {
	g := &hire.Aggregate{}
	g.HourMonth[0][17] = 10 // January, 17:00 UTC
	g.HourMonth[6][17] = 7  // July, 17:00 UTC
	g.Events = 17
	for _, c := range []struct {
		zone          string
		janAt, julyAt int
	}{
		{"America/Los_Angeles", 9, 10}, // UTC-8, then UTC-7
		{"Europe/Berlin", 18, 19},      // UTC+1, then UTC+2
		{"Australia/Sydney", 4, 3},     // UTC+11 in its summer, UTC+10 in July
		{"Asia/Tokyo", 2, 2},           // no daylight saving
	} {
		es := parseSVG(t, string(HoursChart(g, c.zone)))
		counts, _ := bars(t, es, "bar")
		want := [24]int{}
		want[c.janAt] += 10
		want[c.julyAt] += 7
		if counts != want {
			t.Errorf("%s: January at %02d:00 and July at %02d:00 expected, got %v", c.zone, c.janAt, c.julyAt, counts)
		}
	}
	es := parseSVG(t, string(HoursChart(g, "America/Los_Angeles")))
	if n := len(find(es, "rect", "fitbar")); n != 0 {
		t.Errorf("an office worker in Los Angeles gets a best-fit panel (%d bars): the fit is one of the zone's own offsets", n)
	}
	if s := find(es, "desc", "")[0].text; !strings.Contains(s, "UTC-08:00 in Jan–Feb, Nov–Dec; UTC-07:00 in Mar–Oct") {
		t.Errorf("the chart does not say which offset applies when: %q", s)
	}
}

func TestHoursChartUnknownZone(t *testing.T) {
	for _, zone := range []string{"Mars/Olympus_Mons", ""} {
		svg := string(HoursChart(team(), zone))
		es := parseSVG(t, svg)
		if es[0].attrs["data-known"] != "false" || es[0].attrs["data-zone"] != "UTC" {
			t.Errorf("%q: %v", zone, es[0].attrs)
		}
		counts, _ := bars(t, es, "bar")
		if counts[0] != 60 || counts[9] != 0 {
			t.Errorf("%q: not drawn in UTC: %v", zone, counts)
		}
		if zone != "" && !strings.Contains(svg, "unknown: hours are UTC") {
			t.Errorf("%q: the chart does not say the zone is unknown", zone)
		}
	}
	// No aggregate at all: still a valid drawing that says so.
	es := parseSVG(t, string(HoursChart(nil, "Europe/Paris")))
	if !strings.Contains(es[0].attrs["aria-label"], "No activity recorded") {
		t.Errorf("empty chart: %v", es[0].attrs)
	}
}

func testCluster() (hire.Cluster, map[string]hire.Person, map[string]hire.PersonResult) {
	c := hire.Cluster{Kind: "cluster", Cluster: "c7", Members: []string{"p-1", "p-2", "p-3", "p-4"}, Risk: 0.97, Flagged: 2,
		Links: []hire.Link{
			{A: "p-1", B: "p-2", Kind: "phone", Value: "(206) 555-0147 = +1 206 555 0147", Weight: 0.8},
			{A: "p-1", B: "p-3", Kind: "phone", Value: "(206) 555-0147 = 206.555.0147", Weight: 0.8},
			{A: "p-2", B: "p-3", Kind: "phone", Value: "+1 206 555 0147 = 206.555.0147", Weight: 0.8},
			{A: "p-1", B: "p-2", Kind: "email", Value: "jo.doe+x@gmail.com = jodoe@gmail.com", Weight: 0.9},
			{A: "p-2", B: "p-4", Kind: "ship_to", Value: "12 Oak St, Apt 4, Austin TX", Weight: 0.7},
			{A: "p-3", B: "p-4", Kind: "network", Value: "2a0a:706f:7d4f:4375::/64", Weight: 0.25},
			{A: "p-1", B: "p-4", Kind: "resume", Value: "similarity 0.93", Weight: 0.7},
			{A: "p-2", B: "p-3", Kind: "photo", Value: "ffe0c1c3c7870f0f ~ ffe0c1c3c7870f1f (1 bits apart)", Weight: 0.8},
		}}
	people := map[string]hire.Person{"p-1": {ID: "p-1", LegalName: "Jo Doe"}, "p-2": {ID: "p-2", LegalName: "Sam Roe"}}
	results := map[string]hire.PersonResult{"p-1": {Person: "p-1", Flagged: true, Risk: 0.97}, "p-2": {Person: "p-2", Flagged: true, Risk: 0.9}, "p-3": {Person: "p-3", Risk: 0.4}}
	return c, people, results
}

// checkLinks asserts that every link of the cluster is drawn: a shared
// identifier as one node both people are joined to, a resume or photo as
// an edge between the two.
func checkLinks(t *testing.T, c hire.Cluster, es []*element) {
	t.Helper()
	edges := map[[3]string]bool{}
	for _, e := range find(es, "line", "edge") {
		edges[[3]string{e.attrs["data-from"], e.attrs["data-to"], e.attrs["data-kind"]}] = true
	}
	joined := func(person, node string) bool {
		for k := range edges {
			if k[0] == person && k[1] == node {
				return true
			}
		}
		return false
	}
	idents := find(es, "g", "ident")
	for _, l := range c.Links {
		if pairKinds[l.Kind] {
			if !edges[[3]string{"p:" + l.A, "p:" + l.B, l.Kind}] {
				t.Errorf("link %s–%s (%s) is not drawn", l.A, l.B, l.Kind)
			}
			continue
		}
		first := strings.Split(l.Value, " = ")[0]
		ok := false
		for _, n := range idents {
			if n.attrs["data-kind"] == kindGroup(l.Kind) && strings.Contains(" = "+n.attrs["data-value"]+" = ", " = "+first+" = ") &&
				joined("p:"+l.A, n.attrs["data-key"]) && joined("p:"+l.B, n.attrs["data-key"]) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("link %s–%s (%s %s) is not drawn through one identifier", l.A, l.B, l.Kind, l.Value)
		}
	}
}

func TestClusterGraphDrawsEveryLink(t *testing.T) {
	c, people, results := testCluster()
	svg := string(ClusterGraph(c, people, results))
	es := parseSVG(t, svg)
	checkLinks(t, c, es)
	// One phone written three ways by three people is one node.
	phones := 0
	for _, n := range find(es, "g", "ident") {
		if n.attrs["data-kind"] == "phone" {
			phones++
		}
	}
	if phones != 1 {
		t.Errorf("%d phone nodes, want 1", phones)
	}
	// People: every member drawn, linked to their page, flagged ones marked.
	ps := find(es, "g", "person")
	if len(ps) != 4 {
		t.Fatalf("%d people drawn, want 4", len(ps))
	}
	links := find(es, "a", "")
	if len(links) != 4 || links[0].attrs["href"] != "/hire/people/p-1" {
		t.Errorf("person links: %d, first %v", len(links), links[0].attrs)
	}
	flagged := 0
	for _, p := range ps {
		if p.attrs["data-flagged"] == "true" {
			flagged++
		}
	}
	if flagged != 2 || len(find(es, "circle", "flagged")) < 2 {
		t.Errorf("%d people marked flagged, want 2", flagged)
	}
	// Values defanged in labels, whole in the tooltip.
	if !strings.Contains(svg, "jo[.]doe+x[@]gmail[.]com") || strings.Contains(svg, ">jo.doe+x@gmail.com<") {
		t.Error("the e-mail is not defanged")
	}
	// The layout is computed, not random.
	if again := string(ClusterGraph(c, people, results)); again != svg {
		t.Error("two drawings of one cluster differ")
	}
	// Nodes stay inside the frame.
	w, _ := strconv.ParseFloat(es[0].attrs["width"], 64)
	h, _ := strconv.ParseFloat(es[0].attrs["height"], 64)
	for _, cir := range find(es, "circle", "cg-p") {
		x, _ := strconv.ParseFloat(cir.attrs["cx"], 64)
		y, _ := strconv.ParseFloat(cir.attrs["cy"], 64)
		if x < 0 || y < 0 || x > w || y > h {
			t.Errorf("node at (%v, %v) outside %v×%v", x, y, w, h)
		}
	}
	// A person page marks its own person.
	es = parseSVG(t, string(Options{Highlight: "p-3"}.ClusterGraph(c, people, results)))
	marked := 0
	for _, ti := range find(es, "title", "") {
		if strings.HasPrefix(ti.text, "p-3:") && strings.HasSuffix(ti.text, "(this page)") {
			marked++
		}
	}
	if cur := find(es, "circle", "current"); len(cur) != 1 || marked != 1 {
		t.Errorf("highlighted: %d circles, %d titles", len(cur), marked)
	}
	// A prefix of one's own.
	es = parseSVG(t, string(Options{PersonPrefix: "/cases/p/"}.ClusterGraph(c, people, results)))
	if href := find(es, "a", "")[0].attrs["href"]; href != "/cases/p/p-1" {
		t.Errorf("with a prefix: %q", href)
	}
}

func TestClusterGraphCapsLargeClusters(t *testing.T) {
	c := hire.Cluster{Cluster: "c-big"}
	for i := 0; i < 60; i++ {
		id := fmt.Sprintf("p-%02d", i)
		c.Members = append(c.Members, id)
		if i > 0 {
			c.Links = append(c.Links, hire.Link{A: "p-00", B: id, Kind: "phone", Value: fmt.Sprintf("+1 206 555 %04d", i%7), Weight: 0.8})
		}
	}
	svg := string(ClusterGraph(c, nil, nil))
	es := parseSVG(t, svg)
	drawn := len(find(es, "g", "person")) + len(find(es, "g", "ident"))
	if drawn > DefaultMaxNodes {
		t.Errorf("%d nodes drawn, cap %d", drawn, DefaultMaxNodes)
	}
	more := find(es, "text", "more")
	if len(more) != 1 || !strings.Contains(more[0].text, "more not drawn") {
		t.Fatalf("no \"N more\" note: %v", more)
	}
	var n, ppl, ids int
	fmt.Sscanf(more[0].text, "%d more not drawn (%d people, %d identifiers)", &n, &ppl, &ids)
	if got := len(find(es, "g", "person")) + ppl; got != 60 {
		t.Errorf("drawn and counted people add up to %d, want 60", got)
	}
	if len(find(es, "g", "ident")) == 0 {
		t.Error("the cap left no identifier drawn")
	}
}

// Hostile strings in ids, names and values are text, never markup, in the
// drawings and the pages.
func TestHostileValuesAreEscaped(t *testing.T) {
	evil := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	c := hire.Cluster{Cluster: "c</svg>" + evil, Members: []string{"p" + evil, "p-2"}, Flagged: 1,
		Links: []hire.Link{
			{A: "p" + evil, B: "p-2", Kind: "phone", Value: evil + " = +1 206 555 0100", Weight: 0.8},
			{A: "p" + evil, B: "p-2", Kind: "resume" + evil, Value: evil, Weight: 0.7},
			{A: "p" + evil, B: "p-2", Kind: "photo", Value: evil, Weight: 0.7},
		}}
	people := map[string]hire.Person{"p" + evil: {ID: "p" + evil, LegalName: evil, Claimed: hire.Claimed{Timezone: evil}}}
	results := map[string]hire.PersonResult{"p" + evil: {Person: "p" + evil, Flagged: true, Risk: 0.9, Cluster: c.Cluster,
		Signals: []hire.Signal{{Code: "shared_phone" + evil, Family: evil, Weight: 0.5, Reason: evil, Source: evil, Evidence: map[string]any{evil: evil}}}}}

	check := func(what, s string) {
		t.Helper()
		for _, bad := range []string{"<script", "<img", "</svg>\"", "javascript:"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: unescaped %q in output", what, bad)
			}
		}
	}
	svg := string(ClusterGraph(c, people, results))
	check("cluster graph", svg)
	es := parseSVG(t, svg)
	checkLinks(t, c, es)
	if href := find(es, "a", "")[0].attrs["href"]; !strings.HasPrefix(href, "/hire/people/p%22%3E%3Cscript%3E") {
		t.Errorf("person link not path-escaped: %q", href)
	}
	hours := string(HoursChart(team(), evil))
	check("hours chart", hours)
	parseSVG(t, hours)

	var b bytes.Buffer
	p := people["p"+evil]
	if err := PersonPage(&b, PersonData{Result: results["p"+evil], Person: &p, Agg: team(), Cluster: &c, People: people, Results: results}, Options{}); err != nil {
		t.Fatal(err)
	}
	check("person page", b.String())
	if !strings.Contains(b.String(), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the person page does not show the hostile value as text")
	}
	b.Reset()
	if err := ClusterPage(&b, ClusterData{Cluster: c, People: people, Results: results}, Options{}); err != nil {
		t.Fatal(err)
	}
	check("cluster page", b.String())
	b.Reset()
	res := &hire.Result{People: []hire.PersonResult{results["p"+evil]}, Clusters: []hire.Cluster{c}}
	if err := IndexPage(&b, IndexData{Result: res, People: people}, Options{}); err != nil {
		t.Fatal(err)
	}
	check("index page", b.String())
}

func TestPageName(t *testing.T) {
	if got := PageName("person", "p-123_a"); got != "person-p-123_a.html" {
		t.Errorf("plain id: %q", got)
	}
	a, b := PageName("person", "../../etc/passwd"), PageName("person", "__/__/etc/passwd")
	if strings.ContainsAny(strings.TrimSuffix(a, ".html"), "/.") || a == b {
		t.Errorf("unsafe or colliding names: %q, %q", a, b)
	}
}

func TestBestFitReadsTheEvidence(t *testing.T) {
	sigs := []hire.Signal{{Code: "shared_phone"}, {Code: "activity_hours", Evidence: map[string]any{"best_fit_offset": "UTC+09:00"}}}
	if got := BestFit(sigs); got != "UTC+09:00" {
		t.Errorf("BestFit = %q", got)
	}
	if got := BestFit(sigs[:1]); got != "" {
		t.Errorf("BestFit without activity_hours = %q", got)
	}
}
