package configcheck

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	yaml "sigs.k8s.io/yaml/goyaml.v3"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/internal/safeio"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// The versions of the rolling upgrade the fix fixtures are written for.
const (
	fixFrom   = "3.5.20"
	fixTarget = "3.6.16"
)

// fixShape is one fixture of testdata/config/fix, and whether the
// target refuses it unfixed (a flag or value etcd 3.6 exits on).
type fixShape struct {
	file    string
	refused bool
}

var fixShapes = []fixShape{
	{"etcd-pod.yaml", true},
	{"flow-pod.yaml", true},
	{"docker-compose.yml", true},
	{"etcd.service", true},
	{"etcd.args", true},
	{"etcd.env", true},
	{"etcd.conf.yml", false},
}

// fixHop is a rolling upgrade the fix fixtures are judged on: real etcd
// of both versions starts on each fixed file.
type fixHop struct {
	from, target string
	shapes       []fixShape
	// deferred: the rolling fix leaves a feature-gate move to
	// --fix-after-upgrade (the from version has no --feature-gates).
	deferred bool
	// fixed are the rules --fix-after-upgrade clears.
	fixed []string
}

var fixHops = []fixHop{
	{from: fixFrom, target: fixTarget, shapes: fixShapes, deferred: true, fixed: []string{"ES3601", "ES3602", "ES3605", "ES3606"}},
	{from: "3.6.16", target: "3.7.3", shapes: []fixShape{{"gates-pod.yaml", true}, {"gates.service", true}}, fixed: []string{"ES3701", "ES3605", "ES3606"}},
}

func (h fixHop) name() string { return h.from + "-to-" + h.target }

