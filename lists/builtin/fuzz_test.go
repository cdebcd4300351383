package builtin

import (
	"errors"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// FuzzDecode feeds the built-in set's loader what a bad edit of dprk.json
// could hold. It must never panic; every entity it keeps must be usable
// (the checks of problem hold) and must index and screen by its own name.
func FuzzDecode(f *testing.F) {
	f.Add(data)
	f.Add([]byte(`{"as_of":"2025-06-01","entities":[{"id":"clearance_dprk:x","source":"clearance_dprk","type":"person","names":[{"full":"(김정은)","kind":"primary"}],"birth_dates":[{"year":-1,"month":13,"day":99}],"gender":"U","nationalities":["XX"]}]}`))
	f.Add([]byte(`{"entities":[{"id":"clearance_dprk:a","source":"clearance_dprk","type":"person","names":[{"full":"A","kind":"primary"}]},{"id":"clearance_dprk:a","source":"clearance_dprk","type":"person","names":[{"full":"A","kind":"primary"}]}]}`))
	f.Add([]byte(`{"entities":[{"id":"clearance_dprk:w","source":"clearance_dprk","type":"organization","names":[{"full":"\u0000\u200b","kind":"primary"}],"wallets":[{"currency":"XMR","address":"5be5543ff73456ab9f2d207887e2af87322c651ea1a873c5b25b7ffae456c320"}]}]}`))
	f.Add([]byte(`{"entities":[{"id":"x"}], "extra": 1}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ents, rep, err := decode(b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), Source+": dprk.json: ") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if len(ents)+len(rep.Skipped) != rep.Records {
			t.Fatalf("%d kept + %d skipped != %d records", len(ents), len(rep.Skipped), rep.Records)
		}
		seen := map[string]bool{}
		for _, e := range ents {
			if p := problem(e, seen); p != "" {
				t.Fatalf("kept an unusable entity %+v: %s", e, p)
			}
			seen[e.ID] = true
		}
		ix := match.Build(ents, match.Options{})
		if sk := ix.Skipped(); len(sk) > 0 {
			t.Fatalf("the index left out %v", sk)
		}
		for i := range ents {
			// A name may be refused as a query (over the length limit, no
			// letters); only a bug in the engine fails.
			if _, err := ix.Screen(clearance.Query{Name: ents[i].Names[0].Full}, clearance.ScreenOptions{MinScore: new(0.0)}); errors.Is(err, match.ErrInternal) {
				t.Fatalf("screening %s by its own name %q: %v", ents[i].ID, ents[i].Names[0].Full, err)
			}
		}
	})
}
