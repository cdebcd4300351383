package fcdo

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clearance-screening/clearance"
)

// checkEntities fails on what no input may produce: entities without an
// ID or a primary name, IDs twice, text that is not UTF-8.
func checkEntities(t *testing.T, es []clearance.Entity, rep clearance.ParseReport, err error) {
	t.Helper()
	if rep.Records < len(es) {
		t.Fatalf("%d records gave %d entities", rep.Records, len(es))
	}
	seen := map[string]bool{}
	for _, e := range es {
		if !strings.HasPrefix(e.ID, Source+":") || len(e.ID) == len(Source)+1 || seen[e.ID] {
			t.Fatalf("bad or repeated ID %q", e.ID)
		}
		seen[e.ID] = true
		if len(e.Names) == 0 || e.Names[0].Kind != clearance.Primary {
			t.Fatalf("%s: names %+v", e.ID, e.Names)
		}
		for _, n := range e.Names {
			if n.Full == "" || !utf8.ValidString(n.Full) {
				t.Fatalf("%s: bad name %q", e.ID, n.Full)
			}
		}
		for _, id := range e.Identifiers {
			if id.Type == "" || id.Number == "" {
				t.Fatalf("%s: empty identifier %+v", e.ID, id)
			}
		}
	}
}

func FuzzParseXML(f *testing.F) {
	f.Add(`<Designations><DateGenerated>07/09/2026</DateGenerated><Designation><UniqueID>DPR0075</UniqueID><Names><Name><Name6>Petrel 8</Name6><NameType>Primary name</NameType></Name></Names><IndividualEntityShip>Ship</IndividualEntityShip><ShipDetails><Ship><IMONumbers><IMONumber>IMO9562233</IMONumber></IMONumbers></Ship></ShipDetails></Designation></Designations>`)
	f.Add(`<Designations><Designation><UniqueID>A</UniqueID><Names><Name><NameType>Primary Name</NameType></Name><Name><Name1>x</Name1><NameType>Alias</NameType></Name></Names><IndividualDetails><Individual><DOBs><DOB>dd/mm/19yy</DOB></DOBs></Individual></IndividualDetails></Designation><Designation><UniqueID>A</UniqueID></Designation></Designations>`)
	f.Add(`<export/>`)
	f.Fuzz(func(t *testing.T, in string) {
		es, rep, err := ParseXML(strings.NewReader(in))
		checkEntities(t, es, rep, err)
	})
}

func FuzzParseCSV(f *testing.F) {
	f.Add("Report Date: 07-Sep-2026\nUnique ID,Name 1,Name 6,Name type,Designation Type,D.O.B,IMO number\nA1,John,Doe,Primary name,Individual,00/00/1970,\nA1,,,Alias,Individual,,\nB2,,Ship,Alias,Ship,,IMO 1\n")
	f.Add("Unique ID,Name 6\n\"a\"\"\",\"\n\"\n,x\n")
	f.Add("Report Date: 31-Feb-2026\n")
	f.Fuzz(func(t *testing.T, in string) {
		es, rep, err := ParseCSV(strings.NewReader(in))
		checkEntities(t, es, rep, err)
	})
}
