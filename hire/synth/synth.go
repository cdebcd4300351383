// Package synth generates synthetic remote-hire populations for the hire
// module: people, their login/commit/message events, and the truth of who
// belongs to which DPRK IT-worker persona ring and which benign look-alike
// group, so a detector can be measured (see package hireeval).
//
// Rings follow the published tradecraft (shared/docs/hire-red-flags.md):
// one team runs several personas built on ordinary stolen identities,
// shares phones, payout accounts, wallets, laptop-farm ship-to addresses
// and home networks, reuses photos and resumes with small edits, works
// Asian hours while claiming American ones, and reaches in through VPNs,
// remote-control tools and IP-KVM devices. Each member shows a different
// mix, and some are tied to their ring by one identifier only. Benign
// look-alikes (couples, offices, help-desk staff, night shifts, travellers,
// VPN users, Korean-heritage staff...) are built to trip a detector that
// counts one signal at a time.
//
// Records are as messy as real exports: phones, addresses and bank
// accounts written several ways, Gmail dot and plus variants, changing
// IPv6 host parts, unsorted events, missing and unknown fields, and a few
// bad lines that the truth lists so a reader can be checked for reporting
// them. Output is streamed block by block and is the same for a seed
// whatever the number of workers.
package synth

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
	_ "time/tzdata" // zones for claimed and real locations, wherever this runs
)

// gen holds what every block of people reads: the plan and shared tables.
// Nothing in it changes once planning is done.
type gen struct {
	cfg       Config
	names     *nameBook
	listed    listed
	locs      map[string]*time.Location
	start     time.Time // first day of the event window
	end       time.Time
	slots     []slot
	order     []int32
	rings     []*ring
	units     []*unit
	orgs      []*org
	extraKeys int
}

func newGen(cfg Config) (*gen, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if cfg.People > maxPeople {
		return nil, fmt.Errorf("at most %d people", maxPeople)
	}
	end, _ := time.Parse(time.DateOnly, cfg.End)
	g := &gen{cfg: cfg, names: loadNames(cfg.NamesDir), listed: loadListed(), locs: map[string]*time.Location{}, end: end}
	g.start = end.AddDate(0, 0, 1-cfg.Days)
	zones := []string{"Asia/Shanghai", "Asia/Pyongyang", "Asia/Vladivostok", "Asia/Vientiane", "Asia/Seoul"}
	for _, c := range countries {
		for _, ct := range c.cities {
			zones = append(zones, ct.tz)
		}
	}
	for _, z := range zones {
		l, err := time.LoadLocation(z)
		if err != nil {
			return nil, fmt.Errorf("time zone %s: %w", z, err)
		}
		g.locs[z] = l
	}
	g.plan()
	return g, nil
}

// Summary is what a run wrote.
type Summary struct {
	People     int               `json:"people"`
	Events     int               `json:"events"`
	Rings      int               `json:"rings"`
	RingPeople int               `json:"ring_people"`
	Weak       int               `json:"weak"`
	Groups     map[string]int    `json:"groups"`
	Korean     int               `json:"korean_heritage"`
	BadInputs  int               `json:"bad_inputs"`
	Files      []string          `json:"files"`
	Names      map[string]string `json:"names"`
	Elapsed    time.Duration     `json:"elapsed_ns"`
}

// blockOut is one block's output; events are the lines at starts, to be
// written in the order perm gives.
type blockOut struct {
	people, truth []byte
	events        []byte
	starts        []int
	perm          []int
	nEvents       int
}

