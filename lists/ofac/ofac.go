// Package ofac parses the US Treasury's OFAC legacy CSV sets into
// clearance entities: the SDN list (sdn.csv, add.csv, alt.csv,
// sdn_comments.csv) and the consolidated non-SDN list (cons_prim.csv,
// cons_add.csv, cons_alt.csv, cons_comments.csv), which share one format.
//
// The format has no header, writes nulls as "-0- ", ends with a Ctrl-Z byte,
// and keeps most of what analysts need (dates of birth, documents, crypto
// addresses, weak aliases) inside one free-text remarks column that is cut
// at about 1,000 characters and continued in the comments file. Parse joins
// the four files on ent_num and reads the remarks into structured fields,
// keeping the full text in Entity.Remarks.
package ofac

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/country"
)

// Files are the readers of one OFAC legacy CSV set. Comments may be nil.
type Files struct{ Main, Addresses, Aliases, Comments io.Reader }

// Column counts of the four files.
const (
	mainFields    = 12 // ent_num, name, type, program, title, call_sign, vess_type, tonnage, GRT, vess_flag, vess_owner, remarks
	addressFields = 6  // ent_num, add_num, address, city/state/postal, country, add_remarks
	aliasFields   = 5  // ent_num, alt_num, alt_type, alt_name, alt_remarks
	commentFields = 2  // ent_num, remarks continued
)

// fileNames are the names OFAC publishes a set's files under, used to say
// where a skipped row was.
type fileNames struct{ main, addresses, aliases, comments string }

func namesFor(source string) fileNames {
	if source == "us_ofac_cons" {
		return fileNames{"cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"}
	}
	return fileNames{"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"}
}

// Parse reads one OFAC legacy CSV set. source is the dataset key the
// entity IDs are namespaced by ("us_ofac_sdn" gives "us_ofac_sdn:43377").
//
// Rows that cannot be used (wrong field count, no ent_num, an address or
// alias whose entry is not in the main file) are skipped and listed in the
// report. The error is for input that is not an OFAC set at all: an
// unreadable file, or a main file without a single usable entry.
func Parse(source string, f Files) ([]clearance.Entity, clearance.ParseReport, error) {
	var rep clearance.ParseReport
	if f.Main == nil {
		return nil, rep, errors.New("ofac: no main file")
	}
	p := parser{source: source, files: namesFor(source), rep: &rep, index: map[string]int{}}
	if err := p.readMain(f.Main); err != nil {
		return nil, rep, err
	}
	if len(p.entities) == 0 {
		return nil, rep, fmt.Errorf("%s: no OFAC entries (want %d-field rows starting with a numeric ent_num)", p.files.main, mainFields)
	}
	if err := p.readAliases(f.Aliases); err != nil {
		return nil, rep, err
	}
	if err := p.readAddresses(f.Addresses); err != nil {
		return nil, rep, err
	}
	if err := p.readComments(f.Comments); err != nil {
		return nil, rep, err
	}
	var st remarkStats
	for i := range p.entities {
		e := &p.entities[i]
		e.Remarks = strings.TrimSpace(p.remarks[i])
		applyRemarks(e, e.Remarks, &st)
	}
	p.notes(st)
	return p.entities, rep, nil
}

type parser struct {
	source   string
	files    fileNames
	rep      *clearance.ParseReport
	entities []clearance.Entity
	remarks  []string       // raw remarks, parallel to entities, until comments are joined
	index    map[string]int // ent_num → position in entities

	noAddress, emptyAddress, continued, alreadyInMain int
	unknownType                                       int
}

// readCSV calls row for every record of r with its 1-based line number.
// Blank lines and the trailing Ctrl-Z are not records.
func (p *parser) readCSV(r io.Reader, file string, row func(line int, rec []string)) error {
	cr := csv.NewReader(r)
	cr.LazyQuotes = true    // OFAC does not escape every quote inside names
	cr.FieldsPerRecord = -1 // field counts are checked per file, row by row
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			p.rep.Records++
			p.rep.Skip(fmt.Sprintf("%s line %d", file, perr.Line), "malformed CSV: %v", perr.Err)
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: read: %w", file, err)
		}
		if len(rec) == 1 && strings.Trim(rec[0], "\x1a \t\r\n") == "" {
			continue
		}
		p.rep.Records++
		line, _ := cr.FieldPos(0)
		row(line, rec)
	}
}

// field cleans one CSV field: OFAC's null "-0- " becomes "" and the
// spacing around the value goes.
func field(s string) string { return strings.TrimSpace(text(s)) }

