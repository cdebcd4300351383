package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/lure"
	"github.com/clearance-screening/clearance/lure/intel"
)

// The lure scanner in the service: POST /v1/lure/scan takes a take-home
// archive and answers the scan report; a suspicious or malicious verdict
// can be attached to a screening subject (an audit record on
// subject:ID), and the page /ui/lure does both for an analyst, with links
// that screen every wallet, domain and IP the evidence names.

const (
	// LureMaxUpload caps an uploaded archive. Larger ones get 413.
	LureMaxUpload = 32 << 20
	// lureScanTimeout bounds one scan.
	lureScanTimeout = 60 * time.Second
	// ActionLureVerdict is the audit action of a lure verdict attached
	// to a subject.
	ActionLureVerdict = "lure.verdict"
	// lureMaxAttached bounds the findings an attachment keeps.
	lureMaxAttached = 10
)

// lureSlots lets two scans run at once: each uses every core, and more
// would only make each slower.
var lureSlots = make(chan struct{}, 2)

// lureIntel is the embedded dependency-intelligence list.
var lureIntel = intel.Embedded()

// lureScanned is the answer of POST /v1/lure/scan: the scanner's report
// (verdict, findings, surface, intel_date, files, skipped) with the
// archive's name and SHA-256 and the indicators its evidence names.
type lureScanned struct {
	*lure.Report
	Archive    string          `json:"archive"`
	SHA256     string          `json:"sha256"`
	Indicators lure.Indicators `json:"indicators"`
}

// lureSummary is what an attachment records of a scan.
type lureSummary struct {
	Archive    string          `json:"archive"`
	SHA256     string          `json:"sha256"`
	Verdict    lure.Verdict    `json:"verdict"`
	IntelDate  string          `json:"intel_date,omitempty"`
	Findings   []lure.Finding  `json:"findings"`
	Indicators lure.Indicators `json:"indicators"`
}

// lureAttachInput is the body of POST /v1/subjects/{id}/lure.
type lureAttachInput struct {
	Scan lureSummary `json:"scan"`
	Note string      `json:"note"`
}

// lureAttachment is one lure verdict attached to a subject, as GET
// /v1/subjects/{id}/lure lists them.
type lureAttachment struct {
	Seq     int64       `json:"seq"`
	Time    time.Time   `json:"time"`
	Actor   string      `json:"actor"`
	Subject string      `json:"subject"`
	Note    string      `json:"note,omitempty"`
	Scan    lureSummary `json:"scan"`
}

// registerLure adds the lure routes; server.go calls it.
func (s *Server) registerLure() {
	const analyst = clearance.RoleAnalyst
	s.handle("POST", "/v1/lure/scan", analyst, true, s.lureScan)
	s.handle("POST", "/v1/subjects/{id}/lure", analyst, true, s.lureAttach)
	s.handle("GET", "/v1/subjects/{id}/lure", analyst, true, s.lureAttached)
	s.handle("GET", "/lure", "", false, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ui/lure", http.StatusFound)
	})
	s.handle("GET", "/ui/lure", "", false, s.web(analyst, s.lurePage))
	s.handle("POST", "/ui/lure", "", false, s.web(analyst, s.lureUploadPage))
	s.handle("POST", "/ui/lure/attach", "", false, s.web(analyst, s.lureAttachPage))
}

// errTooLarge is an upload over LureMaxUpload.
var errTooLarge = fmt.Errorf("the archive is larger than the %d MiB upload limit", LureMaxUpload>>20)

// readLureUpload reads the archive of a request: the first file part of a
// multipart/form-data body (field "archive" or any file), or the raw body
// (named by ?name= or Content-Disposition). It reads at most
// LureMaxUpload bytes of archive.
func readLureUpload(w http.ResponseWriter, r *http.Request) ([]byte, string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, LureMaxUpload+1<<20)
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	readAll := func(rd io.Reader) ([]byte, error) {
		b, err := io.ReadAll(io.LimitReader(rd, LureMaxUpload+1))
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) || len(b) > LureMaxUpload {
			return nil, errTooLarge
		}
		return b, err
	}
	if mt == "multipart/form-data" {
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil, "", errors.New("the form has no file: send the archive in a file field named \"archive\"")
			}
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return nil, "", errTooLarge
				}
				return nil, "", fmt.Errorf("reading the multipart body: %w", err)
			}
			if p.FileName() == "" && p.FormName() != "archive" {
				continue
			}
			b, err := readAll(p)
			if err != nil {
				return nil, "", err
			}
			return b, path.Base(p.FileName()), nil
		}
	}
	b, err := readAll(r.Body)
	if err != nil {
		return nil, "", err
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		if _, ps, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil {
			name = ps["filename"]
		}
	}
	if name == "" {
		switch mt {
		case "application/zip":
			name = "upload.zip"
		case "application/gzip", "application/x-gzip":
			name = "upload.tgz"
		case "application/x-tar":
			name = "upload.tar"
		default:
			name = "upload"
		}
	}
	return b, path.Base(name), nil
}

