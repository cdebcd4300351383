package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/batchio"
)

// identifierFlag collects --id TYPE:NUMBER flags.
type identifierFlag []clearance.Identifier

func (f *identifierFlag) String() string { return "" }
func (f *identifierFlag) Set(s string) error {
	id, err := batchio.ParseIdentifier(s)
	if err != nil {
		return err
	}
	*f = append(*f, id)
	return nil
}

// minScoreFlag is --min-score for screen and batch: unset (v nil) means
// the command's default, and a value given — 0 included — is used as
// given, after the check the API makes too (clearance.ParseMinScore).
type minScoreFlag struct{ v *float64 }

func (f *minScoreFlag) String() string {
	if f == nil || f.v == nil {
		return ""
	}
	return strconv.FormatFloat(*f.v, 'g', -1, 64)
}

func (f *minScoreFlag) Set(s string) error {
	v, err := clearance.ParseMinScore(s)
	if err != nil {
		return err
	}
	f.v = &v
	return nil
}

// reviewFloor is the lowest score "screen" prints by default: an analyst
// looking up one name wants the near misses too, marked as below the
// alert threshold.
const reviewFloor = 0.5

// runScreen screens one subject. Like grep, it exits 0 when nothing
// alerts, 1 when a match reaches the alert threshold (errAlert) and 2 on
// an error, so that a script can tell "listed" from "could not tell".
func runScreen(ctx context.Context, e *env, args []string) error {
	err := screenOnce(e, args)
	if err != nil && !errors.Is(err, errUsage) && !errors.Is(err, errAlert) && !errors.Is(err, errHelp) {
		return &exitStatus{code: exitFailed, err: err}
	}
	return err
}

func screenOnce(e *env, args []string) error {
	fs := e.newFlagSet("screen", "NAME [flags]", "Screen one subject against the loaded lists.")
	var q clearance.Query
	var typ string
	var ids identifierFlag
	explain := fs.Bool("explain", false, "print every reason behind each score")
	limit := fs.Int("limit", 10, "most matches to print")
	minScore := minScoreFlag{v: new(float64(reviewFloor))}
	fs.Var(&minScore, "min-score", "lowest score to print, 0 to 1; matches below the alert threshold are shown unmarked, for review")
	fs.StringVar(&q.DOB, "dob", "", "date of birth: YYYY, YYYY-MM or YYYY-MM-DD")
	fs.StringVar(&q.Country, "country", "", "nationality, residence or registration country (name or ISO code)")
	fs.StringVar(&typ, "type", "", "person, organization, vessel or aircraft")
	fs.StringVar(&q.Gender, "gender", "", "male or female")
	fs.StringVar(&q.Wallet, "wallet", "", "a crypto address to look up")
	fs.Var(&ids, "id", "identifier TYPE:NUMBER (passport:109420132); repeatable")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	q.Name = joinArgs(pos)
	q.Identifiers = ids
	if q.Type, err = clearance.ParseEntityType(typ); err != nil {
		return fmt.Errorf("--type: %w", err)
	}
	if q.Name == "" && q.Wallet == "" && len(q.Identifiers) == 0 {
		fs.Usage()
		return errUsage
	}
	// Checked before the lists load, as the API and batch check it.
	if err := q.Check(); err != nil {
		return err
	}
	l, err := e.load()
	if err != nil {
		return err
	}
	matches, err := l.index.Screen(q, clearance.ScreenOptions{MinScore: minScore.v, Limit: *limit})
	if err != nil {
		return err
	}
	if e.json {
		err = writeJSON(e.stdout, screenResult{Query: q, Threshold: l.index.Threshold(), Matches: nonNil(matches)})
	} else {
		printMatches(e.stdout, q, matches, l.index.Threshold(), *explain)
	}
	if err != nil {
		return err
	}
	for _, m := range matches {
		if m.Score >= l.index.Threshold() {
			return errAlert
		}
	}
	return nil
}

type screenResult struct {
	Query     clearance.Query   `json:"query"`
	Threshold float64           `json:"threshold"`
	Matches   []clearance.Match `json:"matches"`
}

func nonNil(m []clearance.Match) []clearance.Match {
	if m == nil {
		return []clearance.Match{}
	}
	return m
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printMatches writes matches for an analyst: one line per match, then
// the reasons, briefly or (with explain) in full.
func printMatches(w io.Writer, q clearance.Query, ms []clearance.Match, threshold float64, explain bool) {
	subject := q.Name
	if subject == "" {
		subject = q.Wallet
	}
	if len(ms) == 0 {
		fmt.Fprintf(w, "No match for %q (alert threshold %.2f).\n", subject, threshold)
		return
	}
	alerts := 0
	for _, m := range ms {
		if m.Score >= threshold {
			alerts++
		}
	}
	fmt.Fprintf(w, "%d candidate(s) for %q, %d at or above the alert threshold %.2f (marked !):\n\n", len(ms), subject, alerts, threshold)
	for i, m := range ms {
		alert := "  "
		if m.Score >= threshold {
			alert = "! "
		}
		fmt.Fprintf(w, "%s%d. %.2f  %s  [%s]  %s", alert, i+1, m.Score, m.Name, m.EntityID, m.Type)
		if len(m.Programs) > 0 {
			fmt.Fprintf(w, "  programs: %s", strings.Join(m.Programs, ", "))
		}
		fmt.Fprintln(w)
		if m.MatchedName != "" && m.MatchedName != m.Name {
			fmt.Fprintf(w, "      matched alias: %s\n", m.MatchedName)
		}
		printReasons(w, m.Reasons, explain)
		fmt.Fprintln(w)
	}
}

func printReasons(w io.Writer, rs []clearance.Reason, explain bool) {
	var tokens []string
	for _, r := range rs {
		switch {
		case r.Field == "name_token" && !explain:
			switch {
			case r.Query != "" && r.Listed != "":
				if r.How == "exact" {
					tokens = append(tokens, r.Listed)
				} else {
					tokens = append(tokens, fmt.Sprintf("%s~%s (%s)", r.Query, r.Listed, r.How))
				}
			case r.Listed != "":
				tokens = append(tokens, "-"+r.Listed)
			default:
				tokens = append(tokens, "+"+r.Query)
			}
		case r.Field == "name_token":
			switch {
			case r.Query != "" && r.Listed != "":
				fmt.Fprintf(w, "      %-22q = %-22q %-14s %.2f\n", r.Query, r.Listed, r.How, r.Score)
			case r.Listed != "":
				fmt.Fprintf(w, "      %-22s   %-22q %s\n", "", r.Listed, r.How)
			default:
				fmt.Fprintf(w, "      %-22q   %-22s %s\n", r.Query, "", r.How)
			}
		case r.Field == "name":
			fmt.Fprintf(w, "      name %.2f: %q ~ %q (%s)\n", r.Score, r.Query, r.Listed, r.How)
		default:
			sign := ""
			if r.Score > 0 && r.Field != "wallet" && r.Field != "identifier" {
				sign = "+"
			}
			fmt.Fprintf(w, "      %s %s%.2f: %s vs listed %s (%s)\n", r.Field, sign, r.Score, r.Query, r.Listed, r.How)
		}
	}
	if len(tokens) > 0 {
		fmt.Fprintf(w, "      tokens: %s\n", strings.Join(tokens, "  "))
	}
}
