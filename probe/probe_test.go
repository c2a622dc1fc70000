package probe_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/etcd/api/v3/version"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

func catalog(t testing.TB) *rules.Catalog {
	t.Helper()
	c, err := rules.Load()
	if err != nil {
		t.Fatalf("rules.Load: %v", err)
	}
	return c
}

// run probes and fails the test on an error. The default timeout is
// generous: under the race detector on a busy machine, embedded members
// answer slowly; tests of timeouts set their own.
func run(t testing.TB, opts probe.Options) *report.Report {
	t.Helper()
	if opts.Catalog == nil {
		opts.Catalog = catalog(t)
	}
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Second
	}
	rep, err := probe.Run(etcdtest.Context(t, time.Minute), opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

func fact(rep *report.Report, subject, name string) string {
	for _, f := range rep.Facts {
		if f.Subject == subject && f.Name == name {
			return f.Value
		}
	}
	return ""
}

func findings(rep *report.Report, rule string) []report.Finding {
	var out []report.Finding
	for _, f := range rep.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func dump(rep *report.Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		fmt.Fprintf(&b, "  %s %s [%s%s%s]: %s\n", f.Rule, f.Severity, f.Location.Endpoint, f.Location.Member, f.Location.Path, f.Message)
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(&b, "  problem %s (unreachable=%t): %s\n", p.Input, p.Unreachable, p.Message)
	}
	return b.String()
}

func wantRule(t *testing.T, rep *report.Report, rule, substr string) report.Finding {
	t.Helper()
	for _, f := range findings(rep, rule) {
		if strings.Contains(f.Message, substr) {
			return f
		}
	}
	t.Fatalf("no %s finding containing %q; report:\n%s", rule, substr, dump(rep))
	return report.Finding{}
}

func noRule(t *testing.T, rep *report.Report, rules ...string) {
	t.Helper()
	for _, r := range rules {
		if fs := findings(rep, r); len(fs) > 0 {
			t.Errorf("unexpected %s finding: %s\nreport:\n%s", r, fs[0].Message, dump(rep))
		}
	}
}

func wantProblem(t *testing.T, rep *report.Report, input, substr string, unreachable bool) {
	t.Helper()
	for _, p := range rep.Problems {
		if strings.Contains(p.Input, input) && strings.Contains(p.Message, substr) {
			if p.Unreachable != unreachable {
				t.Errorf("problem %q: Unreachable = %t, want %t", p.Message, p.Unreachable, unreachable)
			}
			return
		}
	}
	t.Fatalf("no problem for %s containing %q; report:\n%s", input, substr, dump(rep))
}

func client(t testing.TB, endpoints []string, user, password string) *clientv3.Client {
	t.Helper()
	c, err := clientv3.New(clientv3.Config{Endpoints: endpoints, DialTimeout: 5 * time.Second, Username: user, Password: password, Logger: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestCoveredMatchesCatalog checks both directions: every rule claiming
// the probe or datadir detector is reported here, and every rule
// reported here claims the detector that reports it.
func TestCoveredMatchesCatalog(t *testing.T) {
	cat := catalog(t)
	for _, d := range []rules.Detector{rules.DetectProbe, rules.DetectDataDir} {
		var claimed []string
		for _, r := range cat.Rules() {
			if r.HasDetector(d) {
				claimed = append(claimed, r.ID)
			}
		}
		got := probe.CoveredBy(d)
		for _, id := range claimed {
			if !slices.Contains(got, id) {
				t.Errorf("rule %s claims detector %s but the probe does not report it", id, d)
			}
		}
		for _, id := range got {
			if r := cat.Rule(id); r == nil || !r.HasDetector(d) {
				t.Errorf("the probe reports %s as %s, but the catalog rule does not claim that detector", id, d)
			}
		}
	}
	all := probe.Covered()
	if !slices.IsSorted(all) || len(all) == 0 {
		t.Errorf("Covered() = %v, want a sorted non-empty list", all)
	}
}

func TestSingleMember(t *testing.T) {
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	ep := c.Members[0].ClientURL
	waitClusterVersion(t, ep)
	rep := run(t, probe.Options{Endpoints: []string{ep}, Target: linked})
	if rep.From != linked || rep.FromSource != "cluster" {
		t.Errorf("From = %q (%q), want %s (cluster)", rep.From, rep.FromSource, linked)
	}
	if len(rep.Problems) > 0 {
		t.Errorf("unexpected problems:\n%s", dump(rep))
	}
	for name, want := range map[string]string{
		"server_version":  linked,
		"cluster_version": "3.7.0",
		"storage_version": "3.7.0",
		"health":          "true",
		"is_learner":      "false",
		"is_leader":       "true",
		"alarms":          "none",
	} {
		if got := fact(rep, ep, name); got != want {
			t.Errorf("fact %s = %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"db_size", "db_size_in_use", "raft_index", "raft_applied_index", "quota_backend_bytes"} {
		if fact(rep, ep, name) == "" {
			t.Errorf("fact %s missing", name)
		}
	}
	if len(rep.Inputs) != 1 || rep.Inputs[0].Kind != "endpoint" || rep.Inputs[0].Detector != rules.DetectProbe {
		t.Errorf("Inputs = %+v", rep.Inputs)
	}
	f := wantRule(t, rep, "EO0009", "single voting member")
	if f.Severity != rules.Info || f.Detector != rules.DetectProbe || f.Source == "" {
		t.Errorf("EO0009 finding = %+v", f)
	}
	noRule(t, rep, "EO0003", "EO0001", "EO0002", "EO0004", "EO0007", "ED0001", "EO3601", "EO3701")
	if probe.NoneAnswered(rep) {
		t.Error("NoneAnswered = true for a reachable member")
	}
	v, err := probe.ClusterVersion(etcdtest.Context(t, time.Minute), probe.Options{Endpoints: []string{strings.TrimPrefix(ep, "http://")}, Timeout: 10 * time.Second})
	if err != nil || v.String() != linked {
		t.Errorf("ClusterVersion = %v, %v; want %s", v, err, linked)
	}
}

func TestThreeMembersDiscover(t *testing.T) {
	c := etcdtest.Start(t, 3, etcdtest.Options{})
	rep := run(t, probe.Options{Endpoints: []string{c.Members[1].ClientURL}, Discover: true, Target: "3.7"})
	if len(rep.Inputs) != 3 {
		t.Fatalf("discover probed %d endpoints, want 3: %+v", len(rep.Inputs), rep.Inputs)
	}
	if got := fact(rep, "cluster", "members"); got != "3" {
		t.Errorf("members = %q, want 3", got)
	}
	leaders := 0
	for _, m := range c.Members {
		if fact(rep, m.ClientURL, "server_version") != linked {
			t.Errorf("%s: no server version", m.ClientURL)
		}
		if fact(rep, m.ClientURL, "is_leader") == "true" {
			leaders++
		}
	}
	if leaders != 1 {
		t.Errorf("%d members report themselves as raft leader, want 1", leaders)
	}
	if len(rep.Findings) != 0 || len(rep.Problems) != 0 {
		t.Errorf("a healthy three-member 3.7 cluster at its newest patch gave findings:\n%s", dump(rep))
	}

	// A target below the cluster version is a downgrade.
	rep = run(t, probe.Options{Endpoints: c.Endpoints(), Target: "3.6"})
	wantRule(t, rep, "EO0004", "older than the cluster version 3.7.0")
}

func TestStoppedMember(t *testing.T) {
	c := etcdtest.Start(t, 3, etcdtest.Options{})
	c.Members[2].Stop()
	rep := run(t, probe.Options{Endpoints: c.Endpoints(), Target: "3.7"})
	stopped := c.Members[2].ClientURL
	wantProblem(t, rep, stopped, "cannot connect", true)
	wantRule(t, rep, "EO0003", "member at "+stopped+" could not be read")
	for _, m := range c.Members[:2] {
		if fact(rep, m.ClientURL, "server_version") != linked {
			t.Errorf("%s was not read:\n%s", m.ClientURL, dump(rep))
		}
	}
	if probe.NoneAnswered(rep) {
		t.Error("NoneAnswered = true with two members up")
	}
}

func TestNothingReachable(t *testing.T) {
	ports := etcdtest.FreePorts(t, 2)
	eps := []string{fmt.Sprintf("http://127.0.0.1:%d", ports[0]), fmt.Sprintf("127.0.0.1:%d", ports[1])}
	rep := run(t, probe.Options{Endpoints: eps, Target: "3.7"})
	if !probe.NoneAnswered(rep) {
		t.Errorf("NoneAnswered = false for closed ports:\n%s", dump(rep))
	}
	if len(rep.Inputs) != 2 || len(rep.Problems) != 2 || !rep.Unreachable() {
		t.Errorf("want two unreachable problems, got:\n%s", dump(rep))
	}
	if rep.From != "" {
		t.Errorf("From = %q with nothing reachable", rep.From)
	}
}

func TestSilentEndpoint(t *testing.T) {
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	hole := etcdtest.Blackhole(t)
	const timeout = 2 * time.Second
	start := time.Now()
	rep := run(t, probe.Options{Endpoints: []string{hole, c.Members[0].ClientURL}, Target: "3.7", Timeout: timeout})
	// A hang guard, not a benchmark: one timeout per member, not per call.
	if d := time.Since(start); d > 3*timeout {
		t.Errorf("probe took %s with a %s timeout", d, timeout)
	}
	wantProblem(t, rep, hole, "no answer within 2s", true)
	if fact(rep, c.Members[0].ClientURL, "server_version") != linked {
		t.Errorf("the answering member was not reported:\n%s", dump(rep))
	}
}

func TestTLS(t *testing.T) {
	files := etcdtest.GenerateTLS(t, t.TempDir())
	c := etcdtest.Start(t, 1, etcdtest.Options{TLS: &files})
	ep := c.Members[0].ClientURL
	rep := run(t, probe.Options{Endpoints: []string{ep}, CACert: files.CA, Cert: files.ClientCert, Key: files.ClientKey, Target: "3.7"})
	if fact(rep, ep, "server_version") != linked || len(rep.Problems) > 0 {
		t.Errorf("TLS probe failed:\n%s", dump(rep))
	}
	// Without the CA the server certificate is not trusted.
	rep = run(t, probe.Options{Endpoints: []string{ep}, Cert: files.ClientCert, Key: files.ClientKey, Target: "3.7", Timeout: 5 * time.Second})
	wantProblem(t, rep, ep, "TLS failure", true)
	if !probe.NoneAnswered(rep) {
		t.Error("NoneAnswered = false although TLS failed")
	}
	// Explicitly skipping verification works (the client cert is still needed).
	rep = run(t, probe.Options{Endpoints: []string{ep}, Cert: files.ClientCert, Key: files.ClientKey, InsecureSkipTLSVerify: true, Target: "3.7"})
	if fact(rep, ep, "server_version") != linked {
		t.Errorf("probe with --insecure-skip-tls-verify failed:\n%s", dump(rep))
	}
	// A missing CA file is an option error.
	if _, err := probe.Run(context.Background(), probe.Options{Endpoints: []string{ep}, CACert: files.CA + ".missing", Catalog: catalog(t)}); err == nil || !strings.Contains(err.Error(), "--cacert") {
		t.Errorf("Run with a missing CA file: err = %v", err)
	}
}

func TestAuth(t *testing.T) {
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	ep := c.Members[0].ClientURL
	cl := client(t, []string{ep}, "", "")
	ctx := etcdtest.Context(t, time.Minute)
	for _, step := range []func() error{
		func() error { _, err := cl.UserAdd(ctx, "root", "rootpw"); return err },
		func() error { _, err := cl.UserGrantRole(ctx, "root", "root"); return err },
		func() error { _, err := cl.UserAdd(ctx, "alice", "alicepw"); return err },
		func() error { _, err := cl.AuthEnable(ctx); return err },
	} {
		if err := step(); err != nil {
			t.Fatalf("setting up auth: %v", err)
		}
	}

	// Without credentials: a permission problem, not an outage.
	rep := run(t, probe.Options{Endpoints: []string{ep}, Target: "3.7"})
	wantProblem(t, rep, ep, "give --user/--password", false)
	wantRule(t, rep, "EA0001", "refused Status")
	noRule(t, rep, "EO0003")
	if rep.From != linked || probe.NoneAnswered(rep) {
		t.Errorf("From = %q; /version should still answer:\n%s", rep.From, dump(rep))
	}

	// A wrong password is reported the same way, and the password is
	// never printed.
	rep = run(t, probe.Options{Endpoints: []string{ep}, User: "root", Password: "s3cret-wrong", Target: "3.7"})
	wantProblem(t, rep, ep, `user "root" was refused`, false)
	for _, p := range rep.Problems {
		if strings.Contains(p.Message, "s3cret-wrong") {
			t.Errorf("password printed: %s", p.Message)
		}
	}

	// root (as etcdctl's user:password form) reads everything.
	rep = run(t, probe.Options{Endpoints: []string{ep}, User: "root:rootpw", Target: "3.7"})
	if len(rep.Problems) > 0 || fact(rep, "cluster", "auth_enabled") != "true" || fact(rep, ep, "db_size") == "" {
		t.Errorf("probe as root:\n%s\nfacts: %v", dump(rep), rep.Facts)
	}

	// A non-admin user: etcd 3.7 lets any authenticated user call Status.
	rep = run(t, probe.Options{Endpoints: []string{ep}, User: "alice", Password: "alicepw", Target: "3.7"})
	if fact(rep, ep, "db_size") == "" {
		t.Errorf("probe as a non-admin user on %s:\n%s", linked, dump(rep))
	}
}

func TestNoSpaceAlarm(t *testing.T) {
	c := etcdtest.Start(t, 1, etcdtest.Options{Tweak: func(cfg *embed.Config) { cfg.QuotaBackendBytes = 1 << 20 }})
	ep := c.Members[0].ClientURL
	cl := client(t, []string{ep}, "", "")
	ctx := etcdtest.Context(t, time.Minute)
	val := strings.Repeat("x", 64<<10)
	filled := false
	for i := range 400 {
		if _, err := cl.Put(ctx, fmt.Sprintf("k%d", i), val); err != nil {
			if !strings.Contains(err.Error(), "space exceeded") {
				t.Fatalf("put: %v", err)
			}
			filled = true
			break
		}
	}
	if !filled {
		t.Fatal("the 1 MiB quota never filled")
	}
	rep := run(t, probe.Options{Endpoints: []string{ep}, Target: "3.7"})
	wantRule(t, rep, "EO0003", "NOSPACE alarm is active")
	wantRule(t, rep, "EO0003", "/health false")
	wantRule(t, rep, "ED0001", "quota")
	if got := fact(rep, ep, "alarms"); got != "NOSPACE" {
		t.Errorf("alarms fact = %q, want NOSPACE", got)
	}
}

func TestMembershipShape(t *testing.T) {
	c := etcdtest.Start(t, 3, etcdtest.Options{Tweak: func(cfg *embed.Config) { cfg.StrictReconfigCheck = false }})
	cl := client(t, c.Endpoints(), "", "")
	ctx := etcdtest.Context(t, time.Minute)
	ports := etcdtest.FreePorts(t, 2)
	// A fourth voting member and a learner that never start.
	if _, err := cl.MemberAdd(ctx, []string{fmt.Sprintf("http://127.0.0.1:%d", ports[0])}); err != nil {
		t.Fatalf("member add: %v", err)
	}
	if _, err := cl.MemberAddAsLearner(ctx, []string{fmt.Sprintf("http://127.0.0.1:%d", ports[1])}); err != nil {
		t.Fatalf("member add --learner: %v", err)
	}
	rep := run(t, probe.Options{Endpoints: c.Endpoints(), Target: "3.7"})
	wantRule(t, rep, "EO0010", "4 voting members")
	wantRule(t, rep, "EO0008", "is a learner")
	wantRule(t, rep, "EO0003", "has not started")
	// Nothing runs behind the two added members: zombies from here.
	if n := len(findings(rep, "EO0070")); n != 2 {
		t.Errorf("%d EO0070 findings, want 2 (one per member that never started):\n%s", n, dump(rep))
	}
	wantRule(t, rep, "EO0070", "no member that answers has an active raft stream to it")
	if got := fact(rep, "cluster", "member_lists_agree"); got != "true" {
		t.Errorf("member_lists_agree = %q, want true", got)
	}
	if got := fact(rep, "cluster", "learners"); got != "1" {
		t.Errorf("learners = %q, want 1", got)
	}
}

func TestDefragmentHint(t *testing.T) {
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	ep := c.Members[0].ClientURL
	cl := client(t, []string{ep}, "", "")
	ctx := etcdtest.Context(t, time.Minute)
	val := strings.Repeat("y", 1<<20)
	for i := range 48 {
		if _, err := cl.Put(ctx, fmt.Sprintf("big%d", i), val); err != nil {
			t.Fatal(err)
		}
	}
	del, err := cl.Delete(ctx, "big", clientv3.WithPrefix())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Compact(ctx, del.Header.Revision, clientv3.WithCompactPhysical()); err != nil {
		t.Fatal(err)
	}
	var rep *report.Report
	// The backend commits in-use sizes in batches: poll briefly.
	for range 50 {
		rep = run(t, probe.Options{Endpoints: []string{ep}, Target: "3.7"})
		if len(findings(rep, "ED0002")) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	wantRule(t, rep, "ED0002", "only")
}

func TestOptionsFromEnv(t *testing.T) {
	env := map[string]string{
		"ETCDCTL_ENDPOINTS":       "http://a:2379, http://b:2379",
		"ETCDCTL_CACERT":          "/ca.pem",
		"ETCDCTL_USER":            "root",
		"ETCDCTL_PASSWORD":        "fromctl",
		"ETCDLINT_PASSWORD":       "fromlint",
		"ETCDCTL_COMMAND_TIMEOUT": "2s",
	}
	o := probe.Options{Cert: "/flag.pem"}
	if err := probe.OptionsFromEnv(func(k string) string { return env[k] }, &o); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.Endpoints, []string{"http://a:2379", "http://b:2379"}) || o.CACert != "/ca.pem" || o.Cert != "/flag.pem" ||
		o.User != "root" || o.Password != "fromlint" || o.Timeout != 2*time.Second {
		t.Errorf("OptionsFromEnv = %+v", o)
	}
	env["ETCDCTL_INSECURE_SKIP_TLS_VERIFY"] = "maybe"
	if err := probe.OptionsFromEnv(func(k string) string { return env[k] }, &probe.Options{}); err == nil || !strings.Contains(err.Error(), "ETCDCTL_INSECURE_SKIP_TLS_VERIFY") {
		t.Errorf("bad boolean: err = %v", err)
	}
}

func TestBadOptions(t *testing.T) {
	cat := catalog(t)
	for _, tt := range []struct {
		name string
		opts probe.Options
		want string
	}{
		{"nothing", probe.Options{}, "nothing to probe"},
		{"bad endpoint", probe.Options{Endpoints: []string{"ftp://x"}}, "want http://host:port"},
		{"bad target", probe.Options{Endpoints: []string{"http://127.0.0.1:1"}, Target: "3.x"}, "target"},
		{"future target", probe.Options{Endpoints: []string{"http://127.0.0.1:1"}, Target: "3.9"}, "newer than this catalog"},
		{"cert without key", probe.Options{Endpoints: []string{"http://127.0.0.1:1"}, Cert: "/c.pem"}, "--cert and --key"},
		{"wal without dir", probe.Options{DataDirs: []string{"a", "b"}, WALDir: "w"}, "exactly one data dir"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Catalog = cat
			_, err := probe.Run(context.Background(), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// linked is the version of the etcd linked into the tests (embed): the
// version the in-process clusters answer with.
var linked = version.Version
