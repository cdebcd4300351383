package lists

import (
	"io"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists/builtin"
	"github.com/clearance-screening/clearance/lists/eu"
	"github.com/clearance-screening/clearance/lists/fcdo"
	"github.com/clearance-screening/clearance/lists/hmt"
	"github.com/clearance-screening/clearance/lists/ofac"
	"github.com/clearance-screening/clearance/lists/un"
)

// The parsers the catalogue wires, one per publisher format.
var (
	unParse         = un.Parse
	euParse         = eu.Parse
	hmtParse        = hmt.Parse
	fcdoParse       = fcdo.Parse
	builtinEntities = builtin.Entities
)

const builtinKey = builtin.Source

func ofacParse(key, main, add, alt, comments string) func(map[string]io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
	return func(files map[string]io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
		// Comments stays a nil interface, not a nil *bytes.Reader, when
		// the file is absent: the parser tests it against nil.
		return ofac.Parse(key, ofac.Files{Main: files[main], Addresses: files[add], Aliases: files[alt], Comments: files[comments]})
	}
}
