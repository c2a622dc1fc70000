package configcheck_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/configcheck"
	"github.com/etcdlint/etcdlint/report"
	"github.com/etcdlint/etcdlint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// testdata is the repository's shared test data directory.
const testdata = "../testdata/config"

func loadCatalog(t testing.TB) *rules.Catalog {
	t.Helper()
	cat, err := rules.Load()
	if err != nil {
		t.Fatalf("rules.Load: %v", err)
	}
	return cat
}

// render prints a report the way the golden files hold it.
func render(rep *report.Report, diff string) string {
	var b strings.Builder
	for _, in := range rep.Inputs {
		fmt.Fprintf(&b, "input %s %s\n", in.Kind, filepath.ToSlash(in.Name))
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(&b, "problem %s:%d: %s\n", filepath.ToSlash(p.Input), p.Line, p.Message)
	}
	for _, f := range rep.Findings {
		fix := ""
		if f.Fix != nil {
			fix = " [fix: " + f.Fix.Description + "]"
		}
		note := ""
		if f.Note != "" {
			note = " (note: " + f.Note + ")"
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s %s: %s%s%s\n", filepath.ToSlash(f.Location.File), f.Location.Line, f.Location.Column, f.Rule, f.Severity, f.Message, fix, note)
	}
	for _, f := range rep.Facts {
		fmt.Fprintf(&b, "fact %s %s = %s\n", filepath.ToSlash(f.Subject), f.Name, f.Value)
	}
	if diff != "" {
		b.WriteString("diff:\n" + diff)
	}
	return b.String()
}

// goldenCase is one run of TestGolden.
type goldenCase struct {
	name   string
	paths  []string
	from   string
	target string
	diff   bool
	// afterUpgrade diffs the --fix-after-upgrade forms.
	afterUpgrade bool
}

func TestGolden(t *testing.T) {
	cat := loadCatalog(t)
	cases := []goldenCase{
		{name: "sample-3.0-to-3.7", paths: []string{"samples/etcd-v3.0.17.conf.yml"}, from: "3.0", target: "3.7"},
		{name: "sample-3.1-to-3.2", paths: []string{"samples/etcd-v3.1.20.conf.yml"}, from: "3.1", target: "3.2"},
		{name: "sample-3.2-to-3.3", paths: []string{"samples/etcd-v3.2.13.conf.yml"}, from: "3.2.13", target: "3.3.0"},
		{name: "sample-3.3-to-3.4", paths: []string{"samples/etcd-v3.3.27.conf.yml"}, from: "3.3", target: "3.4", diff: true},
		{name: "sample-3.3-to-3.7", paths: []string{"samples/etcd-v3.3.27.conf.yml"}, from: "3.3", target: "3.7", diff: true},
		{name: "sample-3.6dev-to-3.7", paths: []string{"samples/etcd-v3.6-dev.conf.yml"}, from: "3.6", target: "3.7", diff: true},
		{name: "sample-3.3-unknown-from", paths: []string{"samples/etcd-v3.3.27.conf.yml"}, target: "3.5"},
		{name: "kubeadm-3.5-to-3.6", paths: []string{"kubeadm/etcd.yaml"}, from: "3.5", target: "3.6"},
		{name: "kubeadm-3.5-to-3.7", paths: []string{"kubeadm/etcd.yaml"}, from: "3.5", target: "3.7"},
		{name: "systemd-3.3-to-3.4", paths: []string{"systemd/etcd.service"}, from: "3.3", target: "3.4"},
		{name: "systemd-3.4-to-3.5", paths: []string{"systemd/etcd.service"}, from: "3.4", target: "3.5"},
		{name: "compose-3.4-to-3.5", paths: []string{"compose/docker-compose.yml"}, from: "3.4", target: "3.5"},
		{name: "env-3.5-to-3.7", paths: []string{"env/etcd.env"}, from: "3.5", target: "3.7", diff: true},
		{name: "args-3.4-to-3.6", paths: []string{"args/etcd.args"}, from: "3.4", target: "3.6"},
		{name: "args-new-names-3.5-to-3.7", paths: []string{"args/new-names.args"}, from: "3.5", target: "3.7"},
		{name: "deployment-3.6-to-3.7", paths: []string{"kubernetes/statefulset.yaml"}, from: "3.6", target: "3.7"},
		{name: "config-ref-3.6-to-3.7", paths: []string{"configref/etcd.service"}, from: "3.6", target: "3.7"},
		{name: "sample-unit-3.5-to-3.7", paths: []string{"../sample/etcd.service"}, from: "3.5", target: "3.7", diff: true},
		{name: "suppress-3.5-to-3.6", paths: []string{"suppress/etcd.conf.yml"}, from: "3.5", target: "3.6"},
		{name: "systemd-fix-3.4-to-3.5", paths: []string{"systemd/etcd.service"}, from: "3.4", target: "3.5", diff: true},
		{name: "fix-gates-pod-3.6-to-3.7", paths: []string{"fix/gates-pod.yaml"}, from: "3.6", target: "3.7", diff: true},
		{name: "fix-gates-unit-3.6-to-3.7", paths: []string{"fix/gates.service"}, from: "3.6", target: "3.7", diff: true},
	}
	// The fix fixtures: the rolling-window fix and the one after the
	// upgrade, for every shape.
	for _, f := range []struct{ name, file string }{
		{"pod", "etcd-pod.yaml"}, {"compose", "docker-compose.yml"}, {"unit", "etcd.service"},
		{"args", "etcd.args"}, {"env", "etcd.env"}, {"yaml", "etcd.conf.yml"},
	} {
		cases = append(cases,
			goldenCase{name: "fix-" + f.name + "-3.5-to-3.6", paths: []string{"fix/" + f.file}, from: "3.5.20", target: "3.6.16", diff: true},
			goldenCase{name: "fix-" + f.name + "-after-upgrade", paths: []string{"fix/" + f.file}, from: "3.5.20", target: "3.6.16", diff: true, afterUpgrade: true})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Run from testdata so reported names are stable.
			t.Chdir(testdata)
			target, err := cat.Resolve(rules.MustParseVersion(tc.target))
			if err != nil {
				t.Fatal(err)
			}
			res, err := configcheck.Run(context.Background(), configcheck.Options{
				Paths: tc.paths, From: tc.from, Target: target.String(), Catalog: cat, Diff: tc.diff, FixAfterUpgrade: tc.afterUpgrade,
			})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			got := render(res.Report, res.Diff)
			golden := filepath.Join("golden", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./configcheck -run TestGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("report differs from %s (go test ./configcheck -run TestGolden -update to accept):\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}
