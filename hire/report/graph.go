package report

import (
	"fmt"
	"hash/fnv"
	"html/template"
	"math"
	"sort"
	"strings"

	"github.com/clearance-screening/clearance/hire"
)

// pairKinds are link kinds whose value describes the pair (a resume
// similarity, two photo hashes), not one identifier both hold: they are
// drawn as a direct edge between the two people.
// GraphCSS styles the cluster graph. The drawing carries it in a <style>
// element; a page whose Content-Security-Policy refuses inline styles
// serves it from its own stylesheet instead.
const GraphCSS = `.cg-t{font:600 14px sans-serif;fill:#111}.cg-s{font:12px sans-serif;fill:#333}.cg-l{font:11px sans-serif;fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}.cg-k{font:600 9px sans-serif;fill:#fff}.cg-p{fill:#1f5fa8;stroke:#0b2e59;stroke-width:1.5}.cg-p.flagged{fill:#c92a2a;stroke:#5c0000;stroke-width:3}.cg-i{fill:#f1f3f5;stroke:#495057;stroke-width:1}.cg-e{stroke:#868e96}.cg-e.pair{stroke:#7048e8;stroke-dasharray:5 4}.cg-p.current{stroke:#fab005;stroke-width:4}a:focus .cg-p,a:hover .cg-p{stroke:#fab005;stroke-width:3}`

var pairKinds = map[string]bool{"resume": true, "photo": true, "referral": true}

// kindGroup merges the kinds that name one sort of identifier: a home
// address and a laptop ship-to are both addresses.
func kindGroup(kind string) string {
	switch kind {
	case "address", "ship_to", "ship_to_home", "addr":
		return "address"
	}
	return kind
}

// kindAbbr is the short tag drawn in an identifier node.
var kindAbbr = map[string]string{
	"phone": "TEL", "email": "@", "account": "ACCT", "wallet": "WLT", "device": "DEV",
	"network": "NET", "address": "ADDR", "payee": "PAY", "photo": "IMG", "resume": "CV", "referral": "REF",
}

// GraphNode is one node of a cluster drawing.
type GraphNode struct {
	Key     string // "p:" + person id, or "i:" + kind + ":" + n
	Person  string // person id, for people
	Kind    string // identifier kind, for identifiers
	Values  []string
	Flagged bool
	Risk    float64
	Name    string
	X, Y    float64
	degree  int
}

// GraphEdge joins a person to an identifier they hold, or two people
// (resume, photo).
type GraphEdge struct {
	From, To int // node indexes
	Kind     string
	Label    string // for person–person edges
	Weight   float64
}

// Graph is a cluster laid out for drawing.
type Graph struct {
	Cluster     hire.Cluster
	Nodes       []GraphNode
	Edges       []GraphEdge
	MorePeople  int // not drawn, past the cap
	MoreIdents  int
	Width       float64
	Height      float64
	Identifiers int // identifier nodes before the cap
}

