package hire

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/valyala/fastjson"
)

// lineParser turns JSONL lines into records. It is not safe for concurrent
// use; each reading goroutine has its own.
type lineParser struct {
	p fastjson.Parser
	// arena holds the bytes of the strings of the events of one batch, so
	// that a batch of events costs one allocation instead of one per field.
	arena []byte
}

var errNoKind = errors.New(`no "kind" (want "person" or "event")`)

// parseLine reads one line into a person or an event. Blank lines give
// neither and no error.
func (lp *lineParser) parseLine(line []byte, ev *Event) (p *Person, isEvent bool, err error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil, false, nil
	}
	v, err := lp.p.ParseBytes(line)
	if err != nil {
		return nil, false, fmt.Errorf("malformed JSON: %v", err)
	}
	return lp.parseValue(v, ev, "") // no kind assumed: a record without one is an error
}

// parseValue is parseLine for a value already parsed, with the kind
// assumed when the record has none.
func (lp *lineParser) parseValue(v *fastjson.Value, ev *Event, assumed string) (p *Person, isEvent bool, err error) {
	if v.Type() != fastjson.TypeObject {
		return nil, false, fmt.Errorf("not a JSON object")
	}
	kind := string(v.GetStringBytes("kind"))
	if kind == "" && v.Get("kind") == nil {
		kind = assumed
	}
	switch kind {
	case "event":
		return nil, true, lp.event(v, ev)
	case "person":
		p, err := parsePerson(v)
		return p, false, err
	case "":
		return nil, false, errNoKind
	default:
		return nil, false, fmt.Errorf("unknown kind %q (want person or event)", v.GetStringBytes("kind"))
	}
}

// str copies b into the arena and returns a string over the copy. The
// string lives as long as the arena slice it was cut from.
func (lp *lineParser) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(lp.arena)-len(lp.arena) < len(b) {
		lp.arena = make([]byte, 0, max(64<<10, len(b)))
	}
	n := len(lp.arena)
	lp.arena = append(lp.arena, b...)
	s := lp.arena[n:len(lp.arena):len(lp.arena)]
	return unsafe.String(&s[0], len(s))
}

func (lp *lineParser) event(v *fastjson.Value, ev *Event) error {
	*ev = Event{}
	ev.Person = lp.str(stringBytes(v, "person"))
	if ev.Person == "" {
		return errors.New(`event without "person"`)
	}
	at := v.GetStringBytes("at")
	if len(at) == 0 {
		return errors.New(`event without "at"`)
	}
	t, err := parseTime(at)
	if err != nil {
		return fmt.Errorf("unparseable date %q: want RFC 3339", at)
	}
	ev.At = t
	ev.Type = lp.str(v.GetStringBytes("type"))
	ev.IP = lp.str(v.GetStringBytes("ip"))
	ev.Country = lp.str(v.GetStringBytes("country"))
	if a := v.Get("asn"); a != nil {
		ev.ASN = parseASN(a)
	}
	ev.ASNOrg = lp.str(v.GetStringBytes("asn_org"))
	ev.UserAgent = lp.str(v.GetStringBytes("user_agent"))
	ev.AcceptLanguage = lp.str(v.GetStringBytes("accept_language"))
	if o := v.Get("tz_offset"); o != nil {
		if m, ok := parseOffset(o); ok {
			ev.TZOffset = &m
		}
	}
	ev.Device = lp.str(stringBytes(v, "device"))
	ev.App = lp.str(v.GetStringBytes("app"))
	return nil
}

// stringBytes reads a field that should be a string but may have been
// written as a number (ids often are).
func stringBytes(v *fastjson.Value, key string) []byte {
	f := v.Get(key)
	if f == nil {
		return nil
	}
	switch f.Type() {
	case fastjson.TypeString:
		b, _ := f.StringBytes()
		return b
	case fastjson.TypeNumber:
		return f.MarshalTo(nil)
	}
	return nil
}

