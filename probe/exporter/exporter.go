// Package exporter runs etcdlint's live probe periodically and serves
// the upgrade readiness it finds as Prometheus metrics (/metrics), with
// /healthz for the process and /report for the last report as JSON.
//
// One exporter watches one cluster; Prometheus scrapes many exporters and
// does the fleet-wide aggregation and alerting.
package exporter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// Config says what to probe and how often.
type Config struct {
	// Probe is passed to probe.RunSnapshot on every run; its Catalog must
	// be set and its Target resolved (X.Y.Z).
	Probe probe.Options
	// Interval is the time between the start of two probes; at least one
	// second.
	Interval time.Duration
	// Cluster labels every metric; the cluster ID the members report
	// when empty.
	Cluster string
	// MaxRuns, if positive, stops the loop (and Serve) after that many
	// probes; for tests and one-shot use.
	MaxRuns int
	// ToolVersion is recorded in /report.
	ToolVersion string
}

// state is the outcome of the last probe.
type state struct {
	rep      *report.Report
	snap     *probe.Snapshot
	err      error
	at       time.Time
	duration time.Duration
}

// Exporter holds the last probe's outcome and exposes it.
type Exporter struct {
	cfg Config

	mu     sync.Mutex
	last   *state
	runs   float64
	errors float64
}

// New checks the configuration and returns an exporter.
func New(cfg Config) (*Exporter, error) {
	if cfg.Probe.Catalog == nil {
		return nil, errors.New("exporter: no rule catalog")
	}
	if cfg.Probe.Target == "" {
		return nil, errors.New("exporter: no target")
	}
	if len(cfg.Probe.Endpoints) == 0 {
		return nil, errors.New("exporter: no endpoints")
	}
	if cfg.Interval < time.Second {
		return nil, fmt.Errorf("exporter: interval %s is below 1s", cfg.Interval)
	}
	return &Exporter{cfg: cfg}, nil
}

