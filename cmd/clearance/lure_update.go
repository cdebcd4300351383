package main

import (
	"context"
	"fmt"

	"github.com/clearance-screening/clearance/lure/intel"
)

// runLureUpdate fetches a newer dependency-intelligence list into the
// cache, where later scans find it.
func runLureUpdate(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("lure update", "[--from URL-or-FILE]",
		"Fetch a newer list of malicious package names (this tool's JSON, a CSV of records with a '# date:' line, or OSV malicious-package records as JSON or a zip) and install it in the cache after checking it: it must parse, hold records, not be under half the size of the list in use, and not be older. A refused download leaves the list in use as it was.")
	from := fs.String("from", e.getenv("CLEARANCE_LURE_INTEL_URL"), "URL or file to read (default $CLEARANCE_LURE_INTEL_URL)")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if *from == "" {
		fs.Usage()
		return fmt.Errorf("lure update: no --from and no $CLEARANCE_LURE_INTEL_URL: %w", errUsage)
	}
	u := &intel.Updater{CacheDir: e.cacheDir}
	res := u.Update(ctx, *from)
	fmt.Fprintf(e.stdout, "lure intel: %s\n", res.Message)
	if res.Status != intel.Updated {
		return fmt.Errorf("lure update: %s", res.Status)
	}
	return nil
}
