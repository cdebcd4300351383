// Package hmt reads the HM Treasury (OFSI) Consolidated List of financial
// sanctions targets, the CSV published as ConList.csv (formerly
// sanctionsconlist.csv), into clearance entities with IDs
// "gb_hmt_sanctions:<Group ID>".
//
// The CSV has one row per name: every alias of a target repeats the
// target's other details, and rows sharing a Group ID are one target.
// Columns are found by their header names, so both the legacy 29-column
// layout and the wider 2022 layout (with "Passport Number", "Alias
// Quality", "Name Non-Latin Script", ...) are read.
//
// Names of individuals are written "SURNAME, Given Names": Name 6 is the
// surname and Names 1 to 5 the other names, and the comma keeps that
// known, as in OFAC's "KIM, Sang Man". A name with only one of the two
// parts is written without the comma. Names of entities and ships are
// their parts in order.
package hmt

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/clearance-screening/clearance/lists/internal/tidy"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/country"
)

// Source is the dataset key that prefixes every entity ID.
const Source = "gb_hmt_sanctions"

// columns holds the index of each column the parser reads, or -1 when the
// header lacks it.
type columns struct {
	name                               [6]int // Name 1 .. Name 6
	title, nonLatin, nonLatinType      int
	dob, town, birthCountry, nation    int
	passportNumber, passportDetails    int
	niNumber, niDetails                int
	position, postcode, country, other int
	address                            [6]int
	groupType, aliasType, aliasQuality int
	regime, listedOn, groupID          int
	minFields                          int // fields a row needs to reach Group ID and Name 6
}

func findColumns(header []string) (columns, error) {
	idx := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if _, dup := idx[h]; !dup {
			idx[h] = i
		}
	}
	col := func(names ...string) int {
		for _, n := range names {
			if i, ok := idx[strings.ToLower(n)]; ok {
				return i
			}
		}
		return -1
	}
	c := columns{
		title:        col("Title"),
		nonLatin:     col("Name Non-Latin Script"),
		nonLatinType: col("Non-Latin Script Type"),
		dob:          col("DOB"),
		town:         col("Town of Birth"),
		birthCountry: col("Country of Birth"),
		nation:       col("Nationality"),
		// The legacy layout has only free-text "Passport Details" and "NI
		// Number"; the 2022 layout splits number from details.
		passportNumber:  col("Passport Number"),
		passportDetails: col("Passport Details"),
		niNumber:        col("National Identification Number", "NI Number"),
		niDetails:       col("National Identification Details"),
		position:        col("Position"),
		postcode:        col("Post/Zip Code"),
		country:         col("Country"),
		other:           col("Other Information"),
		groupType:       col("Group Type"),
		aliasType:       col("Alias Type"),
		aliasQuality:    col("Alias Quality"),
		regime:          col("Regime"),
		listedOn:        col("Listed On"),
		groupID:         col("Group ID"),
	}
	for i := range c.name {
		c.name[i] = col(fmt.Sprintf("Name %d", i+1))
	}
	for i := range c.address {
		c.address[i] = col(fmt.Sprintf("Address %d", i+1))
	}
	switch {
	case c.groupID < 0:
		return c, errors.New(`no "Group ID" column`)
	case c.name[5] < 0:
		return c, errors.New(`no "Name 6" column`)
	}
	for _, i := range []int{c.groupID, c.name[5]} {
		c.minFields = max(c.minFields, i+1)
	}
	return c, nil
}