// LayoutCluster turns a cluster's links into people and identifier nodes
// and lays them out: the same cluster always gives the same picture.
// Links of one kind that share a written form are one identifier (a phone
// written three ways by three people is one node).
func LayoutCluster(c hire.Cluster, people map[string]hire.Person, results map[string]hire.PersonResult, maxNodes int) *Graph {
	if maxNodes <= 0 {
		maxNodes = DefaultMaxNodes
	}
	g := &Graph{Cluster: c}
	// Identifiers: union the written forms each link joins.
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			if ra > rb {
				ra, rb = rb, ra
			}
			parent[rb] = ra
		}
	}
	formKey := func(kind, form string) string { return kindGroup(kind) + "\x00" + form }
	for _, l := range c.Links {
		if pairKinds[l.Kind] {
			continue
		}
		parts := strings.Split(l.Value, " = ")
		for _, p := range parts[1:] {
			union(formKey(l.Kind, parts[0]), formKey(l.Kind, p))
		}
		find(formKey(l.Kind, parts[0]))
	}
	// People: members first, in the cluster's order, then anyone a link
	// names who is not listed as a member.
	personIdx := map[string]int{}
	addPerson := func(id string) {
		if _, ok := personIdx[id]; ok {
			return
		}
		n := GraphNode{Key: "p:" + id, Person: id}
		if r, ok := results[id]; ok {
			n.Flagged, n.Risk = r.Flagged, r.Risk
		}
		if p, ok := people[id]; ok {
			n.Name = p.LegalName
		}
		personIdx[id] = len(g.Nodes)
		g.Nodes = append(g.Nodes, n)
	}
	for _, m := range c.Members {
		addPerson(m)
	}
	for _, l := range c.Links {
		addPerson(l.A)
		addPerson(l.B)
	}
	// Identifier nodes, one per union root, in order of first link.
	identIdx := map[string]int{}
	type pe struct{ p, i int }
	seen := map[pe]bool{}
	for _, l := range c.Links {
		a, b := personIdx[l.A], personIdx[l.B]
		if pairKinds[l.Kind] {
			g.Edges = append(g.Edges, GraphEdge{From: a, To: b, Kind: l.Kind, Label: l.Value, Weight: l.Weight})
			continue
		}
		parts := strings.Split(l.Value, " = ")
		root := find(formKey(l.Kind, parts[0]))
		i, ok := identIdx[root]
		if !ok {
			i = len(g.Nodes)
			identIdx[root] = i
			g.Nodes = append(g.Nodes, GraphNode{Key: fmt.Sprintf("i:%s:%d", kindGroup(l.Kind), i), Kind: kindGroup(l.Kind)})
		}
		n := &g.Nodes[i]
		for _, p := range parts {
			if !contains(n.Values, p) {
				n.Values = append(n.Values, p)
			}
		}
		for _, p := range []int{a, b} {
			if !seen[pe{p, i}] {
				seen[pe{p, i}] = true
				g.Edges = append(g.Edges, GraphEdge{From: p, To: i, Kind: l.Kind, Weight: l.Weight})
			} else {
				for k := range g.Edges {
					if e := &g.Edges[k]; e.From == p && e.To == i && l.Weight > e.Weight {
						e.Weight = l.Weight
					}
				}
			}
		}
	}
	g.Identifiers = len(identIdx)
	for _, e := range g.Edges {
		g.Nodes[e.From].degree++
		g.Nodes[e.To].degree++
	}
	g.cap(maxNodes)
	g.layout()
	return g
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// cap keeps at most max nodes: people first (flagged, then by risk), then
// the identifiers that tie the most drawn people; the rest are counted.
func (g *Graph) cap(limit int) {
	if len(g.Nodes) <= limit {
		return
	}
	idx := make([]int, len(g.Nodes))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool {
		a, b := &g.Nodes[idx[x]], &g.Nodes[idx[y]]
		if (a.Person != "") != (b.Person != "") {
			return a.Person != ""
		}
		if a.Flagged != b.Flagged {
			return a.Flagged
		}
		if a.Person != "" && a.Risk != b.Risk {
			return a.Risk > b.Risk
		}
		return a.degree > b.degree
	})
	// Leave room for identifiers: people take at most two thirds.
	peopleCap := limit
	if g.Identifiers > 0 {
		peopleCap = max(1, limit*2/3)
	}
	keep := map[int]bool{}
	np := 0
	for _, i := range idx {
		if g.Nodes[i].Person != "" && np < peopleCap {
			keep[i] = true
			np++
		}
	}
	for _, i := range idx {
		if len(keep) < limit && g.Nodes[i].Person == "" {
			keep[i] = true
		}
	}
	for _, i := range idx { // people again, if identifiers left room
		if len(keep) < limit {
			keep[i] = true
		}
	}
	newIdx := map[int]int{}
	var nodes []GraphNode
	for i, n := range g.Nodes {
		if keep[i] {
			newIdx[i] = len(nodes)
			nodes = append(nodes, n)
		} else if n.Person != "" {
			g.MorePeople++
		} else {
			g.MoreIdents++
		}
	}
	var edges []GraphEdge
	for _, e := range g.Edges {
		f, ok1 := newIdx[e.From]
		t, ok2 := newIdx[e.To]
		if ok1 && ok2 {
			e.From, e.To = f, t
			edges = append(edges, e)
		}
	}
	g.Nodes, g.Edges = nodes, edges
}

