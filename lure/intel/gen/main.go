// Command gen builds lure/intel's embedded list (intel.json) from the
// cited source files in lure/intel/sources. Run it with "go generate
// ./lure/intel" after editing a source file.
package main

import (
	"fmt"
	"os"

	"github.com/clearance-screening/clearance/lure/intel"
)

func main() {
	d, err := intel.Build(os.DirFS("sources"))
	if err == nil {
		var b []byte
		if b, err = intel.Marshal(d); err == nil {
			err = os.WriteFile("intel.json", b, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "intel gen:", err)
		os.Exit(1)
	}
}
