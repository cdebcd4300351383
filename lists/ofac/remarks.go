package ofac

import (
	"sort"
	"strconv"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/country"
)

// The remarks column is a "; "-separated run of labelled facts:
//
//	DOB 25 Apr 1965; POB North Pyongan Province, North Korea; nationality
//	Korea, North; Gender Male; Digital Currency Address - XBT 1D6g...;
//	Passport 109420132 (Korea, North) issued 16 Oct 2019 expires 16 Oct
//	2024; alt. Passport 827220538 (Korea, North); a.k.a. 'SANGMAN'.
//
// Each fact is matched by its label against a table of rules; facts no rule
// knows ("Linked To:", "Secondary sanctions risk:", directives) stay only in
// Entity.Remarks, which keeps the whole text.

type remarkStats struct {
	badDOB int
}

// rule turns the value after a label into entity fields.
type rule struct {
	label string
	apply func(e *clearance.Entity, value string, st *remarkStats)
}

// rulesByFirstByte holds the rules bucketed by the label's first byte,
// longest label first, so that "Identification Number IMO" wins over
// "Identification Number" and a fact is compared with a handful of labels
// rather than all of them.
var rulesByFirstByte = func() [256][]rule {
	all := fieldRules()
	for _, id := range identifierLabels {
		all = append(all, rule{id.label, identifier(id.typ, id.note)})
	}
	sort.SliceStable(all, func(i, j int) bool { return len(all[i].label) > len(all[j].label) })
	var b [256][]rule
	for _, r := range all {
		b[r.label[0]] = append(b[r.label[0]], r)
	}
	return b
}()

func fieldRules() []rule {
	return []rule{
		{"a.k.a.", weakAlias(clearance.AKA)},
		{"f.k.a.", weakAlias(clearance.FKA)},
		{"n.k.a.", weakAlias(clearance.NKA)},
		{"DOB", birthDate},
		{"POB", birthPlace},
		{"nationality", nationality},
		{"Nationality of Registration", nationality},
		{"citizen", citizenship},
		{"Gender", gender},
		{"Digital Currency Address -", wallet},
		{"Website", website},
		{"Email Address", email},
		{"Email", email},
		{"Phone Number", phone},
		{"Telephone Number", phone},
		{"Telephone No.", phone},
		{"Telephone", phone},
		{"PHONE", phone},
		{"Aircraft Model", aircraft(func(a *clearance.AircraftInfo) *string { return &a.Model })},
		{"Aircraft Operator", aircraft(func(a *clearance.AircraftInfo) *string { return &a.Operator })},
		{"Aircraft Manufacture Date", aircraft(func(a *clearance.AircraftInfo) *string { return &a.Built })},
		{"Aircraft Manufacturer's Serial Number (MSN)", aircraftSerial("")},
		{"Aircraft Serial Identification", aircraftSerial("")},
		{"Aircraft Construction Number (also called L/N or S/N or F/N)", aircraftSerial("construction number")},
		{"Aircraft Tail Number", aircraftTail("")},
		{"Previous Aircraft Tail Number", aircraftTail("previous")},
	}
}

