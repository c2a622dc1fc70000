package configcheck_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	yaml "sigs.k8s.io/yaml/goyaml.v3"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// harnessFixtures are the deployments the real-etcd harness runs, with
// the target each is checked against: the next hop from the version it
// deploys, and 3.6 or 3.7 for the older ones.
var harnessFixtures = []struct{ path, target string }{
	// The 3.3 deployments across 3.3 -> 3.4, the 3.4 ones across 3.4 -> 3.5.
	{"deploy/coreos", "3.4"},
	{"deploy/coreos-dropin", "3.4"},
	{"deploy/rkt-run", "3.4"},
	{"deploy/systemd-dropins", "3.4"},
	{"deploy/docker-run", "3.5"},
	{"deploy/etcd-versioned.service", "3.5"},
	{"deploy/node-tree", "3.5"},
	{"compose", "3.5"},
	{"args", "3.5"},
	{"deploy/bootstrap", "3.6"},
	{"deploy/cmd-image.yml", "3.6"},
	{"deploy/compose-bitnami.yml", "3.6"},
	{"deploy/compose-official.yml", "3.6"},
	{"deploy/coreos", "3.6"},
	{"deploy/coreos-dropin", "3.6"},
	{"deploy/docker-run", "3.6"},
	{"deploy/envfrom", "3.6"},
	{"deploy/envfrom", "3.7"},
	{"deploy/valuefrom", "3.6"},
	{"deploy/etcd-versioned.service", "3.6"},
	{"deploy/image-floor.yml", "3.6"},
	{"deploy/kubeadm-tag.yaml", "3.6"},
	{"deploy/node-tree", "3.6"},
	{"deploy/proxy-sidecars.yaml", "3.6"},
	{"deploy/Procfile", "3.6"},
	{"deploy/rkt-run", "3.6"},
	{"deploy/statefulset-arm64.yaml", "3.7"},
	{"deploy/static-pod-shell.yaml", "3.6"},
	{"deploy/systemd-dropins", "3.6"},
	{"kubernetes", "3.7"},
	{"compose", "3.6"},
	{"systemd", "3.6"},
	{"env", "3.6"},
	{"args", "3.6"},
	{"kubeadm", "3.6"},
}

// runInvocations checks a fixture under testdata/config (with --root
// when it is a node's file tree) and returns the invocations checked.
func runInvocations(t *testing.T, fixture, target string) (*configcheck.Result, []configcheck.Invocation) {
	t.Helper()
	return runInvocationsFrom(t, filepath.Join("..", "testdata", "config", fixture), "", target)
}

// runInvocationsFrom checks the file or tree at p from the version from
// ("" to infer it) to target.
func runInvocationsFrom(t *testing.T, p, from, target string) (*configcheck.Result, []configcheck.Invocation) {
	t.Helper()
	fixture := p
	cat := loadCatalog(t)
	tv, err := cat.Resolve(mustVersion(t, target))
	if err != nil {
		t.Fatal(err)
	}
	opts := configcheck.Options{Paths: []string{p}, From: from, Target: tv.String(), Catalog: cat}
	if fi, err := os.Stat(filepath.Join(p, "etc")); err == nil && fi.IsDir() {
		opts.Root = p
	}
	res, invs, err := configcheck.RunInvocations(context.Background(), opts)
	if err != nil {
		t.Fatalf("%s: %v", fixture, err)
	}
	if len(invs) == 0 {
		t.Errorf("%s: the checker found no etcd invocation", fixture)
	}
	return res, invs
}

// judges are the real etcd binaries that stand for each minor line (the
// 3.2 and 3.3 ones built from the pins in internal/etcdtest/testdata/build).
var judges = map[string]string{"3.2": "3.2.32", "3.3": "3.3.27", "3.4": "3.4.25", "3.5": "3.5.20", "3.6": "3.6.16", "3.7": "3.7.3"}

