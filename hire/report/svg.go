// Package report draws the remote-hire assessment for people to read: an
// hours chart (a person's activity by hour of day in the zone they claim,
// against that zone's working hours), a cluster graph (the people of a
// cluster and the phones, accounts, addresses, networks, photos and
// resumes that tie them) and whole standalone HTML pages for a person, a
// cluster and an index, with print styles.
//
// Everything is inline SVG and HTML computed in Go with the standard
// library: no script, no network, no font or library to fetch, so a page
// opens from a file, prints, and can be attached to a case. Layouts are
// deterministic: the same assessment draws the same picture. Every value
// from the input is escaped, and identifiers are shown defanged (dots and
// at-signs bracketed) and truncated, with the full value in the tooltip.
package report

import (
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Options say where a drawing's links go and how much it draws. The zero
// value links to the server's pages (/hire/people/{id}, /hire/clusters/{id})
// and draws at most DefaultMaxNodes nodes.
type Options struct {
	// PersonURL is the link of a person's page; "" leaves the person
	// unlinked. Nil means PersonPrefix + the path-escaped id.
	PersonURL func(id string) string
	// ClusterURL is the link of a cluster's page, as PersonURL.
	ClusterURL func(id string) string
	// PersonPrefix and ClusterPrefix are the URL prefixes used when the
	// functions are nil; empty means "/hire/people/" and "/hire/clusters/".
	PersonPrefix  string
	ClusterPrefix string
	// Highlight is a person the cluster graph marks as the page's own
	// (a person page drawing the person's cluster).
	Highlight string
	// MaxNodes caps the nodes a cluster graph draws (people first); the
	// rest are counted as "N more". Zero means DefaultMaxNodes.
	MaxNodes int
}

// DefaultMaxNodes is the most nodes a cluster graph draws by default: past
// about forty, labels overlap on a page-wide drawing.
const DefaultMaxNodes = 40

func (o Options) person(id string) string {
	if o.PersonURL != nil {
		return o.PersonURL(id)
	}
	p := o.PersonPrefix
	if p == "" {
		p = "/hire/people/"
	}
	return p + url.PathEscape(id)
}

func (o Options) cluster(id string) string {
	if o.ClusterURL != nil {
		return o.ClusterURL(id)
	}
	p := o.ClusterPrefix
	if p == "" {
		p = "/hire/clusters/"
	}
	return p + url.PathEscape(id)
}

func (o Options) maxNodes() int {
	if o.MaxNodes > 0 {
		return o.MaxNodes
	}
	return DefaultMaxNodes
}

// esc escapes text for an XML/HTML element or a quoted attribute.
func esc(s string) string {
	return template.HTMLEscapeString(strings.ToValidUTF8(s, "\uFFFD"))
}

// defang makes a value unclickable and unmistakably quoted: dots, at-signs
// and URL schemes are bracketed ("john[@]mail[.]com", "hxxps[://]...").
func defang(s string) string {
	r := strings.NewReplacer("http://", "hxxp[://]", "https://", "hxxps[://]", "://", "[://]", "@", "[@]", ".", "[.]")
	return r.Replace(s)
}

// clip shortens s to at most n runes, ending in "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// num formats a coordinate with at most one decimal, so that the SVG is
// compact and the same on every run.
func num(f float64) string {
	f = math.Round(f*10) / 10
	if f == math.Trunc(f) {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.1f", f)
}
