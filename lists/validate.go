package lists

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Why a source's files were refused. The values are the reason label of
// the clearance_list_refused metric and never change.
const (
	// ReasonMissing: a required file is not there.
	ReasonMissing = "missing"
	// ReasonEmpty: a required file has no bytes, or no records after its header.
	ReasonEmpty = "empty"
	// ReasonTruncated: the file does not end where its format says it
	// ends (an XML file before its closing root element, a CSV file in the
	// middle of a line).
	ReasonTruncated = "truncated"
	// ReasonWrongFormat: the file is of another format than the source's
	// (an XML file with another root element).
	ReasonWrongFormat = "wrong_format"
	// ReasonUnparseable: the parser failed on the file.
	ReasonUnparseable = "unparseable"
	// ReasonShrunk: the source lost more than MaxShrink of the entities
	// of the version last accepted.
	ReasonShrunk = "shrunk"
	// ReasonOlder: the data date inside the file is older than that of
	// the version last accepted.
	ReasonOlder = "older"
	// ReasonUnreadable: the file could not be read (permissions, I/O).
	ReasonUnreadable = "unreadable"
)

// DefaultMaxShrink is the share of its entities a source may lose from
// one accepted version to the next. Official lists grow by designations
// and shrink by a few delistings at a time: the SDN list has not lost
// 5% of its entries in a day since it was first published, while a
// truncated or reformatted file loses most of them.
const DefaultMaxShrink = 0.2

// DefaultMinLoss is how many entities a source must lose before the
// shrink check applies: a small list losing two of its nine entries to a
// delisting is news, not a broken file.
const DefaultMinLoss = 10

// DefaultMaxAge is how old a list's data date may be before clearance
// warns that it is stale. Every catalogue publisher issues a new file at
// least monthly when anything changes, and the sanctions regimes change
// every few weeks.
const DefaultMaxAge = 30 * 24 * time.Hour

// RefusedError says that a source's files were refused and why. A
// refused source is never swapped in: the previous copy stays in use.
type RefusedError struct {
	Key string
	// Reason is one of the Reason constants.
	Reason string
	Err    error
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("%s refused (%s): %v", e.Key, e.Reason, e.Err)
}

func (e *RefusedError) Unwrap() error { return e.Err }

func refused(key, reason string, format string, args ...any) *RefusedError {
	return &RefusedError{Key: key, Reason: reason, Err: fmt.Errorf(format, args...)}
}

// Refusals picks the refusals out of err, which may join several errors
// (as LoadDir's callers often do). other holds the errors that are not
// refusals, nil when there are none.
func Refusals(err error) (refs []*RefusedError, other error) {
	var others []error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var re *RefusedError
		if errors.As(err, &re) {
			refs = append(refs, re)
			return
		}
		others = append(others, err)
	}
	walk(err)
	return refs, errors.Join(others...)
}

// Accepted is what is remembered of the version of a source last accepted,
// to judge the next one against.
type Accepted struct {
	Entities int `json:"entities"`
	// DataDate is the data date (YYYY-MM-DD) of that version, "" if unknown.
	DataDate string `json:"data_date,omitempty"`
}

// Checks are the plausibility checks a new version of a source must pass
// against the version last accepted. The structural checks (a file ends
// where its format says, has the right root, parses, holds entities)
// always apply and cannot be forced.
type Checks struct {
	// MaxShrink is the share of entities a source may lose. Zero means
	// DefaultMaxShrink; negative disables the check.
	MaxShrink float64
	// MinLoss is how many entities must be lost before MaxShrink is
	// applied. Zero means DefaultMinLoss; negative means any loss.
	MinLoss int
	// Force accepts a version that fails the plausibility checks (a list
	// that really did shrink, or a deliberate roll-back); the operator
	// says so with --force.
	Force bool
}

// Plausible checks n entities dated date (YYYY-MM-DD or "") of source key
// against the version last accepted. It returns a *RefusedError, or nil.
func (c Checks) Plausible(key string, prev Accepted, n int, date string) error {
	if c.Force {
		return nil
	}
	shrink := c.MaxShrink
	if shrink == 0 {
		shrink = DefaultMaxShrink
	}
	minLoss := c.MinLoss
	if minLoss == 0 {
		minLoss = DefaultMinLoss
	}
	if shrink > 0 && prev.Entities > 0 && float64(n) < (1-shrink)*float64(prev.Entities) && prev.Entities-n >= minLoss {
		return refused(key, ReasonShrunk, "%d entities, %.0f%% fewer than the %d of the version last accepted (more than %.0f%% is refused: a list does not shrink that fast, a truncated or changed file does; --force accepts it)",
			n, 100*(1-float64(n)/float64(prev.Entities)), prev.Entities, shrink*100)
	}
	if date != "" && prev.DataDate != "" && date < prev.DataDate {
		return refused(key, ReasonOlder, "data dated %s, older than the %s of the version last accepted (--force accepts it)", date, prev.DataDate)
	}
	return nil
}

// A fileCheck says whether a file's bytes end where their format says
// they end and are of the expected kind. It returns a *RefusedError with
// an empty Key, filled in by the caller.
type fileCheck func(name string, data []byte) *RefusedError

// xmlRoot checks that an XML file's root element is root and that the
// file goes on to that element's end tag: a download cut anywhere,
// including between two records, lacks it.
func xmlRoot(root string) fileCheck {
	return func(name string, data []byte) *RefusedError {
		d := xml.NewDecoder(bytes.NewReader(data))
		d.Strict = false
		var got string
		for got == "" {
			tok, err := d.RawToken()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return refused("", ReasonWrongFormat, "%s has no XML root element", name)
				}
				return refused("", ReasonWrongFormat, "%s is not XML: %v", name, err)
			}
			if se, ok := tok.(xml.StartElement); ok {
				got = se.Name.Local
			}
		}
		if got != root {
			return refused("", ReasonWrongFormat, "%s has root element <%s>, want <%s>", name, got, root)
		}
		tail := bytes.TrimRight(data, " \t\r\n\x00")
		i := bytes.LastIndex(tail, []byte("</"))
		if i < 0 || tail[len(tail)-1] != '>' {
			return refused("", ReasonTruncated, "%s ends before its closing </%s>", name, root)
		}
		end := strings.TrimSpace(string(tail[i+2 : len(tail)-1]))
		if _, local, ok := strings.Cut(end, ":"); ok {
			end = local
		}
		if end != root {
			return refused("", ReasonTruncated, "%s ends before its closing </%s> (its last tag is </%s>)", name, root, end)
		}
		return nil
	}
}

// csvComplete checks that a CSV file ends with a complete line: a line
// break, or OFAC's Ctrl-Z end-of-file marker right after one.
func csvComplete(name string, data []byte) *RefusedError {
	tail := bytes.TrimSuffix(data, []byte{0x1a})
	if len(tail) == 0 {
		return nil // empty: a required file is refused as such when parsed
	}
	if tail[len(tail)-1] != '\n' {
		last := tail[bytes.LastIndexByte(tail, '\n')+1:]
		if len(last) > 40 {
			last = append(last[:40:40], "..."...)
		}
		return refused("", ReasonTruncated, "%s ends in the middle of a line (%q)", name, last)
	}
	return nil
}

// xmlOrCSV checks a file a publisher issues in either format (the UK
// Sanctions List) with the XML check when it starts with '<', else as CSV.
func xmlOrCSV(x fileCheck) fileCheck {
	return func(name string, data []byte) *RefusedError {
		if t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n"); len(t) > 0 && t[0] == '<' {
			return x(name, data)
		}
		return csvComplete(name, data)
	}
}
