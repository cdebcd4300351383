// Package un reads the UN Security Council Consolidated List XML
// (https://www.un.org/sc/resources/sc-sanctions.xsd) into clearance
// entities with IDs "un_sc_sanctions:<REFERENCE_NUMBER>".
//
// The file is decoded one INDIVIDUAL or ENTITY element at a time, so memory
// stays proportional to one record rather than to the whole list.
package un

import (
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/clearance-screening/clearance/lists/internal/tidy"
	"io"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/country"
)

// Source is the dataset key that prefixes every entity ID.
const Source = "un_sc_sanctions"

// record is one INDIVIDUAL or ENTITY element. Both share the fields they
// have in common, so one type serves both; the element name decides which
// alias and address elements apply.
type record struct {
	DataID        string     `xml:"DATAID"`
	First         string     `xml:"FIRST_NAME"`
	Second        string     `xml:"SECOND_NAME"`
	Third         string     `xml:"THIRD_NAME"`
	Fourth        string     `xml:"FOURTH_NAME"`
	Original      string     `xml:"NAME_ORIGINAL_SCRIPT"`
	ListType      string     `xml:"UN_LIST_TYPE"`
	Reference     string     `xml:"REFERENCE_NUMBER"`
	ListedOn      string     `xml:"LISTED_ON"`
	Gender        string     `xml:"GENDER"`
	Comments      string     `xml:"COMMENTS1"`
	Titles        []string   `xml:"TITLE>VALUE"`
	Designations  []string   `xml:"DESIGNATION>VALUE"`
	Nationalities []string   `xml:"NATIONALITY>VALUE"`
	IndAliases    []alias    `xml:"INDIVIDUAL_ALIAS"`
	EntAliases    []alias    `xml:"ENTITY_ALIAS"`
	IndAddresses  []address  `xml:"INDIVIDUAL_ADDRESS"`
	EntAddresses  []address  `xml:"ENTITY_ADDRESS"`
	BirthDates    []dob      `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	BirthPlaces   []place    `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents     []document `xml:"INDIVIDUAL_DOCUMENT"`
}

type alias struct {
	Quality        string `xml:"QUALITY"`
	Name           string `xml:"ALIAS_NAME"`
	DateOfBirth    string `xml:"DATE_OF_BIRTH"`
	CityOfBirth    string `xml:"CITY_OF_BIRTH"`
	CountryOfBirth string `xml:"COUNTRY_OF_BIRTH"`
}

type address struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
}

type dob struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
}

type place struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Country string `xml:"COUNTRY"`
}

type document struct {
	Type           string `xml:"TYPE_OF_DOCUMENT"`
	Type2          string `xml:"TYPE_OF_DOCUMENT2"`
	Number         string `xml:"NUMBER"`
	IssuingCountry string `xml:"ISSUING_COUNTRY"`
	CountryOfIssue string `xml:"COUNTRY_OF_ISSUE"`
	CityOfIssue    string `xml:"CITY_OF_ISSUE"`
	DateOfIssue    string `xml:"DATE_OF_ISSUE"`
	Note           string `xml:"NOTE"`
}

// Parse reads a consolidated list. It returns an error only when the XML
// itself cannot be read; the entities decoded before that point are
// returned with it. Records without a reference number or without any name
// are skipped and reported by DATAID.
func Parse(r io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
	var (
		out    []clearance.Entity
		report clearance.ParseReport
		bad    tidy.Notes
	)
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return out, report, fmt.Errorf("un: consolidated list line %d: %w", line, err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch start.Name.Local {
		case "CONSOLIDATED_LIST":
			for _, a := range start.Attr {
				if a.Name.Local == "dateGenerated" {
					report.Published = dateOnly(a.Value)
				}
			}
		case "INDIVIDUAL", "ENTITY":
			line, _ := d.InputPos()
			var rec record
			if err := d.DecodeElement(&rec, &start); err != nil {
				return out, report, fmt.Errorf("un: consolidated list %s at line %d: %w", start.Name.Local, line, err)
			}
			report.Records++
			e, reason := rec.entity(start.Name.Local == "INDIVIDUAL", &bad)
			if reason != "" {
				report.Skip(fmt.Sprintf("%s DATAID %s (line %d)", start.Name.Local, strings.TrimSpace(rec.DataID), line), "%s", reason)
				continue
			}
			out = append(out, e)
		}
	}
	report.Notes = append(report.Notes, bad...)
	return out, report, nil
}

