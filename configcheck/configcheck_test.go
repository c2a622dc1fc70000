package configcheck_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// runFiles writes files into a temp dir and checks paths (relative to it).
func runFiles(t testing.TB, files map[string]string, paths []string, from, target string, mod func(*configcheck.Options)) (*configcheck.Result, string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cat := loadCatalog(t)
	tv, err := cat.Resolve(rules.MustParseVersion(target))
	if err != nil {
		t.Fatal(err)
	}
	var abs []string
	for _, p := range paths {
		abs = append(abs, filepath.Join(dir, p))
	}
	opts := configcheck.Options{Paths: abs, From: from, Target: tv.String(), Catalog: cat}
	if mod != nil {
		mod(&opts)
	}
	res, err := configcheck.Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res, dir
}

// keys renders findings as RULE@file:line for comparisons.
func keys(rep *report.Report, dir string) []string {
	var out []string
	for _, f := range rep.Findings {
		name, _ := filepath.Rel(dir, f.Location.File)
		out = append(out, fmt.Sprintf("%s@%s:%d", f.Rule, filepath.ToSlash(name), f.Location.Line))
	}
	return out
}

func TestChecks(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string
		path   string // the file to check (default: the only one)
		from   string
		target string
		want   []string // RULE@file:line that must be reported
		not    []string // rules (or RULE@file:line) that must not be
	}{
		// Surfaces: an unknown or removed name per surface.
		{name: "unknown flag with suggestion", files: map[string]string{"a.args": "etcd --data-dirr=/x\n"}, from: "3.6", target: "3.7",
			want: []string{"ES0001@a.args:1"}},
		{name: "unknown env", files: map[string]string{"a.env": "ETCD_NAMEE=x\n"}, from: "3.6", target: "3.7",
			want: []string{"ES0001@a.env:1"}},
		{name: "unknown yaml key", files: map[string]string{"a.yml": "name: a\ndata-dirr: /x\n"}, from: "3.6", target: "3.7",
			want: []string{"ES0001@a.yml:2"}, not: []string{"ES0001@a.yml:1"}},
		{name: "yaml keys match case-insensitively", files: map[string]string{"a.yml": "Name: a\nDATA-DIR: /x\n"}, from: "3.6", target: "3.7",
			not: []string{"ES0001"}},
		{name: "positional argument", files: map[string]string{"a.args": "etcd --pre-vote false\n"}, from: "3.6", target: "3.7",
			want: []string{"ES0001@a.args:1"}},
		{name: "removed flag 3.6", files: map[string]string{"a.args": "etcd --enable-v2=true\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3601@a.args:1"}},
		{name: "removed key 3.6", files: map[string]string{"a.yml": "enable-v2: true\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3601@a.yml:1"}},
		{name: "removed env 3.6 is a warning", files: map[string]string{"a.env": "ETCD_ENABLE_V2=true\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3601@a.env:1"}},
		{name: "v0.4 flags", files: map[string]string{"a.args": "etcd --addr=10.0.0.1:2379 --peers=a,b\n"}, from: "2.3", target: "3.0",
			want: []string{"ES3001@a.args:1"}},
		{name: "v3demo", files: map[string]string{"a.args": "etcd --experimental-v3demo\n"}, from: "2.3", target: "3.0",
			want: []string{"ES3002@a.args:1"}},
		{name: "ca-file deprecated", files: map[string]string{"a.args": "etcd --ca-file=/ca.pem\n"}, from: "2.0", target: "2.1",
			want: []string{"ES2101@a.args:1"}},
		{name: "ca-file removed in yaml", files: map[string]string{"a.yml": "client-transport-security:\n  ca-file: /ca.pem\n"}, from: "3.3", target: "3.4",
			want: []string{"ES3402@a.yml:2"}},
		{name: "log-output deprecated", files: map[string]string{"a.args": "etcd --log-output=stderr\n"}, from: "3.3", target: "3.4",
			want: []string{"ES3403@a.args:1"}},
		{name: "log-output scalar in 3.4 yaml", files: map[string]string{"a.yml": "log-output: stderr\n"}, from: "3.3", target: "3.4",
			want: []string{"ES3403@a.yml:1"}},
		{name: "debug deprecated", files: map[string]string{"a.args": "etcd --debug\n"}, from: "3.3", target: "3.4",
			want: []string{"ES3405@a.args:1"}},
		{name: "logging flags removed", files: map[string]string{"a.args": "etcd --debug --log-package-levels=x=DEBUG\n"}, from: "3.4", target: "3.5",
			want: []string{"ES3501@a.args:1"}},
		{name: "freelist renamed", files: map[string]string{"a.args": "etcd --experimental-backend-bbolt-freelist-type=map\n"}, from: "3.4", target: "3.5",
			want: []string{"ES3504@a.args:1"}, not: []string{"ES3509"}},
		{name: "v2 deprecation stage", files: map[string]string{"a.args": "etcd --enable-v2=true\n"}, from: "3.4", target: "3.5",
			want: []string{"ES3507@a.args:1"}},
		{name: "experimental graduated", files: map[string]string{"a.args": "etcd --experimental-compaction-batch-limit=10\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3605@a.args:1"}},
		{name: "experimental gate", files: map[string]string{"a.args": "etcd --experimental-initial-corrupt-check\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3606@a.args:1"}},
		{name: "experimental removed", files: map[string]string{"a.yml": "experimental-compaction-batch-limit: 10\n"}, from: "3.6", target: "3.7",
			want: []string{"ES3701@a.yml:1"}},
		{name: "experimental and stable both set", files: map[string]string{"a.args": "etcd --experimental-compaction-batch-limit=10 --compaction-batch-limit=10\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3605@a.args:1"}},
		{name: "experimental flag and gate both set", files: map[string]string{"a.args": "etcd --experimental-initial-corrupt-check --feature-gates=InitialCorruptCheck=true\n"}, from: "3.6", target: "3.6",
			want: []string{"ES3606@a.args:1"}},
		{name: "lease checkpoint persist", files: map[string]string{"a.args": "etcd --experimental-enable-lease-checkpoint --experimental-enable-lease-checkpoint-persist\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3608@a.args:1"}},
		{name: "max-snapshots deprecated", files: map[string]string{"a.args": "etcd --max-snapshots=3\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3607@a.args:1"}},
		{name: "v2 discovery removed", files: map[string]string{"a.args": "etcd --discovery=https://d/x\n"}, from: "3.6", target: "3.7",
			want: []string{"ES3702@a.args:1"}},
		{name: "planned removals 3.8", files: map[string]string{"a.args": "etcd --snapshot-count=10000\n"}, from: "3.7", target: "3.8",
			want: []string{"ES3801@a.args:1"}},
		// Patch traps.
		{name: "trap 3.2 election tick", files: map[string]string{"a.args": "etcd --initial-election-tick-advance=false\n"}, from: "3.1.20", target: "3.2.18",
			want: []string{"ES3206@a.args:1"}},
		{name: "trap 3.2 election tick fixed", files: map[string]string{"a.args": "etcd --initial-election-tick-advance=false\n"}, from: "3.1.20", target: "3.2.19",
			not: []string{"ES3206"}},
		{name: "trap 3.3 cipher suites", files: map[string]string{"a.args": "etcd --cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"}, from: "3.2.32", target: "3.3.6",
			want: []string{"ES3304@a.args:1"}},
		{name: "trap 3.4 auth-token-ttl", files: map[string]string{"a.args": "etcd --auth-token-ttl=600\n"}, from: "3.3.27", target: "3.4.9",
			want: []string{"ES3408@a.args:1"}},
		{name: "trap 3.5 max-concurrent-streams", files: map[string]string{"a.args": "etcd --max-concurrent-streams=100\n"}, from: "3.4.45", target: "3.5.4",
			want: []string{"ES3508@a.args:1"}},
		{name: "trap 3.5 next-cluster-version-compatible", files: map[string]string{"a.args": "etcd --next-cluster-version-compatible\n"}, from: "3.4.45", target: "3.5",
			want: []string{"ES3508@a.args:1"}},
		// Values.
		{name: "listen hostname", files: map[string]string{"a.yml": "listen-client-urls: http://etcd.example.com:2379\n"}, from: "3.1", target: "3.2",
			want: []string{"ES3203@a.yml:1"}},
		{name: "listen localhost and unix fine", files: map[string]string{"a.yml": "listen-client-urls: http://localhost:2379,unix://etcd.sock:0\n"}, from: "3.1", target: "3.2",
			not: []string{"ES3203", "ES0006"}},
		{name: "malformed url", files: map[string]string{"a.args": "etcd --listen-peer-urls=10.0.0.1:2380\n"}, from: "3.6", target: "3.7",
			want: []string{"ES0006@a.args:1"}},
		{name: "empty advertise host", files: map[string]string{"a.args": "etcd --advertise-client-urls=http://:2379 --listen-client-urls=http://0.0.0.0:2379\n"}, from: "3.3", target: "3.4",
			want: []string{"ES3406@a.args:1"}},
		{name: "max-request-bytes above client default", files: map[string]string{"a.env": "ETCD_MAX_REQUEST_BYTES=3145728\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3202@a.env:1"}},
		{name: "max-request-bytes default is fine", files: map[string]string{"a.env": "ETCD_MAX_REQUEST_BYTES=1572864\n"}, from: "3.5", target: "3.6",
			not: []string{"ES3202"}},
		{name: "quota above 8 GiB", files: map[string]string{"a.yml": "quota-backend-bytes: 17179869184\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3207@a.yml:1"}},
		{name: "capnslog", files: map[string]string{"a.args": "etcd --logger=capnslog\n"}, from: "3.4", target: "3.5",
			want: []string{"ES3502@a.args:1"}},
		{name: "v2-deprecation not-yet", files: map[string]string{"a.args": "etcd --v2-deprecation=not-yet\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3602@a.args:1"}},
		{name: "v2-deprecation skip-check before 3.6.13", files: map[string]string{"a.args": "etcd --v2-deprecation=write-only-skip-check\n"}, from: "3.5.35", target: "3.6.12",
			want: []string{"ES3602@a.args:1"}},
		{name: "v2-deprecation ignored in 3.7", files: map[string]string{"a.args": "etcd --v2-deprecation=write-only\n"}, from: "3.6", target: "3.7",
			want: []string{"ES3703@a.args:1"}},
		{name: "discovery-fallback proxy", files: map[string]string{"a.args": "etcd --discovery-fallback=proxy\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3604@a.args:1"}},
		{name: "discovery-fallback yaml", files: map[string]string{"a.yml": "discovery-fallback: exit\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3604@a.yml:1"}},
		{name: "auto compaction 3.2 and 3.3 and 3.4", files: map[string]string{"a.yml": "auto-compaction-retention: 24\n"}, from: "3.1", target: "3.4",
			want: []string{"ES3205@a.yml:1", "ES3301@a.yml:1", "ES3409@a.yml:1"}},
		{name: "discovery-srv san", files: map[string]string{"a.args": "etcd --discovery-srv=example.com\n"}, from: "3.0", target: "3.1",
			want: []string{"ES3102@a.args:1"}},
		{name: "peer tls san", files: map[string]string{"a.args": "etcd --peer-cert-file=/p.pem\n"}, from: "3.1", target: "3.2",
			want: []string{"ES3204@a.args:1"}},
		{name: "password over CN", files: map[string]string{"a.args": "etcd --client-cert-auth\n"}, from: "3.2", target: "3.3",
			want: []string{"ES3303@a.args:1"}},
		{name: "initial cluster mismatch", files: map[string]string{"a.args": "etcd --name=a --initial-advertise-peer-urls=http://10.0.0.1:2380 --initial-cluster=a=http://10.0.0.2:2380\n"}, from: "3.2", target: "3.3",
			want: []string{"ES3302@a.args:1"}},
		{name: "initial cluster match", files: map[string]string{"a.args": "etcd --name=a --initial-advertise-peer-urls=http://10.0.0.1:2380 --initial-cluster=a=http://10.0.0.1:2380\n"}, from: "3.2", target: "3.3",
			not: []string{"ES3302"}},
		{name: "unknown feature gate", files: map[string]string{"a.args": "etcd --feature-gates=InitalCorruptCheck=true\n"}, from: "3.6", target: "3.7",
			want: []string{"ES0001@a.args:1"}},
		{name: "wrong yaml type (linked decode)", files: map[string]string{"a.yml": "log-outputs: stderr\n"}, from: "3.6", target: "3.7",
			want: []string{"ES0003@a.yml:1"}},
		{name: "wrong yaml type (catalog)", files: map[string]string{"a.yml": "pre-vote: maybe\n"}, from: "3.4", target: "3.5",
			want: []string{"ES0003@a.yml:1"}},
		{name: "linked validation", files: map[string]string{"a.args": "etcd --heartbeat-interval=500 --election-timeout=1000\n"}, from: "3.6", target: "3.7",
			want: []string{"ES0007@a.args:1"}},
		{name: "linked validation clean", files: map[string]string{"a.args": "etcd --name=a --heartbeat-interval=100 --election-timeout=1000\n"}, from: "3.6", target: "3.7",
			not: []string{"ES0007", "ES0001"}},
		// Defaults under unset settings (pointing at the start line).
		{name: "legacy ports", files: map[string]string{"a.args": "# comment\netcd --name=a\n"}, from: "2.3", target: "3.0",
			want: []string{"ES3003@a.args:2"}},
		{name: "strict reconfig", files: map[string]string{"a.args": "etcd --name=a\n"}, from: "3.0", target: "3.1",
			want: []string{"ES3101@a.args:1"}},
		{name: "default host advertise", files: map[string]string{"a.args": "etcd --listen-client-urls=http://0.0.0.0:2379\n"}, from: "3.0", target: "3.1",
			want: []string{"ES3103@a.args:1"}},
		{name: "snapshot count 3.2", files: map[string]string{"a.yml": "name: a\n"}, from: "3.1", target: "3.2",
			want: []string{"ES3201@a.yml:1"}},
		{name: "snapshot count 3.6", files: map[string]string{"a.yml": "name: a\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3603@a.yml:1"}},
		{name: "snapshot count net zero", files: map[string]string{"a.yml": "name: a\n"}, from: "3.1", target: "3.6",
			not: []string{"ES3201", "ES3603"}},
		{name: "snapshot count set", files: map[string]string{"a.yml": "snapshot-count: 5000\n"}, from: "3.5", target: "3.6",
			not: []string{"ES3603"}},
		{name: "enable-v2 default", files: map[string]string{"a.env": "ETCD_NAME=a\n"}, from: "3.3", target: "3.4",
			want: []string{"ES3401@a.env:1", "ES3404@a.env:1"}},
		{name: "3.5 defaults", files: map[string]string{"a.yml": "name: a\n"}, from: "3.4", target: "3.5",
			want: []string{"ES3503@a.yml:1", "ES3505@a.yml:1", "ES3506@a.yml:1", "ES3509@a.yml:1"}},
		{name: "gateway default only for config files", files: map[string]string{"a.args": "etcd --name=a\n"}, from: "3.4", target: "3.5",
			not: []string{"ES3506"}},
		{name: "fast lease keepalive", files: map[string]string{"u.service": "[Service]\nExecStart=/usr/bin/etcd --name=a\n"}, from: "3.6", target: "3.7",
			want: []string{"ES3704@u.service:2"}},
		// Precedence.
		{name: "flag and env twin 3.4", files: map[string]string{"u.service": "[Service]\nEnvironment=ETCD_NAME=b\nExecStart=/usr/bin/etcd --name=a\n"}, from: "3.3", target: "3.4",
			want: []string{"ES3407@u.service:2"}},
		{name: "flag and env twin 3.3", files: map[string]string{"u.service": "[Service]\nEnvironment=ETCD_NAME=b\nExecStart=/usr/bin/etcd --name=a\n"}, from: "3.2", target: "3.3",
			want: []string{"ES0005@u.service:2"}},
		{name: "config file overrides", files: map[string]string{"u.service": "[Service]\nEnvironment=ETCD_NAME=b\nExecStart=/usr/bin/etcd --config-file=c.yml --name=a\n", "c.yml": "name: c\n"}, path: "u.service", from: "3.6", target: "3.7",
			want: []string{"ES0002@u.service:2", "ES0002@u.service:3"}, not: []string{"ES3407"}},
		{name: "env file missing", files: map[string]string{"u.service": "[Service]\nEnvironmentFile=/nonexistent/etcd.env\nEnvironmentFile=-/nonexistent/opt.env\nExecStart=/usr/bin/etcd\n"}, from: "3.6", target: "3.7"},
		{name: "variable expansion is not a positional", files: map[string]string{"u.service": "[Service]\nExecStart=/usr/bin/etcd --name=a $ETCD_OPTS\n"}, from: "3.6", target: "3.7",
			not: []string{"ES0001"}},
		{name: "security keys shared by both sections", files: map[string]string{"a.yml": "client-transport-security:\n  allowed-cn: [a]\n"}, from: "3.5", target: "3.6",
			not: []string{"ES0001"}},
		{name: "kubernetes deployment env twin", files: map[string]string{"d.yaml": "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: etcd\n        image: etcd\n        command: [etcd, --name=a]\n        env:\n        - name: ETCD_NAME\n          value: b\n"}, from: "3.3", target: "3.4",
			want: []string{"ES3407@d.yaml:11"}},
		{name: "compose env list", files: map[string]string{"c.yml": "services:\n  db:\n    image: bitnami/etcd:3.5\n    command: [--name=a, --enable-v2]\n    environment:\n      - ETCD_PROXY=off\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3601@c.yml:4", "ES3601@c.yml:6"}},
		// Rolling window.
		{name: "rolling window new name too early", files: map[string]string{"a.args": "etcd --compaction-batch-limit=10\n"}, from: "3.5", target: "3.7",
			want: []string{"ES0004@a.args:1"}},
		{name: "rolling window old name fine for 3.6", files: map[string]string{"a.args": "etcd --experimental-compaction-batch-limit=10\n"}, from: "3.5", target: "3.6",
			not: []string{"ES0004"}},
		// Suppression.
		{name: "ignore with reason", files: map[string]string{"a.yml": "# etcdlint:ignore ES3601 dropped before the hop\nenable-v2: true\n"}, from: "3.5", target: "3.6",
			not: []string{"ES3601", "ES0008"}},
		{name: "ignore without reason", files: map[string]string{"a.yml": "enable-v2: true # etcdlint:ignore ES3601\n"}, from: "3.5", target: "3.6",
			want: []string{"ES3601@a.yml:1", "ES0008@a.yml:1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var paths []string
			for name := range tc.files {
				paths = append(paths, name)
			}
			slices.Sort(paths)
			if tc.path != "" {
				paths = []string{tc.path}
			}
			res, dir := runFiles(t, tc.files, paths[:1], tc.from, tc.target, nil)
			got := keys(res.Report, dir)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %s; got %v", w, got)
				}
			}
			for _, n := range tc.not {
				for _, g := range got {
					if g == n || strings.HasPrefix(g, n+"@") {
						t.Errorf("unexpected %s; got %v", g, got)
					}
				}
			}
			for _, f := range res.Report.Findings {
				if f.Location.File == "" || f.Location.Line < 1 || f.Location.Column < 1 || f.Detector != rules.DetectConfig {
					t.Errorf("finding without a position or detector: %+v", f)
				}
				if strings.HasSuffix(f.Message, ".") || f.Message != strings.ToLower(f.Message[:1])+f.Message[1:] && !strings.HasPrefix(f.Message, "ETCD_") && !strings.HasPrefix(f.Message, "\"") {
					t.Errorf("message style: %q", f.Message)
				}
			}
		})
	}
}

// TestRollingWindowFactNamesTarget checks that the rolling_window fact
// of a setting the target refuses says so, instead of listing the target
// among the versions it is valid on.
func TestRollingWindowFactNamesTarget(t *testing.T) {
	res, _ := runFiles(t, map[string]string{
		"etcd.conf.yml": "name: a\nenable-v2: true\nsnapshot-count: 10000\n",
	}, []string{"etcd.conf.yml"}, "3.5.20", "3.6", nil)
	got := map[string]string{}
	for _, f := range res.Report.Facts {
		if strings.HasPrefix(f.Name, "rolling_window ") {
			got[strings.TrimPrefix(f.Name, "rolling_window ")] = f.Value
		}
	}
	v2 := got["config key enable-v2"]
	if !strings.HasPrefix(v2, "rejected by ") || !strings.Contains(v2, "(the target)") {
		t.Errorf("enable-v2: rolling_window = %q, want it rejected by the target; all: %v", v2, got)
	}
	if sc := got["config key snapshot-count"]; !strings.HasPrefix(sc, "valid on ") {
		t.Errorf("snapshot-count: rolling_window = %q, want valid on every version", sc)
	}
}
