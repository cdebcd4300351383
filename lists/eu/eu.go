// Package eu reads the European Union's consolidated financial sanctions
// list, the Financial Sanctions Files (FSF) full XML in schema version 1.1
// (xmlFullSanctionsList_1_1), into clearance entities with IDs
// "eu_fsf:<logicalId>".
//
// The file is decoded one sanctionEntity element at a time, so memory stays
// proportional to one record rather than to the 25 MB list.
//
// No copy of the whole real file could be had for this project (see the
// list MANIFEST). The fixture in testdata/ is written by hand from the
// published schema (schema_1_1.xsd) to exercise every element; the tests
// also read a real extract of 17 entities (list-extracts/eu_fsf/fsf.xml,
// August 2026), which showed two things the schema does not: low-quality
// aliases are marked by a remark, not by strong="false", and an ISLAMIC
// birthdate may give Hijri parts with no Gregorian date.
//
// Mapping choices, where the file leaves room:
//   - The EU marks no primary name. The first strong Latin-script alias is
//     taken as primary (the file usually lists the English name first, then
//     translations). Aliases with strong="false" or a "low quality alias"
//     remark are Weak.
//   - A birthdate in the ISLAMIC calendar counts by its Gregorian date
//     (the birthdate attribute); without one it is left out and noted.
//   - subjectType "person" is a Person and "enterprise" an Organization. The
//     schema has no vessel type, and an enterprise with an IMO number is
//     often a shipping company rather than a ship, so no enterprise is
//     turned into a Vessel; the IMO number is kept as an identifier.
//   - citizenship becomes Nationalities (it is what other lists call
//     nationality). Country codes are taken from countryIso2Code as
//     published; "00" means unknown and falls back to the description.
//   - ListedOn is designationDate, else the earliest regulation
//     publicationDate.
//   - unitedNationId, where set, is the UN reference number and becomes
//     SameAs "un_sc_sanctions:<id>".
package eu

import (
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/clearance-screening/clearance/lists/internal/tidy"
	"io"
	"strings"

	"github.com/clearance-screening/clearance"
)

// Source is the dataset key that prefixes every entity ID.
const Source = "eu_fsf"

// unSource is the dataset key of the UN list, which unitedNationId points into.
const unSource = "un_sc_sanctions"

// Every value is read as a string, even the numeric ones: a malformed year
// must cost one date, not the decode of the whole record.

type sanctionEntity struct {
	LogicalID          string           `xml:"logicalId,attr"`
	EUReference        string           `xml:"euReferenceNumber,attr"`
	UNID               string           `xml:"unitedNationId,attr"`
	DesignationDate    string           `xml:"designationDate,attr"`
	DesignationDetails string           `xml:"designationDetails,attr"`
	Remarks            []string         `xml:"remark"`
	Regulations        []regulation     `xml:"regulation"`
	Subject            subjectType      `xml:"subjectType"`
	Names              []nameAlias      `xml:"nameAlias"`
	Citizenships       []citizenship    `xml:"citizenship"`
	Birthdates         []birthdate      `xml:"birthdate"`
	Addresses          []address        `xml:"address"`
	Identifications    []identification `xml:"identification"`
}

type regulation struct {
	Programme       string `xml:"programme,attr"`
	PublicationDate string `xml:"publicationDate,attr"`
}

type subjectType struct {
	Code           string `xml:"code,attr"`
	Classification string `xml:"classificationCode,attr"`
}

type nameAlias struct {
	First    string `xml:"firstName,attr"`
	Middle   string `xml:"middleName,attr"`
	Last     string `xml:"lastName,attr"`
	Whole    string `xml:"wholeName,attr"`
	Function string `xml:"function,attr"`
	Gender   string `xml:"gender,attr"`
	Title    string `xml:"title,attr"`
	Language string `xml:"nameLanguage,attr"`
	Strong   string `xml:"strong,attr"`
	// Remarks say "low quality alias" where the real file marks a weak
	// alias: it leaves strong="true" on every alias.
	Remarks []string `xml:"remark"`
}