// text is field without the trimming, for remarks: the main file may cut
// them just after a space and the comments file continue just before one,
// and both spaces belong to the joined text.
//
// Bytes that are not UTF-8 are read as Latin-1: the lists are ASCII, but a
// bad byte must not leak invalid UTF-8 into JSON output.
func text(s string) string {
	if strings.TrimSpace(s) == "-0-" {
		return ""
	}
	if !utf8.ValidString(s) {
		b := make([]rune, 0, len(s))
		for i := 0; i < len(s); i++ {
			b = append(b, rune(s[i]))
		}
		s = string(b)
	}
	return s
}

// entNum reads the join key. It is kept as the published digits so that
// IDs match OFAC's own ("us_ofac_sdn:43377").
func entNum(s string) (string, bool) {
	s = strings.TrimSpace(s)
	n, err := strconv.ParseUint(s, 10, 63)
	if err != nil || n == 0 {
		return s, false
	}
	return strconv.FormatUint(n, 10), true
}

func (p *parser) readMain(r io.Reader) error {
	file := p.files.main
	// Entities are large structs: sizing the slice from the line count once
	// saves copying them over and over as it grows.
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%s: read: %w", file, err)
	}
	rows := bytes.Count(data, []byte{'\n'}) + 1
	p.entities = make([]clearance.Entity, 0, rows)
	p.remarks = make([]string, 0, rows)
	p.index = make(map[string]int, rows)
	return p.readCSV(bytes.NewReader(data), file, func(line int, rec []string) {
		where := func() string { return fmt.Sprintf("%s line %d", file, line) }
		if len(rec) != mainFields {
			p.rep.Skip(where(), "has %d fields, want %d", len(rec), mainFields)
			return
		}
		id, ok := entNum(rec[0])
		if !ok {
			p.rep.Skip(where(), "ent_num %q is not a positive number", truncate(rec[0], 20))
			return
		}
		if _, dup := p.index[id]; dup {
			p.rep.Skip(where()+" (ent_num "+id+")", "duplicate ent_num")
			return
		}
		name := field(rec[1])
		if name == "" {
			p.rep.Skip(where()+" (ent_num "+id+")", "no name")
			return
		}
		e := clearance.Entity{
			ID:       p.source + ":" + id,
			Source:   p.source,
			Type:     p.entityType(field(rec[2])),
			Names:    []clearance.Name{{Full: name, Kind: clearance.Primary}},
			Programs: programs(field(rec[3])),
			Title:    field(rec[4]),
		}
		v := clearance.VesselInfo{
			CallSign: field(rec[5]),
			Type:     field(rec[6]),
			Tonnage:  field(rec[7]),
			GRT:      field(rec[8]),
			Flag:     countryOrText(field(rec[9])),
			Owner:    field(rec[10]),
		}
		if e.Type == clearance.Vessel || v != (clearance.VesselInfo{}) {
			e.Vessel = &v
		}
		if v.CallSign != "" {
			e.Identifiers = append(e.Identifiers, clearance.Identifier{Type: "call_sign", Number: v.CallSign})
		}
		if e.Type == clearance.Aircraft {
			e.Aircraft = &clearance.AircraftInfo{}
		}
		p.index[id] = len(p.entities)
		p.entities = append(p.entities, e)
		p.remarks = append(p.remarks, text(rec[11]))
	})
}

func (p *parser) entityType(s string) clearance.EntityType {
	switch strings.ToLower(s) {
	case "individual":
		return clearance.Person
	case "": // OFAC writes no type ("-0- ") for entities
		return clearance.Organization
	case "vessel":
		return clearance.Vessel
	case "aircraft":
		return clearance.Aircraft
	}
	p.unknownType++
	return clearance.Unknown
}

