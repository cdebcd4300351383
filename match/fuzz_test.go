package match_test

import (
	"errors"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// FuzzScreen screens whatever a caller may send against the built-in set.
// The engine turns its own panics into errors wrapping ErrInternal, so
// that is what the fuzzer looks for, with answers out of order or range.
func FuzzScreen(f *testing.F) {
	ds, err := lists.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	ix := match.Build(ds.Entities, match.Options{})
	for _, s := range [][5]string{
		{"King San Man", "1965", "KP", "M", ""},
		{"(김정은)", "0000-00-00", "XX", "U", ""},
		{"Kim김정은", "", "", "", "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"},
		{"Mr.김정은", "1965-00-00", "Korea, North", "female", ""},
		{"김0&0000", "00/00/0000", "unknown", "n/a", "0x"},
		{"\u202eKIM\u200b Sang\u00a0Man\x00", "1965-13", "ZZ", "?", "bc1"},
		{"صدام حسين التكريتي", "1937", "IQ", "male", ""},
		{"Chosun Expo Joint Venture (CEJV) Co., Ltd.", "", "CN", "", ""},
		{"A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A A", "", "", "", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4], float64(0.5), uint8(10))
	}
	f.Fuzz(func(t *testing.T, name, dob, country, gender, wallet string, minScore float64, limit uint8) {
		q := clearance.Query{Name: name, DOB: dob, Country: country, Gender: gender, Wallet: wallet}
		opts := clearance.ScreenOptions{Limit: int(limit)}
		if clearance.CheckMinScore(minScore) == nil {
			opts.MinScore = &minScore
		}
		ms, err := ix.Screen(q, opts)
		if errors.Is(err, match.ErrInternal) {
			t.Fatalf("Screen(%+v): %v", q, err)
		}
		if err != nil {
			return
		}
		want := 10
		if limit > 0 {
			want = int(limit)
		}
		floor := ix.Threshold()
		if opts.MinScore != nil {
			floor = minScore
		}
		if len(ms) > want {
			t.Fatalf("%d matches, limit %d", len(ms), want)
		}
		for i, m := range ms {
			if m.Score < floor || m.Score > 1 || m.Score != m.Score || i > 0 && m.Score > ms[i-1].Score || len(m.Reasons) == 0 {
				t.Fatalf("Screen(%+v) match %d: %+v (floor %v)", q, i, m, floor)
			}
			if _, ok := ix.Entity(m.EntityID); !ok {
				t.Fatalf("match of an entity not in the index: %s", m.EntityID)
			}
		}
	})
}
