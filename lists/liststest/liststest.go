// Package liststest makes the broken list files every load path must
// refuse, from the real files in the shared lists folder: a truncated
// sdn.csv, an empty UN file, a header-only UK file, a file with the wrong
// XML root, a list shrunk to a tenth, a list older than the one in use.
// The lists, server and command tests all check their load paths against
// the same cases.
package liststest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

// Case is one broken version of one source: the real files of Key with
// File replaced by Data.
type Case struct {
	Name string
	Key  string
	// File is the catalogue name of the file replaced (ConList.csv for
	// the UK list, whatever the shared copy is called).
	File string
	Data []byte
	// Reason is the refusal reason the case must get (a lists.Reason*
	// value). Shrunk and older need the good version accepted first.
	Reason string
	// NeedsPrevious says the case passes the structural checks, and is
	// refused only against the version last accepted.
	NeedsPrevious bool
}

// Cases returns the broken versions, built from the shared files.
func Cases(tb testing.TB) []Case {
	tb.Helper()
	read := func(elem ...string) []byte {
		b, err := os.ReadFile(sharedfiles.Lists(tb, elem...))
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	sdn := read("us_ofac_sdn", "sdn.csv")
	lines := bytes.SplitAfter(sdn, []byte("\r\n"))
	// 14,965 entries; losing the last 6,887 leaves 8,078, and the cut
	// falls 20 bytes into the next line, as a dropped connection leaves it.
	truncated := append(bytes.Join(lines[:8078], nil), lines[8078][:20]...)
	// A tenth of the non-SDN list's entries (the smallest real list, so
	// the case is quick), cut cleanly at a line and ended with OFAC's
	// end-of-file marker: only the count gives it away.
	cons := bytes.SplitAfter(read("us_ofac_cons", "cons_prim.csv"), []byte("\r\n"))
	tenth := append(bytes.Join(cons[:len(cons)/10], nil), 0x1a)

	uk := read("gb_hmt_sanctions", "sanctionsconlist.csv")
	ukLines := bytes.SplitAfter(uk, []byte("\n"))
	headerOnly := bytes.Join(ukLines[:2], nil)

	un := read("un_sc_sanctions", "consolidated.xml")
	older := bytes.Replace(un, []byte(`dateGenerated="2026-02-27`), []byte(`dateGenerated="2025-02-27`), 1)
	eu, err := os.ReadFile(sharedfiles.Extracts(tb, "eu_fsf", "fsf.xml"))
	if err != nil {
		tb.Fatal(err)
	}
	return []Case{
		{Name: "truncated sdn.csv", Key: "us_ofac_sdn", File: "sdn.csv", Data: truncated, Reason: "truncated"},
		{Name: "empty UN file", Key: "un_sc_sanctions", File: "consolidated.xml", Data: []byte{}, Reason: "empty"},
		{Name: "header-only UK file", Key: "gb_hmt_sanctions", File: "ConList.csv", Data: headerOnly, Reason: "empty"},
		{Name: "wrong XML root (the EU file as the UN's)", Key: "un_sc_sanctions", File: "consolidated.xml", Data: eu, Reason: "wrong_format"},
		{Name: "non-SDN list shrunk to a tenth", Key: "us_ofac_cons", File: "cons_prim.csv", Data: tenth, Reason: "shrunk", NeedsPrevious: true},
		{Name: "UN list older than the one in use", Key: "un_sc_sanctions", File: "consolidated.xml", Data: older, Reason: "older", NeedsPrevious: true},
	}
}

// CopySource copies the shared folder of key into dir/key, under the
// catalogue's file names (the UK list's sanctionsconlist.csv as
// ConList.csv, the name it is downloaded under).
func CopySource(tb testing.TB, dir, key string) {
	tb.Helper()
	from := filepath.Join(sharedfiles.ListsDir(), key)
	ents, err := os.ReadDir(from)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, key), 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() || e.Name() == "MANIFEST.md" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		name := e.Name()
		if name == "sanctionsconlist.csv" {
			name = "ConList.csv"
		}
		if err := os.WriteFile(filepath.Join(dir, key, name), b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// Break writes the case's file into dir/<key>/.
func (c Case) Break(tb testing.TB, dir string) {
	tb.Helper()
	if err := os.WriteFile(filepath.Join(dir, c.Key, c.File), c.Data, 0o644); err != nil {
		tb.Fatal(err)
	}
}
