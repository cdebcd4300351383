package match

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/names"
)

// What the other fields add to or take from a name score. Agreement adds
// a little (the name already carries the match); a clear conflict takes
// enough to bring an exact namesake under the alert threshold.
const (
	bonusExactDOB  = 0.06
	bonusYearDOB   = 0.03
	penaltyDOB     = 0.30 // years apart: a namesake, not the listed person
	penaltyDOBDay  = 0.12 // same year, different day
	bonusCountry   = 0.03
	penaltyCountry = 0.04
	penaltyType    = 0.15
	penaltyGender  = 0.12
	maxBonus       = bonusExactDOB + bonusCountry
	// nameCeiling is what a perfect name match scores on its own; the
	// rest of the scale is for corroboration by the other fields.
	nameCeiling = 0.94
	// commonDOBFactor scales a date-of-birth conflict for a name borne
	// by one person in commonDOBShare or more of some population
	// (names.CommonShare): Kim Chol born on another day.
	commonDOBFactor = 1.5
	commonDOBShare  = 1e-4
	dobYearSlack    = 1 // years either side of a listed year that still agree
	dobCircaSlack   = 3
)

// adjust applies date of birth, country, type and gender to a name score,
// adding a reason for each, and clamps the result to 0..1.
func adjust(q *query, e *clearance.Entity, score float64, reasons *[]clearance.Reason) float64 {
	// reasons is nil on the hot path, where only the score is wanted.
	add := func(field, qv, lv, how string, delta float64) {
		score += delta
		if reasons != nil {
			*reasons = append(*reasons, clearance.Reason{Field: field, Query: qv, Listed: lv, How: how, Score: round3(delta)})
		}
	}
	if q.hasDOB && len(e.BirthDates) > 0 {
		if how, listed, delta, ok := compareDOB(q.dob, e.BirthDates); ok {
			if delta < 0 && q.nameShare >= commonDOBShare {
				// A name thousands bear is met by thousands of namesakes
				// born on other days: a date that differs says more.
				delta *= commonDOBFactor
				how += "; common name"
			}
			add("dob", q.dob.String(), listed, how, delta)
		}
	}
	if q.country != "" {
		if known, found := hasCountry(e, q.country); found {
			add("country", q.country, q.country, "agrees", bonusCountry)
		} else if known {
			listed := ""
			if reasons != nil {
				listed = strings.Join(e.Countries(), ", ")
			}
			add("country", q.country, listed, "conflict", -penaltyCountry)
		}
	}
	if q.typ != clearance.Unknown && e.Type != clearance.Unknown && q.typ != e.Type {
		add("type", string(q.typ), string(e.Type), "conflict", -penaltyType)
	}
	// Only male against female is a conflict; a listed "unknown" or "U"
	// is no more evidence than a queried one.
	if q.gender != "" && e.Gender != "" {
		if lg := clearance.NormalizeGender(e.Gender); lg != "" && lg != q.gender {
			add("gender", q.gender, e.Gender, "conflict", -penaltyGender)
		}
	}
	return clamp01(score)
}

// hasCountry reports whether the entity names any country, and whether
// code is one of them, without allocating. Only an ISO code counts as
// naming one: a listed "XX", "ZZ" or text the parser could not read is
// no evidence of where the entity is not.
func hasCountry(e *clearance.Entity, code string) (known, found bool) {
	for _, c := range e.Nationalities {
		if c == code {
			return true, true
		}
		known = known || clearance.IsCountryCode(c)
	}
	for _, c := range e.Citizenships {
		if c == code {
			return true, true
		}
		known = known || clearance.IsCountryCode(c)
	}
	for _, a := range e.Addresses {
		if a.Country == code {
			return true, true
		}
		known = known || clearance.IsCountryCode(a.Country)
	}
	return known, false
}

// compareDOB compares a queried date of birth with the listed ones and
// returns the best agreement (or the mildest conflict). Listed dates with
// no year are placeholders and left out: one must not hide a conflict
// with another that is known. ok is false when none is left.
func compareDOB(q clearance.Date, listed []clearance.BirthDate) (how, with string, delta float64, ok bool) {
	delta = -penaltyDOB
	how = "conflict"
	for _, b := range listed {
		if b.Year == 0 {
			continue
		}
		h, d := compareOneDOB(q, b)
		if d > delta || !ok {
			how, with, delta, ok = h, b.String(), d, true
		}
	}
	return how, with, delta, ok
}

func compareOneDOB(q clearance.Date, b clearance.BirthDate) (string, float64) {
	from, to := b.Year, b.Until.Year
	if to == 0 {
		to = from
	}
	slack := dobYearSlack
	if b.Circa {
		slack = dobCircaSlack
	}
	if from == 0 || q.Year == 0 {
		return "unknown", 0
	}
	if q.Year < from-slack || q.Year > to+slack {
		return fmt.Sprintf("conflict (%d years apart)", min(abs(q.Year-from), abs(q.Year-to))), -penaltyDOB
	}
	if !b.Until.IsZero() || b.Circa || q.Year != from {
		return "year within range", bonusYearDOB / 2
	}
	// Same year. Compare month and day where both sides know them.
	if q.Month != 0 && b.Month != 0 && q.Month != b.Month || q.Day != 0 && b.Day != 0 && q.Day != b.Day {
		return "same year, different date", -penaltyDOBDay
	}
	if q.Day != 0 && b.Day != 0 {
		return "exact", bonusExactDOB
	}
	return "same year", bonusYearDOB
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func clamp01(x float64) float64 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

func round3(x float64) float64 {
	return float64(int64(x*1000+sign(x)*0.5)) / 1000
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// explainName turns an alignment into reasons: the name as a whole, then
// each pair of query and listed tokens, and each token left without a partner.
func explainName(q *query, ln *listedName, a alignment, listed string, score float32) []clearance.Reason {
	rs := make([]clearance.Reason, 0, len(a.pairs)+2)
	how := "token alignment"
	if ln.weak {
		how += ", weak alias"
	}
	if ln.acronymLeftOff {
		how += ", acronym left off"
	}
	rs = append(rs, clearance.Reason{Field: "name", Query: names.Texts(q.tokens), Listed: listed, How: how, Score: round3(float64(score))})
	var usedQ, usedL uint64
	for _, p := range a.pairs {
		usedQ |= p.q
		usedL |= p.l
		rs = append(rs, clearance.Reason{
			Field:  "name_token",
			Query:  maskTexts(q.tokens, p.q),
			Listed: maskTexts(a.listed, p.l),
			How:    p.how,
			Score:  round3(float64(p.sim)),
		})
	}
	for i, t := range q.tokens {
		if i < 64 && usedQ&(1<<i) == 0 {
			rs = append(rs, clearance.Reason{Field: "name_token", Query: t.Text, How: unmatchedHow(t, "not in listed name"), Score: 0})
		}
	}
	for j, t := range a.listed {
		if j < 64 && usedL&(1<<j) == 0 {
			rs = append(rs, clearance.Reason{Field: "name_token", Listed: t.Text, How: unmatchedHow(t, "not in query"), Score: 0})
		}
	}
	return rs
}

func unmatchedHow(t names.Token, s string) string {
	if t.Noise {
		return s + " (title, legal form or particle)"
	}
	return s
}

// maskTexts joins the texts of the tokens a pairing's mask covers.
func maskTexts(ts []names.Token, mask uint64) string {
	var b strings.Builder
	for m := mask; m != 0; m &= m - 1 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(ts[bits.TrailingZeros64(m)].Text)
	}
	return b.String()
}
