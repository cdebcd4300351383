// Package builtin is clearance's own small DPRK dataset, embedded in the
// binary so that screening works with no list downloaded: the designations
// tied to North Korea's IT-worker and hacking networks by the US (OFAC) and
// the Republic of Korea, with their aliases, romanisation variants and
// wallets.
//
// The data lives in dprk.json, in the JSON shape of clearance.Entity, and
// is edited by hand. It is transcribed from the public facts in the
// project's fact sheet (shared/docs/dprk-facts.md, sections 1.1-1.4 and 2),
// never copied from the official list files; where the fact sheet and
// OFAC's files disagree on a name, the official spelling is used and the
// remark says so. Every entity's remarks cite its sources.
//
// Conventions of the file:
//   - IDs are "clearance_dprk:<slug of the primary name>".
//   - SameAs holds "us_ofac_sdn:<ent_num>" only where the fact sheet ties
//     an OFAC entity number without calling it a guess.
//   - Programs holds the OFAC program tag the fact sheet gives, or the tag
//     of the executive order it names (13687 DPRK2, 13722 DPRK3, 13810
//     DPRK4, 13694 CYBER2). "DPRK" marks a US North Korea designation whose
//     authority the fact sheet does not pin down. "ROK" marks a designation
//     by the Republic of Korea; "ROK-LINKED" an organisation included only
//     because ROK designees belong to it.
//   - ListedOn is the US designation date, or the ROK date for ROK-only
//     entries; it is left empty where the fact sheet gives no day or casts
//     doubt on the date.
//   - Nothing the fact sheet does not give is filled in: most dates of
//     birth, passports and wallets of 2023-2025 designees are in the
//     official lists only.
package builtin

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/clearance-screening/clearance"
)

// Source is the dataset key that prefixes every entity ID.
const Source = "clearance_dprk"

//go:embed dprk.json
var data []byte

// file is the layout of dprk.json.
type file struct {
	// AsOf is the day the file was last checked against the fact sheet.
	AsOf     string             `json:"as_of"`
	About    string             `json:"about"`
	Entities []clearance.Entity `json:"entities"`
}

// Entities decodes the embedded dataset. Each call returns fresh values the
// caller may change. An error means dprk.json itself is malformed (an
// unknown field, a syntax error); an entity that is well-formed JSON but
// unusable (no ID, no name) is skipped and reported, as a parser would.
func Entities() ([]clearance.Entity, clearance.ParseReport, error) {
	return decode(data)
}

func decode(b []byte) ([]clearance.Entity, clearance.ParseReport, error) {
	var (
		f      file
		report clearance.ParseReport
	)
	d := json.NewDecoder(bytes.NewReader(b))
	// A misspelt field name would otherwise vanish silently from a
	// hand-edited file.
	d.DisallowUnknownFields()
	if err := d.Decode(&f); err != nil {
		return nil, report, fmt.Errorf("%s: dprk.json: %w", Source, err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, report, fmt.Errorf("%s: dprk.json: data after the top-level object", Source)
	}
	if _, err := clearance.ParseDate(f.AsOf); err == nil && len(f.AsOf) == 10 {
		report.Published = f.AsOf
	}
	report.Records = len(f.Entities)
	out := make([]clearance.Entity, 0, len(f.Entities))
	seen := make(map[string]bool, len(f.Entities))
	for i, e := range f.Entities {
		where := fmt.Sprintf("dprk.json entity %d (%s)", i+1, e.ID)
		if reason := problem(e, seen); reason != "" {
			report.Skip(where, "%s", reason)
			continue
		}
		seen[e.ID] = true
		out = append(out, e)
	}
	return out, report, nil
}

// problem says why an entity cannot be used, or "".
func problem(e clearance.Entity, seen map[string]bool) string {
	switch {
	case !strings.HasPrefix(e.ID, Source+":") || len(e.ID) == len(Source)+1:
		return fmt.Sprintf("ID must be %q followed by a slug", Source+":")
	case seen[e.ID]:
		return "duplicate ID"
	case e.Source != Source:
		return fmt.Sprintf("source %q, want %q", e.Source, Source)
	case len(e.Names) == 0 || strings.TrimSpace(e.Names[0].Full) == "":
		return "no name"
	case e.Names[0].Kind != clearance.Primary:
		return "first name is not the primary name"
	}
	switch e.Type {
	case clearance.Person, clearance.Organization, clearance.Vessel, clearance.Aircraft:
		return ""
	}
	return fmt.Sprintf("type %q, want person, organization, vessel or aircraft", e.Type)
}
