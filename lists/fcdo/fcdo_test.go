package fcdo

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

// extract is the real FCDO extract (MANIFEST.md §6): 21 designations
// from the official XML, generated 7 September 2026, with the publisher's
// quirks left in.
func extract(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(sharedfiles.Extracts(t, "gb_fcdo_sanctions", "uk-sanctions-list.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func byID(t *testing.T, es []clearance.Entity, id string) clearance.Entity {
	t.Helper()
	for _, e := range es {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("entity %s not found", id)
	return clearance.Entity{}
}

func names(e clearance.Entity) []string {
	var out []string
	for _, n := range e.Names {
		out = append(out, n.Full)
	}
	return out
}

func TestTheRealExtractParsesWhole(t *testing.T) {
	es, rep, err := Parse(bytes.NewReader(extract(t)))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Published != "2026-09-07" {
		t.Errorf("published %q, want 2026-09-07 (DateGenerated 07/09/2026)", rep.Published)
	}
	types := map[clearance.EntityType]int{}
	for _, e := range es {
		types[e.Type]++
		if e.PrimaryName() == "" || e.Names[0].Kind != clearance.Primary || !strings.HasPrefix(e.ID, Source+":") {
			t.Errorf("%s: primary name %q (%s)", e.ID, e.PrimaryName(), e.Names[0].Kind)
		}
	}
	want := map[clearance.EntityType]int{clearance.Person: 14, clearance.Organization: 5, clearance.Vessel: 2}
	if rep.Records != 21 || len(es) != 21 || !reflect.DeepEqual(types, want) || len(rep.Skipped) != 0 {
		t.Errorf("%d records, %d entities %v, skipped %v; want 21 designations: 14 people, 5 entities, 2 ships", rep.Records, len(es), types, rep.Skipped)
	}
	// The one DOB the publisher wrote with a placeholder year is noted,
	// not guessed.
	if !reflect.DeepEqual(rep.Notes, []string{`RUS2701: DOB "15/08/19yy" unreadable`}) {
		t.Errorf("notes %q", rep.Notes)
	}
}

func TestTheDPRKShipKeepsItsIMONumberAndAliases(t *testing.T) {
	es, _, _ := Parse(bytes.NewReader(extract(t)))
	e := byID(t, es, "gb_fcdo_sanctions:DPR0075")
	if e.Type != clearance.Vessel || !reflect.DeepEqual(names(e), []string{"Petrel 8", "Jal Vahini", "Jal_Vahini", "Tian Tai 36"}) {
		t.Errorf("DPR0075: %s %q", e.Type, names(e))
	}
	if !reflect.DeepEqual(e.Identifiers, []clearance.Identifier{{Type: "imo", Number: "9562233"}}) {
		t.Errorf("DPR0075 identifiers %+v, want IMO 9562233 without its prefix", e.Identifiers)
	}
	if e.Vessel == nil || e.Vessel.Flag != "Comoros" || e.Vessel.Owner != "Global United Shipping India" || e.ListedOn != "2017-10-03" {
		t.Errorf("DPR0075 vessel %+v, listed %s", e.Vessel, e.ListedOn)
	}
	if !strings.Contains(e.Programs[0], "Democratic People's Republic of Korea") {
		t.Errorf("DPR0075 programs %q", e.Programs)
	}
}

func TestPublisherQuirksAreTidied(t *testing.T) {
	es, _, _ := Parse(bytes.NewReader(extract(t)))

	// BEL0174 lists an empty "Primary Name" before the real one.
	bel := byID(t, es, "gb_fcdo_sanctions:BEL0174")
	if got := names(bel); len(got) < 2 || got[0] != "KAZAKOV, Pavel Ivanovich" || got[1] != "KAZAKOU, Pavel Ivanavich" {
		t.Errorf("BEL0174 names %q: want the real primary first, its variation (trailing space trimmed) next", got)
	}
	if bel.Gender != "male" || len(bel.BirthDates) != 1 || bel.BirthDates[0].String() != "1977-06-11" || bel.Names[0].Kind != clearance.Primary {
		t.Errorf("BEL0174: gender %q, born %v", bel.Gender, bel.BirthDates)
	}
	if !reflect.DeepEqual(bel.SameAs, []string{"gb_hmt_sanctions:16744"}) {
		t.Errorf("BEL0174 same as %q, want its OFSI group", bel.SameAs)
	}

	// AFG0006 repeats one passport ten times and writes unknown parts of
	// its ten DOBs as dd/mm.
	afg := byID(t, es, "gb_fcdo_sanctions:AFG0006")
	if len(afg.Identifiers) != 1 || afg.Identifiers[0].Number != "P04581926" || afg.Identifiers[0].Country != "AF" {
		t.Errorf("AFG0006 identifiers %+v, want the one passport, Afghan", afg.Identifiers)
	}
	if len(afg.BirthDates) != 10 || afg.BirthDates[0] != (clearance.BirthDate{Date: clearance.Date{Year: 1945}}) {
		t.Errorf("AFG0006 birth dates %v, want ten years", afg.BirthDates)
	}
	if !reflect.DeepEqual(afg.SameAs, []string{"un_sc_sanctions:TAi.002", "gb_hmt_sanctions:7172"}) || afg.PrimaryName() != "AKHUND, MOHAMMAD HASSAN" {
		t.Errorf("AFG0006 same as %q, name %q", afg.SameAs, afg.PrimaryName())
	}
	if len(afg.Names) != 2 || afg.Names[1].Script != "Arabic" {
		t.Errorf("AFG0006 names %+v, want the Arabic-script name as an alias", afg.Names)
	}

	// Both spellings of the primary name type count ("Primary name" on
	// DPR0075, "Primary Name" elsewhere): every designation has its own
	// primary, none the first alias by default.
	for _, e := range es {
		if e.Names[0].Weak {
			t.Errorf("%s: primary name marked weak", e.ID)
		}
	}
}

// The CSV fixture writes DPR0075 and BEL0174 of the real extract as the
// CSV's rows would (one per name; header names as the FCDO publishes
// them), plus a row without a name. No real CSV could be had (MANIFEST.md).
func TestTheCSVGivesTheSameEntitiesAsTheXML(t *testing.T) {
	xes, _, _ := Parse(bytes.NewReader(extract(t)))
	f, err := os.ReadFile("testdata/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	ces, rep, err := Parse(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Published != "2026-09-07" || rep.Records != 8 || len(ces) != 2 {
		t.Fatalf("CSV: published %q, %d records, %d entities; want 2026-09-07, 8, 2", rep.Published, rep.Records, len(ces))
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Reason != "no name" {
		t.Errorf("skipped %v, want BAD0001 for having no name", rep.Skipped)
	}
	for _, id := range []string{"gb_fcdo_sanctions:DPR0075", "gb_fcdo_sanctions:BEL0174"} {
		x, c := byID(t, xes, id), byID(t, ces, id)
		if !reflect.DeepEqual(names(c), names(x)) || c.Type != x.Type || !reflect.DeepEqual(c.BirthDates, x.BirthDates) ||
			!reflect.DeepEqual(c.Identifiers, x.Identifiers) || !reflect.DeepEqual(c.SameAs, x.SameAs) || c.ListedOn != x.ListedOn ||
			!reflect.DeepEqual(c.Vessel, x.Vessel) || c.Gender != x.Gender || !reflect.DeepEqual(c.BirthPlaces, x.BirthPlaces) {
			t.Errorf("%s differs:\nCSV %+v\nXML %+v", id, c, x)
		}
	}
}

func TestNotAUKSanctionsListIsAnError(t *testing.T) {
	for _, in := range []string{
		`<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-02-27"></CONSOLIDATED_LIST>`,
		`<Designations><Designation>`,
		"Report Date: 07-Sep-2026\nsome,other,columns\n",
		"",
	} {
		if _, _, err := Parse(strings.NewReader(in)); err == nil {
			t.Errorf("Parse(%.40q) = nil error", in)
		}
	}
}

// The date is read wherever a copy puts it: the DateGenerated element,
// a dateGenerated attribute on the root (as another copy of this extract
// has it), the CSV's Report Date line.
func TestThePublicationDateIsReadWhereverItIs(t *testing.T) {
	for in, want := range map[string]string{
		`<Designations><DateGenerated>14/08/2026</DateGenerated></Designations>`:               "2026-08-14",
		`<Designations dateGenerated="2026-08-14T10:11:12"></Designations>`:                    "2026-08-14",
		"Report Date: 21-Sep-2026\nUnique ID,Name 6,Name type\nA1,X,Primary name\n":            "2026-09-21",
		"\uFEFFReport Date: 1-Sep-2026\r\nUnique ID,Name 6,Name type\r\nA1,X,Primary name\r\n": "2026-09-01",
	} {
		_, rep, err := Parse(strings.NewReader(in))
		if err != nil || rep.Published != want {
			t.Errorf("Parse(%.50q): published %q, %v; want %s", in, rep.Published, err, want)
		}
	}
}