// Parse reads a consolidated list CSV. It returns an error only when the
// file has no usable header; rows that cannot be used (no Group ID, no
// name, broken quoting, too few fields) are skipped and reported by line.
func Parse(r io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
	var report clearance.ParseReport
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, report, fmt.Errorf("hmt: read: %w", err)
	}
	data = decode(data)

	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	// Line 1 is "Last Updated,dd/mm/yyyy"; the header follows. A file
	// without that line starts with the header.
	var header []string
	for header == nil {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, report, errors.New("hmt: no header row")
		}
		if err != nil {
			return nil, report, fmt.Errorf("hmt: header: %w", err)
		}
		if len(rec) > 1 && strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(rec[0], "\uFEFF")), "Last Updated") && report.Published == "" {
			if d, err := parseDate(rec[1]); err == nil && d.Day != 0 {
				report.Published = d.String()
			}
			continue
		}
		header = append([]string(nil), rec...)
	}
	line, _ := cr.FieldPos(0)
	cols, err := findColumns(header)
	if err != nil {
		return nil, report, fmt.Errorf("hmt: header line %d: %w", line, err)
	}

	b := builder{
		cols:      cols,
		groups:    map[string]*group{},
		idCache:   map[[3]string][]clearance.Identifier{},
		codeCache: map[string]string{},
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		report.Records++
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				report.Skip(fmt.Sprintf("line %d", pe.StartLine), "%v", pe.Err)
				continue
			}
			return b.entities(&report), report, fmt.Errorf("hmt: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if reason := b.add(rec, len(header)); reason != "" {
			where := fmt.Sprintf("line %d", line)
			if g := b.get(rec, cols.groupID); g != "" {
				where += " (Group ID " + g + ")"
			}
			report.Skip(where, "%s", reason)
		}
	}
	return b.entities(&report), report, nil
}

// decode returns the file as UTF-8. The legacy list is Windows-1252 (0x91
// is a curly quote); the 2022 list carries Arabic and Cyrillic names, so
// it must be UTF-8. A file that is not valid UTF-8 is taken as
// Windows-1252, which maps every byte.
func decode(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) {
		return data
	}
	out := make([]byte, 0, len(data)+len(data)/16)
	for _, c := range data {
		if c < utf8.RuneSelf {
			out = append(out, c)
		} else {
			out = utf8.AppendRune(out, cp1252[c])
		}
	}
	return out
}

// cp1252 is the Windows-1252 table, taken once from x/text so that the
// per-byte loop above needs no transformer.
var cp1252 = func() (t [256]rune) {
	for i := range t {
		t[i] = charmap.Windows1252.DecodeByte(byte(i))
	}
	return t
}()

// group is one target while its rows are read.
type group struct {
	e          clearance.Entity
	hasPrimary bool
	titles     []string
	positions  []string
	remarks    []string
}

type builder struct {
	cols   columns
	groups map[string]*group
	order  []*group
	notes  []string

	idCache   map[[3]string][]clearance.Identifier
	codeCache map[string]string
}

func (b *builder) get(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return tidy.Clean(rec[i])
}