// identifierLabels maps the document and registry labels OFAC uses to
// Identifier types. Types are few on purpose: a screener compares numbers
// within a type, and OFAC spells one kind of document many ways.
var identifierLabels = []struct{ label, typ, note string }{
	{"Passport", "passport", ""},
	{"Passport No.:", "passport", ""},
	{"Passport Booklet", "passport", "passport booklet"},
	{"Passport Booklet:", "passport", "passport booklet"},
	{"Diplomatic Passport", "passport", "diplomatic passport"},
	{"British National Overseas Passport", "passport", "British National Overseas passport"},
	{"Stateless Person Passport", "passport", "stateless person passport"},
	{"Travel Document Number", "passport", "travel document"},

	{"National ID No.", "national_id", ""},
	{"National ID No.:", "national_id", ""},
	{"Personal ID Card", "national_id", "personal ID card"},
	{"Identification Number", "national_id", ""},
	{"Cedula No.", "national_id", "cedula"},
	{"D.N.I.", "national_id", "D.N.I."},
	{"C.U.I.", "national_id", "C.U.I."},
	{"C.U.I.P.", "national_id", "C.U.I.P."},
	{"C.U.R.P.", "national_id", "C.U.R.P."},
	{"C.U.R.P. #", "national_id", "C.U.R.P."},
	{"N.I.E.", "national_id", "N.I.E."},
	{"Kenyan ID No.", "national_id", ""},
	{"Turkish Identification Number", "national_id", ""},
	{"Numero de Identidad", "national_id", ""},
	{"Citizen's Card Number", "national_id", "citizen's card"},
	{"National Foreign ID Number", "national_id", "national foreign ID"},
	{"Bosnian Personal ID No.", "national_id", ""},
	{"Moroccan Personal ID No.", "national_id", ""},
	{"Tazkira National ID Card", "national_id", "tazkira"},
	{"CNP (Personal Numerical Code)", "national_id", "CNP"},
	{"Refugee ID Card", "national_id", "refugee ID card"},
	{"Stateless Person ID Card", "national_id", "stateless person ID card"},
	{"UAE Identification", "national_id", ""},
	{"Credencial electoral", "national_id", "electoral credential"},
	{"Electoral Registry No.", "national_id", "electoral registry"},
	{"I.F.E.", "national_id", "I.F.E."},
	{"Residency Number", "residence_permit", ""},
	{"SSN", "ssn", ""},
	{"Birth Certificate Number", "birth_certificate", ""},
	{"Driver's License No.", "drivers_license", ""},
	{"Cartilla de Servicio Militar Nacional", "military_id", ""},
	{"Military Registration Number", "military_id", ""},
	{"Seafarer's Identification Document", "seafarer_id", ""},
	{"Pilot License Number", "pilot_license", ""},
	{"VisaNumberID", "visa", ""},

	{"Tax ID No.", "tax_id", ""},
	{"R.F.C.", "tax_id", "R.F.C."},
	{"R.F.C. #", "tax_id", "R.F.C."},
	{"RFC", "tax_id", "R.F.C."},
	{"NIT #", "tax_id", "NIT"},
	{"RUC #", "tax_id", "RUC"},
	{"RIF #", "tax_id", "RIF"},
	{"V.A.T. Number", "tax_id", "VAT"},
	{"C.U.I.T.", "tax_id", "C.U.I.T."},
	{"US FEIN", "tax_id", "US FEIN"},
	{"Italian Fiscal Code", "tax_id", "Italian fiscal code"},
	{"Fiscal Code", "tax_id", "fiscal code"},
	{"Paraguayan tax identification number", "tax_id", ""},
	{"Numero Unico de Identificacao Tributaria (NUIT)", "tax_id", "NUIT"},
	{"C.I.F.", "tax_id", "C.I.F."},
	{"N.I.F.", "tax_id", "N.I.F."},
	{"RTN", "tax_id", "RTN"},
	{"Romanian Tax Registration", "tax_id", ""},

	{"Registration Number", "registration", ""},
	{"Registration ID", "registration", ""},
	{"Business Registration Number", "registration", ""},
	{"Business Number", "registration", ""},
	{"Business Registration Document #", "registration", ""},
	{"Government Gazette Number", "registration", "government gazette number"},
	{"Folio Mercantil No.", "registration", "folio mercantil"},
	{"Matricula Mercantil No", "registration", "matricula mercantil"},
	{"Commercial Registry Number", "registration", ""},
	{"Company Number", "registration", ""},
	{"UK Company Number", "registration", ""},
	{"Unified Social Credit Code (USCC)", "registration", "USCC"},
	{"United Social Credit Code Certificate (USCCC)", "registration", "USCC"},
	{"Economic Register Number (CBLS)", "registration", "CBLS"},
	{"Trade License No.", "registration", "trade license"},
	{"C.R. No.", "registration", ""},
	{"Romanian C.R.", "registration", ""},
	{"Chamber of Commerce Number", "registration", "chamber of commerce"},
	{"Istanbul Chamber of Comm. No.", "registration", "Istanbul chamber of commerce"},
	{"Dubai Chamber of Commerce Membership No.", "registration", "Dubai chamber of commerce"},
	{"Central Registration System Number", "registration", ""},
	{"Public Registration Number", "registration", ""},
	{"Enterprise Number", "registration", ""},
	{"Branch Unit Number", "registration", ""},
	{"Certificate of Incorporation Number", "registration", ""},
	{"Registration Certificate Number (Dubai)", "registration", ""},
	{"Registered Charity No.", "registration", "registered charity"},
	{"LE Number", "registration", ""},
	{"Organization Code", "registration", ""},
	{"Russian State Individual Business Registration Number Pattern (OGRNIP)", "registration", "OGRNIP"},
	{"C.I.N.", "registration", "C.I.N."},
	{"MSB Registration Number", "registration", "MSB"},
	{"License", "registration", "license"},
	{"Tourism License No.", "registration", "tourism license"},
	{"Afghan Money Service Provider License Number", "registration", "money service provider license"},

	{"Legal Entity Number", "lei", ""},
	{"SWIFT/BIC", "swift", ""},
	{"ISIN", "isin", ""},
	{"Identification Number ISIN:", "isin", ""},
	{"D-U-N-S Number", "duns", ""},
	{"BIK (RU)", "bik", ""},
	{"Equity Ticker", "equity_ticker", ""},
	{"Chinese Commercial Code", "chinese_commercial_code", ""},

	{"Vessel Registration Identification IMO", "imo", ""},
	{"Identification Number IMO", "imo", ""},
	{"Company Number IMO", "imo", ""},
	{"International Maritime Organization No.", "imo", ""},
	{"MMSI", "mmsi", ""},
	{"Other Vessel Call Sign", "call_sign", "other call sign"},
	{"Aircraft Mode S Transponder Code", "mode_s", ""},
}