// TestHarnessCoversEveryFixture keeps the harness table complete: every
// deployment fixture is run against real etcd.
func TestHarnessCoversEveryFixture(t *testing.T) {
	listed := map[string]bool{}
	for _, fx := range harnessFixtures {
		listed[fx.path] = true
		if _, err := os.Stat(filepath.Join("..", "testdata", "config", fx.path)); err != nil {
			t.Errorf("harness fixture %s: %v", fx.path, err)
		}
	}
	entries, err := os.ReadDir(filepath.Join("..", "testdata", "config", "deploy"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !listed["deploy/"+e.Name()] {
			t.Errorf("deploy/%s is not run by the real-etcd harness", e.Name())
		}
	}
	for _, d := range []string{"kubernetes", "compose", "systemd", "env", "args", "kubeadm"} {
		if !listed[d] {
			t.Errorf("%s is not run by the real-etcd harness", d)
		}
	}
}

// realRun is one start of a real etcd on a rewritten invocation.
type realRun struct {
	fixture string
	inv     configcheck.Invocation
	side    string // "from" or "target"
	want    string // the version the run stands for
	version string // the judge binary's version; "" when there is none
	launch  launch

	started, exited bool
	reason          string // the error etcd exited with
	problem         string // the harness could not judge
}

// launch is an invocation rewritten to loopback ports and temp paths.
type launch struct {
	args, env  []string
	positional []string // words that are not flags
	yaml       []byte
	peerURL    string // where /version answers once the server runs
	clientURL  string
	single     bool   // a one-member cluster: /health must answer too
	tcp        string // a proxy or gateway: runs once it listens here
	dir        string
}

// TestRealEtcdHarness runs every deployment fixture's etcd invocations on
// the real etcd binaries of the from and the target version (3.2.32,
// 3.3.27, 3.4.25, 3.5.20, 3.6.16 or 3.7.3 for their lines), each on
// loopback ports with temp data dirs and generated certificates, and
// compares with the findings: every error finding that says etcd exits
// must match a real exit of the target, and an invocation with no error
// finding must start on the target. The from version must start too (the
// deployment runs today), except where a finding names the from version
// as refusing it or quotes the error it exits with.
func TestRealEtcdHarness(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real etcd binaries")
	}
	bins := map[string]string{}
	for line, v := range judges {
		b, err := etcdtest.TryBinary(t, v)
		switch {
		case err == nil:
			bins[v] = b
		case rules.MustParseVersion(line).AtLeast(rules.Version{Major: 3, Minor: 4}):
			t.Skipf("real etcd %s cannot be built (offline, no module proxy?): %v", v, err)
		default:
			// The releases before 3.4 build from pinned revisions (and
			// 3.2 with an older Go the go command fetches): without
			// them their runs are counted as not run, the rest is
			// judged. internal/etcdtest's TestPinnedBinariesRun fails
			// on a broken pin.
			t.Logf("NOT JUDGED: real etcd %s cannot be built, its runs are not run: %v", v, err)
		}
	}
	cat := loadCatalog(t)
	certs := etcdtest.GenerateTLS(t, t.TempDir())
	pair, err := tls.LoadX509KeyPair(certs.ClientCert, certs.ClientKey)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: true, Certificates: []tls.Certificate{pair}}, //nolint:gosec // loopback test servers with generated certs
		DisableKeepAlives: true,
	}}

	var runs []*realRun
	addRuns := func(fixture, target string, invs []configcheck.Invocation) {
		for _, inv := range invs {
			for _, side := range []string{"from", "target"} {
				ver := inv.From
				if side == "target" {
					ver = target
				}
				judge := judges[minorOf(ver)]
				if bins[judge] == "" {
					judge = ""
				}
				runs = append(runs, &realRun{fixture: fixture, inv: inv, side: side, want: ver, version: judge})
			}
		}
	}
	for _, fx := range harnessFixtures {
		tv, err := cat.Resolve(mustVersion(t, fx.target))
		if err != nil {
			t.Fatal(err)
		}
		_, invs := runInvocations(t, fx.path, fx.target)
		addRuns(fx.path, tv.String(), invs)
	}
	// etcd's own sample config of each release, upgraded one hop.
	samples := 0
	for _, c := range sampleConfigs {
		path, err := samplePath(c)
		if err != nil {
			t.Logf("NOT JUDGED: the sample config of %s: %v", c.from, err)
			continue
		}
		tv, err := cat.Resolve(mustVersion(t, c.target))
		if err != nil {
			t.Fatal(err)
		}
		_, invs := runInvocationsFrom(t, path, c.from, c.target)
		addRuns("sample "+c.from, tv.String(), invs)
		samples++
	}
	ports := etcdtest.FreePorts(t, 8*len(runs))
	for i, r := range runs {
		if r.version == "" {
			continue
		}
		if r.inv.Subcommand != "" {
			r.launch = rewriteSub(r.inv, ports[8*i:8*i+8], t.TempDir(), certs)
			continue
		}
		r.launch = rewrite(r.inv, ports[8*i:8*i+8], t.TempDir(), certs)
	}

	sem := make(chan struct{}, 3)
	var wg sync.WaitGroup
	for _, r := range runs {
		if r.version == "" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			for attempt := 1; ; attempt++ {
				runBinary(r, bins[r.version], client)
				if !r.exited || !strings.Contains(r.reason, "address already in use") || attempt == 3 {
					return
				}
				// Another process took a port between its pick and the
				// start: the run again on new ports, in a new dir.
				ports, err := freePorts(8)
				dir := filepath.Join(r.launch.dir, fmt.Sprintf("retry%d", attempt))
				if err == nil {
					err = os.Mkdir(dir, 0o700)
				}
				if err != nil {
					r.problem = err.Error()
					return
				}
				r.exited, r.reason = false, ""
				if r.inv.Subcommand != "" {
					r.launch = rewriteSub(r.inv, ports, dir, certs)
				} else {
					r.launch = rewrite(r.inv, ports, dir, certs)
				}
			}
		}()
	}
	wg.Wait()

	var table strings.Builder
	fmt.Fprintf(&table, "%-30s %-52s %-6s %-7s %6s %6s  %s\n", "fixture", "invocation", "side", "etcd", "errors", "exits", "real result")
	exitsMatched, reasonsMatched, startsConfirmed, notRun := 0, 0, 0, 0
	for _, r := range runs {
		errs, claims := 0, 0
		var claimed []report.Finding
		for _, f := range r.inv.Findings {
			if f.Severity == rules.Error {
				errs++
				if saysExits(f, r.judged()) {
					claims++
					claimed = append(claimed, f)
				}
			}
		}
		real := "not run (no " + minorOf(r.want) + " binary)"
		switch {
		case r.version == "":
		case r.problem != "":
			real = "harness: " + r.problem
		case r.exited:
			real = "exits: " + oneLine(r.reason)
		case r.started:
			real = "starts"
		}
		name := fmt.Sprintf("%s:%d %s", filepath.Base(r.inv.File), r.inv.Line, r.inv.What)
		if d := os.Getenv("ETCDLINT_HARNESS_DEBUG"); d != "" && strings.Contains(r.fixture, d) {
			t.Logf("%s %s: args %q env %q yaml %s\nfindings: %s\nreason: %s", name, r.side, r.launch.args, r.launch.env, r.launch.yaml, ruleList(r.inv.Findings), r.reason)
		}
		fmt.Fprintf(&table, "%-30s %-52.52s %-6s %-7s %6d %6d  %.90s\n", r.fixture, name, r.side, r.judged(), errs, claims, real)
		if r.version == "" {
			notRun++
			continue
		}
		where := fmt.Sprintf("%s %s (%s, %s etcd %s)", r.fixture, name, r.side, r.side, r.judged())
		if r.problem != "" {
			t.Errorf("%s: %s", where, r.problem)
			continue
		}
		switch {
		case r.side == "target" && claims > 0:
			if !r.exited {
				t.Errorf("%s: findings say etcd exits but it starts: %s", where, ruleList(claimed))
				break
			}
			exitsMatched++
			if slices.ContainsFunc(claimed, func(f report.Finding) bool { return sameReason(f, r.reason) }) {
				reasonsMatched++
			}
		case r.side == "target" && errs == 0:
			if r.exited {
				t.Errorf("%s: no error finding, but etcd exits: %s", where, r.reason)
			} else {
				startsConfirmed++
			}
		case r.side == "from" && r.exited:
			// A fixture broken on every version: a finding quotes the
			// same error.
			if !slices.ContainsFunc(r.inv.Findings, func(f report.Finding) bool {
				return f.Severity == rules.Error && (sameReason(f, r.reason) || saysExits(f, r.judged()))
			}) {
				t.Errorf("%s: the deployed version does not start: %s", where, r.reason)
				break
			}
			exitsMatched++
			reasonsMatched++
		case r.side == "from":
			startsConfirmed++
		}
	}
	t.Logf("real-etcd harness: %d fixtures and %d sample configs, %d invocations, %d runs, %d exits matched (%d with the error the finding quotes), %d starts confirmed, %d not run (no binary of the version)\n%s",
		len(harnessFixtures), samples, len(runs)/2, len(runs), exitsMatched, reasonsMatched, startsConfirmed, notRun, table.String())
}