// scanUpload scans an archive held in memory, one of lureSlots at a time.
func scanUpload(ctx context.Context, b []byte, name string) (*lureScanned, error) {
	if len(b) == 0 {
		return nil, errors.New("the archive is empty")
	}
	select {
	case lureSlots <- struct{}{}:
		defer func() { <-lureSlots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, lureScanTimeout)
	defer cancel()
	rep, err := lure.ScanBytes(ctx, b, name, lure.Options{Intel: lureIntel})
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	return &lureScanned{Report: rep, Archive: name, SHA256: hex.EncodeToString(sum[:]), Indicators: lure.ExtractIndicators(rep)}, nil
}

func lureUploadError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, errTooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", err.Error())
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		writeError(w, http.StatusServiceUnavailable, "timeout", "the scan was cancelled or took longer than "+lureScanTimeout.String())
	default:
		writeError(w, http.StatusBadRequest, "bad_archive", "archive: "+err.Error())
	}
}

func (s *Server) lureScan(w http.ResponseWriter, r *http.Request) {
	b, name, err := readLureUpload(w, r)
	if err != nil {
		lureUploadError(w, err)
		return
	}
	res, err := scanUpload(r.Context(), b, name)
	if err != nil {
		lureUploadError(w, err)
		return
	}
	s.log.Info("lure scan", "archive", name, "sha256", res.SHA256, "verdict", res.Verdict, "findings", len(res.Findings), "key", actor(r.Context()))
	writeJSON(w, http.StatusOK, res)
}

// summary keeps what an attachment records of a scan.
func (res *lureScanned) summary() lureSummary {
	f := res.Findings
	if len(f) > lureMaxAttached {
		f = f[:lureMaxAttached]
	}
	return lureSummary{Archive: res.Archive, SHA256: res.SHA256, Verdict: res.Verdict, IntelDate: res.IntelDate, Findings: f, Indicators: res.Indicators}
}

var sha256Re = regexp.MustCompile(`^[0-9a-f]{64}$`)

// check says what is wrong with a summary to attach, "" if nothing.
func (sm *lureSummary) check() string {
	switch {
	case sm.Verdict < lure.Suspicious:
		return fmt.Sprintf("scan.verdict is %q: only a suspicious or malicious verdict is attached to a subject", sm.Verdict)
	case !sha256Re.MatchString(sm.SHA256):
		return "scan.sha256 must be the archive's SHA-256 in lower-case hex, as POST /v1/lure/scan answers it"
	case len(sm.Findings) == 0:
		return "scan.findings is empty: attach the findings the scan answered"
	case len(sm.Findings) > lureMaxAttached:
		return fmt.Sprintf("scan.findings holds %d findings; attach at most %d (the most severe first)", len(sm.Findings), lureMaxAttached)
	case len(sm.Archive) > 255:
		return "scan.archive is longer than 255 characters"
	}
	return ""
}

// attachLure records the verdict on the subject (by ID, or by the
// caller's reference when no subject has that ID) in the audit trail.
func (s *Server) attachLure(ctx context.Context, who, subject string, sm lureSummary, note string) (clearance.Subject, *clearance.AuditRecord, error) {
	sub, err := s.store.GetSubject(ctx, subject)
	if errors.Is(err, clearance.ErrNotFound) {
		sub, err = s.store.SubjectByRef(ctx, subject)
		if errors.Is(err, clearance.ErrNotFound) {
			err = fmt.Errorf("%w: no subject with the ID or reference %q", clearance.ErrNotFound, subject)
		}
	}
	if err != nil {
		return sub, nil, err
	}
	data, err := json.Marshal(struct {
		lureSummary
		Note string `json:"note,omitempty"`
	}{sm, note})
	if err != nil {
		return sub, nil, err
	}
	rec := &clearance.AuditRecord{Actor: who, Action: ActionLureVerdict, Object: "subject:" + sub.ID, Data: data}
	return sub, rec, s.store.AppendAudit(ctx, rec)
}

func (s *Server) lureAttach(w http.ResponseWriter, r *http.Request) {
	var in lureAttachInput
	if !s.decodeBody(w, r, &in) {
		return
	}
	if msg := in.Scan.check(); msg != "" {
		writeError(w, http.StatusBadRequest, "bad_lure", msg)
		return
	}
	if len(in.Note) > 2000 {
		writeError(w, http.StatusBadRequest, "bad_lure", "note is longer than 2,000 characters")
		return
	}
	sub, rec, err := s.attachLure(r.Context(), actor(r.Context()), r.PathValue("id"), in.Scan, in.Note)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, lureAttachment{Seq: rec.Seq, Time: rec.Time, Actor: rec.Actor, Subject: sub.ID, Note: in.Note, Scan: in.Scan})
}

