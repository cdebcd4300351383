package synth

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Config holds every knob of a population. DefaultConfig gives the
// population the README's figures are measured on; a JSON file with any
// subset of these fields overrides it (clearance hire synth --config).
type Config struct {
	People          int    `json:"people"`
	Seed            uint64 `json:"seed"`
	EventsPerPerson int    `json:"events_per_person"` // mean
	EventFiles      int    `json:"event_files"`       // 1 writes events.jsonl, more write events-NN.jsonl
	// End is the last day of the event window; Days its length.
	End  string `json:"end"`
	Days int    `json:"days"`
	// NamesDir holds the name-frequency tables (shared/data/names).
	NamesDir string `json:"names_dir"`

	// RingShare is the share of people who are ring personas.
	RingShare float64 `json:"ring_share"`
	// RingSizeMin and RingSizeMax bound the personas per ring.
	RingSizeMin int `json:"ring_size_min"`
	RingSizeMax int `json:"ring_size_max"`
	// WeakShare is the chance that a ring member beyond the first two is
	// linked to the ring by one identifier only.
	WeakShare float64 `json:"weak_share"`
	// CrossEmployer is the share of rings whose personas work for several
	// employers; SanctionedRings the share paying a listed name or wallet.
	CrossEmployer   float64 `json:"cross_employer"`
	SanctionedRings float64 `json:"sanctioned_rings"`
	// SharedFarm is the chance a ring uses a facilitator (laptop farm)
	// that already serves another ring.
	SharedFarm float64 `json:"shared_farm"`
	// Links are the chances that a strong ring member uses each shared
	// identifier of its ring; every strong member gets at least two.
	Links LinkMix `json:"links"`
	// Signals are the chances that a ring member shows each behaviour;
	// weak members show them at half the rate.
	Signals SignalMix `json:"signals"`
	// Lookalikes is the share of people in each benign look-alike group
	// (keys from LookalikeGroups); the rest are plain.
	Lookalikes map[string]float64 `json:"lookalikes"`
	// KoreanElsewhere is the share of couples, neighbour buildings and
	// night-shift workers who are of Korean heritage (korean_heritage true
	// outside the korean_heritage group).
	KoreanElsewhere float64 `json:"korean_elsewhere"`
	// BadInputs is how many bad records to plant; 0 means 8 + people/2000.
	BadInputs int `json:"bad_inputs"`
	// Workers generate blocks of people in parallel; the output does not
	// depend on it.
	Workers int `json:"workers"`
}

// LinkMix is the chance of each kind of shared identifier in a ring.
type LinkMix struct {
	Phone    float64 `json:"phone"`
	Email    float64 `json:"email"`
	Payout   float64 `json:"payout"`
	Wallet   float64 `json:"wallet"`
	ShipTo   float64 `json:"ship_to"`
	HomeIP   float64 `json:"home_ip"`
	Photo    float64 `json:"photo"`
	Resume   float64 `json:"resume"`
	Referral float64 `json:"referral"`
}

// SignalMix is the chance of each per-person red flag in a ring member.
type SignalMix struct {
	AsiaHours        float64 `json:"asia_hours"`        // activity fits UTC+8/+9 while claiming the Americas
	CommitOffset     float64 `json:"commit_offset"`     // git author offset +08:00/+09:00
	DeviceTimezone   float64 `json:"device_timezone"`   // device set to an Asian zone
	Astrill          float64 `json:"astrill"`           // Astrill VPN exits
	Hosting          float64 `json:"hosting"`           // logins from VPS/hosting networks
	ForeignEgress    float64 `json:"foreign_egress"`    // logins straight from CN/RU networks
	RemoteControl    float64 `json:"remote_control"`    // AnyDesk, RustDesk... on the device
	IPKVM            float64 `json:"ip_kvm"`            // PiKVM, TinyPilot, JetKVM on USB
	OtherHolder      float64 `json:"other_holder"`      // payout in someone else's name
	ForeignPayout    float64 `json:"foreign_payout"`    // payout to CN, HK or RU
	Crypto           float64 `json:"crypto"`            // crypto payout
	PayoutChanges    float64 `json:"payout_changes"`    // several payout changes in months
	CameraRefused    float64 `json:"camera_refused"`    // refused the camera
	InPersonRefused  float64 `json:"in_person_refused"` // refused in-person steps
	LocaleLeak       float64 `json:"locale_leak"`       // Korean or Chinese locale or keyboard
	HandleDigits     float64 `json:"handle_digits"`     // name+4 digits handle
	ForeignEducation float64 `json:"foreign_education"` // resume: US home, education abroad only
}