// add folds one row into its group, or says why it cannot.
func (b *builder) add(rec []string, headerLen int) string {
	if len(rec) < b.cols.minFields {
		return fmt.Sprintf("has %d fields, header has %d", len(rec), headerLen)
	}
	if len(rec) > headerLen {
		for _, f := range rec[headerLen:] {
			if strings.TrimSpace(f) != "" {
				return fmt.Sprintf("has %d fields, header has %d", len(rec), headerLen)
			}
		}
	}
	id := b.get(rec, b.cols.groupID)
	if id == "" {
		return "no Group ID"
	}
	typ, err := clearance.ParseEntityType(b.get(rec, b.cols.groupType))
	if err != nil {
		b.notes = append(b.notes, fmt.Sprintf("Group ID %s: %v", id, err))
	}
	name := b.name(rec, typ)
	if name == "" {
		return "no name"
	}
	g := b.groups[id]
	if g == nil {
		g = &group{e: clearance.Entity{ID: Source + ":" + id, Source: Source, Type: typ}}
		b.groups[id] = g
		b.order = append(b.order, g)
	}
	e := &g.e
	if e.Type == clearance.Unknown {
		e.Type = typ
	}

	kind, weak := clearance.AKA, strings.EqualFold(b.get(rec, b.cols.aliasQuality), "low")
	switch strings.ToLower(b.get(rec, b.cols.aliasType)) {
	case "primary name", "prime alias":
		kind = clearance.Primary
	case "fka":
		kind = clearance.FKA
	}
	g.addName(name, kind, weak)
	if nl := b.get(rec, b.cols.nonLatin); nl != "" {
		// The script is named from the letters so that all lists agree
		// ("Hangul", not the column's "Korean"); the column is the fallback.
		sc := clearance.ScriptOf(nl)
		if sc == "" {
			sc = b.get(rec, b.cols.nonLatinType)
		}
		g.addNameScript(nl, sc)
	}

	if p := b.get(rec, b.cols.regime); p != "" {
		e.Programs = appendUnique(e.Programs, p)
	}
	if t := b.get(rec, b.cols.title); t != "" {
		g.titles = appendUnique(g.titles, t)
	}
	if t := b.get(rec, b.cols.position); t != "" {
		g.positions = appendUnique(g.positions, t)
	}
	if o := strings.TrimSpace(field(rec, b.cols.other)); o != "" {
		g.remarks = appendUnique(g.remarks, o)
	}
	if s := b.get(rec, b.cols.listedOn); s != "" {
		if d, err := parseDate(s); err == nil && d.Day != 0 {
			if iso := d.String(); e.ListedOn == "" || iso < e.ListedOn {
				e.ListedOn = iso
			}
		} else {
			b.notes = append(b.notes, fmt.Sprintf("Group ID %s: Listed On %q unreadable", id, s))
		}
	}
	for _, s := range splitNumbered(b.get(rec, b.cols.dob)) {
		d, err := parseDate(s)
		if err != nil {
			b.notes = append(b.notes, fmt.Sprintf("Group ID %s: DOB %q unreadable", id, s))
			continue
		}
		bd := clearance.BirthDate{Date: d}
		if !containsBirthDate(e.BirthDates, bd) {
			e.BirthDates = append(e.BirthDates, bd)
		}
	}
	for _, p := range birthPlaces(b.get(rec, b.cols.town), b.get(rec, b.cols.birthCountry)) {
		e.BirthPlaces = appendUnique(e.BirthPlaces, p)
	}
	for _, n := range splitNumbered(b.get(rec, b.cols.nation)) {
		e.Nationalities = appendUnique(e.Nationalities, b.countryCode(n))
	}
	if a, ok := b.address(rec); ok {
		e.Addresses = appendAddress(e.Addresses, a)
	}
	// The 2022 layout has a number column beside each details column; the
	// legacy one has "Passport Details" and "NI Number", both free text.
	if b.cols.passportNumber >= 0 {
		e.Identifiers = appendIdentifiers(e.Identifiers, b.identifiers("passport", b.get(rec, b.cols.passportNumber), b.get(rec, b.cols.passportDetails)))
	} else {
		e.Identifiers = appendIdentifiers(e.Identifiers, b.identifiers("passport", "", b.get(rec, b.cols.passportDetails)))
	}
	if b.cols.niDetails >= 0 {
		e.Identifiers = appendIdentifiers(e.Identifiers, b.identifiers("national_id", b.get(rec, b.cols.niNumber), b.get(rec, b.cols.niDetails)))
	} else {
		e.Identifiers = appendIdentifiers(e.Identifiers, b.identifiers("national_id", "", b.get(rec, b.cols.niNumber)))
	}
	return ""
}

// identifiers memoises parseIdentifiers: every alias row of a target
// repeats its documents, and reading prose is the slow part of a row.
func (b *builder) identifiers(typ, numbers, details string) []clearance.Identifier {
	if numbers == "" && details == "" {
		return nil
	}
	k := [3]string{typ, numbers, details}
	ids, ok := b.idCache[k]
	if !ok {
		ids = parseIdentifiers(typ, numbers, details)
		b.idCache[k] = ids
	}
	return ids
}

// countryCode memoises the package function of that name.
func (b *builder) countryCode(s string) string {
	c, ok := b.codeCache[s]
	if !ok {
		c = countryCode(s)
		b.codeCache[s] = c
	}
	return c
}

// name builds a row's name from Name 1..6; see the package comment.
func (b *builder) name(rec []string, typ clearance.EntityType) string {
	var given []string
	for _, i := range b.cols.name[:5] {
		if s := b.get(rec, i); s != "" {
			given = append(given, s)
		}
	}
	surname := b.get(rec, b.cols.name[5])
	g := strings.Join(given, " ")
	switch {
	case g == "":
		return surname
	case surname == "":
		return g
	case typ == clearance.Person:
		return surname + ", " + g
	}
	return g + " " + surname
}