func parseTime(b []byte) (time.Time, error) {
	s := unsafe.String(&b[0], len(b))
	t, err := time.Parse(time.RFC3339Nano, s)
	if err == nil {
		return t, nil
	}
	// Common near-misses: a space for the T, no seconds.
	for _, layout := range []string{"2006-01-02 15:04:05Z07:00", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05.999999999Z07:00"} {
		if t, err2 := time.Parse(layout, s); err2 == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}

// parseASN reads 13335, "13335" or "AS13335".
func parseASN(v *fastjson.Value) uint32 {
	switch v.Type() {
	case fastjson.TypeNumber:
		n, _ := v.Uint()
		return uint32(n)
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		s := strings.TrimPrefix(strings.TrimPrefix(string(b), "AS"), "as")
		n, _ := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
		return uint32(n)
	}
	return 0
}

// parseOffset reads a UTC offset as "+08:00", "+0800", "UTC+8", a number
// of hours (|n| <= 14) or a number of minutes east of UTC.
func parseOffset(v *fastjson.Value) (int, bool) {
	switch v.Type() {
	case fastjson.TypeNumber:
		f, err := v.Float64()
		if err != nil {
			return 0, false
		}
		if f >= -14 && f <= 14 {
			return int(f * 60), true
		}
		if f >= -14*60 && f <= 14*60 {
			return int(f), true
		}
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return ParseOffset(string(b))
	}
	return 0, false
}

// ParseOffset reads a UTC offset written "+08:00", "+0800", "-5",
// "UTC+9" or "GMT-03:30" into minutes east of UTC.
func ParseOffset(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "UTC"), "GMT")
	if s == "" || s == "Z" {
		return 0, true
	}
	sign := 1
	switch s[0] {
	case '+':
		s = s[1:]
	case '-':
		sign = -1
		s = s[1:]
	}
	h, m := s, ""
	if i := strings.IndexByte(s, ':'); i >= 0 {
		h, m = s[:i], s[i+1:]
	} else if len(s) == 4 {
		h, m = s[:2], s[2:]
	}
	hh, err := strconv.Atoi(h)
	if err != nil || hh > 14 {
		return 0, false
	}
	mm := 0
	if m != "" {
		if mm, err = strconv.Atoi(m); err != nil || mm >= 60 {
			return 0, false
		}
	}
	return sign * (hh*60 + mm), true
}

func parsePerson(v *fastjson.Value) (*Person, error) {
	p := &Person{
		ID:         string(stringBytes(v, "id")),
		Role:       str(v, "role"),
		Org:        str(v, "org"),
		Title:      str(v, "title"),
		LegalName:  str(v, "legal_name"),
		Names:      strs(v, "names"),
		DOB:        str(v, "dob"),
		Emails:     strs(v, "emails"),
		Phones:     strs(v, "phones"),
		ResumeText: str(v, "resume_text"),
		PhotoPHash: str(v, "photo_phash"),
		GitHub:     str(v, "github"),
		ReferredBy: string(stringBytes(v, "referred_by")),
	}
	if p.ID == "" {
		return nil, errors.New(`person without "id"`)
	}
	if c := v.Get("claimed"); c != nil && c.Type() == fastjson.TypeObject {
		p.Claimed = Claimed{Country: str(c, "country"), City: str(c, "city"), Timezone: str(c, "timezone")}
	}
	p.HomeAddress = address(v.Get("home_address"))
	p.ShipTo = address(v.Get("ship_to"))
	for _, pv := range v.GetArray("payouts") {
		if pv.Type() != fastjson.TypeObject {
			continue
		}
		p.Payouts = append(p.Payouts, Payout{
			Method:     str(pv, "method"),
			HolderName: str(pv, "holder_name"),
			Account:    string(stringBytes(pv, "account")),
			Bank:       str(pv, "bank"),
			Country:    str(pv, "country"),
			Wallet:     str(pv, "wallet"),
			ChangedAt:  str(pv, "changed_at"),
		})
	}
	if iv := v.Get("interview"); iv != nil && iv.Type() == fastjson.TypeObject {
		p.Interview = Interview{CameraRefused: boolean(iv, "camera_refused"), InPersonRefused: boolean(iv, "in_person_refused"), Notes: str(iv, "notes")}
	}
	for _, dv := range v.GetArray("devices") {
		if dv.Type() != fastjson.TypeObject {
			continue
		}
		p.Devices = append(p.Devices, Device{
			ID:              string(stringBytes(dv, "id")),
			Software:        strs(dv, "software"),
			USB:             strs(dv, "usb"),
			Locale:          str(dv, "locale"),
			Timezone:        str(dv, "timezone"),
			KeyboardLayouts: strs(dv, "keyboard_layouts"),
		})
	}
	return p, nil
}