// layout places the nodes by a force-directed layout (Fruchterman and
// Reingold) from a deterministic start: people evenly on a circle,
// identifiers at the middle of the people who hold them, nudged by a hash
// of their key. A fixed number of rounds and no randomness: the same
// graph always gives the same picture.
func (g *Graph) layout() {
	n := len(g.Nodes)
	g.Width = 760
	g.Height = math.Max(280, math.Min(720, 260+float64(n)*16))
	if n == 0 {
		return
	}
	cx, cy := g.Width/2, g.Height/2
	rx, ry := g.Width/2-130, g.Height/2-50
	var people []int
	for i := range g.Nodes {
		if g.Nodes[i].Person != "" {
			people = append(people, i)
		}
	}
	for k, i := range people {
		a := 2*math.Pi*float64(k)/float64(len(people)) + math.Pi
		g.Nodes[i].X, g.Nodes[i].Y = cx+rx*math.Cos(a), cy+ry*math.Sin(a)
	}
	for i := range g.Nodes {
		nd := &g.Nodes[i]
		if nd.Person != "" {
			continue
		}
		var sx, sy, c float64
		for _, e := range g.Edges {
			o := -1
			if e.To == i {
				o = e.From
			} else if e.From == i {
				o = e.To
			}
			if o >= 0 && g.Nodes[o].Person != "" {
				sx += g.Nodes[o].X
				sy += g.Nodes[o].Y
				c++
			}
		}
		h := fnv.New32a()
		h.Write([]byte(nd.Key + "\x00" + strings.Join(nd.Values, "\x00")))
		j := float64(h.Sum32()%1000)/1000 - 0.5
		if c == 0 {
			nd.X, nd.Y = cx+j*80, cy-j*60
			continue
		}
		nd.X, nd.Y = sx/c+j*40, sy/c+j*30
	}
	if n == 1 {
		g.Nodes[0].X, g.Nodes[0].Y = cx, cy
		return
	}
	area := (g.Width - 200) * (g.Height - 80)
	kk := math.Sqrt(area / float64(n))
	temp := g.Width / 10
	dx := make([]float64, n)
	dy := make([]float64, n)
	for round := 0; round < 300; round++ {
		for i := range dx {
			dx[i], dy[i] = 0, 0
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				vx, vy := g.Nodes[i].X-g.Nodes[j].X, g.Nodes[i].Y-g.Nodes[j].Y
				d := math.Max(math.Hypot(vx, vy), 0.01)
				f := kk * kk / d
				dx[i] += vx / d * f
				dy[i] += vy / d * f
				dx[j] -= vx / d * f
				dy[j] -= vy / d * f
			}
		}
		for _, e := range g.Edges {
			a, b := e.From, e.To
			vx, vy := g.Nodes[a].X-g.Nodes[b].X, g.Nodes[a].Y-g.Nodes[b].Y
			d := math.Max(math.Hypot(vx, vy), 0.01)
			f := d * d / kk
			if g.Nodes[a].Person != "" && g.Nodes[b].Person != "" {
				// A resume or photo pair pulls less than a shared
				// identifier, or a ring whose members all share
				// documents collapses into a knot.
				f *= 0.2
			}
			dx[a] -= vx / d * f
			dy[a] -= vy / d * f
			dx[b] += vx / d * f
			dy[b] += vy / d * f
		}
		for i := range g.Nodes {
			// A weak pull to the middle keeps parts of a graph together.
			dx[i] += (cx - g.Nodes[i].X) * 0.02 * kk / 10
			dy[i] += (cy - g.Nodes[i].Y) * 0.02 * kk / 10
			d := math.Max(math.Hypot(dx[i], dy[i]), 0.01)
			step := math.Min(d, temp)
			g.Nodes[i].X += dx[i] / d * step
			g.Nodes[i].Y += dy[i] / d * step
		}
		temp = math.Max(temp*0.985, 1)
	}
	// Fit the drawing into the frame, leaving room for labels.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, nd := range g.Nodes {
		minX, maxX = math.Min(minX, nd.X), math.Max(maxX, nd.X)
		minY, maxY = math.Min(minY, nd.Y), math.Max(maxY, nd.Y)
	}
	// Each axis is stretched to fill the frame, but neither more than
	// twice the other, so the drawing uses the page's width without
	// flattening.
	const padX, padTop, padBottom = 110.0, 62.0, 64.0
	sx := (g.Width - 2*padX) / math.Max(maxX-minX, 1)
	sy := (g.Height - padTop - padBottom) / math.Max(maxY-minY, 1)
	sx, sy = math.Min(sx, 2*sy), math.Min(sy, 2*sx)
	ox := padX + (g.Width-2*padX-(maxX-minX)*sx)/2
	oy := padTop + (g.Height-padTop-padBottom-(maxY-minY)*sy)/2
	for i := range g.Nodes {
		g.Nodes[i].X = ox + (g.Nodes[i].X-minX)*sx
		g.Nodes[i].Y = oy + (g.Nodes[i].Y-minY)*sy
	}
	g.separate(padX, padTop, padBottom)
}

