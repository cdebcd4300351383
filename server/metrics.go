package server

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/clearance-screening/clearance"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own
// so that several servers (in tests) do not collide.
type metrics struct {
	reg      *prometheus.Registry
	handler  http.Handler
	requests *prometheus.HistogramVec
	screens  prometheus.Histogram
	opened   prometheus.Counter
	refresh  *prometheus.CounterVec
	hooks    *prometheus.CounterVec
	panics   *prometheus.CounterVec
	// outOfSync counts a follower's failures to load the leader's version.
	outOfSync prometheus.Counter
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "clearance_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern and status code.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
	}, []string{"route", "code"})
	m.screens = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "clearance_screening_duration_seconds",
		Help:    "Time to screen one query against the index (excluding HTTP and storage).",
		Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .025, .05},
	})
	m.opened = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "clearance_alerts_opened_total", Help: "Alerts opened by this process.",
	})
	m.refresh = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "clearance_list_refreshes_total", Help: "List refreshes, by result (ok, error).",
	}, []string{"result"})
	m.hooks = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "clearance_webhook_attempts_total", Help: "Webhook delivery attempts, by result (delivered, failed).",
	}, []string{"result"})
	m.panics = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "clearance_screen_panics_total",
		Help: "Panics in the screening engine, recovered: by operation (screen, compare: one query answered with an error; build: one listed name left out of the index).",
	}, []string{"op"})
	for _, op := range []string{"screen", "compare", "build"} {
		m.panics.WithLabelValues(op) // exported at 0, so an alert rule sees the series before the first panic
	}
	m.outOfSync = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "clearance_lists_sync_failures_total", Help: "Times this instance, a follower, could not load the list version the leader accepted.",
	})
	m.reg.MustRegister(m.requests, m.screens, m.opened, m.refresh, m.hooks, m.panics, m.outOfSync,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&stateCollector{s: s})
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

func (m *metrics) serve(w http.ResponseWriter, r *http.Request) { m.handler.ServeHTTP(w, r) }