// applyRemarks reads the facts of one entry's remarks into e.
func applyRemarks(e *clearance.Entity, remarks string, st *remarkStats) {
	if remarks == "" {
		return
	}
	for _, fact := range splitRemarks(remarks) {
		applyFact(e, fact, st)
	}
}

func applyFact(e *clearance.Entity, fact string, st *remarkStats) {
	s := strings.TrimSpace(fact)
	if len(s) > 5 && (s[:5] == "alt. " || s[:5] == "Alt. ") {
		s = s[5:]
	}
	if s == "" {
		return
	}
	for _, r := range rulesByFirstByte[s[0]] {
		if !strings.HasPrefix(s, r.label) {
			continue
		}
		rest := s[len(r.label):]
		if rest != "" && isWordByte(rest[0]) && isWordByte(r.label[len(r.label)-1]) {
			continue // "SSN" must not match "SSNX"
		}
		r.apply(e, strings.TrimLeft(rest, ": "), st)
		return
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// splitRemarks cuts remarks into facts at "; ". A "; " inside parentheses
// does not end a fact: one entry carries "(Following data derived from an
// Eritrean passport ...: Alt. DOB: ...; Passport No.: ...)". Parentheses
// that never close do not swallow the rest of the remarks.
func splitRemarks(s string) []string {
	parts := strings.Split(s, "; ")
	out := parts[:0]
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if depth := parenDepth(p); depth > 0 {
			for j := i + 1; j < len(parts) && j <= i+8; j++ {
				depth += parenDepth(parts[j])
				if depth <= 0 {
					p = strings.Join(parts[i:j+1], "; ")
					i = j
					break
				}
			}
		}
		out = append(out, p)
	}
	return out
}

func parenDepth(s string) int {
	return strings.Count(s, "(") - strings.Count(s, ")")
}

// trimDot drops the full stop OFAC ends the remarks (and some facts) with.
func trimDot(s string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "."))
}

// firstWord is the value of a fact that should be one token (an e-mail
// address, a URL, a wallet) even when text follows it.
func firstWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, ".,")
}

func appendUnique(list []string, v string) []string {
	if v == "" {
		return list
	}
	for _, have := range list {
		if have == v {
			return list
		}
	}
	return append(list, v)
}

// weakAlias reads "a.k.a. 'BLACKJACK1987'". OFAC's legacy CSVs carry the
// weak (low-quality) aliases only here, in quotes; the strong ones are in
// alt.csv. The quotes are the outermost ones: names keep their own
// apostrophes ("a.k.a. 'ABU 'ABDALLAH'").
func weakAlias(kind clearance.NameKind) func(*clearance.Entity, string, *remarkStats) {
	return func(e *clearance.Entity, v string, _ *remarkStats) {
		v = strings.TrimSpace(v)
		v = strings.TrimSuffix(v, ".") // "a.k.a. 'BNC'." ends the remarks
		if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			v = v[1 : len(v)-1]
		}
		if v = strings.TrimSpace(v); v != "" {
			addName(e, clearance.Name{Full: v, Kind: kind, Weak: true})
		}
	}
}

