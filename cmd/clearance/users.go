package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/server"
)

// runUsers manages the named users: create (with a password read from
// stdin and an optional TOTP second factor), list, disable, enable, and
// new TOTP secrets or passwords.
func runUsers(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("users", "create --username U --role R [--display-name N] [--email E] [--password-stdin] [--totp] | list | disable U | enable U | totp U | password U --password-stdin  --db FILE-or-URL",
		"Create, list, disable and enable the people who sign in to the service.")
	dsn := fs.String("db", e.getenv("CLEARANCE_DB"), "SQLite file or postgres:// URL ($CLEARANCE_DB)")
	username := fs.String("username", "", "create: the username (letters, digits and . _ @ -), which audit records name")
	role := fs.String("role", "", "create: admin, reviewer, analyst or screen")
	display := fs.String("display-name", "", "create: the name shown on the web page")
	email := fs.String("email", "", "create: e-mail address; single sign-on with this address, verified by the provider, signs in as this user")
	pwStdin := fs.Bool("password-stdin", false, "create, password: read the password (at least 12 characters) from the first line of stdin; without it the user signs in through single sign-on only")
	withTOTP := fs.Bool("totp", false, "create: give the user a TOTP second factor and print its otpauth:// URI (once) for their authenticator app")
	oidcIssuer := fs.String("oidc-issuer", "", "create: link the user to this single sign-on issuer's --oidc-subject")
	oidcSubject := fs.String("oidc-subject", "", "create: the user's subject (sub) at --oidc-issuer")
	audit := e.addAuditFlags(fs, "audit-checkpoints")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return errUsage
	}
	one := func() (string, error) {
		if len(pos) != 2 {
			return "", fmt.Errorf("users %s: want one username or user ID", pos[0])
		}
		return pos[1], nil
	}
	password := func() (string, error) {
		if !*pwStdin {
			return "", nil
		}
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("--password-stdin: no password on stdin: %v", err)
		}
		pw := strings.TrimRight(line, "\r\n")
		if pw == "" {
			return "", errors.New("--password-stdin: the first line of stdin is empty")
		}
		return pw, nil
	}
	switch pos[0] {
	case "create", "list", "disable", "enable", "totp", "password":
	default:
		fs.Usage()
		return errUsage
	}
	if pos[0] == "create" {
		if *username == "" || *role == "" {
			return errors.New("users create: --username and --role are needed")
		}
		if !clearance.Role(*role).Allows(clearance.RoleScreen) {
			return fmt.Errorf("--role %q: want admin, reviewer, analyst or screen", *role)
		}
		if err := clearance.CheckUsername(*username); err != nil {
			return fmt.Errorf("--username: %v", err)
		}
	}
	pw, err := password()
	if err != nil {
		return err
	}
	st, err := e.openAuditedStore(ctx, *dsn, audit, 0, 0, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	us, ok := st.(clearance.UserStore)
	if !ok {
		return fmt.Errorf("the store %T keeps no users", st)
	}
	switch pos[0] {
	case "create":
		out, err := server.CreateUser(ctx, us, "cli", server.UserInput{Username: *username, Role: clearance.Role(*role), DisplayName: *display, Email: *email,
			Password: pw, TOTP: *withTOTP, OIDCIssuer: *oidcIssuer, OIDCSubject: *oidcSubject})
		if err != nil {
			return err
		}
		if e.json {
			return writeJSON(e.stdout, out)
		}
		if out.TOTPURI != "" {
			fmt.Fprintln(e.stdout, out.TOTPURI)
		}
		how := "single sign-on only"
		if pw != "" {
			how = "password"
			if out.TOTPURI != "" {
				how += " and TOTP code (the otpauth:// URI above is shown only now: give it to the user's authenticator app)"
			}
		}
		fmt.Fprintf(e.stderr, "clearance: created %s user %s (%s); signs in with %s\n", out.User.Role, out.User.Username, out.User.ID, how)
		return nil
	case "list":
		list, err := us.ListUsers(ctx)
		if err != nil {
			return err
		}
		if e.json {
			if list == nil {
				list = []clearance.User{}
			}
			return writeJSON(e.stdout, list)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tROLE\tSTATE\tSIGN-IN\tNAME\tEMAIL\tCREATED")
		for _, u := range list {
			state := "enabled"
			if u.Disabled {
				state = "disabled"
			}
			var ways []string
			if u.PasswordHash != "" {
				ways = append(ways, "password")
			}
			if u.TOTP {
				ways = append(ways, "totp")
			}
			if u.OIDCSubject != "" {
				ways = append(ways, "sso-linked")
			}
			if len(ways) == 0 {
				ways = append(ways, "sso")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.Role, state, strings.Join(ways, "+"), u.DisplayName, u.Email, u.CreatedAt.Format(time.RFC3339))
		}
		return tw.Flush()
	case "disable", "enable":
		ref, err := one()
		if err != nil {
			return err
		}
		u, err := findUser(ctx, us, ref)
		if err != nil {
			return err
		}
		if _, err := us.SetUserDisabled(ctx, "cli", u.ID, pos[0] == "disable"); err != nil {
			return err
		}
		if pos[0] == "disable" {
			fmt.Fprintf(e.stderr, "clearance: disabled %s: running servers end their sessions at once and refuse their keys within a second\n", u.Username)
		} else {
			fmt.Fprintf(e.stderr, "clearance: enabled %s\n", u.Username)
		}
		return nil
	case "totp":
		ref, err := one()
		if err != nil {
			return err
		}
		u, err := findUser(ctx, us, ref)
		if err != nil {
			return err
		}
		secret, uri, err := server.NewTOTP(u.Username)
		if err != nil {
			return err
		}
		if err := us.SetUserTOTP(ctx, "cli", u.ID, secret); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, uri)
		fmt.Fprintf(e.stderr, "clearance: new TOTP secret for %s; the otpauth:// URI is shown only now, and the old codes no longer work\n", u.Username)
		return nil
	case "password":
		ref, err := one()
		if err != nil {
			return err
		}
		if !*pwStdin {
			return errors.New("users password: give the new password with --password-stdin")
		}
		h, err := clearance.HashPassword(pw)
		if err != nil {
			return err
		}
		u, err := findUser(ctx, us, ref)
		if err != nil {
			return err
		}
		if err := us.SetUserPassword(ctx, "cli", u.ID, h); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "clearance: new password for %s\n", u.Username)
		return nil
	}
	return nil
}