// weak reports whether the alias is low quality: strong="false", or a
// remark that says so, however spelt ("low quality aliias" occurs).
func (a nameAlias) weak() bool {
	if strings.EqualFold(tidy.Clean(a.Strong), "false") {
		return true
	}
	for _, r := range a.Remarks {
		if strings.HasPrefix(strings.ToLower(tidy.Clean(r)), "low quality al") {
			return true
		}
	}
	return false
}

type citizenship struct {
	Code        string `xml:"countryIso2Code,attr"`
	Description string `xml:"countryDescription,attr"`
}

type birthdate struct {
	// Calendar is GREGORIAN or ISLAMIC. An ISLAMIC element gives its date
	// in the Hijri calendar in the parts, and the Gregorian equivalent, when
	// known, in Date.
	Calendar    string `xml:"calendarType,attr"`
	Circa       string `xml:"circa,attr"`
	Date        string `xml:"birthdate,attr"`
	Day         string `xml:"dayOfMonth,attr"`
	Month       string `xml:"monthOfYear,attr"`
	Year        string `xml:"year,attr"`
	From        string `xml:"yearRangeFrom,attr"`
	To          string `xml:"yearRangeTo,attr"`
	City        string `xml:"city,attr"`
	Region      string `xml:"region,attr"`
	Place       string `xml:"place,attr"`
	Code        string `xml:"countryIso2Code,attr"`
	Description string `xml:"countryDescription,attr"`
}

type address struct {
	Street      string        `xml:"street,attr"`
	POBox       string        `xml:"poBox,attr"`
	City        string        `xml:"city,attr"`
	ZipCode     string        `xml:"zipCode,attr"`
	Region      string        `xml:"region,attr"`
	Place       string        `xml:"place,attr"`
	Code        string        `xml:"countryIso2Code,attr"`
	Description string        `xml:"countryDescription,attr"`
	Remarks     []string      `xml:"remark"`
	Contacts    []contactInfo `xml:"contactInfo"`
}

type contactInfo struct {
	Key   string `xml:"key,attr"`
	Value string `xml:"value,attr"`
}

type identification struct {
	TypeCode        string   `xml:"identificationTypeCode,attr"`
	TypeDescription string   `xml:"identificationTypeDescription,attr"`
	Number          string   `xml:"number,attr"`
	LatinNumber     string   `xml:"latinNumber,attr"`
	Code            string   `xml:"countryIso2Code,attr"`
	Description     string   `xml:"countryDescription,attr"`
	IssuedBy        string   `xml:"issuedBy,attr"`
	IssueDate       string   `xml:"issueDate,attr"`
	ValidFrom       string   `xml:"validFrom,attr"`
	ValidTo         string   `xml:"validTo,attr"`
	NameOnDocument  string   `xml:"nameOnDocument,attr"`
	Diplomatic      string   `xml:"diplomatic,attr"`
	KnownExpired    string   `xml:"knownExpired,attr"`
	KnownFalse      string   `xml:"knownFalse,attr"`
	ReportedLost    string   `xml:"reportedLost,attr"`
	Revoked         string   `xml:"revokedByIssuer,attr"`
	Remarks         []string `xml:"remark"`
}