// separate pushes apart nodes whose labels would overlap (a label is about
// 130 by 34 pixels with its mark), within the frame, for a bounded
// number of rounds.
func (g *Graph) separate(padX, padTop, padBottom float64) {
	const needX, needY = 130.0, 36.0
	for round := 0; round < 120; round++ {
		moved := false
		for i := range g.Nodes {
			for j := i + 1; j < len(g.Nodes); j++ {
				a, b := &g.Nodes[i], &g.Nodes[j]
				dx, dy := b.X-a.X, b.Y-a.Y
				ox, oy := needX-math.Abs(dx), needY-math.Abs(dy)
				if ox <= 0 || oy <= 0 {
					continue
				}
				moved = true
				// Move along the axis that needs less, half each.
				if ox/needX < oy/needY {
					s := math.Copysign(ox/2+0.5, dx)
					if dx == 0 {
						s = ox/2 + 0.5
					}
					a.X -= s
					b.X += s
				} else {
					s := math.Copysign(oy/2+0.5, dy)
					if dy == 0 {
						s = oy/2 + 0.5
					}
					a.Y -= s
					b.Y += s
				}
			}
		}
		for i := range g.Nodes {
			n := &g.Nodes[i]
			n.X = math.Min(math.Max(n.X, padX/2+20), g.Width-padX/2-20)
			n.Y = math.Min(math.Max(n.Y, padTop), g.Height-padBottom)
		}
		if !moved {
			return
		}
	}
}

// identLabel is an identifier's label: its first written form, defanged
// and cut short.
func identLabel(n *GraphNode) string {
	v := ""
	if len(n.Values) > 0 {
		v = n.Values[0]
	}
	return clip(defang(v), 26)
}

// ClusterGraph draws a cluster as a graph: its people (flagged ones in red
// with a heavier ring) and the identifiers that tie them (phones, e-mails,
// accounts, wallets, addresses, home networks, devices, payees), an edge
// from each person to each identifier they hold, and a dashed edge for
// a near-duplicate resume or photo. Each person links to their page at
// /hire/people/{id}; see Options.ClusterGraph to link elsewhere.
func ClusterGraph(c hire.Cluster, people map[string]hire.Person, results map[string]hire.PersonResult) template.HTML {
	return Options{}.ClusterGraph(c, people, results)
}