// dateOnly keeps the YYYY-MM-DD of an xs:date or xs:dateTime, which may
// carry a time or zone ("2026-02-27T00:00:09.554Z", "2015-04-07-04:00"),
// or returns "" when there is none.
func dateOnly(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 10 || (len(s) > 10 && s[10] != 'T' && s[10] != '-' && s[10] != '+' && s[10] != 'Z') {
		return ""
	}
	d, err := clearance.ParseDate(s[:10])
	if err != nil || d.Day == 0 {
		return ""
	}
	return s[:10]
}

// entity converts a record, or says why it cannot.
func (rec *record) entity(individual bool, bad *tidy.Notes) (clearance.Entity, string) {
	ref := tidy.Clean(rec.Reference)
	if ref == "" {
		return clearance.Entity{}, "no REFERENCE_NUMBER"
	}
	e := clearance.Entity{
		ID:      Source + ":" + ref,
		Source:  Source,
		Type:    clearance.Organization,
		Remarks: strings.TrimSpace(rec.Comments),
	}
	if individual {
		e.Type = clearance.Person
	}
	names := nameSet{}
	names.add(tidy.JoinNonEmpty(" ", tidy.Clean(rec.First), tidy.Clean(rec.Second), tidy.Clean(rec.Third), tidy.Clean(rec.Fourth)), clearance.Primary, false)
	names.add(tidy.Clean(rec.Original), clearance.AKA, false)
	aliases := rec.EntAliases
	if individual {
		aliases = rec.IndAliases
	}
	for _, a := range aliases {
		kind, weak := aliasKind(a.Quality)
		names.add(tidy.Clean(a.Name), kind, weak)
	}
	if len(names) == 0 {
		return clearance.Entity{}, "no name"
	}
	if names[0].Kind != clearance.Primary {
		// No FIRST_NAME: the first alias stands in as the name the list uses.
		names[0].Kind, names[0].Weak = clearance.Primary, false
	}
	e.Names = names

	if p := tidy.Clean(rec.ListType); p != "" {
		e.Programs = []string{p}
	}
	var titles []string
	for _, t := range append(rec.Titles, rec.Designations...) {
		if t = tidy.Clean(t); t != "" {
			titles = append(titles, t)
		}
	}
	e.Title = strings.Join(titles, "; ")
	e.Gender = gender(rec.Gender, rec.Comments)
	if lo := tidy.Clean(rec.ListedOn); lo != "" {
		if d := dateOnly(lo); d != "" {
			e.ListedOn = d
		} else {
			bad.Add(ref, "LISTED_ON %q unreadable", lo)
		}
	}
	for _, n := range rec.Nationalities {
		if n = tidy.Clean(n); n != "" {
			e.Nationalities = appendUnique(e.Nationalities, countryCode(n))
		}
	}
	addrs := rec.EntAddresses
	if individual {
		addrs = rec.IndAddresses
	}
	for _, a := range addrs {
		if addr, ok := a.address(); ok {
			e.Addresses = append(e.Addresses, addr)
		}
	}
	for _, b := range rec.BirthDates {
		bd, ok, err := b.birthDate()
		if err != nil {
			bad.Add(ref, "%v", err)
		}
		if ok {
			e.BirthDates = appendBirthDate(e.BirthDates, bd)
		}
	}
	for _, p := range rec.BirthPlaces {
		if s := tidy.JoinNonEmpty(", ", tidy.Clean(p.Street), tidy.Clean(p.City), tidy.Clean(p.State), tidy.Clean(p.Country)); s != "" {
			e.BirthPlaces = appendUnique(e.BirthPlaces, s)
		}
	}
	// Aliases sometimes carry the date and place of birth used under that
	// name; they are dates the person is known by, so they count too.
	for _, a := range aliases {
		if s := tidy.Clean(a.DateOfBirth); s != "" {
			if d, err := clearance.ParseDate(s); err == nil {
				e.BirthDates = appendBirthDate(e.BirthDates, clearance.BirthDate{Date: d})
			} else {
				bad.Add(ref, "alias DATE_OF_BIRTH %q unreadable", s)
			}
		}
		if s := tidy.JoinNonEmpty(", ", tidy.Clean(a.CityOfBirth), tidy.Clean(a.CountryOfBirth)); s != "" {
			e.BirthPlaces = appendUnique(e.BirthPlaces, s)
		}
	}
	var unnumbered []string
	for _, doc := range rec.Documents {
		id, ok := doc.identifier()
		if ok {
			e.Identifiers = appendIdentifier(e.Identifiers, id)
		} else if id.Note != "" {
			unnumbered = append(unnumbered, docLabel(id.Type)+": "+id.Note)
		}
	}
	// A document published without a NUMBER usually has the number inside
	// its note ("Tunisian passport number L 191609 ..."). Guessing it out of
	// prose is unreliable, so the text goes to the remarks for a reviewer.
	if len(unnumbered) > 0 {
		e.Remarks = tidy.JoinNonEmpty("\n", e.Remarks, strings.Join(unnumbered, "\n"))
	}
	return e, ""
}

