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
)

// Catalogue lists the official sources clearance knows, in the order they
// are loaded and reported.
//
// File names are the publishers' own, except the EU list, whose download
// URL names no file: it is saved as eu_fsf.xml. The UK list is saved as
// ConList.csv, its name since 2022; the older sanctionsconlist.csv is
// accepted when loading a folder.
//
// The UK Treasury retired the OFSI Consolidated List on 28 January 2026 in
// favour of the FCDO's UK Sanctions List, a different file with different
// IDs. ConList.csv is kept here because the parser and the shared copy are
// of that format, but its URL may stop answering or stop changing; the
// UK Sanctions List needs a parser and a catalogue entry of its own.
func Catalogue() []Source {
	return []Source{
		{
			Key:       "us_ofac_sdn",
			Title:     "US OFAC Specially Designated Nationals (SDN) List",
			Publisher: "US Treasury, Office of Foreign Assets Control",
			Format:    "OFAC legacy CSV",
			Files: []File{
				{Name: "sdn.csv", URL: ofacBase + "sdn.csv"},
				{Name: "add.csv", URL: ofacBase + "add.csv"},
				{Name: "alt.csv", URL: ofacBase + "alt.csv"},
				{Name: "sdn_comments.csv", URL: ofacBase + "sdn_comments.csv", Optional: true},
			},
			parse: ofacParse("us_ofac_sdn", "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
		},
		{
			Key:       "us_ofac_cons",
			Title:     "US OFAC Consolidated (non-SDN) List",
			Publisher: "US Treasury, Office of Foreign Assets Control",
			Format:    "OFAC legacy CSV",
			Files: []File{
				{Name: "cons_prim.csv", URL: ofacConsBase + "cons_prim.csv"},
				{Name: "cons_add.csv", URL: ofacConsBase + "cons_add.csv"},
				{Name: "cons_alt.csv", URL: ofacConsBase + "cons_alt.csv"},
				{Name: "cons_comments.csv", URL: ofacConsBase + "cons_comments.csv", Optional: true},
			},
			parse: ofacParse("us_ofac_cons", "cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
		},
		{
			Key:       "un_sc_sanctions",
			Title:     "UN Security Council Consolidated List",
			Publisher: "United Nations Security Council",
			Format:    "UN consolidated XML",
			Files:     []File{{Name: "consolidated.xml", URL: unURL}},
			parse:     singleFile("consolidated.xml", unParse),
		},
		{
			Key:       "eu_fsf",
			Title:     "EU Consolidated Financial Sanctions List",
			Publisher: "European Commission, DG FISMA",
			Format:    "EU FSF XML 1.1",
			Files:     []File{{Name: "eu_fsf.xml", URL: euURL}},
			parse:     singleFile("eu_fsf.xml", euParse),
		},
		{
			Key:       "gb_hmt_sanctions",
			Title:     "UK HM Treasury / OFSI Consolidated List of Financial Sanctions Targets",
			Publisher: "HM Treasury, Office of Financial Sanctions Implementation",
			Format:    "OFSI ConList CSV",
			Files:     []File{{Name: "ConList.csv", URL: ukURL, Aliases: []string{"sanctionsconlist.csv"}}},
			parse:     singleFile("ConList.csv", hmtParse),
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