// TestLoggerAdvice33RealEtcd checks ES3404's advice for a 3.3
// deployment against the real 3.3.27: the finding says the from version
// refuses --logger, and it does.
func TestLoggerAdvice33RealEtcd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a real etcd binary")
	}
	from := judges["3.3"]
	res, _ := runFiles(t, map[string]string{"etcd.env": "ETCD_NAME=a\n"}, []string{"etcd.env"}, from, "3.4", nil)
	var msg string
	for _, f := range res.Report.Findings {
		if f.Rule == "ES3404" {
			msg = f.Message
		}
	}
	if want := "(" + from + " does not accept logger)"; !strings.Contains(msg, want) || strings.Contains(msg, " now") {
		t.Fatalf("ES3404 = %q, want the switch deferred to 3.4 with %q", msg, want)
	}
	bin, err := etcdtest.TryBinary(t, from)
	if err != nil {
		t.Skipf("real etcd %s cannot be built (offline, no module proxy?): %v", from, err)
	}
	out, err := exec.Command(bin, "--logger=zap", "--log-outputs=stderr", "--version").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "flag provided but not defined: -logger") {
		t.Errorf("etcd %s --logger=zap: %v, %s; the finding says it refuses the flag", from, err, out)
	}
}

// freePorts picks n free loopback ports, like etcdtest.FreePorts, for
// use off the test goroutine.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("reserving a port: %w", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// judged names the etcd that judged the run.
func (r *realRun) judged() string {
	if r.version == "" {
		return minorOf(r.want)
	}
	return r.version
}