func (b *builder) address(rec []string) (clearance.Address, bool) {
	var lines []string
	for _, i := range b.cols.address {
		if s := b.get(rec, i); s != "" {
			lines = append(lines, s)
		}
	}
	post, ctry := b.get(rec, b.cols.postcode), b.get(rec, b.cols.country)
	parts := lines
	for _, p := range []string{post, ctry} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	full := strings.Join(parts, ", ")
	if full == "" {
		return clearance.Address{}, false
	}
	a := clearance.Address{PostalCode: post, Full: full}
	// The lines are free text with no fixed meaning (street, district,
	// city, country all occur in any of them), so only the country is
	// lifted out: from Country, else from a last line that names one.
	switch {
	case ctry != "":
		a.Country = b.countryCode(ctry)
	case len(lines) > 0 && len(lines[len(lines)-1]) >= 4:
		if c := b.countryCode(lines[len(lines)-1]); len(c) == 2 {
			a.Country = c
		}
	}
	return a, true
}

func (g *group) addName(full string, kind clearance.NameKind, weak bool) {
	for i, n := range g.e.Names {
		if !strings.EqualFold(n.Full, full) {
			continue
		}
		if kind == clearance.Primary && !g.hasPrimary {
			// An alias row came before the primary row of the same name.
			g.e.Names = append(g.e.Names[:i], g.e.Names[i+1:]...)
			break
		}
		if !weak {
			g.e.Names[i].Weak = false
		}
		return
	}
	n := clearance.Name{Full: full, Kind: kind, Weak: weak, Script: clearance.ScriptOf(full)}
	if kind != clearance.Primary {
		g.e.Names = append(g.e.Names, n)
		return
	}
	if g.hasPrimary {
		// Further "Primary name" rows with a different name are the
		// spellings the list also treats as primary; one can lead.
		n.Kind = clearance.AKA
		g.e.Names = append(g.e.Names, n)
		return
	}
	n.Weak = false
	g.hasPrimary = true
	g.e.Names = append([]clearance.Name{n}, g.e.Names...)
}

func (g *group) addNameScript(full, sc string) {
	for _, n := range g.e.Names {
		if n.Full == full {
			return
		}
	}
	g.e.Names = append(g.e.Names, clearance.Name{Full: full, Kind: clearance.AKA, Script: sc})
}

// entities finishes the groups in the order their first rows came.
func (b *builder) entities(report *clearance.ParseReport) []clearance.Entity {
	out := make([]clearance.Entity, 0, len(b.order))
	noPrimary := 0
	for _, g := range b.order {
		e := g.e
		if !g.hasPrimary && len(e.Names) > 0 {
			noPrimary++
			e.Names[0].Kind, e.Names[0].Weak = clearance.Primary, false
		}
		e.Title = strings.Join(append(g.titles, g.positions...), "; ")
		e.Remarks = strings.Join(g.remarks, "\n")
		out = append(out, e)
	}
	report.Notes = append(report.Notes, b.notes...)
	if noPrimary > 0 {
		report.Notes = append(report.Notes, fmt.Sprintf("%d targets have no primary-name row; their first name leads", noPrimary))
	}
	return out
}

// parseDate reads dd/mm/yyyy, where 00 marks an unknown day or month.
func parseDate(s string) (clearance.Date, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return clearance.Date{}, fmt.Errorf("date %q: want dd/mm/yyyy", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return clearance.Date{}, fmt.Errorf("date %q: want dd/mm/yyyy", s)
		}
		n[i] = v
	}
	d := clearance.Date{Year: n[2], Month: n[1], Day: n[0]}
	if d.Month == 0 {
		d.Day = 0 // a day without its month says nothing
	}
	if d.Year < 1800 || d.Year > 2200 || d.Month > 12 || d.Day > 31 {
		return clearance.Date{}, fmt.Errorf("date %q: out of range", s)
	}
	return d, nil
}

func containsBirthDate(list []clearance.BirthDate, b clearance.BirthDate) bool {
	for _, x := range list {
		if x == b {
			return true
		}
	}
	return false
}

// birthPlaces pairs towns and countries of birth. Both may be numbered
// lists ("(1) Baghdad (2) Arbil", "(1) (2) Iraq"); when their lengths
// match they pair up in order, else each is kept on its own.
func birthPlaces(town, ctry string) []string {
	towns, ctrys := splitNumbered(town), splitNumbered(ctry)
	if len(towns) == len(ctrys) {
		out := make([]string, len(towns))
		for i := range towns {
			out[i] = towns[i] + ", " + ctrys[i]
		}
		return out
	}
	if len(ctrys) == 1 {
		for i := range towns {
			towns[i] += ", " + ctrys[0]
		}
		return towns
	}
	return append(towns, ctrys...)
}

