package exporter_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/probe/exporter"
	"github.com/etcdlint/etcdlint/rules"
)

// scrape fetches url and returns the body (fails the test on an error).
func scrape(t testing.TB, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// value returns the value of the first sample of a metric whose labels
// contain every given label pair, or -1.
func value(metrics, name string, labels ...string) float64 {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `(\{[^}]*\})? (\S+)$`)
	for _, m := range re.FindAllStringSubmatch(metrics, -1) {
		ok := true
		for _, l := range labels {
			if !strings.Contains(m[1], l) {
				ok = false
			}
		}
		if ok {
			v, err := strconv.ParseFloat(m[2], 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

func TestExporterEmbedded(t *testing.T) {
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	linked := cat.LatestStable().String()
	e, err := exporter.New(exporter.Config{
		Probe:    probe.Options{Endpoints: c.Endpoints(), Target: linked, Catalog: cat, Timeout: 10 * time.Second},
		Interval: time.Second,
		Cluster:  "test",
		MaxRuns:  3,
	})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	served := make(chan error, 1)
	go func() { served <- e.Serve(etcdtest.Context(t, 2*time.Minute), l) }()

	if code, body := scrape(t, base+"/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	var metrics string
	deadline := time.Now().Add(time.Minute)
	for {
		_, metrics = scrape(t, base+"/metrics")
		if value(metrics, "etcdlint_probes_total") >= 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	lv := `cluster="test"`
	tv := fmt.Sprintf(`target="%s"`, linked)
	if v := value(metrics, "etcdlint_upgrade_ready", lv, tv); v != 1 {
		t.Errorf("etcdlint_upgrade_ready = %v, want 1\n%s", v, metrics)
	}
	if v := value(metrics, "etcdlint_member_info", `version="`+linked+`"`, `member="m0"`); v != 1 {
		t.Errorf("etcdlint_member_info for m0 on %s = %v\n%s", linked, v, metrics)
	}
	if v := value(metrics, "etcdlint_members", lv); v != 1 {
		t.Errorf("etcdlint_members = %v", v)
	}
	if v := value(metrics, "etcdlint_findings", `rule="EO0009"`, `severity="info"`); v != 1 {
		t.Errorf("etcdlint_findings{EO0009} = %v\n%s", v, metrics)
	}
	if v := value(metrics, "etcdlint_last_probe_duration_seconds", lv); v <= 0 {
		t.Errorf("etcdlint_last_probe_duration_seconds = %v", v)
	}
	code, body := scrape(t, base+"/report")
	var rep struct {
		Target   string `json:"target"`
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(body), &rep); code != 200 || err != nil {
		t.Fatalf("/report = %d %v: %.200s", code, err, body)
	}
	if rep.Target != linked || len(rep.Findings) == 0 {
		t.Errorf("/report target %q, %d findings", rep.Target, len(rep.Findings))
	}
	// MaxRuns bounds the loop: Serve returns by itself.
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Serve did not stop after MaxRuns")
	}
}

func TestNewRejects(t *testing.T) {
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	good := exporter.Config{Probe: probe.Options{Endpoints: []string{"http://127.0.0.1:1"}, Target: "3.7.3", Catalog: cat}, Interval: time.Minute}
	for name, mut := range map[string]func(*exporter.Config){
		"no catalog":     func(c *exporter.Config) { c.Probe.Catalog = nil },
		"no target":      func(c *exporter.Config) { c.Probe.Target = "" },
		"no endpoints":   func(c *exporter.Config) { c.Probe.Endpoints = nil },
		"short interval": func(c *exporter.Config) { c.Interval = time.Millisecond },
	} {
		cfg := good
		mut(&cfg)
		if _, err := exporter.New(cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := exporter.New(good); err != nil {
		t.Errorf("good config: %v", err)
	}
}
