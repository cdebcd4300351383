package fcdo

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists/internal/tidy"
)

// The XML elements read; the many others (sanction indicators, statements
// of reasons) say nothing that screening uses.
type xmlDesignation struct {
	UniqueID       string    `xml:"UniqueID"`
	GroupID        string    `xml:"OFSIGroupID"`
	UNRef          string    `xml:"UNReferenceNumber"`
	DateDesignated string    `xml:"DateDesignated"`
	Type           string    `xml:"IndividualEntityShip"`
	Regime         string    `xml:"RegimeName"`
	Names          []xmlName `xml:"Names>Name"`
	NonLatin       []string  `xml:"NonLatinNames>NonLatinName>NameNonLatinScript"`
	Titles         []string  `xml:"Titles>Title"`
	Other          string    `xml:"OtherInformation"`
	Emails         []string  `xml:"EmailAddresses>EmailAddress"`
	Phones         []string  `xml:"PhoneNumbers>PhoneNumber"`
	Websites       []string  `xml:"Websites>Website"`
	Addresses      []struct {
		Lines   []string `xml:",any"`
		Post    string   `xml:"AddressPostalCode"`
		Country string   `xml:"AddressCountry"`
	} `xml:"Addresses>Address"`
	Individual struct {
		DOBs          []string `xml:"DOBs>DOB"`
		Nationalities []string `xml:"Nationalities>Nationality"`
		Positions     []string `xml:"Positions>Position"`
		Genders       []string `xml:"Genders>Gender"`
		Passports     []struct {
			Number string `xml:"PassportNumber"`
			Note   string `xml:"PassportAdditionalInformation"`
		} `xml:"PassportDetails>Passport"`
		NationalIDs []struct {
			Number string `xml:"NationalIdentifierNumber"`
			Note   string `xml:"NationalIdentifierAdditionalInformation"`
		} `xml:"NationalIdentifierDetails>NationalIdentifier"`
		Births []struct {
			Town    string `xml:"TownOfBirth"`
			Country string `xml:"CountryOfBirth"`
		} `xml:"BirthDetails>Location"`
	} `xml:"IndividualDetails>Individual"`
	Entity struct {
		Registrations []string `xml:"BusinessRegistrationNumbers>BusinessRegistrationNumber"`
	} `xml:"EntityDetails>Entity"`
	Ship struct {
		IMOs    []string `xml:"IMONumbers>IMONumber"`
		Owners  []string `xml:"CurrentOwnerOperators>CurrentOwnerOperator"`
		Flags   []string `xml:"CurrentBelievedFlagOfShips>CurrentBelievedFlagOfShip"`
		Types   []string `xml:"TypeOfShipDetails>TypeOfShip"`
		Tonnage []string `xml:"TonnageOfShipDetails>TonnageOfShip"`
	} `xml:"ShipDetails>Ship"`
}

type xmlName struct {
	Name1    string `xml:"Name1"`
	Name2    string `xml:"Name2"`
	Name3    string `xml:"Name3"`
	Name4    string `xml:"Name4"`
	Name5    string `xml:"Name5"`
	Name6    string `xml:"Name6"`
	Type     string `xml:"NameType"`
	Strength string `xml:"AliasStrength"`
}

