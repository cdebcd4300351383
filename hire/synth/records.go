package synth

// The records below are the population's file formats, exactly as the
// remote-hire issue gives them. Everything optional is omitted when empty.

// Person is one line of people.jsonl.
type Person struct {
	Kind        string    `json:"kind"`
	ID          string    `json:"id"`
	Role        string    `json:"role"`
	Org         string    `json:"org,omitempty"`
	Title       string    `json:"title,omitempty"`
	LegalName   string    `json:"legal_name"`
	Names       []string  `json:"names"`
	DOB         string    `json:"dob,omitempty"`
	Emails      []string  `json:"emails"`
	Phones      []string  `json:"phones"`
	Claimed     Claimed   `json:"claimed"`
	HomeAddress string    `json:"home_address,omitempty"`
	ShipTo      string    `json:"ship_to,omitempty"`
	Payouts     []Payout  `json:"payouts"`
	ResumeText  string    `json:"resume_text,omitempty"`
	PhotoPHash  string    `json:"photo_phash,omitempty"`
	GitHub      string    `json:"github,omitempty"`
	ReferredBy  string    `json:"referred_by,omitempty"`
	Interview   Interview `json:"interview"`
	Devices     []Device  `json:"devices"`
}

// Claimed is where the person says they live.
type Claimed struct {
	Country  string `json:"country"`
	City     string `json:"city,omitempty"`
	Timezone string `json:"timezone,omitempty"`
}

// Payout is one payment destination; ChangedAt is when it was set, for
// people who changed it.
type Payout struct {
	Method     string `json:"method"`
	HolderName string `json:"holder_name"`
	Account    string `json:"account"`
	Bank       string `json:"bank,omitempty"`
	Country    string `json:"country"`
	Wallet     string `json:"wallet,omitempty"`
	ChangedAt  string `json:"changed_at,omitempty"`
}

// Interview holds what the interviewers recorded.
type Interview struct {
	CameraRefused   bool   `json:"camera_refused,omitempty"`
	InPersonRefused bool   `json:"in_person_refused,omitempty"`
	Notes           string `json:"notes,omitempty"`
}

// Device is a machine the person uses, as MDM or EDR inventories it.
type Device struct {
	ID              string   `json:"id"`
	Software        []string `json:"software"`
	USB             []string `json:"usb"`
	Locale          string   `json:"locale,omitempty"`
	Timezone        string   `json:"timezone,omitempty"`
	KeyboardLayouts []string `json:"keyboard_layouts,omitempty"`
}

// Event is one line of an events file. Optional fields are often missing,
// as they are in real logs. TZOffset is "+09:00" style.
type Event struct {
	Kind           string `json:"kind"`
	Person         string `json:"person"`
	At             string `json:"at"`
	Type           string `json:"type"`
	IP             string `json:"ip,omitempty"`
	Country        string `json:"country,omitempty"`
	ASN            int    `json:"asn,omitempty"`
	ASNOrg         string `json:"asn_org,omitempty"`
	UserAgent      string `json:"user_agent,omitempty"`
	AcceptLanguage string `json:"accept_language,omitempty"`
	TZOffset       string `json:"tz_offset,omitempty"`
	Device         string `json:"device,omitempty"`
	App            string `json:"app,omitempty"`
}

// ExtraPersonFields and ExtraEventFields are the fields outside the
// format that the generator adds to some records, as exports from real
// systems carry them; a reader must pass over them.
var (
	ExtraPersonFields = []string{"source_system", "updated_at", "custom_fields"}
	ExtraEventFields  = []string{"session_id", "trace", "src"}
)

// Truth is one line of truth.jsonl about a person.
type Truth struct {
	Person         string  `json:"person"`
	Ring           *string `json:"ring"`
	Weak           bool    `json:"weak"`
	Group          string  `json:"group"`
	KoreanHeritage bool    `json:"korean_heritage"`
}

// BadInput is a line of truth.jsonl naming a record planted to be
// rejected: a reader should report it as an error line.
type BadInput struct {
	Kind string `json:"kind"` // "bad_input"
	File string `json:"file"`
	Line int    `json:"line"`
	What string `json:"what"`
}

// The groups a person can belong to in the truth.
const (
	GroupRing             = "ring"
	GroupPlain            = "plain"
	GroupCouple           = "couple"
	GroupRoommates        = "roommates"
	GroupCoworking        = "coworking"
	GroupOfficeShipTo     = "office_ship_to"
	GroupHelpdesk         = "helpdesk"
	GroupNightShift       = "night_shift"
	GroupTraveller        = "traveller"
	GroupCorporateVPN     = "corporate_vpn"
	GroupPrivacyVPN       = "privacy_vpn"
	GroupResumeTemplate   = "resume_template"
	GroupRecruiter        = "recruiter"
	GroupFreelancerAbroad = "freelancer_abroad"
	GroupSpousePayee      = "spouse_payee"
	GroupNeighbours       = "neighbours"
	GroupKoreanHeritage   = "korean_heritage"
)

// LookalikeGroups lists the benign groups built to trip a careless
// detector, in a fixed order.
var LookalikeGroups = []string{
	GroupCouple, GroupRoommates, GroupCoworking, GroupOfficeShipTo, GroupHelpdesk,
	GroupNightShift, GroupTraveller, GroupCorporateVPN, GroupPrivacyVPN,
	GroupResumeTemplate, GroupRecruiter, GroupFreelancerAbroad, GroupSpousePayee,
	GroupNeighbours, GroupKoreanHeritage,
}

// ResidentialASNs lists the home-broadband networks people's events come
// from (not mobile carriers, VPN exits or hosting), for checks that treat
// an address shared on them as a shared home.
func ResidentialASNs() []int {
	var out []int
	for _, c := range countries {
		for _, a := range c.isps {
			out = append(out, a.num)
		}
	}
	return out
}

// ListedPayees lists the sanctioned payee names and wallets from the
// built-in DPRK list that some rings are paid through.
func ListedPayees() []string {
	l := loadListed()
	return append(l.names, l.wallets...)
}