func str(v *fastjson.Value, key string) string { return string(v.GetStringBytes(key)) }

// strs reads an array of strings; a single string is taken as a list of one.
func strs(v *fastjson.Value, key string) []string {
	f := v.Get(key)
	if f == nil {
		return nil
	}
	switch f.Type() {
	case fastjson.TypeString:
		b, _ := f.StringBytes()
		if len(b) == 0 {
			return nil
		}
		return []string{string(b)}
	case fastjson.TypeArray:
		a, _ := f.Array()
		out := make([]string, 0, len(a))
		for _, e := range a {
			switch e.Type() {
			case fastjson.TypeString:
				if b, _ := e.StringBytes(); len(b) > 0 {
					out = append(out, string(b))
				}
			case fastjson.TypeNumber:
				out = append(out, string(e.MarshalTo(nil)))
			case fastjson.TypeObject:
				// {"name": ..., "id": ...} items: keep the name and id.
				if s := joinObject(e); s != "" {
					out = append(out, s)
				}
			}
		}
		return out
	}
	return nil
}

func boolean(v *fastjson.Value, key string) bool {
	f := v.Get(key)
	if f == nil {
		return false
	}
	switch f.Type() {
	case fastjson.TypeTrue:
		return true
	case fastjson.TypeString:
		b, _ := f.StringBytes()
		s := strings.ToLower(string(b))
		return s == "true" || s == "yes" || s == "1"
	case fastjson.TypeNumber:
		n, _ := f.Int()
		return n != 0
	}
	return false
}

// addressOrder is the order an address object's fields are joined in, so
// that the text reads as an address would be written.
var addressOrder = []string{
	"attn", "attention", "care_of", "c/o", "company", "organization", "name",
	"line1", "address1", "address_line1", "line2", "address2", "address_line2",
	"street_address", "house_number", "number", "street", "road",
	"unit", "apt", "apartment", "suite", "flat", "floor",
	"city", "town", "locality", "district", "state", "region", "province", "county",
	"postcode", "postal_code", "zip", "zipcode", "country", "country_code",
}

// address reads an address written as text or as an object; an object's
// fields are joined into text in the usual order, so that both meet in
// one normaliser.
func address(v *fastjson.Value) string {
	if v == nil {
		return ""
	}
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return string(b)
	case fastjson.TypeObject:
		return joinObject(v)
	case fastjson.TypeArray:
		var parts []string
		for _, e := range v.GetArray() {
			if b, err := e.StringBytes(); err == nil {
				parts = append(parts, string(b))
			}
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

func joinObject(v *fastjson.Value) string {
	o, err := v.Object()
	if err != nil {
		return ""
	}
	var parts []string
	seen := map[string]bool{}
	add := func(k string, f *fastjson.Value) {
		if f == nil || seen[k] {
			return
		}
		seen[k] = true
		switch f.Type() {
		case fastjson.TypeString:
			if b, _ := f.StringBytes(); len(b) > 0 {
				s := string(b)
				if k == "attn" || k == "attention" {
					s = "attn: " + s
				}
				if k == "care_of" || k == "c/o" {
					s = "c/o " + s
				}
				parts = append(parts, s)
			}
		case fastjson.TypeNumber:
			parts = append(parts, string(f.MarshalTo(nil)))
		}
	}
	for _, k := range addressOrder {
		add(k, o.Get(k))
	}
	o.Visit(func(k []byte, f *fastjson.Value) { add(string(k), f) })
	return strings.Join(parts, ", ")
}
