package report

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/clearance-screening/clearance/hire"
)

// PersonData is what a person's page shows.
type PersonData struct {
	Result hire.PersonResult
	// Person is the person's record (nil: only the assessment is shown).
	Person *hire.Person
	// Agg is the person's event aggregate, for the hours chart (nil: no
	// activity recorded).
	Agg *hire.Aggregate
	// Cluster is the person's cluster, drawn as a graph (nil: none).
	Cluster *hire.Cluster
	// People and Results describe the cluster's other members, for the
	// graph's labels and marks.
	People    map[string]hire.Person
	Results   map[string]hire.PersonResult
	Threshold float64 // shown beside the risk; zero means hire.DefaultThreshold
	Index     string  // link back to an index page; "" for none
}

// ClusterData is what a cluster's page shows.
type ClusterData struct {
	Cluster hire.Cluster
	People  map[string]hire.Person
	Results map[string]hire.PersonResult
	Index   string
}

// IndexData is what the index page shows.
type IndexData struct {
	Result    *hire.Result
	People    map[string]hire.Person
	Threshold float64
	Source    string // what was assessed (a path), shown in the heading
	// HasPerson and HasCluster say which pages exist, so only those are
	// linked (nil: every one is linked).
	HasPerson  func(id string) bool
	HasCluster func(id string) bool
}