// DefaultConfig is the population the README's figures come from.
func DefaultConfig() Config {
	return Config{
		People: 5000, Seed: 1, EventsPerPerson: 40, EventFiles: 1,
		End: "2026-11-27", Days: 42, NamesDir: "../shared/data/names",
		RingShare: 0.03, RingSizeMin: 2, RingSizeMax: 8, WeakShare: 0.25,
		CrossEmployer: 0.4, SanctionedRings: 0.12, SharedFarm: 0.1,
		// Tuned so that the baseline (shared phone, account, wallet
		// or ship-to) finds about 0.69 of ring members, as it does on the
		// hidden population.
		Links: LinkMix{Phone: 0.3, Email: 0.3, Payout: 0.3, Wallet: 0.15, ShipTo: 0.3, HomeIP: 0.45, Photo: 0.4, Resume: 0.4, Referral: 0.35},
		Signals: SignalMix{
			AsiaHours: 0.55, CommitOffset: 0.25, DeviceTimezone: 0.2, Astrill: 0.35, Hosting: 0.2, ForeignEgress: 0.1,
			RemoteControl: 0.4, IPKVM: 0.2, OtherHolder: 0.35, ForeignPayout: 0.2, Crypto: 0.2, PayoutChanges: 0.2,
			CameraRefused: 0.35, InPersonRefused: 0.45, LocaleLeak: 0.12, HandleDigits: 0.4, ForeignEducation: 0.3,
		},
		Lookalikes: map[string]float64{
			GroupCouple: 0.02, GroupRoommates: 0.012, GroupCoworking: 0.015, GroupOfficeShipTo: 0.012,
			GroupHelpdesk: 0.01, GroupNightShift: 0.015, GroupTraveller: 0.015, GroupCorporateVPN: 0.03,
			GroupPrivacyVPN: 0.015, GroupResumeTemplate: 0.02, GroupRecruiter: 0.015, GroupFreelancerAbroad: 0.03,
			GroupSpousePayee: 0.015, GroupNeighbours: 0.015, GroupKoreanHeritage: 0.03,
		},
		KoreanElsewhere: 0.1,
		Workers:         2,
	}
}

// ReadConfig overlays a JSON file on c; unknown keys are an error, so a
// misspelt knob is not silently ignored.
func ReadConfig(r io.Reader, c *Config) error {
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	if err := d.Decode(c); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return nil
}

func (c *Config) check() error {
	if c.People < 1 {
		return fmt.Errorf("people must be at least 1, got %d", c.People)
	}
	if c.EventsPerPerson < 0 {
		return fmt.Errorf("events per person must not be negative")
	}
	if c.EventFiles < 1 {
		c.EventFiles = 1
	}
	if c.EventFiles > 99 {
		return fmt.Errorf("at most 99 event files")
	}
	if c.Days < 1 {
		return fmt.Errorf("days must be at least 1")
	}
	if _, err := time.Parse(time.DateOnly, c.End); err != nil {
		return fmt.Errorf("end: %w", err)
	}
	if c.RingSizeMin < 2 || c.RingSizeMax > 8 || c.RingSizeMin > c.RingSizeMax {
		return fmt.Errorf("ring sizes must lie within 2..8, got %d..%d", c.RingSizeMin, c.RingSizeMax)
	}
	total := c.RingShare
	for g, s := range c.Lookalikes {
		if !isLookalike(g) {
			return fmt.Errorf("unknown look-alike group %q", g)
		}
		if s < 0 {
			return fmt.Errorf("look-alike %s: negative share", g)
		}
		total += s
	}
	if c.RingShare < 0 || total > 1 {
		return fmt.Errorf("ring and look-alike shares add up to %.2f, more than the population", total)
	}
	if c.Workers < 1 {
		c.Workers = 1
	}
	return nil
}

func isLookalike(g string) bool {
	for _, l := range LookalikeGroups {
		if l == g {
			return true
		}
	}
	return false
}