// nameSet keeps names in published order without case-insensitive repeats.
type nameSet []clearance.Name

func (s *nameSet) add(full string, kind clearance.NameKind, weak bool) {
	if full == "" {
		return
	}
	for _, n := range *s {
		if strings.EqualFold(n.Full, full) {
			return
		}
	}
	*s = append(*s, clearance.Name{Full: full, Kind: kind, Weak: weak, Script: clearance.ScriptOf(full)})
}

// aliasKind reads QUALITY: individuals carry Good or Low, entities the
// a.k.a./f.k.a. abbreviations.
func aliasKind(quality string) (clearance.NameKind, bool) {
	switch strings.ToLower(tidy.Clean(quality)) {
	case "low":
		return clearance.AKA, true
	case "f.k.a.", "fka":
		return clearance.FKA, false
	case "n.k.a.", "nka":
		return clearance.NKA, false
	}
	return clearance.AKA, false
}

// gender reads GENDER, else the "Gender: male" that DPRK listings put in
// their comments instead.
func gender(field, comments string) string {
	switch strings.ToLower(tidy.Clean(field)) {
	case "male":
		return "male"
	case "female":
		return "female"
	}
	i := strings.Index(strings.ToLower(comments), "gender:")
	if i < 0 {
		return ""
	}
	rest := strings.ToLower(strings.TrimSpace(comments[i+len("gender:"):]))
	switch {
	case strings.HasPrefix(rest, "female"):
		return "female"
	case strings.HasPrefix(rest, "male"):
		return "male"
	}
	return ""
}

func (a address) address() (clearance.Address, bool) {
	street, city, state, zip, ctry := tidy.Clean(a.Street), tidy.Clean(a.City), tidy.Clean(a.State), tidy.Clean(a.Zip), tidy.Clean(a.Country)
	full := tidy.JoinNonEmpty(", ", street, city, state, zip, ctry)
	if full == "" {
		return clearance.Address{}, false
	}
	out := clearance.Address{Street: street, City: city, Region: state, PostalCode: zip, Full: full}
	if ctry != "" {
		out.Country = countryCode(ctry)
	}
	return out, true
}

