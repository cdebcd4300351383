package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/clearance-screening/clearance/hire"
	"github.com/clearance-screening/clearance/hire/report"
	"github.com/clearance-screening/clearance/hire/synth"
	"github.com/clearance-screening/clearance/internal/browsertest"
)

// site generates a small synthetic population with planted rings,
// assesses it and writes its pages.
func site(t *testing.T, flaggedOnly bool) (string, *hire.Result) {
	t.Helper()
	pop := t.TempDir()
	cfg := synth.DefaultConfig()
	cfg.People, cfg.Seed, cfg.EventsPerPerson = 400, 5, 60
	cfg.NamesDir = filepath.Join(pop, "no-names") // the built-in fallback lists
	if _, err := synth.Generate(context.Background(), cfg, pop); err != nil {
		t.Fatal(err)
	}
	files, err := hire.Files(pop)
	if err != nil {
		t.Fatal(err)
	}
	a := hire.NewAssessor(hire.Options{})
	if err := a.Read(context.Background(), files, nil); err != nil {
		t.Fatal(err)
	}
	res := a.Assess()
	if res.Flagged() == 0 {
		t.Fatal("the synthetic population has no flagged person")
	}
	dir := t.TempDir()
	calls := 0
	sum, err := report.WriteSite(dir, report.Site{Result: &res, Person: a.PersonRecord, Aggregate: a.Aggregate, Source: "synth seed 5", FlaggedOnly: flaggedOnly,
		Progress: func(done, total int) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	if calls != sum.People+sum.Clusters+1 {
		t.Errorf("progress called %d times for %d pages", calls, sum.People+sum.Clusters+1)
	}
	return dir, &res
}

var hrefRE = regexp.MustCompile(`href="([^"]+)"`)

// Every page the site writes exists for each flagged person and cluster of
// two or more, and every link between pages resolves to a written file.
func TestWriteSiteLinksResolve(t *testing.T) {
	for _, flaggedOnly := range []bool{false, true} {
		dir, res := site(t, flaggedOnly)
		for _, r := range res.People {
			if _, err := os.Stat(filepath.Join(dir, report.PageName("person", r.Person))); r.Flagged && err != nil {
				t.Errorf("no page for flagged %s", r.Person)
			}
		}
		for _, c := range res.Clusters {
			_, err := os.Stat(filepath.Join(dir, report.PageName("cluster", c.Cluster)))
			if want := len(c.Members) >= 2 && (!flaggedOnly || c.Flagged > 0); want != (err == nil) {
				t.Errorf("flagged-only %v: cluster %s (%d members, %d flagged): page written %v", flaggedOnly, c.Cluster, len(c.Members), c.Flagged, err == nil)
			}
		}
		pages, _ := filepath.Glob(filepath.Join(dir, "*.html"))
		for _, p := range pages {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range hrefRE.FindAllStringSubmatch(string(b), -1) {
				if _, err := os.Stat(filepath.Join(dir, m[1])); err != nil {
					t.Errorf("flagged-only %v: %s links to %s, which was not written", flaggedOnly, filepath.Base(p), m[1])
				}
			}
		}
	}
}

// TestPagesInChromium opens the generated pages in Debian's Chromium and
// checks that the drawings render with a size and their marks, that a
// node of the cluster graph leads to the person's page, and saves
// screenshots.
func TestPagesInChromium(t *testing.T) {
	b := browsertest.Start(t, "hire-report", 1100, 1000, 90*time.Second)
	dir, res := site(t, false)
	// A flagged person in a cluster, preferably one whose hours are off,
	// and the largest cluster with a flagged member.
	var person string
	clusterOf := map[string]hire.Cluster{}
	for _, c := range res.Clusters {
		clusterOf[c.Cluster] = c
	}
	var cluster hire.Cluster
	for _, c := range res.Clusters {
		if c.Flagged > 0 && len(c.Members) > len(cluster.Members) {
			cluster = c
		}
	}
	for _, r := range res.People {
		if !r.Flagged || len(clusterOf[r.Cluster].Members) < 2 {
			continue
		}
		hours := false
		for _, s := range r.Signals {
			hours = hours || s.Code == "activity_hours"
		}
		if person == "" || hours {
			person = r.Person
		}
		if hours {
			break
		}
	}
	if person == "" || cluster.Cluster == "" {
		t.Fatal("no flagged person in a cluster to draw")
	}

	ctx, shot, art := b.Ctx, b.Shot, b.Dir
	open := func(name string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, name)), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatalf("open %s: %v", name, err)
		}
	}
	// drawn is what the browser laid out for one kind of drawing.
	type drawn struct {
		Count  int     `json:"count"`
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
		Marks  int     `json:"marks"` // bars or nodes with a rendered size
	}
	measure := func(class, marks string) drawn {
		t.Helper()
		js := `(() => { const s = [...document.querySelectorAll('svg.` + class + `')];
			if (!s.length) return {count: 0, width: 0, height: 0, marks: 0};
			const r = s[0].getBoundingClientRect();
			const m = [...s[0].querySelectorAll('` + marks + `')].filter(e => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0; }).length;
			return {count: s.length, width: r.width, height: r.height, marks: m}; })()`
		d, err := chromedp.Run(ctx, chromedp.Evaluate[drawn](js))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}

	open("index.html")
	flaggedRows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href^="person-"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if flaggedRows < res.Flagged() {
		t.Errorf("index links %d people, %d are flagged", flaggedRows, res.Flagged())
	}
	shot("index")

	open(report.PageName("person", person))
	h := measure("hours-chart", "rect.bar")
	if h.Count != 1 || h.Width < 300 || h.Height < 100 || h.Marks == 0 {
		t.Errorf("hours chart on %s's page: %+v", person, h)
	}
	g := measure("cluster-graph", "circle.cg-p")
	if g.Count != 1 || g.Width < 300 || g.Height < 200 || g.Marks < 2 {
		t.Errorf("cluster graph on %s's page: %+v", person, g)
	}
	signals, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.signal').length`))
	if err != nil {
		t.Fatal(err)
	}
	if signals == 0 {
		t.Errorf("%s is flagged but the page shows no signal", person)
	}
	shot("person")
	// Printed: the drawings still have a size in print media, and the
	// page prints to a PDF (saved beside the screenshots).
	var pdf []byte
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			return err
		}
		res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{})
		pdf = res.Data
		return err
	})); err != nil {
		t.Fatal(err)
	}
	if p := measure("hours-chart", "rect.bar"); p.Width < 300 || p.Height < 100 {
		t.Errorf("hours chart in print media: %+v", p)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pdf) < 10000 {
		t.Errorf("printing %s's page gave %d bytes", person, len(pdf))
	} else if err := os.WriteFile(filepath.Join(art, "hire-report-person.pdf"), pdf, 0o644); err != nil {
		t.Error(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	})); err != nil {
		t.Fatal(err)
	}

	open(report.PageName("cluster", cluster.Cluster))
	g = measure("cluster-graph", "circle.cg-p")
	want := min(len(cluster.Members), report.DefaultMaxNodes*2/3)
	if g.Count != 1 || g.Width < 300 || g.Height < 200 || g.Marks < want {
		t.Errorf("cluster %s (%d members): %+v, want %d people drawn", cluster.Cluster, len(cluster.Members), g, want)
	}
	if idents := measure("cluster-graph", "g.ident rect"); idents.Marks == 0 {
		t.Errorf("cluster %s: no identifier node rendered", cluster.Cluster)
	}
	shot("cluster")

	// A person node leads to the person's page.
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('svg.cluster-graph g.person').dataset.person`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`svg.cluster-graph a circle`)),
		chromedp.Sleep(500*time.Millisecond),
		chromedp.WaitReady(chromedp.CSS("body")),
	); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(title, first+" ") {
		t.Errorf("clicking %s in the graph opened %q", first, title)
	}
}