// Generate writes the population for cfg into dir: people.jsonl, the
// event file(s) and truth.jsonl.
func Generate(ctx context.Context, cfg Config, dir string) (*Summary, error) {
	t0 := time.Now()
	g, err := newGen(cfg)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	sum := &Summary{People: cfg.People, Groups: map[string]int{}, Rings: len(g.rings), Names: g.names.source}
	var files []*os.File
	create := func(name string) (*bufio.Writer, error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		sum.Files = append(sum.Files, name)
		return bufio.NewWriterSize(f, 1<<20), nil
	}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	people, err := create("people.jsonl")
	if err != nil {
		return nil, err
	}
	truth, err := create("truth.jsonl")
	if err != nil {
		return nil, err
	}
	var evw []*bufio.Writer
	var evNames []string
	for i := range cfg.EventFiles {
		name := "events.jsonl"
		if cfg.EventFiles > 1 {
			name = fmt.Sprintf("events-%02d.jsonl", i+1)
		}
		w, err := create(name)
		if err != nil {
			return nil, err
		}
		evw = append(evw, w)
		evNames = append(evNames, name)
	}
	evLines := make([]int, cfg.EventFiles)
	peopleLines := 0

	bs := max(16, min(512, 20000/max(1, cfg.EventsPerPerson)))
	nblocks := (cfg.People + bs - 1) / bs
	bad := g.badPlan(nblocks)
	var badLines []BadInput

	// Workers make blocks in any order; the writer takes them in order.
	outs := make([]chan blockOut, nblocks)
	for i := range outs {
		outs[i] = make(chan blockOut, 1)
	}
	sem := make(chan struct{}, cfg.Workers*2)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for b := range nblocks {
			select {
			case sem <- struct{}{}:
			case <-stop:
				return
			}
			go func(b int) {
				outs[b] <- g.block(b, bs)
			}(b)
		}
	}()
	for b := range nblocks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out := <-outs[b]
		<-sem
		people.Write(out.people)
		peopleLines += bytes.Count(out.people, []byte{'\n'})
		truth.Write(out.truth)
		f := b % cfg.EventFiles
		for _, i := range out.perm {
			end := len(out.events)
			if i+1 < len(out.starts) {
				end = out.starts[i+1]
			}
			evw[f].Write(out.events[out.starts[i]:end])
		}
		evLines[f] += out.nEvents
		sum.Events += out.nEvents
		r := g.rng(b, 7)
		for _, k := range bad[b] {
			line, what, inPeople := g.badRecord(r, k)
			if inPeople {
				people.WriteString(line)
				peopleLines++
				badLines = append(badLines, BadInput{Kind: "bad_input", File: "people.jsonl", Line: peopleLines, What: what})
				continue
			}
			evw[f].WriteString(line)
			evLines[f]++
			badLines = append(badLines, BadInput{Kind: "bad_input", File: evNames[f], Line: evLines[f], What: what})
		}
	}
	for _, bl := range badLines {
		line, _ := json.Marshal(bl)
		truth.Write(append(line, '\n'))
	}
	sum.BadInputs = len(badLines)
	for i := range g.slots {
		s := g.slots[i]
		sum.Groups[groupNames[s.group]]++
		if s.group == gRing {
			sum.RingPeople++
			if s.weak {
				sum.Weak++
			}
		}
		if s.korean {
			sum.Korean++
		}
	}
	for _, w := range append([]*bufio.Writer{people, truth}, evw...) {
		if err := w.Flush(); err != nil {
			return nil, err
		}
	}
	for _, f := range files {
		if err := f.Close(); err != nil {
			return nil, err
		}
	}
	files = nil
	sum.Elapsed = time.Since(t0)
	return sum, nil
}

// block makes the records of the people at output positions
// [b*bs, (b+1)*bs): their person lines, truth lines, and their events
// shuffled together so that the files are sorted neither by time nor by
// person.
func (g *gen) block(b, bs int) blockOut {
	var out blockOut
	lo, hi := b*bs, min((b+1)*bs, len(g.order))
	// Room for the block's events up front: growing a buffer of megabytes
	// by doubling costs more than writing the events.
	evb := make([]byte, 0, (hi-lo)*g.cfg.EventsPerPerson*280+4096)
	starts := make([]int, 0, (hi-lo)*g.cfg.EventsPerPerson*3/2+16)
	for pos := lo; pos < hi; pos++ {
		idx := int(g.order[pos])
		p := g.person(idx)
		out.people = g.appendPerson(out.people, p)
		out.truth = g.appendTruth(out.truth, idx, p.id)
		evb, starts = g.events(p, evb, starts)
	}
	out.nEvents = len(starts)
	out.events, out.starts = evb, starts
	out.perm = g.rng(b, 6).Perm(len(starts))
	return out
}

