package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/server"
)

// runKeys manages API keys: create prints a new key once (only its hash
// is stored), list shows them, revoke ends one.
func runKeys(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("keys", "create --role admin|reviewer|analyst|screen [--name N] [--owner U] | list | revoke ID  --db FILE-or-URL", "Create, list and revoke the service's API keys.")
	dsn := fs.String("db", e.getenv("CLEARANCE_DB"), "SQLite file or postgres:// URL ($CLEARANCE_DB)")
	role := fs.String("role", "", "the key's role: admin, reviewer, analyst or screen")
	owner := fs.String("owner", "", "the user (username) the key belongs to and acts for; refused while they are disabled; at most their role")
	name := fs.String("name", "", "what the key is for, e.g. onboarding-service (shown in audit records' key list)")
	audit := e.addAuditFlags(fs, "audit-checkpoints")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return errUsage
	}
	st, err := e.openAuditedStore(ctx, *dsn, audit, 0, 0, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	switch pos[0] {
	case "create":
		r := clearance.Role(*role)
		if !r.Allows(clearance.RoleScreen) {
			return fmt.Errorf("--role %q: want admin, reviewer, analyst or screen", *role)
		}
		if *name == "" {
			*name = string(r) + " key created " + time.Now().UTC().Format(time.DateOnly)
		}
		ownerID, err := keyOwnerID(ctx, st, *owner) // users.go
		if err != nil {
			return err
		}
		secret, k, err := server.CreateOwnedKey(ctx, st, "cli", *name, r, ownerID)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, secret)
		fmt.Fprintf(e.stderr, "clearance: created %s key %s (%q) %s; the key is shown only now\n", k.Role, k.ID, k.Name, ownerText(k))
		return nil
	case "list":
		keys, err := st.ListAPIKeys(ctx)
		if err != nil {
			return err
		}
		if e.json {
			return writeJSON(e.stdout, keys)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tROLE\tOWNER\tNAME\tCREATED\tREVOKED")
		for _, k := range keys {
			rev := ""
			if !k.RevokedAt.IsZero() {
				rev = k.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Role, ownerName(k), k.Name, k.CreatedAt.Format(time.RFC3339), rev)
		}
		return tw.Flush()
	case "revoke":
		if len(pos) != 2 {
			return fmt.Errorf("keys revoke: want one key ID")
		}
		if err := st.RevokeAPIKey(ctx, "cli", pos[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "clearance: revoked %s (running servers refuse it within a second)\n", pos[1])
		return nil
	}
	fs.Usage()
	return errUsage
}
