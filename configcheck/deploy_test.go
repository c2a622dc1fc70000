package configcheck_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/internal/etcdtest"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// runDeploy checks one fixture of testdata/config/deploy with no --from.
func runDeploy(t *testing.T, name, target string) *report.Report {
	t.Helper()
	cat := loadCatalog(t)
	tv, err := cat.Resolve(mustVersion(t, target))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join("..", "testdata", "config", "deploy", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	res, err := configcheck.Run(context.Background(), configcheck.Options{Paths: []string{p}, Target: tv.String(), Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	return res.Report
}

func has(rep *report.Report, rule string, line int) bool {
	for _, f := range rep.Findings {
		if f.Rule == rule && (line == 0 || f.Location.Line == line) {
			return true
		}
	}
	return false
}

// TestDeployedVersion checks that the version the deployment names
// (image tag with -0 or Bitnami suffixes, versioned binary path) is the
// from version, in the report and in the facts.
func TestDeployedVersion(t *testing.T) {
	for _, tc := range []struct{ file, from, source string }{
		{"compose-official.yml", "3.5.18", "image gcr.io/etcd-development/etcd:v3.5.18"},
		{"compose-bitnami.yml", "3.5.17", "image docker.io/bitnami/etcd:3.5.17-debian-12-r3"},
		{"kubeadm-tag.yaml", "3.5.15", "image registry.k8s.io/etcd:3.5.15-0"},
		{"static-pod-shell.yaml", "3.5.6", "image quay.io/coreos/etcd:v3.5.6"},
		{"etcd-versioned.service", "3.4.3", "binary /opt/etcd-v3.4.3/etcd"},
	} {
		rep := runDeploy(t, tc.file, "3.6")
		if rep.From != tc.from || rep.FromSource != "image" {
			t.Errorf("%s: from %q (%s), want %s", tc.file, rep.From, rep.FromSource, tc.from)
		}
		found := false
		for _, f := range rep.Facts {
			found = found || f.Name == "deployed_from" && strings.HasPrefix(f.Value, tc.from+" ") && strings.Contains(f.Value, tc.source)
		}
		if !found {
			t.Errorf("%s: no deployed_from fact naming %s: %+v", tc.file, tc.source, rep.Facts)
		}
		for _, f := range rep.Facts {
			if f.Name == "assumed_from" {
				t.Errorf("%s: from assumed although the deployment names it: %+v", tc.file, f)
			}
		}
	}
}

// TestEnvOnlyContainers checks services run by the image's entrypoint:
// the official image reads ETCD_*; Bitnami's own variables are not etcd's.
func TestEnvOnlyContainers(t *testing.T) {
	rep := runDeploy(t, "compose-official.yml", "3.6")
	if !has(rep, "ES3601", 12) || !has(rep, "ES3603", 0) {
		t.Errorf("official image, env only: want ES3601 at 12 and ES3603: %+v", rep.Findings)
	}
	rep = runDeploy(t, "compose-bitnami.yml", "3.6")
	if !has(rep, "ES3606", 10) {
		t.Errorf("bitnami: want ES3606 for the experimental variable: %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Location.Line >= 4 && f.Location.Line <= 7 {
			t.Errorf("bitnami: finding for the image's own variable: %s %s", f.Rule, f.Message)
		}
	}
}

// TestShellAndSubcommands checks a pod whose init container and shell
// commands mention etcd paths, and whose proxy container runs etcd
// grpc-proxy: only the exec etcd line is the server, the proxy is checked
// with its own flag set.
func TestShellAndSubcommands(t *testing.T) {
	rep := runDeploy(t, "static-pod-shell.yaml", "3.6")
	if !has(rep, "ES3601", 28) {
		t.Errorf("want ES3601 for --enable-v2 of the shell-started etcd: %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Location.Line < 20 || f.Location.Line > 28 {
			t.Errorf("finding outside the etcd container: %d %s %s", f.Location.Line, f.Rule, f.Message)
		}
	}
	// The proxy container is checked with grpc-proxy's own flags, which
	// it uses correctly.
	for _, p := range rep.Problems {
		if p.Line == 31 {
			t.Errorf("grpc-proxy container reported as not checked: %+v", p)
		}
	}
}

func mustVersion(t *testing.T, s string) rules.Version {
	t.Helper()
	v, err := rules.ParseVersion(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestImageChecks checks the per-architecture tag (3.7) and the
// distroless images (a shell command from 3.5.7, an exec probe).
func TestImageChecks(t *testing.T) {
	rep := runDeploy(t, "statefulset-arm64.yaml", "3.7")
	if !has(rep, "EO3702", 0) {
		t.Errorf("arm64 tag to 3.7: want EO3702: %+v", rep.Findings)
	}
	if !has(rep, "ES3550", 24) {
		t.Errorf("exec probe running a shell on a distroless image: want ES3550 at 24: %+v", rep.Findings)
	}
	if rep := runDeploy(t, "statefulset-arm64.yaml", "3.6"); has(rep, "EO3702", 0) {
		t.Errorf("arm64 tag within 3.6: EO3702 reported: %+v", rep.Findings)
	}
	rep = runDeploy(t, "static-pod-shell.yaml", "3.6")
	if !has(rep, "ES3550", 21) {
		t.Errorf("sh -c on 3.5.6 upgraded past 3.5.7: want ES3550 at 21: %+v", rep.Findings)
	}
}

// TestUnitWrapperExpansion checks a CoreOS-style unit: etcd-wrapper with
// $ETCD_OPTS expanded from Environment=, the version from ETCD_IMAGE_TAG,
// and %H specifiers in URLs treated as opaque rather than as bad URLs.
func TestUnitWrapperExpansion(t *testing.T) {
	rep := runDeploy(t, "coreos/etcd-member.service", "3.6")
	if rep.From != "3.3.27" {
		t.Errorf("from %q, want 3.3.27 from ETCD_IMAGE_TAG", rep.From)
	}
	if !has(rep, "ES3601", 11) {
		t.Errorf("--enable-v2 from $ETCD_OPTS not reported: %+v", rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Rule == "ES0006" || f.Rule == "ES0007" || f.Rule == "ES0001" {
			t.Errorf("specifier or expanded variable reported: %s %s", f.Rule, f.Message)
		}
	}
	if len(rep.Problems) > 0 {
		t.Errorf("problems: %+v", rep.Problems)
	}
}

// TestRealEtcdExitsOnExpandedFlag checks the finding above against a real
// etcd 3.6.16: the flag the unit's $ETCD_OPTS expands to stops it.
func TestRealEtcdExitsOnExpandedFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("builds etcd binaries")
	}
	bin := etcdtest.Binary(t, "3.6.16")
	ports := etcdtest.FreePorts(t, 2)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--name=m1", "--enable-v2=true", "--data-dir="+t.TempDir(),
		fmt.Sprintf("--listen-client-urls=http://127.0.0.1:%d", ports[0]), fmt.Sprintf("--advertise-client-urls=http://127.0.0.1:%d", ports[0]),
		fmt.Sprintf("--listen-peer-urls=http://127.0.0.1:%d", ports[1]), fmt.Sprintf("--initial-advertise-peer-urls=http://127.0.0.1:%d", ports[1]),
		fmt.Sprintf("--initial-cluster=m1=http://127.0.0.1:%d", ports[1]))
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil || err == nil || !strings.Contains(string(out), "flag provided but not defined: -enable-v2") {
		t.Fatalf("etcd 3.6.16 did not exit on --enable-v2 (err %v):\n%s", err, out)
	}
}

// sampleConfig is etcd's own etcd.conf.yml.sample of a release (from
// its module's sources; "" for the 3.6 development sample in testdata),
// upgraded one minor unchanged; allowed is the error rule the next
// release really refuses it for.
type sampleConfig struct{ module, from, target, allowed string }

var sampleConfigs = []sampleConfig{
	{"github.com/coreos/etcd@v3.1.20+incompatible", "3.1.20", "3.2", ""},
	{"github.com/coreos/etcd@v3.2.32+incompatible", "3.2.32", "3.3", ""},
	// 3.4 cannot decode 3.3's scalar log-output.
	{"github.com/coreos/etcd@v3.3.27+incompatible", "3.3.27", "3.4", "ES3403"},
	// 3.4.25: etcd 3.4 has no module versions, only this pseudo-version.
	{"go.etcd.io/etcd@v0.5.0-alpha.5.0.20230414071934-94593e63d45c", "3.4.25", "3.5", ""},
	{"go.etcd.io/etcd/v3@v3.5.21", "3.5.21", "3.6", ""},
	{"", "3.6", "3.7", ""},
}

// samplePath is where the sample config of c is: in the module cache,
// downloaded through GOPROXY, or in testdata.
func samplePath(c sampleConfig) (string, error) {
	if c.module == "" {
		return filepath.Abs(filepath.Join("..", "testdata", "config", "samples", "etcd-v3.6-dev.conf.yml"))
	}
	out, err := exec.Command("go", "mod", "download", "-json", c.module).Output()
	var dl struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &dl); err != nil || jerr != nil || dl.Dir == "" {
		return "", fmt.Errorf("%s: cannot download: %v %s", c.module, err, dl.Error)
	}
	return filepath.Join(dl.Dir, "etcd.conf.yml.sample"), nil
}

// TestSampleConfigsOneHop checks etcd's own etcd.conf.yml.sample of each
// release, upgraded one minor unchanged: no error unless the next release
// really refuses it (TestRealEtcdHarness starts the real releases on
// them).
func TestSampleConfigsOneHop(t *testing.T) {
	for _, tc := range sampleConfigs {
		path, err := samplePath(tc)
		if err != nil {
			t.Error(err)
			continue
		}
		cat := loadCatalog(t)
		tv, err := cat.Resolve(mustVersion(t, tc.target))
		if err != nil {
			t.Fatal(err)
		}
		res, err := configcheck.Run(context.Background(), configcheck.Options{Paths: []string{path}, From: tc.from, Target: tv.String(), Catalog: cat})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Report.Inputs) == 0 {
			t.Errorf("%s: nothing analysed", path)
		}
		for _, f := range res.Report.Findings {
			if f.Severity == rules.Error && f.Rule != tc.allowed {
				t.Errorf("%s %s→%s: error %s at %d: %s", tc.module, tc.from, tc.target, f.Rule, f.Location.Line, f.Message)
			}
		}
	}
}
