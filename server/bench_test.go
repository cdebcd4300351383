package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/sharedfiles"
	"github.com/clearance-screening/clearance/lists"
)

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkScreenAPI measures POST /v1/screen over loopback against the
// real OFAC, UN and UK lists plus the built-in set, with 16 keep-alive
// clients in the same process: requests per second and the 99th
// percentile latency, with and without storing every screening.
//
//	go test ./server -run '^$' -bench ScreenAPI -benchtime 20000x
//
// The same load from a separate process, against the real service
// (testdata/wrk-screen.lua sends these queries in turn):
//
//	go run ./cmd/clearance keys create --role screen --db /tmp/bench/clearance.db > /tmp/bench/key
//	go run ./cmd/clearance serve --addr 127.0.0.1:8089 --db /tmp/bench/clearance.db --lists ../shared/data/lists 2>/tmp/bench/serve.log &
//	CLEARANCE_KEY=$(cat /tmp/bench/key) wrk -t2 -c16 -d20s --latency -s server/testdata/wrk-screen.lua http://127.0.0.1:8089
//
// Both share the machine's two cores with the server, so other work on
// the machine shows in req/s; cpu-µs/req shows it less.
func BenchmarkScreenAPI(b *testing.B) {
	ds, errs := lists.LoadDir(sharedfiles.Lists(b), nil)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	bi, _ := lists.Builtin()
	ds = append(ds, bi)
	queries := []string{
		`{"name":"Kim Sang Man","country":"KP"}`,
		`{"name":"Park Jin Hyok","dob":"1984"}`,
		`{"name":"John Smith","type":"person"}`,
		`{"name":"Korea Sobaeksu Trading Company"}`,
		`{"name":"Maria Fernanda Oliveira","dob":"1990-04-02","country":"BR"}`,
		`{"name":"Chinyong Information Technology Cooperation Company"}`,
		`{"name":"Ali Hassan Mohammed"}`,
		`{"name":"Ocean Maritime Management"}`,
	}
	for _, record := range []bool{false, true} {
		b.Run(fmt.Sprintf("record=%v", record), func(b *testing.B) {
			f := newFixture(b, Config{RecordScreenings: record, Load: func(context.Context) ([]lists.Dataset, error) { return ds, nil }})
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			hs := NewHTTPServer("", f.srv, f.srv.log)
			go hs.Serve(ln)
			defer hs.Close()
			url := "http://" + ln.Addr().String() + "/v1/screen"
			key := "Bearer " + f.keys[clearance.RoleScreen]
			const clients = 16
			tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
			client := &http.Client{Transport: tr}
			var mu sync.Mutex
			var lat []time.Duration
			work := make(chan int, clients)
			b.ResetTimer()
			cpu0 := cpuTime()
			start := time.Now()
			var wg sync.WaitGroup
			for range clients {
				wg.Go(func() {
					var mine []time.Duration
					for i := range work {
						req, _ := http.NewRequest("POST", url, bytes.NewReader([]byte(queries[i%len(queries)])))
						req.Header.Set("Authorization", key)
						t0 := time.Now()
						resp, err := client.Do(req)
						if err != nil {
							b.Error(err)
							return
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						mine = append(mine, time.Since(t0))
						if resp.StatusCode != 200 {
							b.Errorf("status %d", resp.StatusCode)
							return
						}
					}
					mu.Lock()
					lat = append(lat, mine...)
					mu.Unlock()
				})
			}
			for i := range b.N {
				work <- i
			}
			close(work)
			wg.Wait()
			took := time.Since(start)
			cpu := cpuTime() - cpu0
			b.StopTimer()
			slices.Sort(lat)
			if len(lat) > 0 {
				b.ReportMetric(float64(len(lat))/took.Seconds(), "req/s")
				b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
				// CPU per request (server and client together) says what
				// the service costs even when other work shares the machine
				// and skews req/s: two cores give at most 2 s / cpu-µs/req.
				b.ReportMetric(float64(cpu.Microseconds())/float64(len(lat)), "cpu-µs/req")
			}
		})
	}
}
