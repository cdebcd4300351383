//go:build !parsers

package lists

import (
	"errors"
	"io"

	"github.com/clearance-screening/clearance"
)

var errNoParser = errors.New("parser not built")

func unParse(io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
	return nil, clearance.ParseReport{}, errNoParser
}

var (
	euParse  = unParse
	hmtParse = unParse
)

func builtinEntities() ([]clearance.Entity, clearance.ParseReport, error) {
	return nil, clearance.ParseReport{}, errNoParser
}

const builtinKey = "clearance_dprk"

func ofacParse(key, main, add, alt, comments string) func(map[string]io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
	return func(map[string]io.Reader) ([]clearance.Entity, clearance.ParseReport, error) {
		return nil, clearance.ParseReport{}, errNoParser
	}
}
