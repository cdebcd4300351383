package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
)

// BenchmarkHireEventsAPI posts events through the API handler to a
// service on SQLite holding 300 people, 10,000 events a post (NDJSON),
// each post folded into the aggregates, written in one transaction and
// (assess=true) the population assessed again; with several clients,
// posts queued together share one assessment. events/s is the figure:
//
//	go test -run '^$' -bench HireEventsAPI -benchtime 20x ./server
func BenchmarkHireEventsAPI(b *testing.B) {
	for _, c := range []struct {
		assess  bool
		clients int
	}{{true, 1}, {false, 1}, {true, 4}} {
		assess := c.assess
		b.Run(fmt.Sprintf("assess=%v/clients=%d", c.assess, c.clients), func(b *testing.B) {
			f := newFixture(b, Config{})
			const people, perPost = 300, 10000
			var pb strings.Builder
			for i := 0; i < people; i++ {
				fmt.Fprintf(&pb, `{"kind":"person","id":"p%d","org":"Org%d","legal_name":"Person %d","emails":["p%d@example.com"],"phones":["+1 206 555 %04d"],"claimed":{"country":"US","timezone":"America/Los_Angeles"},"home_address":"%d Pine St, Seattle, WA 98101"}`+"\n", i, i%7, i, i, i, 100+i)
			}
			f.call("POST", "/v1/hire/people", clearance.RoleScreen, pb.String(), http.StatusOK, nil)
			// Ten distinct bodies, cycled, so events land on new hours.
			bodies := make([][]byte, 10)
			start := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
			for k := range bodies {
				var eb bytes.Buffer
				for j := 0; j < perPost; j++ {
					n := k*perPost + j
					at := start.Add(time.Duration(n%(24*200)) * time.Hour).Add(time.Duration(n%60) * time.Minute)
					fmt.Fprintf(&eb, `{"kind":"event","person":"p%d","at":%q,"type":"login","ip":"73.%d.%d.9","country":"US","asn":7922,"asn_org":"Comcast Cable","device":"lt-%d"}`+"\n",
						n%people, at.Format(time.RFC3339), n%people/250, n%people%250, n%people)
				}
				bodies[k] = eb.Bytes()
			}
			path := fmt.Sprintf("/v1/hire/events?assess=%v", assess)
			auth := "Bearer " + f.keys[clearance.RoleScreen]
			post := func(i int) {
				req := httptest.NewRequest("POST", path, bytes.NewReader(bodies[i%len(bodies)]))
				req.Header.Set("Authorization", auth)
				rec := httptest.NewRecorder()
				f.srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte(`"accepted":10000,"rejected":0`)) {
					b.Errorf("post %d: %d %.300s", i, rec.Code, rec.Body.Bytes())
				}
			}
			b.ResetTimer()
			t0 := time.Now()
			if c.clients == 1 {
				for i := 0; i < b.N; i++ {
					post(i)
				}
			} else {
				var next atomic.Int64
				var wg sync.WaitGroup
				for range c.clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := int(next.Add(1)) - 1; i < b.N; i = int(next.Add(1)) - 1 {
							post(i)
						}
					}()
				}
				wg.Wait()
			}
			b.ReportMetric(float64(b.N*perPost)/time.Since(t0).Seconds(), "events/s")
		})
	}
}