// Parse reads an FSF full XML file. It returns an error when the XML
// cannot be read, or when it holds no <export> root (not an FSF file);
// the entities decoded before a read error are returned with it. Records
// without a logicalId or without any name are skipped and reported.
func Parse(r io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
	var (
		out    []clearance.Entity
		report clearance.ParseReport
		bad    tidy.Notes
		root   bool
	)
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return out, report, fmt.Errorf("eu: FSF XML line %d: %w", line, err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch start.Name.Local {
		case "export":
			root = true
			for _, a := range start.Attr {
				if a.Name.Local == "generationDate" {
					report.Published = datePart(a.Value)
				}
			}
		case "sanctionEntity":
			line, _ := d.InputPos()
			var rec sanctionEntity
			if err := d.DecodeElement(&rec, &start); err != nil {
				return out, report, fmt.Errorf("eu: FSF XML sanctionEntity at line %d: %w", line, err)
			}
			report.Records++
			e, reason := rec.entity(&bad)
			if reason != "" {
				where := fmt.Sprintf("sanctionEntity logicalId %s (line %d)", tidy.Clean(rec.LogicalID), line)
				if tidy.Clean(rec.LogicalID) == "" {
					where = fmt.Sprintf("sanctionEntity without logicalId (line %d)", line)
				}
				report.Skip(where, "%s", reason)
				continue
			}
			out = append(out, e)
		}
	}
	if !root {
		return out, report, errors.New("eu: no <export> element: not an FSF full XML file")
	}
	report.Notes = append(report.Notes, bad...)
	return out, report, nil
}

// datePart keeps the date of a timestamp ("2026-02-02T17:26:53.906+01:00"),
// or "" when it does not start with one.
func datePart(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 10 || (len(s) > 10 && s[10] != 'T' && s[10] != ' ') {
		return ""
	}
	if _, err := clearance.ParseDate(s[:10]); err != nil {
		return ""
	}
	return s[:10]
}

// entity converts a record, or says why it cannot.
func (rec *sanctionEntity) entity(bad *tidy.Notes) (clearance.Entity, string) {
	id := tidy.Clean(rec.LogicalID)
	if id == "" {
		return clearance.Entity{}, "no logicalId"
	}
	ref := "logicalId " + id
	e := clearance.Entity{
		ID:     Source + ":" + id,
		Source: Source,
		Type:   subject(rec.Subject),
	}

	e.Names = names(rec.Names)
	if len(e.Names) == 0 {
		return clearance.Entity{}, "no name"
	}
	for _, n := range rec.Names {
		if e.Gender == "" {
			e.Gender = gender(n.Gender)
		}
		if e.Title == "" {
			e.Title = tidy.Clean(n.Function)
		}
	}
	if e.Title == "" {
		for _, n := range rec.Names {
			if t := tidy.Clean(n.Title); t != "" {
				e.Title = t
				break
			}
		}
	}

	var earliest string
	for _, g := range rec.Regulations {
		e.Programs = appendUnique(e.Programs, tidy.Clean(g.Programme))
		if p := tidy.Clean(g.PublicationDate); p != "" {
			if _, err := clearance.ParseDate(p); err != nil || len(p) != 10 {
				bad.Add(ref, "regulation publicationDate %q unreadable", p)
			} else if earliest == "" || p < earliest {
				earliest = p
			}
		}
	}
	e.ListedOn = earliest
	if dd := tidy.Clean(rec.DesignationDate); dd != "" {
		if _, err := clearance.ParseDate(dd); err != nil || len(dd) != 10 {
			bad.Add(ref, "designationDate %q unreadable", dd)
		} else {
			e.ListedOn = dd
		}
	}

	for _, c := range rec.Citizenships {
		e.Nationalities = appendUnique(e.Nationalities, countryOf(c.Code, c.Description))
	}
	for _, b := range rec.Birthdates {
		bd, ok, err := b.birthDate()
		if err != nil {
			bad.Add(ref, "%v", err)
		}
		if ok {
			e.BirthDates = appendBirthDate(e.BirthDates, bd)
		}
		e.BirthPlaces = appendUnique(e.BirthPlaces, tidy.JoinNonEmpty(", ", tidy.Clean(b.Place), tidy.Clean(b.City), tidy.Clean(b.Region), countryText(b.Code, b.Description)))
	}

	var remarks []string
	for _, r := range rec.Remarks {
		remarks = appendUnique(remarks, tidy.Clean(r))
	}
	if d := tidy.Clean(rec.DesignationDetails); d != "" {
		remarks = appendUnique(remarks, d)
	}
	for _, a := range rec.Addresses {
		if addr, ok := a.address(); ok && !hasAddress(e.Addresses, addr) {
			e.Addresses = append(e.Addresses, addr)
		}
		for _, r := range a.Remarks {
			remarks = appendUnique(remarks, tidy.Clean(r))
		}
		for _, c := range a.Contacts {
			addContact(&e, c)
		}
	}
	for _, idn := range rec.Identifications {
		if id, ok := idn.identifier(); ok && !hasIdentifier(e.Identifiers, id) {
			e.Identifiers = append(e.Identifiers, id)
		}
	}
	if ref := tidy.Clean(rec.EUReference); ref != "" {
		remarks = append(remarks, "EU reference number "+ref)
	}
	e.Remarks = strings.Join(remarks, "; ")

	if un := tidy.Clean(rec.UNID); un != "" {
		e.SameAs = []string{unSource + ":" + un}
	}
	return e, ""
}

