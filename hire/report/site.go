package report

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"

	"github.com/clearance-screening/clearance/hire"
)

// Site is an assessment to write as a folder of standalone pages.
type Site struct {
	Result *hire.Result
	// Person returns a person's record and Aggregate their events'
	// aggregate (nil when unknown); *hire.Assessor's PersonRecord and
	// Aggregate fit.
	Person    func(id string) *hire.Person
	Aggregate func(id string) *hire.Aggregate
	Threshold float64
	Source    string // what was assessed, for the index heading
	// FlaggedOnly writes pages for flagged people and the clusters with a
	// flagged member only; otherwise every member of a cluster of two or
	// more gets a page too, so that every node of every graph links.
	FlaggedOnly bool
	// Progress, if set, is called after each page with the pages written
	// and the pages to write.
	Progress func(done, total int)
}

// SiteSummary says what WriteSite wrote.
type SiteSummary struct {
	Dir      string `json:"dir"`
	Index    string `json:"index"`
	People   int    `json:"person_pages"`
	Clusters int    `json:"cluster_pages"`
}

// PageName is the file name of a page for an id: the id itself when it is
// a plain name, else its safe characters and a short hash, so that no id
// can reach outside the folder or collide with another.
func PageName(kind, id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	name := b.String()
	if len(name) > 80 {
		name = name[:80]
	}
	if name != id {
		h := fnv.New32a()
		h.Write([]byte(id))
		name = fmt.Sprintf("%s~%08x", name, h.Sum32())
	}
	return kind + "-" + name + ".html"
}

// WriteSite writes index.html and one page per flagged person and per
// cluster of two or more into dir (created if missing). Pages link to
// each other by relative file names, so the folder can be opened from
// disk, zipped or attached to a case.
func WriteSite(dir string, s Site) (SiteSummary, error) {
	sum := SiteSummary{Dir: dir, Index: filepath.Join(dir, "index.html")}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum, err
	}
	res := s.Result
	results := make(map[string]hire.PersonResult, len(res.People))
	for _, r := range res.People {
		results[r.Person] = r
	}
	clusters := map[string]*hire.Cluster{}
	for i := range res.Clusters {
		clusters[res.Clusters[i].Cluster] = &res.Clusters[i]
	}
	// Which pages to write.
	wantCluster := map[string]bool{}
	var clusterOrder []string
	for _, c := range res.Clusters {
		if len(c.Members) >= 2 && (!s.FlaggedOnly || c.Flagged > 0) {
			wantCluster[c.Cluster] = true
			clusterOrder = append(clusterOrder, c.Cluster)
		}
	}
	wantPerson := map[string]bool{}
	var personOrder []string
	for _, r := range res.People {
		if r.Flagged || !s.FlaggedOnly && wantCluster[r.Cluster] {
			wantPerson[r.Person] = true
			personOrder = append(personOrder, r.Person)
		}
	}
	o := Options{
		PersonURL: func(id string) string {
			if wantPerson[id] {
				return PageName("person", id)
			}
			return ""
		},
		ClusterURL: func(id string) string {
			if wantCluster[id] {
				return PageName("cluster", id)
			}
			return ""
		},
	}
	person := func(id string) *hire.Person {
		if s.Person == nil {
			return nil
		}
		return s.Person(id)
	}
	peopleOf := func(c *hire.Cluster) map[string]hire.Person {
		m := map[string]hire.Person{}
		if c == nil {
			return m
		}
		for _, id := range c.Members {
			if p := person(id); p != nil {
				m[id] = *p
			}
		}
		return m
	}
	total := len(personOrder) + len(clusterOrder) + 1
	done := 0
	step := func() {
		done++
		if s.Progress != nil {
			s.Progress(done, total)
		}
	}
	write := func(name string, fn func(w *bufio.Writer) error) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		err = fn(w)
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
		}
		step()
		return nil
	}
	for _, id := range personOrder {
		r := results[id]
		d := PersonData{Result: r, Person: person(id), Threshold: s.Threshold, Index: "index.html", Results: results}
		if s.Aggregate != nil {
			d.Agg = s.Aggregate(id)
		}
		if c := clusters[r.Cluster]; c != nil && len(c.Members) >= 2 {
			d.Cluster = c
			d.People = peopleOf(c)
		}
		if err := write(PageName("person", id), func(w *bufio.Writer) error { return PersonPage(w, d, o) }); err != nil {
			return sum, err
		}
		sum.People++
	}
	for _, id := range clusterOrder {
		c := clusters[id]
		d := ClusterData{Cluster: *c, People: peopleOf(c), Results: results, Index: "index.html"}
		if err := write(PageName("cluster", id), func(w *bufio.Writer) error { return ClusterPage(w, d, o) }); err != nil {
			return sum, err
		}
		sum.Clusters++
	}
	people := map[string]hire.Person{}
	for _, r := range res.People {
		if r.Flagged {
			if p := person(r.Person); p != nil {
				people[r.Person] = *p
			}
		}
	}
	idx := IndexData{Result: res, People: people, Threshold: s.Threshold, Source: s.Source,
		HasPerson: func(id string) bool { return wantPerson[id] }, HasCluster: func(id string) bool { return wantCluster[id] }}
	err := write("index.html", func(w *bufio.Writer) error { return IndexPage(w, idx, o) })
	return sum, err
}
