package ofac

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "set", name))
		if err != nil {
			f.Fatal(err)
		}
		return string(b)
	}
	f.Add(read("sdn.csv"), read("add.csv"), read("alt.csv"), read("sdn_comments.csv"))
	f.Add(`1,"A",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB circa 1979-1982; a.k.a. ''; ("`, "1,1,-0- ,-0- ,-0- ,-0- ", `1,1,"x","",-0- `, `1,"; ((("`)
	f.Add(`1,"A\"B",-0- ,"]] [[",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Passport (); Digital Currency Address - ; alt. "`, "", "", `1,"`)
	f.Add("\x1a", "\xff\xfe", "", "")

	f.Fuzz(func(t *testing.T, main, add, alt, comments string) {
		es, rep, err := Parse("us_ofac_sdn", Files{
			Main:      strings.NewReader(main),
			Addresses: strings.NewReader(add),
			Aliases:   strings.NewReader(alt),
			Comments:  strings.NewReader(comments),
		})
		if err == nil && len(es) == 0 {
			t.Fatal("no error and no entities")
		}
		if err != nil && len(es) != 0 {
			t.Fatalf("error %v with %d entities", err, len(es))
		}
		if rep.Records < len(es) {
			t.Fatalf("%d records gave %d entities", rep.Records, len(es))
		}
		seen := map[string]bool{}
		for _, e := range es {
			if !strings.HasPrefix(e.ID, "us_ofac_sdn:") || len(e.ID) == len("us_ofac_sdn:") {
				t.Fatalf("bad ID %q", e.ID)
			}
			if seen[e.ID] {
				t.Fatalf("duplicate ID %q", e.ID)
			}
			seen[e.ID] = true
			if len(e.Names) == 0 || e.Names[0].Full == "" || e.Names[0].Kind != "primary" {
				t.Fatalf("%s: bad names %+v", e.ID, e.Names)
			}
			for _, n := range e.Names {
				if n.Full == "" || !utf8.ValidString(n.Full) {
					t.Fatalf("%s: bad name %q", e.ID, n.Full)
				}
			}
			if !utf8.ValidString(e.Remarks) {
				t.Fatalf("%s: remarks are not UTF-8", e.ID)
			}
			for _, w := range e.Wallets {
				if w.Currency == "" || w.Address == "" {
					t.Fatalf("%s: empty wallet %+v", e.ID, w)
				}
			}
			for _, id := range e.Identifiers {
				if id.Type == "" || id.Number == "" {
					t.Fatalf("%s: empty identifier %+v", e.ID, id)
				}
			}
		}
	})
}