func appendAddress(list []clearance.Address, a clearance.Address) []clearance.Address {
	for _, x := range list {
		if strings.EqualFold(x.Full, a.Full) {
			return list
		}
	}
	return append(list, a)
}

// parseIdentifiers reads the documents of one row. numbers is the 2022
// layout's number column, details its free text. In the legacy layout
// numbers is empty and the numbers are picked out of details, which reads
// like "(1) L 191609 (Tunisian). Issued on 28 Feb 1996 (2) 04643632".
func parseIdentifiers(typ, numbers, details string) []clearance.Identifier {
	var out []clearance.Identifier
	if numbers != "" {
		ctry := countryIn(details)
		for _, n := range splitNumbered(numbers) {
			out = append(out, clearance.Identifier{Type: typ, Number: n, Country: ctry, Note: details})
		}
		return out
	}
	for _, item := range splitNumbered(details) {
		nums, rest := numbersIn(item)
		ctry := countryIn(rest)
		for _, num := range nums {
			out = append(out, clearance.Identifier{Type: typ, Number: num, Country: ctry, Note: item})
		}
	}
	return out
}

func appendIdentifiers(list []clearance.Identifier, ids []clearance.Identifier) []clearance.Identifier {
next:
	for _, id := range ids {
		for i, x := range list {
			if x.Type == id.Type && x.Number == id.Number {
				if x.Country == "" {
					list[i].Country = id.Country
				}
				continue next
			}
		}
		list = append(list, id)
	}
	return list
}

// numbersIn picks the document numbers out of a line of prose: the first
// word with a digit in it, and after it any word that looks like a
// document number rather than a day or year (six or more characters, five
// of them digits), as in "381420565 and 654120219". Short capitalised
// prefixes and digit groups written apart belong to the number ("D 000763",
// "TR-P 614 166", "96 03 464086"). rest is the text with the numbers taken
// out, to look for a country in.
func numbersIn(s string) (nums []string, rest string) {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:()[]", r)
	})
	for i := range words {
		words[i] = strings.Trim(splitDot(words[i]), ".'\"")
	}
	rest = s
	for i := 0; i < len(words); i++ {
		w := strings.Trim(words[i], "-/")
		if !hasDigit(w) || len(w) < 4 && !(i+1 < len(words) && allDigits(words[i+1])) || isDate(w) || isYear(w) {
			continue
		}
		// Join digit groups written apart: "614 166", "911- 10-77".
		j := i
		for j+1 < len(words) && isDigitGroup(words[j+1]) && (len(strings.Trim(words[j], "-")) <= 4 || strings.HasSuffix(words[j], "-")) {
			j++
		}
		num := strings.Trim(strings.Join(words[i:j+1], " "), "-/")
		if len(num) < 4 || len(nums) > 0 && (len(num) < 6 || countDigits(num) < 5) {
			continue
		}
		if i > 0 && isPrefix(words[i-1]) {
			num = words[i-1] + " " + num
		}
		nums = append(nums, num)
		rest = strings.Replace(rest, num, " ", 1)
		i = j
	}
	return nums, rest
}

// isDigitGroup is a word of digits, perhaps hyphenated: "166", "10-77".
func isDigitGroup(w string) bool {
	return w != "" && hasDigit(w) && strings.Trim(w, "0123456789-") == ""
}

// isPrefix is the letter series of a document number ("D", "PS", "TR-P"),
// not an abbreviation that names the document.
func isPrefix(w string) bool {
	switch w {
	case "ID", "NO", "NI", "SSN", "DOB", "BPA", "UN", "EU", "UK", "USA", "DRC", "CAR":
		return false
	}
	return len(w) <= 4 && strings.Trim(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ-") == "" && strings.Trim(w, "-") != ""
}

func isYear(w string) bool {
	return len(w) == 4 && allDigits(w) && (w[:2] == "19" || w[:2] == "20")
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// splitDot cuts a word at a full stop that does not sit between digits,
// so "no.00966737" gives "00966737" but "3219222002.2181558" stays whole.
func splitDot(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] != '.' {
			continue
		}
		between := i > 0 && i+1 < len(w) && isDigit(w[i-1]) && isDigit(w[i+1])
		if !between {
			if hasDigit(w[:i]) {
				return w[:i]
			}
			return splitDot(w[i+1:])
		}
	}
	return w
}