// programs splits OFAC's bracket-joined program list: "DPRK3] [CYBER2".
func programs(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "] [") {
		if p = strings.Trim(p, "[] "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parent finds the entry a secondary row belongs to, skipping the row when
// the entry is missing: the four files are not always published together,
// so rows of entries designated or delisted in between are expected.
func (p *parser) parent(file string, line int, rec []string, want int) (int, bool) {
	where := func() string { return fmt.Sprintf("%s line %d", file, line) }
	if len(rec) != want {
		p.rep.Skip(where(), "has %d fields, want %d", len(rec), want)
		return 0, false
	}
	id, ok := entNum(rec[0])
	if !ok {
		p.rep.Skip(where(), "ent_num %q is not a positive number", truncate(rec[0], 20))
		return 0, false
	}
	i, ok := p.index[id]
	if !ok {
		p.rep.Skip(where()+" (ent_num "+id+")", "no such entry in %s", p.files.main)
		return 0, false
	}
	return i, true
}

func (p *parser) readAliases(r io.Reader) error {
	if r == nil {
		return nil
	}
	file := p.files.aliases
	return p.readCSV(r, file, func(line int, rec []string) {
		i, ok := p.parent(file, line, rec, aliasFields)
		if !ok {
			return
		}
		e := &p.entities[i]
		name := field(rec[3])
		if name == "" {
			p.rep.Skip(fmt.Sprintf("%s line %d", file, line), "alias without a name")
			return
		}
		addName(e, clearance.Name{Full: name, Kind: aliasKind(field(rec[2]))})
	})
}

func aliasKind(s string) clearance.NameKind {
	switch strings.ToLower(strings.Trim(s, ". ")) {
	case "fka", "f.k.a":
		return clearance.FKA
	case "nka", "n.k.a":
		return clearance.NKA
	}
	return clearance.AKA
}

// addName appends a name unless the entity already has it; a weak alias
// from the remarks that repeats a strong one adds nothing.
func addName(e *clearance.Entity, n clearance.Name) {
	for _, have := range e.Names {
		if strings.EqualFold(have.Full, n.Full) {
			return
		}
	}
	e.Names = append(e.Names, n)
}

func (p *parser) readAddresses(r io.Reader) error {
	if r == nil {
		return nil
	}
	file := p.files.addresses
	has := make([]bool, len(p.entities))
	err := p.readCSV(r, file, func(line int, rec []string) {
		i, ok := p.parent(file, line, rec, addressFields)
		if !ok {
			return
		}
		e := &p.entities[i]
		has[i] = true
		street, city, ctry := field(rec[2]), field(rec[3]), field(rec[4])
		if street == "" && city == "" && ctry == "" {
			p.emptyAddress++ // OFAC's placeholder row for "no address known"
			return
		}
		var full []string
		for _, s := range []string{street, city, ctry} {
			if s != "" {
				full = append(full, s)
			}
		}
		// The middle column mixes city, state and postal code in no fixed
		// order ("London EC3N 1DY", "Tokyo 103"), so it stays whole in City.
		e.Addresses = append(e.Addresses, clearance.Address{
			Street:  street,
			City:    city,
			Country: countryOrText(ctry),
			Full:    strings.Join(full, ", "),
		})
	})
	for _, h := range has {
		if !h {
			p.noAddress++
		}
	}
	return err
}

func (p *parser) readComments(r io.Reader) error {
	if r == nil {
		return nil
	}
	file := p.files.comments
	return p.readCSV(r, file, func(line int, rec []string) {
		i, ok := p.parent(file, line, rec, commentFields)
		if !ok {
			return
		}
		more := text(rec[1])
		if more == "" {
			return
		}
		joined, how := continueRemarks(p.remarks[i], more)
		p.remarks[i] = joined
		if how == alreadyThere {
			p.alreadyInMain++
		} else {
			p.continued++
		}
	})
}

type joinKind int

const (
	appended joinKind = iota
	overlapped
	alreadyThere
)

// minOverlap is the shortest shared stretch taken as the same text rather
// than chance: a continuation usually starts mid-word where the main file
// cut, but main and comments files of different days may cut in different
// places, so the comment can repeat the end of the main remarks.
const minOverlap = 16

// maxOverlap bounds the search; OFAC cuts remarks at about 1,000 characters.
const maxOverlap = 2000

// continueRemarks joins the main file's remarks with their continuation
// from the comments file.
func continueRemarks(main, more string) (string, joinKind) {
	if main == "" {
		return more, appended
	}
	if strings.Contains(main, more) {
		return main, alreadyThere
	}
	k := min(len(main), len(more), maxOverlap)
	for ; k >= minOverlap; k-- {
		if main[len(main)-k:] == more[:k] {
			return main + more[k:], overlapped
		}
	}
	return main + more, appended
}

func (p *parser) notes(st remarkStats) {
	note := func(n int, format string) {
		if n > 0 {
			p.rep.Notes = append(p.rep.Notes, fmt.Sprintf(format, n))
		}
	}
	note(p.noAddress, "%d entries without address rows")
	note(p.emptyAddress, "%d address rows with every field null (no address known)")
	note(p.continued, "%d remarks continued from "+p.files.comments)
	note(p.alreadyInMain, "%d "+p.files.comments+" rows already contained in the main remarks")
	note(p.unknownType, "%d entries of an unknown type")
	note(st.badDOB, "%d dates of birth not understood (kept in remarks)")
}

// countryOrText is the ISO code of a country name where it is known, else
// the name as published, as Entity's country fields ask.
func countryOrText(s string) string {
	if s == "" {
		return ""
	}
	if c := country.Code(s); c != "" {
		return c
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
