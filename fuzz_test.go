package clearance

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseDOB feeds dates of birth as users type them. A date read is in
// range and writes back as itself; nothing is read from a value that is
// neither a date nor a placeholder.
func FuzzParseDOB(f *testing.F) {
	for _, s := range []string{"1965", "1965-04", "1965-04-25", "1965-00-00", "1965-04-00", "0000-00-00", "00/00/0000", "unknown", " N/A ",
		"1965-4-25", "19650425", "1965-13-01", "1965-02-31", "-1", "9999999999999999999", "1965--", "\x00", "１９６５", "+1965", "1965-04-25T00:00:00Z", "٢٠٢٠"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDOB(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "date ") {
				t.Fatalf("ParseDOB(%q): error %q does not name the date", s, err)
			}
			return
		}
		if d.IsZero() {
			if !IsPlaceholder(s) {
				t.Fatalf("ParseDOB(%q) read nothing from a value that is no placeholder", s)
			}
			return
		}
		if d.Year < 1800 || d.Year > 2200 || d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 || d.Month == 0 && d.Day != 0 {
			t.Fatalf("ParseDOB(%q) = %+v, out of range", s, d)
		}
		if back, err := ParseDate(d.String()); err != nil || back != d {
			t.Fatalf("ParseDOB(%q) = %+v, which writes as %q and reads back as %+v, %v", s, d, d.String(), back, err)
		}
	})
}

// FuzzQueryFields feeds the other fields a query may carry: the type,
// the gender, and a whole query to Check.
func FuzzQueryFields(f *testing.F) {
	f.Add("person", "M", "Kim Sang Man", "1965", "KP", "")
	f.Add("unknown", "U", "", "00/00/0000", "XX", "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ")
	f.Add(" Individual ", "not known", "\u200b", "N/A", "unknown", "-")
	f.Add("vesel", "女", strings.Repeat("김", 1001), "1965-13", "ZZ", "\xff")
	f.Fuzz(func(t *testing.T, typ, gender, name, dob, country, wallet string) {
		et, err := ParseEntityType(typ)
		switch {
		case err != nil && !strings.HasPrefix(err.Error(), "unknown entity type"):
			t.Fatalf("ParseEntityType(%q): error %q does not say what is wrong", typ, err)
		case err == nil && et != Unknown && et != Person && et != Organization && et != Vessel && et != Aircraft:
			t.Fatalf("ParseEntityType(%q) = %q, no type", typ, et)
		case err == nil && et != Unknown:
			if again, err := ParseEntityType(string(et)); again != et || err != nil {
				t.Fatalf("ParseEntityType(%q) = %q, which reads back as %q, %v", typ, et, again, err)
			}
		case IsPlaceholder(typ) && (err != nil || et != Unknown):
			t.Fatalf("ParseEntityType(%q), a placeholder, = %q, %v; want Unknown", typ, et, err)
		}
		g := NormalizeGender(gender)
		if g != "" && g != "male" && g != "female" || NormalizeGender(g) != g {
			t.Fatalf("NormalizeGender(%q) = %q", gender, g)
		}
		if g != "" && IsPlaceholder(gender) {
			t.Fatalf("%q is a placeholder and a gender (%q)", gender, g)
		}
		q := Query{Name: name, DOB: dob, Country: country, Gender: gender, Wallet: wallet, Type: et}
		err = q.Check()
		if utf8.RuneCountInString(name) > MaxNameLen && (err == nil || !strings.HasPrefix(err.Error(), "name: ")) {
			t.Fatalf("Check of a %d-character name: %v", utf8.RuneCountInString(name), err)
		}
		if err == nil && strings.TrimSpace(name) == "" && strings.TrimSpace(wallet) == "" {
			t.Fatal("Check passed a query with nothing to screen")
		}
	})
}