// The page style: plain, readable on screen, and printable (links as
// text, no page breaks inside a drawing or a signal).
const css = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;margin:0 auto;max-width:1000px;padding:16px 24px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.verdict{display:inline-block;padding:2px 8px;border-radius:3px;font-weight:600}
.verdict.flagged{background:#c92a2a;color:#fff}.verdict.clear{background:#e9ecef;color:#333}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{text-align:left;border-bottom:1px solid #e5e5e5;padding:4px 6px;vertical-align:top}
th{background:#f8f9fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.signal{border:1px solid #dee2e6;border-left:4px solid #1f5fa8;border-radius:3px;padding:8px 12px;margin:10px 0}
.signal.hard{border-left-color:#c92a2a}.signal h3{margin:0 0 4px;font-size:1em}
.signal .meta{color:#555;font-size:.88em}.signal dl{margin:6px 0;display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:.9em}
.signal dt{color:#555}.signal dd{margin:0;overflow-wrap:anywhere}code{font-size:.92em}
.source{font-size:.85em;color:#444}.muted{color:#666}
figure{margin:12px 0}figure svg{max-width:100%;height:auto;border:1px solid #eee}
nav a{margin-right:1em}
@media print{body{max-width:none;padding:0;font-size:11pt}nav{display:none}a{color:inherit;text-decoration:none}
figure,.signal,tr{break-inside:avoid;page-break-inside:avoid}figure svg{border:none}h2{break-after:avoid}}
`

var funcs = template.FuncMap{
	"pct":   func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"label": func(k string) string { return strings.ReplaceAll(k, "_", " ") },
	"json": func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(b)
	},
	"keys": func(m map[string]any) []string {
		ks := make([]string, 0, len(m))
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	},
	"join": strings.Join,
}

var pages = template.Must(template.New("pages").Funcs(funcs).Parse(`
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.}}</title><style>` + css + `</style></head><body>{{end}}

{{define "signals"}}
{{if not .}}<p class="muted">No signals: the records are consistent and tie this person to no one.</p>{{end}}
{{range $i, $s := .}}
<div class="signal{{if $s.Hard}} hard{{end}}" id="signal-{{$i}}">
<h3>{{$s.Code}}</h3>
<div class="meta">{{$s.Family}} · weight {{pct $s.Weight}}{{if $s.Hard}} · <strong>flags on its own</strong>{{end}}</div>
<p>{{$s.Reason}}</p>
{{if $s.Evidence}}<dl>{{range $k := keys $s.Evidence}}<dt>{{label $k}}</dt><dd><code>{{json (index $s.Evidence $k)}}</code></dd>{{end}}</dl>{{end}}
<div class="source">Source: {{$s.Source}}</div>
</div>
{{end}}
{{end}}

{{define "person"}}{{template "head" (printf "%s · remote-hire assessment" .R.Person)}}
{{if .Index}}<nav><a href="{{.Index}}">← all flagged people and clusters</a></nav>{{end}}
<h1>{{.R.Person}}{{with .P}}{{if .LegalName}} · {{.LegalName}}{{end}}{{end}}</h1>
<p><span class="verdict {{if .R.Flagged}}flagged">FLAGGED{{else}}clear">not flagged{{end}}</span>
risk <strong>{{pct .R.Risk}}</strong> (threshold {{pct .Threshold}}; a flag needs a signal that flags on its own, or evidence from two independent families)
{{with .ClusterHref}} · cluster <a href="{{.}}">{{$.R.Cluster}}</a>{{else}}{{with .R.Cluster}} · cluster {{.}}{{end}}{{end}}</p>
{{with .P}}<table class="claims"><tr><th>Role</th><td>{{.Role}}</td><th>Organisation</th><td>{{.Org}}</td><th>Title</th><td>{{.Title}}</td></tr>
<tr><th>Claims to live in</th><td colspan="3">{{.Claimed.City}}{{if and .Claimed.City .Claimed.Country}}, {{end}}{{.Claimed.Country}}</td><th>Time zone</th><td>{{.Claimed.Timezone}}</td></tr></table>{{end}}
<h2>Signals ({{len .R.Signals}})</h2>
{{template "signals" .R.Signals}}
<h2>Working hours against the claimed zone</h2>
<figure>{{.Hours}}</figure>
{{if .Graph}}<h2>Cluster {{.R.Cluster}}</h2><figure>{{.Graph}}</figure>{{end}}
<p class="muted">Drawn by clearance from the assessment; identifiers in the drawing are defanged and shortened (full values in the tooltips and the evidence above).</p>
</body></html>{{end}}

{{define "cluster"}}{{template "head" (printf "cluster %s · remote-hire assessment" .C.Cluster)}}
{{if .Index}}<nav><a href="{{.Index}}">← all flagged people and clusters</a></nav>{{end}}
<h1>Cluster {{.C.Cluster}}</h1>
<p>{{len .C.Members}} people, {{.C.Flagged}} flagged; cluster risk <strong>{{pct .C.Risk}}</strong>; {{len .C.Links}} links.</p>
<figure>{{.Graph}}</figure>
<h2>Members</h2>
<table><tr><th>Person</th><th>Name</th><th>Verdict</th><th>Risk</th><th>Strongest signals</th></tr>
{{range .Members}}<tr><td>{{if .Href}}<a href="{{.Href}}">{{.ID}}</a>{{else}}{{.ID}}{{end}}</td><td>{{.Name}}</td><td>{{if .Flagged}}<strong>flagged</strong>{{else}}not flagged{{end}}</td><td class="num">{{pct .Risk}}</td><td>{{join .Codes ", "}}</td></tr>
{{end}}</table>
<h2>Links</h2>
<table><tr><th>Between</th><th>And</th><th>Kind</th><th>Value</th><th>Weight</th></tr>
{{range .C.Links}}<tr><td>{{.A}}</td><td>{{.B}}</td><td>{{label .Kind}}</td><td><code>{{.Value}}</code></td><td class="num">{{pct .Weight}}</td></tr>
{{end}}</table>
</body></html>{{end}}

{{define "index"}}{{template "head" "remote-hire assessment"}}
<h1>Remote-hire assessment{{with .Source}} · {{.}}{{end}}</h1>
<p>{{len .Res.People}} people assessed; <strong>{{.Flagged}} flagged</strong> at threshold {{pct .Threshold}}; {{len .Clusters}} clusters of two or more; {{len .Res.Errors}} input lines could not be used.</p>
<h2>Flagged people</h2>
{{if not .People}}<p class="muted">No one is flagged.</p>{{else}}
<table><tr><th>Person</th><th>Name</th><th>Risk</th><th>Cluster</th><th>Strongest signals</th></tr>
{{range .People}}<tr><td>{{if .Href}}<a href="{{.Href}}">{{.ID}}</a>{{else}}{{.ID}}{{end}}</td><td>{{.Name}}</td><td class="num">{{pct .Risk}}</td><td>{{if .ClusterHref}}<a href="{{.ClusterHref}}">{{.Cluster}}</a>{{else}}{{.Cluster}}{{end}}</td><td>{{join .Codes ", "}}</td></tr>
{{end}}</table>{{end}}
<h2>Clusters</h2>
{{if not .Clusters}}<p class="muted">No clusters.</p>{{else}}
<table><tr><th>Cluster</th><th>Members</th><th>Flagged</th><th>Risk</th><th>Tied by</th></tr>
{{range .Clusters}}<tr><td>{{if .Href}}<a href="{{.Href}}">{{.ID}}</a>{{else}}{{.ID}}{{end}}</td><td class="num">{{.Members}}</td><td class="num">{{.Flagged}}</td><td class="num">{{pct .Risk}}</td><td>{{join .Kinds ", "}}</td></tr>
{{end}}</table>{{end}}
</body></html>{{end}}
`))

// PersonPage writes a standalone HTML page for one person: the verdict,
// each signal with its evidence, reason and source, the hours chart
// against the claimed zone, and the person's cluster as a graph.
func PersonPage(w io.Writer, d PersonData, o Options) error {
	th := d.Threshold
	if th == 0 {
		th = hire.DefaultThreshold
	}
	zone, fit := "", BestFit(d.Result.Signals)
	if d.Person != nil {
		zone = d.Person.Claimed.Timezone
	}
	for _, s := range d.Result.Signals {
		if s.Code == "activity_hours" && zone == "" {
			zone, _ = s.Evidence["claimed_zone"].(string)
		}
	}
	v := struct {
		R           hire.PersonResult
		P           *hire.Person
		Threshold   float64
		Hours       template.HTML
		Graph       template.HTML
		ClusterHref string
		Index       string
	}{R: d.Result, P: d.Person, Threshold: th, Hours: HoursChartFit(d.Agg, zone, fit), Index: d.Index}
	if d.Cluster != nil {
		o.Highlight = d.Result.Person
		v.Graph = o.ClusterGraph(*d.Cluster, d.People, d.Results)
		v.ClusterHref = o.cluster(d.Cluster.Cluster)
	}
	return pages.ExecuteTemplate(w, "person", v)
}

// BestFit is the best-fitting UTC offset a person's activity_hours signal
// names ("UTC+09:00"), or "" when there is none: the third argument of
// HoursChartFit.
func BestFit(sigs []hire.Signal) string {
	for _, s := range sigs {
		if s.Code == "activity_hours" {
			if v, ok := s.Evidence["best_fit_offset"].(string); ok {
				return v
			}
		}
	}
	return ""
}

type memberRow struct {
	ID, Name, Href string
	Flagged        bool
	Risk           float64
	Codes          []string
}

func topCodes(r hire.PersonResult, n int) []string {
	var out []string
	for _, s := range r.Signals {
		if len(out) == n {
			break
		}
		out = append(out, s.Code)
	}
	return out
}

// ClusterPage writes a standalone HTML page for one cluster: the graph of
// its people and the identifiers that tie them, its members with their
// verdicts, and every link with its value and weight.
func ClusterPage(w io.Writer, d ClusterData, o Options) error {
	v := struct {
		C       hire.Cluster
		Graph   template.HTML
		Members []memberRow
		Index   string
	}{C: d.Cluster, Graph: o.ClusterGraph(d.Cluster, d.People, d.Results), Index: d.Index}
	for _, m := range d.Cluster.Members {
		r := d.Results[m]
		v.Members = append(v.Members, memberRow{ID: m, Name: d.People[m].LegalName, Href: o.person(m), Flagged: r.Flagged, Risk: r.Risk, Codes: topCodes(r, 4)})
	}
	return pages.ExecuteTemplate(w, "cluster", v)
}

// IndexPage writes the index of an assessment: the flagged people, by
// risk, and the clusters of two or more, with links to their pages.
func IndexPage(w io.Writer, d IndexData, o Options) error {
	type personRow struct {
		ID, Name, Href, Cluster, ClusterHref string
		Risk                                 float64
		Codes                                []string
	}
	type clusterRow struct {
		ID, Href         string
		Members, Flagged int
		Risk             float64
		Kinds            []string
	}
	th := d.Threshold
	if th == 0 {
		th = hire.DefaultThreshold
	}
	has := func(f func(string) bool, id string) bool { return f == nil || f(id) }
	v := struct {
		Res       *hire.Result
		Flagged   int
		Threshold float64
		Source    string
		People    []personRow
		Clusters  []clusterRow
	}{Res: d.Result, Flagged: d.Result.Flagged(), Threshold: th, Source: d.Source}
	for _, r := range d.Result.People {
		if !r.Flagged {
			continue
		}
		row := personRow{ID: r.Person, Name: d.People[r.Person].LegalName, Cluster: r.Cluster, Risk: r.Risk, Codes: topCodes(r, 4)}
		if has(d.HasPerson, r.Person) {
			row.Href = o.person(r.Person)
		}
		if r.Cluster != "" && has(d.HasCluster, r.Cluster) {
			row.ClusterHref = o.cluster(r.Cluster)
		}
		v.People = append(v.People, row)
	}
	sort.SliceStable(v.People, func(i, j int) bool { return v.People[i].Risk > v.People[j].Risk })
	for _, c := range d.Result.Clusters {
		if len(c.Members) < 2 {
			continue
		}
		kinds := map[string]bool{}
		for _, l := range c.Links {
			kinds[strings.ReplaceAll(l.Kind, "_", " ")] = true
		}
		row := clusterRow{ID: c.Cluster, Members: len(c.Members), Flagged: c.Flagged, Risk: c.Risk}
		for k := range kinds {
			row.Kinds = append(row.Kinds, k)
		}
		sort.Strings(row.Kinds)
		if has(d.HasCluster, c.Cluster) {
			row.Href = o.cluster(c.Cluster)
		}
		v.Clusters = append(v.Clusters, row)
	}
	sort.SliceStable(v.Clusters, func(i, j int) bool {
		if v.Clusters[i].Flagged != v.Clusters[j].Flagged {
			return v.Clusters[i].Flagged > v.Clusters[j].Flagged
		}
		return v.Clusters[i].Risk > v.Clusters[j].Risk
	})
	return pages.ExecuteTemplate(w, "index", v)
}