// ClusterGraph is ClusterGraph with these options.
func (o Options) ClusterGraph(c hire.Cluster, people map[string]hire.Person, results map[string]hire.PersonResult) template.HTML {
	g := LayoutCluster(c, people, results, o.maxNodes())
	return g.SVG(o)
}

// SVG draws a laid-out graph.
func (g *Graph) SVG(o Options) template.HTML {
	var b strings.Builder
	var flagged int
	var ppl int
	for _, n := range g.Nodes {
		if n.Person != "" {
			ppl++
			if n.Flagged {
				flagged++
			}
		}
	}
	title := fmt.Sprintf("Cluster %s: %d people", g.Cluster.Cluster, ppl+g.MorePeople)
	switch g.Identifiers {
	case 0:
	case 1:
		title += ", 1 identifier that ties them"
	default:
		title += fmt.Sprintf(", %d identifiers that tie them", g.Identifiers)
	}
	desc := fmt.Sprintf("%d people drawn (%d flagged), %d links in the cluster.", ppl, flagged, len(g.Cluster.Links))
	more := ""
	if g.MorePeople+g.MoreIdents > 0 {
		more = fmt.Sprintf("%d more not drawn (%d people, %d identifiers)", g.MorePeople+g.MoreIdents, g.MorePeople, g.MoreIdents)
		desc += " " + more + "."
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="cluster-graph" role="img" width="%s" height="%s" viewBox="0 0 %s %s" aria-label="%s" data-cluster="%s">`,
		num(g.Width), num(g.Height), num(g.Width), num(g.Height), esc(title+". "+desc), esc(g.Cluster.Cluster))
	fmt.Fprintf(&b, `<title>%s</title><desc>%s</desc>`, esc(title), esc(desc))
	b.WriteString(`<style>` + GraphCSS + `</style>`)
	fmt.Fprintf(&b, `<text class="cg-t" x="12" y="20">%s</text>`, esc(title))
	sub := desc
	fmt.Fprintf(&b, `<text class="cg-s" x="12" y="38">%s</text>`, esc(clip(sub, 120)))
	b.WriteString(`<g class="edges">`)
	for _, e := range g.Edges {
		a, t := &g.Nodes[e.From], &g.Nodes[e.To]
		width := 1 + 3*math.Min(1, math.Max(0, e.Weight))
		class := "cg-e"
		label := e.Kind
		if a.Person != "" && t.Person != "" {
			class += " pair"
			label = e.Kind + ": " + e.Label
		}
		fmt.Fprintf(&b, `<line class="%s edge" data-from="%s" data-to="%s" data-kind="%s" x1="%s" y1="%s" x2="%s" y2="%s" stroke-width="%s"><title>%s</title></line>`,
			class, esc(a.Key), esc(t.Key), esc(e.Kind), num(a.X), num(a.Y), num(t.X), num(t.Y), num(width), esc(label+fmt.Sprintf(" (link weight %.2f)", e.Weight)))
	}
	// Name the kind of each resume, photo or referral edge at its middle,
	// when there are few enough to read.
	pairs := 0
	for _, e := range g.Edges {
		if g.Nodes[e.From].Person != "" && g.Nodes[e.To].Person != "" {
			pairs++
		}
	}
	if pairs <= 8 {
		for _, e := range g.Edges {
			a, t := &g.Nodes[e.From], &g.Nodes[e.To]
			if a.Person != "" && t.Person != "" {
				fmt.Fprintf(&b, `<text class="cg-l edge-label" x="%s" y="%s" text-anchor="middle">%s</text>`, num((a.X+t.X)/2), num((a.Y+t.Y)/2-4), esc(clip(strings.ReplaceAll(e.Kind, "_", " "), 14)))
			}
		}
	}
	b.WriteString(`</g><g class="nodes">`)
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if n.Person == "" {
			continue
		}
		r := 11.0
		class := "cg-p"
		state := "not flagged"
		if n.Flagged {
			r, class, state = 14, "cg-p flagged", "flagged"
		}
		tip := fmt.Sprintf("%s: %s, risk %.2f", n.Person, state, n.Risk)
		if n.Name != "" {
			tip = fmt.Sprintf("%s (%s): %s, risk %.2f", n.Person, n.Name, state, n.Risk)
		}
		if o.Highlight != "" && n.Person == o.Highlight {
			class += " current"
			tip += " (this page)"
		}
		href := o.person(n.Person)
		if href != "" {
			fmt.Fprintf(&b, `<a href="%s" aria-label="%s">`, esc(href), esc(tip))
		}
		fmt.Fprintf(&b, `<g class="node person" data-key="%s" data-person="%s" data-flagged="%t"><circle class="%s" cx="%s" cy="%s" r="%s"><title>%s</title></circle>`,
			esc(n.Key), esc(n.Person), n.Flagged, class, num(n.X), num(n.Y), num(r), esc(tip))
		if n.Flagged {
			fmt.Fprintf(&b, `<text class="cg-k" x="%s" y="%s" text-anchor="middle">!</text>`, num(n.X), num(n.Y+3.5))
		}
		fmt.Fprintf(&b, `<text class="cg-l" x="%s" y="%s" text-anchor="middle">%s</text></g>`, num(n.X), num(n.Y+r+13), esc(clip(n.Person, 22)))
		if href != "" {
			b.WriteString(`</a>`)
		}
	}
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if n.Person != "" {
			continue
		}
		abbr := kindAbbr[n.Kind]
		if abbr == "" {
			abbr = strings.ToUpper(clip(n.Kind, 4))
		}
		var full []string
		for _, v := range n.Values {
			full = append(full, defang(v))
		}
		var holders []string
		for _, e := range g.Edges {
			if e.To == i {
				holders = append(holders, g.Nodes[e.From].Person)
			}
		}
		tip := fmt.Sprintf("%s: %s; held by %s", n.Kind, strings.Join(full, " = "), strings.Join(holders, ", "))
		label := identLabel(n)
		wBox := 30.0
		fmt.Fprintf(&b, `<g class="node ident" data-key="%s" data-kind="%s" data-value="%s"><rect class="cg-i" x="%s" y="%s" width="%s" height="18" rx="4"><title>%s</title></rect>`,
			esc(n.Key), esc(n.Kind), esc(strings.Join(n.Values, " = ")), num(n.X-wBox/2), num(n.Y-9), num(wBox), esc(tip))
		fmt.Fprintf(&b, `<text class="cg-k" x="%s" y="%s" text-anchor="middle" style="fill:#212529">%s</text>`, num(n.X), num(n.Y+3), esc(abbr))
		fmt.Fprintf(&b, `<text class="cg-l" x="%s" y="%s" text-anchor="middle">%s</text></g>`, num(n.X), num(n.Y+22), esc(label))
	}
	b.WriteString(`</g>`)
	// Legend.
	ly := g.Height - 12
	fmt.Fprintf(&b, `<g class="legend"><circle class="cg-p flagged" cx="18" cy="%s" r="6"/><text class="cg-s" x="30" y="%s">flagged person</text>`, num(ly-4), num(ly))
	fmt.Fprintf(&b, `<circle class="cg-p" cx="140" cy="%s" r="6"/><text class="cg-s" x="152" y="%s">person</text>`, num(ly-4), num(ly))
	fmt.Fprintf(&b, `<rect class="cg-i" x="214" y="%s" width="16" height="10" rx="2"/><text class="cg-s" x="236" y="%s">shared identifier</text>`, num(ly-9), num(ly))
	fmt.Fprintf(&b, `<line class="cg-e pair" x1="356" y1="%s" x2="380" y2="%s" stroke-width="2"/><text class="cg-s" x="386" y="%s">resume, photo or referral pair</text>`, num(ly-4), num(ly-4), num(ly))
	if more != "" {
		fmt.Fprintf(&b, `<text class="cg-s more" x="%s" y="%s" text-anchor="end">%s</text>`, num(g.Width-12), num(ly), esc(more))
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String())
}