// findUser takes a user ID or a username.
func findUser(ctx context.Context, us clearance.UserStore, ref string) (clearance.User, error) {
	if strings.HasPrefix(ref, "usr_") {
		if u, err := us.GetUser(ctx, ref); err == nil {
			return u, nil
		}
	}
	u, err := us.UserByUsername(ctx, ref)
	if errors.Is(err, clearance.ErrNotFound) {
		return u, fmt.Errorf("no user %q", ref)
	}
	return u, err
}

// oidcFlags are serve's single sign-on flags.
type oidcFlags struct {
	issuer, clientID, secretFile, redirect *string
}

func (e *env) addOIDCFlags(fs *flag.FlagSet) *oidcFlags {
	return &oidcFlags{
		issuer:     fs.String("oidc-issuer", e.getenv("CLEARANCE_OIDC_ISSUER"), "offer single sign-on through this OpenID Connect provider (its issuer URL) ($CLEARANCE_OIDC_ISSUER)"),
		clientID:   fs.String("oidc-client-id", e.getenv("CLEARANCE_OIDC_CLIENT_ID"), "the client ID registered with the provider ($CLEARANCE_OIDC_CLIENT_ID)"),
		secretFile: fs.String("oidc-client-secret-file", e.getenv("CLEARANCE_OIDC_CLIENT_SECRET_FILE"), "file holding the client secret ($CLEARANCE_OIDC_CLIENT_SECRET_FILE)"),
		redirect:   fs.String("oidc-redirect-url", e.getenv("CLEARANCE_OIDC_REDIRECT_URL"), "this server's callback as browsers reach it, registered with the provider: https://HOST/ui/oidc/callback ($CLEARANCE_OIDC_REDIRECT_URL)"),
	}
}

// enable turns single sign-on on when --oidc-issuer is given.
func (f *oidcFlags) enable(ctx context.Context, srv *server.Server) error {
	if *f.issuer == "" {
		if *f.clientID != "" || *f.secretFile != "" || *f.redirect != "" {
			return errors.New("--oidc-client-id, --oidc-client-secret-file and --oidc-redirect-url need --oidc-issuer")
		}
		return nil
	}
	if *f.clientID == "" || *f.redirect == "" || *f.secretFile == "" {
		return errors.New("--oidc-issuer needs --oidc-client-id, --oidc-client-secret-file and --oidc-redirect-url")
	}
	b, err := os.ReadFile(*f.secretFile)
	if err != nil {
		return fmt.Errorf("--oidc-client-secret-file: %v", err)
	}
	secret := strings.TrimSpace(string(b))
	if secret == "" {
		return fmt.Errorf("--oidc-client-secret-file %s: the file is empty", *f.secretFile)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return srv.EnableOIDC(ctx, server.OIDCConfig{Issuer: *f.issuer, ClientID: *f.clientID, ClientSecret: secret, RedirectURL: *f.redirect})
}

// keyOwnerID resolves keys create --owner.
func keyOwnerID(ctx context.Context, st clearance.Store, owner string) (string, error) {
	if owner == "" {
		return "", nil
	}
	us, ok := st.(clearance.UserStore)
	if !ok {
		return "", fmt.Errorf("--owner: the store %T keeps no users", st)
	}
	u, err := findUser(ctx, us, owner)
	if err != nil {
		return "", fmt.Errorf("--owner: %v", err)
	}
	return u.ID, nil
}

// ownerName is a key's owner as lists show it.
func ownerName(k clearance.APIKey) string {
	if k.Owner == "" {
		return "(no owner)"
	}
	return k.Owner
}

func ownerText(k clearance.APIKey) string {
	if k.Owner == "" {
		return "without an owner"
	}
	return "for " + k.Owner
}
