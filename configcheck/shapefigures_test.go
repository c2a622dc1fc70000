package configcheck_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

// shapeFigures are the deployment shapes of testdata/config, with the
// target of their next hop.
var shapeFigures = []struct{ shape, path, target string }{
	{"kubeadm static pod", "kubeadm", "3.6"},
	{"kubeadm static pod, tagged image", "deploy/kubeadm-tag.yaml", "3.6"},
	{"static pod, shell command", "deploy/static-pod-shell.yaml", "3.6"},
	{"OpenShift pod with proxy sidecars", "deploy/proxy-sidecars.yaml", "3.6"},
	{"StatefulSet", "kubernetes", "3.7"},
	{"StatefulSet, arm64 image", "deploy/statefulset-arm64.yaml", "3.7"},
	{"StatefulSet with envFrom", "deploy/envfrom", "3.6"},
	{"StatefulSet with valueFrom", "deploy/valuefrom", "3.6"},
	{"bootstrap StatefulSet and compose", "deploy/bootstrap", "3.6"},
	{"Bitnami compose", "deploy/compose-bitnami.yml", "3.6"},
	{"official image compose", "deploy/compose-official.yml", "3.6"},
	{"compose with command and image", "deploy/cmd-image.yml", "3.6"},
	{"compose below the patch floor", "deploy/image-floor.yml", "3.6"},
	{"compose and env file", "compose", "3.6"},
	{"kubespray env file and unit", "systemd", "3.6"},
	{"kubespray node tree", "deploy/node-tree", "3.6"},
	{"CoreOS etcd-member unit", "deploy/coreos", "3.6"},
	{"CoreOS drop-ins", "deploy/coreos-dropin", "3.6"},
	{"systemd drop-ins", "deploy/systemd-dropins", "3.6"},
	{"docker run unit", "deploy/docker-run", "3.6"},
	{"rkt run unit", "deploy/rkt-run", "3.6"},
	{"versioned binary unit", "deploy/etcd-versioned.service", "3.6"},
	{"env file", "env", "3.6"},
	{"args file", "args", "3.6"},
	{"Procfile (goreman)", "deploy/Procfile", "3.6"},
	{"fix fixtures", "fix", "3.6"},
	{"sample config 3.3", "samples/etcd-v3.3.27.conf.yml", "3.4"},
}

// copyTree copies a file or directory of testdata/config into dir.
func copyTree(t *testing.T, rel, dir string) string {
	t.Helper()
	src := filepath.Join("..", "testdata", "config", rel)
	dst := filepath.Join(dir, filepath.Base(rel))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, r)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", rel, err)
	}
	return dst
}

// afterFixAllowed are the findings a rolling --fix may bring up, each
// only when the report before the fix holds the finding named: the fix
// removed a setting and the new finding reports what that setting had
// covered, a risk the earlier finding already stated.
var afterFixAllowed = map[string]struct{ before, why string }{
	// Removing enable-v2=true (the target no longer reads it) leaves it
	// unset, and ES3401 reports the default change of 3.4 it had kept
	// off: v2 clients break, as ES3601 said of the removed setting.
	"ES3401 warning": {"ES3601", "enable-v2 removed: the v2 API is off on 3.4 and later either way"},
}

// versionFacts are a report's from versions: the assumed and deployed
// from facts (by file: a fix moves lines) and the report's from.
func versionFacts(rep *report.Report, dir string) []string {
	out := []string{"from=" + rep.From + " (" + rep.FromSource + ")"}
	for _, f := range rep.Facts {
		if f.Name == "assumed_from" || f.Name == "deployed_from" {
			file, _, _ := strings.Cut(strings.TrimPrefix(f.Subject, dir), ":")
			out = append(out, file+": "+f.Name+"="+f.Value)
		}
	}
	slices.Sort(out)
	return out
}