// ProbeOnce runs the probe once and records the outcome.
func (e *Exporter) ProbeOnce(ctx context.Context) {
	start := time.Now()
	rep, snap, err := probe.RunSnapshot(ctx, e.cfg.Probe)
	st := &state{rep: rep, snap: snap, err: err, at: start, duration: time.Since(start)}
	if err == nil && probe.NoneAnswered(rep) {
		st.err = errors.New("no member answered")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.runs++
	if st.err != nil {
		e.errors++
		if e.last != nil && rep == nil {
			// Keep the last report for /report, but the metrics say the
			// probe failed.
			st.rep, st.snap = e.last.rep, e.last.snap
		}
	}
	e.last = st
}

// Loop probes at once and then every Interval until ctx is done or
// MaxRuns probes have run.
func (e *Exporter) Loop(ctx context.Context) {
	t := time.NewTicker(e.cfg.Interval)
	defer t.Stop()
	for n := 1; ; n++ {
		e.ProbeOnce(ctx)
		if e.cfg.MaxRuns > 0 && n >= e.cfg.MaxRuns {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Handler serves /metrics, /healthz and /report.
func (e *Exporter) Handler() http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(e)
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /report", e.serveReport)
	return mux
}

func (e *Exporter) serveReport(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	last := e.last
	e.mu.Unlock()
	if last == nil || last.rep == nil {
		http.Error(w, "no probe has completed yet", http.StatusServiceUnavailable)
		return
	}
	var b bytes.Buffer
	if err := report.Render(&b, last.rep, report.FormatJSON, report.RenderOptions{Catalog: e.cfg.Probe.Catalog, ToolVersion: e.cfg.ToolVersion}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b.Bytes())
}

// Serve listens on l, runs the probe loop and serves until ctx is done or
// the loop stops (MaxRuns); then it shuts the server down and returns.
func (e *Exporter) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{Handler: e.Handler(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	loopCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() { e.Loop(loopCtx); close(done) }()
	var err error
	select {
	case <-ctx.Done():
	case <-done:
	case err = <-errc:
	}
	cancel()
	<-done
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if serr := srv.Shutdown(sctx); serr != nil && err == nil {
		err = serr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

var (
	labels     = []string{"cluster", "target"}
	descReady  = prometheus.NewDesc("etcdlint_upgrade_ready", "1 when the last probe found nothing of error severity and every member answered: the upgrade to the target can start.", labels, nil)
	descFind   = prometheus.NewDesc("etcdlint_findings", "Findings of the last probe by rule and severity.", append(labels, "rule", "severity"), nil)
	descMemb   = prometheus.NewDesc("etcdlint_members", "Members in the member list.", labels, nil)
	descAnsw   = prometheus.NewDesc("etcdlint_members_answered", "Members that answered the last probe.", labels, nil)
	descInfo   = prometheus.NewDesc("etcdlint_member_info", "One series per probed member with its server version (empty when it did not answer).", append(labels, "endpoint", "member", "version"), nil)
	descFloor  = prometheus.NewDesc("etcdlint_next_hop_floor_info", "The patch floors of the next minor hop from the lowest member version, one series per floor; met is 1 when every member is at or above it.", append(labels, "hop", "floor", "rule", "met"), nil)
	descTime   = prometheus.NewDesc("etcdlint_last_probe_timestamp_seconds", "When the last probe started (Unix time).", labels, nil)
	descDur    = prometheus.NewDesc("etcdlint_last_probe_duration_seconds", "How long the last probe took.", labels, nil)
	descProbl  = prometheus.NewDesc("etcdlint_probe_problems", "Inputs the last probe could not read (members, calls).", labels, nil)
	descErrors = prometheus.NewDesc("etcdlint_probe_errors_total", "Probes that failed or reached no member.", labels, nil)
	descRuns   = prometheus.NewDesc("etcdlint_probes_total", "Probes run since the exporter started.", labels, nil)
)

// Describe implements prometheus.Collector.
func (e *Exporter) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descReady, descFind, descMemb, descAnsw, descInfo, descFloor, descTime, descDur, descProbl, descErrors, descRuns} {
		ch <- d
	}
}

// Collect implements prometheus.Collector: it exposes the last probe.
func (e *Exporter) Collect(ch chan<- prometheus.Metric) {
	e.mu.Lock()
	last, runs, errs := e.last, e.runs, e.errors
	e.mu.Unlock()
	cluster := e.cfg.Cluster
	if cluster == "" && last != nil && last.snap != nil {
		cluster = last.snap.ClusterID
	}
	lv := []string{cluster, e.cfg.Probe.Target}
	gauge := func(d *prometheus.Desc, v float64, extra ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, append(append([]string{}, lv...), extra...)...)
	}
	ch <- prometheus.MustNewConstMetric(descRuns, prometheus.CounterValue, runs, lv...)
	ch <- prometheus.MustNewConstMetric(descErrors, prometheus.CounterValue, errs, lv...)
	if last == nil {
		return
	}
	gauge(descTime, float64(last.at.UnixNano())/1e9)
	gauge(descDur, last.duration.Seconds())
	if last.err != nil || last.rep == nil {
		gauge(descReady, 0)
		return
	}
	rep := last.rep
	gauge(descProbl, float64(len(rep.Problems)))
	ready := len(rep.Problems) == 0
	type key struct{ rule, sev string }
	counts := map[key]int{}
	for _, f := range rep.Findings {
		if f.Severity == rules.Error {
			ready = false
		}
		counts[key{f.Rule, f.Severity.String()}]++
	}
	for k, n := range counts {
		gauge(descFind, float64(n), k.rule, k.sev)
	}
	gauge(descReady, b2f(ready))
	if last.snap != nil {
		gauge(descMemb, float64(len(last.snap.Members)))
	}
	answered := 0
	names := memberNames(rep)
	for _, in := range rep.Inputs {
		if in.Kind != "endpoint" {
			continue
		}
		v := factOf(rep, in.Name, "server_version")
		if v != "" {
			answered++
		}
		gauge(descInfo, 1, in.Name, names[in.Name], v)
	}
	gauge(descAnsw, float64(answered))
	e.collectFloors(rep, gauge)
}

// collectFloors exposes the floors of the next minor hop from the
// cluster's lowest member version towards the target.
func (e *Exporter) collectFloors(rep *report.Report, gauge func(*prometheus.Desc, float64, ...string)) {
	from, err := rules.ParseVersion(factOf(rep, "cluster", "lowest_server_version"))
	if err != nil {
		return
	}
	cat := e.cfg.Probe.Catalog
	target, err := rules.ParseVersion(e.cfg.Probe.Target)
	if err != nil {
		return
	}
	steps, err := cat.Path(from, target)
	if err != nil {
		return
	}
	for _, st := range steps {
		if !st.Minor {
			continue
		}
		for _, f := range st.Floors {
			gauge(descFloor, 1, st.To.MinorLine().String(), f.Min, f.Rule, strconv.Itoa(int(b2f(from.AtLeast(f.MinVersion())))))
		}
		return
	}
}

func memberNames(rep *report.Report) map[string]string {
	out := map[string]string{}
	for _, f := range rep.Facts {
		if f.Name == "member_name" {
			out[f.Subject] = f.Value
		}
	}
	return out
}

func factOf(rep *report.Report, subject, name string) string {
	for _, f := range rep.Facts {
		if f.Subject == subject && f.Name == name {
			return f.Value
		}
	}
	return ""
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