func subject(s subjectType) clearance.EntityType {
	switch strings.ToLower(tidy.Clean(s.Code)) {
	case "person":
		return clearance.Person
	case "enterprise":
		return clearance.Organization
	}
	switch strings.ToUpper(tidy.Clean(s.Classification)) {
	case "P":
		return clearance.Person
	case "E":
		return clearance.Organization
	}
	return clearance.Unknown
}

// names converts the aliases: the primary first, repeats dropped. The file
// repeats an alias once per amending regulation and in each regulation
// language; a name that is strong anywhere is strong.
func names(aliases []nameAlias) []clearance.Name {
	var out []clearance.Name
	primary := -1
	for _, a := range aliases {
		full := tidy.Clean(a.Whole)
		if full == "" {
			full = tidy.JoinNonEmpty(" ", tidy.Clean(a.First), tidy.Clean(a.Middle), tidy.Clean(a.Last))
		}
		if full == "" {
			continue
		}
		weak := a.weak()
		dup := false
		for i := range out {
			if out[i].Full == full {
				out[i].Weak = out[i].Weak && weak
				dup = true
				if primary < 0 && !out[i].Weak && out[i].Script == "" {
					primary = i
				}
				break
			}
		}
		if dup {
			continue
		}
		n := clearance.Name{Full: full, Kind: clearance.AKA, Weak: weak, Script: clearance.ScriptOf(full)}
		if primary < 0 && !n.Weak && n.Script == "" {
			primary = len(out)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil
	}
	if primary < 0 {
		primary = 0
	}
	if primary > 0 {
		p := out[primary]
		copy(out[1:primary+1], out[:primary])
		out[0] = p
	}
	out[0].Kind = clearance.Primary
	out[0].Weak = false
	return out
}

func gender(s string) string {
	switch strings.ToUpper(tidy.Clean(s)) {
	case "M", "MALE":
		return "male"
	case "F", "FEMALE":
		return "female"
	}
	return ""
}

// countryOf is the ISO code as published, upper-cased, or the description
// where the code is missing or "00" (unknown).
func countryOf(code, description string) string {
	c := strings.ToUpper(tidy.Clean(code))
	if c != "" && c != "00" {
		return c
	}
	return countryText("", description)
}

// countryText is the description for display ("IRAQ"), else the code;
// "UNKNOWN" and "00" are dropped.
func countryText(code, description string) string {
	d := tidy.Clean(description)
	if d != "" && !strings.EqualFold(d, "UNKNOWN") {
		return d
	}
	c := strings.ToUpper(tidy.Clean(code))
	if c == "00" {
		return ""
	}
	return c
}

// birthDate reads one birthdate element. ok is false when no part of a
// date is known (the element may still carry a place).
func (b birthdate) birthDate() (clearance.BirthDate, bool, error) {
	var bd clearance.BirthDate
	bd.Circa = strings.EqualFold(tidy.Clean(b.Circa), "true")
	if s := tidy.Clean(b.Date); s != "" {
		d, err := clearance.ParseDate(s)
		if err != nil {
			return bd, false, fmt.Errorf("birthdate %q unreadable", s)
		}
		bd.Date = d
		return bd, true, nil
	}
	if c := strings.ToUpper(tidy.Clean(b.Calendar)); c != "" && c != "GREGORIAN" {
		// Hijri parts without their Gregorian date: a year 1343 is not a
		// Gregorian year, and which Hijri calendar (lunar, or Iran's solar
		// one) the file means it does not say.
		if tidy.Clean(b.Year) != "" || tidy.Clean(b.From) != "" || tidy.Clean(b.To) != "" {
			return bd, false, fmt.Errorf("birthdate in the %s calendar (year %s) without a Gregorian date, left out", strings.ToLower(c), tidy.Clean(b.Year))
		}
		return bd, false, nil
	}
	year, yerr := number(b.Year)
	month, merr := number(b.Month)
	day, derr := number(b.Day)
	from, ferr := number(b.From)
	to, terr := number(b.To)
	if err := errors.Join(yerr, merr, derr, ferr, terr); err != nil {
		return bd, false, fmt.Errorf("birthdate parts unreadable: %w", err)
	}
	switch {
	case year != 0:
		d, err := clearance.ParseDate(fmt.Sprintf("%04d", year))
		if err != nil || month > 12 || day > 31 || (day != 0 && month == 0) {
			return bd, false, fmt.Errorf("birthdate year %d month %d day %d out of range", year, month, day)
		}
		d.Month, d.Day = month, day
		bd.Date = d
	case from != 0 || to != 0:
		if from == 0 {
			// Only an upper bound ("born by 1958"): keep the year and say it is
			// approximate rather than invent a lower bound.
			from, to = to, 0
			bd.Circa = true
		}
		if _, err := clearance.ParseDate(fmt.Sprintf("%04d", from)); err != nil {
			return bd, false, fmt.Errorf("birth year range %d to %d out of range", from, to)
		}
		bd.Date = clearance.Date{Year: from}
		if to != 0 && to != from {
			if _, err := clearance.ParseDate(fmt.Sprintf("%04d", to)); err != nil || to < from {
				return bd, false, fmt.Errorf("birth year range %d to %d out of range", from, to)
			}
			bd.Until = clearance.Date{Year: to}
		}
	default:
		if month != 0 || day != 0 {
			return bd, false, fmt.Errorf("birthdate month %d day %d without a year", month, day)
		}
		return bd, false, nil
	}
	return bd, true, nil
}

// number reads a small non-negative integer attribute; "" is zero.
func number(s string) (int, error) {
	s = tidy.Clean(s)
	if s == "" {
		return 0, nil
	}
	if len(s) > 4 {
		return 0, fmt.Errorf("%q is not a date part", s)
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not a date part", s)
		}
		n = n*10 + int(r-'0')
	}
	return n, nil
}