func minorOf(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

// exitsRE finds a finding's claim that an etcd version (or every
// version: "etcd exits") exits.
var exitsRE = regexp.MustCompile(`etcd (\d+\.\d+\.\d+)(?: [\w-]+){0,5} exits|and exits \(|: etcd exits\b`)

// quotedRE is what a finding quotes etcd saying when it exits.
var quotedRE = regexp.MustCompile(`exits \("(.+?)"\)`)

// olderWording is what etcd 3.4 exits with for a check whose 3.5 and
// later error a finding quotes (the start of the quote).
var olderWording = map[string]string{
	"TLS key/cert (--cert-file, --key-file) must be provided for client url": "KeyFile and CertFile are not presented",
}

// sameReason reports whether etcd's exit error is the one a finding
// quotes (up to an elided "..."), or 3.4's words for the same check.
func sameReason(f report.Finding, reason string) bool {
	m := quotedRE.FindStringSubmatch(f.Message)
	if m == nil {
		return false
	}
	for quote, old := range olderWording {
		if strings.HasPrefix(m[1], quote) && strings.Contains(reason, old) {
			return true
		}
	}
	for _, part := range strings.Split(m[1], "...") {
		if part = strings.TrimSpace(part); part != "" && !strings.Contains(reason, part) {
			return false
		}
	}
	return true
}

// saysExits reports whether a finding says the judged etcd exits.
func saysExits(f report.Finding, version string) bool {
	m := exitsRE.FindStringSubmatch(f.Message)
	if m == nil {
		return false
	}
	return m[1] == "" || minorOf(m[1]) == minorOf(version)
}

func ruleList(fs []report.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s at %d (%s)", f.Rule, f.Location.Line, f.Message))
	}
	return strings.Join(out, "; ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// canonical is the flag name a resolved setting stands for.
func canonical(s configcheck.Resolved) string {
	if s.Flag != "" {
		return s.Flag
	}
	if s.Surface == "env" {
		return strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(s.Name, "ETCD_")), "_", "-")
	}
	return s.Name
}

