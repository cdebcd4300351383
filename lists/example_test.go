package lists_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/clearance-screening/clearance/lists"
)

func ExampleLoadDir() {
	datasets, errs := lists.LoadDir("testdata/lists", nil)
	for _, err := range errs {
		log.Print(err) // one source failing does not stop the others
	}
	for _, ds := range datasets {
		fmt.Printf("%s: %d entities\n", ds.Source.Key, len(ds.Entities))
	}
	// Output:
	// us_ofac_sdn: 3 entities
	// us_ofac_cons: 2 entities
	// un_sc_sanctions: 3 entities
	// eu_fsf: 2 entities
	// gb_hmt_sanctions: 3 entities
	// gb_fcdo_sanctions: 2 entities
}

// Update the cache, then screen against whatever it holds, falling back to
// the built-in set when it holds nothing.
func ExampleUpdater() {
	cache := filepath.Join(os.Getenv("HOME"), ".cache", "clearance", "lists")
	u := &lists.Updater{CacheDir: cache, Logf: log.Printf}
	results, err := u.Update(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		fmt.Printf("%s: %s\n", r.Key, r.Message)
	}
	for _, st := range lists.CacheStatus(cache) {
		fmt.Printf("%s: %s\n", st.Key, st) // "us_ofac_sdn: fetched 3 days ago, 14965 entities"
	}
	datasets, _ := lists.LoadDir(cache, nil)
	if len(datasets) == 0 {
		builtin, err := lists.Builtin()
		if err != nil {
			log.Fatal(err)
		}
		datasets = append(datasets, builtin)
	}
}
