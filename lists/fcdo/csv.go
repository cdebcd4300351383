package fcdo

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists/internal/tidy"
)

// csvColumns are the columns read, by header name (compared without case,
// spaces and punctuation, so "D.O.B" is "dob" and "Nationality(/ies)" is
// "nationalityies"). Only Unique ID and Name 6 are required.
var csvColumns = map[string]string{
	"uniqueid":                      "unique id",
	"ofsigroupid":                   "group id",
	"unreferencenumber":             "un ref",
	"name1":                         "name 1",
	"name2":                         "name 2",
	"name3":                         "name 3",
	"name4":                         "name 4",
	"name5":                         "name 5",
	"name6":                         "name 6",
	"nametype":                      "name type",
	"aliasstrength":                 "alias strength",
	"namenonlatinscript":            "non-latin",
	"designationtype":               "type",
	"individualentityship":          "type",
	"regimename":                    "regime",
	"regime":                        "regime",
	"title":                         "title",
	"titles":                        "title",
	"position":                      "position",
	"positions":                     "position",
	"dob":                           "dob",
	"dateofbirth":                   "dob",
	"nationalityies":                "nationality",
	"nationality":                   "nationality",
	"nationalities":                 "nationality",
	"townofbirth":                   "town of birth",
	"countryofbirth":                "country of birth",
	"gender":                        "gender",
	"passportnumber":                "passport",
	"passportadditionalinformation": "passport note",
	"nationalidentifiernumber":      "national id",
	"nationalidentifieradditionalinformation": "national id note",
	"businessregistrationnumbers":             "registration",
	"businessregistrationnumber":              "registration",
	"imonumber":                               "imo",
	"imonumbers":                              "imo",
	"currentowneroperators":                   "owner",
	"currentowneroperator":                    "owner",
	"currentbelievedflagofship":               "flag",
	"typeofship":                              "ship type",
	"tonnageofship":                           "tonnage",
	"addressline1":                            "address 1",
	"addressline2":                            "address 2",
	"addressline3":                            "address 3",
	"addressline4":                            "address 4",
	"addressline5":                            "address 5",
	"addressline6":                            "address 6",
	"addresspostalcode":                       "postcode",
	"postalcode":                              "postcode",
	"addresscountry":                          "country",
	"emailaddress":                            "email",
	"emailaddresses":                          "email",
	"phonenumber":                             "phone",
	"phonenumbers":                            "phone",
	"website":                                 "website",
	"websites":                                "website",
	"datedesignated":                          "designated",
	"otherinformation":                        "other",
}