// birthDate reads one INDIVIDUAL_DATE_OF_BIRTH. ok is false when the
// element holds no date (the list writes empty ones); err says what could
// not be read.
func (b dob) birthDate() (clearance.BirthDate, bool, error) {
	typ := strings.ToUpper(tidy.Clean(b.Type))
	if typ == "BETWEEN" {
		from, to := tidy.Clean(b.FromYear), tidy.Clean(b.ToYear)
		if from == "" && to == "" {
			return clearance.BirthDate{}, false, nil
		}
		f, err1 := clearance.ParseDate(from)
		t, err2 := clearance.ParseDate(to)
		if err1 != nil || err2 != nil || t.Year < f.Year {
			return clearance.BirthDate{}, false, fmt.Errorf("DOB range %q to %q unreadable", from, to)
		}
		return clearance.BirthDate{Date: f, Until: t}, true, nil
	}
	s := tidy.Clean(b.Date)
	if s == "" {
		s = tidy.Clean(b.Year)
	}
	if s == "" {
		return clearance.BirthDate{}, false, nil
	}
	d, err := clearance.ParseDate(s)
	if err != nil {
		return clearance.BirthDate{}, false, fmt.Errorf("DOB %q unreadable", s)
	}
	return clearance.BirthDate{Date: d, Circa: typ == "APPROXIMATELY"}, true, nil
}

func appendBirthDate(list []clearance.BirthDate, b clearance.BirthDate) []clearance.BirthDate {
	for _, x := range list {
		if x == b {
			return list
		}
	}
	return append(list, b)
}

// identifier reads one INDIVIDUAL_DOCUMENT. ok is false when it has no
// number; the returned Identifier then still carries the type and note.
func (doc document) identifier() (clearance.Identifier, bool) {
	t1, t2 := tidy.Clean(doc.Type), tidy.Clean(doc.Type2)
	id := clearance.Identifier{Type: docType(t1, t2), Number: tidy.Clean(doc.Number)}
	if c := tidy.Clean(doc.IssuingCountry); c != "" {
		id.Country = countryCode(c)
	} else if c := tidy.Clean(doc.CountryOfIssue); c != "" {
		id.Country = countryCode(c)
	}
	var issued string
	if d := tidy.Clean(doc.DateOfIssue); d != "" {
		issued = "issued " + d
		if c := tidy.Clean(doc.CityOfIssue); c != "" {
			issued += " in " + c
		}
	} else if c := tidy.Clean(doc.CityOfIssue); c != "" {
		issued = "issued in " + c
	}
	// TYPE_OF_DOCUMENT2 names the exact document ("Italian Fiscal Code:");
	// it is kept as published in the note.
	id.Note = tidy.JoinNonEmpty("; ", strings.TrimRight(t2, ": "), issued, tidy.Clean(doc.Note))
	return id, id.Number != ""
}

// appendIdentifier folds repeats of one document into one Identifier: the
// list gives some passports three times, once per language of the type
// ("Passport", "Numéro de passeport", "Número de pasaporte").
func appendIdentifier(list []clearance.Identifier, id clearance.Identifier) []clearance.Identifier {
	for i, x := range list {
		if x.Type == id.Type && x.Number == id.Number && x.Country == id.Country {
			switch {
			case strings.Contains(x.Note, id.Note):
			case strings.Contains(id.Note, x.Note):
				list[i].Note = id.Note
			default:
				list[i].Note = x.Note + "; " + id.Note
			}
			return list
		}
	}
	return append(list, id)
}

// docType maps the two document type fields to an Identifier type. The
// list also writes "Numéro de passeport" and "Número de pasaporte".
func docType(t1, t2 string) string {
	l1, l2 := strings.ToLower(t1), strings.ToLower(t2)
	switch {
	case isPassport(l2), isPassport(l1):
		return "passport"
	case strings.Contains(l1, "identif"), strings.Contains(l1, "identity"):
		return "national_id"
	case l1 == "":
		return "other"
	}
	return strings.ReplaceAll(l1, " ", "_")
}

func isPassport(s string) bool {
	return strings.Contains(s, "passport") || strings.Contains(s, "passeport") || strings.Contains(s, "pasaporte")
}

func docLabel(typ string) string {
	switch typ {
	case "passport":
		return "Passport"
	case "national_id":
		return "National identification"
	}
	return "Document"
}

// countryCode is the ISO code of a country name, or the name as published
// when it is not recognised.
func countryCode(name string) string {
	if c := country.Code(name); c != "" {
		return c
	}
	return name
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