func appendBirthDate(list []clearance.BirthDate, b clearance.BirthDate) []clearance.BirthDate {
	for _, x := range list {
		if x == b {
			return list
		}
	}
	return append(list, b)
}

// address converts an address element; ok is false when it says nothing
// (the file has addresses that hold only "UNKNOWN" and a remark).
func (a address) address() (clearance.Address, bool) {
	street := tidy.Clean(a.Street)
	if box := tidy.Clean(a.POBox); box != "" {
		street = tidy.JoinNonEmpty(", ", street, "P.O. Box "+box)
	}
	out := clearance.Address{
		Street:     street,
		City:       tidy.JoinNonEmpty(", ", tidy.Clean(a.Place), tidy.Clean(a.City)),
		Region:     tidy.Clean(a.Region),
		PostalCode: tidy.Clean(a.ZipCode),
		Country:    countryOf(a.Code, a.Description),
	}
	if out == (clearance.Address{}) {
		return out, false
	}
	out.Full = tidy.JoinNonEmpty(", ", out.Street, out.City, out.Region, out.PostalCode, countryText(a.Code, a.Description))
	return out, true
}

func hasAddress(list []clearance.Address, a clearance.Address) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// addContact files a contactInfo entry by its key. The schema does not
// enumerate the keys, so they are matched loosely (PHONE, FAX, EMAIL, WEB);
// an unknown key is dropped rather than misfiled.
func addContact(e *clearance.Entity, c contactInfo) {
	v := tidy.Clean(c.Value)
	if v == "" {
		return
	}
	k := strings.ToUpper(tidy.Clean(c.Key))
	switch {
	case strings.Contains(k, "MAIL"):
		e.Emails = appendUnique(e.Emails, v)
	case strings.Contains(k, "PHONE") || strings.Contains(k, "FAX") || strings.Contains(k, "TEL"):
		e.Phones = appendUnique(e.Phones, v)
	case strings.Contains(k, "WEB") || strings.Contains(k, "URL") || strings.Contains(k, "SITE"):
		e.Websites = appendUnique(e.Websites, v)
	}
}