var varRE = regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)|%[A-Za-z]`)

// rewrite turns an invocation into a launch: URLs onto loopback ports,
// data dirs into dir, certificate files onto generated ones, discovery
// replaced by the member itself, initial-cluster-state new, journald and
// file logs onto stderr, Kubernetes $(VAR), shell ${VAR} and systemd %X
// replaced by the member name (an address for variables naming an IP).
// ports holds eight free ports: client, peer, then spares.
func rewrite(inv configcheck.Invocation, ports []int, dir string, certs etcdtest.TLSFiles) launch {
	l := launch{dir: dir}
	settings := slices.Clone(inv.Settings)
	var yamlRoot *yaml.Node
	if inv.ConfigFile != nil {
		var doc yaml.Node
		if yaml.Unmarshal(inv.ConfigFile, &doc) == nil && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
			yamlRoot = doc.Content[0]
		}
	}
	get := func(name string) (string, bool) {
		for _, s := range settings {
			if canonical(s) == name && s.Surface != "arg" {
				return s.Value, true
			}
		}
		return "", false
	}

	// The member's name and what its variables stand for.
	rawName, _ := get("name")
	rawCluster, _ := get("initial-cluster")
	varValue := "etcd-0"
	if varRE.MatchString(rawName) {
		pat := "^" + varRE.ReplaceAllStringFunc(regexp.QuoteMeta(rawName), func(string) string { return "(.+)" }) + "$"
		if re, err := regexp.Compile(pat); err == nil {
			for _, e := range strings.Split(rawCluster, ",") {
				n, _, _ := strings.Cut(e, "=")
				if m := re.FindStringSubmatch(strings.TrimSpace(n)); len(m) > 1 {
					varValue = m[1]
					break
				}
			}
		}
	}
	subst := func(s string) string {
		return varRE.ReplaceAllStringFunc(s, func(m string) string {
			if strings.Contains(strings.ToUpper(m), "IP") {
				return "10.0.0.1"
			}
			return varValue
		})
	}
	for i := range settings {
		settings[i].Value = subst(settings[i].Value)
		if settings[i].Surface == "env" && settings[i].Value == "" && canonical(settings[i]) == "name" {
			settings[i].Value = varValue // valueFrom metadata.name: the pod's name
		}
	}
	name, nameSet := get("name")
	if !nameSet {
		name = "default"
	}

	spare := ports[2:]
	next := func() int {
		p := spare[0]
		spare = spare[1:]
		if len(spare) == 0 {
			spare = ports[2:] // beyond the spares: reuse (a few URLs at most)
		}
		return p
	}
	// Listen URLs: IP hosts (and localhost, empty) move to 127.0.0.1; a
	// host name stays, since etcd refuses it. Distinct URLs get distinct
	// ports, the first the main one.
	listen := func(val string, first int) (string, string) {
		var out []string
		main := ""
		for i, u := range strings.Split(val, ",") {
			port := first
			if i > 0 {
				port = next()
			}
			pu, err := url.Parse(strings.TrimSpace(u))
			if err != nil || pu.Scheme == "unix" || pu.Scheme == "unixs" {
				out = append(out, u)
				continue
			}
			h := pu.Hostname()
			if h == "" || h == "localhost" || net.ParseIP(h) != nil {
				h = "127.0.0.1"
			}
			pu.Host = net.JoinHostPort(h, fmt.Sprint(port))
			out = append(out, pu.String())
			if main == "" {
				main = pu.Scheme + "://127.0.0.1:" + fmt.Sprint(port)
			}
		}
		return strings.Join(out, ","), main
	}
	// Peer URLs keep their identity: each distinct URL maps to one
	// loopback URL, the member's own onto its peer port.
	peerMap := map[string]string{}
	mapPeer := func(u string, port int) string {
		u = strings.TrimSpace(u)
		if m, ok := peerMap[u]; ok {
			return m
		}
		pu, err := url.Parse(u)
		if err != nil || pu.Host == "" {
			return u
		}
		if port == 0 {
			port = next()
		}
		pu.Host = net.JoinHostPort("127.0.0.1", fmt.Sprint(port))
		peerMap[u] = pu.String()
		return peerMap[u]
	}
	advPeer, advSet := get("initial-advertise-peer-urls")
	if !advSet {
		advPeer = "http://localhost:2380"
	}
	for i, u := range strings.Split(advPeer, ",") {
		port := ports[1]
		if i > 0 {
			port = 0
		}
		mapPeer(u, port)
	}
	_, discovery := get("discovery")
	if _, srv := get("discovery-srv"); srv {
		discovery = true
	}
	certFor := func(n string) (string, bool) {
		switch {
		case strings.HasSuffix(n, "crl-file"):
			return "", false
		case strings.HasSuffix(n, "ca-file"):
			return certs.CA, true
		case strings.HasSuffix(n, "key-file"):
			return certs.ServerKey, true
		case strings.HasSuffix(n, "cert-file"):
			return certs.ServerCert, true
		}
		return "", false
	}
	// value returns the rewritten value and whether to keep the setting.
	seen := map[string]bool{}
	value := func(n, v string) (string, bool) {
		seen[n] = true
		switch n {
		case "listen-peer-urls":
			out, main := listen(v, ports[1])
			l.peerURL = main
			return out, true
		case "listen-client-urls":
			out, main := listen(v, ports[0])
			l.clientURL = main
			return out, true
		case "listen-client-http-urls", "listen-metrics-urls":
			out, _ := listen(v, next())
			return out, true
		case "advertise-client-urls":
			var out []string
			for _, u := range strings.Split(v, ",") {
				pu, err := url.Parse(strings.TrimSpace(u))
				if err != nil || pu.Host == "" || pu.Hostname() == "" {
					out = append(out, u) // etcd judges what is malformed
					continue
				}
				pu.Host = net.JoinHostPort("127.0.0.1", fmt.Sprint(ports[0]))
				out = append(out, pu.String())
			}
			return strings.Join(out, ","), true
		case "initial-advertise-peer-urls":
			var out []string
			for _, u := range strings.Split(v, ",") {
				out = append(out, mapPeer(u, 0))
			}
			return strings.Join(out, ","), true
		case "initial-cluster":
			var out []string
			for _, e := range strings.Split(v, ",") {
				n, u, ok := strings.Cut(e, "=")
				if !ok {
					out = append(out, e)
					continue
				}
				out = append(out, n+"="+mapPeer(u, 0))
			}
			return strings.Join(out, ","), true
		case "initial-cluster-state":
			return "new", true // existing needs a running cluster to join
		case "data-dir":
			return filepath.Join(dir, "data"), true
		case "wal-dir":
			return filepath.Join(dir, "wal"), true
		case "discovery", "discovery-srv", "discovery-srv-name", "discovery-proxy", "discovery-endpoints", "discovery-token", "discovery-fallback":
			return "", false
		case "log-outputs", "log-output":
			var out []string
			for _, o := range strings.Split(v, ",") {
				if o = strings.TrimSpace(o); o == "default" || o == "stderr" || o == "stdout" {
					out = append(out, o)
				} else {
					out = append(out, "stderr")
				}
			}
			return strings.Join(out, ","), true
		}
		if c, ok := certFor(n); ok {
			return c, true
		}
		if strings.HasSuffix(n, "crl-file") {
			return "", false
		}
		return v, true
	}
	for _, s := range settings {
		n := canonical(s)
		switch s.Surface {
		case "flag":
			v, keep := value(n, s.Value)
			if !keep {
				continue
			}
			if s.Bare {
				l.args = append(l.args, "--"+s.Name)
				continue
			}
			l.args = append(l.args, "--"+s.Name+"="+v)
		case "arg":
			if !strings.Contains(s.Name, "$") {
				l.positional = append(l.positional, s.Name)
			}
		case "env":
			if s.Value == "" {
				continue // valueFrom: the value is held in the cluster
			}
			v, keep := value(n, s.Value)
			if !keep {
				continue
			}
			l.env = append(l.env, s.Name+"="+v)
		}
	}
	if yamlRoot != nil {
		rewriteYAML(yamlRoot, "", value)
	}
	// What the invocation leaves to etcd's defaults, made explicit on the
	// loopback ports (the defaults are localhost:2379 and :2380).
	add := func(n, v string) {
		if seen[n] {
			return
		}
		seen[n] = true
		switch {
		case yamlRoot != nil:
			for i := 0; i+1 < len(yamlRoot.Content); i += 2 {
				if k, old := yamlRoot.Content[i], yamlRoot.Content[i+1]; k.Value == n && old.Tag == "!!null" {
					old.Tag, old.Value = "", v // the empty key it stands for
					return
				}
			}
			yamlRoot.Content = append(yamlRoot.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: n}, &yaml.Node{Kind: yaml.ScalarNode, Value: v})
		default:
			l.args = append(l.args, "--"+n+"="+v)
		}
	}
	if !seen["listen-peer-urls"] {
		l.peerURL = fmt.Sprintf("http://127.0.0.1:%d", ports[1])
		add("listen-peer-urls", l.peerURL)
	}
	if !seen["listen-client-urls"] {
		l.clientURL = fmt.Sprintf("http://127.0.0.1:%d", ports[0])
		add("listen-client-urls", l.clientURL)
		if !seen["advertise-client-urls"] {
			add("advertise-client-urls", l.clientURL)
		}
	}
	selfPeer := mapPeer(strings.Split(advPeer, ",")[0], ports[1])
	add("initial-advertise-peer-urls", selfPeer)
	// Unset, etcd's main builds initial-cluster from a non-default name
	// and the advertised peer URLs; discovery is replaced the same way.
	switch {
	case seen["initial-cluster"]:
	case discovery:
		add("initial-cluster", name+"="+selfPeer)
	case name == "default":
		add("initial-cluster", "default="+mapPeer("http://localhost:2380", 0))
	}
	add("data-dir", filepath.Join(dir, "data"))
	if yamlRoot != nil {
		out, err := yaml.Marshal(yamlRoot)
		if err == nil {
			l.yaml = out
		}
	}
	cluster := rawCluster
	if c, ok := get("initial-cluster"); ok {
		cluster = c
	}
	names := map[string]bool{}
	for _, e := range strings.Split(cluster, ",") {
		n, _, _ := strings.Cut(e, "=")
		names[strings.TrimSpace(n)] = true
	}
	l.single = len(names) <= 1
	if l.peerURL == "" {
		l.peerURL = fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	}
	if l.clientURL == "" {
		l.clientURL = fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	}
	return l
}

// rewriteYAML rewrites a config file's values in place with value
// (nested TLS sections by their leaf keys' flag names).
func rewriteYAML(m *yaml.Node, section string, value func(n, v string) (string, bool)) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		name := k.Value
		if v.Kind == yaml.MappingNode && (name == "client-transport-security" || name == "peer-transport-security") {
			rewriteYAML(v, name, value)
			continue
		}
		if v.Kind != yaml.ScalarNode {
			if name == "log-outputs" {
				v.Kind, v.Tag, v.Content = yaml.SequenceNode, "", []*yaml.Node{{Kind: yaml.ScalarNode, Value: "stderr"}}
			}
			continue
		}
		n := name
		if section == "peer-transport-security" {
			n = "peer-" + name
		}
		if v.Tag == "!!null" {
			// An empty key leaves etcd's default, as if unset: the
			// defaults are made explicit later (into this key).
			continue
		}
		if nv, keep := value(n, v.Value); keep {
			v.Value = nv
		} else {
			v.Value = ""
		}
	}
}

// runBinary starts a real etcd and waits until it exits or runs.
func runBinary(r *realRun, bin string, c *http.Client) {
	l := r.launch
	args := l.args
	if l.yaml != nil {
		p := filepath.Join(l.dir, "etcd.conf.yml")
		if err := os.WriteFile(p, l.yaml, 0o600); err != nil {
			r.problem = err.Error()
			return
		}
		args = append(slices.Clone(args), "--config-file="+p)
	}
	args = append(slices.Clone(args), l.positional...)
	ctx, cancel := context.WithTimeout(context.Background(), etcdtest.StartTimeout)
	defer cancel()
	cmd := exec.Command(bin, args...)
	cmd.Dir = l.dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, l.env...)
	logPath := filepath.Join(l.dir, "etcd.log")
	f, err := os.Create(logPath)
	if err != nil {
		r.problem = err.Error()
		return
	}
	defer f.Close()
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		r.problem = err.Error()
		return
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	defer func() {
		_ = cmd.Process.Kill()
		<-done
	}()
	for {
		select {
		case <-done:
			r.exited = true
			b, _ := os.ReadFile(logPath)
			r.reason = exitReason(string(b))
			return
		case <-ctx.Done():
			b, _ := os.ReadFile(logPath)
			r.problem = "neither exited nor ran within " + etcdtest.StartTimeout.String() + ": " + tailOf(string(b))
			return
		case <-time.After(100 * time.Millisecond):
		}
		if running(c, l) {
			r.started = true
			return
		}
	}
}

// running reports whether the server answers on its peer URL (and, for
// a one-member cluster, is healthy on its client URL).
func running(c *http.Client, l launch) bool {
	get := func(u string) bool {
		resp, err := c.Get(u)
		if err != nil {
			return false
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	if l.tcp != "" {
		conn, err := net.DialTimeout("tcp", l.tcp, time.Second)
		if err != nil {
			return false
		}
		conn.Close()
		return true
	}
	if !get(l.peerURL + "/version") {
		return false
	}
	return !l.single || get(l.clientURL+"/health")
}

// capnslogRE is a critical or error line of capnslog, 3.4's default
// logger and the only one of 3.3 and before:
// "2023-04-14 07:19:34.000000 C | etcdmain: ...".
var capnslogRE = regexp.MustCompile(`^\d{4}-\d\d-\d\d [\d:.]+ ([CE]) \| (([\w./-]+): .*)$`)

// exitReason picks etcd's fatal error (or the last lines) from its log:
// zap's JSON (3.5 and later, 3.4 with --logger=zap), capnslog's text
// (3.4's default, 3.3 and 3.2), or the flag parser's message before the usage.
func exitReason(log string) string {
	for _, line := range strings.Split(log, "\n") {
		var e struct{ Level, Msg, Error string }
		if json.Unmarshal([]byte(line), &e) == nil && (e.Level == "fatal" || e.Level == "panic") {
			return e.Msg + ": " + e.Error
		}
	}
	capnslogErr := ""
	for _, line := range strings.Split(log, "\n") {
		if m := capnslogRE.FindStringSubmatch(line); m != nil {
			switch {
			case m[1] == "C":
				return m[2] // a fatal error of any package
			case m[3] == "etcdmain":
				capnslogErr = m[2] // what main reports before it exits
			}
		}
	}
	if capnslogErr != "" {
		return capnslogErr
	}
	last := ""
	for _, line := range strings.Split(log, "\n") {
		var e struct{ Level, Msg, Error string }
		if json.Unmarshal([]byte(line), &e) == nil && e.Error != "" && (e.Level == "warn" || e.Level == "error") {
			last = e.Msg + ": " + e.Error
		}
	}
	if last != "" {
		return last
	}
	for _, line := range strings.Split(log, "\n") {
		if strings.HasPrefix(line, "invalid value ") || strings.Contains(line, "unknown flag") || strings.Contains(line, "unknown shorthand flag") || strings.Contains(line, "flag provided but not defined") || strings.Contains(line, "shadowed") || strings.Contains(line, "not a valid flag") {
			return line
		}
	}
	return tailOf(log)
}

func tailOf(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 400 {
		s = s[len(s)-400:]
	}
	return s
}

// rewriteSub turns an etcd grpc-proxy or gateway command into a launch:
// --listen-addr and --advertise-client-url onto a loopback port,
// --metrics-addr onto another, --endpoints onto a port nothing serves
// (both start without a reachable cluster), --data-dir into dir,
// certificate files onto generated ones; DNS discovery and resolver
// registration are dropped.
func rewriteSub(inv configcheck.Invocation, ports []int, dir string, certs etcdtest.TLSFiles) launch {
	l := launch{dir: dir, tcp: fmt.Sprintf("127.0.0.1:%d", ports[1])}
	words := []string{inv.Subcommand}
	for _, s := range inv.Settings {
		if s.Surface == "arg" {
			words = append(words, s.Name)
		}
	}
	out := []string{}
	listen := false
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w, "--") {
			out = append(out, w)
			continue
		}
		name, value, has := strings.Cut(w[2:], "=")
		if !has && configcheck.SubFlagTakesValue(inv.Subcommand, name) && i+1 < len(words) {
			i++
			value, has = words[i], true
		}
		switch {
		case name == "listen-addr" || name == "advertise-client-url":
			listen = listen || name == "listen-addr"
			value = l.tcp
		case name == "metrics-addr":
			value = fmt.Sprintf("http://127.0.0.1:%d", ports[2])
		case name == "endpoints":
			value = fmt.Sprintf("127.0.0.1:%d", ports[0])
		case name == "data-dir":
			value = filepath.Join(dir, "proxy")
		case name == "discovery-srv" || name == "discovery-srv-name" || name == "resolver-prefix" || name == "resolver-ttl":
			continue
		case name == "cacert" || strings.HasSuffix(name, "ca-file"):
			value = certs.CA
		case name == "cert" || name == "cert-file":
			value = certs.ServerCert
		case name == "key" || name == "key-file":
			value = certs.ServerKey
		}
		if has {
			out = append(out, "--"+name+"="+value)
		} else {
			out = append(out, w)
		}
	}
	if !listen {
		out = append(out, "--listen-addr="+l.tcp)
	}
	l.args = out
	return l
}