// isDate spots dates and year ranges written where a number might be
// expected: "1.1.2020", "01/06/2003", "2000-2001".
func isDate(w string) bool {
	parts := strings.FieldsFunc(w, func(r rune) bool { return r == '.' || r == '/' || r == '-' })
	for _, p := range parts {
		if !allDigits(p) {
			return false
		}
	}
	switch len(parts) {
	case 3:
		return len(parts[0]) <= 2 && len(parts[1]) <= 2 && (len(parts[2]) == 2 || len(parts[2]) == 4) ||
			len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2
	case 2:
		return len(parts[0]) == 4 && len(parts[1]) == 4
	}
	return false
}

// countryIn finds the issuing country in the text around a number: a
// bracketed country or demonym ("(Tunisian)", "(USA)"), else a capitalised
// phrase that names one ("Saudi Arabian passport no.").
func countryIn(s string) string {
	for rest := s; ; {
		open := strings.IndexByte(rest, '(')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], ')')
		if end < 0 {
			break
		}
		inner := strings.TrimSpace(rest[open+1 : open+end])
		rest = rest[open+end+1:]
		if len(inner) >= 3 {
			if c := country.Code(inner); c != "" {
				return c
			}
		}
		if w := firstWords(inner, 2); len(w) >= 4 {
			if c := country.Code(w); c != "" {
				return c
			}
		}
		if w := firstWords(inner, 1); len(w) >= 4 {
			if c := country.Code(w); c != "" {
				return c
			}
		}
	}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:().", r)
	})
	for n := 3; n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			phrase := strings.Join(words[i:i+n], " ")
			if len(phrase) < 4 || !unicode.IsUpper(rune(phrase[0])) {
				continue
			}
			if c := country.Code(phrase); c != "" {
				return c
			}
		}
	}
	return ""
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Trim(strings.Join(f, " "), ",.;")
}

// splitNumbered splits the list's numbered enumerations ("1) Saudi Arabia
// 2) Qatar", "(a) Jordanian (b) American", "(1)-(2) Tunisia (3) Libya")
// into their items. Text without markers is one item; empty items go.
func splitNumbered(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	var out []string
	start := 0
	push := func(end int) {
		item := strings.TrimSpace(s[start:end])
		item = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.Trim(item, " ,;-")), " to"))
		item = strings.Trim(item, " ,;-")
		if item != "" && item != "to" && item != "and" {
			out = append(out, item)
		}
	}
	for i := 0; i < len(s); {
		if n := markerAt(s, i); n > 0 {
			push(i)
			i += n
			start = i
			continue
		}
		i++
	}
	push(len(s))
	return out
}

// markerAt returns the length of an enumeration marker at s[i] ("(12)",
// "(b)", "3)", "a)"), or 0.
func markerAt(s string, i int) int {
	j := i
	if s[j] == '(' {
		j++
	} else if i > 0 && s[i-1] != ' ' && s[i-1] != ',' && s[i-1] != ';' {
		return 0
	}
	k := j
	for k < len(s) && k-j < 2 && isDigit(s[k]) {
		k++
	}
	if k == j && k < len(s) && (s[k] >= 'a' && s[k] <= 'h' || s[k] >= 'A' && s[k] <= 'H') {
		k++
	}
	if k == j || k >= len(s) || s[k] != ')' {
		return 0
	}
	return k + 1 - i
}

// stripNote drops a trailing bracketed note: "Afghanistan (since 2009)".
func stripNote(s string) string {
	if i := strings.IndexByte(s, '('); i > 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// countryCode is the ISO code of a country name, or the text as published
// when it is not recognised.
func countryCode(s string) string {
	if c := country.Code(s); c != "" {
		return c
	}
	if c := country.Code(stripNote(s)); c != "" {
		return c
	}
	return s
}

func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