// ParseXML reads the UK Sanctions List XML: a <Designations> root with a
// <DateGenerated> and one <Designation> per target. It returns an error
// when the XML cannot be read or has no <Designations> root; the entities
// decoded before a read error are returned with it.
func ParseXML(r io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
	var (
		out    []clearance.Entity
		report clearance.ParseReport
		bad    tidy.Notes
		root   bool
		depth  int
		seen   = map[string]bool{}
	)
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return out, report, fmt.Errorf("fcdo: UK Sanctions List XML line %d: %w", line, err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			depth--
			continue
		case xml.StartElement:
			depth++
			switch {
			case depth == 1 && t.Name.Local == "Designations":
				root = true
				// Some copies carry the date as a root attribute instead
				// of (or besides) the DateGenerated element.
				for _, a := range t.Attr {
					if strings.EqualFold(a.Name.Local, "dateGenerated") {
						if p, err := publishedDate(a.Value); err == nil {
							report.Published = p
						}
					}
				}
			case depth == 1:
				return out, report, fmt.Errorf("fcdo: root element <%s>, want <Designations>", t.Name.Local)
			case depth == 2 && t.Name.Local == "DateGenerated":
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return out, report, fmt.Errorf("fcdo: DateGenerated: %w", err)
				}
				depth--
				if p, err := publishedDate(s); err == nil {
					report.Published = p
				} else {
					report.Notes = append(report.Notes, "DateGenerated: "+err.Error())
				}
			case depth == 2 && t.Name.Local == "Designation":
				line, _ := d.InputPos()
				var rec xmlDesignation
				if err := d.DecodeElement(&rec, &t); err != nil {
					return out, report, fmt.Errorf("fcdo: Designation at line %d: %w", line, err)
				}
				depth--
				report.Records++
				e, reason := rec.designation().entity(&bad)
				if reason != "" {
					report.Skip(fmt.Sprintf("Designation %s (line %d)", tidy.Clean(rec.UniqueID), line), "%s", reason)
					continue
				}
				if seen[e.ID] {
					report.Skip(fmt.Sprintf("Designation %s (line %d)", tidy.Clean(rec.UniqueID), line), "Unique ID listed twice")
					continue
				}
				seen[e.ID] = true
				out = append(out, e)
			}
		}
	}
	if !root {
		return out, report, errors.New("fcdo: no <Designations> root: not a UK Sanctions List XML file")
	}
	report.Notes = append(report.Notes, bad...)
	return out, report, nil
}

func (x *xmlDesignation) designation() *designation {
	d := &designation{
		uniqueID: x.UniqueID, groupID: x.GroupID, unRef: x.UNRef, typ: x.Type,
		regimes: []string{x.Regime}, nonLatin: x.NonLatin, titles: x.Titles,
		positions: x.Individual.Positions, dobs: x.Individual.DOBs,
		nationalities: x.Individual.Nationalities, genders: x.Individual.Genders,
		emails: x.Emails, phones: x.Phones, websites: x.Websites,
		designated: x.DateDesignated, other: x.Other,
	}
	for _, n := range x.Names {
		d.names = append(d.names, name{parts: [6]string{n.Name1, n.Name2, n.Name3, n.Name4, n.Name5, n.Name6}, kind: n.Type, strength: n.Strength})
	}
	for _, b := range x.Individual.Births {
		if p := tidy.JoinNonEmpty(", ", tidy.Clean(b.Town), tidy.Clean(b.Country)); p != "" {
			d.birthPlaces = append(d.birthPlaces, p)
		}
	}
	for _, a := range x.Addresses {
		// Lines gets the AddressLine1..6 children, in order: the
		// postcode and country have fields of their own.
		if ad, ok := address(a.Lines, a.Post, a.Country); ok {
			d.addresses = append(d.addresses, ad)
		}
	}
	for _, p := range x.Individual.Passports {
		if id, ok := identifier("passport", p.Number, p.Note); ok {
			d.ids = append(d.ids, id)
		}
	}
	for _, p := range x.Individual.NationalIDs {
		if id, ok := identifier("national_id", p.Number, p.Note); ok {
			d.ids = append(d.ids, id)
		}
	}
	for _, r := range x.Entity.Registrations {
		if id, ok := identifier("registration", r, ""); ok {
			d.ids = append(d.ids, id)
		}
	}
	for _, imo := range x.Ship.IMOs {
		if id, ok := identifier("imo", imo, ""); ok {
			d.ids = append(d.ids, id)
		}
	}
	s := x.Ship
	d.vessel = &clearance.VesselInfo{Type: first(s.Types), Tonnage: first(s.Tonnage), Flag: first(s.Flags), Owner: first(s.Owners)}
	return d
}

func first(ss []string) string {
	for _, s := range ss {
		if s = tidy.Clean(s); s != "" {
			return s
		}
	}
	return ""
}