func (g *gen) appendPerson(b []byte, p *profile) []byte {
	rec := p.rec
	for _, l := range []*[]string{&rec.Names, &rec.Emails, &rec.Phones} {
		if *l == nil {
			*l = []string{}
		}
	}
	if rec.Payouts == nil {
		rec.Payouts = []Payout{}
	}
	if rec.Devices == nil {
		rec.Devices = []Device{}
	}
	line, err := json.Marshal(rec)
	if err != nil {
		panic(err) // the record holds only strings, bools and slices of them
	}
	r := g.rng(p.idx, 5)
	switch r.IntN(25) {
	case 0:
		line = append(line[:len(line)-1], `,"source_system":"workday"}`...)
	case 1:
		line = append(line[:len(line)-1], `,"updated_at":"`+g.end.Format(time.RFC3339)+`"}`...)
	case 2:
		line = append(line[:len(line)-1], `,"custom_fields":{"cost_center":"R&D-12","badge":null}}`...)
	}
	b = append(b, line...)
	return append(b, '\n')
}

func (g *gen) appendTruth(b []byte, idx int, id string) []byte {
	s := g.slots[idx]
	t := Truth{Person: id, Group: groupNames[s.group], Weak: s.weak, KoreanHeritage: s.korean}
	if s.group == gRing {
		t.Ring = &g.rings[s.unit].id
	}
	line, _ := json.Marshal(t)
	b = append(b, line...)
	return append(b, '\n')
}

// The kinds of bad record planted.
const (
	badTruncated = iota
	badUnknownPerson
	badDate
	badPersonLine
	badPersonNoID
	nBad
)

// badPlan decides which blocks get which bad records.
func (g *gen) badPlan(nblocks int) map[int][]int {
	n := g.cfg.BadInputs
	if n == 0 {
		n = 8 + g.cfg.People/2000
	}
	r := rand.New(rand.NewPCG(g.cfg.Seed, 0x626164))
	plan := map[int][]int{}
	for i := range n {
		b := r.IntN(nblocks)
		plan[b] = append(plan[b], i%nBad)
	}
	return plan
}

// badRecord writes one bad line and says what is wrong with it.
func (g *gen) badRecord(r *rand.Rand, kind int) (line, what string, inPeople bool) {
	someone := g.id(int(g.order[r.IntN(len(g.order))]))
	at := g.start.Add(time.Duration(r.Int64N(int64(g.cfg.Days) * int64(24*time.Hour)))).UTC()
	switch kind {
	case badTruncated:
		full := fmt.Sprintf(`{"kind":"event","person":%q,"at":%q,"type":"login","ip":"73.%d.%d.%d","country":"US"}`, someone, at.Format(time.RFC3339), r.IntN(256), r.IntN(256), r.IntN(256))
		return full[:len(full)/2+r.IntN(len(full)/3)] + "\n", "malformed JSON (truncated line)", false
	case badUnknownPerson:
		return fmt.Sprintf(`{"kind":"event","person":"ghost-%06x","at":%q,"type":"login","ip":"98.%d.%d.%d","country":"US"}`+"\n", r.IntN(1<<24), at.Format(time.RFC3339), r.IntN(256), r.IntN(256), r.IntN(256)), "event for an unknown person", false
	case badDate:
		bads := []string{"2026-02-30T10:00:00Z", "2026-11-03T25:61:00Z", "03/11/2026 14:22", "", "yesterday", "2026-11-03 14:22:05"}
		return fmt.Sprintf(`{"kind":"event","person":%q,"at":%q,"type":"commit","tz_offset":"+00:00"}`+"\n", someone, pick(r, bads)), "bad date", false
	case badPersonLine:
		return `{"kind":"person","id":` + fmt.Sprintf("%q", "p-bad"+fmt.Sprint(r.IntN(1000))) + `,"role":"employee","legal_name":"Test Row","names":["Test Row"],` + "\n", "malformed JSON (truncated person)", true
	default:
		return `{"kind":"person","role":"applicant","legal_name":"Jordan Lee","names":["Jordan Lee"],"emails":["jordan.lee@example.com"],"phones":[],"claimed":{"country":"US"},"payouts":[],"interview":{},"devices":[]}` + "\n", "person without id", true
	}
}