func birthDate(e *clearance.Entity, v string, st *remarkStats) {
	b, ok := parseBirthDate(trimDot(v))
	if !ok {
		st.badDOB++
		return
	}
	for _, have := range e.BirthDates {
		if have == b {
			return
		}
	}
	e.BirthDates = append(e.BirthDates, b)
}

// parseBirthDate reads OFAC's date of birth forms: "25 Apr 1965",
// "Apr 1965", "1965", "1960 to 1962", "01 Jan 1961 to 31 Dec 1962",
// "circa 1965", "circa 1979-1982".
func parseBirthDate(s string) (clearance.BirthDate, bool) {
	var b clearance.BirthDate
	if rest, ok := strings.CutPrefix(s, "circa "); ok {
		b.Circa = true
		s = rest
	}
	from, to, isRange := strings.Cut(s, " to ")
	if !isRange {
		if a, z, ok := strings.Cut(s, "-"); ok && len(a) == 4 && len(z) == 4 {
			from, to, isRange = a, z, true
		}
	}
	d, ok := parseDate(from)
	if !ok {
		return b, false
	}
	b.Date = d
	if isRange {
		if b.Until, ok = parseDate(to); !ok {
			return b, false
		}
	}
	return b, true
}

var months = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// parseDate reads "25 Apr 1965", "Apr 1965" or "1965".
func parseDate(s string) (clearance.Date, bool) {
	var d clearance.Date
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 3 {
		return d, false
	}
	y, err := strconv.Atoi(f[len(f)-1])
	if err != nil || len(f[len(f)-1]) != 4 || y < 1800 || y > 2200 {
		return d, false
	}
	d.Year = y
	if len(f) >= 2 {
		m := strings.ToLower(f[len(f)-2])
		if len(m) < 3 {
			return d, false
		}
		for i, name := range months {
			if strings.HasPrefix(m, name) {
				d.Month = i + 1
			}
		}
		if d.Month == 0 {
			return d, false
		}
	}
	if len(f) == 3 {
		day, err := strconv.Atoi(f[0])
		if err != nil || day < 1 || day > 31 {
			return d, false
		}
		d.Day = day
	}
	return d, true
}

func birthPlace(e *clearance.Entity, v string, _ *remarkStats) {
	e.BirthPlaces = appendUnique(e.BirthPlaces, trimDot(v))
}

func nationality(e *clearance.Entity, v string, _ *remarkStats) {
	e.Nationalities = appendUnique(e.Nationalities, countryOrText(trimDot(v)))
}

func citizenship(e *clearance.Entity, v string, _ *remarkStats) {
	e.Citizenships = appendUnique(e.Citizenships, countryOrText(trimDot(v)))
}

func gender(e *clearance.Entity, v string, _ *remarkStats) {
	g := strings.ToLower(trimDot(v))
	if (g == "male" || g == "female") && e.Gender == "" {
		e.Gender = g
	}
}

// wallet reads "XBT 1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ" after
// "Digital Currency Address - ".
func wallet(e *clearance.Entity, v string, _ *remarkStats) {
	ticker, rest, _ := strings.Cut(strings.TrimSpace(v), " ")
	addr := firstWord(rest)
	if ticker == "" || addr == "" {
		return
	}
	w := clearance.WalletAddress{Currency: ticker, Address: addr}
	for _, have := range e.Wallets {
		if have == w {
			return
		}
	}
	e.Wallets = append(e.Wallets, w)
}

func website(e *clearance.Entity, v string, _ *remarkStats) {
	e.Websites = appendUnique(e.Websites, firstWord(v))
}

func email(e *clearance.Entity, v string, _ *remarkStats) {
	e.Emails = appendUnique(e.Emails, firstWord(v))
}

func phone(e *clearance.Entity, v string, _ *remarkStats) {
	e.Phones = appendUnique(e.Phones, trimDot(v))
}

func ensureAircraft(e *clearance.Entity) *clearance.AircraftInfo {
	if e.Aircraft == nil {
		e.Aircraft = &clearance.AircraftInfo{}
	}
	return e.Aircraft
}

