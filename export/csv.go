package export

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/batchio"
)

// stamp writes a time as exports do: RFC 3339 in UTC, "" for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// AlertsHeader is the alerts CSV's header.
var AlertsHeader = []string{"alert_id", "status", "score", "opened_at", "decided_at", "decided_by", "decision_reason",
	"subject_id", "subject_ref", "query_name", "query_dob", "query_country",
	"entity_id", "entity_name", "matched_name", "matched_alias", "source", "programs", "reasons",
	"screening_id", "list_version", "entity_version", "audit_records"}

// WriteAlertsCSV writes one row per case.
func WriteAlertsCSV(w io.Writer, cases []Case, actors Actors) error {
	cw := csv.NewWriter(w)
	cw.Write(AlertsHeader)
	for i := range cases {
		c := &cases[i]
		a := c.Alert
		q := c.Query()
		ref := ""
		if c.Subject != nil {
			ref = c.Subject.Ref
		}
		var m clearance.Match
		if c.Match != nil {
			m = *c.Match
		}
		lv := ""
		if c.Screening != nil {
			lv = c.Screening.ListVersion
		}
		decidedBy := ""
		if a.DecidedBy != "" {
			decidedBy = actors.Name(a.DecidedBy)
		}
		cw.Write([]string{a.ID, string(a.Status), batchio.FormatScore(a.Score), stamp(a.CreatedAt), stamp(a.DecidedAt), decidedBy, a.Reason,
			a.SubjectID, ref, q.Name, q.DOB, q.Country,
			a.EntityID, m.Name, m.MatchedName, batchio.MatchedAlias(m), m.Source, strings.Join(m.Programs, ";"), batchio.ReasonsText(m.Reasons),
			a.ScreeningID, lv, a.EntityVersion, strconv.Itoa(len(c.Records))})
	}
	cw.Flush()
	return cw.Error()
}

// DecisionsHeader is the decisions CSV's header.
var DecisionsHeader = []string{"seq", "time", "alert_id", "actor", "action", "details", "alert_status_now", "score", "subject_ref", "query_name", "entity_id", "entity_name"}

// WriteDecisionsCSV writes one row per audit record on a case after the
// alert was opened: decisions, and whatever else was recorded on the
// alert (reviews, comments, assignments), in the trail's order. The
// filter's time bounds apply to the records here, not to the alerts.
func WriteDecisionsCSV(w io.Writer, cases []Case, actors Actors, f Filter) error {
	type row struct {
		seq int64
		rec []string
	}
	var rows []row
	for i := range cases {
		c := &cases[i]
		q := c.Query()
		ref, name := "", ""
		if c.Subject != nil {
			ref = c.Subject.Ref
		}
		if c.Match != nil {
			name = c.Match.Name
		}
		for _, r := range c.Records {
			if r.Action == clearance.ActionAlertOpened || !f.inTime(r.Time) {
				continue
			}
			rows = append(rows, row{r.Seq, []string{strconv.FormatInt(r.Seq, 10), stamp(r.Time), c.Alert.ID, actors.Name(r.Actor), r.Action, Details(r),
				string(c.Alert.Status), batchio.FormatScore(c.Alert.Score), ref, q.Name, c.Alert.EntityID, name}})
		}
	}
	sortBySeq(rows, func(r row) int64 { return r.seq })
	cw := csv.NewWriter(w)
	cw.Write(DecisionsHeader)
	for _, r := range rows {
		cw.Write(r.rec)
	}
	cw.Flush()
	return cw.Error()
}

// AuditHeader is the audit CSV's header.
//
// details summarises alert records (decisions, reviews, comments) as the
// decisions export does; data is the record's JSON as hashed.
var AuditHeader = []string{"seq", "time", "actor", "actor_name", "action", "object", "details", "data", "prev_hash", "hash"}

// WriteAuditCSV writes the audit trail, one record a row, in order,
// streaming: records whose time the filter excludes are left out (the
// hash chain of what is written then has gaps; "clearance audit export"
// writes the whole trail to verify).
func WriteAuditCSV(ctx context.Context, w io.Writer, st clearance.Store, actors Actors, f Filter) error {
	cw := csv.NewWriter(w)
	cw.Write(AuditHeader)
	err := EachAudit(ctx, st, func(r clearance.AuditRecord) error {
		if !f.inTime(r.Time) {
			return nil
		}
		name := actors.Name(r.Actor)
		if name == r.Actor {
			name = ""
		}
		details := ""
		if strings.HasPrefix(r.Object, "alert:") {
			details = Details(r)
		}
		cw.Write([]string{strconv.FormatInt(r.Seq, 10), r.Time.UTC().Format(time.RFC3339Nano), r.Actor, name, r.Action, r.Object, details, string(r.Data), r.PrevHash, r.Hash})
		return cw.Error()
	})
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
}