func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseCSV reads the UK Sanctions List CSV: an optional first line
// "Report Date: 21-Sep-2026", a header row, and one row per name of a
// designation, the rows of one designation sharing its Unique ID. A value
// the publisher puts several of in one cell is read as one value.
func ParseCSV(r io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
	var report clearance.ParseReport
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, report, fmt.Errorf("fcdo: read: %w", err)
	}
	if !utf8.Valid(data) {
		// The FCDO writes UTF-8; bytes that are not are shown, not guessed at.
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		report.Notes = append(report.Notes, "the file is not all UTF-8: bytes that are not were replaced by U+FFFD")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	col := map[string]int{}
	for len(col) == 0 {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, report, errors.New("fcdo: UK Sanctions List CSV: no header row")
		}
		if err != nil {
			return nil, report, fmt.Errorf("fcdo: UK Sanctions List CSV header: %w", err)
		}
		first := strings.TrimSpace(strings.TrimPrefix(rec[0], "\uFEFF"))
		if v, ok := cutFold(first, "Report Date:"); ok {
			if p, err := publishedDate(v); err == nil {
				report.Published = p
			} else {
				report.Notes = append(report.Notes, "Report Date: "+err.Error())
			}
			continue
		}
		for i, h := range rec {
			if c, ok := csvColumns[headerKey(h)]; ok {
				if _, dup := col[c]; !dup {
					col[c] = i
				}
			}
		}
		if _, ok := col["unique id"]; !ok {
			line, _ := cr.FieldPos(0)
			return nil, report, fmt.Errorf("fcdo: UK Sanctions List CSV line %d: no Unique ID column in the header", line)
		}
		if _, ok := col["name 6"]; !ok {
			line, _ := cr.FieldPos(0)
			return nil, report, fmt.Errorf("fcdo: UK Sanctions List CSV line %d: no Name 6 column in the header", line)
		}
	}
	get := func(rec []string, c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	byID := map[string]*designation{}
	var order []*designation
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, report, fmt.Errorf("fcdo: UK Sanctions List CSV line %d: %w", line, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		report.Records++
		id := tidy.Clean(get(rec, "unique id"))
		if id == "" {
			report.Skip(fmt.Sprintf("line %d", line), "no Unique ID")
			continue
		}
		d := byID[id]
		if d == nil {
			d = &designation{uniqueID: id, vessel: &clearance.VesselInfo{}}
			byID[id] = d
			order = append(order, d)
		}
		d.names = append(d.names, name{
			parts:    [6]string{get(rec, "name 1"), get(rec, "name 2"), get(rec, "name 3"), get(rec, "name 4"), get(rec, "name 5"), get(rec, "name 6")},
			kind:     get(rec, "name type"),
			strength: get(rec, "alias strength"),
		})
		set := func(dst *string, c string) {
			if *dst == "" {
				*dst = tidy.Clean(get(rec, c))
			}
		}
		set(&d.groupID, "group id")
		set(&d.unRef, "un ref")
		set(&d.typ, "type")
		set(&d.designated, "designated")
		set(&d.other, "other")
		set(&d.vessel.Owner, "owner")
		set(&d.vessel.Flag, "flag")
		set(&d.vessel.Type, "ship type")
		set(&d.vessel.Tonnage, "tonnage")
		add := func(dst *[]string, c string) {
			if v := tidy.Clean(get(rec, c)); v != "" {
				*dst = appendUnique(*dst, v)
			}
		}
		add(&d.nonLatin, "non-latin")
		add(&d.regimes, "regime")
		add(&d.titles, "title")
		add(&d.positions, "position")
		add(&d.dobs, "dob")
		add(&d.nationalities, "nationality")
		add(&d.genders, "gender")
		add(&d.emails, "email")
		add(&d.phones, "phone")
		add(&d.websites, "website")
		if p := tidy.JoinNonEmpty(", ", tidy.Clean(get(rec, "town of birth")), tidy.Clean(get(rec, "country of birth"))); p != "" {
			d.birthPlaces = appendUnique(d.birthPlaces, p)
		}
		lines := []string{get(rec, "address 1"), get(rec, "address 2"), get(rec, "address 3"), get(rec, "address 4"), get(rec, "address 5"), get(rec, "address 6")}
		if a, ok := address(lines, get(rec, "postcode"), get(rec, "country")); ok {
			dup := false
			for _, x := range d.addresses {
				dup = dup || strings.EqualFold(x.Full, a.Full)
			}
			if !dup {
				d.addresses = append(d.addresses, a)
			}
		}
		for _, c := range [][3]string{{"passport", "passport", "passport note"}, {"national_id", "national id", "national id note"}, {"registration", "registration", ""}, {"imo", "imo", ""}} {
			note := ""
			if c[2] != "" {
				note = get(rec, c[2])
			}
			if id, ok := identifier(c[0], get(rec, c[1]), note); ok {
				d.ids = append(d.ids, id)
			}
		}
	}
	var out []clearance.Entity
	var bad tidy.Notes
	for _, d := range order {
		e, reason := d.entity(&bad)
		if reason != "" {
			report.Skip("Unique ID "+d.uniqueID, "%s", reason)
			continue
		}
		out = append(out, e)
	}
	report.Notes = append(report.Notes, bad...)
	return out, report, nil
}

// cutFold cuts prefix off s, ignoring case.
func cutFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
