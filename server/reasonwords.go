package server

import (
	"fmt"
	"strings"

	"github.com/clearance-screening/clearance"
)

// plainHow says in plain words how a query part met a listed part: the
// engine's reason codes (match/score.go's how* constants, match/adjust.go's
// date and country words) are for experts, who still see the code beside
// it. An unknown code is shown as it is.
func plainHow(r clearance.Reason) string {
	how := r.How
	pair := func(words string) string {
		if r.Query != "" && r.Listed != "" && !strings.EqualFold(r.Query, r.Listed) {
			return r.Query + "/" + r.Listed + ": " + words
		}
		return words
	}
	// Codes the name engine composes: "token alignment, weak alias".
	if rest, ok := strings.CutPrefix(how, "token alignment"); ok {
		out := "the whole name, its parts paired one by one (below)"
		if strings.Contains(rest, "weak alias") {
			out += "; on a weak alias, which the list itself says identifies poorly"
		}
		if strings.Contains(rest, "acronym left off") {
			out += "; the listed acronym left out"
		}
		return out
	}
	if rest, ok := strings.CutPrefix(how, "common name: "); ok {
		return "a common name: " + rest
	}
	if rest, ok := strings.CutPrefix(how, "exact as listed; "); ok {
		return "identical to the listed address, but " + rest
	}
	if n, ok := strings.CutPrefix(how, "conflict ("); ok && r.Field == "dob" {
		return "born " + strings.TrimSuffix(n, ")") + ": a different person, or a wrong date"
	}
	if rest, ok := strings.CutPrefix(how, "not in listed name"); ok {
		return "this part of your name is not in the listed name" + noise(rest)
	}
	if rest, ok := strings.CutPrefix(how, "not in query"); ok {
		return "this part of the listed name is not in yours" + noise(rest)
	}
	switch r.Field {
	case "dob":
		switch how {
		case "exact":
			return "the same date of birth"
		case "same year":
			return "born the same year"
		case "same year, different date":
			return "born the same year, on another day"
		case "year within range":
			return "born within the listed range of years"
		case "conflict":
			return "a different date of birth"
		case "unknown":
			return "no comparable date of birth"
		}
	case "country":
		switch how {
		case "agrees":
			return "a country the listing names"
		case "conflict":
			return "a country the listing does not name: " + orNone(r.Listed)
		}
	case "type":
		if how == "conflict" {
			return fmt.Sprintf("you asked for a %s; this is a %s", r.Query, r.Listed)
		}
	case "gender":
		if how == "conflict" {
			return "the listed gender differs"
		}
	case "wallet":
		if how == "exact" {
			return "the same wallet address"
		}
	case "identifier":
		if how == "exact" {
			return "the same identity document number"
		}
	}
	switch how {
	case "exact":
		return "spelled the same"
	case "romanisation":
		return pair("the same name in another romanisation (as Pak and Park)")
	case "joined":
		return pair("the same name written as one word or as two")
	case "consonants":
		return pair("the same consonants in an Arabic-script name, vowels written differently")
	case "edit_distance":
		return pair("spelled a little differently (a typo or variant spelling)")
	case "initial":
		return pair("an initial standing for the name")
	case "acronym":
		return pair("the initials of the listed name")
	case "final_nasal":
		return pair("final n/ng variant (as Kim and King, San and Sang)")
	case "nickname":
		return pair("a familiar form of the same given name (as Bill and William)")
	case "translation":
		return pair("the same word in translation")
	}
	return how
}

func noise(rest string) string {
	if strings.Contains(rest, "title, legal form or particle") {
		return " (a title, legal form or particle, which counts little)"
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "none known"
	}
	return s
}
