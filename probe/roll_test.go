package probe_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/probe/exporter"
	"github.com/etcdlint/etcdlint/report"
)

// specs describes a new cluster of n real etcd processes of one binary.
func specs(t *testing.T, bin string, n int) []etcdtest.ProcSpec {
	t.Helper()
	ports := etcdtest.FreePorts(t, 2*n)
	var initial []string
	for i := range n {
		initial = append(initial, fmt.Sprintf("p%d=http://127.0.0.1:%d", i, ports[2*i+1]))
	}
	out := make([]etcdtest.ProcSpec, n)
	for i := range n {
		out[i] = etcdtest.ProcSpec{
			Binary:         bin,
			Name:           fmt.Sprintf("p%d", i),
			Dir:            filepath.Join(t.TempDir(), "data"),
			ClientPort:     ports[2*i],
			PeerPort:       ports[2*i+1],
			InitialCluster: strings.Join(initial, ","),
			Token:          fmt.Sprintf("etcdlint-%d", ports[0]),
		}
	}
	return out
}

// A learner on 3.5.20: the learner floor (3.5.31, etcd issue 21694)
// applies only while a learner is in the cluster, and the member list's
// learner flag matches the learner's own status.
func TestLearnerFloorAndFlags(t *testing.T) {
	oldBinaries(t)
	bin := etcdtest.Binary(t, old35)
	sp := specs(t, bin, 1)
	p0 := etcdtest.StartProc(t, sp[0])
	etcdtest.WaitReady(t, p0)

	rep := run(t, probe.Options{Endpoints: []string{p0.ClientURL}, Target: "3.6"})
	noRule(t, rep, "EO3670", "EO0071")
	// 3.5.20 is inside the ranges of two advisories, not below the
	// production minimum (3.5.6).
	wantRule(t, rep, "EV3570", "runs 3.5.20")
	wantRule(t, rep, "EV3571", "runs 3.5.20")
	noRule(t, rep, "EO3572", "EV3671", "EV3770")
	// Floors before 3.6 that always apply.
	wantRule(t, rep, "EO3671", "needs 3.5.26 or later before 3.6")

	ports := etcdtest.FreePorts(t, 2)
	peer := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	cl := client(t, []string{p0.ClientURL}, "", "")
	ctx := etcdtest.Context(t, 2*time.Minute)
	if _, err := cl.MemberAddAsLearner(ctx, []string{peer}); err != nil {
		t.Fatalf("member add --learner: %v", err)
	}
	learner := etcdtest.StartProc(t, etcdtest.ProcSpec{
		Binary: bin, Name: "l1", Dir: filepath.Join(t.TempDir(), "data"),
		ClientPort: ports[0], PeerPort: ports[1],
		InitialCluster: sp[0].InitialCluster + ",l1=" + peer, Token: sp[0].Token,
		Args: []string{"--initial-cluster-state", "existing"},
	})
	etcdtest.WaitReady(t, learner)

	eps := []string{p0.ClientURL, learner.ClientURL}
	var last *report.Report
	deadline := time.Now().Add(time.Minute)
	for {
		last = run(t, probe.Options{Endpoints: eps, Target: "3.6"})
		if fact(last, learner.ClientURL, "is_learner") == "true" || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if got := fact(last, learner.ClientURL, "is_learner"); got != "true" {
		t.Fatalf("learner's own is_learner = %q\n%s", got, dump(last))
	}
	wantRule(t, last, "EO0008", "is a learner")
	f := wantRule(t, last, "EO3670", "needs 3.5.31 or later before 3.6 (a learner is in the cluster)")
	if f.Severity.String() != "error" {
		t.Errorf("EO3670 severity = %s", f.Severity)
	}
	noRule(t, last, "EO0071", "EO0070")
}

// A three-member 3.5 cluster of real binaries rolled to 3.6 member by
// member: --verify-upgrade fails before and during the roll and passes
// once the cluster and storage versions have moved; the member list
// saved before the roll is the one after it.
func TestRollVerify(t *testing.T) {
	oldBinaries(t)
	b35, b36 := etcdtest.Binary(t, old35), etcdtest.Binary(t, new36)
	sp := specs(t, b35, 3)
	procs := make([]*etcdtest.Proc, 3)
	for i := range sp {
		procs[i] = etcdtest.StartProc(t, sp[i])
	}
	etcdtest.WaitReady(t, procs...)
	var eps []string
	for _, p := range procs {
		eps = append(eps, p.ClientURL)
	}
	cl := client(t, eps, "", "")
	ctx := etcdtest.Context(t, 4*time.Minute)
	for i := range 50 {
		if _, err := cl.Put(ctx, fmt.Sprintf("k%02d", i), "v"); err != nil {
			t.Fatal(err)
		}
	}
	cat := catalog(t)

	// The exporter watches the whole roll.
	e, err := exporter.New(exporter.Config{
		Probe:    probe.Options{Endpoints: eps, Target: new36, Catalog: cat, Timeout: 10 * time.Second},
		Interval: time.Second,
		Cluster:  "roll",
	})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsURL := "http://" + l.Addr().String() + "/metrics"
	serveCtx, stopServe := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- e.Serve(serveCtx, l) }()
	defer func() {
		stopServe()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()
	// waitMetric scrapes until the metric has the value (or a minute has
	// passed) and returns the last scrape.
	waitMetric := func(name string, want float64, labels ...string) string {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for {
			body := scrape(t, metricsURL)
			if metricValue(body, name, labels...) == want {
				return body
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s%v never became %v; last scrape:\n%s", name, labels, want, body)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	body := waitMetric("etcdlint_members_answered", 3)
	if v := metricValue(body, "etcdlint_upgrade_ready", `cluster="roll"`); v != 0 {
		t.Errorf("before the roll etcdlint_upgrade_ready = %v, want 0", v)
	}
	if v := metricValue(body, "etcdlint_findings", `rule="EO3601"`, `severity="error"`); v != 3 {
		t.Errorf("before the roll etcdlint_findings{EO3601} = %v, want 3", v)
	}
	if v := metricValue(body, "etcdlint_next_hop_floor_info", `floor="3.5.32"`, `met="0"`); v != 1 {
		t.Errorf("next hop floor 3.5.32 not reported as unmet:\n%s", body)
	}
	t.Logf("probe of 3 members took %vs", metricValue(body, "etcdlint_last_probe_duration_seconds"))

	_, snap, err := probe.RunSnapshot(ctx, probe.Options{Endpoints: eps, Target: new36, Catalog: cat, Timeout: 10 * time.Second})
	if err != nil || snap == nil {
		t.Fatalf("saving the member list: %v (%v)", err, snap)
	}
	verify := func() *report.Report {
		return run(t, probe.Options{Endpoints: eps, Target: new36, Verify: true, Before: snap})
	}
	rep := verify()
	wantRule(t, rep, "EO0072", "runs 3.5.20, not the target 3.6.16")
	t.Logf("before the roll: %d EO0072 findings", len(findings(rep, "EO0072")))

	for i := range procs {
		procs[i].Stop()
		sp[i].Binary = b36
		procs[i] = etcdtest.StartProc(t, sp[i])
		etcdtest.WaitReady(t, procs[i])
		if i == 0 {
			rep = verify()
			wantRule(t, rep, "EO0072", "runs 3.5.20, not the target 3.6.16")
			t.Logf("mid-roll (1 of 3 on %s): %d EO0072 findings", new36, len(findings(rep, "EO0072")))
			body := waitMetric("etcdlint_member_info", 1, `version="`+new36+`"`)
			if v := metricValue(body, "etcdlint_upgrade_ready", `cluster="roll"`); v != 0 {
				t.Errorf("mid-roll etcdlint_upgrade_ready = %v, want 0", v)
			}
			if v := metricValue(body, "etcdlint_member_info", `version="`+old35+`"`); v != 1 {
				t.Errorf("mid-roll: no member reported on %s:\n%s", old35, body)
			}
		}
	}
	// The cluster version, then the storage version, move a few seconds
	// after the last member; wait for it.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		rep = verify()
		if len(findings(rep, "EO0072")) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	noRule(t, rep, "EO0072")
	if got := fact(rep, "cluster", "cluster_version"); got != "3.6.0" {
		t.Errorf("cluster_version after the roll = %q", got)
	}
	h := fact(rep, eps[0], "hashkv")
	for _, ep := range eps[1:] {
		if fact(rep, ep, "hashkv") != h || h == "" {
			t.Errorf("hashkv differs after the roll: %s", dump(rep))
		}
	}
	t.Logf("after the roll: verified at revision %s, hash %s", fact(rep, "cluster", "hashkv_revision"), h)

	body = waitMetric("etcdlint_upgrade_ready", 1, `cluster="roll"`)
	if v := metricValue(body, "etcdlint_member_info", `version="`+new36+`"`); v != 1 {
		t.Errorf("no etcdlint_member_info on %s after the roll:\n%s", new36, body)
	}
	// A member killed: the exporter keeps serving and says so.
	procs[2].Stop()
	body = waitMetric("etcdlint_members_answered", 2)
	if v := metricValue(body, "etcdlint_upgrade_ready", `cluster="roll"`); v != 0 {
		t.Errorf("with a member down etcdlint_upgrade_ready = %v, want 0", v)
	}
	if v := metricValue(body, "etcdlint_probe_problems"); v < 1 {
		t.Errorf("with a member down etcdlint_probe_problems = %v", v)
	}
}

// scrape fetches a metrics page.
func scrape(t *testing.T, url string) string {
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
	return string(b)
}

// metricValue returns the first sample of metric name whose labels
// contain every given pair, or -1.
func metricValue(body, name string, labels ...string) float64 {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `(\{[^}]*\})? (\S+)$`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		ok := true
		for _, l := range labels {
			ok = ok && strings.Contains(m[1], l)
		}
		if v, err := strconv.ParseFloat(m[2], 64); ok && err == nil {
			return v
		}
	}
	return -1
}

// A member whose data dir was wiped, restarted with
// --initial-cluster-state new while the cluster still lists it: the check
// predicts the failure, and the real binary fails that way.
func TestWipedMemberBootstrapNew(t *testing.T) {
	oldBinaries(t)
	sp := specs(t, etcdtest.Binary(t, new36), 3)
	procs := make([]*etcdtest.Proc, 3)
	for i := range sp {
		procs[i] = etcdtest.StartProc(t, sp[i])
	}
	etcdtest.WaitReady(t, procs...)
	eps := []string{procs[0].ClientURL, procs[1].ClientURL}

	// Before the wipe the flags are ignored: the data dir holds a member.
	procs[2].Stop()
	b := &probe.Bootstrap{Name: sp[2].Name, State: "new", PeerURLs: []string{procs[2].PeerURL}}
	rep := run(t, probe.Options{Endpoints: eps, DataDirs: []string{sp[2].Dir}, Bootstrap: b, Target: new36})
	wantRule(t, rep, "EO0073", "already holds a member: etcd ignores --initial-cluster-state new")

	if err := os.RemoveAll(sp[2].Dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(sp[2].Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	rep = run(t, probe.Options{Endpoints: eps, DataDirs: []string{sp[2].Dir}, Bootstrap: b, Target: new36})
	f := wantRule(t, rep, "EO0073", "is empty but member p2 is already in the running cluster")
	if f.Severity.String() != "error" {
		t.Errorf("EO0073 severity = %s", f.Severity)
	}
	if got := fact(rep, sp[2].Dir, "bootstraps"); got != "true" {
		t.Errorf("bootstraps = %q", got)
	}
	// existing is right for it: nothing to report.
	rep = run(t, probe.Options{Endpoints: eps, DataDirs: []string{sp[2].Dir}, Bootstrap: &probe.Bootstrap{Name: "p2", State: "existing", PeerURLs: b.PeerURLs}, Target: new36})
	noRule(t, rep, "EO0073")

	// The real binary agrees (the default state is new).
	p := etcdtest.StartProc(t, sp[2])
	deadline := time.Now().Add(time.Minute)
	for {
		log, _ := os.ReadFile(p.Log)
		if strings.Contains(string(log), "has already been bootstrapped") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("etcd %s started with --initial-cluster-state new on a wiped member did not fail as predicted; log:\n%s", new36, log)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
