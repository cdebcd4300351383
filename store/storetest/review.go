package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
)

// testReview walks four-eyes review and case work: a high-scoring false
// positive waits for a second person, its maker cannot review it, a
// rejection reopens it, an approval closes it; lower scores close at once;
// cases are assigned, commented, escalated, queued, bulk-closed (all or
// none) and reopened; all of it in a chain that still verifies.
func testReview(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	s := openStore(t, newDB)
	rs, ok := s.(clearance.ReviewStore)
	if !ok {
		t.Fatalf("%T does not implement clearance.ReviewStore", s)
	}
	// Migration 007 lets keys carry the reviewer role.
	bob := clearance.APIKey{Name: "bob", Role: clearance.RoleReviewer, Hash: clearance.HashAPIKey("bob's secret")}
	must(t, s.CreateAPIKey(ctx, "admin", &bob))
	if k, err := s.APIKeyByHash(ctx, bob.Hash); err != nil || k.Role != clearance.RoleReviewer {
		t.Fatalf("reviewer key: %+v %v", k, err)
	}
	policy := clearance.DefaultReviewPolicy()
	sub := clearance.Subject{Ref: "cust-9", Query: clearance.Query{Name: "Kim Sang Man"}}
	must(t, s.CreateSubject(ctx, "alice", &sub))
	kim, lee, park := listed("us_ofac_sdn:1", "KIM, Sang Man", ""), listed("un_sc_sanctions:KPi.2", "LEE Sang Min", ""), listed("gb_hmt_sanctions:3", "PARK Sang", "")
	screen := func(ms ...clearance.Match) []clearance.Alert {
		t.Helper()
		sc := clearance.Screening{SubjectID: sub.ID, Query: sub.Query, Matches: ms, Threshold: 0.85, ListVersion: "test@1", By: "key_screen"}
		alerts, err := s.SaveScreening(ctx, &sc, nil)
		must(t, err)
		return alerts
	}
	opened := screen(match(kim, 0.95), match(lee, 0.87), match(park, 0.86))
	if len(opened) != 3 {
		t.Fatalf("opened %d alerts, want 3", len(opened))
	}
	kimID, leeID, parkID := opened[0].ID, opened[1].ID, opened[2].ID

	// alice's false positive at 0.95 waits for review.
	c, err := rs.DecideCase(ctx, kimID, clearance.Decision{Status: clearance.AlertFalsePositive, Reason: "born 1990", By: "alice"}, policy)
	must(t, err)
	if c.Status != clearance.AlertPendingReview || c.Pending == nil || c.Pending.By != "alice" || c.Pending.Status != clearance.AlertFalsePositive {
		t.Fatalf("after alice's decision: %+v", c)
	}
	if got, err := rs.GetCase(ctx, kimID); err != nil || got.Status != clearance.AlertPendingReview || got.Pending == nil || got.DecidedBy != "" {
		t.Fatalf("stored case: %+v %v", got, err)
	}
	if len(screen(match(kim, 0.95))) != 0 {
		t.Fatal("a screening opened a second alert beside one pending review")
	}
	_, err = s.DecideAlert(ctx, kimID, clearance.Decision{Status: clearance.AlertTrueMatch, Reason: "r", By: "carol"})
	wantErr(t, err, clearance.ErrConflict, "DecideAlert on a pending alert")
	_, err = rs.DecideCase(ctx, kimID, clearance.Decision{Status: clearance.AlertTrueMatch, Reason: "r", By: "carol"}, policy)
	wantErr(t, err, clearance.ErrConflict, "a second decision on a pending alert")
	_, err = rs.ReviewCase(ctx, kimID, clearance.Verdict{Approve: true, By: "alice"})
	wantErr(t, err, clearance.ErrSelfReview, "alice approving her own decision")
	_, err = rs.ReviewCase(ctx, kimID, clearance.Verdict{Approve: false, Reason: "fine", By: "alice"})
	wantErr(t, err, clearance.ErrSelfReview, "alice rejecting her own decision")
	_, err = rs.ReviewCase(ctx, kimID, clearance.Verdict{Approve: false, Reason: "  ", By: "bob"})
	wantErr(t, err, clearance.ErrInvalid, "a rejection without a reason")

	// bob rejects: the alert is open again, with nothing pending.
	c, err = rs.ReviewCase(ctx, kimID, clearance.Verdict{Approve: false, Reason: "the DOB on file is the father's; check again", By: "bob"})
	must(t, err)
	if c.Status != clearance.AlertOpen || c.Pending != nil || c.ReviewedBy != "" {
		t.Fatalf("after bob's rejection: %+v", c)
	}
	// alice decides again; bob approves: closed, with both names.
	_, err = rs.DecideCase(ctx, kimID, clearance.Decision{Status: clearance.AlertFalsePositive, Reason: "passport: born 1990, other father's name", By: "alice"}, policy)
	must(t, err)
	c, err = rs.ReviewCase(ctx, kimID, clearance.Verdict{Approve: true, By: "bob"})
	must(t, err)
	got, err := rs.GetCase(ctx, kimID)
	must(t, err)
	for _, x := range []clearance.Case{c, got} {
		if x.Status != clearance.AlertFalsePositive || x.DecidedBy != "alice" || x.ReviewedBy != "bob" || x.Pending != nil || x.ReviewedAt.IsZero() || !strings.Contains(x.Reason, "passport") {
			t.Fatalf("after bob's approval: %+v", x)
		}
	}
	_, err = rs.ReviewCase(ctx, kimID, clearance.Verdict{Approve: true, By: "bob"})
	wantErr(t, err, clearance.ErrConflict, "approving a closed alert")
	verifyOK(t, s) // the approval's record holds the row as closed
	if len(screen(match(kim, 0.95))) != 0 {
		t.Fatal("an approved false positive was raised again on the same listing")
	}

	// Below the level a false positive closes at once; a true match never does.
	c, err = rs.DecideCase(ctx, leeID, clearance.Decision{Status: clearance.AlertFalsePositive, Reason: "other person", By: "alice"}, policy)
	must(t, err)
	if c.Status != clearance.AlertFalsePositive || c.Pending != nil || c.DecidedBy != "alice" {
		t.Fatalf("a 0.87 false positive: %+v", c)
	}
	c, err = rs.DecideCase(ctx, parkID, clearance.Decision{Status: clearance.AlertTrueMatch, Reason: "same passport", By: "alice"}, policy)
	must(t, err)
	if c.Status != clearance.AlertPendingReview {
		t.Fatalf("a true match: %+v", c)
	}
	pending, err := rs.ListCases(ctx, clearance.CaseFilter{Status: clearance.AlertPendingReview})
	must(t, err)
	open, err := rs.ListCases(ctx, clearance.CaseFilter{Status: clearance.AlertOpen})
	must(t, err)
	if len(pending) != 1 || pending[0].ID != parkID || len(open) != 0 {
		t.Fatalf("pending %+v, open %+v", pending, open)
	}

	// Case work on the reopened kim alert.
	_, err = rs.ReopenCase(ctx, kimID, " ", "carol")
	wantErr(t, err, clearance.ErrInvalid, "reopening without a reason")
	_, err = rs.ReopenCase(ctx, parkID, "r", "carol")
	wantErr(t, err, clearance.ErrConflict, "reopening an alert that is not closed")
	c, err = rs.ReopenCase(ctx, kimID, "new adverse media names the subject", "carol")
	must(t, err)
	if c.Status != clearance.AlertOpen || c.DecidedBy != "" || c.ReviewedBy != "" {
		t.Fatalf("reopened: %+v", c)
	}
	c, err = rs.AssignCase(ctx, kimID, "dave", "carol")
	must(t, err)
	if c.Assignee != "dave" {
		t.Fatalf("assigned: %+v", c)
	}
	cm := clearance.Comment{AlertID: kimID, By: "dave", Text: "asked the branch for a passport copy"}
	must(t, rs.CommentCase(ctx, &cm))
	wantErr(t, rs.CommentCase(ctx, &clearance.Comment{AlertID: "alt_missing", By: "dave", Text: "x"}), clearance.ErrNotFound, "a comment on no alert")
	comments, err := rs.CaseComments(ctx, kimID)
	must(t, err)
	if len(comments) != 1 || comments[0].By != "dave" || !strings.HasPrefix(comments[0].ID, "cmt_") {
		t.Fatalf("comments: %+v", comments)
	}
	mine, err := rs.ListCases(ctx, clearance.CaseFilter{Assignee: "dave"})
	must(t, err)
	if len(mine) != 1 || mine[0].ID != kimID {
		t.Fatalf("dave's cases: %+v", mine)
	}

	// The queue: escalated first, then by score, then oldest first.
	more := clearance.Subject{Ref: "cust-10", Query: clearance.Query{Name: "Lee"}}
	must(t, s.CreateSubject(ctx, "alice", &more))
	sc := clearance.Screening{SubjectID: more.ID, Query: more.Query, Matches: []clearance.Match{match(lee, 0.99), match(park, 0.9)}, Threshold: 0.85, By: "monitor"}
	second, err := s.SaveScreening(ctx, &sc, nil)
	must(t, err)
	queue := func() []string {
		t.Helper()
		cs, err := rs.ListCases(ctx, clearance.CaseFilter{Queue: true})
		must(t, err)
		var ids []string
		for _, c := range cs {
			if c.Status == clearance.AlertOpen || c.Status == clearance.AlertPendingReview {
				ids = append(ids, c.ID)
			}
		}
		return ids
	}
	if got, want := strings.Join(queue(), ","), strings.Join([]string{second[0].ID, kimID, second[1].ID, parkID}, ","); got != want {
		t.Fatalf("queue %s, want %s", got, want)
	}
	_, err = rs.EscalateCase(ctx, parkID, "", "dave")
	wantErr(t, err, clearance.ErrInvalid, "escalating without a reason")
	_, err = rs.EscalateCase(ctx, leeID, "r", "dave")
	wantErr(t, err, clearance.ErrConflict, "escalating a closed alert")
	c, err = rs.EscalateCase(ctx, parkID, "a director of a client company", "dave")
	must(t, err)
	if !c.Escalated {
		t.Fatalf("escalated: %+v", c)
	}
	if q := queue(); len(q) != 4 || q[0] != parkID {
		t.Fatalf("queue after escalating %s: %v", parkID, q)
	}
	page2, err := rs.ListCases(ctx, clearance.CaseFilter{Queue: true, Offset: 1, ListOptions: clearance.ListOptions{Limit: 1}})
	must(t, err)
	if len(page2) != 1 || page2[0].ID != second[0].ID {
		t.Fatalf("queue page 2: %+v", page2)
	}

	// Bulk close: all or none.
	_, err = rs.DecideCases(ctx, []string{second[1].ID, leeID}, clearance.Decision{Status: clearance.AlertFalsePositive, Reason: "unrelated", By: "alice"}, policy)
	wantErr(t, err, clearance.ErrConflict, "a bulk close naming a closed alert")
	if c, _ := rs.GetCase(ctx, second[1].ID); c.Status != clearance.AlertOpen {
		t.Fatalf("a failed bulk close changed %s: %+v", second[1].ID, c)
	}
	bulk, err := rs.DecideCases(ctx, []string{second[1].ID, second[0].ID}, clearance.Decision{Status: clearance.AlertFalsePositive, Reason: "unrelated: other DOB and nationality", By: "alice"},
		clearance.ReviewPolicy{TrueMatches: true, FalsePositiveMinScore: 0.95})
	must(t, err)
	if len(bulk) != 2 || bulk[0].Status != clearance.AlertFalsePositive || bulk[1].Status != clearance.AlertPendingReview {
		t.Fatalf("bulk close at a 0.95 level: %+v", bulk)
	}

	// The trail, by person, action and object.
	byBob, err := rs.SearchAudit(ctx, clearance.AuditFilter{Actor: "bob"})
	must(t, err)
	if len(byBob) != 2 || byBob[0].Action != clearance.ActionAlertApproved || byBob[1].Action != clearance.ActionAlertRejected || byBob[0].Seq <= byBob[1].Seq {
		t.Fatalf("bob's records: %+v", byBob)
	}
	// A person is their user and their keys' records; a "_" in a name
	// is itself, not LIKE's any-one-character.
	for _, actor := range []string{"user:j_o", "key:key_1 (j_o)", "key:key_2 (jxo)", "key:key_3 (no owner)"} {
		must(t, s.AppendAudit(ctx, &clearance.AuditRecord{Actor: actor, Action: "test.noted", Object: "test"}))
	}
	byJo, err := rs.SearchAudit(ctx, clearance.AuditFilter{Actor: "j_o"})
	must(t, err)
	if len(byJo) != 2 || byJo[0].Actor != "key:key_1 (j_o)" || byJo[1].Actor != "user:j_o" {
		t.Fatalf("j_o's records: %+v", byJo)
	}
	onKim, err := rs.SearchAudit(ctx, clearance.AuditFilter{Object: "alert:" + kimID})
	must(t, err)
	var actions []string
	for i := len(onKim) - 1; i >= 0; i-- {
		actions = append(actions, onKim[i].Actor+" "+onKim[i].Action)
	}
	want := "key_screen alert.opened,alice alert.proposed,bob alert.rejected,alice alert.proposed,bob alert.approved,carol alert.reopened,carol alert.assigned,dave alert.commented"
	if got := strings.Join(actions, ","); got != want {
		t.Fatalf("records on %s:\n got %s\nwant %s", kimID, got, want)
	}
	proposed, err := rs.SearchAudit(ctx, clearance.AuditFilter{Action: clearance.ActionAlertProposed, Limit: 2})
	must(t, err)
	older, err := rs.SearchAudit(ctx, clearance.AuditFilter{Action: clearance.ActionAlertProposed, BeforeSeq: proposed[1].Seq})
	must(t, err)
	if len(proposed) != 2 || len(older) != 2 {
		t.Fatalf("proposals in pages of 2: %d then %d, want 2 and 2", len(proposed), len(older))
	}
	from := byBob[0].Time.Add(time.Microsecond)
	later, err := rs.SearchAudit(ctx, clearance.AuditFilter{From: from})
	must(t, err)
	all, err := rs.SearchAudit(ctx, clearance.AuditFilter{Limit: 1000})
	must(t, err)
	n := 0
	for _, r := range all {
		if !r.Time.Before(from) {
			n++
		}
	}
	if len(later) != n || n == 0 {
		t.Fatalf("records from %v: %d, want %d", from, len(later), n)
	}
	until, err := rs.SearchAudit(ctx, clearance.AuditFilter{To: from})
	must(t, err)
	if len(until)+len(later) != len(all) {
		t.Fatalf("records before %v: %d, from it %d, all %d", from, len(until), len(later), len(all))
	}
	verifyOK(t, s)

	// A row closed by approval, changed behind the store's back, breaks
	// the chain at the approval's record.
	c, err = rs.ReviewCase(ctx, parkID, clearance.Verdict{Approve: true, By: "bob"})
	must(t, err)
	if c.Status != clearance.AlertTrueMatch || c.DecidedBy != "alice" || c.ReviewedBy != "bob" {
		t.Fatalf("park approved: %+v", c)
	}
	verifyOK(t, s)
	raw, ok := s.(RawExecer)
	if !ok {
		t.Fatalf("%T has no ExecRawForTest", s)
	}
	must(t, raw.ExecRawForTest(ctx, "UPDATE alerts SET decided_by = 'mallory' WHERE id = '"+parkID+"'"))
	v, err := s.VerifyAudit(ctx)
	must(t, err)
	approval, err := rs.SearchAudit(ctx, clearance.AuditFilter{Object: "alert:" + parkID, Action: clearance.ActionAlertApproved})
	must(t, err)
	if len(approval) != 1 || v.FirstBroken != approval[0].Seq || !strings.Contains(v.Problem, parkID) {
		t.Fatalf("a tampered approved row: %+v", v)
	}
}
