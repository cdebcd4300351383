package lists

import (
	"fmt"
	"io"
	"time"

	"github.com/clearance-screening/clearance"
)

// The publishers' own download addresses, as of 2025. The EU token is not a
// secret: it is the fixed public token the EU's Financial Sanctions Files
// site puts in every download link.
const (
	ofacBase     = "https://www.treasury.gov/ofac/downloads/"
	ofacConsBase = "https://www.treasury.gov/ofac/downloads/consolidated/"
	unURL        = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
	euURL        = "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"
	ukURL        = "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"
	fcdoURL      = "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"
)

// ofsiRetired is the warning every load of the OFSI Consolidated List gives.
const ofsiRetired = "retired: HM Treasury stopped the OFSI Consolidated List on 28 January 2026; the UK's list is now the FCDO's UK Sanctions List (gb_fcdo_sanctions), whose designations this copy may lack"

// Catalogue lists the official sources clearance knows, in the order they
// are loaded and reported.
//
// File names are the publishers' own, except the EU list, whose download
// URL names no file: it is saved as eu_fsf.xml. The UK list is saved as
// ConList.csv, its name since 2022; the older sanctionsconlist.csv is
// accepted when loading a folder.
//
// The UK Treasury retired the OFSI Consolidated List on 28 January 2026 in
// favour of the FCDO's UK Sanctions List (gb_fcdo_sanctions), a different
// file with different IDs. gb_hmt_sanctions is kept so that older copies
// still load, with a warning saying it is retired.
//
// Each file has a structural check for its format, so that a cut or
// foreign file is refused before it is parsed (see validate.go).
func Catalogue() []Source {
	return []Source{
		{
			Key:       "us_ofac_sdn",
			Title:     "US OFAC Specially Designated Nationals (SDN) List",
			Publisher: "US Treasury, Office of Foreign Assets Control",
			Format:    "OFAC legacy CSV",
			Files: []File{
				{Name: "sdn.csv", URL: ofacBase + "sdn.csv", check: csvComplete},
				{Name: "add.csv", URL: ofacBase + "add.csv", check: csvComplete},
				{Name: "alt.csv", URL: ofacBase + "alt.csv", check: csvComplete},
				{Name: "sdn_comments.csv", URL: ofacBase + "sdn_comments.csv", Optional: true, check: csvComplete},
			},
			parse: ofacParse("us_ofac_sdn", "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
		},
		{
			Key:       "us_ofac_cons",
			Title:     "US OFAC Consolidated (non-SDN) List",
			Publisher: "US Treasury, Office of Foreign Assets Control",
			Format:    "OFAC legacy CSV",
			Files: []File{
				{Name: "cons_prim.csv", URL: ofacConsBase + "cons_prim.csv", check: csvComplete},
				{Name: "cons_add.csv", URL: ofacConsBase + "cons_add.csv", check: csvComplete},
				{Name: "cons_alt.csv", URL: ofacConsBase + "cons_alt.csv", check: csvComplete},
				{Name: "cons_comments.csv", URL: ofacConsBase + "cons_comments.csv", Optional: true, check: csvComplete},
			},
			parse: ofacParse("us_ofac_cons", "cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
		},
		{
			Key:       "un_sc_sanctions",
			Title:     "UN Security Council Consolidated List",
			Publisher: "United Nations Security Council",
			Format:    "UN consolidated XML",
			Files:     []File{{Name: "consolidated.xml", URL: unURL, check: xmlRoot("CONSOLIDATED_LIST")}},
			parse:     singleFile("consolidated.xml", unParse),
		},
		{
			Key:       "eu_fsf",
			Title:     "EU Consolidated Financial Sanctions List",
			Publisher: "European Commission, DG FISMA",
			Format:    "EU FSF XML 1.1",
			Files:     []File{{Name: "eu_fsf.xml", URL: euURL, check: xmlRoot("export")}},
			parse:     singleFile("eu_fsf.xml", euParse),
		},
		{
			Key:       "gb_hmt_sanctions",
			Title:     "UK HM Treasury / OFSI Consolidated List of Financial Sanctions Targets",
			Publisher: "HM Treasury, Office of Financial Sanctions Implementation",
			Format:    "OFSI ConList CSV",
			Files:     []File{{Name: "ConList.csv", URL: ukURL, Aliases: []string{"sanctionsconlist.csv"}, check: csvComplete}},
			Retired:   ofsiRetired,
			parse:     singleFile("ConList.csv", hmtParse),
		},
		{
			Key:       "gb_fcdo_sanctions",
			Title:     "UK Sanctions List",
			Publisher: "UK Foreign, Commonwealth and Development Office",
			Format:    "UK Sanctions List XML (or CSV)",
			Files: []File{{Name: "UK-Sanctions-List.xml", URL: fcdoURL, Aliases: []string{"UK-Sanctions-List.csv"},
				check: xmlOrCSV(xmlRoot("Designations"))}},
			parse: singleFile("UK-Sanctions-List.xml", fcdoParse),
		},
	}
}

func singleFile(name string, parse func(io.Reader) ([]clearance.Entity, clearance.ParseReport, error)) func(map[string]io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
	return func(files map[string]io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
		return parse(files[name])
	}
}

// BuiltinSource describes the hand-kept DPRK set compiled into clearance.
// It has no files: it is screened when no list folder is at hand, and
// alongside the official lists to cover designations they lack.
func BuiltinSource() Source {
	return Source{
		Key:       builtinKey,
		Title:     "clearance built-in DPRK IT-worker and cyber set",
		Publisher: "clearance (compiled from public designations)",
		Format:    "built in",
	}
}

// Builtin loads the built-in set.
func Builtin() (Dataset, error) {
	start := time.Now()
	ents, rep, err := builtinEntities()
	ds := Dataset{Source: BuiltinSource(), Entities: ents, Report: rep, LoadTime: time.Since(start)}
	if err != nil {
		return ds, fmt.Errorf("%s: %w", builtinKey, err)
	}
	return ds, nil
}
