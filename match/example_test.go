package match_test

import (
	"fmt"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lists"
	"github.com/clearance-screening/clearance/match"
)

// Embedding the screener: build an index once from any entities (here the
// built-in DPRK set; lists.LoadDir gives the official lists) and screen.
func Example() {
	ds, err := lists.Builtin()
	if err != nil {
		panic(err)
	}
	ix := match.Build(ds.Entities, match.Options{})
	ms, err := ix.Screen(clearance.Query{Name: "Kim Sangman", Type: clearance.Person, Country: "North Korea"}, clearance.ScreenOptions{})
	if err != nil {
		panic(err)
	}
	for _, m := range ms {
		fmt.Printf("%s %s %.2f alert=%v\n", m.EntityID, m.Name, m.Score, m.Score >= ix.Threshold())
		for _, r := range m.Reasons[:2] {
			fmt.Printf("  %s: %q ~ %q (%s)\n", r.Field, r.Query, r.Listed, r.How)
		}
	}
	// Output:
	// clearance_dprk:kim-sang-man KIM, Sang Man 0.97 alert=true
	//   name: "kim sangman" ~ "KIM, Sangman" (token alignment)
	//   name_token: "kim" ~ "kim" (exact)
}

// A wallet is screened on its canonical form; a malformed one is an error.
func ExampleIndex_Screen_wallet() {
	ds, _ := lists.Builtin()
	ix := match.Build(ds.Entities, match.Options{})
	ms, _ := ix.Screen(clearance.Query{Wallet: "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"}, clearance.ScreenOptions{})
	fmt.Println(ms[0].Name, ms[0].Score)
	_, err := ix.Screen(clearance.Query{Wallet: "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfX"}, clearance.ScreenOptions{})
	fmt.Println(err != nil)
	// Output:
	// KIM, Sang Man 1
	// true
}