// lureAttachments lists the lure verdicts attached to a subject, oldest
// first, by reading the audit trail.
func (s *Server) lureAttachments(ctx context.Context, subjectID string) ([]lureAttachment, error) {
	out := []lureAttachment{}
	var after int64
	for {
		recs, err := s.store.ListAudit(ctx, after, 1000)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			after = rec.Seq
			if rec.Action != ActionLureVerdict || rec.Object != "subject:"+subjectID {
				continue
			}
			var d struct {
				lureSummary
				Note string `json:"note"`
			}
			if err := json.Unmarshal(rec.Data, &d); err != nil {
				continue
			}
			out = append(out, lureAttachment{Seq: rec.Seq, Time: rec.Time, Actor: rec.Actor, Subject: subjectID, Note: d.Note, Scan: d.lureSummary})
		}
		if len(recs) < 1000 {
			return out, nil
		}
	}
}

func (s *Server) lureAttached(w http.ResponseWriter, r *http.Request) {
	sub, err := s.store.GetSubject(r.Context(), r.PathValue("id"))
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	list, err := s.lureAttachments(r.Context(), sub.ID)
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"subject": sub.ID, "items": list})
}

// lurePageData is what the lure page shows.
type lurePageData struct {
	Result *lureScanned
	// Scan is the summary to attach, as JSON for the form.
	Scan string
	// Subject and Attached show the verdicts attached to one subject.
	Subject  *clearance.Subject
	Attached []lureAttachment
	Limit    int
}

func (s *Server) lurePage(w http.ResponseWriter, r *http.Request) {
	d := lurePageData{Limit: LureMaxUpload >> 20}
	if id := strings.TrimSpace(r.URL.Query().Get("subject")); id != "" {
		sub, err := s.store.GetSubject(r.Context(), id)
		if err != nil {
			status := http.StatusInternalServerError
			if errors.Is(err, clearance.ErrNotFound) {
				status = http.StatusNotFound
			}
			s.render(w, r, status, "lure", pageData{Error: "Subject " + id + ": " + err.Error(), Data: d})
			return
		}
		list, err := s.lureAttachments(r.Context(), sub.ID)
		if err != nil {
			s.render(w, r, http.StatusInternalServerError, "lure", pageData{Error: err.Error(), Data: d})
			return
		}
		d.Subject, d.Attached = &sub, list
	}
	s.render(w, r, http.StatusOK, "lure", pageData{Data: d})
}

func (s *Server) lureUploadPage(w http.ResponseWriter, r *http.Request) {
	d := lurePageData{Limit: LureMaxUpload >> 20}
	b, name, err := readLureUpload(w, r)
	if err == nil {
		d.Result, err = scanUpload(r.Context(), b, name)
	}
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, errTooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		s.render(w, r, status, "lure", pageData{Error: "Could not scan the upload: " + err.Error(), Data: d})
		return
	}
	if d.Result.Verdict >= lure.Suspicious {
		j, _ := json.Marshal(d.Result.summary())
		d.Scan = string(j)
	}
	s.render(w, r, http.StatusOK, "lure", pageData{Data: d})
}

func (s *Server) lureAttachPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	var sm lureSummary
	d := lurePageData{Limit: LureMaxUpload >> 20}
	if err := json.Unmarshal([]byte(r.PostFormValue("scan")), &sm); err != nil {
		s.render(w, r, http.StatusBadRequest, "lure", pageData{Error: "The scan to attach is unreadable: " + err.Error(), Data: d})
		return
	}
	if msg := sm.check(); msg != "" {
		s.render(w, r, http.StatusBadRequest, "lure", pageData{Error: msg, Data: d})
		return
	}
	subject := strings.TrimSpace(r.PostFormValue("subject"))
	note := strings.TrimSpace(r.PostFormValue("note"))
	if subject == "" || len(note) > 2000 {
		s.render(w, r, http.StatusBadRequest, "lure", pageData{Error: "Name the subject (its ID or your reference) and keep the note under 2,000 characters.", Data: d})
		return
	}
	sub, _, err := s.attachLure(r.Context(), actor(r.Context()), subject, sm, note)
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, clearance.ErrNotFound) {
			status = http.StatusNotFound
		}
		s.render(w, r, status, "lure", pageData{Error: err.Error(), Data: d})
		return
	}
	flash := fmt.Sprintf("The %s verdict on %s is attached to subject %s (%s).", sm.Verdict, sm.Archive, sub.ID, sub.Ref)
	http.Redirect(w, r, "/ui/lure?subject="+url.QueryEscape(sub.ID)+"&flash="+url.QueryEscape(flash), http.StatusSeeOther)
}