func (m *metrics) request(route string, status int, took time.Duration) {
	if status == 0 {
		status = http.StatusOK
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Observe(took.Seconds())
}

func (m *metrics) screenTook(d time.Duration) { m.screens.Observe(d.Seconds()) }

func (m *metrics) refreshed(err error) {
	if err != nil {
		m.refresh.WithLabelValues("error").Inc()
		return
	}
	m.refresh.WithLabelValues("ok").Inc()
}

func (m *metrics) webhook(result string) { m.hooks.WithLabelValues(result).Inc() }

func (m *metrics) panicked(op string) { m.panics.WithLabelValues(op).Inc() }

func (s *Server) alertsOpened(n int) {
	if n > 0 {
		s.metrics.opened.Add(float64(n))
		s.Wake()
	}
}

// stateCollector reads the current state at scrape time: the lists' ages
// and sizes from the snapshot, and the store's counts (cached briefly, so
// that scrapes do not load the database).
type stateCollector struct {
	s *Server

	mu      sync.Mutex
	stats   clearance.StoreStats
	fetched time.Time
}

var (
	descListAge      = prometheus.NewDesc("clearance_list_age_seconds", "Age of each loaded list, from the data date its files state (or the publisher's Last-Modified); absent when unknown.", []string{"source"}, nil)
	descListRefused  = prometheus.NewDesc("clearance_list_refused", "1 for each source whose new files the last refresh refused, by reason (truncated, empty, wrong_format, unparseable, shrunk, older, missing, unreadable).", []string{"source", "reason"}, nil)
	descListEntities = prometheus.NewDesc("clearance_list_entities", "Entities loaded from each list.", []string{"source"}, nil)
	descListsLoaded  = prometheus.NewDesc("clearance_lists_loaded_timestamp_seconds", "When the lists screened against were loaded.", nil, nil)
	descAlerts       = prometheus.NewDesc("clearance_alerts", "Stored alerts by status.", []string{"status"}, nil)
	descOutbox       = prometheus.NewDesc("clearance_webhook_outbox_pending", "Webhook messages waiting in the outbox.", nil, nil)
	descSubjects     = prometheus.NewDesc("clearance_subjects", "Subjects under monitoring.", nil, nil)
	descScreenings   = prometheus.NewDesc("clearance_screenings", "Stored screenings.", nil, nil)
	descAudit        = prometheus.NewDesc("clearance_audit_records", "Records in the audit trail.", nil, nil)
	descStoreWrites  = prometheus.NewDesc("clearance_store_writes_total", "Writes this process has committed to the store.", nil, nil)
	descLeader       = prometheus.NewDesc("clearance_leader", "1 if this instance is the leader of those on its database (refreshes the lists, re-screens the subjects), else 0.", nil, nil)
	descListsVersion = prometheus.NewDesc("clearance_lists_version_info", "1, labelled with the version of the lists this instance screens against.", []string{"version"}, nil)
	descListsInSync  = prometheus.NewDesc("clearance_lists_in_sync", "1 if this instance screens against the list version the leader recorded, 0 if it could not load it.", nil, nil)
	descStoreCommits = prometheus.NewDesc("clearance_store_commits_total", "Transactions those writes took (writes are committed in groups).", nil, nil)
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descListAge, descListRefused, descListEntities, descListsLoaded, descAlerts, descOutbox, descSubjects, descScreenings, descAudit, descStoreWrites, descStoreCommits, descLeader, descListsVersion, descListsInSync} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	now := c.s.cfg.now()
	if snap := c.s.Snapshot(); snap != nil {
		for _, si := range snap.Sources {
			if age, ok := si.age(now); ok {
				ch <- prometheus.MustNewConstMetric(descListAge, prometheus.GaugeValue, age.Seconds(), si.Key)
			}
			ch <- prometheus.MustNewConstMetric(descListEntities, prometheus.GaugeValue, float64(si.Entities), si.Key)
		}
		ch <- prometheus.MustNewConstMetric(descListsLoaded, prometheus.GaugeValue, float64(snap.Loaded.Unix()))
		ch <- prometheus.MustNewConstMetric(descListsVersion, prometheus.GaugeValue, 1, snap.Version)
	}
	ch <- prometheus.MustNewConstMetric(descLeader, prometheus.GaugeValue, boolGauge(c.s.IsLeader()))
	_, reason := c.s.syncProblem()
	ch <- prometheus.MustNewConstMetric(descListsInSync, prometheus.GaugeValue, boolGauge(reason == ""))
	for _, r := range c.s.Refusals() {
		ch <- prometheus.MustNewConstMetric(descListRefused, prometheus.GaugeValue, 1, r.Key, r.Reason)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.fetched) > 5*time.Second {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		st, err := c.s.store.Stats(ctx)
		cancel()
		if err != nil {
			c.s.log.Warn("metrics: store stats", "err", err)
		} else {
			c.stats, c.fetched = st, now
		}
	}
	if c.fetched.IsZero() {
		return
	}
	for _, st := range []clearance.AlertStatus{clearance.AlertOpen, clearance.AlertTrueMatch, clearance.AlertFalsePositive} {
		ch <- prometheus.MustNewConstMetric(descAlerts, prometheus.GaugeValue, float64(c.stats.Alerts[st]), string(st))
	}
	ch <- prometheus.MustNewConstMetric(descOutbox, prometheus.GaugeValue, float64(c.stats.OutboxPending))
	ch <- prometheus.MustNewConstMetric(descSubjects, prometheus.GaugeValue, float64(c.stats.Subjects))
	ch <- prometheus.MustNewConstMetric(descScreenings, prometheus.GaugeValue, float64(c.stats.Screenings))
	ch <- prometheus.MustNewConstMetric(descAudit, prometheus.GaugeValue, float64(c.stats.AuditRecords))
	ch <- prometheus.MustNewConstMetric(descStoreWrites, prometheus.CounterValue, float64(c.stats.Writes))
	ch <- prometheus.MustNewConstMetric(descStoreCommits, prometheus.CounterValue, float64(c.stats.Commits))
}

func boolGauge(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
