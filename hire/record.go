// Package hire assesses remote hires for the signs of North Korean
// IT-worker schemes, from an employer's or platform's own records: people
// (applicants, employees, contractors, freelancers) and the events their
// accounts leave (logins, commits, VPN sessions, messages).
//
// It answers "which of these people are one operation wearing several
// faces, and why?": identifiers are normalised (phones, e-mails, postal
// addresses, bank accounts, wallets, devices, home networks, photos,
// resumes) and linked across people, weighted by how rare each shared value
// is; each person's own records are checked for consistency (payees, payout
// countries, remote-control tools, login networks, working hours against
// the claimed time zone); payees and wallets are screened against the
// sanctions lists with match; and risk flows along strong links, so that a
// persona tied to a ring by one identifier is found through the ring.
//
// Events are folded into compact per-person aggregates as they stream in
// (Assessor.AddEvent), so a run never holds the events; aggregates are
// plain serialisable structs, so a service can keep them and assess again
// when records change.
//
// Nothing here reads ethnicity, national origin, a person's name as a
// marker of origin, language skills, appearance or accent: the signals are
// contradictions between what a person claims and what their records show,
// and links between people who claim to be different.
package hire

import (
	"time"
)

// Person is one person record: what an applicant or worker told the
// employer or platform, and what its systems know of their devices.
type Person struct {
	ID          string    `json:"id"`
	Role        string    `json:"role,omitempty"` // applicant, employee, contractor, freelancer
	Org         string    `json:"org,omitempty"`
	Title       string    `json:"title,omitempty"`
	LegalName   string    `json:"legal_name"`
	Names       []string  `json:"names,omitempty"`
	DOB         string    `json:"dob,omitempty"`
	Emails      []string  `json:"emails,omitempty"`
	Phones      []string  `json:"phones,omitempty"`
	Claimed     Claimed   `json:"claimed"`
	HomeAddress string    `json:"home_address,omitempty"` // free text; object forms are joined into text
	ShipTo      string    `json:"ship_to,omitempty"`
	Payouts     []Payout  `json:"payouts,omitempty"`
	ResumeText  string    `json:"resume_text,omitempty"`
	PhotoPHash  string    `json:"photo_phash,omitempty"` // 64-bit perceptual hash, hex
	GitHub      string    `json:"github,omitempty"`
	ReferredBy  string    `json:"referred_by,omitempty"`
	Interview   Interview `json:"interview"`
	Devices     []Device  `json:"devices,omitempty"`

	// Where the record was read, for error and evidence messages.
	File string `json:"-"`
	Line int    `json:"-"`
}

// Claimed is where a person says they live and work.
type Claimed struct {
	Country  string `json:"country,omitempty"` // ISO alpha-2 or a name
	City     string `json:"city,omitempty"`
	Timezone string `json:"timezone,omitempty"` // IANA, e.g. America/Chicago
}

// Payout is one account a person is paid into.
type Payout struct {
	Method     string `json:"method,omitempty"` // bank, paypal, payoneer, wise, crypto
	HolderName string `json:"holder_name,omitempty"`
	Account    string `json:"account,omitempty"`
	Bank       string `json:"bank,omitempty"`
	Country    string `json:"country,omitempty"`
	Wallet     string `json:"wallet,omitempty"`
	ChangedAt  string `json:"changed_at,omitempty"`
}

// Interview holds what the hiring process recorded.
type Interview struct {
	CameraRefused   bool   `json:"camera_refused,omitempty"`
	InPersonRefused bool   `json:"in_person_refused,omitempty"`
	Notes           string `json:"notes,omitempty"`
}

// Device is a company device the person uses, as MDM/EDR inventories it.
type Device struct {
	ID              string   `json:"id,omitempty"`
	Software        []string `json:"software,omitempty"`
	USB             []string `json:"usb,omitempty"`
	Locale          string   `json:"locale,omitempty"`
	Timezone        string   `json:"timezone,omitempty"`
	KeyboardLayouts []string `json:"keyboard_layouts,omitempty"`
}

// Event is one thing a person's account did. Only Person and At are
// required; the rest is what the source system logged.
type Event struct {
	Person         string
	At             time.Time // with the offset it was recorded in
	Type           string    // login, commit, vpn, message, ...
	IP             string
	Country        string
	ASN            uint32
	ASNOrg         string
	UserAgent      string
	AcceptLanguage string
	TZOffset       *int // minutes east of UTC, when logged
	Device         string
	App            string
}
