package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/export"
)

// registerExport serves GET /v1/export/{alerts,decisions,audit}: the CSV
// or PDF that "clearance export" writes, to analysts (alerts, decisions)
// and admins (the audit trail, as /v1/audit); and the same to the web
// page's signed-in users under /ui/export/, with an alert's case report
// at /ui/alerts/{id}/case.pdf.
func (s *Server) registerExport() {
	for _, e := range []struct {
		kind export.Kind
		role clearance.Role
	}{{export.Alerts, clearance.RoleAnalyst}, {export.Decisions, clearance.RoleAnalyst}, {export.Audit, clearance.RoleAdmin}} {
		s.handle("GET", "/v1/export/"+string(e.kind), e.role, true, s.exportHandler(e.kind))
		s.handle("GET", "/ui/export/"+string(e.kind), "", false, s.web(e.role, s.exportHandler(e.kind)))
	}
	s.handle("GET", "/ui/alerts/{id}/case.pdf", "", false, s.web(clearance.RoleAnalyst, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Set("alert", r.PathValue("id"))
		q.Set("format", "pdf")
		r.URL.RawQuery = q.Encode()
		s.exportHandler(export.Alerts)(w, r)
	}))
}

func (s *Server) exportHandler(kind export.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		format := q.Get("format")
		if format == "" {
			format = "csv"
		}
		f, err := export.ParseFormat(format)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_parameter", err.Error())
			return
		}
		filter, err := export.ParseFilter(q.Get("since"), q.Get("until"), q.Get("status"), q.Get("alert"))
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_parameter", err.Error())
			return
		}
		if kind == export.Audit && (filter.Status != "" || filter.Alert != "") {
			writeError(w, http.StatusBadRequest, "bad_parameter", "status and alert select cases; the audit trail is filtered by since and until")
			return
		}
		// Made whole before it is sent: a failure half-way is an error
		// answer, never a file that looks complete and is not.
		var b bytes.Buffer
		if err := export.Write(r.Context(), &b, s.store, kind, f, filter); err != nil {
			if errors.Is(err, clearance.ErrNotFound) {
				writeError(w, http.StatusNotFound, "not_found", err.Error())
				return
			}
			s.storeError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", f.ContentType())
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="clearance-%s-%s.%s"`, kind, time.Now().UTC().Format("20060102-150405"), f))
		w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		w.Write(b.Bytes())
	}
}
