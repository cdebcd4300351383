package hire

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/valyala/fastjson"
)

// Files lists the input files a path names: the file itself, or the
// regular files of a directory (not hidden), sorted by name. In a
// directory, truth.jsonl (the answers the synthetic population generator
// writes beside its people and events) is not input and is left out.
func Files(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "truth.jsonl" {
			continue
		}
		out = append(out, filepath.Join(path, e.Name()))
	}
	sort.Strings(out)
	return out, nil
}

// ReadStats says what a read saw.
type ReadStats struct {
	Bytes   atomic.Int64 // read so far
	Lines   atomic.Int64
	People  atomic.Int64
	Events  atomic.Int64
	Errored atomic.Int64
}

type chunk struct {
	file  string
	fileN int // index in the files read
	line  int // number of the chunk's first line
	data  []byte
}

type batch struct {
	people []*Person
	file   string
	errs   []ErrorRecord
	events int
}

// shard is one reading goroutine's share of the events: partial
// aggregates of the people whose events it parsed, merged when all is read.
// Aggregating where the events are parsed keeps every core busy.
type shard struct {
	parts   map[string]*partial
	classes [2]map[string]string
	files   []string
}

type partial struct {
	agg Aggregate
}

func newShard(files []string) *shard {
	return &shard{parts: map[string]*partial{}, classes: [2]map[string]string{{}, {}}, files: files}
}

func (sh *shard) add(ev *Event, file, line int) {
	p := sh.parts[ev.Person]
	if p == nil {
		p = &partial{}
		sh.parts[strings.Clone(ev.Person)] = p
	}
	p.agg.add(ev, classOf(&sh.classes, ev))
}

// classOf is the egress class of an event's network, cached by name.
func classOf(cache *[2]map[string]string, ev *Event) string {
	vpn := 0
	if ev.Type == "vpn" {
		vpn = 1
	}
	class, ok := cache[vpn][ev.ASNOrg]
	if !ok {
		class = egressClass(ev.ASNOrg, ev.Type)
		cache[vpn][strings.Clone(ev.ASNOrg)] = class
	}
	return class
}

const chunkSize = 1 << 20

// Read streams JSONL files into the assessor: one goroutine reads chunks
// of lines, one per core parses them and folds events into its own partial
// aggregates (merged at the end), and the caller's goroutine adds people.
// A bad line becomes an error record and the read goes on; only an
// unreadable file stops it. stats (which may be nil) is updated as it goes,
// for a progress bar.
func (a *Assessor) Read(ctx context.Context, files []string, stats *ReadStats) error {
	if stats == nil {
		stats = &ReadStats{}
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	chunks := make(chan chunk, workers*2)
	batches := make(chan batch, workers*2)
	var readErr error
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(chunks)
		readErr = readChunks(ctx, files, chunks, stats)
	}()
	var wg sync.WaitGroup
	shards := make([]*shard, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		sh := newShard(files)
		shards[w] = sh
		go func() {
			defer wg.Done()
			lp := &lineParser{}
			for c := range chunks {
				b := parseChunk(lp, c, sh)
				select {
				case batches <- b:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(batches)
	}()
	for b := range batches {
		for _, p := range b.people {
			a.AddPerson(p)
		}
		a.errors = append(a.errors, b.errs...)
		stats.People.Add(int64(len(b.people)))
		stats.Events.Add(int64(b.events))
		stats.Errored.Add(int64(len(b.errs)))
	}
	for _, sh := range shards {
		a.mergeShard(sh)
	}
	if err := ctx.Err(); err == nil && readErr == nil {
		readErr = a.locateUnknown(files)
	}
	if err := ctx.Err(); err != nil && readErr == nil {
		return err
	}
	return readErr
}

func readChunks(ctx context.Context, files []string, out chan<- chunk, stats *ReadStats) error {
	for fileN, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		line := 1
		var carry []byte
		for {
			buf := make([]byte, len(carry), len(carry)+chunkSize)
			copy(buf, carry)
			n, err := io.ReadFull(f, buf[len(carry):cap(buf)])
			buf = buf[:len(carry)+n]
			stats.Bytes.Add(int64(n))
			eof := err == io.EOF || err == io.ErrUnexpectedEOF
			if err != nil && !eof {
				f.Close()
				return fmt.Errorf("read %s: %w", name, err)
			}
			cut := len(buf)
			if !eof {
				cut = bytes.LastIndexByte(buf, '\n') + 1
				if cut == 0 {
					// A line longer than the buffer: keep reading into it.
					carry = buf
					continue
				}
			}
			data := buf[:cut]
			carry = append([]byte(nil), buf[cut:]...)
			lines := bytes.Count(data, []byte{'\n'})
			select {
			case out <- chunk{file: name, fileN: fileN, line: line, data: data}:
			case <-ctx.Done():
				f.Close()
				return ctx.Err()
			}
			line += lines
			if eof {
				break
			}
		}
		f.Close()
	}
	return nil
}

func parseChunk(lp *lineParser, c chunk, sh *shard) batch {
	b := batch{file: c.file}
	lp.arena = lp.arena[:0] // events are folded here, so the arena is reused
	line := c.line
	data := c.data
	var ev Event
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var l []byte
		if i < 0 {
			l, data = data, nil
		} else {
			l, data = data[:i], data[i+1:]
		}
		p, isEvent, err := lp.parseLine(l, &ev)
		switch {
		case err != nil:
			b.errs = append(b.errs, ErrorRecord{Kind: "error", File: c.file, Line: line, Error: err.Error()})
		case isEvent:
			sh.add(&ev, c.fileN, line)
			b.events++
		case p != nil:
			p.File, p.Line = c.file, line
			b.people = append(b.people, p)
		}
		line++
	}
	return b
}

// mergeShard folds a reading goroutine's partial aggregates into the
// assessor.
func (a *Assessor) mergeShard(sh *shard) {
	for id, p := range sh.parts {
		e := a.entries[id]
		if e == nil {
			e = &entry{}
			a.entries[id] = e
		}
		if e.agg == nil {
			e.agg = &p.agg
		} else {
			e.agg.merge(&p.agg)
		}
	}
}

// locateUnknown finds the lines of events whose person was never read, so
// that each becomes an error record at its file and line. Line numbers are
// not kept while reading (ten bytes an event would be the biggest thing in
// memory), so the files are read again, only when such events exist.
func (a *Assessor) locateUnknown(files []string) error {
	unknown := map[string]*entry{}
	for id, e := range a.entries {
		if e.person == nil && e.agg != nil && len(e.pending) < int(e.agg.Events) {
			unknown[id] = e
			e.pending = e.pending[:0]
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	var p fastjson.Parser
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<30)
		line := 0
		for sc.Scan() {
			line++
			b := sc.Bytes()
			if !bytes.Contains(b, []byte(`"event"`)) {
				continue
			}
			v, err := p.ParseBytes(b)
			if err != nil {
				continue
			}
			if e := unknown[string(stringBytes(v, "person"))]; e != nil && string(v.GetStringBytes("kind")) == "event" {
				if at := v.GetStringBytes("at"); len(at) > 0 {
					if _, err := parseTime(at); err != nil {
						continue // reported already as an unparseable date
					}
					e.pending = append(e.pending, loc{name, line})
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
	}
	return nil
}