// aircraft sets one AircraftInfo field from the first fact that gives it;
// later ("alt.") values stay in the remarks.
func aircraft(at func(*clearance.AircraftInfo) *string) func(*clearance.Entity, string, *remarkStats) {
	return func(e *clearance.Entity, v string, _ *remarkStats) {
		if p := at(ensureAircraft(e)); *p == "" {
			*p = trimDot(v)
		}
	}
}

// aircraftSerial records a serial both in AircraftInfo and as an
// Identifier, so that identifier matching needs to look in one place. The
// manufacturer's serial number is preferred over the construction number.
func aircraftSerial(note string) func(*clearance.Entity, string, *remarkStats) {
	return func(e *clearance.Entity, v string, _ *remarkStats) {
		v = trimDot(v)
		if v == "" {
			return
		}
		a := ensureAircraft(e)
		if a.Serial == "" || (note == "" && serialIsConstruction(e)) {
			a.Serial = v
		}
		addIdentifier(e, clearance.Identifier{Type: "aircraft_serial", Number: v, Note: note})
	}
}

func serialIsConstruction(e *clearance.Entity) bool {
	for _, id := range e.Identifiers {
		if id.Type == "aircraft_serial" && id.Number == e.Aircraft.Serial {
			return id.Note != ""
		}
	}
	return false
}

func aircraftTail(note string) func(*clearance.Entity, string, *remarkStats) {
	return func(e *clearance.Entity, v string, _ *remarkStats) {
		v = trimDot(v)
		if v == "" {
			return
		}
		if a := ensureAircraft(e); a.Registration == "" && note == "" {
			a.Registration = v
		}
		addIdentifier(e, clearance.Identifier{Type: "aircraft_registration", Number: v, Note: note})
	}
}

func addIdentifier(e *clearance.Entity, id clearance.Identifier) {
	for _, have := range e.Identifiers {
		if have.Type == id.Type && have.Number == id.Number && have.Country == id.Country {
			return
		}
	}
	e.Identifiers = append(e.Identifiers, id)
}

// identifier reads "109420132 (Korea, North) issued 16 Oct 2019 expires 16
// Oct 2024" after a document label: the number, the issuing country from
// the trailing parenthesis, and the dates (and any label note) as Note.
func identifier(typ, labelNote string) func(*clearance.Entity, string, *remarkStats) {
	return func(e *clearance.Entity, v string, _ *remarkStats) {
		id := parseIdentifier(v)
		if id.Number == "" {
			return
		}
		id.Type = typ
		id.Note = joinNote(labelNote, id.Note)
		addIdentifier(e, id)
	}
}

var noteMarkers = []string{" issued", " expires", " expired", " Issue Date", " Expire Date"}

func parseIdentifier(v string) clearance.Identifier {
	var id clearance.Identifier
	v = trimDot(v)
	cut := len(v)
	for _, m := range noteMarkers {
		if i := strings.Index(v, m); i >= 0 && i < cut {
			cut = i
		}
	}
	id.Note = strings.TrimSpace(v[cut:])
	v = strings.TrimRight(strings.TrimSpace(v[:cut]), ", ")

	var place string
	if strings.HasSuffix(v, ")") {
		if open := strings.LastIndexByte(v, '('); open >= 0 {
			place = strings.TrimSpace(v[open+1 : len(v)-1])
			v = strings.TrimSpace(v[:open])
		}
	}
	// Further parentheses qualify the number ("HRA 738077 (Stuttgart)").
	if i := strings.Index(v, " ("); i > 0 {
		id.Note = joinNote(v[i+1:], id.Note)
		v = v[:i]
	}
	v = strings.TrimRight(v, ", ")
	// A sub-label before the number ("CNIC: 35202-5400413-9") is a note.
	if sub, num, ok := strings.Cut(v, ": "); ok && !strings.ContainsAny(sub, "0123456789") && num != "" {
		id.Note = joinNote(sub, id.Note)
		v = num
	}
	if v == "" {
		v, place = place, "" // "International Maritime Organization No. (5777731)"
	}
	id.Number = strings.TrimSpace(v)
	// The parenthesis is usually the issuing country, but sometimes a city
	// or registry ("Matricula Mercantil No 818178-2 (Cali)"); only a
	// recognised country becomes Country, the rest stays readable in Note.
	if place != "" {
		if id.Country = country.Code(place); id.Country == "" {
			id.Note = joinNote("("+place+")", id.Note)
		}
	}
	return id
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
