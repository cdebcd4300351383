package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/clearance-screening/clearance"
)

var _ clearance.UserStore = (*Store)(nil)

const userCols = "id, username, display_name, email, role, disabled, password_hash, totp_secret, oidc_issuer, oidc_subject, created_at, updated_at"

func scanUser(r scanner) (clearance.User, error) {
	var u clearance.User
	var role string
	var disabled int
	var iss, sub sql.NullString
	var created, updated sql.NullInt64
	if err := r.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Email, &role, &disabled, &u.PasswordHash, &u.TOTPSecret, &iss, &sub, &created, &updated); err != nil {
		return u, err
	}
	u.Role, u.Disabled, u.TOTP = clearance.Role(role), disabled != 0, u.TOTPSecret != ""
	u.OIDCIssuer, u.OIDCSubject = iss.String, sub.String
	u.CreatedAt, u.UpdatedAt = fromMicros(created), fromMicros(updated)
	return u, nil
}

// userAudit is what a user.created, .disabled, .enabled or .updated
// record holds: the user as its row then reads, without the secrets but
// with digests of them, so that VerifyAudit sees a row changed behind the
// store's back (a role raised, a user enabled, a password hash swapped),
// and what the change was.
type userAudit struct {
	clearance.User
	PasswordDigest string         `json:"password_digest,omitempty"`
	TOTPDigest     string         `json:"totp_digest,omitempty"`
	Change         map[string]any `json:"change,omitempty"`
}

func secretDigest(kind, secret string) string {
	if secret == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("clearance user " + kind + "\n" + secret))
	return hex.EncodeToString(sum[:])
}

func auditOfUser(u clearance.User, change map[string]any) userAudit {
	return userAudit{User: u, PasswordDigest: secretDigest("password", u.PasswordHash), TOTPDigest: secretDigest("totp", u.TOTPSecret), Change: change}
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func checkRole(r clearance.Role) error {
	if !r.Allows(clearance.RoleScreen) {
		return fmt.Errorf("%w: role %q (want screen, analyst, reviewer or admin)", clearance.ErrInvalid, r)
	}
	return nil
}

// CreateUser implements clearance.UserStore.
func (s *Store) CreateUser(ctx context.Context, actor string, u *clearance.User) error {
	if err := clearance.CheckUsername(u.Username); err != nil {
		return s.wrap("create user", err)
	}
	if err := checkRole(u.Role); err != nil {
		return s.wrap("create user "+u.Username, err)
	}
	if (u.OIDCIssuer == "") != (u.OIDCSubject == "") {
		return s.wrap("create user "+u.Username, fmt.Errorf("%w: OIDC issuer and subject go together", clearance.ErrInvalid))
	}
	err := s.write(ctx, func(t *tx) error {
		c := *u
		c.ID = newID("usr", t.now)
		c.CreatedAt, c.UpdatedAt, c.TOTP = t.now, t.now, c.TOTPSecret != ""
		if _, err := t.exec("INSERT INTO users ("+userCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			c.ID, c.Username, c.DisplayName, c.Email, string(c.Role), boolInt(c.Disabled), c.PasswordHash, c.TOTPSecret,
			nullString(c.OIDCIssuer), nullString(c.OIDCSubject), micros(c.CreatedAt), micros(c.UpdatedAt)); err != nil {
			return err
		}
		if err := t.auditData(actor, clearance.ActionUserCreated, "user:"+c.ID, auditOfUser(c, nil)); err != nil {
			return err
		}
		*u = c
		return nil
	})
	return s.wrap("create user "+u.Username, err)
}

func (s *Store) oneUser(ctx context.Context, what, where string, args ...any) (clearance.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, s.q("SELECT "+userCols+" FROM users WHERE "+where), args...))
	return u, s.wrap(what, notFound(err))
}

func (s *Store) users(ctx context.Context, what, where string, args ...any) ([]clearance.User, error) {
	rows, err := s.db.QueryContext(ctx, s.q("SELECT "+userCols+" FROM users "+where+" ORDER BY id"), args...)
	if err != nil {
		return nil, s.wrap(what, err)
	}
	defer rows.Close()
	var out []clearance.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, s.wrap(what, err)
		}
		out = append(out, u)
	}
	return out, s.wrap(what, rows.Err())
}

// GetUser implements clearance.UserStore.
func (s *Store) GetUser(ctx context.Context, id string) (clearance.User, error) {
	return s.oneUser(ctx, "user "+id, "id = ?", id)
}

// UserByUsername implements clearance.UserStore.
func (s *Store) UserByUsername(ctx context.Context, username string) (clearance.User, error) {
	return s.oneUser(ctx, fmt.Sprintf("user %q", username), "username = ?", username)
}