// identifier converts an identification element; ok is false when it
// carries no number (the file writes "-" for none).
func (idn identification) identifier() (clearance.Identifier, bool) {
	num := tidy.Clean(idn.Number)
	if num == "" || num == "-" {
		num = tidy.Clean(idn.LatinNumber)
	}
	if num == "" || num == "-" {
		return clearance.Identifier{}, false
	}
	var notes []string
	if l := tidy.Clean(idn.LatinNumber); l != "" && l != num {
		notes = append(notes, "latin number "+l)
	}
	if t := identifierType(idn.TypeCode); t == "other" || t == "" {
		// The code says nothing; the description may ("Tax ID", "SSN").
		notes = appendUnique(notes, tidy.Clean(idn.TypeDescription))
	}
	for _, f := range []struct{ label, value string }{
		{"name on document", idn.NameOnDocument},
		{"issued by", idn.IssuedBy},
		{"issued", idn.IssueDate},
		{"valid from", idn.ValidFrom},
		{"valid to", idn.ValidTo},
	} {
		if v := tidy.Clean(f.value); v != "" {
			notes = append(notes, f.label+" "+v)
		}
	}
	for _, f := range []struct{ label, value string }{
		{"diplomatic", idn.Diplomatic},
		{"known expired", idn.KnownExpired},
		{"known false", idn.KnownFalse},
		{"reported lost", idn.ReportedLost},
		{"revoked by issuer", idn.Revoked},
	} {
		if strings.EqualFold(tidy.Clean(f.value), "true") {
			notes = append(notes, f.label)
		}
	}
	for _, r := range idn.Remarks {
		notes = appendUnique(notes, tidy.Clean(r))
	}
	return clearance.Identifier{
		Type:    identifierType(idn.TypeCode),
		Number:  num,
		Country: countryOf(idn.Code, ""),
		Note:    strings.Join(notes, "; "),
	}, true
}

// identifierType maps the FSF identificationTypeCode onto the identifier
// types the other lists use; codes without a counterpart pass through in
// lower case.
func identifierType(code string) string {
	c := strings.ToLower(tidy.Clean(code))
	switch c {
	case "passport":
		return "passport"
	case "id":
		return "national_id"
	case "imo":
		return "imo"
	case "regnumber":
		return "registration"
	case "fiscalcode":
		return "tax_id"
	case "swiftbic":
		return "swift"
	case "":
		return "other"
	}
	return c
}

func hasIdentifier(list []clearance.Identifier, id clearance.Identifier) bool {
	for _, x := range list {
		if x.Type == id.Type && x.Number == id.Number && x.Country == id.Country {
			return true
		}
	}
	return false
}

func appendUnique(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