func fixCatalog(t *testing.T) *rules.Catalog {
	t.Helper()
	cat, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// copyFixture copies a fixture into a temporary directory.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "config", "fix", name))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runFixOn runs the checker for a hop with --fix (afterUpgrade:
// --fix-after-upgrade) on a file, fixing it in place.
func runFixOn(t *testing.T, cat *rules.Catalog, h fixHop, path string, fix, afterUpgrade bool) *Result {
	t.Helper()
	res, err := Run(context.Background(), Options{Paths: []string{path}, From: h.from, Target: h.target, Catalog: cat, Fix: fix, FixAfterUpgrade: afterUpgrade})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// memberStart is a real start of etcd on one invocation's settings.
type memberStart struct {
	what      string
	args, env []string
	client    string
}

// startsFor reads a file the way the checker does and turns each etcd
// invocation into a start on loopback ports with a temporary data dir:
// the network, name and data-dir settings are replaced where they are
// written (flag, variable or config key) and added as flags otherwise.
func startsFor(t *testing.T, cat *rules.Catalog, h fixHop, path string) []memberStart {
	t.Helper()
	ctx := context.Background()
	target, err := cat.Resolve(rules.MustParseVersion(h.target))
	if err != nil {
		t.Fatal(err)
	}
	r := &run{ctx: ctx, opts: Options{Paths: []string{path}}, cat: cat, target: target,
		rep: &report.Report{}, byAbs: map[string]*source{}, consumed: map[string]bool{}, listed: map[*source]bool{},
		unlisted: map[*source]bool{}, groupDone: map[*unitGroup]bool{}, tree: safeio.NewTree(inputPaths([]string{path})...)}
	if r.table, err = newFlagTable(cat); err != nil {
		t.Fatal(err)
	}
	var found []detected
	for _, c := range r.collect(ctx) {
		if src := r.load(c); src != nil {
			found = append(found, r.detect(src, true))
		}
	}
	r.buildUnitGroups(found)
	r.indexConfigMaps(found)
	var out []memberStart
	for _, d := range found {
		for _, inv := range r.invocations(d) {
			ports := etcdtest.FreePorts(t, 2)
			client, peer := fmt.Sprintf("http://127.0.0.1:%d", ports[0]), fmt.Sprintf("http://127.0.0.1:%d", ports[1])
			over := map[string]string{
				"name": "m1", "data-dir": t.TempDir(), "listen-client-urls": client, "advertise-client-urls": client,
				"listen-peer-urls": peer, "initial-advertise-peer-urls": peer, "initial-cluster": "m1=" + peer,
				"initial-cluster-state": "new", "log-level": "warn",
			}
			ms := memberStart{what: inv.what, client: client, env: []string{"PATH=" + os.Getenv("PATH")}}
			if inv.yamlFile != nil {
				ms.args = []string{"--config-file=" + overrideYAML(t, d.src.data, over)}
				out = append(out, ms)
				continue
			}
			used := map[string]bool{}
			for _, s := range inv.flags {
				if s.flag != nil && over[s.flag.Name] != "" {
					ms.args = append(ms.args, "--"+s.name+"="+over[s.flag.Name])
					used[s.flag.Name] = true
					continue
				}
				if s.bare {
					ms.args = append(ms.args, "--"+s.name)
				} else {
					ms.args = append(ms.args, "--"+s.name+"="+s.value)
				}
			}
			for _, s := range inv.env {
				if s.unknownValue() {
					continue // held in the cluster (a Secret, the pod's fields)
				}
				if s.flag != nil && over[s.flag.Name] != "" {
					if !used[s.flag.Name] {
						ms.env = append(ms.env, s.name+"="+over[s.flag.Name])
					}
					used[s.flag.Name] = true
					continue
				}
				ms.env = append(ms.env, s.name+"="+s.value)
			}
			for name, val := range over {
				if !used[name] {
					ms.args = append(ms.args, "--"+name+"="+val)
				}
			}
			out = append(out, ms)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s: no etcd invocation", path)
	}
	return out
}

// overrideYAML writes a copy of a config file with the overrides set.
func overrideYAML(t *testing.T, data []byte, over map[string]string) string {
	t.Helper()
	m := map[string]any{}
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range over {
		m[k] = v
	}
	out, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "etcd.conf.yml")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// startEtcd starts a real etcd binary and waits until it answers /health
// or exits. It reports whether it became healthy, with its output.
func startEtcd(t *testing.T, bin string, ms memberStart) (bool, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), etcdtest.StartTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, ms.args...)
	cmd.Env = ms.env
	cmd.Dir = t.TempDir()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	defer func() {
		_ = cmd.Process.Kill()
		<-done
	}()
	client := &http.Client{Timeout: time.Second}
	for {
		select {
		case <-done:
			return false, out.String()
		case <-ctx.Done():
			t.Fatalf("%s: neither healthy nor exited within %s:\n%s", bin, etcdtest.StartTimeout, out.String())
		default:
		}
		if resp, err := client.Get(ms.client + "/health"); err == nil {
			ok := resp.StatusCode == http.StatusOK
			resp.Body.Close()
			if ok {
				return true, ""
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestFixRollingStartsOnBoth fixes each fixture of each hop with the
// default (rolling-window) fix and starts real etcd of both versions on
// the result: both must start; unfixed, the from version must start and
// the target must refuse the fixtures the checker says it exits on; the
// corrupt check a fixture turns on stays on for the members not yet
// upgraded.
func TestFixRollingStartsOnBoth(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd binaries")
	}
	cat := fixCatalog(t)
	for _, h := range fixHops {
		from, target := etcdtest.Binary(t, h.from), etcdtest.Binary(t, h.target)
		for _, sh := range h.shapes {
			t.Run(h.name()+"/"+sh.file, func(t *testing.T) {
				path := copyFixture(t, sh.file)
				orig, _ := os.ReadFile(path)
				for _, ms := range startsFor(t, cat, h, path) {
					if ok, out := startEtcd(t, from, ms); !ok {
						t.Errorf("%s unfixed: etcd %s did not start (%q):\n%s", ms.what, h.from, ms.args, out)
					}
					if !sh.refused {
						continue
					}
					if ok, _ := startEtcd(t, target, ms); ok {
						t.Errorf("%s unfixed: etcd %s started, want an exit", ms.what, h.target)
					}
				}
				res := runFixOn(t, cat, h, path, true, false)
				fixed, _ := os.ReadFile(path)
				if sh.refused && bytes.Equal(orig, fixed) {
					t.Fatalf("--fix changed nothing")
				}
				if norm := strings.ToLower(strings.ReplaceAll(string(fixed), "_", "-")); !strings.Contains(norm, "experimental-initial-corrupt-check") && !strings.Contains(norm, "initialcorruptcheck=true") {
					t.Errorf("the rolling fix dropped the corrupt check the from members run with:\n%s", fixed)
				}
				deferred := false
				for _, f := range res.Report.Findings {
					deferred = deferred || strings.Contains(f.Message, "no form both "+h.from+" and "+h.target+" accept; after every member runs "+h.target+", run with --fix-after-upgrade")
				}
				if deferred != h.deferred {
					t.Errorf("a finding says a move waits for --fix-after-upgrade: %v, want %v: %+v", deferred, h.deferred, res.Report.Findings)
				}
				// Each start gets its own data dir: a member upgraded in place
				// is not what is judged here.
				for _, bin := range []struct{ version, path string }{{h.from, from}, {h.target, target}} {
					for _, ms := range startsFor(t, cat, h, path) {
						if ok, out := startEtcd(t, bin.path, ms); !ok {
							t.Errorf("%s fixed: etcd %s did not start (%q):\n%s\nfixed file:\n%s", ms.what, bin.version, ms.args, out, fixed)
						}
					}
				}
			})
		}
	}
}

// TestFixAfterUpgradeStartsOnTarget fixes each fixture of each hop with
// --fix-after-upgrade: the checker then finds none of the rules the fix
// clears, and real etcd of the target starts on it.
func TestFixAfterUpgradeStartsOnTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("starts etcd binaries")
	}
	cat := fixCatalog(t)
	for _, h := range fixHops {
		target := etcdtest.Binary(t, h.target)
		for _, sh := range h.shapes {
			t.Run(h.name()+"/"+sh.file, func(t *testing.T) {
				path := copyFixture(t, sh.file)
				before := 0
				for _, f := range runFixOn(t, cat, h, path, false, true).Report.Findings {
					if slices.Contains(h.fixed, f.Rule) {
						before++
					}
				}
				if before == 0 && sh.refused {
					t.Fatalf("unfixed: no finding of %v", h.fixed)
				}
				runFixOn(t, cat, h, path, true, true)
				fixed, _ := os.ReadFile(path)
				again := runFixOn(t, cat, h, path, false, false)
				for _, f := range again.Report.Findings {
					if slices.Contains(h.fixed, f.Rule) {
						t.Errorf("after --fix-after-upgrade: %s %s\n%s", f.Rule, f.Message, fixed)
					}
				}
				for _, ms := range startsFor(t, cat, h, path) {
					if ok, out := startEtcd(t, target, ms); !ok {
						t.Errorf("%s fixed after the upgrade: etcd %s did not start (%q):\n%s\nfixed file:\n%s", ms.what, h.target, ms.args, out, fixed)
					}
				}
				t.Logf("%s %s: %d findings of %v before, none after; starts on %s", h.name(), sh.file, before, h.fixed, h.target)
			})
		}
	}
}