// UserByOIDC implements clearance.UserStore.
func (s *Store) UserByOIDC(ctx context.Context, issuer, subject string) (clearance.User, error) {
	return s.oneUser(ctx, "user of OIDC identity "+issuer+" "+subject, "oidc_issuer = ? AND oidc_subject = ?", issuer, subject)
}

// UsersByEmail implements clearance.UserStore.
func (s *Store) UsersByEmail(ctx context.Context, email string) ([]clearance.User, error) {
	if strings.TrimSpace(email) == "" {
		return nil, nil
	}
	return s.users(ctx, "users by e-mail", "WHERE lower(email) = lower(?)", email)
}

// ListUsers implements clearance.UserStore.
func (s *Store) ListUsers(ctx context.Context) ([]clearance.User, error) {
	return s.users(ctx, "list users", "")
}

// txUser reads the user inside a write.
func (t *tx) user(id string) (clearance.User, error) {
	u, err := scanUser(t.queryRow("SELECT "+userCols+" FROM users WHERE id = ?", id))
	return u, notFound(err)
}

// SetUserDisabled implements clearance.UserStore.
func (s *Store) SetUserDisabled(ctx context.Context, actor, id string, disabled bool) (clearance.User, error) {
	var out clearance.User
	err := s.write(ctx, func(t *tx) error {
		u, err := t.user(id)
		if err != nil {
			return err
		}
		if u.Disabled == disabled {
			state := "enabled"
			if disabled {
				state = "disabled"
			}
			return fmt.Errorf("%w: user %s is already %s", clearance.ErrConflict, u.Username, state)
		}
		action, bump := clearance.ActionUserEnabled, 0
		if disabled {
			action, bump = clearance.ActionUserDisabled, 1
		}
		if _, err := t.exec("UPDATE users SET disabled = ?, disabled_count = disabled_count + ?, updated_at = ? WHERE id = ?", boolInt(disabled), bump, micros(t.now), id); err != nil {
			return err
		}
		u.Disabled, u.UpdatedAt = disabled, t.now
		if err := t.auditData(actor, action, "user:"+id, auditOfUser(u, nil)); err != nil {
			return err
		}
		out = u
		return nil
	})
	return out, s.wrap("set user "+id+" disabled", err)
}

// updateUser changes columns of the user and audits user.updated with
// the user as it now reads and what changed (never a secret itself).
func (s *Store) updateUser(ctx context.Context, actor, id, what, set string, args []any, change map[string]any) error {
	err := s.write(ctx, func(t *tx) error {
		res, err := t.exec("UPDATE users SET "+set+", updated_at = ? WHERE id = ?", append(args, micros(t.now), id)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return notFound(sql.ErrNoRows)
		}
		u, err := t.user(id)
		if err != nil {
			return err
		}
		return t.auditData(actor, clearance.ActionUserUpdated, "user:"+id, auditOfUser(u, change))
	})
	return s.wrap(what+" of user "+id, err)
}

// SetUserPassword implements clearance.UserStore.
func (s *Store) SetUserPassword(ctx context.Context, actor, id, hash string) error {
	return s.updateUser(ctx, actor, id, "set password", "password_hash = ?", []any{hash}, map[string]any{"password": hash != ""})
}

// SetUserTOTP implements clearance.UserStore.
func (s *Store) SetUserTOTP(ctx context.Context, actor, id, secret string) error {
	return s.updateUser(ctx, actor, id, "set TOTP", "totp_secret = ?, totp_last_step = 0", []any{secret}, map[string]any{"totp": secret != ""})
}

// LinkUserOIDC implements clearance.UserStore.
func (s *Store) LinkUserOIDC(ctx context.Context, actor, id, issuer, subject string) error {
	if issuer == "" || subject == "" {
		return s.wrap("link user "+id, fmt.Errorf("%w: empty OIDC issuer or subject", clearance.ErrInvalid))
	}
	return s.updateUser(ctx, actor, id, "link OIDC identity", "oidc_issuer = ?, oidc_subject = ?", []any{issuer, subject},
		map[string]any{"oidc_issuer": issuer, "oidc_subject": subject})
}

// UseTOTPStep implements clearance.UserStore.
func (s *Store) UseTOTPStep(ctx context.Context, id string, step int64) error {
	err := s.write(ctx, func(t *tx) error {
		res, err := t.exec("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, id, step)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if _, err := t.user(id); err != nil {
				return err
			}
			return fmt.Errorf("%w: this code (or a later one) was used already", clearance.ErrConflict)
		}
		return nil
	})
	return s.wrap("use TOTP code of user "+id, err)
}

// AuditUser implements clearance.UserStore.
func (s *Store) AuditUser(ctx context.Context, actor, action, id string, data any) error {
	err := s.write(ctx, func(t *tx) error {
		return t.auditData(actor, action, "user:"+id, data)
	})
	return s.wrap("audit "+action, err)
}