// TestShapeFiguresBeforeAfter runs every deployment shape on a copy:
// check, --fix (the rolling default), check again. After the fix the
// from version of every invocation is the one before it (a fix must not
// make the deployment look older or newer), no finding that had a fix is
// left, and no finding is new at any severity except those of
// afterFixAllowed. The table of figures is logged (-v).
func TestShapeFiguresBeforeAfter(t *testing.T) {
	cat := loadCatalog(t)
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-36s %-7s %-16s %-5s %-16s\n", "shape", "target", "before e/w/i", "fixes", "after e/w/i")
	for _, sh := range shapeFigures {
		tv, err := cat.Resolve(mustVersion(t, sh.target))
		if err != nil {
			t.Fatal(err)
		}
		p := copyTree(t, sh.path, t.TempDir())
		opts := configcheck.Options{Paths: []string{p}, Target: tv.String(), Catalog: cat}
		if fi, err := os.Stat(filepath.Join(p, "etc")); err == nil && fi.IsDir() {
			opts.Root = p
		}
		run := func(fix bool) *report.Report {
			o := opts
			o.Fix = fix
			res, err := configcheck.Run(context.Background(), o)
			if err != nil {
				t.Fatalf("%s: %v", sh.shape, err)
			}
			return res.Report
		}
		before := run(false)
		fixed := run(true)
		after := run(false)
		// The from version inferred before the fix stays the from version
		// after it, although a fix may remove what it was inferred from.
		if b, a := versionFacts(before, p), versionFacts(after, p); !slices.Equal(b, a) {
			t.Errorf("%s: --fix changed the from version:\nbefore: %s\nafter:  %s", sh.shape, strings.Join(b, "; "), strings.Join(a, "; "))
		}
		fixes := 0
		for _, f := range fixed.Findings {
			if f.Fix != nil {
				fixes++
			}
		}
		count := func(rep *report.Report) (map[rules.Severity]int, map[string]int) {
			sev, byRule := map[rules.Severity]int{}, map[string]int{}
			for _, f := range rep.Findings {
				sev[f.Severity]++
				byRule[f.Rule+" "+f.Severity.String()]++
			}
			return sev, byRule
		}
		bs, br := count(before)
		as, ar := count(after)
		var newer []string
		for rule, n := range ar {
			if n <= br[rule] {
				continue
			}
			newer = append(newer, rule)
			if ok := afterFixAllowed[rule]; ok.before != "" && hasRule(before, ok.before) {
				continue
			}
			t.Errorf("%s: --fix introduced %s (%d after, %d before)", sh.shape, rule, n, br[rule])
		}
		slices.Sort(newer)
		fmt.Fprintf(&table, "%-36s %-7s %-16s %-5d %-16s %s\n", sh.shape, sh.target,
			fmt.Sprintf("%d/%d/%d", bs[rules.Error], bs[rules.Warning], bs[rules.Info]), fixes,
			fmt.Sprintf("%d/%d/%d", as[rules.Error], as[rules.Warning], as[rules.Info]), strings.Join(newer, ", "))
		if as[rules.Error] > bs[rules.Error] {
			t.Errorf("%s: %d errors after --fix, %d before", sh.shape, as[rules.Error], bs[rules.Error])
		}
		for _, f := range after.Findings {
			if f.Fix != nil {
				t.Errorf("%s: after --fix, still fixable: %s at %s:%d: %s", sh.shape, f.Rule, f.Location.File, f.Location.Line, f.Message)
			}
		}
	}
	t.Log(table.String())
}

// hasRule reports whether rep holds a finding of rule id.
func hasRule(rep *report.Report, id string) bool {
	return slices.ContainsFunc(rep.Findings, func(f report.Finding) bool { return f.Rule == id })
}

// TestFromGuessCountsRemovedSettings checks that a setting a fix
// commented out still counts toward the assumed from version, in each
// form a fix leaves it, and that a plain comment does not.
func TestFromGuessCountsRemovedSettings(t *testing.T) {
	cat := loadCatalog(t)
	tv, err := cat.Resolve(mustVersion(t, "3.6"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, file, text, want string }{
		{"config key", "etcd.conf.yml", "name: m1\n# etcdlint: removed (ES3602): etcd enforces the v2 deprecation stage\n# v2-deprecation: not-yet\n", "3.5.0"},
		{"nested config key", "etcd.conf.yml", "name: m1\nclient-transport-security:\n  cert-file: /etc/etcd/server.pem\n  # etcdlint: removed (ES0000): test\n  # client-cert-file: /etc/etcd/client.pem\n", "3.5.0"},
		{"plain comment", "etcd.conf.yml", "name: m1\n# v2-deprecation: not-yet\n", "3.0.0"},
		{"env file", "etcd.env", "ETCD_NAME=m1\n# etcdlint: removed (ES3602): etcd enforces the v2 deprecation stage\n# ETCD_V2_DEPRECATION=not-yet\n", "3.5.0"},
		{"unit", "etcd.service", "[Service]\n# etcdlint: removed (ES3602): --v2-deprecation=not-yet, which needs etcd 3.5.0 or later\nExecStart=/usr/bin/etcd --name m1\n", "3.5.0"},
		{"unit, bare flag", "etcd.service", "[Service]\n# etcdlint: removed (ES0000): --pre-vote, which needs etcd 3.4.0 or later\nExecStart=/usr/bin/etcd --name m1\n", "3.4.0"},
		{"compose list", "docker-compose.yml", "services:\n  etcd:\n    image: registry.example.com/etcd:stable\n    command:\n      - etcd\n      - --name=m1\n      # etcdlint: removed (ES3602): --v2-deprecation=not-yet, which needs etcd 3.5.0 or later\n", "3.5.0"},
		{"unit, plain comment", "etcd.service", "[Service]\n# --v2-deprecation=not-yet\nExecStart=/usr/bin/etcd --name m1\n", "2.0.0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), c.file)
			if err := os.WriteFile(p, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := configcheck.Run(context.Background(), configcheck.Options{Paths: []string{p}, Target: tv.String(), Catalog: cat})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, f := range res.Report.Facts {
				if f.Name == "assumed_from" {
					got = f.Value
				}
			}
			if got != c.want {
				t.Errorf("assumed_from = %q, want %q", got, c.want)
			}
		})
	}
}
